"""The đề cương (report outline, ``loai: de_cuong``): the structure of a report and its numeric fields.

Bundled definitions live in ``templates/de-cuong/``; inspection plans print one as their
Phụ lục I, and reports (`generator.kinds.report`) fill one in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.kinds.outline.model import Outline
from generator.kinds.outline.reader import read_outline
from generator.kinds.outline.schema import SCHEMA

if TYPE_CHECKING:
    from generator.errors import Problem
    from generator.kinds.document import Document
    from generator.kinds.links import Links
    from generator.source.yaml_source import Source

__all__ = ["SCHEMA", "documents_of", "read", "summary", "warnings"]


def read(source: Source, links: Links) -> Outline:
    """Return the đề cương held by `source`."""
    return read_outline(source)


def summary(outline: Outline) -> str:
    """Return a one-line description for messages."""
    return (f"đề cương {outline.name}: {len(outline.sections)} mục lớn, {len(outline.fields)} chỉ tiêu, "
            f"{len(outline.item_ids)} ý có mã")


def warnings(outline: Outline) -> tuple[Problem, ...]:
    """A đề cương has no warnings: every problem stops reading it."""
    return ()


def documents_of(outline: Outline) -> list[Document]:
    """A đề cương alone makes no document: `kehoach outline` writes one blank report per unit."""
    return []
