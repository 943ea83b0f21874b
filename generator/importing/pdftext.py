"""Read the text layer of a PDF into paragraphs and tables (pdfplumber).

A PDF has lines, not paragraphs: lines are joined back into paragraphs when a line runs
on from the one above (same left edge, the line above reaching the right margin), and a
new paragraph starts at a first-line indent, a list label ("1.", "a)", "-"), a short line
or a gap. Page numbers and lines repeated at the top or bottom of several pages (running
headers) are dropped. Lines with wide gaps between words (the header block: issuer left,
quốc hiệu right; the signature block) are split into their columns. Ruled tables are
read as tables, a table continued on the next page joined to its first part (a repeated
header row dropped).

A PDF without text (a scan) is refused: kehoach does no character recognition.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from generator.importing import legacy
from generator.errors import ImportFault
from generator.importing.blocks import Cell, Document, Para, Table, plain_para

COLUMN_GAP = 24.0      # points between words that separate two columns of one line
EDGE = 70.0            # points from the top/bottom edge where page numbers and running heads sit
_STARTS = re.compile(r"^(?:[IVXLC]{1,6}\s*[.)]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|[a-zđ]\)\s|[-–+•]\s|Căn cứ\s|Điều \d|"
                     r"Nơi nhận|Theo đề nghị|QUYẾT ĐỊNH|KẾ HOẠCH|PHỤ LỤC|\((?:Ban hành )?[Kk]èm theo)")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    columns: int = 1

    @property
    def height(self) -> float:
        return self.bottom - self.top


def read_pdf(raw: bytes, path: str) -> Document:
    """Return the paragraphs and tables of a PDF's text layer."""
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError:  # pragma: no cover - pdfplumber is a dependency
        raise ImportFault(path, "cần gói pdfplumber để đọc PDF (pip install pdfplumber).", code=1) from None
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
        pages = list(pdf.pages)
    except PDFPasswordIncorrect:
        raise ImportFault(path, "tệp PDF có mật khẩu: hãy mở bằng trình đọc PDF, bỏ mật khẩu rồi lưu lại.") from None
    except Exception as exc:  # pdfminer raises many kinds on broken files
        name = type(exc).__name__
        causes = [exc, *getattr(exc, "args", ()), exc.__cause__, exc.__context__]
        if any("Password" in type(c).__name__ or "Encrypt" in type(c).__name__ for c in causes if c is not None):
            raise ImportFault(path, "tệp PDF có mật khẩu: hãy mở bằng trình đọc PDF, bỏ mật khẩu rồi lưu lại.") from None
        raise ImportFault(path, f"tệp PDF bị hỏng, không đọc được ({name}).") from None
    doc = Document(path, "pdf", [])
    try:
        items: list[tuple[int, float, object]] = []   # (page, top, _Line | Table)
        any_text = False
        for number, page in enumerate(pages, start=1):
            words = page.extract_words(use_text_flow=False, keep_blank_chars=False, x_tolerance=1.5)
            if words:
                any_text = True
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            for table in found:
                rows = table.extract()
                items.append((number, table.bbox[1], _table(rows, number)))
            outside = [w for w in words if not any(_inside(w, b) for b in boxes)]
            for line in _lines(outside, number):
                items.append((number, line.top, line))
        pages_height = [(p.height, p.width) for p in pages]
    except ImportFault:
        raise
    except Exception as exc:
        raise ImportFault(path, f"không đọc được lớp chữ của PDF ({type(exc).__name__}).") from None
    finally:
        pdf.close()
    if not any_text:
        raise ImportFault(path, "tệp PDF là bản quét (chỉ có ảnh, không có lớp chữ): kehoach không nhận dạng chữ "
                                "trong ảnh (OCR). Hãy dùng bản Word (.docx/.doc) hoặc PDF xuất từ Word.")
    items.sort(key=lambda x: (x[0], x[1]))
    lines = [x[2] for x in items if isinstance(x[2], _Line)]
    dropped = _drop_running(lines, pages_height)
    if dropped:
        doc.notes.append(f"Đã bỏ {dropped} dòng số trang, tiêu đề lặp lại ở đầu/cuối trang.")
    keep = {id(line) for line in lines}
    stream = [x[2] for x in items if not isinstance(x[2], _Line) or id(x[2]) in keep]
    doc.blocks = _paragraphs(stream, doc, pages_height)
    return doc


