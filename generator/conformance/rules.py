"""The measurable rules of Nghị định 30/2020, Phụ lục I (nd30-the-thuc.md §7, D1–D20).

Each rule is declared with `@rule(id, family, name, expects, kinds=…, fix=…)` on its check
function. A check receives a `Ctx` (the read document and its layout) and returns the
issues it found, an empty list when the rule holds, or None when there is nothing to
check (no Phụ lục, a one-page document…). A fix edits the python-docx document in place
and returns one Vietnamese line per change; it only does what needs no guessing.

Sizes are in half-points (26 = 13 pt), lengths in twips (567 = 1 cm) as in the .docx.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from generator.conformance import edit
from generator.conformance.findings import Issue, Place, Rule
from generator.conformance.layout import (
    QUOC_HIEU,
    TIEU_NGU,
    TYPES,
    Layout,
    Piece,
    RuleLine,
    body_paras,
    dominant_size,
    is_caps,
    words,
)
from generator.conformance.reader import DocModel, Para, Run, Section

RULES: list[Rule] = []

NUMBERED = frozenset(code for code, _, _ in TYPES) | {"cong_van", "khac"}
HEADED = NUMBERED | {"kem_theo"}
TITLED = frozenset(code for code, _, _ in TYPES) | {"kem_theo", "khac"}
GROUNDED = frozenset({"quyet_dinh", "nghi_quyet"})
ALLOWED_SIZES = (20, 22, 24, 26, 28)
TNR = "times new roman"
MM = 56.6929  # twips per mm


def rule(rule_id: str, family: str, name: str, expects: str, *, kinds: Iterable[str] | None = None,
         fix=None):
    """Register the decorated check function as a rule."""
    def deco(fn):
        RULES.append(Rule(rule_id, family, name, expects, frozenset(kinds) if kinds is not None else None, fn, fix))
        return fn
    return deco


@dataclass
class Ctx:
    """What a check or a fix works on."""

    model: DocModel
    layout: Layout

    def at(self, item: Para | Piece) -> Place:
        para = item.para if isinstance(item, Piece) else item
        text = item.text if isinstance(item, Piece) else item.plain
        if para.index == 0:
            return Place(words=words(text), section=para.section + 1, part="đầu trang")
        return Place(paragraph=para.index, words=words(text), section=para.section + 1)

    def where(self, item: Para | Piece) -> Place:
        """Return the place without its first words (for changes that quote the text themselves)."""
        place = self.at(item)
        place.words = "" if place.paragraph else place.words
        return place

    def section_place(self, s: Section, part: str = "") -> Place:
        return Place(section=s.index + 1, part=part)

    def all_paragraphs(self) -> list[Para]:
        """Return the main-text paragraphs, then those of every header and footer part."""
        out = list(self.model.paragraphs)
        seen: set[int] = set()
        for s in self.model.sections:
            for part in [*s.headers.values(), *s.footers.values()]:
                if part is not None and id(part) not in seen:
                    seen.add(id(part))
                    for p in part.paragraphs:
                        p.section = s.index
                        out.append(p)
        return out


def pt(hp: int) -> str:
    """Return half-points as Vietnamese points: 26 → "13", 25 → "12,5"."""
    return f"{hp / 2:g}".replace(".", ",")


def sizes_text(sizes: Iterable[int]) -> str:
    values = sorted(set(sizes))
    if not values:
        return "không rõ cỡ chữ"
    return "cỡ " + " và ".join(pt(s) for s in values) + " pt"


def mm(twips: int) -> str:
    return f"{twips / MM:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " mm"


def _pieces(items: Iterable[Piece | Para]) -> list[Piece]:
    return [i if isinstance(i, Piece) else Piece.of(i) for i in items]


def _format_issues(ctx: Ctx, item: Piece | Para, *, sizes: tuple[int, ...] | None = None, bold: bool | None = None,
                   italic: bool | None = None, caps: bool | None = None, center: bool = False,
                   what: str = "") -> list[Issue]:
    """Return the issues of one element against the expected size set, weight, style, case, alignment."""
    piece = item if isinstance(item, Piece) else Piece.of(item)
    out = []
    problems = []
    if sizes is not None and piece.sizes and not piece.sizes <= set(sizes):
        problems.append(f"{sizes_text(piece.sizes)}")
    if bold is True and not piece.bold:
        problems.append("không in đậm" if not any(r.bold for r in piece.runs) else "có chữ không in đậm")
    if bold is False and any(r.bold for r in piece.runs):
        problems.append("in đậm")
    if italic is True and not piece.italic:
        problems.append("không in nghiêng")
    if italic is False and any(r.italic for r in piece.runs):
        problems.append("in nghiêng")
    if caps is True and not is_caps(piece.text):
        problems.append("không viết in hoa")
    if caps is False and is_caps(piece.text) and len([c for c in piece.text if c.isalpha()]) > 3:
        problems.append("viết in hoa toàn bộ")
    if center and piece.whole and piece.para.align != "center":
        problems.append(f"canh {_ALIGN_VI.get(piece.para.align, piece.para.align)}")
    if problems:
        out.append(Issue(ctx.at(piece), f"{what}: {', '.join(problems)}." if what else ", ".join(problems) + "."))
    return out


_ALIGN_VI = {"left": "trái", "right": "phải", "both": "đều hai lề", "center": "giữa"}


def _grouped(ctx: Ctx, paras: list[Para], problem: str) -> list[Issue]:
    """Return one issue at the first of `paras` naming how many more there are."""
    if not paras:
        return []
    more = paras[1:]
    extra = ""
    if more:
        shown = ", ".join(str(p.index) for p in more[:6])
        extra = f" (và {len(more)} đoạn khác: {shown}{'…' if len(more) > 6 else ''})"
    return [Issue(ctx.at(paras[0]), problem + extra + ".")]


def _rule_ratio(rule_line: RuleLine, text_width: float, ctx: Ctx) -> float | None:
    width = rule_line.width_pt
    if width is None:  # a paragraph border: as wide as the paragraph
        p = rule_line.para
        box = (p.cell_width / 20) if p.cell_width else ctx.layout.text_width_pt
        width = box - (p.left + p.right) / 20
    return width / text_width if text_width else None


def _text_width(piece: Piece | Para) -> float:
    from generator.domain.textwidth import text_width_pt

    piece = piece if isinstance(piece, Piece) else Piece.of(piece)
    size = max(piece.sizes) / 2 if piece.sizes else 13
    return text_width_pt(piece.text, size, bold=piece.bold)


# =========================================================================== fixes (helpers in edit.py)


def _fix_pieces(ctx: Ctx, items, what: str, *, size=None, bold=None, italic=None, center=False) -> list[str]:
    changes = []
    for piece in _pieces(items):
        done = edit.format_runs(piece.runs, size=size, bold=bold, italic=italic)
        if center and piece.whole and piece.para.align != "center":
            edit.set_align(piece.para, "center")
            done.append("canh giữa")
        if done:
            changes.append(f"{ctx.at(piece)}: {what}: {', '.join(done)}")
    return changes


# =========================================================================== page


@rule("T1", "trang", "Khổ giấy A4", "khổ A4 (210 × 297 mm).", fix=lambda ctx: _fix_paper(ctx))
def paper_size(ctx: Ctx):
    out = []
    for s in ctx.model.sections:
        short, long_ = sorted((s.width, s.height))
        if abs(short - 11906) > 20 or abs(long_ - 16838) > 20:
            out.append(Issue(ctx.section_place(s), f"khổ giấy {mm(s.width)} × {mm(s.height)}."))
    return out


def _fix_paper(ctx: Ctx) -> list[str]:
    changes = []
    for s in ctx.model.sections:
        short, long_ = sorted((s.width, s.height))
        if abs(short - 11906) > 20 or abs(long_ - 16838) > 20:
            landscape = s.orient == "landscape" and _landscape_allowed(ctx, s)
            old = f"{mm(s.width)} × {mm(s.height)}"
            edit.set_page_size(s, landscape)
            changes.append(f"{ctx.section_place(s)}: khổ giấy {old} → A4")
    return changes


def _landscape_allowed(ctx: Ctx, s: Section) -> bool:
    """Return whether landscape section `s` is tables (with their headings), no running text."""
    if s.tables_only:
        return True
    body = {p.index for p in ctx.layout.body}
    has_table = any(p.in_table for p in s.paragraphs)
    return has_table and not any(p.index in body for p in s.paragraphs if not p.in_table)


def _wrong_orientation(ctx: Ctx) -> list[Section]:
    return [s for s in ctx.model.sections if s.orient == "landscape" and not _landscape_allowed(ctx, s)]


@rule("T2", "trang", "Hướng trang dọc",
      "trang dọc; chỉ phần (section) gồm bảng biểu (và tiêu đề của chúng) mới được để trang ngang.",
      fix=lambda ctx: _fix_orientation(ctx))
def orientation(ctx: Ctx):
    return [Issue(ctx.section_place(s), "trang ngang nhưng phần này có đoạn văn nội dung, không chỉ có bảng.")
            for s in _wrong_orientation(ctx)]


def _fix_orientation(ctx: Ctx) -> list[str]:
    changes = []
    for s in _wrong_orientation(ctx):
        edit.set_page_size(s, False)
        changes.append(f"{ctx.section_place(s)}: trang ngang → trang dọc")
    return changes


# =========================================================================== margins

PORTRAIT_MARGINS = {"top": (1134, 1418), "bottom": (1134, 1418), "left": (1701, 1985), "right": (850, 1134)}
# A landscape section keeps the binding edge of the portrait pages on top (Word rotates them so).
LANDSCAPE_MARGINS = {"top": (1701, 1985), "bottom": (850, 1134), "left": (1134, 1418), "right": (1134, 1418)}
_MARGIN_VI = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
_TOL = 6


def _margin_misses(s: Section, ranges: dict[str, tuple[int, int]]) -> list[str]:
    return [k for k, (lo, hi) in ranges.items() if not lo - _TOL <= s.margins.get(k, 0) <= hi + _TOL]


def _margin_set(s: Section) -> dict[str, tuple[int, int]]:
    if s.orient != "landscape":
        return PORTRAIT_MARGINS
    return min((LANDSCAPE_MARGINS, PORTRAIT_MARGINS), key=lambda r: len(_margin_misses(s, r)))


@rule("L1", "le", "Lề trang",
      "lề trên 20–25 mm, lề dưới 20–25 mm, lề trái 30–35 mm, lề phải 15–20 mm "
      "(trang ngang: lề trên 30–35, dưới 15–20, trái và phải 20–25 mm).",
      fix=lambda ctx: _fix_margins(ctx))
def margins(ctx: Ctx):
    out = []
    for s in ctx.model.sections:
        misses = _margin_misses(s, _margin_set(s))
        if misses:
            text = ", ".join(f"lề {_MARGIN_VI[k]} {mm(s.margins.get(k, 0))}" for k in misses)
            out.append(Issue(ctx.section_place(s), text + "."))
    return out


def _fix_margins(ctx: Ctx) -> list[str]:
    changes = []
    for s in ctx.model.sections:
        ranges = _margin_set(s)
        for key in _margin_misses(s, ranges):
            lo, hi = ranges[key]
            old = s.margins.get(key, 0)
            new = lo if old < lo else hi
            edit.set_margin(s, key, new)
            changes.append(f"{ctx.section_place(s)}: lề {_MARGIN_VI[key]} {mm(old)} → {mm(new)}")
    return changes


# =========================================================================== fonts and sizes


def _runs_by(ctx: Ctx, key) -> dict[object, list[Para]]:
    found: dict[object, list[Para]] = {}
    for p in ctx.all_paragraphs():
        for value in {v for r in p.runs for v in key(r)}:
            found.setdefault(value, []).append(p)
    return found


@rule("F1", "phong-chu", "Phông chữ Times New Roman",
      "mọi chữ dùng phông Times New Roman (bảng mã Unicode).", fix=lambda ctx: _fix_font(ctx))
def font(ctx: Ctx):
    out = []
    bad = _runs_by(ctx, lambda r: [f for f in r.fonts if f.lower() != TNR])
    for name, paras in sorted(bad.items()):
        out += _grouped(ctx, paras, f"dùng phông «{name}»")
    return out


def _fix_font(ctx: Ctx) -> list[str]:
    count = 0
    for p in ctx.all_paragraphs():
        if any(f.lower() != TNR for r in p.runs for f in r.fonts):
            count += 1
            for r in p.runs:
                edit.set_font(r)
    return [f"đổi phông chữ sang Times New Roman ở {count} đoạn"] if count else []


@rule("F2", "phong-chu", "Màu chữ đen", "chữ màu đen.", fix=lambda ctx: _fix_colour(ctx))
def colour(ctx: Ctx):
    out = []
    bad = _runs_by(ctx, lambda r: [r.colour] if r.colour not in ("auto", "000000") else [])
    for value, paras in sorted(bad.items()):
        out += _grouped(ctx, paras, f"chữ màu {value.replace('theme:', 'theo chủ đề ')}")
    return out


def _fix_colour(ctx: Ctx) -> list[str]:
    count = 0
    for p in ctx.all_paragraphs():
        bad = [r for r in p.runs if r.colour not in ("auto", "000000")]
        for r in bad:
            edit.set_black(r)
        count += bool(bad)
    return [f"đổi chữ sang màu đen ở {count} đoạn"] if count else []


@rule("F3", "phong-chu", "Cỡ chữ cho phép",
      "mỗi thành phần cỡ chữ 11–14 pt theo bảng của Phụ lục I (10 pt chỉ cho thông tin chữ ký số).",
      fix=lambda ctx: _fix_sizes(ctx))
def allowed_sizes(ctx: Ctx):
    out = []
    bad = _runs_by(ctx, lambda r: [r.size] if r.size not in ALLOWED_SIZES else [])
    for size, paras in sorted(bad.items()):
        out += _grouped(ctx, paras, f"cỡ chữ {pt(size)} pt")
    return out


def _nearest(size: int) -> int:
    """Return the allowed size nearest `size`; never 10 pt, which is only for the e-signature note."""
    return min(ALLOWED_SIZES[1:], key=lambda s: (abs(s - size), s))


def _fix_sizes(ctx: Ctx) -> list[str]:
    changes = Counter()
    for p in ctx.all_paragraphs():
        for r in p.runs:
            if r.size not in ALLOWED_SIZES:
                new = _nearest(r.size)
                changes[(r.size, new)] += 1
                edit.format_runs([r], size=new)
    return [f"cỡ chữ {pt(a)} pt → {pt(b)} pt ({n} đoạn chữ)" for (a, b), n in sorted(changes.items())]


@rule("F4", "phong-chu", "Nội dung một cỡ chữ",
      "toàn bộ phần nội dung (các đoạn văn, đề mục, căn cứ, dòng thẩm quyền, «Kính gửi») cùng một cỡ chữ, "
      "13 hoặc 14 pt.",
      fix=lambda ctx: _fix_body_size(ctx))
def body_size(ctx: Ctx):
    paras = body_paras(ctx.layout)
    if not paras:
        return None
    main = dominant_size(paras)
    if main not in (26, 28):
        return _grouped(ctx, [p for p in paras if p.sizes - {26, 28}],
                        f"nội dung chủ yếu {sizes_text([main] if main else [])}")
    odd = [p for p in paras if p.sizes - {main}]
    if not odd:
        return []
    others = {s for p in odd for s in p.sizes} - {main}
    return _grouped(ctx, odd, f"nội dung cỡ {pt(main)} pt nhưng có đoạn {sizes_text(others)}")


def _fix_body_size(ctx: Ctx) -> list[str]:
    paras = body_paras(ctx.layout)
    main = dominant_size(paras)
    target = main if main in (26, 28) else 28
    count = 0
    for p in paras:
        if p.sizes - {target}:
            edit.format_runs(p.runs, size=target)
            count += 1
    return [f"đặt cỡ chữ nội dung {pt(target)} pt ở {count} đoạn"] if count else []


# =========================================================================== header block


def _first_place(ctx: Ctx) -> Place:
    first = next((p for p in ctx.model.paragraphs if p.plain), None)
    return ctx.at(first) if first is not None else Place()


def _qh_size(lay: Layout) -> int:
    tn = lay.tieu_ngu
    if tn is not None and tn.sizes and max(tn.sizes) in (26, 28):
        return max(tn.sizes) - 2
    return 26


def _fix_motto(ctx: Ctx, piece: Piece | None, good: tuple[str, ...], what: str, size: int) -> list[str]:
    """Write the Quốc hiệu / Tiêu ngữ exactly (they have one fixed wording) and format it."""
    if piece is None:
        return []
    changes = []
    text = " ".join(piece.text.split())
    if text not in good and piece.whole:
        edit.replace_in_paragraph(piece.para, 0, len(piece.para.text), good[0])
        changes.append(f"{ctx.where(piece)}: «{text}» → «{good[0]}»")
    return changes + _fix_pieces(ctx, [piece], what, size=size if piece.sizes != {size} else None, bold=True,
                                 italic=False, center=ctx.layout.header_layout == "bảng")


@rule("H1", "tieu-de", "Quốc hiệu",
      "dòng «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» ở khối bên phải, đầu trang 1: chữ in hoa, cỡ 12 hoặc 13 pt, "
      "đứng, in đậm, canh giữa.", kinds=HEADED,
      fix=lambda ctx: _fix_motto(ctx, ctx.layout.quoc_hieu, QUOC_HIEU, "Quốc hiệu", _qh_size(ctx.layout)))
def quoc_hieu(ctx: Ctx):
    qh = ctx.layout.quoc_hieu
    if qh is None:
        return [Issue(_first_place(ctx), "không có Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM».")]
    out = []
    if " ".join(qh.text.split()) not in QUOC_HIEU:
        out.append(Issue(ctx.at(qh), f"Quốc hiệu viết «{qh.text}»."))
    out += _format_issues(ctx, qh, sizes=(24, 26), bold=True, italic=False, caps=True,
                          center=ctx.layout.header_layout == "bảng")
    if not ctx.layout.right_side_ok:
        out.append(Issue(ctx.at(qh), "Quốc hiệu không nằm ở khối bên phải của phần tiêu đề."))
    cell = qh.para.cell_width
    if cell and qh.whole:
        room = (cell - qh.para.left - qh.para.right) / 20
        if _text_width(qh) > room + 1:
            out.append(Issue(ctx.at(qh), f"Quốc hiệu không vừa một dòng: ô rộng {mm(cell)}, dòng chữ cần "
                                         f"khoảng {mm(int(_text_width(qh) * 20))}."))
    return out


@rule("H2", "tieu-de", "Tiêu ngữ",
      "dòng «Độc lập - Tự do - Hạnh phúc» ngay dưới Quốc hiệu: chữ in thường (viết hoa chữ đầu mỗi cụm), "
      "gạch nối có cách chữ, in đậm, cỡ lớn hơn Quốc hiệu 1 pt (13 hoặc 14 pt), canh giữa.", kinds=HEADED,
      fix=lambda ctx: _fix_motto(ctx, ctx.layout.tieu_ngu, (TIEU_NGU,), "Tiêu ngữ", _qh_size(ctx.layout) + 2))
def tieu_ngu(ctx: Ctx):
    lay = ctx.layout
    tn = lay.tieu_ngu
    if tn is None:
        place = ctx.at(lay.quoc_hieu) if lay.quoc_hieu else _first_place(ctx)
        return [Issue(place, "không có Tiêu ngữ «Độc lập - Tự do - Hạnh phúc» dưới Quốc hiệu.")]
    out = []
    if " ".join(tn.text.split()) != TIEU_NGU:
        out.append(Issue(ctx.at(tn), f"Tiêu ngữ viết «{tn.text}»."))
    out += _format_issues(ctx, tn, sizes=(26, 28), bold=True, italic=False, center=lay.header_layout == "bảng")
    qh = lay.quoc_hieu
    if qh is not None and qh.sizes and tn.sizes and tn.sizes <= {26, 28} and max(tn.sizes) != max(qh.sizes) + 2:
        out.append(Issue(ctx.at(tn), f"Tiêu ngữ cỡ {pt(max(tn.sizes))} pt, Quốc hiệu cỡ {pt(max(qh.sizes))} pt: "
                                     "Tiêu ngữ phải lớn hơn Quốc hiệu 1 pt."))
    return out


@rule("H3", "tieu-de", "Đường kẻ dưới Tiêu ngữ",
      "đường kẻ ngang, nét liền dưới Tiêu ngữ, dài bằng dòng chữ Tiêu ngữ (±10%).", kinds=HEADED)
def tieu_ngu_rule(ctx: Ctx):
    lay = ctx.layout
    if lay.tieu_ngu is None:
        return None
    if lay.tieu_ngu_rule is None:
        return [Issue(ctx.at(lay.tieu_ngu), "không có đường kẻ ngang dưới Tiêu ngữ.")]
    ratio = _rule_ratio(lay.tieu_ngu_rule, _text_width(lay.tieu_ngu), ctx)
    if ratio is not None and not 0.9 <= ratio <= 1.1:
        return [Issue(ctx.at(lay.tieu_ngu_rule.para),
                      f"đường kẻ ({lay.tieu_ngu_rule.how}) dài khoảng {ratio:.0%} dòng Tiêu ngữ.")]
    return []


@rule("H4", "tieu-de", "Tên cơ quan ban hành",
      "tên cơ quan ban hành ở khối bên trái: chữ in hoa, in đậm, cỡ 12 hoặc 13 pt, canh giữa; tên cơ quan "
      "chủ quản (nếu có) ở trên: chữ in hoa, không in đậm, cỡ 12 hoặc 13 pt.", kinds=HEADED,
      fix=lambda ctx: _fix_issuer(ctx))
def issuer(ctx: Ctx):
    lay = ctx.layout
    if not lay.issuer:
        return [Issue(ctx.at(lay.quoc_hieu) if lay.quoc_hieu else _first_place(ctx),
                      "không thấy tên cơ quan ban hành ở khối bên trái phần tiêu đề.")]
    table = lay.header_layout == "bảng"
    out = []
    for line in lay.issuer:
        out += _format_issues(ctx, line, sizes=(24, 26), bold=True, caps=True, italic=False, center=table,
                              what="tên cơ quan ban hành")
    if lay.supervisor is not None:
        out += _format_issues(ctx, lay.supervisor, sizes=(24, 26), bold=False, caps=True, italic=False,
                              center=table, what="tên cơ quan chủ quản")
    return out


def _fix_issuer(ctx: Ctx) -> list[str]:
    lay = ctx.layout
    size = lambda piece: None if piece.sizes <= {24, 26} else 26  # noqa: E731
    changes = []
    for line in lay.issuer:
        changes += _fix_pieces(ctx, [line], "tên cơ quan ban hành", size=size(line), bold=True, italic=False,
                               center=lay.header_layout == "bảng")
    if lay.supervisor is not None:
        changes += _fix_pieces(ctx, [lay.supervisor], "tên cơ quan chủ quản", size=size(lay.supervisor),
                               bold=False, italic=False, center=lay.header_layout == "bảng")
    return changes


@rule("H5", "tieu-de", "Đường kẻ dưới tên cơ quan",
      "đường kẻ ngang, nét liền dưới tên cơ quan ban hành, dài từ 1/3 đến 1/2 dòng chữ, đặt cân đối.",
      kinds=HEADED)
def issuer_rule(ctx: Ctx):
    lay = ctx.layout
    if not lay.issuer:
        return None
    if lay.issuer_rule is None:
        return [Issue(ctx.at(lay.issuer[-1]), "không có đường kẻ ngang dưới tên cơ quan ban hành.")]
    widest = max(_text_width(p) for p in lay.issuer)
    ratio = _rule_ratio(lay.issuer_rule, widest, ctx)
    if ratio is not None and not 0.3 <= ratio <= 0.55:
        return [Issue(ctx.at(lay.issuer_rule.para),
                      f"đường kẻ ({lay.issuer_rule.how}) dài khoảng {ratio:.0%} dòng tên cơ quan.")]
    return []


# =========================================================================== Số, ký hiệu

_SO_FORM = re.compile(r"^Số: ?(?P<n>0[1-9]|[1-9]\d+|\d|[.…]*)(/\d{4})?/"
                      r"(?P<sym>[A-ZĐ][A-Za-zĐđ&]*(-[A-ZĐ][A-Za-zĐđ&]*)+)$")


@rule("S1", "so-ky-hieu", "Số, ký hiệu",
      "dòng «Số: 05/KH-UBND» dưới tên cơ quan: «Số» chữ in thường và dấu hai chấm, số dưới 10 có số 0 ở "
      "trước (trước khi cấp số để trống), ký hiệu chữ in hoa nối bằng «-», không có dấu cách; cỡ 13 pt, "
      "chữ đứng, không in đậm, canh giữa.", kinds=NUMBERED, fix=lambda ctx: _fix_number(ctx))
def number(ctx: Ctx):
    lay = ctx.layout
    so = lay.number
    if so is None:
        place = ctx.at(lay.issuer[-1]) if lay.issuer else _first_place(ctx)
        return [Issue(place, "không có dòng «Số: …/…» dưới tên cơ quan ban hành.")]
    out = []
    text = " ".join(so.text.split())
    compact = re.sub(r"\s*/\s*", "/", text)
    if not text.startswith("Số:"):
        out.append(Issue(ctx.at(so), f"viết «{text[:12]}…»: sau chữ «Số» phải có dấu hai chấm."))
    elif compact != text and re.sub(r"^Số: ?", "", compact) != re.sub(r"^Số: ?", "", text).lstrip():
        out.append(Issue(ctx.at(so), f"viết «{text}»: không để dấu cách quanh dấu «/»."))
    else:
        m = _SO_FORM.match(compact)
        if m is None:
            out.append(Issue(ctx.at(so), f"viết «{text}»."))
        elif m.group("n").isdigit() and len(m.group("n")) == 1:
            out.append(Issue(ctx.at(so), f"viết «{text}»: số dưới 10 phải có số 0 ở trước "
                                         f"(«0{m.group('n')}»)."))
    out += _format_issues(ctx, so, sizes=(26,), bold=False, italic=False,
                          center=lay.header_layout == "bảng", what="dòng Số")
    return out


def _fix_number(ctx: Ctx) -> list[str]:
    so = ctx.layout.number
    if so is None:
        return []
    changes = _fix_pieces(ctx, [so], "dòng Số", size=26 if so.sizes != {26} else None, bold=False, italic=False,
                          center=ctx.layout.header_layout == "bảng")
    m = re.search(r"Số\s*:\s*(\d)\s*/", so.para.text)
    if m:
        edit.replace_in_paragraph(so.para, m.start(1), m.end(1), "0" + m.group(1))
        changes.append(f"{ctx.where(so)}: số {m.group(1)} → 0{m.group(1)}")
    return changes


@rule("S2", "so-ky-hieu", "Ký hiệu khớp tên loại",
      "ký hiệu bắt đầu bằng chữ viết tắt của tên loại văn bản (Phụ lục III): QĐ, KH, BC, TTr, TB….",
      kinds=frozenset(code for code, _, _ in TYPES))
def symbol_matches_type(ctx: Ctx):
    lay = ctx.layout
    if lay.number is None or not lay.kind.abbr:
        return None
    compact = lay.number.text.replace(" ", "")
    if "/" not in compact:
        return None
    first = compact.rsplit("/", 1)[-1].split("-")[0]
    if first != lay.kind.abbr:
        return [Issue(ctx.at(lay.number), f"ký hiệu «{compact.rsplit('/', 1)[-1]}» không bắt đầu bằng "
                                          f"«{lay.kind.abbr}», chữ viết tắt của {lay.kind.type_name}.")]
    return []


# =========================================================================== địa danh, ngày

_DATE_FORM = re.compile(r"^(?P<place>[^,]+), ngày (?P<d>\S*?) ?tháng (?P<m>\S*?) ?năm (?P<y>\S*)$")


def _date_parts(text: str) -> re.Match | None:
    return _DATE_FORM.match(" ".join(text.split()))


@rule("N1", "dia-danh-ngay", "Địa danh và ngày tháng năm",
      "dòng «Địa danh, ngày … tháng … năm …» dưới Quốc hiệu: địa danh viết hoa chữ đầu, dấu phẩy sau "
      "địa danh, ngày tháng năm viết đầy đủ bằng chữ số Ả Rập (vd «Hải Phòng, ngày 05 tháng 02 năm 2026»).",
      kinds=NUMBERED, fix=lambda ctx: _fix_numeric_date(ctx))
def date_form(ctx: Ctx):
    lay = ctx.layout
    d = lay.date
    if d is None:
        place = ctx.at(lay.tieu_ngu) if lay.tieu_ngu else _first_place(ctx)
        return [Issue(place, "không có dòng địa danh và ngày tháng năm ban hành.")]
    text = " ".join(d.text.split())
    m = _date_parts(text)
    if m is None:
        return [Issue(ctx.at(d), f"viết «{text}».")]
    out = []
    if not m.group("place")[:1].isupper():
        out.append(Issue(ctx.at(d), f"địa danh «{m.group('place')}» không viết hoa chữ đầu."))
    for part, label in (("d", "ngày"), ("m", "tháng"), ("y", "năm")):
        value = m.group(part)
        if value and not re.fullmatch(r"\d+|[.…]+", value):
            out.append(Issue(ctx.at(d), f"{label} viết «{value}»: phải là chữ số Ả Rập."))
    y = m.group("y")
    if y and y.isdigit() and len(y) != 4:
        out.append(Issue(ctx.at(d), f"năm viết «{y}»: phải đủ 4 chữ số."))
    return out


_NUMERIC = re.compile(r",\s*(ngày\s*)?(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})\.?\s*$")


def _fix_numeric_date(ctx: Ctx) -> list[str]:
    """Write "Hà Nội, 05/02/2026" as "Hà Nội, ngày 05 tháng 02 năm 2026"."""
    d = ctx.layout.date
    if d is None or _date_parts(d.text) is not None:
        return []
    text = d.para.text.rstrip()
    m = _NUMERIC.search(text)
    if m is None:
        return []
    day, month = int(m.group("d")), int(m.group("m"))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return []
    month_text = f"{month:02d}" if month <= 2 else str(month)
    new = f", ngày {day:02d} tháng {month_text} năm {m.group('y')}"
    edit.replace_in_paragraph(d.para, m.start(), m.end(), new)
    return [f"{ctx.where(d)}: «{m.group(0).lstrip(', ')}» → «{new.lstrip(', ')}»"]


def _padding_problems(text: str) -> list[tuple[str, str, str]]:
    """Return (part, written, correct) for each wrongly padded day or month."""
    m = _date_parts(text)
    if m is None:
        return []
    out = []
    d, mo = m.group("d"), m.group("m")
    if d.isdigit():
        value = int(d)
        good = f"{value:02d}" if value < 10 else str(value)
        if d != good:
            out.append(("ngày", d, good))
    if mo.isdigit():
        value = int(mo)
        good = f"{value:02d}" if value <= 2 else str(value)
        if mo != good:
            out.append(("tháng", mo, good))
    return out


@rule("N2", "dia-danh-ngay", "Số 0 trong ngày, tháng",
      "ngày dưới 10 có số 0 ở trước («ngày 05»); tháng 1 và 2 viết «tháng 01», «tháng 02»; tháng 3 đến 12 "
      "không có số 0 («tháng 6»).", kinds=NUMBERED, fix=lambda ctx: _fix_padding(ctx))
def date_padding(ctx: Ctx):
    d = ctx.layout.date
    if d is None or _date_parts(d.text) is None:
        return None
    out = []
    for part, written, good in _padding_problems(d.text):
        if part == "ngày":
            why = "ngày dưới 10 phải có số 0 ở trước" if len(written) < len(good) else "ngày chỉ viết hai chữ số"
        elif len(written) < len(good):
            why = "tháng 1 và 2 phải có số 0 ở trước"
        else:
            why = "tháng 3 đến 12 không viết số 0 ở trước"
        out.append(Issue(ctx.at(d), f"viết «{part} {written}»: {why}.", f"«{part} {good}»."))
    return out


def _fix_padding(ctx: Ctx) -> list[str]:
    d = ctx.layout.date
    if d is None:
        return []
    changes = []
    for part, written, good in _padding_problems(d.text):
        m = re.search(rf"{part}\s+0*{int(written)}\b", d.para.text)
        if m is None:
            continue
        digits = re.search(r"\d+", m.group(0))
        start = m.start() + digits.start()
        edit.replace_in_paragraph(d.para, start, start + len(digits.group(0)), good)
        changes.append(f"{ctx.where(d)}: «{part} {written}» → «{part} {good}»")
    return changes


@rule("N3", "dia-danh-ngay", "Trình bày dòng ngày tháng",
      "dòng địa danh, ngày tháng in nghiêng, không in đậm, cùng cỡ với Tiêu ngữ (13 hoặc 14 pt), canh giữa "
      "dưới Quốc hiệu và Tiêu ngữ.", kinds=NUMBERED, fix=lambda ctx: _fix_date_format(ctx))
def date_format(ctx: Ctx):
    lay = ctx.layout
    d = lay.date
    if d is None:
        return None
    out = _format_issues(ctx, d, sizes=(26, 28), italic=True, bold=False, center=lay.header_layout == "bảng",
                         what="dòng ngày tháng")
    tn = lay.tieu_ngu
    if tn is not None and tn.sizes and d.sizes and d.sizes <= {26, 28} and d.sizes != tn.sizes:
        out.append(Issue(ctx.at(d), f"dòng ngày tháng {sizes_text(d.sizes)}, Tiêu ngữ {sizes_text(tn.sizes)}: "
                                    "phải cùng cỡ chữ."))
    return out


def _fix_date_format(ctx: Ctx) -> list[str]:
    lay = ctx.layout
    if lay.date is None:
        return []
    tn = lay.tieu_ngu
    target = max(tn.sizes) if tn is not None and tn.sizes and max(tn.sizes) in (26, 28) else 28
    return _fix_pieces(ctx, [lay.date], "dòng ngày tháng", size=target if lay.date.sizes != {target} else None,
                       italic=True, bold=False, center=lay.header_layout == "bảng")


@rule("N4", "dia-danh-ngay", "Ngày tháng cùng dòng với Số",
      "dòng địa danh, ngày tháng cùng một dòng với dòng Số (cùng hàng của bảng tiêu đề, hoặc cùng một đoạn, "
      "ngăn bằng tab).", kinds=NUMBERED)
def same_line(ctx: Ctx):
    lay = ctx.layout
    if lay.same_line is None:
        return None
    if not lay.same_line:
        return [Issue(ctx.at(lay.date), "dòng ngày tháng không cùng dòng với dòng Số "
                                        f"(Số ở đoạn {lay.number.para.index}).")]
    return []


# =========================================================================== tên loại, trích yếu


@rule("K1", "ten-loai", "Tên loại văn bản",
      "tên loại (QUYẾT ĐỊNH, KẾ HOẠCH, BÁO CÁO…) trên một dòng riêng: chữ in hoa, in đậm, cỡ 13 hoặc 14 pt, "
      "canh giữa.", kinds=TITLED,
      fix=lambda ctx: _fix_pieces(ctx, [ctx.layout.title] if ctx.layout.title else [], "tên loại",
                                  size=None if ctx.layout.title and ctx.layout.title.sizes <= {26, 28} else 28,
                                  bold=True, italic=False, center=True))
def type_name(ctx: Ctx):
    lay = ctx.layout
    if lay.title is None:
        if lay.kind.code == "khac":
            return None
        return [Issue(_first_place(ctx), f"không thấy dòng tên loại «{lay.kind.type_name.upper() or 'TÊN LOẠI'}» "
                                         "dưới phần tiêu đề.")]
    return _format_issues(ctx, lay.title, sizes=(26, 28), bold=True, italic=False, caps=True, center=True)


@rule("K2", "ten-loai", "Trích yếu nội dung",
      "trích yếu ngay dưới tên loại: chữ in thường, in đậm, cỡ 13 hoặc 14 pt, canh giữa.", kinds=TITLED,
      fix=lambda ctx: _fix_pieces(ctx, ctx.layout.summary, "trích yếu",
                                  size=None if all(p.sizes <= {26, 28} for p in ctx.layout.summary) else 28,
                                  bold=True, italic=False, center=True))
def summary(ctx: Ctx):
    lay = ctx.layout
    if lay.title is None:
        return None
    if not lay.summary:
        return [Issue(ctx.at(lay.title), "không có trích yếu nội dung dưới tên loại.")]
    out = []
    for line in lay.summary:
        out += _format_issues(ctx, line, sizes=(26, 28), bold=True, italic=False, center=True)
    if is_caps(" ".join(p.plain for p in lay.summary)):
        out.append(Issue(ctx.at(lay.summary[0]), "trích yếu viết in hoa toàn bộ."))
    return out


@rule("K3", "ten-loai", "Đường kẻ dưới trích yếu",
      "đường kẻ ngang, nét liền dưới trích yếu (dưới dòng «(Kèm theo …)» nếu có), dài từ 1/3 đến 1/2 dòng chữ "
      "dài nhất của tên loại và trích yếu.",
      kinds=TITLED)
def summary_rule(ctx: Ctx):
    lay = ctx.layout
    if lay.title is None or not lay.summary:
        return None
    last = (lay.notes or lay.summary)[-1]
    if lay.summary_rule is None:
        return [Issue(ctx.at(last), "không có đường kẻ ngang dưới trích yếu.")]
    widest = min(lay.text_width_pt, max(_text_width(p) for p in [lay.title, *lay.summary]))
    ratio = _rule_ratio(lay.summary_rule, widest, ctx)
    if ratio is not None and not 0.3 <= ratio <= 0.55:
        return [Issue(ctx.at(lay.summary_rule.para),
                      f"đường kẻ ({lay.summary_rule.how}) dài khoảng {ratio:.0%} dòng trích yếu.")]
    return []


@rule("K4", "ten-loai", "Trích yếu công văn (V/v)",
      "dưới dòng Số, cách 6 pt: «V/v …» chữ in thường, cỡ 12 hoặc 13 pt, chữ đứng, không in đậm, canh giữa.",
      kinds={"cong_van"}, fix=lambda ctx: _fix_subject(ctx))
def subject(ctx: Ctx):
    lay = ctx.layout
    if not lay.subject:
        place = ctx.at(lay.number) if lay.number else _first_place(ctx)
        return [Issue(place, "công văn không có trích yếu «V/v …» dưới dòng Số.")]
    out = []
    first = lay.subject[0]
    if not first.text.startswith("V/v "):
        out.append(Issue(ctx.at(first), f"viết «{words(first.text, 3)}»: trích yếu công văn bắt đầu bằng «V/v »."))
    for line in lay.subject:
        out += _format_issues(ctx, line, sizes=(24, 26), bold=False, italic=False,
                              center=lay.header_layout == "bảng", what="trích yếu")
    so = lay.number
    if so is not None and so.para is not first.para and so.para.after + first.para.before < 120:
        gap = so.para.after + first.para.before
        out.append(Issue(ctx.at(first), f"cách dòng Số {pt(gap // 10)} pt."))
    return out


def _fix_subject(ctx: Ctx) -> list[str]:
    lay = ctx.layout
    if not lay.subject:
        return []
    changes = []
    for line in lay.subject:
        changes += _fix_pieces(ctx, [line], "trích yếu", size=None if line.sizes <= {24, 26} else 26, bold=False,
                               italic=False)
    first = lay.subject[0]
    so = lay.number
    if so is not None and so.para is not first.para and so.para.after + first.para.before < 120:
        edit.set_spacing(first.para, before=120 - so.para.after)
        changes.append(f"{ctx.at(first)}: cách dòng Số 6 pt")
    return changes


@rule("K5", "ten-loai", "Văn bản kèm theo Quyết định",
      "văn bản ban hành kèm theo Quyết định không có dòng Số và ngày riêng; dưới trích yếu là dòng «(Kèm theo "
      "Quyết định số … ngày … của …)» in nghiêng, cỡ 13 hoặc 14 pt, canh giữa.", kinds={"kem_theo"},
      fix=lambda ctx: _fix_pieces(ctx, [ctx.layout.attached_line] if ctx.layout.attached_line else [],
                                  "dòng «(Kèm theo …)»", size=None if ctx.layout.attached_line and
                                  ctx.layout.attached_line.sizes <= {26, 28} else 28, italic=True, bold=False,
                                  center=True))
def attached(ctx: Ctx):
    lay = ctx.layout
    out = []
    for piece, what in ((lay.number, "dòng Số"), (lay.date, "dòng ngày tháng")):
        if piece is not None:
            out.append(Issue(ctx.at(piece), f"văn bản kèm theo Quyết định có {what} riêng."))
    line = lay.attached_line
    if line is None:
        out.append(Issue(ctx.at(lay.title) if lay.title else _first_place(ctx),
                         "không có dòng «(Kèm theo Quyết định số …)» dưới trích yếu."))
    else:
        out += _format_issues(ctx, line, sizes=(26, 28), italic=True, bold=False, center=True)
    return out


# =========================================================================== căn cứ


def _ground_end(i: int, n: int) -> str:
    return "." if i == n - 1 else ";"


@rule("C1", "can-cu", "Căn cứ ban hành",
      "mỗi căn cứ một dòng, chữ in nghiêng, cỡ 13 hoặc 14 pt; các căn cứ kết thúc bằng dấu «;», căn cứ cuối "
      "cùng kết thúc bằng dấu «.».", kinds=GROUNDED, fix=lambda ctx: _fix_grounds(ctx))
def grounds(ctx: Ctx):
    lay = ctx.layout
    if not lay.grounds:
        anchor = lay.summary_rule.para if lay.summary_rule else lay.title
        return [Issue(ctx.at(anchor) if anchor else _first_place(ctx), "không có căn cứ ban hành.")]
    out = []
    not_italic = [p for p in lay.grounds if not p.italic]
    out += _grouped(ctx, not_italic, "căn cứ không in nghiêng")
    n = len(lay.grounds)
    for i, p in enumerate(lay.grounds):
        want = _ground_end(i, n)
        if not p.plain.endswith(want):
            end = p.plain[-1:] or " "
            out.append(Issue(ctx.at(p), f"kết thúc bằng «{end}».", f"kết thúc bằng «{want}»."))
    return out


def _fix_grounds(ctx: Ctx) -> list[str]:
    lay = ctx.layout
    changes = []
    n = len(lay.grounds)
    for i, p in enumerate(lay.grounds):
        if not p.italic:
            edit.format_runs(p.runs, italic=True)
            changes.append(f"{ctx.at(p)}: in nghiêng")
        want = _ground_end(i, n)
        if not p.plain.endswith(want):
            m = re.search(r"[\s;.,:]*$", p.text)
            edit.replace_in_paragraph(p, m.start(), len(p.text), want)
            changes.append(f"{ctx.at(p)}: dấu cuối → «{want}»")
    return changes


# =========================================================================== body


def _prose(ctx: Ctx) -> list[Para]:
    return ctx.layout.body


@rule("B1", "noi-dung", "Canh đều hai lề", "các đoạn nội dung canh đều hai lề (Justify).",
      fix=lambda ctx: _fix_each(ctx, [p for p in _prose(ctx) if p.align != "both"],
                                lambda p: edit.set_align(p, "both"), "canh đều hai lề"))
def justified(ctx: Ctx):
    paras = _prose(ctx)
    if not paras:
        return None
    bad = [p for p in paras if p.align != "both"]
    return _grouped(ctx, bad, f"đoạn canh {_ALIGN_VI.get(bad[0].align, bad[0].align)}" if bad else "")


def _fix_each(ctx: Ctx, paras: list[Para], action, what: str) -> list[str]:
    for p in paras:
        action(p)
    if not paras:
        return []
    return [f"{what} ở {len(paras)} đoạn (đoạn {', '.join(str(p.index) for p in paras[:8])}"
            f"{'…' if len(paras) > 8 else ''})"]


def _indent_ok(p: Para) -> bool:
    return any(abs(p.first_line - v) <= 10 for v in (567, 720))


@rule("B2", "noi-dung", "Thụt đầu dòng", "dòng đầu mỗi đoạn lùi vào 1 cm hoặc 1,27 cm.",
      fix=lambda ctx: _fix_each(ctx, [p for p in _prose(ctx) if not _indent_ok(p)],
                                lambda p: edit.set_first_line(p, 567), "lùi dòng đầu 1 cm"))
def first_line_indent(ctx: Ctx):
    paras = _prose(ctx)
    if not paras:
        return None
    bad = [p for p in paras if not _indent_ok(p)]
    if not bad:
        return []
    first = bad[0].first_line
    what = "không lùi dòng đầu" if first == 0 else (f"lùi dòng đầu {first / 567:.2f} cm".replace(".", ",")
                                                  if first > 0 else "thụt treo (hanging)")
    return _grouped(ctx, bad, what)


@rule("B3", "noi-dung", "Khoảng cách giữa các đoạn", "giữa các đoạn văn cách nhau tối thiểu 6 pt.",
      fix=lambda ctx: _fix_each(ctx, [p for p in _prose(ctx) if p.before + p.after < 120],
                                lambda p: edit.set_spacing(p, after=120 - p.before), "cách đoạn 6 pt"))
def paragraph_spacing(ctx: Ctx):
    paras = _prose(ctx)
    if not paras:
        return None
    bad = [p for p in paras if p.before + p.after < 120]
    if not bad:
        return []
    gap = bad[0].before + bad[0].after
    return _grouped(ctx, bad, f"cách đoạn {pt(gap // 10)} pt")


def _line_ok(p: Para) -> bool:
    if p.line_rule == "auto":
        return p.line is None or 236 <= p.line <= 364
    size = (max(p.sizes) if p.sizes else 28) / 2
    single = 1.15 * size * 20
    return p.line is not None and 0.95 * single <= p.line <= 1.5 * 1.05 * single


@rule("B4", "noi-dung", "Khoảng cách dòng", "khoảng cách giữa các dòng từ một dòng đơn (Single) đến 1,5 dòng.",
      fix=lambda ctx: _fix_each(ctx, [p for p in _prose(ctx) if not _line_ok(p)], _fix_line, "giãn dòng"))
def line_spacing(ctx: Ctx):
    paras = _prose(ctx)
    if not paras:
        return None
    bad = [p for p in paras if not _line_ok(p)]
    if not bad:
        return []
    p = bad[0]
    if p.line_rule == "auto":
        what = f"giãn dòng {p.line / 240:.2f} dòng".replace(".", ",")
    else:
        what = f"giãn dòng cố định {pt((p.line or 0) // 10)} pt"
    return _grouped(ctx, bad, what)


def _fix_line(p: Para) -> None:
    if p.line_rule == "auto":
        edit.set_line(p, 240 if (p.line or 240) < 240 else 360)
    else:
        size = (max(p.sizes) if p.sizes else 28) / 2
        edit.set_line(p, 240 if (p.line or 0) < 1.15 * size * 20 else 360)


_CHAPTER = re.compile(r"^(Chương|Phần|Mục|Tiểu mục|CHƯƠNG|PHẦN|MỤC)\s+([IVXLC]+|\d+)\b")


@rule("B5", "noi-dung", "Đề mục Phần, Chương, Mục, Điều",
      "«Phần», «Chương», «Mục» và số thứ tự: một dòng riêng, chữ in thường, in đậm, canh giữa, tiêu đề ở "
      "dòng dưới in hoa, in đậm, canh giữa; «Điều 1.» in đậm, có dấu chấm sau số.")
def headings(ctx: Ctx):
    lay = ctx.layout
    out = []
    paras = sorted([*lay.body, *lay.headings], key=lambda p: p.index)
    checked = False
    for k, p in enumerate(paras):
        t = p.plain
        m = _CHAPTER.match(t)
        if m and len(t) <= len(m.group(0)) + 2:
            checked = True
            out += _format_issues(ctx, p, bold=True, caps=False, center=True, what=f"dòng «{m.group(1)}»")
            nxt = paras[k + 1] if k + 1 < len(paras) else None
            if nxt is not None and nxt.index == p.index + 1:
                out += _format_issues(ctx, nxt, bold=True, caps=True, center=True, what="tiêu đề")
        dm = re.match(r"^Điều\s+\d+", t)
        if dm:
            checked = True
            if not re.match(r"^Điều\s+\d+\.", t):
                out.append(Issue(ctx.at(p), f"viết «{dm.group(0)}» không có dấu chấm sau số."))
            label_runs = _runs_covering(p, len(dm.group(0)))
            if label_runs and not all(r.bold for r in label_runs):
                out.append(Issue(ctx.at(p), f"«{dm.group(0)}.» không in đậm."))
    return out if checked else None


def _runs_covering(p: Para, n: int) -> list[Run]:
    out, acc = [], ""
    for r in p.runs:
        out.append(r)
        acc += r.text
        if len(acc.lstrip()) >= n:
            break
    return out


# =========================================================================== signature

_AUTH = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s")
_AUTH_BAD = re.compile(r"^(T/M|T\.M|TM|KT|K/T|TL|T/L|TUQ|Q)(?!\.\s)[\s.:/]")
_DEGREE = re.compile(r"^(GS|PGS|TS|ThS|Ths|THS|KS|BS|CN|NCS|TSKH|Tiến sĩ|Thạc sĩ|Giáo sư|Phó Giáo sư|Kỹ sư|"
                     r"Bác sĩ|Cử nhân)\b\.?")


@rule("G1", "chu-ky", "Quyền hạn, chức vụ người ký",
      "khối chữ ký: quyền hạn (TM., KT., Q., TL., TUQ.) và chức vụ người ký chữ in hoa, in đậm, cỡ 13 hoặc "
      "14 pt, canh giữa.", kinds=NUMBERED, fix=lambda ctx: _fix_signature(ctx))
def signature(ctx: Ctx):
    lay = ctx.layout
    if not lay.signature:
        anchor = lay.recipients_label or (lay.body[-1] if lay.body else None)
        return [Issue(ctx.at(anchor) if anchor else _first_place(ctx),
                      "không thấy khối chữ ký (quyền hạn, chức vụ người ký).")]
    out = []
    first = lay.signature[0]
    if _AUTH_BAD.match(first.text) and not _AUTH.match(first.text):
        out.append(Issue(ctx.at(first), f"viết «{words(first.text, 2)}»: quyền hạn viết «TM.», «KT.», «Q.», «TL.», "
                                        "«TUQ.» rồi một dấu cách."))
    for line in lay.signature:
        out += _format_issues(ctx, line, sizes=(26, 28), bold=True, caps=True, italic=False, center=True)
    return out


def _fix_signature(ctx: Ctx) -> list[str]:
    lay = ctx.layout
    changes = []
    if lay.signature and lay.signature[0].whole:
        first = lay.signature[0]
        m = re.match(r"^\s*(T/M|T\.M|TM|K/T|KT|T/L|TL|TUQ|Q)\.?\s*(?=\S)", first.para.text)
        if m and not _AUTH.match(first.text):
            good = m.group(1).replace("/", "").replace(".", "") + ". "
            edit.replace_in_paragraph(first.para, m.start(1), m.end(), good)
            changes.append(f"{ctx.where(first)}: «{m.group(0).strip()}» → «{good.strip()}»")
    for line in lay.signature:
        changes += _fix_pieces(ctx, [line], "chữ ký", size=None if line.sizes <= {26, 28} else 28, bold=True,
                               italic=False)
    if lay.signer is not None:
        changes += _fix_pieces(ctx, [lay.signer], "họ tên người ký",
                               size=None if lay.signer.sizes <= {26, 28} else 28, bold=True, italic=False)
    return changes


@rule("G2", "chu-ky", "Họ tên người ký",
      "họ tên người ký dưới chữ ký: chữ in thường (viết hoa chữ đầu), in đậm, cỡ 13 hoặc 14 pt, canh giữa, "
      "không ghi học hàm, học vị trước họ tên.", kinds=NUMBERED)
def signer(ctx: Ctx):
    lay = ctx.layout
    if not lay.signature:
        return None
    if lay.signer is None:
        return [Issue(ctx.at(lay.signature[-1]), "không có họ tên người ký dưới khối chữ ký.")]
    s = lay.signer
    out = _format_issues(ctx, s, sizes=(26, 28), bold=True, caps=False, italic=False, center=True)
    m = _DEGREE.match(s.text)
    if m:
        out.append(Issue(ctx.at(s), f"có học hàm, học vị «{m.group(0)}» trước họ tên."))
    return out


# =========================================================================== Nơi nhận

_LUU = re.compile(r"^- Lưu: VT(, \S.*)?\.$")


@rule("R1", "noi-nhan", "Chữ «Nơi nhận:»",
      "«Nơi nhận:» một dòng riêng, ngang dòng quyền hạn người ký, sát lề trái: in nghiêng, in đậm, cỡ 12 pt.",
      kinds=NUMBERED, fix=lambda ctx: _fix_label(ctx))
def recipients_label(ctx: Ctx):
    lay = ctx.layout
    label = lay.recipients_label
    if label is None:
        anchor = lay.signature[0] if lay.signature else (lay.body[-1] if lay.body else None)
        return [Issue(ctx.at(anchor) if anchor else _first_place(ctx), "không có phần «Nơi nhận:».")]
    out = []
    if label.text != "Nơi nhận:":
        out.append(Issue(ctx.at(label), f"viết «{label.text[:20]}»: phải là «Nơi nhận:»."))
    out += _format_issues(ctx, label, sizes=(24,), bold=True, italic=True)
    return out


def _fix_label(ctx: Ctx) -> list[str]:
    label = ctx.layout.recipients_label
    if label is None:
        return []
    changes = _fix_pieces(ctx, [label], "«Nơi nhận:»", size=24 if label.sizes != {24} else None, bold=True,
                          italic=True)
    if label.whole and label.text != "Nơi nhận:" and re.fullmatch(r"Nơi\s*nhận\s*[:;.]?", label.text, re.I):
        edit.replace_in_paragraph(label.para, 0, len(label.para.text), "Nơi nhận:")
        changes.append(f"{ctx.where(label)}: «{label.text}» → «Nơi nhận:»")
    return changes


def _item_problems(items: list[Piece]) -> list[tuple[Piece, list[str]]]:
    out = []
    for i, item in enumerate(items):
        problems = []
        if not re.match(r"^- \S", item.text):
            problems.append("không bắt đầu bằng «- »")
        if i < len(items) - 1 and not item.text.endswith(";"):
            problems.append("không kết thúc bằng «;»")
        if item.sizes and item.sizes != {22}:
            problems.append(sizes_text(item.sizes))
        if any(r.bold for r in item.runs):
            problems.append("in đậm")
        if any(r.italic for r in item.runs):
            problems.append("in nghiêng")
        if problems:
            out.append((item, problems))
    return out


@rule("R2", "noi-nhan", "Các dòng nơi nhận",
      "mỗi nơi nhận một dòng, bắt đầu bằng «- », kết thúc bằng «;», chữ đứng, không in đậm, cỡ 11 pt.",
      kinds=NUMBERED, fix=lambda ctx: _fix_items(ctx))
def recipient_items(ctx: Ctx):
    lay = ctx.layout
    if lay.recipients_label is None:
        return None
    if not lay.recipients:
        return [Issue(ctx.at(lay.recipients_label), "không có dòng nơi nhận nào dưới «Nơi nhận:».")]
    return [Issue(ctx.at(item), ", ".join(problems) + ".") for item, problems in _item_problems(lay.recipients)]


def _fix_items(ctx: Ctx) -> list[str]:
    items = ctx.layout.recipients
    changes = []
    for i, item in enumerate(items):
        done = edit.format_runs(item.runs, size=22 if item.sizes != {22} else None, bold=False, italic=False)
        text = item.para.text
        if not re.match(r"^- \S", item.text) and item.whole and not item.para.label:
            m = re.match(r"^\s*[-–—•+]?\s*", text)
            edit.replace_in_paragraph(item.para, m.start(), m.end(), "- ")
            done.append("thêm «- » ở đầu")
        if i < len(items) - 1 and not item.text.endswith(";") and item.whole:
            text = item.para.text
            m = re.search(r"[\s;.,:]*$", text)
            edit.replace_in_paragraph(item.para, m.start(), len(text), ";")
            done.append("kết thúc bằng «;»")
        if done:
            changes.append(f"{ctx.at(item)}: nơi nhận: {', '.join(done)}")
    return changes


@rule("R3", "noi-nhan", "Dòng «- Lưu: VT, …»",
      "dòng cuối của nơi nhận là «- Lưu: VT, <viết tắt đơn vị soạn thảo>.» (kết thúc bằng dấu chấm).",
      kinds=NUMBERED, fix=lambda ctx: _fix_archive(ctx))
def archive_line(ctx: Ctx):
    lay = ctx.layout
    if lay.recipients_label is None or not lay.recipients:
        return None
    last = lay.recipients[-1]
    if _LUU.match(last.text):
        return []
    if re.match(r"^[-–•+]?\s*Lưu\b", last.text, re.I):
        return [Issue(ctx.at(last), f"viết «{last.text}».")]
    return [Issue(ctx.at(last), "dòng cuối không phải dòng «- Lưu: VT, …».")]


def _archive_text(text: str) -> str | None:
    m = re.match(r"^[-–•+]?\s*Lưu\s*[:.;,]?\s*(?P<rest>.*?)[\s.;,]*$", text, re.I)
    if m is None:
        return None
    rest = m.group("rest")
    parts = [p.strip() for p in re.split(r"[,;]", rest) if p.strip()]
    if not parts or parts[0].upper() != "VT":
        parts = ["VT", *[p for p in parts if p.upper() != "VT"]]
    else:
        parts[0] = "VT"
    return "- Lưu: " + ", ".join(parts) + "."


def _fix_archive(ctx: Ctx) -> list[str]:
    lay = ctx.layout
    if not lay.recipients:
        return []
    last = lay.recipients[-1]
    if _LUU.match(last.text) or not last.whole:
        return []
    new = _archive_text(last.text)
    if new is None or (last.para.label and last.para.label != "-"):
        return []
    if last.para.label:  # the dash is automatic numbering: keep it, write the rest
        new = new[2:]
    text = last.para.text
    edit.replace_in_paragraph(last.para, 0, len(text), new)
    return [f"{ctx.where(last)}: «{last.text}» → «{new}»"]


# =========================================================================== page numbers


def _annex_sections(ctx: Ctx) -> set[int]:
    """Return the sections that start with a Phụ lục label (numbered separately)."""
    out = set()
    for annex in ctx.layout.annexes:
        s = ctx.model.sections[annex.label.section]
        first = next((p for p in s.paragraphs if p.plain), None)
        if first is annex.label and s.index > 0:
            out.add(s.index)
    return out


def _single_page(ctx: Ctx) -> bool:
    """Return whether the document has one page: as the PDF says (--pdf), else as Word stored it.

    A page count stored by a tool that does not lay out pages (python-docx keeps its template's
    "1") is not believed for a text clearly longer than a page.
    """
    if ctx.model.stored_pages != 1 or len(ctx.model.sections) != 1:
        return False
    return sum(len(p.plain) for p in ctx.model.paragraphs) < 3500


def _page_ok(part) -> list[str]:
    problems = []
    for p in part.page_fields:
        if p.align != "center":
            problems.append(f"số trang canh {_ALIGN_VI.get(p.align, p.align)}")
        sizes = {r.size for r in p.runs}
        if sizes and not sizes <= {26, 28}:
            problems.append(f"số trang {sizes_text(sizes)}")
        fonts = {f for r in p.runs for f in r.fonts if f.lower() != TNR}
        if fonts:
            problems.append("số trang phông " + ", ".join(sorted(fonts)))
    return problems


@rule("P1", "so-trang", "Số trang ở giữa, đầu trang",
      "số trang bằng chữ số Ả Rập (trường PAGE), canh giữa theo chiều ngang ở phần lề trên (đầu trang), "
      "cỡ 13 hoặc 14 pt, Times New Roman.", fix=lambda ctx: edit.fix_page_numbers(ctx))
def page_numbers(ctx: Ctx):
    if _single_page(ctx):
        return None
    out = []
    for s in ctx.model.sections:
        if s.index > 0 and s.headers.get("default") is ctx.model.sections[s.index - 1].headers.get("default") \
                and s.footers.get("default") is ctx.model.sections[s.index - 1].footers.get("default"):
            continue  # same header as the section before: already reported there
        header = s.headers.get("default")
        footer = s.footers.get("default")
        if header is not None and header.page_fields:
            problems = _page_ok(header)
            if problems:
                out.append(Issue(ctx.section_place(s, "đầu trang"), ", ".join(dict.fromkeys(problems)) + "."))
        elif footer is not None and footer.page_fields:
            out.append(Issue(ctx.section_place(s, "chân trang"), "số trang ở chân trang (cuối trang)."))
        elif not s.one_page:  # a one-page section never shows a number: nothing to require
            out.append(Issue(ctx.section_place(s, "đầu trang"), "không có số trang."))
    return out


@rule("P2", "so-trang", "Không đánh số trang đầu",
      "trang thứ nhất không có số trang (chọn «Different First Page», đầu trang của trang đầu để trống); "
      "các trang sau đều có số.", fix=lambda ctx: edit.fix_first_page(ctx, _annex_sections(ctx)))
def first_page(ctx: Ctx):
    out = []   # even a one-page document must not print "1" on its page
    annex = _annex_sections(ctx)
    for s in ctx.model.sections:
        first = s.headers.get("first") if s.title_page else None
        if s.index == 0:
            default = s.headers.get("default")
            if not s.title_page and default is not None and default.page_fields:
                out.append(Issue(ctx.section_place(s, "đầu trang"), "trang đầu có số trang "
                                 "(chưa chọn «Different First Page»)."))
            elif first is not None and first.page_fields:
                out.append(Issue(ctx.section_place(s, "đầu trang"), "đầu trang của trang đầu có số trang."))
        elif s.index not in annex and s.page_start is None and s.title_page \
                and (first is None or not first.page_fields):
            out.append(Issue(ctx.section_place(s, "đầu trang"), "trang đầu của phần này (nối tiếp trang trước) "
                             "sẽ không có số trang vì đã chọn «Different First Page»."))
    return out


@rule("P3", "so-trang", "Phụ lục đánh số trang riêng",
      "mỗi phụ lục bắt đầu một phần (section) mới và đánh số trang riêng từ 1.",
      fix=lambda ctx: edit.fix_annex_numbering(ctx, _annex_sections(ctx)))
def annex_numbering(ctx: Ctx):
    lay = ctx.layout
    if not lay.annexes or lay.kind.code == "phu_luc":
        return None
    out = []
    starts = _annex_sections(ctx)
    for annex in lay.annexes:
        s = ctx.model.sections[annex.label.section]
        if s.index not in starts:
            out.append(Issue(ctx.at(annex.label), "phụ lục không bắt đầu một phần (section) mới nên không đánh "
                                                  "số trang riêng được."))
        elif s.page_start != 1:
            out.append(Issue(ctx.at(annex.label), "phụ lục không đánh số trang lại từ 1."))
    return out


# =========================================================================== Phụ lục

_ANNEX_FORM = re.compile(r"^Phụ lục( (?P<n>[IVXLC]+|\d+))?$")


@rule("A1", "phu-luc", "Dòng «Phụ lục»",
      "từ «Phụ lục» và số thứ tự (số La Mã khi có từ hai phụ lục) một dòng riêng: chữ in thường, in đậm, "
      "cỡ 14 pt, canh giữa.", fix=lambda ctx: _fix_annex_labels(ctx))
def annex_label(ctx: Ctx):
    annexes = ctx.layout.annexes
    if not annexes:
        return None
    out = []
    for a in annexes:
        text = a.label.plain
        m = _ANNEX_FORM.match(text)
        if m is None:
            why = "viết in hoa" if is_caps(text) else "sai dạng"
            out.append(Issue(ctx.at(a.label), f"viết «{text}» ({why}).", "«Phụ lục» hoặc «Phụ lục I», «Phụ lục II»…, "
                                                                          "chữ in thường."))
        elif len(annexes) > 1 and not (m.group("n") or "").isalpha():
            out.append(Issue(ctx.at(a.label), f"viết «{text}»: có {len(annexes)} phụ lục nên mỗi phụ lục "
                                              "cần số La Mã."))
        out += _format_issues(ctx, a.label, sizes=(28,), bold=True, italic=False, center=True)
    return out


def _fix_annex_labels(ctx: Ctx) -> list[str]:
    changes = []
    for a in ctx.layout.annexes:
        m = re.search(r"PHỤ\s+LỤC|Phụ\s+Lục|phụ\s+lục", a.label.text)
        if m and not a.label.label:
            edit.replace_in_paragraph(a.label, m.start(), m.end(), "Phụ lục")
            changes.append(f"{ctx.where(a.label)}: «{m.group(0)}» → «Phụ lục»")
    return changes + _fix_pieces(ctx, [a.label for a in ctx.layout.annexes], "dòng Phụ lục", size=28, bold=True,
                                 italic=False, center=True)


@rule("A2", "phu-luc", "Tên phụ lục",
      "tên phụ lục chữ in hoa, in đậm, cỡ 13 hoặc 14 pt, canh giữa; dòng «(Kèm theo …)» dưới tên (nếu có) "
      "in nghiêng, cỡ 13 hoặc 14 pt, canh giữa.", fix=lambda ctx: _fix_annex_titles(ctx))
def annex_title(ctx: Ctx):
    annexes = ctx.layout.annexes
    if not annexes:
        return None
    out = []
    for a in annexes:
        if not a.titles:
            out.append(Issue(ctx.at(a.label), "không có tên phụ lục (chữ in hoa) dưới dòng «Phụ lục»."))
        for t in a.titles:
            out += _format_issues(ctx, t, sizes=(26, 28), bold=True, caps=True, italic=False, center=True)
        if a.attached is not None:
            out += _format_issues(ctx, a.attached, sizes=(26, 28), italic=True, bold=False, center=True)
    return out


def _fix_annex_titles(ctx: Ctx) -> list[str]:
    changes = []
    for a in ctx.layout.annexes:
        for t in a.titles:
            changes += _fix_pieces(ctx, [t], "tên phụ lục", size=None if t.sizes <= {26, 28} else 28, bold=True,
                                   italic=False, center=True)
        if a.attached is not None:
            changes += _fix_pieces(ctx, [a.attached], "dòng «(Kèm theo …)»",
                                   size=None if a.attached.sizes <= {26, 28} else 28, italic=True, bold=False,
                                   center=True)
    return changes


def rule_by_id(rule_id: str) -> Rule:
    return next(r for r in RULES if r.id == rule_id)
