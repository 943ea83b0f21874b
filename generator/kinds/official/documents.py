"""Template data every official document shares: the header block, the Quyết định, the Kế hoạch body.

Pure functions: no files, no docxtpl. Text that may carry inline emphasis is returned as
`Rich` (a tuple of spans); the renderer turns it into Word runs. Every kind's document
builders start from these, so a header or a signature looks the same in every document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from generator.domain.inline import Rich
from generator.domain.textwidth import text_width_pt
from generator.kinds.document import TemplateContract
from generator.kinds.official.layout import (
    HEADER_CELL_PT,
    LANDSCAPE_TEXT_PT,
    TEXT_PT,
    TIEU_NGU,
    header_fit,
)
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

RULE_CHAR_PT = 6.5             # width of "_" at 13 pt (the "Duong ke" style)

Paragraphs = list[tuple[str, Rich]]
"""A document body: (kind, text) paragraphs, kind being "section", "heading", "task", "body", or
"lead" (body text opening the items under it: kept with the next paragraph)."""

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


def header(issuer: Issuer, summary: tuple[str, ...] | list[str], date_line: str = "") -> dict[str, Any]:
    """Return the data of the header block (issuer, rules, fit) of a document titled by `summary`.

    `fit` says how the block prints so that Quốc hiệu, Tiêu ngữ and `date_line` (the
    địa danh–ngày line, "" when the document has none) each stay on one line: ``compact``
    for the 12/13/13 pt size set, ``columns`` (twips) when the right cell must widen.
    """
    name_width = widest(issuer.name_lines, 13, True, HEADER_CELL_PT)
    fit = header_fit(date_line)
    return {
        "issuer": {"supervisor": issuer.supervisor, "lines": list(issuer.name_lines)},
        "rules": {
            "issuer": rule(name_width, 0.4),
            "motto": rule(text_width_pt(TIEU_NGU, fit.motto_size, bold=True), 1.0),
            "summary": title_rule(tuple(summary)),
        },
        "fit": {"compact": fit.compact, "columns": list(fit.columns) if fit.columns else None},
    }


HEADING_KINDS = ("section", "heading", "task")
_NUMBER = re.compile(r"^((?:\d+\.)+) ")


def _level(kind: str, text: Rich) -> int:
    """Return a heading's depth: 0 for "I. …", 1 for "1. …", 2 for "1.1. …"."""
    if kind == "section":
        return 0
    number = _NUMBER.match(text.text)
    return number.group(1).count(".") if number else 1


def body_data(paragraphs: Paragraphs, *, signed: bool = False) -> list[dict[str, Any]]:
    """Return body paragraphs as the templates' ``body`` loop reads them: kind, text, keep.

    `keep` (keep with the next paragraph) holds a heading to its first line of content,
    and only to that: a heading followed by a heading of its own level or higher has no
    content to keep (an outline's empty headings), so a run of them never chains into one
    block that leaves a page half empty. A "lead" paragraph (a list item with items under
    it, "- Sản phẩm:" before its "+" lines) keeps with its first item and prints as body
    text. With `signed`, the last paragraph keeps with Nơi nhận and the signature.
    """
    out = []
    for i, (kind, text) in enumerate(paragraphs):
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if kind in HEADING_KINDS:
            keep = following is not None and not (
                following[0] in HEADING_KINDS and _level(*following) <= _level(kind, text))
        else:
            keep = kind == "lead" and following is not None
        out.append({"kind": "body" if kind == "lead" else kind, "text": text, "keep": keep})
    if signed and out:
        out[-1]["keep"] = True
    return out


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
    date_line = place_date_line(plan.issuer.place, decision.date)
    return {
        **header(plan.issuer, decision.summary, date_line),
        "doc": {
            "number_line": "Số: " + reference(decision.number, "QĐ", plan.issuer.abbreviation),
            "date_line": date_line,
            "summary": list(decision.summary),
            "authority": decision.authority,
            "grounds": [Rich.of(g, decision.notes) for g in grounds],
            "articles": [Rich.of(a, decision.notes) for a in articles],
            "recipients": recipient_lines(decision.recipients, decision.archive),
        },
        "signer": signer_data(decision.signer),
    }


