"""``kehoach tasks PLAN.yaml``: follow the plan's tasks; export them to Excel or a calendar,
and read statuses back from a returned workbook (``--nhap-xlsx``)."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from generator import kinds
from generator.commands.common import Column, iso_date, load_plan, quarter
from generator.domain import tracking
from generator.domain.inline import plain
from generator.domain.tasks import PROGRESS_KEYS, TASK_STATUSES
from generator.errors import CommandFailed, InputError, UsageError
from generator.kinds.plan import followup
from generator.kinds.plan.followup import Filters, TaskRow
from generator.kinds.plan.model import Plan
from generator.run.outputs import Output, atomic_write, write_all
from generator.source.yaml_source import load_bytes

STATUS_CHOICES = TASK_STATUSES + PROGRESS_KEYS
DESCRIPTION = ("Liệt kê nhiệm vụ của kế hoạch (số, cơ quan chủ trì, hạn, tình trạng), có lọc; xuất sổ theo dõi "
               "Excel (--xlsx) hoặc lịch hạn (--ics); đọc lại trạng thái từ tệp Excel các cơ quan gửi về "
               "(--nhap-xlsx) và ghi vào tệp kế hoạch.")

def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch")
    f = p.add_argument_group("lọc nhiệm vụ")
    f.add_argument("--co-quan", metavar="MÃ", help="chỉ nhiệm vụ cơ quan này chủ trì hoặc phối hợp (mã trong co_quan)")
    f.add_argument("--quy", type=quarter, metavar="N", help="chỉ nhiệm vụ có thời gian thực hiện nằm trong quý N (1–4)")
    f.add_argument("--nam", type=int, metavar="NĂM", help="năm của --quy (mặc định: năm kế hoạch)")
    f.add_argument("--qua-han", action="store_true", help="chỉ nhiệm vụ quá hạn chưa hoàn thành (tính đến --ngay)")
    f.add_argument("--ngay", type=iso_date, metavar="YYYY-MM-DD", help="ngày xét tiến độ (mặc định: hôm nay)")
    f.add_argument("--trang-thai", action="append", metavar="TT",
                   help="chỉ nhiệm vụ có trạng thái này (lặp lại hoặc ngăn bằng dấu phẩy): "
                        + ", ".join(STATUS_CHOICES))
    e = p.add_argument_group("xuất, nhập")
    e.add_argument("--xlsx", metavar="TỆP.xlsx", help="ghi sổ theo dõi Excel (một trang tất cả, một trang mỗi cơ quan chủ trì)")
    e.add_argument("--ics", metavar="TỆP.ics", help="ghi lịch hạn nhiệm vụ (Google Calendar, Outlook)")
    e.add_argument("--nhap-xlsx", metavar="TỆP.xlsx", help="đọc trạng thái, ngày hoàn thành, kết quả từ tệp Excel và ghi vào tệp kế hoạch")
    e.add_argument("--xem-truoc", action="store_true", help="với --nhap-xlsx: chỉ liệt kê thay đổi, không ghi")
    e.add_argument("--force", action="store_true",
                   help="ghi đè tệp xuất đã bị sửa tay; với --nhap-xlsx: áp dụng cả thay đổi mâu thuẫn")


def _statuses(values: list[str] | None) -> tuple[str, ...]:
    chosen: list[str] = []
    for value in values or ():
        for item in value.split(","):
            item = item.strip()
            if not item:
                continue
            if item not in STATUS_CHOICES:
                raise UsageError(f"Trạng thái “{item}” không có. Chọn trong: {', '.join(STATUS_CHOICES)}.")
            chosen.append(item)
    return tuple(chosen)


def check_office(plan: Plan, key: str) -> str:
    """Return `key` when the plan's registry has it; raise UsageError with a suggestion otherwise."""
    if key in plan.registry:
        return key
    hint = plan.registry.suggest(key)
    extra = f" Có phải ý bạn là '{hint}'?" if hint else ""
    known = ", ".join(plan.registry.agencies)
    raise UsageError(f"{plan.source}: không có cơ quan mã '{key}'.{extra} Các mã trong co_quan: {known}.")


def run(args: argparse.Namespace, ui) -> None:
    if args.nhap_xlsx:
        return import_workbook(args, ui)
    plan = load_plan(args.plan, ui)
    today = args.ngay or date.today()
    filters = Filters(
        office=check_office(plan, args.co_quan) if args.co_quan else "",
        quarter=args.quy or 0,
        year=args.nam or 0,
        overdue=args.qua_han,
        statuses=_statuses(args.trang_thai),
    )
    rows = followup.task_rows(plan, followup.select(plan, filters, today), today)
    if args.xlsx or args.ics:
        return export(plan, rows, args, ui)
    print_table(plan, rows, filters, today, ui)
    return None


def export(plan: Plan, rows: list[TaskRow], args: argparse.Namespace, ui) -> None:
    from generator.render import ics, xlsx

    outputs = []
    if args.xlsx:
        outputs.append(Output(Path(args.xlsx), xlsx.workbook_bytes(plan, rows)))
    if args.ics:
        outputs.append(Output(Path(args.ics), ics.calendar_bytes(plan, rows)))
    write_all(outputs, force=args.force)
    for out in outputs:
        if out.path.suffix.lower() == ".ics":
            dated = sum(1 for r in rows if r.due is not None)
            ui.info(f"Đã ghi {out.path} ({dated} sự kiện; {len(rows) - dated} nhiệm vụ không có hạn cụ thể).")
        else:
            ui.info(f"Đã ghi {out.path} ({len(rows)} nhiệm vụ).")


