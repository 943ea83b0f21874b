"""``kehoach tien-do PLAN.yaml --ky quy-1``: the periodic Báo cáo on the plan's progress."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from generator.commands import common
from generator.commands.common import add_output_options, iso_date, load_plan, output_options
from generator.domain import tracking
from generator.errors import UsageError
from generator.kinds.plan import followup_documents
from generator.kinds.plan.model import Plan
from generator.render import templates
from generator.render.docx import render
from generator.run.batch import write_documents
from generator.run.outputs import Output, folder_name
from generator.source.fields import recipients

DESCRIPTION = ("Tạo Báo cáo (Số: /BC-…) về tiến độ thực hiện kế hoạch tính đến cuối kỳ (hoặc đến --ngay): "
               "số nhiệm vụ (mỗi kỳ của nhiệm vụ định kỳ là một lượt) có thời gian thực hiện từ đầu năm đến hết "
               "kỳ, theo trạng thái và theo lĩnh vực, hoàn thành đúng hạn/quá hạn, danh sách nhiệm vụ quá hạn kèm "
               "cơ quan chủ trì. Ghi DIR/<tên tệp>/bao-cao-tien-do-<năm>-<kỳ>.docx.")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch")
    p.add_argument("--ky", choices=list(tracking.PERIODS), help="kỳ báo cáo: quy-1, 6-thang, quy-3, nam")
    p.add_argument("--nam", type=int, metavar="NĂM",
                   help="năm của kỳ báo cáo, trong thời gian của kế hoạch (mặc định: năm nay nếu kế hoạch có năm "
                        "này; kế hoạch một năm: năm kế hoạch)")
    p.add_argument("--ngay", type=iso_date, metavar="YYYY-MM-DD",
                   help="tính đến ngày này thay cho ngày cuối kỳ")
    p.add_argument("--noi-nhan", action="append", metavar="NƠI", default=[],
                   help="thêm một dòng Nơi nhận (lặp lại được), vd \"Sở Nội vụ thành phố Hải Phòng\"")
    add_output_options(p)


def report_year(plan: Plan, asked: int | None, as_of_day: object = None) -> int:
    """Return the year the report is about: `asked`, else the day's year (--ngay), else this
    year when the plan covers it, else the plan's year; raise UsageError outside the plan."""
    years = plan.years
    span = plan.period_words
    year = asked or getattr(as_of_day, "year", None)
    if year is None:
        current = common.today().year
        if current in years:
            year = current
        elif len(years) == 1:
            year = years[0]
        else:
            raise UsageError(f"{plan.source}: kế hoạch {span} không có năm nay ({current}): chọn năm bằng "
                             f"--nam {years[0]}…{years[-1]}.")
    if year not in years:
        what = "--nam" if asked else "--ngay"
        raise UsageError(f"{plan.source}: {what} {year} nằm ngoài kế hoạch {span}: chọn một năm "
                         f"từ {years[0]} đến {years[-1]}" + (" (hoặc ghi --nam cho ngày muộn hơn năm kế hoạch)."
                                                              if what == "--ngay" else "."))
    return year


def progress_output(plan: Plan, period: str | None, year: int | None, day: date | None, extra: list[str],
                    out_dir: Path) -> tuple[Output, date, int]:
    """Return the progress report of `plan` rendered in memory, the day it counts up to, and its year.

    `period` (a key of tracking.PERIODS) of `year` (default: see `report_year`), or up to
    `day`; `extra` lines are added to Nơi nhận. Used by this command and the web app.
    Raise UsageError for a year outside the plan.
    """
    year = report_year(plan, year, day)
    as_of = day or tracking.period_end(period, year)
    context = followup_documents.progress_context(plan, as_of, period, recipients([r for r in extra if r.strip()]), year)
    if period:
        name = f"bao-cao-tien-do-{year}-{period}" + (f"-{as_of.isoformat()}" if day else "")
    else:
        name = f"bao-cao-tien-do-{as_of.isoformat()}" + (f"-nam-{year}" if year != as_of.year else "")
    path = out_dir / folder_name(plan.source) / f"{name}.docx"
    contract = followup_documents.PROGRESS_REPORT
    return Output(path, render(templates.locate(contract), context, contract)), as_of, year


def run(args: argparse.Namespace, ui) -> None:
    if not args.ky and not args.ngay:
        raise UsageError("Cần --ky (quy-1, 6-thang, quy-3, nam) hoặc --ngay YYYY-MM-DD.")
    plan = load_plan(args.plan, ui)
    output, as_of, year = progress_output(plan, args.ky, args.nam, args.ngay, args.noi_nhan, Path(args.output))
    write_documents([output], output_options(args), ui)
    counts = tracking.task_counts(plan.tasks, as_of, tracking.report_scope(args.ky, year, as_of))
    unit = "nhiệm vụ" if counts.tasks == counts.total else f"lượt (của {counts.tasks} nhiệm vụ)"
    ui.info(f"Tính đến {as_of.strftime('%d/%m/%Y')}: {counts.total} {unit}, hoàn thành {counts.completed} "
            f"(đúng hạn {counts.completed_on_time}, quá hạn {counts.completed_late}), "
            f"quá hạn chưa hoàn thành {counts.overdue}.")
