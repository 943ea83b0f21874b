"""Find the parts of an administrative document: header block, title, body, signature, annexes.

Works from content and formatting, not from style names, so documents typed in Word are
read as well as generated ones. The header block may be a borderless table (the decree's
samples) or typed as paragraphs, with tabs between the left block (issuer, Số) and the
right block (Quốc hiệu, date). The document kind comes from the tên loại line, the
ký hiệu of the Số line ("/KH-UBND" → Kế hoạch; "/UBND-VX" with a "V/v" line → Công văn)
and, for a document issued with a Quyết định, the "(Kèm theo Quyết định số …)" line.
"""

from __future__ import annotations

import re
from collections import Counter
import unicodedata
from dataclasses import dataclass, field

from generator.conformance.reader import DocModel, Para, Run, RunFormat, Segment

QUOC_HIEU = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

_QH_LOOSE = re.compile(r"^C[ỘO]NG\s+H[ÒO]A?\s*X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM$", re.I)
_QH_LOOSE2 = re.compile(r"^CỘNG\s+HO?ÀA?\s+XÃ\s+HỘI", re.I)
_TN_LOOSE = re.compile(r"^Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc\.?$", re.I)
_RULE_TEXT = re.compile(r"^[_\-–—‾]{3,}$")
_SO = re.compile(r"^Số\b|^SỐ\b")
_DATE = re.compile(r"ngày\b.*\btháng\b.*\bnăm\b", re.I)
_VV = re.compile(r"^(V/v|V/V|v/v|Về việc)\b")
_ANNEX = re.compile(r"^(Phụ\s+lục|PHỤ\s+LỤC)(\s+(số\s+)?[IVXLC\d]+[a-zđ]?)?\s*[.:]?$")
_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*\S")
_ATTACHED_QD = re.compile(r"^\((Ban hành )?[Kk]èm theo (Quyết định|Nghị quyết)")
_BODY_OPENERS = re.compile(r"^(Căn cứ|Kính gửi|Thực hiện|Theo đề nghị|Xét đề nghị|Xét|Điều\s+\d|Chương\s|Phần\s)")


@dataclass(frozen=True)
class Kind:
    """What a document is: its code, how to name it, its printed tên loại and abbreviation."""

    code: str            # quyet_dinh, ke_hoach, bao_cao, cong_van, to_trinh, thong_bao, kem_theo, phu_luc, …
    label: str           # Vietnamese name for messages
    type_name: str = ""  # the tên loại as a normal word ("Kế hoạch"), "" for công văn/unknown
    abbr: str = ""       # ký hiệu abbreviation of the type (KH), "" when none

    @property
    def numbered(self) -> bool:
        """Return whether the kind has its own Số, date, signature and Nơi nhận."""
        return self.code not in ("kem_theo", "phu_luc")


