"""Following a five-year plan with recurring tasks end to end: the task table, the progress
reports (one file per period), the Excel round trip by id, the calendar's recurrence rules."""

from __future__ import annotations

import shutil
from datetime import date, datetime

import openpyxl
import pytest
from helpers import FIXTURES, ROOT, docx_paragraphs, load_plan, table_rows
from icalendar import Calendar

from generator.commands import common

FIXTURE = FIXTURES / "tracking" / "dinh-ky-2026-2030.yaml"
ONE_YEAR = FIXTURES / "tracking" / "theo-doi-2026.yaml"
JUNE_10 = "2026-06-10"


@pytest.fixture
def plan_copy(tmp_path):
    path = tmp_path / "dinh-ky-2026-2030.yaml"
    shutil.copyfile(FIXTURE, path)
    return path


def lines_of(out: str) -> list[str]:
    """The table lines that start a row: "1.1   [Quý II/2026] Báo cáo…"."""
    return [" ".join(line.split()) for line in out.splitlines() if line[:1].isdigit() and "." in line.split()[0]]


# --- the task table -------------------------------------------------------------------------

def test_overdue_on_10_june_is_the_q2_report_not_the_q1_one(kehoach):
    r = kehoach("tasks", FIXTURE, "--ngay", JUNE_10, "--qua-han")
    assert r.code == 0, r.err
    rows = lines_of(r.out)
    assert [row.split("]")[0] for row in rows] == [
        "1.1 [Quý II/2026", "2.1 [Tháng 03/2026", "2.1 [Tháng 04/2026", "2.1 [Tháng 05/2026"]
    assert "03/06/2026" in rows[0]
    assert "2/6 nhiệm vụ, 4 kỳ (năm 2026; quá hạn)" in " ".join(r.out.split())


def test_a_quarter_of_a_later_year_shows_that_years_occurrences(kehoach):
    r = kehoach("tasks", FIXTURE, "--quy", "2", "--nam", "2028", "--ngay", JUNE_10)
    assert r.code == 0, r.err
    shown = " ".join(r.out.split())
    for expected in ("[Quý II/2028] Báo cáo kết quả", "[Năm 2028] Tự đánh giá", "[Tháng 04/2028]",
                     "[Tháng 06/2028]", "[6 tháng đầu năm 2028]", "Kiểm tra công tác cải cách"):
        assert expected in shown, expected
    assert "2031-2035" not in shown                       # due in Quý IV/2030 only
    assert "5/6 nhiệm vụ, 7 kỳ (quý 2/2028)" in shown


def test_done_in_2026_does_not_count_as_done_in_2028(kehoach):
    r = kehoach("tasks", FIXTURE, "--nam", "2028", "--ngay", "2028-12-31", "--trang-thai", "hoan_thanh")
    assert r.code == 0 and lines_of(r.out) == []
    r = kehoach("tasks", FIXTURE, "--nam", "2026", "--ngay", "2026-12-31", "--trang-thai", "hoan_thanh")
    assert "[Năm 2026] Tự đánh giá" in " ".join(r.out.split())


def test_a_completion_after_the_day_asked_about_is_not_yet_done(kehoach):
    # the yearly self-assessment of 2026 was done on 20/12/2026
    before = kehoach("tasks", FIXTURE, "--nam", "2026", "--ngay", "2026-12-19", "--trang-thai", "hoan_thanh")
    assert "Tự đánh giá" not in before.out
    after = kehoach("tasks", FIXTURE, "--nam", "2026", "--ngay", "2026-12-20", "--trang-thai", "hoan_thanh")
    assert "Tự đánh giá" in after.out


def test_the_office_can_be_named_by_its_short_name(kehoach):
    by_short = kehoach("tasks", FIXTURE, "--co-quan", "VP", "--ngay", JUNE_10)
    by_key = kehoach("tasks", FIXTURE, "--co-quan", "vp", "--ngay", JUNE_10)
    assert by_short.code == 0 and by_short.out == by_key.out
    vhxh = kehoach("tasks", ONE_YEAR, "--co-quan", "VHXH", "--ngay", "2026-03-31")
    assert vhxh.code == 0 and "cơ quan VHXH chủ trì/phối hợp" in " ".join(vhxh.out.split())
    wrong = kehoach("tasks", ONE_YEAR, "--co-quan", "VHX")
    assert wrong.code == 2 and "vhxh (VHXH)" in wrong.err


