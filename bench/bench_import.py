#!/usr/bin/env python3
"""Benchmark of ``kehoach nhap``: a 60-task Word plan must import in under 1 s.

    python3 bench/bench_import.py

1. A ward plan of 60 tasks made like an office's Word file (Word auto-numbering,
   bold offices, bullets, a TCVN3 paragraph: tests/fixtures/importing/make_fixtures.py),
   imported .docx → YAML text (read, recognise, registry, write, read back and validate),
   in-process, no LibreOffice. Baseline in the same run: python-docx opening the same
   file and reading every paragraph's text (the least any .docx import pays).
2. The same plan as a 600-task file: time ratio against the 60-task one (should grow no
   faster than the task count).
3. For information: the two reference texts (.txt), and a PDF of the 60-task plan.
Times are medians of 5 runs, in seconds, on the machine it runs on.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "importing"))

from make_fixtures import build_ward_plan  # noqa: E402

from generator.importing.pipeline import import_files  # noqa: E402

RUNS = 5
LIMIT = 1.0


def tasks(groups: int, per_group: int) -> list:
    """Return `groups` lĩnh vực of `per_group` tasks each, in make_fixtures' shape."""
    offices = ["Phòng Văn hóa - Xã hội.", "Văn phòng HĐND&UBND phường.", "Trung tâm Phục vụ hành chính công.",
               "Phòng Kinh tế, Hạ tầng và Đô thị."]
    out = []
    for g in range(groups):
        items = []
        for t in range(per_group):
            products = ["Kế hoạch của UBND phường."] if t % 3 else ["Kế hoạch;", "Báo cáo kết quả thực hiện."]
            items.append((f"Nhiệm vụ {g + 1}.{t + 1}: triển khai thực hiện nội dung cải cách hành chính số {t + 1} "
                          f"của lĩnh vực {g + 1} trên địa bàn phường.", offices[(g + t) % 4],
                          "Các cơ quan, đơn vị có liên quan.", products, f"Quý {['I', 'II', 'III', 'IV'][t % 4]}/2026.",
                          "Ngân sách phường." if t % 7 == 0 else None))
        out.append((f"Lĩnh vực cải cách số {g + 1}", items))
    return out


def median_time(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline(path: Path) -> None:
    from docx import Document

    doc = Document(str(path))
    for p in doc.paragraphs:
        _ = p.text
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                _ = cell.text


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="kehoach-bench-nhap-"))
    try:
        small, large = work / "ke-hoach-60.docx", work / "ke-hoach-600.docx"
        build_ward_plan(small, tasks(6, 10))
        build_ward_plan(large, tasks(20, 30))
        result = import_files([str(small)], str(work / "k.yaml"))
        assert len(result.plan.tasks) == 60, result.summary
        t_import = median_time(lambda: import_files([str(small)], str(work / "k.yaml")))
        t_base = median_time(lambda: baseline(small))
        t_large = median_time(lambda: import_files([str(large)], str(work / "k.yaml")), runs=3)
        print(f"1. Nhập .docx 60 nhiệm vụ ({small.stat().st_size // 1024} KB): {t_import:.3f} s "
              f"(giới hạn {LIMIT:.1f} s: {'ĐẠT' if t_import < LIMIT else 'KHÔNG ĐẠT'})")
        print(f"   Mốc so sánh, python-docx mở tệp và đọc chữ mọi đoạn: {t_base:.3f} s "
              f"→ nhập = {t_import / t_base:.1f} × mốc")
        print(f"2. Nhập .docx 600 nhiệm vụ: {t_large:.3f} s = {t_large / t_import:.1f} × tệp 60 nhiệm vụ "
              f"(số nhiệm vụ gấp 10 lần)")
        for name in ("nam-do-son-ke-hoach-cchc-2026.txt", "hai-phong-ke-hoach-cchc-2026.txt"):
            ref = ROOT.parent / "shared" / "reference" / name
            if ref.exists():
                t = median_time(lambda ref=ref: import_files([str(ref)], str(work / "r.yaml")))
                print(f"3. Nhập văn bản tham chiếu {name}: {t:.3f} s")
        soffice = shutil.which("soffice")
        if soffice:
            subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(work), str(small)],
                           capture_output=True, timeout=300, check=False)
            pdf = small.with_suffix(".pdf")
            if pdf.exists():
                t = median_time(lambda: import_files([str(pdf)], str(work / "p.yaml")), runs=3)
                print(f"3. Nhập PDF của kế hoạch 60 nhiệm vụ (lớp chữ, pdfplumber): {t:.3f} s")
        return 0 if t_import < LIMIT else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
