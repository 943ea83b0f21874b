"""A document to render: its template, what the template must hold, and the data it is filled with.

Kinds' document builders return `Document`s; `generator.render` renders them. Kept apart
from `generator.kinds.kind` so that reading a file never loads what rendering needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TemplateContract:
    """What a Word template must hold for a document builder's data to reach the page.

    `placeholders` maps each expression the template must use (``doc.number_line``,
    ``body``…) to what it prints, in Vietnamese, for the message when a restyled template
    lost it.
    """

    template: str                  # file name in the templates folder, e.g. "ke-hoach.docx"
    placeholders: dict[str, str]


@dataclass(frozen=True)
class Document:
    """One document to render: the output file name, its template and the template's data."""

    name: str                      # e.g. "quyet-dinh.docx"
    contract: TemplateContract
    context: dict[str, Any]
