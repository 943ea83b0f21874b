"""One way to change a YAML file a user owns: round-trip edits that leave the rest alone.

Every command that rewrites a plan (``tasks --nhap-xlsx``, ``nam-moi``, later the web app
and ``tasks --gan-ma``) goes through this module. An edit is a function applied to the
round-trip document of ruamel.yaml (mappings and lists that remember their comments, key
order and quoting); the document is then written back and the result is made to differ
from the original text only where the data changed:

- the original is re-dumped untouched (B) and after the edit (E); the line differences
  B → E are applied to the original text, so a file whose formatting ruamel.yaml would
  not reproduce exactly (other indentation, spacing in flow lists, unused anchors)
  keeps it everywhere but in the edited lines; line endings (LF, CRLF, mixed) and a
  UTF-8 BOM are kept;
- values set by an edit keep the quoting style of the value they replace; a new value is
  written plain only when it reads back as the same text, otherwise in double quotes
  ("... đang tổng hợp", "Có: 2 báo cáo", "yes" stay text);
- comment lines that follow a deleted key, or that stood after the key a new key is
  inserted behind, stay where the reader saw them;
- the result is parsed again (PyYAML, as kehoach reads plans): it must hold exactly the
  original data with exactly the edit applied, or nothing is written.

`edit_file` does the read-modify-write of a file under an exclusive lock (two concurrent
edits never lose one), writes through symbolic links (the target is updated, the link
stays) and keeps hard links together (a file with several links is rewritten in place;
any other file is replaced atomically by a rename).
"""

from __future__ import annotations

import difflib
import io
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import json

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import CommentMark
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from generator.source.files import stage_beside

# Keys written by the follow-up import, in the order new ones are placed.
TRACKING_KEYS = ("trang_thai", "ngay_hoan_thanh", "ket_qua")
_RANK = {"ma": -1, **{k: i for i, k in enumerate(TRACKING_KEYS)}, "ky": len(TRACKING_KEYS)}
_ANCHORS = ("thoi_gian", "san_pham", "phoi_hop", "chu_tri", "ma", "noi_dung")
_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#:\n]*(?<!\s)$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_EDIT_BYTES = 2 * 1024 * 1024  # the loader's limit for a plan file
LOCK_TIMEOUT = 30.0


class EditError(ValueError):
    """The file cannot be edited safely in place; message in Vietnamese."""


@dataclass(frozen=True)
class FieldEdit:
    """Set (or, with value None, remove) `key` of task `index` of lĩnh vực `group` (0-based)."""

    group: int
    index: int
    key: str
    value: str | date | None
    period: str | None = None   # an occurrence key ("2026-Q1"): the key of that entry under the task's `ky`


# --- the round-trip document ------------------------------------------------------------------

def _round_trip() -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.allow_unicode = True
    rt.width = 1_000_000_000  # never fold a long line
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def _load_rt(text: str) -> Any:
    try:
        return _round_trip().load(text)
    except RuamelError as exc:
        raise EditError(f"Tệp YAML không đọc được để sửa: {exc}") from None


def _dump_rt(root: Any) -> str:
    buffer = io.StringIO()
    _round_trip().dump(root, buffer)
    return buffer.getvalue()


def plain(value: Any) -> Any:
    """Return round-trip data as plain Python data (dict, list, str, int, date…)."""
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, ScalarString):
        return str(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, datetime):
        return datetime(*value.timetuple()[:6], value.microsecond)
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    return value


# --- styles of the values an edit sets --------------------------------------------------------

def reads_back_plain(text: str) -> bool:
    """Return True when `text` can be written without quotes and still read as this text."""
    if not _PLAIN_SAFE.match(text):
        return False
    try:
        if yaml.load(text, Loader=_LOADER) != text:
            return False
        return _round_trip().load(f"k: {text}\n")["k"] == text
    except (yaml.YAMLError, RuamelError):
        return False


