"""The report (báo cáo phục vụ kiểm tra): a unit's figures and answers on a đề cương.

Files: ``reports/*.yaml`` with ``loai: bao_cao``, or without ``loai`` when they name
``don_vi`` and ``de_cuong``. A report may link its unit's task plan to count its tasks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.kinds.report.model import Report
from generator.kinds.report.reader import read_report as read
from generator.kinds.report.schema import SCHEMA

if TYPE_CHECKING:
    from generator.errors import Problem
    from generator.kinds.document import Document

__all__ = ["SCHEMA", "documents_of", "read", "summary", "warnings"]


def summary(report: Report) -> str:
    """Return a one-line description of a report for messages."""
    typed = len(report.values) - len(report.computed)
    return (f"báo cáo của {report.unit.name} theo đề cương {report.outline.name}: {typed} số liệu nhập, "
            f"{len(report.computed)} số liệu tự tính, {len(report.answers)} ý đã trả lời, "
            f"{len(report.missing)} chỉ tiêu còn để trống")


def warnings(report: Report) -> tuple[Problem, ...]:
    """A report has no warnings: every problem stops reading it."""
    return ()


def documents_of(report: Report) -> list[Document]:
    """Return the filled report."""
    from generator.kinds.report.documents import documents as build  # not needed to validate

    return build(report)