# code, printed tên loại, abbreviation (Phụ lục III of ND30)
TYPES: list[tuple[str, str, str]] = [
    ("quyet_dinh", "QUYẾT ĐỊNH", "QĐ"), ("ke_hoach", "KẾ HOẠCH", "KH"), ("bao_cao", "BÁO CÁO", "BC"),
    ("to_trinh", "TỜ TRÌNH", "TTr"), ("thong_bao", "THÔNG BÁO", "TB"), ("nghi_quyet", "NGHỊ QUYẾT", "NQ"),
    ("chi_thi", "CHỈ THỊ", "CT"), ("quy_che", "QUY CHẾ", "QC"), ("quy_dinh", "QUY ĐỊNH", "QyĐ"),
    ("thong_cao", "THÔNG CÁO", "TC"), ("huong_dan", "HƯỚNG DẪN", "HD"), ("chuong_trinh", "CHƯƠNG TRÌNH", "CTr"),
    ("phuong_an", "PHƯƠNG ÁN", "PA"), ("de_an", "ĐỀ ÁN", "ĐA"), ("du_an", "DỰ ÁN", "DA"),
    ("bien_ban", "BIÊN BẢN", "BB"), ("hop_dong", "HỢP ĐỒNG", "HĐ"), ("cong_dien", "CÔNG ĐIỆN", "CĐ"),
    ("ban_ghi_nho", "BẢN GHI NHỚ", "BGN"), ("ban_thoa_thuan", "BẢN THỎA THUẬN", "BTT"),
    ("giay_uy_quyen", "GIẤY ỦY QUYỀN", "GUQ"), ("giay_moi", "GIẤY MỜI", "GM"),
    ("giay_gioi_thieu", "GIẤY GIỚI THIỆU", "GGT"), ("giay_nghi_phep", "GIẤY NGHỈ PHÉP", "GNP"),
    ("phieu_gui", "PHIẾU GỬI", "PG"), ("phieu_chuyen", "PHIẾU CHUYỂN", "PC"), ("phieu_bao", "PHIẾU BÁO", "PB"),
]
_BY_NAME = {name: (code, abbr) for code, name, abbr in TYPES}
_BY_NAME["QUYẾT ĐỊNH:"] = ("quyet_dinh", "QĐ")
_BY_NAME["BẢN THOẢ THUẬN"] = ("ban_thoa_thuan", "BTT")
_BY_NAME["GIẤY UỶ QUYỀN"] = ("giay_uy_quyen", "GUQ")
_BY_ABBR = {abbr: (code, name) for code, name, abbr in TYPES}


def sentence_case(name: str) -> str:
    """Return "Kế hoạch" for "KẾ HOẠCH"."""
    low = name.lower()
    return low[:1].upper() + low[1:]


def kind_named(code: str) -> Kind:
    """Return the Kind of a code (used by tests and the JSON output)."""
    for c, name, abbr in TYPES:
        if c == code:
            return Kind(c, sentence_case(name), sentence_case(name), abbr)
    labels = {"cong_van": "Công văn", "kem_theo": "Văn bản kèm theo", "phu_luc": "Phụ lục",
              "khac": "Văn bản chưa rõ loại"}
    return Kind(code, labels.get(code, code))


@dataclass(eq=False)
class Piece(RunFormat):
    """A located piece of text: a whole paragraph, or one tab-separated part of it."""

    para: Para
    text: str
    runs: list[Run]
    whole: bool = True   # the piece is the whole paragraph (not a tab part)

    @classmethod
    def of(cls, para: Para) -> Piece:
        return cls(para, para.plain, para.runs, True)

    @classmethod
    def part(cls, para: Para, seg: Segment) -> Piece:
        return cls(para, seg.text, seg.runs, False)



@dataclass
class RuleLine:
    """A short horizontal line under an element, and how it was drawn."""

    width_pt: float | None    # None when it spans the paragraph (border) and cannot be measured
    how: str                  # "gạch dưới" (underscores), "đường viền", "hình vẽ", "gạch chân chữ"
    para: Para


@dataclass
class Annex:
    """A Phụ lục inside the document: its label line, title lines, "(Kèm theo …)" line."""

    label: Para
    titles: list[Para] = field(default_factory=list)
    subtitles: list[Para] = field(default_factory=list)
    attached: Para | None = None
    rule: RuleLine | None = None
    paragraphs: list[Para] = field(default_factory=list)   # everything from the label on


