"""``kehoach schema``: print the JSON Schema of plan files (for VS Code and other editors)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator import schema as plan_schema
from generator.outputs import atomic_write


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="xuất JSON Schema của tệp kế hoạch (cho VS Code)",
                       description="In JSON Schema của định dạng kế hoạch, để trình soạn thảo gợi ý và kiểm tra.")
    p.add_argument("-o", "--output", metavar="TỆP", help="ghi ra tệp thay vì in ra màn hình")
    p.set_defaults(func=run)


def schema_text() -> str:
    """Return the JSON Schema as formatted text."""
    return json.dumps(plan_schema.json_schema(), ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.output:
        atomic_write(Path(args.output), text.encode("utf-8"))
        print(f"Đã ghi {args.output}")
    else:
        sys.stdout.write(text)
    return 0
