"""What a document kind is: the one concept every file kehoach reads belongs to.

Each kind (task plan, inspection plan, đề cương, report…) declares its file schema, how
to recognise a file of its kind, how to read one into its model, and how to describe it;
its package also holds its document builders. `generator.kinds` keeps the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.source.declarations import Schema

if TYPE_CHECKING:
    from generator.kinds.links import Links
    from generator.source.yaml_source import Source


@dataclass(frozen=True)
class Kind:
    """One kind of input file."""

    key: str                                     # the `loai` value ("ke_hoach" for task plans, which omit it)
    label: str                                   # what users call it: "kế hoạch kiểm tra"
    schema: Schema
    matches: Callable[[Any], bool]               # does loaded YAML data look like this kind?
    read: Callable[[Source, Links], Any]         # → the kind's model; raises InputError
    summary: Callable[[Any], str]                # one line for `kehoach validate`
    usage: str                                   # the command for such a file, "{path}" for the file
    warnings: Callable[[Any], tuple[Any, ...]] = lambda model: ()  # problems that did not stop reading
    documents: Callable[[Any], list[Document]] = lambda model: []  # what `build`/`report` render from a file

    def how_to_use(self, path: str) -> str:
        """Return the command line that handles a file of this kind at `path`."""
        return self.usage.replace("{path}", path)


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
