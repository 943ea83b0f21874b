"""Run a document command over many inputs: parallel rendering, all-or-nothing writes, one PDF run.

Any command that writes documents for several inputs (plans, units, offices…) uses
`run_batch(items, render, options, reporter, label=…, noun=…)`:

- `render(item) -> Rendered` builds one item's documents in memory (pure: no writing).
  It must be picklable (a module-level function, or `functools.partial` of one), since
  with many items it runs in worker processes. It raises a `KehoachError` (usually
  `InputError`) when the item is bad.
- Every good item is written (all or nothing per item, hand edits protected), in input
  order, by this process only: output folders and their manifests are never touched by
  two processes at once. An item may not overwrite a file another item just wrote.
- With ``options.pdf`` every .docx of the batch is converted at the end in ONE converter run.
- A bad item does not stop the others. When some failed, `CommandFailed` is raised at the
  end with every reason; its exit status is the highest of theirs (2 for bad input, 1
  when only PDFs failed).
- What happens is told to the `Reporter` (the command line's): files written, warnings,
  progress. Nothing here prints.

Worker count: ``KEHOACH_JOBS`` (1 = no worker processes), else one per CPU once the
batch is large enough to pay for starting them (see `PARALLEL_FROM`).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from generator.errors import CommandFailed, InputError, KehoachError, PdfError
from generator.run.outputs import Output, write_all

T = TypeVar("T")

# Items from which worker processes pay on this kind of load (~0.05-0.15 s per item):
# forking is cheap; spawning (Windows, macOS) re-imports everything in each worker.
PARALLEL_FROM = {"fork": 8, "spawn": 16, "forkserver": 16}


class Reporter(Protocol):
    """Where a long-running command tells what it does (implemented by `generator.cli`)."""

    def info(self, text: str) -> None:
        """Tell a line of ordinary output (a file written)."""

    def warning(self, text: str) -> None:
        """Tell a warning: something the user should look at, that did not stop the work."""

    def progress(self, total: int, desc: str) -> AbstractContextManager[Callable[[int], None]]:
        """Return a context whose value is called with the number of items done so far."""


@dataclass(frozen=True)
class Options:
    """The output options every document command shares."""

    force: bool = False       # overwrite files edited by hand
    pdf: bool = False         # also write a PDF beside each .docx
    pdfa: bool = False        # … a PDF/A-2b, for electronic issuance


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


def describe(exc: KehoachError, name: str) -> str:
    """Return the message of `exc` about item `name` (input errors already name the file)."""
    return exc.render() if isinstance(exc, InputError) else f"{name}: {exc.render()}"


def write_documents(outputs: list[Output], options: Options, reporter: Reporter) -> list[Path]:
    """Write `outputs` (all or nothing, hand edits protected) and, with ``options.pdf``, their PDFs.

    Return the paths written, PDFs included; raise PdfError when PDFs failed (the .docx
    files are written).
    """
    write_all(outputs, force=options.force)
    written = [out.path for out in outputs]
    for path in written:
        reporter.info(f"Đã ghi {path}")
    if options.pdf or options.pdfa:
        docx = [p for p in written if p.suffix == ".docx"]
        with reporter.progress(len(docx), "Chuyển PDF") as done:
            from generator.run import pdf  # LibreOffice/Word only when a PDF is asked for

            conversion = pdf.convert_documents(docx, progress=done, pdfa=options.pdfa)
        for warning in conversion.warnings:
            reporter.warning(warning)
        for path in conversion.pdfs:
            reporter.info(f"Đã ghi {path}")
        written += conversion.pdfs
    return written


def run_batch(items: Sequence[T], render: Callable[[T], Rendered], options: Options, reporter: Reporter, *,
              label: Callable[[T], str] = str, noun: str = "kế hoạch") -> list[list[Path]]:
    """Render, write (and with ``options.pdf`` convert) every item; return the files written per item.

    `label(item)` names an item in messages; `noun` names the items in the summary
    ("kế hoạch", "đơn vị", "cơ quan"). Raise CommandFailed when an item failed.
    """
    names = [label(item) for item in items]
    written: list[list[Path]] = [[] for _ in items]
    failed: dict[int, Failure] = {}
    claimed: dict[str, str] = {}  # output path (as `_claim` compares it) → the item that wrote it in this batch
    with reporter.progress(len(items), f"Tạo {noun}") as done:
        for i, outcome in enumerate(_rendered(items, names, render)):
            done(i + 1)
            if isinstance(outcome, Failure):
                failed[i] = outcome
                continue
            for warning in outcome.warnings:
                reporter.warning(warning)
            clash = next((o.path for o in outcome.outputs if _claim(o.path) in claimed), None)
            if clash is not None:
                owner = claimed[_claim(clash)]
                failed[i] = Failure(names[i], f"{names[i]}: sẽ ghi đè {clash} vừa tạo từ {owner} trong cùng lệnh; "
                                              "hãy đổi tên tệp hoặc chạy riêng với -o khác.", 2)
                continue
            claimed.update((_claim(o.path), names[i]) for o in outcome.outputs)
            try:
                written[i] = write_documents(outcome.outputs, Options(force=options.force), reporter)
            except KehoachError as exc:
                failed[i] = Failure(names[i], describe(exc, names[i]), exc.exit_code)
    problem = _convert_all(written, names, failed, reporter, pdfa=options.pdfa) if options.pdf or options.pdfa else None
    if failed or problem:
        failures = [failed[i] for i in sorted(failed)]
        lines = []
        if failures and len(items) > 1:
            lines.append(f"{len(failures)}/{len(items)} {noun} không hoàn thành: {', '.join(f.name for f in failures)}.")
        if problem:
            lines.append(problem.render())
        codes = [f.exit_code for f in failures] + ([problem.exit_code] if problem else [])
        raise CommandFailed([f.message for f in failures], "\n".join(lines), max(codes))
    return written


def worker_count(n_items: int) -> int:
    """Return how many worker processes to use for `n_items` items (1: none)."""
    raw = os.environ.get("KEHOACH_JOBS", "").strip()
    if raw.isdecimal() and int(raw) > 0:
        return min(int(raw), n_items)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cpus < 2 or n_items < PARALLEL_FROM.get(_start_method(), 16):
        return 1
    return min(cpus, n_items)


# --------------------------------------------------------------------------- internals


def _claim(path: Path) -> str:
    """Return `path` as the file systems of Windows and macOS compare names: case and Unicode form ignored.

    Two items of a batch writing "A/ke-hoach.docx" and "a/ke-hoach.docx" would overwrite
    each other there; they are refused everywhere, so a batch behaves the same on every system.
    """
    return unicodedata.normalize("NFC", str(path.resolve())).casefold()


def _start_method() -> str:
    # fork is cheap and safe here on Linux (no threads run while the pool starts);
    # elsewhere the platform's default (spawn on Windows and macOS).
    return "fork" if sys.platform.startswith("linux") else "spawn"


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
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(_start_method())
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        chunk = max(1, min(8, len(items) // (workers * 4)))
        yield from pool.map(_attempt, [render] * len(items), items, names, chunksize=chunk)


def _convert_all(written: list[list[Path]], names: list[str], failed: dict[int, Failure],
                 reporter: Reporter, *, pdfa: bool = False) -> PdfError | None:
    """Convert every written .docx in one run (PDF/A-2b with `pdfa`); record PDF failures; return a
    problem of the whole run."""
    owner = {path: i for i, paths in enumerate(written) for path in paths if path.suffix == ".docx"}
    if not owner:
        return None
    with reporter.progress(len(owner), "Chuyển PDF") as done:
        try:
            from generator.run import pdf

            conversion = pdf.convert(list(owner), progress=done, pdfa=pdfa)
        except PdfError as exc:
            return exc
    for warning in conversion.warnings:
        reporter.warning(warning)
    for path in conversion.pdfs:
        written[owner[path.with_suffix(".docx")]].append(path)
        reporter.info(f"Đã ghi {path}")
    for docx, reason in conversion.failures.items():
        i = owner[docx]
        line = f"{docx}: không tạo được PDF: {reason}"
        if i in failed:
            failed[i].message += "\n" + line
        else:
            failed[i] = Failure(names[i], line, PdfError.exit_code)
    return None
