"""Báo cáo phục vụ kiểm tra: a unit's report written on an outline, blank or filled in.

A report data file (``reports/*.yaml``) names the unit, the outline it follows, the
period of its figures, the values of the outline's fields by id (``so_lieu``) and prose
answers under the outline's items by id (``tra_loi``). Figures are computed, not retyped:
percentages from their parts, and, when the report links the unit's plan (``ke_hoach``),
the task figures from the plan's tasks through `generator.tracking.task_counts` — the
same counts the progress reports use. A typed value that contradicts a computed one, a
part larger than its whole, a percentage outside 0–100 and groups not adding up to their
total are errors.

Pure functions over data except `load_report` (reads the report, its outline and plan).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from generator import dates, documents
from generator.errors import InputError, Problem
from generator.loading import Path as FieldPath
from generator.loading import Source, clean_text, load_file
from generator.model import DocDate, Issuer, Plan, Signer
from generator.outline import (
    FROM_PLAN,
    PLACEHOLDER,
    Field,
    Outline,
    ReportSettings,
    closest,
    find_file,
    format_number,
    is_outline,
    outline_body,
    outline_from_source,
    percentage,
    resolve_outline,
    with_unit,
)
from generator.plans import PlanReader, plan_from_source
from generator.schema import DOC_DATE, DOC_NUMBER, SIGNER, field_map_to_cerberus
from generator.tracking import task_counts
from generator.validation import check_structure, describe_value

FILE_NAME = "bao-cao-kiem-tra.docx"
_TEXT = {"type": "string", "empty": False}

REPORT_FIELDS: dict[str, Any] = {
    "loai": {"type": "string", "allowed": ["bao_cao"], "meta": {"mo_ta": "Loại tệp: 'bao_cao' (có thể bỏ)"}},
    "don_vi": {
        "type": ["string", "dict"],
        "empty": False,
        "meta": {"mo_ta": "Đơn vị báo cáo: tên (vd 'Phường Nam Đồ Sơn', 'Sở Xây dựng') hoặc bảng chi tiết"},
        "schema": {
            "ten": {**_TEXT, "meta": {"mo_ta": "Tên đơn vị, vd 'Phường Nam Đồ Sơn'"}},
            "dong_ten": {"type": "list", "schema": _TEXT, "meta": {"mo_ta": "Các dòng tên in ở góc trái"}},
            "chu_quan": {"type": "string", "meta": {"mo_ta": "Cơ quan chủ quản (dòng trên tên)"}},
            "dia_danh": {**_TEXT, "meta": {"mo_ta": "Địa danh ghi trước ngày tháng"}},
            "viet_tat": {**_TEXT, "regex": r"^[A-ZĐ][A-Za-zĐđ&]*$",
                         "meta": {"mo_ta": "Chữ viết tắt trong ký hiệu, vd 'UBND' → 'Số: /BC-UBND'"}},
        },
    },
    "de_cuong": {**_TEXT, "meta": {"mo_ta": "Đề cương báo cáo theo: tên trong templates/de-cuong/ hoặc đường dẫn"}},
    "ke_hoach": {**_TEXT, "meta": {"mo_ta": "Kế hoạch CCHC của đơn vị: số nhiệm vụ được đếm từ đây"}},
    "so": DOC_NUMBER,
    "ngay": DOC_DATE,
    "trich_yeu": {"type": ["string", "list"], "empty": False, "schema": _TEXT,
                  "meta": {"mo_ta": "Trích yếu (mặc định theo đề cương)"}},
    "ky_bao_cao": {
        "type": "dict",
        "meta": {"mo_ta": "Kỳ số liệu: {tu: 2025-12-15, den: 2026-06-30}"},
        "schema": {
            "tu": {"type": "date", "meta": {"mo_ta": "Từ ngày (mặc định theo đề cương)"}},
            "den": {"type": "date", "meta": {"mo_ta": "Đến ngày (bỏ trống: 'thời điểm báo cáo')"}},
        },
    },
    "nguoi_ky": SIGNER,
    "noi_nhan": {"type": "list", "schema": _TEXT, "meta": {"mo_ta": "Nơi nhận (mặc định theo đề cương)"}},
    "luu": {**_TEXT, "meta": {"mo_ta": "Dòng Lưu, vd 'VT, VHXH'"}},
    "so_lieu": {"type": "dict", "meta": {"mo_ta": "Số liệu theo mã chỉ tiêu của đề cương"}},
    "tra_loi": {"type": "dict", "meta": {"mo_ta": "Phần trả lời bằng lời theo mã ý của đề cương"}},
}
REPORT_REQUIRED = ["don_vi", "de_cuong"]
CERBERUS_REPORT_SCHEMA = field_map_to_cerberus(REPORT_FIELDS, REPORT_REQUIRED)


# --- units --------------------------------------------------------------------------------

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


@dataclass(frozen=True)
class Unit:
    """A reporting unit: a ward/commune People's Committee or a city department."""

    name: str
    lines: tuple[str, ...]
    supervisor: str
    place: str
    abbreviation: str
    signer: Signer

    @property
    def slug(self) -> str:
        """Return the folder name of its documents: "phuong-le-chan"."""
        return slug(self.name)


