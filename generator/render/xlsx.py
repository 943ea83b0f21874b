"""The follow-up workbook: write the tasks to Excel for offices to fill, read their answers back.

`workbook_bytes(plan, rows)` returns a deterministic .xlsx: one sheet of every task, one
per lead office, header frozen, filters on, real dates, the status as a drop-down and a
"Tiến độ" formula Excel recomputes every day. A very hidden sheet keeps what the plan said
when the workbook was made, so that reading it back can tell an office's answer from a
change made to the plan since.

`read_workbook(data)` returns what the sheets say, row by row; matching rows to tasks
and deciding what changes is `generator.kinds.plan.status_import`'s job.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.domain.inline import plain
from generator.domain.tasks import STATUS_LABELS
from generator.kinds.plan.followup import Returned, SheetRow, TaskRow
from generator.kinds.plan.model import Plan
from generator.render.package import normalise_zip

ALL_SHEET = "Tất cả nhiệm vụ"
BASELINE_SHEET = "_kehoach"
DATE_FORMAT = "dd/mm/yyyy"

# (header, width in characters, field of TaskRow or special)
COLUMNS = [
    ("Mã", 14, "stable_id"),
    ("Số", 6, "number"),
    ("Lĩnh vực", 24, "group"),
    ("Nội dung công việc", 60, "content"),
    ("Cơ quan chủ trì", 16, "lead"),
    ("Cơ quan phối hợp", 28, "support"),
    ("Thời gian thực hiện", 24, "deadline"),
    ("Bắt đầu", 12, "start"),
    ("Hạn hoàn thành", 12, "due"),
    ("Trạng thái", 17, "status"),
    ("Ngày hoàn thành", 12, "completed_on"),
    ("Kết quả", 40, "result"),
    ("Tiến độ", 20, "progress"),
]
HEADERS = [c[0] for c in COLUMNS]
_COL = {field: get_column_letter(i + 1) for i, (_, _, field) in enumerate(COLUMNS)}
_DATE_FIELDS = {"start", "due", "completed_on"}
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
_FONT = Font(name="Times New Roman", size=12)
_HEADER_FONT = Font(name="Times New Roman", size=12, bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _progress_formula(row: int) -> str:
    s, d, c = (f"{_COL[f]}{row}" for f in ("status", "due", "completed_on"))
    done = STATUS_LABELS["hoan_thanh"]
    return (f'=IF(OR({s}="{done}",{c}<>""),'
            f'IF(OR({c}="",{d}=""),"Hoàn thành đúng hạn",IF({c}>{d},"Hoàn thành quá hạn","Hoàn thành đúng hạn")),'
            f'IF({d}="","Chưa xác định hạn",IF(TODAY()>{d},"Quá hạn","Đang trong hạn")))')


def _cell_value(row: TaskRow, field: str) -> Any:
    if field == "status":
        return STATUS_LABELS[row.status]
    value = getattr(row, field)
    if field == "content":
        return plain(value)
    if field in _DATE_FIELDS:
        return datetime(value.year, value.month, value.day) if value else None
    return value or None


def _line_count(text: str, width: int) -> int:
    lines = 0
    for part in str(text).split("\n"):
        lines += max(1, -(-len(part) // max(1, width - 2)))
    return lines


def _fill_sheet(ws: Worksheet, rows: list[TaskRow]) -> None:
    ws.append(HEADERS)
    for i, (_, width, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        cell = ws.cell(row=1, column=i)
        cell.font, cell.alignment, cell.fill, cell.border = _HEADER_FONT, _CENTER, _HEADER_FILL, _BORDER
    ws.row_dimensions[1].height = 32
    for r, row in enumerate(rows, start=2):
        height = 1
        for c, (_, width, field) in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=r, column=c)
            if field == "progress":
                cell.value = _progress_formula(r)
            else:
                cell.value = _cell_value(row, field)
                if cell.data_type == "f":  # plan text starting with "=" is text, never a live formula
                    cell.data_type = "s"
            cell.font, cell.border = _FONT, _BORDER
            cell.alignment = _CENTER if field in _DATE_FIELDS or field in ("number", "status") else _WRAP
            if field in _DATE_FIELDS:
                cell.number_format = DATE_FORMAT
            elif field == "number":
                cell.number_format = "@"
            if isinstance(cell.value, str) and cell.data_type == "s":
                height = max(height, _line_count(cell.value, width))
        ws.row_dimensions[r].height = 16 * height + 2
    last = max(2, len(rows) + 1)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    labels = ",".join(STATUS_LABELS.values())
    status = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True, showErrorMessage=True,
                            errorTitle="Trạng thái", error=f"Chọn một trong: {labels.replace(',', ', ')}.",
                            promptTitle="Trạng thái", prompt="Chọn trạng thái từ danh sách.")
    status.add(f"{_COL['status']}2:{_COL['status']}{last}")
    when = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                          showErrorMessage=True, errorTitle="Ngày hoàn thành",
                          error="Nhập ngày dạng dd/mm/yyyy.")
    when.add(f"{_COL['completed_on']}2:{_COL['completed_on']}{last}")
    ws.add_data_validation(status)
    ws.add_data_validation(when)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def sheet_title(name: str, taken: set[str]) -> str:
    """Return a valid, unused sheet title made from `name` (≤ 31 characters, no []:*?/\\)."""
    base = _BAD_TITLE.sub("-", name).strip("' ")[:31] or "Cơ quan"
    title, n = base, 2
    while title.casefold() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.casefold())
    return title


def row_key(row: TaskRow) -> str:
    """Return the key a workbook row is matched by: the task's `ma`, else "#<number>"."""
    return row.stable_id or f"#{row.number}"


