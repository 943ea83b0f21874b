"""Check a file's structure against its kind's declared `Schema`, in Vietnamese with file, line and field.

The bundled declarations are checked once by the tests (a valid cerberus schema, already
in canonical form), not at every run: validators here take them as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import cerberus
from cerberus import errors as cerr
from cerberus.schema import UnvalidatedSchema

from generator.errors import InputError, Problem
from generator.source.declarations import LINE_MAX, Schema
from generator.source.text import shorten
from generator.source.yaml_source import Source

_TYPE_NAMES = {
    "string": "chuỗi văn bản",
    "integer": "số nguyên",
    "number": "số",
    "boolean": "true hoặc false",
    "list": "danh sách (các dòng bắt đầu bằng '- ')",
    "dict": "bảng các trường con (tên: giá trị)",
    "date": "ngày dạng YYYY-MM-DD",
}


def describe_value(value: Any) -> str:
    """Return a short Vietnamese description of what `value` is."""
    if value is None:
        return "để trống"
    if isinstance(value, bool):
        return f"giá trị {str(value).lower()}"
    if isinstance(value, int):
        return f"số {value}"
    if isinstance(value, float):
        return f"số {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"ngày {value.isoformat()}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "…"
        return f"chuỗi '{short}'"
    if isinstance(value, list):
        return f"danh sách {len(value)} mục"
    if isinstance(value, dict):
        return "bảng các trường con"
    return type(value).__name__


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def too_long(value: str, limit: int) -> str:
    """Return the message for a text of more than `limit` characters."""
    what = "một dòng (tên, tiêu đề, thời gian…)" if limit <= LINE_MAX else "một đoạn văn"
    return (f"Quá dài: {_vn(len(value))} ký tự, trong khi {what} ở trường này tối đa {_vn(limit)} ký tự. "
            "Có thể đã dán nhầm cả văn bản vào đây: hãy rút gọn, hoặc tách thành nhiều đoạn/nhiều mục.")


def _expected(types: Any) -> str:
    types = types if isinstance(types, list) else [types]
    return " hoặc ".join(_TYPE_NAMES.get(t, t) for t in types)


def _rules_at(schema: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any] | None:
    """Return the cerberus rules governing the value at `path`, if any."""
    rules: dict[str, Any] | None = {"type": "dict", "schema": schema}
    for part in path:
        if rules is None:
            return None
        sub = rules.get("schema")
        if isinstance(part, int):
            rules = sub if isinstance(sub, dict) and ("type" in sub or "regex" in sub) else None
        elif isinstance(sub, dict) and part in sub:
            rules = sub[part]
        elif "valuesrules" in rules:
            rules = rules["valuesrules"]
        else:
            return None
    return rules


class FileValidator(cerberus.Validator):
    """Cerberus validator that knows dates and never coerces."""

    types_mapping = cerberus.Validator.types_mapping.copy()


def suggestion(name: str, known: list[str], *, cutoff: float = 0.5) -> str:
    """Return " Có phải ý bạn là 'x'?" for the known name closest to `name`, or ""."""
    import difflib  # only when there is a mistake to suggest a fix for

    close = difflib.get_close_matches(name, known, n=1, cutoff=cutoff)
    return f" Có phải ý bạn là '{close[0]}'?" if close else ""


def check_structure(source: Source, declared: Schema, what: str) -> list[Problem]:
    """Return the structural problems of `source` against the `declared` schema of its kind."""
    if not isinstance(source.data, dict):
        return [source.problem((), f"Tệp {what} phải là một bảng các trường (tên: giá trị), "
                                    f"không phải {describe_value(source.data)}.")]
    schema = declared.cerberus()
    validator = FileValidator(UnvalidatedSchema(schema))
    validator.validate(source.data, normalize=False)
    problems: list[Problem] = []
    for error in _leaves(validator._errors):
        problems.append(_translate(error, source, schema))
    problems.sort(key=lambda p: (p.line or 0, p.field))
    return problems


def require_structure(source: Source, declared: Schema, what: str) -> None:
    """Raise InputError listing the structural problems of `source` against `declared`, if any."""
    problems = check_structure(source, declared, what)
    if problems:
        raise InputError(problems)


def _leaves(errors: list[cerr.ValidationError]) -> list[cerr.ValidationError]:
    out = []
    for error in errors:
        if error.is_group_error and error.child_errors:
            out.extend(_leaves(error.child_errors))
        else:
            out.append(error)
    return out


def _translate(error: cerr.ValidationError, source: Source, schema: dict[str, Any]) -> Problem:
    path = tuple(error.document_path)
    value = error.value
    code = error.code
    rules = _rules_at(schema, path) or {}
    if code == cerr.REQUIRED_FIELD.code:
        desc = rules.get("meta", {}).get("mo_ta")
        hint = f" ({desc})" if desc else ""
        return source.problem(path, f"Thiếu trường bắt buộc '{path[-1]}'{hint}.")
    if code == cerr.UNKNOWN_FIELD.code:
        parent = _rules_at(schema, path[:-1]) or {}
        misplaced = parent.get("meta", {}).get("lac_cho", {}).get(path[-1])
        if misplaced:  # a field of another level, written here: say where it goes
            return source.problem(path, f"Trường '{path[-1]}' không đặt ở đây. {misplaced}")
        known = list(parent.get("schema", {})) if isinstance(parent.get("schema"), dict) else []
        hint = suggestion(str(path[-1]), known, cutoff=0.6)
        listing = f" Các trường được phép: {', '.join(known)}." if known and not hint else ""
        return source.problem(path, f"Trường '{path[-1]}' không có trong định dạng.{hint}{listing}")
    if code == cerr.BAD_TYPE.code:
        return source.problem(path, f"Cần {_expected(error.constraint)}, nhưng đang là {describe_value(value)}.")
    if code == cerr.EMPTY_NOT_ALLOWED.code:
        return source.problem(path, "Không được để trống.")
    if code == cerr.NOT_NULLABLE.code:
        desc = rules.get("meta", {}).get("mo_ta", "")
        return source.problem(path, f"Không được để trống{': ' + desc if desc else ''}.")
    if code == cerr.UNALLOWED_VALUE.code:
        allowed = ", ".join(str(a) for a in error.constraint)
        return source.problem(path, f"Giá trị '{shorten(str(value))}' không hợp lệ; chọn một trong: {allowed}.")
    if code == cerr.REGEX_MISMATCH.code:
        pattern = rules.get("meta", {}).get("mau")
        if pattern is None and len(path) and isinstance(path[-1], str):
            parent = _rules_at(schema, path[:-1]) or {}
            pattern = parent.get("keysrules", {}).get("meta", {}).get("mau")
        desc = rules.get("meta", {}).get("mo_ta")
        hint = f" Cần: {pattern}." if pattern else f" Trường này là: {desc}." if desc else ""
        return source.problem(path, f"Giá trị '{shorten(str(value))}' không đúng dạng.{hint}")
    if code == cerr.MIN_VALUE.code:
        return source.problem(path, f"Giá trị {value} quá nhỏ: tối thiểu {error.constraint}.")
    if code == cerr.MAX_VALUE.code:
        return source.problem(path, f"Giá trị {value} quá lớn: tối đa {error.constraint}.")
    if code == cerr.MIN_LENGTH.code:
        return source.problem(path, f"Cần ít nhất {error.constraint} mục.")
    if code == cerr.MAX_LENGTH.code:
        if isinstance(value, str):
            return source.problem(path, too_long(value, error.constraint))
        return source.problem(path, f"Tối đa {_vn(error.constraint)} mục.")
    return source.problem(path, f"Giá trị không hợp lệ ({error.rule}).")  # pragma: no cover
