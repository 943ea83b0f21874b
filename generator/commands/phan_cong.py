"""``kehoach phan-cong PLAN.yaml``: one document per office listing the tasks it leads and supports."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.commands.common import add_output_options, check_office, load_plan, output_options
from generator.kinds.plan import followup_documents
from generator.kinds.plan.followup import offices_involved
from generator.kinds.plan.model import Plan
from generator.render import templates
from generator.render.docx import render
from generator.run.batch import write_documents
from generator.run.outputs import Output, folder_name

DESCRIPTION = ("Tạo DIR/<tên tệp>/phan-cong/<mã cơ quan>.docx: với mỗi cơ quan, bảng các nhiệm vụ cơ quan chủ "
               "trì và bảng các nhiệm vụ cơ quan phối hợp, kèm sản phẩm và thời gian thực hiện. Cơ quan không "
               "có nhiệm vụ nào, và nhóm chung như \"Các cơ quan, đơn vị có liên quan\", thì bỏ qua.")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch")
    p.add_argument("--co-quan", action="append", metavar="MÃ",
                   help="chỉ tạo cho cơ quan này (mã hoặc tên ngắn, lặp lại được); mặc định: mọi cơ quan có nhiệm vụ")
    add_output_options(p)


def assignment_outputs(plan: Plan, out_dir: Path, keys: list[str]) -> list[Output]:
    """Return the per-office documents of `plan` for `keys`, rendered in memory."""
    contract = followup_documents.ASSIGNMENTS
    template = templates.locate(contract)
    folder = out_dir / folder_name(plan.source) / "phan-cong"
    return [Output(folder / f"{key}.docx", render(template, followup_documents.assignment_context(plan, key), contract))
            for key in keys]


def run(args: argparse.Namespace, ui) -> None:
    plan = load_plan(args.plan, ui)
    involved = offices_involved(plan)
    if args.co_quan:
        keys = [check_office(plan, key) for key in dict.fromkeys(args.co_quan)]
    else:
        keys = involved
        used = {k for t in plan.tasks for k in (*t.lead_keys, *t.support_keys)}
        idle = [k for k in plan.registry.agencies if k not in used]
        groups = [k for k in plan.registry.agencies if k in used and k not in involved]
        if idle:
            ui.warning("Không có nhiệm vụ nên không tạo danh mục cho: " + ", ".join(idle) + ".")
        if groups:
            ui.info("Nhóm chung, không tạo danh mục riêng (ghi danh_muc_rieng: true trong co_quan nếu cần): "
                    + ", ".join(groups) + ".")
    write_documents(assignment_outputs(plan, Path(args.output), keys), output_options(args), ui)
