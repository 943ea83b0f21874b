"""The city's 2026 inspection plan (Quyết định 2251) reproduces its reference word for word."""

from __future__ import annotations

import difflib
import re

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from helpers import ROOT, docx_paragraphs

from helpers import inspection_reference as reference, load_inspection

HEADER = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Độc lập - Tự do - Hạnh phúc"]


def _same(expected: list[str], generated: list[str]) -> None:
    diff = "\n".join(difflib.unified_diff(expected, generated, "tham chiếu", "sinh ra", lineterm="", n=1))
    assert expected == generated, diff


def test_quyet_dinh_matches_reference_paragraph_by_paragraph(built):
    generated = docx_paragraphs(built("kiem-tra-cchc-2026") / "quyet-dinh.docx")
    assert generated[:4] == HEADER  # the header block the text extraction lost
    _same(reference(r"^Số:", r"^Đỗ Thành Trung$"), generated[4:])


def test_ke_hoach_and_both_annexes_match_reference_paragraph_by_paragraph(built):
    generated = docx_paragraphs(built("kiem-tra-cchc-2026") / "ke-hoach.docx")
    assert generated[:4] == HEADER
    expected = reference(r"^KẾ HOẠCH$")
    assert expected[-1] == "- (25) Xã Thanh Hà" and len(expected) > 200
    _same(expected, generated[4:])


def test_each_annex_is_a_portrait_section_numbered_from_one(built):
    doc = Document(str(built("kiem-tra-cchc-2026") / "ke-hoach.docx"))
    assert len(doc.sections) == 3
    assert all(s.orientation == WD_ORIENT.PORTRAIT for s in doc.sections)
    starts = [s._sectPr.find(qn("w:pgNumType")) for s in doc.sections]
    assert starts[0] is None
    assert [s.get(qn("w:start")) for s in starts[1:]] == ["1", "1"]
    labels = [p.text for p in doc.paragraphs if p.text.startswith("Phụ lục")]
    assert labels == ["Phụ lục I", "Phụ lục II"]


def test_titles_keep_their_two_lines_and_the_annex_line_is_italic(built):
    doc = Document(str(built("kiem-tra-cchc-2026") / "ke-hoach.docx"))
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["Kiểm tra công tác cải cách hành chính nhà nước năm 2026"] == "Trich yeu"
    assert styles["trên địa bàn thành phố Hải Phòng"] == "Trich yeu"
    assert styles["(Kèm theo Quyết định số 2251/QĐ-UBND ngày 16/6/2026 của Chủ tịch Ủy ban nhân dân thành phố)"] \
        == "Kem theo"


def test_phu_luc_ii_lists_the_27_units_and_the_plan_knows_them():
    inspection = load_inspection(str(ROOT / "plans" / "kiem-tra-cchc-2026.yaml"))
    assert len(inspection.units) == 27
    assert inspection.units[:3] == ("Sở Xây dựng", "Sở Văn hóa, Thể thao và Du lịch", "Phường Thủy Nguyên")
    assert inspection.outline.name == "kiem-tra-cchc-2026"


def test_build_twice_gives_identical_bytes(kehoach, tmp_path):
    plan = ROOT / "plans" / "kiem-tra-cchc-2026.yaml"
    assert kehoach("build", plan, "-o", tmp_path / "a").code == 0
    assert kehoach("build", plan, "-o", tmp_path / "b").code == 0
    for name in ("quyet-dinh.docx", "ke-hoach.docx"):
        a = (tmp_path / "a" / "kiem-tra-cchc-2026" / name).read_bytes()
        assert a == (tmp_path / "b" / "kiem-tra-cchc-2026" / name).read_bytes()


@pytest.mark.parametrize(("change", "field", "fragment"), [
    (lambda t: t.replace("de_cuong: kiem-tra-cchc-2026", "de_cuong: kiem-tra-cchc-2062"), "de_cuong",
     "Không tìm thấy đề cương 'kiem-tra-cchc-2062'. Các đề cương có sẵn: kiem-tra-cchc-2026"),
    (lambda t: t.replace('        - "Xã Thanh Hà"', '        - "Xã Thanh Hà"\n        - "Phường Lê Chân"'),
     "don_vi_kiem_tra.nhom[1].don_vi[25]", "Đơn vị 'Phường Lê Chân' đã có trong danh sách"),
    (lambda t: t.replace("loai: kiem_tra\n", "loai: kiem_tra\nnhiem_vu_cu_the: []\n"), "nhiem_vu_cu_the",
     "Trường 'nhiem_vu_cu_the' không có trong định dạng"),
])
def test_a_bad_inspection_plan_is_refused_with_its_line(kehoach, tmp_path, change, field, fragment):
    text = (ROOT / "plans" / "kiem-tra-cchc-2026.yaml").read_text(encoding="utf-8")
    path = tmp_path / "kiem-tra.yaml"
    path.write_text(change(text), encoding="utf-8")
    result = kehoach("build", path, "-o", tmp_path / "out")
    assert result.code == 2
    assert f"lỗi [{field}]: {fragment}" in result.err
    assert re.search(rf"kiem-tra\.yaml:\d+: lỗi \[{re.escape(field)}\]", result.err)
    assert not (tmp_path / "out").exists()
