"""``kehoach outline``: blank reports on the inspection outline, one per unit, ready to fill in Word."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from generator import rendering
from generator.batch import Rendered, run_batch
from generator.commands.common import add_output_options, err
from generator.inspection import load_inspection
from generator.outline import Outline, known_outlines, load_outline, locate_outline, missing_outline_message
from generator.outputs import Output
from generator.reports import FILE_NAME, Unit, UnknownUnit, blank_context, unit_named


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "outline", help="tạo báo cáo phục vụ kiểm tra để trống số liệu, cho từng đơn vị",
        description="Tạo DIR/<tên đơn vị>/bao-cao-kiem-tra.docx: báo cáo theo đề cương (Phụ lục I của kế hoạch "
                    "kiểm tra) với tiêu đề, số, ngày, toàn bộ đề cương, nơi nhận và chữ ký của đơn vị; số liệu "
                    "để '...' để điền trong Word. Với --ke-hoach: một báo cáo cho mỗi đơn vị trong Phụ lục II.")
    p.add_argument("--don-vi", action="append", metavar="TÊN", default=[],
                   help="đơn vị báo cáo, vd \"Phường Lê Chân\", \"Sở Xây dựng\" (lặp lại được)")
    p.add_argument("--ke-hoach", metavar="KE_HOACH.yaml",
                   help="kế hoạch kiểm tra (loai: kiem_tra): lấy đề cương và danh sách đơn vị của nó")
    p.add_argument("--de-cuong", metavar="ĐỀ_CƯƠNG",
                   help="tên đề cương trong templates/de-cuong/ hoặc đường dẫn tệp .yaml "
                        "(mặc định: đề cương của --ke-hoach, nếu không thì đề cương mới nhất)")
    add_output_options(p)
    p.set_defaults(func=run)


def render_blank(unit: Unit, outline: Outline, out_dir: Path) -> Rendered:
    """Render the blank report of `unit` in memory."""
    data = rendering.render(rendering.templates_dir() / "bao-cao.docx", blank_context(outline, unit))
    return Rendered([Output(out_dir / unit.slug / FILE_NAME, data)])


def _outline(args: argparse.Namespace, planned: Outline | None) -> Outline | None:
    if args.de_cuong:
        path = locate_outline(args.de_cuong)
        if path is None:
            err(missing_outline_message(args.de_cuong))
            return None
        return load_outline(path)
    if planned is not None:
        return planned
    known = known_outlines()
    if not known:
        err("Không có đề cương nào trong templates/de-cuong/: dùng --de-cuong TỆP.yaml.")
        return None
    return load_outline(locate_outline(known[-1]) or "")


def run(args: argparse.Namespace) -> int:
    if not args.don_vi and not args.ke_hoach:
        err("Cần --don-vi \"Tên đơn vị\" (lặp lại được) hoặc --ke-hoach KẾ_HOẠCH_KIỂM_TRA.yaml.")
        return 2
    inspection = load_inspection(args.ke_hoach) if args.ke_hoach else None
    outline = _outline(args, inspection.outline if inspection else None)
    if outline is None:
        return 2
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
        for problem in problems:
            err(problem)
        err("Dừng lại: không ghi tệp nào.")
        return 2
    render = partial(render_blank, outline=outline, out_dir=Path(args.output))
    return run_batch(units, render, args, label=lambda u: u.name, noun="đơn vị")