@dataclass
class Layout:
    """The parts found in a document, and its kind."""

    kind: Kind
    header_layout: str | None = None        # "bảng" (table) or "đoạn văn" (paragraphs), None if no header
    quoc_hieu: Piece | None = None
    tieu_ngu: Piece | None = None
    tieu_ngu_rule: RuleLine | None = None
    right_side_ok: bool = True              # Quốc hiệu is in the right-hand block
    supervisor: Piece | None = None
    issuer: list[Piece] = field(default_factory=list)
    issuer_rule: RuleLine | None = None
    number: Piece | None = None             # "Số: …"
    date: Piece | None = None
    same_line: bool | None = None           # Số and date on the same line (table row / paragraph)
    subject: list[Piece] = field(default_factory=list)    # công văn "V/v …" lines
    header_paras: set[int] = field(default_factory=set)
    title: Para | None = None               # tên loại
    summary: list[Para] = field(default_factory=list)    # trích yếu lines
    notes: list[Para] = field(default_factory=list)      # "(Kèm theo …)", "(Số liệu … )" lines under it
    summary_rule: RuleLine | None = None
    title_paras: set[int] = field(default_factory=set)
    authority_lines: list[Para] = field(default_factory=list)  # "CHỦ TỊCH ỦY BAN …", "QUYẾT ĐỊNH:"
    grounds: list[Para] = field(default_factory=list)    # căn cứ block
    addressees: list[Para] = field(default_factory=list)  # "Kính gửi:" lines
    body: list[Para] = field(default_factory=list)       # prose paragraphs (main text and annexes)
    headings: list[Para] = field(default_factory=list)   # all-bold lines in the body
    recipients_label: Piece | None = None
    recipients: list[Piece] = field(default_factory=list)
    signature: list[Piece] = field(default_factory=list)  # quyền hạn / chức vụ lines
    signer: Piece | None = None
    annexes: list[Annex] = field(default_factory=list)
    text_width_pt: float = 467.7

    @property
    def attached_line(self) -> Para | None:
        return next((p for p in self.notes if "kèm theo" in p.plain.lower()), None)


# --------------------------------------------------------------------------- text tests


def plain_upper(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).upper()


def is_quoc_hieu(text: str) -> bool:
    t = " ".join(text.split())
    return bool(_QH_LOOSE.match(t) or _QH_LOOSE2.match(t))


def is_tieu_ngu(text: str) -> bool:
    return bool(_TN_LOOSE.match(" ".join(text.split())))


def is_rule_text(text: str) -> bool:
    return bool(_RULE_TEXT.match(text.replace(" ", "")))


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def is_number_line(text: str) -> bool:
    return bool(_SO.match(text)) and ("/" in text or ":" in text[:5])


_NUMERIC_DATE = re.compile(r"^[^,\d]{2,}, *(ngày *)?\d{1,2} *[/.-] *\d{1,2} *[/.-] *\d{2,4}\.?$")


def is_date_line(text: str) -> bool:
    """Return whether `text` is an địa danh–ngày line (also the wrong "Hà Nội, 05/02/2026" form)."""
    return (bool(_DATE.search(text)) and "," in text) or bool(_NUMERIC_DATE.match(text))


def is_annex_label(text: str) -> bool:
    return bool(_ANNEX.match(" ".join(text.split())))


def words(text: str, n: int = 6, limit: int = 45) -> str:
    """Return the first words of `text` for a place description."""
    parts = text.split()
    out = " ".join(parts[:n])
    if len(out) > limit:
        out = out[:limit].rstrip()
    return out + ("…" if len(out) < len(" ".join(parts)) else "")


# --------------------------------------------------------------------------- analysis


def analyse(model: DocModel) -> Layout:
    """Return the layout and kind of `model`."""
    lay = Layout(kind=kind_named("khac"))
    first = model.sections[0] if model.sections else None
    if first is not None:
        lay.text_width_pt = first.text_width / 20
    paras = model.paragraphs
    start = _header(model, lay)
    pos = _title(paras, start, lay)
    annex_at = _annexes(paras, lay)
    end = annex_at if annex_at is not None else len(paras)
    sig_start = _signature(paras, pos, end, lay)
    _kind(lay, paras)
    _body(paras, pos, sig_start if sig_start is not None else end, lay)
    for annex in lay.annexes:
        after = {p.index for p in [annex.label, *annex.titles, *annex.subtitles]}
        if annex.attached is not None:
            after.add(annex.attached.index)
        if annex.rule is not None:
            after.add(annex.rule.para.index)
        _classify(annex.paragraphs, after, lay, grounds_allowed=False)
    return lay


