"""Save a task's status, completion date and result from the task board into the plan file.

The one place the web app changes task statuses: the edit goes through
`generator.source.editing.edit_tasks` (the mechanism of ``kehoach tasks --nhap-xlsx``:
only the changed lines, comments and layout kept), the result is read again as a plan
(`generator.kinds`) and written atomically. A page carries the hash of the file it was
made from and the values it showed: when the file changed since, nothing is written and
the caller shows what changed (`Conflict`); the user may then apply their change to the
file as it is now.

Rules, as for the Excel import: a completion date makes the task "hoàn thành"; a task set
back to not completed loses its completion date; an empty result removes `ket_qua`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.domain.tasks import STATUS_LABELS, Task
from generator.errors import InputError
from generator.kinds.plan.model import Plan
from generator.kinds.plan.status_import import FIELD_LABELS, cell_date, show
from generator.source.editing import EditError, FieldEdit, edit_task_fields
from generator.web.folder import Folder, digest

KEYS = ("trang_thai", "ngay_hoan_thanh", "ket_qua")
Value = str | date | None


class FormError(ValueError):
    """A value typed in the board that cannot be saved; message in Vietnamese."""


def identity_of(task: Task) -> str:
    """Return what identifies `task` if tasks move: its `ma`, else a hash of its content."""
    if task.stable_id:
        return "ma:" + task.stable_id
    return "nd:" + hashlib.sha256(task.content.encode("utf-8")).hexdigest()[:16]


def values_of(task: Task) -> dict[str, Value]:
    """Return the three tracking fields of `task` as the board shows them."""
    return {"trang_thai": task.own_record.declared, "ngay_hoan_thanh": task.completed_on, "ket_qua": task.result or None}


@dataclass(frozen=True)
class StatusForm:
    """One row of the board as submitted: which task, what the page showed, what the user wants."""

    group: int              # 0-based lĩnh vực
    index: int              # 0-based task in it
    fingerprint: str
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
    shown = {k: _value(k, form.get(f"cu_{k}"), "cũ ") for k in KEYS}
    wanted = {k: _value(k, form.get(k), "") for k in KEYS}
    return StatusForm(group, index, str(form.get("dau_vet", "")), shown, wanted)


@dataclass
class Outcome:
    """What a save did: the plan as written (or as found), the changes, or why it stopped."""

    plan: Plan | None = None
    task: Task | None = None
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
    moved: bool = False                    # the task is no longer where the page had it


def locate(plan: Plan, form: StatusForm) -> Task | None:
    """Return the task the row is about: at its place if it is still there, else found by identity."""
    groups = plan.groups
    if form.group < len(groups) and form.index < len(groups[form.group].tasks):
        task = groups[form.group].tasks[form.index]
        if not form.fingerprint or identity_of(task) == form.fingerprint:
            return task
    same = [t for t in plan.tasks if identity_of(t) == form.fingerprint]
    return same[0] if len(same) == 1 else None


def _edits(task: Task, changed: dict[str, Value]) -> tuple[list[FieldEdit], list[str]]:
    current = values_of(task)
    final = {**current, **changed}
    notes = []
    if final["ngay_hoan_thanh"] is not None and final["trang_thai"] != "hoan_thanh":
        if "trang_thai" in changed:
            final["ngay_hoan_thanh"] = None
            notes.append("ngày hoàn thành được bỏ vì nhiệm vụ không còn ở trạng thái hoàn thành")
        else:
            final["trang_thai"] = "hoan_thanh"
            notes.append("trạng thái thành Hoàn thành vì đã có ngày hoàn thành")
    edits, lines = [], []
    for key in KEYS:
        if final[key] == current[key]:
            continue
        edits.append(FieldEdit(task.group_index - 1, task.index - 1, key, final[key]))
        lines.append(f"{FIELD_LABELS[key]}: {show(key, current[key])} → {show(key, final[key])}")
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
        task = locate(plan, form)
        if task is None:
            return Outcome(plan=plan, digest=now, conflict=Conflict([], _shown_pairs(list(form.changed), form.shown,
                                                                                   form.wanted),
                                                                  [], folder.text_diff(base, raw), now, moved=True))
        if now != base:
            current = values_of(task)
            theirs = [k for k in KEYS if current[k] != form.shown[k]]
            mine = list(form.changed)
            return Outcome(plan=plan, task=task, digest=now, conflict=Conflict(
                _shown_pairs(theirs, form.shown, current), _shown_pairs(mine, form.shown, form.wanted),
                [FIELD_LABELS[k] for k in mine if k in theirs and current[k] != form.wanted[k]],
                folder.text_diff(base, raw), now))
        edits, lines = _edits(task, form.changed)
        if not edits:
            return Outcome(plan=plan, task=task, digest=now)
        checked = {}

        def validate(data: bytes) -> None:
            checked["loaded"] = folder.parse(rel, data, ("ke_hoach",))

        try:  # one locked read-modify-write, as kehoach tasks --nhap-xlsx does (generator/source/editing.py)
            done = edit_task_fields(path, edits, validate=validate, expected=raw)
        except EditError as exc:
            return Outcome(plan=plan, task=task, digest=now, problems=[f"{rel}: {exc}"])
        except InputError as exc:
            return Outcome(plan=plan, task=task, digest=now,
                           problems=["Thay đổi này làm tệp kế hoạch không hợp lệ; chưa ghi gì:"]
                           + [str(p) for p in exc.problems])
        new_raw = done.after
        folder.remember(new_raw)
        loaded = checked["loaded"]
        new_plan = loaded.model
        new_task = new_plan.groups[task.group_index - 1].tasks[task.index - 1]
        return Outcome(plan=new_plan, task=new_task, digest=digest(new_raw), changes=lines)