def slug(text: str) -> str:
    """Return `text` as a lower-case ASCII folder name: "Phường Lê Chân" → "phuong-le-chan"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


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


# --- the report ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    """A report data file, checked, with every figure it prints."""

    source: str
    outline: Outline
    unit: Unit
    plan: Plan | None
    number: str
    date: DocDate
    period_from: dt.date | None
    period_to: dt.date | None
    summary: tuple[str, ...]
    values: dict[str, Any]                  # field id → value printed (typed or computed)
    computed: dict[str, str] = field(default_factory=dict)   # field id → how it was computed
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    recipients: tuple[str, ...] = ()
    archive: str = "VT"
    signer: Signer = Signer("", "", "")

    @property
    def missing(self) -> list[str]:
        """Return the ids of the fields still without a value."""
        return [fid for fid in self.outline.fields if fid not in self.values]


def is_report(data: Any) -> bool:
    """Return True when loaded YAML `data` is a report data file."""
    if not isinstance(data, dict):
        return False
    return data.get("loai") == "bao_cao" or ("loai" not in data and "de_cuong" in data and "don_vi" in data)


def load_report(path: str) -> Report:
    """Return the report in the YAML file at `path`; raise InputError listing every problem."""
    return report_from_source(load_file(path))


def report_from_source(source: Source) -> Report:
    """Return the report held by `source`; raise InputError listing every problem."""
    problems = check_structure(source, CERBERUS_REPORT_SCHEMA, what="báo cáo")
    if problems:
        raise InputError(problems)
    return _ReportBuilder(source).build()


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


class _ReportBuilder:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.data: dict[str, Any] = source.data
        self.problems: list[Problem] = []

    def error(self, path: FieldPath, message: str) -> None:
        self.problems.append(self.source.problem(path, message))

    def build(self) -> Report:
        outline = load_outline_for(self.source)
        plan = self._plan()
        unit = self._unit(outline)
        dates_ = PlanReader(self.source)
        number = dates_.number(self.data.get("so"), ("so",))
        date = dates_.date(self.data.get("ngay"), ("ngay",))
        if date.year is None:
            date = DocDate(outline.year)
        self.problems += dates_.problems
        period = self.data.get("ky_bao_cao", {})
        start, end = period.get("tu"), period.get("den")
        if start and end and end < start:
            self.error(("ky_bao_cao", "den"), f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.")
        today = end or date.as_date() or dt.date(outline.year, 12, 31)
        values, computed = self._values(outline, plan, today)
        answers = self._answers(outline)
        signer = unit.signer
        if "nguoi_ky" in self.data:
            s = self.data["nguoi_ky"]
            signer = Signer(s.get("quyen_han", ""), s["chuc_vu"], s["ho_ten"])
        summary = self.data.get("trich_yeu", list(outline.report.summary))
        if self.problems:
            raise InputError(sorted(self.problems, key=lambda p: (p.line or 0, p.field)))
        return Report(
            source=self.source.path, outline=outline, unit=unit, plan=plan, number=number, date=date,
            period_from=start, period_to=end,
            summary=tuple(summary) if isinstance(summary, list) else (summary,),
            values=values, computed=computed, answers=answers,
            recipients=tuple(r.rstrip(";.").strip() for r in self.data.get("noi_nhan", outline.report.recipients)),
            archive=self.data.get("luu", outline.report.archive).rstrip(".").strip(),
            signer=signer,
        )

    # -- linked files ----------------------------------------------------------------------
    def _plan(self) -> Plan | None:
        ref = self.data.get("ke_hoach")
        if not ref:
            return None
        path = Path(ref)
        here = Path(self.source.path).resolve().parent
        candidates = [path] if path.is_absolute() else [d / path for d in (here, *here.parents)] + [Path.cwd() / path]
        found = find_file(candidates)
        if found is None:
            raise InputError([self.source.problem(("ke_hoach",), f"Không tìm thấy tệp kế hoạch '{ref}' (tính từ "
                                                                 "thư mục của tệp báo cáo, các thư mục cha, hoặc thư mục hiện tại).")])
        from generator.inspection import is_inspection

        source = load_file(str(found))
        if is_inspection(source.data):
            raise InputError([self.source.problem(("ke_hoach",), f"'{ref}' là kế hoạch kiểm tra; 'ke_hoach' cần kế hoạch "
                                                                 "CCHC của đơn vị (có nhiem_vu_cu_the) để đếm nhiệm vụ.")])
        return plan_from_source(source)

    def _unit(self, outline: Outline) -> Unit:
        raw = self.data["don_vi"]
        name = raw if isinstance(raw, str) else raw.get("ten", "")
        path: FieldPath = ("don_vi",) if isinstance(raw, str) else ("don_vi", "ten")
        if not name:
            self.error(("don_vi",), "Thiếu tên đơn vị: 'don_vi: \"Phường Nam Đồ Sơn\"' hoặc 'don_vi: {ten: …}'.")
            return Unit("", (), "", "", "UBND", Signer("", "", ""))
        try:
            unit = unit_named(name, outline.report)
        except UnknownUnit as exc:
            if isinstance(raw, str) or not raw.get("dong_ten"):
                self.error(path, f"{exc} Hoặc khai báo đủ: don_vi: {{ten, dong_ten, dia_danh, viet_tat}}.")
                return Unit(name, (), "", "", "UBND", Signer("", "", ""))
            unit = Unit(name, (), "", "", "", Signer("", "", ""))
        if isinstance(raw, dict):
            unit = Unit(unit.name, tuple(raw.get("dong_ten", unit.lines)), raw.get("chu_quan", unit.supervisor),
                        raw.get("dia_danh", unit.place), raw.get("viet_tat", unit.abbreviation), unit.signer)
            for key, value in (("dia_danh", unit.place), ("viet_tat", unit.abbreviation)):
                if not value:
                    self.error(("don_vi",), f"Thiếu '{key}' của đơn vị '{name}'.")
        return unit

    # -- figures ---------------------------------------------------------------------------
    def _typed(self, outline: Outline) -> dict[str, Any]:
        """Return the values typed in so_lieu, checked one by one against their field."""
        typed: dict[str, Any] = {}
        fields = outline.fields
        for fid, raw in self.data.get("so_lieu", {}).items():
            path = ("so_lieu", fid)
            f = fields.get(fid)
            if f is None:
                if fid in outline.item_ids:
                    self.error(path, f"'{fid}' là một ý trả lời bằng lời, không phải chỉ tiêu số liệu: ghi vào tra_loi.")
                else:
                    self.error(path, f"Đề cương {outline.name} không có chỉ tiêu '{fid}'.{closest(fid, list(fields))}")
                continue
            if raw is None:
                continue
            if f.kind == "van_ban":
                if isinstance(raw, str) and raw:
                    typed[fid] = raw
                else:
                    self.error(path, f"'{f.label}' cần câu chữ, nhưng đang là {describe_value(raw)}. "
                                     f"Viết trong nháy kép, vd \"{raw} tỷ đồng\".")
                continue
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                self.error(path, f"'{f.label}' cần một số ({f.unit}), nhưng đang là {describe_value(raw)}.{_number_hint(raw)}")
                continue
            value = Decimal(str(raw))
            if value < 0:
                self.error(path, f"'{f.label}' không thể âm ({format_number(raw)}).")
                continue
            if f.kind == "so":
                if value != value.to_integral_value():
                    self.error(path, f"'{f.label}' là số đếm ({f.unit}), phải là số nguyên, không phải {format_number(raw)}.")
                    continue
                typed[fid] = int(value)
            else:
                if value > 100:
                    self.error(path, f"Tỷ lệ '{f.label}' là {format_number(raw)}%: tỷ lệ phải từ 0 đến 100%.")
                    continue
                typed[fid] = value
        return typed

    def _values(self, outline: Outline, plan: Plan | None, today: dt.date) -> tuple[dict[str, Any], dict[str, str]]:
        typed = self._typed(outline)
        fields = outline.fields
        values = dict(typed)
        computed: dict[str, str] = {}
        if plan is not None:
            counts = task_counts(plan.tasks, today, plan.year_from)
            for fid, f in fields.items():
                if f.from_plan:
                    count = getattr(counts, FROM_PLAN[f.from_plan])
                    self._agree(f, typed, count, f"đếm từ kế hoạch {plan.source} được {with_unit(count, f)}")
                    values[fid] = count
                    computed[fid] = f"ke_hoach:{f.from_plan}"
        for fid, f in fields.items():
            if f.ratio is None:
                continue
            part_id, whole_id = f.ratio
            if part_id not in values or whole_id not in values or values[whole_id] == 0:
                continue
            part, whole = values[part_id], values[whole_id]
            if part > whole:
                continue  # reported below as a part larger than its whole
            exact = Decimal(part) * 100 / Decimal(whole)
            shown = percentage(part, whole)
            how = (f"tính từ {fields[part_id].label} / {fields[whole_id].label} = "
                   f"{format_number(part)}/{format_number(whole)} là {format_number(shown)}%")
            if fid in typed:
                places = Decimal(1).scaleb(-min(_decimals(typed[fid]), 2))
                if exact.quantize(places, rounding=ROUND_HALF_UP) != typed[fid]:
                    self._contradiction(f, typed[fid], how)
            values[fid] = shown
            computed[fid] = f"ty_le:{part_id}/{whole_id}"
        self._consistency(outline, values, typed)
        return values, computed

    def _agree(self, f: Field, typed: dict[str, Any], value: Any, how: str) -> None:
        if f.id in typed and typed[f.id] != value:
            self._contradiction(f, typed[f.id], how)

    def _contradiction(self, f: Field, typed: Any, how: str) -> None:
        self.error(("so_lieu", f.id), f"'{f.label}' ghi {with_unit(typed, f)} nhưng {how}. "
                                      "Bỏ dòng này để kehoach tự tính, hoặc sửa số liệu gốc.")

    def _where(self, typed: dict[str, Any], *ids: str) -> FieldPath:
        for fid in ids:
            if fid in typed:
                return ("so_lieu", fid)
        return ("ke_hoach",) if "ke_hoach" in self.data else ("so_lieu",)

    def _consistency(self, outline: Outline, values: dict[str, Any], typed: dict[str, Any]) -> None:
        fields = outline.fields
        for fid, f in fields.items():
            whole_id = f.part_of
            if whole_id and fid in values and whole_id in values and values[fid] > values[whole_id]:
                whole = fields[whole_id]
                self.error(self._where(typed, fid, whole_id),
                           f"{f.describe(values[fid])} lớn hơn {whole.describe(values[whole_id])}: "
                           "phần không thể lớn hơn tổng.")
        for fid, f in fields.items():
            if not f.parts_sum or fid not in values:
                continue
            parts = [g for g in fields.values() if g.part_of == fid]
            given = [g for g in parts if g.id in values]
            total = sum(values[g.id] for g in given)
            sum_text = " + ".join(format_number(values[g.id]) for g in given) + f" = {with_unit(total, f)}"
            labels = ", ".join(g.label for g in given)
            if f.parts_sum == "bang" and len(given) == len(parts) and total != values[fid]:
                self.error(self._where(typed, fid, *(g.id for g in given)),
                           f"Tổng các phần ({labels}: {sum_text}) khác {f.describe(values[fid])}: "
                           "các phần phải cộng lại bằng tổng.")
            elif total > values[fid]:
                self.error(self._where(typed, fid, *(g.id for g in given)),
                           f"Tổng các phần ({labels}: {sum_text}) vượt {f.describe(values[fid])}.")

    # -- answers ---------------------------------------------------------------------------
    def _answers(self, outline: Outline) -> dict[str, tuple[str, ...]]:
        answers: dict[str, tuple[str, ...]] = {}
        for iid, raw in self.data.get("tra_loi", {}).items():
            path = ("tra_loi", iid)
            if iid not in outline.item_ids:
                if iid in outline.fields:
                    self.error(path, f"'{iid}' là chỉ tiêu số liệu ({outline.fields[iid].label}): ghi vào so_lieu.")
                else:
                    self.error(path, f"Đề cương {outline.name} không có ý mã '{iid}'."
                                     f"{closest(iid, list(outline.item_ids))}")
                continue
            items = raw if isinstance(raw, list) else [raw]
            paragraphs = []
            for i, text in enumerate(items):
                if isinstance(text, str) and text:
                    paragraphs.append(text)
                else:
                    where = path + (i,) if isinstance(raw, list) else path
                    self.error(where, f"Ý '{iid}' cần câu trả lời bằng lời (chuỗi, hoặc danh sách đoạn văn), "
                                      f"nhưng đang là {describe_value(text)}.")
            answers[iid] = tuple(paragraphs)
        return answers


def _number_hint(raw: Any) -> str:
    if isinstance(raw, str) and re.fullmatch(r"\d+,\d+", raw.strip(" %")):
        return f" Trong tệp YAML viết số thập phân bằng dấu chấm, không nháy: {raw.strip(' %').replace(',', '.')} (kehoach in ra {raw.strip(' %')})."
    if isinstance(raw, str) and re.fullmatch(r"\d{1,3}(\.\d{3})+", raw.strip()):
        return f" Viết số không có dấu chấm nghìn, không nháy: {raw.replace('.', '')}."
    return ""


def load_outline_for(source: Source) -> Outline:
    """Return the outline a report or plan in `source` names in its ``de_cuong`` field."""
    from generator.outline import load_outline

    return load_outline(resolve_outline(source.data["de_cuong"], source, ("de_cuong",)))


# --- documents ----------------------------------------------------------------------------

def _context(outline: Outline, unit: Unit, *, number: str, date: DocDate, summary: tuple[str, ...],
             period_line: str, body: list[tuple[str, Any]], signer: Signer, recipients: tuple[str, ...],
             archive: str) -> dict[str, Any]:
    issuer = Issuer(unit.name, unit.place, unit.abbreviation, unit.lines, unit.supervisor)
    context = documents._header(SimpleNamespace(issuer=issuer), summary)  # type: ignore[arg-type]
    context["doc"] = {
        "number_line": "Số: " + dates.reference(number, "BC", unit.abbreviation),
        "date_line": dates.place_date_line(unit.place, date),
        "summary": list(summary),
        "period_line": period_line,
        "recipients": [f"- {r};" for r in recipients] + [f"- Lưu: {archive}."],
    }
    context["signer"] = {"authority": signer.authority, "title": signer.title, "name": signer.name}
    context["body"] = [{"kind": kind, "text": text} for kind, text in body]
    return context


def blank_context(outline: Outline, unit: Unit) -> dict[str, Any]:
    """Return the template data of a unit's blank report: every figure left as "...". """
    return _context(outline, unit, number="", date=DocDate(outline.year), summary=outline.report.summary,
                    period_line=outline.period(), body=outline_body(outline), signer=unit.signer,
                    recipients=outline.report.recipients, archive=outline.report.archive)


