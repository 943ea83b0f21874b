"""Every error kehoach raises for users, in one place.

Messages are Vietnamese: they reach civil servants, not programmers. Each class says
when it is raised and carries its exit status; `generator.cli` is the only place that
prints them and turns them into exit statuses (0 success, 2 the user's input or
environment, 1 kehoach's own failure).
"""

from __future__ import annotations

import errno
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
        field = f" [{_clip(self.field, 2 * MAX_ECHO)}]" if self.field else ""
        return f"{where}: {label}{field}: {_clip_quotes(self.message)}"


MAX_ECHO = 80        # characters of a user's value quoted in a message ('…' marks the cut)
MAX_SHOWN = 100      # problems printed for one file; the rest are counted


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clip_quotes(message: str) -> str:
    """Return `message` with every quoted fragment ('…') cut to MAX_ECHO characters.

    Messages quote what the user wrote; a value of 10,000 characters must not make a
    message of 10,000 characters. Linear: one pass over the quotes.
    """
    if len(message) <= 2 * MAX_ECHO:
        return message
    parts = message.split("'")
    for i in range(1, len(parts) - 1, 2):  # odd parts sit between a pair of quotes
        parts[i] = _clip(parts[i], MAX_ECHO)
    return _clip("'".join(parts), 8 * MAX_ECHO)


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
        shown = (self.problems + self.warnings)[:MAX_SHOWN]
        lines = [str(p) for p in shown]
        hidden_errors = len(self.problems) - sum(not p.warning for p in shown)
        hidden_warnings = len(self.warnings) - sum(p.warning for p in shown)
        if hidden_errors or hidden_warnings:
            lines.append(f"… còn {hidden_errors} lỗi và {hidden_warnings} cảnh báo nữa chưa in: sửa các lỗi trên "
                         "rồi chạy lại để xem tiếp.")
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


class OutputUnwritable(KehoachError):
    """Raised when the place to write is not usable: read-only, full, not a folder, not a regular file.

    The user's environment, not kehoach's failure (exit 2); nothing of the set of files
    being written was changed.
    """

    exit_code = 2


_OS_REASONS = {getattr(errno, name): reason for name, reason in (
    ("ENOSPC", "ổ đĩa đã đầy"),
    ("EDQUOT", "đã hết dung lượng được cấp trên ổ đĩa"),
    ("EACCES", "không có quyền ghi/đọc ở đây"),
    ("EPERM", "không được phép"),
    ("EROFS", "ổ đĩa chỉ cho đọc"),
    ("ENOTDIR", "một phần của đường dẫn là tệp, không phải thư mục"),
    ("EEXIST", "đã có một tệp cùng tên"),
    ("EISDIR", "đây là một thư mục"),
    ("EFBIG", "tệp quá lớn so với giới hạn của ổ đĩa hoặc của hệ thống"),
    ("ENAMETOOLONG", "tên hoặc đường dẫn quá dài"),
    ("ENOENT", "không tìm thấy"),
    ("EIO", "lỗi đọc/ghi của ổ đĩa"),
    ("ENXIO", "không phải tệp thường (thiết bị hoặc socket)"),
    ("ELOOP", "liên kết tượng trưng (symlink) vòng quanh"),
    ("EMFILE", "mở quá nhiều tệp cùng lúc"),
) if hasattr(errno, name)}


def os_reason(exc: OSError) -> str:
    """Return the Vietnamese reason of an operating-system error (the system's words when unknown)."""
    reason = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    return reason or (exc.strerror or type(exc).__name__)


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
