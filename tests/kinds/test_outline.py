"""`kehoach outline`: a blank report per unit, holding every heading and placeholder of Phụ lục I."""

from __future__ import annotations

import re

import pytest
from docx import Document
from helpers import ROOT, docx_paragraphs
from helpers import inspection_reference as reference

from generator.domain.vietnamese import format_number, percentage
from helpers import load_outline

OUTLINE = ROOT / "templates" / "de-cuong" / "kiem-tra-cchc-2026.yaml"
PHU_LUC_I = reference(r"^I\. CÔNG TÁC CHỈ ĐẠO", r"^\(Số liệu báo cáo tính từ")
PERIOD = "(Số liệu báo cáo tính từ 15/12/2025 đến thời điểm báo cáo)."


def _without_dots(paragraphs: list[str]) -> list[str]:
    return [re.sub(r" {2,}", " ", p.replace("...", "")).strip() for p in paragraphs]


@pytest.fixture(scope="module")
def le_chan(tmp_path_factory):
    """The blank reports of Phường Lê Chân and Sở Xây dựng, made by one command."""
    from generator.cli import main

    out = tmp_path_factory.mktemp("outline")
    assert main(["outline", "--don-vi", "Phường Lê Chân", "--don-vi", "Sở Xây dựng", "-o", str(out)]) == 0
    return out


