"""Numbers, percentages, Roman numerals, letters and dates written the Vietnamese way.

One module, so the same figure prints the same in every document ("6,3%" in the progress
report and in the inspection report alike) and dates follow Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from decimal import Decimal

    from generator.source.fields import DocDate

BLANK = "      "  # what a not-yet-known day, month or number prints as

LETTERS = {
    "viet": "a b c d đ e g h i k l m n o p q r s t u v x y".split(),
    "latinh": "a b c d đ e f g h i j k l m n o p q r s t u v w x y z".split(),
    "latinh_khong_d": "a b c d e f g h i j k l m n o p q r s t u v w x y z".split(),
}
LETTER_SCHEMES = tuple(LETTERS)

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


# --- numbers ------------------------------------------------------------------------------

def format_number(value: Any) -> str:
    """Return a number the Vietnamese way: "1.250", "87,5"; text is returned as is."""
    if isinstance(value, str):
        return value
    from decimal import Decimal  # decimal costs start-up time; only figures need it

    d = Decimal(str(value))
    sign = "-" if d < 0 else ""
    digits = format(abs(d).normalize(), "f")
    whole, _, frac = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + ".".join(groups)
    return f"{out},{frac}" if frac else out


def percentage(part: int | float | Decimal, whole: int | float | Decimal) -> Decimal:
    """Return part/whole as a percentage rounded half-up to one decimal (1/16 → 6.3)."""
    from decimal import ROUND_HALF_UP, Decimal

    return (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent_text(part: int, whole: int) -> str:
    """Return `part` of `whole` as printed: "18,9%", "50%"; "0%" when `whole` is 0."""
    if whole == 0:
        return "0%"
    return format_number(percentage(part, whole)) + "%"


def roman(n: int) -> str:
    """Return `n` in Roman numerals."""
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


def letter(index: int, scheme: str) -> str:
    """Return the letter of the `index`-th (0-based) điểm: a, b, c, d, đ, …"""
    letters = LETTERS[scheme]
    if index < len(letters):
        return letters[index]
    return letters[index % len(letters)] + str(index // len(letters))


def final_mark(text: str) -> str:
    """Return `text` ending with "./." as the last paragraph of a document must."""
    if text.endswith("./."):
        return text
    return text.rstrip(" .") + "./."


# --- dates --------------------------------------------------------------------------------

def day_text(day: int | None) -> str:
    """Return the day as printed: "05", "16"; blank when unknown."""
    return BLANK if day is None else f"{day:02d}"


def month_text(month: int | None) -> str:
    """Return the month as printed: "01", "02" zero-padded, "3" … "12" not; blank when unknown."""
    if month is None:
        return BLANK
    return f"{month:02d}" if month <= 2 else str(month)


def long_date(d: DocDate) -> str:
    """Return "ngày 05 tháng 02 năm 2026", with blanks for unknown parts."""
    year = BLANK if d.year is None else str(d.year)
    return f"ngày {day_text(d.day)} tháng {month_text(d.month)} năm {year}"


def numeric_date(d: DocDate) -> str:
    """Return "26/12/2025" (no zero padding), with blanks for unknown parts."""
    day = BLANK if d.day is None else str(d.day)
    month = BLANK if d.month is None else str(d.month)
    year = BLANK if d.year is None else str(d.year)
    return f"{day}/{month}/{year}"


def short_date(d: dt.date) -> str:
    """Return "31/3/2026": day and month without zero padding, as in running text."""
    return f"{d.day}/{d.month}/{d.year}"


def table_date(d: dt.date) -> str:
    """Return "31/03/2026", as tables and lists print a date."""
    return d.strftime("%d/%m/%Y")


def place_date_line(place: str, d: DocDate) -> str:
    """Return the địa danh–ngày line: "Nam Đồ Sơn, ngày      tháng 01 năm 2026"."""
    return f"{place}, {long_date(d)}"


def reference(number: str, kind: str, issuer_abbreviation: str) -> str:
    """Return the số/ký hiệu "5256/QĐ-UBND", or "      /QĐ-UBND" before numbering."""
    return f"{number or BLANK}/{kind}-{issuer_abbreviation}"


def slug(text: str) -> str:
    """Return `text` as lower-case ASCII words joined by "-": "Phường Lê Chân" → "phuong-le-chan"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# Where a title line may break: before the words opening a phrase ("của …", "phường …",
# "quý I năm 2026"), never inside a name or between "năm"/"quý"/"tháng" and their number.
_PHRASE_OPENERS = frozenset(
    "của cho về và trên tại theo đối với phường xã thị trấn thành phố quận huyện tỉnh đặc khu "
    "quý năm giai đoạn tháng tính đến".split())
_BOUND_TO_NEXT = frozenset("năm quý tháng ngày số giai đoạn".split())


def title_break_penalty(before: str, after: str) -> float:
    """Return how bad it is to end a title line with `before` and start the next with `after`.

    0 before a phrase opener ("của", "phường", "quý", "năm"), infinite inside a proper name
    (two capitalised words) or right after "năm", "quý", "tháng"…, a quarter of a line otherwise.
    """
    if before.casefold() in _BOUND_TO_NEXT or before.casefold() == "đoạn":
        return float("inf")
    if before[:1].isupper() and after[:1].isupper() and not after.isupper():
        return float("inf")
    if after.casefold() in _PHRASE_OPENERS:
        return 0.0
    return 0.25
