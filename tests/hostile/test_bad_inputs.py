"""Every command that reads a plan refuses broken and hostile files cleanly.

The corpus is tests/hostile/bad_inputs/ (one file per case, described in cases.yaml; large
inputs are generated at test time, see GENERATED). Each case runs against each command of
COMMANDS in its own process, under a memory limit (RLIMIT_AS), a CPU limit and a
wall-clock limit (tests/hostile/bad_inputs/harness.py). A refused file must give the
expected Vietnamese message naming the file (and line), exit 2, no traceback, a short
message, and leave nothing behind; an accepted one must give documents that open and
whose text is NFC, without zero-width characters.

Cases may also put a hostile user template in KEHOACH_TEMPLATES (``template:``, see
TEMPLATES) or a hostile place to write (``setup:``, see SETUPS: ``-o`` naming a file, a
read-only or full disk, a manifest that is a folder, a FIFO, 300 MB); then the message
names that path, and every file there before the run is there after it, unchanged.

Adding a command that reads plans is one line in COMMANDS.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from generator.cli import build_parser
from generator.run.outputs import MANIFEST, folder_name
from helpers import CORPUS, ROOT, user_templates  # noqa: E402

if not hasattr(os, "fork"):
    pytest.skip("the limited runs need fork() and resource limits (POSIX)", allow_module_level=True)

CASES: list[dict] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))

MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space per run
CPU_LIMIT = 5                       # seconds of CPU per run
WALL_LIMIT = 5.0                    # seconds per run, then the run is killed
MAX_MESSAGE = 64 * 1024             # characters of stderr for one refused file
INVISIBLE = "\u200b\u2060\ufeff\u00ad"
SKIPPED = 77                        # the harness could not set the case up (harness.SKIPPED)


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
    name = case.get("file") or f"generated-{case['generate']}"
    for key in ("template", "setup"):
        if key in case:
            name += f"+{key}-{case[key]}"
    return name + ("+fifo" if case.get("plan_fifo") else "")


def _applies(command: Command, case: dict) -> bool:
    if "commands" in case and command.name not in case["commands"]:
        return False
    return command.reads == "plan" or case["scope"] == "yaml"


PAIRS = [(c, case) for case in CASES for c in ACTIVE if _applies(c, case)]
BASE = (CORPUS / "_hop-le.yaml").read_text(encoding="utf-8")


# --- inputs made at test time (large ones are not committed) ---------------------------------

def _fifty_megabytes(path: Path) -> None:
    line = b'  - "Tang cuong cai cach hanh chinh tren dia ban phuong nam 2026."\n'
    with open(path, "wb") as fh:
        fh.write(b"nam: 2026\ncan_cu:\n")
        chunk = line * (1024 * 1024 // len(line) + 1)
        for _ in range(50):
            fh.write(chunk)
    assert path.stat().st_size > 50 * 1024 * 1024


def _with_can_cu(items: str) -> str:
    """Return the valid plan with its line of căn cứ (line 14) replaced by `items`."""
    text = re.sub(r"can_cu: \[.*\]", lambda m: f"can_cu: [{items}]", BASE)
    assert text.splitlines()[13].startswith("  can_cu: [")
    return text


def _alias_of_a_megabyte(path: Path) -> None:
    # one string of 1 MB anchored once and aliased 90,000 times: 1.4 MB on disk, 90 GB expanded
    path.write_text(_with_can_cu(f'&a "{"x" * 1_000_000}", ' + ", ".join(["*a"] * 90_000)), encoding="utf-8")


def _emphasis_in_one_value(path: Path) -> None:
    path.write_text(BASE.replace('"Kiểm tra công tác cải cách hành chính."', '"' + "*a " * 100_000 + '"'),
                    encoding="utf-8")


def _emphasis_everywhere(path: Path) -> None:
    # 4 paragraphs of 9,999 characters of "*a " (openers that never close: the regular expression
    # this replaced took half a second for each) and one of "*a* **b** " (pairs): 19,332 stars
    opened, paired = ("*a " * 3333)[:9999], ("*a* **b** " * 1000)[:9999]
    paragraphs = "".join(f'    - "{paired if i == 0 else opened}"\n' for i in range(5))
    path.write_text(BASE.replace("ke_hoach:\n", "ke_hoach:\n  mo_dau:\n" + paragraphs, 1), encoding="utf-8")


def _emphasis_dense(path: Path) -> None:
    # 195 paragraphs of "*a* *a* …": a million stars, half a million runs in Word (8 s, 1 GB to build)
    paragraphs = "".join(f'    - "{("*a* " * 2500)[:9999]}"\n' for _ in range(195))
    path.write_text(BASE.replace("ke_hoach:\n", "ke_hoach:\n  mo_dau:\n" + paragraphs, 1), encoding="utf-8")


def _unknown_keys(path: Path) -> None:
    # 150 unknown fields of 10,000 characters each, from line 3 (explicit keys "? key" then ": value":
    # YAML allows 1,024 characters at most to a key written "key: value")
    keys = "".join(f"  ? {'k' * 9_997}{i:03d}\n  : 1\n" for i in range(150))
    path.write_text(BASE.replace("co_quan_ban_hanh:\n", "co_quan_ban_hanh:\n" + keys, 1), encoding="utf-8")


def _many_errors(path: Path) -> None:
    # 4,000 tasks, each lacking its lead office: 4,000 problems to report
    task = '      - {noi_dung: "Nhiệm vụ"}\n'
    head = BASE.split("nhiem_vu_cu_the:")[0]
    path.write_text(head + 'nhiem_vu_cu_the:\n  - linh_vuc: "Lĩnh vực"\n    nhiem_vu:\n' + task * 4_000,
                    encoding="utf-8")


def _long_plan(path: Path) -> None:
    # a Kế hoạch of 600 paragraphs that do not compress: its .docx is many times the Quyết định's
    paragraphs = "".join(f'    - "Đoạn {i}: {hashlib.sha256(str(i).encode()).hexdigest()}."\n' for i in range(600))
    path.write_text(BASE.replace("ke_hoach:\n", "ke_hoach:\n  mo_dau:\n" + paragraphs, 1), encoding="utf-8")


def _theo_500kb(path: Path) -> None:
    text = (CORPUS / "_hop-le.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace('thoi_gian: "Tháng 6/2026"', 'thoi_gian: "' + "theo " * 100_000 + '"'),
                    encoding="utf-8")
    assert path.stat().st_size > 500_000


GENERATED = {
    "theo-500kb": ("theo-500kb.yaml", _theo_500kb),
    "50mb": ("ke-hoach-50mb.yaml", _fifty_megabytes),
    "bi-danh-1mb-x90000": ("bi-danh-1mb.yaml", _alias_of_a_megabyte),
    "nhan-manh-300kb": ("nhan-manh-300kb.yaml", _emphasis_in_one_value),
    "nhan-manh-5-doan": ("nhan-manh-5-doan.yaml", _emphasis_everywhere),
    "nhan-manh-day-dac": ("nhan-manh-day-dac.yaml", _emphasis_dense),
    "150-truong-la-10000-ky-tu": ("truong-la-dai.yaml", _unknown_keys),
    "6000-loi": ("nhieu-loi.yaml", _many_errors),
    "ke-hoach-dai": ("ke-hoach-dai.yaml", _long_plan),
}


def _generate(kind: str, folder: Path) -> Path:
    name, make = GENERATED[kind]
    path = folder / name
    make(path)
    return path


# --- user templates (KEHOACH_TEMPLATES) --------------------------------------------------------

def _template_with(folder: Path, payload: str | None = None, **changes) -> Path:
    return user_templates(folder, payload, **changes)


def _zip_bomb(folder: Path) -> Path:
    # word/document.xml unpacks to 25 MB (it packs into 25 KB): a zip bomb of ratio 1,000
    xml = zipfile.ZipFile(ROOT / "templates" / "ke-hoach.docx").read("word/document.xml")
    at = xml.index(b"<w:body>")
    return _template_with(folder, document_xml=xml[:at] + b" " * (25 * 1024 * 1024) + xml[at:])


def _declared_huge(folder: Path) -> Path:
    # a central directory claiming 1.5 GB for word/document.xml
    return _template_with(folder, declared=1_500_000_000)


def _fifo_template(folder: Path) -> Path:
    _template_with(folder)
    (folder / "ke-hoach.docx").unlink()
    os.mkfifo(folder / "ke-hoach.docx")
    return folder


TEMPLATES = {
    "range-long-nhau": lambda f: _template_with(f, "{% for i in range(100000) %}{% for j in range(100000) %}"
                                                   "{% endfor %}{% endfor %}"),
    "thap-luy-thua": lambda f: _template_with(f, "{{ 2 ** 64 ** 64 ** 64 }}"),
    "ljust-1-ty": lambda f: _template_with(f, "{{ 'a'.ljust(10**9) }}"),
    "center-1-ty": lambda f: _template_with(f, "{{ 'a'|center(999999999) }}"),
    "format-do-rong": lambda f: _template_with(f, "{{ '{:>999999999}'.format(1) }}{{ '%0999999999d' % 1 }}"),
    "in-hang-gigabyte": lambda f: _template_with(f, "{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}"),
    "nhan-doi-chuoi": lambda f: _template_with(f, "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
                                                  "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}"),
    "macro-nhan-doi": lambda f: _template_with(f, "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}"
                                                  "{% endmacro %}{{ f(60) }}"),
    "the-khong-dong": lambda f: _template_with(f, "{{" * 100_000),
    "bom-zip": _zip_bomb,
    "bom-zip-khai-1-5gb": _declared_huge,
    "fifo": _fifo_template,
}


# --- places to write -------------------------------------------------------------------------------

# where each writing command puts its files for a plan: (folder under -o, a file it writes there)
WRITES = {"build": ("{stem}", "ke-hoach.docx"), "phan-cong": ("{stem}/phan-cong", "vhxh.docx"),
          "tien-do": ("{stem}", "bao-cao-tien-do-2026-quy-1.docx")}


@dataclass
class Place:
    """Where a run writes: its -o folder, its output folder, a file it writes, that folder's manifest."""

    out: Path
    folder: Path
    target: Path
    manifest: Path
    job: dict = field(default_factory=dict)  # what the harness must do for the case