# --- progress reports -----------------------------------------------------------------------

def test_one_report_file_per_year_and_period(kehoach, tmp_path):
    for year in ("2026", "2027"):
        r = kehoach("tien-do", FIXTURE, "--ky", "nam", "--nam", year, "-o", tmp_path)
        assert r.code == 0, r.err
    r = kehoach("tien-do", FIXTURE, "--ky", "6-thang", "--nam", "2026", "-o", tmp_path)
    assert r.code == 0, r.err
    folder = tmp_path / "dinh-ky-2026-2030"
    assert sorted(p.name for p in folder.glob("*.docx")) == [
        "bao-cao-tien-do-2026-6-thang.docx", "bao-cao-tien-do-2026-nam.docx", "bao-cao-tien-do-2027-nam.docx"]
    paragraphs = docx_paragraphs(folder / "bao-cao-tien-do-2027-nam.docx")
    title = " ".join(paragraphs[paragraphs.index("BÁO CÁO") + 1:][:3])
    assert title.startswith("Tiến độ thực hiện Kế hoạch") and "năm 2027" in title
    line = next(p for p in paragraphs if p.startswith("Kế hoạch có 6 nhiệm vụ"))
    # 2027: 4 quarterly, 1 yearly, 12 monthly, 2 half-yearly occurrences and the ongoing inspection
    assert "20 lượt thực hiện của 5 nhiệm vụ có thời gian thực hiện từ ngày 1/1/2027 đến ngày 31/12/2027" in line
    # nothing of 2027 was done: on 31/12 every occurrence due before is overdue (4 quarters, 12 months,
    # the first half); the year and the second half are due that very day
    assert "- Quá hạn nhưng chưa hoàn thành: 17 lượt." in paragraphs


def test_the_half_year_report_lists_each_overdue_occurrence(kehoach, tmp_path):
    assert kehoach("tien-do", FIXTURE, "--ky", "6-thang", "--nam", "2026", "-o", tmp_path).code == 0
    doc = tmp_path / "dinh-ky-2026-2030" / "bao-cao-tien-do-2026-6-thang.docx"
    overdue = table_rows(doc, 2)[1:]
    assert [(r[0], r[1]) for r in overdue] == [
        ("1.1", "Báo cáo kết quả cải cách hành chính quý. (kỳ Quý II/2026)"),
        ("2.1", "Cập nhật danh mục dịch vụ công trực tuyến. (kỳ Tháng 03/2026)"),
        ("2.1", "Cập nhật danh mục dịch vụ công trực tuyến. (kỳ Tháng 04/2026)"),
        ("2.1", "Cập nhật danh mục dịch vụ công trực tuyến. (kỳ Tháng 05/2026)"),
        ("2.1", "Cập nhật danh mục dịch vụ công trực tuyến. (kỳ Tháng 06/2026)"),
    ]
    assert overdue[0][3] == "Hằng quý, trước ngày 03 tháng cuối quý; hạn 03/06/2026"
    done = table_rows(doc, 3)[1:]
    assert [(r[1], r[3], r[4]) for r in done] == [
        ("Báo cáo kết quả cải cách hành chính quý. (kỳ Quý I/2026)", "02/03/2026", "Đúng hạn"),
        ("Cập nhật danh mục dịch vụ công trực tuyến. (kỳ Tháng 01/2026)", "19/01/2026", "Đúng hạn"),
        ("Cập nhật danh mục dịch vụ công trực tuyến. (kỳ Tháng 02/2026)", "23/02/2026", "Quá hạn"),
    ]


