"""The đề cương (report outline): its fields (chỉ tiêu), items and report settings.

An outline is data, not code: ``templates/de-cuong/<name>.yaml`` holds the headings
(I, II …; 1, 2 …; a, b …), the bullet items and the numeric fields of a report, each
field with a stable id, a label and a unit. Next year's outline is a copy and an edit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.domain.vietnamese import format_number, short_date

PLACEHOLDER = "..."
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
ID = re.compile(ID_PATTERN)
SLOT = re.compile(r"\{([^{}]*)\}")
ITEM_KINDS = ("muc", "diem", "gach", "cong", "doan")
FIELD_KINDS = ("so", "ty_le", "van_ban")
PARTS_SUM = ("bang", "khong_vuot")
# `tu_ke_hoach` value → attribute of generator.tracking.TaskCounts
FROM_PLAN = {
    "tong": "total",
    "hoan_thanh": "completed",
    "hoan_thanh_dung_han": "completed_on_time",
    "hoan_thanh_qua_han": "completed_late",
    "dang_thuc_hien": "in_progress",
    "chua_thuc_hien": "not_started",
    "qua_han": "overdue",
}


@dataclass(frozen=True)
class Field:
    """One chỉ tiêu: a number (or short text) the report fills in."""

    id: str
    label: str
    unit: str
    kind: str                       # so | ty_le | van_ban
    placeholder: str = PLACEHOLDER  # as printed in the issued annex
    part_of: str = ""
    parts_sum: str = ""             # "" | bang | khong_vuot
    ratio: tuple[str, str] | None = None
    from_plan: str = ""
    line: int | None = None

    def describe(self, value: Any) -> str:
        """Return "Số hồ sơ đã giải quyết (1.200 hồ sơ)" for messages."""
        return f"{self.label} ({with_unit(value, self)})"


@dataclass(frozen=True)
class Item:
    """A heading or item of the outline; `id` lets a report answer it in prose."""

    kind: str                       # phan | muc | diem | gach | cong | doan
    text: str
    id: str = ""
    children: tuple[Item, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class ReportSettings:
    """What a report written on this outline carries besides the outline itself."""

    summary: tuple[str, ...]
    supervisor: str = ""
    place: str = ""
    recipients: tuple[str, ...] = ()
    archive: str = "VT"


@dataclass(frozen=True)
class Outline:
    """A whole đề cương definition."""

    source: str
    year: int
    title: str
    subtitle: str
    period_from: dt.date
    period_end: str
    period_line: str
    report: ReportSettings
    fields: dict[str, Field]
    sections: tuple[Item, ...]
    item_ids: dict[str, Item] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """Return the outline's name: its file stem, e.g. "kiem-tra-cchc-2026"."""
        return Path(self.source).stem

    def period(self, end: dt.date | None = None, start: dt.date | None = None) -> str:
        """Return "(Số liệu báo cáo tính từ 15/12/2025 đến …)." with `end` or the default wording."""
        end_text = short_date(end) if end else self.period_end
        start_text = short_date(start or self.period_from)
        return self.period_line.replace("{tu}", start_text).replace("{den}", end_text)


def with_unit(value: Any, f: Field) -> str:
    """Return "1.200 hồ sơ", "87,5%" for messages."""
    text = format_number(value)
    if f.kind == "van_ban" or not f.unit:
        return text
    return text + f.unit if f.unit == "%" else f"{text} {f.unit}"


def slots(text: str) -> list[str]:
    """Return the field ids named in `text`, in order."""
    return SLOT.findall(text)
