"""``kehoach kiem-tra-git [FILE...]`` (hidden): the pre-commit check `git-setup` installs."""

from __future__ import annotations

import argparse

from generator import kinds
from generator.errors import CommandFailed, InputError
from generator.source.yaml_source import load_bytes, load_file

DESCRIPTION = "Kiểm tra các tệp kế hoạch, báo cáo sắp commit."


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="TỆP",
                   help="tệp cần kiểm tra (mặc định: các tệp .yaml trong vùng chuẩn bị commit)")


def run(args: argparse.Namespace, ui) -> None:
    """Validate the staged plan and report files (or the files named); exit 2 stops the commit."""
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
            kinds.read(source)
        except InputError as exc:
            failed += 1
            ui.error(exc.render())
    if failed:
        raise CommandFailed([], f"kehoach: {failed}/{checked} tệp có lỗi, commit bị dừng. Sửa lỗi, git add lại "
                                "rồi commit (bỏ qua kiểm tra một lần: git commit --no-verify).", 2)
    if checked:
        ui.info(f"kehoach: {checked} tệp kế hoạch, báo cáo hợp lệ.")
