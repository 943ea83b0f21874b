"""``kehoach docx-text FILE.docx`` (hidden): the text of a .docx for git's textconv."""

from __future__ import annotations

import argparse

DESCRIPTION = "In chữ của tệp .docx (đoạn văn, dòng bảng) để git so sánh."


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="TỆP.docx", help="tệp .docx")


def run(args: argparse.Namespace, ui) -> None:
    from generator.yearly.gitsetup import docx_text

    try:
        with open(args.path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        ui.info(f"(không đọc được {args.path}: {exc.strerror})")
        return  # git stops the whole diff when a textconv fails
    ui.info(docx_text(data).rstrip("\n"))
