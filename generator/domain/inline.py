"""Inline markup in plan text: *nghiêng*, **đậm**, ***đậm nghiêng***, and footnote markers [^khoa].

Only closed, non-blank pairs are markup; anything else (a lone "*", "2 * 3") stays literal.
A footnote marker ``[^par]`` is markup only where the document declares the note ``par``
(``chu_thich: {par: "…"}``); elsewhere it prints as written.

The emphasis rule, read left to right: a run of stars followed by a non-blank character opens with
its last 1–3 stars (three first); it closes at the first later run of exactly as many
stars that follows a non-blank character, on the same line. An opener without such a
closer tries one star fewer, then is literal text. The scan takes time linear in the text
(a regular expression for the rule backtracks quadratically on "*a *a *a …").
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

NOTE_MARK = re.compile(r"\[\^([A-Za-z0-9_-]+)\]")
"""A footnote marker: ``[^key]``, the key ASCII letters, digits, "_" or "-"."""
_STARS = re.compile(r"\*+")
_LINE_BREAK = re.compile("\n")  # what "." does not match


class Span(NamedTuple):
    """A piece of text and how it is set: emphasis, underline and strike (the marks of a comparison
    table); a footnote reference when `note` holds the note's text."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    note: str = ""


def _pairs(text: str) -> list[tuple[int, int, int, int]]:
    """Return (start, content start, content end, end) of every emphasis pair of `text`, in order."""
    runs = [(m.start(), m.end()) for m in _STARS.finditer(text)]
    # closers[k]: starts of the runs of exactly k stars that follow a non-blank character
    closers: dict[int, list[int]] = {1: [], 2: [], 3: []}
    for start, end in runs:
        if end - start <= 3 and start > 0 and not text[start - 1].isspace():
            closers[end - start].append(start)
    breaks = [m.start() for m in _LINE_BREAK.finditer(text)] + [len(text)]
    pairs = []
    pos = 0
    for start, end in runs:
        if start < pos or end >= len(text) or text[end].isspace():
            continue  # inside the previous pair, or not followed by a non-blank character
        line_end = breaks[bisect.bisect_left(breaks, end)]
        for k in range(min(3, end - start), 0, -1):
            starts = closers[k]
            i = bisect.bisect_left(starts, end + 1)
            if i < len(starts) and starts[i] < line_end:
                close = starts[i]
                pairs.append((end - k, end, close, close + k))
                pos = close + k
                break
    return pairs


def parse(text: str) -> list[Span]:
    """Return the spans of `text` with emphasis markers removed."""
    if "*" not in text:
        return [Span(text)] if text else []
    spans: list[Span] = []
    pos = 0
    for start, inner, inner_end, end in _pairs(text):
        if start > pos:
            spans.append(Span(text[pos:start]))
        stars = inner - start
        spans.append(Span(text[inner:inner_end], bold=stars >= 2, italic=stars in (1, 3)))
        pos = end
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
