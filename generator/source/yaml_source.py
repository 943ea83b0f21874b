"""Read YAML input files safely, keeping the source line of every value.

The loader accepts only plain data (mappings, lists, strings, numbers, booleans,
dates). It refuses Python tags, duplicate keys, alias bombs, binary files and text
that is not UTF-8, and reports each problem in Vietnamese with file and line.

The data is built straight from the parser's event stream (libyaml when available),
without recursion and without composing a node tree first: every limit (size, nodes,
nesting) is checked as the events arrive, so no input can make loading hang, exhaust
memory or overflow the stack.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from generator.errors import InputError, Problem, os_reason
from generator.source.files import NotRegularFile, read_regular_file
from generator.source.text import FORBIDDEN, ZERO_WIDTH, clean_text, forbidden_character, shorten

MAX_FILE_BYTES = 2 * 1024 * 1024
# Values, not keys: each may become a paragraph or a table row to render. Real plans hold
# about 700; at 30,000 the slowest shape (sub-tasks in the annex table) builds in under 3 s
# of CPU on 2 cores, leaving room under the 5 s bound on a busy machine (bench/bench_limits.py).
MAX_NODES = 30_000
MAX_TEXT_CHARS = 4_000_000  # characters of keys and strings, counting every copy an alias (*) makes
# Stars in strings, counting alias copies: "*…*", "**…**" set text in italics or bold, and
# each piece so set is a run of its own in Word (a paragraph of "*a* *b* …" makes thousands).
MAX_STARS = 20_000
MAX_DEPTH = 40
MAX_INT_BITS = 63  # larger numbers are refused: no plan needs them

FieldPath = tuple[Any, ...]
"""Where a value sits in a file: keys and list indexes, e.g. ("nhiem_vu_cu_the", 0, "nhiem_vu", 3)."""

_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_LEGACY_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_CORE_TAGS = {
    _STR,
    _INT,
    _FLOAT,
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_BINARY_KINDS = [
    (b"PK\x03\x04", "Đây là tệp nén (Word .docx, Excel .xlsx hoặc .zip), không phải tệp kế hoạch YAML."),
    (b"\xd0\xcf\x11\xe0", "Đây là tệp Word/Excel đời cũ (.doc, .xls), không phải tệp kế hoạch YAML."),
    (b"%PDF", "Đây là tệp PDF, không phải tệp kế hoạch YAML."),
]


@dataclass
class Source:
    """A loaded YAML document: its data and the line of every value path."""

    path: str
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, path: FieldPath) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def problem(self, path: FieldPath, message: str, *, warning: bool = False) -> Problem:
        """Return a Problem located at `path` in this file."""
        return Problem(self.path, self.line_of(path), format_path(path), message, warning)


def format_path(path: FieldPath) -> str:
    """Return a readable field path such as ``nhiem_vu_cu_the[0].nhiem_vu[3].chu_tri``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + shorten(str(part), 40)
    return out


def load_file(path: str) -> Source:
    """Read and parse the YAML file at `path`; raise InputError on any problem."""
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError([Problem(path, None, "", "Không tìm thấy tệp.")]) from None
    except IsADirectoryError:
        raise InputError([Problem(path, None, "", "Đây là một thư mục, không phải tệp YAML.")]) from None
    except NotRegularFile as exc:
        raise InputError([Problem(path, None, "", f"Đây là {exc.what}, không phải tệp YAML: kehoach chỉ đọc "
                                                  "tệp thường.")]) from None
    except OSError as exc:
        raise InputError([Problem(path, None, "", f"Không đọc được tệp: {os_reason(exc)}.")]) from None
    if len(raw) > MAX_FILE_BYTES:
        mb = MAX_FILE_BYTES // (1024 * 1024)
        raise InputError([Problem(path, None, "", f"Tệp quá lớn: tối đa {mb} MB cho một tệp kế hoạch.")])
    return load_bytes(raw, path)