def _inside(word: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1


def _lines(words: list[dict], page: int) -> list[_Line]:
    """Group words into lines, splitting a line at wide gaps into columns."""
    words = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    rows: list[list[dict]] = []
    for w in words:
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= 3:
            rows[-1].append(w)
        else:
            rows.append([w])
    out: list[_Line] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        segments: list[list[dict]] = [[row[0]]]
        for w in row[1:]:
            gap = w["x0"] - segments[-1][-1]["x1"]
            gap_wide = gap > COLUMN_GAP or (gap > 8 and w["text"] in ("CỘNG", "Độc", "Độc lập"))
            label = len(segments) == 1 and len(segments[0]) == 1 and _LABEL_ONLY.match(segments[0][0]["text"])
            if gap_wide and not label and not _blank_gap(segments[-1][-1]["text"], w["text"]):
                segments.append([w])
            else:
                segments[-1].append(w)
        for seg in segments:
            text = " ".join(w["text"] for w in seg)
            out.append(_Line(text, seg[0]["x0"], seg[-1]["x1"], min(w["top"] for w in seg),
                             max(w["bottom"] for w in seg), page, len(segments)))
    return out


_LABEL_ONLY = re.compile(r"^(?:[•◦▪●■○\-–+]|[a-zđ]\)|\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.)$")


def _blank_gap(before: str, after: str) -> bool:
    """Return True for the blank left for a number or date before signing ("Số:      /QĐ")."""
    return before.casefold().endswith(("số:", "số", "ngày")) or after.startswith(("/", "tháng", "năm"))


def _drop_running(lines: list[_Line], sizes: list[tuple[float, float]]) -> int:
    """Remove page numbers and running heads from `lines`; return how many."""
    def at_edge(line: _Line) -> bool:
        height = sizes[line.page - 1][0]
        return line.top < EDGE or line.bottom > height - EDGE

    repeated = Counter(line.text for line in lines if at_edge(line))
    pages = len(sizes)
    drop = []
    for line in lines:
        if not at_edge(line):
            continue
        if re.fullmatch(r"(?:-\s*)?(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?", line.text, re.IGNORECASE):
            drop.append(line)
        elif pages >= 3 and repeated[line.text] >= 2 and len(line.text) < 120 and not _STARTS.match(line.text):
            drop.append(line)
    ids = {id(x) for x in drop}
    lines[:] = [x for x in lines if id(x) not in ids]
    return len(drop)


def _paragraphs(stream: list[object], doc: Document, sizes: list[tuple[float, float]]) -> list:
    """Join lines into paragraphs (see module docstring); tables pass through."""
    blocks: list = []
    margins: dict[int, tuple[float, float]] = {}
    by_size: dict[float, list[int]] = {}
    for page, size in enumerate(sizes, start=1):
        by_size.setdefault(round(size[1]), []).append(page)
    for pages in by_size.values():  # portrait and landscape pages have their own margins
        single = [x for x in stream if isinstance(x, _Line) and x.columns == 1 and x.page in pages]
        if single:
            left = Counter(round(x.x0) for x in single).most_common(1)[0][0]
            ends = sorted(x.x1 for x in single)
            for page in pages:
                margins[page] = (left, ends[int(len(ends) * 0.9)])
    current: list[_Line] = []
    joined = 0

    def flush() -> None:
        nonlocal current
        if current:
            text = current[0].text
            for x in current[1:]:  # a line broken after "-" ("NQ-" / "CP") joins without a space
                text += x.text if re.search(r"\w-$", text) else " " + x.text
            converted, name = legacy.fix_legacy_text(text)
            blocks.append(plain_para(converted, f"trang {current[0].page}",
                                     in_table=current[0].columns > 1))
        current = []

    for item in stream:
        if isinstance(item, Table):
            flush()
            if blocks and isinstance(blocks[-1], Table) and _continues(blocks[-1], item):
                rows = item.rows
                if rows and _row_text(rows[0]) == _row_text(blocks[-1].rows[0]):
                    rows = rows[1:]
                if rows and blocks[-1].rows and _rest_of_row(rows[0]):
                    _join_row(blocks[-1].rows[-1], rows[0])  # a row split across the page break
                    rows = rows[1:]
                blocks[-1].rows.extend(rows)
            else:
                blocks.append(item)
            continue
        line = item
        assert isinstance(line, _Line)
        if line.columns > 1:
            flush()
            current = [line]
            flush()
            continue
        left, right = margins.get(line.page, (0.0, 0.0))
        if current:
            prev = current[-1]
            gap = line.top - prev.bottom
            width = max(right - left, 1.0)
            centred = abs((line.x0 - left) - (right - line.x1)) < 20 and line.x0 > left + 12
            prev_centred = abs((prev.x0 - left) - (right - prev.x1)) < 20
            lower = line.text[:1].islower() and not re.match(r"^[a-zđ]\)\s", line.text)
            new = (
                _STARTS.match(line.text)
                or _rule(line.text) or _rule(prev.text)
                or line.page == prev.page and gap > max(prev.height, line.height) * 0.9
                or prev.text.endswith("./.")
            )
            if not new and not (lower or (centred and prev_centred and prev.x1 - prev.x0 > 0.75 * width)):
                new = (line.page != prev.page and line.x0 > left + 12
                       or line.x0 > left + 12                  # first-line indent or centred line
                       or prev.x1 < right - 45)                # the line above ended short
            if new:
                flush()
            else:
                joined += 1
        current.append(line)
    flush()
    if joined:
        doc.notes.append(f"Đã nối {joined} dòng xuống dòng trong PDF thành đoạn văn.")
    return blocks


def _rule(text: str) -> bool:
    return len(text) >= 3 and set(text) <= set("_")


def _table(rows: list[list[str | None]], page: int) -> Table:
    out: list[list[Cell]] = []
    above: dict[int, Cell] = {}
    for r in rows:
        cells: list[Cell] = []
        for col, value in enumerate(r):
            if value is None:
                if cells and not any(v is not None for v in r[col:]) and len(cells) == 1:
                    cells[-1].span += 1
                    continue
                if col in above:
                    cells.append(Cell(list(above[col].paras), 1, continued=True))
                else:
                    cells.append(Cell([]))
                continue
            cell = Cell(_cell_paras(value, page))
            above[col] = cell
            cells.append(cell)
        out.append(cells)
    return Table(out, f"trang {page}")


def _cell_paras(value: str, page: int) -> list[Para]:
    lines = [x.strip() for x in value.split("\n") if x.strip()]
    paras: list[str] = []
    for line in lines:
        if paras and not re.match(r"^[-+•]\s", line):
            paras[-1] = paras[-1] + line if re.search(r"\w-$", paras[-1]) else f"{paras[-1]} {line}"
        else:
            paras.append(line)
    return [plain_para(legacy.fix_legacy_text(p)[0], f"trang {page}", in_table=True) for p in paras]


def _row_text(row: list[Cell]) -> str:
    return "|".join(c.text for c in row)


def _rest_of_row(row: list[Cell]) -> bool:
    """Return True when `row` is the part of a row carried over to the next page: no number,
    no content, text only in the later columns (a real row always has its content)."""
    return (len(row) > 2 and not row[0].text.strip() and not row[1].text.strip()
            and any(c.text.strip() for c in row[2:]))


def _join_row(row: list[Cell], rest: list[Cell]) -> None:
    """Append the cells of `rest` to those of `row`, a sentence cut at the page break joined back."""
    for cell, more in zip(row, rest):
        paras = [p for p in more.paras if p.text]
        if not paras:
            continue
        last = cell.paras[-1] if cell.paras else None
        if last is not None and not re.match(r"^[-+•]\s", paras[0].text) and not re.search(r"[.;:!?]$", last.text):
            cell.paras[-1] = plain_para(f"{last.text} {paras[0].text}", last.where, in_table=True)
            paras = paras[1:]
        cell.paras.extend(paras)


def _continues(first: Table, second: Table) -> bool:
    width = max((sum(c.span for c in r) for r in first.rows), default=0)
    width2 = max((sum(c.span for c in r) for r in second.rows), default=0)
    return width == width2 and width > 1
