"""When a task is due: its schedule, the occurrences its deadline wording gives in the plan's period.

A schedule is one of:

- ``once``: one occurrence (a period, or a bare due date) — "Quý I/2026", "Trước ngày 15/01/2026";
- ``series``: an occurrence per month, quarter, half-year, year (or week) — "Hằng quý, trước
  ngày 03 tháng cuối quý" gives 03/03, 03/06, 03/09, 03/12 of each year; "Hằng năm" in a
  2026–2030 plan gives one occurrence a year;
- ``ongoing``: work without a deadline of its own, over some days — "Thường xuyên",
  "Định kỳ, đột xuất";
- ``none``: no dates — "Theo yêu cầu của Bộ Nội vụ", a wording not understood.

Each occurrence of a series has a key users write in the plan (``ky:``) and see in the
workbook: ``2026`` (year), ``2026-H1`` (half), ``2026-Q1`` (quarter), ``2026-03`` (month),
``2026-W05`` (ISO week). A one-off occurrence has the key "". Pure: no I/O.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from generator.domain.deadlines import SERIES, Deadline

__all__ = ["KEY_PATTERN", "MAX_OCCURRENCES", "Occurrence", "Schedule", "TooManyOccurrences",
           "build_schedule", "key_label", "unit_label"]

KEY_PATTERN = r"^\d{4}(?:-(?:H[12]|Q[1-4]|0[1-9]|1[0-2]|W(?:0[1-9]|[1-4]\d|5[0-3])))?$"
MAX_OCCURRENCES = 2000   # of one task; a weekly task over a 38-year plan would exceed it

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_UNIT_LABELS = {"weekly": "hằng tuần", "monthly": "hằng tháng", "quarterly": "hằng quý",
                "half_yearly": "6 tháng một lần", "yearly": "hằng năm"}


class TooManyOccurrences(ValueError):
    """A series would have more occurrences than one task may have; message in Vietnamese."""


@dataclass(frozen=True)
class Occurrence:
    """One time a task is due: the days it runs over and its due date."""

    key: str               # "" for a one-off task; "2026", "2026-H1", "2026-Q1", "2026-03", "2026-W05"
    start: date | None     # first day; None for a bare due date ("Trước ngày 15/01/2026")
    due: date
    label: str = ""        # "Quý I/2026", "Năm 2026"…; "" for a one-off task

    @property
    def first_day(self) -> date:
        """Return the first day the occurrence runs over (its due date when it has no start)."""
        return self.start or self.due


@dataclass(frozen=True)
class Schedule:
    """The occurrences of a task, or the days it runs over without a deadline."""

    kind: str                                  # "once" | "series" | "ongoing" | "none"
    wording: str                               # the wording it comes from (parts joined)
    occurrences: tuple[Occurrence, ...] = ()
    unit: str | None = None                    # series: one of deadlines.SERIES
    active: tuple[date, date] | None = None    # ongoing: first and last day, when known
    per_guidance: bool = False
    per_plan: bool = False

    @property
    def span(self) -> tuple[date, date] | None:
        """Return the first and last day of the whole schedule (None without dates)."""
        if self.occurrences:
            return (min(o.first_day for o in self.occurrences), max(o.due for o in self.occurrences))
        return self.active

    @property
    def due(self) -> date | None:
        """Return the due date of a one-off task (None for every other kind)."""
        return self.occurrences[0].due if self.kind == "once" else None

    def occurrence(self, key: str) -> Occurrence | None:
        """Return the occurrence whose key is `key`."""
        return next((o for o in self.occurrences if o.key == key), None)

    def describe(self) -> str:
        """Return the schedule in words for messages: "hằng quý (2026-Q1 … 2030-Q4)"."""
        if self.kind == "series":
            keys = [o.key for o in self.occurrences]
            shown = keys[0] if len(keys) == 1 else ", ".join(keys) if len(keys) <= 4 else f"{keys[0]} … {keys[-1]}"
            return f"{_UNIT_LABELS[self.unit or 'yearly']} ({shown})"
        return {"once": "một lần", "ongoing": "thường xuyên, không có hạn riêng"}.get(self.kind, "không có hạn")


NONE = Schedule("none", "")


def unit_label(unit: str) -> str:
    """Return how a series unit reads: "hằng quý", "6 tháng một lần"…"""
    return _UNIT_LABELS[unit]


def key_label(key: str) -> str:
    """Return how an occurrence key reads: "2026-Q1" → "Quý I/2026", "2026" → "Năm 2026"…"""
    m = re.fullmatch(KEY_PATTERN, key)
    if not m:
        return key
    year, _, rest = key.partition("-")
    if not rest:
        return f"Năm {year}"
    if rest[0] == "H":
        return f"6 tháng {'đầu' if rest == 'H1' else 'cuối'} năm {year}"
    if rest[0] == "Q":
        return f"Quý {_ROMAN[int(rest[1])]}/{year}"
    if rest[0] == "W":
        return f"Tuần {rest[1:]}/{year}"
    return f"Tháng {rest}/{year}"


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _day(year: int, month: int, day: int | None) -> date:
    """The day `day` of a month, the month's last day when `day` is None or beyond it."""
    last = _last_day(year, month)
    return date(year, month, last if day is None else min(day, last))


