"""Document builders: a plan in, the data each Word template needs out.

Pure functions: no files, no docxtpl. Text that may carry inline emphasis is returned as
`Rich` (a tuple of spans); the renderer turns it into Word runs.
"""

from __future__ import annotations

from typing import Any

from generator import dates
from generator.inline import Span, parse
from generator.model import (
    Block,
    Bullets,
    Heading,
    Numbered,
    Paragraph,
    Plan,
    PlanDocument,
    Points,
    Section,
    Signer,
    Task,
)
from generator.textwidth import text_width_pt

LETTERS = {
    "viet": "a b c d đ e g h i k l m n o p q r s t u v x y".split(),
    "latinh": "a b c d đ e f g h i j k l m n o p q r s t u v w x y z".split(),
    "latinh_khong_d": "a b c d e f g h i j k l m n o p q r s t u v w x y z".split(),
}
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
_RULE_CHAR_PT = 6.5            # width of "_" at 13 pt (the "Duong ke" style)
_HEADER_CELL_PT = 3630 / 20    # left header cell width, points
_TEXT_PT = 9355 / 20           # portrait text width, points
_LANDSCAPE_TEXT_PT = 14570 / 20


class Rich(tuple):
    """Text with emphasis: a tuple of `Span`."""

    @classmethod
    def of(cls, text: str) -> Rich:
        """Return the rich form of plan text with inline markup."""
        return cls(parse(text))

    @classmethod
    def spans(cls, *spans: Span) -> Rich:
        """Return rich text made of the given spans."""
        return cls(s for s in spans if s.text)

    @property
    def text(self) -> str:
        """Return the plain text."""
        return "".join(s.text for s in self)


def roman(n: int) -> str:
    """Return `n` in Roman numerals."""
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def letter(index: int, scheme: str) -> str:
    """Return the letter of the `index`-th (0-based) điểm: a, b, c, d, đ, …"""
    letters = LETTERS[scheme]
    if index < len(letters):
        return letters[index]
    return letters[index % len(letters)] + str(index // len(letters))


def final_mark(text: str) -> str:
    """Return `text` ending with "./." as the last paragraph of a document must."""
    if text.endswith("./."):
        return text
    return text.rstrip(" .") + "./."


def rule(width_pt: float, fraction: float) -> str:
    """Return the underscores drawing a short line `fraction` of `width_pt` long."""
    return "_" * max(3, round(width_pt * fraction / _RULE_CHAR_PT))


def _widest(lines: tuple[str, ...] | list[str], size: float, bold: bool, limit: float) -> float:
    return min(limit, max((text_width_pt(line, size, bold=bold) for line in lines), default=0.0))


def _signer(signer: Signer | None) -> dict[str, str] | None:
    if signer is None:
        return None
    return {"authority": signer.authority, "title": signer.title, "name": signer.name}


def _recipients(items: tuple[str, ...], archive: str) -> list[str]:
    return [f"- {item};" for item in items] + [f"- Lưu: {archive}."]


def _header(plan: Plan, summary: tuple[str, ...]) -> dict[str, Any]:
    issuer = plan.issuer
    name_width = _widest(issuer.name_lines, 13, True, _HEADER_CELL_PT)
    return {
        "issuer": {"supervisor": issuer.supervisor, "lines": list(issuer.name_lines)},
        "rules": {
            "issuer": rule(name_width, 0.4),
            "motto": rule(text_width_pt(TIEU_NGU, 14, bold=True), 1.0),
            "summary": rule(_widest(summary, 14, True, _TEXT_PT), 0.4),
        },
    }


def decision_context(plan: Plan) -> dict[str, Any]:
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
        **_header(plan, decision.summary),
        "doc": {
            "number_line": "Số: " + dates.reference(decision.number, "QĐ", plan.issuer.abbreviation),
            "date_line": dates.place_date_line(plan.issuer.place, decision.date),
            "summary": list(decision.summary),
            "authority": decision.authority,
            "grounds": [Rich.of(g) for g in grounds],
            "articles": [Rich.of(a) for a in articles],
            "recipients": _recipients(decision.recipients, decision.archive),
        },
        "signer": _signer(decision.signer),
    }


def attached_line(plan: Plan) -> str:
    """Return "(Kèm theo Quyết định số … ngày … của …)" for a plan issued with a Quyết định."""
    decision, doc = plan.decision, plan.document
    if decision is None:
        return ""
    ref = dates.reference(decision.number, "QĐ", plan.issuer.abbreviation)
    when = dates.numeric_date(decision.date) if doc.attached_numeric_date else dates.long_date(decision.date)
    when = when.removeprefix("ngày ")
    by = f" của {doc.attached_by}" if doc.attached_by else ""
    return f"({doc.attached_prefix} {ref} ngày {when}{by})"