def _header(model: DocModel, lay: Layout) -> int:
    """Find the header block; return the list position where the text after it starts."""
    paras = model.paragraphs
    qh_at = None
    for i, p in enumerate(paras[:60]):
        pieces = [seg.text for seg in p.segments()] or [p.plain]
        if any(is_quoc_hieu(t) for t in pieces):
            qh_at = i
            break
        if _TN_LOOSE.match(p.plain) and qh_at is None:
            qh_at = i
            break
    if qh_at is None:
        # No Quốc hiệu: still look for a Số line and a date at the top (a hand-typed letter).
        return _loose_header(paras, lay)
    qh_para = paras[qh_at]
    if qh_para.in_table:
        return _table_header(model, qh_para, lay)
    return _paragraph_header(paras, qh_at, lay)


def _loose_header(paras: list[Para], lay: Layout) -> int:
    last = -1
    for i, p in enumerate(paras[:25]):
        for seg in p.segments():
            if lay.number is None and is_number_line(seg.text):
                lay.number = Piece.part(p, seg)
                last = i
            elif lay.date is None and is_date_line(seg.text):
                lay.date = Piece.part(p, seg)
                last = i
            elif lay.number is not None and not lay.subject and _VV.match(seg.text):
                lay.subject = [Piece.part(p, seg)]
                last = i
    if lay.number is not None and lay.date is not None:
        lay.same_line = lay.number.para is lay.date.para
    lay.header_paras = {p.index for p in paras[: last + 1]}
    return last + 1


def _table_header(model: DocModel, qh_para: Para, lay: Layout) -> int:
    lay.header_layout = "bảng"
    table = qh_para.table
    cells = [p for p in model.paragraphs if p.table == table]
    right_col = qh_para.col
    left = [p for p in cells if p.col is not None and right_col is not None and p.col < right_col]
    right = [p for p in cells if p.col == right_col]
    lay.right_side_ok = bool(left) or right_col not in (0, None)
    if not left:  # a one-column table: the issuer sits above or below in the same column
        left = [p for p in cells if p.col != right_col]
    _read_sides(left, right, lay)
    if lay.number is not None and lay.date is not None:
        lay.same_line = lay.number.para.row == lay.date.para.row
    lay.header_paras = {p.index for p in cells}
    return max(p.index for p in cells)  # the 1-based index of the last cell = list position after the table


def _paragraph_header(paras: list[Para], qh_at: int, lay: Layout) -> int:
    lay.header_layout = "đoạn văn"
    left: list[Piece] = []
    right: list[Piece] = []
    end = qh_at
    seen_number = False
    for i, p in enumerate(paras[: qh_at + 12]):
        segs = p.segments()
        if p.in_table and i > qh_at:
            break
        if not segs:
            if p.lines:
                last_l = left[-1].para.index if left else -1
                last_r = right[-1].para.index if right else -1
                (right if last_r >= last_l else left).append(Piece(p, "", [], True))
            continue
        texts = [s.text for s in segs]
        header_like = any(is_quoc_hieu(t) or is_tieu_ngu(t) or is_rule_text(t) or is_number_line(t)
                          or is_date_line(t) or _VV.match(t) for t in texts)
        issuer_like = not seen_number and is_caps(texts[0]) and plain_upper(texts[0]) not in _BY_NAME
        if i > qh_at and not header_like and not issuer_like:
            break
        if len(segs) >= 2:
            left.append(Piece.part(p, segs[0]))
            right.append(Piece.part(p, segs[-1]))
        else:
            t = texts[0]
            piece = Piece.of(p)
            pushed_right = p.full_text.lstrip(" ").startswith("\t") or p.left >= 2500
            if is_quoc_hieu(t) or is_tieu_ngu(t) or is_date_line(t):
                piece.whole = not pushed_right
                right.append(piece)
            elif is_rule_text(t):
                last_l = left[-1].para.index if left else -1
                last_r = right[-1].para.index if right else -1
                (right if last_r >= last_l else left).append(piece)
            else:
                left.append(piece)
        seen_number = seen_number or any(is_number_line(t) for t in texts)
        end = i
    _read_side_pieces(left, right, lay)
    qh = lay.quoc_hieu
    lay.right_side_ok = qh is not None and (not qh.whole or qh.para.align == "right")
    if lay.number is not None and lay.date is not None:
        lay.same_line = lay.number.para is lay.date.para
    lay.header_paras = {p.index for p in paras[: end + 1]}
    return end + 1


