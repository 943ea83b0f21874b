"""Read any .docx into a flat, fully resolved model: paragraphs, runs, sections, headers.

Word stores most formatting by inheritance; python-docx returns None for anything not set
directly. Here every property a format rule needs is resolved the way Word does:

    run direct → character style chain → paragraph style chain → table style chain
    → default paragraph style → document defaults (docDefaults) → Word's own default

Theme fonts (``asciiTheme="minorHAnsi"``) are looked up in the document's theme, ``w:caps``
is applied to the displayed text, automatic numbering is turned into its label ("1.",
"a)", "II."), and header/footer parts are read per section with their PAGE fields.

Paragraphs are numbered 1, 2, 3… in document order over the main text, table cells
included (empty paragraphs count: they are blank lines the user sees). Text boxes,
footnotes and comments are not read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from generator.errors import ReadError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
V = "{urn:schemas-microsoft-com:vml}"

DEFAULT_FONT = "Times New Roman"   # what Word uses when no font is set anywhere
DEFAULT_SIZE = 20                  # half-points: Word's 10 pt when no size is set anywhere
EMU_PER_PT = 12700

# Containers whose runs are part of the paragraph's visible text (w:del, w:moveFrom are not).
_RUN_CONTAINERS = {W + t for t in ("hyperlink", "fldSimple", "ins", "smartTag", "customXml", "moveTo",
                                   "sdt", "sdtContent", "dir", "bdo")}
_OFF = ("0", "false", "off", "none")


@dataclass(eq=False)
class Run:
    """A run with text and its effective formatting."""

    text: str                  # as displayed (w:caps applied)
    fonts: frozenset[str]      # fonts its characters use (ascii / hAnsi slots)
    size: int                  # half-points
    bold: bool
    italic: bool
    underline: bool
    colour: str                # "auto" or RRGGBB (upper case)
    element: etree._Element


class RunFormat:
    """Formatting of a piece of text, read from its runs (all of them: "bold" = every run bold)."""

    runs: list[Run]

    @property
    def sizes(self) -> set[int]:
        return {r.size for r in self.runs}

    @property
    def bold(self) -> bool:
        return bool(self.runs) and all(r.bold for r in self.runs)

    @property
    def italic(self) -> bool:
        return bool(self.runs) and all(r.italic for r in self.runs)

    @property
    def underlined(self) -> bool:
        return bool(self.runs) and all(r.underline for r in self.runs)


@dataclass
class Line:
    """A drawn horizontal line (shape) found in a paragraph, with its width in points."""

    width_pt: float


@dataclass(eq=False)
class Para(RunFormat):
    """One paragraph of the main text, header or footer, with resolved formatting."""

    index: int                 # 1-based in document order (0 for header/footer paragraphs)
    text: str                  # displayed text of every run joined (tabs "\t", NFC per run): fixes index it
    label: str                 # automatic numbering label ("1.", "a)"), "" when none
    runs: list[Run]            # runs holding non-blank text
    style_id: str
    style_name: str
    align: str                 # left, center, right, both (distribute → both)
    first_line: int            # twips; negative = hanging indent
    left: int                  # twips
    right: int                 # twips
    before: int                # twips
    after: int                 # twips
    line: int | None           # twips (lineRule exact/atLeast) or 240ths of a line (auto)
    line_rule: str             # auto, exact, atLeast
    border_bottom: bool
    lines: list[Line]          # drawn line shapes anchored here
    section: int               # 0-based section the paragraph belongs to
    table: int | None = None   # 0-based index of the top-level table holding it
    row: int | None = None
    col: int | None = None
    cell_width: int | None = None  # twips, when in a table cell
    element: etree._Element | None = None

    @property
    def full_text(self) -> str:
        """Return the text with its numbering label, as the user sees it."""
        return f"{self.label} {self.text}".strip() if self.label else self.text

    @property
    def plain(self) -> str:
        """Return the text with tabs and runs of spaces collapsed to one space."""
        return " ".join(self.full_text.split())

    @property
    def in_table(self) -> bool:
        return self.table is not None

    def segments(self) -> list[Segment]:
        """Return the tab-separated parts of the paragraph that hold text, with their runs."""
        out: list[Segment] = []
        cur_text: list[str] = []
        cur_runs: list[Run] = []

        def flush() -> None:
            text = "".join(cur_text)
            if text.strip():
                out.append(Segment(" ".join(text.split()), list(dict.fromkeys(cur_runs).keys())))
            cur_text.clear()
            cur_runs.clear()

        for run in self.runs:
            parts = run.text.split("\t")
            for i, part in enumerate(parts):
                if i:
                    flush()
                cur_text.append(part)
                if part.strip():
                    cur_runs.append(run)
        flush()
        return out


@dataclass(eq=False)
class Segment(RunFormat):
    """A tab-separated part of a paragraph (header and signature lines are often typed so)."""

    text: str
    runs: list[Run]


@dataclass
class HeaderPart:
    """A header or footer part: its paragraphs and where its PAGE fields are."""

    kind: str                   # "header" or "footer"
    paragraphs: list[Para]
    page_fields: list[Para]     # paragraphs holding a PAGE field
    element: etree._Element | None = None


@dataclass
class Section:
    """One section: page setup, numbering start, and its (inherited) headers and footers."""

    index: int
    width: int                  # twips
    height: int
    orient: str                 # "portrait" or "landscape" (from the size when unset)
    margins: dict[str, int]     # top, bottom, left, right, header, footer (twips)
    title_page: bool            # "different first page"
    page_start: int | None      # pgNumType w:start
    headers: dict[str, HeaderPart | None]   # default / first / even → part (inherited)
    footers: dict[str, HeaderPart | None]
    element: etree._Element
    paragraphs: list[Para] = field(default_factory=list)
    tables_only: bool = False   # every non-empty block of the section is a table
    page_span: int | None = None  # pages the section takes in the PDF (--pdf), else unknown

    @property
    def one_page(self) -> bool:
        """Return whether the section surely fits on one page (from the PDF, or a short text)."""
        if self.page_span is not None:
            return self.page_span <= 1
        return sum(len(p.plain) for p in self.paragraphs) < 1800 and len(self.paragraphs) < 45

    @property
    def text_width(self) -> int:
        return self.width - self.margins.get("left", 0) - self.margins.get("right", 0)


@dataclass
class DocModel:
    """A read .docx: paragraphs in order, sections, core properties, page count if stored."""

    path: Path
    doc: object                 # the python-docx Document (the fixer edits it)
    paragraphs: list[Para]
    sections: list[Section]
    tables: list[etree._Element]
    stored_pages: int | None    # docProps/app.xml <Pages>, as the last editor saved it
    core: dict[str, str]

    def para(self, index: int) -> Para:
        return self.paragraphs[index - 1]


# --------------------------------------------------------------------------- style resolution


class Styles:
    """Effective properties of runs and paragraphs, following Word's inheritance."""

    def __init__(self, doc) -> None:
        root = doc.styles.element
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.default_char: str | None = None
        for st in root.findall(W + "style"):
            sid = st.get(W + "styleId")
            if sid is None:
                continue
            self.by_id[sid] = st
            if st.get(W + "default") in ("1", "true", "on"):
                kind = st.get(W + "type")
                if kind == "paragraph":
                    self.default_para = sid
                elif kind == "character":
                    self.default_char = sid
        dd = root.find(W + "docDefaults")
        self.default_rpr = dd.find(f"{W}rPrDefault/{W}rPr") if dd is not None else None
        self.default_ppr = dd.find(f"{W}pPrDefault/{W}pPr") if dd is not None else None
        self.theme = _theme_fonts(doc)
        self._chains: dict[tuple[str | None, str], list[etree._Element]] = {}

    def name(self, sid: str | None) -> str:
        st = self.by_id.get(sid or "") if sid else None
        if st is None:
            return sid or ""
        n = st.find(W + "name")
        return n.get(W + "val") if n is not None else sid or ""

    def chain(self, sid: str | None, part: str) -> list[etree._Element]:
        """Return the pPr or rPr elements of style `sid` and its bases, nearest first."""
        key = (sid, part)
        cached = self._chains.get(key)
        if cached is not None:
            return cached
        out: list[etree._Element] = []
        seen: set[str] = set()
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            st = self.by_id[sid]
            el = st.find(W + part)
            if el is not None:
                out.append(el)
            based = st.find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None
        self._chains[key] = out
        return out

    def para_layers(self, ppr, style_id: str | None, table_style: str | None, part: str) -> list:
        """Return the property layers (nearest first) of a paragraph for pPr or rPr."""
        layers = []
        if part == "pPr" and ppr is not None:
            layers.append(ppr)
        own = style_id or self.default_para
        if own != self.default_para:
            layers += self.chain(own, part)
        if table_style:
            layers += self.chain(table_style, part)
        if own == self.default_para:
            layers += self.chain(own, part)
        default = self.default_ppr if part == "pPr" else self.default_rpr
        if default is not None:
            layers.append(default)
        return layers


