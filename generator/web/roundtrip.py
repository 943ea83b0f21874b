"""Set and remove keys of mappings in a user's YAML file, keeping its comments, order and quoting.

The report form saves through this module (the task statuses go through
`generator.source.editing.edit_tasks`, as the Excel import does). It is the report-file
counterpart of that mechanism, built on ruamel.yaml's round trip; when the general
round-trip editor of the plan files lands in `generator.source.editing`, `edit_mapping`
becomes one call to it.

Rules: a new key goes right after the nearest key before it in the given order (its
comment lines stay with the group they head); comment lines after a removed key stay
where they were; a replaced text keeps its quoting; line endings and a BOM are kept. The
result is parsed again and must hold exactly the old data with exactly the changes.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

FieldPath = tuple[str, ...]


class RoundTripError(ValueError):
    """The file cannot be changed safely in place; message in Vietnamese."""


@dataclass(frozen=True)
class KeyChange:
    """Set `path` to `value` (None: remove the key). `order` lists the sibling keys in their intended order."""

    path: FieldPath
    value: Any
    order: Sequence[str] = ()


def _yaml() -> Any:
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.allow_unicode = True
    rt.width = 1_000_000_000  # never fold a long line
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def _token(mapping: Any, key: str) -> Any:
    entry = mapping.ca.items.get(key)
    return entry[2] if entry and len(entry) > 2 else None


def _trailing(mapping: Any, key: str) -> str:
    """Return the comment lines (and blank lines) after `key`'s line, taking them from `key`."""
    token = _token(mapping, key)
    if token is None or "\n" not in token.value:
        return ""
    first, rest = token.value.split("\n", 1)
    token.value = first + "\n"
    if token.value == "\n":
        mapping.ca.items[key][2] = None
    return rest


def _attach(mapping: Any, key: str, lines: str) -> None:
    if not lines:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    entry = mapping.ca.items.setdefault(key, [None, None, None, None])
    token = entry[2]
    if token is not None and token.value.endswith("\n"):
        token.value += lines
    else:
        entry[2] = CommentToken("\n" + lines, CommentMark(0), None)


def _styled(old: Any, value: Any) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

    if isinstance(value, list):
        return [_styled(None, v) for v in value]
    if not isinstance(value, str):
        return value
    if isinstance(old, ScalarString):
        return type(old)(value)
    return DoubleQuotedScalarString(value)


def _set(root: Any, change: KeyChange) -> None:
    from ruamel.yaml.comments import CommentedMap

    *parents, key = change.path
    node = root
    for part in parents:
        child = node.get(part)
        if child is None:
            if change.value is None:
                return
            child = CommentedMap()
            node[part] = child
        if not isinstance(child, dict):
            raise RoundTripError(f"Trường '{part}' trong tệp không phải một bảng khóa: hãy sửa tay.")
        node = child
    if not node and hasattr(node, "fa"):
        node.fa.set_block_style()  # `so_lieu: {}` of a new report grows into one key a line
    if change.value is None:
        if key not in node:
            return
        keys = list(node.keys())
        lines = _trailing(node, key)
        position = keys.index(key)
        del node[key]
        node.ca.items.pop(key, None)
        if position > 0:
            _attach(node, keys[position - 1], lines)
        return
    if key in node:
        node[key] = _styled(node[key], change.value)
        return
    value = _styled(None, change.value)
    order = list(change.order)
    before = order[: order.index(key)] if key in order else []
    anchor = next((k for k in reversed(before) if k in node), None)
    keys = list(node.keys())
    if anchor is None and not before and keys and key not in order:
        anchor = keys[-1]
    if anchor is None:
        node.insert(0, key, value)
        return
    lines = _trailing(node, anchor)
    node.insert(keys.index(anchor) + 1, key, value)
    _attach(node, key, lines)


def _expected(data: Any, changes: Sequence[KeyChange]) -> Any:
    out = copy.deepcopy(data)
    for change in changes:
        *parents, key = change.path
        node = out
        for part in parents:
            if node.get(part) is None:
                if change.value is None:
                    break
                node[part] = {}
            node = node[part]
        else:
            if change.value is None:
                node.pop(key, None)
            else:
                node[key] = change.value
    return out


def edit_mapping(text: str, changes: Sequence[KeyChange]) -> str:
    """Return `text` with `changes` applied; raise RoundTripError when it cannot be done safely."""
    from ruamel.yaml.error import YAMLError

    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    crlf = body.count("\r\n") > body.count("\n") // 2
    normal = body.replace("\r\n", "\n")
    try:
        before = yaml.safe_load(normal)
        root = _yaml().load(normal)
    except (yaml.YAMLError, YAMLError) as exc:
        raise RoundTripError(f"Tệp YAML không đọc được để sửa: {exc}") from None
    if not isinstance(root, dict):
        raise RoundTripError("Tệp không phải một bảng khóa YAML: hãy sửa tay.")
    for change in changes:
        _set(root, change)
    buffer = io.StringIO()
    _yaml().dump(root, buffer)
    out = buffer.getvalue()
    try:
        after = yaml.safe_load(out)
    except yaml.YAMLError:
        after = None
    if after != _expected(before, changes):
        raise RoundTripError("Không sửa được tệp một cách an toàn (kết quả khác dự kiến); không ghi gì, hãy sửa tay.")
    if crlf:
        out = out.replace("\n", "\r\n")
    return bom + out
