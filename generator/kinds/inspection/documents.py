"""The inspection plan's documents: its Quyết định and the Kế hoạch kiểm tra with Phụ lục I and II.

Pure functions: an inspection plan in, the data of `templates/quyet-dinh.docx` and
`templates/ke-hoach-kiem-tra.docx` out. Header, Quyết định and body are the task plan's
(`generator.kinds.official.documents`); only the task list is absent.
"""

from __future__ import annotations

from typing import Any

from generator.domain.inline import Rich
from generator.domain.vietnamese import roman
from generator.kinds.inspection.model import InspectionPlan
from generator.kinds.document import Document, TemplateContract
from generator.kinds.official.documents import (
    BODY_NEEDS,
    DECISION,
    HEADER_NEEDS,
    NUMBER_NEEDS,
    SIGNATURE_NEEDS,
    Paragraphs,
    body_data,
    decision_context,
    plan_body,
    plan_document_context,
    title_rule,
)
from generator.kinds.outline.documents import issued_body

__all__ = ["INSPECTION_PLAN", "annexes_context", "decision_context", "documents", "plan_context"]

INSPECTION_PLAN = TemplateContract("ke-hoach-kiem-tra.docx", {
    **HEADER_NEEDS, **NUMBER_NEEDS, **SIGNATURE_NEEDS, **BODY_NEEDS,
    "doc.attached_line": "dòng (Kèm theo Quyết định …)", "annexes": "Phụ lục I (đề cương) và Phụ lục II (đơn vị)",
})


def documents(inspection: InspectionPlan) -> list[Document]:
    """Return the documents `kehoach build` writes for `inspection`: its Quyết định (if any) and Kế hoạch."""
    out = []
    if inspection.issued.decision is not None:
        out.append(Document("quyet-dinh.docx", DECISION, decision_context(inspection.issued)))
    out.append(Document("ke-hoach.docx", INSPECTION_PLAN, plan_context(inspection)))
    return out


def annexes_context(inspection: InspectionPlan) -> list[dict[str, Any]]:
    """Return the data of Phụ lục I (the outline) and Phụ lục II (the units)."""
    outline = inspection.outline
    units: Paragraphs = []
    for number, group in enumerate(inspection.unit_groups, start=1):
        units.append(("heading", Rich.of(f"{number}. {group.title}")))
        units.extend(("body", Rich.of(f"- ({i}) {name}")) for i, name in enumerate(group.units, start=1))
    annexes = [
        ([outline.title], [outline.subtitle] if outline.subtitle else [], issued_body(outline)),
        (list(inspection.units_title), [], units),
    ]
    out = []
    for index, (title, subtitle, body) in enumerate(annexes, start=1):
        out.append({
            "label": f"Phụ lục {roman(index)}",
            "title": title + subtitle,
            "rule": title_rule(title + subtitle),
            "body": body_data(body),
        })
    return out


def plan_context(inspection: InspectionPlan) -> dict[str, Any]:
    """Return the template data of the Kế hoạch kiểm tra with its annexes."""
    context = plan_document_context(inspection.issued, plan_body(inspection.issued.document, None))
    context["annexes"] = annexes_context(inspection)
    return context
