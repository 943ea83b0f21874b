"""``kehoach report BAO_CAO.yaml...``: render a unit's filled report on the inspection outline."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from generator import rendering
from generator.batch import Rendered, run_batch
from generator.commands.common import add_output_options, err, yaml_files
from generator.outputs import Output
from generator.reports import FILE_NAME, load_report, report_context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report", help="tạo báo cáo phục vụ kiểm tra từ tệp số liệu (.docx)",
        description="Tạo DIR/<tên tệp>/bao-cao-kiem-tra.docx từ tệp số liệu báo cáo (reports/*.yaml): số liệu "
                    "điền vào đề cương, tỷ lệ và số nhiệm vụ tự tính; chỉ tiêu chưa có số liệu giữ '...'. "
                    "Số liệu mâu thuẫn (phần lớn hơn tổng, tỷ lệ ngoài 0–100%…) là lỗi: không ghi tệp nào.")
    p.add_argument("reports", nargs="+", metavar="BAO_CAO.yaml", help="tệp số liệu báo cáo (hoặc thư mục)")
    add_output_options(p)
    p.set_defaults(func=run)


def render_report(path: str, out_dir: Path) -> Rendered:
    """Load the report data at `path` and render the report in memory (raises InputError)."""
    report = load_report(path)
    data = rendering.render(rendering.templates_dir() / "bao-cao.docx", report_context(report))
    return Rendered([Output(out_dir / Path(path).stem / FILE_NAME, data)])


def run(args: argparse.Namespace) -> int:
    files = yaml_files(args.reports)
    if not files:
        err("Không có tệp báo cáo nào.")
        return 2
    return run_batch(files, partial(render_report, out_dir=Path(args.output)), args, noun="báo cáo")
