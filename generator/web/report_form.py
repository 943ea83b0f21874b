"""A report (báo cáo phục vụ kiểm tra) as a form made from its đề cương, checked by the report reader.

The form is the outline as the report prints it (`kinds.outline.documents.outline_body`:
the same numbering and wording), each slot a chỉ tiêu with its label and unit, each item
with a `ma` a text area. What the user types becomes the report file's ``so_lieu`` and
``tra_loi``; the report kind's reader (`kinds.report.reader`) then gives, for the would-be
file, the computed figures (percentages, task counts from the plan) and the same
messages as ``kehoach report``, each at its field. Nothing is computed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.domain.vietnamese import format_number, slug
from generator.errors import InputError, Problem
from generator.kinds.outline.documents import outline_body
from generator.kinds.outline.model import Field, Outline
from generator.kinds.report.model import Report
from generator.run.outputs import Output, atomic_write, write_new
from generator.web.folder import Folder, digest
from generator.web.roundtrip import KeyChange, RoundTripError, edit_mapping

FieldPath = tuple[str, ...]
_FIELD = "\ue000{}\ue001"
_ANSWER = "\ue002{}\ue003"
_MARKS = re.compile("\ue000([^\ue001]*)\ue001")
_ANSWER_MARK = re.compile("^\ue002([^\ue003]*)\ue003$")
# header fields of the form: input name → path in the file
HEADER = {
    "don_vi": ("don_vi",),
    "ke_hoach": ("ke_hoach",),
    "ky_tu": ("ky_bao_cao", "tu"),
    "ky_den": ("ky_bao_cao", "den"),
    "so": ("so",),
    "ngay": ("ngay",),
    "nguoi_ky": ("nguoi_ky", "ho_ten"),
}
TOP_ORDER = ("loai", "don_vi", "de_cuong", "ke_hoach", "so", "ngay", "trich_yeu", "ky_bao_cao", "nguoi_ky",
             "noi_nhan", "luu", "so_lieu", "tra_loi")


@dataclass(frozen=True)
class Piece:
    """A run of outline text, or a slot (`field` set) where a figure is printed."""

    text: str
    bold: bool = False
    italic: bool = False
    field: str = ""


@dataclass(frozen=True)
class Block:
    """A paragraph of the outline (section, heading, body) with its slots, or a text area (`answer`)."""

    kind: str
    pieces: tuple[Piece, ...] = ()
    fields: tuple[str, ...] = ()
    answer: str = ""


def blocks(outline: Outline) -> list[Block]:
    """Return the outline as the form shows it: paragraphs in print order, slots and answers marked."""
    body = outline_body(outline, placeholder=lambda f: _FIELD.format(f.id),
                        answers={iid: (_ANSWER.format(iid),) for iid in outline.item_ids})
    out = []
    for kind, rich in body:
        answer = _ANSWER_MARK.match(rich.text)
        if answer:
            out.append(Block("answer", answer=answer.group(1)))
            continue
        pieces, fields = [], []
        for span in rich:
            pos = 0
            for m in _MARKS.finditer(span.text):
                if m.start() > pos:
                    pieces.append(Piece(span.text[pos:m.start()], span.bold, span.italic))
                pieces.append(Piece("…", field=m.group(1)))
                fields.append(m.group(1))
                pos = m.end()
            if pos < len(span.text):
                pieces.append(Piece(span.text[pos:], span.bold, span.italic))
        out.append(Block(kind, tuple(pieces), tuple(fields)))
    return out


def computed_kind(f: Field, has_plan: bool) -> str:
    """Return how the report computes field `f` ("ty_le", "ke_hoach"), "" when the user types it."""
    if f.ratio is not None:
        return "ty_le"
    if f.from_plan and has_plan:
        return "ke_hoach"
    return ""


# --- form values ↔ file values -------------------------------------------------------------

def number_from_form(text: str) -> Any:
    """Return the number typed the Vietnamese way ("1.250", "87,5", "87.5", "96,5%"); the text when it is not one."""
    raw = " ".join(text.split())
    compact = raw.replace(" ", "").rstrip("%")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", compact):
        compact = compact.replace(".", "")
    compact = compact.replace(",", ".")
    if re.fullmatch(r"-?\d+", compact):
        return int(compact)
    if re.fullmatch(r"-?\d+\.\d+", compact):
        return float(compact)
    return raw


def number_to_form(value: Any) -> str:
    """Return a figure of the file as the form shows it: "1250", "87,5"."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value).replace(".", "")
    return str(value)


