"""The report outline (đề cương báo cáo): its definition file, its fields, its text.

An outline is data, not code: ``templates/de-cuong/<name>.yaml`` holds the headings
(I, II …; 1, 2 …; a, b …), the bullet items and the numeric fields (chỉ tiêu) of a
report, each field with a stable id, a label and a unit. Next year's outline is a copy
and an edit of that file.

Item text carries its fields as slots: ``"Tổng số nhiệm vụ trong kế hoạch: {nv_tong} nhiệm vụ."``.
A slot prints as the field's placeholder ("...") until a report gives it a value.

Pure functions over data; the only file access is `load_outline`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from generator.documents import Rich, letter, roman
from generator.errors import InputError, Problem
from generator.loading import Source, load_file
from generator.rendering import templates_dir
from generator.loading import Path as FieldPath
from generator.schema import field_map_to_cerberus
from generator.validation import check_structure, describe_value

PLACEHOLDER = "..."
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
_ID = re.compile(ID_PATTERN)
SLOT = re.compile(r"\{([^{}]*)\}")
ITEM_KINDS = ("muc", "diem", "gach", "cong", "doan")
FIELD_KINDS = ("so", "ty_le", "van_ban")
PARTS_SUM = ("bang", "khong_vuot")
# `tu_ke_hoach` value → attribute of generator.tracking.TaskCounts
FROM_PLAN = {
    "tong": "total",
    "hoan_thanh": "completed",
    "hoan_thanh_dung_han": "completed_on_time",
    "hoan_thanh_qua_han": "completed_late",
    "dang_thuc_hien": "in_progress",
    "chua_thuc_hien": "not_started",
    "qua_han": "overdue",
}


# --- schema -------------------------------------------------------------------------------

def _text(desc: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "empty": False, "meta": {"mo_ta": desc}, **extra}


_ID_RULE = {"type": "string", "regex": ID_PATTERN,
            "meta": {"mo_ta": "Mã chỉ tiêu", "mau": "chữ thường không dấu, số và '_', bắt đầu bằng chữ (vd 'hs_tiep_nhan')"}}

FIELD_SCHEMA = {
    "type": "dict",
    "schema": {
        "nhan": _text("Tên chỉ tiêu, vd 'Tổng số hồ sơ TTHC tiếp nhận'"),
        "don_vi": _text("Đơn vị tính: nhiệm vụ, văn bản, hồ sơ, %, đơn vị…"),
        "kieu": {"type": "string", "allowed": list(FIELD_KINDS),
                 "meta": {"mo_ta": "so (số đếm, mặc định) | ty_le (phần trăm 0–100) | van_ban (câu chữ)"}},
        "thuoc": {**_ID_RULE, "meta": {**_ID_RULE["meta"], "mo_ta": "Chỉ tiêu tổng chứa chỉ tiêu này (phần không lớn hơn tổng)"}},
        "tong_cac_phan": {"type": "string", "allowed": list(PARTS_SUM),
                          "meta": {"mo_ta": "Tổng các chỉ tiêu 'thuoc' chỉ tiêu này: bang (phải bằng) | khong_vuot (không vượt)"}},
        "ty_le": {
            "type": "dict",
            "meta": {"mo_ta": "Tỷ lệ tính tự động = tu_so / mau_so × 100"},
            "schema": {"tu_so": _ID_RULE, "mau_so": _ID_RULE},
            "required_fields": ["tu_so", "mau_so"],
        },
        "tu_ke_hoach": {"type": "string", "allowed": list(FROM_PLAN),
                        "meta": {"mo_ta": "Đếm từ nhiệm vụ của kế hoạch được liên kết: " + " | ".join(FROM_PLAN)}},
        "cho_trong": {"type": "string",
                      "meta": {"mo_ta": "Chỗ trống in trong phụ lục ban hành (mặc định '...'; '' khi bản gốc không in)"}},
    },
    "required_fields": ["nhan"],
}

OUTLINE_FIELDS: dict[str, Any] = {
    "loai": {"type": "string", "allowed": ["de_cuong"], "meta": {"mo_ta": "Luôn là 'de_cuong'"}},
    "nam": {"type": "integer", "min": 2000, "max": 2100, "meta": {"mo_ta": "Năm của đề cương, vd 2026"}},
    "tieu_de": _text("Tên đề cương, IN HOA, vd 'ĐỀ CƯƠNG BÁO CÁO'"),
    "phu_de": _text("Dòng dưới tên, vd 'Phục vụ kiểm tra công tác cải cách hành chính năm 2026'"),
    "ky_bao_cao": {
        "type": "dict",
        "meta": {"mo_ta": "Kỳ số liệu của báo cáo"},
        "schema": {
            "tu": {"type": "date", "meta": {"mo_ta": "Ngày bắt đầu tính số liệu (YYYY-MM-DD)"}},
            "den": _text("Chữ in khi báo cáo chưa ghi ngày kết thúc, vd 'thời điểm báo cáo'"),
            "dong": _text("Mẫu dòng kỳ số liệu, có {tu} và {den}"),
        },
        "required_fields": ["tu", "dong"],
    },
    "bao_cao": {
        "type": "dict",
        "meta": {"mo_ta": "Thông tin chung của báo cáo lập theo đề cương"},
        "schema": {
            "trich_yeu": {"type": ["string", "list"], "empty": False, "schema": {"type": "string", "empty": False},
                          "meta": {"mo_ta": "Trích yếu dưới chữ BÁO CÁO"}},
            "chu_quan": _text("Cơ quan chủ quản in trên tên một Sở, vd 'UBND THÀNH PHỐ HẢI PHÒNG'"),
            "dia_danh": _text("Địa danh của các Sở, vd 'Hải Phòng'"),
            "noi_nhan": {"type": "list", "schema": {"type": "string", "empty": False},
                         "meta": {"mo_ta": "Nơi nhận của báo cáo"}},
            "luu": _text("Dòng Lưu, vd 'VT'"),
        },
        "required_fields": ["trich_yeu"],
    },
    "chi_tieu": {
        "type": "dict",
        "meta": {"mo_ta": "Các chỉ tiêu số liệu: mã → nhãn, đơn vị, quan hệ"},
        "keysrules": {"type": "string", "regex": ID_PATTERN,
                      "meta": {"mau": "chữ thường không dấu, số và '_', bắt đầu bằng chữ (vd 'hs_tiep_nhan')"}},
        "valuesrules": FIELD_SCHEMA,
    },
    "noi_dung": {
        "type": "list",
        "empty": False,
        "meta": {"mo_ta": "Các mục lớn I, II, III…"},
        "schema": {
            "type": "dict",
            "schema": {
                "tieu_de": _text("Tên mục lớn, IN HOA (số La Mã tự đánh)"),
                "ma": {**_ID_RULE, "meta": {**_ID_RULE["meta"], "mo_ta": "Mã mục (để trả lời trong báo cáo)"}},
                "noi_dung": {"type": "list", "meta": {"mo_ta": "Các ý: muc, diem, gach, cong, doan"}},
            },
            "required_fields": ["tieu_de"],
        },
    },
}
OUTLINE_REQUIRED = ["loai", "nam", "tieu_de", "ky_bao_cao", "bao_cao", "noi_dung"]
CERBERUS_OUTLINE_SCHEMA = field_map_to_cerberus(OUTLINE_FIELDS, OUTLINE_REQUIRED)


# --- model --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    """One chỉ tiêu: a number (or short text) the report fills in."""

    id: str
    label: str
    unit: str
    kind: str                       # so | ty_le | van_ban
    placeholder: str = PLACEHOLDER  # as printed in the issued annex
    part_of: str = ""
    parts_sum: str = ""             # "" | bang | khong_vuot
    ratio: tuple[str, str] | None = None
    from_plan: str = ""
    line: int | None = None

    def describe(self, value: Any) -> str:
        """Return "Số hồ sơ đã giải quyết (1.200 hồ sơ)" for messages."""
        return f"{self.label} ({with_unit(value, self)})"


@dataclass(frozen=True)
class Item:
    """A heading or item of the outline; `id` lets a report answer it in prose."""

    kind: str                       # phan | muc | diem | gach | cong | doan
    text: str
    id: str = ""
    children: tuple[Item, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class ReportSettings:
    """What a report written on this outline carries besides the outline itself."""

    summary: tuple[str, ...]
    supervisor: str = ""
    place: str = ""
    recipients: tuple[str, ...] = ()
    archive: str = "VT"


@dataclass(frozen=True)
class Outline:
    """A whole đề cương definition."""

    source: str
    year: int
    title: str
    subtitle: str
    period_from: dt.date
    period_end: str
    period_line: str
    report: ReportSettings
    fields: dict[str, Field]
    sections: tuple[Item, ...]
    item_ids: dict[str, Item] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """Return the outline's name: its file stem, e.g. "kiem-tra-cchc-2026"."""
        return Path(self.source).stem

    def period(self, end: dt.date | None = None, start: dt.date | None = None) -> str:
        """Return "(Số liệu báo cáo tính từ 15/12/2025 đến …)." with `end` or the default wording."""
        end_text = short_date(end) if end else self.period_end
        start_text = short_date(start or self.period_from)
        return self.period_line.replace("{tu}", start_text).replace("{den}", end_text)


