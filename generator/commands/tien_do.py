"""``kehoach tien-do PLAN.yaml --ky quy-1``: the periodic Báo cáo on the plan's progress."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator import rendering, tracking, tracking_docs
from generator.commands.common import add_output_options, err, write_documents
from generator.commands.tasks import UsageError, iso_date
from generator.outputs import Output
from generator.plans import load_plan

TEMPLATE = "bao-cao-tien-do.docx"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tien-do", help="tạo báo cáo tiến độ thực hiện kế hoạch theo kỳ (.docx)",
                       description="Tạo Báo cáo (Số: /BC-…) về tiến độ thực hiện kế hoạch tính đến cuối kỳ "
                                   "(hoặc đến --ngay): số nhiệm vụ theo trạng thái và theo lĩnh vực, hoàn "
                                   "thành đúng hạn/quá hạn, danh sách nhiệm vụ quá hạn kèm cơ quan chủ trì. "
                                   "Ghi DIR/<tên tệp>/bao-cao-tien-do-<kỳ>.docx.")
    p.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch")
    p.add_argument("--ky", choices=list(tracking.PERIODS), help="kỳ báo cáo: quy-1, 6-thang, quy-3, nam")
    p.add_argument("--nam", type=int, metavar="NĂM", help="năm của kỳ báo cáo (mặc định: năm kế hoạch)")
    p.add_argument("--ngay", type=iso_date, metavar="YYYY-MM-DD",
                   help="tính đến ngày này thay cho ngày cuối kỳ")
    p.add_argument("--noi-nhan", action="append", metavar="NƠI", default=[],
                   help="thêm một dòng Nơi nhận (lặp lại được), vd \"Sở Nội vụ thành phố Hải Phòng\"")
    add_output_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.ky and not args.ngay:
        raise UsageError("Cần --ky (quy-1, 6-thang, quy-3, nam) hoặc --ngay YYYY-MM-DD.")
    plan = load_plan(args.plan)
    for warning in plan.warnings:
        err(str(warning))
    year = args.nam or plan.year_from
    as_of = args.ngay or tracking.period_end(args.ky, year)
    context = tracking_docs.progress_context(plan, as_of, args.ky,
                                             tuple(r.strip().rstrip(";.") for r in args.noi_nhan if r.strip()))
    name = f"bao-cao-tien-do-{args.ky}" if args.ky else f"bao-cao-tien-do-{as_of.isoformat()}"
    if args.ky and args.ngay:
        name += f"-{as_of.isoformat()}"
    path = Path(args.output) / Path(plan.source).stem / f"{name}.docx"
    data = rendering.render(rendering.templates_dir() / TEMPLATE, context)
    for written in write_documents([Output(path, data)], args):
        print(f"Đã ghi {written}")
    counts = tracking.task_counts(plan.tasks, as_of, plan.year_from)
    print(f"Tính đến {as_of.strftime('%d/%m/%Y')}: {counts.total} nhiệm vụ, hoàn thành {counts.completed} "
          f"(đúng hạn {counts.completed_on_time}, quá hạn {counts.completed_late}), "
          f"quá hạn chưa hoàn thành {counts.overdue}.")
    return 0