def test_a_year_outside_the_plan_is_refused_and_nothing_is_written(kehoach, tmp_path):
    r = kehoach("tien-do", FIXTURE, "--ky", "nam", "--nam", "2031", "-o", tmp_path)
    assert r.code == 2
    assert r.err.strip() == (f"{FIXTURE}: --nam 2031 nằm ngoài kế hoạch giai đoạn 2026–2030: chọn một năm từ "
                             "2026 đến 2030.")
    assert not list(tmp_path.iterdir())
    r = kehoach("tien-do", ONE_YEAR, "--ngay", "2027-01-15", "-o", tmp_path)
    assert r.code == 2 and "--ngay 2027 nằm ngoài kế hoạch năm 2026" in r.err
    late = kehoach("tien-do", ONE_YEAR, "--ngay", "2027-01-15", "--nam", "2026", "-o", tmp_path)
    assert late.code == 0, late.err
    assert (tmp_path / "theo-doi-2026" / "bao-cao-tien-do-2027-01-15-nam-2026.docx").exists()


@pytest.mark.parametrize("today, written", [
    (date(2027, 3, 5), "bao-cao-tien-do-2027-quy-1.docx"),
    (date(2029, 11, 1), "bao-cao-tien-do-2029-quy-1.docx"),
])
def test_the_year_defaults_to_this_year_within_the_plan(kehoach, tmp_path, monkeypatch, today, written):
    monkeypatch.setattr(common, "today", lambda: today)
    r = kehoach("tien-do", FIXTURE, "--ky", "quy-1", "-o", tmp_path)
    assert r.code == 0, r.err
    assert [p.name for p in (tmp_path / "dinh-ky-2026-2030").glob("*.docx")] == [written]


def test_outside_a_five_year_plan_the_year_must_be_given(kehoach, tmp_path, monkeypatch):
    monkeypatch.setattr(common, "today", lambda: date(2035, 1, 1))
    r = kehoach("tien-do", FIXTURE, "--ky", "nam", "-o", tmp_path)
    assert r.code == 2 and "không có năm nay (2035): chọn năm bằng --nam 2026…2030" in r.err
    # a one-year plan keeps its year
    assert kehoach("tien-do", ONE_YEAR, "--ky", "nam", "-o", tmp_path).code == 0
    assert (tmp_path / "theo-doi-2026" / "bao-cao-tien-do-2026-nam.docx").exists()


def test_a_task_finished_on_10_april_is_not_done_in_the_first_quarter_report(kehoach, tmp_path):
    text = ONE_YEAR.read_text(encoding="utf-8").replace(
        "        trang_thai: dang_thuc_hien\n  - linh_vuc", "        trang_thai: hoan_thanh\n"
        "        ngay_hoan_thanh: 2026-04-10\n  - linh_vuc")
    plan = tmp_path / "theo-doi-2026.yaml"
    plan.write_text(text, encoding="utf-8")
    assert kehoach("tien-do", plan, "--ky", "quy-1", "-o", tmp_path / "out").code == 0
    q1 = docx_paragraphs(tmp_path / "out" / "theo-doi-2026" / "bao-cao-tien-do-2026-quy-1.docx")
    assert "- Đã hoàn thành: 2 nhiệm vụ (33,3%), trong đó hoàn thành đúng hạn 1, hoàn thành quá hạn 1;" in q1
    assert "- Quá hạn nhưng chưa hoàn thành: 1 nhiệm vụ." in q1          # 1.3, done later, on 10/4
    assert kehoach("tien-do", plan, "--ky", "6-thang", "-o", tmp_path / "out").code == 0
    h1 = docx_paragraphs(tmp_path / "out" / "theo-doi-2026" / "bao-cao-tien-do-2026-6-thang.docx")
    assert "- Đã hoàn thành: 3 nhiệm vụ (50%), trong đó hoàn thành đúng hạn 1, hoàn thành quá hạn 2;" in h1


# --- the workbook round trip ----------------------------------------------------------------

def _set(path, sheet, row_id, **cells):
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    found = False
    for row in ws.iter_rows(min_row=2):
        if row[0].value == row_id:
            found = True
            for name, value in cells.items():
                row[header.index(name)].value = value
    assert found, row_id
    wb.save(path)


