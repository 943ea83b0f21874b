"""Change a few fields of tasks in a plan file without touching anything else.

The plan file is the user's: comments, key order, quoting, blank lines and line endings
must survive. So this module does not re-dump the YAML; it finds, with PyYAML's node
marks, the exact characters of each value and splices in the new text. New keys go on a
line of their own after the related key. The result is checked by parsing it again: the
data must equal the old data with exactly the requested changes.
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
_ANCHORS = ("thoi_gian", "san_pham", "phoi_hop", "chu_tri", "ma", "noi_dung")
# libyaml when present: the same nodes and marks (character offsets), ten times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#:\n]*(?<!\s)$")


@dataclass(frozen=True)
class FieldEdit:
    """Set (or, with value None, remove) `key` of task `index` of lĩnh vực `group` (0-based)."""

    group: int
    index: int
    key: str
    value: str | date | None


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
    if style is None and _PLAIN_SAFE.match(value) and yaml.load(value, Loader=_LOADER) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


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


def edit_tasks(text: str, edits: list[FieldEdit]) -> str:
    """Return `text` with `edits` applied; raise EditError when it cannot be done safely."""
    body = text[1:] if text.startswith("\ufeff") else text
    newline = "\r\n" if "\r\n" in body else "\n"
    try:
        root = yaml.compose(body, Loader=_LOADER)
        before = yaml.load(body, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise EditError(f"Tệp kế hoạch không đọc được: {exc}") from None
    splices: list[tuple[int, int, str]] = []
    by_task: dict[tuple[int, int], list[FieldEdit]] = {}
    for edit in edits:
        by_task.setdefault((edit.group, edit.index), []).append(edit)
    for (group, index), task_edits in by_task.items():
        node = _task_node(root, group, index)
        indent = node.value[0][0].start_mark.column if node.value else 0
        present = {k.value for k, _ in node.value if isinstance(k, ScalarNode)}
        inserts: dict[int, list[tuple[int, str]]] = {}
        for edit in sorted(task_edits, key=lambda e: TRACKING_KEYS.index(e.key)):
            pair = _get(node, edit.key)
            if pair is not None:
                key_node, value_node = pair
                if edit.value is None:
                    start = _line_start(body, key_node.start_mark.index)
                    end = _line_end(body, _value_end(body, value_node))
                    splices.append((start, min(len(body), end + 1), ""))
                elif isinstance(value_node, ScalarNode):
                    style = value_node.style if value_node.style in ("'", '"') else None
                    splices.append((value_node.start_mark.index, _value_end(body, value_node),
                                    _render(edit.value, style)))
                else:
                    raise EditError(f"Trường '{edit.key}' của nhiệm vụ ở dòng {key_node.start_mark.line + 1} "
                                    "không phải một giá trị đơn: hãy sửa tay.")
                continue
            if edit.value is None:
                continue
            anchor = None
            earlier = TRACKING_KEYS[: TRACKING_KEYS.index(edit.key)]
            for key in (*reversed(earlier), *_ANCHORS):
                if key in present and _get(node, key) is not None:
                    anchor = _get(node, key)
                    break
            if anchor is None:
                anchor = node.value[-1]
            at = _line_end(body, _value_end(body, anchor[1]))
            rank = TRACKING_KEYS.index(edit.key)
            style = None if edit.key == "trang_thai" else '"'
            line = f"{newline}{' ' * indent}{edit.key}: {_render(edit.value, style)}"
            inserts.setdefault(at, []).append((rank, line))
            present.add(edit.key)
        for at, lines in inserts.items():
            at_cr = at - 1 if newline == "\r\n" and at > 0 and body[at - 1] == "\r" else at
            splices.append((at_cr, at_cr, "".join(line for _, line in sorted(lines))))
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
        if edit.value is None:
            task.pop(edit.key, None)
        else:
            task[edit.key] = edit.value.isoformat() if isinstance(edit.value, date) else edit.value
    try:
        got = json.loads(json.dumps(yaml.load(after_text, Loader=_LOADER), default=str))
    except yaml.YAMLError as exc:
        raise EditError(f"Sửa tại chỗ làm hỏng tệp kế hoạch ({exc}); không ghi gì, hãy sửa tay.") from None
    if got != expected:
        raise EditError("Không sửa được tệp kế hoạch một cách an toàn (kết quả khác dự kiến); "
                        "không ghi gì, hãy sửa tay.")

