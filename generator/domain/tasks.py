"""Tasks (nhiệm vụ) of a plan and the vocabulary of their status.

A task's deadline wordings are parsed once, when the plan is read: `Task.due` and
`SubTask.due` hold each wording's structure, `Task.schedule` the occurrences tracking
uses (`generator.domain.schedule`; a task split into parts without dates of its own runs
from its first part's start to its last part's due date). What the plan says about each
occurrence (status, completion date, result) is a `Record`: the task's own fields for a
one-off task, its `ky` entries for a recurring one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from generator.domain.agencies import AgencyRef
from generator.domain.deadlines import Deadline
from generator.domain.schedule import NONE, Schedule

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
    "thuong_xuyen": "Thực hiện thường xuyên",
}
PROGRESS_KEYS = tuple(PROGRESS_LABELS)


@dataclass(frozen=True)
class Record:
    """What the plan says about one occurrence of a task: status, completion date, result."""

    status: str = ""                  # as written: "" | one of TASK_STATUSES
    completed_on: date | None = None
    result: str = ""

    @property
    def declared(self) -> str:
        """Return the status as written, "hoan_thanh" when only a completion date is given."""
        if self.status:
            return self.status
        return "hoan_thanh" if self.completed_on else "chua_thuc_hien"

    @property
    def empty(self) -> bool:
        """Return True when nothing is written."""
        return not (self.status or self.completed_on or self.result)


EMPTY = Record()


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
    schedule: Schedule = NONE
    lead_label: str = ""
    support_label: str = ""
    stable_id: str = ""       # the `ma` written in the plan ("" when none)
    ident: str = ""           # the id workbooks and calendars use: `ma`, else `digest`
    digest: str = ""          # "#" + a digest of the content, unique in the plan
    status: str = ""
    completed_on: date | None = None
    result: str = ""
    parts: tuple[SubTask, ...] = ()
    line: int | None = None
    records: tuple[tuple[str, Record], ...] = ()   # occurrence key → what the plan says about it
    written_periods: tuple[str, ...] = ()          # the occurrence keys written under `ky`
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
    def own_record(self) -> Record:
        """Return the status fields written on the task itself (not under `ky`)."""
        return Record(self.status, self.completed_on, self.result)

    @property
    def recurs(self) -> bool:
        """Return True when the task is a series of more than one occurrence (statuses go under `ky`)."""
        return self.schedule.kind == "series" and len(self.schedule.occurrences) > 1

    @cached_property
    def _records(self) -> dict[str, Record]:
        return dict(self.records)

    def record(self, key: str) -> Record:
        """Return what the plan says about occurrence `key` ("" for a task due once or never)."""
        return self._records.get(key, EMPTY)


@dataclass(frozen=True)
class TaskGroup:
    """A lĩnh vực and its tasks."""

    index: int
    title: str
    tasks: tuple[Task, ...]
