"""``kehoach validate PATH...``: check files of every kind, write nothing."""

from __future__ import annotations

import argparse

from generator import kinds
from generator.errors import CommandFailed, InputError, UsageError
from generator.source.files import yaml_files

DESCRIPTION = ("Kiểm tra các tệp YAML (kế hoạch CCHC, kế hoạch kiểm tra, đề cương, báo cáo; hoặc mọi tệp "
               ".yaml trong thư mục). Không ghi tệp nào. Thoát 2 nếu có lỗi.")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="ĐƯỜNG_DẪN", help="tệp .yaml hoặc thư mục")


def run(args: argparse.Namespace, ui) -> None:
    files = yaml_files(args.paths)
    if not files:
        raise UsageError("Không có tệp YAML nào để kiểm tra.")
    links = kinds.new_links()
    failed = 0
    for path in files:
        try:
            loaded = kinds.load(path, links=links)
        except InputError as exc:
            failed += 1
            ui.error(exc.render())
            continue
        for warning in loaded.warnings:
            ui.warning(str(warning))
        ui.info(f"{path}: hợp lệ ({loaded.kind.summary(loaded.model)}).")
    if failed:
        raise CommandFailed([], f"{failed}/{len(files)} tệp có lỗi.", 2)