def _ids(path, sheet="Tất cả nhiệm vụ") -> list[str]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]


def test_the_workbook_has_a_row_per_occurrence_with_stable_ids(kehoach, tmp_path):
    book = tmp_path / "so.xlsx"
    r = kehoach("tasks", FIXTURE, "--xlsx", book, "--ngay", JUNE_10)
    assert r.code == 0, r.err
    assert "5 nhiệm vụ, 20 dòng" in r.out and "năm 2026" in r.out
    ids = _ids(book)
    assert ids[:5] == ["bao-cao-quy@2026-Q1", "bao-cao-quy@2026-Q2", "bao-cao-quy@2026-Q3", "bao-cao-quy@2026-Q4",
                       ids[4]]
    assert ids[4].startswith("#") and ids[4].endswith("@2026")
    wb = openpyxl.load_workbook(book)
    # no sheet for the generic group "Các cơ quan, đơn vị có liên quan"
    assert wb.sheetnames == ["Tất cả nhiệm vụ", "CCHC", "VP", "_kehoach"]
    ws = wb["Tất cả nhiệm vụ"]
    header = [c.value for c in ws[1]]
    assert [r[header.index("Kỳ")] for r in ws.iter_rows(min_row=2, max_row=3, values_only=True)] == [
        "Quý I/2026", "Quý II/2026"]
    # the plan's identity, in the very hidden sheet
    base = {r[0]: r[1] for r in wb["_kehoach"].iter_rows(values_only=True) if r[0]}
    assert base["ke_hoach"] == "dinh-ky-2026-2030.yaml" and base["co_quan"] == "Sở Nội vụ"
    assert base["giai_doan"] == "2026-2030" and base["pham_vi"] == "năm 2026"
    assert base["dau_van_tay"] == load_plan(FIXTURE).tasks_digest
    # cached values of the "Tiến độ" formulas: what Excel shows on the export day
    cached = openpyxl.load_workbook(book, data_only=True)["Tất cả nhiệm vụ"]
    progress = [r[header.index("Tiến độ")] for r in cached.iter_rows(min_row=2, max_row=7, values_only=True)]
    assert progress == ["Hoàn thành đúng hạn", "Quá hạn", "Đang trong hạn", "Đang trong hạn", "Hoàn thành đúng hạn",
                        "Thực hiện thường xuyên"]
    assert not wb.calculation.fullCalcOnLoad


def test_the_workbook_of_another_year(kehoach, tmp_path):
    book = tmp_path / "so-2028.xlsx"
    assert kehoach("tasks", FIXTURE, "--nam", "2028", "--xlsx", book, "--ngay", JUNE_10).code == 0
    ids = _ids(book)
    assert ids[0] == "bao-cao-quy@2028-Q1" and not [i for i in ids if "@2026" in i]


