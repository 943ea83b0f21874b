"""The task plan (kế hoạch CCHC): tasks with chủ trì, phối hợp, sản phẩm, thời gian, by lĩnh vực.

Files: no `loai` field. Documents: Quyết định + Kế hoạch (`documents`), per-office task
lists and progress reports (`followup_documents`); follow-up rows (`followup`) feed the
task table, the workbook and the calendar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.kinds.plan.model import Plan
from generator.kinds.plan.reader import plan_summary as summary
from generator.kinds.plan.reader import read_plan
from generator.kinds.plan.schema import SCHEMA

if TYPE_CHECKING:
    from generator.errors import Problem
    from generator.kinds.document import Document
    from generator.kinds.links import Links
    from generator.source.yaml_source import Source

__all__ = ["SCHEMA", "documents_of", "read", "summary", "warnings"]


def read(source: Source, links: Links) -> Plan:
    """Return the task plan held by `source`."""
    return read_plan(source)


def warnings(plan: Plan) -> tuple[Problem, ...]:
    """Return the problems of the plan file that did not stop reading it."""
    return plan.warnings


def documents_of(plan: Plan) -> list[Document]:
    """Return the Quyết định (if any) and the Kế hoạch of `plan`."""
    from generator.kinds.plan.documents import documents as build  # not needed to validate

    return build(plan)