def styled(text: str, style: str | None = None) -> str:
    """Return `text` as a scalar written with `style`: "'" or '"' (quotes), None (plain if safe)."""
    if style == "'":
        return SingleQuotedScalarString(text)
    if style == '"' or not reads_back_plain(text):
        return DoubleQuotedScalarString(text)
    return text


def _scalars(node: Any, path: tuple = (), out: dict | None = None) -> dict[tuple, Any]:
    """Return path → text value of every text scalar in `node` (its type tells its quoting)."""
    out = {} if out is None else out
    if isinstance(node, dict):
        for k, v in node.items():
            _scalars(v, path + (k,), out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _scalars(v, path + (i,), out)
    else:
        out[path] = node
    return out


def _written_width(value: Any) -> int:
    """Return how many characters `value` takes written after "key: "."""
    return len(_dump_rt({"k": value})) - len("k: \n")


def _keep_comment_gap(node: Any, key: Any, old: Any, new: Any) -> None:
    """Move the end-of-line comment of a changed value so the spaces before it stay as they were."""
    ca = getattr(node, "ca", None)
    entry = ca.items.get(key) if ca is not None else None
    if not entry:
        return
    slot = 0 if isinstance(node, list) else 2
    token = entry[slot] if len(entry) > slot else None
    if isinstance(token, CommentToken) and token.value.startswith("#") and token.column is not None:
        token.column = max(0, token.column + _written_width(new) - _written_width(old))


def _settle_styles(node: Any, before: dict[tuple, Any], path: tuple = ()) -> None:
    """Give every value an edit introduced the style it needs (see module notes)."""
    items: Iterable = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(items):
        here = path + (key,)
        if isinstance(value, (dict, list)):
            _settle_styles(value, before, here)
            continue
        old = before.get(here, _MISSING)
        if (type(old), old) == (type(value), value):
            continue  # untouched
        if old is _MISSING:
            if isinstance(value, str) and not isinstance(value, ScalarString):
                node[key] = styled(value)
            continue
        # (ruamel.yaml itself gives a text replacing a quoted one the same quotes)
        if isinstance(value, str) and not isinstance(value, ScalarString):
            if isinstance(old, SingleQuotedScalarString):
                value = SingleQuotedScalarString(value)
            elif isinstance(old, ScalarString):
                value = DoubleQuotedScalarString(value)
            else:
                value = styled(value)
            node[key] = value
        _keep_comment_gap(node, key, old, value)


_MISSING = object()


# --- comments around keys that move -------------------------------------------------------------

def _trailing_lines(node: Any, key: Any) -> str:
    """Remove and return the comment lines stored after the value of `key` in `node`.

    ruamel.yaml keeps the comment lines standing between an entry and the next one in the
    token of the entry's last scalar; its own end-of-line comment (first line) stays.
    """
    value = node[key]
    if isinstance(value, dict) and value:
        return _trailing_lines(value, list(value.keys())[-1])
    if isinstance(value, list) and value:
        return _trailing_lines(value, len(value) - 1)
    ca = getattr(node, "ca", None)
    entry = ca.items.get(key) if ca is not None else None
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None or not isinstance(token, CommentToken):
        return ""
    text = token.value
    if text.startswith("#"):  # an end-of-line comment, then maybe more lines
        cut = text.find("\n")
        if cut < 0 or cut == len(text) - 1:
            return ""
        token.value = text[: cut + 1]
        return text[cut:]
    entry[2] = None
    return text


def _attach_trailing(node: Any, key: Any, lines: str) -> None:
    """Store comment `lines` (starting with the line break) after the value of `key`."""
    if not lines:
        return
    value = node[key]
    if isinstance(value, dict) and value:
        return _attach_trailing(value, list(value.keys())[-1], lines)
    if isinstance(value, list) and value:
        return _attach_trailing(value, len(value) - 1, lines)
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) < 4:
        entry.append(None)
    token = entry[2]
    if isinstance(token, CommentToken) and token.value.endswith("\n"):
        token.value = token.value[:-1] + lines
    else:
        entry[2] = CommentToken(lines, CommentMark(0), None)


