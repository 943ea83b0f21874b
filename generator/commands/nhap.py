"""``kehoach nhap FILE... [-o plans/NAME.yaml] [--xem-truoc] [--force]``: import last year's plan."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.domain.vietnamese import slug
from generator.errors import UsageError
from generator.importing.pipeline import import_files
from generator.run.outputs import Output, write_new

DESCRIPTION = ("Đọc Quyết định và Kế hoạch như cơ quan đang có (Word .docx hoặc .doc, PDF có lớp chữ, văn bản "
               ".txt; cả chữ TCVN3/VNI) và ghi thành tệp kế hoạch YAML: các mục, nhiệm vụ, danh mục cơ quan. "
               "Cuối cùng in báo cáo những gì chưa đặt được vào đúng chỗ. Quyết định và Kế hoạch ở hai tệp "
               "thì ghi cả hai tệp.")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="TEP", help="tệp văn bản: .docx, .doc, .pdf hoặc .txt")
    p.add_argument("-o", "--output", metavar="plans/TEN.yaml",
                   help="tệp YAML sẽ ghi (mặc định: plans/<tên tệp đầu>.yaml)")
    p.add_argument("--xem-truoc", action="store_true", dest="preview",
                   help="chỉ in báo cáo nhập, không ghi tệp nào")
    p.add_argument("--force", action="store_true", help="ghi đè tệp YAML đã có")


def default_target(first: str) -> Path:
    """Return plans/<ascii slug of the first file's name>.yaml."""
    return Path("plans") / f"{slug(Path(first).stem) or 'ke-hoach'}.yaml"


def run(args: argparse.Namespace, ui) -> None:
    target = Path(args.output) if args.output else default_target(args.files[0])
    if target.suffix not in (".yaml", ".yml"):
        raise UsageError(f"{target}: lỗi: tệp ghi ra phải có đuôi .yaml. Không ghi tệp nào.")
    result = import_files(list(args.files), str(target))
    ui.info(result.report.render(", ".join(args.files)))
    if args.preview:
        ui.info(f"Xem trước: {result.summary}. Chưa ghi tệp nào (bỏ --xem-truoc để ghi {target}).")
        return
    write_new([Output(target, result.yaml_text.encode("utf-8"))], force=args.force)
    ui.info(f"Đã ghi {target}: {result.summary}.")