def plan_context(plan: Plan) -> dict[str, Any]:
    """Return the template data of the Kế hoạch, with its task list or task annex."""
    doc = plan.document
    context = _header(plan, doc.summary)
    standalone = plan.decision is None
    context["doc"] = {
        "number_line": ("Số: " + dates.reference(doc.number, "KH", plan.issuer.abbreviation)) if standalone else "",
        "date_line": dates.place_date_line(plan.issuer.place, doc.date) if standalone else "",
        "summary": list(doc.summary),
        "attached_line": attached_line(plan),
        "recipients": _recipients(doc.recipients, doc.archive) if standalone else [],
    }
    context["signer"] = _signer(doc.signer) if standalone else None
    context["body"] = [{"kind": kind, "text": text} for kind, text in plan_body(plan)]
    context["annex"] = annex_context(plan) if doc.task_style == "phu_luc" else None
    if context["annex"]:
        context["rules"]["annex"] = rule(_widest(doc.annex.title if doc.annex else (), 14, True,
                                                 _LANDSCAPE_TEXT_PT), 0.4)
    return context


# --- body ---------------------------------------------------------------------------------

def plan_body(plan: Plan) -> list[tuple[str, Rich]]:
    """Return the Kế hoạch body as (kind, text) paragraphs, numbered and punctuated."""
    doc = plan.document
    out: list[tuple[str, str | Rich]] = [("body", p) for p in doc.intro]
    sections = list(doc.sections)
    if doc.task_style == "phu_luc":
        sections = [s for s in sections if not s.holds_tasks]
    elif not any(s.holds_tasks for s in sections):
        sections.append(Section("NHIỆM VỤ CỤ THỂ", (), True))
    for number, section in enumerate(sections, start=1):
        out.append(("section", f"{roman(number)}. {section.title}"))
        _blocks(out, section.children, doc, prefix="")
        if section.holds_tasks and doc.task_style == "muc":
            _task_items(out, plan)
    if doc.closing:
        out.append(("body", doc.closing))
    if out:
        kind, last = out[-1]
        if isinstance(last, str):
            out[-1] = (kind, final_mark(last))
    return [(kind, text if isinstance(text, Rich) else Rich.of(text)) for kind, text in out]


def _blocks(out: list[tuple[str, str | Rich]], blocks: tuple[Block, ...], doc: PlanDocument, prefix: str) -> None:
    counter = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(("body", block.text))
        elif isinstance(block, Heading):
            counter += 1
            out.append(("heading", f"{prefix}{counter}. {block.title}"))
            _blocks(out, block.children, doc, prefix=f"{prefix}{counter}.")
        elif isinstance(block, Numbered):
            for item in block.items:
                counter += 1
                out.append(("body", f"{prefix}{counter}. {item}"))
        elif isinstance(block, Points):
            for i, point in enumerate(block.items):
                out.append(("body", f"{letter(i, block.letters or doc.letters)}) {point.text}"))
                _blocks(out, point.children, doc, prefix=prefix)
        elif isinstance(block, Bullets):
            out.extend(("body", f"{block.mark} {item}") for item in block.items)


def _lead_line(label: str, text: str) -> Rich:
    ending = "" if text.endswith(".") else "."
    return Rich.spans(Span(f"- {label}: "), Span(text + ending, bold=True))


def _task_lines(out: list[tuple[str, str | Rich]], task_like: Task | Any, labels: dict[str, str],
                lead_label: str, support_label: str) -> None:
    if task_like.lead is not None and task_like.lead.text:
        out.append(("body", _lead_line(lead_label, task_like.lead.text)))
    if task_like.support is not None:
        out.append(("body", f"- {support_label}: {task_like.support.text}"))
    products = task_like.products
    if products:
        if getattr(task_like, "products_as_list", False) or len(products) > 1:
            out.append(("body", f"- {labels['san_pham']}:"))
            out.extend(("body", f"+ {p}") for p in products)
        else:
            out.append(("body", f"- {labels['san_pham']}: {products[0]}"))
    if task_like.deadline:
        out.append(("body", f"- {labels['thoi_gian']}: {task_like.deadline}"))


def _task_items(out: list[tuple[str, str | Rich]], plan: Plan) -> None:
    labels = plan.document.labels
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


# --- annex --------------------------------------------------------------------------------

def annex_attached_line(plan: Plan) -> str:
    """Return the "(Kèm theo …)" line under the annex title."""
    spec = plan.document.annex
    if spec is not None and spec.attached_line:
        return spec.attached_line
    if plan.decision is not None:
        return attached_line(plan)
    doc = plan.document
    ref = dates.reference(doc.number, "KH", plan.issuer.abbreviation)
    return f"(Kèm theo Kế hoạch số {ref} {dates.long_date(doc.date)} của {plan.issuer.name})"


def _cell_lines(text: str | None) -> list[str]:
    return [text] if text else [""]


def annex_context(plan: Plan) -> dict[str, Any]:
    """Return the data of the task annex table: group rows, task rows and sub-rows."""
    spec = plan.document.annex
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


def _annex_row(number: str, content: Rich, item: Any) -> dict[str, Any]:
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
