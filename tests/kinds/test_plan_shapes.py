"""Shapes of city and Sở plans: annex numbering and group rows, the (Kèm theo …) line, the pointer to the
annex, several lines in one cell; and the header of a commune with a long name."""

from __future__ import annotations

import pytest
from conftest import write_plan
from docx import Document
from helpers import FIXTURES, ROOT, docx_paragraphs, load_plan, table_rows
from nd30 import read

from generator.cli import main

SO = FIXTURES / "plans" / "so-phu-luc-nhom.yaml"


@pytest.fixture(scope="module")
def so_annex(tmp_path_factory):
    out = tmp_path_factory.mktemp("so")
    assert main(["build", str(SO), "-o", str(out)]) == 0
    return out / "so-phu-luc-nhom" / "ke-hoach.docx"


def test_numbers_restart_in_each_group_with_the_numeral_in_the_tt_column(so_annex):
    rows = table_rows(so_annex)
    assert rows[0][0] == "TT" and rows[0][4] == "Thời gian hoàn thành"
    assert [r[0] for r in rows[1:]] == ["I", "1", "2", "", "3", "", "", "II", "1", "2"]
    assert rows[1] == ["I", "Chỉ đạo, điều hành", "", "", "", ""]
    assert rows[8][:2] == ["II", "Cải cách thủ tục hành chính"]


def test_rows_without_number_sub_rows_without_dash_and_lines_in_one_cell(so_annex):
    rows = table_rows(so_annex)
    assert rows[3][1] == ("Tuyên truyền cải cách hành chính - Đăng tin, bài trên Trang thông tin điện tử của Sở "
                          "- Lồng ghép trong hội nghị chuyên môn")
    assert rows[4][:3] == ["", "Báo cáo cải cách hành chính định kỳ quý, 6 tháng, năm gửi Sở Nội vụ", "Văn phòng Sở"]
    assert rows[6][:3] == ["", "Kiểm tra các phòng thuộc Sở", "Thanh tra Sở"]   # no "- "


def test_tasks_keep_an_unambiguous_number_for_follow_up(kehoach):
    plan = load_plan(SO)
    assert [plan.task_number(t) for t in plan.tasks] == ["I.1", "I.2", "I.2a", "I.3", "II.1", "II.2"]
    result = kehoach("tasks", SO)
    assert result.code == 0, result.err
    assert "I.2a" in result.out and "II.1" in result.out


def test_label_attached_line_and_pointer_are_the_plans(so_annex):
    text = docx_paragraphs(so_annex)
    assert "Phụ lục I" in text
    assert ("(Ban hành kèm theo Kế hoạch số 15/KH-SVHTTDL ngày 12/1/2026 của Sở Văn hóa, Thể thao và Du lịch)"
            in text)  # the issuer by default
    i = text.index("II. NHIỆM VỤ CỤ THỂ")
    assert text[i + 1:i + 3] == ["Các phòng, đơn vị thuộc Sở chủ trì thực hiện các nhiệm vụ được giao.",
                                 "Danh mục nhiệm vụ cụ thể tại Phụ lục I kèm theo Kế hoạch này."]


def _variant(tmp_path, old: str, new: str, name: str = "bien-the.yaml"):
    text = SO.read_text(encoding="utf-8")
    assert old in text
    path = write_plan(tmp_path, text.replace(old, new), name)
    assert main(["build", str(path), "-o", str(tmp_path / "out")]) == 0
    return tmp_path / "out" / path.stem / "ke-hoach.docx"


def test_the_attached_line_may_be_written_whole_or_left_out(tmp_path):
    kem = '    kem_theo: {mo_dau: "Ban hành kèm theo Kế hoạch số", ngay_dang_so: true}\n'
    whole = _variant(tmp_path, kem, '    kem_theo: "(Kèm theo Kế hoạch số 15/KH-SVHTTDL của Sở)"\n', "ca-dong.yaml")
    assert "(Kèm theo Kế hoạch số 15/KH-SVHTTDL của Sở)" in docx_paragraphs(whole)
    none = _variant(tmp_path, kem, "    kem_theo: false\n", "khong-in.yaml")
    assert not [p for p in read(none).paragraphs if p.style == "KemTheo"]


