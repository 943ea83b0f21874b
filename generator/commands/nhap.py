"""``kehoach nhap FILE... [-o plans/NAME.yaml] [--xem-truoc] [--force]``: import last year's plan."""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

from generator.commands.common import err
from generator.importing.pipeline import import_files
from generator.outputs import Output, write_new


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "nhap", help="nhập kế hoạch năm trước từ .docx, .doc, .pdf, .txt thành tệp YAML",
        description="Đọc Quyết định và Kế hoạch như cơ quan đang có (Word .docx hoặc .doc, PDF có lớp chữ, "
                    "văn bản .txt; cả chữ TCVN3/VNI) và ghi thành tệp kế hoạch YAML: các mục, nhiệm vụ, "
                    "danh mục cơ quan. Cuối cùng in báo cáo những gì chưa đặt được vào đúng chỗ. "
                    "Quyết định và Kế hoạch ở hai tệp thì ghi cả hai tệp.")
    p.add_argument("files", nargs="+", metavar="TEP", help="tệp văn bản: .docx, .doc, .pdf hoặc .txt")
    p.add_argument("-o", "--output", metavar="plans/TEN.yaml",
                   help="tệp YAML sẽ ghi (mặc định: plans/<tên tệp đầu>.yaml)")
    p.add_argument("--xem-truoc", action="store_true", dest="preview",
                   help="chỉ in báo cáo nhập, không ghi tệp nào")
    p.add_argument("--force", action="store_true", help="ghi đè tệp YAML đã có")
    p.set_defaults(func=run)


def default_target(first: str) -> Path:
    """Return plans/<ascii slug of the first file's name>.yaml."""
    stem = Path(first).stem.replace("đ", "d").replace("Đ", "D")
    ascii_stem = "".join(c for c in unicodedata.normalize("NFD", stem) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-") or "ke-hoach"
    return Path("plans") / f"{slug}.yaml"


def run(args: argparse.Namespace) -> int:
    target = Path(args.output) if args.output else default_target(args.files[0])
    if target.suffix not in (".yaml", ".yml"):
        err(f"{target}: lỗi: tệp ghi ra phải có đuôi .yaml. Không ghi tệp nào.")
        return 2
    result = import_files(list(args.files), str(target))
    print(result.report.render(", ".join(args.files)))
    if args.preview:
        print(f"Xem trước: {result.summary}. Chưa ghi tệp nào (bỏ --xem-truoc để ghi {target}).")
        return 0
    write_new([Output(target, result.yaml_text.encode("utf-8"))], force=args.force)
    print(f"Đã ghi {target}: {result.summary}.")
    return 0
