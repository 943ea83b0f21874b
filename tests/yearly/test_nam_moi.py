"""kehoach nam-moi: carrying every bundled plan from 2026 into 2027, and what must not move."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, docx_paragraphs

from generator.source.editing import FieldEdit, edit_tasks
from generator.yearly.carryover import carry_over, review_lines

PLANS = {p.stem: p for p in [*sorted((ROOT / "plans").glob("*.yaml")),
                             ROOT / "tests" / "fixtures" / "plans" / "doc-lap-phuong.yaml"]}

# What the new file must say (field path → new value) and what must stay as it was.
MOVED = {
    "nam-do-son-2026": {
        ("nam",): 2027,
        ("quyet_dinh", "ngay"): "2027-01",
        ("quyet_dinh", "trich_yeu"): "Ban hành Kế hoạch cải cách hành chính phường Nam Đồ Sơn năm 2027",
        ("ke_hoach", "trich_yeu"): "Cải cách hành chính phường Nam Đồ Sơn năm 2027",
        ("nhiem_vu_cu_the", 0, "nhiem_vu", 0, "thoi_gian"): "Quý I/2027",
        ("nhiem_vu_cu_the", 0, "nhiem_vu", 1, "thoi_gian"): "Quý III, IV/2027 (thực hiện theo hướng dẫn).",
        ("nhiem_vu_cu_the", 0, "nhiem_vu", 4, "noi_dung"): "Xây dựng Kế hoạch CCHC năm 2028 phường Nam Đồ Sơn",
        ("nhiem_vu_cu_the", 1, "nhiem_vu", 3, "thoi_gian"): "Chậm nhất là ngày 31/01/2027.",
        ("nhiem_vu_cu_the", 5, "nhiem_vu", 1, "thoi_gian"): "Tháng 01 năm 2027.",
        ("nhiem_vu_cu_the", 5, "nhiem_vu", 3, "noi_dung"):
            "Xây dựng dự toán thu chi ngân sách nhà nước năm 2028 và kế hoạch tài chính ngân sách 03 năm 2028-2030",
        ("nhiem_vu_cu_the", 7, "nhiem_vu", 1, "thoi_gian"): "Năm 2027 (*tổ chức ít nhất 02 Hội nghị/năm*).",
    },
    "hai-phong-2026": {
        ("quyet_dinh", "so"): "",
        ("quyet_dinh", "ngay"): "2026-12",
        ("quyet_dinh", "trich_yeu"): "BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC THÀNH PHỐ HẢI PHÒNG NĂM 2027",
        ("nhiem_vu_cu_the", 0, "nhiem_vu", 0, "phan_viec", 0, "thoi_gian"): "Tháng 12/2026",
        ("nhiem_vu_cu_the", 0, "nhiem_vu", 0, "phan_viec", 1, "thoi_gian"): "Trước ngày 15/01/2027",
        ("nhiem_vu_cu_the", 5, "nhiem_vu", 0, "thoi_gian"): "Tháng 01/2027 đến tháng 5/2027",
        ("nhiem_vu_cu_the", 6, "nhiem_vu", 6, "thoi_gian"): "Tháng 7-9/2027",
        ("nhiem_vu_cu_the", 2, "nhiem_vu", 0, "thoi_gian"): "Quý I năm 2027",
    },
    "kiem-tra-cchc-2026": {
        ("quyet_dinh", "so"): "",
        ("quyet_dinh", "ngay"): "2027-06",
        ("quyet_dinh", "trich_yeu"): ["Ban hành Kế hoạch kiểm tra công tác cải cách hành chính nhà nước",
                                      "năm 2027 trên địa bàn thành phố Hải Phòng"],
        ("ke_hoach", "noi_dung", 2, "noi_dung", 0, "muc"):
            "Thời gian thực hiện kiểm tra: Từ tháng 7/2027 đến tháng 11/2027.",
    },
    "doc-lap-phuong": {
        ("ke_hoach", "ngay"): "2027-01",
        ("ke_hoach", "trich_yeu"): "Tuyên truyền cải cách hành chính năm 2027",
    },
}
UNMOVED = {  # text that must survive word for word
    "nam-do-son-2026": ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025",
                        "Nghị quyết số 76/NQ-CP ngày 15/7/2021",
                        "Chương trình tổng thể CCHC nhà nước giai đoạn 2021-2030",
                        "Quyết định số 5256/QĐ-UBND ngày 26/12/2025 của Ủy ban nhân dân thành phố Hải Phòng ban hành "
                        "Kế hoạch Cải cách hành chính nhà nước thành phố Hải Phòng năm 2026",
                        "giai đoạn II (2026-2030)", "Nghị định số 79/2025/NĐ-CP ngày 01/4/2025",
                        "Chỉ thị số 05/2008/CT-TTg ngày 31/01/2008", "giai đoạn 2023-2025",
                        "phường giai đoạn 2026-2030", "giai đoạn 2025 - 2030”"],
    "hai-phong-2026": ["ngày 16 tháng 6 năm 2025", "Nghị quyết số 53/2025/NQ-HĐND",
                       "Kế hoạch số 310/KH-UBND ngày 24/11/2025", "đến năm 2030, tầm nhìn đến năm 2050",
                       "Công văn số 508/SNV-CCHC&PC ngày 19 tháng 12 năm 2025", "giai đoạn 2026 - 2030"],
    "kiem-tra-cchc-2026": ["Nghị quyết số 04/NQ-CP ngày 10/01/2022", "Công văn số 2448/SNV-CCHC&PC ngày 11/6/2026",
                           "de_cuong: kiem-tra-cchc-2026"],
    "doc-lap-phuong": ["Thực hiện Quyết định số 12/QĐ-UBND ngày 05/01/2026 của Ủy ban nhân dân phường về ban hành "
                       "Kế hoạch cải cách hành chính năm 2026"],
}
# Every mention of an old year left alone, with its reason (kind, line of the new file).
KEPT = {
    "nam-do-son-2026": {("can_cu", 40), ("can_cu", 78), ("co_dinh", 78), ("co_dinh", 273), ("co_dinh", 463),
                        ("co_dinh", 505), ("co_dinh", 511), ("van_ban", 37), ("van_ban", 117), ("van_ban", 249),
                        ("van_ban", 255), ("van_ban", 273), ("van_ban", 352), ("van_ban", 451), ("van_ban", 460),
                        ("chu_thich", 1), ("chu_thich", 2)},
    "hai-phong-2026": {("can_cu", 65), ("van_ban", 62), ("van_ban", 64), ("van_ban", 134), ("van_ban", 525),
                       ("van_ban", 566), ("van_ban", 581), ("chu_thich", 1), ("chu_thich", 2), ("chu_thich", 402)},
    "kiem-tra-cchc-2026": {("can_cu", 24), ("can_cu", 25), ("khong_ro", 160), ("van_ban", 22), ("chu_thich", 1),
                           ("chu_thich", 2), ("chu_thich", 3), ("chu_thich", 159)},
    "doc-lap-phuong": {("can_cu", 14), ("chu_thich", 1)} - {("chu_thich", 1)},
}


def _get(data, path):
    for part in path:
        data = data[part]
    return data


@pytest.fixture(scope="module")
def carried(tmp_path_factory):
    out = tmp_path_factory.mktemp("nam-moi")
    results = {}
    for stem, path in PLANS.items():
        result = carry_over(path.read_bytes(), str(path), year=2027)
        target = out / f"{stem.replace('2026', '2027')}.yaml"
        target.write_text(result.text, encoding="utf-8")
        results[stem] = (result, target)
    return results


@pytest.mark.parametrize("stem", PLANS)
def test_dates_of_the_plan_move_and_those_of_legal_documents_stay(carried, stem):
    result, target = carried[stem]
    new = yaml.safe_load(result.text)
    for path, value in MOVED[stem].items():
        assert _get(new, path) == value, path
    for text in UNMOVED[stem]:
        assert text in result.text, text
    assert {(item.kind, item.line) for item in result.kept} == KEPT[stem]


@pytest.mark.parametrize("stem", PLANS)
def test_the_review_names_every_mention_of_2026_left(carried, stem):
    result, _ = carried[stem]
    named = {item.line for item in result.changes + result.kept}
    for number, line in enumerate(result.text.splitlines(), start=1):
        if "2026" in line:
            assert number in named, f"dòng {number} còn 2026 mà không được nêu: {line.strip()[:90]}"
    text = "\n".join(review_lines(result))
    assert all(re.search(rf"dòng {item.line}\b", text) for item in result.kept)


@pytest.mark.parametrize("stem", PLANS)
def test_only_the_changed_lines_differ_and_comments_stay(carried, stem):
    result, _ = carried[stem]
    old = PLANS[stem].read_text(encoding="utf-8").splitlines()
    new = result.text.splitlines()
    assert len(old) == len(new)
    differing = {i + 1 for i, (a, b) in enumerate(zip(old, new)) if a != b}
    assert differing == {item.line for item in result.changes}
    assert [line for line in old if line.lstrip().startswith("#")] == [line for line in new if line.lstrip().startswith("#")]


@pytest.mark.parametrize("stem", PLANS)
def test_the_2027_plan_validates_and_builds(carried, stem, kehoach, tmp_path):
    _, target = carried[stem]
    r = kehoach("validate", target)
    assert r.code == 0, r.err
    r = kehoach("build", target, "-o", tmp_path)
    assert r.code == 0, r.err
    texts = docx_paragraphs(tmp_path / target.stem / "ke-hoach.docx")
    assert any("2027" in t for t in texts[:12])  # the trích yếu
    if (tmp_path / target.stem / "quyet-dinh.docx").exists():
        qd = docx_paragraphs(tmp_path / target.stem / "quyet-dinh.docx")
        assert any(re.fullmatch(r"Số:\s+/QĐ-UBND", t) for t in qd)
        assert any(re.search(r"ngày\s+tháng \d+ năm 202[67]$", t) for t in qd)


def test_statuses_completion_dates_and_results_are_cleared(kehoach, tmp_path):
    text = (ROOT / "plans" / "nam-do-son-2026.yaml").read_text(encoding="utf-8")
    from datetime import date

    text = edit_tasks(text, [FieldEdit(0, 0, "trang_thai", "hoan_thanh"), FieldEdit(0, 0, "ngay_hoan_thanh", date(2026, 3, 2)),
                             FieldEdit(0, 0, "ket_qua", "Đã ban hành: Kế hoạch số 15/KH-UBND"),
                             FieldEdit(2, 3, "trang_thai", "dang_thuc_hien")])
    plan = tmp_path / "nam-do-son-2026.yaml"
    plan.write_text(text, encoding="utf-8")
    r = kehoach("nam-moi", plan, "--nam", "2027")
    assert r.code == 0, r.err
    new = (tmp_path / "nam-do-son-2027.yaml").read_text(encoding="utf-8")
    assert "trang_thai" not in new and "ngay_hoan_thanh" not in new and "ket_qua" not in new
    assert "      # 1.2\n" in new and "      # 3.5\n" in new  # the comment lines after them stay
    assert new.count("\n") == text.count("\n") - 4
    assert "trạng thái: “hoan_thanh”" in r.out and "kết quả: “Đã ban hành: Kế hoạch số 15/KH-UBND”" in r.out


def test_crlf_and_bom_survive_the_carry_over(tmp_path, kehoach):
    raw = (ROOT / "plans" / "nam-do-son-2026.yaml").read_bytes()
    plan = tmp_path / "nds-2026.yaml"
    plan.write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))
    assert kehoach("nam-moi", plan, "--nam", "2027").code == 0
    new = (tmp_path / "nds-2027.yaml").read_bytes()
    assert new.startswith(b"\xef\xbb\xbf") and new.count(b"\r\n") == new.count(b"\n")
    expected = carry_over(raw, "x.yaml", year=2027).text.encode("utf-8")
    assert new == b"\xef\xbb\xbf" + expected.replace(b"\n", b"\r\n")


def test_multi_year_plans_are_refused_unless_a_new_period_is_given(kehoach, tmp_path):
    plan = ROOT / "tests" / "fixtures" / "plans" / "doc-lap-so.yaml"
    r = kehoach("nam-moi", plan, "--nam", "2027", "-o", tmp_path / "x.yaml")
    assert r.code == 2 and "kế hoạch nhiều năm (giai đoạn 2026-2030)" in r.err and "--giai-doan 2031-2035" in r.err
    assert not (tmp_path / "x.yaml").exists()
    r = kehoach("nam-moi", plan, "--giai-doan", "2031-2035", "-o", tmp_path / "so-2031.yaml")
    assert r.code == 0, r.err
    new = yaml.safe_load((tmp_path / "so-2031.yaml").read_text(encoding="utf-8"))
    assert new["giai_doan"] == {"tu": 2031, "den": 2035}
    assert new["ke_hoach"]["trich_yeu"] == "Cải cách hành chính của Sở Nội vụ giai đoạn 2031-2035"
    assert new["ke_hoach"]["so"] == "" and new["ke_hoach"]["ngay"] == "2031-02"
    assert new["nhiem_vu_cu_the"][0]["nhiem_vu"][0]["thoi_gian"] == "Quý I/2031"
    assert new["nhiem_vu_cu_the"][0]["nhiem_vu"][1]["thoi_gian"] == "2031-2035"
    assert "Quyết định số 5256/QĐ-UBND ngày 26/12/2025" in new["ke_hoach"]["mo_dau"][0]
    r = kehoach("nam-moi", plan, "--giai-doan", "2031-2033")
    assert r.code == 2 and "phải dài bằng" in r.err
    r = kehoach("nam-moi", PLANS["nam-do-son-2026"], "--giai-doan", "2031-2035")
    assert r.code == 2 and "không phải kế hoạch nhiều năm" in r.err


def test_preview_writes_nothing_and_an_existing_plan_is_not_overwritten(kehoach, tmp_path):
    plan = tmp_path / "nam-do-son-2026.yaml"
    plan.write_bytes(PLANS["nam-do-son-2026"].read_bytes())
    r = kehoach("nam-moi", plan, "--nam", "2027", "--xem-truoc")
    assert r.code == 0 and "Xem trước: chưa ghi" in r.out and "CẦN THAY" in r.out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nam-do-son-2026.yaml"]
    (tmp_path / "nam-do-son-2027.yaml").write_text("# đã sửa tay\n", encoding="utf-8")
    r = kehoach("nam-moi", plan, "--nam", "2027")
    assert r.code == 2 and "đã có nên không ghi đè" in r.err
    assert (tmp_path / "nam-do-son-2027.yaml").read_text(encoding="utf-8") == "# đã sửa tay\n"
    assert kehoach("nam-moi", plan, "--nam", "2027", "--force").code == 0
    r = kehoach("nam-moi", plan, "--nam", "2027", "-o", plan)
    assert r.code == 2 and "trùng với tệp cũ" in r.err
    r = kehoach("nam-moi", plan, "--nam", "2026")
    assert r.code == 2 and "phải sau năm kế hoạch 2026" in r.err


def test_a_report_or_a_broken_file_is_refused(kehoach, tmp_path):
    r = kehoach("nam-moi", ROOT / "reports" / "nam-do-son-2026.yaml", "--nam", "2027", "-o", tmp_path / "r.yaml")
    assert r.code == 2 and "không phải kế hoạch" in r.err
    bad = tmp_path / "hong.yaml"
    bad.write_text("nam: 2026\nke_hoach: [\n", encoding="utf-8")
    r = kehoach("nam-moi", bad, "--nam", "2027")
    assert r.code == 2 and "hong.yaml:" in r.err and "Traceback" not in r.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hong.yaml"]


OTHER_WARD = """\
# Kế hoạch CCHC xã An Lão năm 2026 (một xã khác, cách viết khác)
nam: 2026
co_quan_ban_hanh: {ten: "Ủy ban nhân dân xã An Lão", dia_danh: "An Lão", viet_tat: "UBND"}
co_quan:
  vp: {ten: "Văn phòng HĐND và UBND xã", ten_ngan: "VP"}
