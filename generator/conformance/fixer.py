"""`--sua`: write a corrected copy of a document; never touch the original.

Only what needs no guessing is changed (page setup, margins, fonts and sizes, weights of
the header elements, date zero padding, page-number field and first-page header, Nơi
nhận sizes and its last "- Lưu: VT, …." line, body paragraph format). The copy is then
checked again: what is still broken is left for a person.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.conformance.check import check_file, open_document
from generator.conformance.findings import Report
from generator.conformance.layout import analyse
from generator.conformance.reader import ReadError
from generator.conformance.rules import RULES, Ctx
from generator.errors import FixRefused


@dataclass
class FixResult:
    """What `fix_file` did: the changes by rule, and the report of the corrected copy."""

    source: Path
    target: Path
    changes: list[tuple[str, str]] = field(default_factory=list)   # (rule id, change)
    before: Report | None = None
    after: Report | None = None


def fixed_bytes(src: Path) -> tuple[bytes, list[tuple[str, str]]]:
    """Return the corrected .docx bytes of `src` and the changes made (raise ReadError).

    Fixes run on what the checks found; one fix can reveal work for another (page numbers
    moved from the footer into the header now need a blank first page), so the document is
    read again and fixed again until nothing changes (at most three rounds).
    """
    from docx import Document

    from generator.conformance.reader import model_of
    from generator.render.package import normalise_zip

    with tempfile.TemporaryDirectory(prefix="kehoach-sua-") as tmp:
        model, _, _ = open_document(src, Path(tmp))
    changes: list[tuple[str, str]] = []
    data = b""
    for _ in range(3):
        ctx = Ctx(model, analyse(model))
        done = []
        for rule in RULES:
            if rule.fix is None or not rule.applies_to(ctx.layout.kind.code) or not rule.check(ctx):
                continue
            done += [(rule.id, change) for change in rule.fix(ctx)]
        out = io.BytesIO()
        model.doc.save(out)
        data = out.getvalue()
        changes += done
        if not done:
            break
        model = model_of(Document(io.BytesIO(data)), model.path)
    return normalise_zip(data), changes


def fix_file(src: str | Path, target: str | Path, *, force: bool = False) -> FixResult:
    """Write the corrected copy of `src` to `target`, check it again, and return what happened."""
    from generator.run.outputs import atomic_write

    src, target = Path(src), Path(target)
    if target.suffix.lower() != ".docx":
        raise FixRefused(f"{target}: tệp sửa phải có đuôi .docx.")
    if src.exists() and target.exists() and src.resolve() == target.resolve():
        raise FixRefused(f"{target}: không ghi đè lên chính tệp gốc; hãy chọn tên khác cho -o.")
    if target.exists() and not force:
        raise FixRefused(f"{target}: tệp đã có nên không ghi đè; chọn tên khác hoặc thêm --force.")
    before = check_file(src)
    if before.error:
        raise ReadError(before.error)
    data, changes = fixed_bytes(src)
    atomic_write(target, data)
    after = check_file(target)
    return FixResult(src, target, changes, before, after)
