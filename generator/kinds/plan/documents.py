"""The task plan's documents: the Quyết định and the Kế hoạch with its task list or task annex.

Pure functions: a plan in, the data of `templates/quyet-dinh.docx` and `ke-hoach.docx` out.
"""

from __future__ import annotations

from typing import Any

from generator.domain.inline import Rich, Span
from generator.domain.tasks import SubTask, Task
from generator.domain.vietnamese import long_date, reference, roman
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
    in_annex = plan.layout.in_annex
    body = plan_body(plan.document, None if in_annex else lambda out: task_items(out, plan))
    context = plan_document_context(plan, body)
    context["annex"] = annex_context(plan) if in_annex else None
    spec = plan.layout.annex
    context["rules"]["annex"] = title_rule(spec.title, landscape=True) if in_annex and spec else ""
    return context


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
            out.append(("body", f"- {labels['san_pham']}:"))
            out.extend(("body", f"+ {p}") for p in products)
        else:
            out.append(("body", f"- {labels['san_pham']}: {products[0]}"))
    if item.deadline:
        out.append(("body", f"- {labels['thoi_gian']}: {item.deadline}"))


def task_items(out: list[tuple[str, str | Rich]], plan: Plan) -> None:
    """Append the plan's tasks to `out` as numbered items: lĩnh vực headings, tasks, their lines."""
    labels = plan.layout.labels
    for group in plan.groups:
        out.append(("heading", f"{group.index}. {group.title}"))
        for task in group.tasks:
            out.append(("task", f"{task.code}. {task.content}"))
            lead_label = task.lead_label or labels["chu_tri"]
            support_label = task.support_label or labels["phoi_hop"]
            _task_lines(out, task, labels, lead_label, support_label)
            for part in task.parts:
                out.append(("body", f"+ {part.content}:"))
                _task_lines(out, part, labels, labels["chu_tri"], labels["phoi_hop"])


# --- tasks as the annex table -----------------------------------------------------------------

def annex_attached_line(plan: Plan) -> str:
    """Return the "(Kèm theo …)" line under the annex title."""
    spec = plan.layout.annex
    if spec is not None and spec.attached_line:
        return spec.attached_line
    if plan.decision is not None:
        return attached_line(plan)
    doc = plan.document
    ref = reference(doc.number, "KH", plan.issuer.abbreviation)
    return f"(Kèm theo Kế hoạch số {ref} {long_date(doc.date)} của {plan.issuer.name})"


def _cell_lines(text: str | None) -> list[str]:
    return [text] if text else [""]


def annex_context(plan: Plan) -> dict[str, Any]:
    """Return the data of the task annex table: group rows, task rows and sub-rows."""
    spec = plan.layout.annex
    rows: list[dict[str, Any]] = []
    for group in plan.groups:
        rows.append({"kind": "group", "title": f"{roman(group.index)}. {group.title}"})
        for task in group.tasks:
            rows.append(_annex_row(str(task.seq), Rich.of(task.content), task))
            for part in task.parts:
                rows.append(_annex_row("", Rich.of(f"- {part.content}"), part))
    return {
        "label": "PHỤ LỤC",
        "title": list(spec.title) if spec else [],
        "attached_line": annex_attached_line(plan),
        "columns": dict(spec.columns) if spec else {},
        "rows": rows,
    }


def _annex_row(number: str, content: Rich, item: Task | SubTask) -> dict[str, Any]:
    if item.products and (getattr(item, "products_as_list", False) or len(item.products) > 1):
        products = [f"- {p}" for p in item.products]
    else:
        products = _cell_lines(item.products[0] if item.products else "")
    return {
        "kind": "task",
        "number": number,
        "content": content,
        "lead": _cell_lines(item.lead.text if item.lead else ""),
        "support": _cell_lines(item.support.text if item.support else ""),
        "deadline": _cell_lines(item.deadline),
        "products": products,
    }