ke_hoach:
  so: '15'
  ngay: 2026-01-08
  trich_yeu: 'Cải cách hành chính xã An Lão năm 2026'
  mo_dau:
    - "Căn cứ Nghị quyết số 01/2026/NQ-HĐND ngày 06/01/2026 của HĐND xã về nhiệm vụ năm 2026; Ủy ban nhân dân xã ban hành Kế hoạch như sau:"
  noi_dung:
    - tieu_de: "NHIỆM VỤ"
      nhiem_vu: true
    - tieu_de: "TỔ CHỨC THỰC HIỆN"
      noi_dung:
        - "Báo cáo 6 tháng đầu năm 2026 gửi trước 15/6/2026; báo cáo năm gửi trước ngày 15 tháng 12 năm 2026, đánh giá so với năm 2025 và định hướng năm 2027."
  noi_nhan: ["UBND huyện"]
  nguoi_ky: {quyen_han: "TM. ỦY BAN NHÂN DÂN", chuc_vu: "CHỦ TỊCH", ho_ten: "Lê Văn Ba"}
nhiem_vu_cu_the:
- linh_vuc: "Chỉ đạo, điều hành"
  nhiem_vu:
  - noi_dung: "Thực hiện Chỉ số CCHC 2026 của xã theo Bộ chỉ số ban hành kèm theo Quyết định 1234/QĐ-UBND ngày 20/12/2025"
    chu_tri: vp
    thoi_gian: "Quý 1/2026 - Quý 2/2026"
    trang_thai: hoan_thanh
    ngay_hoan_thanh: 2026-04-01
  - noi_dung: "Triển khai Đề án giai đoạn 2025-2027 của huyện"
    chu_tri: vp
    thoi_gian: "Từ 01/3/2026 đến 30/11/2026"
