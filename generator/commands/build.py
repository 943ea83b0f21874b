"""``kehoach build PLAN.yaml...``: render the Quyết định and the Kế hoạch."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from generator import documents, inspection, rendering
from generator.batch import Rendered, run_batch
from generator.commands.common import add_output_options, err, yaml_files
from generator.model import Plan
from generator.outputs import Output
from generator.loading import load_file
from generator.plans import plan_from_source


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="tạo Quyết định và Kế hoạch (.docx)",
                       description="Tạo DIR/<tên tệp>/quyet-dinh.docx (nếu kế hoạch có quyết định) và "
                                   "ke-hoach.docx cho từng kế hoạch. Tệp đã bị sửa tay không bị ghi đè "
                                   "nếu không có --force.")
    p.add_argument("plans", nargs="+", metavar="KE_HOACH.yaml", help="tệp kế hoạch (hoặc thư mục)")
    add_output_options(p)
    p.set_defaults(func=run)


def plan_outputs(plan: Plan, out_dir: Path) -> list[Output]:
    """Return the documents of `plan` rendered in memory, with their target paths."""
    folder = out_dir / Path(plan.source).stem
    tdir = rendering.templates_dir()
    outputs = []
    if plan.decision is not None:
        data = rendering.render(tdir / "quyet-dinh.docx", documents.decision_context(plan))
        outputs.append(Output(folder / "quyet-dinh.docx", data))
    data = rendering.render(tdir / "ke-hoach.docx", documents.plan_context(plan))
    outputs.append(Output(folder / "ke-hoach.docx", data))
    return outputs


def render_plan(path: str, out_dir: Path) -> Rendered:
    """Load the plan at `path` and render its documents in memory (raises InputError)."""
    source = load_file(path)
    if inspection.is_inspection(source.data):  # loai: kiem_tra (generator/inspection.py)
        return inspection.rendered(source, out_dir)
    plan = plan_from_source(source)
    return Rendered(plan_outputs(plan, out_dir), [str(w) for w in plan.warnings])


def run(args: argparse.Namespace) -> int:
    files = list(dict.fromkeys(yaml_files(args.plans)))
    if not files:
        err("Không có tệp kế hoạch nào.")
        return 2
    return run_batch(files, partial(render_plan, out_dir=Path(args.output)), args, noun="kế hoạch")
