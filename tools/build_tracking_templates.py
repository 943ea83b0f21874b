#!/usr/bin/env python3
"""Write templates/phan-cong.docx and templates/bao-cao-tien-do.docx (developer tool).

- phan-cong.docx: the list of tasks given to one office ("DANH MỤC NHIỆM VỤ ĐƯỢC GIAO"):
  header without Số/date (it goes with the Kế hoạch), title, the office, the plan it
  comes from, then a table of the tasks it leads and one of the tasks it supports.
- bao-cao-tien-do.docx: the periodic Báo cáo on the plan's progress: header with
  "Số: /BC-…" and date, "BÁO CÁO", trích yếu, figures by status and by lĩnh vực, the
  overdue tasks, the completed tasks, Nơi nhận and the signature.

Both reuse the page setup, styles and blocks of tools/build_templates.py. Output is
byte-for-byte deterministic. A template that differs (restyled) is kept unless run with --force.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from build_templates import (  # noqa: E402
    GRID_BORDERS,
    KEEP,
    OUT,
    TEXT_W,
    cell,
    header_block,
    para,
    row_tag,
    run,
    sect_pr,
    signature_block,
    table,
    tag,
    title_block,
    tr,
    write_docx,
)


def _head(widths: list[int], titles: list[str]) -> str:
    return tr(*(cell(w, para("BangTieuDe", run(t))) for w, t in zip(widths, titles)),
              header=True, cant_split=True)


def _lines_cell(width: int, expr: str, style: str = "BangNoiDung", rich: bool = False) -> str:
    value = "{{r line }}" if rich else "{{ line }}"
    return cell(width, tag(f"{{%p for line in {expr} %}}"), para(style, run(value)), tag("{%p endfor %}"))


# --- phan-cong.docx -------------------------------------------------------------------------

ASSIGN_COLS = [700, 3455, 2000, 1800, 1400]  # sums to TEXT_W (9355)


def assignment_table(var: str) -> str:
    """The table of `var`.rows: group rows "I. <lĩnh vực>" and task/part rows."""
    cols = ASSIGN_COLS
    head = _head(cols, ["TT", "Nội dung công việc", f"{{{{ {var}.other }}}}", "Sản phẩm",
                        "Thời gian thực hiện"])
    group_row = tr(cell(sum(cols), para("BangNhom", run("{{ r.title }}")), span=len(cols)), cant_split=True)
    task_row = tr(cell(cols[0], para("BangSo", run("{{ r.number }}"))),
                  cell(cols[1], para("BangNoiDung", run("{{r r.content }}"))),
                  _lines_cell(cols[2], "r.other"), _lines_cell(cols[3], "r.products"),
                  _lines_cell(cols[4], "r.deadline"), cant_split=True)
    n = len(cols)
    rows = (row_tag(f"{{%tr for r in {var}.rows %}}", n)
            + row_tag("{%tr if r.kind == 'group' %}", n) + group_row
            + row_tag("{%tr else %}", n) + task_row
            + row_tag("{%tr endif %}", n)
            + row_tag("{%tr endfor %}", n))
    return table(cols, rows, borders=GRID_BORDERS, header_rows=head, cell_margin=85)


def assignment_section(var: str, heading: str) -> str:
    return (para("MucLaMa", run(f"{{{{ doc.{heading} }}}}"), ppr='<w:spacing w:before="240"/>')
            + tag(f"{{%p if {var}.rows %}}")
            + assignment_table(var)
            + tag("{%p else %}")
            + para("NoiDung", run("{{ doc.none }}"))
            + tag("{%p endif %}"))


def phan_cong_body() -> str:
    return (header_block(number_row="none")
            + title_block("{{ doc.title }}", "doc.attached_line", optional_note=False)
            + assignment_section("lead", "lead_heading")
            + assignment_section("support", "support_heading")
            + para("NoiDung", run("{{ doc.closing }}"), ppr='<w:spacing w:before="240"/>')
            + sect_pr(landscape=False))


# --- bao-cao-tien-do.docx -----------------------------------------------------------------------

FIELD_COLS = [567, 2988, 850, 1000, 1000, 1000, 1000, 950]          # sums to TEXT_W
OVERDUE_COLS = [700, 3555, 1700, 2000, 1400]
DONE_COLS = [650, 2900, 1400, 1400, 1100, 1905]


def fields_table() -> str:
    cols = FIELD_COLS
    head = _head(cols, ["TT", "Lĩnh vực", "Tổng số nhiệm vụ", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                        "Đang thực hiện", "Chưa thực hiện", "Quá hạn chưa hoàn thành"])
    n = len(cols)
    numbers = [cell(w, para("BangSo", run(f"{{{{ r.cells[{i}] }}}}"))) for i, w in enumerate(cols[2:])]
    bold_numbers = [cell(w, para("BangSo", run(f"{{{{ r.cells[{i}] }}}}", bold=True)))
                    for i, w in enumerate(cols[2:])]
    row = tr(cell(cols[0], para("BangSo", run("{{ r.number }}"))),
             cell(cols[1], para("BangNoiDung", run("{{ r.title }}"))), *numbers, cant_split=True)
    total = tr(cell(cols[0], para("BangSo", run(""))),
               cell(cols[1], para("BangNhom", run("{{ r.title }}"))), *bold_numbers, cant_split=True)
    rows = (row_tag("{%tr for r in fields %}", n)
            + row_tag("{%tr if r.total %}", n) + total
            + row_tag("{%tr else %}", n) + row
            + row_tag("{%tr endif %}", n)
            + row_tag("{%tr endfor %}", n))
    return table(cols, rows, borders=GRID_BORDERS, header_rows=head, cell_margin=85)


def list_table(var: str, cols: list[int], titles: list[str], fields: list[str]) -> str:
    head = _head(cols, titles)
    cells = [cell(cols[0], para("BangSo", run(f"{{{{ r.{fields[0]} }}}}")))]
    for width, field in zip(cols[1:], fields[1:]):
        text = f"{{{{r r.{field} }}}}" if field == "content" else f"{{{{ r.{field} }}}}"
        style = "BangSo" if field in ("due", "completed", "timeliness") else "BangNoiDung"
        cells.append(cell(width, para(style, run(text))))
    n = len(cols)
    rows = (row_tag(f"{{%tr for r in {var} %}}", n) + tr(*cells, cant_split=True) + row_tag("{%tr endfor %}", n))
    return table(cols, rows, borders=GRID_BORDERS, header_rows=head, cell_margin=85)


def bao_cao_body() -> str:
    space = '<w:spacing w:before="120"/>'
    return (header_block(number_row="always")
            + title_block("BÁO CÁO")
            + tag("{%p for line in doc.intro %}")
            + para("NoiDung", run("{{ line }}"))
            + tag("{%p endfor %}")
            + para("MucLaMa", run("I. KẾT QUẢ THỰC HIỆN CHUNG"))
            + para("MucSo", run("1. Theo trạng thái thực hiện"))
            + tag("{%p for line in doc.status_lines %}")
            + para("NoiDung", run("{{ line }}"))
            + tag("{%p endfor %}")
            + para("MucSo", run("2. Theo lĩnh vực"))
            + fields_table()
            + para("MucLaMa", run("II. CÁC NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH"), ppr=space)
            + tag("{%p if overdue %}")
            + list_table("overdue", OVERDUE_COLS,
                         ["Số", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện", "Trạng thái"],
                         ["number", "content", "lead", "deadline", "status"])
            + tag("{%p else %}")
            + para("NoiDung", run("Không có nhiệm vụ nào quá hạn."))
            + tag("{%p endif %}")
            + para("MucLaMa", run("III. CÁC NHIỆM VỤ ĐÃ HOÀN THÀNH"), ppr=space)
            + tag("{%p if done %}")
            + list_table("done", DONE_COLS,
                         ["Số", "Nhiệm vụ", "Cơ quan chủ trì", "Ngày hoàn thành", "Đúng hạn/ quá hạn",
                          "Kết quả"],
                         ["number", "content", "lead", "completed", "timeliness", "result"])
            + tag("{%p else %}")
            + para("NoiDung", run("Chưa có nhiệm vụ nào hoàn thành."))
            + tag("{%p endif %}")
            # the closing paragraph stays on the page of Nơi nhận and the signature
            + para("NoiDung", run("{{ doc.closing }}"), ppr=KEEP + space)
            + tag("{%p if signer %}")
            + signature_block(signer_lines="signer.lines")
            + tag("{%p endif %}")
            + sect_pr(landscape=False))


def main() -> int:
    assert sum(ASSIGN_COLS) == TEXT_W and sum(FIELD_COLS) == TEXT_W
    assert sum(OVERDUE_COLS) == TEXT_W and sum(DONE_COLS) == TEXT_W
    OUT.mkdir(exist_ok=True)
    write_docx(OUT / "phan-cong.docx", phan_cong_body(), "Danh mục nhiệm vụ được giao")
    write_docx(OUT / "bao-cao-tien-do.docx", bao_cao_body(), "Báo cáo tiến độ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
