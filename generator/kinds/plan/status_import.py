"""Decide what a returned follow-up workbook changes in the plan.

Pure: a plan and the rows read from a workbook in, the list of changes (and of problems)
out. Rules, in the words a user reads in the README:

- a workbook made from another plan (another issuer, period or plan file) is refused
  whole, in one line;
- a row is matched to its task (and occurrence) by its `Mã`: the task's `ma`, else a
  digest of its content, with "@2026-Q1" for an occurrence of a recurring task; a row
  without `Mã` is matched by `Số` and `Kỳ` only when the plan's task list has not changed
  since the workbook was made;
- an empty cell changes nothing (it never erases what the plan says);
- a cell that still holds what the plan said when the workbook was made changes nothing,
  so a task present on two sheets takes the value that was edited;
- two sheets editing the same task differently is an error;
- the plan edited since the workbook was made, and the sheet edited too: a conflict,
  applied only with --force;
- a completion date makes the task "hoàn thành"; a task set back to not completed loses
  its completion date;
- an occurrence whose status an older file wrote once for the whole recurring task gets
  its own `ky` entry with every field, and the shared fields go (as the web board does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from generator.domain import tracking
from generator.domain.agencies import match_key
from generator.domain.inline import plain
from generator.domain.schedule import Occurrence
from generator.domain.tasks import STATUS_LABELS, Task
from generator.kinds.plan.followup import Returned, SheetRow
from generator.kinds.plan.model import Plan
from generator.source.editing import FieldEdit

FIELD_LABELS = {"trang_thai": "trạng thái", "ngay_hoan_thanh": "ngày hoàn thành", "ket_qua": "kết quả"}
KEYS = tuple(FIELD_LABELS)
_STATUS_BY_TEXT = {match_key(label): key for key, label in STATUS_LABELS.items()}
_STATUS_BY_TEXT.update({key: key for key in STATUS_LABELS})
_STATUS_BY_TEXT.update({match_key(key.replace("_", " ")): key for key in STATUS_LABELS})
_CONTENT_CHARS = 60

Value = str | date | None


def short_content(task: Task) -> str:
    """Return the task's content cut for a message: "“Rà soát quy chế làm việc.”"."""
    text = " ".join(plain(task.content).split())
    if len(text) > _CONTENT_CHARS:
        text = text[: _CONTENT_CHARS - 1].rstrip() + "…"
    return f"“{text}”"


@dataclass(frozen=True)
class Change:
    """One field of one task (or occurrence) that the import changes."""

    task: Task
    occurrence: Occurrence | None
    number: str
    key: str
    old: Value
    new: Value
    where: str
    note: str = ""

    @property
    def period(self) -> str | None:
        """Return the occurrence key the change is written under (`ky`), None for the task itself."""
        return written_under(self.task, self.occurrence)

    def describe(self) -> str:
        """Return the change in words, e.g. "1.3 “Rà soát…”: trạng thái: Đang thực hiện → Hoàn thành (…)"."""
        ident = self.number
        if self.occurrence is not None and self.occurrence.label:
            ident += f" [{self.occurrence.label}]"
        if self.task.stable_id:
            ident += f" ({self.task.stable_id})"
        origin = f" [{self.where}]" if self.where else ""
        note = f" — {self.note}" if self.note else ""
        return (f"{ident} {short_content(self.task)}: {FIELD_LABELS[self.key]}: {show(self.key, self.old)} → "
                f"{show(self.key, self.new)}{origin}{note}")


@dataclass
class ImportResult:
    """What a returned workbook changes, and what stops it from being applied."""

    changes: list[Change] = field(default_factory=list)
    edits: list[FieldEdit] = field(default_factory=list)   # what the changes write into the plan file
    errors: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def written_under(task: Task, occurrence: Occurrence | None) -> str | None:
    """Return the `ky` key the status of `occurrence` of `task` is written under, None for the
    task's own fields (a one-off task; the one occurrence of a series, unless written in `ky`)."""
    if occurrence is None or not occurrence.key:
        return None
    return occurrence.key if task.recurs or occurrence.key in task.written_periods else None


def occurrence_edits(entry: tracking.Entry, final: dict[str, Value], changed: list[str]) -> tuple[list[FieldEdit], bool]:
    """Return the edits that write the `changed` fields of `final` for `entry`, and whether they move
    a status shared by a recurring task (an older file) into the occurrence's own `ky` entry.

    Moving writes every field of `final` under `ky` and removes the task's shared fields:
    an entry holding only the changed field would hide the shared status for good.
    """
    task = entry.task
    group, index = task.group_index - 1, task.index - 1
    period = written_under(task, entry.occurrence)
    edits = [FieldEdit(group, index, key, final[key], period) for key in changed]
    if not edits or period is None or period in task.written_periods or entry.record.empty:
        return edits, False
    own = task.own_record
    edits = [FieldEdit(group, index, key, final[key], period) for key in KEYS if final[key] is not None]
    edits += [FieldEdit(group, index, key, None) for key, value in
              zip(KEYS, (own.status, own.completed_on, own.result)) if value]
    return edits, True


