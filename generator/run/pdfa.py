"""PDF/A-2b for electronic issuance (``--pdfa``): filter options, metadata, reproducible bytes, fonts.

- LibreOffice writes PDF/A-2b with `FILTER` (SelectPdfVersion=2: every font embedded,
  an sRGB output intent, XMP metadata).
- The document's metadata is set on a staged copy of the .docx before conversion (the
  .docx beside the PDF is not changed): title = tên loại + trích yếu, author = cơ quan ban
  hành, subject = số/ký hiệu, read from the document itself by `generator.conformance`.
- `stabilise` makes the run-dependent bytes of a PDF/A fixed without moving anything else:
  the XMP dates become the document's own date (same length), and the sRGB profile that
  LibreOffice creates at each run (lcms stamps the clock into its header) gets that date
  too, with the xref table shifted to match.
- `font_warnings` reads the fonts of the PDF: Times New Roman must come out as Times New
  Roman or a metric twin (Liberation Serif, Tinos); any other text font means LibreOffice
  borrowed glyphs (Ư, Ơ…) from another font, or replaced Times altogether.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

FILTER = ('pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
          '"EmbedStandardFonts":{"type":"boolean","value":"true"}}')
DEFAULT_DATE = datetime(2000, 1, 1)
TIMES_LIKE = ("TimesNewRoman", "Times-", "Times New Roman", "LiberationSerif", "Liberation Serif", "Tinos")
SYMBOL_FONTS = ("OpenSymbol", "Symbol", "Wingdings", "ZapfDingbats")


# --------------------------------------------------------------------------- metadata


def metadata(docx: Path) -> dict[str, str]:
    """Return title, author and subject for the PDF of `docx`, read from its text ("" when unknown)."""
    from generator.conformance.layout import analyse, sentence_case
    from generator.conformance.reader import read_docx

    try:
        lay = analyse(read_docx(docx))
    except Exception:  # metadata never stops a conversion
        return {"title": "", "author": "", "subject": ""}
    join = lambda parts: " ".join(" ".join(parts).split())  # noqa: E731
    if lay.title is not None:
        name = sentence_case(lay.title.plain.rstrip(":"))
        title = join([name, *(p.plain for p in lay.summary)])
    elif lay.subject:
        title = join(["Công văn", *(p.text for p in lay.subject)])
    else:
        title = ""
    author = join(p.text for p in lay.issuer)
    subject = ""
    if lay.number is not None:
        subject = re.sub(r"^Số\s*:?\s*", "", " ".join(lay.number.text.split()))
    elif lay.attached_line is not None:
        subject = lay.attached_line.plain.strip("()")
    return {"title": title, "author": author, "subject": subject}


def staged_docx(data: bytes, meta: dict[str, str]) -> bytes:
    """Return the .docx bytes with core properties title/author/subject set from `meta`."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    cp = doc.core_properties
    if meta.get("title"):
        cp.title = meta["title"]
    if meta.get("author"):
        cp.author = meta["author"]
    if meta.get("subject"):
        cp.subject = meta["subject"]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def document_date(docx_data: bytes) -> datetime:
    """Return the .docx's own last-modified (else created) date: the fixed date of its PDF."""
    try:
        core = zipfile.ZipFile(io.BytesIO(docx_data)).read("docProps/core.xml").decode("utf-8")
    except (KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return DEFAULT_DATE
    for tag in ("dcterms:modified", "dcterms:created"):
        m = re.search(rf"<{tag}[^>]*>(\d{{4}})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)", core)
        if m:
            try:
                return datetime(*map(int, m.groups()))
            except ValueError:
                continue
    return DEFAULT_DATE


# --------------------------------------------------------------------------- reproducible bytes

_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)(</xmp:)")
_ICC_OBJECT = re.compile(rb"(\d+) 0 obj\s*<<(?:(?!>>).)*?/N 3(?:(?!>>).)*?/Length (\d+)( 0 R)?(?:(?!>>).)*?"
                         rb"/Filter\s*/FlateDecode[^>]*>>\s*stream\r?\n", re.S)


def _same_shape(old: bytes, when: datetime) -> bytes:
    """Return `when` written like `old` (an XMP date: same length, timezone zeroed)."""
    text = when.strftime("%Y-%m-%dT%H:%M:%S").encode("ascii")
    rest = old[19:]
    rest = re.sub(rb"\d", b"0", rest.replace(b"-", b"+"))
    new = text + rest
    return new if len(new) == len(old) else old


def stabilise(data: bytes, when: datetime = DEFAULT_DATE) -> bytes:
    """Return a LibreOffice PDF/A whose XMP dates and sRGB profile date are `when`."""
    data = _XMP_DATE.sub(lambda m: m.group(1) + _same_shape(m.group(2), when) + m.group(3), data)
    return _stable_icc(data, when)


