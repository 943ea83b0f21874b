"""Turn written .docx files into PDFs beside them: Microsoft Word where it exists, else LibreOffice.

`convert(paths)` converts a whole batch in ONE converter process (LibreOffice headless
with a private, throw-away profile; or one docx2pdf run driving Word on Windows/macOS)
and reports, per file, the PDF written or the reason it was not (and warnings, such as a
font without Vietnamese letters). `convert_documents(paths)` is the strict form: it raises
`PdfFailed` naming the files that failed.

Guarantees:
- nothing partial: conversion happens in a temporary folder; a PDF is moved beside its
  .docx (atomically, via `outputs.atomic_write`) only once the converter finished it;
- a time limit per document (``KEHOACH_PDF_TIMEOUT`` seconds, default 120): a converter
  that stops making progress is killed with its whole process group, the file it was on
  is reported, and the files after it are converted by a fresh process;
- no converter: `ConverterMissing`, whose Vietnamese message says what to install;
- LibreOffice PDFs are made reproducible: the creation date is blanked and the document
  ID / checksum are derived from the content (same-length edits: the xref stays valid).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import ConverterMissing, PdfError, PdfFailed
from generator.run import pdfa as pdfa_mod
from generator.run.outputs import Output, write_all
from generator.run.processes import convert_command, kill_group, spawn

DEFAULT_TIMEOUT = 120.0  # seconds without progress allowed per document

INSTALL_HINT_LINUX = (
    "Cài LibreOffice và phông chữ đủ dấu tiếng Việt (cùng kích thước chữ với Times New Roman):\n"
    "  sudo apt-get install libreoffice-writer-nogui fonts-liberation2\n"
    "(Fedora: sudo dnf install libreoffice-writer liberation-serif-fonts)."
)
INSTALL_HINT_OTHER = (
    "Cài Microsoft Word cùng gói docx2pdf (python3 -m pip install docx2pdf), hoặc cài "
    "LibreOffice: https://www.libreoffice.org/download/"
)


@dataclass
class Conversion:
    """What a batch conversion did: PDFs written (in input order) and failures by .docx."""

    pdfs: list[Path] = field(default_factory=list)
    failures: dict[Path, str] = field(default_factory=dict)
    converter: str = ""
    warnings: list[str] = field(default_factory=list)


Progress = Callable[[int], None]


# --------------------------------------------------------------------------- public API


def convert_documents(paths: Sequence[Path], *, timeout: float | None = None,
                      progress: Progress | None = None, pdfa: bool = False) -> Conversion:
    """Write a PDF (PDF/A-2b with `pdfa`) beside each .docx of `paths` in one converter run; return what was done.

    Raise ConverterMissing when there is no converter, PdfFailed (after writing every PDF
    that succeeded) when some documents could not be converted.
    """
    result = convert(paths, timeout=timeout, progress=progress, pdfa=pdfa)
    if result.failures:
        raise PdfFailed(result.failures)
    return result


def convert(paths: Sequence[Path], *, timeout: float | None = None,
            progress: Progress | None = None, pdfa: bool = False) -> Conversion:
    """Convert `paths` (.docx) to PDFs beside them, in one batch; never raise per file.

    `progress(n)` is called with the number of documents finished so far. With `pdfa` the
    PDFs are PDF/A-2b (LibreOffice only), with the metadata of `generator.pdfa`.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return Conversion()
    converter = find_converter()
    if pdfa and converter is not None and converter[0] == "word":  # --- PDF/A: LibreOffice only
        soffice = find_soffice()
        if soffice is None:
            raise PdfError("--pdfa cần LibreOffice (Microsoft Word qua docx2pdf không ghi được PDF/A): "
                           "https://www.libreoffice.org/download/")
        converter = ("soffice", soffice)
    if converter is None:
        raise ConverterMissing(INSTALL_HINT_LINUX if sys.platform.startswith("linux") else INSTALL_HINT_OTHER)
    if timeout is None:
        timeout = timeout_from_env()
    workdir = Path(tempfile.mkdtemp(prefix="kehoach-pdf-"))
    try:
        indir, outdir = workdir / "in", workdir / "out"
        indir.mkdir()
        outdir.mkdir()
        # Unique, plain names: a batch holds many quyet-dinh.docx from different folders.
        staged = []
        dates = {}
        for i, src in enumerate(paths):
            copy = indir / f"{i:05d}.docx"
            if pdfa:  # --- PDF/A: metadata on the staged copy; the document's date for the XMP
                data = src.read_bytes()
                copy.write_bytes(pdfa_mod.staged_docx(data, pdfa_mod.metadata(src)))
                dates[src] = pdfa_mod.document_date(data)
            else:
                shutil.copyfile(src, copy)
            staged.append(copy)
        if converter[0] == "word":
            done, failures = _run_word(staged, outdir, timeout)
        else:
            target = pdfa_mod.FILTER if pdfa else "pdf:writer_pdf_Export"
            done, failures = _run_soffice(converter[1], staged, outdir, workdir / "profile",
                                          timeout, progress, target)
        result = Conversion(converter=converter[0])
        if converter[0] == "soffice":
            font_warning = vietnamese_font_problem()
            if font_warning:
                result.warnings.append(font_warning)
        outputs = []
        for src, copy in zip(paths, staged):
            if copy in failures:
                result.failures[src] = failures[copy]
                continue
            data = done[copy].read_bytes()
            if converter[0] == "soffice":
                if pdfa:
                    data = pdfa_mod.stabilise(data, dates[src])
                data = stabilise(data)
            outputs.append(Output(src.with_suffix(".pdf"), data))
        if pdfa:
            result.warnings += pdfa_mod.font_warnings([(str(o.path), o.data) for o in outputs])
        write_all(outputs, force=True)
        result.pdfs = [out.path for out in outputs]
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def timeout_from_env() -> float:
    """Return the per-document time limit: KEHOACH_PDF_TIMEOUT seconds, else the default."""
    raw = os.environ.get("KEHOACH_PDF_TIMEOUT", "").strip()
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def find_converter() -> tuple[str, str] | None:
    """Return ("word", "") or ("soffice", path-to-soffice), or None when there is neither."""
    if sys.platform in ("win32", "darwin") and _word_installed() \
            and importlib.util.find_spec("docx2pdf") is not None:
        return ("word", "")
    soffice = find_soffice()
    return ("soffice", soffice) if soffice else None


