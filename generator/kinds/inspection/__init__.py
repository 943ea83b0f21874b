"""The inspection plan (kế hoạch kiểm tra, ``loai: kiem_tra``): a plan kind with no task list.

Issued by a Quyết định like a task plan; carries Phụ lục I, the đề cương every inspected
unit reports on (a `generator.kinds.outline` file it names), and Phụ lục II, the units.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.kinds.inspection.model import InspectionPlan
from generator.kinds.inspection.reader import inspection_summary as summary
from generator.kinds.inspection.reader import read_inspection as read
from generator.kinds.inspection.schema import SCHEMA

if TYPE_CHECKING:
    from generator.errors import Problem
    from generator.kinds.document import Document

__all__ = ["SCHEMA", "documents_of", "read", "summary", "warnings"]


def warnings(inspection: InspectionPlan) -> tuple[Problem, ...]:
    """Return the problems of the file that did not stop reading it."""
    return inspection.warnings


def documents_of(inspection: InspectionPlan) -> list[Document]:
    """Return the Quyết định (if any) and the Kế hoạch kiểm tra with its annexes."""
    from generator.kinds.inspection.documents import documents as build  # not needed to validate

    return build(inspection)
