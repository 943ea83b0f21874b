"""Run many ``kehoach`` command lines, each in its own process under CPU, memory and time limits.

Used by tests/test_bad_inputs.py. Reads a JSON request on stdin::

    {"limits": {"memory_bytes": …, "cpu_seconds": …, "wall_seconds": …, "parallel": …},
     "jobs": [{"argv": [...], "cwd": "...", "stdout": "file", "stderr": "file",
               "env": {…}, "file_size_bytes": N, "without_root_powers": true}, …]}

and prints one JSON result per job, in order: exit status (or the signal that ended the
process), whether the wall-clock limit killed it, wall and CPU seconds, peak memory (KiB).

The harness imports kehoach once, then forks one child per job: the child sets
RLIMIT_AS and RLIMIT_CPU, redirects its output to the job's files and runs
``generator.cli.main(argv)`` exactly as ``python -m generator`` would, without paying
for a fresh interpreter each time. The parent kills a child that outlives the wall limit.

A job may also set environment variables (``env``: a user's template folder), make the
disk "full" for files larger than ``file_size_bytes`` (RLIMIT_FSIZE: writing past it fails
with EFBIG, as a full disk fails with ENOSPC), and drop the powers that let root write
into read-only folders (``without_root_powers``: CAP_DAC_OVERRIDE and friends, Linux), so
that a read-only output folder is read-only for the test too. A child that cannot drop
them exits with status 77 (the test is then skipped).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import resource
import signal
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from generator.cli import main as cli_main  # noqa: E402  (imported once, before forking)


SKIPPED = 77  # exit status of a child that could not set up its job


def _drop_root_powers() -> bool:
    """Drop CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER (root then obeys file modes); True when done."""
    if os.geteuid() != 0:
        return True
    if not sys.platform.startswith("linux"):
        return False

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    header, data = Header(0x20080522, 0), (Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        return False
    for bit in (1, 2, 3):
        data[0].effective &= ~(1 << bit)
        data[0].permitted &= ~(1 << bit)
    return libc.capset(ctypes.byref(header), data) == 0


def _child(job: dict, limits: dict) -> None:
    code = 70
    try:
        os.chdir(job["cwd"])
        os.environ.update(job.get("env", {}))
        if job.get("without_root_powers") and not _drop_root_powers():
            os._exit(SKIPPED)
        if job.get("file_size_bytes"):
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writing past the limit fails (EFBIG) instead of killing
            size = job["file_size_bytes"]
            resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        memory = limits["memory_bytes"]
        cpu = limits["cpu_seconds"]
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        for fd, name in ((1, "stdout"), (2, "stderr")):
            target = os.open(job[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(target, fd)
            os.close(target)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        code = cli_main(job["argv"])
    except SystemExit as exc:  # argparse usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - report anything that escaped the CLI
        traceback.print_exc()
        code = 70
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code if isinstance(code, int) else 1)


def run(jobs: list[dict], limits: dict) -> list[dict]:
    """Run every job (at most `limits["parallel"]` at once); return their results in order."""
    results: list[dict | None] = [None] * len(jobs)
    running: dict[int, tuple[int, float, bool]] = {}  # pid → (job index, start, killed)
    pending = list(range(len(jobs)))
    parallel = max(1, int(limits.get("parallel", 1)))
    wall = limits["wall_seconds"]
    while pending or running:
        while pending and len(running) < parallel:
            index = pending.pop(0)
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(jobs[index], limits)
            running[pid] = (index, time.monotonic(), False)
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        now = time.monotonic()
        if pid == 0:
            for other, (index, start, killed) in list(running.items()):
                if not killed and now - start > wall:
                    os.kill(other, signal.SIGKILL)
                    running[other] = (index, start, True)
            time.sleep(0.002)
            continue
        index, start, killed = running.pop(pid)
        results[index] = {
            "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "timed_out": killed,
            "wall": now - start,
            "cpu": usage.ru_utime + usage.ru_stime,
            "max_rss_kib": usage.ru_maxrss,
        }
    return results  # type: ignore[return-value]


def main() -> None:
    request = json.load(sys.stdin)
    results = run(request["jobs"], request["limits"])
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
