"""``kehoach schema``: print the JSON Schema of kehoach's files (for VS Code and other editors)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from generator import kinds
from generator.run.outputs import atomic_write

DESCRIPTION = ("In JSON Schema của mọi loại tệp (kế hoạch CCHC, kế hoạch kiểm tra, đề cương, báo cáo), để "
               "trình soạn thảo gợi ý và kiểm tra.")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="TỆP", help="ghi ra tệp thay vì in ra màn hình")


def schema_text() -> str:
    """Return the JSON Schema as formatted text."""
    return json.dumps(kinds.json_schema(), ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace, ui) -> None:
    text = schema_text()
    if args.output:
        atomic_write(Path(args.output), text.encode("utf-8"))
        ui.info(f"Đã ghi {args.output}")
    else:
        ui.info(text.rstrip("\n"))
