"""Every error kehoach raises for users, in one place.

Messages are Vietnamese: they reach civil servants, not programmers. Each class says
when it is raised and carries its exit status; `generator.cli` is the only place that
prints them and turns them into exit statuses (0 success, 2 the user's input or
environment, 1 kehoach's own failure).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


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

    def render(self) -> str:
        """Return the message as printed."""
        return str(self)


class InputError(KehoachError):
    """Raised when input files are invalid; carries every problem found (and the warnings)."""

    exit_code = 2

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = [p for p in problems if not p.warning]
        self.warnings = [p for p in problems if p.warning]
        super().__init__(self.render())

    def render(self) -> str:
        lines = [str(p) for p in self.problems + self.warnings]
        lines.append(f"Dừng lại: {len(self.problems)} lỗi, không ghi tệp nào.")
        return "\n".join(lines)


class UsageError(KehoachError):
    """Raised when a command-line value does not fit the input (unknown office key, period…)."""

    exit_code = 2


class TemplateFault(KehoachError):
    """Raised when a Word template is broken, lacks what the documents need, or tries something forbidden."""

    exit_code = 2


class TemplateMissing(KehoachError):
    """Raised when a Word template or đề cương that kehoach needs is not where it should be."""

    exit_code = 1


class OutputConflict(KehoachError):
    """Raised when writing would overwrite a file the user changed by hand."""

    exit_code = 2


class PdfError(KehoachError):
    """Raised when PDFs could not be made; the .docx files are written all the same."""

    exit_code = 1


class ConverterMissing(PdfError):
    """Raised when neither Microsoft Word (docx2pdf) nor LibreOffice is available."""

    def __init__(self, hint: str) -> None:
        super().__init__(
            "Không tạo được PDF: máy chưa có Microsoft Word hay LibreOffice (lệnh soffice). "
            "Các tệp .docx vẫn đã được ghi.\n" + hint + "\nSau đó chạy lại lệnh với --pdf."
        )


class PdfFailed(PdfError):
    """Raised when some documents were not converted; carries docx path → reason."""

    def __init__(self, failures: dict[Path, str]) -> None:
        self.failures = dict(failures)
        lines = [f"{path}: không tạo được PDF: {reason}" for path, reason in self.failures.items()]
        lines.append("Các tệp .docx vẫn đã được ghi; PDF của các tệp trên chưa được tạo (tệp PDF cũ, "
                     "nếu có, chưa được cập nhật).")
        super().__init__("\n".join(lines))


class CommandFailed(KehoachError):
    """Raised when a command could not do all its work: files of a batch failed, an import had errors.

    `messages` are the reasons, one per failure (each already names its file); `summary`
    a closing line (a count, what was not written). The exit status is the highest of the
    failures'.
    """

    def __init__(self, messages: Sequence[str], summary: str, exit_code: int) -> None:
        self.messages = list(messages)
        self.summary = summary
        self.exit_code = exit_code
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(self.messages + ([self.summary] if self.summary else []))


class WrongKind(InputError):
    """Raised when a file is of another kind than the command reads (a report given to `build`…).

    Printed as one line saying what the file is and which command to use; `found` is the
    label of the kind the file is.
    """

    def __init__(self, problem: Problem, found: str) -> None:
        self.found = found
        super().__init__([problem])

    def render(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ImportFault(KehoachError):
    """Raised when a document cannot be imported (unreadable, wrong type, scanned PDF, encrypted, empty).

    Exit status 2 (bad input, nothing written) unless `code` says otherwise (1 when a
    tool the machine lacks, such as LibreOffice for .doc, is the cause).
    """

    exit_code = 2

    def __init__(self, path: str, message: str, *, code: int = 2) -> None:
        self.path = path
        self.exit_code = code
        super().__init__(f"{path}: lỗi: {message} Không ghi tệp nào.")


class CarryOverError(KehoachError):
    """Raised when a plan cannot be carried into the year asked for (`kehoach nam-moi`)."""

    exit_code = 2


class GitSetupError(KehoachError):
    """Raised when the repository cannot be configured (not a git repository, no git)."""

    exit_code = 2


class TrackedChangesError(KehoachError):
    """Raised when the tracked-changes document cannot be made (no LibreOffice, a failure)."""

    exit_code = 1


class FixRefused(KehoachError):
    """Raised when the corrected copy of `kiem-tra --sua` cannot be written where asked."""

    exit_code = 2


class OfficeError(KehoachError):
    """Raised when libreOffice is missing or could not convert a file for `kiem-tra`."""

    exit_code = 2


class ReadError(KehoachError):
    """Raised when the file given to `kiem-tra` is not a Word document python-docx can open."""

    exit_code = 2
