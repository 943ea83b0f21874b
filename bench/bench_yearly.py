#!/usr/bin/env python3
"""Timings of the yearly work (issue 11): nam-moi, diff, the YAML edit, docx-text.

    python3 bench/bench_yearly.py

Each figure is set against a baseline measured in the same run on the same file: reading
and validating the plan (`load_bytes` + `plan_from_source`), what every command does
anyway. Plans: Nam Đồ Sơn (53 tasks) and a synthetic 1,000-task plan (bench/bench.py's).
Times are medians, in seconds.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench import PLAN, medians, num, synthetic_plan, verdict  # noqa: E402

from generator import documents, rendering  # noqa: E402
from generator.source.yaml_source import load_bytes  # noqa: E402
from generator.plans import plan_from_source  # noqa: E402
from generator.source.editing import FieldEdit, edit_tasks, edit_text  # noqa: E402
from generator.yearly.carryover import carry_over  # noqa: E402
from generator.yearly.changes import compare  # noqa: E402
from generator.yearly.gitsetup import docx_text  # noqa: E402

# × the read + validate baseline. The round trip keeping comments (ruamel.yaml) is pure Python:
# one load and two dumps cost several times the C parser + validation of the baseline.
TARGETS = {"nam_moi": 10.0, "edit": 8.0, "diff": 1.0}


def edited(text: str) -> str:
    """`text` with a task inserted in the middle and ten deadlines changed."""
    from ruamel.yaml.comments import CommentedMap

    def edit(root):
        groups = root["nhiem_vu_cu_the"]
        task = CommentedMap([("noi_dung", "Nhiệm vụ mới chèn giữa kế hoạch."), ("chu_tri", "vhxh"),
                             ("thoi_gian", "Quý II/2026")])
        groups[0]["nhiem_vu"].insert(len(groups[0]["nhiem_vu"]) // 2, task)
        for k in range(10):
            group = groups[k % len(groups)]["nhiem_vu"]
            group[k % len(group)]["thoi_gian"] = "Quý IV/2026 (đã điều chỉnh)"

    return edit_text(text, edit)


def row(label: str, seconds: float, base: float, target: float | None) -> str:
    ratio = seconds / base
    mark = f" (mục tiêu ≤ {num(target, 1)}: {verdict(ratio <= target)})" if target else ""
    return f"  {label:<46} {num(seconds)} s = {num(ratio, 2)} × đọc + kiểm tra{mark}"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        plans = {"Nam Đồ Sơn (53 nhiệm vụ)": PLAN, "tổng hợp 1.000 nhiệm vụ": synthetic_plan(Path(tmp), 1000)}
        for name, path in plans.items():
            raw = path.read_bytes()
            text = raw.decode("utf-8")
            new_text = carry_over(raw, str(path), year=2027).text
            changed = edited(text)
            old_src = load_bytes(raw, "cu.yaml")
            next_src = load_bytes(new_text.encode("utf-8"), "moi.yaml")
            changed_src = load_bytes(changed.encode("utf-8"), "sua.yaml")
            plan = plan_from_source(old_src)
            docx = rendering.render(rendering.templates_dir() / "ke-hoach.docx", documents.plan_context(plan))
            repeat = 7 if "53" in name else 3
            base, carry, edit, diff_next, diff_changed, text_of = medians([
                lambda: plan_from_source(load_bytes(raw, "x.yaml")),
                lambda: carry_over(raw, str(path), year=2027),
                lambda: edit_tasks(text, [FieldEdit(0, 0, "trang_thai", "hoan_thanh")]),
                lambda: compare(old_src, next_src),
                lambda: compare(old_src, changed_src),
                lambda: docx_text(docx),
            ], repeat)
            print(f"{name}: đọc + kiểm tra kế hoạch {num(base)} s")
            print(row("nam-moi (chuyển năm + danh sách rà soát)", carry, base, TARGETS["nam_moi"]))
            print(row("sửa một trường (tasks --nhap-xlsx, yamledit)", edit, base, TARGETS["edit"]))
            print(row("diff với kế hoạch năm sau", diff_next, base, TARGETS["diff"]))
            print(row("diff: chèn 1 nhiệm vụ, sửa 10 thời hạn", diff_changed, base, TARGETS["diff"]))
            print(row("docx-text của ke-hoach.docx", text_of, base, None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
