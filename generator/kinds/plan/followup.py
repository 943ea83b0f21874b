"""Follow-up views of a plan's tasks: the rows every tracking output shows, filters, returned rows.

Pure functions over the plan model: the terminal table, the Excel workbook, the calendar
and the per-office documents all start from `task_rows`, so they show the same numbers,
offices, due dates and statuses. `SheetRow`/`Returned` are what a workbook sent back by an
office says, whatever format it came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.domain import tracking
from generator.domain.tasks import PROGRESS_LABELS, STATUS_LABELS, Task
from generator.domain.vietnamese import table_date
from generator.kinds.plan.model import Plan


@dataclass(frozen=True)
class TaskRow:
    """One task as the follow-up outputs show it."""

    task: Task
    number: str             # "1.1" in a body-style plan, the annex TT otherwise
    group: str              # lĩnh vực title
    content: str
    lead: str               # lead office short names, "VHXH, VP"
    lead_keys: tuple[str, ...]
    support: str            # supporting offices as printed (or short names for keys)
    deadline: str           # the wording, as written (parts joined for a split task)
    start: date | None
    due: date | None
    status: str             # declared: chua_thuc_hien | dang_thuc_hien | hoan_thanh
    progress: str           # derived on the day: a key of PROGRESS_LABELS
    completed_on: date | None
    result: str

    @property
    def stable_id(self) -> str:
        """Return the task's `ma`, "" when it has none."""
        return self.task.stable_id

    @property
    def situation(self) -> str:
        """Return the status in words: "Hoàn thành đúng hạn", "Đang thực hiện – quá hạn"…"""
        if self.status == "hoan_thanh":
            return PROGRESS_LABELS[self.progress]
        label = STATUS_LABELS[self.status]
        if self.progress == "qua_han":
            return f"{label} – quá hạn"
        return label

    @property
    def due_text(self) -> str:
        """Return the due date as dd/mm/yyyy, or the wording when no date is known."""
        return table_date(self.due) if self.due else self.deadline


def _support_text(plan: Plan, task: Task) -> str:
    if task.support is None and not task.support_keys:
        return ""
    if task.support is not None and task.support.text and not _only_keys(plan, task):
        return task.support.text
    return office_names(plan, task.support_keys)


def _only_keys(plan: Plan, task: Task) -> bool:
    """True when the support field is registry keys only (printed as full names)."""
    if task.support is None:
        return True
    names = "; ".join(plan.registry.agencies[k].name for k in task.support.keys if k in plan.registry.agencies)
    return names == task.support.text


def office_names(plan: Plan, keys: tuple[str, ...], *, short: bool = True) -> str:
    """Return the names of the offices `keys` joined with ", " (short names when declared)."""
    names = []
    for key in keys:
        agency = plan.registry.agencies.get(key)
        if agency is None:
            continue
        names.append((agency.short_name or agency.name) if short else agency.name)
    return ", ".join(names)


def task_row(plan: Plan, task: Task, today: date) -> TaskRow:
    """Return the follow-up row of `task` on `today`."""
    deadline = task.schedule
    group = plan.groups[task.group_index - 1].title
    return TaskRow(
        task=task,
        number=plan.task_number(task),
        group=group,
        content=task.content,
        lead=office_names(plan, task.lead_keys),
        lead_keys=task.lead_keys,
        support=_support_text(plan, task),
        deadline=deadline.wording if deadline is not None else task.deadline,
        start=deadline.start if deadline is not None else None,
        due=deadline.due if deadline is not None else None,
        status=task.declared_status,
        progress=tracking.progress(task, today),
        completed_on=task.completed_on,
        result=task.result,
    )


def task_rows(plan: Plan, tasks: tuple[Task, ...] | list[Task], today: date) -> list[TaskRow]:
    """Return the follow-up rows of `tasks` on `today`, in plan order."""
    return [task_row(plan, t, today) for t in tasks]


@dataclass(frozen=True)
class Filters:
    """Which tasks to show: every field left empty selects all."""

    office: str = ""                  # a registry key: tasks it leads or supports
    quarter: int = 0                  # 1–4: tasks whose period intersects that quarter
    year: int = 0                     # the year of `quarter` (default: the plan year)
    overdue: bool = False             # only tasks overdue on `today`
    statuses: tuple[str, ...] = ()    # declared statuses and/or progress keys


def select(plan: Plan, filters: Filters, today: date) -> list[Task]:
    """Return the tasks of `plan` passing `filters` on `today`, in plan order."""
    year = filters.year or plan.year_from
    chosen = []
    for task in plan.tasks:
        if filters.office and not tracking.involves(task, filters.office):
            continue
        if filters.quarter and not tracking.in_quarter(task, filters.quarter, year):
            continue
        progress = tracking.progress(task, today)
        if filters.overdue and progress != "qua_han":
            continue
        if filters.statuses and not ({task.declared_status, progress} & set(filters.statuses)):
            continue
        chosen.append(task)
    return chosen


def offices_involved(plan: Plan) -> list[str]:
    """Return the keys of the offices that lead or support at least one task, registry order."""
    used = set()
    for task in plan.tasks:
        used.update(task.lead_keys)
        used.update(task.support_keys)
    return [key for key in plan.registry.agencies if key in used]


# --- what a returned workbook says ---------------------------------------------------------

@dataclass(frozen=True)
class SheetRow:
    """What one row of a returned workbook says about a task."""

    sheet: str
    row: int
    stable_id: str
    number: str
    status: Any          # the raw cell values, checked by the importer
    completed_on: Any
    result: Any
    has: frozenset       # which of "status", "completed_on", "result" the sheet has a column for
    number_is_decimal: bool = False   # "Số" held as a decimal number (1.10 reads 1.1)

    @property
    def where(self) -> str:
        """Return "trang 'VHXH', dòng 5" for messages."""
        return f"trang '{self.sheet}', dòng {self.row}"


@dataclass(frozen=True)
class Returned:
    """A returned workbook: its task rows and the values the plan had when it was made."""

    rows: list[SheetRow]
    baseline: dict[str, dict[str, str]]   # row key → {trang_thai, ngay_hoan_thanh, ket_qua} as exported
    sheets_read: list[str]


def row_key(plan: Plan, task: Task) -> str:
    """Return the key a workbook row of `task` is matched by: its `ma`, else "#<number>"."""
    return task.stable_id or f"#{plan.task_number(task)}"