def test_import_after_inserting_a_task_writes_every_status_to_the_right_task(kehoach, plan_copy, tmp_path):
    book = tmp_path / "so.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book, "--ngay", JUNE_10).code == 0
    before = load_plan(plan_copy)
    inspection, monthly, half = (next(t for t in before.tasks if t.code == c) for c in ("1.3", "2.1", "2.2"))
    _set(book, "Tất cả nhiệm vụ", "bao-cao-quy@2026-Q2",
         **{"Trạng thái": "Hoàn thành", "Ngày hoàn thành": datetime(2026, 6, 2)})
    _set(book, "VP", f"{monthly.ident}@2026-03", **{"Ngày hoàn thành": "18/03/2026", "Kết quả": "Cập nhật 12 dịch vụ"})
    _set(book, "Tất cả nhiệm vụ", inspection.ident, **{"Kết quả": "Kiểm tra 3 phòng"})
    _set(book, "CCHC", f"{half.ident}@2026-H1", **{"Trạng thái": "Đang thực hiện"})
    # meanwhile a task is inserted at the top of the plan: every number below it moves
    text = plan_copy.read_text(encoding="utf-8")
    plan_copy.write_text(text.replace("    nhiem_vu:\n      # 1.1", '    nhiem_vu:\n      - noi_dung: "Nhiệm vụ chèn '
                                      'thêm."\n        chu_tri: vp\n        thoi_gian: "Quý III/2026"\n      # 1.1', 1),
                         encoding="utf-8")
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 0, r.err
    assert "các dòng được khớp theo cột “Mã”" in r.out
    assert ("1.2 [Quý II/2026] (bao-cao-quy) “Báo cáo kết quả cải cách hành chính quý.”: trạng thái: Đang thực hiện "
            "→ Hoàn thành [trang 'Tất cả nhiệm vụ', dòng 3]") in r.out
    assert "1.4 “Kiểm tra công tác cải cách hành chính.”: kết quả: (trống) → “Kiểm tra 3 phòng”" in r.out
    after = load_plan(plan_copy)
    by_text = {t.content: t for t in after.tasks}
    report = by_text["Báo cáo kết quả cải cách hành chính quý."]
    assert report.code == "1.2"
    assert (report.record("2026-Q2").declared, report.record("2026-Q2").completed_on) == ("hoan_thanh", date(2026, 6, 2))
    assert report.record("2026-Q1").completed_on == date(2026, 3, 2)          # untouched
    monthly_after = by_text["Cập nhật danh mục dịch vụ công trực tuyến."]
    assert monthly_after.record("2026-03").completed_on == date(2026, 3, 18)
    assert monthly_after.record("2026-03").result == "Cập nhật 12 dịch vụ"
    assert by_text["Kiểm tra công tác cải cách hành chính."].result == "Kiểm tra 3 phòng"
    assert by_text["Báo cáo sơ kết 6 tháng."].record("2026-H1").declared == "dang_thuc_hien"
    assert by_text["Nhiệm vụ chèn thêm."].own_record.empty
    written = plan_copy.read_text(encoding="utf-8")
    assert '          "2026-Q2": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-06-02}\n' in written
    assert ('          "2026-03": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-03-18, ket_qua: "Cập nhật 12 dịch '
            'vụ"}\n') in written
    assert '        ky:\n          "2026-H1": {trang_thai: dang_thuc_hien}\n' in written
    assert "# 1.1 hằng quý, hạn 03/3, 03/6, 03/9, 03/12 mỗi năm" in written          # comments kept
    again = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert again.code == 0 and "không có gì thay đổi" in again.out


def test_a_status_written_once_for_a_recurring_task_moves_whole_into_its_occurrence(kehoach, plan_copy, tmp_path):
    # an older file: one status for the whole half-yearly task, read as that of 2026-H1
    text = plan_copy.read_text(encoding="utf-8")
    plan_copy.write_text(text.replace(
        '        thoi_gian: "Định kỳ 6 tháng"\n',
        '        thoi_gian: "Định kỳ 6 tháng"\n        trang_thai: hoan_thanh\n        ngay_hoan_thanh: 2026-06-25\n'),
        encoding="utf-8")
    book = tmp_path / "so.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book, "--ngay", JUNE_10).code == 0
    half = next(t for t in load_plan(plan_copy).tasks if t.content == "Báo cáo sơ kết 6 tháng.")
    _set(book, "Tất cả nhiệm vụ", f"{half.ident}@2026-H1", **{"Kết quả": "Báo cáo số 120/BC-SNV"})
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 0, r.err
    assert 'trạng thái ghi chung cho nhiệm vụ được chuyển vào ky "2026-H1"' in r.out
    block = plan_copy.read_text(encoding="utf-8").split("Báo cáo sơ kết 6 tháng.")[1]
    assert block == ('"\n        chu_tri: cchc\n        thoi_gian: "Định kỳ 6 tháng"\n        ky:\n'
                     '          "2026-H1": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-06-25, '
                     'ket_qua: "Báo cáo số 120/BC-SNV"}\n')
    after = kehoach("validate", plan_copy)
    assert after.code == 0 and "ghi chung" not in after.out + after.err   # no warning left
    record = next(t for t in load_plan(plan_copy).tasks if t.content == half.content).record("2026-H1")
    assert (record.declared, record.completed_on, record.result) == ("hoan_thanh", date(2026, 6, 25),
                                                                     "Báo cáo số 120/BC-SNV")


