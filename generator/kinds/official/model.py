"""The parts of an official document that every kind issuing one shares (Nghị định 30/2020/NĐ-CP).

Plain immutable data: the issuing body, the Quyết định that issues a plan, and the
Kế hoạch document with its body of sections and blocks. Task plans and inspection plans
are both made of these; reports reuse the issuer and the signer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
class Item:
    """One item of a list ("1. …", "a) …", "- …", "+ …"), optionally holding blocks under it.

    An item with blocks reads as a small heading: "a) Mục tiêu" then its "- …" lines; a
    "- …" item may hold "+ …" items and the other way round, to any depth.
    """

    text: str
    children: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Numbered:
    """Numbered paragraphs ("1. …") sharing the counter of sibling headings."""

    items: tuple[Item, ...]


@dataclass(frozen=True)
class Points:
    """Lettered points a), b), …; `letters` overrides the document's letter scheme."""

    items: tuple[Item, ...]
    letters: str = ""


@dataclass(frozen=True)
class Bullets:
    """Paragraphs opened by a bullet mark: "-" or "+"."""

    mark: str
    items: tuple[Item, ...]


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
    notes: dict[str, str] = field(default_factory=dict)   # footnotes by key (chu_thich)


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
    notes: dict[str, str] = field(default_factory=dict)   # footnotes by key (chu_thich)

    def texts(self) -> list[str]:
        """Return every text of the body as written: opening, section titles and blocks, closing."""
        out = list(self.intro)
        for section in self.sections:
            out.append(section.title)
            out.extend(block_texts(section.children))
        if self.closing:
            out.append(self.closing)
        return out


def block_texts(blocks: tuple[Block, ...]) -> list[str]:
    """Return the texts of `blocks` and of everything under them, in reading order."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Heading):
            out += [block.title, *block_texts(block.children)]
        else:
            for item in block.items:
                out += [item.text, *block_texts(item.children)]
    return out


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