def answer_to_form(value: Any) -> str:
    """Return an answer (one text or a list of paragraphs) as text-area text, paragraphs apart by a blank line."""
    if isinstance(value, list):
        return "\n\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def answer_from_form(text: str) -> str | list[str] | None:
    """Return text-area text as the file holds it: one paragraph as text, several as a list."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return None
    return paragraphs[0] if len(paragraphs) == 1 else paragraphs


def form_values(data: dict[str, Any]) -> dict[str, str]:
    """Return the form's initial values from a report file's data."""
    values: dict[str, str] = {}
    for name, path in HEADER.items():
        node: Any = data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if name == "don_vi" and isinstance(data.get("don_vi"), dict):
            node = data["don_vi"].get("ten")
        values[name] = node.isoformat() if isinstance(node, date) else ("" if node is None else str(node))
    for fid, value in (data.get("so_lieu") or {}).items():
        values[f"so_lieu.{fid}"] = number_to_form(value)
    for iid, value in (data.get("tra_loi") or {}).items():
        values[f"tra_loi.{iid}"] = answer_to_form(value)
    return values


HEADER_LABELS = {"don_vi": "Đơn vị báo cáo", "ke_hoach": "Kế hoạch CCHC của đơn vị", "ky_tu": "Số liệu từ ngày",
                 "ky_den": "Số liệu đến ngày", "so": "Số văn bản", "ngay": "Ngày", "nguoi_ky": "Người ký"}


def wanted_values(outline: Outline, data: dict[str, Any], form: Any, has_plan: bool) -> dict[FieldPath, Any]:
    """Return what the submitted `form` says each field of the report file should hold (None: no key)."""
    wanted: dict[FieldPath, Any] = {}
    for name, path in HEADER.items():
        if name not in form:
            continue
        text = " ".join(str(form.get(name, "")).split())
        if name == "don_vi" and isinstance(data.get("don_vi"), dict):
            path = ("don_vi", "ten")
        value: Any = text or None
        if name in ("ky_tu", "ky_den") and text:
            try:
                value = date.fromisoformat(text)
            except ValueError:
                value = text  # the reader says what is wrong
        if name == "so":
            value = text if text or "so" in data else None  # an empty số is written "" (not yet numbered)
        wanted[path] = value
    for fid, f in outline.fields.items():
        name = f"so_lieu.{fid}"
        if name not in form or computed_kind(f, has_plan):
            continue
        text = str(form.get(name, "")).strip()
        wanted[("so_lieu", fid)] = ((" ".join(text.split()) or None) if f.kind == "van_ban"
                                    else (number_from_form(text) if text else None))
    for iid in outline.item_ids:
        name = f"tra_loi.{iid}"
        if name in form:
            value = answer_from_form(str(form.get(name, "")))
            if isinstance(value, str) and isinstance((data.get("tra_loi") or {}).get(iid), list):
                value = [value]  # a one-paragraph list stays a list
            wanted[("tra_loi", iid)] = value
    return wanted


def _order(outline: Outline, path: FieldPath) -> tuple[str, ...]:
    if len(path) == 1:
        return TOP_ORDER
    return {"so_lieu": tuple(outline.fields), "tra_loi": tuple(outline.item_ids), "ky_bao_cao": ("tu", "den"),
            "nguoi_ky": ("quyen_han", "chuc_vu", "ho_ten")}.get(path[0], ())


def changes_from_form(outline: Outline, data: dict[str, Any], form: Any, has_plan: bool,
                      base: dict[str, Any] | None = None) -> list[KeyChange]:
    """Return the changes the submitted `form` makes to the report file holding `data`.

    `base`: the data of the version the form was made from, when it differs from `data`
    (the file changed meanwhile): only the fields the user changed are written.
    """
    reference = data if base is None else base
    return [KeyChange(path, value, _order(outline, path))
            for path, value in wanted_values(outline, data, form, has_plan).items()
            if value != _get(reference, path) and value != _get(data, path)]


def _label(outline: Outline, path: FieldPath) -> str:
    if path[0] == "so_lieu":
        return outline.fields[path[1]].label
    if path[0] == "tra_loi":
        text = outline.item_ids[path[1]].text
        return "Trả lời: " + (text if len(text) <= 60 else text[:57] + "…")
    return next((HEADER_LABELS[n] for n, p in HEADER.items() if p == path or (n == "don_vi" and path[0] == "don_vi")),
                ".".join(path))


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(trống)"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return " / ".join(str(v) for v in value)
    return format_number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def conflict_rows(outline: Outline, old: dict[str, Any], disk: dict[str, Any], form: Any,
                  has_plan: bool) -> list[tuple[str, str, str, str, bool]]:
    """Return, for each field changed on disk or by the user since `old`: label, old, disk, user's, both changed."""
    rows = []
    for path, mine in wanted_values(outline, disk, form, has_plan).items():
        before, now = _get(old, path), _get(disk, path)
        if now != before or mine != before:
            rows.append((_label(outline, path), _shown(before), _shown(now), _shown(mine),
                         now != before and mine != before and mine != now))
    return rows


