"""`kehoach report`: a unit's filled report with given and computed figures, and its consistency checks."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from helpers import ROOT, docx_paragraphs

from helpers import load_plan
from helpers import load_report
from generator.domain.tracking import Scope, task_counts

REPORT = ROOT / "reports" / "nam-do-son-2026.yaml"
PLAN = ROOT / "plans" / "nam-do-son-2026.yaml"


def report_text(plan=PLAN) -> str:
    """The bundled report, pointing at `plan` by absolute path (tests run from any folder)."""
    text = REPORT.read_text(encoding="utf-8")
    return text.replace("ke_hoach: plans/nam-do-son-2026.yaml", f"ke_hoach: {plan}")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    from generator.cli import main

    out = tmp_path_factory.mktemp("report")
    assert main(["report", str(REPORT), "-o", str(out)]) == 0
    return docx_paragraphs(out / "nam-do-son-2026" / "bao-cao-kiem-tra.docx")


def test_report_has_the_ward_header_and_the_period_of_its_figures(filled):
    assert filled[:9] == [
        "ỦY BAN NHÂN DÂN", "PHƯỜNG NAM ĐỒ SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: /BC-UBND", "Nam Đồ Sơn, ngày tháng 7 năm 2026", "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính năm 2026 phục vụ kiểm tra",
        "(Số liệu báo cáo tính từ 15/12/2025 đến 30/6/2026).",
    ]
    assert filled[-3:] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hoàng Gia Đông"]
    assert "- Lưu: VT, VHXH." in filled


def test_given_figures_print_the_vietnamese_way_with_their_unit(filled):
    for line in ["- Tổng số hồ sơ TTHC tiếp nhận: 1.250 hồ sơ. Trong đó:",
                 "+ Số hồ sơ đã giải quyết: 1.200 hồ sơ",
                 "+ Số hồ sơ quá hạn: 42 hồ sơ",
                 "+ Tỷ lệ hồ sơ trực tuyến 87,5%",
                 "- Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính 82,4%.",
                 "+ Tổng số VBQPPL đã thực hiện tự kiểm tra: 4 văn bản;",
                 "+ Tổng số nhiệm vụ được giao: 12 nhiệm vụ.",
                 "- Tổng đơn vị sự nghiệp công lập trực thuộc: 3 đơn vị. Trong đó:",
                 "+ Số đơn vị thuộc nhóm 4 (đơn vị sự nghiệp công do Nhà nước bảo đảm chi thường xuyên): 2 đơn vị",
                 "- Tổng thu/chi ngân sách địa phương: thu 45,2 tỷ đồng, chi 41,8 tỷ đồng."]:
        assert line in filled, line


def test_percentages_are_computed_from_their_parts(filled):
    assert "+ Số hồ sơ đã giải quyết đúng hạn: 1.158 hồ sơ; đạt tỷ lệ 96,5%." in filled   # 1158/1200
    assert "+ Tỷ lệ xử lý VBQPPL sau kiểm tra: 100%;" in filled                            # 2/2
    assert "+ Tỷ lệ xử lý VBQPPL sau rà soát: 66,7%;" in filled                            # 2/3


PERIOD = Scope(dt.date(2025, 12, 15), dt.date(2026, 6, 30))   # ky_bao_cao of the bundled report


def test_task_figures_are_counted_from_the_linked_plan(filled):
    counts = task_counts(load_plan(str(PLAN)).tasks, dt.date(2026, 6, 30), PERIOD)
    assert f"+ Tổng số nhiệm vụ trong kế hoạch: {counts.total} nhiệm vụ." in filled
    assert f"+ Số nhiệm vụ đã hoàn thành: {counts.completed} nhiệm vụ." in filled
    assert f"+ Số nhiệm vụ đang thực hiện: {counts.in_progress} nhiệm vụ." in filled
    # the reporting period (15/12/2025–30/6/2026) leaves out the 9 tasks of Quý III and Quý IV
    assert counts.total == 44
    assert task_counts(load_plan(str(PLAN)).tasks, dt.date(2026, 6, 30)).total == 53


def test_fields_without_a_value_keep_their_placeholder_and_answers_sit_under_their_item(filled):
    assert "- Tình hình giải ngân vốn đầu tư công...." in filled
    assert ("- Tỷ lệ dữ liệu thông tin thủ tục hành chính được khai thác, tái sử dụng lại thông tin, dữ liệu đã "
            "được số hóa và kết nối, chia sẻ, đồng bộ dữ liệu giữa các hệ thống thông tin ...%.") in filled
    i = filled.index("1. Những kết quả tích cực đã đạt được")
    assert filled[i + 1].startswith("Công tác chỉ đạo, điều hành được thực hiện kịp thời")
    assert filled[i + 2].startswith("Việc tiếp nhận, giải quyết thủ tục hành chính")
    assert filled[i + 3] == "2. Những tồn tại, hạn chế"
    assert filled[filled.index("- Việc bố trí nguồn lực triển khai (kinh phí và nhân lực).") + 1] \
        .startswith("Bố trí kinh phí cải cách hành chính")


def test_statuses_in_the_plan_change_the_counted_figures(kehoach, tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    pattern = re.compile(r"(\n      - noi_dung: [^\n]*\n)")
    marks = iter(["        trang_thai: hoan_thanh\n        ngay_hoan_thanh: 2026-03-20\n"] * 5
                 + ["        trang_thai: dang_thuc_hien\n"] * 3)
    text = pattern.sub(lambda m: m.group(1) + next(marks, ""), text)
    plan = tmp_path / "nam-do-son-2026.yaml"
    plan.write_text(text, encoding="utf-8")
    report = tmp_path / "bao-cao.yaml"
    report.write_text(report_text(plan), encoding="utf-8")
    # of the 5 tasks marked done, 2 are due in Quý III/IV: outside the reporting period
    counts = task_counts(load_plan(str(plan)).tasks, dt.date(2026, 6, 30), PERIOD)
    assert (counts.total, counts.completed, counts.in_progress) == (44, 3, 3)
    loaded = load_report(str(report))
    assert (loaded.values["nv_ke_hoach_tong"], loaded.values["nv_ke_hoach_hoan_thanh"],
            loaded.values["nv_ke_hoach_dang_thuc_hien"]) == (44, 3, 3)
    assert kehoach("report", report, "-o", tmp_path / "out").code == 0
    paragraphs = docx_paragraphs(tmp_path / "out" / "bao-cao" / "bao-cao-kiem-tra.docx")
    assert "+ Số nhiệm vụ đã hoàn thành: 3 nhiệm vụ." in paragraphs
    assert "+ Số nhiệm vụ đang thực hiện: 3 nhiệm vụ." in paragraphs


def test_a_completion_after_the_reporting_period_is_not_counted(kehoach, tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    first = re.search(r"\n      - noi_dung: [^\n]*\n", text)
    text = text[:first.end()] + "        trang_thai: hoan_thanh\n        ngay_hoan_thanh: 2026-07-02\n" + text[first.end():]
    plan = tmp_path / "nam-do-son-2026.yaml"
    plan.write_text(text, encoding="utf-8")
    report = tmp_path / "bao-cao.yaml"
    report.write_text(report_text(plan), encoding="utf-8")
    loaded = load_report(str(report))
    # done on 02/7, after the period ending 30/6: on 30/6 it was still being carried out
    assert (loaded.values["nv_ke_hoach_hoan_thanh"], loaded.values["nv_ke_hoach_dang_thuc_hien"]) == (0, 1)


def test_without_a_linked_plan_typed_task_figures_are_used(tmp_path):
    text = REPORT.read_text(encoding="utf-8").replace("ke_hoach: plans/nam-do-son-2026.yaml\n", "")
    text = text.replace("so_lieu:\n", "so_lieu:\n  nv_ke_hoach_tong: 40\n  nv_ke_hoach_hoan_thanh: 25\n")
    path = tmp_path / "bao-cao.yaml"
    path.write_text(text, encoding="utf-8")
    report = load_report(str(path))
    assert (report.values["nv_ke_hoach_tong"], report.values["nv_ke_hoach_hoan_thanh"]) == (40, 25)
    assert "nv_ke_hoach_dang_thuc_hien" in report.missing


def test_validate_accepts_the_report_and_says_what_it_holds(kehoach):
    result = kehoach("validate", REPORT)
    assert result.code == 0, result.err
    assert "báo cáo của Phường Nam Đồ Sơn theo đề cương kiem-tra-cchc-2026" in result.out
    assert "6 số liệu tự tính" in result.out


# (description, change to the report text, the line holding the error, field, message fragment)
ERRORS = [
    ("on-time larger than resolved",
     lambda t: t.replace("hs_dung_han: 1158", "hs_dung_han: 1300"), "hs_dung_han: 1300", "so_lieu.hs_dung_han",
     "Số hồ sơ đã giải quyết đúng hạn (1.300 hồ sơ) lớn hơn Số hồ sơ đã giải quyết (1.200 hồ sơ): "
     "phần không thể lớn hơn tổng."),
    ("resolved larger than received",
     lambda t: t.replace("hs_da_giai_quyet: 1200", "hs_da_giai_quyet: 1300"), "hs_da_giai_quyet: 1300",
     "so_lieu.hs_da_giai_quyet", "Số hồ sơ đã giải quyết (1.300 hồ sơ) lớn hơn Tổng số hồ sơ TTHC tiếp nhận (1.250 hồ sơ)"),
    ("a percentage above 100",
     lambda t: t.replace("hs_truc_tuyen_ty_le: 87.5", "hs_truc_tuyen_ty_le: 187.5"), "hs_truc_tuyen_ty_le",
     "so_lieu.hs_truc_tuyen_ty_le", "Tỷ lệ 'Tỷ lệ hồ sơ trực tuyến' là 187,5%: tỷ lệ phải từ 0 đến 100%."),
    ("a negative percentage",
     lambda t: t.replace("so_hoa_ty_le: 82.4", "so_hoa_ty_le: -5"), "so_hoa_ty_le", "so_lieu.so_hoa_ty_le",
     "không thể âm"),
    ("groups 1-4 not adding up to the total",
     lambda t: t.replace("dvsn_nhom_4: 2", "dvsn_nhom_4: 1"), "dvsn_tong: 3", "so_lieu.dvsn_tong",
     "Tổng các phần (Số đơn vị thuộc nhóm 1, Số đơn vị thuộc nhóm 2, Số đơn vị thuộc nhóm 3, Số đơn vị thuộc nhóm 4: "
     "0 + 0 + 1 + 1 = 2 đơn vị) khác Tổng đơn vị sự nghiệp công lập trực thuộc (3 đơn vị)"),
    ("tasks given by the city over their total",
     lambda t: t.replace("nv_giao_qua_han_chua_xong: 0", "nv_giao_qua_han_chua_xong: 5"), "nv_giao_tong: 12",
     "so_lieu.nv_giao_tong", "vượt Tổng số nhiệm vụ được giao (12 nhiệm vụ)"),
    ("a field id the outline lacks",
     lambda t: t.replace("hs_tiep_nhan: 1250", "hs_tiep_nhn: 1250"), "hs_tiep_nhn", "so_lieu.hs_tiep_nhn",
     "Đề cương kiem-tra-cchc-2026 không có chỉ tiêu 'hs_tiep_nhn'. Có phải ý bạn là 'hs_tiep_nhan'?"),
    ("an answer id the outline lacks",
     lambda t: t.replace("  ton_tai_han_che:", "  ton_tai_han_chee:"), "ton_tai_han_chee", "tra_loi.ton_tai_han_chee",
     "không có ý mã 'ton_tai_han_chee'. Có phải ý bạn là 'ton_tai_han_che'?"),
    ("a number where an answer is expected",
     lambda t: re.sub(r"  kien_nghi_thanh_pho: .*", "  kien_nghi_thanh_pho: 5", t),
     "kien_nghi_thanh_pho: 5", "tra_loi.kien_nghi_thanh_pho",
     "Ý 'kien_nghi_thanh_pho' cần câu trả lời bằng lời (chuỗi, hoặc danh sách đoạn văn), nhưng đang là số 5."),
    ("a number where a text field is expected",
     lambda t: t.replace('ngan_sach_thu_chi: "thu 45,2 tỷ đồng, chi 41,8 tỷ đồng"', "ngan_sach_thu_chi: 45"),
     "ngan_sach_thu_chi: 45", "so_lieu.ngan_sach_thu_chi",
     "'Tổng thu/chi ngân sách địa phương' cần câu chữ, nhưng đang là số 45."),
    ("text where a number is expected",
     lambda t: t.replace("hs_truc_tuyen_ty_le: 87.5", 'hs_truc_tuyen_ty_le: "87,5"'), "hs_truc_tuyen_ty_le",
     "so_lieu.hs_truc_tuyen_ty_le", "cần một số (%), nhưng đang là chuỗi '87,5'. Trong tệp YAML viết số thập phân bằng "
     "dấu chấm, không nháy: 87.5"),
    ("a typed percentage contradicting its parts",
     lambda t: t.replace("  hs_dung_han: 1158", "  hs_dung_han: 1158\n  hs_dung_han_ty_le: 95"),
     "hs_dung_han_ty_le: 95", "so_lieu.hs_dung_han_ty_le",
     "'Tỷ lệ hồ sơ giải quyết đúng hạn' ghi 95% nhưng tính từ Số hồ sơ đã giải quyết đúng hạn / Số hồ sơ đã giải "
     "quyết = 1.158/1.200 là 96,5%."),
    ("a typed task count contradicting the plan",
     lambda t: t.replace("so_lieu:\n", "so_lieu:\n  nv_ke_hoach_tong: 50\n"), "nv_ke_hoach_tong: 50",
     "so_lieu.nv_ke_hoach_tong", "'Tổng số nhiệm vụ trong kế hoạch' ghi 50 nhiệm vụ nhưng đếm từ kế hoạch"),
    ("a fractional count",
     lambda t: t.replace("pakn_tiep_nhan: 6", "pakn_tiep_nhan: 6.5"), "pakn_tiep_nhan", "so_lieu.pakn_tiep_nhan",
     "là số đếm (PAKN), phải là số nguyên, không phải 6,5."),
    ("an inspection plan given as the unit's plan",
     lambda t: t.replace(str(PLAN), str(ROOT / "plans" / "kiem-tra-cchc-2026.yaml")), "ke_hoach:", "ke_hoach",
     "là kế hoạch kiểm tra; 'ke_hoach' cần kế hoạch CCHC của đơn vị"),
    ("a unit of unknown kind",
     lambda t: t.replace('don_vi: "Phường Nam Đồ Sơn"', 'don_vi: "Nam Đồ Sơn"'), 'don_vi: "Nam Đồ Sơn"', "don_vi",
     "Không rõ 'Nam Đồ Sơn' là đơn vị nào"),
]


@pytest.mark.parametrize(("change", "needle", "field", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_inconsistent_figures_stop_with_file_line_field_and_write_nothing(kehoach, tmp_path, change, needle, field,
                                                                         message):
    text = change(report_text())
    path = tmp_path / "bao-cao.yaml"
    path.write_text(text, encoding="utf-8")
    result = kehoach("report", path, "-o", tmp_path / "out")
    assert result.code == 2
    assert f"{path}:{line_of(text, needle)}: lỗi [{field}]: " in result.err, result.err
    assert message in result.err, result.err
    assert "Dừng lại:" in result.err
    assert not (tmp_path / "out").exists()
    assert kehoach("validate", path).code == 2


def test_typing_the_computed_value_is_accepted(tmp_path):
    text = report_text().replace("  hs_dung_han: 1158", "  hs_dung_han: 1158\n  hs_dung_han_ty_le: 96.5")
    text = text.replace("so_lieu:\n", "so_lieu:\n  nv_ke_hoach_tong: 44\n  vb_ra_soat_ty_le: 67\n")
    path = tmp_path / "bao-cao.yaml"
    path.write_text(text, encoding="utf-8")
    report = load_report(str(path))
    assert str(report.values["hs_dung_han_ty_le"]) == "96.5"
    assert str(report.values["vb_ra_soat_ty_le"]) == "66.7"   # 67 agrees with 2/3 at its precision


def test_the_bundled_report_renders_the_same_bytes_twice(kehoach, tmp_path):
    for name in ("a", "b"):
        assert kehoach("report", REPORT, "-o", tmp_path / name).code == 0
    target = "nam-do-son-2026/bao-cao-kiem-tra.docx"
    assert (tmp_path / "a" / target).read_bytes() == (tmp_path / "b" / target).read_bytes()


def test_help_texts(capsys):
    from generator.cli import main

    for command, words in (("report", "tệp số liệu báo cáo"), ("outline", "--don-vi TÊN")):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert words in capsys.readouterr().out