def _theme_fonts(doc) -> dict[str, str]:
    """Return theme font slot → typeface ("minorHAnsi" → "Calibri") from the theme part."""
    try:
        part = doc.part.part_related_by(RT.THEME)
    except (KeyError, ValueError):
        return {}
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return {}
    out: dict[str, str] = {}
    for kind in ("major", "minor"):
        el = root.find(f".//{A}{kind}Font")
        if el is None:
            continue
        latin = el.find(A + "latin")
        ea = el.find(A + "ea")
        cs = el.find(A + "cs")
        for slot in ("Ascii", "HAnsi"):
            if latin is not None and latin.get("typeface"):
                out[f"{kind}{slot}"] = latin.get("typeface")
        if ea is not None and ea.get("typeface"):
            out[f"{kind}EastAsia"] = ea.get("typeface")
        if cs is not None and cs.get("typeface"):
            out[f"{kind}Bidi"] = cs.get("typeface")
    return out


def _flag(layers, tag: str) -> bool:
    for rpr in layers:
        el = rpr.find(W + tag)
        if el is not None:
            return el.get(W + "val") not in _OFF
    return False


def _val(layers, tag: str, attr: str = "val") -> str | None:
    for layer in layers:
        el = layer.find(W + tag)
        if el is not None and el.get(W + attr) is not None:
            return el.get(W + attr)
    return None


