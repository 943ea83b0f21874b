"""A unit's report on a đề cương: who reports, and every figure it prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.domain.vietnamese import slug
from generator.source.fields import DocDate, Signer

if TYPE_CHECKING:
    from generator.kinds.outline.model import Outline
    from generator.kinds.plan.model import Plan


@dataclass(frozen=True)
class Unit:
    """A reporting unit: a ward/commune People's Committee or a city department."""

    name: str
    lines: tuple[str, ...]
    supervisor: str
    place: str
    abbreviation: str
    signer: Signer

    @property
    def slug(self) -> str:
        """Return the folder name of its documents: "phuong-le-chan"."""
        return slug(self.name)


@dataclass(frozen=True)
class Report:
    """A report data file, checked, with every figure it prints."""

    source: str
    outline: Outline
    unit: Unit
    plan: Plan | None
    number: str
    date: DocDate
    period_from: dt.date | None
    period_to: dt.date | None
    summary: tuple[str, ...]
    values: dict[str, Any]                  # field id → value printed (typed or computed)
    computed: dict[str, str] = field(default_factory=dict)   # field id → how it was computed
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    recipients: tuple[str, ...] = ()
    archive: str = "VT"
    signer: Signer = Signer("", "", "")

    @property
    def missing(self) -> list[str]:
        """Return the ids of the fields still without a value."""
        return [fid for fid in self.outline.fields if fid not in self.values]
