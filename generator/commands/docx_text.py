"""``kehoach docx-text FILE.docx`` (hidden): the text of a .docx for git's textconv."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("docx-text", description="In chữ của tệp .docx (đoạn văn, dòng bảng) để git so sánh.")
    p.add_argument("path", metavar="TỆP.docx")
    p.set_defaults(func=run)
    _hide(sub, "docx-text")


def _hide(sub: argparse._SubParsersAction, name: str) -> None:
    """Leave `name` out of the list of commands in ``kehoach --help`` (it is for git, not people)."""
    sub._choices_actions = [a for a in sub._choices_actions if a.dest != name]


def run(args: argparse.Namespace) -> int:
    from generator.yearly.gitsetup import docx_text

    try:
        with open(args.path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        print(f"(không đọc được {args.path}: {exc.strerror})")
        return 0  # git stops the whole diff when a textconv fails
    sys.stdout.write(docx_text(data))
    return 0
