"""The task plan (kế hoạch CCHC): tasks with chủ trì, phối hợp, sản phẩm, thời gian, by lĩnh vực.

Files: no `loai` field. Documents: Quyết định + Kế hoạch (`documents`), per-office task
lists and progress reports (`followup_documents`); follow-up rows (`followup`) feed the
task table, the workbook and the calendar.
"""

from __future__ import annotations

from typing import Any

from generator.kinds.plan.documents import documents as plan_documents
from generator.kinds.kind import Kind
from generator.kinds.plan.reader import plan_summary, read_plan
from generator.kinds.plan.schema import SCHEMA


def _matches(data: Any) -> bool:
    return not isinstance(data, dict) or "loai" not in data


KIND = Kind(
    key="ke_hoach",
    label="kế hoạch CCHC (có nhiệm vụ cụ thể)",
    schema=SCHEMA,
    matches=_matches,
    read=lambda source, links: read_plan(source),
    summary=plan_summary,
    usage="kehoach build {path}",
    warnings=lambda plan: plan.warnings,
    documents=plan_documents,
)
