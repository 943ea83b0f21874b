"""``kehoach git-setup``: configure the git repository of the plans; ``kiem-tra-git`` (hidden):
the pre-commit check it installs."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.commands.common import err
from generator.commands.docx_text import _hide
from generator.errors import InputError
from generator.loading import load_bytes, load_file


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "git-setup", help="cài đặt git cho thư mục kế hoạch (so sánh .docx, YAML; kiểm tra trước commit)",
        description="Cài đặt kho git đang đứng: git diff và git log -p của tệp .docx hiện chữ (đoạn văn, dòng "
                    "bảng); git diff của kế hoạch YAML dùng kehoach diff; hook pre-commit kiểm tra các tệp kế "
                    "hoạch, báo cáo đưa vào commit và từ chối commit khi có lỗi. Chạy lại nhiều lần không sao.")
    p.set_defaults(func=run)
    check = sub.add_parser("kiem-tra-git", description="Kiểm tra các tệp kế hoạch, báo cáo sắp commit.")
    check.add_argument("files", nargs="*", metavar="TỆP",
                       help="tệp cần kiểm tra (mặc định: các tệp .yaml trong vùng chuẩn bị commit)")
    check.set_defaults(func=run_check)
    _hide(sub, "kiem-tra-git")


def run(args: argparse.Namespace) -> int:
    from generator.yearly.gitsetup import setup

    steps = setup(Path.cwd())
    for step in steps:
        note = f" — {step.note}" if step.note else ""
        print(f"{step.status}: {step.what}{note}")
    print("Xong. Xem lịch sử kế hoạch: git log -p --ext-diff -- plans/ ; xem thay đổi: git diff.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Validate the staged plan and report files (or the files named); exit 2 stops the commit."""
    from generator.reports import check_other_kinds
    from generator.plans import plan_from_source
    from generator.yearly.gitsetup import is_kehoach_file, staged_bytes, staged_files

    names = args.files or staged_files()
    checked = failed = 0
    for name in names:
        if not name.endswith((".yaml", ".yml")):
            continue
        try:
            source = load_bytes(staged_bytes(name), name) if not args.files else load_file(name)
            if not is_kehoach_file(source.data):
                continue
            checked += 1
            if check_other_kinds(source) is None:
                plan_from_source(source)
        except InputError as exc:
            failed += 1
            err(exc.render())
    if failed:
        err(f"kehoach: {failed}/{checked} tệp có lỗi, commit bị dừng. Sửa lỗi, git add lại rồi commit "
            "(bỏ qua kiểm tra một lần: git commit --no-verify).")
        return 2
    if checked:
        print(f"kehoach: {checked} tệp kế hoạch, báo cáo hợp lệ.")
    return 0
