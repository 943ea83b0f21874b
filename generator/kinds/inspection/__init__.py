"""The inspection plan (kế hoạch kiểm tra, ``loai: kiem_tra``): a plan kind with no task list.

Issued by a Quyết định like a task plan; carries Phụ lục I, the đề cương every inspected
unit reports on (a `generator.kinds.outline` file it names), and Phụ lục II, the units.
"""

from __future__ import annotations

from typing import Any

from generator.kinds.inspection.reader import inspection_summary, read_inspection
from generator.kinds.inspection.schema import KEY, SCHEMA
from generator.kinds.inspection.documents import documents as inspection_documents
from generator.kinds.kind import Kind


def _matches(data: Any) -> bool:
    return isinstance(data, dict) and data.get("loai") == KEY


KIND = Kind(
    key=KEY,
    label="kế hoạch kiểm tra",
    schema=SCHEMA,
    matches=_matches,
    read=read_inspection,
    summary=inspection_summary,
    usage="kehoach build {path} (văn bản), kehoach outline --ke-hoach {path} (báo cáo trống cho các đơn vị)",
    warnings=lambda inspection: inspection.warnings,
    documents=inspection_documents,
)
