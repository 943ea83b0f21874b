"""Set and remove keys of mappings in a report file, keeping its comments, order and quoting.

The report form saves through this module, a thin use of the one YAML edit mechanism
(`generator.source.editing`, as the task statuses and every other edit): a new key goes
right after the nearest key before it in the given order; comment lines after a removed
key stay where they were; a replaced text keeps its quoting; line endings and a BOM are
kept; the result must read back as exactly the old data with exactly the changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap

from generator.source.editing import EditError, delete_key, edit_text, set_value

FieldPath = tuple[str, ...]
RoundTripError = EditError  # the report form's name for it


@dataclass(frozen=True)
class KeyChange:
    """Set `path` to `value` (None: remove the key). `order` lists the sibling keys in their intended order."""

    path: FieldPath
    value: Any
    order: Sequence[str] = ()


def _apply(root: Any, change: KeyChange) -> None:
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
            raise EditError(f"Trường '{part}' trong tệp không phải một bảng khóa: hãy sửa tay.")
        node = child
    if not node and hasattr(node, "fa"):
        node.fa.set_block_style()  # `so_lieu: {}` of a new report grows into one key a line
    if change.value is None:
        delete_key(node, key)
        return
    order = list(change.order)
    before = order[: order.index(key)] if key in order else []
    set_value(node, key, change.value, after=tuple(reversed(before)), style='"')


def edit_mapping(text: str, changes: Sequence[KeyChange]) -> str:
    """Return `text` with `changes` applied; raise EditError when it cannot be done safely."""

    def apply(root: Any) -> None:
        if not isinstance(root, dict):
            raise EditError("Tệp không phải một bảng khóa YAML: hãy sửa tay.")
        for change in changes:
            _apply(root, change)

    return edit_text(text, apply)
