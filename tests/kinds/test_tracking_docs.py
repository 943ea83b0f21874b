"""``kehoach phan-cong`` and ``kehoach tien-do``: documents built from the plan's tasks and statuses."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from helpers import ROOT, docx_paragraphs, table_rows

from generator.domain import tracking
from helpers import load_plan

FIXTURE = ROOT / "tests" / "fixtures" / "tracking" / "theo-doi-2026.yaml"


# --- progress report ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def quarter_one(tmp_path_factory):
    from generator.cli import main

    out = tmp_path_factory.mktemp("tien-do")
    assert main(["tien-do", str(FIXTURE), "--ky", "quy-1", "-o", str(out),
                 "--noi-nhan", "Sở Nội vụ thành phố Hải Phòng"]) == 0
    return out / "theo-doi-2026" / "bao-cao-tien-do-2026-quy-1.docx"


def test_report_header_and_title(quarter_one):
    paragraphs = docx_paragraphs(quarter_one)
    assert "Số: /BC-UBND" in paragraphs
    assert "Nam Đồ Sơn, ngày tháng 3 năm 2026" in paragraphs
    i = paragraphs.index("BÁO CÁO")
    # the period's year stands for the plan's: the title says "năm 2026" once, and breaks before "phường"
    assert paragraphs[i + 1:i + 3] == [
        "Tiến độ thực hiện Kế hoạch cải cách hành chính", "phường Nam Đồ Sơn quý I năm 2026"]
    assert ("Thực hiện Kế hoạch cải cách hành chính phường Nam Đồ Sơn năm 2026 ban hành kèm theo Quyết "
            "định số 12/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch UBND phường Nam Đồ Sơn; Ủy ban nhân "
            "dân phường Nam Đồ Sơn báo cáo tiến độ thực hiện các nhiệm vụ của Kế hoạch quý I năm 2026 (tính "
            "đến ngày 31/3/2026) như sau:") in paragraphs


def test_report_figures_by_status(quarter_one):
    paragraphs = docx_paragraphs(quarter_one)
    i = paragraphs.index("1. Theo trạng thái thực hiện")
    # 2.1 (Quý III, IV/2026) is not in the period; 2.3 (no dates) belongs to every period
    assert paragraphs[i + 1:i + 6] == [
        "Kế hoạch có 7 nhiệm vụ thuộc 2 lĩnh vực; 6 nhiệm vụ có thời gian thực hiện từ ngày 1/1/2026 đến "
        "ngày 31/3/2026. Tính đến ngày 31/3/2026:",
        "- Đã hoàn thành: 2 nhiệm vụ (33,3%), trong đó hoàn thành đúng hạn 1, hoàn thành quá hạn 1;",
        "- Đang thực hiện: 2 nhiệm vụ (33,3%);",
        "- Chưa thực hiện: 2 nhiệm vụ (33,3%);",
        "- Quá hạn nhưng chưa hoàn thành: 1 nhiệm vụ.",
    ]


def test_report_figures_by_field(quarter_one):
    rows = table_rows(quarter_one, 1)   # tables: header block, by field, overdue, done, signature
    assert rows[0][:3] == ["TT", "Lĩnh vực", "Tổng số nhiệm vụ"]
    assert rows[1:] == [
        ["1", "Công tác chỉ đạo, điều hành", "3", "1", "1", "1", "0", "1"],
        ["2", "Cải cách thủ tục hành chính", "3", "0", "0", "1", "2", "0"],
        ["", "Tổng cộng", "6", "1", "1", "2", "2", "1"],
    ]


def test_report_figures_agree_with_task_counts(quarter_one):
    """The inspection report (Phụ lục I) counts with tracking.task_counts: same figures."""
    plan = load_plan(str(FIXTURE))
    counts = tracking.task_counts(plan.tasks, date(2026, 3, 31), tracking.period_scope("quy-1", 2026))
    total_row = table_rows(quarter_one, 1)[-1]
    assert total_row[2:] == [str(v) for v in (counts.total, counts.completed_on_time, counts.completed_late,
                                              counts.in_progress, counts.not_started, counts.overdue)]


def test_report_lists_overdue_and_completed_tasks(quarter_one):
    overdue = table_rows(quarter_one, 2)
    assert overdue == [
        ["Số", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện", "Trạng thái"],
        ["1.3", "Rà soát quy chế làm việc.", "VP", "Tháng 01 năm 2026", "Đang thực hiện"],
    ]
    done = table_rows(quarter_one, 3)
    assert done[1:] == [
        ["1.1", "Xây dựng Kế hoạch tuyên truyền CCHC năm 2026.", "VHXH", "20/03/2026", "Đúng hạn",
         "Đã ban hành Kế hoạch số 15/KH-UBND"],
        ["1.2", "Ban hành Kế hoạch kiểm tra CCHC.", "VHXH", "10/02/2026", "Quá hạn", ""],
    ]


def test_report_signature_and_recipients(quarter_one):
    paragraphs = docx_paragraphs(quarter_one)
    assert paragraphs[-6:] == ["Nơi nhận:", "- Sở Nội vụ thành phố Hải Phòng;", "- Lưu: VT.",
                               "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hoàng Gia Đông"]
    closing = [p for p in paragraphs if p.startswith("Trên đây là báo cáo")]
    assert closing and closing[0].endswith("./.")


def test_half_year_report_counts_task_due_with_its_parts(kehoach, tmp_path):
    r = kehoach("tien-do", FIXTURE, "--ky", "6-thang", "-o", tmp_path)
    assert r.code == 0, r.err
    assert "quá hạn chưa hoàn thành 2" in r.out
    doc = tmp_path / "theo-doi-2026" / "bao-cao-tien-do-2026-6-thang.docx"
    assert [row[0] for row in table_rows(doc, 2)[1:]] == ["1.3", "2.4"]
    assert "phường Nam Đồ Sơn 6 tháng đầu năm 2026" in docx_paragraphs(doc)  # the title's second line


def test_report_on_a_chosen_day(kehoach, tmp_path):
    r = kehoach("tien-do", FIXTURE, "--ngay", "2026-01-31", "-o", tmp_path)
    assert r.code == 0, r.err
    doc = tmp_path / "theo-doi-2026" / "bao-cao-tien-do-2026-01-31.docx"
    paragraphs = docx_paragraphs(doc)
    assert "phường Nam Đồ Sơn năm 2026 tính đến ngày 31/1/2026" in paragraphs   # the title's second line
    assert "Không có nhiệm vụ nào quá hạn." in paragraphs      # 1.3 is due that very day


def test_report_needs_a_period(kehoach, tmp_path):
    r = kehoach("tien-do", FIXTURE, "-o", tmp_path)
    assert r.code == 2 and "Cần --ky" in r.err
    assert not (tmp_path / "theo-doi-2026").exists()


def test_report_is_byte_identical_across_runs(kehoach, tmp_path):
    for name in ("a", "b"):
        assert kehoach("tien-do", FIXTURE, "--ky", "nam", "-o", tmp_path / name).code == 0
    a = (tmp_path / "a" / "theo-doi-2026" / "bao-cao-tien-do-2026-nam.docx").read_bytes()
    assert a == (tmp_path / "b" / "theo-doi-2026" / "bao-cao-tien-do-2026-nam.docx").read_bytes()


def test_report_of_the_city_plan(kehoach, tmp_path):
    r = kehoach("tien-do", ROOT / "plans" / "hai-phong-2026.yaml", "--ky", "quy-3", "-o", tmp_path)
    assert r.code == 0, r.err
    doc = tmp_path / "hai-phong-2026" / "bao-cao-tien-do-2026-quy-3.docx"
    paragraphs = docx_paragraphs(doc)
    i = paragraphs.index("Tiến độ thực hiện Kế hoạch cải cách hành chính nhà nước")
    assert paragraphs[i + 1] == "thành phố Hải Phòng quý III năm 2026"
    # 59 tasks; 4 are due in Quý IV only (Quý IV/2026, Tháng 10/2026, Tháng 11, Tháng 10 hàng năm)
    assert table_rows(doc, 1)[-1][:3] == ["", "Tổng cộng", "55"]


# --- per-office lists ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def assignments(tmp_path_factory):
    from generator.cli import main

    out = tmp_path_factory.mktemp("phan-cong")
    assert main(["phan-cong", str(FIXTURE), "-o", str(out)]) == 0
    return out / "theo-doi-2026" / "phan-cong"


def test_one_document_per_office_with_tasks(assignments):
    assert sorted(p.name for p in assignments.glob("*.docx")) == ["kt.docx", "vhxh.docx", "vp.docx"]


def test_office_document_title_and_tables(assignments):
    doc = assignments / "vp.docx"
    paragraphs = docx_paragraphs(doc)
    i = paragraphs.index("DANH MỤC NHIỆM VỤ ĐƯỢC GIAO")
    assert paragraphs[i + 1] == "Văn phòng HĐND&UBND phường"  # trích yếu: in thường (Nghị định 30)
    assert paragraphs[i + 2].startswith("(Thực hiện Kế hoạch cải cách hành chính phường Nam Đồ Sơn năm 2026")
    assert "I. NHIỆM VỤ CHỦ TRÌ THỰC HIỆN (3 nhiệm vụ)" in paragraphs
    assert "II. NHIỆM VỤ PHỐI HỢP THỰC HIỆN (1 nhiệm vụ)" in paragraphs
    assert not any(p.startswith("Số:") for p in paragraphs)
    lead = table_rows(doc, 1)
    assert lead[0] == ["TT", "Nội dung công việc", "Cơ quan phối hợp", "Sản phẩm", "Thời gian thực hiện"]
    assert lead[1:] == [
        ["I. Công tác chỉ đạo, điều hành"],
        ["1.3", "Rà soát quy chế làm việc.", "Phòng Văn hóa - Xã hội; Phòng Kinh tế, Hạ tầng và Đô thị", "",
         "Tháng 01 năm 2026"],
        ["II. Cải cách thủ tục hành chính"],
        ["2.2", "Theo dõi, đôn đốc giải quyết hồ sơ.", "Phòng Văn hóa - Xã hội", "", "Thường xuyên trong năm."],
        ["2.4", "Tập huấn nghiệp vụ một cửa.", "", "", ""],
        ["", "- Tổ chức lớp tập huấn", "Phòng Kinh tế, Hạ tầng và Đô thị", "", "Trước ngày 15/4/2026"],
    ]
    support = table_rows(doc, 2)
    assert support[0][2] == "Cơ quan chủ trì"
    assert support[1:] == [
        ["I. Công tác chỉ đạo, điều hành"],
        ["1.2", "Ban hành Kế hoạch kiểm tra CCHC.", "Phòng Văn hóa - Xã hội", "",
         "Chậm nhất là ngày 31/01/2026."],
    ]


def test_office_without_support_tasks_says_so(assignments):
    paragraphs = docx_paragraphs(assignments / "kt.docx")
    assert "I. NHIỆM VỤ CHỦ TRÌ THỰC HIỆN (2 nhiệm vụ)" in paragraphs
    assert "II. NHIỆM VỤ PHỐI HỢP THỰC HIỆN (1 nhiệm vụ)" in paragraphs
    vhxh = docx_paragraphs(assignments / "vhxh.docx")
    assert vhxh[-1].endswith("./.")


def test_office_documents_of_one_office_only(kehoach, tmp_path):
    r = kehoach("phan-cong", FIXTURE, "--co-quan", "kt", "-o", tmp_path)
    assert r.code == 0, r.err
    assert [p.name for p in (tmp_path / "theo-doi-2026" / "phan-cong").glob("*.docx")] == ["kt.docx"]
    bad = kehoach("phan-cong", FIXTURE, "--co-quan", "vpp", "-o", tmp_path)
    assert bad.code == 2 and "Có phải ý bạn là 'vp'?" in bad.err


def test_offices_without_tasks_are_reported(kehoach, tmp_path):
    r = kehoach("phan-cong", FIXTURE, "-o", tmp_path)
    assert r.code == 0 and "Không có nhiệm vụ nên không tạo danh mục cho: tt." in r.err


def test_city_plan_office_gets_only_its_part_of_a_split_task(kehoach, tmp_path):
    assert kehoach("phan-cong", ROOT / "plans" / "hai-phong-2026.yaml", "--co-quan", "snv",
                   "-o", tmp_path).code == 0
    rows = table_rows(tmp_path / "hai-phong-2026" / "phan-cong" / "snv.docx", 1)
    first = rows.index(["1", "Ban hành Kế hoạch cải cách hành chính năm 2026", "", "", ""])
    assert rows[first + 1] == ["", "- Thành phố", "Các sở, ban, ngành", "Kế hoạch của UBND thành phố",
                               "Tháng 12/2025"]
    assert rows[first + 2][0] != ""   # the part led by the sở, ngành and UBND cấp xã is not listed
    assert Document(str(tmp_path / "hai-phong-2026" / "phan-cong" / "snv.docx")).sections[0].page_width
