#!/usr/bin/env python3
"""Write templates/so-sanh.docx, the "Bảng so sánh" of two plan versions (developer tool).

Portrait first page: the issuer's header (no Số/date: the table goes with the draft plan),
"BẢNG SO SÁNH", what is compared, the "(Kèm theo dự thảo …)" line and a short summary;
then a landscape section with the table TT | Nội dung năm trước | Nội dung năm nay |
Ghi chú (group rows, item rows whose cells hold marked text: new words bold and underlined,
removed words struck through — the marks come from the data, not the template).

Reuses the page setup, styles and blocks of tools/build_templates.py. Output is
byte-for-byte deterministic. A template that differs (restyled) is kept unless run with --force.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from build_templates import (  # noqa: E402
    GRID_BORDERS,
    LAND_TEXT_W,
    OUT,
    cell,
    header_block,
    para,
    row_tag,
    run,
    sect_pr,
    table,
    tag,
    title_block,
    tr,
    write_docx,
)

COLS = [700, 5700, 5700, 2470]  # sums to LAND_TEXT_W (14570)


def _lines_cell(width: int, expr: str, style: str = "BangNoiDung") -> str:
    return cell(width, tag(f"{{%p for line in {expr} %}}"), para(style, run("{{r line }}")), tag("{%p endfor %}"))


def comparison_table() -> str:
    n = len(COLS)
    head = tr(*(cell(w, para("BangTieuDe", run(t))) for w, t in zip(COLS, [
        "TT", "{{ columns.old }}", "{{ columns.new }}", "Ghi chú"])), header=True, cant_split=True)
    group_row = tr(cell(sum(COLS), para("BangNhom", run("{{ r.title }}")), span=n), cant_split=True)
    item_row = tr(cell(COLS[0], para("BangSo", run("{{ r.number }}"))),
                  _lines_cell(COLS[1], "r.old"), _lines_cell(COLS[2], "r.new"),
                  cell(COLS[3], tag("{%p for line in r.note %}"), para("BangNoiDung", run("{{ line }}")),
                       tag("{%p endfor %}")))
    rows = (row_tag("{%tr for r in rows %}", n)
            + row_tag("{%tr if r.kind == 'group' %}", n) + group_row
            + row_tag("{%tr else %}", n) + item_row
            + row_tag("{%tr endif %}", n)
            + row_tag("{%tr endfor %}", n))
    return table(COLS, rows, borders=GRID_BORDERS, header_rows=head, cell_margin=85)


def so_sanh_body() -> str:
    return (header_block(number_row="none")
            + title_block("BẢNG SO SÁNH", "doc.attached_line", optional_note=False)
            + tag("{%p for line in doc.intro %}")
            + para("NoiDung", run("{{r line }}"))
            + tag("{%p endfor %}")
            + f'<w:p><w:pPr>{sect_pr(landscape=False)}</w:pPr></w:p>'
            + comparison_table()
            + para("NoiDung", run(""))
            # the table continues the page numbers: its first page shows one too
            + sect_pr(landscape=True).replace("<w:titlePg/>", ""))


def main() -> int:
    assert sum(COLS) == LAND_TEXT_W
    OUT.mkdir(exist_ok=True)
    write_docx(OUT / "so-sanh.docx", so_sanh_body(), "Bảng so sánh")
    print(f"wrote {OUT / 'so-sanh.docx'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
