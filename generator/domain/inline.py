"""Inline emphasis in plan text: *nghiêng*, **đậm**, ***đậm nghiêng***.

Only closed, non-blank pairs are markup; anything else (a lone "*", "2 * 3") stays literal.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_EMPHASIS = re.compile(r"(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*])\1(?!\*)")


class Span(NamedTuple):
    """A piece of text and how it is set (underline, strike: the marks of a comparison table)."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False


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


class Rich(tuple):
    """Text with emphasis, as document builders hand it to the renderer: a tuple of `Span`."""

    @classmethod
    def of(cls, text: str) -> Rich:
        """Return the rich form of plan text with inline markup."""
        return cls(parse(text))

    @classmethod
    def spans(cls, *spans: Span) -> Rich:
        """Return rich text made of the given spans."""
        return cls(s for s in spans if s.text)

    @property
    def text(self) -> str:
        """Return the plain text."""
        return "".join(s.text for s in self)
