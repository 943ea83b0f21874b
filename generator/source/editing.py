"""Change a few fields of tasks in a plan file without touching anything else.

The plan file is the user's: comments, key order, quoting, blank lines and line endings
must survive. So this module does not re-dump the YAML; it finds, with PyYAML's node
marks, the exact characters of each value and splices in the new text. New keys go on a
line of their own after the related key. The result is checked by parsing it again: the
data must equal the old data with exactly the requested changes.

An edit names a field of a task (`trang_thai`, `ngay_hoan_thanh`, `ket_qua`, `ma`), or,
with `period`, a field of the task's entry for one occurrence under `ky`
(``ky: {"2026-Q1": {trang_thai: hoan_thanh}}``): the `ky` mapping and the entry are
created when missing, entries in the order of their keys.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

# Keys written by the follow-up import, in the order new ones are placed.
TRACKING_KEYS = ("trang_thai", "ngay_hoan_thanh", "ket_qua")
_RANK = {"ma": -1, **{k: i for i, k in enumerate(TRACKING_KEYS)}, "ky": len(TRACKING_KEYS)}
_ANCHORS = ("thoi_gian", "san_pham", "phoi_hop", "chu_tri", "ma", "noi_dung")
_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#:\n]*(?<!\s)$")

Splice = tuple[int, int, str]


@dataclass(frozen=True)
class FieldEdit:
    """Set (or, with value None, remove) `key` of task `index` of lĩnh vực `group` (0-based);
    with `period` (an occurrence key such as "2026-Q1"), the key of that occurrence's entry
    under the task's `ky`."""

    group: int
    index: int
    key: str
    value: str | date | None
    period: str | None = None


class EditError(ValueError):
    """The file cannot be edited safely in place; message in Vietnamese."""


