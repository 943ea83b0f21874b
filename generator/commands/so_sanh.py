"""``kehoach so-sanh OLD NEW -o FILE.docx``: the "Bảng so sánh" of two plan versions for
leadership; with ``--theo-doi-thay-doi`` also the new Kế hoạch with tracked changes."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator import documents, inspection, rendering
from generator.commands.common import err, write_documents
from generator.errors import InputError
from generator.loading import Source
from generator.model import Plan
from generator.outputs import Output
from generator.plans import plan_from_source
from generator.yearly.changes import compare, summary_counts
from generator.yearly.comparison import comparison_context
from generator.yearly.revisions import read_specs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "so-sanh", help="tạo bảng so sánh hai phiên bản kế hoạch (.docx) để trình lãnh đạo",
        description="Tạo Bảng so sánh (thể thức Nghị định 30, bảng trang ngang: TT | Nội dung năm trước | Nội "
                    "dung năm nay | Ghi chú) giữa kế hoạch cũ và kế hoạch mới: nhiệm vụ bổ sung, bỏ, sửa, chuyển; "
                    "chữ mới in đậm gạch chân, chữ bỏ gạch ngang. Mỗi bên có thể là PHIÊN_BẢN:đường/dẫn (git).")
    p.add_argument("old", metavar="CŨ", help="kế hoạch cũ (tệp, hoặc PHIÊN_BẢN:đường/dẫn)")
    p.add_argument("new", metavar="MỚI", help="kế hoạch mới")
    p.add_argument("-o", "--output", metavar="TỆP.docx",
                   help="tệp bảng so sánh (mặc định: outputs/<tên kế hoạch mới>/so-sanh.docx)")
    p.add_argument("--theo-doi-thay-doi", action="store_true",
                   help="ghi thêm Kế hoạch mới dạng theo dõi thay đổi (Track Changes) so với kế hoạch cũ, "
                        "để chấp nhận hoặc từ chối từng thay đổi trong Word (cần LibreOffice)")
    p.add_argument("--force", action="store_true", help="ghi đè cả tệp đã bị sửa tay")
    p.add_argument("--pdf", action="store_true", help="tạo thêm bản PDF cạnh mỗi tệp .docx")
    p.set_defaults(func=run)


def _model(source: Source) -> tuple[Plan, bytes]:
    """Return the plan of `source` and its Kế hoạch document (.docx bytes)."""
    if inspection.is_inspection(source.data):
        plan = inspection.inspection_from_source(source)
        return plan.plan, rendering.render(rendering.templates_dir() / "ke-hoach-kiem-tra.docx",
                                           inspection.plan_context(plan))
    model = plan_from_source(source)
    return model, rendering.render(rendering.templates_dir() / "ke-hoach.docx", documents.plan_context(model))


def run(args: argparse.Namespace) -> int:
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
    data = rendering.render(rendering.templates_dir() / "so-sanh.docx",
                            comparison_context(changes, old_plan, new_plan))
    stem = Path(args.new.split(":")[-1]).stem
    target = Path(args.output) if args.output else Path("outputs") / stem / "so-sanh.docx"
    outputs = [Output(target, data)]
    tracked_error = None
    if args.theo_doi_thay_doi:
        from generator.yearly.tracked import TrackedChangesError, tracked_document

        try:
            outputs.append(Output(target.with_name(f"{stem}-theo-doi-thay-doi.docx"),
                                  tracked_document(old_docx, new_docx)))
        except TrackedChangesError as exc:
            tracked_error = exc
    for path in write_documents(outputs, args):
        print(f"Đã ghi {path}")
    print(f"So với {args.old}: {summary_counts(changes)}.")
    if tracked_error is not None:
        err(str(tracked_error))
        return tracked_error.exit_code
    return 0
