"""Follow-up of a plan's tasks: status of each task on a date, and the counts reports use.

Pure functions over the plan model. The Phụ lục I inspection report and the periodic
progress report both count tasks through `task_counts`, so their figures always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.deadlines import status_on
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


def declared_status(task: Task) -> str:
    """Return the task's status as written, "hoan_thanh" when only a completion date is given."""
    if task.status:
        return task.status
    return "hoan_thanh" if task.completed_on else "chua_thuc_hien"


def progress(task: Task, today: date) -> str:
    """Return where `task` stands on `today`: one of the keys of PROGRESS_LABELS."""
    return status_on(task.due, task.completed_on, declared_status(task), today)


def is_overdue(task: Task, today: date) -> bool:
    """Return True when `task` is not completed and its due date has passed."""
    return progress(task, today) == "qua_han"


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


def task_counts(tasks: tuple[Task, ...] | list[Task], today: date) -> TaskCounts:
    """Return the counts of `tasks` on `today`."""
    declared = [declared_status(t) for t in tasks]
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


def plan_counts(plan: Plan, today: date) -> TaskCounts:
    """Return the counts of every task of `plan` on `today`."""
    return task_counts(plan.tasks, today)
