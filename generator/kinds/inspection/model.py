"""The inspection plan: an issued plan with no task list, and two annexes."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import Problem
from generator.kinds.official.model import IssuedPlan
from generator.kinds.outline.model import Outline


@dataclass(frozen=True)
class UnitGroup:
    """A group of Phụ lục II: its title and the units in it."""

    title: str
    units: tuple[str, ...]


@dataclass(frozen=True)
class InspectionPlan:
    """A whole inspection plan file."""

    issued: IssuedPlan              # issuer, Quyết định and Kế hoạch body (no tasks)
    outline: Outline                # Phụ lục I
    units_title: tuple[str, ...]    # Phụ lục II
    unit_groups: tuple[UnitGroup, ...]
    warnings: tuple[Problem, ...] = ()

    @property
    def source(self) -> str:
        """Return the path of the plan file."""
        return self.issued.source

    @property
    def units(self) -> tuple[str, ...]:
        """Return every unit of Phụ lục II in order."""
        return tuple(u for g in self.unit_groups for u in g.units)
