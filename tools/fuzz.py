#!/usr/bin/env python3
"""Long fuzz campaign for kehoach, outside CI: the properties of tests/test_fuzz_*.py, for
as long as you like, with many more examples than the test suite runs.

    python3 tools/fuzz.py --minutes 30            # all properties, round after round
    python3 tools/fuzz.py --minutes 5 --no-pdf    # without LibreOffice
    python3 tools/fuzz.py --rounds 1 --examples 50

Properties (each round runs every one with --examples new random examples):
  unicode   any Unicode text in every text field → both documents open, are NFC and hold it
  mutated   corpus files with random byte/line/token mutations → a plan, or InputError only
  render    valid plans with text inserted in their values → load and render without error
  bytes     random bytes → InputError only
  deadline  random deadline wording → a Deadline, None or DeadlineError only
  pdf       (each round) the round's last 3 unicode plans → 6 PDFs in one LibreOffice run

The first failure stops the campaign and prints Hypothesis' minimal failing example.
The totals go in the README ("Giới hạn và an toàn").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "hostile"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import test_fuzz_inputs as inputs  # noqa: E402
import test_fuzz_unicode as unicode_  # noqa: E402


def campaign(minutes: float, rounds: int | None, examples: int, with_pdf: bool) -> Counter:
    counts: Counter = Counter()
    recent: list[dict[str, str]] = []

    def unicode_check(texts):
        unicode_.check_plan(texts)
        recent.append(texts)
        del recent[:-3]
        counts["unicode"] += 1

    def mutated_check(data):
        counts[f"mutated ({inputs.check_bytes(data)})"] += 1

    def render_check(data):
        counts[f"render ({inputs.check_bytes(data, render=True)})"] += 1

    def bytes_check(data):
        inputs.check_bytes(data)
        counts["bytes"] += 1

    def deadline_check(wording, year):
        inputs.check_deadline(wording, year)
        counts["deadline"] += 1

    properties: list[tuple[str, Callable, tuple]] = [
        ("unicode", unicode_check, (unicode_.plans(),)),
        ("mutated", mutated_check, (inputs.mutated(),)),
        ("render", render_check, (inputs.mildly_mutated(),)),
        ("bytes", bytes_check, (st.binary(max_size=4000),)),
        ("deadline", deadline_check, (st.lists(st.one_of(inputs.DEADLINE_WORDS, st.text(max_size=6)), max_size=10)
                                      .map(" ".join), st.one_of(st.none(), st.integers(1900, 2200)))),
    ]
    config = settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                      suppress_health_check=list(HealthCheck))
    runners = [(name, given(*strategies)(config(check))) for name, check, strategies in properties]
    start = time.monotonic()
    done = 0
    while True:
        for name, runner in runners:  # each call draws new random examples
            started = time.monotonic()
            runner()
            print(f"  {name}: {examples} ví dụ, {time.monotonic() - started:.0f} s", flush=True)
        if with_pdf and recent:
            convert_sample(recent, counts)
        done += 1
        elapsed = (time.monotonic() - start) / 60
        print(f"Vòng {done} xong ({elapsed:.1f} phút): {dict(counts)}", flush=True)
        if rounds is not None and done >= rounds:
            break
        if rounds is None and elapsed >= minutes:
            break
    return counts


def convert_sample(sample: list[dict[str, str]], counts: Counter) -> None:
    from generator import pdf

    if pdf.find_converter() is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, texts in enumerate(sample):
            for name, data in zip(("quyet-dinh", "ke-hoach"), unicode_.render_plan(texts)):
                path = Path(tmp) / f"{name}-{n}.docx"
                path.write_bytes(data)
                paths.append(path)
        result = pdf.convert(paths)
        if result.failures:
            raise SystemExit(f"PDF thất bại: {result.failures}")
        assert all(pdf.is_complete_pdf(p) for p in result.pdfs)
        counts["pdf"] += len(result.pdfs)


def main() -> int:
    parser = argparse.ArgumentParser(description="Chạy thử nghiệm ngẫu nhiên (fuzz) dài cho kehoach.")
    parser.add_argument("--minutes", type=float, default=10, help="thời gian chạy, phút (mặc định 10)")
    parser.add_argument("--rounds", type=int, help="số vòng (thay cho --minutes)")
    parser.add_argument("--examples", type=int, default=200, help="số ví dụ mỗi thuộc tính mỗi vòng (mặc định 200)")
    parser.add_argument("--no-pdf", action="store_true", help="không chuyển PDF bằng LibreOffice")
    args = parser.parse_args()
    started = time.monotonic()
    counts = campaign(args.minutes, args.rounds, args.examples, not args.no_pdf)
    total = sum(v for k, v in counts.items() if k != "pdf")
    print(f"Xong sau {(time.monotonic() - started) / 60:.1f} phút: {total} ví dụ, {counts.get('pdf', 0)} PDF, "
          "không lỗi nào.")
    for key, value in sorted(counts.items()):
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
