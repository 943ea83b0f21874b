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
    return check_files([Path(path)], pdf=pdf)[0]


def check_files(files: Sequence[Path], *, pdf: bool = False) -> list[Report]:
    """Check `files` (one report each, in order); with `pdf`, all PDFs are made in one LibreOffice run."""
    with tempfile.TemporaryDirectory(prefix="kehoach-kiem-tra-") as tmp:
        work = Path(tmp)
        opened: list[tuple[Path, DocModel | None, Path | None, list[str], str | None]] = []
        for i, path in enumerate(files):
            try:
                model, docx, notes = open_document(Path(path), work / f"{i:05d}")
            except ReadError as exc:
                opened.append((Path(path), None, None, [], str(exc)))
                continue
            opened.append((Path(path), model, docx, notes, None))
        pages: dict[int, PageMap] = {}
        if pdf:
            pages = _page_maps([(i, m, d) for i, (_, m, d, _, _) in enumerate(opened) if m is not None],
                               work / "pdf", opened)
        reports = []
        for i, (path, model, _, notes, error) in enumerate(opened):
            if model is None:
                reports.append(Report(path=str(path), error=error))
                continue
            report = check_model(model, pages.get(i))
            report.path = str(path)
            report.notes = notes + report.notes
            reports.append(report)
        return reports


def _page_maps(items: list[tuple[int, DocModel, Path]], outdir: Path, opened) -> dict[int, PageMap]:
    """Render every document to PDF in one converter run; return the page map of each one made."""
    from generator.run import pdf

    outdir.mkdir(parents=True, exist_ok=True)
    staged = {}
    for i, _, docx in items:
        copy = outdir / f"{i:05d}.docx"
        copy.write_bytes(docx.read_bytes())
        staged[i] = copy
    try:
        result = pdf.convert(list(staged.values()))
    except pdf.PdfError as exc:
        for i, _, _ in items:
            opened[i][3].append(f"Không tạo được PDF để ghi số trang: {exc}")
        return {}
    maps = {}
    for i, model, _ in items:
        copy = staged[i]
        reason = result.failures.get(copy)
        if reason is None and copy.with_suffix(".pdf").exists():
            try:
                maps[i] = page_map(model, pdf_page_texts(copy.with_suffix(".pdf")))
                continue
            except OfficeError as exc:
                reason = str(exc)
        opened[i][3].append(f"Không tạo được PDF để ghi số trang: {reason or 'không rõ lý do'}")
    return maps


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
    return check_files(document_files(paths), pdf=pdf)


def exit_code(reports: list[Report]) -> int:
    """Return 0 when every file passes, 1 when a rule is broken, 2 when a file could not be read."""
    return max((r.exit_code for r in reports), default=0)

