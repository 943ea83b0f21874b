"""``kehoach nam-moi PLAN --nam 2027``: carry a plan into the next year, with a review list."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator import kinds
from generator.errors import CommandFailed, InputError, UsageError
from generator.run.outputs import Output, write_new
from generator.source.yaml_source import load_bytes, load_file
from generator.yearly.carryover import carry_over, default_output, parse_period, review_lines

DESCRIPTION = ("Tạo tệp kế hoạch năm sau từ kế hoạch năm nay: chuyển năm ở trích yếu, nội dung, thời gian thực "
               "hiện, kỳ báo cáo; giữ nguyên ngày, số của văn bản pháp luật và các giai đoạn cố định; xóa số, ngày "
               "ký, trạng thái, ngày hoàn thành, kết quả. In danh sách mọi chỗ đã đổi và mọi chỗ còn nhắc năm cũ "
               "(kèm lý do giữ nguyên) để rà soát. Tệp mới giữ chú thích, thứ tự, dấu nháy và kiểu xuống dòng "
               "của tệp cũ.")
PLANS = ("ke_hoach", "kiem_tra")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", metavar="KE_HOACH.yaml", help="tệp kế hoạch năm nay")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--nam", type=int, metavar="NĂM", help="năm của kế hoạch mới, vd 2027")
    when.add_argument("--giai-doan", type=_period, metavar="TỪ-ĐẾN",
                      help="giai đoạn mới của kế hoạch nhiều năm, vd 2031-2035")
    p.add_argument("-o", "--output", metavar="TỆP",
                   help="tệp kế hoạch mới (mặc định: tên tệp cũ với năm mới, vd nam-do-son-2027.yaml)")
    p.add_argument("--xem-truoc", action="store_true", help="chỉ in danh sách thay đổi, không ghi tệp")
    p.add_argument("--force", action="store_true", help="ghi đè tệp kế hoạch mới nếu đã có")


def _period(text: str) -> tuple[int, int]:
    try:
        return parse_period(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"giai đoạn “{text}” không đúng dạng NĂM-NĂM (vd 2031-2035)") from None


def check_plan(data: bytes, path: str) -> tuple[str, list[str]]:
    """Validate a plan (task or inspection plan); return (summary, warnings) or raise InputError."""
    loaded = kinds.read_loaded(load_bytes(data, path), expect=PLANS)
    return loaded.kind.summary(loaded.model), [str(w) for w in loaded.warnings]


def run(args: argparse.Namespace, ui) -> None:
    source = load_file(args.plan)  # unreadable, not YAML…: located messages before anything else
    raw = Path(args.plan).read_bytes()
    if kinds.detect(source).key in PLANS:
        check_plan(raw, args.plan)  # the old plan must be valid: every problem, as validate says it
    result = carry_over(raw, args.plan, year=args.nam, period=args.giai_doan)
    target = args.output or default_output(args.plan, result.move)
    if Path(target).resolve() == Path(args.plan).resolve():
        raise UsageError(f"Tệp mới trùng với tệp cũ ({target}): hãy chọn tên khác bằng -o.")
    for line in review_lines(result):
        ui.info(line)
    data = result.text.encode("utf-8")
    try:
        summary, warnings = check_plan(data, target)
    except InputError as exc:
        raise CommandFailed([exc.render()], f"Kế hoạch mới không hợp lệ; không ghi {target}.", 2) from None
    for warning in warnings:
        ui.warning(warning)
    if args.xem_truoc:
        ui.info(f"Xem trước: chưa ghi {target} ({summary}).")
        return
    write_new([Output(Path(target), data)], force=args.force)
    ui.info(f"Đã ghi {target} (hợp lệ: {summary}). Hãy rà soát các mục CẦN THAY và CẦN XEM LẠI ở trên.")
