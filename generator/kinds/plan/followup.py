"""Follow-up views of a plan's tasks: the rows every tracking output shows, filters, returned rows.

Pure functions over the plan model: the terminal table, the Excel workbook, the calendar
and the per-office documents all start from `task_rows`, so they show the same numbers,
offices, due dates and statuses. A row is one entry (`generator.domain.tracking.Entry`):
a one-off task, one occurrence of a recurring task, or a task without dates.
`SheetRow`/`Returned` are what a workbook sent back by an office says, whatever format it
came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.domain import tracking
from generator.domain.schedule import Occurrence
from generator.domain.tasks import PROGRESS_LABELS, STATUS_LABELS, Record, Task
from generator.domain.tracking import Entry, Scope
from generator.domain.vietnamese import table_date
from generator.kinds.plan.model import Plan


@dataclass(frozen=True)
class TaskRow:
    """One entry as the follow-up outputs show it, on one day."""

    task: Task
    occurrence: Occurrence | None
    row_id: str             # the entry's id: the task's `ma` (else a digest), "@2026-Q1" for an occurrence
    number: str             # "1.1" in a body-style plan, the annex TT otherwise
    period: str             # the occurrence of a recurring task: "Quý I/2026"; "" otherwise
    group: str              # lĩnh vực title
    content: str
    lead: str               # lead office short names, "VHXH, VP"
    lead_keys: tuple[str, ...]
    support: str            # supporting offices as printed (or short names for keys)
    deadline: str           # the wording, as written (parts joined for a split task)
    start: date | None
    due: date | None
    record: Record          # what the plan says (status, completion date, result)
    status: str             # on the day: chua_thuc_hien | dang_thuc_hien | hoan_thanh
    progress: str           # on the day: a key of PROGRESS_LABELS
    ongoing: bool = False   # work without a deadline of its own ("Thường xuyên")

    @property
    def stable_id(self) -> str:
        """Return the task's `ma`, "" when it has none."""
        return self.task.stable_id

    @property
    def completed_on(self) -> date | None:
        """Return the completion date when the row is completed on the day, else None."""
        return self.record.completed_on if self.status == "hoan_thanh" else None

    @property
    def result(self) -> str:
        """Return the result note."""
        return self.record.result

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


def task_row(plan: Plan, entry: Entry, today: date) -> TaskRow:
    """Return the follow-up row of `entry` on `today`."""
    task, occurrence = entry.task, entry.occurrence
    schedule = task.schedule
    span = entry.span
    record = entry.record
    return TaskRow(
        task=task,
        occurrence=occurrence,
        row_id=entry.ident,
        number=plan.task_number(task),
        period=occurrence.label if occurrence is not None else "",
        group=plan.groups[task.group_index - 1].title,
        content=task.content,
        lead=office_names(plan, task.lead_keys),
        lead_keys=task.lead_keys,
        support=_support_text(plan, task),
        deadline=schedule.wording or task.deadline,
        start=occurrence.start if occurrence is not None else (span[0] if span else None),
        due=entry.due,
        record=record,
        status=tracking.status_as_of(record, today),
        progress=tracking.progress(entry, today),
        ongoing=entry.ongoing,
    )


def task_rows(plan: Plan, items: list[Entry] | list[Task] | tuple[Task, ...], today: date,
              scope: Scope | None = None) -> list[TaskRow]:
    """Return the follow-up rows of `items` (entries, or tasks: their entries in `scope`) on `today`."""
    chosen = [i for i in items if isinstance(i, Entry)]
    chosen += tracking.entries([i for i in items if isinstance(i, Task)], scope)
    return [task_row(plan, e, today) for e in chosen]


@dataclass(frozen=True)
class Filters:
    """Which entries to show: every field left empty selects all."""

    office: str = ""                  # a registry key: tasks it leads or supports
    quarter: int = 0                  # 1–4: entries whose days meet that quarter
    year: int = 0                     # the year shown (of `quarter` too); default: see `scope_of`
    overdue: bool = False             # only entries overdue on `today`
    statuses: tuple[str, ...] = ()    # statuses (on `today`) and/or progress keys


def default_year(plan: Plan, today: date) -> int | None:
    """Return the year a view shows by default: `today`'s when the plan covers it, else None."""
    return today.year if today.year in plan.years else None


def scope_of(plan: Plan, filters: Filters, today: date) -> Scope:
    """Return the days `filters` ask for: the quarter of `year`; else the year; else
    `today`'s year when the plan covers it; else the plan's whole period."""
    year = filters.year or default_year(plan, today)
    if filters.quarter:
        return tracking.quarter_scope(filters.quarter, year or plan.year_from)
    if year:
        return tracking.year_scope(year)
    return tracking.year_scope(plan.year_from, plan.years[-1])


def scope_words(plan: Plan, filters: Filters, today: date) -> str:
    """Return the days `filters` ask for in words: "quý 2/2026", "năm 2027", "giai đoạn 2026–2030"."""
    year = filters.year or default_year(plan, today)
    if filters.quarter:
        return f"quý {filters.quarter}/{year or plan.year_from}"
    if year:
        return f"năm {year}"
    return plan.period_words


def select(plan: Plan, filters: Filters, today: date) -> list[Entry]:
    """Return the entries of `plan` passing `filters` on `today`, in plan order."""
    tasks = [t for t in plan.tasks if not filters.office or tracking.involves(t, filters.office)]
    chosen = []
    for entry in tracking.entries(tasks, scope_of(plan, filters, today)):
        if filters.overdue or filters.statuses:
            progress = tracking.progress(entry, today)
            if filters.overdue and progress != "qua_han":
                continue
            status = tracking.status_as_of(entry.record, today)
            if filters.statuses and not ({status, progress} & set(filters.statuses)):
                continue
        chosen.append(entry)
    return chosen


def offices_involved(plan: Plan) -> list[str]:
    """Return the keys of the offices that lead or support at least one task and get their own
    list (not a generic group such as "Các cơ quan, đơn vị có liên quan"), registry order."""
    used = set()
    for task in plan.tasks:
        used.update(task.lead_keys)
        used.update(task.support_keys)
    return [key for key, agency in plan.registry.agencies.items() if key in used and agency.own_list]


# --- what a returned workbook says ---------------------------------------------------------

@dataclass(frozen=True)
class SheetRow:
    """What one row of a returned workbook says about an entry."""

    sheet: str
    row: int
    row_id: str          # the "Mã" cell: task id, with "@<occurrence key>" for a recurring task
    number: str
    period: str          # the "Kỳ" cell
    content: str         # the "Nội dung công việc" cell (for messages)
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
    """A returned workbook: its rows, the plan it was made from, and the values the plan had then."""

    rows: list[SheetRow]
    baseline: dict[str, dict[str, str]]   # row id → {trang_thai, ngay_hoan_thanh, ket_qua} as exported
    sheets_read: list[str]
    identity: dict[str, str]              # plan file, issuer, period, scope, fingerprint ({} when absent)


def identity(plan: Plan, scope_text: str, as_of: date) -> dict[str, str]:
    """Return what a workbook records about the plan it is made from."""
    name = plan.source.replace("\\", "/").rsplit("/", 1)[-1]
    return {"ke_hoach": name, "co_quan": plan.issuer.name, "giai_doan": plan.period,
            "pham_vi": scope_text, "dau_van_tay": plan.tasks_digest, "ngay": as_of.isoformat()}
