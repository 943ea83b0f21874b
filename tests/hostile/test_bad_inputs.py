"""Every command that reads a plan refuses broken and hostile files cleanly.

The corpus is tests/bad_inputs/ (one file per case, described in cases.yaml). Each case
runs against each command of COMMANDS in its own process, under a memory limit
(RLIMIT_AS), a CPU limit and a wall-clock limit (tests/bad_inputs/harness.py). A refused
file must give the expected Vietnamese message naming the file (and line), exit 2, no
traceback, and leave nothing behind; an accepted one must give documents that open and
whose text is NFC, without zero-width characters.

Adding a command that reads plans is one line in COMMANDS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from generator.cli import build_parser
from helpers import CORPUS  # noqa: E402

if not hasattr(os, "fork"):
    pytest.skip("the limited runs need fork() and resource limits (POSIX)", allow_module_level=True)

CASES: list[dict] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))

MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space per run
CPU_LIMIT = 5                       # seconds of CPU per run
WALL_LIMIT = 5.0                    # seconds per run, then the run is killed
INVISIBLE = "\u200b\u2060\ufeff\u00ad"


@dataclass(frozen=True)
class Command:
    """A command line reading one input file: {file} and {out} are filled in per run.

    reads: "plan" — a CCHC plan (every case applies); "yaml" — another kind of YAML
    file (report data, inspection plan): only the cases of scope "yaml" apply.
    """

    name: str
    argv: tuple[str, ...]
    reads: str = "plan"
    writes: bool = True


COMMANDS = [
    Command("validate", ("validate", "{file}"), writes=False),
    Command("build", ("build", "{file}", "-o", "{out}")),
    Command("tasks", ("tasks", "{file}", "--ngay", "2026-06-30"), writes=False),
    Command("tasks --xlsx --ics", ("tasks", "{file}", "--ngay", "2026-06-30", "--xlsx", "{out}/so.xlsx",
                                   "--ics", "{out}/han.ics"), writes=False),
    Command("phan-cong", ("phan-cong", "{file}", "-o", "{out}")),
    Command("tien-do", ("tien-do", "{file}", "--ky", "quy-1", "-o", "{out}")),
    Command("outline", ("outline", "--ke-hoach", "{file}", "-o", "{out}"), reads="yaml"),
    Command("report", ("report", "{file}", "-o", "{out}"), reads="yaml"),
    Command("nam-moi", ("nam-moi", "{file}", "--nam", "2027", "-o", "{out}/moi.yaml"), writes=False),
    Command("diff", ("diff", "{file}", "{file}"), writes=False),
    Command("so-sanh", ("so-sanh", "{file}", "{file}", "-o", "{out}/so-sanh.docx")),
]


# Commands that read no YAML file given on the command line (kiem-tra-git, the pre-commit
# check, passes over YAML that is no kehoach file by design: tests/yearly/test_git_integration.py).
NOT_READING = {"schema", "nhap", "kiem-tra", "docx-text", "git-setup", "kiem-tra-git", "web"}
# nhap, kiem-tra read documents; web serves a folder (the corpus is served in tests/commands/test_web_http.py)


def _registered() -> set[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return set(sub.choices)


ACTIVE = [c for c in COMMANDS if c.name.split()[0] in _registered()]


def case_name(case: dict) -> str:
    return case.get("file") or f"generated-{case['generate']}"


def _applies(command: Command, case: dict) -> bool:
    return command.reads == "plan" or case["scope"] == "yaml"


PAIRS = [(c, case) for case in CASES for c in ACTIVE if _applies(c, case)]


def _generate(kind: str, folder: Path) -> Path:
    if kind == "50mb":
        path = folder / "ke-hoach-50mb.yaml"
        line = b'  - "Tang cuong cai cach hanh chinh tren dia ban phuong nam 2026."\n'
        with open(path, "wb") as fh:
            fh.write(b"nam: 2026\ncan_cu:\n")
            chunk = line * (1024 * 1024 // len(line) + 1)
            for _ in range(50):
                fh.write(chunk)
        assert path.stat().st_size > 50 * 1024 * 1024
        return path
    if kind == "theo-500kb":
        path = folder / "theo-500kb.yaml"
        text = (CORPUS / "_hop-le.yaml").read_text(encoding="utf-8")
        path.write_text(text.replace('thoi_gian: "Tháng 6/2026"', 'thoi_gian: "' + "theo " * 100_000 + '"'),
                        encoding="utf-8")
        assert path.stat().st_size > 500_000
        return path
    raise ValueError(kind)


@dataclass
class Run:
    case: dict
    command: Command
    file: Path
    cwd: Path
    out_dir: Path
    code: int | None
    signal: int | None
    timed_out: bool
    wall: float
    cpu: float
    max_rss_kib: int
    out: str
    err: str


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[tuple[str, str], Run]:
    """Run every (command, case) pair once, in limited processes; index the results."""
    root = tmp_path_factory.mktemp("bad-inputs")
    generated = {c["generate"]: _generate(c["generate"], root) for c in CASES if "generate" in c}
    jobs, meta = [], []
    for n, (command, case) in enumerate(PAIRS):
        file = generated[case["generate"]] if "generate" in case else CORPUS / case["file"]
        cwd = root / f"run-{n}"
        cwd.mkdir()
        out_dir = cwd / "ra"
        argv = [a.format(file=file, out=out_dir) for a in command.argv]
        logs = root / f"log-{n}"
        jobs.append({"argv": argv, "cwd": str(cwd), "stdout": f"{logs}.out", "stderr": f"{logs}.err"})
        meta.append((command, case, file, cwd, out_dir, logs))
    request = {"jobs": jobs, "limits": {"memory_bytes": MEMORY_LIMIT, "cpu_seconds": CPU_LIMIT,
                                        "wall_seconds": WALL_LIMIT, "parallel": os.cpu_count() or 1}}
    env = {**os.environ, "KEHOACH_JOBS": "1"}
    env.pop("KEHOACH_DEBUG", None)
    done = subprocess.run([sys.executable, str(CORPUS / "harness.py")], input=json.dumps(request),
                          capture_output=True, text=True, env=env, timeout=60 + 10 * len(jobs))
    assert done.returncode == 0, f"the harness failed:\n{done.stderr}"
    results = json.loads(done.stdout)
    table = {}
    for (command, case, file, cwd, out_dir, logs), r in zip(meta, results):
        table[(command.name, case_name(case))] = Run(
            case, command, file, cwd, out_dir, r["exit"], r["signal"], r["timed_out"], r["wall"], r["cpu"],
            r["max_rss_kib"], Path(f"{logs}.out").read_text(encoding="utf-8", errors="replace"),
            Path(f"{logs}.err").read_text(encoding="utf-8", errors="replace"))
    return table


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _texts(path: Path) -> list[str]:
    """Return the raw text of every paragraph of a .docx (no normalisation)."""
    body = Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def test_corpus_is_large_and_every_file_is_listed():
    files = {p.name for p in CORPUS.iterdir() if p.suffix == ".yaml" and p.name != "cases.yaml"}
    listed = {c["file"] for c in CASES if "file" in c}
    assert files == listed
    assert len(CASES) >= 40
    assert sum(c["exit"] == 2 for c in CASES) >= 40


def test_corpus_runs_against_every_registered_command():
    assert {"validate", "build"} <= {c.name for c in ACTIVE}
    missing = _registered() - {c.name for c in COMMANDS} - NOT_READING
    assert not missing, (f"new command(s) {sorted(missing)}: add one line to COMMANDS in "
                         "tests/test_bad_inputs.py (or to NOT_READING if it reads no YAML file)")


@pytest.mark.parametrize(("command", "case"), PAIRS, ids=[f"{c.name}-{case_name(k)}" for c, k in PAIRS])
def test_bad_input(runs, command, case):
    run = runs[(command.name, case_name(case))]
    shown = f"exit={run.code} signal={run.signal} wall={run.wall:.2f}s\n--- stderr\n{run.err}\n--- stdout\n{run.out}"
    assert not run.timed_out, f"killed after {WALL_LIMIT} s\n{shown}"
    assert run.signal is None, f"ended by a signal (CPU or memory limit?)\n{shown}"
    assert "Traceback" not in run.err + run.out, shown
    assert run.code == case["exit"], shown
    if case["exit"] == 0:
        _check_accepted(run)
        return
    assert case["message"] in run.err, shown
    assert max(len(line) for line in run.err.splitlines()) <= 400, "messages stay short"
    assert str(run.file) in run.err, "the message must name the file\n" + shown
    if "line" in case:
        assert f"{run.file}:{case['line']}:" in run.err, shown
    assert _files(run.cwd) == [], "nothing may be written for a refused file"


def _check_accepted(run: Run) -> None:
    written = _files(run.out_dir)
    if run.command.writes:
        assert [p for p in written if p.suffix == ".docx"], "an accepted plan gives documents"
    for path in written:
        if path.suffix != ".docx":
            continue
        texts = _texts(path)  # also proves that the file opens
        for text in texts:
            assert unicodedata.is_normalized("NFC", text), (path.name, text)
            assert not set(text) & set(INVISIBLE), (path.name, text)
        if run.command.name == "build" and path.name == "ke-hoach.docx":
            joined = "\n".join(texts)
            for expected in run.case.get("build_contains", []):
                assert expected in joined, (expected, path)
    for text in (run.out, run.err):
        assert unicodedata.is_normalized("NFC", text)