def record_values(entry: tracking.Entry) -> dict[str, Value]:
    """Return what the plan says about `entry`: trang_thai (as declared), ngay_hoan_thanh, ket_qua."""
    record = entry.record
    return {"trang_thai": record.declared, "ngay_hoan_thanh": record.completed_on,
            "ket_qua": record.result or None}


def show(key: str, value: Value) -> str:
    """Return a field value as users read it."""
    if value is None or value == "":
        return "(trống)"
    if key == "trang_thai":
        return STATUS_LABELS.get(str(value), str(value))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return f"“{value}”"


def refusal(plan: Plan, returned: Returned, *, force: bool = False) -> str | None:
    """Return why the workbook cannot be read into `plan` (one line), None when it can."""
    found = returned.identity
    if not found:
        return ("tệp Excel này không ghi kế hoạch nào đã xuất ra nó (tạo bằng phiên bản kehoach cũ, hoặc không "
                "phải sổ theo dõi của kehoach): hãy xuất lại bằng “kehoach tasks … --xlsx” rồi gửi lại các cơ quan; "
                "không ghi gì.")
    name = plan.source.replace("\\", "/").rsplit("/", 1)[-1]
    other_plan = found.get("co_quan") != plan.issuer.name or found.get("giai_doan") != plan.period
    if other_plan or (found.get("ke_hoach") != name and not force):
        hint = "" if other_plan else " Nếu chỉ đổi tên tệp kế hoạch, chạy lại với --force."
        period = found.get("giai_doan", "?").replace("-", "–")
        return (f"tệp Excel này xuất từ kế hoạch khác: “{found.get('ke_hoach', '?')}” của "
                f"{found.get('co_quan', '?')}, {'giai đoạn' if '–' in period else 'năm'} {period} — không phải "
                f"“{name}” của {plan.issuer.name}, {plan.period_words}; không ghi gì.{hint}")
    return None


