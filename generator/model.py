"""The domain model of a plan: issuer, offices, documents, sections and tasks.

Plain immutable data built by `generator.plans` from a validated YAML file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from generator.agencies import AgencyRef, Registry
from generator.deadlines import Deadline
from generator.errors import Problem


@dataclass(frozen=True)
class DocDate:
    """The issue date of a document; parts not yet known print as blanks."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def as_date(self) -> date | None:
        """Return the full date, or None while a part is unknown."""
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day)
        return None


@dataclass(frozen=True)
class Signer:
    """Who signs: quyền hạn (TM., KT. …), chức vụ and họ tên."""

    authority: str
    title: str
    name: str


@dataclass(frozen=True)
class Issuer:
    """The issuing body (cơ quan ban hành) and its supervising body, if any."""

    name: str
    place: str
    abbreviation: str
    name_lines: tuple[str, ...]
    supervisor: str = ""


# --- body blocks ------------------------------------------------------------------------

@dataclass(frozen=True)
class Paragraph:
    """A body paragraph."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A numbered sub-heading ("1. Mục đích") with its content."""

    title: str
    children: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Numbered:
    """Numbered paragraphs ("1. …") sharing the counter of sibling headings."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Point:
    """A lettered point "a) …", optionally with content under it."""

    text: str
    children: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Points:
    """Lettered points a), b), …; `letters` overrides the document's letter scheme."""

    items: tuple[Point, ...]
    letters: str = ""


@dataclass(frozen=True)
class Bullets:
    """Paragraphs opened by a bullet mark: "-" or "+"."""

    mark: str
    items: tuple[str, ...]


Block = Paragraph | Heading | Numbered | Points | Bullets


@dataclass(frozen=True)
class Section:
    """A top-level section (I., II., …) of the Kế hoạch."""

    title: str
    children: tuple[Block, ...] = ()
    holds_tasks: bool = False


# --- tasks -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SubTask:
    """Part of a task carried out at one level (a sub-row of the annex table)."""

    content: str
    lead: AgencyRef
    support: AgencyRef | None
    products: tuple[str, ...]
    deadline: str


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
    lead_label: str = ""
    support_label: str = ""
    stable_id: str = ""
    status: str = ""
    completed_on: date | None = None
    result: str = ""
    parts: tuple[SubTask, ...] = ()
    line: int | None = None

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


@dataclass(frozen=True)
class TaskGroup:
    """A lĩnh vực and its tasks."""

    index: int
    title: str
    tasks: tuple[Task, ...]


# --- documents ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Decision:
    """The Quyết định that issues the plan."""

    number: str
    date: DocDate
    summary: tuple[str, ...]
    authority: str
    grounds: tuple[str, ...]
    proposal: str
    articles: tuple[str, ...]
    recipients: tuple[str, ...]
    archive: str
    signer: Signer


@dataclass(frozen=True)
class AnnexSpec:
    """How the task annex table is titled."""

    title: tuple[str, ...]
    attached_line: str
    columns: dict[str, str]


@dataclass(frozen=True)
class PlanDocument:
    """The Kế hoạch document itself."""

    summary: tuple[str, ...]
    attached_prefix: str
    attached_by: str
    attached_numeric_date: bool
    task_style: str                 # "muc" | "phu_luc"
    letters: str                    # "viet" | "latinh"
    labels: dict[str, str]
    intro: tuple[str, ...]
    sections: tuple[Section, ...]
    closing: str
    annex: AnnexSpec | None
    number: str = ""
    date: DocDate = DocDate()
    recipients: tuple[str, ...] = ()
    archive: str = "VT"
    signer: Signer | None = None


@dataclass(frozen=True)
class Plan:
    """A whole plan file."""

    source: str
    year_from: int
    year_to: int
    issuer: Issuer
    registry: Registry
    decision: Decision | None
    document: PlanDocument
    groups: tuple[TaskGroup, ...] = field(default_factory=tuple)
    warnings: tuple[Problem, ...] = ()

    @property
    def tasks(self) -> tuple[Task, ...]:
        """Return every task in plan order."""
        return tuple(t for g in self.groups for t in g.tasks)

    @property
    def period(self) -> str:
        """Return "2026" or "2026-2030"."""
        if self.year_from == self.year_to:
            return str(self.year_from)
        return f"{self.year_from}-{self.year_to}"