# --- the terminal table --------------------------------------------------------------------

def _describe(plan: Plan, filters: Filters, today: date) -> str:
    parts = []
    if filters.office:
        agency = plan.registry.agencies[filters.office]
        parts.append(f"cơ quan {agency.short_name or agency.name} chủ trì/phối hợp")
    if filters.quarter:
        parts.append(f"quý {filters.quarter}/{filters.year or plan.year_from}")
    if filters.overdue:
        parts.append("quá hạn")
    if filters.statuses:
        parts.append("trạng thái " + ", ".join(filters.statuses))
    return "; ".join(parts)


TABLE = (Column("Số", wide=6, justify="right", wrap=False), Column("Nhiệm vụ"),
         Column("Chủ trì", wide=18, narrow=12), Column("Hạn", wide=20, narrow=12),
         Column("Tình trạng", wide=24, narrow=16, break_at=" – "))
ROW_STYLES = {"qua_han": "bold red", "hoan_thanh_dung_han": "green", "hoan_thanh_qua_han": "yellow"}


def print_table(plan: Plan, rows: list[TaskRow], filters: Filters, today: date, ui) -> None:
    """Print `rows` as a table (plan text literally; plain text without colour codes when not on a terminal)."""
    cells = [((row.number, " ".join(plain(row.content).split()), row.lead, row.due_text, row.situation),
              ROW_STYLES.get(row.progress)) for row in rows]
    counts = tracking.task_counts([r.task for r in rows], today)
    scope = _describe(plan, filters, today)
    heading = f"{plan.source}: {len(rows)}/{len(plan.tasks)} nhiệm vụ" + (f" ({scope})" if scope else "")
    summary = (f"Tính đến {today.strftime('%d/%m/%Y')}: hoàn thành {counts.completed} "
               f"(đúng hạn {counts.completed_on_time}, quá hạn {counts.completed_late}); "
               f"đang thực hiện {counts.in_progress}; chưa thực hiện {counts.not_started}; "
               f"quá hạn chưa hoàn thành {counts.overdue}.")
    ui.table(heading, TABLE, cells, summary)


# --- reading a returned workbook -----------------------------------------------------------

def import_workbook(args: argparse.Namespace, ui) -> None:
    from generator.kinds.plan import status_import
    from generator.render import xlsx
    from generator.source.editing import EditError, edit_tasks

    plan = load_plan(args.plan, ui)
    path = Path(args.nhap_xlsx)
    try:
        returned = xlsx.read_workbook(path.read_bytes())
    except FileNotFoundError:
        raise UsageError(f"{path}: không tìm thấy tệp.") from None
    except OSError:
        raise UsageError(f"{path}: không đọc được tệp (không có quyền đọc, hoặc là thư mục).") from None
    except xlsx.WorkbookError as exc:
        raise UsageError(f"{path}: {exc}") from None
    if not returned.sheets_read:
        raise UsageError(f"{path}: không có trang nào có cột “Số” (hoặc “Mã”) và cột “Trạng thái”, "
                         "“Ngày hoàn thành” hay “Kết quả”.")
    result = status_import.plan_changes(plan, returned, force=args.force)
    if result.errors or result.conflicts:
        hint = " Chạy lại với --force để lấy giá trị trong tệp Excel cho các mâu thuẫn." if result.conflicts else ""
        raise CommandFailed([f"{path}: lỗi: {m}" for m in result.errors] + [f"{path}: mâu thuẫn: {m}" for m in result.conflicts],
                          f"Dừng lại: {len(result.errors)} lỗi, {len(result.conflicts)} mâu thuẫn; "
                          f"không ghi gì vào {args.plan}.{hint}", 2)
    if not result.changes:
        ui.info(f"{args.plan}: không có gì thay đổi (đã đọc {len(returned.rows)} dòng ở "
                f"{len(returned.sheets_read)} trang của {path}).")
        return None
    for change in result.changes:
        ui.info(change.describe())
    raw = Path(args.plan).read_bytes()
    text = raw.decode("utf-8")
    try:
        new_text = edit_tasks(text, [c.edit() for c in result.changes])
    except EditError as exc:
        raise UsageError(f"{args.plan}: {exc}") from None
    new_bytes = new_text.encode("utf-8")
    try:
        kinds.read(load_bytes(new_bytes, args.plan), expect=("ke_hoach",))
    except InputError as exc:
        raise CommandFailed([exc.render()], f"Các thay đổi trên làm tệp kế hoạch không hợp lệ; không ghi gì vào "
                                          f"{args.plan}.", 2) from None
    tasks = len({c.task.seq for c in result.changes})
    if args.xem_truoc:
        ui.info(f"Xem trước: {len(result.changes)} thay đổi ở {tasks} nhiệm vụ; chưa ghi gì vào {args.plan}.")
        return None
    mode = Path(args.plan).stat().st_mode & 0o7777
    atomic_write(Path(args.plan), new_bytes)
    os.chmod(args.plan, mode)  # the plan is the user's file: keep its permissions
    ui.info(f"Đã ghi {args.plan}: {len(result.changes)} thay đổi ở {tasks} nhiệm vụ.")
