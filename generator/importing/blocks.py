"""The document as an importer reads it, whatever its format: paragraphs (text with emphasis,
the number Word draws in front, where it came from) and tables of cells."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from generator.domain.inline import Span


# --- the document model -----------------------------------------------------------------

@dataclass
class Para:
    """A paragraph: its spans (emphasis kept), its auto-number label and its origin."""

    spans: tuple[Span, ...]
    label: str = ""
    where: str = ""
    in_table: bool = False

    @property
    def text(self) -> str:
        """Return the text without the auto-number label, soft breaks as spaces."""
        return re.sub(r"\s+", " ", "".join(s.text for s in self.spans)).strip()

    @property
    def full(self) -> str:
        """Return the text as a reader sees it, auto-number label included."""
        return f"{self.label} {self.text}".strip() if self.label else self.text

    @property
    def lines(self) -> list[str]:
        """Return the lines of the paragraph (soft line breaks kept), label on the first."""
        raw = "".join(s.text for s in self.spans)
        lines = [re.sub(r"\s+", " ", line).strip() for line in raw.split("\n")]
        lines = [line for line in lines if line]
        if self.label and lines:
            lines[0] = f"{self.label} {lines[0]}"
        return lines

    @property
    def all_bold(self) -> bool:
        """Return True when every visible character is bold."""
        visible = [s for s in self.spans if s.text.strip()]
        return bool(visible) and all(s.bold for s in visible)

    def markup(self, skip: int = 0) -> str:
        """Return the text after its first `skip` characters (label counted) with emphasis markup.

        Emphasis is written as in plan files: *nghiêng*, **đậm**, ***đậm nghiêng***.
        """
        spans: list[Span] = []
        if self.label:
            spans.append(Span(self.label + " "))
        spans.extend(Span(s.text.replace("\n", " "), s.bold, s.italic) for s in self.spans)
        return spans_markup(_cut(collapse_spans(spans), skip))


@dataclass
class Cell:
    """A table cell: its paragraphs, how many grid columns it spans, and whether it is
    the continuation of a vertical merge (then it holds the paragraphs of the cell above)."""

    paras: list[Para]
    span: int = 1
    continued: bool = False

    @property
    def text(self) -> str:
        """Return the cell text, paragraphs joined by a space."""
        return " ".join(p.full for p in self.paras if p.full)


@dataclass
class Table:
    """A table as rows of cells."""

    rows: list[list[Cell]]
    where: str = ""


Block = Para | Table


@dataclass
class Document:
    """What a reader found in one file."""

    path: str
    kind: str
    blocks: list[Block]
    notes: list[str] = field(default_factory=list)


# --- spans -------------------------------------------------------------------------------

def collapse_spans(spans: list[Span]) -> list[Span]:
    """Return spans with whitespace runs collapsed, outer space stripped, equal neighbours merged."""
    out: list[Span] = []
    prev_space = True
    for s in spans:
        text = re.sub(r"\s+", " ", s.text)
        if prev_space:
            text = text.lstrip(" ")
        if not text:
            continue
        prev_space = text.endswith(" ")
        if out and (out[-1].bold, out[-1].italic) == (s.bold, s.italic):
            out[-1] = Span(out[-1].text + text, s.bold, s.italic)
        else:
            out.append(Span(text, s.bold, s.italic))
    while out and out[-1].text.endswith(" "):
        last = out.pop()
        if last.text.rstrip():
            out.append(Span(last.text.rstrip(), last.bold, last.italic))
            break
    return out


def _cut(spans: list[Span], skip: int) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if skip >= len(s.text):
            skip -= len(s.text)
            continue
        out.append(Span(s.text[skip:], s.bold, s.italic))
        skip = 0
    if out:
        out[0] = Span(out[0].text.lstrip(), out[0].bold, out[0].italic)
    return [s for s in out if s.text]


def spans_markup(spans: list[Span]) -> str:
    """Return spans as plan text with emphasis markers, whitespace kept outside markers."""
    visible = [s for s in spans if s.text.strip()]
    if visible and all(s.bold == visible[0].bold and s.italic == visible[0].italic for s in visible) \
            and visible[0].bold and not visible[0].italic:
        # A wholly bold paragraph is a heading's look, not emphasis inside a sentence.
        return "".join(s.text for s in spans).strip()
    out = []
    for s in spans:
        marks = "***" if s.bold and s.italic else "**" if s.bold else "*" if s.italic else ""
        core = s.text.strip()
        if not marks or not core:
            out.append(s.text)
            continue
        lead = s.text[: len(s.text) - len(s.text.lstrip())]
        tail = s.text[len(s.text.rstrip()):]
        out.append(f"{lead}{marks}{core}{marks}{tail}")
    return "".join(out).strip()


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufffe\uffff]")
PRIVATE_BULLETS = {"\uf0b7": "•", "\uf02d": "-", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•",
                    "\uf0fc": "•", "\uf0a8": "•", "\uf0e0": "•", "\uf0be": "-"}


def clean(text: str) -> str:
    """Return `text` in NFC without control, zero-width or private-use characters."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(PRIVATE_BULLETS.get(ch, "" if "\ue000" <= ch <= "\uf8ff" else ch) for ch in text)
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return _CONTROL.sub("", text)


def plain_para(text: str, where: str, *, in_table: bool = False) -> Para:
    """Return a paragraph of plain text."""
    return Para(tuple(collapse_spans([Span(clean(text))])), "", where, in_table)
