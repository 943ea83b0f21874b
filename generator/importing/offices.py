"""Build the office registry (co_quan) from the office names an imported plan uses.

Every chủ trì and phối hợp field is split into the offices it names ("Sở Tư pháp, Văn
phòng Ủy ban nhân dân thành phố và các cơ quan, đơn vị liên quan" names two offices and
a group). Spelling variants of one office merge into one entry:

- what `generator.domain.agencies.match_key` already ignores (case, hoá/hóa, spaces around
  "-"): such variants need no listing, the plan reader matches them;
- "&" / "và", "Ủy ban nhân dân" / "UBND", "Hội đồng nhân dân" / "HĐND", commas, and a
  trailing "phường" / "thành phố": listed in ``ten_khac`` so they resolve.

The canonical name is the spelling used most. Keys are readable: the initials of the
name as offices write them (Phòng Văn hóa - Xã hội → vhxh, Sở Nội vụ → snv, Trung tâm
Phục vụ hành chính công → ttpvhcc, Văn phòng … → vp), or a short slug for groups
("Các sở, ban, ngành" → cac_so_ban_nganh).

A task field that is exactly an office's canonical name becomes its key; any other
wording is kept as written (so the document prints the same), its offices being found
by the plan reader through the names and variants registered here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator.domain.agencies import Agency, Registry, match_key
from generator.importing.recognize import Recognized, strip_end
from generator.importing.report import INFO

OFFICE_WORDS = (
    "Văn phòng", "Phòng", "Sở", "Trung tâm", "Ban", "UBND", "Ủy ban", "Uỷ ban", "HĐND", "Hội đồng", "Công an",
    "Thanh tra", "Tòa án", "Toà án", "Viện", "Hội", "Báo", "Đài", "Chi cục", "Cục", "Bộ", "Kho bạc", "Bảo hiểm",
    "Liên đoàn", "Đoàn", "Mặt trận", "Ủy ban Mặt trận", "Trường", "Trạm", "Đội", "Hạt", "Bệnh viện",
    "Chi nhánh", "Thành ủy", "Thành uỷ", "Đảng ủy", "Đảng uỷ", "Quận ủy", "Huyện ủy", "Tỉnh ủy", "Cổng",
    "Bộ Chỉ huy", "Ban Chỉ huy", "Văn phòng Đăng ký", "Tổ", "Nhà",
)
_OFFICE_START = re.compile(r"^(?:" + "|".join(re.escape(w) for w in sorted(OFFICE_WORDS, key=len, reverse=True))
                           + r")(?=\s|$)")
_GROUP = re.compile(r"^(?:Các|Những)\s+(?:(?:sở|ban|ngành|cơ quan|đơn vị|phòng|địa phương|tổ chức|xã|phường|"
                    r"hội|đoàn thể|trường|trạm|cơ sở)(?:\s*,\s*|\s+và\s+|\s+(?=sở|ban|ngành|cơ quan|đơn vị|phòng|"
                    r"địa phương|tổ chức|xã|phường|hội|đoàn thể))?)+", re.IGNORECASE)
_SPLIT = re.compile(r"\s*;\s*|\s*,\s*(?=(?:" + "|".join(re.escape(w) for w in OFFICE_WORDS if w[0].isupper())
                    + r"|các|Các)\s)|(?<!HĐND)(?<!nhân dân)\s+và\s+(?=(?:" + "|".join(
                        re.escape(w) for w in OFFICE_WORDS if w not in ("UBND", "Ủy ban", "Uỷ ban")) + r"|các|Các)\s)")
_LOCALITY = re.compile(r"\s+(?:phường|xã|thành phố|tỉnh|quận|huyện|thị xã|đặc khu)(?:\s+[A-ZĐ][^\s,;]*)*$")
_SMALL = {"và", "của", "các", "với", "cho", "thuộc", "trên", "tại", "có", "liên", "quan", "-", "&", "về"}


def office_norm(name: str) -> str:
    """Return the comparison form of an office name (variants of one office compare equal)."""
    text = unicodedata.normalize("NFC", _strip_markup(name)).casefold()
    text = re.sub(r"[uủ]ỷ? ban nhân dân|uỷ ban nhân dân|ủy ban nhân dân", "ubnd", text)
    text = text.replace("hội đồng nhân dân", "hđnd")
    text = re.sub(r"\s*&\s*", " và ", text).replace(",", " ")
    text = re.sub(r"\s+(?:phường|xã|thành phố|tỉnh|quận|huyện|thị xã|đặc khu)\s*\.?$", "", text)
    return match_key(text)


def pieces(wording: str) -> list[str]:
    """Return the parts of an office field: each office or group it names, in order."""
    text = _strip_markup(wording).strip().rstrip(".;")
    return [p.strip(" .;,") for p in _SPLIT.split(text) if p and p.strip(" .;,")]


def office_name(piece: str) -> str:
    """Return the office a piece names ("" when it names none): itself, or a group's core."""
    piece = piece.strip()
    m = _GROUP.match(piece)
    if m:
        core = m.group().strip(" ,")
        core = re.sub(r"\s+và$", "", core)
        return core[0].upper() + core[1:] if core.split()[0].islower() else core
    if _OFFICE_START.match(piece) and len(piece) <= 90:
        return piece
    return ""


@dataclass
class _Entry:
    names: Counter = field(default_factory=Counter)
    first: int = 0

    @property
    def name(self) -> str:
        return max(self.names, key=lambda n: (self.names[n], -list(self.names).index(n)))