"""


def test_a_plan_written_another_way_is_carried_too(kehoach, tmp_path):
    plan = tmp_path / "an-lao-2026.yaml"
    plan.write_text(OTHER_WARD, encoding="utf-8")
    assert kehoach("validate", plan).code == 0
    r = kehoach("nam-moi", plan, "--nam", "2027")
    assert r.code == 0, r.err
    new_text = (tmp_path / "an-lao-2027.yaml").read_text(encoding="utf-8")
    new = yaml.safe_load(new_text)
    doc = new["ke_hoach"]
    assert doc["so"] == "" and doc["ngay"] == "2027-01" and doc["trich_yeu"] == "Cải cách hành chính xã An Lão năm 2027"
    assert "  so: ''\n" in new_text and "  trich_yeu: 'Cải cách hành chính xã An Lão năm 2027'\n" in new_text
    assert doc["noi_dung"][1]["noi_dung"][0] == (
        "Báo cáo 6 tháng đầu năm 2027 gửi trước 15/6/2027; báo cáo năm gửi trước ngày 15 tháng 12 năm 2027, "
        "đánh giá so với năm 2026 và định hướng năm 2028.")
    assert doc["mo_dau"][0].startswith("Căn cứ Nghị quyết số 01/2026/NQ-HĐND ngày 06/01/2026 của HĐND xã về nhiệm vụ năm 2026;")
    tasks = new["nhiem_vu_cu_the"][0]["nhiem_vu"]
    assert tasks[0]["noi_dung"] == ("Thực hiện Chỉ số CCHC 2027 của xã theo Bộ chỉ số ban hành kèm theo "
                                    "Quyết định 1234/QĐ-UBND ngày 20/12/2025")
    assert tasks[0]["thoi_gian"] == "Quý 1/2027 - Quý 2/2027" and "trang_thai" not in tasks[0]
    assert tasks[1]["noi_dung"] == "Triển khai Đề án giai đoạn 2026-2028 của huyện"
    assert tasks[1]["thoi_gian"] == "Từ 01/3/2027 đến 30/11/2027"
    assert "CẦN THAY" in r.out and "Nghị quyết số 01/2026/NQ-HĐND ngày 06/01/2026" in r.out
    assert kehoach("build", tmp_path / "an-lao-2027.yaml", "-o", tmp_path / "out").code == 0
    assert Path(tmp_path / "out" / "an-lao-2027" / "ke-hoach.docx").exists()
