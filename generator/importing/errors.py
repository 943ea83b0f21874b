"""Errors of the import: each names the file and says what to do, in Vietnamese."""

from __future__ import annotations

from generator.errors import KehoachError


class ImportFault(KehoachError):
    """Raised when a file cannot be imported (unreadable, wrong type, scanned PDF, encrypted, empty).

    Exit status 2 (bad input, nothing written) unless `code` says otherwise (1 when a
    tool the machine lacks, such as LibreOffice for .doc, is the cause).
    """

    exit_code = 2

    def __init__(self, path: str, message: str, *, code: int = 2) -> None:
        self.path = path
        self.exit_code = code
        super().__init__(f"{path}: lỗi: {message} Không ghi tệp nào.")
