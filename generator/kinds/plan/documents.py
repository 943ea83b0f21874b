"""The task plan's documents: the Quyết định and the Kế hoạch with its task list or task annex.

Pure functions: a plan in, the data of `templates/quyet-dinh.docx` and `ke-hoach.docx` out.
"""

from __future__ import annotations

from typing import Any

from generator.domain.inline import Rich, Span
from generator.domain.tasks import SubTask, Task
from generator.domain.vietnamese import long_date, numeric_date, reference, roman
from generator.kinds.document import Document, TemplateContract
from generator.kinds.official.documents import (
    BODY_NEEDS,
    DECISION,
    HEADER_NEEDS,
    NUMBER_NEEDS,
    SIGNATURE_NEEDS,
    attached_line,
    decision_context,
    plan_body,
    plan_document_context,
    title_rule,
)
from generator.kinds.official.layout import KEEP_TOGETHER_PT, row_height_pt
from generator.kinds.plan.model import Plan

__all__ = ["PLAN", "annex_context", "decision_context", "documents", "plan_context", "task_items"]

PLAN = TemplateContract("ke-hoach.docx", {
    **HEADER_NEEDS, **NUMBER_NEEDS, **SIGNATURE_NEEDS, **BODY_NEEDS,
    "doc.attached_line": "dòng (Kèm theo Quyết định …)",
    "annex": "phụ lục danh mục nhiệm vụ", "annex.label": "chữ PHỤ LỤC", "annex.title": "tên phụ lục",
    "annex.attached_line": "dòng (Kèm theo …) của phụ lục", "rules.annex": "đường kẻ dưới tên phụ lục",
    "annex.rows": "các dòng của bảng nhiệm vụ",
    **{f"annex.columns.{c}": f"tên cột {c}" for c in ("tt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian", "san_pham")},
})


def documents(plan: Plan) -> list[Document]:
    """Return the documents `kehoach build` writes for `plan`: its Quyết định (if any) and Kế hoạch."""
    out = []
    if plan.decision is not None:
        out.append(Document("quyet-dinh.docx", DECISION, decision_context(plan)))
    out.append(Document("ke-hoach.docx", PLAN, plan_context(plan)))
    return out


def plan_context(plan: Plan) -> dict[str, Any]:
    """Return the template data of the Kế hoạch, with its task list or task annex."""
    layout = plan.layout
    if layout.in_annex:
        body = plan_body(plan.document, None, annex_pointer=annex_pointer(plan))
    else:
        body = plan_body(plan.document, lambda out: task_items(out, plan))
    context = plan_document_context(plan, body)
    context["annex"] = annex_context(plan) if layout.annex_here else None
    spec = layout.annex
    context["rules"]["annex"] = title_rule(spec.title, landscape=True) if layout.annex_here and spec else ""
    return context


def annex_pointer(plan: Plan) -> str:
    """Return the sentence of the body that sends the reader to the task annex."""
    spec = plan.layout.annex
    if spec is not None and spec.pointer:
        return spec.pointer
    label = spec.label_in_text if spec is not None else "Phụ lục"
    return f"Danh mục nhiệm vụ cụ thể tại {label} kèm theo Kế hoạch này."


# --- tasks as numbered items ------------------------------------------------------------------

def _lead_line(label: str, text: str) -> Rich:
    ending = "" if text.endswith(".") else "."
    return Rich.spans(Span(f"- {label}: "), Span(text + ending, bold=True))


def _task_lines(out: list[tuple[str, str | Rich]], item: Task | SubTask, labels: dict[str, str],
                lead_label: str, support_label: str) -> None:
    if item.lead is not None and item.lead.text:
        out.append(("body", _lead_line(lead_label, item.lead.text)))
    if item.support is not None:
        out.append(("body", f"- {support_label}: {item.support.text}"))
    products = item.products
    if products:
        if getattr(item, "products_as_list", False) or len(products) > 1:
            out.append(("lead", f"- {labels['san_pham']}:"))
            out.extend(("body", f"+ {p}") for p in products)
        else:
            out.append(("body", f"- {labels['san_pham']}: {products[0]}"))
    if item.deadline:
        out.append(("body", f"- {labels['thoi_gian']}: {item.deadline}"))


def _marked(line: str) -> str:
    """Return a detail line as printed: with "- " unless it has its own mark."""
    return line if line[:1] in "-+" else f"- {line}"


def task_items(out: list[tuple[str, str | Rich]], plan: Plan) -> None:
    """Append the plan's tasks to `out` as numbered items: lĩnh vực headings, tasks, their lines."""
    labels = plan.layout.labels
    for group in plan.groups:
        out.append(("heading", f"{group.index}. {group.title}"))
        for task in group.tasks:
            out.append(("task", f"{task.code}. {task.content}"))
            out.extend(("body", _marked(line)) for line in task.details)
            lead_label = task.lead_label or labels["chu_tri"]
            support_label = task.support_label or labels["phoi_hop"]
            _task_lines(out, task, labels, lead_label, support_label)
            for part in task.parts:
                out.append(("lead", f"+ {part.content}:"))
                _task_lines(out, part, labels, labels["chu_tri"], labels["phoi_hop"])