def test_a_workbook_from_another_plan_is_refused_in_one_line(kehoach, plan_copy, tmp_path):
    book = tmp_path / "so.xlsx"
    assert kehoach("tasks", ROOT / "plans" / "nam-do-son-2026.yaml", "--xlsx", book).code == 0
    before = plan_copy.read_bytes()
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 2
    assert r.err.strip().splitlines() == [
        f"{book}: tệp Excel này xuất từ kế hoạch khác: “nam-do-son-2026.yaml” của Ủy ban nhân dân phường Nam Đồ "
        "Sơn, năm 2026 — không phải “dinh-ky-2026-2030.yaml” của Sở Nội vụ, giai đoạn 2026–2030; không ghi gì."]
    assert plan_copy.read_bytes() == before


def test_a_renamed_plan_file_needs_force(kehoach, plan_copy, tmp_path):
    book = tmp_path / "so.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book, "--ngay", JUNE_10).code == 0
    renamed = plan_copy.with_name("ke-hoach-so-noi-vu.yaml")
    plan_copy.rename(renamed)
    _set(book, "Tất cả nhiệm vụ", "bao-cao-quy@2026-Q2", **{"Trạng thái": "Hoàn thành"})
    refused = kehoach("tasks", "--nhap-xlsx", book, renamed)
    assert refused.code == 2 and "Nếu chỉ đổi tên tệp kế hoạch, chạy lại với --force." in refused.err
    assert kehoach("tasks", "--nhap-xlsx", book, renamed, "--force").code == 0


def test_a_workbook_without_the_plans_identity_is_refused(kehoach, plan_copy, tmp_path):
    book = tmp_path / "so.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book, "--ngay", JUNE_10).code == 0
    wb = openpyxl.load_workbook(book)
    del wb["_kehoach"]
    wb.save(book)
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 2 and "không ghi kế hoạch nào đã xuất ra nó" in r.err and len(r.err.strip().splitlines()) == 1


def test_a_row_without_id_is_matched_by_number_only_when_the_plan_is_unchanged(kehoach, plan_copy, tmp_path):
    book = tmp_path / "so.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book, "--ngay", JUNE_10).code == 0
    _set(book, "Tất cả nhiệm vụ", "bao-cao-quy@2026-Q3", **{"Mã": None, "Trạng thái": "Đang thực hiện"})
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy, "--xem-truoc")
    assert r.code == 0 and "1.1 [Quý III/2026] (bao-cao-quy)" in r.out
    plan_copy.write_text(plan_copy.read_text(encoding="utf-8").replace("Quý IV/2030", "Quý III/2030"),
                         encoding="utf-8")
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 2 and "dòng không có “Mã”, mà danh sách nhiệm vụ đã thay đổi" in r.err


def test_gan_ma_gives_every_task_a_stable_id_and_keeps_comments(kehoach, plan_copy, tmp_path):
    book = tmp_path / "so.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book, "--ngay", JUNE_10).code == 0   # before the ids
    preview = kehoach("tasks", plan_copy, "--gan-ma", "--xem-truoc")
    assert preview.code == 0 and "Xem trước: gán mã cho 5 nhiệm vụ" in preview.out
    r = kehoach("tasks", plan_copy, "--gan-ma")
    assert r.code == 0, r.err
    assert "1.2: ma: tu-danh-gia-cham-diem-chi-so-cai" in r.out
    text = plan_copy.read_text(encoding="utf-8")
    assert ('      - noi_dung: "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính."\n'
            "        ma: tu-danh-gia-cham-diem-chi-so-cai\n") in text
    assert "      # 1.2 hằng năm, mỗi năm một kỳ; năm 2026 xong ngày 20/12\n" in text
    assert "        ma: bao-cao-quy\n" in text and text.count("        ma: ") == 6
    assert [t.stable_id for t in load_plan(plan_copy).tasks][0] == "bao-cao-quy"
    assert "mọi nhiệm vụ (6) đã có mã" in kehoach("tasks", plan_copy, "--gan-ma").out
    # a workbook made before the ids were given still finds its tasks
    monthly = next(i for i in _ids(book) if i.endswith("@2026-04"))
    _set(book, "Tất cả nhiệm vụ", monthly, **{"Trạng thái": "Hoàn thành", "Ngày hoàn thành": datetime(2026, 4, 18)})
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 0, r.err
    assert load_plan(plan_copy).tasks[4].record("2026-04").completed_on == date(2026, 4, 18)