def _periods(unit: str, first: date, last: date):
    """Yield (key, first month, number of months, year) of every period of `unit` meeting [first, last]."""
    size = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}[unit]
    for year in range(first.year, last.year + 1):
        for index in range(12 // size):
            month = index * size + 1
            start = date(year, month, 1)
            end = _day(year, month + size - 1, None)
            if end < first or start > last:
                continue
            if unit == "yearly":
                key = str(year)
            elif unit == "half_yearly":
                key = f"{year}-H{index + 1}"
            elif unit == "quarterly":
                key = f"{year}-Q{index + 1}"
            else:
                key = f"{year}-{month:02d}"
            yield key, month, size, year


def _weeks(first: date, last: date):
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        iso_year, week, _ = monday.isocalendar()
        sunday = monday + timedelta(days=6) if monday <= date.max - timedelta(days=6) else date.max
        yield f"{iso_year}-W{week:02d}", monday, sunday
        if sunday == date.max:
            return
        monday = sunday + timedelta(days=1)


def _count(unit: str, first: date, last: date) -> int:
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if unit == "weekly":
        return (last - first).days // 7 + 2
    return months // {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}[unit] + 2


def _series(deadline: Deadline) -> tuple[Occurrence, ...]:
    first, last, unit = deadline.start, deadline.due, deadline.recurring
    assert first is not None and last is not None and unit in SERIES
    if _count(unit, first, last) > MAX_OCCURRENCES:
        raise TooManyOccurrences(
            f"Thời gian '{deadline.wording[:80]}' cho quá nhiều kỳ (tối đa {MAX_OCCURRENCES} kỳ mỗi nhiệm vụ).")
    out: list[Occurrence] = []
    if unit == "weekly":
        for key, monday, sunday in _weeks(first, last):
            out.append(Occurrence(key, monday, sunday, key_label(key)))
        return tuple(out)
    periods = list(_periods(unit, first, last))
    last_of_year = {}
    for key, month, size, year in periods:
        last_of_year[year] = key
    for key, month, size, year in periods:
        start = date(year, month, 1)
        if unit == "yearly" and deadline.within is not None:
            begin, end = deadline.within
            due = _day(year, end[0], end[1])
            start = _day(year, begin[0], begin[1]) if begin is not None else start
        elif deadline.due_day is not None or deadline.due_month is not None:
            position = deadline.due_month if deadline.due_month is not None else -1
            offset = size + position if position < 0 else min(position, size) - 1
            due = _day(year, month + max(0, offset), deadline.due_day)
        else:
            due = _day(year, month + size - 1, None)
        if deadline.final_due is not None and key == last_of_year[year]:
            due = _day(year, *deadline.final_due)
        if due < start:
            due = start
        out.append(Occurrence(key, start, due, key_label(key)))
    return tuple(out)


def _of_deadline(deadline: Deadline | None) -> Schedule:
    if deadline is None:
        return NONE
    flags = {"per_guidance": deadline.per_guidance, "per_plan": deadline.per_plan}
    if deadline.recurring in SERIES:
        if deadline.start is None or deadline.due is None:
            return Schedule("none", deadline.wording, **flags)
        return Schedule("series", deadline.wording, _series(deadline), unit=deadline.recurring, **flags)
    if deadline.recurring in ("continuous", "irregular"):
        active = None
        if deadline.due is not None:
            active = (deadline.start or deadline.due, deadline.due)
        return Schedule("ongoing", deadline.wording, active=active, **flags)
    if deadline.due is not None:
        return Schedule("once", deadline.wording, (Occurrence("", deadline.start, deadline.due),), **flags)
    return Schedule("none", deadline.wording, **flags)


def build_schedule(own: Deadline | None, parts: Sequence[Deadline | None] = ()) -> Schedule:
    """Return the schedule of a task whose own deadline is `own` and whose parts have `parts`.

    The task's own wording wins when it gives occurrences. A task split into parts whose own
    wording is empty or gives none takes its dates from its parts: one occurrence from the
    earliest start to the latest due date of its one-off parts, else the series of its
    first recurring part. Raise TooManyOccurrences for a series too long to follow.
    """
    schedule = _of_deadline(own)
    if schedule.occurrences or not parts:
        return schedule
    once = [p for p in parts if p is not None and p.recurring is None and p.due is not None]
    if once:
        wording = own.wording if own is not None else "; ".join(
            dict.fromkeys(p.wording for p in parts if p is not None and p.wording))
        start = min(p.start or p.due for p in once if p.due is not None)
        due = max(p.due for p in once if p.due is not None)
        return Schedule("once", wording, (Occurrence("", start, due),),
                        per_guidance=any(p.per_guidance for p in parts if p) or schedule.per_guidance,
                        per_plan=any(p.per_plan for p in parts if p) or schedule.per_plan)
    for part in parts:
        candidate = _of_deadline(part)
        if candidate.kind == "series":
            return candidate
    return schedule
