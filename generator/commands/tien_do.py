"""``kehoach tien-do PLAN.yaml --ky quy-1``: the periodic Báo cáo on the plan's progress."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.commands.common import add_output_options, iso_date, load_plan, output_options
from generator.domain import tracking
from generator.errors import UsageError
from generator.kinds.plan import followup_documents
from generator.render import templates
from generator.render.docx import render
from generator.run.batch import write_documents
from generator.run.outputs import Output, folder_name
from generator.source.fields import recipients

DESCRIPTION = ("Tạo Báo cáo (Số: /BC-…) về tiến độ thực hiện kế hoạch tính đến cuối kỳ (hoặc đến --ngay): "
               "số nhiệm vụ theo trạng thái và theo lĩnh vực, hoàn thành đúng hạn/quá hạn, danh sách nhiệm vụ "
               "quá hạn kèm cơ quan chủ trì. Ghi DIR/<tên tệp>/bao-cao-tien-do-<kỳ>.docx.")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch")
    p.add_argument("--ky", choices=list(tracking.PERIODS), help="kỳ báo cáo: quy-1, 6-thang, quy-3, nam")
    p.add_argument("--nam", type=int, metavar="NĂM", help="năm của kỳ báo cáo (mặc định: năm kế hoạch)")
    p.add_argument("--ngay", type=iso_date, metavar="YYYY-MM-DD",
                   help="tính đến ngày này thay cho ngày cuối kỳ")
    p.add_argument("--noi-nhan", action="append", metavar="NƠI", default=[],
                   help="thêm một dòng Nơi nhận (lặp lại được), vd \"Sở Nội vụ thành phố Hải Phòng\"")
    add_output_options(p)


def run(args: argparse.Namespace, ui) -> None:
    if not args.ky and not args.ngay:
        raise UsageError("Cần --ky (quy-1, 6-thang, quy-3, nam) hoặc --ngay YYYY-MM-DD.")
    plan = load_plan(args.plan, ui)
    year = args.nam or plan.year_from
    as_of = args.ngay or tracking.period_end(args.ky, year)
    context = followup_documents.progress_context(plan, as_of, args.ky,
                                                  recipients([r for r in args.noi_nhan if r.strip()]))
    name = f"bao-cao-tien-do-{args.ky}" if args.ky else f"bao-cao-tien-do-{as_of.isoformat()}"
    if args.ky and args.ngay:
        name += f"-{as_of.isoformat()}"
    path = Path(args.output) / folder_name(plan.source) / f"{name}.docx"
    contract = followup_documents.PROGRESS_REPORT
    data = render(templates.locate(contract), context, contract)
    write_documents([Output(path, data)], output_options(args), ui)
    counts = tracking.task_counts(plan.tasks, as_of)
    ui.info(f"Tính đến {as_of.strftime('%d/%m/%Y')}: {counts.total} nhiệm vụ, hoàn thành {counts.completed} "
            f"(đúng hạn {counts.completed_on_time}, quá hạn {counts.completed_late}), "
            f"quá hạn chưa hoàn thành {counts.overdue}.")
