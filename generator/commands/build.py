"""``kehoach build PLAN.yaml...``: render the Quyết định and the Kế hoạch of plans and inspection plans."""

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

DESCRIPTION = ("Tạo DIR/<tên tệp>/quyet-dinh.docx (nếu kế hoạch có quyết định) và ke-hoach.docx cho từng "
               "kế hoạch (cả kế hoạch kiểm tra). Tệp đã bị sửa tay không bị ghi đè nếu không có --force.")
READS = ("ke_hoach", "kiem_tra")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("plans", nargs="+", metavar="KE_HOACH.yaml", help="tệp kế hoạch (hoặc thư mục)")
    add_output_options(p)


def render_plan(path: str, out_dir: Path) -> Rendered:
    """Load the plan at `path` and render its documents in memory (raises InputError)."""
    loaded = kinds.load(path, expect=READS)
    folder = out_dir / folder_name(path)
    outputs = [Output(folder / doc.name, render_document(doc)) for doc in loaded.kind.documents(loaded.model)]
    return Rendered(outputs, [str(w) for w in loaded.warnings])


def run(args: argparse.Namespace, ui) -> None:
    files = yaml_files(args.plans)
    if not files:
        raise UsageError("Không có tệp kế hoạch nào.")
    run_batch(files, partial(render_plan, out_dir=Path(args.output)), output_options(args), ui, noun="kế hoạch")
