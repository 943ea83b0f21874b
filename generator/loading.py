"""Read YAML input files safely, keeping the source line of every value.

The loader accepts only plain data (mappings, lists, strings, numbers, booleans,
dates). It refuses Python tags, duplicate keys, alias bombs, binary files and text
that is not UTF-8, and reports each problem in Vietnamese with file and line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import InputError, Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 40

Path = tuple[Any, ...]

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\ufeff\u2060\u00ad"), None)
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class Source:
    """A loaded YAML document: its data and the line of every value path."""

    path: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def problem(self, path: Path, message: str, *, warning: bool = False) -> Problem:
        """Return a Problem located at `path` in this file."""
        return Problem(self.path, self.line_of(path), format_path(path), message, warning)


def format_path(path: Path) -> str:
    """Return a readable field path such as ``nhiem_vu_cu_the[0].nhiem_vu[3].chu_tri``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def clean_text(text: str) -> str:
    """Return `text` in NFC with zero-width characters removed and whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    return _SPACES.sub(" ", text).strip()


def load_file(path: str) -> Source:
    """Read and parse the YAML file at `path`; raise InputError on any problem."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError([Problem(path, None, "", "Không tìm thấy tệp.")]) from None
    except IsADirectoryError:
        raise InputError([Problem(path, None, "", "Đây là một thư mục, không phải tệp YAML.")]) from None
    except OSError as exc:
        raise InputError([Problem(path, None, "", f"Không đọc được tệp: {exc.strerror}.")]) from None
    if len(raw) > MAX_FILE_BYTES:
        mb = MAX_FILE_BYTES // (1024 * 1024)
        raise InputError([Problem(path, None, "", f"Tệp quá lớn: tối đa {mb} MB cho một tệp kế hoạch.")])
    return load_bytes(raw, path)


def load_bytes(raw: bytes, path: str) -> Source:
    """Parse YAML `raw` bytes read from `path`; raise InputError on any problem."""
    text = _decode(raw, path)
    _check_characters(text, path)
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        raise InputError([_yaml_problem(exc, path)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive
        raise InputError([Problem(path, None, "", f"YAML không hợp lệ: {exc}")]) from None
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        raise InputError([Problem(path, 1, "", "Tệp trống: chưa có nội dung kế hoạch.")])
    if len(nodes) > 1:
        line = nodes[1].start_mark.line + 1
        raise InputError([Problem(path, line, "", "Tệp chứa nhiều tài liệu YAML (dấu ---): chỉ được một.")])
    builder = _Builder(path)
    data = builder.build(nodes[0], (), 0)
    if builder.problems:
        raise InputError(builder.problems)
    return Source(path, data, builder.lines)


def _decode(raw: bytes, path: str) -> str:
    if b"\x00" in raw[:8192]:
        raise InputError([Problem(path, None, "", "Tệp nhị phân, không phải văn bản YAML.")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)


def _check_characters(text: str, path: str) -> None:
    problems = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        m = _BAD_CONTROL.search(line)
        if m:
            code = ord(m.group())
            problems.append(
                Problem(path, lineno, "", f"Ký tự điều khiển không in được (U+{code:04X}): hãy xóa ký tự này.")
            )
            if len(problems) >= 20:
                break
    if problems:
        raise InputError(problems)


_YAML_MESSAGES = [
    ("found character '\\t'", "Có ký tự Tab: YAML chỉ cho phép thụt lề bằng dấu cách."),
    ("found duplicate anchor", "Tên neo (&) bị trùng."),
    ("found undefined alias", "Dùng bí danh (*) chưa được khai báo."),
    ("found unexpected end of stream", "Tệp kết thúc giữa chừng: có thể thiếu dấu nháy đóng."),
    ("found unclosed", "Thiếu dấu đóng (ngoặc hoặc nháy)."),
    ("expected <block end>, but found", "Thụt lề không đúng: dòng này lệch so với các dòng cùng cấp."),
    ("mapping values are not allowed here", "Dấu ':' không đúng chỗ: nếu giá trị có dấu ':', hãy đặt trong nháy kép."),
    ("could not find expected ':'", "Thiếu dấu ':' sau tên trường, hoặc thụt lề sai."),
    ("while scanning a quoted scalar", "Chuỗi trong dấu nháy chưa được đóng."),
    ("while scanning a simple key", "Thiếu dấu ':' sau tên trường, hoặc thụt lề sai."),
    ("while parsing a block mapping", "Thụt lề không đúng trong khối này."),
    ("while parsing a block collection", "Thụt lề không đúng trong danh sách này."),
    ("while parsing a flow", "Ngoặc [ ] hoặc { } chưa đóng đúng."),
    ("found character", "Có ký tự không được phép ở đầu giá trị: hãy đặt giá trị trong nháy kép."),
]


def _yaml_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    text = f"{exc.context or ''} {exc.problem or ''}"
    for needle, message in _YAML_MESSAGES:
        if needle in text:
            return Problem(path, line, "", f"Lỗi cú pháp YAML: {message}")
    return Problem(path, line, "", f"Lỗi cú pháp YAML: {exc.problem or exc.context}.")


class _Builder:
    """Turn a composed node tree into plain data, recording lines and refusing abuse."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = SafeConstructor()

    def _fail(self, node: Node, message: str, path: Path) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1, format_path(path), message))

    def build(self, node: Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self._fail(node, f"Tệp quá nhiều phần tử (trên {MAX_NODES:,}) hoặc dùng bí danh (*) lồng nhau "
                           "để nhân bản dữ liệu: không xử lý.".replace(",", "."), path)
            return None
        if depth > MAX_DEPTH:
            self._fail(node, f"Lồng nhau quá sâu (trên {MAX_DEPTH} cấp).", path)
            return None
        self.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _CORE_TAGS and node.tag != "tag:yaml.org,2002:merge":
            self._fail(node, f"Thẻ YAML '{node.tag}' không được phép: chỉ dùng dữ liệu thường.", path)
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        return None  # pragma: no cover

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError):
            self._fail(node, f"Giá trị '{node.value}' không đọc được (ngày tháng hoặc số sai).", path)
            return None
        if isinstance(value, str):
            return clean_text(value)
        return value

    def _mapping(self, node: MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        explicit: dict[str, int] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._merge(value_node, path, depth, merged)
                continue
            if not isinstance(key_node, ScalarNode):
                self._fail(key_node, "Tên trường phải là một chuỗi đơn.", path)
                continue
            key = clean_text(str(key_node.value))
            line = key_node.start_mark.line + 1
            if key in explicit:
                self._fail(key_node, f"Trường '{key}' bị khai báo hai lần (lần đầu ở dòng {explicit[key]}).",
                           path + (key,))
                continue
            explicit[key] = line
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,), depth + 1)
            self.lines[path + (key,)] = line
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def _merge(self, value_node: Node, path: Path, depth: int, merged: dict[str, Any]) -> None:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for src in sources:
            if not isinstance(src, MappingNode):
                self._fail(src, "Khóa gộp '<<' chỉ nhận một bảng (mapping) hoặc danh sách bảng.", path)
                continue
            for key, value in self._mapping(src, path, depth + 1).items():
                merged.setdefault(key, value)