def workbook_bytes(plan: Plan, rows: list[TaskRow]) -> bytes:
    """Return the follow-up workbook of `rows` as deterministic .xlsx bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = ALL_SHEET
    _fill_sheet(ws, rows)
    taken = {ALL_SHEET.casefold(), BASELINE_SHEET.casefold()}
    for key, agency in plan.registry.agencies.items():
        own = [r for r in rows if key in r.lead_keys]
        if own:
            _fill_sheet(wb.create_sheet(sheet_title(agency.short_name or agency.name, taken)), own)
    base = wb.create_sheet(BASELINE_SHEET)
    base.append(["khoa", "trang_thai", "ngay_hoan_thanh", "ket_qua"])
    for row in rows:
        done = row.task.completed_on.isoformat() if row.task.completed_on else ""
        base.append([row_key(row), row.status, done, row.task.result])
    base.sheet_state = "veryHidden"
    wb.active = 0
    stamp = datetime(plan.year_from, 1, 1)
    wb.properties.creator = "kehoach"
    wb.properties.lastModifiedBy = "kehoach"
    wb.properties.title = f"Theo dõi nhiệm vụ {plan.period}"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return normalise_zip(buffer.getvalue())


# --- reading back ---------------------------------------------------------------------------

class WorkbookError(ValueError):
    """The file is not a workbook kehoach can read back; message in Vietnamese."""


def _header_key(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


_WANTED = {_header_key(h): f for h, _, f in COLUMNS}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_workbook(data: bytes) -> Returned:
    """Return the task rows of every sheet with a "Số" or "Mã" column, and the baseline."""
    try:
        wb = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise WorkbookError(f"Không đọc được tệp Excel ({exc}). Cần tệp .xlsx do kehoach tạo ra.") from None
    baseline: dict[str, dict[str, str]] = {}
    rows: list[SheetRow] = []
    read: list[str] = []
    for ws in wb.worksheets:
        if ws.title == BASELINE_SHEET:
            for values in ws.iter_rows(min_row=2, values_only=True):
                if values and values[0]:
                    key, status, done, result = (list(values) + [None] * 4)[:4]
                    baseline[str(key)] = {"trang_thai": _text(status), "ngay_hoan_thanh": _text(done),
                                          "ket_qua": _text(result)}
            continue
        header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
        columns = {_WANTED[_header_key(h)]: i for i, h in enumerate(header) if _header_key(h) in _WANTED}
        if "number" not in columns and "stable_id" not in columns:
            continue
        has = frozenset(f for f in ("status", "completed_on", "result") if f in columns)
        if not has:
            continue
        read.append(ws.title)
        for r, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            def get(field: str) -> Any:
                i = columns.get(field)
                return values[i] if i is not None and i < len(values) else None
            ma, number = _text(get("stable_id")), _text(get("number"))
            if not ma and not number:
                continue
            raw = get("number")
            decimal = isinstance(raw, float) and not raw.is_integer()
            rows.append(SheetRow(ws.title, r, ma, number, get("status"), get("completed_on"),
                                 get("result"), has, decimal))
    return Returned(rows, baseline, read)