# --- calendar -------------------------------------------------------------------------------

def test_the_calendar_uses_recurrence_rules_and_no_event_without_a_deadline(kehoach, tmp_path):
    out = tmp_path / "han.ics"
    r = kehoach("tasks", FIXTURE, "--nam", "2026", "--ics", out)
    assert r.code == 0, r.err
    assert "(4 sự kiện; 1 nhiệm vụ không có hạn cụ thể)" in r.out
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    masters = {str(e["SUMMARY"]).split(". ")[0]: e for e in events if "RRULE" in e}
    assert sorted(masters) == ["[CCHC] 1.1", "[CCHC] 2.2", "[VP] 2.1"]
    quarterly = masters["[CCHC] 1.1"]
    assert quarterly.decoded("DTSTART") == date(2026, 3, 3)
    rule = quarterly["RRULE"]
    assert (rule["FREQ"], rule["INTERVAL"], rule["BYMONTHDAY"], rule["COUNT"]) == (["MONTHLY"], [3], [3], [4])
    assert masters["[VP] 2.1"]["RRULE"]["BYMONTHDAY"] == [20]
    assert masters["[CCHC] 2.2"]["RRULE"]["BYMONTHDAY"] == [-1] and masters["[CCHC] 2.2"]["RRULE"]["INTERVAL"] == [6]
    # the occurrence already done is an override of the series: ticked, no reminder
    done = [e for e in events if "RECURRENCE-ID" in e and e["UID"] == quarterly["UID"]]
    assert len(done) == 1 and done[0].decoded("RECURRENCE-ID") == date(2026, 3, 3)
    assert str(done[0]["SUMMARY"]).startswith("✔ ") and done[0].walk("VALARM") == []
    # "Định kỳ, đột xuất" has no deadline: no event; "Quý IV/2030" is not in 2026
    assert not [e for e in events if "Kiểm tra công tác" in str(e["SUMMARY"])]


def test_every_occurrence_of_the_plan_period_in_one_calendar(kehoach, tmp_path, monkeypatch):
    monkeypatch.setattr(common, "today", lambda: date(2040, 1, 1))   # outside the plan: the whole period
    out = tmp_path / "han.ics"
    assert kehoach("tasks", FIXTURE, "--ics", out).code == 0
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    quarterly = next(e for e in events if "RRULE" in e and "1.1." in str(e["SUMMARY"]))
    assert quarterly["RRULE"]["COUNT"] == [20]
    once = next(e for e in events if "2031-2035" in str(e["SUMMARY"]))
    assert once.decoded("DTSTART") == date(2030, 12, 31)


