"""Template data every official document shares: the header block, the Quyết định, the Kế hoạch body.

Pure functions: no files, no docxtpl. Text that may carry inline emphasis is returned as
`Rich` (a tuple of spans); the renderer turns it into Word runs. Every kind's document
builders start from these, so a header or a signature looks the same in every document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.domain.inline import Rich
from generator.domain.textwidth import text_width_pt
from generator.kinds.document import TemplateContract
from generator.domain.vietnamese import final_mark, letter, long_date, numeric_date, place_date_line, reference, roman
from generator.kinds.official.model import (
    Block,
    Bullets,
    Heading,
    IssuedPlan,
    Issuer,
    Numbered,
    Paragraph,
    PlanDocument,
    Points,
    Section,
)
from generator.source.fields import Signer

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
RULE_CHAR_PT = 6.5             # width of "_" at 13 pt (the "Duong ke" style)
HEADER_CELL_PT = 3630 / 20     # left header cell width, points
TEXT_PT = 9355 / 20            # portrait text width, points
LANDSCAPE_TEXT_PT = 14570 / 20

Paragraphs = list[tuple[str, Rich]]
"""A document body: (kind, text) paragraphs, kind being "section", "heading", "task" or "body"."""

# What the templates print from `header` and the title, number and signature blocks: the
# pieces of every template contract (`generator.kinds.kind.TemplateContract`).
HEADER_NEEDS = {
    "issuer.supervisor": "cơ quan chủ quản",
    "issuer.lines": "tên cơ quan ban hành",
    "rules.issuer": "đường kẻ dưới tên cơ quan",
    "rules.motto": "đường kẻ dưới tiêu ngữ",
    "doc.summary": "trích yếu",
    "rules.summary": "đường kẻ dưới trích yếu",
}
NUMBER_NEEDS = {"doc.number_line": "số, ký hiệu văn bản", "doc.date_line": "địa danh, ngày tháng năm"}
SIGNATURE_NEEDS = {
    "doc.recipients": "nơi nhận",
    "signer.authority": "quyền hạn ký (TM., KT. …)",
    "signer.title": "chức vụ người ký",
    "signer.name": "họ tên người ký",
}
BODY_NEEDS = {"body": "nội dung văn bản"}


def rule(width_pt: float, fraction: float) -> str:
    """Return the underscores drawing a short line `fraction` of `width_pt` long."""
    return "_" * max(3, round(width_pt * fraction / RULE_CHAR_PT))


def widest(lines: tuple[str, ...] | list[str], size: float, bold: bool, limit: float) -> float:
    """Return the printed width of the widest of `lines`, at most `limit` points."""
    return min(limit, max((text_width_pt(line, size, bold=bold) for line in lines), default=0.0))


def title_rule(lines: tuple[str, ...] | list[str], *, landscape: bool = False) -> str:
    """Return the short rule under a bold 14 pt title made of `lines`."""
    return rule(widest(lines, 14, True, LANDSCAPE_TEXT_PT if landscape else TEXT_PT), 0.4)


def signer_data(signer: Signer | None) -> dict[str, str] | None:
    """Return the signature block's data."""
    if signer is None:
        return None
    return {"authority": signer.authority, "title": signer.title, "name": signer.name}


def recipient_lines(items: tuple[str, ...], archive: str) -> list[str]:
    """Return the Nơi nhận lines: "- …;" for each recipient, then "- Lưu: ….". """
    return [f"- {item};" for item in items] + [f"- Lưu: {archive}."]


DECISION = TemplateContract("quyet-dinh.docx", {
    **HEADER_NEEDS, **NUMBER_NEEDS, **SIGNATURE_NEEDS,
    "doc.authority": "thẩm quyền ban hành", "doc.grounds": "các căn cứ", "doc.articles": "các Điều",
})