def report_context(report: Report) -> dict[str, Any]:
    """Return the template data of a filled report: given and computed figures, answers."""
    outline = report.outline
    values = report.values

    def shown(f: Field) -> str | None:
        return format_number(values[f.id]) if f.id in values else None

    body = outline_body(outline, shown=shown, placeholder=lambda f: PLACEHOLDER, answers=report.answers)
    return _context(outline, report.unit, number=report.number, date=report.date, summary=report.summary,
                    period_line=outline.period(report.period_to, report.period_from), body=body,
                    signer=report.signer, recipients=report.recipients, archive=report.archive)


def summary(report: Report) -> str:
    """Return a one-line description of a report for messages."""
    typed = len(report.values) - len(report.computed)
    return (f"báo cáo của {report.unit.name} theo đề cương {report.outline.name}: {typed} số liệu nhập, "
            f"{len(report.computed)} số liệu tự tính, {len(report.answers)} ý đã trả lời, "
            f"{len(report.missing)} chỉ tiêu còn để trống")


# --- other kinds of input for `kehoach validate` -----------------------------------------

def check_other_kinds(source: Source) -> tuple[str, list[str]] | None:
    """Check `source` if it holds an inspection plan, an outline or a report; None for a task plan.

    Return (one-line summary, warnings); raise InputError listing every problem.
    """
    from generator import inspection

    if inspection.is_inspection(source.data):
        plan = inspection.inspection_from_source(source)
        return inspection.summary(plan), [str(w) for w in plan.warnings]
    if is_outline(source.data):
        outline = outline_from_source(source)
        return (f"đề cương {outline.name}: {len(outline.sections)} mục lớn, {len(outline.fields)} chỉ tiêu, "
                f"{len(outline.item_ids)} ý có mã", [])
    if is_report(source.data):
        return summary(report_from_source(source)), []
    return None
