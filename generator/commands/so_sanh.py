"""``kehoach so-sanh OLD NEW -o FILE.docx``: the "Bảng so sánh" of two plan versions for
leadership; with ``--theo-doi-thay-doi`` also the new Kế hoạch with tracked changes."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator import kinds
from generator.commands.common import output_options
from generator.errors import InputError
from generator.kinds.official.model import IssuedPlan
from generator.render import templates
from generator.render.docx import render, render_document
from generator.run.batch import write_documents
from generator.run.outputs import Output, folder_name
from generator.source.yaml_source import Source
from generator.yearly.changes import compare, summary_counts
from generator.yearly.comparison import COMPARISON, comparison_context
from generator.yearly.revisions import read_specs

DESCRIPTION = ("Tạo Bảng so sánh (thể thức Nghị định 30, bảng trang ngang: TT | Nội dung năm trước | Nội dung năm "
               "nay | Ghi chú) giữa kế hoạch cũ và kế hoạch mới: nhiệm vụ bổ sung, bỏ, sửa, chuyển; chữ mới in đậm "
               "gạch chân, chữ bỏ gạch ngang. Mỗi bên có thể là PHIÊN_BẢN:đường/dẫn (git).")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", metavar="CŨ", help="kế hoạch cũ (tệp, hoặc PHIÊN_BẢN:đường/dẫn)")
    p.add_argument("new", metavar="MỚI", help="kế hoạch mới")
    p.add_argument("-o", "--output", metavar="TỆP.docx",
                   help="tệp bảng so sánh (mặc định: outputs/<tên kế hoạch mới>/so-sanh.docx)")
    p.add_argument("--theo-doi-thay-doi", action="store_true",
                   help="ghi thêm Kế hoạch mới dạng theo dõi thay đổi (Track Changes) so với kế hoạch cũ, "
                        "để chấp nhận hoặc từ chối từng thay đổi trong Word (cần LibreOffice)")
    p.add_argument("--force", action="store_true", help="ghi đè cả tệp đã bị sửa tay")
    p.add_argument("--pdf", action="store_true", help="tạo thêm bản PDF cạnh mỗi tệp .docx")


def _model(source: Source) -> tuple[IssuedPlan, bytes]:
    """Return the plan of `source` and its Kế hoạch document (.docx bytes)."""
    loaded = kinds.read_loaded(source, expect=("ke_hoach", "kiem_tra"))
    plan_document = loaded.kind.documents(loaded.model)[-1]  # the Kế hoạch, after the Quyết định if any
    issued = loaded.model.issued if loaded.kind.key == "kiem_tra" else loaded.model
    return issued, render_document(plan_document)


def run(args: argparse.Namespace, ui) -> int:
    sources = read_specs([args.old, args.new])  # InputError: exit 2, nothing written
    models, problems = [], []
    for source in sources:
        try:
            models.append(_model(source))
        except InputError as exc:
            problems += exc.problems + exc.warnings
    if problems:
        raise InputError(problems)
    (old_plan, old_docx), (new_plan, new_docx) = models
    changes = compare(*sources)
    data = render(templates.locate(COMPARISON), comparison_context(changes, old_plan, new_plan), COMPARISON)
    stem = folder_name(args.new.split(":")[-1])
    target = Path(args.output) if args.output else Path("outputs") / stem / "so-sanh.docx"
    outputs = [Output(target, data)]
    tracked_error = None
    if args.theo_doi_thay_doi:
        from generator.errors import TrackedChangesError
        from generator.yearly.tracked import tracked_document

        try:
            outputs.append(Output(target.with_name(f"{stem}-theo-doi-thay-doi.docx"),
                                  tracked_document(old_docx, new_docx)))
        except TrackedChangesError as exc:
            tracked_error = exc
    write_documents(outputs, output_options(args), ui)
    ui.info(f"So với {args.old}: {summary_counts(changes)}.")
    if tracked_error is not None:
        raise tracked_error
    return 0