def short_date(d: dt.date) -> str:
    """Return "15/12/2025", "30/6/2026" (no zero padding), as the reference writes."""
    return f"{d.day}/{d.month}/{d.year}"


# --- numbers ------------------------------------------------------------------------------

def format_number(value: Any) -> str:
    """Return a number the Vietnamese way: "1.250", "87,5"; text is returned as is."""
    if isinstance(value, str):
        return value
    d = Decimal(str(value))
    sign = "-" if d < 0 else ""
    text = format(abs(d).normalize(), "f")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + ".".join(groups)
    return f"{out},{frac}" if frac else out


def percentage(part: int | float, whole: int | float) -> Decimal:
    """Return part/whole as a percentage rounded half-up to one decimal."""
    return (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def with_unit(value: Any, f: Field) -> str:
    """Return "1.200 hồ sơ", "87,5%" for messages."""
    text = format_number(value)
    if f.kind == "van_ban" or not f.unit:
        return text
    return text + f.unit if f.unit == "%" else f"{text} {f.unit}"


# --- text ---------------------------------------------------------------------------------

def fill_text(text: str, fields: dict[str, Field], shown: Callable[[Field], str | None],
              placeholder: Callable[[Field], str]) -> str:
    """Return `text` with each slot replaced by its value (`shown`) or its placeholder.

    A value gets what the wording around it lacks: ": " when the slot is glued to the
    word before it ("tiếp nhận{x}." → "tiếp nhận: 1.250 hồ sơ."), and the unit when the
    text after the slot does not already carry it.
    """
    out: list[str] = []
    pos = 0
    for m in SLOT.finditer(text):
        out.append(text[pos:m.start()])
        f = fields[m.group(1)]
        value = shown(f)
        if value is None:
            out.append(placeholder(f))
        else:
            out.append(_in_context(value, f, text[:m.start()], text[m.end():]))
        pos = m.end()
    out.append(text[pos:])
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def _in_context(value: str, f: Field, before: str, after: str) -> str:
    if f.kind != "van_ban" and f.unit and not after.lstrip().startswith(f.unit):
        value = value + f.unit if f.unit == "%" else f"{value} {f.unit}"
    if before and not before[-1].isspace():
        value = (" " if before[-1] == ":" else ": ") + value
    return value


def slots(text: str) -> list[str]:
    """Return the field ids named in `text`, in order."""
    return SLOT.findall(text)


Paragraphs = list[tuple[str, Rich]]


def outline_body(outline: Outline, *, shown: Callable[[Field], str | None] = lambda f: None,
                 placeholder: Callable[[Field], str] = lambda f: PLACEHOLDER,
                 answers: dict[str, tuple[str, ...]] | None = None) -> Paragraphs:
    """Return the outline as numbered (kind, text) paragraphs.

    kind is "section" (I. …), "heading" (1. …) or "body". `shown` gives a field's value
    as printed (None: not given), `placeholder` what a field without value prints, and
    `answers` the prose a report writes under an item, by item id.
    """
    out: Paragraphs = []
    answers = answers or {}

    def text_of(item: Item) -> str:
        return fill_text(item.text, outline.fields, shown, placeholder)

    def add_answers(item: Item) -> None:
        for paragraph in answers.get(item.id, ()):
            out.append(("body", Rich.of(paragraph)))

    def walk(items: tuple[Item, ...], prefix: str) -> None:
        counter = 0
        points = 0
        for item in items:
            text = text_of(item)
            if item.kind == "muc":
                counter += 1
                number = f"{prefix}{counter}."
                out.append(("heading", Rich.of(f"{number} {text}")))
                add_answers(item)
                walk(item.children, number)
                continue
            if item.kind == "diem":
                out.append(("body", Rich.of(f"{letter(points, 'viet')}) {text}")))
                points += 1
            elif item.kind == "gach":
                out.append(("body", Rich.of(f"- {text}")))
            elif item.kind == "cong":
                out.append(("body", Rich.of(f"+ {text}")))
            else:
                out.append(("body", Rich.of(text)))
            add_answers(item)
            walk(item.children, prefix)

    for number, section in enumerate(outline.sections, start=1):
        out.append(("section", Rich.of(f"{roman(number)}. {text_of(section)}")))
        add_answers(section)
        walk(section.children, "")
    return out


def issued_body(outline: Outline) -> Paragraphs:
    """Return the outline as the inspection plan prints it (Phụ lục I), period line last."""
    body = outline_body(outline, placeholder=lambda f: f.placeholder)
    body.append(("body", Rich.of(outline.period())))
    return body


def find_file(candidates: list[Path]) -> str | None:
    """Return the first of `candidates` that is a file (relative to the current folder when possible)."""
    for candidate in candidates:
        if candidate.is_file():
            if not candidate.is_absolute():
                return str(candidate)
            try:
                rel = os.path.relpath(candidate)
            except ValueError:  # another drive (Windows)
                return str(candidate)
            return str(candidate) if rel.startswith("..") else rel
    return None


def outlines_folder() -> Path:
    """Return the folder of the bundled outline definitions (templates/de-cuong/)."""
    return templates_dir() / "de-cuong"


def known_outlines() -> list[str]:
    """Return the names of the outlines in templates/de-cuong/, oldest first."""
    return sorted(p.stem for p in outlines_folder().glob("*.yaml"))


def locate_outline(ref: str, base: Path | None = None) -> str | None:
    """Return the path of the outline `ref`, or None when there is none.

    A bare name ("kiem-tra-cchc-2026") is looked up in templates/de-cuong/; a path is taken
    relative to `base` (the folder of the file naming it), then to the current folder.
    """
    if "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml")):
        return find_file([outlines_folder() / f"{ref}.yaml"])
    path = Path(ref)
    if path.is_absolute():
        return find_file([path])
    return find_file(([base / path] if base else []) + [Path.cwd() / path])


