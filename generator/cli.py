"""The ``kehoach`` command line: parse arguments, call the core, write files.

This is the only module that reads arguments, prints, or exits. Exit status: 0 success,
2 invalid input (nothing written), 1 internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from generator import __version__, documents, rendering, schema
from generator.errors import InputError, KehoachError
from generator.model import Plan
from generator.outputs import Output, write_all
from generator.plans import load_plan

_ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện trợ giúp này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "expected one argument": "cần một giá trị",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn mơ hồ: %(option)s có thể là %(matches)s",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
}
argparse._ = lambda text: _ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]


def _print_err(text: str) -> None:
    print(text, file=sys.stderr)


def _plan_files(paths: Sequence[str]) -> list[str]:
    files: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            files.extend(sorted(str(f) for f in Path(p).rglob("*.y*ml") if f.suffix in (".yaml", ".yml")))
        else:
            files.append(p)
    return files


def _summary(plan: Plan) -> str:
    parts = [f"{len(plan.groups)} lĩnh vực", f"{len(plan.tasks)} nhiệm vụ"]
    if plan.decision is not None:
        parts.insert(0, "Quyết định + Kế hoạch")
    else:
        parts.insert(0, "Kế hoạch ban hành độc lập")
    return ", ".join(parts)


def cmd_validate(args: argparse.Namespace) -> int:
    files = _plan_files(args.paths)
    if not files:
        _print_err("Không có tệp YAML nào để kiểm tra.")
        return 2
    failed = 0
    for path in files:
        try:
            plan = load_plan(path)
        except InputError as exc:
            failed += 1
            _print_err(exc.render())
            continue
        for warning in plan.warnings:
            _print_err(str(warning))
        print(f"{path}: hợp lệ ({_summary(plan)}).")
    if failed:
        _print_err(f"{failed}/{len(files)} tệp có lỗi.")
        return 2
    return 0


def plan_outputs(plan: Plan, out_dir: Path) -> list[Output]:
    """Return the documents of `plan` rendered in memory, with their target paths."""
    folder = out_dir / Path(plan.source).stem
    tdir = rendering.templates_dir()
    outputs = []
    if plan.decision is not None:
        data = rendering.render(tdir / "quyet-dinh.docx", documents.decision_context(plan))
        outputs.append(Output(folder / "quyet-dinh.docx", data))
    data = rendering.render(tdir / "ke-hoach.docx", documents.plan_context(plan))
    outputs.append(Output(folder / "ke-hoach.docx", data))
    return outputs


def cmd_build(args: argparse.Namespace) -> int:
    files = _plan_files(args.plans)
    if not files:
        _print_err("Không có tệp kế hoạch nào.")
        return 2
    failed = 0
    for path in files:
        try:
            plan = load_plan(path)
            for warning in plan.warnings:
                _print_err(str(warning))
            outputs = plan_outputs(plan, Path(args.output))
            write_all(outputs, force=args.force)
        except KehoachError as exc:
            failed += 1
            _print_err(exc.render() if isinstance(exc, InputError) else f"{path}: {exc}")
            continue
        for out in outputs:
            print(f"Đã ghi {out.path}")
    if failed:
        if len(files) > 1:
            _print_err(f"{failed}/{len(files)} kế hoạch không tạo được văn bản.")
        return 2
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    text = json.dumps(schema.json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Đã ghi {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kehoach",
        description="Sinh văn bản cải cách hành chính (Quyết định, Kế hoạch) đúng thể thức "
                    "Nghị định 30/2020/NĐ-CP từ kế hoạch viết bằng YAML.",
    )
    parser.add_argument("--version", action="version", version=f"kehoach {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")

    p = sub.add_parser("validate", help="kiểm tra tệp kế hoạch, không ghi gì",
                       description="Kiểm tra các tệp kế hoạch YAML (hoặc mọi tệp .yaml trong thư mục). "
                                   "Không ghi tệp nào. Thoát 2 nếu có lỗi.")
    p.add_argument("paths", nargs="+", metavar="ĐƯỜNG_DẪN", help="tệp .yaml hoặc thư mục")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="tạo Quyết định và Kế hoạch (.docx)",
                       description="Tạo DIR/<tên tệp>/quyet-dinh.docx (nếu kế hoạch có quyết định) và "
                                   "ke-hoach.docx cho từng kế hoạch.")
    p.add_argument("plans", nargs="+", metavar="KE_HOACH.yaml", help="tệp kế hoạch (hoặc thư mục)")
    p.add_argument("-o", "--output", default="outputs", metavar="DIR", help="thư mục ghi kết quả (mặc định: outputs)")
    p.add_argument("--force", action="store_true", help="ghi đè cả tệp đã bị sửa tay")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("schema", help="xuất JSON Schema của tệp kế hoạch (cho VS Code)",
                       description="In JSON Schema của định dạng kế hoạch, để trình soạn thảo gợi ý và kiểm tra.")
    p.add_argument("-o", "--output", metavar="TỆP", help="ghi ra tệp thay vì in ra màn hình")
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return func(args)
    except KehoachError as exc:
        _print_err(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _print_err("Đã dừng.")
        return 1
    except Exception as exc:  # the one place internal errors become a message
        if os.environ.get("KEHOACH_DEBUG"):
            raise
        _print_err(f"Lỗi nội bộ của kehoach ({type(exc).__name__}: {exc}). "
                   "Hãy báo lỗi kèm tệp đầu vào; đặt KEHOACH_DEBUG=1 để xem chi tiết.")
        return 1