def set_value(mapping: CommentedMap, key: str, value: Any, *, after: Sequence[str] = (),
              style: str | None = None) -> None:
    """Set `key` of `mapping`; a new key goes right after the first of `after` present (else last).

    A text value replacing another keeps its quoting; `style` forces one for a new value.
    """
    if isinstance(value, str) and not isinstance(value, ScalarString) and key not in mapping:
        value = styled(value, style)
    if key in mapping:
        mapping[key] = value
        return
    anchor = next((k for k in after if k in mapping), None)
    keys = list(mapping.keys())
    if anchor is None and keys:
        anchor = keys[-1]
    if anchor is None:
        mapping[key] = value
        return
    lines = _trailing_lines(mapping, anchor)
    mapping.insert(keys.index(anchor) + 1, key, value)
    _attach_trailing(mapping, key, lines)


def delete_key(mapping: CommentedMap, key: str) -> None:
    """Remove `key` from `mapping`, keeping the comment lines that followed its value."""
    if key not in mapping:
        return
    keys = list(mapping.keys())
    lines = _trailing_lines(mapping, key)
    position = keys.index(key)
    del mapping[key]
    mapping.ca.items.pop(key, None)
    if not lines:
        return
    if position > 0:
        _attach_trailing(mapping, keys[position - 1], lines)
    elif len(keys) > 1:
        raise EditError(f"Không xóa được trường '{key}' mà giữ được chú thích đi sau nó: hãy sửa tay.")


# --- applying the edited dump to the original text -----------------------------------------------

def _split_lines(text: str) -> list[tuple[str, str]]:
    """Return (content, line ending) pairs; the last line may have no ending."""
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((body, line[len(body):]))
    return out


