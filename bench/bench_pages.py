#!/usr/bin/env python3
"""What the page rules cost: the annex row estimates and keep flags against the whole render.

    python3 bench/bench_pages.py [N_TASKS]    # default 1000

A synthetic plan (the city plan's tasks repeated up to N, annex layout) is built in memory.
Figures, medians of 5 runs on this machine:
- the annex table's data with the row-height estimates (`annex_context`) against the same
  without them (heights not computed): the estimates' own cost;
- the Kế hoạch's whole render (context + docxtpl + zip): what the estimates weigh in it.
Target: the estimates cost at most 15 % of the render.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import kinds  # noqa: E402
from generator.kinds.plan import documents  # noqa: E402
from generator.render.docx import render_document  # noqa: E402

TARGET = 0.15


def synthetic(folder: Path, n: int) -> Path:
    data = yaml.safe_load((ROOT / "plans" / "hai-phong-2026.yaml").read_text(encoding="utf-8"))
    groups = data["nhiem_vu_cu_the"]
    originals = [t for g in groups for t in g["nhiem_vu"]]
    for g in groups:
        g["nhiem_vu"] = []
    for i in range(n):
        groups[i % len(groups)]["nhiem_vu"].append(dict(originals[i % len(originals)]))
    path = folder / f"phu-luc-{n}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return path


def median(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        plan = kinds.load(str(synthetic(Path(tmp), n)), expect=("ke_hoach",)).model
    with_estimates = median(lambda: documents.annex_context(plan))
    with mock.patch.object(documents, "row_height_pt", lambda cells: 0.0):
        without = median(lambda: documents.annex_context(plan))
    render = median(lambda: render_document(documents.documents(plan)[-1]), repeat=3)
    share = (with_estimates - without) / render
    print(f"Bảng phụ lục {len(plan.tasks)} nhiệm vụ (trung vị):")
    print(f"  dữ liệu bảng, có ước lượng chiều cao dòng ... {with_estimates:.3f} s")
    print(f"  dữ liệu bảng, không ước lượng .............. {without:.3f} s")
    print(f"  cả Kế hoạch (ngữ cảnh + docxtpl + zip) ..... {render:.3f} s")
    print(f"  phần của ước lượng: {share:.1%} (mục tiêu ≤ {TARGET:.0%})  {'ĐẠT' if share <= TARGET else 'CHƯA ĐẠT'}")
    return 0 if share <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