def _get(data: Any, path: tuple[str, ...]) -> Any:
    node = data
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


# --- checking and saving -----------------------------------------------------------------------

@dataclass
class Checked:
    """The would-be report file and what the report reader says of it."""

    raw: bytes
    report: Report | None = None
    by_field: dict[str, list[str]] = field(default_factory=dict)   # field id / answer id / header name → messages
    general: list[str] = field(default_factory=list)               # problems not at one field of the form
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.report is not None


def _place(problem: Problem) -> str:
    parts = problem.field.split(".")
    if parts[0] in ("so_lieu", "tra_loi") and len(parts) > 1:
        return re.sub(r"\[\d+\]$", "", parts[1])
    for name, path in HEADER.items():
        if problem.field == ".".join(path) or (name == "don_vi" and parts[0] == "don_vi"):
            return name
    return ""


def check(folder: Folder, rel: str, raw: bytes) -> Checked:
    """Return what the report reader says of `raw` as the content of report file `rel`."""
    result = Checked(raw)
    try:
        result.report = folder.parse(rel, raw, ("bao_cao",)).model
    except InputError as exc:
        result.problems = list(exc.problems)
        for problem in exc.problems:
            place = _place(problem)
            if place:
                result.by_field.setdefault(place, []).append(problem.message)
            else:
                result.general.append(str(problem))
    return result


def edited(raw: bytes, changes: list[KeyChange]) -> bytes:
    """Return report file `raw` with `changes` applied (comments and layout kept); raise RoundTripError."""
    if not changes:
        return raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RoundTripError("Tệp không phải UTF-8: hãy lưu lại với mã hóa UTF-8.") from None
    return edit_mapping(text, changes).encode("utf-8")


def shown_values(report: Report) -> dict[str, str]:
    """Return every figure of a checked report as printed ("96,5", "53"), by field id."""
    return {fid: format_number(v) for fid, v in report.values.items()}


def save(folder: Folder, rel: str, raw: bytes) -> str:
    """Write the checked report content `raw` to `rel` atomically (through links); return its hash."""
    path = folder.resolve(rel)
    atomic_write(path, raw)
    folder.remember(raw)
    return digest(raw)


# --- a new report ----------------------------------------------------------------------------------

def new_report_text(unit: str, outline_name: str, plan: str | None) -> str:
    """Return the YAML of a new report of `unit` on đề cương `outline_name` (optionally counting from `plan`)."""
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"# Báo cáo phục vụ kiểm tra của {unit}, theo đề cương {outline_name}.",
             "# Tạo bằng kehoach web; sửa tiếp trên trang web hoặc trực tiếp trong tệp này.",
             f"don_vi: {quoted(unit)}",
             f"de_cuong: {quoted(outline_name)}"]
    if plan:
        lines.append(f"ke_hoach: {quoted(plan)}")
    lines += ['so: ""', "so_lieu: {}", "tra_loi: {}", ""]
    return "\n".join(lines)


def new_report_path(unit: str) -> str:
    """Return where a new report of `unit` is written: reports/<slug of the unit>.yaml."""
    return f"reports/{slug(unit) or 'bao-cao'}.yaml"


def create(folder: Folder, rel: str, text: str) -> None:
    """Write a new report file (never over an existing one: OutputConflict)."""
    folder.resolve(rel, exists=False)
    write_new([Output(folder.root / rel, text.encode("utf-8"))])


__all__ = ["Block", "Checked", "Piece", "blocks", "changes_from_form", "check", "computed_kind", "create",
           "edited", "form_values", "new_report_path", "new_report_text", "number_from_form", "save"]