def attached_line(plan: IssuedPlan, *, prefix: str = "", by: str | None = None,
                  numeric: bool | None = None) -> str:
    """Return "(Kèm theo Quyết định số … ngày … của …)" for a plan issued with a Quyết định.

    `prefix`, `by` and `numeric` override the plan's `kem_theo` (an annex's own line).
    """
    decision, doc = plan.decision, plan.document
    if decision is None:
        return ""
    ref = reference(decision.number, "QĐ", plan.issuer.abbreviation)
    numeric = doc.attached_numeric_date if numeric is None else numeric
    when = numeric_date(decision.date) if numeric else long_date(decision.date)
    when = when.removeprefix("ngày ")
    by = doc.attached_by if by is None else by
    of = f" của {by}" if by else ""
    return f"({prefix or doc.attached_prefix} {ref} ngày {when}{of})"


def plan_document_context(plan: IssuedPlan, body: Paragraphs) -> dict[str, Any]:
    """Return the template data of a Kế hoạch: header, title block, `body`, signature when standalone."""
    doc = plan.document
    standalone = plan.decision is None
    date_line = place_date_line(plan.issuer.place, doc.date) if standalone else ""
    context = header(plan.issuer, doc.summary, date_line)
    context["doc"] = {
        "number_line": ("Số: " + reference(doc.number, "KH", plan.issuer.abbreviation)) if standalone else "",
        "date_line": date_line,
        "summary": list(doc.summary),
        "attached_line": attached_line(plan),
        "recipients": recipient_lines(doc.recipients, doc.archive) if standalone else [],
    }
    context["signer"] = signer_data(doc.signer) if standalone else None
    context["body"] = body_data(body, signed=context["signer"] is not None)
    return context


TaskSection = Callable[[list[tuple[str, "str | Rich"]]], None]
"""Appends a task list to the body paragraphs (the task plan's numbered tasks)."""


def mentions_annex(doc: PlanDocument) -> bool:
    """Return whether the Kế hoạch's own text refers to a Phụ lục."""
    return any("phụ lục" in text.casefold() for text in doc.texts())


def plan_body(doc: PlanDocument, tasks: TaskSection | None, *, annex_pointer: str = "") -> Paragraphs:
    """Return the Kế hoạch body as (kind, text) paragraphs, numbered and punctuated.

    `tasks` writes the task list into the section marked ``nhiem_vu: true`` (added as
    "NHIỆM VỤ CỤ THỂ" when no section is marked). When the tasks are in an annex,
    `annex_pointer` is the sentence sending the reader to it: the marked section keeps its
    heading and text and ends with it (as does an added "NHIỆM VỤ CỤ THỂ" section, when
    the body does not mention the Phụ lục already). A kind with no tasks (neither) leaves
    the marked section out.
    """
    out: list[tuple[str, str | Rich]] = [("body", p) for p in doc.intro]
    sections = list(doc.sections)
    marked = any(s.holds_tasks for s in sections)
    if tasks is None and not annex_pointer:
        sections = [s for s in sections if not s.holds_tasks]
    elif not marked and (tasks is not None or not mentions_annex(doc)):
        sections.append(Section("NHIỆM VỤ CỤ THỂ", (), True))
    for number, section in enumerate(sections, start=1):
        out.append(("section", f"{roman(number)}. {section.title}"))
        _blocks(out, section.children, doc.letters, prefix="")
        if section.holds_tasks and tasks is not None:
            tasks(out)
        elif section.holds_tasks and annex_pointer:
            out.append(("body", annex_pointer))
    if doc.closing:
        out.append(("body", doc.closing))
    if out:
        kind, last = out[-1]
        if isinstance(last, str):
            out[-1] = (kind, final_mark(last))
    return [(kind, text if isinstance(text, Rich) else Rich.of(text, doc.notes)) for kind, text in out]


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
                out.append(("lead" if item.children else "body", f"{prefix}{counter}. {item.text}"))
                _blocks(out, item.children, letters, prefix=f"{prefix}{counter}.")
        elif isinstance(block, Points):
            for i, item in enumerate(block.items):
                out.append(("lead" if item.children else "body",
                            f"{letter(i, block.letters or letters)}) {item.text}"))
                _blocks(out, item.children, letters, prefix=prefix)
        elif isinstance(block, Bullets):
            for item in block.items:
                out.append(("lead" if item.children else "body", f"{block.mark} {item.text}"))
                _blocks(out, item.children, letters, prefix=prefix)


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
