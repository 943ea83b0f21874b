"""Run a document command over many inputs: progress bar, parallel rendering, one PDF run.

Any command that writes documents for several inputs (plans, units, offices…) uses
`run_batch(items, render, args, label=…, noun=…)`:

- `render(item) -> Rendered` builds one item's documents in memory (pure: no writing).
  It must be picklable (a module-level function, or `functools.partial` of one), since
  with many items it runs in worker processes. It raises a `KehoachError` (usually
  `InputError`) when the item is bad.
- Every good item is written (all or nothing per item, hand edits protected, through
  `write_documents`), in input order, by this process only: output folders and their
  manifests are never touched by two processes at once.
- With ``--pdf`` every .docx of the batch is converted at the end in ONE converter run.
- A bad item does not stop the others. Failures are reported at the end with their
  reason; the exit status is the highest of their exit codes (2 for bad input, 1 when
  only PDFs failed), 0 when everything was made.
- A progress bar (stderr, only on a terminal and for two items or more) shows the work;
  a single item prints exactly what a plain run prints.

Worker count: ``KEHOACH_JOBS`` (1 = no worker processes), else one per CPU once the
batch is large enough to pay for starting them (see `PARALLEL_FROM`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tqdm import tqdm

from generator import pdf
from generator.errors import InputError, KehoachError
from generator.outputs import Output

T = TypeVar("T")

# Items from which worker processes pay on this kind of load (~0.05-0.15 s per item):
# forking is cheap; spawning (Windows, macOS) re-imports everything in each worker.
PARALLEL_FROM = {"fork": 8, "spawn": 16, "forkserver": 16}

tqdm.monitor_interval = 0  # no monitor thread: the process may fork workers


@dataclass
class Rendered:
    """One item's documents, rendered in memory, and the warnings to show for it."""

    outputs: list[Output]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Failure:
    """An item that could not be (fully) made: its name, the message, its exit code."""

    name: str
    message: str
    exit_code: int


@dataclass
class BatchResult:
    """What a batch did: files written per item (PDFs included) and the failures."""

    written: list[list[Path]]
    failures: list[Failure]
    pdf_problem: str | None = None

    @property
    def exit_code(self) -> int:
        codes = [f.exit_code for f in self.failures]
        if self.pdf_problem:
            codes.append(pdf.PdfError.exit_code)
        return max(codes, default=0)


def run_batch(items: Sequence[T], render: Callable[[T], Rendered], args: Any, *,
              label: Callable[[T], str] = str, noun: str = "kế hoạch") -> int:
    """Render, write (and with ``args.pdf`` convert) every item; report; return the exit status.

    `args` carries the shared output options (``output``, ``force``, ``pdf``).
    `label(item)` names an item in messages; `noun` names the items in the summary
    ("kế hoạch", "đơn vị", "cơ quan").
    """
    result = process(items, render, args, label=label, noun=noun)
    report(result, len(items), noun)
    return result.exit_code


def process(items: Sequence[T], render: Callable[[T], Rendered], args: Any, *,
            label: Callable[[T], str] = str, noun: str = "kế hoạch") -> BatchResult:
    """Do the work of `run_batch` without the final report; return what happened."""
    from generator.commands.common import write_documents

    names = [label(item) for item in items]
    written: list[list[Path]] = [[] for _ in items]
    failed: dict[int, Failure] = {}
    claimed: dict[Path, str] = {}  # output path → the item that wrote it in this batch
    with _bar(len(items), f"Tạo {noun}") as bar:
        for i, outcome in enumerate(_rendered(items, names, render)):
            bar.update(1)
            if isinstance(outcome, Failure):
                failed[i] = outcome
                continue
            for warning in outcome.warnings:
                say(warning, sys.stderr)
            clash = next((o.path for o in outcome.outputs if o.path.resolve() in claimed), None)
            if clash is not None:
                owner = claimed[clash.resolve()]
                failed[i] = Failure(names[i], f"{names[i]}: sẽ ghi đè {clash} vừa tạo từ {owner} trong cùng lệnh; "
                                              "hãy đổi tên tệp hoặc chạy riêng với -o khác.", 2)
                continue
            claimed.update((o.path.resolve(), names[i]) for o in outcome.outputs)
            try:
                paths = write_documents(outcome.outputs, args, convert=False)
            except KehoachError as exc:
                failed[i] = Failure(names[i], describe(exc, names[i]), exc.exit_code)
                continue
            written[i] = list(paths)
            for path in paths:
                say(f"Đã ghi {path}")
    pdf_problem = None
    if getattr(args, "pdf", False) or getattr(args, "pdfa", False):
        pdf_problem = _convert_all(written, names, failed, pdfa=getattr(args, "pdfa", False))
    failures = [failed[i] for i in sorted(failed)]
    return BatchResult(written, failures, pdf_problem)


