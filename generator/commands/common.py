"""Helpers shared by the subcommands: file discovery and messages."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.model import Plan


def err(text: str) -> None:
    """Print `text` on standard error."""
    print(text, file=sys.stderr)


def yaml_files(paths: Sequence[str]) -> list[str]:
    """Return the files named in `paths`, folders expanded to their .yaml/.yml files."""
    files: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            files.extend(sorted(str(f) for f in Path(p).rglob("*") if f.suffix in (".yaml", ".yml")))
        else:
            files.append(p)
    return files


def plan_summary(plan: Plan) -> str:
    """Return a one-line description of a plan for messages."""
    kind = "Quyết định + Kế hoạch" if plan.decision is not None else "Kế hoạch ban hành độc lập"
    return f"{kind}, {len(plan.groups)} lĩnh vực, {len(plan.tasks)} nhiệm vụ"


def add_output_options(parser, *, default_dir: str = "outputs") -> None:
    """Add the options every document-writing command shares: -o DIR, --force, --pdf, --pdfa."""
    parser.add_argument("-o", "--output", default=default_dir, metavar="DIR",
                        help=f"thư mục ghi kết quả (mặc định: {default_dir})")
    parser.add_argument("--force", action="store_true", help="ghi đè cả tệp đã bị sửa tay")
    parser.add_argument("--pdf", action="store_true",
                        help="tạo thêm bản PDF cạnh mỗi tệp .docx (Word nếu có, nếu không LibreOffice)")
    parser.add_argument("--pdfa", action="store_true",
                        help="như --pdf nhưng PDF/A-2b để phát hành điện tử (LibreOffice): nhúng mọi phông, "
                             "ghi tên văn bản, cơ quan ban hành, số ký hiệu vào thông tin của tệp")


def write_documents(outputs, args, *, convert: bool = True) -> list:
    """Write `outputs` (all or nothing, hand edits protected) and, with --pdf, their PDFs.

    Return the paths written, PDFs included. `convert=False` leaves the PDFs to the
    caller: `generator.batch` converts a whole batch in one converter run at the end.
    """
    from generator.outputs import write_all

    write_all(outputs, force=args.force)
    written = [out.path for out in outputs]
    if convert and (getattr(args, "pdf", False) or getattr(args, "pdfa", False)):
        from generator.pdf import convert_documents

        written += convert_documents([p for p in written if p.suffix == ".docx"],
                                     pdfa=getattr(args, "pdfa", False))
    return written