def find_soffice() -> str | None:
    """Return the LibreOffice executable: KEHOACH_SOFFICE, then PATH, then usual places.

    On Linux only PATH is searched (as a shell would), so removing LibreOffice from PATH
    really means "not installed".
    """
    env = os.environ.get("KEHOACH_SOFFICE")
    if env:
        return env if (os.path.isfile(env) and os.access(env, os.X_OK)) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates: list[str] = []
    if sys.platform == "win32":
        for base in (os.environ.get("ProgramFiles", r"C:\Program Files"),
                     os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")):
            candidates.append(os.path.join(base, "LibreOffice", "program", "soffice.exe"))
    elif sys.platform == "darwin":
        candidates.append("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    return next((c for c in candidates if os.path.isfile(c)), None)


def vietnamese_font_problem() -> str | None:
    """Return a Vietnamese warning when, on Linux, no Times-metric font has Ư and Ơ.

    fonts-liberation 1.x lacks those glyphs, so LibreOffice would borrow them from
    another font; fonts-liberation2 has them. None when fine or when fc-list is absent.
    """
    if not sys.platform.startswith("linux"):
        return None
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        found = subprocess.run([fc_list, ":charset=1af 1b0 1a0 1a1", "family"], capture_output=True,
                               text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families = {name.strip() for line in found.splitlines() for name in line.split(",")}
    if families & {"Times New Roman", "Liberation Serif", "Tinos"}:
        return None
    return ("cảnh báo: máy chưa có phông Times New Roman hay Liberation Serif đủ chữ Ư, Ơ "
            "(gói fonts-liberation bản 1 thiếu các chữ này): PDF có thể lẫn phông khác. "
            "Cài: sudo apt-get install fonts-liberation2")


# --------------------------------------------------------------------------- reproducible PDFs

_DATES = re.compile(rb"/(?:CreationDate|ModDate)\s*\((?:[^()\\]|\\.)*\)")
_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]{32})(>\s*<)([0-9A-Fa-f]{32})(>\s*\])")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]{32})")


def stabilise(data: bytes) -> bytes:
    """Return a LibreOffice PDF without its run-dependent bytes, keeping every offset.

    The creation date is replaced by spaces (blank is valid PDF syntax inside the Info
    dictionary) and the /ID pair and /DocChecksum by the MD5 of the result, so the same
    .docx gives the same PDF bytes and the xref table stays exact.
    """
    data = _DATES.sub(lambda m: b" " * len(m.group(0)), data)
    zeroed = _CHECKSUM.sub(lambda m: m.group(1) + b"0" * 32, _ID.sub(
        lambda m: m.group(1) + b"0" * 32 + m.group(3) + b"0" * 32 + m.group(5), data))
    digest = hashlib.md5(zeroed).hexdigest().upper().encode("ascii")
    data = _ID.sub(lambda m: m.group(1) + digest + m.group(3) + digest + m.group(5), zeroed)
    return _CHECKSUM.sub(lambda m: m.group(1) + digest, data)


def is_complete_pdf(path: Path) -> bool:
    """Return whether `path` is a non-empty PDF whose end marker was written."""
    try:
        size = path.stat().st_size
        if size < 16:
            return False
        with open(path, "rb") as fh:
            head = fh.read(5)
            fh.seek(max(0, size - 64))
            tail = fh.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail


# --------------------------------------------------------------------------- LibreOffice

_CONVERT_LINE = re.compile(r"^convert (.+?) -> ")


