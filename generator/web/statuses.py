"""Save the status, completion date and result of a board row into the plan file.

The one place the web app turns the board's form into edits of the plan: a row is one
entry of `generator.domain.tracking` (a one-off task, or one occurrence of a recurring
task, as ``kehoach tasks`` lists them); its edits are `FieldEdit`s, under the task's `ky`
(`FieldEdit.period`) where the import of a workbook writes that occurrence
(`status_import.written_under`), and go through `generator.source.editing.edit_task_fields`
(the mechanism of ``kehoach tasks --nhap-xlsx``: locked, only the changed lines, comments
and layout kept); the result is read again as a plan before it is written. A page carries
the hash of the file it was made from and the values it showed: when the file changed
since, nothing is written and the caller shows what changed (`Conflict`); the user may then
apply their change to the file as it is now.

Rules, as for the Excel import: a completion date makes the entry "hoàn thành"; an entry
set back to not completed loses its completion date; an empty result removes `ket_qua`.
An occurrence whose status came from fields written once for the whole recurring task
(an older file, read with a warning) gets its own `ky` entry, and those fields are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.domain import tracking
from generator.domain.schedule import KEY_PATTERN, key_label
from generator.domain.tasks import STATUS_LABELS, Task
from generator.domain.tracking import Entry
from generator.errors import InputError
from generator.kinds.plan.model import Plan
from generator.kinds.plan.status_import import (FIELD_LABELS, KEYS, cell_date, occurrence_edits, record_values, show,
                                                 written_under)
from generator.source.editing import EditError, FieldEdit, edit_task_fields
from generator.web.folder import Folder, digest

Value = str | date | None


class FormError(ValueError):
    """A value typed in the board that cannot be saved; message in Vietnamese."""


def identity_of(task: Task) -> str:
    """Return what identifies `task` if tasks move: its `ma`, else a digest of its content."""
    return task.ident


def row_key(item: Any) -> str:
    """Return how a page names an entry (or its follow-up row): "12" for a task followed once,
    "12@2026-Q1" for an occurrence."""
    key = item.occurrence.key if item.occurrence is not None else ""
    return f"{item.task.seq}@{key}" if key else str(item.task.seq)


def entry_of(task: Task, period: str) -> Entry | None:
    """Return the entry of `task` for occurrence key `period` ("": a task followed as one entry)."""
    if period:
        occurrence = task.schedule.occurrence(period)
        return Entry(task, occurrence) if occurrence is not None else None
    found = tracking.entries([task])
    return found[0] if len(found) == 1 and not found[0].key else None


def shown_entries(plan: Plan, keys: list[str]) -> list[Entry]:
    """Return the entries of `plan` a page lists (named by `row_key`), in plan order."""
    wanted: dict[int, set[str]] = {}
    for key in keys:
        seq, _, period = key.partition("@")
        if seq.isdecimal():
            wanted.setdefault(int(seq), set()).add(period)
    out = []
    for task in plan.tasks:
        periods = wanted.get(task.seq)
        if periods:
            out.extend(e for e in tracking.entries([task]) if e.key in periods)
    return out


@dataclass(frozen=True)
class StatusForm:
    """One row of the board as submitted: which entry, what the page showed, what the user wants."""

    group: int              # 0-based lĩnh vực
    index: int              # 0-based task in it
    fingerprint: str        # the task's id (`ma`, else a digest of its content)
    period: str             # the occurrence key ("2026-Q1"); "" for a task followed once
    shown: dict[str, Value]
    wanted: dict[str, Value]

    @property
    def changed(self) -> dict[str, Value]:
        """Return the fields the user changed on the page."""
        return {k: v for k, v in self.wanted.items() if v != self.shown.get(k)}


def _value(key: str, raw: str | None, what: str) -> Value:
    text = " ".join((raw or "").split())
    if not text:
        return None if key != "trang_thai" else "chua_thuc_hien"
    if key == "trang_thai":
        if text not in STATUS_LABELS:
            raise FormError(f"Trạng thái “{text}” không có: chọn {', '.join(STATUS_LABELS.values())}.")
        return text
    if key == "ngay_hoan_thanh":
        try:
            return cell_date(text)
        except ValueError:
            raise FormError(f"Ngày hoàn thành {what}“{text}” không đúng dạng dd/mm/yyyy.") from None
    return text


def parse_form(form: Any) -> StatusForm:
    """Return the row submitted in `form` (a mapping of field name → text); raise FormError."""
    try:
        group, index = int(form.get("nhom", "")), int(form.get("so", ""))
    except ValueError:
        raise FormError("Thiếu vị trí nhiệm vụ trong biểu mẫu: hãy tải lại trang.") from None
    if group < 0 or index < 0:
        raise FormError("Vị trí nhiệm vụ không hợp lệ: hãy tải lại trang.")
    period = str(form.get("ky", ""))
    if period and not re.fullmatch(KEY_PATTERN, period):
        raise FormError(f"Kỳ “{period[:20]}” không hợp lệ: hãy tải lại trang.")
    shown = {k: _value(k, form.get(f"cu_{k}"), "cũ ") for k in KEYS}
    wanted = {k: _value(k, form.get(k), "") for k in KEYS}
    return StatusForm(group, index, str(form.get("dau_vet", "")), period, shown, wanted)


@dataclass
class Outcome:
    """What a save did: the plan as written (or as found), the changes, or why it stopped."""

    plan: Plan | None = None
    entry: Entry | None = None
    digest: str = ""
    changes: list[str] = field(default_factory=list)
    conflict: Conflict | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return self.conflict is None and not self.problems


@dataclass(frozen=True)
class Conflict:
    """The file changed on disk since the page was made: what changed there, and what the user wants."""

    theirs: list[tuple[str, str, str]]     # (field label, value the page showed, value now on disk)
    mine: list[tuple[str, str, str]]       # (field label, value the page showed, value the user chose)
    both: list[str]                        # labels of fields changed on both sides
    text_diff: list[str]                   # the file's line changes (when the earlier version is known)
    digest: str                            # the hash of the file now on disk
    moved: bool = False                    # the task (or this occurrence of it) is no longer where the page had it


def locate(plan: Plan, form: StatusForm) -> Entry | None:
    """Return the entry the row is about: its task at its place if still there, else found by
    identity; then the occurrence the row names (None when the task no longer has it)."""
    groups = plan.groups
    task = None
    if form.group < len(groups) and form.index < len(groups[form.group].tasks):
        candidate = groups[form.group].tasks[form.index]
        if not form.fingerprint or identity_of(candidate) == form.fingerprint:
            task = candidate
    if task is None:
        same = [t for t in plan.tasks if identity_of(t) == form.fingerprint]
        task = same[0] if len(same) == 1 else None
    return entry_of(task, form.period) if task is not None else None


def _edits(entry: Entry, changed: dict[str, Value]) -> tuple[list[FieldEdit], list[str]]:
    task = entry.task
    current = record_values(entry)
    final = {**current, **changed}
    notes = []
    what = "kỳ này" if entry.key else "nhiệm vụ"
    if final["ngay_hoan_thanh"] is not None and final["trang_thai"] != "hoan_thanh":
        if "trang_thai" in changed:
            final["ngay_hoan_thanh"] = None
            notes.append(f"ngày hoàn thành được bỏ vì {what} không còn ở trạng thái hoàn thành")
        else:
            final["trang_thai"] = "hoan_thanh"
            notes.append("trạng thái thành Hoàn thành vì đã có ngày hoàn thành")
    changed_keys = [key for key in KEYS if final[key] != current[key]]
    edits, moved = occurrence_edits(entry, final, changed_keys)
    lines = [f"{FIELD_LABELS[k]}: {show(k, current[k])} → {show(k, final[k])}" for k in changed_keys]
    if moved:
        period = written_under(task, entry.occurrence)
        notes.append(f"trạng thái ghi chung cho nhiệm vụ được chuyển vào ky \"{period}\" ({key_label(period)})")
    return edits, lines + notes


def _shown_pairs(keys: list[str], before: dict[str, Value], after: dict[str, Value]) -> list[tuple[str, str, str]]:
    return [(FIELD_LABELS[k], show(k, before.get(k)), show(k, after.get(k))) for k in keys]


def save(folder: Folder, rel: str, base: str, form: StatusForm) -> Outcome:
    """Apply the row `form` to plan file `rel`, whose page was made from content hash `base`.

    When the file no longer has hash `base`, nothing is written: the outcome's `conflict`
    says what changed. Sending the row again with the hash of the file as it is now
    applies the user's changes (those against the values the row first showed) to it.
    """
    with folder.write_lock:
        path = folder.resolve(rel)
        raw = path.read_bytes()
        now = digest(raw)
        try:
            plan = folder.parse(rel, raw, ("ke_hoach",)).model
        except InputError as exc:
            return Outcome(problems=["Tệp kế hoạch hiện không hợp lệ nên chưa ghi được:"] + [str(p) for p in exc.problems])
        entry = locate(plan, form)
        if entry is None:
            return Outcome(plan=plan, digest=now, conflict=Conflict([], _shown_pairs(list(form.changed), form.shown,
                                                                                   form.wanted),
                                                                  [], folder.text_diff(base, raw), now, moved=True))
        if now != base:
            current = record_values(entry)
            theirs = [k for k in KEYS if current[k] != form.shown[k]]
            mine = list(form.changed)
            return Outcome(plan=plan, entry=entry, digest=now, conflict=Conflict(
                _shown_pairs(theirs, form.shown, current), _shown_pairs(mine, form.shown, form.wanted),
                [FIELD_LABELS[k] for k in mine if k in theirs and current[k] != form.wanted[k]],
                folder.text_diff(base, raw), now))
        edits, lines = _edits(entry, form.changed)
        if not edits:
            return Outcome(plan=plan, entry=entry, digest=now)
        checked = {}

        def validate(data: bytes) -> None:
            checked["loaded"] = folder.parse(rel, data, ("ke_hoach",))

        try:  # one locked read-modify-write, as kehoach tasks --nhap-xlsx does (generator/source/editing.py)
            done = edit_task_fields(path, edits, validate=validate, expected=raw)
        except EditError as exc:
            return Outcome(plan=plan, entry=entry, digest=now, problems=[f"{rel}: {exc}"])
        except InputError as exc:
            return Outcome(plan=plan, entry=entry, digest=now,
                           problems=["Thay đổi này làm tệp kế hoạch không hợp lệ; chưa ghi gì:"]
                           + [str(p) for p in exc.problems])
        new_raw = done.after
        folder.remember(new_raw)
        new_plan = checked["loaded"].model
        new_task = new_plan.groups[entry.task.group_index - 1].tasks[entry.task.index - 1]
        return Outcome(plan=new_plan, entry=entry_of(new_task, entry.key), digest=digest(new_raw), changes=lines)