def _read_sides(left: list[Para], right: list[Para], lay: Layout) -> None:
    def pieces(paras: list[Para]) -> list[Piece]:
        out = []
        for p in paras:
            segs = p.segments()
            if not segs:
                if p.lines:
                    out.append(Piece(p, "", [], True))
                continue
            out.append(Piece.of(p) if len(segs) == 1 else Piece(p, " ".join(s.text for s in segs), p.runs))
        return out

    _read_side_pieces(pieces(left), pieces(right), lay)


def _rule_after(pieces: list[Piece], i: int, elem: Piece) -> RuleLine | None:
    """Return the line under `elem` (pieces[i]): underscores, shape, border or underline."""
    para = elem.para
    if para.lines:
        return RuleLine(max(line.width_pt for line in para.lines), "hình vẽ", para)
    if para.border_bottom:
        return RuleLine(None, "đường viền", para)
    if elem.underlined and elem.runs:
        return RuleLine(_width(elem.text, elem), "gạch chân chữ", para)
    if i + 1 < len(pieces):
        nxt = pieces[i + 1]
        if nxt.text and is_rule_text(nxt.text):
            return RuleLine(_width(nxt.text, nxt), "gạch dưới", nxt.para)
        if not nxt.text and nxt.para.lines:
            return RuleLine(max(line.width_pt for line in nxt.para.lines), "hình vẽ", nxt.para)
    return None


def _width(text: str, piece: Piece) -> float:
    from generator.domain.textwidth import text_width_pt

    size = max(piece.sizes) / 2 if piece.sizes else 13
    return text_width_pt(text.replace(" ", ""), size, bold=piece.bold) if is_rule_text(text) else \
        text_width_pt(text, size, bold=piece.bold)


def _read_side_pieces(left: list[Piece], right: list[Piece], lay: Layout) -> None:
    for i, piece in enumerate(right):
        t = piece.text
        if lay.quoc_hieu is None and is_quoc_hieu(t):
            lay.quoc_hieu = piece
        elif lay.tieu_ngu is None and is_tieu_ngu(t):
            lay.tieu_ngu = piece
            lay.tieu_ngu_rule = _rule_after(right, i, piece)
        elif lay.date is None and is_date_line(t):
            lay.date = piece
        elif lay.number is None and is_number_line(t):   # misplaced in the right block
            lay.number = piece
    names: list[Piece] = []
    for i, piece in enumerate(left):
        t = piece.text
        if not t:
            continue
        if is_number_line(t) and lay.number is None:
            lay.number = piece
        elif lay.number is not None and (_VV.match(t) or (lay.subject and not is_rule_text(t) and not is_caps(t))):
            lay.subject.append(piece)
        elif is_rule_text(t):
            continue
        elif lay.number is None and not is_date_line(t) and not is_quoc_hieu(t) and not is_tieu_ngu(t):
            names.append(piece)
            rule = _rule_after(left, i, piece)
            if rule is not None:
                lay.issuer_rule = rule
        elif is_date_line(t) and lay.date is None:
            lay.date = piece
    if len(names) >= 2 and not names[0].bold and any(n.bold for n in names[1:]):
        lay.supervisor = names[0]
        names = names[1:]
    lay.issuer = names


