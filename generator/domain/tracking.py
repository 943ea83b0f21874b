"""Where tasks stand on a day, and the counts every report shares.

Pure functions over tasks whose schedules were built when the plan was read
(`Task.schedule`). What is followed is an `Entry`: one occurrence of a task (a one-off
task has one; a recurring task one per month, quarter, year…), or a task without dates.

Every count is of the entries in a `Scope` (the days asked for: an entry belongs to it when
the days it runs over meet those days), "as of" a date: a completion counts only when it
happened on or before that date. The Phụ lục I inspection report, the periodic progress
report, the task table and the workbook all count through `task_counts`, so their figures
always agree.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from generator.domain.schedule import Occurrence
from generator.domain.tasks import PROGRESS_LABELS, TASK_STATUSES, Record, Task

# Reporting periods of the progress report: key → (last month, label). Each runs from the
# start of the year to the end of its last month.
PERIODS = {
    "quy-1": (3, "quý I"),
    "6-thang": (6, "6 tháng đầu năm"),
    "quy-3": (9, "quý III"),
    "nam": (12, "năm"),
}


@dataclass(frozen=True)
class Scope:
    """The days a view or a count is about. Tasks without any dates belong to every scope
    unless `undated` is False (a filter on a quarter asks for tasks with dates in it)."""

    start: date
    end: date
    undated: bool = True

    def meets(self, span: tuple[date, date] | None) -> bool:
        """Return True when the days `span` runs over meet the scope (None: no dates)."""
        if span is None:
            return self.undated
        return span[0] <= self.end and span[1] >= self.start


def period_end(period: str, year: int) -> date:
    """Return the last day of reporting `period` ("quy-1", "6-thang", "quy-3", "nam") of `year`."""
    month = PERIODS[period][0]
    return date(year, month, calendar.monthrange(year, month)[1])


def period_scope(period: str, year: int) -> Scope:
    """Return the days reporting `period` of `year` covers: from 1 January to its end."""
    return Scope(date(year, 1, 1), period_end(period, year))


def report_scope(period: str | None, year: int, as_of: date) -> Scope:
    """Return the days a progress report covers: reporting `period` of `year`, or without a
    period from 1 January of `year` to `as_of`."""
    return period_scope(period, year) if period else Scope(date(year, 1, 1), as_of)


def year_scope(first: int, last: int | None = None) -> Scope:
    """Return the days of the years `first`…`last` (default: `first` only)."""
    return Scope(date(first, 1, 1), date(last or first, 12, 31))


def quarter_bounds(quarter: int, year: int) -> tuple[date, date]:
    """Return the first and last day of `quarter` (1–4) of `year`."""
    first, last = 3 * quarter - 2, 3 * quarter
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def quarter_scope(quarter: int, year: int) -> Scope:
    """Return the days of `quarter` of `year`; tasks without dates are not in it."""
    return Scope(*quarter_bounds(quarter, year), undated=False)


@dataclass(frozen=True)
class Entry:
    """One thing to follow: an occurrence of a task, or a task without dated occurrences."""

    task: Task
    occurrence: Occurrence | None = None

    @property
    def key(self) -> str:
        """Return the occurrence key ("" for a one-off task or a task without dates)."""
        return self.occurrence.key if self.occurrence is not None else ""

    @property
    def ident(self) -> str:
        """Return the entry's id in workbooks and calendars: the task's id, with the occurrence
        key for a recurring task ("bao-cao-quy@2026-Q1")."""
        return f"{self.task.ident}@{self.key}" if self.key else self.task.ident

    @property
    def record(self) -> Record:
        """Return what the plan says about this entry."""
        return self.task.record(self.key)

    @property
    def due(self) -> date | None:
        """Return the due date (None for work without a deadline)."""
        return self.occurrence.due if self.occurrence is not None else None

    @property
    def span(self) -> tuple[date, date] | None:
        """Return the days the entry runs over: its occurrence, or the task's active days."""
        if self.occurrence is not None:
            return (self.occurrence.first_day, self.occurrence.due)
        return self.task.schedule.active

    @property
    def ongoing(self) -> bool:
        """Return True for work without a deadline of its own ("Thường xuyên")."""
        return self.occurrence is None and self.task.schedule.kind == "ongoing"