def _dominant_ending(lines: list[tuple[str, str]]) -> str:
    crlf = sum(1 for _, end in lines if end == "\r\n")
    lf = sum(1 for _, end in lines if end == "\n")
    return "\r\n" if crlf > lf else "\n"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _line_changes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Return difflib opcodes turning lines `a` into `b`; line by line when no line was added
    or removed (the usual edit: values changed in place), which stays fast on big files."""
    if len(a) == len(b):
        return [("replace" if x != y else "equal", i, i + 1, i, i + 1) for i, (x, y) in enumerate(zip(a, b))]
    return difflib.SequenceMatcher(None, a, b, autojunk=len(a) > 5000).get_opcodes()


def _patch(original: str, baseline: str, edited: str) -> str:
    """Return `original` changed as `baseline` was changed into `edited` (lines).

    `baseline` is the re-dump of `original`. Lines are aligned on their text without
    indentation, so a file indented otherwise than ruamel.yaml writes keeps its lines; new
    lines take the indentation of their siblings in the original. Where the original
    differs from the re-dump in more than indentation and an edit touches it, that part
    takes the re-dumped form.
    """
    o_lines = _split_lines(original)
    newline = _dominant_ending(o_lines)
    b = [c for c, _ in _split_lines(baseline)]
    e = [c for c, _ in _split_lines(edited)]
    o = [c for c, _ in o_lines]
    dead = [False] * len(b)
    replacement: dict[int, list[str]] = {}
    inserted: dict[int, list[str]] = {}
    for tag, i1, i2, j1, j2 in _line_changes(b, e):
        if tag == "equal":
            continue
        if tag == "insert":
            inserted.setdefault(i1, []).extend(e[j1:j2])
            continue
        for i in range(i1, i2):
            dead[i] = True
        replacement[i1] = e[j1:j2]
    if b == o:
        alignment = [("equal", 0, len(b), 0, len(o))]
    else:
        keys_b = [line.strip() for line in b]
        keys_o = [line.strip() for line in o]
        alignment = difflib.SequenceMatcher(None, keys_b, keys_o, autojunk=False).get_opcodes()
    o_of_b: dict[int, int] = {}
    for tag, i1, i2, j1, _ in alignment:
        if tag == "equal":
            o_of_b.update((i1 + k, j1 + k) for k in range(i2 - i1))

    def shift(i: int, width: int) -> int:
        """Return how much to add to an indentation of `width` near baseline line `i`."""
        fallback = None
        for r in range(min(i, len(b) - 1), max(-1, i - 400), -1):
            if r in o_of_b and b[r].strip():
                delta = _indent(o[o_of_b[r]]) - _indent(b[r])
                if _indent(b[r]) == width:
                    return delta
                if fallback is None:
                    fallback = delta
        return fallback or 0

    def reindent(lines: list[str], i: int) -> list[tuple[str, str]]:
        out_lines = []
        for text in lines:
            width = _indent(text)
            out_lines.append((" " * max(0, width + shift(i, width)) + text[width:], newline))
        return out_lines

    out: list[tuple[str, str]] = []

    def emit_new(i: int) -> None:
        out.extend(reindent(inserted.get(i, []), i - 1))
        if i in replacement:
            last_dead = i
            while last_dead + 1 < len(b) and dead[last_dead + 1] and last_dead + 1 not in replacement:
                last_dead += 1
            out.extend(reindent(replacement[i], last_dead))

    for tag, i1, i2, j1, j2 in alignment:
        touched = any(dead[i1:i2]) or any(i in inserted or i in replacement for i in range(i1 + 1, i2))
        if tag == "equal":
            for k in range(i2 - i1):
                emit_new(i1 + k)
                if not dead[i1 + k]:
                    out.append(o_lines[j1 + k])
        elif not touched:
            if i1 < i2:  # else the next block (or the end) emits what goes before line i1
                emit_new(i1)
            out.extend(o_lines[j1:j2])
        else:  # the edit falls where the original differs in more than indentation
            for i in range(i1, i2):
                emit_new(i)
                if not dead[i]:
                    out.extend(reindent([b[i]], i))
    out.extend(reindent(inserted.get(len(b), []), len(b) - 1))
    # every line but the last ends with a line break
    fixed = [(c, end or newline) for c, end in out[:-1]] + out[-1:]
    return "".join(c + end for c, end in fixed)


# --- checking the result ------------------------------------------------------------------------

def _expected_ok(py_before: Any, py_after: Any, rt_before: Any, rt_after: Any) -> bool:
    """Return True when `py_after` is `py_before` with exactly the change rt_before → rt_after.

    PyYAML (py_*) and ruamel.yaml (rt_*) may read an untouched value differently (YAML 1.1
    against 1.2, "yes"); untouched parts are compared PyYAML to PyYAML, changed parts
    against the values the edit meant.
    """
    if rt_before == rt_after:
        return py_after == py_before
    if isinstance(rt_before, dict) and isinstance(rt_after, dict) and isinstance(py_before, dict):
        if not isinstance(py_after, dict) or list(py_after.keys()) != list(rt_after.keys()):
            return False
        for key, value in rt_after.items():
            if key in rt_before and key in py_before:
                if not _expected_ok(py_before[key], py_after[key], rt_before[key], value):
                    return False
            elif py_after[key] != value:
                return False
        return True
    if (isinstance(rt_before, list) and isinstance(rt_after, list) and isinstance(py_before, list)
            and len(rt_before) == len(rt_after) == len(py_before)):
        if not isinstance(py_after, list) or len(py_after) != len(rt_after):
            return False
        return all(_expected_ok(*parts) for parts in zip(py_before, py_after, rt_before, rt_after))
    return py_after == rt_after


def _check(text: str, py_before: Any, rt_before: Any, rt_after: Any) -> bool:
    """Return True when `text` reads back (as kehoach reads plans) as the intended data."""
    try:
        py_after = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return False
    return _expected_ok(py_before, py_after, rt_before, rt_after)


# --- the public edit functions ------------------------------------------------------------------

Edit = Callable[[Any], None]


def edit_text(text: str, fn: Edit) -> str:
    """Return `text` with `fn` applied to its round-trip document (see the module notes).

    `fn` changes the document in place (it receives the root mapping or list). Raise
    EditError when the result cannot be written so that it reads back as intended.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    normal = body.replace("\r\n", "\n").replace("\r", "\n")
    _guard(text)
    try:
        py_before = yaml.load(normal, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise EditError(f"Tệp YAML không đọc được: {exc}") from None
    root = _load_rt(normal)
    baseline = _dump_rt(root)
    rt_before = plain(root)
    styles = _scalars(root)
    fn(root)
    _settle_styles(root, styles)
    rt_after = plain(root)
    if rt_after == rt_before:
        return text
    edited = _dump_rt(root)
    for candidate in (_patch(body, baseline, edited), _restore_endings(edited, body)):
        if _check(candidate.replace("\r\n", "\n").replace("\r", "\n"), py_before, rt_before, rt_after):
            return bom + candidate
    raise EditError("Không sửa được tệp một cách an toàn (kết quả khác dự kiến); không ghi gì, hãy sửa tay.")


def _guard(text: str) -> None:
    """Refuse what kehoach's loader refuses (alias bombs, tags, deep nesting…) before parsing freely."""
    from generator.errors import InputError
    from generator.source.yaml_source import load_bytes

    try:
        load_bytes(text.encode("utf-8"), "tệp")
    except InputError as exc:
        first = exc.problems[0] if exc.problems else None
        where = f" (dòng {first.line})" if first is not None and first.line else ""
        raise EditError(f"Tệp không sửa được{where}: {first.message if first else 'YAML không hợp lệ'}") from None


def _restore_endings(edited: str, original: str) -> str:
    """Return the full re-dump with the original's usual line ending (the fallback)."""
    if _dominant_ending(_split_lines(original)) == "\r\n":
        return edited.replace("\n", "\r\n")
    return edited


def edit_bytes(raw: bytes, fn: Edit) -> bytes:
    """Return UTF-8 `raw` (BOM or not) with `fn` applied; see `edit_text`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError("Tệp không phải UTF-8: hãy lưu lại với mã hóa UTF-8 rồi chạy lại.") from None
    return edit_text(text, fn).encode("utf-8")


@dataclass(frozen=True)
class FileEdit:
    """What `edit_file` did: the file it changed (the real file behind links), before and after."""

    path: Path
    before: bytes
    after: bytes
    written: bool

    @property
    def changed(self) -> bool:
        return self.before != self.after


def edit_file(path: str | os.PathLike, fn: Edit, *, validate: Callable[[bytes], None] | None = None,
              write: bool = True, expected: bytes | None = None, timeout: float = LOCK_TIMEOUT,
              fields: list[FieldEdit] | None = None) -> FileEdit:
    """Apply `fn` to the YAML file at `path` under an exclusive lock, then write it back.

    `validate(new_bytes)` may raise (e.g. InputError) to refuse the result: nothing is
    written. `expected`: the bytes the caller based its edit on; when the file no longer
    holds them, EditError (the file was changed meanwhile). `write=False` previews.
    `fields`: `fn` only sets task fields, these (see `edit_task_fields`): the fast path may do it.
    """
    real = Path(os.path.realpath(path))
    with _locked(real, timeout) as handle:
        before = _read_locked(handle)
        if expected is not None and before != expected:
            raise EditError("Tệp đã bị thay đổi trong lúc lệnh chạy (có lệnh hoặc người khác vừa sửa): "
                            "không ghi gì, hãy chạy lại lệnh.")
        after = _fields_bytes(before, fields) if fields is not None else None
        if after is None:
            after = edit_bytes(before, fn)
        if validate is not None:
            validate(after)
        if not write or after == before:
            return FileEdit(real, before, after, False)
        _write_back(real, after, handle)
    return FileEdit(real, before, after, True)


def _fields_bytes(raw: bytes, edits: list[FieldEdit]) -> bytes | None:
    """Return `raw` with task field `edits` spliced in, None when the fast path cannot do it."""
    try:
        text = raw.decode("utf-8")
        _guard(text)
        return _splice_fields(text, edits).encode("utf-8")
    except (UnicodeDecodeError, EditError):
        return None


def apply_edits(root: Any, edits: list[FieldEdit]) -> None:
    """Apply task field `edits` to the round-trip document `root` (an edit for `edit_file`).

    A new `ma` goes right after `noi_dung`; new status fields after the related ones; an
    edit with `period` sets the field of that occurrence's entry under the task's `ky`
    (``ky: {"2026-Q1": {trang_thai: hoan_thanh}}``), creating `ky` and the entry, in key order.
    """
    for edit in sorted(edits, key=lambda e: (e.group, e.index, str(e.period or ""), _rank(e.key))):
        task = _task_node(root, edit.group, edit.index)
        target = task if edit.period is None else _period_entry(task, edit.period, create=edit.value is not None)
        if target is None:
            continue
        if edit.value is None:
            delete_key(target, edit.key)
            continue
        if edit.key in target and isinstance(target[edit.key], (dict, list)):
            line = target.lc.key(edit.key)[0] + 1
            raise EditError(f"Trường '{edit.key}' của nhiệm vụ ở dòng {line} không phải một giá trị đơn: "
                            "hãy sửa tay.")
        value = edit.value
        if isinstance(value, str) and edit.key not in target:
            value = styled(value, None if edit.key in ("trang_thai", "ma") else '"')
        after = ("noi_dung",) if edit.key == "ma" else (*reversed(TRACKING_KEYS[: _rank(edit.key)]), *_ANCHORS)
        set_value(target, edit.key, value, after=after)


def _period_entry(task: CommentedMap, period: str, *, create: bool) -> CommentedMap | None:
    """Return the entry of occurrence `period` under `task`'s `ky` (a flow mapping), made when `create`."""
    ky = task.get("ky")
    if ky is None:
        if not create:
            return None
        ky = CommentedMap()
        set_value(task, "ky", ky, after=(*reversed(TRACKING_KEYS), *_ANCHORS))
    if not isinstance(ky, dict):
        raise EditError("Trường 'ky' của nhiệm vụ không phải một bảng các kỳ: hãy sửa tay.")
    for key in (period, int(period) if period.isdecimal() else None):
        if key is not None and key in ky:
            entry = ky[key]
            if not isinstance(entry, dict):
                raise EditError(f"Kỳ '{period}' của nhiệm vụ không phải một bảng (trang_thai, ngay_hoan_thanh…): "
                                "hãy sửa tay.")
            return entry
    if not create:
        return None
    entry = CommentedMap()
    entry.fa.set_flow_style()
    earlier = sorted((str(k) for k in ky if str(k) < period), reverse=True)
    key = period if period.isdecimal() else DoubleQuotedScalarString(period)  # as the fast path writes it
    set_value(ky, key, entry, after=tuple(k if k in ky else int(k) for k in earlier))
    return entry


def _rank(key: str) -> int:
    return _RANK.get(key, len(TRACKING_KEYS))


def edit_tasks(text: str, edits: list[FieldEdit]) -> str:
    """Return `text` with task field `edits` applied; raise EditError when it cannot be done safely."""
    _guard(text)
    try:
        return _splice_fields(text, edits)
    except EditError:
        return edit_text(text, lambda root: apply_edits(root, edits))


def edit_task_fields(path: str | os.PathLike, edits: list[FieldEdit], **options: Any) -> FileEdit:
    """Apply task field `edits` to the plan file at `path`, as `edit_file` does (lock, checks, links)."""
    return edit_file(path, lambda root: apply_edits(root, edits), fields=edits, **options)


def _task_node(root: Any, group: int, index: int) -> CommentedMap:
    try:
        node = root["nhiem_vu_cu_the"][group]["nhiem_vu"][index]
    except (TypeError, IndexError, KeyError) as exc:
        raise EditError(f"Không tìm thấy nhiệm vụ thứ {index + 1} của lĩnh vực thứ {group + 1}.") from exc
    if not isinstance(node, CommentedMap):
        raise EditError(f"Nhiệm vụ thứ {index + 1} của lĩnh vực thứ {group + 1} không phải một bảng khóa.")
    if node.fa.flow_style():
        raise EditError(f"Nhiệm vụ thứ {index + 1} của lĩnh vực thứ {group + 1} viết trên một dòng "
                        "({…}): hãy viết mỗi trường một dòng rồi nhập lại.")
    return node


# --- locking and writing ------------------------------------------------------------------------

class _Handle:
    """An open, locked file (POSIX) or a locked side file (Windows) guarding `path`."""

    def __init__(self, fd: int, lock_fd: int | None) -> None:
        self.fd = fd
        self.lock_fd = lock_fd


class _locked:
    """Context manager: hold an exclusive lock on `path` for a read-modify-write.

    POSIX: flock on the file itself. A writer replaces the file by a rename, so after
    getting the lock we check the name still leads to the locked file, else start over
    (the lock was on the old file). Windows: msvcrt lock on a side file in the temporary
    folder named after the path (an open file cannot be renamed over there).
    """

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self.handle: _Handle | None = None

    def __enter__(self) -> _Handle:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | getattr(os, "O_BINARY", 0))
            except FileNotFoundError:
                raise EditError("Không tìm thấy tệp.") from None
            except IsADirectoryError:
                raise EditError("Đây là một thư mục, không phải tệp YAML.") from None
            except PermissionError:
                raise EditError("Không có quyền ghi vào tệp (tệp chỉ đọc, hoặc đang mở ở chương trình khác).") from None
            lock_fd = None
            try:
                if sys.platform == "win32":
                    lock_fd = _lock_windows(self.path, deadline, self.timeout)
                else:
                    _lock_posix(fd, deadline, self.timeout)
                    if os.fstat(fd).st_ino != os.stat(self.path).st_ino:
                        os.close(fd)
                        continue  # replaced while we waited: lock the new file
            except BaseException:
                os.close(fd)
                raise
            self.handle = _Handle(fd, lock_fd)
            return self.handle

    def __exit__(self, *exc: object) -> None:
        assert self.handle is not None
        if self.handle.lock_fd is not None:
            _unlock_windows(self.handle.lock_fd)
        if self.handle.fd >= 0:
            os.close(self.handle.fd)