def _place(command: Command, file: Path, out: Path) -> Place:
    sub, name = WRITES.get(command.name, ("{stem}", "ke-hoach.docx"))
    folder = out / sub.format(stem=folder_name(file))
    return Place(out, folder, folder / name, folder / MANIFEST)


def _out_is_a_file(place: Place) -> None:
    place.out.write_text("tệp trùng tên với thư mục -o\n", encoding="utf-8")


def _out_read_only(place: Place) -> None:
    place.out.mkdir()
    place.out.chmod(0o555)
    place.job["without_root_powers"] = True


def _disk_full(place: Place) -> None:
    place.job["file_size_bytes"] = FULL_DISK_AT


def _manifest_is_a_folder(place: Place) -> None:
    place.manifest.mkdir(parents=True)


def _manifest_300mb(place: Place) -> None:
    place.folder.mkdir(parents=True)
    with open(place.manifest, "wb") as fh:
        fh.truncate(300 * 1024 * 1024)  # sparse: 300 MB to read, nothing on disk


def _manifest_fifo(place: Place) -> None:
    place.folder.mkdir(parents=True)
    os.mkfifo(place.manifest)


def _target_fifo(place: Place) -> None:
    place.folder.mkdir(parents=True)
    os.mkfifo(place.target)


SETUPS = {
    "o-la-tep": _out_is_a_file,
    "o-chi-doc": _out_read_only,
    "o-day": _disk_full,
    "manifest-thu-muc": _manifest_is_a_folder,
    "manifest-300mb": _manifest_300mb,
    "manifest-fifo": _manifest_fifo,
    "tep-dich-fifo": _target_fifo,
}
FULL_DISK_AT = 0  # set by the fixture: between the sizes of quyet-dinh.docx and ke-hoach.docx of ke-hoach-dai