def test_continuous_numbers_and_merged_group_rows_by_default(tmp_path):
    docx = _variant(tmp_path, "    danh_so: theo_nhom\n    dong_nhom: tach\n    gach_phan_viec: false\n", "")
    rows = table_rows(docx)
    assert [r[0] for r in rows[1:] if len(r) > 1] == ["1", "2", "", "3", "", "", "4", "5"]
    assert rows[1] == ["I. Chỉ đạo, điều hành"] and rows[6][1] == "- Kiểm tra các phòng thuộc Sở"


def test_switching_to_the_annex_keeps_the_task_section_with_a_pointer(tmp_path):
    """Nam Đồ Sơn's section IV survives the switch (asserted in test_task_styles); a plan with no marked
    section gets one, unless its body already names the Phụ lục."""
    text = (FIXTURES / "plans" / "doc-lap-phuong.yaml").read_text(encoding="utf-8")
    text = text.replace("      nhiem_vu: true\n", "").replace("ke_hoach:\n", "ke_hoach:\n  trinh_bay_nhiem_vu: phu_luc\n")
    text = text.replace('    - tieu_de: "NHIỆM VỤ CỤ THỂ"\n', "")
    plan = write_plan(tmp_path, text)
    assert main(["build", str(plan), "-o", str(tmp_path / "out")]) == 0
    body = docx_paragraphs(tmp_path / "out" / plan.stem / "ke-hoach.docx")
    i = body.index("II. NHIỆM VỤ CỤ THỂ")
    assert body[i + 1] == "Danh mục nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này."


def test_the_city_plan_that_names_its_annex_gets_no_second_pointer(built):
    text = docx_paragraphs(built("hai-phong-2026") / "ke-hoach.docx")
    assert sum("tại Phụ lục kèm theo Kế hoạch này" in t for t in text) == 1
    assert not any(t.endswith("NHIỆM VỤ CỤ THỂ") for t in text)


# --- the header of a commune with a long name ---------------------------------------------------

def _standalone(tmp_path, place: str, name: str) -> Document:
    text = (FIXTURES / "plans" / "doc-lap-phuong.yaml").read_text(encoding="utf-8")
    text = text.replace('ten: "Ủy ban nhân dân phường Lê Chân"', f'ten: "{name}"')
    text = text.replace('dia_danh: "Lê Chân"', f'dia_danh: "{place}"')
    plan = write_plan(tmp_path, text, "dai.yaml")
    assert main(["build", str(plan), "-o", str(tmp_path / "out")]) == 0
    return tmp_path / "out" / "dai" / "ke-hoach.docx"


def _style_of(d, prefix: str) -> str:
    return next(p.style for p in d.paragraphs if p.text.startswith(prefix))


def test_a_short_place_name_keeps_the_13_14_14_set(built):
    d = read(built("nam-do-son-2026") / "quyet-dinh.docx")
    assert _style_of(d, "CỘNG HÒA") == "QuocHieu" and _style_of(d, "Nam Đồ Sơn, ngày") == "DiaDanhNgay"


def test_a_long_place_name_takes_the_12_13_13_set(tmp_path):
    d = read(_standalone(tmp_path, "Nguyễn Lương Bằng", "Ủy ban nhân dân xã Nguyễn Lương Bằng"))
    qh, tn = d.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), d.find("Độc lập - Tự do - Hạnh phúc")
    date = next(p for p in d.paragraphs if p.text.startswith("Nguyễn Lương Bằng, ngày"))
    assert (qh.style, tn.style, date.style) == ("QuocHieu12", "TieuNgu13", "DiaDanhNgay13")
    assert qh.sizes == {24} and tn.sizes == {26} and date.sizes == {26} and date.italic and qh.bold


def test_the_longest_names_widen_the_right_column(tmp_path):
    docx = _standalone(tmp_path, "Thành phố Hồ Chí Minh", "Ủy ban nhân dân Thành phố Hồ Chí Minh")
    grid = [int(c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w"))
            for c in Document(str(docx)).tables[0]._tbl.tblGrid]
    assert sum(grid) == 9355 and grid[1] > 9355 - 3630


def test_a_long_issuer_name_breaks_where_it_reads(tmp_path):
    d = read(_standalone(tmp_path, "Hải Phòng", "Sở Văn hóa, Thể thao và Du lịch"))
    assert [p.text for p in d.paragraphs if p.style == "TenCoQuan"] == ["SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"]


def test_plans_with_their_own_name_lines_are_printed_as_written():
    city = load_plan(ROOT / "plans" / "hai-phong-2026.yaml")
    assert city.issuer.name_lines == ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG")