_BUSY = ("Tệp đang được một lệnh kehoach khác sửa và chưa xong sau {:.0f} giây: không ghi gì, "
         "hãy chạy lại lệnh sau.")


def _lock_posix(fd: int, deadline: float, timeout: float) -> None:
    import fcntl

    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise EditError(_BUSY.format(timeout)) from None
            time.sleep(0.02)


def _lock_windows(path: Path, deadline: float, timeout: float) -> int:  # pragma: no cover - Windows only
    import hashlib
    import msvcrt

    folder = Path(tempfile.gettempdir()) / "kehoach-locks"
    folder.mkdir(exist_ok=True)
    name = hashlib.sha256(os.path.normcase(str(path)).encode("utf-8")).hexdigest()[:32]
    lock_fd = os.open(folder / f"{name}.lock", os.O_RDWR | os.O_CREAT)
    while True:
        try:
            msvcrt.locking(lock_fd, msvcrt.LK_NBLCK, 1)
            return lock_fd
        except OSError:
            if time.monotonic() > deadline:
                os.close(lock_fd)
                raise EditError(_BUSY.format(timeout)) from None
            time.sleep(0.02)


def _unlock_windows(lock_fd: int) -> None:  # pragma: no cover - Windows only
    import msvcrt

    try:
        os.lseek(lock_fd, 0, os.SEEK_SET)
        msvcrt.locking(lock_fd, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(lock_fd)


def _read_locked(handle: _Handle) -> bytes:
    os.lseek(handle.fd, 0, os.SEEK_SET)
    chunks = []
    size = 0
    while True:
        chunk = os.read(handle.fd, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_EDIT_BYTES:
            raise EditError(f"Tệp quá lớn để sửa: tối đa {MAX_EDIT_BYTES // (1024 * 1024)} MB.")
    return b"".join(chunks)


def _write_back(path: Path, data: bytes, handle: _Handle) -> None:
    """Write `data` to `path` (the real file): by rename, or in place when hard-linked."""
    info = os.fstat(handle.fd)
    if info.st_nlink > 1:
        _write_in_place(path, data, handle)
        return
    tmp = stage_beside(path, data, info.st_mode & 0o7777)
    try:
        if sys.platform == "win32":  # pragma: no cover - an open file cannot be replaced there
            os.close(handle.fd)
            handle.fd = -1
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_in_place(path: Path, data: bytes, handle: _Handle) -> None:
    """Rewrite the locked file itself, so every hard link sees the new text.

    A copy of the old bytes is kept beside it until the new ones are on disk.
    """
    os.lseek(handle.fd, 0, os.SEEK_SET)
    old = _read_locked(handle)
    fd, backup = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".bak.tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(old)
        fh.flush()
        os.fsync(fh.fileno())
    os.lseek(handle.fd, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[os.write(handle.fd, view):]
    os.ftruncate(handle.fd, len(data))
    os.fsync(handle.fd)
    os.unlink(backup)


__all__ = ["EditError", "FieldEdit", "FileEdit", "TRACKING_KEYS", "apply_edits", "delete_key", "edit_bytes", "edit_file",
           "edit_tasks", "edit_text", "plain", "reads_back_plain", "set_value", "styled"]

# --- the fast path for task fields --------------------------------------------------------------
# Setting or removing a scalar field of tasks (a status, a date, a result: what the workbook
# import and the web app do) is spliced in at the exact characters of each value, found with
# libyaml's marks, and the result must read back as exactly the old data with the changes,
# as on the round-trip path. Anything else (block scalars, flow-style tasks, a value that
# is a list…) goes the round-trip way. A round trip of a 60-task plan takes about 0.4 s;
# the splice about 0.02 s, which a save from the web app needs.


Splice = tuple[int, int, str]


def _get(mapping: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _task_mark(root: Node, group: int, index: int) -> MappingNode:
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
    if style is None and reads_back_plain(value):
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


def _splice_fields(text: str, edits: list[FieldEdit]) -> str:
    """(The fast path.) Return `text` with `edits` applied; raise EditError when it cannot be done safely."""
    body = text[1:] if text.startswith("\ufeff") else text
    newline = "\r\n" if "\r\n" in body else "\n"
    try:
        root = yaml.compose(body, Loader=_LOADER)
        before = yaml.load(body, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise EditError(f"Tệp kế hoạch không đọc được: {exc}") from None
    splices: list[Splice] = []
    by_task: dict[tuple[int, int], list[FieldEdit]] = {}
    for edit in edits:
        by_task.setdefault((edit.group, edit.index), []).append(edit)
    for (group, index), task_edits in by_task.items():
        node = _task_mark(root, group, index)
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
    _splice_check(before, out, edits)
    return ("\ufeff" if text.startswith("\ufeff") else "") + out


def _splice_check(before: Any, after_text: str, edits: list[FieldEdit]) -> None:
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
        got = json.loads(json.dumps(yaml.load(after_text, Loader=_LOADER), default=str))
    except yaml.YAMLError as exc:
        raise EditError(f"Sửa tại chỗ làm hỏng tệp kế hoạch ({exc}); không ghi gì, hãy sửa tay.") from None
    if got != expected:
        raise EditError("Không sửa được tệp kế hoạch một cách an toàn (kết quả khác dự kiến); "
                        "không ghi gì, hãy sửa tay.")
