"""Property tests on broken bytes: whatever a file holds, reading it either gives a plan
or raises InputError with located Vietnamese problems — never another exception.

Inputs are the corpus files (tests/bad_inputs/) mutated at random: bytes flipped,
inserted, deleted, lines duplicated or swapped, YAML punctuation sprinkled in.
tools/fuzz.py runs the same properties for longer.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.kinds.plan.documents import documents
from generator.render.docx import render_document
from generator.domain.deadlines import DeadlineError, parse_deadline
from generator.domain.schedule import TooManyOccurrences, build_schedule
from generator.errors import InputError
from generator.source.yaml_source import load_bytes
from generator.kinds import read as plan_from_source
from helpers import CORPUS  # noqa: E402

SEEDS = sorted(p.read_bytes() for p in CORPUS.glob("*.yaml") if p.stat().st_size < 100_000)
TOKENS = [b":", b"- ", b"\t", b"  ", b"\n", b'"', b"'", b"{", b"}", b"[", b"]", b"&a ", b"*a", b"<<: ",
          b"!!python/object ", b"!x ", b"%", b"---\n", b"#", b"|", b">", b"\\", b"\xc3", b"\xef\xbb\xbf",
          b"\x00", b"\xe2\x80\xae", "ữ".encode(), "\u0301".encode(), b"~", b"null", b"2026-02-30", b"0x1F"]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "token", "dup_line", "swap_lines", "cut"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 16))]
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif kind == "cut":
            del data[at:]
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "dup_line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


ACCEPTED = sorted((CORPUS / name).read_bytes() for name in (
    "_hop-le.yaml", "bom-utf8.yaml", "xuong-dong-crlf.yaml", "chu-to-hop-nfd.yaml", "ky-tu-do-rong-0.yaml",
    "neo-hop-le.yaml", "van-ban-la-du-lieu.yaml"))
INSIDE = st.one_of(st.text(max_size=12), st.sampled_from(TOKENS).map(lambda b: b.decode("utf-8", "replace")))


@st.composite
def mildly_mutated(draw) -> bytes:
    """A valid plan with text inserted inside its double-quoted values (mostly still valid)."""
    lines = draw(st.sampled_from(ACCEPTED)).split(b"\n")
    quoted = [i for i, line in enumerate(lines) if line.count(b'"') == 2]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.sampled_from(quoted))
        start = lines[i].index(b'"') + 1
        end = lines[i].rindex(b'"')
        at = draw(st.integers(start, end))
        piece = draw(INSIDE).replace("\\", "/").replace('"', "'").encode("utf-8", "surrogatepass")
        lines[i] = lines[i][:at] + piece + lines[i][at:]
    return b"\n".join(lines)


def check_bytes(data: bytes, *, render: bool = False) -> str:
    """The property; return "plan" or "refused" for statistics."""
    try:
        plan = plan_from_source(load_bytes(data, "mo-phong.yaml"))
    except InputError as exc:
        assert exc.problems, "an InputError names at least one problem"
        for problem in exc.problems:
            assert problem.file == "mo-phong.yaml"
            assert problem.message and "Traceback" not in problem.message
            assert problem.line is None or problem.line >= 1
        return "refused"
    if render:
        for document in documents(plan):
            render_document(document)
    return "plan"


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_files_are_read_or_refused_cleanly(data):
    event(check_bytes(data))


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mildly_mutated())
def test_mutated_plans_that_load_also_render(data):
    event(check_bytes(data, render=True))


@settings(max_examples=300, deadline=None, database=None)
@given(st.binary(max_size=2000))
def test_random_bytes_are_refused_cleanly(data):
    check_bytes(data)


def check_deadline(wording: str, year: int | None) -> None:
    try:
        parsed = parse_deadline(wording, year)
    except DeadlineError as exc:
        assert str(exc)
        return
    if parsed is not None and parsed.start and parsed.due:
        assert isinstance(parsed.due, dt.date) and parsed.start <= parsed.due
    try:
        schedule = build_schedule(parsed)
    except TooManyOccurrences:
        return
    for occurrence in schedule.occurrences:
        assert occurrence.first_day <= occurrence.due


DEADLINE_WORDS = st.sampled_from(["Quý", "Tháng", "năm", "ngày", "trước", "từ", "đến", "hằng", "I", "II", "IV", "V",
                                  "/", "-", "–", ",", "và", "(thực hiện theo hướng dẫn)", "định kỳ", "6 tháng",
                                  "31/02/2026", "29/02/2028", "2026", "13", "0", "99999999999999999999"])


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.one_of(DEADLINE_WORDS, st.integers(0, 40000).map(str), st.text(max_size=5)), max_size=8)
       .map(" ".join), st.one_of(st.none(), st.integers(2000, 2100)))
def test_deadline_wording_never_crashes(wording, year):
    check_deadline(wording, year)