def load_bytes(raw: bytes, path: str) -> Source:
    """Parse YAML `raw` bytes read from `path`; raise InputError on any problem."""
    text = _decode(raw, path)
    _check_characters(text, path)
    builder = _Builder(path)
    try:
        data = builder.run(yaml.parse(text, Loader=_PARSER))
    except yaml.MarkedYAMLError as exc:
        raise InputError([_yaml_problem(exc, path, text)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, None, "", f"YAML không hợp lệ, không đọc được tệp (chi tiết: {exc}).")]) from None
    if builder.problems:
        raise InputError(builder.problems)
    if data is None:
        raise InputError([Problem(path, 1, "", "Tệp trống: chưa có nội dung kế hoạch.")])
    return Source(path, data, builder.lines)


def _decode(raw: bytes, path: str) -> str:
    for magic, message in _BINARY_KINDS:
        if raw.startswith(magic):
            raise InputError([Problem(path, None, "", message)])
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Notepad's "Unicode". Refused rather than decoded: commands that edit a plan in
        # place (tasks --nhap-xlsx) keep the file's bytes, and expect UTF-8.
        raise InputError([Problem(path, None, "", "Tệp lưu bằng mã UTF-16 (Notepad gọi là 'Unicode'): hãy lưu lại "
                                                  "với mã hóa UTF-8 (Save As → Encoding: UTF-8).")])
    if b"\x00" in raw[:8192]:
        raise InputError([Problem(path, None, "", "Tệp nhị phân, không phải văn bản YAML.")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        raise InputError(
            [
                Problem(
                    path,
                    line,
                    "",
                    f"Tệp không phải UTF-8 (byte 0x{byte:02X}). Hãy lưu lại tệp với mã hóa UTF-8 "
                    "(trong Notepad: Save As → Encoding: UTF-8).",
                )
            ]
        ) from None
    # No normalisation here: NFC would fuse the letter of a YAML escape with a following
    # combining mark (backslash, "n", U+0300 → backslash, "ǹ": an invalid escape). Values
    # and keys are normalised one by one once parsed.
    return ZERO_WIDTH.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _check_characters(text: str, path: str) -> None:
    problems = []
    if FORBIDDEN.search(text) is None:
        return
    for lineno, line in enumerate(text.split("\n"), start=1):
        message = forbidden_character(line)
        if message:
            problems.append(Problem(path, lineno, "", message))
            if len(problems) >= 20:
                break
    raise InputError(problems)


# -- syntax errors ---------------------------------------------------------------------
# (needle in the parser's message, Vietnamese message); libyaml and PyYAML word a few
# errors differently, hence pairs of needles.
_YAML_MESSAGES = [
    ("found unexpected end of stream", "Chuỗi trong dấu nháy chưa được đóng: thiếu dấu nháy đóng."),
    ("unknown escape character", "Sau dấu '\\' trong chuỗi nháy kép là mã thoát không hợp lệ: viết '\\\\' cho "
                                 "dấu \\, hoặc dùng nháy đơn ('…')."),
    ("invalid Unicode character escape", "Mã thoát '\\u…' trong chuỗi nháy kép không tạo ra ký tự hợp lệ: hãy xóa."),
    ("mapping values are not allowed", "Dấu ':' không đúng chỗ: nếu giá trị có dấu ':', hãy đặt trong nháy kép."),
    ("mapping keys are not allowed", "Dấu '?' không đúng chỗ: nếu giá trị bắt đầu bằng '?', hãy đặt trong nháy kép."),
    ("could not find expected ':'", "Thiếu dấu ':' sau tên trường, hoặc thụt lề sai."),
    ("expected ',' or '}'", "Ngoặc { } chưa đóng, hoặc thiếu dấu phẩy giữa các phần tử."),
    ("expected ',' or ']'", "Ngoặc [ ] chưa đóng, hoặc thiếu dấu phẩy giữa các phần tử."),
    ("did not find expected key", "Thụt lề không đúng: dòng này lệch so với các dòng cùng cấp."),
    ("expected <block end>", "Thụt lề không đúng: dòng này lệch so với các dòng cùng cấp."),
    ("did not find expected '-' indicator", "Thụt lề không đúng trong danh sách này."),
    ("expected node content", "Thiếu giá trị ở chỗ này."),
    ("directive", "Dòng bắt đầu bằng '%' không hợp lệ: nếu là nội dung, hãy đặt trong nháy kép."),
    ("document start", "Dòng bắt đầu bằng '%' hoặc '---' không đúng chỗ."),
    ("tag", "Thẻ YAML (bắt đầu bằng '!') không hợp lệ: nếu là nội dung, hãy đặt trong nháy kép."),
    ("anchor", "Tên neo (&) hoặc bí danh (*) không hợp lệ: nếu là nội dung, hãy đặt trong nháy kép."),
    ("alias", "Tên neo (&) hoặc bí danh (*) không hợp lệ: nếu là nội dung, hãy đặt trong nháy kép."),
]
_UNBALANCED_QUOTES = ("did not find expected key", "expected <block end>", "expected ',' or")


def _yaml_problem(exc: yaml.MarkedYAMLError, path: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    detail = f"{exc.context or ''} {exc.problem or ''}"
    lines = text.split("\n")
    if "nesting depth" in detail:  # the parser's own limit (PyYAML/libyaml 6.0.4 and later)
        return Problem(path, line, "", f"Lồng nhau quá sâu (trên {MAX_DEPTH} cấp).")
    if "cannot start any token" in detail and mark is not None:
        row = lines[mark.line] if mark.line < len(lines) else ""
        char = row[mark.column] if mark.column < len(row) else ""
        if char == "\t":
            return Problem(path, line, "", "Lỗi cú pháp YAML: Có ký tự Tab: YAML chỉ cho phép thụt lề bằng dấu cách.")
        return Problem(path, line, "", f"Lỗi cú pháp YAML: Ký tự '{char}' không được đứng đầu giá trị: "
                                       "hãy đặt giá trị trong nháy kép.")
    if "quoted scalar" in detail and "end of stream" in detail and exc.context_mark is not None:
        opened = exc.context_mark.line + 1
        return Problem(path, opened, "", "Lỗi cú pháp YAML: Chuỗi mở dấu nháy ở dòng này chưa được đóng.")
    if any(n in detail for n in _UNBALANCED_QUOTES) and line is not None:
        first = exc.context_mark.line if exc.context_mark is not None else max(line - 5, 0)
        for row in range(line - 1, max(first, line - 40) - 1, -1):
            if row < len(lines) and _open_quote(lines[row]):
                return Problem(path, row + 1, "", "Lỗi cú pháp YAML: Dòng này có dấu nháy kép chưa đóng.")
    for needle, message in _YAML_MESSAGES:
        if needle in detail:
            return Problem(path, line, "", f"Lỗi cú pháp YAML: {message}")
    return Problem(path, line, "", "Lỗi cú pháp YAML: kiểm tra thụt lề, dấu ':' và dấu nháy ở dòng này "
                                   f"(chi tiết: {(exc.problem or exc.context or '').strip()}).")


def _open_quote(row: str) -> bool:
    """Return True when `row` leaves a double-quoted string open (comments ignored)."""
    inside = False
    i = 0
    while i < len(row):
        c = row[i]
        if inside and c == "\\":
            i += 2
            continue
        if c == '"':
            inside = not inside
        elif c == "#" and not inside and (i == 0 or row[i - 1] in " \t"):
            break
        elif c == "'" and not inside:
            end = row.find("'", i + 1)
            if end < 0:
                break
            i = end
        i += 1
    return inside


# -- building data from events ---------------------------------------------------------
class _Abort(Exception):
    """A limit was exceeded: stop reading at once."""


class _Anchored:
    """What an anchor (&name) stands for: its value, the lines inside it, its size."""

    __slots__ = ("value", "lines", "nodes", "chars", "stars", "depth")

    def __init__(self, value: Any, lines: list[tuple[FieldPath, int]], nodes: int, chars: int, stars: int,
                 depth: int) -> None:
        self.value = value
        self.lines = lines  # relative path → line
        self.nodes = nodes
        self.chars = chars  # characters of its keys and strings
        self.stars = stars  # "*" in its strings
        self.depth = depth


class _Frame:
    """A mapping or list being read (plain slots: one is made per collection of the file)."""

    __slots__ = ("kind", "path", "depth", "line", "anchor", "tag_ok", "flat", "nodes_before", "chars_before",
                 "stars_before", "log_before", "items", "result", "explicit", "merged", "key", "key_line", "has_key")

    def __init__(self, kind: str, path: FieldPath, depth: int, line: int, anchor: str | None, tag_ok: bool, *,
                 flat: bool = False, nodes_before: int = 0, chars_before: int = 0, stars_before: int = 0,
                 log_before: int = 0) -> None:
        self.kind = kind  # "seq" or "map"
        self.path = path
        self.depth = depth
        self.line = line
        self.anchor = anchor
        self.tag_ok = tag_ok
        self.flat = flat  # a merge list: items share the parent's path
        self.nodes_before = nodes_before
        self.chars_before = chars_before
        self.stars_before = stars_before
        self.log_before = log_before
        self.items: list[Any] = []
        self.result: dict[str, Any] = {}
        self.explicit: dict[str, int] = {}
        self.merged: dict[str, Any] = {}
        self.key: Any = None  # pending key: str, _MERGE_KEY, _BAD_KEY, or None when a key is expected
        self.key_line = 0
        self.has_key = False


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


_TOO_MUCH_TEXT = (f"Tệp quá nhiều chữ (trên {_vn(MAX_TEXT_CHARS)} ký tự, tính cả các bản sao do bí danh (*) tạo ra): "
                  "không xử lý.")
_TOO_MANY_STARS = (f"Tệp có quá nhiều dấu '*' (trên {_vn(MAX_STARS)}, tính cả các bản sao do bí danh tạo ra): dấu * "
                   "chỉ dùng để in nghiêng (*chữ*) hoặc in đậm (**chữ**) vài cụm từ.")
_MERGE_KEY = object()
_BAD_KEY = object()


class _Builder:
    """Turn a YAML event stream into plain data, recording lines and refusing abuse."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[FieldPath, int] = {}
        self.log: list[tuple[FieldPath, int]] = []
        self.problems: list[Problem] = []
        self.count = 0
        self.chars = 0
        self.stars = 0
        self.anchors: dict[str, _Anchored] = {}
        self.anchor_lines: dict[str, int] = {}
        self.open_anchors: set[str] = set()
        self.resolver = Resolver()
        self.constructor = SafeConstructor()
        self.stack: list[_Frame] = []

    # -- problems ----------------------------------------------------------------------
    def _fail(self, line: int, message: str, path: FieldPath) -> None:
        self.problems.append(Problem(self.path, line, format_path(path), message))

    def _abort(self, line: int, message: str, path: FieldPath) -> None:
        self.problems = [Problem(self.path, line, format_path(path), message)]
        raise _Abort

    def _count(self, n: int, line: int, path: FieldPath) -> None:
        self.count += n
        if self.count > MAX_NODES:
            self._abort(line, f"Tệp quá nhiều phần tử (trên {MAX_NODES:,}) hoặc dùng bí danh (*) lồng nhau "
                              "để nhân bản dữ liệu: không xử lý.".replace(",", "."), path)

    def _grow(self, n: int, line: int, path: FieldPath) -> None:
        """Count `n` more characters of text; stop when the text would be too large to render."""
        self.chars += n
        if self.chars > MAX_TEXT_CHARS:
            self._abort(line, _TOO_MUCH_TEXT, path)

    def _mark(self, n: int, line: int, path: FieldPath) -> None:
        """Count `n` more stars (emphasis markers); stop past MAX_STARS."""
        self.stars += n
        if self.stars > MAX_STARS:
            self._abort(line, _TOO_MANY_STARS, path)

    def _record(self, path: FieldPath, line: int, *, override: bool = False) -> None:
        if override or path not in self.lines:
            self.lines[path] = line
        self.log.append((path, line))

    # -- the event loop ----------------------------------------------------------------
    def run(self, events: Any) -> Any:
        """Consume `events`; return the document's data (None when empty)."""
        root: Any = None
        documents = 0
        try:
            for event in events:
                if isinstance(event, DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        self._abort(event.start_mark.line + 1,
                                    "Tệp chứa nhiều tài liệu YAML (dấu ---): chỉ được một.", ())
                elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                    frame = self.stack.pop()
                    value = self._finish(frame)
                    root = self._deliver(value, frame.line)
                elif isinstance(event, NodeEvent):
                    value = self._node(event)
                    if value is not _PENDING:
                        root = self._deliver(value, event.start_mark.line + 1)
        except _Abort:
            return None
        return root

    def _slot(self) -> tuple[FieldPath, int, str]:
        """Return the path, depth and role ("value", "key", "merge", "item") of the next node."""
        if not self.stack:
            return (), 0, "value"
        top = self.stack[-1]
        if top.kind == "seq":
            path = top.path if top.flat else top.path + (len(top.items),)
            return path, top.depth + (0 if top.flat else 1), "item"
        if not top.has_key:
            return top.path + ("?",), top.depth + 1, "key"
        if top.key is _MERGE_KEY:
            return top.path, top.depth, "merge"
        if top.key is _BAD_KEY:
            return top.path + ("?",), top.depth + 1, "value"
        return top.path + (top.key,), top.depth + 1, "value"

    def _node(self, event: NodeEvent) -> Any:
        path, depth, role = self._slot()
        line = event.start_mark.line + 1
        if role == "key" and isinstance(event, ScalarEvent):
            self._key(event, line)
            return _PENDING
        if depth > MAX_DEPTH:
            self._abort(line, f"Lồng nhau quá sâu (trên {MAX_DEPTH} cấp).", path)
        if isinstance(event, AliasEvent):
            return self._alias(event, path, depth, line)
        if event.anchor is not None:
            if event.anchor in self.anchor_lines:
                self._fail(line, f"Tên neo '&{event.anchor}' bị trùng (lần đầu ở dòng "
                                 f"{self.anchor_lines[event.anchor]}).", path)
            self.anchor_lines[event.anchor] = line
        self._count(1, line, path)
        self._record(path, line)
        if isinstance(event, ScalarEvent):
            value = self._scalar(event, path, line)
            chars = len(value) if isinstance(value, str) else 0
            stars = value.count("*") if chars else 0
            self._grow(chars, line, path)
            if stars:
                self._mark(stars, line, path)
            if event.anchor is not None:
                self.anchors[event.anchor] = _Anchored(value, [((), line)], 1, chars, stars, 0)
            return value
        assert isinstance(event, CollectionStartEvent)
        kind = "seq" if isinstance(event, SequenceStartEvent) else "map"
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(SequenceNode if kind == "seq" else MappingNode, None, event.implicit)
        tag_ok = tag in _CORE_TAGS
        if not tag_ok:
            self._fail(line, f"Thẻ YAML '{tag}' không được phép: chỉ dùng dữ liệu thường.", path)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        frame = _Frame(kind, path, depth, line, event.anchor, tag_ok, flat=(role == "merge" and kind == "seq"),
                       nodes_before=self.count - 1, chars_before=self.chars, stars_before=self.stars,
                       log_before=len(self.log) - 1)
        self.stack.append(frame)
        return _PENDING

    def _key(self, event: ScalarEvent, line: int) -> None:
        top = self.stack[-1]
        top.has_key = True
        top.key_line = line
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(ScalarNode, event.value, event.implicit)
        if tag == _MERGE:
            top.key = _MERGE_KEY
            return
        if tag not in _CORE_TAGS:
            self._fail(line, f"Thẻ YAML '{tag}' không được phép: chỉ dùng dữ liệu thường.", top.path)
            top.key = _BAD_KEY
            return
        problem = forbidden_character(event.value)
        if problem:
            self._fail(line, problem, top.path)
            top.key = _BAD_KEY
            return
        key = clean_text(event.value)
        self._grow(len(key), line, top.path)
        if key in top.explicit:
            self._fail(line, f"Trường '{shorten(key)}' bị khai báo hai lần (lần đầu ở dòng {top.explicit[key]}).",
                       top.path + (key,))
            top.key = _BAD_KEY
            return
        top.explicit[key] = line
        top.key = key
        self._record(top.path + (key,), line, override=True)

    def _alias(self, event: AliasEvent, path: FieldPath, depth: int, line: int) -> Any:
        name = event.anchor
        if name in self.open_anchors:
            self._abort(line, f"Bí danh '*{name}' được dùng bên trong chính phần tử nó trỏ tới (vòng lặp vô tận).",
                        path)
        anchored = self.anchors.get(name)
        if anchored is None:
            self._fail(line, f"Dùng bí danh '*{name}' chưa được khai báo (cần '&{name}' ở phía trên).", path)
            return None
        if depth + anchored.depth > MAX_DEPTH:
            self._abort(line, f"Lồng nhau quá sâu (trên {MAX_DEPTH} cấp).", path)
        self._count(anchored.nodes, line, path)
        self._grow(anchored.chars, line, path)
        if anchored.stars:
            self._mark(anchored.stars, line, path)
        for rel, rel_line in anchored.lines:
            self._record(path + rel, rel_line)
        return anchored.value

    def _scalar(self, event: ScalarEvent, path: FieldPath, line: int) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(ScalarNode, event.value, event.implicit)
            if tag in (_INT, _FLOAT) and ":" in event.value:
                tag = _STR  # YAML 1.1 reads "10:30" as 630 (base 60): keep the text, as YAML 1.2 does
        if tag == _STR:
            problem = forbidden_character(event.value)
            if problem:
                self._fail(line, f"Chuỗi chứa {problem[0].lower()}{problem[1:]}", path)
                return None
            return clean_text(event.value)
        if tag not in _CORE_TAGS:
            self._fail(line, f"Thẻ YAML '{tag}' không được phép: chỉ dùng dữ liệu thường.", path)
            return None
        if tag == _INT and len(event.value) > 40:  # also spares int() its 4,300-digit refusal
            self._fail(line, f"Số '{shorten(event.value)}' quá lớn: nếu đây là chữ, hãy đặt trong nháy kép.", path)
            return None
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            if tag == _INT and event.tag is None and _LEGACY_OCTAL.match(event.value):
                value = int(event.value.replace("_", ""), 10)  # "012" is twelve, not YAML 1.1's octal ten
            else:
                value = SafeConstructor.yaml_constructors[tag](self.constructor, node)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError):
            self._fail(line, f"Giá trị '{shorten(event.value)}' không đọc được (ngày tháng hoặc số sai).", path)
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
            # such a number cannot even be printed in a message (Python refuses > 4,300 digits)
            self._fail(line, f"Số '{shorten(event.value)}' quá lớn: nếu đây là chữ, hãy đặt trong nháy kép.", path)
            return None
        return value

    def _finish(self, frame: _Frame) -> Any:
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
        if frame.kind == "seq":
            value: Any = frame.items
        else:
            value = frame.result
            for key, item in frame.merged.items():
                if key not in value:
                    value[key] = item
            for key, key_line in frame.explicit.items():
                self.lines[frame.path + (key,)] = key_line
        if not frame.tag_ok:
            value = None
        if frame.anchor is not None:
            base = len(frame.path)
            rel = [(p[base:], ln) for p, ln in self.log[frame.log_before:]]
            depth = max((len(p) for p, _ in rel), default=0)
            self.anchors[frame.anchor] = _Anchored(value, rel, self.count - frame.nodes_before,
                                                   self.chars - frame.chars_before, self.stars - frame.stars_before,
                                                   depth)
        return value

    def _deliver(self, value: Any, line: int) -> Any:
        """Hand a finished value to its parent; return it when it is the document root."""
        if not self.stack:
            return value
        top = self.stack[-1]
        if top.kind == "seq":
            top.items.append(value)
            return None
        if not top.has_key:  # a mapping or list used as a key
            self._fail(line, "Tên trường phải là một chuỗi đơn (không phải danh sách hay bảng).", top.path)
            top.has_key, top.key = True, _BAD_KEY
            return None
        key, top.has_key, top.key = top.key, False, None
        if key is _BAD_KEY:
            return None
        if key is _MERGE_KEY:
            sources = value if isinstance(value, list) else [value]
            for src in sources:
                if not isinstance(src, dict):
                    self._fail(top.key_line, "Khóa gộp '<<' chỉ nhận một bảng (mapping) hoặc danh sách bảng.",
                               top.path)
                    continue
                for k, v in src.items():
                    top.merged.setdefault(k, v)
            return None
        top.result[key] = value
        return None


_PENDING = object()
