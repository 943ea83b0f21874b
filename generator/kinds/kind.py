"""What a document kind is: the one concept every file kehoach reads belongs to.

Each kind (task plan, inspection plan, đề cương, report…) is a package that declares its
file schema, how to read a file into its model, how to describe it and which documents it
renders; `generator.kinds` keeps the registry: how to recognise each kind, and its package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from generator.source.declarations import Schema

if TYPE_CHECKING:
    from generator.errors import Problem
    from generator.kinds.document import Document
    from generator.kinds.links import Links
    from generator.source.yaml_source import Source


@dataclass(frozen=True)
class Kind:
    """One kind of input file, as the registry knows it.

    `package` names the kind's package, which declares ``SCHEMA`` and the functions
    ``read(source, links)``, ``summary(model)``, ``warnings(model)`` and
    ``documents_of(model)``; it is imported the first time one of them is needed, so a
    command loads only the kinds it meets.
    """

    key: str                                     # the `loai` value ("ke_hoach" for task plans, which omit it)
    label: str                                   # what users call it: "kế hoạch kiểm tra"
    package: str                                 # e.g. "generator.kinds.inspection"
    usage: str                                   # the command for such a file, "{path}" for the file
    matches: Callable[[Any], bool]               # does loaded YAML data look like this kind?

    @property
    def declared(self) -> ModuleType:
        """Return the kind's package (imported on first use)."""
        return importlib.import_module(self.package)

    @property
    def schema(self) -> Schema:
        """Return the declared schema of a file of this kind."""
        return self.declared.SCHEMA

    def read(self, source: Source, links: Links) -> Any:
        """Return the model of the file read into `source`; raise InputError listing every problem."""
        return self.declared.read(source, links)

    def summary(self, model: Any) -> str:
        """Return one line describing `model` (for `kehoach validate`)."""
        return self.declared.summary(model)

    def warnings(self, model: Any) -> tuple[Problem, ...]:
        """Return the problems found in the file that did not stop reading it."""
        return tuple(self.declared.warnings(model))

    def documents(self, model: Any) -> list[Document]:
        """Return the documents `kehoach build` (or `report`) renders from `model`."""
        return self.declared.documents_of(model)

    def how_to_use(self, path: str) -> str:
        """Return the command line that handles a file of this kind at `path`."""
        return self.usage.replace("{path}", path)
