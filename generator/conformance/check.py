"""Check Word documents against the rules: one file, or every .docx/.doc in folders.

`check_model` is pure (a read document in, a Report out). `check_file` adds the edges:
a .doc is converted to .docx by LibreOffice in a temporary folder, and with ``pdf=True``
the document is rendered to PDF (LibreOffice) so each finding gets its page number and
the page count is known exactly.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.conformance.findings import Finding, Report
from generator.conformance.layout import analyse
from generator.conformance.office import OfficeError, convert, pdf_page_texts
from generator.conformance.reader import DocModel, ReadError, read_docx
from generator.conformance.rules import RULES, Ctx

EXTENSIONS = (".docx", ".doc")


@dataclass
class PageMap:
    """Which PDF page each paragraph landed on, found by matching text in page order."""

    count: int
    pages: dict[int, int]

    def of(self, paragraph: int | None) -> int | None:
        return self.pages.get(paragraph) if paragraph else None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("\u00ad", "")


def page_map(model: DocModel, page_texts: list[str]) -> PageMap:
    """Return the page of every paragraph of `model` in the PDF whose page texts are given."""
    squashed = [_squash(t) for t in page_texts]
    pages: dict[int, int] = {}
    current = 0
    for p in model.paragraphs:
        key = _squash(p.full_text)
        if not key:
            pages[p.index] = current + 1
            continue
        found = None
        for length in (30, 12, 6):
            probe = key[:length]
            for k in range(current, min(len(squashed), current + 3)):
                if probe in squashed[k]:
                    found = k
                    break
            if found is not None:
                break
        if found is not None:
            current = found
        pages[p.index] = current + 1
    return PageMap(len(page_texts), pages)


def check_model(model: DocModel, pages: PageMap | None = None) -> Report:
    """Return the report of every rule that applies to the document's kind."""
    if pages is not None:
        model.stored_pages = pages.count
        for section in model.sections:
            spans = [pages.of(p.index) for p in section.paragraphs if pages.of(p.index)]
            section.page_span = (max(spans) - min(spans) + 1) if spans else None
    layout = analyse(model)
    ctx = Ctx(model, layout)
    report = Report(path=str(model.path), kind_code=layout.kind.code, kind_label=layout.kind.label,
                    pages=pages.count if pages is not None else None)
    for rule in RULES:
        if not rule.applies_to(layout.kind.code):
            report.not_applicable.append(rule)
            continue
        issues = rule.check(ctx)
        if issues is None:
            report.not_applicable.append(rule)
        elif issues:
            for issue in issues:
                if pages is not None:
                    issue.place.page = pages.of(issue.place.paragraph) or _section_page(model, pages, issue.place)
                report.findings.append(Finding(rule, issue.place, issue.problem, issue.expected or rule.expects))
        else:
            report.passed.append(rule)
    if layout.header_layout == "đoạn văn":
        report.notes.append("Phần tiêu đề gõ bằng đoạn văn (không dùng bảng): vị trí trái/phải được đoán theo "
                            "dấu tab; dùng --pdf để xem trang.")
    return report


def _section_page(model: DocModel, pages: PageMap, place) -> int | None:
    if place.section is None:
        return None
    section = model.sections[place.section - 1]
    first = next((p for p in section.paragraphs), None)
    return pages.of(first.index) if first is not None else None


def open_document(path: Path, workdir: Path) -> tuple[DocModel, Path, list[str]]:
    """Read `path` (.docx, or .doc through LibreOffice); return the model, the .docx read and notes."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise ReadError("không có tệp này.")
    if path.is_dir():
        raise ReadError("là một thư mục, không phải tệp.")
    if suffix == ".doc":
        copy = workdir / "in" / f"vanban{suffix}"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes())
        try:
            docx = convert(copy, "docx:MS Word 2007 XML", workdir / "docx")
        except OfficeError as exc:
            raise ReadError(f"không đọc được tệp .doc: {exc}") from exc
        model = read_docx(docx)
        model.path = path
        return model, docx, ["Tệp .doc đã được LibreOffice chuyển sang .docx để kiểm tra."]
    if suffix != ".docx":
        raise ReadError("không phải tệp Word (.docx hoặc .doc).")
    return read_docx(path), path, []


def check_file(path: str | Path, *, pdf: bool = False) -> Report:
    """Check one file; a file that cannot be read gives a report with `error` set (exit 2)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="kehoach-kiem-tra-") as tmp:
        work = Path(tmp)
        try:
            model, docx, notes = open_document(path, work)
        except ReadError as exc:
            return Report(path=str(path), error=str(exc))
        pages = None
        if pdf:
            try:
                staged = work / "pdf" / "vanban.docx"
                staged.parent.mkdir(parents=True, exist_ok=True)
                staged.write_bytes(docx.read_bytes())
                out = convert(staged, "pdf:writer_pdf_Export", work / "pdf")
                pages = page_map(model, pdf_page_texts(out))
            except OfficeError as exc:
                notes.append(f"Không tạo được PDF để ghi số trang: {exc}")
        report = check_model(model, pages)
        report.path = str(path)
        report.notes = notes + report.notes
        return report


def document_files(paths: Sequence[str]) -> list[Path]:
    """Return the files named in `paths`, folders expanded to their .docx/.doc files (sorted)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = [f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in EXTENSIONS
                     and not f.name.startswith(("~$", ".")) and not any(part.startswith(".") for part in
                                                                         f.relative_to(p).parts[:-1])]
            out.extend(sorted(found, key=lambda f: str(f)))
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def check_paths(paths: Sequence[str], *, pdf: bool = False) -> list[Report]:
    """Check every file in `paths` (folders expanded); one report each."""
    return [check_file(f, pdf=pdf) for f in document_files(paths)]


def exit_code(reports: list[Report]) -> int:
    """Return 0 when every file passes, 1 when a rule is broken, 2 when a file could not be read."""
    return max((r.exit_code for r in reports), default=0)

