"""Decide what a returned follow-up workbook changes in the plan.

Pure: a plan and the rows read from a workbook in, the list of changes (and of problems)
out. Rules, in the words a user reads in the README:

- a row is matched to its task by `Mã` when it has one, else by `Số`;
- an empty cell changes nothing (it never erases what the plan says);
- a cell that still holds what the plan said when the workbook was made changes nothing,
  so a task present on two sheets takes the value that was edited;
- two sheets editing the same task differently is an error;
- the plan edited since the workbook was made, and the sheet edited too: a conflict,
  applied only with --force;
- a completion date makes the task "hoàn thành"; a task set back to not completed loses
  its completion date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from generator.domain.agencies import match_key
from generator.domain.tasks import STATUS_LABELS, Task
from generator.kinds.plan.followup import Returned, SheetRow, row_key
from generator.kinds.plan.model import Plan
from generator.source.editing import FieldEdit

FIELD_LABELS = {"trang_thai": "trạng thái", "ngay_hoan_thanh": "ngày hoàn thành", "ket_qua": "kết quả"}
_STATUS_BY_TEXT = {match_key(label): key for key, label in STATUS_LABELS.items()}
_STATUS_BY_TEXT.update({key: key for key in STATUS_LABELS})
_STATUS_BY_TEXT.update({match_key(key.replace("_", " ")): key for key in STATUS_LABELS})

Value = str | date | None


@dataclass(frozen=True)
class Change:
    """One field of one task that the import changes."""

    task: Task
    number: str
    key: str
    old: Value
    new: Value
    where: str
    note: str = ""

    def describe(self) -> str:
        """Return the change in words, e.g. "1.3: trạng thái: Đang thực hiện → Hoàn thành (…)"."""
        ident = self.number + (f" ({self.task.stable_id})" if self.task.stable_id else "")
        origin = f" [{self.where}]" if self.where else ""
        note = f" — {self.note}" if self.note else ""
        return (f"{ident}: {FIELD_LABELS[self.key]}: {show(self.key, self.old)} → "
                f"{show(self.key, self.new)}{origin}{note}")

    def edit(self) -> FieldEdit:
        """Return the edit of the plan file this change makes."""
        return FieldEdit(self.task.group_index - 1, self.task.index - 1, self.key, self.new)


@dataclass
class ImportResult:
    """What a returned workbook changes, and what stops it from being applied."""

    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def show(key: str, value: Value) -> str:
    """Return a field value as users read it."""
    if value is None or value == "":
        return "(trống)"
    if key == "trang_thai":
        return STATUS_LABELS.get(str(value), str(value))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return f"“{value}”"


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


def _current(task: Task) -> dict[str, Value]:
    return {"trang_thai": task.declared_status, "ngay_hoan_thanh": task.completed_on,
            "ket_qua": task.result or None}


def _baseline(plan: Plan, task: Task, returned: Returned) -> dict[str, Value] | None:
    saved = returned.baseline.get(row_key(plan, task))
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
        except ValueError:
            errors.append(f"{row.where}: ngày hoàn thành “{row.completed_on}” không đúng dạng dd/mm/yyyy.")
    if "result" in row.has:
        values["ket_qua"] = _result(row.result)
    return values


def plan_changes(plan: Plan, returned: Returned, *, force: bool = False) -> ImportResult:
    """Return the changes `returned` makes to `plan` (see the module notes for the rules)."""
    out = ImportResult()
    by_id = {t.stable_id: t for t in plan.tasks if t.stable_id}
    by_number = {plan.task_number(t): t for t in plan.tasks}
    # (task seq, key) → [(value, where)]
    offered: dict[tuple[int, str], list[tuple[Value, str]]] = {}
    tasks: dict[int, Task] = {}
    for row in returned.rows:
        if not row.stable_id and row.number_is_decimal and f"{row.number}0" in by_number:
            out.errors.append(f"{row.where}: ô “Số” là số thập phân {row.number}, không rõ là nhiệm vụ "
                              f"{row.number} hay {row.number}0; hãy gõ lại dạng chữ (thêm dấu ' phía trước).")
            continue
        task = by_id.get(row.stable_id) if row.stable_id else by_number.get(row.number)
        if task is None:
            what = f"mã “{row.stable_id}”" if row.stable_id else f"số “{row.number}”"
            out.errors.append(f"{row.where}: kế hoạch không có nhiệm vụ {what}.")
            continue
        tasks[task.seq] = task
        for key, value in _read_row(row, out.errors).items():
            if value is not None:
                offered.setdefault((task.seq, key), []).append((value, row.where))

    for seq, task in sorted(tasks.items()):
        number = plan.task_number(task)
        current = _current(task)
        base = _baseline(plan, task, returned)
        final = dict(current)
        edited: dict[str, str] = {}
        for key in ("trang_thai", "ngay_hoan_thanh", "ket_qua"):
            reference = base[key] if base is not None else current[key]
            changed = [(v, w) for v, w in offered.get((seq, key), []) if v != reference]
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
        for key in ("trang_thai", "ngay_hoan_thanh", "ket_qua"):
            if key not in edited or final[key] == current[key]:
                continue
            note = ""
            if edited[key] == "" and key == "trang_thai":
                note = "vì đã có ngày hoàn thành"
            elif edited[key] == "" and key == "ngay_hoan_thanh":
                note = "vì nhiệm vụ không còn ở trạng thái hoàn thành"
            out.changes.append(Change(task, number, key, current[key], final[key], edited[key], note))
    return out