def _run_soffice(soffice: str, staged: list[Path], outdir: Path, profile: Path, timeout: float,
                 progress: Progress | None, target: str = "pdf:writer_pdf_Export",
                 ) -> tuple[dict[Path, Path], dict[Path, str]]:
    """Convert `staged` with as few LibreOffice processes as possible (one unless one hangs)."""
    done: dict[Path, Path] = {}
    failures: dict[Path, str] = {}
    pending = list(staged)
    while pending:
        base = len(done) + len(failures)
        step = (lambda n, base=base: progress(base + n)) if progress else None
        finished, hung, errors = _soffice_round(soffice, pending, outdir, profile, timeout, step, target)
        for doc in pending:
            pdf = outdir / (doc.stem + ".pdf")
            if doc in finished and is_complete_pdf(pdf):
                done[doc] = pdf
        if hung is None:
            for doc in pending:
                if doc not in done:
                    detail = f" ({errors})" if errors else ""
                    failures[doc] = f"LibreOffice không chuyển được tệp này{detail}."
            pending = []
        else:
            failures[hung] = (f"LibreOffice không xong sau {timeout:g} giây nên đã bị dừng "
                              "(đặt KEHOACH_PDF_TIMEOUT để cho thêm thời gian).")
            (outdir / (hung.stem + ".pdf")).unlink(missing_ok=True)
            pending = pending[pending.index(hung) + 1:]
        if progress:
            progress(len(done) + len(failures))
    return done, failures


def _soffice_round(soffice: str, docs: list[Path], outdir: Path, profile: Path, timeout: float,
                   progress: Progress | None = None, target: str = "pdf:writer_pdf_Export",
                   ) -> tuple[set[Path], Path | None, str]:
    """Run one LibreOffice process over `docs`.

    Return the documents it finished, the one it hung on (None if it exited) and its
    error lines. LibreOffice prints "convert X -> Y" when it starts a document, so a
    document is finished once the next one starts or the process exits; the time limit
    restarts at every document.
    """
    cmd = convert_command(soffice, profile, target, outdir, docs)
    by_name = {d.name: d for d in docs}  # LibreOffice may print the path resolved
    lines: queue.Queue[str | None] = queue.Queue()
    proc = spawn(cmd)

    def pump() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            lines.put(raw.decode("utf-8", "replace").rstrip())
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    started: list[Path] = []
    errors: list[str] = []
    deadline = time.monotonic() + timeout
    hung: Path | None = None
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                # Blame the document in progress; if none started yet, the first one.
                hung = started[-1] if started else docs[0]
                kill_group(proc)
                break
            if line is None:
                break
            match = _CONVERT_LINE.match(line)
            name = os.path.basename(match.group(1)) if match else ""
            if name in by_name:
                started.append(by_name[name])
                deadline = time.monotonic() + timeout
                if progress and len(started) > 1:
                    progress(len(started) - 1)
            elif line.startswith("Error"):
                errors.append(line)
    except BaseException:
        # Ctrl-C (or anything else): LibreOffice runs in its own session and would not
        # see the terminal's interrupt, so stop it here rather than leave it behind.
        kill_group(proc)
        proc.wait()
        raise
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        proc.wait()
    reader.join(timeout=5)
    if hung is not None:
        finished = set(started[:-1]) if started and started[-1] == hung else set()
    else:
        finished = set(started)
    return finished, hung, "; ".join(dict.fromkeys(errors))


# --------------------------------------------------------------------------- Microsoft Word


def _word_installed() -> bool:
    if sys.platform == "darwin":
        return any(Path(base, "Microsoft Word.app").exists()
                   for base in ("/Applications", os.path.expanduser("~/Applications")))
    if sys.platform == "win32":
        try:
            import winreg

            winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, r"Word.Application\CLSID"))
            return True
        except OSError:
            return False
    return False


def _run_word(staged: list[Path], outdir: Path, timeout: float) -> tuple[dict[Path, Path], dict[Path, str]]:
    """Convert the folder of `staged` files with docx2pdf (one Word session) in a child process."""
    code = "import sys, docx2pdf; docx2pdf.convert(sys.argv[1], sys.argv[2])"
    proc = spawn([sys.executable, "-c", code, str(staged[0].parent), str(outdir)])
    try:
        out, _ = proc.communicate(timeout=timeout * len(staged))
        reason = "Microsoft Word không chuyển được tệp này."
        if proc.returncode:
            tail = out.decode("utf-8", "replace").strip().splitlines()[-1:] if out else []
            reason = "Microsoft Word báo lỗi" + (f" ({tail[0]})" if tail else "") + "."
    except subprocess.TimeoutExpired:
        kill_group(proc)
        proc.communicate()
        reason = (f"Microsoft Word không xong sau {timeout * len(staged):g} giây nên đã bị dừng "
                  "(đặt KEHOACH_PDF_TIMEOUT để cho thêm thời gian).")
    done: dict[Path, Path] = {}
    failures: dict[Path, str] = {}
    for doc in staged:
        pdf = outdir / (doc.stem + ".pdf")
        if is_complete_pdf(pdf):
            done[doc] = pdf
        else:
            failures[doc] = reason
    return done, failures