def entries(tasks: Iterable[Task], scope: Scope | None = None) -> list[Entry]:
    """Return the entries of `tasks` in `scope` (every entry when None), in plan order."""
    out = []
    for task in tasks:
        occurrences = task.schedule.occurrences
        if occurrences:
            out.extend(Entry(task, o) for o in occurrences
                       if scope is None or scope.meets((o.first_day, o.due)))
        elif scope is None or scope.meets(task.schedule.active):
            out.append(Entry(task))
    return out


def status_as_of(record: Record, as_of: date) -> str:
    """Return the status `record` shows on `as_of`: a completion after that day did not yet
    happen (the task was then still being carried out)."""
    declared = record.declared
    if declared == "hoan_thanh" and record.completed_on is not None and record.completed_on > as_of:
        return "dang_thuc_hien"
    return declared


def status_on(due: date | None, record: Record, as_of: date, *, ongoing: bool = False) -> str:
    """Return where an entry due on `due` stands on `as_of`: a key of PROGRESS_LABELS.

    Completed by `as_of`: "hoan_thanh_qua_han" when completed after the due date, else
    "hoan_thanh_dung_han" (also when the due date or the completion date is unknown:
    nothing shows it was late). Not completed by then: "thuong_xuyen" for work without a
    deadline of its own, "khong_xac_dinh" without a due date, "qua_han" when `as_of` is
    after the due date, else "dang_trong_han". Completing on the due date is on time;
    `as_of` == due is not overdue.
    """
    if record.status and record.status not in TASK_STATUSES:
        raise ValueError(f"Trạng thái “{record.status}” không hợp lệ: chỉ dùng {', '.join(TASK_STATUSES)}.")
    if status_as_of(record, as_of) == "hoan_thanh":
        if due is not None and record.completed_on is not None and record.completed_on > due:
            return "hoan_thanh_qua_han"
        return "hoan_thanh_dung_han"
    if due is None:
        return "thuong_xuyen" if ongoing else "khong_xac_dinh"
    return "qua_han" if as_of > due else "dang_trong_han"


def progress(entry: Entry, as_of: date) -> str:
    """Return where `entry` stands on `as_of`: one of the keys of PROGRESS_LABELS."""
    return status_on(entry.due, entry.record, as_of, ongoing=entry.ongoing)


def involves(task: Task, key: str) -> bool:
    """Return True when office `key` leads or supports `task` (or one of its parts)."""
    return key in task.lead_keys or key in task.support_keys


@dataclass(frozen=True)
class TaskCounts:
    """How many entries stand where, on one date."""

    total: int
    completed: int
    completed_on_time: int
    completed_late: int
    in_progress: int
    not_started: int
    overdue: int
    tasks: int = 0          # distinct tasks among them

    @property
    def unfinished(self) -> int:
        """Return the number of entries not completed (in progress or not started)."""
        return self.in_progress + self.not_started


def count(items: Sequence[Entry], as_of: date) -> TaskCounts:
    """Return the counts of `items` on `as_of`."""
    statuses = [status_as_of(e.record, as_of) for e in items]
    states = [progress(e, as_of) for e in items]
    return TaskCounts(
        total=len(items),
        completed=statuses.count("hoan_thanh"),
        completed_on_time=states.count("hoan_thanh_dung_han"),
        completed_late=states.count("hoan_thanh_qua_han"),
        in_progress=statuses.count("dang_thuc_hien"),
        not_started=statuses.count("chua_thuc_hien"),
        overdue=states.count("qua_han"),
        tasks=len({e.task.seq for e in items}),
    )


def task_counts(tasks: Iterable[Task], as_of: date, scope: Scope | None = None) -> TaskCounts:
    """Return the counts of the entries of `tasks` in `scope` on `as_of`."""
    return count(entries(tasks, scope), as_of)


__all__ = ["PERIODS", "PROGRESS_LABELS", "Entry", "Scope", "TaskCounts", "count", "entries", "involves",
           "period_end", "period_scope", "progress", "quarter_bounds", "quarter_scope", "report_scope", "status_as_of",
           "status_on", "task_counts", "year_scope"]
