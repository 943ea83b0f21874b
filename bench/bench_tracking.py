#!/usr/bin/env python3
"""Tracking benchmark: deadline parsing stays linear, recurring plans and workbook imports scale.

    python3 bench/bench_tracking.py

1. Deadline wordings built to make regular expressions backtrack ("theo theo …", "*a *a …",
   long digit runs, "Tháng 1, 1, 1 …"): the time for 500 KB against 50 KB of the same text,
   which must stay near 10 (linear), far from 100 (quadratic).
2. A five-year plan of 1,000 tasks, a third of them recurring (monthly, quarterly, yearly):
   reading it (schedules and records built) against a one-year plan of the same tasks, and
   counting a year of its entries.
3. Exporting that plan's workbook for one year and importing it back (every cell read, every
   row matched by id) against the export alone; and how fast hostile workbooks are refused.
Times are medians of several runs, in seconds, on the machine it runs on.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.domain import tracking  # noqa: E402
from generator.domain.deadlines import parse_deadline  # noqa: E402
from generator.kinds import read_loaded  # noqa: E402
from generator.kinds.plan import followup, status_import  # noqa: E402
from generator.render import xlsx  # noqa: E402
from generator.source.yaml_source import load_bytes  # noqa: E402

TARGETS = {"linear": 25.0, "read_ratio": 3.0, "import_s": 10.0}


def median(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def num(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def plan_text(tasks: int, years: str) -> str:
    wordings = ["Quý I/2026", "Hằng tháng, trước ngày 20", "Thường xuyên", "Hằng quý, trước ngày 03 tháng cuối quý",
                "Trong năm 2026", "Hằng năm", "Theo yêu cầu của Bộ Nội vụ", "Tháng 10/2026", "Định kỳ 6 tháng"]
    head = (f"{years}\nco_quan_ban_hanh: {{ten: \"Sở Nội vụ\", dia_danh: \"Hải Phòng\", viet_tat: \"SNV\"}}\n"
            "co_quan:\n  cchc: {ten: \"Phòng Cải cách hành chính\", ten_ngan: \"CCHC\"}\n"
            "  vp: {ten: \"Văn phòng Sở\", ten_ngan: \"VP\"}\n"
            "ke_hoach:\n  trich_yeu: \"Cải cách hành chính\"\n  ngay: 2026-01-05\n"
            "  noi_dung: [{tieu_de: \"NHIỆM VỤ\", nhiem_vu: true}]\n"
            "  noi_nhan: [\"UBND thành phố\"]\n  nguoi_ky: {chuc_vu: \"GIÁM ĐỐC\", ho_ten: \"A\"}\n"
            "nhiem_vu_cu_the:\n")
    groups = []
    for g in range(tasks // 50):
        items = []
        for i in range(50):
            n = g * 50 + i
            items.append(f"      - noi_dung: \"Nhiệm vụ số {n + 1} của kế hoạch.\"\n"
                         f"        chu_tri: {'cchc' if n % 2 else 'vp'}\n"
                         f"        thoi_gian: \"{wordings[n % len(wordings)]}\"\n")
        groups.append(f"  - linh_vuc: \"Lĩnh vực {g + 1}\"\n    nhiem_vu:\n" + "".join(items))
    return head + "".join(groups)


def read(text: str):
    return read_loaded(load_bytes(text.encode(), "ke-hoach.yaml"), expect=("ke_hoach",)).model


def main() -> int:
    ok = True
    print("1. Đọc thời hạn: thời gian với 500 KB so với 50 KB (tuyến tính ≈ 10)")
    for unit in ("theo ", "*a ", "1", "tháng 1, ", "hằng quý, ", "Quý I/2026 theo "):
        small, large = unit * (50_000 // len(unit)), unit * (500_000 // len(unit))
        t_small = median(lambda: parse_deadline(small, 2026, 2030))
        t_large = median(lambda: parse_deadline(large, 2026, 2030))
        ratio = t_large / max(t_small, 1e-6)
        ok &= ratio <= TARGETS["linear"]
        print(f"   {unit!r:20} 50 KB {num(t_small)} s, 500 KB {num(t_large)} s: tỉ lệ {num(ratio, 1)}")

    print("2. Kế hoạch 1.000 nhiệm vụ, một phần ba định kỳ")
    one_year = plan_text(1000, "nam: 2026")
    five_years = plan_text(1000, "giai_doan: {tu: 2026, den: 2030}")
    t1 = median(lambda: read(one_year))
    t5 = median(lambda: read(five_years))
    plan = read(five_years)
    occurrences = sum(len(t.schedule.occurrences) for t in plan.tasks)
    scope = tracking.year_scope(2027)
    t_count = median(lambda: tracking.task_counts(plan.tasks, date(2027, 12, 31), scope))
    ok &= t5 / t1 <= TARGETS["read_ratio"]
    print(f"   đọc kế hoạch một năm {num(t1)} s; giai đoạn 5 năm ({occurrences} kỳ) {num(t5)} s: "
          f"tỉ lệ {num(t5 / t1, 2)} (mục tiêu ≤ {num(TARGETS['read_ratio'], 1)})")
    print(f"   đếm các lượt của năm 2027: {num(t_count)} s")

    print("3. Sổ Excel của năm 2027: xuất, rồi nhập lại")
    filters = followup.Filters(year=2027)
    rows = followup.task_rows(plan, followup.select(plan, filters, date(2027, 6, 30)), date(2027, 6, 30))
    identity = followup.identity(plan, "năm 2027", date(2027, 6, 30))
    t_export = median(lambda: xlsx.workbook_bytes(plan, rows, date(2027, 6, 30), identity), runs=1)
    data = xlsx.workbook_bytes(plan, rows, date(2027, 6, 30), identity)

    def round_trip() -> None:
        returned = xlsx.read_workbook(data)
        assert status_import.refusal(plan, returned) is None
        result = status_import.plan_changes(plan, returned)
        assert not result.errors and not result.changes

    t_import = median(round_trip, runs=1)
    ok &= t_import <= TARGETS["import_s"]
    print(f"   {len(rows)} dòng, {len(data) // 1024} KB: xuất {num(t_export)} s, nhập lại và khớp theo mã "
          f"{num(t_import)} s (mục tiêu ≤ {num(TARGETS['import_s'], 0)} s; tỉ lệ {num(t_import / t_export, 2)})")
    import importlib.util

    sys.path.insert(0, str(ROOT / "tests"))
    spec = importlib.util.spec_from_file_location("bad_workbooks", ROOT / "tests/hostile/test_bad_workbooks.py")
    assert spec is not None and spec.loader is not None
    hostile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hostile)
    base = xlsx.workbook_bytes(plan, rows[:20], date(2027, 6, 30), identity)
    for name, (make, _) in hostile.CASES.items():
        bad = hostile._workbook(base, {hostile.SHEET: make()})

        def refuse(bad: bytes = bad, name: str = name) -> None:
            try:
                xlsx.read_workbook(bad)
            except xlsx.WorkbookError:
                return
            raise AssertionError(name)

        print(f"   từ chối {name}: {num(median(refuse))} s")
    print("ĐẠT" if ok else "CHƯA ĐẠT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
