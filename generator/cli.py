"""The ``kehoach`` command line: the one error chokepoint and Vietnamese argparse.

Each subcommand lives in `generator.commands` (one module per command, each with
``register(subparsers)``). This module is the only place that turns errors into exit
statuses: 0 success, 2 invalid input (nothing written), 1 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from generator import __version__
from generator.commands import COMMANDS
from generator.errors import KehoachError

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
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
}
argparse._ = lambda text: _ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="kehoach",
        description="Sinh văn bản cải cách hành chính (Quyết định, Kế hoạch) đúng thể thức "
                    "Nghị định 30/2020/NĐ-CP từ kế hoạch viết bằng YAML.",
    )
    parser.add_argument("--version", action="version", version=f"kehoach {__version__}",
                        help="hiện số phiên bản rồi thoát")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run kehoach with `argv`; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return func(args)
    except KehoachError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 1
    except Exception as exc:  # the one place internal errors become a message
        if os.environ.get("KEHOACH_DEBUG"):
            raise
        print(f"Lỗi nội bộ của kehoach ({type(exc).__name__}: {exc}). "
              "Hãy báo lỗi kèm tệp đầu vào; đặt KEHOACH_DEBUG=1 để xem chi tiết.", file=sys.stderr)
        return 1