def _stable_icc(data: bytes, when: datetime) -> bytes:
    m = _ICC_OBJECT.search(data)
    if m is None:
        return data
    start = m.end()
    end = data.find(b"endstream", start)
    if end < 0:
        return data
    body_end = end
    while body_end > start and data[body_end - 1:body_end] in (b"\n", b"\r"):
        body_end -= 1
    try:
        profile = bytearray(zlib.decompress(data[start:body_end]))
    except zlib.error:
        return data
    if len(profile) < 128 or profile[36:40] != b"acsp":
        return data
    profile[24:36] = struct.pack(">6H", when.year, when.month, when.day, when.hour, when.minute, when.second)
    packed = zlib.compress(bytes(profile), 9)
    edits = [(start, body_end - start, packed)]
    length = str(len(packed)).encode("ascii")
    if m.group(3):  # /Length N 0 R: the number lives in object N
        lm = re.search(rb"\n" + m.group(2) + rb" 0 obj\s*(\d+)\s*endobj", data)
        if lm is None:
            return data
        edits.append((lm.start(1), len(lm.group(1)), length))
    else:
        edits.append((m.start(2), len(m.group(2)), length))
    return _splice(data, edits)


def _splice(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (offset, old length, new bytes) edits and shift the classic xref table to match."""
    edits = sorted(edits)

    def moved(offset: int) -> int:
        return offset + sum(len(new) - old for pos, old, new in edits if pos < offset)

    out, last = [], 0
    for pos, old, new in edits:
        out += [data[last:pos], new]
        last = pos + old
    out.append(data[last:])
    result = b"".join(out)
    xref = result.rfind(b"\nxref")
    if xref < 0:
        return data

    def entry(m: re.Match) -> bytes:
        return b"%010d %s n" % (moved(int(m.group(1))), m.group(2))

    head, tail = result[: xref + 1], result[xref + 1:]
    trailer = tail.find(b"trailer")
    table = re.sub(rb"(\d{10}) (\d{5}) n", entry, tail[:trailer])
    rest = re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n%d" % moved(int(m.group(1))), tail[trailer:])
    return head + table + rest


# --------------------------------------------------------------------------- fonts

_BASEFONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/\[\]<>()]+)")


def pdf_fonts(data: bytes) -> list[str]:
    """Return the base font names used in a PDF (subset prefixes removed), in order of first use."""
    names = [m.group(1).decode("latin-1") for m in _BASEFONT.finditer(data)]
    return list(dict.fromkeys(names))


def _family(name: str) -> str:
    return re.sub(r"[-,](Bold|Italic|Regular|Oblique|BoldItalic|BoldOblique|Roman)+$", "", name)


def font_problem(data: bytes) -> tuple[str, str] | None:
    """Return ("mượn", fonts) when glyphs were borrowed beside a Times twin, ("thay", fonts) when
    Times New Roman was replaced altogether, None when the text is in Times (or a metric twin)."""
    fonts = pdf_fonts(data)
    times = [f for f in fonts if f.startswith(TIMES_LIKE)]
    other = sorted({_family(f) for f in fonts if not f.startswith(TIMES_LIKE) and not f.startswith(SYMBOL_FONTS)})
    if not other:
        return None
    return ("mượn" if times else "thay", ", ".join(other))


def font_warnings(pdfs: list[tuple[str, bytes]]) -> list[str]:
    """Return one Vietnamese warning per kind of font problem found in the PDFs `(label, bytes)`."""
    found: dict[tuple[str, str], list[str]] = {}
    for label, data in pdfs:
        problem = font_problem(data)
        if problem is not None:
            found.setdefault(problem, []).append(label)
    out = []
    for (kind, names), labels in found.items():
        which = labels[0] if len(labels) == 1 else f"{len(labels)} tệp PDF ({', '.join(labels[:3])}" + \
            (", …)" if len(labels) > 3 else ")")
        if kind == "mượn":
            out.append(f"cảnh báo: {which}: phông thay cho Times New Roman trên máy này thiếu chữ tiếng Việt "
                       f"(Ư, Ơ…), LibreOffice đã mượn phông {names} cho các chữ đó. Cài phông đủ dấu: "
                       "sudo apt-get install fonts-liberation2 (hoặc cài Times New Roman).")
        else:
            out.append(f"cảnh báo: {which}: máy không có Times New Roman hay phông cùng cỡ chữ (Liberation "
                       f"Serif): PDF dùng phông {names}, dòng và trang có thể ngắt khác bản Word. Cài: "
                       "sudo apt-get install fonts-liberation2.")
    return out
