"""``kehoach tien-do PLAN.yaml --ky quy-1``: the periodic Báo cáo on the plan's progress."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from generator.commands.common import add_output_options, iso_date, load_plan, output_options
from generator.domain import tracking
from generator.errors import UsageError
from generator.kinds.plan import followup_documents
from generator.kinds.plan.model import Plan
from generator.render import templates
from generator.render.docx import render
from generator.run.batch import write_documents
from generator.run.outputs import Output
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


def progress_output(plan: Plan, period: str | None, year: int | None, day: date | None, extra: list[str],
                    out_dir: Path) -> tuple[Output, date]:
    """Return the progress report of `plan` rendered in memory, and the day it counts up to.

    `period` (a key of tracking.PERIODS) of `year` (default: the plan year), or up to `day`;
    `extra` lines are added to Nơi nhận. Used by this command and the web app.
    """
    as_of = day or tracking.period_end(period, year or plan.year_from)
    context = followup_documents.progress_context(plan, as_of, period, recipients([r for r in extra if r.strip()]))
    name = f"bao-cao-tien-do-{period}" if period else f"bao-cao-tien-do-{as_of.isoformat()}"
    if period and day:
        name += f"-{as_of.isoformat()}"
    path = out_dir / Path(plan.source).stem / f"{name}.docx"
    contract = followup_documents.PROGRESS_REPORT
    return Output(path, render(templates.locate(contract), context, contract)), as_of


def run(args: argparse.Namespace, ui) -> None:
    if not args.ky and not args.ngay:
        raise UsageError("Cần --ky (quy-1, 6-thang, quy-3, nam) hoặc --ngay YYYY-MM-DD.")
    plan = load_plan(args.plan, ui)
    output, as_of = progress_output(plan, args.ky, args.nam, args.ngay, args.noi_nhan, Path(args.output))
    write_documents([output], output_options(args), ui)
    counts = tracking.task_counts(plan.tasks, as_of)
    ui.info(f"Tính đến {as_of.strftime('%d/%m/%Y')}: {counts.total} nhiệm vụ, hoàn thành {counts.completed} "
            f"(đúng hạn {counts.completed_on_time}, quá hạn {counts.completed_late}), "
            f"quá hạn chưa hoàn thành {counts.overdue}.")