def _title(paras: list[Para], start: int, lay: Layout) -> int:
    """Find tên loại, trích yếu, the "(…)" lines and the rule under them; return the next position."""
    i = start
    n = len(paras)
    while i < n and not paras[i].plain and not paras[i].lines:
        i += 1
    if i < n and lay.quoc_hieu is None and is_annex_label(paras[i].plain):
        return i
    if i < n and _looks_like_type_name(paras[i]):
        lay.title = paras[i]
        lay.title_paras.add(paras[i].index)
        i += 1
        first_caps = None
        while i < n and len(lay.summary) < 4:
            p = paras[i]
            t = p.plain
            if not t:
                if lay.summary:
                    break
                i += 1
                continue
            if is_rule_text(t) or t.startswith("(") or p.in_table or _BODY_OPENERS.match(t):
                break
            if not (p.bold or p.align == "center"):
                break
            if first_caps is None:
                first_caps = is_caps(t)
            elif is_caps(t) and not first_caps:
                break
            lay.summary.append(p)
            lay.title_paras.add(p.index)
            i += 1
    if lay.title is not None or lay.subject or lay.number is not None:
        while i < n and paras[i].plain.startswith("(") and not paras[i].in_table:
            lay.notes.append(paras[i])
            lay.title_paras.add(paras[i].index)
            i += 1
    if lay.title is not None:
        last = (lay.notes or lay.summary or [lay.title])[-1]
        j = i
        while j < n and not paras[j].plain and not paras[j].lines and j - i < 2:
            j += 1
        pieces = [Piece.of(last)] + ([Piece.of(paras[j])] if j < n else [])
        rule = _rule_after(pieces, 0, pieces[0])
        if rule is not None:
            lay.summary_rule = rule
            lay.title_paras.add(rule.para.index)
            if rule.para is not last:
                i = j + 1
    return i


def _looks_like_type_name(p: Para) -> bool:
    t = p.plain
    if not t or p.in_table or not is_caps(t) or is_rule_text(t) or is_annex_label(t):
        return False
    if plain_upper(t) in _BY_NAME:
        return True
    return len(t) <= 60 and p.align == "center" and p.bold and not _AUTHORITY.match(t)


def _annexes(paras: list[Para], lay: Layout) -> int | None:
    """Find the Phụ lục parts; return the list position of the first (None when there is none)."""
    starts = [i for i, p in enumerate(paras) if not p.in_table and p.plain and is_annex_label(p.plain)
              and p.index not in lay.header_paras and p.index not in lay.title_paras]
    for k, i in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(paras)
        annex = Annex(paras[i], paragraphs=paras[i:stop])
        j = i + 1
        while j < stop and not paras[j].plain and not paras[j].lines:
            j += 1
        while j < stop and paras[j].plain and not paras[j].in_table and is_caps(paras[j].plain) \
                and not is_rule_text(paras[j].plain):
            annex.titles.append(paras[j])
            j += 1
        while j < stop and annex.titles and paras[j].plain and not paras[j].in_table \
                and paras[j].align == "center" and paras[j].bold and not is_rule_text(paras[j].plain):
            annex.subtitles.append(paras[j])
            j += 1
        if j < stop and paras[j].plain.startswith("(") and not paras[j].in_table:
            annex.attached = paras[j]
            j += 1
        last = annex.attached or (annex.subtitles or annex.titles or [annex.label])[-1]
        pieces = [Piece.of(last)] + ([Piece.of(paras[j])] if j < stop else [])
        annex.rule = _rule_after(pieces, 0, pieces[0])
        lay.annexes.append(annex)
    return starts[0] if starts else None