def _strip_markup(text: str) -> str:
    return re.sub(r"\*{1,3}", "", text)


def _ascii(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def make_key(name: str) -> str:
    """Return a readable registry key for an office name."""
    words = re.findall(r"[^\W_]+", _strip_markup(name))
    if not words:
        return "co_quan"
    if words[0].casefold() in ("các", "những") or name.startswith(("UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân")):
        if words[0].casefold() in ("các", "những"):
            words = words[1:] or words
        return "_".join(_ascii(w).lower() for w in words[:4])
    if [w.casefold() for w in words[:2]] == ["văn", "phòng"]:
        rest = words[2:]
        if not rest or rest[0].casefold() in ("hđnd", "ubnd", "ủy", "uỷ", "hội", "sở", "chính"):
            return "vp"
        words = ["v", "p", *rest]
    if words[0].casefold() == "phòng":
        words = words[1:]
    letters = [_ascii(_initial(w)).lower() for w in words if w.casefold() not in _SMALL]
    key = "".join(letters)[:10]
    if not key or not key[0].isalpha():
        key = "cq" + key
    return key


def short_name(name: str) -> str:
    """Return the initials an office is known by (VHXH, KTHTĐT), or "" for groups."""
    words = re.findall(r"[^\W_]+", _strip_markup(name))
    if not words or words[0].casefold() in ("các", "những"):
        return ""
    if name.startswith(("UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân")):
        return ""
    if [w.casefold() for w in words[:2]] == ["văn", "phòng"]:
        rest = words[2:]
        if not rest or rest[0].casefold() in ("hđnd", "ubnd", "ủy", "uỷ", "hội", "sở", "chính"):
            return "VP"
        words = ["V", "P", *rest]
    if words[0].casefold() == "phòng":
        words = words[1:]
    return "".join(_initial(w).upper() for w in words if w.casefold() not in _SMALL)


def _initial(word: str) -> str:
    """Return what a word gives to initials: an acronym whole (VCCI), else its first letter without tone."""
    if len(word) >= 2 and word.isupper() and word.isalpha():
        return word
    first = word[0]
    if first in "Đđ":
        return first
    return "".join(c for c in unicodedata.normalize("NFD", first) if not unicodedata.combining(c)) or first


def build(rec: Recognized) -> dict[str, dict[str, Any]]:
    """Replace office wording in `rec`'s tasks by keys where exact; return the registry."""
    entries: dict[str, _Entry] = {}
    order = 0

    def meet(name: str) -> None:
        nonlocal order
        norm = office_norm(name)
        if not norm:
            return
        entry = entries.get(norm)
        if entry is None:
            entry = entries[norm] = _Entry(first=order)
            order += 1
        entry.names[name] += 1

    fields: list[tuple[dict[str, Any], str]] = []
    for group in rec.groups:
        for task in group["nhiem_vu"]:
            for holder in [task, *task.get("phan_viec", [])]:
                for name in ("chu_tri", "phoi_hop"):
                    if isinstance(holder.get(name), str):
                        fields.append((holder, name))
    for holder, name in fields:
        for n, piece in enumerate(pieces(holder[name])):
            office = office_name(piece)
            group = office.casefold().startswith(("các", "những"))
            if office and (not group or (name == "chu_tri" and n == 0)):
                meet(office)
    # a lead naming no office at all is registered whole
    registry = _registry(entries, {})
    for holder, name in fields:
        if name == "chu_tri" and not registry.find_in(holder[name]):
            meet(strip_end(_strip_markup(holder[name])))
            registry = _registry(entries, {})
    keys: dict[str, str] = {}
    used: set[str] = set()
    for norm, entry in sorted(entries.items(), key=lambda kv: kv[1].first):
        key = make_key(entry.name)
        base, n = key, 2
        while key in used:
            key = f"{base}{n}"
            n += 1
        used.add(key)
        keys[norm] = key
    out: dict[str, dict[str, Any]] = {}
    for norm, entry in sorted(entries.items(), key=lambda kv: kv[1].first):
        canonical = entry.name
        spec: dict[str, Any] = {"ten": canonical}
        short = short_name(canonical)
        if short and len(short) >= 2:
            spec["ten_ngan"] = short
        variants = sorted({n for n in entry.names if match_key(n) != match_key(canonical)},
                          key=lambda n: -entry.names[n])
        if variants:
            spec["ten_khac"] = variants
        out[keys[norm]] = spec
    by_name = {spec["ten"]: key for key, spec in out.items()}
    for holder, name in fields:
        value = strip_end(_strip_markup(holder[name]), ".") if name == "chu_tri" and rec.plan.get(
            "trinh_bay_nhiem_vu") == "muc" else holder[name]
        if value in by_name:
            holder[name] = by_name[value]
    if out:
        rec.report.add(INFO, "", f"Danh mục cơ quan: {len(out)} cơ quan, tên khác nhau của một cơ quan được gộp "
                                 f"({sum(len(s.get('ten_khac', [])) for s in out.values())} cách viết khác ghi ở ten_khac).")
    return out


def _registry(entries: dict[str, _Entry], keys: dict[str, str]) -> Registry:
    agencies = []
    for n, (norm, entry) in enumerate(entries.items()):
        names = list(entry.names)
        agencies.append(Agency(keys.get(norm, f"k{n}"), entry.name, "", tuple(x for x in names if x != entry.name)))
    return Registry(agencies)
