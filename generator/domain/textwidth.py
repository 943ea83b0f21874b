"""Approximate printed width of text in Times New Roman, for short rules and for fitting lines.

Advance widths (1/1000 em) of printable ASCII in Liberation Serif 2, which is
metric-compatible with Times New Roman; a Vietnamese letter takes the width of its base
letter (tone marks do not change the advance), except the horned ơ, ư, Ơ, Ư and the
letters đ, Đ, which have their own.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from functools import lru_cache

_REGULAR = [250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541]
_BOLD = [250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520]
_ITALIC = [250, 333, 420, 500, 500, 833, 778, 214, 333, 333, 500, 675, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500, 920, 611, 611, 667, 722, 611, 611, 722, 722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611, 500, 556, 722, 611, 833, 611, 556, 556, 389, 278, 389, 422, 500, 333, 500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500, 500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389, 400, 275, 400, 541]
_BOLD_ITALIC = [250, 389, 555, 500, 500, 833, 778, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 832, 667, 667, 667, 722, 667, 667, 722, 778, 389, 500, 667, 611, 889, 722, 722, 611, 722, 667, 556, 611, 722, 667, 889, 667, 611, 611, 333, 278, 333, 570, 500, 333, 500, 500, 444, 500, 444, 333, 500, 556, 278, 278, 500, 278, 778, 556, 500, 500, 500, 389, 389, 278, 556, 444, 667, 500, 444, 389, 348, 220, 348, 570]
# the letters whose advance is not their base letter's: ơ ư Ơ Ư (đ, Đ are d, D)
_OWN = {
    (False, False): {"ơ": 529, "ư": 542, "Ơ": 722, "Ư": 776},
    (True, False): {"ơ": 554, "ư": 600, "Ơ": 778, "Ư": 796},
    (False, True): {"ơ": 534, "ư": 545, "Ơ": 722, "Ư": 754},
    (True, True): {"ơ": 537, "ư": 599, "Ơ": 722, "Ư": 775},
}
_TABLES = {(False, False): _REGULAR, (True, False): _BOLD, (False, True): _ITALIC, (True, True): _BOLD_ITALIC}
_HORN = "\u031b"
MAX_BALANCED_LINES = 6   # titles and names; a longer text breaks as Word breaks it


_ADVANCES: dict[tuple[str, bool, bool], int] = {}


def _advance(ch: str, bold: bool, italic: bool) -> int:
    """Return the advance width of `ch` in 1/1000 em (computed once per character and style)."""
    key = (ch, bold, italic)
    width = _ADVANCES.get(key)
    if width is None:
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[:1] or " "
        if _HORN in decomposed:
            width = _OWN[bold, italic].get(unicodedata.normalize("NFC", base + _HORN), 500)
        else:
            if base in "Đđ":
                base = "D" if base == "Đ" else "d"
            code = ord(base)
            width = _TABLES[bold, italic][code - 32] if 32 <= code < 127 else 500
        _ADVANCES[key] = width
    return width


@lru_cache(maxsize=65536)
def _word_advance(word: str, bold: bool, italic: bool) -> int:
    """Return the advance of a word in 1/1000 em (Vietnamese text repeats its syllables: cached)."""
    return sum(_advance(ch, bold, italic) for ch in word)


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Return the width in points of `text` set at `size_pt` in Times New Roman."""
    return sum(_advance(ch, bold, italic) for ch in text) * size_pt / 1000


def wrap(text: str, size_pt: float, width_pt: float, *, bold: bool = False, italic: bool = False,
         first_indent_pt: float = 0.0) -> list[str]:
    """Return `text` broken into lines no wider than `width_pt`, as a word processor breaks it.

    Lines break at spaces only; a word wider than the line stands alone on its line.
    `first_indent_pt` narrows the first line (a first-line indent).
    """
    words = text.split()
    if not words:
        return [""]
    scale = size_pt / 1000
    space = _advance(" ", bold, italic) * scale
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    limit = width_pt - first_indent_pt
    for word in words:
        width = _word_advance(word, bold, italic) * scale
        if current and used + space + width > limit:
            lines.append(" ".join(current))
            current, used, limit = [word], width, width_pt
        else:
            used += (space if current else 0.0) + width
            current.append(word)
    lines.append(" ".join(current))
    return lines


def balanced_lines(text: str, size_pt: float, width_pt: float, *, bold: bool = False,
                   penalty: Callable[[str, str], float] | None = None) -> list[str]:
    """Return `text` in as few lines as fit `width_pt`, broken where it reads and looks best.

    Among the breaks giving the fewest lines, pick the one whose longest line is shortest,
    a break between words `a` and `b` counting as `penalty(a, b)` line widths more (0: a
    good place, such as before "của"; infinite: never, such as inside a name).
    """
    words = text.split()
    greedy = wrap(text, size_pt, width_pt, bold=bold)
    count = len(greedy)
    if count <= 1 or len(words) <= count or count > MAX_BALANCED_LINES:
        return greedy
    cost_of = penalty or (lambda a, b: 0.0)
    widths: dict[tuple[int, int], float] = {}

    def width(i: int, j: int) -> float:
        if (i, j) not in widths:
            widths[i, j] = text_width_pt(" ".join(words[i:j]), size_pt, bold=bold)
        return widths[i, j]

    best: dict[tuple[int, int], tuple[float, tuple[int, ...]]] = {}

    def solve(k: int, i: int) -> tuple[float, tuple[int, ...]]:
        """The best (cost, breaks) for words[i:] in k lines; cost: the longest line plus penalties."""
        if (k, i) not in best:
            result: tuple[float, tuple[int, ...]] = (math.inf, ())
            if k == 1:
                w = width(i, len(words))
                result = (w if w <= width_pt else math.inf, ())
            else:
                for j in range(i + 1, len(words) - k + 2):
                    w = width(i, j)
                    if w > width_pt:
                        break
                    rest, breaks = solve(k - 1, j)
                    cost = max(w, rest) + cost_of(words[j - 1], words[j]) * width_pt
                    if cost < result[0]:
                        result = (cost, (j, *breaks))
            best[k, i] = result
        return best[k, i]

    cost, breaks = solve(count, 0)
    if math.isinf(cost):
        return greedy
    bounds = (0, *breaks, len(words))
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
