"""``kehoach validate PATH...``: check plan files, write nothing."""

from __future__ import annotations

import argparse

from generator.commands.common import err, plan_summary, yaml_files
from generator.errors import InputError
from generator.loading import load_file
from generator.plans import plan_from_source
from generator.reports import check_other_kinds


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="kiểm tra tệp kế hoạch, không ghi gì",
                       description="Kiểm tra các tệp kế hoạch YAML (hoặc mọi tệp .yaml trong thư mục). "
                                   "Không ghi tệp nào. Thoát 2 nếu có lỗi.")
    p.add_argument("paths", nargs="+", metavar="ĐƯỜNG_DẪN", help="tệp .yaml hoặc thư mục")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    files = yaml_files(args.paths)
    if not files:
        err("Không có tệp YAML nào để kiểm tra.")
        return 2
    failed = 0
    for path in files:
        try:
            source = load_file(path)
            other = check_other_kinds(source)  # kế hoạch kiểm tra, đề cương, báo cáo (generator/reports.py)
            if other is None:
                plan = plan_from_source(source)
        except InputError as exc:
            failed += 1
            err(exc.render())
            continue
        if other is not None:
            for warning in other[1]:
                err(warning)
            print(f"{path}: hợp lệ ({other[0]}).")
            continue
        for warning in plan.warnings:
            err(str(warning))
        print(f"{path}: hợp lệ ({plan_summary(plan)}).")
    if failed:
        err(f"{failed}/{len(files)} tệp có lỗi.")
        return 2
    return 0
