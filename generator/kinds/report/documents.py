"""The report's document: a unit's Báo cáo phục vụ kiểm tra, blank (figures "...") or filled in.

Pure functions: an outline and a unit (and a report's figures) in, the data of
`templates/bao-cao.docx` out.
"""

from __future__ import annotations

from typing import Any

from generator.domain.vietnamese import format_number, place_date_line, reference
from generator.kinds.document import Document, TemplateContract
from generator.kinds.official.documents import (
    BODY_NEEDS,
    HEADER_NEEDS,
    NUMBER_NEEDS,
    SIGNATURE_NEEDS,
    Paragraphs,
    body_data,
    header,
    recipient_lines,
    signer_data,
)
from generator.kinds.official.model import Issuer
from generator.kinds.outline.documents import outline_body
from generator.kinds.outline.model import PLACEHOLDER, Field, Outline
from generator.kinds.report.model import Report, Unit
from generator.source.fields import DocDate, Signer

FILE_NAME = "bao-cao-kiem-tra.docx"
REPORT = TemplateContract("bao-cao.docx", {
    **HEADER_NEEDS, **NUMBER_NEEDS, **SIGNATURE_NEEDS, **BODY_NEEDS, "doc.period_line": "dòng kỳ số liệu",
})


def _context(outline: Outline, unit: Unit, *, number: str, date: DocDate, summary: tuple[str, ...],
             period_line: str, body: Paragraphs, signer: Signer, recipients: tuple[str, ...],
             archive: str) -> dict[str, Any]:
    issuer = Issuer(unit.name, unit.place, unit.abbreviation, unit.lines, unit.supervisor)
    date_line = place_date_line(unit.place, date)
    context = header(issuer, summary, date_line)
    context["doc"] = {
        "number_line": "Số: " + reference(number, "BC", unit.abbreviation),
        "date_line": date_line,
        "summary": list(summary),
        "period_line": period_line,
        "recipients": recipient_lines(recipients, archive),
    }
    context["signer"] = signer_data(signer)
    context["body"] = body_data(body, signed=True)
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


def documents(report: Report) -> list[Document]:
    """Return the document `kehoach report` writes: the filled report."""
    return [Document(FILE_NAME, REPORT, report_context(report))]
