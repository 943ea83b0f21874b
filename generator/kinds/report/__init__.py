"""The report (báo cáo phục vụ kiểm tra): a unit's figures and answers on a đề cương.

Files: ``reports/*.yaml`` with ``loai: bao_cao``, or without ``loai`` when they name
``don_vi`` and ``de_cuong``. A report may link its unit's task plan to count its tasks.
"""

from __future__ import annotations

from typing import Any

from generator.kinds.report.documents import documents as report_documents
from generator.kinds.kind import Kind
from generator.kinds.report.model import Report
from generator.kinds.report.reader import read_report
from generator.kinds.report.schema import SCHEMA


def _matches(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    return data.get("loai") == "bao_cao" or ("loai" not in data and "de_cuong" in data and "don_vi" in data)


def report_summary(report: Report) -> str:
    """Return a one-line description of a report for messages."""
    typed = len(report.values) - len(report.computed)
    return (f"báo cáo của {report.unit.name} theo đề cương {report.outline.name}: {typed} số liệu nhập, "
            f"{len(report.computed)} số liệu tự tính, {len(report.answers)} ý đã trả lời, "
            f"{len(report.missing)} chỉ tiêu còn để trống")


KIND = Kind(
    key="bao_cao",
    label="báo cáo phục vụ kiểm tra (số liệu theo đề cương)",
    schema=SCHEMA,
    matches=_matches,
    read=read_report,
    summary=report_summary,
    usage="kehoach report {path}",
    documents=report_documents,
)