def _calendar_uids(kehoach, tmp_path, name: str, text: str) -> set[str]:
    plan = tmp_path / name
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.ics"
    r = kehoach("tasks", plan, "--ics", out, "--ngay", "2026-01-01")
    assert r.code == 0, r.err
    return {str(e["UID"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}


def test_calendar_uids_never_meet_across_plans_and_tasks(kehoach, tmp_path):
    text = ONE_YEAR.read_text(encoding="utf-8")
    spaced = _calendar_uids(kehoach, tmp_path, "a b.yaml", text)
    dashed = _calendar_uids(kehoach, tmp_path, "a-b.yaml", text)
    assert spaced and dashed and not spaced & dashed
    # ma "tuyen_truyen" and "tuyen-truyen"; ma "nv-1-2" and the task numbered 1.2
    variants = text.replace("ma: tuyen-truyen", "ma: nv-1-2").replace(
        "        ma: don-doc\n", "        ma: tuyen_truyen\n")
    variants = variants.replace('      - noi_dung: "Triển khai các nhiệm vụ theo chỉ đạo của thành phố."\n',
                                '      - noi_dung: "Triển khai các nhiệm vụ theo chỉ đạo của thành phố."\n'
                                '        ma: tuyen-truyen\n        thoi_gian: "Quý II/2026"\n').replace(
        '        chu_tri: vhxh\n        thoi_gian: "Theo Kế hoạch của thành phố."\n', "        chu_tri: vhxh\n")
    uids = _calendar_uids(kehoach, tmp_path, "c.yaml", variants)
    assert len(uids) == 6
    assert len({u.split(".", 1)[1] for u in uids}) == 6


def test_a_deadline_in_the_year_9999_does_not_break_the_calendar(kehoach, tmp_path):
    text = ONE_YEAR.read_text(encoding="utf-8").replace('thoi_gian: "Quý I/2026"', 'thoi_gian: "Quý IV/9999"')
    plan = tmp_path / "xa.yaml"
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "xa.ics"
    r = kehoach("tasks", plan, "--ics", out, "--xlsx", tmp_path / "xa.xlsx", "--nam", "9999")
    assert r.code == 0, r.err
    assert "nằm ngoài năm 2026 của kế hoạch" in r.err      # the plan reader says so
    far = [e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT") if e.decoded("DTSTART").year == 9999]
    assert far and far[0].decoded("DTSTART") == date(9999, 12, 31) and "DTEND" not in far[0]


# --- smaller items --------------------------------------------------------------------------

def test_a_generic_group_gets_no_phan_cong_document(kehoach, tmp_path):
    r = kehoach("phan-cong", FIXTURE, "-o", tmp_path)
    assert r.code == 0, r.err
    assert sorted(p.name for p in (tmp_path / "dinh-ky-2026-2030" / "phan-cong").glob("*.docx")) == ["cchc.docx", "vp.docx"]
    assert "Nhóm chung, không tạo danh mục riêng" in r.out + r.err and "lien_quan" in r.out + r.err
    nam_do_son = kehoach("phan-cong", ROOT / "plans" / "nam-do-son-2026.yaml", "-o", tmp_path)
    assert nam_do_son.code == 0
    assert not (tmp_path / "nam-do-son-2026" / "phan-cong" / "cac_don_vi.docx").exists()
    assert kehoach("phan-cong", FIXTURE, "--co-quan", "VP", "-o", tmp_path / "vp").code == 0


def test_the_phan_cong_subtitle_of_a_standalone_plan_has_one_closing_parenthesis(kehoach, tmp_path):
    assert kehoach("phan-cong", FIXTURE, "--co-quan", "cchc", "-o", tmp_path).code == 0
    paragraphs = docx_paragraphs(tmp_path / "dinh-ky-2026-2030" / "phan-cong" / "cchc.docx")
    subtitle = next(p for p in paragraphs if p.startswith("(Thực hiện"))
    assert subtitle == ("(Thực hiện Kế hoạch số 07/KH-SNV ngày 5/1/2026 của Sở Nội vụ về cải cách hành chính của Sở "
                        "Nội vụ giai đoạn 2026-2030)")


def test_sheet_names_are_cut_on_a_word_boundary(kehoach, tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        'vp: {ten: "Văn phòng Sở", ten_ngan: "VP"}',
        'vp: {ten: "Trung tâm Phục vụ hành chính công và Chuyển đổi số"}')
    plan = tmp_path / "ten-dai.yaml"
    plan.write_text(text, encoding="utf-8")
    book = tmp_path / "so.xlsx"
    assert kehoach("tasks", plan, "--xlsx", book).code == 0
    names = openpyxl.load_workbook(book).sheetnames
    assert "Trung tâm Phục vụ hành chính…" in names and all(len(n) <= 31 for n in names)
