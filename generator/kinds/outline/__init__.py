"""The đề cương (report outline, ``loai: de_cuong``): the structure of a report and its numeric fields.

Bundled definitions live in ``templates/de-cuong/``; inspection plans print one as their
Phụ lục I, and reports (`generator.kinds.report`) fill one in.
"""

from __future__ import annotations

from typing import Any

from generator.kinds.kind import Kind
from generator.kinds.outline.model import Outline
from generator.kinds.outline.reader import read_outline
from generator.kinds.outline.schema import SCHEMA


def _matches(data: Any) -> bool:
    return isinstance(data, dict) and data.get("loai") == "de_cuong"


def outline_summary(outline: Outline) -> str:
    """Return a one-line description for messages."""
    return (f"đề cương {outline.name}: {len(outline.sections)} mục lớn, {len(outline.fields)} chỉ tiêu, "
            f"{len(outline.item_ids)} ý có mã")


KIND = Kind(
    key="de_cuong",
    label="đề cương báo cáo",
    schema=SCHEMA,
    matches=_matches,
    read=lambda source, links: read_outline(source),
    summary=outline_summary,
    usage="kehoach outline --de-cuong {path} --don-vi \"Tên đơn vị\"",
)
