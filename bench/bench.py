#!/usr/bin/env python3
"""kehoach benchmark: one run prints every figure of the README's "Hiệu năng" section.

    python3 bench/bench.py            # everything (a few minutes on 2 cores)
    python3 bench/bench.py --no-pdf   # skip the LibreOffice part
    python3 bench/bench.py --profile  # also print a cProfile of the 2,000-task plan

Every figure is a ratio against a baseline measured in the same run, interleaved (A B A B …)
so that a busy moment hits both alike; times are medians, in seconds.

1. Start-up, whole processes: `kehoach --help` against `python3 -c pass`; `kehoach validate`
   of the ward plan against `python3 -c "import yaml, cerberus"`; `kehoach build` of the
   ward plan against a bare docxtpl render of the same two documents (context precomputed).
2. Scale: a synthetic 2,000-task plan against the 53-task plan, in memory (YAML → .docx):
   the time ratio must stay at or below the task ratio; the share of office matching
   (`Registry.find_in`) and empty-run removal, the former hot spots.
3. A batch through the command line: 114 blank reports (`kehoach outline`), and 20 plans in
   one `kehoach build`, with worker processes and without.
4. PDF conversion of 20 documents: one LibreOffice process for the batch against one
   `soffice` process per file (its profile already warmed up).

Bytecode is compiled first, as `pip install` does: start-up is measured as users get it.
"""

from __future__ import annotations

import argparse
import cProfile
import compileall
import io
import os
import pickle
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from generator import kinds  # noqa: E402
from generator.kinds.plan.documents import documents  # noqa: E402
from generator.render import docx as renderer  # noqa: E402
from generator.render.docx import render_document  # noqa: E402
from generator.run import pdf  # noqa: E402

PLAN = ROOT / "plans" / "nam-do-son-2026.yaml"
INSPECTION = ROOT / "plans" / "kiem-tra-cchc-2026.yaml"
TARGETS = {"help": 3.0, "validate": 1.3, "build": 1.5, "outlines": 10.0, "per_plan": 0.5, "pdf_speedup": 3.0}
BARE = '''
import pickle, sys
from docxtpl import DocxTemplate, RichText

def word(value):
    if isinstance(value, list) and value and value[0] == "__rich__":
        rich = RichText()
        for text, bold, italic in value[1:]:
            rich.add(text, bold=bold, italic=italic)
        return rich
    if isinstance(value, dict):
        return {k: word(v) for k, v in value.items()}
    if isinstance(value, list):
        return [word(v) for v in value]
    return value

for i, (template, context) in enumerate(pickle.load(open(sys.argv[1], "rb"))):
    doc = DocxTemplate(template)
    doc.render(word(context), autoescape=True)
    doc.save(f"{sys.argv[2]}/{i}.docx")
'''


def num(x: float, digits: int = 3) -> str:
    """Vietnamese decimal comma."""
    return f"{x:.{digits}f}".replace(".", ",")


def verdict(ok: bool) -> str:
    return "ĐẠT" if ok else "CHƯA ĐẠT"


