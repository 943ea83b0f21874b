"""The task plan (kế hoạch CCHC): an issued plan with an office registry and tasks by lĩnh vực."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from generator.domain.agencies import Registry
from generator.domain.tasks import Task, TaskGroup
from generator.errors import Problem
from generator.kinds.official.model import IssuedPlan


@dataclass(frozen=True)
class AnnexSpec:
    """How the task annex table is titled."""

    title: tuple[str, ...]
    attached_line: str
    columns: dict[str, str]


@dataclass(frozen=True)
class TaskLayout:
    """How the Kế hoạch prints its tasks: numbered items in the body, or an annex table."""

    style: str                      # "muc" | "phu_luc"
    labels: dict[str, str]          # the lines of a task item: chủ trì, phối hợp, sản phẩm, thời gian
    annex: AnnexSpec | None = None

    @property
    def in_annex(self) -> bool:
        """Return True when the tasks are printed as the annex table."""
        return self.style == "phu_luc"


@dataclass(frozen=True)
class Plan(IssuedPlan):
    """A whole task plan file."""

    registry: Registry = field(default_factory=lambda: Registry([]))
    layout: TaskLayout = TaskLayout("muc", {})
    groups: tuple[TaskGroup, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def tasks(self) -> tuple[Task, ...]:
        """Return every task in plan order."""
        return tuple(t for g in self.groups for t in g.tasks)

    def task_number(self, task: Task) -> str:
        """Return the number the plan prints for `task`: "1.1" in the body, the TT in an annex."""
        return str(task.seq) if self.layout.in_annex else task.code

    @property
    def years(self) -> range:
        """Return the years of the plan's period."""
        return range(self.year_from, max(self.year_from, self.year_to) + 1)

    @property
    def period_words(self) -> str:
        """Return the plan's period in words: "năm 2026", "giai đoạn 2026–2030"."""
        if self.year_from >= self.year_to:
            return f"năm {self.year_from}"
        return f"giai đoạn {self.year_from}–{self.year_to}"

    @property
    def tasks_digest(self) -> str:
        """Return a digest of the task list (numbers, ids, deadlines, in order): it changes when
        a task is added, removed, moved or rescheduled, not when a status changes."""
        cached = self.__dict__.get("_fingerprint")
        if cached is None:
            text = "\n".join(f"{self.task_number(t)}\t{t.ident}\t{t.deadline}" for t in self.tasks)
            cached = hashlib.sha256(text.encode()).hexdigest()[:16]
            object.__setattr__(self, "_fingerprint", cached)
        return cached
