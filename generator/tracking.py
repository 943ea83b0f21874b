"""Follow-up of a plan's tasks: status of each task on a date, and the counts reports use.

Pure functions over the plan model. The Phụ lục I inspection report and the periodic
progress report both count tasks through `task_counts`, so their figures always agree.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from generator.deadlines import Deadline, DeadlineError, parse_deadline, status_on
from generator.model import Plan, Task

STATUS_LABELS = {
    "chua_thuc_hien": "Chưa thực hiện",
    "dang_thuc_hien": "Đang thực hiện",
    "hoan_thanh": "Hoàn thành",
}
PROGRESS_LABELS = {
    "hoan_thanh_dung_han": "Hoàn thành đúng hạn",
    "hoan_thanh_qua_han": "Hoàn thành quá hạn",
    "qua_han": "Quá hạn",
    "dang_trong_han": "Đang trong hạn",
    "khong_xac_dinh": "Chưa xác định hạn",
}


PROGRESS_KEYS = tuple(PROGRESS_LABELS)
STATUS_KEYS = tuple(STATUS_LABELS)

# Reporting periods of the progress report: key → (last month, label).
PERIODS = {
    "quy-1": (3, "quý I"),
    "6-thang": (6, "6 tháng đầu năm"),
    "quy-3": (9, "quý III"),
    "nam": (12, "năm"),
}


def period_end(period: str, year: int) -> date:
    """Return the last day of reporting `period` ("quy-1", "6-thang", "quy-3", "nam") of `year`."""
    month = PERIODS[period][0]
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(quarter: int, year: int) -> tuple[date, date]:
    """Return the first and last day of `quarter` (1–4) of `year`."""
    first, last = 3 * quarter - 2, 3 * quarter
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _parse_quiet(wording: str, year: int | None) -> Deadline | None:
    if not wording:
        return None
    try:
        return parse_deadline(wording, year)
    except DeadlineError:  # already reported by validation
        return None


def task_deadline(task: Task, year: int | None = None) -> Deadline | None:
    """Return the deadline tracking uses for `task`.

    A task's own deadline wins when it has a due date. A task split into parts
    (phan_viec) whose own wording is empty or undated takes its dates from its parts:
    the earliest start and the latest due date. `year` is the plan year, used for part
    wordings without a year ("Tháng 11"); without it, the year of the other parts is used.
    """
    own = task.due
    if (own is not None and own.due is not None) or not task.parts:
        return own
    parsed = [_parse_quiet(p.deadline, year) for p in task.parts]
    if year is None:
        years = [d.due.year for d in parsed if d is not None and d.due is not None]
        if years:
            fallback = max(years)
            parsed = [d if d is None or d.due is not None else _parse_quiet(d.wording, fallback)
                      for d in parsed]
    dated = [d for d in parsed if d is not None and d.due is not None]
    if not dated:
        return own
    starts = [d.start or d.due for d in dated]
    return Deadline(
        wording=(own.wording if own is not None
                 else "; ".join(dict.fromkeys(p.deadline for p in task.parts if p.deadline))),
        start=min(s for s in starts if s is not None),
        due=max(d.due for d in dated if d.due is not None),
        recurring=None,
        per_guidance=any(d.per_guidance for d in dated) or (own is not None and own.per_guidance),
        per_plan=any(d.per_plan for d in dated) or (own is not None and own.per_plan),
        note=None,
    )


def task_due(task: Task, year: int | None = None) -> date | None:
    """Return the date `task` is due by (see `task_deadline`), None when unknown."""
    deadline = task_deadline(task, year)
    return deadline.due if deadline is not None else None


def task_period(task: Task, year: int | None = None) -> tuple[date, date] | None:
    """Return the days `task` runs over: (start, due); a bare due date gives (due, due)."""
    deadline = task_deadline(task, year)
    if deadline is None or deadline.due is None:
        return None
    return (deadline.start or deadline.due, deadline.due)


def in_quarter(task: Task, quarter: int, year: int) -> bool:
    """Return True when the period of `task` intersects `quarter` of `year`."""
    period = task_period(task, year)
    if period is None:
        return False
    first, last = quarter_bounds(quarter, year)
    return period[0] <= last and period[1] >= first


def involves(task: Task, key: str) -> bool:
    """Return True when office `key` leads or supports `task` (or one of its parts)."""
    return key in task.lead_keys or key in task.support_keys


def task_number(plan: Plan, task: Task) -> str:
    """Return the number the plan prints for `task`: "1.1" in the body, the TT in an annex."""
    return str(task.seq) if plan.document.task_style == "phu_luc" else task.code


def office_names(plan: Plan, keys: tuple[str, ...], *, short: bool = True) -> str:
    """Return the names of the offices `keys` joined with ", " (short names when declared)."""
    names = []
    for key in keys:
        agency = plan.registry.agencies.get(key)
        if agency is None:
            continue
        names.append((agency.short_name or agency.name) if short else agency.name)
    return ", ".join(names)


def declared_status(task: Task) -> str:
    """Return the task's status as written, "hoan_thanh" when only a completion date is given."""
    if task.status:
        return task.status
    return "hoan_thanh" if task.completed_on else "chua_thuc_hien"


def progress(task: Task, today: date, year: int | None = None) -> str:
    """Return where `task` stands on `today`: one of the keys of PROGRESS_LABELS.

    The due date is `task_deadline(task, year)`'s: a task split into parts is due with
    its last part.
    """
    return status_on(task_deadline(task, year), task.completed_on, declared_status(task), today)


def is_overdue(task: Task, today: date, year: int | None = None) -> bool:
    """Return True when `task` is not completed and its due date has passed."""
    return progress(task, today, year) == "qua_han"


@dataclass(frozen=True)
class TaskCounts:
    """How many tasks of a plan stand where, on one date."""

    total: int
    completed: int
    completed_on_time: int
    completed_late: int
    in_progress: int
    not_started: int
    overdue: int

    @property
    def unfinished(self) -> int:
        """Return the number of tasks not completed (in progress or not started)."""
        return self.in_progress + self.not_started


def infer_year(tasks: tuple[Task, ...] | list[Task]) -> int | None:
    """Return the plan year as the tasks show it: the most common year of their own due dates."""
    years = [t.due.due.year for t in tasks if t.due is not None and t.due.due is not None]
    if not years:
        return None
    return max(sorted(set(years)), key=years.count)


def task_counts(tasks: tuple[Task, ...] | list[Task], today: date, year: int | None = None) -> TaskCounts:
    """Return the counts of `tasks` on `today`.

    `year` is the plan year (see `task_deadline`); without it, `infer_year(tasks)` is used,
    so callers with or without the plan at hand get the same figures.
    """
    if year is None:
        year = infer_year(tasks)
    declared = [declared_status(t) for t in tasks]
    states = [progress(t, today, year) for t in tasks]
    return TaskCounts(
        total=len(tasks),
        completed=declared.count("hoan_thanh"),
        completed_on_time=states.count("hoan_thanh_dung_han"),
        completed_late=states.count("hoan_thanh_qua_han"),
        in_progress=declared.count("dang_thuc_hien"),
        not_started=declared.count("chua_thuc_hien"),
        overdue=states.count("qua_han"),
    )


def plan_counts(plan: Plan, today: date) -> TaskCounts:
    """Return the counts of every task of `plan` on `today`."""
    return task_counts(plan.tasks, today, plan.year_from)
