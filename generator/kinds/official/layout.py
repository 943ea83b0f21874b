"""The geometry of the bundled templates, and the layout choices made from it.

Pure functions over printed widths (`generator.domain.textwidth`): which header sizes and
column split make the địa danh–ngày line fit on one line, and how tall an annex table row
will print, so a builder can say which rows may split and which must stay together. The
figures mirror `tools/build_templates.py` (A4, margins 20/20/30/15 mm portrait, 30/15/20/20
mm landscape); a user who restyles a template keeps Word's own layout, these are estimates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.domain.textwidth import text_width_pt, wrap

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

TEXT_TWIPS = 9355                  # portrait text width
HEADER_LEFT_TWIPS = 3630           # left header cell (issuer, Số)
HEADER_CELL_PT = HEADER_LEFT_TWIPS / 20
TEXT_PT = TEXT_TWIPS / 20
LANDSCAPE_TEXT_PT = 14570 / 20
LANDSCAPE_BODY_PT = (11906 - 1701 - 850) / 20   # landscape text height (annex pages)
MIN_HEADER_LEFT_PT = 135.0         # "ỦY BAN NHÂN DÂN" at 13 pt bold, and a little air
FIT_MARGIN = 1.02                  # printed widths differ a little between Word and LibreOffice

# Nghị định 30/2020, Phụ lục I, footnote to Mục V: the sizes rise and fall together.
HEADER_SIZES = {False: (13, 14, 14), True: (12, 13, 13)}   # compact → Quốc hiệu, Tiêu ngữ, date


@dataclass(frozen=True)
class HeaderFit:
    """How the header block prints: the size set, and the column split when the default is too narrow."""

    compact: bool                  # Quốc hiệu 12, Tiêu ngữ and date 13 pt (else 13, 14, 14)
    columns: tuple[int, int] | None = None   # twips of the left and right cells, None: the template's

    @property
    def motto_size(self) -> int:
        """Return the Tiêu ngữ's size in points."""
        return HEADER_SIZES[self.compact][1]


def header_fit(date_line: str) -> HeaderFit:
    """Return the header layout that keeps Quốc hiệu, Tiêu ngữ and `date_line` on one line each.

    The 13/14/14 pt set when the date line fits the right cell at 14 pt; else the 12/13/13
    set; when even 13 pt does not fit, the right cell widens (the left one keeps at least
    room for "ỦY BAN NHÂN DÂN").
    """
    right = TEXT_PT - HEADER_CELL_PT
    for compact in (False, True):
        qh, _, date = HEADER_SIZES[compact]
        need = max(text_width_pt(QUOC_HIEU, qh, bold=True),
                   text_width_pt(date_line, date, italic=True) if date_line else 0.0) * FIT_MARGIN
        if need <= right:
            return HeaderFit(compact)
    widest = min(TEXT_PT - MIN_HEADER_LEFT_PT, need)
    right_twips = math.ceil(widest * 20 / 5) * 5
    return HeaderFit(True, (TEXT_TWIPS - right_twips, right_twips))


def date_line_fits(date_line: str) -> bool:
    """Return whether `date_line` fits one line in the widest header the layout allows."""
    return text_width_pt(date_line, 13, italic=True) * FIT_MARGIN <= TEXT_PT - MIN_HEADER_LEFT_PT


# --- the annex table ---------------------------------------------------------------------

ANNEX_COLUMNS_TWIPS = (700, 4600, 2250, 2750, 1770, 2500)   # TT, nội dung, chủ trì, phối hợp, thời gian, sản phẩm
ANNEX_CELL_MARGIN_TWIPS = 85
ANNEX_SIZE_PT = 12
ANNEX_LINE_PT = 13.8               # one 12 pt line, single spacing
ANNEX_PARAGRAPH_PT = 6.0           # 3 pt before and after each cell paragraph
ANNEX_HEADER_PT = 3 * ANNEX_LINE_PT + ANNEX_PARAGRAPH_PT


def cell_height_pt(lines: list[str], width_twips: int, *, bold: bool = False) -> float:
    """Return the printed height of a table cell holding the paragraphs `lines`."""
    width = (width_twips - 2 * ANNEX_CELL_MARGIN_TWIPS) / 20
    height = 0.0
    for line in lines or [""]:
        count = len(wrap(line, ANNEX_SIZE_PT, width, bold=bold)) if line else 1
        height += count * ANNEX_LINE_PT + ANNEX_PARAGRAPH_PT
    return height


def row_height_pt(cells: list[list[str]], widths: tuple[int, ...] = ANNEX_COLUMNS_TWIPS) -> float:
    """Return the printed height of a table row: its tallest cell."""
    return max(cell_height_pt(lines, width) for lines, width in zip(cells, widths))


def annex_page_room_pt() -> float:
    """Return the height a landscape annex page has for rows, below the repeated header row."""
    return LANDSCAPE_BODY_PT - ANNEX_HEADER_PT


KEEP_TOGETHER_PT = 0.2 * LANDSCAPE_BODY_PT
"""The tallest block of rows kept on one page: moving it leaves at most a fifth of a page blank."""
