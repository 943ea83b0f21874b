"""All exceptions raised by kehoach for users are defined here.

Messages are Vietnamese: they reach civil servants, not programmers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file: where it is and what is expected."""

    file: str
    line: int | None
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        label = "cảnh báo" if self.warning else "lỗi"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}: {label}{field}: {self.message}"


class KehoachError(Exception):
    """Base class of every error meant for the user."""

    exit_code = 1


class InputError(KehoachError):
    """Raised when input files are invalid; carries every problem found."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = [p for p in problems if not p.warning]
        self.warnings = [p for p in problems if p.warning]
        super().__init__(self.render())

    def render(self) -> str:
        lines = [str(p) for p in self.problems + self.warnings]
        n = len(self.problems)
        lines.append(f"Dừng lại: {n} lỗi, không ghi tệp nào.")
        return "\n".join(lines)


class TemplateFault(KehoachError):
    """Raised when a Word template is broken or tries something forbidden."""

    exit_code = 2


class OutputConflict(KehoachError):
    """Raised when writing would overwrite a file the user changed by hand."""

    exit_code = 2