def _signature(paras: list[Para], pos: int, end: int, lay: Layout) -> int | None:
    """Find Nơi nhận and the signature block before `end`; return where they start."""
    label_at = None
    for i in range(end - 1, pos - 1, -1):
        p = paras[i]
        segs = p.segments()
        if segs and re.match(r"^Nơi\s+nhận\b", segs[0].text, re.I):
            label_at = i
            break
    if label_at is None:
        return _signature_without_recipients(paras, pos, end, lay)
    label_para = paras[label_at]
    segs = label_para.segments()
    lay.recipients_label = Piece.part(label_para, segs[0]) if len(segs) > 1 else Piece.of(label_para)
    sig_pieces: list[Piece] = []
    if len(segs) > 1:
        sig_pieces.append(Piece.part(label_para, segs[-1]))
    if label_para.in_table:
        same_cell = [p for p in paras if p.table == label_para.table and p.row == label_para.row
                     and p.col == label_para.col and p.index > label_para.index]
        for p in same_cell:
            if p.plain:
                lay.recipients.append(Piece.of(p))
        others = [p for p in paras if p.table == label_para.table and p.row is not None
                  and p.row >= label_para.row and p.col != label_para.col]
        sig_pieces += [Piece.of(p) for p in others if p.plain]
        start = min(p.index for p in paras if p.table == label_para.table) - 1
    else:
        start = label_at
        # The signature may be above the label (typed after the body, as separate paragraphs).
        k = label_at - 1
        above: list[Piece] = []
        while k >= pos and len(above) < 8:
            q = paras[k]
            if not q.plain:
                k -= 1
                continue
            if _signature_line(q) or (above and _name_line(q.plain) and q.align in ("center", "right")):
                above.insert(0, Piece.of(q))
                start = k
                k -= 1
                continue
            break
        if above and not any(_AUTHORITY.match(a.text) or is_caps(a.text) for a in above[:1]):
            above = []
            start = label_at
        sig_pieces = above + sig_pieces
        for q in paras[label_at + 1: end]:
            if q.in_table:
                break
            qs = q.segments()
            if not qs:
                continue
            if re.match(r"^[-–+•]", qs[0].text) or (len(qs) > 1 and not _signature_line_text(qs[0].text)):
                lay.recipients.append(Piece.part(q, qs[0]) if len(qs) > 1 else Piece.of(q))
                if len(qs) > 1:
                    sig_pieces.append(Piece.part(q, qs[-1]))
            else:
                sig_pieces.append(Piece.of(q) if len(qs) == 1 else Piece.part(q, qs[-1]))
    _read_signature(sig_pieces, lay)
    return start


def _signature_line_text(text: str) -> bool:
    return bool(_AUTHORITY.match(text)) or (is_caps(text) and len(text) <= 60)


def _signature_line(p: Para) -> bool:
    return p.bold and p.align in ("center", "right") and _signature_line_text(p.plain) and not p.in_table


def _name_line(text: str) -> bool:
    words_ = text.replace(".", ". ").split()
    return 1 < len(words_) <= 7 and not is_caps(text) and not text.endswith((".", ";", ":"))


def _signature_without_recipients(paras: list[Para], pos: int, end: int, lay: Layout) -> int | None:
    """A signature typed at the end without a Nơi nhận: caps lines then a name."""
    tail = [p for p in paras[max(pos, end - 14): end] if p.plain]
    for k, p in enumerate(tail):
        if p.in_table:
            row = [q for q in tail[k:] if q.table == p.table]
            if any(_AUTHORITY.match(q.plain) for q in row):
                _read_signature([Piece.of(q) for q in row], lay)
                return paras.index(p)
        if _signature_line(p) and (_AUTHORITY.match(p.plain) or k >= len(tail) - 4):
            pieces = [Piece.of(q) for q in tail[k:] if not q.in_table]
            if any(_name_line(q.text) for q in pieces[1:]):
                _read_signature(pieces, lay)
                return paras.index(p)
    return None


def _read_signature(pieces: list[Piece], lay: Layout) -> None:
    lines = [p for p in pieces if p.text and not (p.text.startswith("(") and p.text.endswith(")"))
             and not is_rule_text(p.text)]
    caps_lines = [p for p in lines if is_caps(p.text) or _AUTHORITY.match(p.text)]
    if not caps_lines:
        return
    after = lines[lines.index(caps_lines[-1]) + 1:]
    names = [p for p in after if not is_caps(p.text)]
    if names:
        lay.signer = names[-1]
    elif len(caps_lines) >= 2 and not _AUTHORITY.match(caps_lines[-1].text) \
            and caps_lines[-1].para.index - caps_lines[-2].para.index > 1 and len(caps_lines[-1].text.split()) <= 6:
        lay.signer = caps_lines.pop()   # a name typed in capitals, below the space for the signature
    lay.signature = caps_lines