def missing_outline_message(ref: str) -> str:
    """Return the message for an outline that cannot be found, listing the bundled ones."""
    known = known_outlines()
    listing = f" Các đề cương có sẵn: {', '.join(known)}." if known else ""
    return f"Không tìm thấy đề cương '{ref}'.{listing}"


def resolve_outline(ref: str, source: Source, field: tuple[Any, ...]) -> str:
    """Return the path of the outline named `ref` in `source`; raise InputError when there is none."""
    found = locate_outline(ref, Path(source.path).parent)
    if found is None:
        raise InputError([source.problem(field, missing_outline_message(ref))])
    return found


# --- loading ------------------------------------------------------------------------------

def load_outline(path: str | Path) -> Outline:
    """Return the outline defined in the YAML file at `path`; raise InputError listing every problem."""
    return outline_from_source(load_file(str(path)))


def outline_from_source(source: Source) -> Outline:
    """Return the outline held by `source`; raise InputError listing every problem."""
    problems = check_structure(source, CERBERUS_OUTLINE_SCHEMA, what="đề cương")
    if problems:
        raise InputError(problems)
    builder = _OutlineBuilder(source)
    outline = builder.build()
    if builder.problems:
        raise InputError(builder.problems)
    return outline


def is_outline(data: Any) -> bool:
    """Return True when loaded YAML `data` is an outline definition."""
    return isinstance(data, dict) and data.get("loai") == "de_cuong"


