"""``kehoach phan-cong PLAN.yaml``: one document per office listing the tasks it leads and supports."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator import rendering, tracking_docs
from generator.commands.common import add_output_options, err, write_documents
from generator.commands.tasks import check_office
from generator.followup import offices_involved
from generator.model import Plan
from generator.outputs import Output
from generator.plans import load_plan

TEMPLATE = "phan-cong.docx"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("phan-cong", help="tạo danh mục nhiệm vụ được giao cho từng cơ quan (.docx)",
                       description="Tạo DIR/<tên tệp>/phan-cong/<mã cơ quan>.docx: với mỗi cơ quan, bảng các "
                                   "nhiệm vụ cơ quan chủ trì và bảng các nhiệm vụ cơ quan phối hợp, kèm sản "
                                   "phẩm và thời gian thực hiện. Cơ quan không có nhiệm vụ nào thì bỏ qua.")
    p.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch")
    p.add_argument("--co-quan", action="append", metavar="MÃ",
                   help="chỉ tạo cho cơ quan này (lặp lại được); mặc định: mọi cơ quan có nhiệm vụ")
    add_output_options(p)
    p.set_defaults(func=run)


def assignment_outputs(plan: Plan, out_dir: Path, keys: list[str]) -> list[Output]:
    """Return the per-office documents of `plan` for `keys`, rendered in memory."""
    template = rendering.templates_dir() / TEMPLATE
    folder = out_dir / Path(plan.source).stem / "phan-cong"
    return [Output(folder / f"{key}.docx", rendering.render(template, tracking_docs.assignment_context(plan, key)))
            for key in keys]


def run(args: argparse.Namespace) -> int:
    plan = load_plan(args.plan)
    for warning in plan.warnings:
        err(str(warning))
    involved = offices_involved(plan)
    if args.co_quan:
        keys = [check_office(plan, key) for key in dict.fromkeys(args.co_quan)]
    else:
        keys = involved
        idle = [k for k in plan.registry.agencies if k not in involved]
        if idle:
            err("Không có nhiệm vụ nên không tạo danh mục cho: " + ", ".join(idle) + ".")
    written = write_documents(assignment_outputs(plan, Path(args.output), keys), args)
    for path in written:
        print(f"Đã ghi {path}")
    return 0
