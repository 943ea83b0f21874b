#!/usr/bin/env python3
"""kehoach benchmark: one run prints every figure of the README's "Hiệu năng" section.

    python3 bench/bench.py            # everything (about a minute on 2 cores)
    python3 bench/bench.py --no-pdf   # skip the LibreOffice part
    python3 bench/bench.py --profile  # also print a cProfile of the 1,000-task build

1. The full Nam Đồ Sơn plan (Quyết định + Kế hoạch): kehoach's render (document
   contexts + sandboxed render + deterministic zip) against a bare docxtpl render of the
   same templates with a precomputed context; the ratio is kehoach's own overhead.
   Loading the YAML (parse + validation + model) is shown beside it.
2. A synthetic 1,000-task plan against the 53-task plan (YAML → .docx): the time ratio
   must stay at or below the task ratio (no worse than linear).
3. A batch through the real command line: 114 report outlines (`kehoach outline`, one
   per unit) when that command exists, else 114 plan builds — the output says which —
   with worker processes and without.
4. PDF conversion of 20 documents: one LibreOffice process for the batch (kehoach's
   `generator.pdf.convert`) against one `soffice` process per file (its profile already
   warmed up, the most favourable case for per-file).
Times are medians of several runs, in seconds, on the machine it runs on.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from docxtpl import DocxTemplate  # noqa: E402

from generator import documents, pdf, rendering  # noqa: E402
from generator.plans import load_plan  # noqa: E402

PLAN = ROOT / "plans" / "nam-do-son-2026.yaml"
INSPECTION = ROOT / "plans" / "kiem-tra-cchc-2026.yaml"
TARGETS = {"overhead": 1.3, "per_plan": 0.5, "outlines": 10.0, "pdf_speedup": 3.0}


def num(x: float, digits: int = 3) -> str:
    """Vietnamese decimal comma."""
    return f"{x:.{digits}f}".replace(".", ",")


def verdict(ok: bool) -> str:
    return "ĐẠT" if ok else "CHƯA ĐẠT"


def medians(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Median time of each of `fns`, run in turns (so a busy moment hits all of them alike)."""
    for fn in fns:
        fn()  # warm-up: imports, template compilation, file cache
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


# --------------------------------------------------------------------------- 1 and 2


def kehoach_render(plan) -> list[bytes]:
    tdir = rendering.templates_dir()
    out = []
    if plan.decision is not None:
        out.append(rendering.render(tdir / "quyet-dinh.docx", documents.decision_context(plan)))
    out.append(rendering.render(tdir / "ke-hoach.docx", documents.plan_context(plan)))
    return out


def build_in_memory(path: Path) -> list[bytes]:
    return kehoach_render(load_plan(str(path)))


def bare_docxtpl(contexts: list[tuple[Path, dict]]) -> None:
    for template, context in contexts:
        doc = DocxTemplate(str(template))
        doc.render(context, autoescape=True)
        doc.save(io.BytesIO())


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


def section_render(repeat: int) -> dict:
    plan = load_plan(str(PLAN))
    tdir = rendering.templates_dir()
    contexts = []
    if plan.decision is not None:
        contexts.append((tdir / "quyet-dinh.docx", rendering._to_word(documents.decision_context(plan))))
    contexts.append((tdir / "ke-hoach.docx", rendering._to_word(documents.plan_context(plan))))
    bare, ours, load, full = medians([lambda: bare_docxtpl(contexts), lambda: kehoach_render(plan),
                                      lambda: load_plan(str(PLAN)), lambda: build_in_memory(PLAN)], repeat)
    ratio = ours / bare
    print(f"1. Kế hoạch Nam Đồ Sơn đầy đủ (Quyết định + Kế hoạch, {len(plan.tasks)} nhiệm vụ), trung vị {repeat} lần")
    print(f"   docxtpl thuần, ngữ cảnh tính sẵn ............ {num(bare)} s")
    print(f"   kehoach: ngữ cảnh + tạo .docx tất định ...... {num(ours)} s   tỉ lệ {num(ratio, 2)} "
          f"(mục tiêu ≤ {num(TARGETS['overhead'], 1)})  {verdict(ratio <= TARGETS['overhead'])}")
    print(f"   kehoach: đọc YAML + kiểm tra + mô hình ....... {num(load)} s")
    print(f"   kehoach: từ YAML đến .docx (cả hai) .......... {num(full)} s   "
          f"(gấp {num(full / bare, 2)} docxtpl thuần)")
    return {"bare": bare, "ours": ours, "ratio": ratio, "load": load, "full": full, "tasks": len(plan.tasks)}


