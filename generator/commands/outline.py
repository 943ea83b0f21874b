"""``kehoach outline``: blank reports on the inspection outline, one per unit, ready to fill in Word."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from generator import kinds
from generator.commands.common import add_output_options, output_options
from generator.errors import CommandFailed, InputError, UsageError
from generator.kinds.outline.model import Outline
from generator.kinds.report.documents import FILE_NAME, REPORT, blank_context
from generator.kinds.report.model import Unit
from generator.kinds.report.units import UnknownUnit, unit_named
from generator.render import templates
from generator.render.docx import render
from generator.run.batch import Rendered, run_batch
from generator.run.outputs import Output
from generator.source import bundled
from generator.source.files import locate_outline, missing_outline_message

DESCRIPTION = ("Tạo DIR/<tên đơn vị>/bao-cao-kiem-tra.docx: báo cáo theo đề cương (Phụ lục I của kế hoạch "
               "kiểm tra) với tiêu đề, số, ngày, toàn bộ đề cương, nơi nhận và chữ ký của đơn vị; số liệu để "
               "'...' để điền trong Word. Với --ke-hoach: một báo cáo cho mỗi đơn vị trong Phụ lục II.")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--don-vi", action="append", metavar="TÊN", default=[],
                   help="đơn vị báo cáo, vd \"Phường Lê Chân\", \"Sở Xây dựng\" (lặp lại được)")
    p.add_argument("--ke-hoach", metavar="KE_HOACH.yaml",
                   help="kế hoạch kiểm tra (loai: kiem_tra): lấy đề cương và danh sách đơn vị của nó")
    p.add_argument("--de-cuong", metavar="ĐỀ_CƯƠNG",
                   help="tên đề cương trong templates/de-cuong/ hoặc đường dẫn tệp .yaml "
                        "(mặc định: đề cương của --ke-hoach, nếu không thì đề cương mới nhất)")
    add_output_options(p)


def render_blank(unit: Unit, outline: Outline, out_dir: Path) -> Rendered:
    """Render the blank report of `unit` in memory."""
    data = render(templates.locate(REPORT), blank_context(outline, unit), REPORT)
    return Rendered([Output(out_dir / unit.slug / FILE_NAME, data)])


def _outline(args: argparse.Namespace, planned: Outline | None) -> Outline:
    ref = args.de_cuong
    if not ref:
        if planned is not None:
            return planned
        known = bundled.outline_names()
        if not known:
            raise UsageError("Không có đề cương nào trong templates/de-cuong/: dùng --de-cuong TỆP.yaml.")
        ref = known[-1]
    path = locate_outline(ref)
    if path is None:
        raise UsageError(missing_outline_message(ref))
    return kinds.load(path, expect=("de_cuong",)).model


def run(args: argparse.Namespace, ui) -> None:
    if not args.don_vi and not args.ke_hoach:
        raise UsageError("Cần --don-vi \"Tên đơn vị\" (lặp lại được) hoặc --ke-hoach KẾ_HOẠCH_KIỂM_TRA.yaml.")
    inspection = None
    if args.ke_hoach:
        loaded = kinds.load(args.ke_hoach, expect=("kiem_tra",))
        inspection = loaded.model
        for warning in loaded.warnings:
            ui.warning(str(warning))
    outline = _outline(args, inspection.outline if inspection else None)
    names = args.don_vi or list(inspection.units if inspection else ())
    units, problems = [], []
    for name in names:
        try:
            units.append(unit_named(name, outline.report))
        except UnknownUnit as exc:
            problems.append(str(exc))
    folders: dict[str, str] = {}
    for unit in units:
        if unit.slug in folders:
            problems.append(f"'{unit.name}' và '{folders[unit.slug]}' trùng thư mục {unit.slug}/: mỗi đơn vị một lần.")
        folders.setdefault(unit.slug, unit.name)
    if problems:
        raise CommandFailed(problems, "Dừng lại: không ghi tệp nào.", InputError.exit_code)
    render_unit = partial(render_blank, outline=outline, out_dir=Path(args.output))
    run_batch(units, render_unit, output_options(args), ui, label=lambda u: u.name, noun="đơn vị")
