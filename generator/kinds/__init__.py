"""The registry of document kinds: every file kehoach reads is of one kind, recognised here.

Kinds: the task plan (`plan`), the inspection plan (`inspection`), the đề cương
(`outline`) and the report (`report`); each declares its schema, reader, model and
document builders (see `generator.kinds.kind.Kind`). Every command reads its input files
through `load`, so a file given to the wrong command gets one line saying what it is and
which command to use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.errors import InputError, Problem, WrongKind
from generator.kinds.kind import Kind
from generator.kinds.links import Links
from generator.source.yaml_source import Source, load_file


def _loai(key: str) -> Any:
    return lambda data: isinstance(data, dict) and data.get("loai") == key


def _report(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    return data.get("loai") == "bao_cao" or ("loai" not in data and "de_cuong" in data and "don_vi" in data)


PLAN = Kind("ke_hoach", "kế hoạch CCHC (có nhiệm vụ cụ thể)", "generator.kinds.plan", "kehoach build {path}",
            lambda data: not isinstance(data, dict) or "loai" not in data)
INSPECTION = Kind("kiem_tra", "kế hoạch kiểm tra", "generator.kinds.inspection",
                  "kehoach build {path} (văn bản), kehoach outline --ke-hoach {path} (báo cáo trống cho các đơn vị)",
                  _loai("kiem_tra"))
OUTLINE = Kind("de_cuong", "đề cương báo cáo", "generator.kinds.outline",
               "kehoach outline --de-cuong {path} --don-vi \"Tên đơn vị\"", _loai("de_cuong"))
REPORT = Kind("bao_cao", "báo cáo phục vụ kiểm tra (số liệu theo đề cương)", "generator.kinds.report",
              "kehoach report {path}", _report)

KINDS: tuple[Kind, ...] = (PLAN, INSPECTION, OUTLINE, REPORT)
BY_KEY = {k.key: k for k in KINDS}
_RECOGNISED_FIRST = (INSPECTION, OUTLINE, REPORT)  # the task plan is the default


@dataclass(frozen=True)
class Loaded:
    """A file read into the model of its kind."""

    kind: Kind
    model: Any
    source: Source

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Return the problems found that did not stop reading."""
        return tuple(self.kind.warnings(self.model))


def detect(source: Source) -> Kind:
    """Return the kind of the file read into `source`; raise InputError for an unknown `loai`."""
    data = source.data
    for kind in _RECOGNISED_FIRST:
        if kind.matches(data):
            return kind
    if isinstance(data, dict) and "loai" in data:
        known = ", ".join(k.key for k in _RECOGNISED_FIRST)
        raise InputError([source.problem(("loai",), f"Loại tệp '{data['loai']}' không có: chọn một trong {known} "
                                                    "(tệp kế hoạch CCHC thì bỏ trường loai).")])
    return PLAN


def _refuse(source: Source, found: Kind, expect: tuple[str, ...]) -> WrongKind:
    wanted = " hoặc ".join(BY_KEY[k].label for k in expect)
    message = (f"Đây là tệp {found.label}, không phải {wanted}: lệnh này không dùng cho tệp này. "
               f"Dùng: {found.how_to_use(source.path)}")
    return WrongKind(Problem(source.path, None, "", message), found.label)


def read(source: Source, links: Links | None = None, expect: tuple[str, ...] | None = None) -> Any:
    """Return the model of the file read into `source`.

    `expect` lists the kind keys the caller accepts (None: any); a file of another kind
    raises WrongKind. Raise InputError listing every problem of the file.
    """
    return read_loaded(source, links, expect).model


def read_loaded(source: Source, links: Links | None = None, expect: tuple[str, ...] | None = None) -> Loaded:
    """Return the file read into `source` with its kind (see `read`)."""
    kind = detect(source)
    if expect is not None and kind.key not in expect:
        if not isinstance(source.data, dict):  # of no kind at all: say what the command expects
            kind = BY_KEY[expect[0]]
        else:
            raise _refuse(source, kind, expect)
    return Loaded(kind, kind.read(source, links if links is not None else new_links()), source)


def new_links() -> Links:
    """Return a `Links` that reads each linked file once, through this registry."""
    return Links(read)


def load(path: str, expect: tuple[str, ...] | None = None, links: Links | None = None) -> Loaded:
    """Read the file at `path` and return it with its kind (see `read`)."""
    return read_loaded(load_file(path), links, expect)


def json_schema() -> dict[str, Any]:
    """Return one JSON Schema (draft 2020-12) for every kind of file, chosen by its `loai`."""
    defs: dict[str, Any] = {}
    for kind in KINDS:
        defs.update(kind.schema.json_defs)
    defs.update({kind.key: kind.schema.json() for kind in KINDS})

    def when(key: str, then: dict[str, Any]) -> dict[str, Any]:
        return {"if": {"required": ["loai"], "properties": {"loai": {"const": key}}},
                "then": {"$ref": f"#/$defs/{key}"}, "else": then}

    report_without_loai = {
        "if": {"required": ["don_vi", "de_cuong"], "not": {"required": ["loai"]}},
        "then": {"$ref": "#/$defs/bao_cao"},
        "else": {"$ref": "#/$defs/ke_hoach"},
    }
    choice = when("kiem_tra", when("de_cuong", when("bao_cao", report_without_loai)))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kehoach.local/schema/ke-hoach.json",
        "title": "Tệp của kehoach: kế hoạch CCHC, kế hoạch kiểm tra, đề cương, báo cáo",
        "description": "Kế hoạch CCHC (không có trường loai), kế hoạch kiểm tra (loai: kiem_tra), "
                       "đề cương báo cáo (loai: de_cuong), báo cáo phục vụ kiểm tra (loai: bao_cao)",
        "type": "object",
        **choice,
        "$defs": defs,
    }