def medians(fns: Sequence[Callable[[], object]], repeat: int) -> list[float]:
    """Median time of each of `fns`, run in turns, after one warm-up run each."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def process(*argv: str, env: dict[str, str] | None = None) -> Callable[[], None]:
    """Return a function running `argv` as a whole process (stdout and stderr discarded)."""
    full_env = {**os.environ, **(env or {})}

    def run() -> None:
        subprocess.run(list(argv), cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)

    return run


def kehoach(*args: str, env: dict[str, str] | None = None) -> Callable[[], None]:
    return process(sys.executable, "-m", "generator", *args, env={"PYTHONPATH": str(ROOT), **(env or {})})


def plain(value: object) -> object:
    """Return template data with rich text as plain lists (the bare process imports no kehoach code)."""
    if isinstance(value, tuple) and value and hasattr(value[0], "bold"):
        return ["__rich__", *[(s.text, s.bold, s.italic) for s in value]]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


# --------------------------------------------------------------------------- 1: start-up


def section_startup(work: Path, repeat: int) -> dict:
    print(f"1. Khởi động, cả tiến trình (trung vị {repeat} lần, đo xen kẽ)")
    out = {}
    help_, bare_python = medians([kehoach("--help"), process(sys.executable, "-c", "pass")], repeat)
    out["help"] = help_ / bare_python
    print(f"   kehoach --help ........................... {num(help_)} s; python3 -c pass {num(bare_python)} s; "
          f"tỉ lệ {num(out['help'], 2)} (mục tiêu ≤ {num(TARGETS['help'], 1)})  {verdict(out['help'] <= TARGETS['help'])}")
    validate, libraries = medians([kehoach("validate", str(PLAN)),
                                   process(sys.executable, "-c", "import yaml, cerberus")], repeat)
    out["validate"] = validate / libraries
    print(f"   kehoach validate (kế hoạch phường) ....... {num(validate)} s; import yaml, cerberus {num(libraries)} s; "
          f"tỉ lệ {num(out['validate'], 2)} (mục tiêu ≤ {num(TARGETS['validate'], 1)})  "
          f"{verdict(out['validate'] <= TARGETS['validate'])}")
    plan = kinds.load(str(PLAN)).model
    contexts = [(str(renderer.templates.locate(d.contract)), plain(d.context)) for d in documents(plan)]
    data = work / "ngu-canh.pkl"
    data.write_bytes(pickle.dumps(contexts))
    script = work / "docxtpl_thuan.py"
    script.write_text(BARE, encoding="utf-8")
    (work / "thuan").mkdir()
    build, bare = medians([kehoach("build", str(PLAN), "-o", str(work / "ra"), "--force"),
                           process(sys.executable, str(script), str(data), str(work / "thuan"))], repeat)
    out["build"] = build / bare
    print(f"   kehoach build (Quyết định + Kế hoạch) .... {num(build)} s; docxtpl thuần {num(bare)} s; "
          f"tỉ lệ {num(out['build'], 2)} (mục tiêu ≤ {num(TARGETS['build'], 1)})  {verdict(out['build'] <= TARGETS['build'])}")
    return out


# --------------------------------------------------------------------------- 2: scale


def synthetic_plan(folder: Path, n_tasks: int) -> Path:
    """The Nam Đồ Sơn plan with its tasks repeated round the 8 areas up to `n_tasks`."""
    data = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    groups = data["nhiem_vu_cu_the"]
    originals = [task for group in groups for task in group["nhiem_vu"]]
    for group in groups:
        group["nhiem_vu"] = []
    for i in range(n_tasks):
        task = dict(originals[i % len(originals)])
        task.pop("ma", None)
        groups[i % len(groups)]["nhiem_vu"].append(task)
    path = folder / f"tong-hop-{n_tasks}-nhiem-vu.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return path


def build_in_memory(path: Path) -> list[bytes]:
    return [render_document(d) for d in documents(kinds.load(str(path)).model)]


def share(path: Path, *names: str) -> tuple[float, dict[str, float]]:
    """Return the time of a build of `path` under cProfile and the share of each function in `names`."""
    prof = cProfile.Profile()
    prof.enable()
    build_in_memory(path)
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    shares = {}
    for name in names:
        cumulative = sum(v[3] for k, v in stats.stats.items() if k[2] == name)  # type: ignore[attr-defined]
        shares[name] = cumulative / total
    return total, shares


def section_scale(work: Path, repeat: int, profile: bool) -> dict:
    big = synthetic_plan(work, 2000)
    n_small, n_big = len(kinds.load(str(PLAN)).model.tasks), len(kinds.load(str(big)).model.tasks)
    t_small, t_big = medians([lambda: build_in_memory(PLAN), lambda: build_in_memory(big)], max(3, repeat // 2))
    ratio, linear = t_big / t_small, n_big / n_small
    print(f"2. Kế hoạch tổng hợp {n_big} nhiệm vụ, từ YAML đến .docx, trong một tiến trình")
    print(f"   {n_big} nhiệm vụ ............................. {num(t_big)} s ({num(t_big / n_big * 1000, 2)} ms/nhiệm vụ); "
          f"{n_small} nhiệm vụ: {num(t_small)} s ({num(t_small / n_small * 1000, 2)} ms/nhiệm vụ)")
    print(f"   tỉ lệ thời gian {num(ratio, 1)} so với tỉ lệ nhiệm vụ {num(linear, 1)} (không tệ hơn tuyến tính)  "
          f"{verdict(ratio <= linear)}")
    _, shares = share(big, "find_in", "_drop_empty_runs")
    print(f"   phần của tra cứu cơ quan (find_in) {num(100 * shares['find_in'], 1)}%, của bỏ run trống "
          f"{num(100 * shares['_drop_empty_runs'], 1)}% (trước: ≈ 65% dựng mô hình, ≈ 30% tạo văn bản)")
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        build_in_memory(big)
        prof.disable()
        stream = io.StringIO()
        pstats.Stats(prof, stream=stream).sort_stats("cumulative").print_stats(20)
        print("\n".join("     " + line for line in stream.getvalue().splitlines() if line.strip()))
    return {"ratio": ratio, "linear": linear, **shares}


# --------------------------------------------------------------------------- 3: batches


def timed(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def section_batch(work: Path) -> dict:
    units = list(kinds.load(str(INSPECTION)).model.units)
    units = [units[i] if i < len(units) else f"{units[i % len(units)]} {i + 1}" for i in range(114)]
    args = ["outline"] + [a for u in units for a in ("--don-vi", u)]
    print("3. Một lệnh cho cả lô, đo cả khởi động Python")
    results = {}
    for jobs in ("", "1"):
        out = work / f"lo-{jobs or 'auto'}"
        elapsed = timed(kehoach(*args, "-o", str(out), env={"KEHOACH_JOBS": jobs} if jobs else None))
        label = "song song (mặc định)" if not jobs else "một tiến trình (KEHOACH_JOBS=1)"
        print(f"   114 báo cáo trống, {label:<31} {num(elapsed, 2)} s ({len(list(out.rglob('*.docx')))} tệp)")
        results[jobs or "auto"] = elapsed
    print(f"   114 báo cáo trống ≤ {num(TARGETS['outlines'], 0)} s  {verdict(results['auto'] <= TARGETS['outlines'])}")
    folder = work / "20-ke-hoach"
    folder.mkdir()
    for i in range(20):
        shutil.copyfile(PLAN, folder / f"ke-hoach-{i + 1:02d}.yaml")
    per = timed(kehoach("build", str(folder), "-o", str(work / "lo-20"))) / 20
    print(f"   mỗi kế hoạch trong một lệnh build 20 kế hoạch: {num(per)} s (mục tiêu ≤ {num(TARGETS['per_plan'], 1)} s)  "
          f"{verdict(per <= TARGETS['per_plan'])}")
    return {**results, "per_plan": per}


# --------------------------------------------------------------------------- 4: PDF


def section_pdf(work: Path) -> dict:
    soffice = pdf.find_soffice()
    print("4. Chuyển 20 văn bản sang PDF (LibreOffice)")
    if soffice is None:
        print("   bỏ qua: không có LibreOffice (soffice)")
        return {}
    source = work / "pdf-nguon"
    kehoach("build", str(PLAN), "-o", str(source))()
    docs = sorted(source.glob("*/*.docx"))
    batch_dir, single_dir = work / "pdf-lo", work / "pdf-tung-tep"
    files = []
    for i in range(20):
        doc = docs[i % len(docs)]
        for folder in (batch_dir, single_dir):
            (folder / f"{i:02d}").mkdir(parents=True)
            shutil.copyfile(doc, folder / f"{i:02d}" / doc.name)
        files.append(batch_dir / f"{i:02d}" / doc.name)
    profile = (work / "ho-so-lo").as_uri()

    def one(doc: Path) -> None:
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(doc.parent), str(doc)], capture_output=True, check=True)

    one(single_dir / "00" / docs[0].name)  # warm the profile up
    per_file = timed(lambda: [one(next((single_dir / f"{i:02d}").glob("*.docx"))) for i in range(20)])
    result = None

    def batch() -> None:
        nonlocal result
        result = pdf.convert(files)

    batched = timed(batch)
    speedup = per_file / batched
    made = len(result.pdfs) if result else 0
    print(f"   một tiến trình cho mỗi tệp (20 lần soffice) .. {num(per_file, 2)} s")
    print(f"   một tiến trình cho cả lô (kehoach --pdf) ..... {num(batched, 2)} s   {made} PDF, nhanh gấp "
          f"{num(speedup, 1)} (mục tiêu ≥ {num(TARGETS['pdf_speedup'], 0)})  {verdict(speedup >= TARGETS['pdf_speedup'] and made == 20)}")
    return {"speedup": speedup}


def main() -> int:
    parser = argparse.ArgumentParser(description="Đo hiệu năng kehoach (xem README, mục Hiệu năng).")
    parser.add_argument("--no-pdf", action="store_true", help="bỏ phần chuyển PDF")
    parser.add_argument("--profile", action="store_true", help="in cProfile của kế hoạch 2.000 nhiệm vụ")
    parser.add_argument("-n", "--repeat", type=int, default=9, help="số lần đo mỗi phép (mặc định 9)")
    args = parser.parse_args()
    compileall.compile_dir(str(ROOT / "generator"), quiet=1)  # as an installed package has it
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"kehoach — đo hiệu năng: Python {platform.python_version()}, {platform.system()}, {cpus} CPU")
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        work = Path(tmp)
        section_startup(work, args.repeat)
        section_scale(work, args.repeat, args.profile)
        section_batch(work)
        if not args.no_pdf:
            section_pdf(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
