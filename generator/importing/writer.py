"""Write an imported plan as tidy YAML, in the layout of the hand-written plans in plans/.

Keys in the order of plans/nam-do-son-2026.yaml and plans/hai-phong-2026.yaml; every
text in double quotes (so no value is read as a number, a date or a boolean); offices
declared once and referenced by key; a comment naming each section (I, II, …), each
group and each task number, as a person would write to find their way in the file.
Text that has no place in the plan format (a task's kinh phí line, an unknown column)
is kept as a comment next to its task.
"""

from __future__ import annotations

from typing import Any

import re

from generator.domain.vietnamese import roman

_BARE = re.compile(r"^[a-z][a-z0-9_]*$")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}

ISSUER_KEYS = ("ten", "dia_danh", "viet_tat", "chu_quan", "dong_ten")
DECISION_KEYS = ("so", "ngay", "trich_yeu", "tham_quyen", "can_cu", "de_nghi", "dieu", "noi_nhan", "luu", "nguoi_ky")
PLAN_KEYS = ("trich_yeu", "kem_theo", "so", "ngay", "trinh_bay_nhiem_vu", "danh_diem", "nhan", "mo_dau", "noi_dung",
             "ket_thuc", "noi_nhan", "luu", "nguoi_ky", "phu_luc")
TASK_KEYS = ("noi_dung", "chu_tri", "nhan_chu_tri", "phoi_hop", "nhan_phoi_hop", "san_pham", "thoi_gian",
             "phan_viec")
ANNEX_TASK_KEYS = ("noi_dung", "chu_tri", "phoi_hop", "thoi_gian", "san_pham", "phan_viec")


def quote(text: str) -> str:
    """Return `text` as a YAML double-quoted scalar."""
    out = ['"']
    for ch in str(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class _Out:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, indent: int, text: str) -> None:
        self.lines.append("  " * indent + text)

    def blank(self) -> None:
        self.lines.append("")

    def scalar(self, value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if _BARE.match(value) and value not in _YAML_WORDS:
            return value  # office keys and choices (vhxh, muc, phu_luc) as a person writes them
        return quote(value)

    def value(self, indent: int, key: str, value: Any, *, flow: bool = False) -> None:
        """Write `key: value` at `indent` (lists and mappings in block style)."""
        if isinstance(value, dict):
            if flow and all(not isinstance(v, (dict, list)) for v in value.values()):
                inner = ", ".join(f"{k}: {self.scalar(v)}" for k, v in value.items())
                self.line(indent, f"{key}: {{{inner}}}")
                return
            self.line(indent, f"{key}:")
            for k, v in value.items():
                self.value(indent + 1, k, v, flow=flow)
        elif isinstance(value, list):
            if flow and all(isinstance(v, str) for v in value) and sum(len(v) for v in value) < 70:
                self.line(indent, f"{key}: [{', '.join(quote(v) for v in value)}]")
                return
            self.line(indent, f"{key}:")
            for item in value:
                self.item(indent + 1, item)
        else:
            self.line(indent, f"{key}: {self.scalar(value)}")

    def item(self, indent: int, value: Any) -> None:
        """Write one list item at `indent`."""
        if isinstance(value, dict):
            first = True
            for k, v in value.items():
                if first:
                    self._first_in_item(indent, k, v)
                    first = False
                else:
                    self.value(indent + 1, k, v)
        else:
            self.line(indent, f"- {self.scalar(value)}")

    def _first_in_item(self, indent: int, key: str, value: Any) -> None:
        if isinstance(value, (dict, list)):
            self.line(indent, f"- {key}:")
            if isinstance(value, dict):
                for k, v in value.items():
                    self.value(indent + 2, k, v)
            else:
                for item in value:
                    self.item(indent + 2, item)
        else:
            self.line(indent, f"- {key}: {self.scalar(value)}")


def _ordered(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    out = {k: data[k] for k in keys if k in data and data[k] not in (None, "", [], {})}
    for k, v in data.items():  # booleans that are False still matter (ngay_dang_so)
        if k in keys and k not in out and v is False:
            out[k] = v
    return {k: out[k] for k in keys if k in out}


def write_plan(plan: dict[str, Any], comments: dict[tuple[int, int], list[str]], header: list[str],
               trailing: list[str] | None = None) -> str:
    """Return the YAML text of `plan` (top-level keys as in the plan format)."""
    out = _Out()
    for text in header:
        out.line(0, f"# {text}" if text else "#")
    if "giai_doan" in plan:
        out.value(0, "giai_doan", plan["giai_doan"], flow=True)
    else:
        out.line(0, f"nam: {plan['nam']}")
    out.blank()
    out.value(0, "co_quan_ban_hanh", _ordered(plan["co_quan_ban_hanh"], ISSUER_KEYS), flow=False)
    out.blank()
    out.line(0, "co_quan:")
    for key, spec in plan["co_quan"].items():
        out.line(1, f"{key}:")
        out.line(2, f"ten: {quote(spec['ten'])}")
        if spec.get("ten_ngan"):
            out.line(2, f"ten_ngan: {quote(spec['ten_ngan'])}")
        if spec.get("ten_khac"):
            out.line(2, f"ten_khac: [{', '.join(quote(v) for v in spec['ten_khac'])}]")
    if plan.get("quyet_dinh"):
        out.blank()
        decision = _ordered(plan["quyet_dinh"], DECISION_KEYS)
        decision.setdefault("so", "")
        out.line(0, "quyet_dinh:")
        for key in DECISION_KEYS:
            if key in decision:
                out.value(1, key, decision[key])
            elif key == "so":
                out.line(1, 'so: ""')
    out.blank()
    document = _ordered(plan["ke_hoach"], PLAN_KEYS)
    out.line(0, "ke_hoach:")
    for key, value in document.items():
        if key == "noi_dung":
            out.line(1, "noi_dung:")
            for n, section in enumerate(value, start=1):
                out.line(2, f"# {roman(n)}")
                out.item(2, section)
        elif key in ("kem_theo", "phu_luc", "nhan", "nguoi_ky"):
            out.value(1, key, value)
        else:
            out.value(1, key, value)
    out.blank()
    out.line(0, "nhiem_vu_cu_the:")
    annex = plan["ke_hoach"].get("trinh_bay_nhiem_vu") == "phu_luc"
    seq = 0
    for gi, group in enumerate(plan["nhiem_vu_cu_the"], start=1):
        out.line(1, f"# {roman(gi) + '. ' if annex else str(gi) + '. '}{_short(group['linh_vuc'])}")
        out.line(1, f"- linh_vuc: {quote(group['linh_vuc'])}")
        out.line(2, "nhiem_vu:")
        for ti, task in enumerate(group["nhiem_vu"], start=1):
            seq += 1
            out.line(3, f"# {seq if annex else f'{gi}.{ti}'}")
            for text in comments.get((gi, ti), []):
                out.line(3, f"# (không in) {_one_line(text)}")
            keys = ANNEX_TASK_KEYS if annex else TASK_KEYS
            ordered = {k: task[k] for k in keys if k in task}
            ordered.update({k: v for k, v in task.items() if k not in ordered})
            out.item(3, ordered)
    if trailing:
        out.blank()
        out.line(0, "# Văn bản gốc còn các đoạn sau mà kehoach chưa đặt được vào kế hoạch (không in):")
        for text in trailing:
            out.line(0, f"#   {_one_line(text)}")
    return "\n".join(out.lines) + "\n"


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())
