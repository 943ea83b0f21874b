"""Check any Word document against the format rules of Nghị định 30/2020/NĐ-CP; fix what is mechanical.

Public API (data in, data out; the command line is `generator.commands.kiem_tra`):

- `check_file(path, pdf=False) -> Report`, `check_paths(paths) -> list[Report]`,
  `check_model(model) -> Report`, `exit_code(reports)`;
- `fix_file(src, target, force=False) -> FixResult` (never touches `src`);
- `read_docx(path) -> DocModel` (style inheritance, numbering, sections, headers resolved),
  `analyse(model) -> Layout` (header block, title, body, signature, annexes, kind);
- `document_metadata(path) -> dict` (title, author, subject for PDF/A);
- `RULES`, `FAMILIES`.
"""

from generator.conformance.check import check_file, check_model, check_paths, document_files, exit_code
from generator.conformance.findings import FAMILIES, Finding, Place, Report, Rule
from generator.conformance.fixer import FixRefused, FixResult, fix_file
from generator.conformance.layout import Layout, analyse
from generator.conformance.reader import DocModel, ReadError, read_docx
from generator.conformance.rules import RULES

__all__ = [
    "FAMILIES", "RULES", "DocModel", "Finding", "FixRefused", "FixResult", "Layout", "Place", "ReadError",
    "Report", "Rule", "analyse", "check_file", "check_model", "check_paths", "document_files", "exit_code",
    "fix_file", "read_docx",
]