def _kind(lay: Layout, paras: list[Para]) -> None:
    number_text = lay.number.text.replace(" ", "") if lay.number is not None else ""
    symbol = number_text.rsplit("/", 1)[-1].split("-")[0] if "/" in number_text else ""
    title = plain_upper(lay.title.plain) if lay.title is not None else ""
    attached = lay.attached_line
    named = _BY_NAME.get(title)
    if lay.quoc_hieu is None and lay.title is None and lay.annexes and paras and \
            next((p for p in paras if p.plain), None) is lay.annexes[0].label:
        lay.kind = kind_named("phu_luc")
        return
    if attached is not None and (_ATTACHED_QD.match(attached.plain) or (lay.number is None and lay.date is None)):
        type_name = sentence_case(title.rstrip(":")) if title else ""
        of = "kèm theo Quyết định" if _ATTACHED_QD.match(attached.plain) else "(văn bản kèm theo)"
        lay.kind = Kind("kem_theo", f"{type_name or 'Văn bản'} {of}", type_name, "")
        return
    if named is not None:
        code, abbr = named
        lay.kind = Kind(code, sentence_case(title.rstrip(":")), sentence_case(title.rstrip(":")), abbr)
        return
    if symbol in _BY_ABBR and lay.title is not None:
        code, name = _BY_ABBR[symbol]
        lay.kind = Kind(code, sentence_case(name), sentence_case(name), symbol)
        return
    if lay.number is not None and (lay.subject or lay.title is None):
        if symbol in _BY_ABBR:
            code, name = _BY_ABBR[symbol]
            lay.kind = Kind(code, sentence_case(name), sentence_case(name), symbol)
        else:
            lay.kind = kind_named("cong_van")
        return
    if lay.subject:
        lay.kind = kind_named("cong_van")
        return
    if lay.title is not None:
        lay.kind = Kind("khac", sentence_case(title), sentence_case(title), "")


def _body(paras: list[Para], pos: int, end: int, lay: Layout) -> None:
    taken = lay.header_paras | lay.title_paras
    _classify(paras[pos:end], taken, lay, grounds_allowed=lay.kind.code in ("quyet_dinh", "nghi_quyet"))


def _classify(paras: list[Para], taken: set[int], lay: Layout, *, grounds_allowed: bool) -> None:
    grounds_open = grounds_allowed
    addressee_open = False
    sig = {p.para.index for p in lay.signature} | ({lay.signer.para.index} if lay.signer else set())
    sig |= {p.para.index for p in lay.recipients}
    if lay.recipients_label is not None:
        sig.add(lay.recipients_label.para.index)
    for p in paras:
        t = p.plain
        if not t or p.in_table or p.index in taken or p.index in sig or is_rule_text(t):
            continue
        if grounds_open and re.match(r"^(Căn cứ|Theo đề nghị|Xét đề nghị|Xét)\b", t):
            lay.grounds.append(p)
            continue
        if is_caps(t) and p.bold and p.align == "center" and not lay.body and not re.match(r"^[IVXLC]+\.", t):
            lay.authority_lines.append(p)
            if lay.grounds:
                grounds_open = False
            continue
        if lay.grounds:
            grounds_open = False
        if re.match(r"^Kính\s+gửi\b", t):
            lay.addressees.append(p)
            addressee_open = True
            continue
        if addressee_open and re.match(r"^[-–+]\s", t) and not lay.body:
            lay.addressees.append(p)
            continue
        addressee_open = False
        if p.bold and not re.match(r"^Điều\s+\d", t):
            lay.headings.append(p)
        else:
            lay.body.append(p)


def body_paras(lay: Layout) -> list[Para]:
    """Return the paragraphs of the document's content (body, headings, grounds, authority, addressees), in order."""
    return sorted([*lay.body, *lay.headings, *lay.grounds, *lay.authority_lines, *lay.addressees],
                  key=lambda p: p.index)


def dominant_size(paras: list[Para]) -> int | None:
    """Return the font size (half-points) most of the text of `paras` is set in."""
    weight: Counter[int | None] = Counter()
    for p in paras:
        for r in p.runs:
            weight[r.size] += len(r.text)
    return weight.most_common(1)[0][0] if weight else None
