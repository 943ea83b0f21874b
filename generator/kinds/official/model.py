"""The parts of an official document that every kind issuing one shares (Nghị định 30/2020/NĐ-CP).

Plain immutable data: the issuing body, the Quyết định that issues a plan, and the
Kế hoạch document with its body of sections and blocks. Task plans and inspection plans
are both made of these; reports reuse the issuer and the signer.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.source.fields import DocDate, Signer


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
    """A top-level section (I., II., …) of the Kế hoạch; `holds_tasks` marks the place of a task list."""

    title: str
    children: tuple[Block, ...] = ()
    holds_tasks: bool = False


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
class PlanDocument:
    """The Kế hoạch document: its title block, body and, when issued on its own, number and signature."""

    summary: tuple[str, ...]
    attached_prefix: str
    attached_by: str
    attached_numeric_date: bool
    letters: str                    # "viet" | "latinh" | "latinh_khong_d"
    intro: tuple[str, ...]
    sections: tuple[Section, ...]
    closing: str
    number: str = ""
    date: DocDate = DocDate()
    recipients: tuple[str, ...] = ()
    archive: str = "VT"
    signer: Signer | None = None


@dataclass(frozen=True)
class IssuedPlan:
    """What every plan kind has: its years, issuer, Quyết định (if any) and Kế hoạch document."""

    source: str
    year_from: int
    year_to: int
    issuer: Issuer
    decision: Decision | None
    document: PlanDocument

    @property
    def period(self) -> str:
        """Return "2026" or "2026-2030"."""
        if self.year_from == self.year_to:
            return str(self.year_from)
        return f"{self.year_from}-{self.year_to}"
