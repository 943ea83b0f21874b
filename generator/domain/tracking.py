"""Where tasks stand on a day, and the counts every report shares.

Pure functions over tasks whose deadlines were parsed when the plan was read
(`Task.schedule`). The Phụ lục I inspection report, the periodic progress report and the
task table all count through `task_counts`, so their figures always agree.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator.domain.deadlines import Deadline
from generator.domain.tasks import PROGRESS_LABELS, TASK_STATUSES, Task

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


def status_on(deadline: Deadline | None, completed_on: date | None, status: str | None, today: date) -> str:
    """Return where a task stands on `today`: a key of PROGRESS_LABELS.

    Completed (status "hoan_thanh", or any completed_on date): "hoan_thanh_qua_han" when
    completed_on is after the due date, else "hoan_thanh_dung_han" (also when the due date
    or the completion date is unknown: nothing shows it was late).
    Not completed: "khong_xac_dinh" without a due date, "qua_han" when today > due,
    else "dang_trong_han". Completing on the due date is on time; today == due is not overdue.
    """
    if status is not None and status not in TASK_STATUSES:
        raise ValueError(f"Trạng thái “{status}” không hợp lệ: chỉ dùng {', '.join(TASK_STATUSES)}.")
    due = deadline.due if deadline is not None else None
    if status == "hoan_thanh" or completed_on is not None:
        if due is not None and completed_on is not None and completed_on > due:
            return "hoan_thanh_qua_han"
        return "hoan_thanh_dung_han"
    if due is None:
        return "khong_xac_dinh"
    return "qua_han" if today > due else "dang_trong_han"


def task_period(task: Task) -> tuple[date, date] | None:
    """Return the days `task` runs over: (start, due); a bare due date gives (due, due)."""
    schedule = task.schedule
    if schedule is None or schedule.due is None:
        return None
    return (schedule.start or schedule.due, schedule.due)


def in_quarter(task: Task, quarter: int, year: int) -> bool:
    """Return True when the period of `task` intersects `quarter` of `year`."""
    period = task_period(task)
    if period is None:
        return False
    first, last = quarter_bounds(quarter, year)
    return period[0] <= last and period[1] >= first


def involves(task: Task, key: str) -> bool:
    """Return True when office `key` leads or supports `task` (or one of its parts)."""
    return key in task.lead_keys or key in task.support_keys


def progress(task: Task, today: date) -> str:
    """Return where `task` stands on `today`: one of the keys of PROGRESS_LABELS."""
    return status_on(task.schedule, task.completed_on, task.declared_status, today)


@dataclass(frozen=True)
class TaskCounts:
    """How many tasks stand where, on one date."""

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


def task_counts(tasks: Sequence[Task], today: date) -> TaskCounts:
    """Return the counts of `tasks` on `today`."""
    declared = [t.declared_status for t in tasks]
    states = [progress(t, today) for t in tasks]
    return TaskCounts(
        total=len(tasks),
        completed=declared.count("hoan_thanh"),
        completed_on_time=states.count("hoan_thanh_dung_han"),
        completed_late=states.count("hoan_thanh_qua_han"),
        in_progress=declared.count("dang_thuc_hien"),
        not_started=declared.count("chua_thuc_hien"),
        overdue=states.count("qua_han"),
    )


__all__ = ["PERIODS", "PROGRESS_LABELS", "TaskCounts", "in_quarter", "involves", "period_end",
           "progress", "quarter_bounds", "status_on", "task_counts", "task_period"]