def _full_disk_size(plan: Path, folder: Path) -> int:
    """Return a file size that quyet-dinh.docx of `plan` fits in and its ke-hoach.docx does not."""
    from generator.cli import main

    assert main(["build", str(plan), "-o", str(folder)]) == 0
    written = folder / folder_name(plan)
    small, large = (written / "quyet-dinh.docx").stat().st_size, (written / "ke-hoach.docx").stat().st_size
    assert large > 2 * small, (small, large)
    return (small + large) // 2


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Return every path under `folder` with its kind and size (FIFOs and folders included)."""
    found = {}
    for p in sorted(folder.rglob("*")):
        kind = "fifo" if p.is_fifo() else "dir" if p.is_dir() else "file"
        found[str(p.relative_to(folder))] = (kind, p.stat().st_size if kind == "file" else 0)
    return found


@dataclass
class Run:
    case: dict
    command: Command
    file: Path
    cwd: Path
    out_dir: Path
    place: Place
    template: Path | None
    before: dict[str, tuple[str, int]]
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
    global FULL_DISK_AT
    root = tmp_path_factory.mktemp("bad-inputs")
    generated = {c["generate"]: _generate(c["generate"], root) for c in CASES if "generate" in c}
    templates = {c["template"]: TEMPLATES[c["template"]](root / f"mau-{c['template']}")
                 for c in CASES if "template" in c}
    if any(c.get("setup") == "o-day" for c in CASES):
        FULL_DISK_AT = _full_disk_size(generated["ke-hoach-dai"], root / "co-du-cho")
    jobs, meta = [], []
    for n, (command, case) in enumerate(PAIRS):
        file = generated[case["generate"]] if "generate" in case else CORPUS / case["file"]
        cwd = root / f"run-{n}"
        cwd.mkdir()
        if case.get("plan_fifo"):
            file = cwd / "ke-hoach-fifo.yaml"
            os.mkfifo(file)
        out_dir = cwd / "ra"
        place = _place(command, file, out_dir)
        if "setup" in case:
            SETUPS[case["setup"]](place)
        template = templates.get(case.get("template"))
        if template is not None:
            place.job["env"] = {"KEHOACH_TEMPLATES": str(template)}
        argv = [a.format(file=file, out=out_dir) for a in command.argv]
        logs = root / f"log-{n}"
        jobs.append({"argv": argv, "cwd": str(cwd), "stdout": f"{logs}.out", "stderr": f"{logs}.err", **place.job})
        meta.append((command, case, file, cwd, out_dir, place, template, _snapshot(cwd), logs))
    request = {"jobs": jobs, "limits": {"memory_bytes": MEMORY_LIMIT, "cpu_seconds": CPU_LIMIT,
                                        "wall_seconds": WALL_LIMIT, "parallel": os.cpu_count() or 1}}
    env = {**os.environ, "KEHOACH_JOBS": "1"}
    env.pop("KEHOACH_DEBUG", None)
    done = subprocess.run([sys.executable, str(CORPUS / "harness.py")], input=json.dumps(request),
                          capture_output=True, text=True, env=env, timeout=60 + 10 * len(jobs))
    assert done.returncode == 0, f"the harness failed:\n{done.stderr}"
    results = json.loads(done.stdout)
    table = {}
    for (command, case, file, cwd, out_dir, place, template, before, logs), r in zip(meta, results):
        if place.out.is_dir():
            place.out.chmod(0o755)  # a read-only -o, so that the test folder can be removed
        table[(command.name, case_name(case))] = Run(
            case, command, file, cwd, out_dir, place, template, before, r["exit"], r["signal"], r["timed_out"],
            r["wall"], r["cpu"], r["max_rss_kib"], Path(f"{logs}.out").read_text(encoding="utf-8", errors="replace"),
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
    assert {c["generate"] for c in CASES if "generate" in c} == set(GENERATED)
    assert {c["template"] for c in CASES if "template" in c} == set(TEMPLATES)
    assert {c["setup"] for c in CASES if "setup" in c} == set(SETUPS)
    assert len({case_name(c) for c in CASES}) == len(CASES), "two cases of the same name"


def test_corpus_readme_states_every_bound():
    from generator.render import sandbox, templates
    from generator.run import outputs
    from generator.source import declarations, yaml_source
    from generator.kinds.plan.reader import MAX_TASKS

    text = (CORPUS / "README.md").read_text(encoding="utf-8")
    figures = [yaml_source.MAX_FILE_BYTES // (1024 * 1024), yaml_source.MAX_NODES, yaml_source.MAX_TEXT_CHARS,
               yaml_source.MAX_STARS,
               yaml_source.MAX_DEPTH, MAX_TASKS, declarations.PARAGRAPH_MAX, declarations.LINE_MAX,
               declarations.CODE_MAX, outputs.MAX_MANIFEST_BYTES // (1024 * 1024), outputs.MAX_FOLDER_NAME,
               templates.MAX_TEMPLATE_BYTES // (1024 * 1024), templates.MAX_UNPACKED_BYTES // (1024 * 1024),
               templates.MAX_PART_BYTES // (1024 * 1024), templates.MAX_PARTS, templates.TAG_REACH,
               sandbox.STEPS, sandbox.STEPS_PER_VALUE, sandbox.MAX_VALUE, sandbox.MAX_BUILT, sandbox.MAX_OUTPUT,
               sandbox.MAX_INT_BITS, int(sandbox.SECONDS), MEMORY_LIMIT // (1024 * 1024), int(WALL_LIMIT)]
    for figure in figures:
        assert f"{figure:,}" in text, figure


def test_corpus_runs_against_every_registered_command():
    assert {"validate", "build"} <= {c.name for c in ACTIVE}
    missing = _registered() - {c.name for c in COMMANDS} - NOT_READING
    assert not missing, (f"new command(s) {sorted(missing)}: add one line to COMMANDS in "
                         "tests/test_bad_inputs.py (or to NOT_READING if it reads no YAML file)")


@pytest.mark.parametrize(("command", "case"), PAIRS, ids=[f"{c.name}-{case_name(k)}" for c, k in PAIRS])
def test_bad_input(runs, command, case):
    run = runs[(command.name, case_name(case))]
    shown = (f"exit={run.code} signal={run.signal} wall={run.wall:.2f}s cpu={run.cpu:.2f}s "
             f"rss={run.max_rss_kib // 1024} MB\n--- stderr\n{run.err[:3000]}\n--- stdout\n{run.out[:3000]}")
    if run.code == SKIPPED:
        pytest.skip("this system cannot make a read-only folder read-only for root (no capabilities to drop)")
    assert not run.timed_out, f"killed after {WALL_LIMIT} s\n{shown}"
    assert run.signal is None, f"ended by a signal (CPU or memory limit?)\n{shown}"
    assert "Traceback" not in run.err + run.out, shown
    assert run.code == case["exit"], shown
    if case["exit"] == 0:
        _check_accepted(run)
        return
    assert case["message"] in run.err, shown
    assert max(len(line) for line in run.err.splitlines()) <= 400, "messages stay short"
    assert len(run.err) <= MAX_MESSAGE, f"{len(run.err)} characters of messages"
    named = {"file": run.file, "out": run.place.out, "manifest": run.place.manifest, "target": run.place.target,
             "template": run.template / "ke-hoach.docx" if run.template else None}[case.get("names", "file")]
    assert str(named) in run.err, f"the message must name {named}\n" + shown
    if "line" in case:
        assert f"{run.file}:{case['line']}:" in run.err, shown
    if "setup" in case or case.get("plan_fifo"):
        assert _snapshot(run.cwd) == run.before, "the files there before the run must be there, unchanged"
    else:
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
