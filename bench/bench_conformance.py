#!/usr/bin/env python3
"""Speed of `kehoach kiem-tra`: checking a 20-page document without --pdf must take under 0,5 s.

    python3 bench/bench_conformance.py            # the figures
    python3 bench/bench_conformance.py --no-pdf   # skip counting the pages with LibreOffice

The document is the corpus's compliant Kế hoạch stretched to about 20 pages
(tests/fixtures/conformance/make_corpus.py, `long_ke_hoach(20)`, ~160 body paragraphs),
with the header table, signature table and page numbers of a real one. LibreOffice counts
its pages once, to show it really is ~20 pages.

Figures (the fastest of several runs — the run least disturbed by other work on a shared
machine —, seconds, on this machine):
1. baseline: opening the file with python-docx (`Document(path)`), the least any .docx
   checker pays;
2. `check_file(path)`: read with styles resolved + layout + every rule — the target;
3. the ratio of the two (what the checking itself costs over opening the file);
4. the check of a 4× longer document (80 pages) against the 20-page one: no worse than linear;
5. the whole command `python -m generator kiem-tra FILE` as a new process, against
   `python -m generator --version` (interpreter start + importing every command).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402

from generator.conformance import check_file, read_docx  # noqa: E402

TARGET_SECONDS = 0.5


def num(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def best_time(fn, runs: int = 7) -> float:
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def paired_times(a: list[str], b: list[str], runs: int = 7) -> tuple[float, float]:
    """Return the fastest wall time of commands `a` and `b`, run alternately (same machine load)."""
    ta, tb = [], []
    for _ in range(runs):
        for cmd, out in ((a, ta), (b, tb)):
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, cwd=ROOT, check=False)
            out.append(time.perf_counter() - t)
    return min(ta), min(tb)


def corpus_module():
    path = ROOT / "tests" / "fixtures" / "conformance" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("make_corpus", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


def pdf_pages(path: Path) -> int | None:
    from generator.conformance.office import OfficeError, convert, pdf_page_texts

    try:
        with tempfile.TemporaryDirectory() as tmp:
            return len(pdf_page_texts(convert(path, "pdf:writer_pdf_Export", Path(tmp))))
    except OfficeError:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="không đếm trang bằng LibreOffice")
    args = parser.parse_args()
    corpus = corpus_module()
    with tempfile.TemporaryDirectory() as tmp:
        doc20, doc80 = Path(tmp) / "20-trang.docx", Path(tmp) / "80-trang.docx"
        corpus.long_ke_hoach(20).save(doc20)
        corpus.long_ke_hoach(80).save(doc80)
        report = check_file(doc20)
        assert report.error is None and not report.findings, [str(f) for f in report.findings]
        paragraphs = len(read_docx(doc20).paragraphs)
        pages = None if args.no_pdf else pdf_pages(doc20)
        base = best_time(lambda: Document(doc20))
        check20 = best_time(lambda: check_file(doc20))
        check80 = best_time(lambda: check_file(doc80), runs=5)
        cli = [sys.executable, "-m", "generator"]
        start, whole = paired_times([*cli, "--version"], [*cli, "kiem-tra", str(doc20)])
    print(f"Văn bản thử: Kế hoạch {pages if pages else '~20'} trang "
          f"({'LibreOffice đếm' if pages else 'không đếm trang'}), {paragraphs} đoạn, "
          f"{len(report.passed)} quy tắc đạt, 0 không đạt.")
    print(f"1. Mở tệp bằng python-docx (mốc so sánh): {num(base)} s")
    print(f"2. kehoach kiem-tra (không --pdf), 20 trang: {num(check20)} s "
          f"(mục tiêu < {num(TARGET_SECONDS, 1)} s: {'ĐẠT' if check20 < TARGET_SECONDS else 'CHƯA ĐẠT'})")
    print(f"3. Kiểm tra / mở tệp: {num(check20 / base, 2)} lần")
    print(f"4. 80 trang / 20 trang: {num(check80 / check20, 2)} lần thời gian cho 4 lần độ dài "
          f"({'ĐẠT' if check80 / check20 <= 4.4 else 'CHƯA ĐẠT'}: không tệ hơn tuyến tính)")
    print(f"5. Cả lệnh (tiến trình mới): {num(whole)} s, trong đó khởi động kehoach "
          f"(--version) {num(start)} s; phần kiểm tra thêm {num(whole - start)} s")
    return 0 if check20 < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