def _get(mapping: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _task_node(root: Node, group: int, index: int) -> MappingNode:
    try:
        groups = _get(root, "nhiem_vu_cu_the")[1]  # type: ignore[index,arg-type]
        tasks = _get(groups.value[group], "nhiem_vu")[1]  # type: ignore[index]
        node = tasks.value[index]
    except (TypeError, IndexError, AttributeError) as exc:
        raise EditError(f"Không tìm thấy nhiệm vụ thứ {index + 1} của lĩnh vực thứ {group + 1}.") from exc
    if not isinstance(node, MappingNode):
        raise EditError(f"Nhiệm vụ thứ {index + 1} của lĩnh vực thứ {group + 1} không phải một bảng khóa.")
    if node.flow_style:
        raise EditError(f"Nhiệm vụ thứ {index + 1} của lĩnh vực thứ {group + 1} viết trên một dòng "
                        "({…}): hãy viết mỗi trường một dòng rồi nhập lại.")
    return node


def _render(value: str | date, style: str | None) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style is None and _PLAIN_SAFE.match(value) and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _new_value(key: str, value: str | date) -> str:
    """A value written on a new line: statuses and ids plain, dates bare, text in double quotes."""
    return _render(value, None if key in ("trang_thai", "ma") else '"')


def _value_end(text: str, node: Node) -> int:
    """Return the index just after the last character of `node`'s own text."""
    start, end = node.start_mark.index, node.end_mark.index
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Return the index of the line break ending the line holding `index` (or len(text))."""
    n = text.find("\n", index)
    return len(text) if n < 0 else n


def _after(body: str, node: Node, newline: str) -> int:
    """Where a new line goes after `node`'s value: before the line break ending it."""
    at = _line_end(body, _value_end(body, node))
    return at - 1 if newline == "\r\n" and at > 0 and body[at - 1] == "\r" else at


def _block_edits(body: str, node: MappingNode, edits: list[tuple[str, str | date | None]],
                 newline: str, anchors: tuple[str, ...] = ()) -> list[Splice]:
    """Splices setting or removing keys of block mapping `node`; new keys go after the last
    related key (by `_RANK`, then `anchors`), else after the last key."""
    splices: list[Splice] = []
    indent = node.value[0][0].start_mark.column if node.value else 0
    present = {k.value for k, _ in node.value if isinstance(k, ScalarNode)}
    inserts: dict[int, list[tuple[int, str]]] = {}
    for key, value in sorted(edits, key=lambda e: _RANK.get(e[0], 99)):
        pair = _get(node, key)
        if pair is not None:
            key_node, value_node = pair
            if value is None:
                start = _line_start(body, key_node.start_mark.index)
                end = _line_end(body, _value_end(body, value_node))
                splices.append((start, min(len(body), end + 1), ""))
            elif isinstance(value_node, ScalarNode):
                style = value_node.style if value_node.style in ("'", '"') else None
                splices.append((value_node.start_mark.index, _value_end(body, value_node), _render(value, style)))
            else:
                raise EditError(f"Trường '{key}' của nhiệm vụ ở dòng {key_node.start_mark.line + 1} "
                                "không phải một giá trị đơn: hãy sửa tay.")
            continue
        if value is None:
            continue
        if key in TRACKING_KEYS:
            order = (*reversed(TRACKING_KEYS[: TRACKING_KEYS.index(key)]), *anchors)
        else:
            order = ("noi_dung",) if key == "ma" else anchors
        anchor = next((_get(node, k) for k in order if k in present and _get(node, k)), None)
        if anchor is None:
            anchor = node.value[-1]
        at = _after(body, anchor[1], newline)
        inserts.setdefault(at, []).append((_RANK.get(key, 99),
                                           f"{newline}{' ' * indent}{key}: {_new_value(key, value)}"))
        present.add(key)
    for at, lines in inserts.items():
        splices.append((at, at, "".join(line for _, line in sorted(lines))))
    return splices


def _flow_edits(body: str, node: MappingNode, edits: list[tuple[str, str | date | None]]) -> list[Splice]:
    """Splices setting or removing keys of a flow mapping written ``{trang_thai: x, …}``."""
    splices: list[Splice] = []
    added: list[str] = []
    for key, value in edits:
        pair = _get(node, key)
        if pair is None:
            if value is not None:
                added.append(f"{key}: {_new_value(key, value)}")
            continue
        key_node, value_node = pair
        if not isinstance(value_node, ScalarNode):
            raise EditError(f"Trường '{key}' ở dòng {key_node.start_mark.line + 1} không phải một giá trị đơn: "
                            "hãy sửa tay.")
        if value is not None:
            style = value_node.style if value_node.style in ("'", '"') else None
            splices.append((value_node.start_mark.index, _value_end(body, value_node), _render(value, style)))
            continue
        start, end = key_node.start_mark.index, _value_end(body, value_node)
        comma = body.find(",", end, node.end_mark.index)
        if comma >= 0:  # "k: v, " — remove up to the next item
            nxt = comma + 1
            while nxt < len(body) and body[nxt] in " \t":
                nxt += 1
            splices.append((start, nxt, ""))
        else:           # last item: remove ", k: v"
            before = body.rfind(",", node.start_mark.index, start)
            splices.append((before if before >= 0 else start, end, ""))
    if added:
        close = node.end_mark.index - 1
        while close > node.start_mark.index and body[close] != "}":
            close -= 1
        inner = body[node.start_mark.index + 1:close].strip()
        text = (", " if inner else "") + ", ".join(added)
        splices.append((close, close, text))
    return splices


def _flow_entry(period: str, edits: list[tuple[str, str | date | None]]) -> str:
    """One `ky` entry on one line: ``"2026-Q1": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-03-02}``."""
    fields = ", ".join(f"{k}: {_new_value(k, v)}" for k, v in sorted(edits, key=lambda e: _RANK.get(e[0], 99))
                       if v is not None)
    return f"\"{period}\": {{{fields}}}"


def _period_edits(body: str, task: MappingNode, by_period: dict[str, list[tuple[str, str | date | None]]],
                  newline: str) -> list[Splice]:
    """Splices editing the task's `ky` entries (creating `ky` and entries when needed)."""
    indent = task.value[0][0].start_mark.column if task.value else 0
    ky = _get(task, "ky")
    wanted = {p: [e for e in edits if e[1] is not None] for p, edits in by_period.items()}
    if ky is None:
        lines = [f"{newline}{' ' * (indent + 2)}{_flow_entry(period, wanted[period])}"
                 for period in sorted(wanted) if wanted[period]]
        if not lines:
            return []
        anchor = next((_get(task, k) for k in (*reversed(TRACKING_KEYS), *_ANCHORS) if _get(task, k)), task.value[-1])
        return [(_after(body, anchor[1], newline), _after(body, anchor[1], newline),
                 f"{newline}{' ' * indent}ky:" + "".join(lines))]
    key_node, mapping = ky
    if not isinstance(mapping, MappingNode):
        raise EditError(f"Trường 'ky' của nhiệm vụ ở dòng {key_node.start_mark.line + 1} không phải một bảng khóa: "
                        "hãy sửa tay.")
    entries = {str(k.value): (k, v) for k, v in mapping.value if isinstance(k, ScalarNode)}
    splices: list[Splice] = []
    new_entries: dict[str, list[tuple[str, str | date | None]]] = {}
    for period, edits in by_period.items():
        if period not in entries:
            if wanted[period]:
                new_entries[period] = wanted[period]
            continue
        entry_key, entry = entries[period]
        if not isinstance(entry, MappingNode) or not entry.value:
            raise EditError(f"Kỳ '{period}' ở dòng {entry_key.start_mark.line + 1} không ghi dạng bảng khóa "
                            "(trang_thai: …): hãy sửa tay.")
        if entry.flow_style:
            splices += _flow_edits(body, entry, edits)
        else:
            splices += _block_edits(body, entry, edits, newline)
    if new_entries:
        if mapping.flow_style:
            close = mapping.end_mark.index - 1
            while close > mapping.start_mark.index and body[close] != "}":
                close -= 1
            items = [_flow_entry(p, new_entries[p]) for p in sorted(new_entries)]
            inner = body[mapping.start_mark.index + 1:close].strip()
            splices.append((close, close, (", " if inner else "") + ", ".join(items)))
            return splices
        entry_indent = mapping.value[0][0].start_mark.column
        block = any(isinstance(v, MappingNode) and not v.flow_style for _, v in mapping.value)
        for period in sorted(new_entries):
            if block:  # like the entries already there: one field a line
                text = f"{' ' * entry_indent}\"{period}\":"
                for key, value in sorted(new_entries[period], key=lambda e: _RANK.get(e[0], 99)):
                    text += f"{newline}{' ' * (entry_indent + 2)}{key}: {_new_value(key, value)}"  # type: ignore[arg-type]
            else:
                text = f"{' ' * entry_indent}{_flow_entry(period, new_entries[period])}"
            later = [k for p, (k, _) in entries.items() if p > period]
            if later:  # before the first later entry, keeping the entries in order
                at = _line_start(body, min(k.start_mark.index for k in later))
                splices.append((at, at, text + newline))
            else:
                at = _after(body, mapping.value[-1][1], newline)
                splices.append((at, at, newline + text))
    return splices


def edit_tasks(text: str, edits: list[FieldEdit]) -> str:
    """Return `text` with `edits` applied; raise EditError when it cannot be done safely."""
    body = text[1:] if text.startswith("\ufeff") else text
    newline = "\r\n" if "\r\n" in body else "\n"
    try:
        root = yaml.compose(body, Loader=yaml.SafeLoader)
        before = yaml.safe_load(body)
    except yaml.YAMLError as exc:
        raise EditError(f"Tệp kế hoạch không đọc được: {exc}") from None
    splices: list[Splice] = []
    by_task: dict[tuple[int, int], list[FieldEdit]] = {}
    for edit in edits:
        by_task.setdefault((edit.group, edit.index), []).append(edit)
    for (group, index), task_edits in by_task.items():
        node = _task_node(root, group, index)
        own = [(e.key, e.value) for e in task_edits if e.period is None]
        splices += _block_edits(body, node, own, newline, _ANCHORS)
        by_period: dict[str, list[tuple[str, str | date | None]]] = {}
        for e in task_edits:
            if e.period is not None:
                by_period.setdefault(e.period, []).append((e.key, e.value))
        if by_period:
            splices += _period_edits(body, node, by_period, newline)
    splices.sort(key=lambda s: (s[0], s[1]))
    for (a_start, a_end, _), (b_start, _, _) in zip(splices, splices[1:]):
        if b_start < a_end:
            raise EditError("Các thay đổi chồng lên nhau trong tệp kế hoạch: hãy sửa tay.")
    out = body
    for start, end, new in reversed(splices):
        out = out[:start] + new + out[end:]
    _check(before, out, edits)
    return ("\ufeff" if text.startswith("\ufeff") else "") + out


def _check(before: Any, after_text: str, edits: list[FieldEdit]) -> None:
    expected = json.loads(json.dumps(before, default=str))
    for edit in edits:
        task = expected["nhiem_vu_cu_the"][edit.group]["nhiem_vu"][edit.index]
        if edit.period is not None:
            if edit.value is None:
                task.get("ky", {}).get(edit.period, {}).pop(edit.key, None)
                continue
            task = task.setdefault("ky", {}).setdefault(edit.period, {})
        if edit.value is None:
            task.pop(edit.key, None)
        else:
            task[edit.key] = edit.value.isoformat() if isinstance(edit.value, date) else edit.value
    try:
        got = json.loads(json.dumps(yaml.safe_load(after_text), default=str))
    except yaml.YAMLError as exc:
        raise EditError(f"Sửa tại chỗ làm hỏng tệp kế hoạch ({exc}); không ghi gì, hãy sửa tay.") from None
    if got != expected:
        raise EditError("Không sửa được tệp kế hoạch một cách an toàn (kết quả khác dự kiến); "
                        "không ghi gì, hãy sửa tay.")