def header(issuer: Issuer, summary: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """Return the data of the header block (issuer, rules) of a document titled by `summary`."""
    name_width = widest(issuer.name_lines, 13, True, HEADER_CELL_PT)
    return {
        "issuer": {"supervisor": issuer.supervisor, "lines": list(issuer.name_lines)},
        "rules": {
            "issuer": rule(name_width, 0.4),
            "motto": rule(text_width_pt(TIEU_NGU, 14, bold=True), 1.0),
            "summary": title_rule(tuple(summary)),
        },
    }


def body_data(paragraphs: Paragraphs) -> list[dict[str, Any]]:
    """Return body paragraphs as the templates' ``body`` loop reads them."""
    return [{"kind": kind, "text": text} for kind, text in paragraphs]


def decision_context(plan: IssuedPlan) -> dict[str, Any]:
    """Return the template data of the Quyết định issuing `plan`."""
    decision = plan.decision
    if decision is None:
        raise ValueError("plan has no Quyết định")
    grounds = [f"{g};" for g in decision.grounds]
    if decision.proposal:
        grounds.append(f"{decision.proposal}.")
    elif grounds:
        grounds[-1] = grounds[-1][:-1] + "."
    articles = list(decision.articles)
    articles[-1] = final_mark(articles[-1])
    return {
        **header(plan.issuer, decision.summary),
        "doc": {
            "number_line": "Số: " + reference(decision.number, "QĐ", plan.issuer.abbreviation),
            "date_line": place_date_line(plan.issuer.place, decision.date),
            "summary": list(decision.summary),
            "authority": decision.authority,
            "grounds": [Rich.of(g) for g in grounds],
            "articles": [Rich.of(a) for a in articles],
            "recipients": recipient_lines(decision.recipients, decision.archive),
        },
        "signer": signer_data(decision.signer),
    }


def attached_line(plan: IssuedPlan) -> str:
    """Return "(Kèm theo Quyết định số … ngày … của …)" for a plan issued with a Quyết định."""
    decision, doc = plan.decision, plan.document
    if decision is None:
        return ""
    ref = reference(decision.number, "QĐ", plan.issuer.abbreviation)
    when = numeric_date(decision.date) if doc.attached_numeric_date else long_date(decision.date)
    when = when.removeprefix("ngày ")
    by = f" của {doc.attached_by}" if doc.attached_by else ""
    return f"({doc.attached_prefix} {ref} ngày {when}{by})"


def plan_document_context(plan: IssuedPlan, body: Paragraphs) -> dict[str, Any]:
    """Return the template data of a Kế hoạch: header, title block, `body`, signature when standalone."""
    doc = plan.document
    context = header(plan.issuer, doc.summary)
    standalone = plan.decision is None
    context["doc"] = {
        "number_line": ("Số: " + reference(doc.number, "KH", plan.issuer.abbreviation)) if standalone else "",
        "date_line": place_date_line(plan.issuer.place, doc.date) if standalone else "",
        "summary": list(doc.summary),
        "attached_line": attached_line(plan),
        "recipients": recipient_lines(doc.recipients, doc.archive) if standalone else [],
    }
    context["signer"] = signer_data(doc.signer) if standalone else None
    context["body"] = body_data(body)
    return context


TaskSection = Callable[[list[tuple[str, "str | Rich"]]], None]
"""Appends a task list to the body paragraphs (the task plan's numbered tasks)."""


def plan_body(doc: PlanDocument, tasks: TaskSection | None) -> Paragraphs:
    """Return the Kế hoạch body as (kind, text) paragraphs, numbered and punctuated.

    `tasks` writes the task list into the section marked ``nhiem_vu: true`` (added as
    "NHIỆM VỤ CỤ THỂ" when no section is marked); without it (tasks in an annex, or a plan
    kind with no tasks) the marked section is left out.
    """
    out: list[tuple[str, str | Rich]] = [("body", p) for p in doc.intro]
    sections = list(doc.sections)
    if tasks is None:
        sections = [s for s in sections if not s.holds_tasks]
    elif not any(s.holds_tasks for s in sections):
        sections.append(Section("NHIỆM VỤ CỤ THỂ", (), True))
    for number, section in enumerate(sections, start=1):
        out.append(("section", f"{roman(number)}. {section.title}"))
        _blocks(out, section.children, doc.letters, prefix="")
        if section.holds_tasks and tasks is not None:
            tasks(out)
    if doc.closing:
        out.append(("body", doc.closing))
    if out:
        kind, last = out[-1]
        if isinstance(last, str):
            out[-1] = (kind, final_mark(last))
    return [(kind, text if isinstance(text, Rich) else Rich.of(text)) for kind, text in out]


def _blocks(out: list[tuple[str, str | Rich]], blocks: tuple[Block, ...], letters: str, prefix: str) -> None:
    counter = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(("body", block.text))
        elif isinstance(block, Heading):
            counter += 1
            out.append(("heading", f"{prefix}{counter}. {block.title}"))
            _blocks(out, block.children, letters, prefix=f"{prefix}{counter}.")
        elif isinstance(block, Numbered):
            for item in block.items:
                counter += 1
                out.append(("body", f"{prefix}{counter}. {item}"))
        elif isinstance(block, Points):
            for i, point in enumerate(block.items):
                out.append(("body", f"{letter(i, block.letters or letters)}) {point.text}"))
                _blocks(out, point.children, letters, prefix=prefix)
        elif isinstance(block, Bullets):
            out.extend(("body", f"{block.mark} {item}") for item in block.items)


def collective_signature(issuer: Issuer, signer: Signer | None) -> dict[str, Any] | None:
    """Return the signature lines of a document the issuing body signs (TM. … / chức vụ / họ tên)."""
    if signer is None:
        return None
    signature = []
    collective = next((lead for lead in ("ủy ban nhân dân", "uỷ ban nhân dân")
                       if issuer.name.casefold().startswith(lead)), None)
    if collective and not signer.authority.upper().startswith("TM."):
        signature.append("TM. ỦY BAN NHÂN DÂN")
    if signer.authority:
        signature.append(signer.authority)
    signature.append(signer.title)
    return {"lines": signature, "name": signer.name}