def section_scaling(work: Path, repeat: int, base: dict, profile: bool) -> dict:
    big = synthetic_plan(work, 1000)
    n_big = len(load_plan(str(big)).tasks)
    t_small, t_big = medians([lambda: build_in_memory(PLAN), lambda: build_in_memory(big)], max(3, repeat // 2))
    ratio = t_big / t_small
    linear = n_big / base["tasks"]
    print(f"2. Kế hoạch tổng hợp {n_big} nhiệm vụ, từ YAML đến .docx")
    print(f"   {n_big} nhiệm vụ .............................. {num(t_big)} s   "
          f"({num(t_big / n_big * 1000, 2)} ms/nhiệm vụ; {base['tasks']} nhiệm vụ: "
          f"{num(t_small / base['tasks'] * 1000, 2)} ms/nhiệm vụ)")
    print(f"   tỉ lệ thời gian {num(ratio, 1)} so với tỉ lệ nhiệm vụ {num(linear, 1)} "
          f"(không tệ hơn tuyến tính)  {verdict(ratio <= linear)}")
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        build_in_memory(big)
        prof.disable()
        print("   cProfile (20 hàm tốn nhất, theo thời gian cộng dồn):")
        stream = io.StringIO()
        pstats.Stats(prof, stream=stream).sort_stats("cumulative").print_stats(20)
        print("\n".join("     " + line for line in stream.getvalue().splitlines() if line.strip()))
    return {"big": t_big, "ratio": ratio, "linear": linear}


# --------------------------------------------------------------------------- 3: the CLI


def cli(args: list[str], env: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                         env=full_env, cwd=ROOT)
    return time.perf_counter() - start, run


def has_outline_command() -> bool:
    from generator.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return "outline" in sub.choices


def unit_names(n: int) -> list[str]:
    """`n` commune/ward names, from the inspection plan's Phụ lục II when it has them."""
    names: list[str] = []
    try:
        from generator import inspection

        names = list(inspection.load_inspection(str(INSPECTION)).units)
    except Exception:  # the inspection plan may not exist yet: synthetic names below
        names = []
    base = names or ["Phường Lê Chân", "Xã An Lão", "Phường Đồ Sơn", "Xã Tiên Lãng"]
    return [base[i] if i < len(base) else f"{base[i % len(base)]} {i + 1}" for i in range(n)]


def section_batch(work: Path) -> dict:
    n = 114
    outline = has_outline_command()
    results = {}
    if outline:
        units = unit_names(n)
        args = ["outline"] + [a for u in units for a in ("--don-vi", u)]
        what = f"{n} đề cương báo cáo (kehoach outline, mỗi đơn vị một tệp)"
    else:
        folder = work / "114-ke-hoach"
        folder.mkdir()
        for i in range(n):
            shutil.copyfile(PLAN, folder / f"ke-hoach-{i + 1:03d}.yaml")
        args = ["build", str(folder)]
        what = (f"{n} kế hoạch (kehoach build; chưa có lệnh `kehoach outline` nên đo {n} lần "
                "tạo Quyết định + Kế hoạch thay cho 114 đề cương)")
    print(f"3. Một lệnh cho cả lô: {what}, đo cả khởi động Python")
    for jobs in ("", "1"):
        out = work / f"lo-{jobs or 'auto'}"
        elapsed, run = cli([*args, "-o", str(out)], {"KEHOACH_JOBS": jobs} if jobs else None)
        if run.returncode != 0:
            print(f"   lỗi (mã {run.returncode}): {run.stderr.strip()[-500:]}")
            return {"ok": False}
        files = len(list(out.rglob("*.docx")))
        label = "song song (mặc định)" if not jobs else "một tiến trình (KEHOACH_JOBS=1)"
        print(f"   {label:<31} {num(elapsed, 2)} s   {files} tệp .docx, {num(elapsed / n)} s mỗi "
              f"{'đơn vị' if outline else 'kế hoạch'}")
        results[jobs or "auto"] = elapsed
    per = results["auto"] / n
    if outline:
        print(f"   114 đề cương ≤ {num(TARGETS['outlines'], 0)} s  {verdict(results['auto'] <= TARGETS['outlines'])}")
        # the per-plan target still needs plan builds
        folder = work / "20-ke-hoach"
        folder.mkdir()
        for i in range(20):
            shutil.copyfile(PLAN, folder / f"ke-hoach-{i + 1:02d}.yaml")
        elapsed, run = cli(["build", str(folder), "-o", str(work / "lo-20")])
        per = elapsed / 20
        print(f"   20 kế hoạch trong một lệnh build .......... {num(elapsed, 2)} s")
    else:
        print(f"   114 lần (thay cho 114 đề cương) ≤ {num(TARGETS['outlines'], 0)} s  "
              f"{verdict(results['auto'] <= TARGETS['outlines'])}")
    print(f"   mỗi kế hoạch trong lô: {num(per)} s (mục tiêu ≤ {num(TARGETS['per_plan'], 1)} s)  "
          f"{verdict(per <= TARGETS['per_plan'])}")
    return {"ok": True, "outline": outline, **results, "per_plan": per}


# --------------------------------------------------------------------------- 4: PDF


def section_pdf(work: Path) -> dict:
    soffice = pdf.find_soffice()
    print("4. Chuyển 20 văn bản sang PDF (LibreOffice)")
    if soffice is None:
        print("   bỏ qua: không có LibreOffice (soffice)")
        return {}
    source = work / "pdf-nguon"
    _, run = cli(["build", str(PLAN), "-o", str(source)])
    docs = sorted(source.glob("*/*.docx"))
    batch_dir, single_dir = work / "pdf-lo", work / "pdf-tung-tep"
    files = []
    for i in range(20):
        doc = docs[i % len(docs)]
        for folder in (batch_dir, single_dir):
            (folder / f"{i:02d}").mkdir(parents=True)
            shutil.copyfile(doc, folder / f"{i:02d}" / doc.name)
        files.append(batch_dir / f"{i:02d}" / doc.name)
    # per file: one soffice process each, sharing a profile warmed up beforehand
    profile = (work / "ho-so-lo").as_uri()
    warm = single_dir / "00" / docs[0].name

    def one(doc: Path) -> None:
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(doc.parent), str(doc)],
                       capture_output=True, check=True)

    one(warm)
    start = time.perf_counter()
    for i in range(20):
        one(next((single_dir / f"{i:02d}").glob("*.docx")))
    per_file = time.perf_counter() - start
    start = time.perf_counter()
    result = pdf.convert(files)
    batched = time.perf_counter() - start
    speedup = per_file / batched
    print(f"   một tiến trình cho mỗi tệp (20 lần soffice) .. {num(per_file, 2)} s")
    print(f"   một tiến trình cho cả lô (kehoach --pdf) ..... {num(batched, 2)} s   "
          f"{len(result.pdfs)} PDF, nhanh gấp {num(speedup, 1)} (mục tiêu ≥ {num(TARGETS['pdf_speedup'], 0)})  "
          f"{verdict(speedup >= TARGETS['pdf_speedup'] and len(result.pdfs) == 20)}")
    return {"per_file": per_file, "batched": batched, "speedup": speedup}


def soffice_version() -> str:
    soffice = pdf.find_soffice()
    if not soffice:
        return "không có LibreOffice"
    try:
        out = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return "LibreOffice ?"
    return " ".join(out.split()[:2]) or "LibreOffice ?"


def main() -> int:
    parser = argparse.ArgumentParser(description="Đo hiệu năng kehoach (xem README, mục Hiệu năng).")
    parser.add_argument("--no-pdf", action="store_true", help="bỏ phần chuyển PDF")
    parser.add_argument("--profile", action="store_true", help="in cProfile của kế hoạch 1.000 nhiệm vụ")
    parser.add_argument("-n", "--repeat", type=int, default=7, help="số lần đo mỗi phép (mặc định 7)")
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"kehoach — đo hiệu năng: Python {platform.python_version()}, {platform.system()}, "
          f"{cpus} CPU, {soffice_version()}")
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        work = Path(tmp)
        base = section_render(args.repeat)
        section_scaling(work, args.repeat, base, args.profile)
        section_batch(work)
        if not args.no_pdf:
            section_pdf(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
