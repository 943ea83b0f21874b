"""``kehoach tasks PLAN.yaml``: follow the plan's tasks; export them to Excel or a calendar,
read statuses back from a returned workbook (``--nhap-xlsx``), give every task a stable
id (``--gan-ma``)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from generator import kinds
from generator.commands import common
from generator.commands.common import Column, check_office, iso_date, load_plan, quarter
from generator.domain import tracking
from generator.domain.inline import plain
from generator.domain.tasks import PROGRESS_KEYS, TASK_STATUSES
from generator.domain.vietnamese import slug
from generator.errors import CommandFailed, InputError, UsageError
from generator.kinds.plan import followup
from generator.kinds.plan.followup import Filters, TaskRow
from generator.kinds.plan.model import Plan
from generator.run.outputs import Output, write_all
from generator.source.files import NotRegularFile, read_regular_file
from generator.source.yaml_source import load_bytes

STATUS_CHOICES = TASK_STATUSES + PROGRESS_KEYS
DESCRIPTION = ("Liệt kê nhiệm vụ của kế hoạch (số, kỳ, cơ quan chủ trì, hạn, tình trạng), có lọc; xuất sổ theo dõi "
               "Excel (--xlsx) hoặc lịch hạn (--ics); đọc lại trạng thái từ tệp Excel các cơ quan gửi về "
               "(--nhap-xlsx) và ghi vào tệp kế hoạch; gán mã cố định cho mọi nhiệm vụ (--gan-ma).")
_ID_CHARS = 32
_CELL_CHARS = 400   # characters of a task's text shown in the table


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch")
    f = p.add_argument_group("lọc nhiệm vụ")
    f.add_argument("--co-quan", metavar="MÃ",
                   help="chỉ nhiệm vụ cơ quan này chủ trì hoặc phối hợp (mã trong co_quan, hoặc tên ngắn như VHXH)")
    f.add_argument("--quy", type=quarter, metavar="N",
                   help="chỉ nhiệm vụ (kỳ của nhiệm vụ định kỳ) có thời gian thực hiện trong quý N (1–4)")
    f.add_argument("--nam", type=int, metavar="NĂM",
                   help="năm xem (và năm của --quy); mặc định: năm nay nếu kế hoạch có năm này, nếu không cả kế hoạch")
    f.add_argument("--qua-han", action="store_true", help="chỉ nhiệm vụ quá hạn chưa hoàn thành (tính đến --ngay)")
    f.add_argument("--ngay", type=iso_date, metavar="YYYY-MM-DD", help="ngày xét tiến độ (mặc định: hôm nay)")
    f.add_argument("--trang-thai", action="append", metavar="TT",
                   help="chỉ nhiệm vụ có trạng thái này (lặp lại hoặc ngăn bằng dấu phẩy): "
                        + ", ".join(STATUS_CHOICES))
    e = p.add_argument_group("xuất, nhập")
    e.add_argument("--xlsx", metavar="TỆP.xlsx", help="ghi sổ theo dõi Excel (một trang tất cả, một trang mỗi cơ quan chủ trì)")
    e.add_argument("--ics", metavar="TỆP.ics", help="ghi lịch hạn nhiệm vụ (Google Calendar, Outlook)")
    e.add_argument("--nhap-xlsx", metavar="TỆP.xlsx", help="đọc trạng thái, ngày hoàn thành, kết quả từ tệp Excel và ghi vào tệp kế hoạch")
    e.add_argument("--gan-ma", action="store_true",
                   help="ghi mã cố định (ma) cho mọi nhiệm vụ chưa có, để sổ theo dõi và lịch vẫn khớp khi kế hoạch "
                        "được đánh số lại")
    e.add_argument("--xem-truoc", action="store_true", help="với --nhap-xlsx, --gan-ma: chỉ liệt kê thay đổi, không ghi")
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


def run(args: argparse.Namespace, ui) -> None:
    if args.nhap_xlsx:
        return import_workbook(args, ui)
    if args.gan_ma:
        return assign_ids(args, ui)
    plan = load_plan(args.plan, ui)
    today = args.ngay or common.today()
    filters = Filters(
        office=check_office(plan, args.co_quan) if args.co_quan else "",
        quarter=args.quy or 0,
        year=args.nam or 0,
        overdue=args.qua_han,
        statuses=_statuses(args.trang_thai),
    )
    rows = followup.task_rows(plan, followup.select(plan, filters, today), today)
    if args.xlsx or args.ics:
        return export(plan, rows, args, ui, followup.scope_words(plan, filters, today), today)
    print_table(plan, rows, filters, today, ui)
    return None


def export(plan: Plan, rows: list[TaskRow], args: argparse.Namespace, ui, scope: str, today: date) -> None:
    from generator.render import ics, xlsx

    outputs = []
    if args.xlsx:
        identity = followup.identity(plan, scope, today)
        outputs.append(Output(Path(args.xlsx), xlsx.workbook_bytes(plan, rows, today, identity)))
    if args.ics:
        outputs.append(Output(Path(args.ics), ics.calendar_bytes(plan, rows)))
    write_all(outputs, force=args.force)
    for out in outputs:
        if out.path.suffix.lower() == ".ics":
            undated = len({r.task.seq for r in rows if r.due is None})
            ui.info(f"Đã ghi {out.path} ({ics.event_count(rows)} sự kiện; {undated} nhiệm vụ không có hạn cụ thể).")
        else:
            tasks = len({r.task.seq for r in rows})
            extra = f", {len(rows)} dòng — mỗi kỳ của nhiệm vụ định kỳ một dòng" if len(rows) != tasks else ""
            ui.info(f"Đã ghi {out.path} ({tasks} nhiệm vụ{extra}; {scope}).")


# --- the terminal table --------------------------------------------------------------------

def _describe(plan: Plan, filters: Filters, today: date) -> str:
    parts = [followup.scope_words(plan, filters, today)]
    if filters.office:
        agency = plan.registry.agencies[filters.office]
        parts.append(f"cơ quan {agency.short_name or agency.name} chủ trì/phối hợp")
    if filters.overdue:
        parts.append("quá hạn")
    if filters.statuses:
        parts.append("trạng thái " + ", ".join(filters.statuses))
    return "; ".join(parts)


TABLE = (Column("Số", wide=6, justify="right", wrap=False), Column("Nhiệm vụ"),
         Column("Chủ trì", wide=18, narrow=12), Column("Hạn", wide=20, narrow=12),
         Column("Tình trạng", wide=24, narrow=16, break_at=" – "))
ROW_STYLES = {"qua_han": "bold red", "hoan_thanh_dung_han": "green", "hoan_thanh_qua_han": "yellow"}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def print_table(plan: Plan, rows: list[TaskRow], filters: Filters, today: date, ui) -> None:
    """Print `rows` as a table (plan text literally; plain text without colour codes when not on a terminal)."""
    cells = []
    for row in rows:
        text = _cut(" ".join(plain(row.content).split()), _CELL_CHARS)
        if row.period:
            text = f"[{row.period}] {text}"
        cells.append(((row.number, text, _cut(row.lead, 80), _cut(row.due_text, 80), row.situation),
                      ROW_STYLES.get(row.progress)))
    counts = tracking.count([tracking.Entry(r.task, r.occurrence) for r in rows], today)
    tasks = len({r.task.seq for r in rows})
    shown = f"{tasks}/{len(plan.tasks)} nhiệm vụ" + (f", {len(rows)} kỳ" if len(rows) != tasks else "")
    heading = f"{plan.source}: {shown} ({_describe(plan, filters, today)})"
    summary = (f"Tính đến {today.strftime('%d/%m/%Y')}: hoàn thành {counts.completed} "
               f"(đúng hạn {counts.completed_on_time}, quá hạn {counts.completed_late}); "
               f"đang thực hiện {counts.in_progress}; chưa thực hiện {counts.not_started}; "
               f"quá hạn chưa hoàn thành {counts.overdue}.")
    ui.table(heading, TABLE, cells, summary)


# --- writing the plan file -----------------------------------------------------------------

def _rewrite_plan(args: argparse.Namespace, edits: list, ui, done: str, expected: bytes | None = None) -> None:
    """Apply `edits` to the plan file in place (comments kept, under the file's lock, through
    links), after checking the result is a valid plan; with --xem-truoc only say what would
    change. `done` describes the edits; `expected`: the bytes the edits were computed from."""
    from generator.source.editing import EditError, edit_task_fields

    def validate(data: bytes) -> None:
        kinds.read(load_bytes(data, args.plan), expect=("ke_hoach",))

    try:
        edit_task_fields(args.plan, edits, validate=validate, write=not args.xem_truoc, expected=expected)
    except EditError as exc:
        raise UsageError(f"{args.plan}: {exc}") from None
    except InputError as exc:
        raise CommandFailed([exc.render()], f"Các thay đổi trên làm tệp kế hoạch không hợp lệ; không ghi gì vào "
                                            f"{args.plan}.", 2) from None
    if args.xem_truoc:
        ui.info(f"Xem trước: {done}; chưa ghi gì vào {args.plan}.")
        return
    ui.info(f"Đã ghi {args.plan}: {done}.")


# --- stable ids ----------------------------------------------------------------------------

def new_id(content: str, taken: set[str]) -> str:
    """Return an unused `ma` made of the first words of `content` ("xay-dung-ke-hoach-tuyen")."""
    words = slug(plain(content)).split("-")
    base = ""
    for word in words:
        if not word:
            continue
        if base and len(base) + 1 + len(word) > _ID_CHARS:
            break
        base = f"{base}-{word}" if base else word[:_ID_CHARS]
    base = base or "nhiem-vu"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def assign_ids(args: argparse.Namespace, ui) -> None:
    from generator.source.editing import FieldEdit

    plan = load_plan(args.plan, ui)
    missing = [t for t in plan.tasks if not t.stable_id]
    if not missing:
        ui.info(f"{args.plan}: mọi nhiệm vụ ({len(plan.tasks)}) đã có mã; không có gì thay đổi.")
        return
    taken = {t.stable_id for t in plan.tasks if t.stable_id}
    edits = []
    for task in missing:
        ident = new_id(task.content, taken)
        edits.append(FieldEdit(task.group_index - 1, task.index - 1, "ma", ident))
        ui.info(f"{plan.task_number(task)}: ma: {ident}")
    _rewrite_plan(args, edits, ui, f"gán mã cho {len(edits)} nhiệm vụ")


# --- reading a returned workbook -----------------------------------------------------------

def import_workbook(args: argparse.Namespace, ui) -> None:
    from generator.kinds.plan import status_import
    from generator.render import xlsx

    load_plan(args.plan, ui)  # every problem of the plan, located
    raw = Path(args.plan).read_bytes()
    plan = kinds.read(load_bytes(raw, args.plan), expect=("ke_hoach",))  # the very bytes the edit must find
    path = Path(args.nhap_xlsx)
    try:   # never more than the largest workbook accepted, plus one byte
        returned = xlsx.read_workbook(read_regular_file(path, xlsx.MAX_FILE + 1))
    except FileNotFoundError:
        raise UsageError(f"{path}: không tìm thấy tệp.") from None
    except NotRegularFile as exc:
        raise UsageError(f"{path}: không phải tệp thông thường mà là {exc.what}; hãy chỉ ra tệp .xlsx.") from None
    except OSError:
        raise UsageError(f"{path}: không đọc được tệp (không có quyền đọc, hoặc là thư mục).") from None
    except xlsx.WorkbookError as exc:
        raise UsageError(f"{path}: {exc}") from None
    refused = status_import.refusal(plan, returned, force=args.force)
    if refused:
        raise UsageError(f"{path}: {refused}")
    if not returned.sheets_read:
        raise UsageError(f"{path}: không có trang nào có cột “Mã” (hoặc “Số”) và cột “Trạng thái”, "
                         "“Ngày hoàn thành” hay “Kết quả”.")
    result = status_import.plan_changes(plan, returned, force=args.force)
    for note in result.notes:
        ui.info(f"{path}: {note}")
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
    tasks = len({c.task.seq for c in result.changes})
    _rewrite_plan(args, result.edits, ui, f"{len(result.changes)} thay đổi ở {tasks} nhiệm vụ",
                  expected=raw)
    return None
