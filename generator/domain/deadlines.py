"""Structure of a task's deadline wording ("thời gian thực hiện").

The wording is kept exactly as written for rendering; this module only derives what
tracking needs (overdue lists, quarter filters, calendar export). Pure: no I/O.

Supported wordings (case-insensitive, after NFC, whitespace collapsing, removal of
``*emphasis*`` markers, surrounding ``*`` and trailing ``.``):

- periods: ``Quý I/2026``, ``quý 1/2026``, ``Quý I năm 2026``, ``Quý III, IV/2026``,
  ``Quý I - Quý II/2026``, ``Tháng 01 năm 2026``, ``Tháng 1/2026``, ``Tháng 7-9/2026``,
  ``Tháng 01/2026 đến tháng 5/2026``, ``Từ ngày 01/3 đến ngày 31/5/2026``,
  ``6 tháng đầu năm 2026``, ``Năm 2026``, ``2026-2030``, ``Giai đoạn 2026-2030``;
  optional lead words ``trong``, ``từ``, ``vào``, ``suốt``, ``cả`` (also the typo ``cà``),
  ``các``, ``giai đoạn``, ``dự kiến``, ``hoàn thành``, ``thực hiện``, ``triển khai``…;
- whole plan year: ``Trong năm``, ``Cả năm``; periods without a year (``Tháng 11``)
  take ``plan_year``; without it their dates stay None;
- due dates: ``Trước ngày 15/01/2026``, ``Chậm nhất là ngày 31/01/2026``,
  ``Hạn: 31/01/2026``, ``Chậm nhất trong Quý I/2026`` (start None, due = last day).
  ``Trước`` + a month or quarter is ambiguous (before it begins, or by its end?) and is
  not understood;
- recurrence: ``Thường xuyên`` / ``Liên tục`` (continuous), ``Hàng tuần``, ``Hàng tháng``,
  ``Hàng quý``, ``Hàng năm`` (also ``hằng``, ``mỗi``, ``định kỳ hàng …``), as a prefix
  (``Thường xuyên trong năm 2026``; period = the rest, else the whole plan year) or a
  suffix (``Tháng 10 hàng năm``: the period in the plan year);
- ``Theo …`` wordings (``Theo Kế hoạch của thành phố``, ``Theo yêu cầu của Bộ Nội vụ``,
  ``Theo thời gian đánh giá hàng năm của Bộ Y tế``): dates None, flags and recurrence set;
- relative deadlines (``Trong thời hạn 15 ngày kể từ ngày …``, ``Sau khi …``): a Deadline
  with dates None, per_guidance False and the relative text as ``note``.

``note`` joins, with "; ", the relative text (if any), every parenthesised remark (emphasis
markers stripped, e.g. ``theo hướng dẫn`` or ``tổ chức ít nhất 02 Hội nghị/năm``) and every
clause after a ``;`` (``định kỳ báo cáo kết quả thực hiện``).

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

__all__ = ["Deadline", "DeadlineError", "RECURRING", "parse_deadline", "quarter_of"]

RECURRING = ("weekly", "monthly", "quarterly", "yearly", "continuous")


@dataclass(frozen=True)
class Deadline:
    wording: str            # original text, unchanged
    start: date | None      # first day of the period, None when unknown
    due: date | None        # last day (the deadline), None when unknown
    recurring: str | None   # None | "weekly" | "monthly" | "quarterly" | "yearly" | "continuous"
    per_guidance: bool      # wording says "theo hướng dẫn" / "theo yêu cầu ..."
    per_plan: bool          # wording says "theo kế hoạch" (any case)
    note: str | None        # the parenthesised remark, e.g. "tổ chức ít nhất 02 Hội nghị/năm"


class DeadlineError(ValueError):
    """The wording is clearly wrong (impossible quarter, impossible date); message in Vietnamese."""


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

_I = re.IGNORECASE
_WS = re.compile(r"\s+")
_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1")
_PAREN = re.compile(r"\(([^()]*)\)")
_EDGE = " .;,:*"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    # "Ð"/"ð" (eth) are often typed instead of "Đ"/"đ".
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = _WS.sub(" ", text).strip()
    text = _EMPHASIS.sub(r"\2", text)
    text = text.strip(_EDGE)
    return text.lstrip("-+• ").strip(_EDGE)


def _clean_note(text: str) -> str:
    return _WS.sub(" ", _EMPHASIS.sub(r"\2", text)).strip(_EDGE)


# ---------------------------------------------------------------------------
# Flags and recurrence
# ---------------------------------------------------------------------------

# "theo Kế hoạch …", also "Theo hướng dẫn của Trung ương và Kế hoạch số 310/KH-UBND …"
_PER_PLAN = re.compile(r"\btheo\b[^;()]*?\bkế\s+hoạch\b", _I)
_PER_GUIDANCE = re.compile(
    r"\btheo\b[^;()]*?\b(?:hướng\s+dẫn|yêu\s+cầu|chỉ\s+đạo|văn\s+bản|thời\s+gian|lịch)\b", _I
)
_RECUR_UNITS = {"tuần": "weekly", "tháng": "monthly", "quý": "quarterly", "quí": "quarterly",
                "năm": "yearly"}
_RECUR_WORD = re.compile(r"\b(?:hàng|hằng|mỗi)\s+(tuần|tháng|qu[ýí]|năm)\b", _I)
_CONTINUOUS_WORD = re.compile(r"\b(?:thường\s+xuyên|liên\s+tục)\b", _I)
_RECUR_PREFIX = re.compile(
    r"(?:(?:thực\s+hiện|triển\s+khai|tổ\s+chức|báo\s+cáo)\s+)?"
    r"(?:(?P<cont>thường\s+xuyên|liên\s+tục)(?:\s*,?\s*(?:và\s+)?(?:liên\s+tục|thường\s+xuyên))?"
    r"|(?:định\s+kỳ\s+)?(?:hàng|hằng|mỗi)\s+(?P<unit>tuần|tháng|qu[ýí]|năm))"
    r"(?=$|[\s,;:.\-–])",
    _I,
)
_RECUR_SUFFIX = re.compile(r"\s*,?\s*(?:hàng|hằng)\s+(tuần|tháng|qu[ýí]|năm)$", _I)


def _unit_recurring(unit: str) -> str:
    return _RECUR_UNITS[unit.lower()]


def _find_recurring(text: str) -> str | None:
    if _CONTINUOUS_WORD.search(text):
        return "continuous"
    m = _RECUR_WORD.search(text)
    return _unit_recurring(m.group(1)) if m else None


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
    return total if total > 0 and _int_to_roman(total) == token.upper() else None


def _int_to_roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _quarter_number(token: str) -> int:
    n = int(token) if token.isdigit() else _roman_to_int(token)
    if n is None or not 1 <= n <= 4:
        shown = token if token.isdigit() else token.upper()
        raise DeadlineError(f"Quý {shown} không tồn tại: một năm chỉ có Quý I–IV.")
    return n


def _month_number(token: str) -> int:
    n = int(token)
    if not 1 <= n <= 12:
        raise DeadlineError(f"Tháng {token} không tồn tại: một năm chỉ có 12 tháng.")
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
    years: list[int | None] = []
    for i, item in enumerate(items):
        year = item.year
        if year is None:
            later = [it.year for it in items[i + 1:] if it.year is not None]
            earlier = [it.year for it in items[:i] if it.year is not None]
            year = later[0] if later else earlier[-1] if earlier else plan_year
        years.append(year)
    known = all(y is not None for y in years)

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
    if not known:
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


_DUE_PREFIX = re.compile(
    r"(?:hoàn\s+thành\s+)?(?P<kw>trước|chậm\s+nhất|muộn\s+nhất|hạn\s+chót|hạn)"
    r"(?:\s+là)?\s*:?\s+(?:(?:vào|trong)\s+)?",
    _I,
)
_SPAN_PREFIX = re.compile(
    r"(?:(?:dự\s+kiến|hoàn\s+thành|thực\s+hiện|triển\s+khai|tổ\s+chức|ban\s+hành)\s+)?"
    r"(?:(?:trong|từ|vào|suốt|cả|cà|các|giai\s+đoạn)\s+)*",
    _I,
)
_PLAIN_YEAR = re.compile(r"năm", _I)
_STARTS_THEO = re.compile(r"theo\b", _I)
_RELATIVE = re.compile(
    r"\d+\s+(?:ngày|tuần|tháng|năm)(?:\s+làm\s+việc)?\s+"
    r"(?:kể\s+từ|sau\s+khi|từ\s+khi|từ\s+ngày|sau\s+ngày)"
    r"|^(?:ngay\s+)?sau\s+khi\b|\bkể\s+từ\s+(?:ngày|khi)\b",
    _I,
)
_TRAILING_THEO = re.compile(r"(?:^|[\s,\-–])theo\s", _I)


def _whole_year(year: int | None) -> tuple[date | None, date | None]:
    if year is None:
        return None, None
    return date(year, 1, 1), date(year, 12, 31)


def _parse_when(text: str, plan_year: int | None) -> _When | None:
    """A period, a due date or the plan year, with an optional "hàng năm" suffix."""
    recurring = None
    m = _RECUR_SUFFIX.search(text)
    if m and m.start() > 0:
        recurring = _unit_recurring(m.group(1))
        text = text[: m.start()].strip(_EDGE)

    m = _DUE_PREFIX.match(text)
    if m:
        span = _parse_span(text[m.end():], plan_year)
        if span is None:
            return None
        if m.group("kw").lower() == "trước" and span.kinds != {"date"}:
            return None  # "Trước tháng 6": before it begins or by its end? ambiguous
        return _When(None, span.due, recurring)

    m = _SPAN_PREFIX.match(text)
    rest = text[m.end():]
    if _PLAIN_YEAR.fullmatch(rest):
        return _When(*_whole_year(plan_year), recurring)
    span = _parse_span(rest, plan_year)
    if span is None:
        return None
    return _When(span.start, span.due, recurring)


def _interpret(text: str, plan_year: int | None) -> _When | None:
    if not text:
        return None
    if _STARTS_THEO.match(text):
        return _When(None, None, _find_recurring(text))

    m = _RECUR_PREFIX.match(text)
    if m:
        recurring = "continuous" if m.group("cont") else _unit_recurring(m.group("unit"))
        rest = text[m.end():].strip(" ,.:-–")
        if not rest:
            return _When(*_whole_year(plan_year), recurring)
        if _STARTS_THEO.match(rest):
            return _When(None, None, recurring)
        when = _parse_when(rest, plan_year)
        if when is None:
            return _When(*_whole_year(plan_year), recurring, note=rest)
        return _When(when.start, when.due, recurring)

    when = _parse_when(text, plan_year)
    if when is not None:
        return when
    # "Quý I/2026 theo hướng dẫn": the flags already record the "theo …" part.
    m = _TRAILING_THEO.search(text)
    if m and m.start() > 0:
        head = text[: m.start()].strip(_EDGE + "-–")
        if head:
            when = _interpret(head, plan_year)
            if when is not None:
                return when
    if _RELATIVE.search(text):
        return _When(None, None, None, note=text)
    return None


def parse_deadline(wording: str, plan_year: int | None = None) -> Deadline | None:
    """Return the structure of `wording`; None when it cannot be understood (caller warns);
    raise DeadlineError when it is clearly wrong."""
    if not isinstance(wording, str):
        raise TypeError(f"wording must be str, not {type(wording).__name__}")
    text = _normalise(wording)
    if not text:
        return None
    _check_obvious_errors(text)

    per_plan = bool(_PER_PLAN.search(text))
    per_guidance = bool(_PER_GUIDANCE.search(text))
    remarks = [r for r in (_clean_note(m.group(1)) for m in _PAREN.finditer(text)) if r]
    body = _WS.sub(" ", _PAREN.sub(" ", text)).strip(_EDGE)
    clauses = [c.strip(_EDGE) for c in body.split(";")]
    main, tails = clauses[0], [c for c in clauses[1:] if c]

    when = _interpret(main, plan_year)
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
    )


def quarter_of(d: date) -> int:
    """Quarter (1–4) of a date."""
    return (d.month - 1) // 3 + 1