def report(result: BatchResult, total: int, noun: str = "kế hoạch") -> None:
    """Print the failures (with their reasons) and, for a batch, a one-line summary."""
    for failure in result.failures:
        say(failure.message, sys.stderr)
    if result.failures and total > 1:
        names = ", ".join(f.name for f in result.failures)
        say(f"{len(result.failures)}/{total} {noun} không hoàn thành: {names}.", sys.stderr)
    if result.pdf_problem:
        say(result.pdf_problem, sys.stderr)


def describe(exc: KehoachError, name: str) -> str:
    """Return the message of `exc` about item `name` (input errors already name the file)."""
    return exc.render() if isinstance(exc, InputError) else f"{name}: {exc}"


def say(text: str, stream=None) -> None:
    """Print a line without breaking an active progress bar."""
    tqdm.write(text, file=stream if stream is not None else sys.stdout)


def worker_count(n_items: int) -> int:
    """Return how many worker processes to use for `n_items` items (1: none)."""
    raw = os.environ.get("KEHOACH_JOBS", "").strip()
    if raw.isdecimal() and int(raw) > 0:
        return min(int(raw), n_items)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cpus < 2 or n_items < PARALLEL_FROM.get(_context().get_start_method(), 16):
        return 1
    return min(cpus, n_items)


# --------------------------------------------------------------------------- internals


def _context():
    # fork is cheap and safe here on Linux (no threads run while the pool starts);
    # elsewhere keep the platform's default (spawn on Windows and macOS).
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _attempt(render: Callable[[T], Rendered], item: T, name: str) -> Rendered | Failure:
    """Render one item; a KehoachError becomes a Failure (exceptions need not pickle)."""
    try:
        return render(item)
    except KehoachError as exc:
        return Failure(name, describe(exc, name), exc.exit_code)


def _rendered(items: Sequence[T], names: list[str],
              render: Callable[[T], Rendered]) -> Iterator[Rendered | Failure]:
    """Yield each item's outcome in input order, from worker processes when it pays."""
    workers = worker_count(len(items))
    if workers <= 1:
        for item, name in zip(items, names):
            yield _attempt(render, item, name)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        chunk = max(1, min(8, len(items) // (workers * 4)))
        yield from pool.map(_attempt, [render] * len(items), items, names, chunksize=chunk)


def _convert_all(written: list[list[Path]], names: list[str], failed: dict[int, Failure], *,
                 pdfa: bool = False) -> str | None:
    """Convert every written .docx in one run; record PDF failures; return a global problem."""
    owner = {path: i for i, paths in enumerate(written) for path in paths if path.suffix == ".docx"}
    if not owner:
        return None
    with _bar(len(owner), "Chuyển PDF") as bar:
        def progress(n: int) -> None:
            bar.update(n - bar.n)

        try:
            conversion = pdf.convert(list(owner), progress=progress, pdfa=pdfa)
        except pdf.PdfError as exc:
            return str(exc)
    for warning in conversion.warnings:
        say(warning, sys.stderr)
    for path in conversion.pdfs:
        written[owner[path.with_suffix(".docx")]].append(path)
        say(f"Đã ghi {path}")
    for docx, reason in conversion.failures.items():
        i = owner[docx]
        line = f"{docx}: không tạo được PDF: {reason}"
        if i in failed:
            failed[i].message += "\n" + line
        else:
            failed[i] = Failure(names[i], line, pdf.PdfError.exit_code)
    return None


def _bar(total: int, desc: str) -> tqdm:
    disable = total < 2 or not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())
    return tqdm(total=total, desc=desc, file=sys.stderr, disable=disable, leave=False,
                dynamic_ncols=True,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]")