def _font(layers, slot: str, theme: dict[str, str]) -> str:
    for rpr in layers:
        el = rpr.find(W + "rFonts")
        if el is None:
            continue
        themed = el.get(W + slot + "Theme")
        if themed:
            return theme.get(themed, themed)
        name = el.get(W + slot)
        if name:
            return name
    return DEFAULT_FONT


# --------------------------------------------------------------------------- paragraphs


def _iter_runs(p) -> list:
    """Return the w:r elements of paragraph `p` that are visible text, in order."""
    out = []

    def walk(el) -> None:
        for child in el:
            if child.tag == W + "r":
                out.append(child)
            elif child.tag in _RUN_CONTAINERS:
                walk(child)

    walk(p)
    return out


def _run_text(r) -> str:
    parts = []
    for child in r:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab" or tag == W + "ptab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            if child.get(W + "type") not in ("page", "column"):
                parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _drawn_lines(p) -> list[Line]:
    """Return the horizontal line shapes anchored in paragraph `p` (DrawingML or VML)."""
    lines = []
    for extent_holder in p.iter(WP + "anchor", WP + "inline"):
        geom = extent_holder.find(f".//{A}prstGeom")
        if geom is None or geom.get("prst") not in ("line", "straightConnector1"):
            continue
        extent = extent_holder.find(WP + "extent")
        if extent is not None and extent.get("cx"):
            lines.append(Line(int(extent.get("cx")) / EMU_PER_PT))
    for vline in p.iter(V + "line"):
        a, b = _vml_point(vline.get("from")), _vml_point(vline.get("to"))
        if a is not None and b is not None and abs(b[1] - a[1]) < 2:
            lines.append(Line(abs(b[0] - a[0])))
    return lines


_UNIT_PT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "": 1.0}


def _vml_point(text: str | None) -> tuple[float, float] | None:
    if not text:
        return None
    vals = []
    for part in text.split(",")[:2]:
        m = re.fullmatch(r"\s*(-?[\d.]+)\s*([a-z]*)\s*", part)
        if not m:
            return None
        vals.append(float(m.group(1)) * _UNIT_PT.get(m.group(2), 1.0))
    return (vals[0], vals[1]) if len(vals) == 2 else None


