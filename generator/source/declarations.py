"""How a file kind declares its fields: one declaration, checked with cerberus, exported as JSON Schema.

A declaration is a mapping field name → rules in cerberus's vocabulary, plus two of our
own: ``required_fields`` (the required sub-fields of a mapping) and ``meta`` (``mo_ta``: a
Vietnamese description shown in editors and messages; ``mau``: the expected form, for
messages; ``kieu``: a named shape, e.g. ``khoi`` for body blocks; ``lac_cho``: for a mapping,
field name → where that field goes instead, for a field written at the wrong level). Every kind declares
its file once, as a `Schema`; `generator.source.structure` checks files against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Longest text a field may hold, far beyond what real documents hold (the longest
# paragraph of the bundled plans and of the reference documents is under 800 characters;
# the longest name, title or deadline wording under 120): past these a value is a paste gone
# wrong, and refusing it keeps every later step (matching, wrapping, messages) small.
PARAGRAPH_MAX = 10_000  # one paragraph: a task, a body paragraph, an Article, a product
LINE_MAX = 1_000        # one line: a name, a title, a deadline wording, a label, a signer
CODE_MAX = 100          # a code: a task's ma, an abbreviation

TEXT: dict[str, Any] = {"type": "string", "empty": False, "maxlength": PARAGRAPH_MAX}
LINE: dict[str, Any] = {**TEXT, "maxlength": LINE_MAX}


def text(desc: str, **extra: Any) -> dict[str, Any]:
    """Return the rules of a non-empty text field described by `desc` (a paragraph at most)."""
    return {**TEXT, "meta": {"mo_ta": desc}, **extra}


def line(desc: str, **extra: Any) -> dict[str, Any]:
    """Return the rules of a non-empty one-line text (a name, a title, a wording) described by `desc`."""
    return {**LINE, "meta": {"mo_ta": desc}, **extra}


def text_list(desc: str, **extra: Any) -> dict[str, Any]:
    """Return the rules of a list of non-empty texts (paragraphs at most) described by `desc`."""
    return {"type": "list", "schema": TEXT, "meta": {"mo_ta": desc}, **extra}


def line_list(desc: str, **extra: Any) -> dict[str, Any]:
    """Return the rules of a list of non-empty one-line texts described by `desc`."""
    return {"type": "list", "schema": LINE, "meta": {"mo_ta": desc}, **extra}


def text_or_lines(desc: str, limit: int = LINE_MAX) -> dict[str, Any]:
    """Return the rules of a text that may also be written as a list of lines, each at most `limit` characters."""
    return {"type": ["string", "list"], "empty": False, "schema": {**TEXT, "maxlength": limit}, "maxlength": limit,
            "meta": {"mo_ta": desc}}


def _is_field_map(value: Any) -> bool:
    return isinstance(value, dict) and "type" not in value and "regex" not in value


def to_cerberus(rules: dict[str, Any]) -> dict[str, Any]:
    """Return cerberus rules for one declared field (``required_fields`` → ``required``)."""
    out = {k: v for k, v in rules.items() if k != "required_fields"}
    sub = rules.get("schema")
    if _is_field_map(sub):
        out["schema"] = field_map_to_cerberus(sub, rules.get("required_fields", []))
    elif isinstance(sub, dict):
        out["schema"] = to_cerberus(sub)
    for key in ("valuesrules", "keysrules"):
        if key in rules:
            out[key] = to_cerberus(rules[key])
    return out


def field_map_to_cerberus(fields: dict[str, Any], required: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """Return a cerberus schema for a mapping whose `required` fields must be present."""
    out = {}
    for name, rules in fields.items():
        out[name] = to_cerberus(rules)
        if name in required:
            out[name]["required"] = True
    return out


@dataclass(frozen=True)
class Schema:
    """The declared fields of one file kind and which of them are required."""

    fields: dict[str, Any]
    required: tuple[str, ...]
    json_defs: dict[str, Any] = field(default_factory=dict)  # named shapes (``kieu``) for JSON Schema

    def cerberus(self) -> dict[str, Any]:
        """Return the cerberus schema (computed once per schema object)."""
        cached = self.__dict__.get("_cerberus")
        if cached is None:
            cached = field_map_to_cerberus(self.fields, self.required)
            object.__setattr__(self, "_cerberus", cached)
        return cached

    def json(self) -> dict[str, Any]:
        """Return the JSON Schema (draft 2020-12) object of a file of this kind."""
        return {
            "type": "object",
            "properties": {k: json_rules(v) for k, v in self.fields.items()},
            "required": list(self.required),
            "additionalProperties": False,
        }


_JSON_TYPES = {"string": "string", "integer": "integer", "boolean": "boolean", "list": "array",
               "dict": "object", "date": "string", "number": "number"}


def json_rules(rules: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON Schema of one declared field."""
    meta = rules.get("meta", {})
    kind = meta.get("kieu")
    out: dict[str, Any] = {}
    if "mo_ta" in meta:
        out["description"] = meta["mo_ta"]
    if kind == "khoi":
        out.update({"type": "array", "items": {"$ref": "#/$defs/khoi"}})
        return out
    types = rules.get("type", [])
    types = types if isinstance(types, list) else [types]
    json_types = sorted({_JSON_TYPES[t] for t in types})
    if len(json_types) == 1:
        out["type"] = json_types[0]
    elif json_types:
        out["type"] = json_types
    if "date" in types and len(types) == 1:
        out["format"] = "date"
    if "allowed" in rules:
        out["enum"] = list(rules["allowed"])
    if "regex" in rules:
        out["pattern"] = rules["regex"]
    if "min" in rules:
        out["minimum"] = rules["min"]
    if "max" in rules:
        out["maximum"] = rules["max"]
    if rules.get("empty") is False and "string" in types:
        out["minLength"] = 1
    if "maxlength" in rules and "string" in types:
        out["maxLength"] = rules["maxlength"]
    sub = rules.get("schema")
    if isinstance(sub, dict) and "list" in types:
        out["items"] = json_rules(sub)
        if rules.get("empty") is False:
            out["minItems"] = 1
    elif isinstance(sub, dict) and "dict" in types:
        out["properties"] = {k: json_rules(v) for k, v in sub.items()}
        out["additionalProperties"] = False
        if rules.get("required_fields"):
            out["required"] = list(rules["required_fields"])
    if "valuesrules" in rules:
        out["additionalProperties"] = json_rules(rules["valuesrules"])
        if "keysrules" in rules:
            out["propertyNames"] = {"pattern": rules["keysrules"]["regex"]}
    return out
