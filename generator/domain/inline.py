"""Inline markup in plan text: *nghiêng*, **đậm**, ***đậm nghiêng***, and footnote markers [^khoa].

Only closed, non-blank pairs are markup; anything else (a lone "*", "2 * 3") stays literal.
A footnote marker ``[^par]`` is markup only where the document declares the note ``par``
(``chu_thich: {par: "…"}``); elsewhere it prints as written.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_EMPHASIS = re.compile(r"(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*])\1(?!\*)")
NOTE_MARK = re.compile(r"\[\^([A-Za-z0-9_-]+)\]")
"""A footnote marker: ``[^key]``, the key ASCII letters, digits, "_" or "-"."""


class Span(NamedTuple):
    """A piece of text and how it is set: emphasis, underline and strike (the marks of a comparison
    table); a footnote reference when `note` holds the note's text."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    note: str = ""


def parse(text: str) -> list[Span]:
    """Return the spans of `text` with emphasis markers removed."""
    spans: list[Span] = []
    pos = 0
    for m in _EMPHASIS.finditer(text):
        if m.start() > pos:
            spans.append(Span(text[pos:m.start()]))
        stars = len(m.group(1))
        spans.append(Span(m.group(2), bold=stars >= 2, italic=stars in (1, 3)))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(text[pos:]))
    return spans


def plain(text: str) -> str:
    """Return `text` without emphasis markers."""
    return "".join(s.text for s in parse(text))


def with_notes(spans: list[Span], notes: dict[str, str]) -> list[Span]:
    """Return `spans` with each marker of a note in `notes` turned into a footnote reference span."""
    if not notes:
        return spans
    out: list[Span] = []
    for span in spans:
        pos = 0
        for m in NOTE_MARK.finditer(span.text):
            if m.group(1) not in notes:
                continue
            if m.start() > pos:
                out.append(span._replace(text=span.text[pos:m.start()]))
            out.append(Span("", note=notes[m.group(1)]))
            pos = m.end()
        if pos < len(span.text):
            out.append(span._replace(text=span.text[pos:]))
    return out


def note_keys(text: str) -> list[str]:
    """Return the keys of the footnote markers written in `text`, in order."""
    return NOTE_MARK.findall(text)


class Rich(tuple):
    """Text with emphasis and footnotes, as document builders hand it to the renderer: a tuple of `Span`."""

    @classmethod
    def of(cls, text: str, notes: dict[str, str] | None = None) -> Rich:
        """Return the rich form of plan text with inline markup; markers of `notes` become footnotes."""
        return cls(with_notes(parse(text), notes or {}))

    @classmethod
    def spans(cls, *spans: Span) -> Rich:
        """Return rich text made of the given spans."""
        return cls(s for s in spans if s.text or s.note)

    @property
    def text(self) -> str:
        """Return the plain text."""
        return "".join(s.text for s in self)
