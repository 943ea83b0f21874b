"""Child processes that are stopped whole: LibreOffice (soffice → oosplash → soffice.bin),
Word through docx2pdf, LibreOffice's Python comparing two documents.

Each runs in its own process group (session on POSIX), so a time limit or a Ctrl-C kills
every process it started, and its stdout and stderr come back as one stream.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

CONVERT_OPTIONS = ("--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck")


def convert_command(soffice: str, profile: Path, target: str, outdir: Path, files: Sequence[Path]) -> list[str]:
    """Return the LibreOffice command converting `files` into `outdir` with filter `target`
    ("pdf:writer_pdf_Export", "docx:MS Word 2007 XML"), with the throw-away profile `profile`
    (never the user's open LibreOffice)."""
    return [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", *CONVERT_OPTIONS,
            "--convert-to", target, "--outdir", str(outdir), *map(str, files)]


def spawn(cmd: Sequence[str]) -> subprocess.Popen:
    """Start `cmd` in its own process group, stdin closed, stdout and stderr piped together."""
    kwargs: dict = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE, "stderr": subprocess.STDOUT}
    if os.name == "posix":
        kwargs["start_new_session"] = True
    else:
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    return subprocess.Popen(list(cmd), **kwargs)


def kill_group(proc: subprocess.Popen) -> None:
    """Kill `proc` and every process it started."""
    if proc.poll() is not None and os.name != "posix":
        return
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def run_bounded(cmd: Sequence[str], timeout: float) -> tuple[int, bytes]:
    """Run `cmd` (see `spawn`) to its end; return its exit status and output.

    Past `timeout` seconds, or on Ctrl-C, the whole group is killed; a timeout raises
    subprocess.TimeoutExpired.
    """
    proc = spawn(cmd)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except BaseException:
        kill_group(proc)
        proc.communicate()
        raise
    return proc.returncode, out or b""
