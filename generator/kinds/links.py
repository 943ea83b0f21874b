"""The files a file names: a plan's đề cương, a report's đề cương and its unit's plan.

`Links` finds them (`generator.source.files`), reads each once per run and checks it is of
the kind the referring field expects; any problem is reported at that field.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import InputError, WrongKind
from generator.source.files import locate_linked, locate_outline, missing_outline_message
from generator.source.yaml_source import FieldPath, Source, load_file

Reader = Callable[[Source, "Links", tuple[str, ...]], Any]


class Links:
    """Reads linked files through the kind registry's reader (`generator.kinds.read`)."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._models: dict[tuple[str, str], Any] = {}

    def outline(self, ref: str, referrer: Source, field: FieldPath) -> Any:
        """Return the đề cương named `ref` at `field` of `referrer` (by name or path)."""
        path = locate_outline(ref, Path(referrer.path).parent)
        if path is None:
            raise InputError([referrer.problem(field, missing_outline_message(ref))])
        return self._read(path, ("de_cuong",), referrer, field, ref, "đề cương báo cáo")

    def plan(self, ref: str, referrer: Source, field: FieldPath, *, why: str) -> Any:
        """Return the task plan `ref` named at `field` of `referrer`; `why` says what it is needed for."""
        path = locate_linked(ref, referrer.path)
        if path is None:
            raise InputError([referrer.problem(field, f"Không tìm thấy tệp kế hoạch '{ref}' (tính từ thư mục của "
                                                      "tệp, các thư mục cha, hoặc thư mục hiện tại).")])
        return self._read(path, ("ke_hoach",), referrer, field, ref, why)

    def _read(self, path: str, expect: tuple[str, ...], referrer: Source, field: FieldPath, ref: str,
              why: str) -> Any:
        key = (expect[0], str(Path(path).resolve()))
        if key not in self._models:
            try:
                self._models[key] = self._reader(load_file(path), self, expect)
            except WrongKind as exc:
                raise InputError([referrer.problem(field, f"'{ref}' là {exc.found}; '{field[-1]}' cần {why}.")]) from None
        return self._models[key]
