"""Reporting units: a ward or commune People's Committee, or a city department, from its name."""

from __future__ import annotations

import re
import unicodedata

from generator.kinds.outline.model import ReportSettings
from generator.kinds.report.model import Unit
from generator.source.fields import Signer
from generator.source.text import clean_text

LOCAL_KINDS = ("phường", "xã", "đặc khu", "thị trấn")
# first words of a department's name → title of its head
DEPARTMENT_HEADS = (
    ("sở", "GIÁM ĐỐC"),
    ("ban", "TRƯỞNG BAN"),
    ("thanh tra", "CHÁNH THANH TRA"),
    ("văn phòng", "CHÁNH VĂN PHÒNG"),
    ("công an", "GIÁM ĐỐC"),
)


class UnknownUnit(ValueError):
    """Raised when a unit name says neither a local government nor a department."""


def _capitalised(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in words.split())


def _initials(words: str) -> str:
    letters = [w[0] for w in re.split(r"[\s,]+", words) if w and w.casefold() != "và"]
    plain = "".join(c for c in unicodedata.normalize("NFD", "".join(letters)) if not unicodedata.combining(c))
    return plain.upper()


def unit_named(name: str, settings: ReportSettings) -> Unit:
    """Return the unit called `name` ("Phường Lê Chân", "Sở Xây dựng"); raise UnknownUnit.

    A phường, xã or đặc khu reports as its Ủy ban nhân dân (signed "TM. ỦY BAN NHÂN DÂN /
    CHỦ TỊCH"); a Sở, ban or ngành under its supervising body (`settings.supervisor`).
    """
    name = clean_text(name)
    folded = name.casefold()
    for kind in LOCAL_KINDS:
        if folded.startswith(kind + " ") and len(name) > len(kind) + 1:
            place = _capitalised(name[len(kind) + 1:])
            full = f"{kind.capitalize()} {place}"
            return Unit(full, ("ỦY BAN NHÂN DÂN", full.upper()), "", place, "UBND",
                        Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ""))
    for head, title in DEPARTMENT_HEADS:
        if folded.startswith(head + " "):
            full = name[:1].upper() + name[1:]
            return Unit(full, (full.upper(),), settings.supervisor, settings.place or "", _initials(full),
                        Signer("", title, ""))
    raise UnknownUnit(f"Không rõ '{name}' là đơn vị nào: ghi đầy đủ loại đơn vị, vd 'Phường Lê Chân', "
                      "'Xã Việt Khê', 'Sở Xây dựng'.")
