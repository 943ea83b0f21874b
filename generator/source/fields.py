"""Fields that files of several kinds share: document number and date, signer, Nơi nhận.

Declared once (rules for `generator.source.declarations`) and read once (`FieldReader`,
the base of every kind's reader, which collects located problems instead of stopping at
the first).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from generator.errors import InputError, Problem
from generator.source.declarations import LINE_MAX, line, line_list
from generator.source.text import shorten

if TYPE_CHECKING:
    from generator.source.yaml_source import FieldPath, Source

# --- declarations -------------------------------------------------------------------------

DOC_DATE = {
    "type": ["date", "string", "integer"],
    "nullable": True,
    "meta": {"mo_ta": "Ngày ban hành: YYYY-MM-DD; YYYY-MM hoặc YYYY khi chưa biết ngày (in để trống)", "kieu": "ngay_van_ban"},
}

DOC_NUMBER = {
    "type": ["string", "integer"],
    "nullable": True,
    "meta": {"mo_ta": "Số văn bản; để trống khi chưa cấp số (in 'Số:      /QĐ-UBND')", "kieu": "so_van_ban"},
}

SIGNER = {
    "type": "dict",
    "meta": {"mo_ta": "Người ký: quyền hạn, chức vụ, họ tên"},
    "schema": {
        "quyen_han": {
            "type": "string",
            "regex": r"^$|^(TM|KT|Q|TL|TUQ)\. .+",
            "maxlength": LINE_MAX,
            "meta": {"mo_ta": "Quyền hạn ký: 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', … (để trống khi ký trực tiếp)",
                     "mau": "TM./KT./Q./TL./TUQ. rồi tên tập thể hoặc chức vụ, vd 'TM. ỦY BAN NHÂN DÂN'"},
        },
        "chuc_vu": line("Chức vụ người ký, IN HOA: 'CHỦ TỊCH', 'PHÓ CHỦ TỊCH'"),
        "ho_ten": line("Họ và tên người ký"),
    },
    "required_fields": ["chuc_vu", "ho_ten"],
}

SIGNED_DOC = {
    "so": DOC_NUMBER,
    "ngay": DOC_DATE,
    "noi_nhan": line_list("Nơi nhận, mỗi mục một dòng, không cần '- ' và ';' (trừ dòng Lưu)"),
    "luu": line("Dòng lưu cuối Nơi nhận, vd 'VT' hoặc 'VT, VHXH'"),
    "nguoi_ky": SIGNER,
}

T = TypeVar("T")

YEAR = {"type": "integer", "min": 2000, "max": 2100}


# --- values -------------------------------------------------------------------------------

@dataclass(frozen=True)
class DocDate:
    """The issue date of a document; parts not yet known print as blanks."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def as_date(self) -> dt.date | None:
        """Return the full date, or None while a part is unknown."""
        if self.year and self.month and self.day:
            return dt.date(self.year, self.month, self.day)
        return None


@dataclass(frozen=True)
class Signer:
    """Who signs: quyền hạn (TM., KT. …), chức vụ and họ tên."""

    authority: str
    title: str
    name: str


def strip_end(value: str, marks: str = ";.,") -> str:
    """Return `value` without trailing punctuation among `marks`."""
    return value.rstrip(marks).rstrip()


def lines(value: str | list[str]) -> tuple[str, ...]:
    """Return a text written as one string or as a list of lines, as lines."""
    return tuple(value) if isinstance(value, list) else (value,)


def recipients(items: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Return Nơi nhận entries without the "- " and ";" a user may have typed."""
    return tuple(strip_end(re.sub(r"^[-–+]\s*", "", item)) for item in items)


# --- reading ------------------------------------------------------------------------------

class FieldReader:
    """Base of every kind's reader: the shared fields, and problems collected with their place."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.data: dict[str, Any] = source.data
        self.problems: list[Problem] = []

    def error(self, path: FieldPath, message: str) -> None:
        """Record an error at `path`."""
        self.problems.append(self.source.problem(path, message))

    def warn(self, path: FieldPath, message: str) -> None:
        """Record a warning at `path`."""
        self.problems.append(self.source.problem(path, message, warning=True))

    @property
    def failed(self) -> bool:
        """Return True when an error (not only warnings) was recorded."""
        return any(not p.warning for p in self.problems)

    def result(self, model: T) -> T:
        """Return `model` when no error was recorded; raise InputError listing every problem otherwise."""
        if self.failed:
            raise InputError(self.problems)
        return model

    def doc_date(self, value: Any, path: FieldPath) -> DocDate:
        """Return the document date written at `path` (YYYY-MM-DD, YYYY-MM or YYYY)."""
        if value in (None, ""):
            return DocDate()
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return DocDate(value.year, value.month, value.day)
        written = str(value)
        try:
            full = dt.date.fromisoformat(written)
        except ValueError:
            full = None
        if full is not None:
            return DocDate(full.year, full.month, full.day)
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", written)
        if not m:
            self.error(path, f"Ngày '{shorten(written)}' không đúng dạng: dùng YYYY-MM-DD, YYYY-MM hoặc YYYY.")
            return DocDate()
        year, month = int(m.group(1)), int(m.group(2)) if m.group(2) else None
        if month is not None and not 1 <= month <= 12:
            self.error(path, f"Tháng {month} không có thật.")
            month = None
        return DocDate(year, month)

    def doc_number(self, value: Any, path: FieldPath) -> str:
        """Return the document number written at `path`, zero-padded to two digits; "" when blank."""
        if value in (None, ""):
            return ""
        written = str(value).strip()
        if not re.fullmatch(r"[0-9]{1,12}", written) or int(written) == 0:  # isdigit() accepts "¹", int() does not
            self.error(path, f"Số văn bản '{written[:40]}' không hợp lệ: chỉ ghi chữ số (vd 5256), hoặc để trống.")
            return ""
        return f"{int(written):02d}"

    @staticmethod
    def signer(data: dict[str, Any] | None) -> Signer | None:
        """Return the signer declared by a (validated) ``nguoi_ky`` mapping."""
        if data is None:
            return None
        return Signer(data.get("quyen_han", ""), data["chuc_vu"], data["ho_ten"])
