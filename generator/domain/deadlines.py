"""Structure of a task's deadline wording ("thời gian thực hiện").

The wording is kept exactly as written for rendering; this module only derives what
tracking needs. `generator.domain.schedule` turns the structure into the occurrences a
task is due at, within the plan's period. Pure: no I/O. Every pattern runs in time linear
in the length of the wording (no nested or overlapping repetition; the whole-wording
searches scan once).

Supported wordings (case-insensitive, after NFC, whitespace collapsing, removal of ``*``
emphasis markers, surrounding punctuation and trailing ``.``):

- periods: ``Quý I/2026``, ``quý 1/2026``, ``Quý I năm 2026``, ``Quý III, IV/2026``,
  ``Quý I - Quý II/2026``, ``Tháng 01 năm 2026``, ``Tháng 1/2026``, ``Tháng 7-9/2026``,
  ``Tháng 01/2026 đến tháng 5/2026``, ``Từ ngày 01/3 đến ngày 31/5/2026``,
  ``6 tháng đầu năm 2026``, ``Năm 2026``, ``2026-2030``, ``Giai đoạn 2026-2030``;
  optional lead words ``trong``, ``từ``, ``vào``, ``suốt``, ``cả`` (also the typo ``cà``),
  ``các``, ``giai đoạn``, ``dự kiến``, and a leading verb (``hoàn thành``, ``thực hiện``,
  ``triển khai``, ``tổ chức``, ``ban hành``, ``gửi``, ``nộp``, ``trình``, ``báo cáo``…);
- whole plan year: ``Trong năm``, ``Cả năm``; periods without a year (``Tháng 11``)
  take ``plan_year``; without it their dates stay None;
- due dates: ``Trước ngày 15/01/2026``, ``Gửi trước ngày 03/12``, ``Chậm nhất là ngày
  31/01/2026``, ``Hạn: 31/01/2026``, ``Chậm nhất trong Quý I/2026`` (start None, due = last
  day). ``Trước`` + a month or quarter is ambiguous (before it begins, or by its end?) and
  is not understood;
- series: ``Hằng tháng``, ``Hằng quý``, ``Định kỳ 6 tháng``, ``Hằng năm``, ``Hàng tuần``
  (also ``hàng``, ``mỗi``, ``định kỳ hằng …``, ``định kỳ quý``, ``6 tháng/lần``, ``Báo cáo
  quý``, lists such as ``Hằng quý, 6 tháng, năm`` — the shortest unit wins), as a prefix
  (``Hằng quý trong năm 2027``: the series runs in the days named, else over the whole
  plan period ``plan_year``–``last_year``) or a suffix (``Tháng 10 hàng năm``,
  ``Trước ngày 15/12 hằng năm``: the part of each year an occurrence takes; ``Ngày 20 hằng
  tháng``); the due day inside each period: ``Hằng tháng, trước ngày 20``, ``Hằng quý,
  trước ngày 03 tháng cuối quý``, and alone ``Trước ngày 03 tháng cuối của quý`` (a
  quarterly series); ``báo cáo năm trước ngày 05/12`` sets the due day of each year's last
  occurrence;
- ongoing work without a deadline: ``Thường xuyên`` / ``Liên tục`` (continuous),
  ``Định kỳ, đột xuất`` / ``Đột xuất`` (irregular): the days they run over (the rest of the
  wording, else the plan period) and no due date of their own;
- ``Theo …`` wordings (``Theo Kế hoạch của thành phố``, ``Theo yêu cầu của Bộ Nội vụ``,
  ``Theo thời gian đánh giá hàng năm của Bộ Y tế``): dates None, flags and recurrence set;
- relative deadlines (``Trong thời hạn 15 ngày kể từ ngày …``, ``Sau khi …``): a Deadline
  with dates None, per_guidance False and the relative text as ``note``.

``note`` joins, with "; ", the relative text (if any), every parenthesised remark (emphasis
markers stripped, e.g. ``theo hướng dẫn`` or ``tổ chức ít nhất 02 Hội nghị/năm``) and every
clause after a ``;`` (``định kỳ báo cáo kết quả thực hiện``). ``unread`` holds the part of a
series' wording that was not understood (the caller warns; the series itself stands).

Clearly wrong wordings raise DeadlineError (Vietnamese message naming the bad part):
a quarter outside I–IV, a month outside 1–12, a date that does not exist, a range
whose end precedes its start. Wordings not understood return None (the caller warns).
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

__all__ = ["Deadline", "DeadlineError", "RECURRING", "SERIES", "parse_deadline", "quarter_of"]

# Series: occurrences each due at its own date.
SERIES = ("weekly", "monthly", "quarterly", "half_yearly", "yearly")
# Every recurrence: the series, and ongoing work without a due date of its own.
RECURRING = SERIES + ("continuous", "irregular")

MonthDay = tuple[int, int]


@dataclass(frozen=True)
class Deadline:
    """What a wording says about when a task is due.

    `start`/`due`: for a one-off wording, its period (first day, deadline). For a series or
    ongoing work, the days it covers: those the wording names ("Hằng quý trong năm
    2027"), else the plan's whole period.
    """

    wording: str            # original text, unchanged
    start: date | None      # first day, None when unknown
    due: date | None        # last day (the deadline), None when unknown
    recurring: str | None   # None | one of RECURRING
    per_guidance: bool      # wording says "theo hướng dẫn" / "theo yêu cầu ..."
    per_plan: bool          # wording says "theo kế hoạch" (any case)
    note: str | None        # the parenthesised remark, e.g. "tổ chức ít nhất 02 Hội nghị/năm"
    due_day: int | None = None         # series: due on this day of the month (else the period's last day)
    due_month: int | None = None       # quarterly/half-yearly: month of the period holding due_day (1 = first, -1 = last)
    within: tuple[MonthDay | None, MonthDay] | None = None   # yearly: (start, due) of each year's occurrence
    final_due: MonthDay | None = None  # due (month, day) of each year's last occurrence ("báo cáo năm trước ngày 05/12")
    unread: str | None = None          # part of a series' wording not understood


class DeadlineError(ValueError):
    """The wording is clearly wrong (impossible quarter, impossible date); message in Vietnamese."""


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

_I = re.IGNORECASE
_WS = re.compile(r"\s+")
_PAREN = re.compile(r"\(([^()]*)\)")
_EDGE = " .;,:*"
_LONGEST_NUMBER = 6   # digits/letters of a quarter or month number worth reading


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    # "Ð"/"ð" (eth) are often typed instead of "Đ"/"đ".
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    # Emphasis markers (*…*, **…**) carry no meaning for dates: drop every "*".
    text = _WS.sub(" ", text.replace("*", "")).strip()
    text = text.strip(_EDGE)
    return text.lstrip("-+• ").strip(_EDGE)


def _clean_note(text: str) -> str:
    return _WS.sub(" ", text.replace("*", "")).strip(_EDGE)


# ---------------------------------------------------------------------------
# Flags and recurrence
# ---------------------------------------------------------------------------

_THEO = re.compile(r"\btheo\b", _I)
_PLAN_WORD = re.compile(r"\bkế\s+hoạch\b", _I)
_GUIDANCE_WORD = re.compile(r"\b(?:hướng\s+dẫn|yêu\s+cầu|chỉ\s+đạo|văn\s+bản|thời\s+gian|lịch)\b", _I)
_SEGMENTS = re.compile(r"[;()]")


def _theo_then(text: str, word: re.Pattern) -> bool:
    """True when a segment of `text` (between ; ( )) has "theo" and later `word` ("theo … kế hoạch")."""
    for segment in _SEGMENTS.split(text):
        m = _THEO.search(segment)
        if m and word.search(segment, m.end()):
            return True
    return False


_UNIT_WORD = r"(?:tuần|tháng|qu[ýí]|năm|(?:6|06|sáu)\s+tháng)"
_UNIT_RECURRING = {"tuần": "weekly", "tháng": "monthly", "quý": "quarterly", "quí": "quarterly",
                   "năm": "yearly"}
_FINEST = {name: i for i, name in enumerate(SERIES)}
_RECUR_WORD = re.compile(r"\b(?:hàng|hằng|mỗi)\s+(tuần|tháng|qu[ýí]|năm)\b", _I)
_CONTINUOUS_WORD = re.compile(r"\b(?:thường\s+xuyên|liên\s+tục)\b", _I)


def _unit_recurring(unit: str) -> str:
    unit = _WS.sub(" ", unit.lower())
    return "half_yearly" if unit.endswith(" tháng") else _UNIT_RECURRING[unit]


def _finest(units: list[str]) -> str:
    return min((_unit_recurring(u) for u in units), key=_FINEST.__getitem__)


def _find_recurring(text: str) -> str | None:
    if _CONTINUOUS_WORD.search(text):
        return "continuous"
    m = _RECUR_WORD.search(text)
    return _unit_recurring(m.group(1)) if m else None


# The list of units after "hằng"/"định kỳ"/"báo cáo": "quý, 6 tháng, năm", "tháng, quý và năm".
# "năm" followed by a year ("Báo cáo năm 2026") or "6 tháng" followed by "đầu/cuối năm" is
# a period, not a unit.
_UNIT_ITEM = (r"(?:(?:báo\s+cáo|hàng|hằng|mỗi)\s+)?(?P<u>" + _UNIT_WORD + r")"
              r"(?!\s*/?\s*\d)(?!\s+(?:đầu|cuối)\b)(?![\w/])")
_UNIT_ITEM_RX = re.compile(_UNIT_ITEM, _I)
_UNIT_SEP = re.compile(r"\s*(?:,|/|và|hoặc|&)\s*", _I)
_LEAD_VERB = (r"(?:(?:thực\s+hiện|triển\s+khai|tổ\s+chức|xây\s+dựng|ban\s+hành|hoàn\s+thành|gửi\s+báo\s+cáo"
              r"|báo\s+cáo|gửi|nộp|trình|tổng\s+hợp)\s+)")
_DELIMITED = r"(?=$|[\s,;:.\-–])"
_SERIES_HEAD = re.compile(
    _LEAD_VERB + r"?(?:"
    r"(?P<cont>thường\s+xuyên|liên\s+tục)(?:\s*,?\s*(?:và\s+)?(?:liên\s+tục|thường\s+xuyên))?" + _DELIMITED +
    r"|(?P<irr>định\s+kỳ\s*(?:,|và|hoặc|/)?\s*đột\s+xuất|đột\s+xuất(?:\s*(?:,|và|hoặc|/)?\s*định\s+kỳ)?)"
    + _DELIMITED +
    r"|(?P<every>(?:định\s+kỳ\s+)?(?:theo\s+)?(?:hàng|hằng|mỗi)\s+|định\s+kỳ\s+(?:theo\s+)?"
    r"|báo\s+cáo\s+(?:định\s+kỳ\s+)?)(?=" + _UNIT_WORD + r")"
    r"|(?P<times>(?:6|06|sáu|3|03|ba|12)\s+tháng\s*(?:/|một|1)\s*lần)" + _DELIMITED +
    r")",
    _I,
)
_TIMES = {"6": "half_yearly", "06": "half_yearly", "sáu": "half_yearly", "3": "quarterly", "03": "quarterly",
          "ba": "quarterly", "12": "yearly"}
_IRREGULAR_ONLY = re.compile(r"định\s+kỳ", _I)


def _unit_list(text: str, pos: int) -> tuple[list[str], int]:
    """The units written from `pos` ("quý, 6 tháng, năm") and where they end; ([], pos) if none."""
    units: list[str] = []
    at = pos
    while True:
        m = _UNIT_ITEM_RX.match(text, at)
        if not m:
            break
        units.append(m.group("u"))
        at = end = m.end()
        sep = _UNIT_SEP.match(text, at)
        if not sep or not _UNIT_ITEM_RX.match(text, sep.end()):
            return units, end
        at = sep.end()
    return units, at


# ---------------------------------------------------------------------------
# Validation of numbers
# ---------------------------------------------------------------------------

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _roman_to_int(token: str) -> int | None:
    """Value of a well-formed Roman numeral, None when malformed."""
    total = 0
    values = [_ROMAN_VALUES[c] for c in token.lower()]
    for i, v in enumerate(values):
        if i + 1 < len(values) and values[i + 1] > v:
            total -= v
        else:
            total += v
    return total if 0 < total < 4000 and _int_to_roman(total) == token.upper() else None


def _int_to_roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _shown(token: str) -> str:
    return token if len(token) <= _LONGEST_NUMBER else token[:_LONGEST_NUMBER] + "…"


def _quarter_number(token: str) -> int:
    n = None
    if len(token) <= _LONGEST_NUMBER:
        n = int(token) if token.isdigit() else _roman_to_int(token)
    if n is None or not 1 <= n <= 4:
        shown = _shown(token) if token.isdigit() else _shown(token.upper())
        raise DeadlineError(f"Quý {shown} không tồn tại: một năm chỉ có Quý I–IV.")
    return n


def _month_number(token: str) -> int:
    n = int(token) if len(token) <= _LONGEST_NUMBER else 0
    if not 1 <= n <= 12:
        raise DeadlineError(f"Tháng {_shown(token)} không tồn tại: một năm chỉ có 12 tháng.")
    return n


def _year_number(token: str) -> int:
    n = int(token)
    if n < 1:
        raise DeadlineError(f"Năm {token} không hợp lệ.")
    return n


def _checked_date(day: int, month: int, year: int | None, written: str) -> date:
    """The date, or DeadlineError; without a year, checks against a leap year."""
    if not 1 <= month <= 12:
        reason = f"tháng {month} không tồn tại"
    else:
        last = calendar.monthrange(year if year is not None else 2000, month)[1]
        if 1 <= day <= last:
            return date(year if year is not None else 2000, month, day)
        if day < 1:
            reason = f"không có ngày {day}"
        elif year is not None:
            reason = f"tháng {month}/{year} chỉ có {last} ngày"
        else:
            reason = f"tháng {month} có nhiều nhất {last} ngày"
    raise DeadlineError(f"Ngày {written} không có thật ({reason}).")


_SCAN_QUARTER = re.compile(r"\bqu[ýí]\s+(\d+|[ivxlcdm]+)(?!\w)", _I)
_SCAN_MONTH = re.compile(r"\btháng\s+(\d+)(?!\d)", _I)
_SCAN_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\d/])")
_SCAN_LONG_DATE = re.compile(
    r"\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})(?!\d)", _I
)


def _check_obvious_errors(text: str) -> None:
    """Raise DeadlineError for impossible quarters, months and dates anywhere in text."""
    for m in _SCAN_QUARTER.finditer(text):
        _quarter_number(m.group(1))
    for m in _SCAN_MONTH.finditer(text):
        _month_number(m.group(1))
    for m in _SCAN_DATE.finditer(text):
        d, mo, y = m.groups()
        _checked_date(int(d), int(mo), _year_number(y), f"{d}/{mo}/{y}")
    for m in _SCAN_LONG_DATE.finditer(text):
        d, mo, y = m.groups()
        _checked_date(int(d), int(mo), _year_number(y), f"{d} tháng {mo} năm {y}")


# ---------------------------------------------------------------------------
# Periods: a sequence of items ("Quý III, IV/2026", "Tháng 01/2026 đến tháng 5/2026")
# ---------------------------------------------------------------------------

_YEAR_TAIL = r"(?:\s*/\s*(?P<y1>\d{4})|\s+năm\s+(?P<y2>\d{4}))?(?![\w/])"
_ITEM_PATTERNS = (
    ("date", re.compile(
        r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+(?P<y1>\d{4}))?(?![\w/])", _I)),
    ("date", re.compile(
        r"(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y1>\d{4}))?(?![\w/])", _I)),
    ("half", re.compile(
        r"(?:6|06|sáu)\s+tháng\s+(?P<h>đầu|cuối)\s+năm(?:\s*/?\s*(?P<y1>\d{4}))?(?![\w/])", _I)),
    ("period", re.compile(r"(?P<unit>qu[ýí]|tháng)\s+(?P<n>\d+|[ivxlcdm]+)" + _YEAR_TAIL, _I)),
    ("year", re.compile(r"(?:năm\s+)?(?P<y1>\d{4})(?![\w/])", _I)),
    ("bare", re.compile(r"(?P<n>\d{1,2}|[ivxlcdm]+)" + _YEAR_TAIL, _I)),
)
_SEP = re.compile(r"\s*(?:,|-|–|—|&|\bvà\b|\bđến\b|\btới\b)\s*(?:hết\s+)?", _I)


class _Item:
    __slots__ = ("kind", "number", "month", "year", "end_pos")

    def __init__(self, kind: str, number: int, month: int, year: int | None, end_pos: int) -> None:
        self.kind = kind          # "date" | "month" | "quarter" | "half" | "year"
        self.number = number      # day / month / quarter / half; unused for "year"
        self.month = month        # month of a date
        self.year = year
        self.end_pos = end_pos

    def bounds(self, year: int) -> tuple[date, date]:
        if self.kind == "date":
            d = date(year, self.month, self.number)
            return d, d
        if self.kind == "year":
            return date(year, 1, 1), date(year, 12, 31)
        if self.kind == "half":
            first, last = (1, 6) if self.number == 1 else (7, 12)
        elif self.kind == "quarter":
            first, last = 3 * self.number - 2, 3 * self.number
        else:
            first = last = self.number
        return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])

    def label(self, year: int | None) -> str:
        suffix = f"/{year}" if year is not None else ""
        if self.kind == "date":
            return f"ngày {self.number:02d}/{self.month:02d}{suffix}"
        if self.kind == "year":
            return f"năm {year}"
        if self.kind == "half":
            part = "đầu" if self.number == 1 else "cuối"
            return f"6 tháng {part} năm" + (f" {year}" if year is not None else "")
        if self.kind == "quarter":
            return f"Quý {_ROMAN_OUT[self.number]}{suffix}"
        return f"tháng {self.number}{suffix}"


def _year_of(m: re.Match) -> int | None:
    groups = m.groupdict()
    token = groups.get("y1") or groups.get("y2")
    return _year_number(token) if token else None


def _match_item(text: str, pos: int, previous: _Item | None) -> _Item | None:
    for kind, rx in _ITEM_PATTERNS:
        m = rx.match(text, pos)
        if not m:
            continue
        year = _year_of(m)
        if kind == "date":
            d, mo = m.group("d"), m.group("m")
            written = re.sub(r"^ngày\s+", "", m.group(0), flags=_I)
            _checked_date(int(d), int(mo), year, written)
            return _Item("date", int(d), int(mo), year, m.end())
        if kind == "half":
            half = 1 if m.group("h").lower() == "đầu" else 2
            return _Item("half", half, 0, year, m.end())
        if kind == "year":
            return _Item("year", 0, 0, year, m.end())
        if kind == "period":
            unit = "quarter" if m.group("unit").lower() in ("quý", "quí") else "month"
        else:  # bare number: same unit as the previous item
            if previous is None or previous.kind not in ("quarter", "month"):
                return None
            unit = previous.kind
        token = m.group("n")
        if unit == "quarter":
            return _Item("quarter", _quarter_number(token), 0, year, m.end())
        if not token.isdigit():
            return None
        return _Item("month", _month_number(token), 0, year, m.end())
    return None


class _Span(NamedTuple):
    start: date | None
    due: date | None
    kinds: frozenset


def _parse_span(text: str, plan_year: int | None) -> _Span | None:
    """Dates of a whole-text sequence of items; None when text is not one."""
    if not text:
        return None
    items: list[_Item] = []
    pos = 0
    while True:
        item = _match_item(text, pos, items[-1] if items else None)
        if item is None:
            return None
        items.append(item)
        pos = item.end_pos
        if pos == len(text):
            break
        sep = _SEP.match(text, pos)
        if not sep:
            return None
        pos = sep.end()

    # An item without a year takes the next item's year ("Tháng 7-9/2026"), else the
    # previous one's, else the plan year.
    later: list[int | None] = [None] * len(items)
    known: int | None = None
    for i in range(len(items) - 1, -1, -1):
        later[i] = known
        known = items[i].year if items[i].year is not None else known
    years: list[int | None] = []
    earlier: int | None = None
    for i, item in enumerate(items):
        year = item.year
        if year is None:
            year = later[i] if later[i] is not None else earlier if earlier is not None else plan_year
        else:
            earlier = year
        years.append(year)
    all_known = all(y is not None for y in years)

    bounds = []
    for item, year in zip(items, years):
        check_year = year if year is not None else 2000  # leap: accepts 29/02
        if item.kind == "date":
            _checked_date(item.number, item.month, check_year,
                          f"{item.number:02d}/{item.month:02d}" + (f"/{year}" if year else ""))
        bounds.append(item.bounds(check_year))
    for i in range(1, len(items)):
        if bounds[i][0] < bounds[i - 1][0]:
            raise DeadlineError(
                f"Khoảng thời gian “{text}” không hợp lệ: "
                f"{items[i].label(years[i])} lại đứng trước {items[i - 1].label(years[i - 1])}."
            )
    kinds = frozenset(item.kind for item in items)
    if not all_known:
        return _Span(None, None, kinds)
    return _Span(min(b[0] for b in bounds), max(b[1] for b in bounds), kinds)


# ---------------------------------------------------------------------------
# Whole wordings
# ---------------------------------------------------------------------------

class _When(NamedTuple):
    start: date | None
    due: date | None
    recurring: str | None
    note: str | None = None
    due_day: int | None = None
    due_month: int | None = None
    within: tuple[MonthDay | None, MonthDay] | None = None
    final_due: MonthDay | None = None
    unread: str | None = None


_DUE_PREFIX = re.compile(
    _LEAD_VERB + r"?(?P<kw>trước|chậm\s+nhất|muộn\s+nhất|hạn\s+chót|hạn)"
    r"(?:\s+là)?\s*:?\s+(?:(?:vào|trong)\s+)?",
    _I,
)
_SPAN_PREFIX = re.compile(
    _LEAD_VERB + r"?(?:dự\s+kiến\s+)?"
    r"(?:(?:trong|từ|vào|suốt|cả|cà|các|giai\s+đoạn)\s+)*",
    _I,
)
_PLAIN_YEAR = re.compile(r"năm(?:\s+kế\s+hoạch)?", _I)
_STARTS_THEO = re.compile(r"theo\b", _I)
_RELATIVE = re.compile(
    r"(?<!\d)\d+\s(?:ngày|tuần|tháng|năm)(?:\slàm\sviệc)?\s"
    r"(?:kể\stừ|sau\skhi|từ\skhi|từ\sngày|sau\sngày)"
    r"|^(?:ngay\s)?sau\skhi\b|\bkể\stừ\s(?:ngày|khi)\b",
    _I,
)
_TRAILING_THEO = re.compile(r"(?:^|[\s,\-–])theo\s", _I)
_SUFFIX_WORD = re.compile(r"(?:^|[\s,])(?:hàng|hằng|mỗi)\s", _I)
# Due day inside each period of a series: "trước ngày 20", "ngày 03 tháng cuối của quý".
_PLACEMENT = re.compile(
    _LEAD_VERB + r"?(?:(?:trước|chậm\s+nhất(?:\s+là)?|muộn\s+nhất|hạn|vào|trong)\s*:?\s+)?"
    r"ngày\s+(?P<day>\d{1,2})"
    r"(?:\s+(?:của\s+)?tháng\s+(?P<pos>đầu|cuối|giữa|thứ\s+(?:nhất|hai|ba|1|2|3))"
    r"(?:\s+(?:của\s+)?(?P<unit>qu[ýí]|kỳ|6\s+tháng))?)?"
    r"(?:\s+(?:hàng|hằng|mỗi)\s+tháng)?",
    _I,
)
_POSITIONS = {"đầu": 1, "nhất": 1, "1": 1, "giữa": 2, "hai": 2, "2": 2, "ba": 3, "3": 3, "cuối": -1}
# "báo cáo năm (gửi) trước ngày 05/12": the due day of each year's last occurrence.
_FINAL_CLAUSE = re.compile(r"(?:báo\s+cáo\s+)?(?:năm|cả\s+năm)\s+(?P<rest>.+)", _I)
_PIECES = re.compile(r"\s*(?:,|\bvà\b)\s*", _I)


def _whole_year(year: int | None) -> tuple[date | None, date | None]:
    if year is None:
        return None, None
    return date(year, 1, 1), date(year, 12, 31)


def _whole_period(plan_year: int | None, last_year: int | None) -> tuple[date | None, date | None]:
    if plan_year is None:
        return None, None
    return date(plan_year, 1, 1), date(max(plan_year, last_year or plan_year), 12, 31)


class _Placement(NamedTuple):
    day: int
    month: int | None        # position in the period: 1 = first month, -1 = last; None = each month
    unit: str | None         # "quarterly" when the wording says "tháng … quý", else None


def _placement(text: str) -> _Placement | None:
    m = _PLACEMENT.fullmatch(text)
    if not m:
        return None
    day = int(m.group("day"))
    if not 1 <= day <= 31:
        raise DeadlineError(f"Ngày {m.group('day')} không có thật: một tháng có nhiều nhất 31 ngày.")
    pos = m.group("pos")
    position = _POSITIONS[_WS.sub(" ", pos.lower()).rsplit(" ", 1)[-1]] if pos else None
    unit = m.group("unit")
    kind = None
    if unit and unit.lower() in ("quý", "quí"):
        kind = "quarterly"
    elif unit and unit.lower().endswith("tháng"):
        kind = "half_yearly"
    return _Placement(day, position, kind)


def _parse_when(text: str, plan_year: int | None) -> _When | None:
    """A period, a due date or the plan year."""
    m = _DUE_PREFIX.match(text)
    if m:
        span = _parse_span(text[m.end():], plan_year)
        if span is None:
            return None
        if m.group("kw").lower() == "trước" and span.kinds != {"date"}:
            return None  # "Trước tháng 6": before it begins or by its end? ambiguous
        return _When(None, span.due, None)

    m = _SPAN_PREFIX.match(text)
    rest = text[m.end():]
    if _PLAIN_YEAR.fullmatch(rest):
        return _When(*_whole_year(plan_year), None)
    span = _parse_span(rest, plan_year)
    if span is None:
        return None
    return _When(span.start, span.due, None)


def _within_year(when: _When) -> tuple[MonthDay | None, MonthDay] | None:
    """The part of one year `when` covers, when it lies inside a single year; else None."""
    if when.due is None:
        return None
    if when.start is not None and when.start.year != when.due.year:
        return None
    start = (when.start.month, when.start.day) if when.start is not None else None
    return start, (when.due.month, when.due.day)


class _Piece(NamedTuple):
    kind: str            # "place" | "final" | "span" | "skip"
    value: object


def _piece(piece: str, recurring: str, plan_year: int | None) -> _Piece | None:
    """What one part of a series' wording says; None when not understood."""
    if not piece or _PLAIN_YEAR.fullmatch(_SPAN_PREFIX.sub("", piece, count=1)) or _STARTS_THEO.match(piece):
        return _Piece("skip", None)  # "trong năm": the whole period; "theo …": the flags record it
    place = _placement(piece)
    if place is not None:
        if (place.unit is not None and place.unit != recurring) or (
                place.month is None and recurring in ("quarterly", "half_yearly")):
            return None  # "Hằng quý, trước ngày 20": the 20th of which month?
        return _Piece("place", place)
    final = _FINAL_CLAUSE.fullmatch(piece)
    if final and recurring != "yearly":
        when = _parse_when(final.group("rest"), plan_year)
        if when is not None and when.start is None and when.due is not None:
            return _Piece("final", (when.due.month, when.due.day))
    when = _parse_when(piece, plan_year)
    return None if when is None else _Piece("span", when)


def _series(recurring: str, rest: str, plan_year: int | None, last_year: int | None) -> _When:
    """A series (or ongoing work) whose remaining wording is `rest`."""
    window = _whole_period(plan_year, last_year)
    if recurring in ("continuous", "irregular"):
        if rest and not _PLAIN_YEAR.fullmatch(_SPAN_PREFIX.sub("", rest, count=1)):
            when = _parse_when(rest, plan_year)
            if when is not None:
                return _When(when.start, when.due, recurring)
            return _When(*window, recurring, note=rest)
        return _When(*window, recurring)

    due_day = due_month = within = final_due = None
    unread: list[str] = []
    whole = _piece(rest.strip(_EDGE + "-–"), recurring, plan_year)
    pieces = [whole] if whole is not None else []
    if whole is None:
        for text in _PIECES.split(rest):
            text = text.strip(_EDGE + "-–")
            found = _piece(text, recurring, plan_year)
            if found is None:
                unread.append(text)
            else:
                pieces.append(found)
    for kind, value in pieces:
        if kind == "place":
            due_day, due_month = value.day, value.month
        elif kind == "final":
            final_due = value
        elif kind == "span" and value.due is not None:
            part = _within_year(value)
            if recurring == "yearly" and part is not None and part != ((1, 1), (12, 31)):
                within = part
            else:
                window = (value.start or value.due, value.due)
    return _When(*window, recurring, None, due_day, due_month, within, final_due,
                 "; ".join(unread) or None)


def _recurrence_head(text: str) -> tuple[str, str] | None:
    """The recurrence a wording opens with ("Hằng quý, …", "Định kỳ 6 tháng", "Thường xuyên"…)
    and the rest of the wording; None when it opens with none."""
    m = _SERIES_HEAD.match(text)
    if not m:
        return None
    if m.group("cont"):
        return "continuous", text[m.end():]
    if m.group("irr"):
        return "irregular", text[m.end():]
    if m.group("times"):
        return _TIMES[m.group("times").split()[0].lower()], text[m.end():]
    units, end = _unit_list(text, m.end("every"))
    if not units:
        return None
    return _finest(units), text[end:]


def _recurrence_tail(text: str) -> tuple[str, str] | None:
    """A wording ending with "hằng năm" / "hàng tháng"…: the recurrence and the head."""
    last = None
    for m in _SUFFIX_WORD.finditer(text):
        last = m
    if last is None or last.start() == 0:
        return None
    units, end = _unit_list(text, last.end())
    if not units or end != len(text):
        return None
    return _finest(units), text[: last.start()].strip(_EDGE + "-–")


def _interpret(text: str, plan_year: int | None, last_year: int | None) -> _When | None:
    if not text:
        return None
    if _STARTS_THEO.match(text):
        return _When(None, None, _find_recurring(text))

    head = _recurrence_head(text)
    if head is not None:
        recurring, rest = head
        rest = rest.strip(" ,.:-–")
        if _STARTS_THEO.match(rest):
            return _When(None, None, recurring)
        return _series(recurring, rest, plan_year, last_year)
    if _IRREGULAR_ONLY.fullmatch(text):
        return _When(*_whole_period(plan_year, last_year), "irregular")

    tail = _recurrence_tail(text)
    if tail is not None:
        recurring, head_text = tail
        return _series(recurring, head_text, plan_year, last_year)

    place = _placement(text)
    if place is not None and place.unit is not None and place.month is not None:
        # "Trước ngày 03 tháng cuối của quý": a quarterly (or half-yearly) series.
        return _When(*_whole_period(plan_year, last_year), place.unit, None, place.day, place.month)

    when = _parse_when(text, plan_year)
    if when is not None:
        return when
    # "Quý I/2026 theo hướng dẫn": the flags already record the "theo …" part.
    m = _TRAILING_THEO.search(text)
    if m and m.start() > 0:
        head_text = text[: m.start()].strip(_EDGE + "-–")
        if head_text:
            when = _interpret(head_text, plan_year, last_year)
            if when is not None:
                return when
    if _RELATIVE.search(text):
        return _When(None, None, None, note=text)
    return None


def parse_deadline(wording: str, plan_year: int | None = None, last_year: int | None = None) -> Deadline | None:
    """Return the structure of `wording` in a plan running from `plan_year` to `last_year`
    (default: `plan_year` only); None when it cannot be understood (caller warns); raise
    DeadlineError when it is clearly wrong."""
    if not isinstance(wording, str):
        raise TypeError(f"wording must be str, not {type(wording).__name__}")
    text = _normalise(wording)
    if not text:
        return None
    _check_obvious_errors(text)

    per_plan = _theo_then(text, _PLAN_WORD)
    per_guidance = _theo_then(text, _GUIDANCE_WORD)
    remarks = [r for r in (_clean_note(m.group(1)) for m in _PAREN.finditer(text)) if r]
    body = _WS.sub(" ", _PAREN.sub(" ", text)).strip(_EDGE)
    clauses = [c.strip(_EDGE) for c in body.split(";")]
    main, tails = clauses[0], [c for c in clauses[1:] if c]

    when = _interpret(main, plan_year, last_year)
    if when is None:
        if not (per_plan or per_guidance):
            return None
        when = _When(None, None, _find_recurring(main))
    notes = ([when.note] if when.note else []) + remarks + tails
    return Deadline(
        wording=wording,
        start=when.start,
        due=when.due,
        recurring=when.recurring,
        per_guidance=per_guidance,
        per_plan=per_plan,
        note="; ".join(notes) or None,
        due_day=when.due_day,
        due_month=when.due_month,
        within=when.within,
        final_due=when.final_due,
        unread=when.unread,
    )


def quarter_of(d: date) -> int:
    """Quarter (1–4) of a date."""
    return (d.month - 1) // 3 + 1
