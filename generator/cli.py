"""The ``kehoach`` command line: Vietnamese argparse, lazy commands, and the one error chokepoint.

Each subcommand lives in `generator.commands` (one module per command, with ``DESCRIPTION``,
``configure(parser)`` and ``run(args, ui)``); only the module of the command being run is
imported, so ``kehoach --help`` starts at once. This module is the only place that prints
problems and turns errors into exit statuses: 0 success, 2 invalid input (nothing
written), 1 internal error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from generator import __version__
from generator.errors import KehoachError
from generator.source.text import printable

# name → (module, one-line help). The order is the order of `kehoach --help`; a command
# without help is not listed (helpers git calls).
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("generator.commands.validate", "kiểm tra tệp kế hoạch, đề cương, báo cáo; không ghi gì"),
    "nhap": ("generator.commands.nhap", "nhập kế hoạch năm trước từ .docx, .doc, .pdf, .txt thành tệp YAML"),
    "build": ("generator.commands.build", "tạo Quyết định và Kế hoạch (.docx)"),
    "schema": ("generator.commands.schema", "xuất JSON Schema của các loại tệp (cho VS Code)"),
    "tasks": ("generator.commands.tasks", "theo dõi nhiệm vụ: bảng, lọc, xuất Excel/lịch, nhập trạng thái từ Excel"),
    "phan-cong": ("generator.commands.phan_cong", "tạo danh mục nhiệm vụ được giao cho từng cơ quan (.docx)"),
    "tien-do": ("generator.commands.tien_do", "tạo báo cáo tiến độ thực hiện kế hoạch theo kỳ (.docx)"),
    "outline": ("generator.commands.outline", "tạo báo cáo phục vụ kiểm tra để trống số liệu, cho từng đơn vị"),
    "report": ("generator.commands.report", "tạo báo cáo phục vụ kiểm tra từ tệp số liệu (.docx)"),
    "kiem-tra": ("generator.commands.kiem_tra", "kiểm tra thể thức văn bản Word bất kỳ theo Nghị định 30 (.docx, .doc)"),
    "nam-moi": ("generator.commands.nam_moi", "lập kế hoạch năm sau từ kế hoạch năm nay"),
    "diff": ("generator.commands.diff", "so sánh hai phiên bản kế hoạch (thêm, bỏ, sửa nhiệm vụ…)"),
    "so-sanh": ("generator.commands.so_sanh", "tạo bảng so sánh hai phiên bản kế hoạch (.docx) để trình lãnh đạo"),
    "git-setup": ("generator.commands.git_setup",
                  "cài đặt git cho thư mục kế hoạch (so sánh .docx, YAML; kiểm tra trước commit)"),
    # for git, not people: registered, left out of the list of commands
    "docx-text": ("generator.commands.docx_text", ""),
    "kiem-tra-git": ("generator.commands.kiem_tra_git", ""),
    "web": ("generator.commands.web", "mở ứng dụng web trên máy này: bảng nhiệm vụ, biểu mẫu báo cáo, tải văn bản"),
}

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


def _module(name: str) -> Any:
    return importlib.import_module(COMMANDS[name][0])


def _chosen(argv: Sequence[str]) -> str | None:
    """Return the command named in `argv` (the first word that is one), None when there is none."""
    return next((a for a in argv if a in COMMANDS), None)


def build_parser(command: str | None = "*") -> argparse.ArgumentParser:
    """Return the argument parser; `command` is the one to configure fully ("*": all, None: none)."""
    parser = argparse.ArgumentParser(
        prog="kehoach",
        description="Sinh văn bản cải cách hành chính (Quyết định, Kế hoạch, báo cáo) đúng thể thức "
                    "Nghị định 30/2020/NĐ-CP từ kế hoạch viết bằng YAML.",
    )
    parser.add_argument("--version", action="version", version=f"kehoach {__version__}",
                        help="hiện số phiên bản rồi thoát")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")
    for name, (_, summary) in COMMANDS.items():
        shown = {"help": summary} if summary else {}
        if command in ("*", name):
            module = _module(name)
            p = sub.add_parser(name, description=module.DESCRIPTION, **shown)
            module.configure(p)
            p.set_defaults(run=module.run)
        else:
            sub.add_parser(name, **shown)
    sub._choices_actions = [a for a in sub._choices_actions if COMMANDS[a.dest][1]]  # hide git's helpers
    return parser


class Ui:
    """How commands tell the user what happens: plain lines on stdout, problems on stderr, progress bars.

    Everything printed is printed literally: text from plans and file names may hold
    anything, so control characters and bidirectional overrides are written as escapes
    ("\\x1b", "\\u202e") and tables never interpret markup or make links.
    """

    def __init__(self) -> None:
        self._bars = 0

    def _write(self, text: str, stream: Any) -> None:
        text = printable(text)
        if self._bars:
            from tqdm import tqdm

            tqdm.write(text, file=stream)
        else:
            print(text, file=stream)

    def info(self, text: str) -> None:
        """Print a line of ordinary output."""
        self._write(text, sys.stdout)

    def warning(self, text: str) -> None:
        """Print a warning."""
        self._write(text, sys.stderr)

    def error(self, text: str) -> None:
        """Print a problem that does not end the command at once (the others are still checked)."""
        self._write(text, sys.stderr)

    def table(self, heading: str, columns: Sequence[Any], rows: Sequence[tuple[Sequence[str], str | None]],
              footer: str) -> None:
        """Print a table on stdout: a heading line, the rows (cells, Rich style or None), a footer line.

        `columns` are `generator.commands.common.Column`s. Cells are plain text: "[b]" prints
        "[b]", "[link=…]" is no link. Plain text without colour codes when stdout is not a terminal.
        """
        from rich import box
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        class Quiet(Console):
            def on_broken_pipe(self) -> None:   # rich would exit 1 itself: leave it to main()
                raise BrokenPipeError

        console = Quiet(file=sys.stdout, highlight=False, emoji=False, markup=False)
        cells = [[printable(c) for c in row] for row, _ in rows]
        wide = console.width >= 110

        def fit(i: int, column: Any) -> int:
            limit = column.wide if wide or column.narrow is None else column.narrow
            return min(limit, max([len(column.header)] + [len(row[i]) for row in cells]))

        widths = [fit(i, c) if c.wide is not None else 0 for i, c in enumerate(columns)]
        flexible = max(20, console.width - sum(widths) - 3 * (len(columns) - 1))  # padding and separators
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
        for column, width in zip(columns, widths):
            table.add_column(column.header, justify=column.justify, no_wrap=not column.wrap,
                             width=width or flexible, overflow="fold")
        for row, (_, style) in zip(cells, rows):
            shown = [cell.replace(c.break_at, "\n" + c.break_at.lstrip()) if c.break_at and len(cell) > (w or flexible)
                     else cell for cell, c, w in zip(row, columns, widths)]
            table.add_row(*(Text(cell) for cell in shown), style=style)
        console.print(Text(printable(heading)))
        if rows:
            console.print(table)
        console.print(Text(printable(footer)))

    @contextmanager
    def progress(self, total: int, desc: str) -> Iterator[Callable[[int], None]]:
        """Show a progress bar on a terminal for two items or more; yield its update function."""
        if total < 2 or not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
            yield lambda done: None
            return
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: the process may fork workers
        bar = tqdm(total=total, desc=desc, file=sys.stderr, leave=False, dynamic_ncols=True,
                   bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]")
        self._bars += 1
        try:
            yield lambda done: bar.update(done - bar.n)
        finally:
            self._bars -= 1
            bar.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run kehoach with `argv`; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_chosen(argv))
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, Ui], int | None] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 2
    ui = Ui()
    try:
        return run(args, ui) or 0
    except KehoachError as exc:
        print(printable(exc.render()), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 1
    except BrokenPipeError as exc:
        if not _stdout_closed():
            return _internal_error(exc)
        return 128 + 13   # the reader left (`kehoach tasks … | head`): stop quietly, as SIGPIPE would
    except Exception as exc:  # the one place internal errors become a message
        if os.environ.get("KEHOACH_DEBUG"):
            raise
        return _internal_error(exc)


def _internal_error(exc: BaseException) -> int:
    print(printable(f"Lỗi nội bộ của kehoach ({type(exc).__name__}: {exc}). "
                    "Hãy báo lỗi kèm tệp đầu vào; đặt KEHOACH_DEBUG=1 để xem chi tiết."), file=sys.stderr)
    return 1


def _stdout_closed() -> bool:
    """Return True when stdout's reader has gone; then point stdout at /dev/null so the final
    flush at exit does not fail again."""
    try:
        fd = sys.stdout.fileno()
        import select

        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        gone = any(events & select.POLLERR for _, events in poller.poll(0))  # a pipe without its reader
    except (AttributeError, OSError, ValueError):   # no poll (Windows), or no real stdout
        gone = True
    if gone:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    return gone