# --- tasks as the annex table -----------------------------------------------------------------

def _cell_lines(text: str | None) -> list[str]:
    return [text] if text else [""]


def annex_attached_line(plan: Plan) -> str:
    """Return the "(Kèm theo …)" line under the annex title ("" when the plan asks for none).

    By default it cites the document the annex goes with, like the Kế hoạch's own line:
    the Quyết định issuing the plan, or the Kế hoạch itself when issued alone; "của …" is
    the plan's `kem_theo.cua`, else the issuing body.
    """
    spec = plan.layout.annex
    if spec is not None and spec.attached_line is not None:
        return spec.attached_line
    doc = plan.document
    prefix = spec.attached_prefix if spec is not None else ""
    numeric = spec.attached_numeric_date if spec is not None else None
    if plan.decision is not None:
        by = (spec.attached_by if spec is not None else "") or doc.attached_by or plan.issuer.name
        return attached_line(plan, prefix=prefix, by=by, numeric=numeric)
    by = (spec.attached_by if spec is not None else "") or plan.issuer.name
    ref = reference(doc.number, "KH", plan.issuer.abbreviation)
    when = (numeric_date(doc.date) if numeric else long_date(doc.date)).removeprefix("ngày ")
    return f"({prefix or 'Kèm theo Kế hoạch số'} {ref} ngày {when} của {by})"


def annex_context(plan: Plan) -> dict[str, Any]:
    """Return the data of the task annex table: group rows, task rows and sub-rows.

    Each task row says whether it may split across pages (only when it would not fit in a
    fifth of a page: a taller row kept whole could leave that much of a page blank) and
    whether it keeps with the next row: a task keeps with its sub-rows when they all fit
    in a fifth of a page, else with its first sub-row only, so a task never sits alone at
    the bottom of a page.
    """
    spec = plan.layout.annex
    notes = plan.document.notes
    numbered_groups = spec is not None and spec.group_rows == "tach"
    mark = "- " if spec is None or spec.part_mark else ""
    rows: list[dict[str, Any]] = []
    for group in plan.groups:
        if numbered_groups:   # with the cells of a task row too: a template older than group_tt prints it as one
            rows.append({"kind": "group_tt", "number": roman(group.index), "title": group.title,
                         "content": Rich.spans(Span(group.title, bold=True)), "details": [], "lead": [""],
                         "support": [""], "deadline": [""], "products": [""], "keep": True, "split": False})
        else:
            rows.append({"kind": "group", "title": f"{roman(group.index)}. {group.title}"})
        for task in group.tasks:
            unit = [_annex_row(plan.annex_tt(task), Rich.of(task.content, notes), task, notes)]
            unit += [_annex_row("", Rich.of(f"{mark}{part.content}", notes), part, notes) for part in task.parts]
            rows.extend(_kept_together(unit))
    return {
        "label": spec.label if spec else "Phụ lục",
        "title": list(spec.title) if spec else [],
        "attached_line": annex_attached_line(plan),
        "columns": dict(spec.columns) if spec else {},
        "rows": rows,
    }


def _kept_together(unit: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mark the rows of one task (its row, then its sub-rows) to keep together as far as they fit."""
    heights = [row.pop("height") for row in unit]
    for row, height in zip(unit, heights):
        row["split"] = height > KEEP_TOGETHER_PT
    if len(unit) > 1:
        whole = sum(heights) <= KEEP_TOGETHER_PT
        for row in unit[:-1] if whole else unit[:1]:
            row["keep"] = not row["split"]
    return unit


def _annex_row(number: str, content: Rich, item: Task | SubTask, notes: dict[str, str]) -> dict[str, Any]:
    if item.products and (getattr(item, "products_as_list", False) or len(item.products) > 1):
        products = [f"- {p}" for p in item.products]
    else:
        products = _cell_lines(item.products[0] if item.products else "")
    details = [Rich.of(_marked(line), notes) for line in getattr(item, "details", ())]
    row = {
        "kind": "task",
        "number": number,
        "content": content,
        "details": details,
        "lead": _cell_lines(item.lead.text if item.lead else ""),
        "support": _cell_lines(item.support.text if item.support else ""),
        "deadline": _cell_lines(item.deadline),
        "products": products,
        "keep": False,
        "split": False,
    }
    row["height"] = row_height_pt([[number], [content.text, *(d.text for d in details)], row["lead"],
                                   row["support"], row["deadline"], products])
    return row
