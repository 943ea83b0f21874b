"""Read a report data file: its unit, its figures checked and computed, its prose answers.

Figures are computed, not retyped: percentages from their parts, and, when the report
links the unit's plan (``ke_hoach``), the task figures from the plan's tasks through
`generator.domain.tracking.task_counts` — the same counts the progress reports use: the
tasks (occurrences of recurring tasks) whose days meet the reporting period
(``ky_bao_cao``), as they stood at its end. A
typed value that contradicts a computed one, a part larger than its whole, a percentage
outside 0–100 and groups not adding up to their total are errors.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.domain.tracking import Scope, task_counts
from generator.domain.vietnamese import format_number, percentage
from generator.errors import InputError
from generator.kinds.links import Links
from generator.kinds.outline.model import FROM_PLAN, Field, Outline, with_unit
from generator.kinds.plan.model import Plan
from generator.kinds.report.model import Report, Unit
from generator.kinds.report.schema import SCHEMA
from generator.kinds.report.units import UnknownUnit, unit_named
from generator.source.fields import DocDate, FieldReader, Signer, lines, recipients, strip_end
from generator.source.structure import describe_value, require_structure, suggestion
from generator.source.text import shorten
from generator.source.yaml_source import FieldPath, Source


def read_report(source: Source, links: Links) -> Report:
    """Return the report held by `source`; raise InputError listing every problem."""
    require_structure(source, SCHEMA, "báo cáo")
    return _ReportReader(source).build(links)


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


class _ReportReader(FieldReader):
    def build(self, links: Links) -> Report:
        outline = links.outline(self.data["de_cuong"], self.source, ("de_cuong",))
        plan = None
        if self.data.get("ke_hoach"):
            plan = links.plan(self.data["ke_hoach"], self.source, ("ke_hoach",),
                              why="kế hoạch CCHC của đơn vị (có nhiem_vu_cu_the) để đếm nhiệm vụ")
        unit = self._unit(outline)
        number = self.doc_number(self.data.get("so"), ("so",))
        date = self.doc_date(self.data.get("ngay"), ("ngay",))
        if date.year is None:
            date = DocDate(outline.year)
        period = self.data.get("ky_bao_cao", {})
        start, end = period.get("tu"), period.get("den")
        if start and end and end < start:
            self.error(("ky_bao_cao", "den"), f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.")
        today = end or date.as_date() or dt.date(outline.year, 12, 31)
        scope = Scope(start if start and start <= today else dt.date(today.year, 1, 1), today)
        values, computed = self._values(outline, plan, today, scope)
        answers = self._answers(outline)
        signer = self.signer(self.data.get("nguoi_ky")) or unit.signer
        if self.problems:
            raise InputError(sorted(self.problems, key=lambda p: (p.line or 0, p.field)))
        return Report(
            source=self.source.path, outline=outline, unit=unit, plan=plan, number=number, date=date,
            period_from=start, period_to=end,
            summary=lines(self.data["trich_yeu"]) if "trich_yeu" in self.data else outline.report.summary,
            values=values, computed=computed, answers=answers,
            recipients=recipients(self.data["noi_nhan"]) if "noi_nhan" in self.data else outline.report.recipients,
            archive=strip_end(self.data["luu"]) if "luu" in self.data else outline.report.archive,
            signer=signer,
        )

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
                    self.error(path, f"Đề cương {outline.name} không có chỉ tiêu '{fid}'.{suggestion(fid, list(fields))}")
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

    def _values(self, outline: Outline, plan: Plan | None, today: dt.date,
                scope: Scope) -> tuple[dict[str, Any], dict[str, str]]:
        typed = self._typed(outline)
        fields = outline.fields
        values = dict(typed)
        computed: dict[str, str] = {}
        if plan is not None:
            counts = task_counts(plan.tasks, today, scope)
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
                                     f"{suggestion(iid, list(outline.item_ids))}")
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
        number = shorten(raw.strip(" %"))
        return f" Trong tệp YAML viết số thập phân bằng dấu chấm, không nháy: {number.replace(',', '.')} (kehoach in ra {number})."
    if isinstance(raw, str) and re.fullmatch(r"\d{1,3}(\.\d{3})+", raw.strip()):
        return f" Viết số không có dấu chấm nghìn, không nháy: {shorten(raw.replace('.', ''))}."
    return ""