def _status(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    key = _STATUS_BY_TEXT.get(match_key(text)) or _STATUS_BY_TEXT.get(text)
    if key is None:
        raise ValueError(f"trạng thái “{text}” không hợp lệ; chọn một trong: {', '.join(STATUS_LABELS.values())}")
    return key


def _result(value: object) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _baseline(row_id: str, returned: Returned) -> dict[str, Value] | None:
    saved = returned.baseline.get(row_id)
    if saved is None:
        return None
    try:
        done = date.fromisoformat(saved["ngay_hoan_thanh"]) if saved["ngay_hoan_thanh"] else None
    except ValueError:
        return None
    return {"trang_thai": saved["trang_thai"] or "chua_thuc_hien", "ngay_hoan_thanh": done,
            "ket_qua": saved["ket_qua"] or None}


def cell_date(value: Any) -> date | None:
    """Return the date a cell holds (a real date, or text dd/mm/yyyy or yyyy-mm-dd); raise ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return date.fromisoformat(text)


def _read_row(row: SheetRow, errors: list[str]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    if "status" in row.has:
        try:
            values["trang_thai"] = _status(row.status)
        except ValueError as exc:
            errors.append(f"{row.where}: {exc}.")
    if "completed_on" in row.has:
        try:
            values["ngay_hoan_thanh"] = cell_date(row.completed_on)
        except (ValueError, TypeError, OverflowError):
            errors.append(f"{row.where}: ngày hoàn thành “{str(row.completed_on)[:40]}” không đúng dạng dd/mm/yyyy.")
    if "result" in row.has:
        values["ket_qua"] = _result(row.result)
    return values


def _row_text(row: SheetRow) -> str:
    text = " ".join(row.content.split())
    if len(text) > _CONTENT_CHARS:
        text = text[: _CONTENT_CHARS - 1].rstrip() + "…"
    return f" (“{text}”)" if text else ""


def _match(plan: Plan, returned: Returned, out: ImportResult) -> dict[str, list[tuple[SheetRow, tracking.Entry]]]:
    """Pair each row with its entry; record the rows that match none."""
    all_entries = tracking.entries(plan.tasks)
    by_id = {e.ident: e for e in all_entries}
    # a workbook made before the tasks got their `ma` names them by digest
    by_id.update({(f"{e.task.digest}@{e.key}" if e.key else e.task.digest): e for e in all_entries
                  if e.task.stable_id and e.task.digest})
    same_list = returned.identity.get("dau_van_tay") == plan.tasks_digest
    by_number = {(plan.task_number(e.task), e.occurrence.label if e.occurrence else ""): e for e in all_entries}
    numbers = {plan.task_number(t) for t in plan.tasks}
    if not same_list:
        out.notes.append("Danh sách nhiệm vụ của kế hoạch đã thay đổi từ khi xuất tệp Excel (thêm, bớt, đổi số "
                         "hay đổi thời gian): các dòng được khớp theo cột “Mã”.")
    matched: dict[str, list[tuple[SheetRow, tracking.Entry]]] = {}
    for row in returned.rows:
        entry = None
        if row.row_id:
            entry = by_id.get(row.row_id)
            if entry is None:
                why = (" (nội dung nhiệm vụ đã sửa, hoặc nhiệm vụ đã bị xóa; chạy “kehoach tasks … --gan-ma” để "
                       "nhiệm vụ có mã cố định)" if row.row_id.startswith("#") else "")
                out.errors.append(f"{row.where}: kế hoạch không có nhiệm vụ mã “{row.row_id}”"
                                  f"{_row_text(row)}{why}.")
                continue
        elif not same_list:
            out.errors.append(f"{row.where}: dòng không có “Mã”, mà danh sách nhiệm vụ đã thay đổi từ khi xuất tệp "
                              f"nên không dựa vào “Số” {row.number}{_row_text(row)} được; hãy ghi lại mã.")
            continue
        else:
            if row.number_is_decimal and f"{row.number}0" in numbers:
                out.errors.append(f"{row.where}: ô “Số” là số thập phân {row.number}, không rõ là nhiệm vụ "
                                  f"{row.number} hay {row.number}0; hãy gõ lại dạng chữ (thêm dấu ' phía trước).")
                continue
            entry = by_number.get((row.number, row.period))
            if entry is None:
                out.errors.append(f"{row.where}: kế hoạch không có nhiệm vụ số “{row.number}”"
                                  + (f" kỳ “{row.period}”" if row.period else "") + f"{_row_text(row)}.")
                continue
        matched.setdefault(entry.ident, []).append((row, entry))
    return matched


def plan_changes(plan: Plan, returned: Returned, *, force: bool = False) -> ImportResult:
    """Return the changes `returned` makes to `plan` (see the module notes for the rules).

    The caller checks `refusal` first: this pairs rows by id on the assumption that the
    workbook comes from `plan`."""
    out = ImportResult()
    matched = _match(plan, returned, out)
    order = {e.ident: i for i, e in enumerate(tracking.entries(plan.tasks))}
    for row_id in sorted(matched, key=order.__getitem__):
        pairs = matched[row_id]
        entry = pairs[0][1]
        task = entry.task
        number = plan.task_number(task) + (f" [{entry.occurrence.label}]" if entry.occurrence and
                                           entry.occurrence.label else "")
        offered: dict[str, list[tuple[Value, str]]] = {}
        for row, _ in pairs:
            for key, value in _read_row(row, out.errors).items():
                if value is not None:
                    offered.setdefault(key, []).append((value, row.where))
        current = record_values(entry)
        base = _baseline(row_id, returned)
        final = dict(current)
        edited: dict[str, str] = {}
        for key in ("trang_thai", "ngay_hoan_thanh", "ket_qua"):
            reference = base[key] if base is not None else current[key]
            changed = [(v, w) for v, w in offered.get(key, []) if v != reference]
            distinct = list(dict.fromkeys(v for v, _ in changed))
            if len(distinct) > 1:
                places = "; ".join(f"{show(key, v)} ở {w}" for v, w in changed)
                out.errors.append(f"{number}: các trang ghi {FIELD_LABELS[key]} khác nhau: {places}.")
                continue
            if not distinct or distinct[0] == current[key]:
                continue
            value, where = distinct[0], changed[0][1]
            if base is not None and base[key] != current[key] and not force:
                out.conflicts.append(
                    f"{number}: {FIELD_LABELS[key]} trong kế hoạch đã đổi từ {show(key, base[key])} thành "
                    f"{show(key, current[key])} sau khi xuất tệp Excel, nay {where} lại ghi {show(key, value)}.")
                continue
            final[key] = value
            edited[key] = where
        if final["ngay_hoan_thanh"] is not None and final["trang_thai"] != "hoan_thanh":
            if "trang_thai" in edited and "ngay_hoan_thanh" in edited:
                out.errors.append(f"{number}: {edited['trang_thai']} ghi trạng thái "
                                  f"{show('trang_thai', final['trang_thai'])} nhưng lại có ngày hoàn thành.")
                continue
            if "trang_thai" in edited:
                final["ngay_hoan_thanh"] = None
                edited["ngay_hoan_thanh"] = ""
            else:
                final["trang_thai"] = "hoan_thanh"
                edited["trang_thai"] = ""
        changed = [key for key in KEYS if key in edited and final[key] != current[key]]
        edits, moved = occurrence_edits(entry, final, changed)
        out.edits += edits
        if moved:
            period = written_under(task, entry.occurrence)
            out.notes.append(f"{number}: trạng thái ghi chung cho nhiệm vụ được chuyển vào ky \"{period}\".")
        for key in changed:
            note = ""
            if edited[key] == "" and key == "trang_thai":
                note = "vì đã có ngày hoàn thành"
            elif edited[key] == "" and key == "ngay_hoan_thanh":
                note = "vì nhiệm vụ không còn ở trạng thái hoàn thành"
            out.changes.append(Change(task, entry.occurrence, plan.task_number(task), key, current[key], final[key],
                                      edited[key], note))
    return out