class _Numbering:
    """Turn w:numPr into the label Word prints ("1.", "a)", "II.", "1.2.")."""

    def __init__(self, doc) -> None:
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for an in root.findall(W + "abstractNum"):
            levels = {}
            for lvl in an.findall(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                fmt = _val([lvl], "numFmt") or "decimal"
                text = _val([lvl], "lvlText") or ""
                start = int(_val([lvl], "start") or "1")
                levels[ilvl] = (fmt, text, start)
            self.abstract[an.get(W + "abstractNumId")] = levels
        for num in root.findall(W + "num"):
            aid = _val([num], "abstractNumId")
            overrides = {}
            for ov in num.findall(W + "lvlOverride"):
                so = ov.find(W + "startOverride")
                if so is not None:
                    overrides[int(ov.get(W + "ilvl", "0"))] = int(so.get(W + "val", "1"))
            self.nums[num.get(W + "numId")] = (aid or "", overrides)

    def label(self, num_id: str | None, ilvl: int) -> str:
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        aid, overrides = self.nums[num_id]
        levels = self.abstract.get(aid, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, {})
        if ilvl in overrides and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = overrides[ilvl]
        else:
            counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return text.strip() if text.strip() in ("-", "–", "+", "•") else "•"
        if fmt == "none":
            return ""

        def repl(m: re.Match) -> str:
            lvl = int(m.group(1)) - 1
            f = levels.get(lvl, ("decimal", "", 1))[0]
            n = counters.get(lvl, levels.get(lvl, ("", "", 1))[2])
            return _format_number(n, f)

        return re.sub(r"%(\d)", repl, text).strip()


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        s = letters[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


_JC = {"both": "both", "distribute": "both", "center": "center", "right": "right", "end": "right",
       "left": "left", "start": "left", "mediumKashida": "both", "highKashida": "both", "lowKashida": "both",
       "thaiDistribute": "both"}


class _ParaReader:
    """Build `Para` objects; one per document (holds the style cache and numbering)."""

    def __init__(self, doc) -> None:
        self.styles = Styles(doc)
        self.numbering = _Numbering(doc)

    def read(self, p, index: int, section: int, table_style: str | None = None) -> Para:
        st = self.styles
        ppr = p.find(W + "pPr")
        ps = ppr.find(W + "pStyle") if ppr is not None else None
        style_id = ps.get(W + "val") if ps is not None else (st.default_para or "")
        player = st.para_layers(ppr, style_id, table_style, "pPr")
        rlayers_para = st.para_layers(None, style_id, table_style, "rPr")
        runs = []
        texts = []
        for r in _iter_runs(p):
            raw = _run_text(r)
            if not raw:
                continue
            rpr = r.find(W + "rPr")
            layers = []
            if rpr is not None:
                layers.append(rpr)
                rs = rpr.find(W + "rStyle")
                if rs is not None:
                    layers += st.chain(rs.get(W + "val"), "rPr")
            layers += rlayers_para
            caps = _flag(layers, "caps")
            shown = unicodedata.normalize("NFC", raw.upper() if caps else raw)
            texts.append(shown)
            if not shown.strip():
                continue
            fonts = set()
            if any(ord(c) < 128 and not c.isspace() for c in shown):
                fonts.add(_font(layers, "ascii", st.theme))
            if any(ord(c) >= 128 for c in shown):
                fonts.add(_font(layers, "hAnsi", st.theme))
            size = _val(layers, "sz")
            colour = _colour(layers)
            u = _val(layers, "u")
            runs.append(Run(
                text=shown,
                fonts=frozenset(fonts),
                size=int(float(size)) if size else DEFAULT_SIZE,
                bold=_flag(layers, "b"),
                italic=_flag(layers, "i"),
                underline=u is not None and u != "none",
                colour=colour,
                element=r,
            ))
        label = ""
        numpr = next((layer.find(W + "numPr") for layer in player if layer.find(W + "numPr") is not None), None)
        if numpr is not None:
            nid = numpr.find(W + "numId")
            lvl = numpr.find(W + "ilvl")
            num_id = nid.get(W + "val") if nid is not None else None
            label = self.numbering.label(num_id, int(lvl.get(W + "val", "0")) if lvl is not None else 0)
        first = _val(player, "ind", "firstLine")
        hanging = _val(player, "ind", "hanging")
        first_line = -int(float(hanging)) if hanging is not None else int(float(first)) if first else 0
        left = _val(player, "ind", "left") or _val(player, "ind", "start") or "0"
        right = _val(player, "ind", "right") or _val(player, "ind", "end") or "0"
        before_auto = _val(player, "spacing", "beforeAutospacing") not in (None, *_OFF)
        after_auto = _val(player, "spacing", "afterAutospacing") not in (None, *_OFF)
        line = _val(player, "spacing", "line")
        border = False
        for layer in player:
            bdr = layer.find(W + "pBdr")
            if bdr is not None:
                bottom = bdr.find(W + "bottom")
                border = bottom is not None and bottom.get(W + "val") not in ("nil", "none")
                break
        return Para(
            index=index,
            text="".join(texts),
            label=label,
            runs=runs,
            style_id=style_id or "",
            style_name=st.name(style_id),
            align=_JC.get(_val(player, "jc") or "left", "left"),
            first_line=first_line,
            left=int(float(left)),
            right=int(float(right)),
            before=280 if before_auto else int(float(_val(player, "spacing", "before") or 0)),
            after=280 if after_auto else int(float(_val(player, "spacing", "after") or 0)),
            line=int(float(line)) if line else None,
            line_rule=_val(player, "spacing", "lineRule") or "auto",
            border_bottom=border,
            lines=_drawn_lines(p),
            section=section,
            element=p,
        )


def _colour(layers) -> str:
    for rpr in layers:
        el = rpr.find(W + "color")
        if el is None:
            continue
        theme = el.get(W + "themeColor")
        if theme:
            return "000000" if theme in ("text1", "dark1") else f"theme:{theme}"
        val = (el.get(W + "val") or "auto").upper()
        return "auto" if val == "AUTO" else val
    return "auto"


# --------------------------------------------------------------------------- sections, headers

_PAGE_FIELD = re.compile(r"(?<![A-Z])PAGE(?![A-Z])")


def _page_field_paragraphs(part_el) -> list:
    """Return the w:p elements of a header/footer part that hold a PAGE field."""
    out = []
    for p in part_el.iter(W + "p"):
        instr = " ".join((t.text or "") for t in p.iter(W + "instrText"))
        instr += " " + " ".join(f.get(W + "instr") or "" for f in p.iter(W + "fldSimple"))
        if _PAGE_FIELD.search(instr.upper()):
            out.append(p)
    return out


def _read_part(reader: _ParaReader, doc, rid: str, kind: str, cache: dict) -> HeaderPart | None:
    if rid in cache:
        return cache[rid]
    try:
        part = doc.part.related_parts[rid]
        el = part.element
    except (KeyError, AttributeError):
        cache[rid] = None
        return None
    paras = [reader.read(p, 0, 0) for p in el.iter(W + "p")]
    fields = {id(p) for p in _page_field_paragraphs(el)}
    hp = HeaderPart(kind, paras, [p for p in paras if id(p.element) in fields], el)
    cache[rid] = hp
    return hp


def _section(reader, doc, sect, index, previous: Section | None, cache) -> Section:
    size = sect.find(W + "pgSz")
    width = int(float(size.get(W + "w", "11906"))) if size is not None else 11906
    height = int(float(size.get(W + "h", "16838"))) if size is not None else 16838
    orient = size.get(W + "orient") if size is not None else None
    if orient not in ("portrait", "landscape"):
        orient = "landscape" if width > height else "portrait"
    mar = sect.find(W + "pgMar")
    margins = {}
    for key in ("top", "bottom", "left", "right", "header", "footer", "gutter"):
        raw = mar.get(W + key) if mar is not None else None
        margins[key] = abs(int(float(raw))) if raw is not None else 0
    tp = sect.find(W + "titlePg")
    title = tp is not None and tp.get(W + "val") not in _OFF
    pn = sect.find(W + "pgNumType")
    start = pn.get(W + "start") if pn is not None else None
    headers: dict[str, HeaderPart | None] = dict(previous.headers) if previous else {}
    footers: dict[str, HeaderPart | None] = dict(previous.footers) if previous else {}
    for ref in sect.findall(W + "headerReference"):
        headers[ref.get(W + "type", "default")] = _read_part(reader, doc, ref.get(R_ID), "header", cache)
    for ref in sect.findall(W + "footerReference"):
        footers[ref.get(W + "type", "default")] = _read_part(reader, doc, ref.get(R_ID), "footer", cache)
    return Section(index, width, height, orient, margins, title, int(start) if start and start.isdigit() else None,
                   headers, footers, sect)


# --------------------------------------------------------------------------- the document


def read_docx(path: Path | str) -> DocModel:
    """Return the resolved model of the .docx at `path`; raise ReadError when it is not one."""
    path = Path(path)
    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises many kinds (zip, XML, content type)
        raise ReadError(_read_problem(path, exc)) from exc
    return model_of(doc, path)


def _read_problem(path: Path, exc: Exception) -> str:
    if not path.exists():
        return "không có tệp này."
    name = type(exc).__name__
    if name in ("BadZipFile", "PackageNotFoundError"):
        return "không phải tệp Word .docx (tệp hỏng hoặc định dạng khác)."
    return f"không đọc được nội dung Word ({name})."


def model_of(doc, path: Path) -> DocModel:
    """Return the resolved model of an opened python-docx Document."""
    reader = _ParaReader(doc)
    body = doc.element.body
    paragraphs: list[Para] = []
    tables: list = []
    sect_ends: list[tuple[int, object]] = []   # (last paragraph count, sectPr) per section
    block_kinds: list[list[str]] = [[]]        # per section: "p" (non-empty) / "t"
    counter = [0]
    section = [0]

    def add(p, table=None, row=None, col=None, width=None, tstyle=None) -> None:
        counter[0] += 1
        para = reader.read(p, counter[0], section[0], tstyle)
        para.table, para.row, para.col, para.cell_width = table, row, col, width
        paragraphs.append(para)

    def walk_table(tbl, top: int, tstyle: str | None) -> None:
        tpr = tbl.find(W + "tblPr")
        ts = tpr.find(W + "tblStyle") if tpr is not None else None
        style = ts.get(W + "val") if ts is not None else tstyle
        grid = [int(float(g.get(W + "w", "0") or 0)) for g in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        for r, tr in enumerate(tbl.findall(W + "tr")):
            col = 0
            for tc in tr.findall(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = 1
                width = None
                if tcpr is not None:
                    gs = tcpr.find(W + "gridSpan")
                    span = int(gs.get(W + "val", "1")) if gs is not None else 1
                    tw = tcpr.find(W + "tcW")
                    if tw is not None and tw.get(W + "type") in (None, "dxa") and tw.get(W + "w"):
                        width = int(float(tw.get(W + "w"))) or None
                grid_width = sum(grid[col:col + span]) if len(grid) >= col + span else 0
                if grid_width:
                    width = min(width, grid_width) if width else grid_width
                for child in _blocks(tc):
                    if child.tag == W + "p":
                        add(child, top, r, col, width, style)
                    elif child.tag == W + "tbl":
                        walk_table(child, top, style)
                col += span

    for child in _blocks(body):
        if child.tag == W + "p":
            add(child)
            para = paragraphs[-1]
            if para.plain or para.lines:
                block_kinds[-1].append("p")
            ppr = child.find(W + "pPr")
            sect = ppr.find(W + "sectPr") if ppr is not None else None
            if sect is not None:
                sect_ends.append((counter[0], sect))
                section[0] += 1
                block_kinds.append([])
        elif child.tag == W + "tbl":
            tables.append(child)
            walk_table(child, len(tables) - 1, None)
            block_kinds[-1].append("t")
        elif child.tag == W + "sectPr":
            sect_ends.append((counter[0], child))
    cache: dict = {}
    sections: list[Section] = []
    for i, (_, sect) in enumerate(sect_ends):
        s = _section(reader, doc, sect, i, sections[-1] if sections else None, cache)
        kinds = block_kinds[i] if i < len(block_kinds) else []
        s.tables_only = bool(kinds) and all(k == "t" for k in kinds)
        sections.append(s)
    if not sections:  # a body without sectPr: Word's defaults (Letter…); report as found
        sections.append(Section(0, 12240, 15840, "portrait", {"top": 1440, "bottom": 1440, "left": 1440,
                                "right": 1440, "header": 720, "footer": 720}, False, None, {}, {},
                                body))
    for p in paragraphs:
        p.section = min(p.section, len(sections) - 1)
        sections[p.section].paragraphs.append(p)
    return DocModel(path, doc, paragraphs, sections, tables, _stored_pages(doc), _core(doc))


def _blocks(container) -> list:
    """Return the block children (w:p, w:tbl) of `container`, looking inside content controls."""
    out = []
    for child in container:
        if child.tag in (W + "p", W + "tbl", W + "sectPr"):
            out.append(child)
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                out.extend(_blocks(content))
    return out


def _stored_pages(doc) -> int | None:
    try:
        for rel in doc.part.package.rels.values():
            if rel.reltype.endswith("/extended-properties"):
                root = etree.fromstring(rel.target_part.blob)
                for el in root:
                    if etree.QName(el).localname == "Pages" and (el.text or "").strip().isdigit():
                        return int(el.text)
    except Exception:  # an odd app.xml never stops a check
        return None
    return None


def _core(doc) -> dict[str, str]:
    cp = doc.core_properties
    out = {}
    for key in ("title", "author", "subject"):
        out[key] = getattr(cp, key) or ""
    for key in ("created", "modified"):
        value = getattr(cp, key)
        out[key] = value.isoformat() if value else ""
    return out
