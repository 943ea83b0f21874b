"""Read a document as the office has it (.docx, .doc, .pdf, .txt) into paragraphs and tables.

The readers keep what recognition needs and nothing of the layout: each paragraph's text
(Unicode NFC) with its bold/italic spans, the label Word numbering draws in front of it
("1.1.", "a)", "-"), and where it came from ("đoạn 12", "dòng 40", "trang 3"); tables
as rows of cells with their horizontal spans and vertical merges resolved.

- .docx: read straight from the package XML (no LibreOffice). Auto-numbering labels are
  computed from numbering.xml (levels, formats, restarts, lvlText such as "%1.%2.",
  start overrides, numbering through paragraph styles). Runs in TCVN3/VNI fonts are
  converted by font (`generator.importing.legacy`).
- .doc: converted to .docx by LibreOffice, then read as .docx.
- .pdf: the text layer (`generator.importing.pdftext`); a scan without text is refused.
- .txt: bytes recognised as UTF-8, Windows-1258, TCVN3 or VNI; lines split by a page
  break are joined; tables scraped from web pages as one cell a line ending in "|"
  are rebuilt.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from generator.domain.inline import Span
from generator.importing import legacy
from generator.importing.blocks import (PRIVATE_BULLETS, Block, Cell, Document, Para, Table, clean, collapse_spans,
                                        plain_para)
from generator.errors import ImportFault
from generator.run.processes import convert_command, run_bounded

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
MAX_BYTES = 50 * 1024 * 1024
SOFFICE_TIMEOUT = 120


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- reading any file ----------------------------------------------------------------------

SUPPORTED = (".docx", ".doc", ".pdf", ".txt")


def read(path: str) -> Document:
    """Return the paragraphs and tables of the file at `path`; raise ImportFault if unreadable."""
    p = Path(path)
    if p.is_dir():
        raise ImportFault(path, "đây là một thư mục, không phải tệp văn bản.")
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ImportFault(path, "không tìm thấy tệp.") from None
    except OSError as exc:
        raise ImportFault(path, f"không đọc được tệp ({exc.strerror}).") from None
    if size == 0:
        raise ImportFault(path, "tệp trống (0 byte).")
    if size > MAX_BYTES:
        raise ImportFault(path, f"tệp quá lớn ({size // (1024 * 1024)} MB; tối đa {MAX_BYTES // (1024 * 1024)} MB).")
    try:
        with open(p, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ImportFault(path, f"không đọc được tệp ({exc.strerror}).") from None
    kind = sniff(raw, p.suffix.lower())
    if kind == "encrypted":
        raise ImportFault(path, "tệp Word được đặt mật khẩu (mã hóa): hãy mở bằng Word, bỏ mật khẩu rồi lưu lại.")
    if kind == "rtf":
        raise ImportFault(path, "đây là tệp RTF: hãy mở bằng Word hoặc LibreOffice rồi lưu thành .docx.")
    if kind.startswith("binary"):
        expected = {".docx": "Word .docx", ".doc": "Word .doc", ".pdf": "PDF"}.get(kind.split(":", 1)[1], "")
        what = f"đuôi tệp là {expected} nhưng nội dung không phải {expected}" if expected else \
            "đây không phải văn bản (.docx, .doc, .pdf hoặc .txt)"
        raise ImportFault(path, f"{what}: không đọc được. kehoach nhập được .docx, .doc, .pdf (có lớp chữ) và .txt.")
    if kind == "docx":
        doc = read_docx_bytes(raw, path)
    elif kind == "doc":
        doc = read_doc(p)
    elif kind == "pdf":
        from generator.importing.pdftext import read_pdf

        doc = read_pdf(raw, path)
    else:
        doc = read_txt_bytes(raw, path)
    if not any((isinstance(b, Para) and b.full) or isinstance(b, Table) for b in doc.blocks):
        raise ImportFault(path, "tệp không có chữ nào để nhập.")
    return doc


def sniff(raw: bytes, suffix: str) -> str:
    """Return "docx", "doc", "pdf" or "txt" from the bytes (the extension only decides text)."""
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in raw[:65536] \
                or b"EncryptionInfo" in raw:
            return "encrypted"
        return "doc"
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"{\\rtf"):
        return "rtf"
    if suffix in (".docx", ".doc", ".pdf"):
        return "binary:" + suffix
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff")) and (b"\x00" in raw[:4096] or _looks_binary(raw[:4096])):
        return "binary:" + suffix
    return "txt"


def _looks_binary(head: bytes) -> bool:
    """Return True for bytes no text file has (images, archives, executables)."""
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"MZ", b"\x7fELF", b"Rar!", b"7z\xbc\xaf")):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 20


def read_docx_bytes(raw: bytes, path: str) -> Document:
    """Return the document of .docx bytes."""
    try:
        return DocxReader(raw, path).read()
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise ImportFault(path, f"tệp Word (.docx) bị hỏng, không đọc được ({type(exc).__name__}).") from None


def read_doc(path: Path) -> Document:
    """Return the document of a Word 97–2003 file, converted to .docx by LibreOffice."""
    from generator.run.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        raise ImportFault(str(path), "tệp Word đời cũ (.doc) cần LibreOffice để đọc, nhưng máy chưa cài "
                                     "(Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui). "
                                     "Hoặc mở tệp trong Word rồi lưu thành .docx.", code=1)
    work = Path(tempfile.mkdtemp(prefix="kehoach-nhap-"))
    try:
        staged = work / "in.doc"
        shutil.copyfile(path, staged)
        profile = work / "profile"
        cmd = convert_command(soffice, profile, "docx:MS Word 2007 XML", work / "out", [staged])
        try:
            run_bounded(cmd, SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ImportFault(str(path), f"LibreOffice không chuyển xong tệp .doc sau {SOFFICE_TIMEOUT} giây.") from None
        out = work / "out" / "in.docx"
        if not out.exists() or out.stat().st_size == 0:
            raise ImportFault(str(path), "LibreOffice không mở được tệp .doc này (tệp hỏng hoặc có mật khẩu).")
        doc = read_docx_bytes(out.read_bytes(), str(path))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    doc.kind = "doc"
    doc.notes.insert(0, "Tệp .doc đã được LibreOffice chuyển sang .docx để đọc.")
    return doc


# --- .docx -------------------------------------------------------------------------------

def _on(el: etree._Element | None) -> bool | None:
    """Return the value of an on/off property element (w:b, w:i), None when absent."""
    if el is None:
        return None
    return el.get(_w("val"), "true").lower() not in ("0", "false", "off", "none")


@dataclass
class _Style:
    based_on: str = ""
    bold: bool | None = None
    italic: bool | None = None
    font: str = ""
    num_id: str = ""
    ilvl: int | None = None


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None
    legal: bool = False
    style: str = ""


class Numbering:
    """Word list numbering: computes the label of each numbered paragraph in order."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if root is None:
            return
        links: dict[str, str] = {}
        for an in root.iter(_w("abstractNum")):
            aid = an.get(_w("abstractNumId"), "")
            self.abstract[aid] = {int(lvl.get(_w("ilvl"), "0")): self._level(lvl) for lvl in an.iter(_w("lvl"))}
            link = an.find(_w("numStyleLink"))
            if link is not None:
                links[aid] = link.get(_w("val"), "")
        for num in root.iter(_w("num")):
            nid = num.get(_w("numId"), "")
            ref = num.find(_w("abstractNumId"))
            aid = ref.get(_w("val"), "") if ref is not None else ""
            starts: dict[int, int] = {}
            levels: dict[int, _Level] = {}
            for ov in num.iter(_w("lvlOverride")):
                ilvl = int(ov.get(_w("ilvl"), "0"))
                so = ov.find(_w("startOverride"))
                if so is not None:
                    starts[ilvl] = int(so.get(_w("val"), "1"))
                lvl = ov.find(_w("lvl"))
                if lvl is not None:
                    levels[ilvl] = self._level(lvl)
            self.nums[nid] = (aid, starts, levels)
        self._links = links

    @staticmethod
    def _level(lvl: etree._Element) -> _Level:
        def val(tag: str, default: str = "") -> str:
            el = lvl.find(_w(tag))
            return el.get(_w("val"), default) if el is not None else default

        restart = val("lvlRestart")
        return _Level(
            start=int(val("start", "1") or 1),
            fmt=val("numFmt", "decimal") or "decimal",
            text=val("lvlText", ""),
            restart=int(restart) if restart.lstrip("-").isdigit() else None,
            legal=lvl.find(_w("isLgl")) is not None,
            style=val("pStyle"),
        )

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        """Return the level of list `num_id` tied to paragraph style `style_id` (w:pStyle)."""
        entry = self.nums.get(num_id)
        if entry is None:
            return None
        for ilvl, lvl in self.abstract.get(entry[0], {}).items():
            if lvl.style == style_id:
                return ilvl
        return None

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance list `num_id` at level `ilvl` and return the label drawn there."""
        entry = self.nums.get(num_id)
        if entry is None or num_id == "0":
            return ""
        aid, starts, overrides = entry
        levels = dict(self.abstract.get(aid, {}))
        levels.update(overrides)
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        key = num_id if (starts or overrides) else f"a{aid}"
        counters = self.counters.setdefault(key, {})
        if key not in self._started:
            self._started.add(key)
            for level, start in starts.items():
                counters[level] = start - 1
        start = starts.get(ilvl, lvl.start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, _Level()).restart
            if restart is None or (restart != 0 and restart > ilvl):
                del counters[deeper]
        if lvl.fmt == "none":
            return ""
        if lvl.fmt == "bullet":
            return _bullet(lvl.text)

        def part(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            level = levels.get(k, _Level())
            value = counters.get(k, starts.get(k, level.start))
            fmt = "decimal" if (lvl.legal and k != ilvl) else level.fmt
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", part, lvl.text).strip()


def _bullet(text: str) -> str:
    text = clean(text).strip()
    if text in ("-", "–", "—", "‐", "−"):
        return "-"
    if text == "+":
        return "+"
    return "•"


def format_number(value: int, fmt: str) -> str:
    """Return `value` drawn in Word number format `fmt`."""
    if fmt in ("lowerLetter", "upperLetter"):
        n, out = value, ""
        letter = chr(ord("a") + (n - 1) % 26) if n > 0 else "a"
        out = letter * ((n - 1) // 26 + 1) if n > 0 else "a"
        return out.upper() if fmt == "upperLetter" else out
    if fmt in ("lowerRoman", "upperRoman"):
        from generator.domain.vietnamese import roman

        out = roman(value) if value > 0 else "0"
        return out.lower() if fmt == "lowerRoman" else out
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


class DocxReader:
    """Read the body of a .docx package: paragraphs (with labels) and tables."""

    def __init__(self, raw: bytes, path: str) -> None:
        import io

        self.path = path
        self.zip = zipfile.ZipFile(io.BytesIO(raw))
        names = set(self.zip.namelist())
        if "EncryptedPackage" in names:
            raise ImportFault(path, "tệp được đặt mật khẩu (mã hóa): hãy mở bằng Word, bỏ mật khẩu rồi lưu lại.")
        main = self._main_part(names)
        if main not in names:
            raise ImportFault(path, "tệp nén này không phải văn bản Word (.docx): không có phần nội dung chính.")
        self.main = main
        parts = self._related(main)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        self.parser = parser
        self.root = etree.fromstring(self.zip.read(main), parser)
        self.styles: dict[str, _Style] = {}
        self.default_style = ""
        self.default_font = ""
        self.default_char = ""
        if parts.get("styles") in names:
            self._read_styles(etree.fromstring(self.zip.read(parts["styles"]), parser))
        numbering_root = None
        if parts.get("numbering") in names:
            numbering_root = etree.fromstring(self.zip.read(parts["numbering"]), parser)
        self.numbering = Numbering(numbering_root)
        self.count = 0
        self.converted: dict[str, int] = {}

    def _main_part(self, names: set[str]) -> str:
        if "_rels/.rels" in names:
            rels = etree.fromstring(self.zip.read("_rels/.rels"))
            for rel in rels.iter(f"{{{REL}}}Relationship"):
                if rel.get("Type") == OFFICE_DOC:
                    return rel.get("Target", "").lstrip("/")
        return "word/document.xml"

    def _related(self, main: str) -> dict[str, str]:
        folder = PurePosixPath(main).parent
        rels_name = str(folder / "_rels" / (PurePosixPath(main).name + ".rels"))
        out = {"styles": str(folder / "styles.xml"), "numbering": str(folder / "numbering.xml")}
        try:
            rels = etree.fromstring(self.zip.read(rels_name))
        except KeyError:
            return out
        for rel in rels.iter(f"{{{REL}}}Relationship"):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if kind in ("styles", "numbering"):
                out[kind] = str(folder / rel.get("Target", "")).replace("\\", "/")
        return out

    def _read_styles(self, root: etree._Element) -> None:
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        if defaults is not None:
            self.default_font = self._font_of(defaults)
        for st in root.iter(_w("style")):
            sid = st.get(_w("styleId"), "")
            style = _Style()
            based = st.find(_w("basedOn"))
            if based is not None:
                style.based_on = based.get(_w("val"), "")
            rpr = st.find(_w("rPr"))
            if rpr is not None:
                style.bold = _on(rpr.find(_w("b")))
                style.italic = _on(rpr.find(_w("i")))
                style.font = self._font_of(rpr)
            numpr = st.find(f"{_w('pPr')}/{_w('numPr')}")
            if numpr is not None:
                nid = numpr.find(_w("numId"))
                lvl = numpr.find(_w("ilvl"))
                style.num_id = nid.get(_w("val"), "") if nid is not None else ""
                style.ilvl = int(lvl.get(_w("val"), "0")) if lvl is not None else None
            self.styles[sid] = style
            if st.get(_w("default")) in ("1", "true"):
                if st.get(_w("type")) == "paragraph":
                    self.default_style = sid
                elif st.get(_w("type")) == "character":
                    self.default_char = sid

    @staticmethod
    def _font_of(rpr: etree._Element) -> str:
        fonts = rpr.find(_w("rFonts"))
        if fonts is None:
            return ""
        return fonts.get(_w("hAnsi")) or fonts.get(_w("ascii")) or fonts.get(_w("cs")) or ""

    def _style_chain(self, sid: str) -> list[_Style]:
        chain, seen = [], set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            chain.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return chain

    def _inherited(self, sid: str, attr: str):
        for style in self._style_chain(sid):
            value = getattr(style, attr)
            if value not in (None, ""):
                return value
        return None

    # -- body ------------------------------------------------------------------------------
    def read(self) -> Document:
        body = self.root.find(_w("body"))
        if body is None:
            raise ImportFault(self.path, "tệp Word không có phần thân văn bản.")
        blocks: list[Block] = []
        self._container(body, blocks, in_table=False)
        doc = Document(self.path, "docx", blocks)
        for font, n in sorted(self.converted.items()):
            encoding = "TCVN3" if legacy.font_encoding(font).startswith("tcvn3") else "VNI"
            doc.notes.append(f"Đã chuyển {n} đoạn chữ phông {font} (bảng mã {encoding}) sang Unicode.")
        return doc

    def _container(self, el: etree._Element, out: list[Block], *, in_table: bool) -> None:
        for child in el:
            tag = child.tag
            if tag == _w("p"):
                self._paragraph(child, out, in_table=in_table)
            elif tag == _w("tbl"):
                if in_table:  # a nested table: its paragraphs belong to the cell
                    for tr in child.iter(_w("tr")):
                        for tc in tr.iter(_w("tc")):
                            self._container(tc, out, in_table=True)
                else:
                    out.append(self._table(child))
            elif tag in (_w("sdt"), _w("customXml")):
                content = child.find(_w("sdtContent")) if tag == _w("sdt") else child
                if content is not None:
                    self._container(content, out, in_table=in_table)

    def _paragraph(self, p: etree._Element, out: list[Block], *, in_table: bool) -> None:
        self.count += 1
        ppr = p.find(_w("pPr"))
        style_id = ""
        num_id, ilvl = "", None
        if ppr is not None:
            ps = ppr.find(_w("pStyle"))
            style_id = ps.get(_w("val"), "") if ps is not None else ""
            numpr = ppr.find(_w("numPr"))
            if numpr is not None:
                nid = numpr.find(_w("numId"))
                lvl = numpr.find(_w("ilvl"))
                num_id = nid.get(_w("val"), "") if nid is not None else ""
                ilvl = int(lvl.get(_w("val"), "0")) if lvl is not None else None
        style_id = style_id or self.default_style
        if not num_id:
            num_id = self._inherited(style_id, "num_id") or ""
            if num_id and ilvl is None:
                ilvl = self._inherited(style_id, "ilvl")
                if ilvl is None:
                    ilvl = self.numbering.level_for_style(num_id, style_id)
        boxes: list[etree._Element] = []
        spans = self._runs(p, style_id, boxes)
        label = ""
        if num_id and num_id != "0":  # Word draws (and counts) the number even on an empty paragraph
            label = self.numbering.label(num_id, ilvl or 0)
        where = f"đoạn {self.count}"
        para = Para(tuple(collapse_spans(spans)), label, where, in_table)
        if para.full or not boxes:
            out.append(para)
        for box in boxes:
            self._container(box, out, in_table=in_table)

    def _runs(self, p: etree._Element, style_id: str, boxes: list[etree._Element]) -> list[Span]:
        spans: list[Span] = []
        p_bold = self._inherited(style_id, "bold")
        p_italic = self._inherited(style_id, "italic")
        p_font = self._inherited(style_id, "font") or self.default_font
        legacy_fonts: dict[str, int] = {}

        def walk(el: etree._Element) -> None:
            for child in el:
                tag = child.tag
                if tag in (_w("del"), _w("moveFrom"), _w("pPr"), _w("rPr"), f"{{{MC}}}Fallback"):
                    continue
                if tag == _w("txbxContent"):
                    boxes.append(child)
                    continue
                if tag == _w("r"):
                    run(child)
                    continue
                walk(child)

        def run(r: etree._Element) -> None:
            rpr = r.find(_w("rPr"))
            bold, italic, font = None, None, ""
            if rpr is not None:
                bold = _on(rpr.find(_w("b")))
                italic = _on(rpr.find(_w("i")))
                font = self._font_of(rpr)
                rs = rpr.find(_w("rStyle"))
                if rs is not None:
                    rid = rs.get(_w("val"), "")
                    bold = bold if bold is not None else self._inherited(rid, "bold")
                    italic = italic if italic is not None else self._inherited(rid, "italic")
                    font = font or self._inherited(rid, "font") or ""
            bold = bold if bold is not None else bool(p_bold)
            italic = italic if italic is not None else bool(p_italic)
            font = font or p_font or ""
            parts: list[str] = []
            for child in r:
                tag = child.tag
                if tag == _w("t"):
                    parts.append(child.text or "")
                elif tag in (_w("tab"), _w("ptab")):
                    parts.append(" ")
                elif tag in (_w("br"), _w("cr")):
                    parts.append("\n")
                elif tag == _w("softHyphen"):
                    parts.append("\u00ad" if legacy.font_encoding(font) else "")
                elif tag == _w("noBreakHyphen"):
                    parts.append("-")
                elif tag == _w("sym"):
                    code = child.get(_w("char"), "")
                    parts.append(PRIVATE_BULLETS.get(chr(int(code, 16)) if code else "", "•") if code else "")
                elif tag == f"{{{MC}}}AlternateContent":
                    walk(child)
                elif tag in (_w("drawing"), _w("pict"), _w("object")):
                    for box in child.iter(_w("txbxContent")):
                        boxes.append(box)
            text = "".join(parts)
            if not text:
                return
            if legacy.font_encoding(font):
                converted = legacy.convert_run(text, font)
                if converted != text:
                    legacy_fonts[font] = legacy_fonts.get(font, 0) + 1
                text = converted
            spans.append(Span(clean(text).replace("\u00ad", ""), bold, italic))

        walk(p)
        for font in legacy_fonts:
            self.converted[font] = self.converted.get(font, 0) + 1
        return spans

    def _table(self, tbl: etree._Element) -> Table:
        first = self.count + 1
        rows: list[list[Cell]] = []
        above: dict[int, Cell] = {}
        for tr in tbl.iter(_w("tr")):
            if tr.getparent() is not tbl:
                continue
            cells: list[Cell] = []
            col = 0
            trpr = tr.find(_w("trPr"))
            if trpr is not None:
                gb = trpr.find(_w("gridBefore"))
                if gb is not None:
                    for _ in range(int(gb.get(_w("val"), "0"))):
                        cells.append(Cell([]))
                        col += 1
            for tc in tr.findall(_w("tc")):
                tcpr = tc.find(_w("tcPr"))
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(_w("gridSpan"))
                    if gs is not None:
                        span = max(1, int(gs.get(_w("val"), "1")))
                    vm = tcpr.find(_w("vMerge"))
                    if vm is not None:
                        vmerge = vm.get(_w("val"), "continue")
                paras: list[Block] = []
                self._container(tc, paras, in_table=True)
                cell_paras = [b for b in paras if isinstance(b, Para)]
                if vmerge == "continue" and col in above:
                    cell = Cell(list(above[col].paras), span, continued=True)
                else:
                    cell = Cell(cell_paras, span)
                    if vmerge == "restart":
                        above[col] = cell
                    else:
                        above.pop(col, None)
                cells.append(cell)
                col += span
            rows.append(cells)
        return Table(rows, f"bảng từ đoạn {first}")


# --- .txt --------------------------------------------------------------------------------

_MD_ROW = re.compile(r"^\|(.*\|)\s*$")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$", re.IGNORECASE)
_TT = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,6})\.?$")
_GROUP = re.compile(r"^[IVXLC]{1,6}\.\s+\S")
HEADER_WORDS = ("nội dung", "chủ trì")


def read_txt_bytes(raw: bytes, path: str) -> Document:
    """Return the document of a plain-text file (any of the encodings offices use)."""
    text, encoding = legacy.decode_bytes(raw)
    doc = Document(path, "txt", [])
    if encoding in ("windows-1258", "tcvn3", "vni"):
        names = {"windows-1258": "Windows-1258", "tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
        doc.notes.append(f"Tệp văn bản viết bằng bảng mã {names[encoding]}: đã chuyển sang Unicode.")
    lines = [clean(line).strip() for line in text.splitlines()]
    fixed = 0
    for i, line in enumerate(lines):
        converted, name = legacy.fix_legacy_text(line)
        if name:
            lines[i] = converted
            fixed += 1
    if fixed:
        doc.notes.append(f"Đã chuyển {fixed} dòng chữ TCVN3/VNI (dán từ văn bản cũ) sang Unicode.")
    doc.blocks = _txt_blocks(lines, doc)
    return doc


def _is_cell_line(line: str) -> bool:
    return line.endswith("|") and not _is_md_row(line)


def _is_md_row(line: str) -> bool:
    m = _MD_ROW.match(line)
    if not m or not line.startswith("| "):
        return False
    return sum(1 for c in line.strip("|").split("|") if c.strip()) >= 2


def _txt_blocks(lines: list[str], doc: Document) -> list[Block]:
    blocks: list[Block] = []
    i, n = 0, len(lines)
    joined = dropped = 0
    while i < n:
        line = lines[i]
        if not line:
            i += 1
            continue
        if _is_md_row(line):
            rows, start = [], i
            while i < n and _is_md_row(lines[i]):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                rows.append([Cell([plain_para(c, f"dòng {i + 1}", in_table=True)] if c else []) for c in cells])
                i += 1
            blocks.append(Table(rows, f"dòng {start + 1}"))
            continue
        if _is_cell_line(line):
            i = _cell_region(lines, i, blocks)
            continue
        if _PAGE_NUMBER.match(line):
            dropped += 1
            i += 1
            continue
        prev = blocks[-1] if blocks else None
        if isinstance(prev, Para) and not prev.in_table and _continues(prev.full, line):
            blocks[-1] = plain_para(f"{prev.full} {line}", prev.where)
            joined += 1
        else:
            blocks.append(plain_para(line, f"dòng {i + 1}"))
        i += 1
    if joined:
        doc.notes.append(f"Đã nối {joined} dòng bị ngắt giữa câu (ngắt trang, xuống dòng) vào đoạn trước.")
    if dropped:
        doc.notes.append(f"Đã bỏ {dropped} dòng chỉ có số trang.")
    return blocks


def _continues(prev: str, line: str) -> bool:
    """Return True when `line` is the rest of a sentence broken across lines (page break)."""
    if not line[0].islower() or re.match(r"^[a-zđ]\)\s", line):
        return False
    return not prev.endswith((":", "./.")) and not _PAGE_NUMBER.match(prev)


def _cell_region(lines: list[str], i: int, blocks: list[Block]) -> int:
    """Read a run of scraped table cells starting at line `i`; return the next line index."""
    tokens: list[tuple[str, int]] = []  # (text, line); "|" fillers as "\x00"
    n = len(lines)
    pending: list[str] = []
    start = i
    while i < n:
        line = lines[i]
        if not line:
            i += 1
            continue
        if _is_cell_line(line):
            body = line[:-1].rstrip()
            if body and set(body) == {"|"}:
                tokens.append(("\x00", i + 1))
            else:
                text = " ".join(pending + ([body] if body else []))
                tokens.append((text, i + 1))
            pending = []
            i += 1
            continue
        if i + 1 < n and _is_cell_line(lines[i + 1]) and lines[i + 1] != "|" and not _is_md_row(lines[i + 1]):
            pending.append(line)
            i += 1
            continue
        break
    header_at = next((k for k, (t, _) in enumerate(tokens) if t.casefold() in ("tt", "stt", "số tt")), None)
    if header_at is not None:
        names = []
        for t, _ in tokens[header_at:]:
            if t in ("", "\x00"):
                break
            names.append(t)
        if all(any(w in " ".join(names).casefold() for w in [word]) for word in HEADER_WORDS):
            for t, ln in tokens[:header_at]:
                if t not in ("", "\x00"):
                    blocks.append(plain_para(t, f"dòng {ln}", in_table=True))
            blocks.append(_rebuild_rows(tokens[header_at:], len(names), start))
            return i
    for t, ln in tokens:
        if t not in ("", "\x00"):
            blocks.append(plain_para(t, f"dòng {ln}", in_table=True))
    return i


def _rebuild_rows(tokens: list[tuple[str, int]], ncols: int, start: int) -> Table:
    """Return the table whose cells were scraped one a line (empty cells and row marks as "|")."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []

    def cell(text: str, line: int) -> Cell:
        return Cell([plain_para(text, f"dòng {line}", in_table=True)] if text else [])

    def finish() -> None:
        nonlocal row
        if row:
            rows.append(row + [Cell([]) for _ in range(ncols - sum(c.span for c in row))])
        row = []

    for text, line in tokens:
        if text == "\x00":
            if len(row) == 1:
                row[0].span = ncols
                finish()
            continue
        if not row:
            if not text:
                continue
            if _GROUP.match(text) and not _TT.match(text):
                rows.append([Cell([plain_para(text, f"dòng {line}", in_table=True)], ncols)])
                continue
            row = [cell(text, line)] if _TT.match(text) or not rows else [Cell([]), cell(text, line)]
        else:
            row.append(cell(text, line))
        if sum(c.span for c in row) >= ncols:
            finish()
    finish()
    return Table(rows, f"dòng {start + 1}")
