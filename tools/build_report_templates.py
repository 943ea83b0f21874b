#!/usr/bin/env python3
"""Write templates/ke-hoach-kiem-tra.docx and templates/bao-cao.docx (developer tool).

- ke-hoach-kiem-tra.docx: a Kế hoạch kiểm tra (no task list) followed by its annexes,
  each on its own portrait pages numbered from 1: Phụ lục I (the report outline) and
  Phụ lục II (the units inspected).
- bao-cao.docx: a unit's Báo cáo written on the outline: header with Số/ký hiệu and
  date, "BÁO CÁO", trích yếu, the period of the figures, the outline's sections, Nơi nhận
  and the signature block.

Both reuse the page setup, styles and blocks of tools/build_templates.py, so they look
like the Quyết định and Kế hoạch. Output is byte-for-byte deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from build_templates import (  # noqa: E402
    OUT,
    body_loop,
    header_block,
    para,
    run,
    sect_pr,
    signature_block,
    tag,
    title_block,
    write_docx,
)


def annexes() -> str:
    """Each annex: label, title lines, short rule, paragraphs; a section of its own."""
    return (tag("{%p for a in annexes %}")
            + para("PhuLuc", run("{{ a.label }}"))
            + tag("{%p for line in a.title %}")
            + para("TenPhuLuc", run("{{ line }}"))
            + tag("{%p endfor %}")
            + para("DuongKe", run("{{ a.rule }}"))
            + body_loop("a.body")
            + f'<w:p><w:pPr>{sect_pr(landscape=False, restart=True)}</w:pPr></w:p>'
            + tag("{%p endfor %}"))


def ke_hoach_kiem_tra_body() -> str:
    return (header_block(number_row="optional")
            + title_block("KẾ HOẠCH", "doc.attached_line")
            + body_loop()
            + tag("{%p if signer %}")
            + signature_block()
            + tag("{%p endif %}")
            + f'<w:p><w:pPr>{sect_pr(landscape=False)}</w:pPr></w:p>'
            + annexes()
            + sect_pr(landscape=False, restart=True))


def bao_cao_body() -> str:
    return (header_block(number_row="always")
            + title_block("BÁO CÁO", "doc.period_line")
            + body_loop("body")
            + signature_block()
            + sect_pr(landscape=False))


def main() -> int:
    OUT.mkdir(exist_ok=True)
    write_docx(OUT / "ke-hoach-kiem-tra.docx", ke_hoach_kiem_tra_body(), "Kế hoạch kiểm tra")
    write_docx(OUT / "bao-cao.docx", bao_cao_body(), "Báo cáo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
