"""Tasks (nhiệm vụ) of a plan and the vocabulary of their status.

A task's deadline wordings are parsed once, when the plan is read: `Task.due` and
`SubTask.due` hold each wording's structure, `Task.schedule` the dates tracking uses
(a task split into parts without dates of its own runs from its first part's start to
its last part's due date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.domain.agencies import AgencyRef
from generator.domain.deadlines import Deadline

# Declared statuses: what a user writes in `trang_thai`.
STATUS_LABELS = {
    "chua_thuc_hien": "Chưa thực hiện",
    "dang_thuc_hien": "Đang thực hiện",
    "hoan_thanh": "Hoàn thành",
}
TASK_STATUSES = tuple(STATUS_LABELS)

# Where a task stands on a day, derived from its status, completion date and due date.
PROGRESS_LABELS = {
    "hoan_thanh_dung_han": "Hoàn thành đúng hạn",
    "hoan_thanh_qua_han": "Hoàn thành quá hạn",
    "qua_han": "Quá hạn",
    "dang_trong_han": "Đang trong hạn",
    "khong_xac_dinh": "Chưa xác định hạn",
}
PROGRESS_KEYS = tuple(PROGRESS_LABELS)


@dataclass(frozen=True)
class SubTask:
    """Part of a task carried out at one level (a sub-row of the annex table)."""

    content: str
    lead: AgencyRef
    support: AgencyRef | None
    products: tuple[str, ...]
    deadline: str
    due: Deadline | None = None


@dataclass(frozen=True)
class Task:
    """One nhiệm vụ of the plan."""

    group_index: int          # 1-based lĩnh vực number
    index: int                # 1-based number inside its group
    seq: int                  # 1-based number across the plan (annex TT)
    content: str
    lead: AgencyRef | None
    support: AgencyRef | None
    products: tuple[str, ...]
    products_as_list: bool
    deadline: str
    due: Deadline | None = None
    schedule: Deadline | None = None
    lead_label: str = ""
    support_label: str = ""
    stable_id: str = ""
    status: str = ""
    completed_on: date | None = None
    result: str = ""
    parts: tuple[SubTask, ...] = ()
    line: int | None = None
    details: tuple[str, ...] = ()   # lines under the content ("- …"), in the same annex cell
    numbered: bool = True           # False: an annex row without a number, continuing its group

    @property
    def code(self) -> str:
        """Return the number the body uses, e.g. "1.1"."""
        return f"{self.group_index}.{self.index}"

    @property
    def lead_keys(self) -> tuple[str, ...]:
        """Return the keys of every lead office, parts included."""
        keys = list(self.lead.keys if self.lead else ())
        for part in self.parts:
            keys.extend(k for k in part.lead.keys if k not in keys)
        return tuple(keys)

    @property
    def support_keys(self) -> tuple[str, ...]:
        """Return the keys of every supporting office, parts included."""
        keys = list(self.support.keys if self.support else ())
        for part in self.parts:
            if part.support:
                keys.extend(k for k in part.support.keys if k not in keys)
        return tuple(keys)

    @property
    def declared_status(self) -> str:
        """Return the status as written, "hoan_thanh" when only a completion date is given."""
        if self.status:
            return self.status
        return "hoan_thanh" if self.completed_on else "chua_thuc_hien"


@dataclass(frozen=True)
class TaskGroup:
    """A lĩnh vực and its tasks."""

    index: int
    title: str
    tasks: tuple[Task, ...]


def combined_schedule(own: Deadline | None, parts: tuple[SubTask, ...]) -> Deadline | None:
    """Return the deadline tracking uses for a task whose own deadline is `own`.

    The task's own deadline wins when it has a due date. A task split into parts whose own
    wording is empty or undated takes its dates from its parts: the earliest start and the
    latest due date.
    """
    if (own is not None and own.due is not None) or not parts:
        return own
    dated = [p.due for p in parts if p.due is not None and p.due.due is not None]
    if not dated:
        return own
    starts = [d.start or d.due for d in dated]
    return Deadline(
        wording=(own.wording if own is not None
                 else "; ".join(dict.fromkeys(p.deadline for p in parts if p.deadline))),
        start=min(s for s in starts if s is not None),
        due=max(d.due for d in dated if d.due is not None),
        recurring=None,
        per_guidance=any(d.per_guidance for d in dated) or (own is not None and own.per_guidance),
        per_plan=any(d.per_plan for d in dated) or (own is not None and own.per_plan),
        note=None,
    )
