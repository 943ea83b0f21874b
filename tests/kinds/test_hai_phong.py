"""The city plan: body paragraphs and the task annex table against the reference."""

from __future__ import annotations

import difflib
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from helpers import REFERENCE, docx_paragraphs, norm, reference_paragraphs, table_rows

REF = "hai-phong-ke-hoach-cchc-2026.txt"


def reference_annex_cells() -> list[str]:
    """Return the non-empty cells of the reference annex table, in reading order."""
    text = (REFERENCE / REF).read_text(encoding="utf-8")
    table = text[text.index("\nTT |") + 1:]
    cells = []
    for line in table.splitlines():
        line = norm(line)
        if re.fullmatch(r"\|*", line):
            continue
        cells.append(norm(line.rstrip("|")))
    return cells


def generated_annex_cells(path) -> list[str]:
    return [c for row in table_rows(path) for c in row if c]


def _until_group(cells: list[str], roman: str) -> list[str]:
    end = next(i for i, c in enumerate(cells) if c.startswith(f"{roman}. "))
    return cells[:end]


def test_annex_groups_i_and_ii_match_reference_cell_by_cell(built):
    reference = _until_group(reference_annex_cells(), "III")
    generated = _until_group(generated_annex_cells(built("hai-phong-2026") / "ke-hoach.docx"), "III")
    assert len(reference) > 150
    assert reference == generated, "\n".join(difflib.unified_diff(reference, generated, lineterm="", n=1))


def test_whole_annex_matches_reference(built):
    assert generated_annex_cells(built("hai-phong-2026") / "ke-hoach.docx") == reference_annex_cells()


def test_annex_rows_have_six_columns_and_roman_groups(built):
    rows = table_rows(built("hai-phong-2026") / "ke-hoach.docx")
    assert rows[0] == ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp",
                       "Thời gian thực hiện/ hoàn thành", "Sản phẩm"]
    groups = [r[0] for r in rows if len(r) == 1]
    assert [g.split(".")[0] for g in groups] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert all(len(r) == 6 for r in rows if len(r) != 1)
    # task 1 is split across levels: an empty parent row, then "- Thành phố" sub-rows
    first = rows.index(next(r for r in rows if r[0] == "1"))
    assert rows[first][2:] == ["", "", "", ""]
    assert rows[first + 1][:3] == ["", "- Thành phố", "Sở Nội vụ"]


def test_annex_is_on_landscape_pages_numbered_separately(built):
    doc = Document(str(built("hai-phong-2026") / "ke-hoach.docx"))
    main, annex = doc.sections
    assert main.orientation != WD_ORIENT.LANDSCAPE
    assert annex.orientation == WD_ORIENT.LANDSCAPE and annex.page_width > annex.page_height
    start = annex._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgNumType")
    assert start is not None and start.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}start") == "1"


def test_body_matches_reference(built):
    reference = reference_paragraphs(REF, r"^KẾ HOẠCH$", r"xem xét, quyết định\./\.$", occurrence=2)
    generated = docx_paragraphs(built("hai-phong-2026") / "ke-hoach.docx")
    body = generated[4:4 + len(reference)]
    assert body == reference, "\n".join(difflib.unified_diff(reference, body, lineterm="", n=1))


def test_quyet_dinh_matches_reference(built):
    reference = reference_paragraphs(REF, r"^Số: 5256", r"^Điều 3\.", occurrence=2)
    generated = docx_paragraphs(built("hai-phong-2026") / "quyet-dinh.docx")
    assert generated[4:4 + len(reference)] == reference