def closest(name: str, known: list[str]) -> str:
    """Return " Có phải ý bạn là 'x'?" for the known name closest to `name`, or ""."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    return f" Có phải ý bạn là '{close[0]}'?" if close else ""


class _OutlineBuilder:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.data: dict[str, Any] = source.data
        self.problems: list[Problem] = []
        self.items: dict[str, Item] = {}
        self.item_paths: dict[str, FieldPath] = {}
        self.used: dict[str, FieldPath] = {}

    def error(self, path: FieldPath, message: str) -> None:
        self.problems.append(self.source.problem(path, message))

    def build(self) -> Outline:
        fields = self._fields(self.data.get("chi_tieu", {}))
        self.fields = fields
        sections = tuple(self._section(s, ("noi_dung", i)) for i, s in enumerate(self.data["noi_dung"]))
        for fid, f in fields.items():
            if fid not in self.used:
                self.error(("chi_tieu", fid), f"Chỉ tiêu '{fid}' được khai báo nhưng không có chỗ điền "
                                              f"{{{fid}}} trong nội dung đề cương.")
        period = self.data["ky_bao_cao"]
        for mark in ("{tu}", "{den}"):
            if mark not in period["dong"]:
                self.error(("ky_bao_cao", "dong"), f"Mẫu dòng kỳ số liệu thiếu {mark}, vd "
                                                   "'(Số liệu báo cáo tính từ {tu} đến {den}).'")
        settings = self.data["bao_cao"]
        summary = settings["trich_yeu"]
        report = ReportSettings(
            summary=tuple(summary) if isinstance(summary, list) else (summary,),
            supervisor=settings.get("chu_quan", ""),
            place=settings.get("dia_danh", ""),
            recipients=tuple(r.rstrip(";.").strip() for r in settings.get("noi_nhan", ())),
            archive=settings.get("luu", "VT").rstrip(".").strip(),
        )
        from_date = period["tu"]
        if isinstance(from_date, dt.datetime):
            from_date = from_date.date()
        return Outline(self.source.path, self.data["nam"], self.data["tieu_de"], self.data.get("phu_de", ""),
                       from_date, period.get("den", "thời điểm báo cáo"), period["dong"], report, fields,
                       sections, dict(self.items))

    # -- fields --------------------------------------------------------------------------
    def _fields(self, data: dict[str, Any]) -> dict[str, Field]:
        fields: dict[str, Field] = {}
        for fid, spec in data.items():
            path = ("chi_tieu", fid)
            unit = spec.get("don_vi", "")
            kind = spec.get("kieu") or ("ty_le" if unit == "%" else "so")
            if kind == "ty_le" and unit not in ("", "%"):
                self.error(path + ("don_vi",), f"Chỉ tiêu tỷ lệ có đơn vị '%', không phải '{unit}'.")
            if kind == "ty_le":
                unit = "%"
            if kind == "so" and not unit:
                self.error(path, f"Chỉ tiêu số '{fid}' cần 'don_vi' (vd nhiệm vụ, văn bản, hồ sơ, đơn vị).")
            ratio = spec.get("ty_le")
            if ratio is not None and kind != "ty_le":
                self.error(path + ("ty_le",), "Chỉ tiêu có công thức tỷ lệ phải có đơn vị '%' (kieu: ty_le).")
            if spec.get("tu_ke_hoach") and kind != "so":
                self.error(path + ("tu_ke_hoach",), "Chỉ tiêu đếm từ kế hoạch phải là số đếm (kieu: so).")
            fields[fid] = Field(
                id=fid, label=spec["nhan"], unit=unit, kind=kind,
                placeholder=spec.get("cho_trong", PLACEHOLDER),
                part_of=spec.get("thuoc", ""), parts_sum=spec.get("tong_cac_phan", ""),
                ratio=(ratio["tu_so"], ratio["mau_so"]) if ratio else None,
                from_plan=spec.get("tu_ke_hoach", ""), line=self.source.line_of(path),
            )
        for fid, f in fields.items():
            path = ("chi_tieu", fid)
            refs = [("thuoc", f.part_of)] if f.part_of else []
            if f.ratio:
                refs += [("ty_le", f.ratio[0]), ("ty_le", f.ratio[1])]
            for key, ref in refs:
                target = fields.get(ref)
                if target is None:
                    self.error(path + (key,), f"Không có chỉ tiêu '{ref}'.{closest(ref, list(fields))}")
                elif target.kind == "van_ban" or (key == "ty_le" and target.kind != "so"):
                    self.error(path + (key,), f"'{ref}' không phải chỉ tiêu số đếm nên không dùng được ở '{key}'.")
                elif key == "thuoc" and target.kind != f.kind:
                    self.error(path + (key,), f"'{fid}' và '{ref}' phải cùng kiểu số liệu để so sánh.")
            if f.parts_sum and not any(g.part_of == fid for g in fields.values()):
                self.error(path + ("tong_cac_phan",), f"Không có chỉ tiêu nào 'thuoc: {fid}' để cộng.")
        for fid in fields:
            seen = [fid]
            current = fields[fid].part_of
            while current in fields:
                if current in seen:
                    self.error(("chi_tieu", fid, "thuoc"), "Quan hệ 'thuoc' vòng tròn: " + " → ".join(seen + [current]) + ".")
                    break
                seen.append(current)
                current = fields[current].part_of
        return fields

    # -- items ---------------------------------------------------------------------------
    def _text(self, text: str, path: FieldPath) -> None:
        for fid in slots(text):
            if not _ID.match(fid):
                self.error(path, f"Chỗ điền '{{{fid}}}' không hợp lệ: ghi mã chỉ tiêu trong ngoặc nhọn, vd {{hs_tiep_nhan}}.")
            elif fid not in self.fields:
                self.error(path, f"Chỗ điền {{{fid}}}: không có chỉ tiêu '{fid}' trong chi_tieu."
                                 f"{closest(fid, list(self.fields))}")
            elif fid in self.used:
                self.error(path, f"Chỉ tiêu '{fid}' đã có chỗ điền ở dòng {self.source.line_of(self.used[fid])}: "
                                 "mỗi chỉ tiêu chỉ điền một chỗ.")
            else:
                self.used[fid] = path
        if "{" in SLOT.sub("", text) or "}" in SLOT.sub("", text):
            self.error(path, "Dấu ngoặc nhọn { } chỉ dùng cho chỗ điền chỉ tiêu, vd {hs_tiep_nhan}: thiếu dấu đóng hoặc mở.")

    def _id(self, value: Any, path: FieldPath, item: Item) -> None:
        if not value:
            return
        if value in self.fields:
            self.error(path, f"Mã '{value}' trùng mã một chỉ tiêu: mã ý và mã chỉ tiêu phải khác nhau.")
        elif value in self.items:
            self.error(path, f"Mã '{value}' đã dùng ở dòng {self.source.line_of(self.item_paths[value])}.")
        else:
            self.items[value] = item
            self.item_paths[value] = path

    def _section(self, data: dict[str, Any], path: FieldPath) -> Item:
        self._text(data["tieu_de"], path + ("tieu_de",))
        children = self._items(data.get("noi_dung", []), path + ("noi_dung",))
        item = Item("phan", data["tieu_de"], data.get("ma", ""), children, self.source.line_of(path))
        self._id(item.id, path + ("ma",), item)
        return item

    def _items(self, value: Any, path: FieldPath) -> tuple[Item, ...]:
        if not isinstance(value, list):
            self.error(path, f"Cần danh sách các ý, nhưng đang là {describe_value(value)}.")
            return ()
        return tuple(item for i, raw in enumerate(value) if (item := self._item(raw, path + (i,))) is not None)

    def _item(self, raw: Any, path: FieldPath) -> Item | None:
        if not isinstance(raw, dict):
            self.error(path, "Mỗi ý là một bảng có đúng một trong các trường muc, diem, gach, cong, doan "
                             f"(vd '- gach: \"Nội dung\"'), nhưng đang là {describe_value(raw)}.")
            return None
        kinds = [k for k in ITEM_KINDS if k in raw]
        if len(kinds) != 1:
            self.error(path, "Mỗi ý cần đúng một trong các trường: muc (1.), diem (a)), gach (-), cong (+), doan.")
            return None
        kind = kinds[0]
        for extra in set(raw) - {kind, "ma", "noi_dung"}:
            self.error(path + (extra,), f"Trường '{extra}' không dùng trong một ý.{closest(extra, [kind, 'ma', 'noi_dung'])}")
        text = raw[kind]
        if not isinstance(text, str) or not text:
            self.error(path + (kind,), f"Cần nội dung ý (chuỗi), nhưng đang là {describe_value(text)}.")
            return None
        ident = raw.get("ma", "")
        if ident and (not isinstance(ident, str) or not _ID.match(ident)):
            self.error(path + ("ma",), f"Mã '{ident}' không đúng dạng: chữ thường không dấu, số và '_' (vd 'tuyen_truyen').")
            ident = ""
        self._text(text, path + (kind,))
        children = self._items(raw.get("noi_dung", []), path + ("noi_dung",))
        item = Item(kind, text, ident, children, self.source.line_of(path))
        self._id(ident, path + ("ma",), item)
        return item
