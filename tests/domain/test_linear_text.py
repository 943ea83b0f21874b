"""Text from plans goes through emphasis parsing and office matching in linear time, with
the results the former regular expressions gave (they backtracked quadratically on
"*a *a *a …" and on long runs of blanks)."""

from __future__ import annotations

import re
import time
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.domain import agencies
from generator.domain.inline import Span, parse, plain

# The rule as the project first wrote it, kept here as the reference on short texts.
_EMPHASIS = re.compile(r"(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*])\1(?!\*)")


def reference_parse(text: str) -> list[Span]:
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


def reference_match_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if ch not in agencies._TONE_MARKS)
    text = unicodedata.normalize("NFC", stripped)
    text = re.sub(r"\s*[-‐‑‒–—]\s*", "-", text)
    text = re.sub(r"\s*&\s*", "&", text)
    return re.sub(r"\s+", " ", text).strip(" .;,")


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["*", "**", "***", "a", "b", " ", "\n", "\t", "é", "****"]), max_size=30).map("".join))
def test_emphasis_reads_as_the_reference_rule(text):
    assert parse(text) == reference_parse(text)


def test_emphasis_examples():
    assert parse("*nghiêng* và **đậm**, ***cả hai***") == [
        Span("nghiêng", italic=True), Span(" và "), Span("đậm", bold=True), Span(", "),
        Span("cả hai", bold=True, italic=True)]
    assert plain("2 * 3 * 4 = 24, *a* b") == "2 * 3 * 4 = 24, a b"
    assert parse("****a*") == [Span("***"), Span("a", italic=True)]


def seconds(f, text: str) -> float:
    start = time.perf_counter()
    f(text)
    return time.perf_counter() - start


def test_emphasis_takes_linear_time():
    # "*a " repeated: every star opens and none closes (the old rule: 36 s for 122 KB)
    small, large = "*a " * 10_000, "*a " * 100_000
    assert seconds(parse, large) < 2
    assert seconds(parse, large) < 30 * max(seconds(parse, small), 0.002)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", "\u00a0", "-", "–", "&", "a", "Ó", ".", ";", "\n", "hoá"]),
                max_size=20).map("".join))
def test_office_names_compare_as_the_reference_rule(text):
    assert agencies.match_key.__wrapped__(text) == reference_match_key(text)


def test_office_matching_takes_linear_time_on_blanks():
    text = " " * 200_000 + "x"
    assert seconds(agencies.match_key.__wrapped__, text) < 1
