"""Document builders for follow-up: the per-office task list and the periodic progress report.

Pure functions: a plan (and a date) in, the data of `templates/phan-cong.docx` and
`templates/bao-cao-tien-do.docx` out. Figures come from `generator.domain.tracking.task_counts`
and percentages from `generator.domain.vietnamese`, as in the Phụ lục I inspection report,
so the documents agree.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from generator.domain import tracking
from generator.domain.inline import Rich, Span, parse, plain
from generator.domain.tasks import STATUS_LABELS, Task
from generator.domain.textwidth import balanced_lines
from generator.domain.vietnamese import (
    final_mark,
    long_date,
    numeric_date,
    percent_text,
    place_date_line,
    reference,
    roman,
    short_date,
    table_date,
    title_break_penalty,
)
from generator.kinds.document import TemplateContract
from generator.kinds.official.documents import (
    HEADER_NEEDS,
    NUMBER_NEEDS,
    collective_signature,
    header,
    recipient_lines,
)
from generator.kinds.official.layout import TEXT_PT
from generator.kinds.plan.followup import TaskRow, office_names, task_rows
from generator.kinds.plan.model import Plan
from generator.source.fields import DocDate


ASSIGNMENTS = TemplateContract("phan-cong.docx", {
    **HEADER_NEEDS, "doc.title": "tên văn bản", "doc.attached_line": "dòng (Thực hiện Kế hoạch …)",
    "doc.lead_heading": "tiêu đề phần nhiệm vụ chủ trì", "lead.other": "tên cột cơ quan phối hợp",
    "lead.rows": "các dòng nhiệm vụ chủ trì", "doc.support_heading": "tiêu đề phần nhiệm vụ phối hợp",
    "support.other": "tên cột cơ quan chủ trì", "support.rows": "các dòng nhiệm vụ phối hợp",
    "doc.none": "dòng 'Không có nhiệm vụ'", "doc.closing": "đoạn kết",
})
PROGRESS_REPORT = TemplateContract("bao-cao-tien-do.docx", {
    **HEADER_NEEDS, **NUMBER_NEEDS, "doc.intro": "đoạn mở đầu", "doc.status_lines": "số nhiệm vụ theo trạng thái",
    "fields": "bảng theo lĩnh vực", "overdue": "danh sách nhiệm vụ quá hạn", "done": "danh sách nhiệm vụ hoàn thành",
    "doc.closing": "đoạn kết", "doc.recipients": "nơi nhận", "signer.lines": "quyền hạn, chức vụ người ký",
    "signer.name": "họ tên người ký",
})


def plan_title(plan: Plan) -> str:
    """Return the Kế hoạch's name in running text: "Kế hoạch cải cách hành chính … năm 2026"."""
    summary = " ".join(plain(line) for line in plan.document.summary)
    letters = [c for c in summary if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        summary = summary.lower()
        for proper in (plan.issuer.place,):
            if proper:
                summary = re.sub(re.escape(proper.lower()), proper, summary)
    elif summary[:1].isupper() and not summary[1:2].isupper():
        summary = summary[:1].lower() + summary[1:]
    return f"Kế hoạch {summary}"


def plan_reference(plan: Plan) -> str:
    """Return how the plan is cited: "Kế hoạch … ban hành kèm theo Quyết định số … ngày … của …"."""
    title = plan_title(plan)
    decision = plan.decision
    if decision is not None:
        ref = reference(decision.number, "QĐ", plan.issuer.abbreviation)
        numeric = plan.document.attached_numeric_date and decision.date.as_date() is not None
        when = numeric_date(decision.date) if numeric else long_date(decision.date)
        when = when.removeprefix("ngày ")
        by = f" của {plan.document.attached_by}" if plan.document.attached_by else ""
        return f"{title} ban hành kèm theo Quyết định số {ref} ngày {when}{by}"
    doc = plan.document
    ref = reference(doc.number, "KH", plan.issuer.abbreviation)
    when = numeric_date(doc.date) if doc.date.as_date() else long_date(doc.date)
    subject = title.removeprefix("Kế hoạch ")
    return f"Kế hoạch số {ref} ngày {when.removeprefix('ngày ')} của {plan.issuer.name} về {subject}"


def signer_block(plan: Plan) -> dict[str, Any] | None:
    """Return the signature lines of a document the issuing body signs (TM. … / chức vụ / họ tên)."""
    signer = plan.decision.signer if plan.decision is not None else plan.document.signer
    return collective_signature(plan.issuer, signer)


def _lines(text: str) -> list[str]:
    return [text] if text else [""]


def _cell_rows(plan: Plan, task: Task, role: str, key: str) -> list[dict[str, Any]]:
    """The table rows of one task in a per-office list: the task, then the parts concerned."""
    if role == "lead":
        other = task.support.text if task.support else ""
    else:
        other = task.lead.text if task.lead else office_names(plan, task.lead_keys)
    out = [{
        "kind": "task",
        "number": plan.task_number(task),
        "content": Rich.of(task.content),
        "other": _lines(other),
        "products": [f"- {p}" for p in task.products] if len(task.products) > 1 else _lines(
            task.products[0] if task.products else ""),
        "deadline": _lines(task.deadline),
    }]
    whole = key in ((task.lead.keys if task.lead else ()) if role == "lead"
                    else (task.support.keys if task.support else ()))
    for part in task.parts:
        keys = part.lead.keys if role == "lead" else (part.support.keys if part.support else ())
        if not whole and key not in keys:
            continue
        if role == "lead":
            other_text = part.support.text if part.support else ""
        else:
            other_text = part.lead.text
        out.append({
            "kind": "task",
            "number": "",
            "content": Rich.spans(Span("- "), *parse(part.content)),
            "other": _lines(other_text),
            "products": _lines("; ".join(part.products)),
            "deadline": _lines(part.deadline),
        })
    return out


def _grouped(plan: Plan, tasks: list[Task], role: str, key: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    chosen = {t.seq for t in tasks}
    for group in plan.groups:
        mine = [t for t in group.tasks if t.seq in chosen]
        if not mine:
            continue
        rows.append({"kind": "group", "title": f"{roman(group.index)}. {group.title}"})
        for task in mine:
            rows.extend(_cell_rows(plan, task, role, key))
    return rows


def assignment_context(plan: Plan, key: str) -> dict[str, Any]:
    """Return the data of the list of tasks office `key` leads and supports."""
    agency = plan.registry.agencies[key]
    leads = [t for t in plan.tasks if key in t.lead_keys]
    supports = [t for t in plan.tasks if key in t.support_keys and key not in t.lead_keys]
    title = ["DANH MỤC NHIỆM VỤ ĐƯỢC GIAO", agency.name]  # trích yếu: in thường (Nghị định 30)
    context = header(plan.issuer, tuple(title))
    context["doc"] = {
        "title": title[0],
        "summary": title[1:],
        "attached_line": f"(Thực hiện {plan_reference(plan)})",
        "lead_heading": f"I. NHIỆM VỤ CHỦ TRÌ THỰC HIỆN ({len(leads)} nhiệm vụ)",
        "support_heading": f"II. NHIỆM VỤ PHỐI HỢP THỰC HIỆN ({len(supports)} nhiệm vụ)",
        "none": "Không có nhiệm vụ.",
        "closing": final_mark(
            f"Tổng số: {len(leads)} nhiệm vụ chủ trì, {len(supports)} nhiệm vụ phối hợp. Kết quả thực hiện "
            f"báo cáo về {_focal_office(plan)} theo định kỳ."),
    }
    context["lead"] = {"other": "Cơ quan phối hợp", "rows": _grouped(plan, leads, "lead", key)}
    context["support"] = {"other": "Cơ quan chủ trì", "rows": _grouped(plan, supports, "support", key)}
    return context


def _focal_office(plan: Plan) -> str:
    """The office that follows the plan: the lead of the most tasks, by registry order on ties."""
    counts: dict[str, int] = {}
    for task in plan.tasks:
        for k in task.lead_keys:
            counts[k] = counts.get(k, 0) + 1
    if not counts:
        return plan.issuer.name
    order = list(plan.registry.agencies)
    best = max(counts, key=lambda k: (counts[k], -order.index(k)))
    return plan.registry.agencies[best].name


# --- the progress report ------------------------------------------------------------------

def period_label(period: str | None, year: int) -> str:
    """Return "quý I năm 2026", "6 tháng đầu năm 2026", "năm 2026"…; "" without a period."""
    if not period:
        return ""
    label = tracking.PERIODS[period][1]
    return f"{label} {year}" if label.endswith("năm") else f"{label} năm {year}"


def progress_title(plan: Plan, label: str, as_of: date, year: int | None = None) -> list[str]:
    """Return the trích yếu of the progress report, in lines that read once and break well.

    "Tiến độ thực hiện Kế hoạch cải cách hành chính phường Nam Đồ Sơn quý I năm 2026": the
    period's year stands for the plan's when they are the same, and the lines break before
    a phrase ("phường …", "quý …"), never inside a name or between "năm" and its year.
    """
    title = plan_title(plan)
    when = label or f"tính đến ngày {short_date(as_of)}"
    year_words = f" năm {year or as_of.year}"
    if f" {label}".endswith(year_words) and title.endswith(year_words):
        title = title[: -len(year_words)]
    return balanced_lines(f"Tiến độ thực hiện {title} {when}", 14, TEXT_PT, bold=True,
                          penalty=title_break_penalty)


def progress_context(plan: Plan, as_of: date, period: str | None = None,
                     recipients: tuple[str, ...] = (), year: int | None = None) -> dict[str, Any]:
    """Return the data of the Báo cáo on the plan's progress on `as_of` (end of `period` of `year`).

    It counts the entries (tasks, occurrences of recurring tasks) whose days meet the period,
    from 1 January of `year` to its end (to `as_of` without a period), as they stood on `as_of`.
    """
    year = year or as_of.year
    scope = tracking.report_scope(period, year, as_of)
    items = tracking.entries(plan.tasks, scope)
    counts = tracking.count(items, as_of)
    label = period_label(period, year)
    summary = progress_title(plan, label, as_of, year)
    when = f"{label} (tính đến ngày {short_date(as_of)})" if label else f"tính đến ngày {short_date(as_of)}"
    intro = (f"Thực hiện {plan_reference(plan)}; {plan.issuer.name} báo cáo tiến độ thực hiện "
             f"các nhiệm vụ của Kế hoạch {when} như sau:")
    total = counts.total
    unit = "nhiệm vụ" if counts.tasks == total else "lượt"

    def share(n: int) -> str:
        return f"{n} {unit} ({percent_text(n, total)})"

    days = f"từ ngày {short_date(scope.start)} đến ngày {short_date(scope.end)}"
    if unit == "nhiệm vụ":
        scope_line = f"{total} nhiệm vụ có thời gian thực hiện {days}"
    else:
        scope_line = (f"{total} lượt thực hiện của {counts.tasks} nhiệm vụ có thời gian thực hiện {days} "
                      "(nhiệm vụ định kỳ tính mỗi kỳ một lượt)")
    status_lines = [
        f"Kế hoạch có {len(plan.tasks)} nhiệm vụ thuộc {len(plan.groups)} lĩnh vực; {scope_line}. "
        f"Tính đến ngày {short_date(as_of)}:",
        f"- Đã hoàn thành: {share(counts.completed)}, trong đó hoàn thành đúng hạn {counts.completed_on_time}, "
        f"hoàn thành quá hạn {counts.completed_late};",
        f"- Đang thực hiện: {share(counts.in_progress)};",
        f"- Chưa thực hiện: {share(counts.not_started)};",
        f"- Quá hạn nhưng chưa hoàn thành: {counts.overdue} {unit}.",
    ]
    by_field = []
    for group in plan.groups:
        c = tracking.count([e for e in items if e.task.group_index == group.index], as_of)
        by_field.append(_count_row(str(group.index), group.title, c))
    by_field.append({**_count_row("", "Tổng cộng", counts), "total": True})
    rows = task_rows(plan, items, as_of)
    overdue = [r for r in rows if r.progress == "qua_han"]
    done = [r for r in rows if r.status == "hoan_thanh"]
    date_line = place_date_line(plan.issuer.place, DocDate(as_of.year, as_of.month))
    context = header(plan.issuer, tuple(summary), date_line)
    context["doc"] = {
        "number_line": "Số: " + reference("", "BC", plan.issuer.abbreviation),
        "date_line": date_line,
        "summary": summary,
        "intro": [intro],
        "status_lines": status_lines,
        "recipients": recipient_lines(recipients, "VT"),
        "closing": final_mark(
            f"Trên đây là báo cáo tiến độ thực hiện {plan_title(plan)} {when} của {plan.issuer.name}."),
    }
    context["fields"] = by_field
    context["overdue"] = [{
        "number": r.number, "content": _content(r), "lead": r.lead,
        "deadline": f"{r.deadline}; hạn {table_date(r.due)}" if r.period and r.due else r.deadline,
        "due": table_date(r.due) if r.due else "",
        "status": STATUS_LABELS[r.status]} for r in overdue]
    context["done"] = [{
        "number": r.number, "content": _content(r), "lead": r.lead,
        "completed": table_date(r.completed_on) if r.completed_on else "",
        "timeliness": "Quá hạn" if r.progress == "hoan_thanh_qua_han" else "Đúng hạn",
        "result": r.result} for r in done]
    context["signer"] = signer_block(plan)
    return context


def _content(row: TaskRow) -> Rich:
    """The task's text, with the occurrence of a recurring task: "Báo cáo quý. (kỳ Quý II/2026)"."""
    if not row.period:
        return Rich.of(row.content)
    return Rich.spans(*Rich.of(row.content), Span(f" (kỳ {row.period})"))


def _count_row(number: str, title: str, c: tracking.TaskCounts) -> dict[str, Any]:
    return {"number": number, "title": title, "total": False, "cells": [
        str(c.total), str(c.completed_on_time), str(c.completed_late), str(c.in_progress),
        str(c.not_started), str(c.overdue)]}
