"""The follow-up workbook: write the tasks to Excel for offices to fill, read their answers back.

`workbook_bytes(plan, rows, …)` returns a deterministic .xlsx: one sheet of every row, one
per lead office (not for a generic group such as "Các cơ quan, đơn vị có liên quan"),
header frozen, filters on, real dates, the status as a drop-down and a "Tiến độ" formula
Excel recomputes every day (with its value on the export day cached, for viewers that do
not compute). Every cell holding text from the plan is text, never a formula. A row is one
entry: a task, or one occurrence of a recurring task; its "Mã" cell is the entry's id
(the task's `ma`, else a digest of its content, with "@2026-Q1" for an occurrence). A very
hidden sheet keeps the identity of the plan (file, issuer, period, what was exported,
a fingerprint of the task list) and what the plan said when the workbook was made, so
that reading it back can refuse another plan's workbook and tell an office's answer from
a change made to the plan since.

`read_workbook(data)` returns what the sheets say, row by row, after checking the file
is a workbook that can be read safely: sizes of its parts, rows and cells are bounded
before anything is parsed, DTDs and entities are refused, and any malformed part is an
error naming the sheet. Matching rows to tasks and deciding what changes is
`generator.kinds.plan.status_import`'s job.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.domain.inline import plain
from generator.domain.tasks import PROGRESS_LABELS, STATUS_LABELS
from generator.domain.vietnamese import format_number
from generator.kinds.plan.followup import Returned, SheetRow, TaskRow
from generator.kinds.plan.model import Plan
from generator.render.package import normalise_zip

ALL_SHEET = "Tất cả nhiệm vụ"
BASELINE_SHEET = "_kehoach"
DATE_FORMAT = "dd/mm/yyyy"
FORMAT_MARK = "kehoach-so-theo-doi"
FORMAT_VERSION = "2"

# (header, width in characters, field of TaskRow or special)
COLUMNS = [
    ("Mã", 16, "row_id"),
    ("Số", 6, "number"),
    ("Kỳ", 14, "period"),
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
_TITLE_CHARS = 31


def _progress_formula(row: int, no_due: str) -> str:
    s, d, c = (f"{_COL[f]}{row}" for f in ("status", "due", "completed_on"))
    done = STATUS_LABELS["hoan_thanh"]
    return (f'=IF(OR({s}="{done}",{c}<>""),'
            f'IF(OR({c}="",{d}=""),"Hoàn thành đúng hạn",IF({c}>{d},"Hoàn thành quá hạn","Hoàn thành đúng hạn")),'
            f'IF({d}="","{no_due}",IF(TODAY()>{d},"Quá hạn","Đang trong hạn")))')


def _no_due(row: TaskRow) -> str:
    return PROGRESS_LABELS["thuong_xuyen" if row.ongoing else "khong_xac_dinh"]


def progress_value(row: TaskRow, today: date) -> str:
    """Return what the "Tiến độ" formula of `row` computes on `today` (its cached value)."""
    record, due = row.record, row.due
    if record.declared == "hoan_thanh":
        if record.completed_on is None or due is None or record.completed_on <= due:
            return PROGRESS_LABELS["hoan_thanh_dung_han"]
        return PROGRESS_LABELS["hoan_thanh_qua_han"]
    if due is None:
        return _no_due(row)
    return PROGRESS_LABELS["qua_han" if today > due else "dang_trong_han"]


def _cell_value(row: TaskRow, field: str) -> Any:
    if field == "status":
        return STATUS_LABELS[row.record.declared]
    if field == "completed_on":
        value = row.record.completed_on
    elif field == "result":
        value = row.record.result
    else:
        value = getattr(row, field)
    if field == "content":
        return plain(value)
    if field in _DATE_FIELDS:
        return datetime(value.year, value.month, value.day) if value else None
    return value or None


def _set_text(cell: Any, value: Any) -> None:
    """Put `value` in `cell`; text is always text, never a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _line_count(text: str, width: int) -> int:
    lines = 0
    for part in str(text).split("\n"):
        lines += max(1, -(-len(part) // max(1, width - 2)))
    return lines


def _fill_sheet(ws: Worksheet, rows: list[TaskRow], values: dict[str, str]) -> dict[str, str]:
    """Fill `ws` with `rows`; return the cached value of each "Tiến độ" cell (by cell reference)."""
    cached: dict[str, str] = {}
    for i, header in enumerate(HEADERS, start=1):
        _set_text(ws.cell(row=1, column=i), header)
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
                cell.value = _progress_formula(r, _no_due(row))
                cached[f"{_COL['progress']}{r}"] = values[row.row_id]
            else:
                _set_text(cell, _cell_value(row, field))
            cell.font, cell.border = _FONT, _BORDER
            cell.alignment = _CENTER if field in _DATE_FIELDS or field in ("number", "status", "period") else _WRAP
            if field in _DATE_FIELDS:
                cell.number_format = DATE_FORMAT
            elif field in ("number", "row_id"):
                cell.number_format = "@"
            if isinstance(cell.value, str) and cell.data_type == "s":
                height = max(height, _line_count(cell.value, width))
        ws.row_dimensions[r].height = 16 * height + 2
    last = max(2, len(rows) + 1)
    ws.freeze_panes = "D2"
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
    return cached


def sheet_title(name: str, taken: set[str]) -> str:
    """Return a valid, unused sheet title made from `name` (≤ 31 characters, no []:*?/\\),
    cut on a word boundary ("Các cơ quan, đơn vị có liên…")."""
    base = " ".join(_BAD_TITLE.sub("-", name).split()).strip("' ") or "Cơ quan"
    if len(base) > _TITLE_CHARS:
        cut = base[: _TITLE_CHARS - 1]
        space = cut.rfind(" ")
        base = (cut[:space] if space >= _TITLE_CHARS // 2 else cut).rstrip(" ,;.-–") + "…"
    title, n = base, 2
    while title.casefold() in taken:
        suffix = f" ({n})"
        head = base[: _TITLE_CHARS - len(suffix)]
        title, n = head + suffix, n + 1
    taken.add(title.casefold())
    return title


def _baseline_sheet(ws: Worksheet, identity: dict[str, str], rows: list[TaskRow]) -> None:
    lines: list[list[Any]] = [[FORMAT_MARK, FORMAT_VERSION]]
    lines += [[k, v] for k, v in identity.items()]
    lines.append(["ma", "trang_thai", "ngay_hoan_thanh", "ket_qua", "so", "noi_dung"])
    seen = set()
    for row in rows:
        if row.row_id in seen:
            continue
        seen.add(row.row_id)
        done = row.record.completed_on.isoformat() if row.record.completed_on else ""
        lines.append([row.row_id, row.record.declared, done, row.record.result, row.number, plain(row.content)[:200]])
    for r, values in enumerate(lines, start=1):
        for c, value in enumerate(values, start=1):
            _set_text(ws.cell(row=r, column=c), value if value != "" else None)
    ws.sheet_state = "veryHidden"


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)?</c>', re.S)


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


def _cache_formula_values(data: bytes, cached: dict[str, dict[str, str]]) -> bytes:
    """Write the value each "Tiến độ" formula has on the export day into the sheets' XML."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            values = cached.get(info.filename)
            if values:
                def put(m: re.Match, values: dict[str, str] = values) -> bytes:
                    value = values.get(m.group(1).decode())
                    if value is None:
                        return m.group(0)
                    return (b'<c r="' + m.group(1) + b'"' + m.group(2) + b' t="str"><f>' + m.group(3) +
                            b"</f><v>" + _escape(value) + b"</v></c>")
                content = _FORMULA_CELL.sub(put, content)
            target.writestr(info, content)
    return out.getvalue()


def workbook_bytes(plan: Plan, rows: list[TaskRow], today: date, identity: dict[str, str]) -> bytes:
    """Return the follow-up workbook of `rows` as deterministic .xlsx bytes; the "Tiến độ"
    column holds the values of `today`, `identity` says which plan and days it is of."""
    wb = Workbook()
    ws = wb.active
    ws.title = ALL_SHEET
    values = {row.row_id: progress_value(row, today) for row in rows}
    per_sheet = [_fill_sheet(ws, rows, values)]
    taken = {ALL_SHEET.casefold(), BASELINE_SHEET.casefold()}
    for key, agency in plan.registry.agencies.items():
        if not agency.own_list:
            continue
        own = [r for r in rows if key in r.lead_keys]
        if own:
            per_sheet.append(_fill_sheet(wb.create_sheet(sheet_title(agency.short_name or agency.name, taken)),
                                         own, values))
    _baseline_sheet(wb.create_sheet(BASELINE_SHEET), identity, rows)
    wb.active = 0
    stamp = datetime(plan.year_from, 1, 1)
    wb.properties.creator = "kehoach"
    wb.properties.lastModifiedBy = "kehoach"
    wb.properties.title = f"Theo dõi nhiệm vụ {plan.period}"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.calculation.fullCalcOnLoad = False   # the cached values stand; Excel still recomputes TODAY() itself
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    cached = {f"xl/worksheets/sheet{i}.xml": v for i, v in enumerate(per_sheet, start=1)}
    return normalise_zip(_cache_formula_values(buffer.getvalue(), cached))


# --- reading back ---------------------------------------------------------------------------

MAX_FILE = 64 * 1024 * 1024          # bytes of the .xlsx itself
MAX_PART = 32 * 1024 * 1024          # bytes of one part once decompressed
MAX_TOTAL = 128 * 1024 * 1024        # bytes of every part once decompressed
MAX_PARTS = 2000
MAX_ROWS = 100_000                   # per sheet
MAX_CELLS = 2_000_000                # per sheet
MAX_CELL_CHARS = 32_767              # Excel's own limit for one cell
_MAX_TEXT_RUN = 6 * MAX_CELL_CHARS   # bytes between two tags: longer cannot be one cell Excel wrote
_CHUNK = 1024 * 1024
_DTD = (b"<!doctype", b"<!entity", b"<\x00!\x00d\x00", b"<\x00!\x00e\x00", b"\x00<\x00!\x00d", b"\x00<\x00!\x00e")
_ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")
_CELL_TAGS = (b"<c ", b"<c>", b"<c/", b":c ", b":c>", b":c/")


class WorkbookError(ValueError):
    """The file is not a workbook kehoach can read back; message in Vietnamese."""


def _header_key(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


_WANTED = {_header_key(h): f for h, _, f in COLUMNS}
_WANTED[_header_key("Mã")] = "row_id"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map the worksheet parts of `archive` to their sheet titles (best effort, for messages)."""
    from defusedxml.ElementTree import fromstring

    names: dict[str, str] = {}
    try:
        for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if archive.getinfo(name).file_size > MAX_PART:
                return names
        book = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - only for nicer messages; the real read reports the fault
        return names
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            names[part] = sheet.get("name", "")
    return names


def _part_label(part: str, names: dict[str, str]) -> str:
    if part in names:
        return f"trang '{names[part]}'"
    if part.endswith("sharedStrings.xml"):
        return f"bảng chữ dùng chung ({part})"
    return f"phần {part}"


def _scan(archive: zipfile.ZipFile, names: dict[str, str]) -> None:
    """Refuse, before parsing anything, a workbook too large to read or holding a DTD."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise WorkbookError(f"Tệp có {len(infos)} phần bên trong, quá nhiều cho một sổ theo dõi.")
    total = 0
    for info in infos:
        label = _part_label(info.filename, names)
        if info.file_size > MAX_PART:
            raise WorkbookError(f"{label}: giải nén ra {info.file_size // (1024 * 1024)} MB, quá lớn "
                                f"(tối đa {MAX_PART // (1024 * 1024)} MB mỗi phần); có thể là tệp độc hại.")
        total += info.file_size
        if total > MAX_TOTAL:
            raise WorkbookError(f"Tệp giải nén ra hơn {MAX_TOTAL // (1024 * 1024)} MB, quá lớn cho một sổ theo dõi; "
                                "có thể là tệp độc hại.")
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        label = _part_label(info.filename, names)
        try:
            _scan_part(archive, info, label)
        except WorkbookError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bad CRC, a broken deflate stream…
            raise WorkbookError(f"{label}: tệp nén hỏng, không đọc được ({_reason(exc)}).") from None


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> None:
    """Read one part once, in chunks: refuse a DTD, too many rows or cells, a cell too long."""
    rows = cells = run = 0
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            window = (tail + chunk).lower()
            if any(mark in window for mark in _DTD):
                raise WorkbookError(f"{label}: có khai báo DTD hoặc thực thể XML (<!DOCTYPE, <!ENTITY), "
                                    "sổ theo dõi không bao giờ có; có thể là tệp độc hại.")
            rows += sum(window.count(tag) for tag in _ROW_TAGS) - sum(tail.lower().count(t) for t in _ROW_TAGS)
            cells += sum(chunk.count(tag) for tag in _CELL_TAGS)
            pieces = chunk.split(b"<")
            if len(pieces) == 1:
                run += len(chunk)
                longest = run
            else:  # the first piece goes on the text before this chunk; the last one goes on after it
                longest = max(run + len(pieces[0]), max(map(len, pieces[1:])))
                run = len(pieces[-1])
            if longest > _MAX_TEXT_RUN:
                raise WorkbookError(f"{label}: có một ô chữ dài hơn {format_number(MAX_CELL_CHARS)} ký tự "
                                    "(giới hạn của Excel).")
            if rows > MAX_ROWS:
                raise WorkbookError(f"{label}: hơn {format_number(MAX_ROWS)} dòng, quá nhiều cho một sổ theo dõi.")
            if cells > MAX_CELLS:
                raise WorkbookError(f"{label}: hơn {format_number(MAX_CELLS)} ô, quá nhiều cho một sổ theo dõi.")
            tail = chunk[-16:]


def _check_value(value: Any, where: str) -> Any:
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise WorkbookError(f"{where}: ô dài {format_number(len(value))} ký tự, quá giới hạn "
                            f"{format_number(MAX_CELL_CHARS)} ký tự của Excel.")
    return value


def _values(ws: Any, max_col: int | None = None, min_row: int = 1):
    """Yield the values of each row of `ws`, bounded in rows and checked in length."""
    for n, values in enumerate(ws.iter_rows(min_row=min_row, max_col=max_col, values_only=True), start=min_row):
        if n > MAX_ROWS + 1:
            raise WorkbookError(f"trang '{ws.title}': hơn {format_number(MAX_ROWS)} dòng.")
        yield n, tuple(_check_value(v, f"trang '{ws.title}', dòng {n}") for v in values)


def _read_baseline(ws: Any) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    identity: dict[str, str] = {}
    baseline: dict[str, dict[str, str]] = {}
    in_table = False
    for _, values in _values(ws, max_col=6):
        values = tuple(values) + (None,) * (6 - len(values))
        first = _text(values[0])
        if not first:
            continue
        if not in_table:
            if first == "ma":
                in_table = True
            else:
                identity[first] = _text(values[1])
            continue
        baseline[first] = {"trang_thai": _text(values[1]), "ngay_hoan_thanh": _text(values[2]),
                           "ket_qua": _text(values[3])}
    if identity.get(FORMAT_MARK) is None:
        identity = {}
    return identity, baseline


def read_workbook(data: bytes) -> Returned:
    """Return the task rows of every sheet with a "Mã" or "Số" column, the plan's identity and
    the baseline; raise WorkbookError for a file that is not a workbook that can be read safely."""
    if len(data) > MAX_FILE:
        raise WorkbookError(f"Tệp lớn hơn {MAX_FILE // (1024 * 1024)} MB, quá lớn cho một sổ theo dõi.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise WorkbookError("Không đọc được tệp Excel (không phải tệp .xlsx). Cần tệp .xlsx do kehoach tạo ra.") from None
    names = _sheet_names(archive)
    try:
        _scan(archive, names)
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken zip can fail in many ways
        raise WorkbookError(f"Không đọc được tệp Excel (tệp nén hỏng: {_reason(exc)}).") from None
    import warnings

    from openpyxl import load_workbook  # after the checks: openpyxl parses the XML

    place = ["tệp"]  # what is being read, for the message of a failure deep inside openpyxl
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on Excel extensions it skips
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                return _read(wb, place)
            finally:
                wb.close()
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed XML, wrong attribute types, missing parts…
        if place[0] == "tệp":
            place[0] = _broken_part(archive, names) or place[0]
        raise WorkbookError(f"{place[0]}: dữ liệu hỏng, không đọc được ({_reason(exc)}). "
                            "Cần tệp .xlsx do kehoach tạo ra (đã mở, sửa, lưu bằng Excel hay LibreOffice).") from None


def _broken_part(archive: zipfile.ZipFile, names: dict[str, str]) -> str | None:
    """Name the first XML part that is not well-formed (after a failure while loading)."""
    from defusedxml.ElementTree import iterparse

    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as stream:
                for _ in iterparse(stream):
                    pass
        except Exception:  # noqa: BLE001 - any fault: this is the part to name
            return _part_label(info.filename, names)
    return None


def _read(wb: Any, place: list[str]) -> Returned:
    baseline: dict[str, dict[str, str]] = {}
    identity: dict[str, str] = {}
    rows: list[SheetRow] = []
    read: list[str] = []
    for ws in wb.worksheets:
        place[0] = f"trang '{ws.title}'"
        if ws.title == BASELINE_SHEET:
            identity, baseline = _read_baseline(ws)
            continue
        rows_of_sheet = _read_sheet(ws)
        if rows_of_sheet is not None:
            read.append(ws.title)
            rows.extend(rows_of_sheet)
    return Returned(rows, baseline, read, identity)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _read_sheet(ws: Any) -> list[SheetRow] | None:
    header = next((v for _, v in _values(ws, max_col=len(COLUMNS) + 20)), ())
    columns: dict[str, int] = {}
    for i, h in enumerate(header):
        field = _WANTED.get(_header_key(h))
        if field is not None:
            columns.setdefault(field, i)
    if "number" not in columns and "row_id" not in columns:
        return None
    has = frozenset(f for f in ("status", "completed_on", "result") if f in columns)
    if not has:
        return None
    out: list[SheetRow] = []
    for r, values in _values(ws, max_col=max(columns.values()) + 1, min_row=2):
        def get(field: str) -> Any:
            i = columns.get(field)
            return values[i] if i is not None and i < len(values) else None
        row_id, number = _text(get("row_id")), _text(get("number"))
        if not row_id and not number:
            continue
        raw = get("number")
        decimal = isinstance(raw, float) and not raw.is_integer()
        out.append(SheetRow(ws.title, r, row_id, number, _text(get("period")), _text(get("content")),
                            get("status"), get("completed_on"), get("result"), has, decimal))
    return out
