"""The task plan (kế hoạch CCHC): an issued plan with an office registry and tasks by lĩnh vực."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from generator.domain.agencies import Registry
from generator.domain.tasks import Task, TaskGroup
from generator.domain.vietnamese import letter, roman
from generator.errors import Problem
from generator.kinds.official.model import IssuedPlan


@dataclass(frozen=True)
class AnnexSpec:
    """How the task annex is labelled, titled, numbered and referred to."""

    title: tuple[str, ...]
    attached_line: str | None       # the whole "(Kèm theo …)" line; "" prints none; None: composed
    columns: dict[str, str]
    label: str = "Phụ lục"
    attached_prefix: str = ""       # composed line: "Kèm theo Quyết định số" (default by the plan's shape)
    attached_by: str = ""           # … "của <by>" (default: the plan's issuer)
    attached_numeric_date: bool | None = None
    numbering: str = "lien_tuc"     # "lien_tuc": 1 … n across groups; "theo_nhom": each group from 1
    group_rows: str = "gop"         # "gop": "I. Title" across the row; "tach": numeral in TT, title beside it
    part_mark: bool = True          # sub-rows start with "- "
    pointer: str = ""               # the sentence of the body sending the reader to the annex

    @property
    def label_in_text(self) -> str:
        """Return the label as running text names it: "PHỤ LỤC I" → "Phụ lục I"."""
        words = self.label.split()
        if not words or not self.label.isupper():
            return self.label
        rest = [w if _numeral(w) else w.lower() for w in words[1:]]
        return " ".join([words[0][:1] + words[0][1:].lower(), *rest])


def _numeral(word: str) -> bool:
    return set(word) <= set("IVXLCDM0123456789.")


@dataclass(frozen=True)
class TaskLayout:
    """How the Kế hoạch prints its tasks: numbered items in the body, or an annex table."""

    style: str                      # "muc" | "phu_luc" | "phu_luc_rieng" (the annex is another document)
    labels: dict[str, str]          # the lines of a task item: chủ trì, phối hợp, sản phẩm, thời gian
    annex: AnnexSpec | None = None

    @property
    def in_annex(self) -> bool:
        """Return True when the tasks are listed in an annex (this document's, or another one)."""
        return self.style in ("phu_luc", "phu_luc_rieng")

    @property
    def annex_here(self) -> bool:
        """Return True when this Kế hoạch prints the annex table."""
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
        """Return how the plan numbers `task`: "1.1" in the body, its TT in an annex.

        Numbers restarting in each group read "II.3"; a row printed without a number is
        referred to by the number before it and a letter ("3a"), so every task has its own.
        """
        if not self.layout.in_annex:
            return task.code
        return self._annex_numbers[task.seq][1]

    def annex_tt(self, task: Task) -> str:
        """Return what the annex prints in the TT column of `task` ("" for a row without a number)."""
        return self._annex_numbers[task.seq][0]

    @cached_property
    def _annex_numbers(self) -> dict[int, tuple[str, str]]:
        """Return, by task seq, the TT printed in the annex and the task's unique reference."""
        spec = self.layout.annex
        by_group = spec is not None and spec.numbering == "theo_nhom"
        out: dict[int, tuple[str, str]] = {}
        counter = 0
        for group in self.groups:
            if by_group:
                counter = 0
            extra = 0
            for task in group.tasks:
                if task.numbered:
                    counter += 1
                    extra = 0
                    printed, ref = str(counter), str(counter)
                else:
                    extra += 1
                    printed, ref = "", f"{counter}{letter(extra - 1, 'latinh_khong_d')}"
                out[task.seq] = (printed, f"{roman(group.index)}.{ref}" if by_group else ref)
        return out

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
