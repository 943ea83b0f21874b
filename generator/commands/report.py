"""``kehoach report BAO_CAO.yaml...``: render a unit's filled report on the inspection outline."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from generator import kinds
from generator.commands.common import add_output_options, output_options
from generator.errors import UsageError
from generator.render.docx import render_document
from generator.run.batch import Rendered, run_batch
from generator.run.outputs import Output, folder_name
from generator.source.files import yaml_files

DESCRIPTION = ("Tạo DIR/<tên tệp>/bao-cao-kiem-tra.docx từ tệp số liệu báo cáo (reports/*.yaml): số liệu "
               "điền vào đề cương, tỷ lệ và số nhiệm vụ tự tính; chỉ tiêu chưa có số liệu giữ '...'. "
               "Số liệu mâu thuẫn (phần lớn hơn tổng, tỷ lệ ngoài 0–100%…) là lỗi: không ghi tệp nào.")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("reports", nargs="+", metavar="BAO_CAO.yaml", help="tệp số liệu báo cáo (hoặc thư mục)")
    add_output_options(p)


def render_report(path: str, out_dir: Path) -> Rendered:
    """Load the report data at `path` and render the report in memory (raises InputError)."""
    loaded = kinds.load(path, expect=("bao_cao",))
    folder = out_dir / folder_name(path)
    return Rendered([Output(folder / doc.name, render_document(doc)) for doc in loaded.kind.documents(loaded.model)])


def run(args: argparse.Namespace, ui) -> None:
    files = yaml_files(args.reports)
    if not files:
        raise UsageError("Không có tệp báo cáo nào.")
    run_batch(files, partial(render_report, out_dir=Path(args.output)), output_options(args), ui, noun="báo cáo")