def test_blank_report_has_the_ward_header_number_date_and_title(le_chan):
    text = docx_paragraphs(le_chan / "phuong-le-chan" / "bao-cao-kiem-tra.docx")
    assert text[:10] == [
        "ỦY BAN NHÂN DÂN", "PHƯỜNG LÊ CHÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: /BC-UBND", "Lê Chân, ngày tháng năm 2026", "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính năm 2026 phục vụ kiểm tra", PERIOD,
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
    ]
    assert text[-6:] == ["Nơi nhận:", "- Sở Nội vụ thành phố Hải Phòng;", "- Đoàn kiểm tra công tác CCHC thành phố;",
                         "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_blank_report_holds_every_heading_and_item_of_phu_luc_i(le_chan):
    text = docx_paragraphs(le_chan / "phuong-le-chan" / "bao-cao-kiem-tra.docx")
    body = text[9:text.index("Nơi nhận:")]
    assert PHU_LUC_I[-1] == PERIOD  # the reference closes Phụ lục I with it; the report prints it under the title
    assert _without_dots(body) == _without_dots(PHU_LUC_I[:-1])
    headings = [p for p in PHU_LUC_I if re.match(r"^([IVX]+|\d)\. |^[ab]\) ", p)]
    assert len(headings) == 29 and all(h in body for h in headings)


def test_every_placeholder_of_phu_luc_i_is_kept_and_every_field_is_visible(le_chan):
    text = docx_paragraphs(le_chan / "phuong-le-chan" / "bao-cao-kiem-tra.docx")
    for paragraph in PHU_LUC_I:
        if "..." in paragraph:
            assert paragraph in text, paragraph
    fields = load_outline(OUTLINE).fields
    assert sum(p.count("...") for p in text) == len(fields) == 38
    # where the issued annex printed no dots ("tự kiểm tra: văn bản;"), the blank report shows them
    assert "+ Tổng số VBQPPL đã thực hiện tự kiểm tra: ... văn bản;" in text
    assert "+ Tỷ lệ xử lý VBQPPL sau kiểm tra: ...%;" in text
    assert "- Tổng đơn vị sự nghiệp công lập trực thuộc.... Trong đó:" in text


def test_a_department_gets_its_supervising_body_and_its_own_signature(le_chan):
    text = docx_paragraphs(le_chan / "so-xay-dung" / "bao-cao-kiem-tra.docx")
    assert text[:6] == ["UBND THÀNH PHỐ HẢI PHÒNG", "SỞ XÂY DỰNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                        "Độc lập - Tự do - Hạnh phúc", "Số: /BC-SXD", "Hải Phòng, ngày tháng năm 2026"]
    assert text[-1] == "GIÁM ĐỐC"
    doc = Document(str(le_chan / "so-xay-dung" / "bao-cao-kiem-tra.docx"))
    styles = {p.text: p.style.name for t in doc.tables for c in t._cells for p in c.paragraphs}
    assert styles["UBND THÀNH PHỐ HẢI PHÒNG"] == "Co quan chu quan"
    assert styles["SỞ XÂY DỰNG"] == "Ten co quan"


def test_one_report_per_unit_of_phu_luc_ii(kehoach, tmp_path):
    plan = ROOT / "plans" / "kiem-tra-cchc-2026.yaml"
    result = kehoach("outline", "--ke-hoach", plan, "-o", tmp_path / "a")
    assert result.code == 0, result.err
    folders = sorted(p.parent.name for p in (tmp_path / "a").glob("*/bao-cao-kiem-tra.docx"))
    assert len(folders) == 27
    assert {"so-xay-dung", "so-van-hoa-the-thao-va-du-lich", "phuong-thuy-nguyen", "xa-khuc-thua-du",
            "xa-nguyen-luong-bang", "xa-thanh-ha"} <= set(folders)
    assert result.out.count("Đã ghi ") == 27
    text = docx_paragraphs(tmp_path / "a" / "so-van-hoa-the-thao-va-du-lich" / "bao-cao-kiem-tra.docx")
    assert text[1] == "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" and text[4] == "Số: /BC-SVHTTDL"
    # same input, same bytes
    assert kehoach("outline", "--ke-hoach", plan, "-o", tmp_path / "b").code == 0
    for path in (tmp_path / "a").glob("*/bao-cao-kiem-tra.docx"):
        assert path.read_bytes() == (tmp_path / "b" / path.parent.name / path.name).read_bytes()


@pytest.mark.parametrize(("args", "message"), [
    ((), "Cần --don-vi"),
    (("--don-vi", "Lê Chân"), "Không rõ 'Lê Chân' là đơn vị nào"),
    (("--don-vi", "Phường Lê Chân", "--don-vi", "phường lê chân"), "trùng thư mục phuong-le-chan/"),
    (("--don-vi", "Xã Việt Khê", "--de-cuong", "kiem-tra-cchc-2062"),
     "Không tìm thấy đề cương 'kiem-tra-cchc-2062'. Các đề cương có sẵn: kiem-tra-cchc-2026"),
])
def test_bad_outline_requests_write_nothing(kehoach, tmp_path, args, message):
    result = kehoach("outline", *args, "-o", tmp_path / "out")
    assert result.code == 2
    assert message in result.err
    assert not (tmp_path / "out").exists()


def test_next_years_outline_is_a_copy_and_an_edit(kehoach, tmp_path):
    text = OUTLINE.read_text(encoding="utf-8").replace("2026", "2027").replace("tu: 2025-12-15", "tu: 2026-12-15")
    text = text.replace('      - muc: "Với Bộ, ngành Trung ương"\n',
                        '      - muc: "Với Bộ, ngành Trung ương"\n      - muc: "Về số hóa: {so_van_ban_so_hoa}."\n')
    text = text.replace("chi_tieu:\n", 'chi_tieu:\n  so_van_ban_so_hoa:\n    nhan: "Số văn bản đã số hóa"\n'
                                       '    don_vi: "văn bản"\n', 1)
    path = tmp_path / "kiem-tra-cchc-2027.yaml"
    path.write_text(text, encoding="utf-8")
    assert kehoach("validate", path).code == 0
    result = kehoach("outline", "--don-vi", "Xã Việt Khê", "--de-cuong", path, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    paragraphs = docx_paragraphs(tmp_path / "out" / "xa-viet-khe" / "bao-cao-kiem-tra.docx")
    assert "3. Về số hóa: ...." in paragraphs
    assert "Việt Khê, ngày tháng năm 2027" in paragraphs
    assert "(Số liệu báo cáo tính từ 15/12/2026 đến thời điểm báo cáo)." in paragraphs


OUTLINE_ERRORS = [
    ("a slot naming no field",
     lambda t: t.replace("{hs_tiep_nhan}. Trong đó", "{hs_tiep_nhann}. Trong đó"),
     r"noi_dung\[1\]\.noi_dung\[1\]\.noi_dung\[0\]\.gach",
     "Chỗ điền {hs_tiep_nhann}: không có chỉ tiêu 'hs_tiep_nhann' trong chi_tieu. Có phải ý bạn là 'hs_tiep_nhan'?"),
    ("a field with no slot",
     lambda t: t.replace("chi_tieu:\n", 'chi_tieu:\n  thua:\n    nhan: "Thừa"\n    don_vi: "hồ sơ"\n', 1),
     r"chi_tieu\.thua", "Chỉ tiêu 'thua' được khai báo nhưng không có chỗ điền {thua}"),
    ("a whole that does not exist",
     lambda t: t.replace("thuoc: hs_da_giai_quyet", "thuoc: hs_da_giaiquyet"),
     r"chi_tieu\.hs_dung_han\.thuoc", "Không có chỉ tiêu 'hs_da_giaiquyet'. Có phải ý bạn là 'hs_da_giai_quyet'?"),
    ("an item id used twice",
     lambda t: t.replace("ma: ton_tai_han_che", "ma: ket_qua_tich_cuc"),
     r"noi_dung\[2\]\.noi_dung\[1\]\.ma", "Mã 'ket_qua_tich_cuc' đã dùng ở dòng"),
    ("an unknown kind of field",
     lambda t: t.replace("kieu: van_ban", "kieu: chu", 1),
     r"chi_tieu\.ngan_sach_thu_chi\.kieu", "Giá trị 'chu' không hợp lệ; chọn một trong: so, ty_le, van_ban"),
    ("an item with two kinds",
     lambda t: t.replace('      - muc: "Những tồn tại, hạn chế"', '      - muc: "Những tồn tại, hạn chế"\n        gach: "x"'),
     r"noi_dung\[2\]\.noi_dung\[1\]", "Mỗi ý cần đúng một trong các trường"),
]


@pytest.mark.parametrize(("change", "field", "message"), [c[1:] for c in OUTLINE_ERRORS],
                         ids=[c[0] for c in OUTLINE_ERRORS])
def test_a_broken_outline_definition_is_reported_with_file_line_and_field(kehoach, tmp_path, change, field, message):
    path = tmp_path / "de-cuong.yaml"
    path.write_text(change(OUTLINE.read_text(encoding="utf-8")), encoding="utf-8")
    result = kehoach("validate", path)
    assert result.code == 2
    assert re.search(rf"de-cuong\.yaml:\d+: lỗi \[{field}\]: ", result.err), result.err
    assert message in result.err


def test_numbers_print_the_vietnamese_way():
    assert [format_number(v) for v in (0, 7, 1250, 1234567, 87.5, 1234.25)] == \
        ["0", "7", "1.250", "1.234.567", "87,5", "1.234,25"]
    assert format_number(percentage(1158, 1200)) == "96,5"
    assert format_number(percentage(2, 3)) == "66,7"
    assert format_number(percentage(3, 3)) == "100"
