"""``kehoach tasks``: the terminal table and its filters, the Excel round trip, the calendar."""

from __future__ import annotations

import difflib
import shutil
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from helpers import FIXTURES, ROOT
from icalendar import Calendar

FIXTURE = ROOT / "tests" / "fixtures" / "tracking" / "theo-doi-2026.yaml"
Q1_END = "2026-03-31"


@pytest.fixture
def plan_copy(tmp_path):
    path = tmp_path / "theo-doi-2026.yaml"
    shutil.copyfile(FIXTURE, path)
    return path


def numbers(out: str) -> list[str]:
    """Return the task numbers of a printed table (first cell of the task lines)."""
    found = []
    for line in out.splitlines():
        first = line.split(maxsplit=1)[0] if line.strip() else ""
        if first[:1].isdigit() and "." in first and not first.endswith("2026"):
            found.append(first)
    return found


# --- terminal table -----------------------------------------------------------------------

def test_table_lists_every_task_with_number_office_due_and_status(kehoach):
    r = kehoach("tasks", FIXTURE, "--ngay", Q1_END)
    assert r.code == 0, r.err
    assert numbers(r.out) == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4"]
    line = next(line for line in r.out.splitlines() if line.startswith("1.3"))
    assert "VP" in line and "31/01/2026" in line and "Đang thực hiện" in line
    assert "quá hạn" in r.out
    assert "Theo Kế" in r.out                       # no date: the wording is shown
    assert "15/04/2026" in r.out                    # 2.4: due with its last part
    assert ("hoàn thành 2 (đúng hạn 1, quá hạn 1); đang thực hiện 2; chưa thực hiện 3; "
            "quá hạn chưa hoàn thành 1.") in " ".join(r.out.split())
    assert "\x1b[" not in r.out                     # no colour codes when not a terminal


def test_table_of_an_annex_plan_uses_the_annex_numbers(kehoach):
    r = kehoach("tasks", ROOT / "plans" / "hai-phong-2026.yaml", "--co-quan", "syt", "--ngay", Q1_END)
    assert r.code == 0, r.err
    first_cells = [line.split()[0] for line in r.out.splitlines() if line[:4].strip().isdigit()]
    assert first_cells and all("." not in c for c in first_cells)


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--co-quan", "kt"], ["1.3", "2.1", "2.4"]),          # lead, support, part
        (["--co-quan", "vhxh"], ["1.1", "1.2", "1.3", "2.2", "2.3"]),
        (["--quy", "2"], ["2.2", "2.4"]),
        (["--quy", "IV"], ["2.1", "2.2"]),
        (["--qua-han"], ["1.3"]),
        (["--qua-han", "--ngay", "2026-06-30"], ["1.3", "2.4"]),
        (["--trang-thai", "dang_thuc_hien"], ["1.3", "2.2"]),
        (["--trang-thai", "hoan_thanh_qua_han,khong_xac_dinh"], ["1.2", "2.3"]),
        (["--co-quan", "vp", "--qua-han"], ["1.3"]),
    ],
)
def test_filters(kehoach, args, expected):
    r = kehoach("tasks", FIXTURE, "--ngay", Q1_END, *args)
    assert r.code == 0, r.err
    assert numbers(r.out) == expected


def test_unknown_office_key_is_refused_with_a_suggestion(kehoach):
    r = kehoach("tasks", FIXTURE, "--co-quan", "vhx")
    assert r.code == 2
    assert "không có cơ quan mã 'vhx'" in r.err and "Có phải ý bạn là 'vhxh'?" in r.err


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--quy", "5"], "quý “5” không có"),
        (["--ngay", "31/03/2026"], "không đúng dạng YYYY-MM-DD"),
    ],
)
def test_bad_option_values_are_refused_by_the_parser(kehoach, capsys, args, fragment):
    with pytest.raises(SystemExit) as info:
        kehoach("tasks", FIXTURE, *args)
    assert info.value.code == 2
    assert fragment in capsys.readouterr().err


def test_unknown_status_is_refused(kehoach):
    r = kehoach("tasks", FIXTURE, "--trang-thai", "xong")
    assert r.code == 2 and "Trạng thái “xong” không có" in r.err


# --- Excel --------------------------------------------------------------------------------

def test_workbook_layout(kehoach, tmp_path):
    out = tmp_path / "theo-doi.xlsx"
    r = kehoach("tasks", FIXTURE, "--xlsx", out)
    assert r.code == 0, r.err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tất cả nhiệm vụ", "VHXH", "VP", "KTHTĐT", "_kehoach"]
    assert wb["_kehoach"].sheet_state == "veryHidden"
    ws = wb["Tất cả nhiệm vụ"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Mã", "Số", "Kỳ", "Lĩnh vực", "Nội dung công việc"]
    col = {h: i for i, h in enumerate(header)}
    assert ws.freeze_panes == "D2"
    assert ws.auto_filter.ref == "A1:N8"
    assert ws.column_dimensions["E"].width == 60
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[col["Số"]] for r in rows] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4"]
    first = rows[0]
    # the frozen "Mã" column is filled: the task's ma, else a digest of its content
    assert first[col["Mã"]] == "tuyen-truyen"
    assert all(r[col["Mã"]] for r in rows) and rows[1][col["Mã"]].startswith("#")
    assert first[col["Hạn hoàn thành"]] == datetime(2026, 3, 31)       # a real date
    assert first[col["Ngày hoàn thành"]] == datetime(2026, 3, 20)
    assert ws.cell(row=2, column=col["Hạn hoàn thành"] + 1).number_format == "dd/mm/yyyy"
    assert first[col["Trạng thái"]] == "Hoàn thành"
    assert rows[3][col["Trạng thái"]] == "Chưa thực hiện"
    assert rows[6][col["Cơ quan chủ trì"]] == "KTHTĐT, VP"
    assert str(first[col["Tiến độ"]]).startswith("=IF(")
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == '"Chưa thực hiện,Đang thực hiện,Hoàn thành"'
    assert str(lists[0].sqref) == "K2:K8"
    # one sheet per lead office: VP leads 1.3, 2.2 and a part of 2.4
    assert [r[1] for r in wb["VP"].iter_rows(min_row=2, values_only=True)] == ["1.3", "2.2", "2.4"]


def test_workbook_and_calendar_are_byte_identical_across_runs(kehoach, tmp_path):
    for name in ("a", "b"):
        assert kehoach("tasks", FIXTURE, "--xlsx", tmp_path / f"{name}.xlsx",
                       "--ics", tmp_path / f"{name}.ics").code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert (tmp_path / "a.ics").read_bytes() == (tmp_path / "b.ics").read_bytes()


def test_export_does_not_overwrite_a_filled_workbook(kehoach, tmp_path):
    out = tmp_path / "theo-doi.xlsx"
    assert kehoach("tasks", FIXTURE, "--xlsx", out).code == 0
    wb = openpyxl.load_workbook(out)
    wb["Tất cả nhiệm vụ"]["L3"] = "đã điền"
    wb.save(out)
    r = kehoach("tasks", FIXTURE, "--xlsx", out)
    assert r.code == 2 and "--force" in r.err
    assert openpyxl.load_workbook(out)["Tất cả nhiệm vụ"]["L3"].value == "đã điền"
    assert kehoach("tasks", FIXTURE, "--xlsx", out, "--force").code == 0


def _fill(path, sheet, number, **cells):
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("Số")].value == number:
            for name, value in cells.items():
                row[header.index(name)].value = value
    wb.save(path)


def test_round_trip_updates_only_what_changed_and_keeps_comments(kehoach, plan_copy, tmp_path):
    book = tmp_path / "theo-doi.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book).code == 0
    before = plan_copy.read_text(encoding="utf-8")
    # the office of 1.3 (VP) fills its own sheet; 2.1 is filled on the all-tasks sheet
    _fill(book, "VP", "1.3", **{"Trạng thái": "Hoàn thành", "Ngày hoàn thành": datetime(2026, 4, 2),
                                "Kết quả": "Đã ban hành Quy chế: số 20/QĐ-UBND"})
    _fill(book, "Tất cả nhiệm vụ", "2.1", **{"Trạng thái": "Đang thực hiện"})
    _fill(book, "Tất cả nhiệm vụ", "2.2", **{"Ngày hoàn thành": "15/05/2026"})   # typed as text
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 0, r.err
    # each change shows the task's text, not only its number
    assert "1.3 “Rà soát quy chế làm việc.”: trạng thái: Đang thực hiện → Hoàn thành [trang 'VP', dòng 2]" in r.out
    assert "1.3 “Rà soát quy chế làm việc.”: ngày hoàn thành: (trống) → 02/04/2026" in r.out
    assert ("2.2 (don-doc) “Theo dõi, đôn đốc giải quyết hồ sơ.”: trạng thái: Đang thực hiện → Hoàn thành "
            "— vì đã có ngày hoàn thành") in r.out
    assert "6 thay đổi ở 3 nhiệm vụ" in r.out
    after = plan_copy.read_text(encoding="utf-8")
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    added = [line[2:] for line in diff if line.startswith("+ ")]
    removed = [line[2:] for line in diff if line.startswith("- ")]
    assert removed == ["        trang_thai: dang_thuc_hien"] * 2      # the old lines of 1.3 and 2.2
    assert added == [
        "        trang_thai: hoan_thanh",                                # 1.3
        "        ngay_hoan_thanh: 2026-04-02",
        '        ket_qua: "Đã ban hành Quy chế: số 20/QĐ-UBND"',
        "        trang_thai: dang_thuc_hien",                            # 2.1
        "        trang_thai: hoan_thanh",                                # 2.2
        "        ngay_hoan_thanh: 2026-05-15",
    ]
    # comments, quoting and order elsewhere are untouched
    assert "# Kế hoạch nhỏ để kiểm thử theo dõi nhiệm vụ" in after
    assert "trang_thai: hoan_thanh   # xong muộn" in after
    assert "ket_qua: 'Đã ban hành Kế hoạch số 15/KH-UBND'" in after
    # the plan still loads, with the new statuses
    from generator.domain import tracking
    from helpers import load_plan

    plan = load_plan(str(plan_copy))
    task = next(t for t in plan.tasks if t.code == "1.3")
    assert (task.status, task.completed_on) == ("hoan_thanh", date(2026, 4, 2))
    [entry] = tracking.entries([task])
    assert tracking.progress(entry, date(2026, 12, 31)) == "hoan_thanh_qua_han"
    # importing the same workbook again changes nothing
    again = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert again.code == 0 and "không có gì thay đổi" in again.out
    assert plan_copy.read_text(encoding="utf-8") == after


def test_round_trip_keeps_crlf_line_endings(kehoach, plan_copy, tmp_path):
    plan_copy.write_bytes(plan_copy.read_bytes().replace(b"\n", b"\r\n"))
    book = tmp_path / "theo-doi.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book).code == 0
    _fill(book, "Tất cả nhiệm vụ", "2.3", **{"Trạng thái": "Đang thực hiện"})
    assert kehoach("tasks", "--nhap-xlsx", book, plan_copy).code == 0, "import failed"
    raw = plan_copy.read_bytes()
    assert b"\r\n        trang_thai: dang_thuc_hien\r\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")


def test_preview_writes_nothing(kehoach, plan_copy, tmp_path):
    book = tmp_path / "theo-doi.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book).code == 0
    _fill(book, "Tất cả nhiệm vụ", "2.1", **{"Trạng thái": "Hoàn thành"})
    before = plan_copy.read_bytes()
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy, "--xem-truoc")
    assert r.code == 0 and "Xem trước: 1 thay đổi" in r.out
    assert plan_copy.read_bytes() == before


def test_blank_cells_never_erase(kehoach, plan_copy, tmp_path):
    book = tmp_path / "theo-doi.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book).code == 0
    _fill(book, "Tất cả nhiệm vụ", "1.1", **{"Kết quả": None, "Ngày hoàn thành": None})
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 0 and "không có gì thay đổi" in r.out


def test_sheets_disagreeing_is_an_error(kehoach, plan_copy, tmp_path):
    book = tmp_path / "theo-doi.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book).code == 0
    _fill(book, "VP", "2.2", **{"Kết quả": "Xong phần 1"})
    _fill(book, "Tất cả nhiệm vụ", "2.2", **{"Kết quả": "Xong phần 2"})
    before = plan_copy.read_bytes()
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 2
    assert "2.2: các trang ghi kết quả khác nhau" in r.err and "không ghi gì" in r.err
    assert plan_copy.read_bytes() == before


def test_plan_changed_since_export_is_a_conflict_unless_forced(kehoach, plan_copy, tmp_path):
    book = tmp_path / "theo-doi.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book).code == 0
    text = plan_copy.read_text(encoding="utf-8")
    plan_copy.write_text(text.replace("        chu_tri: kt\n        thoi_gian: \"Quý III",
                                      "        chu_tri: kt\n        trang_thai: dang_thuc_hien\n"
                                      "        thoi_gian: \"Quý III"), encoding="utf-8")
    _fill(book, "KTHTĐT", "2.1", **{"Trạng thái": "Hoàn thành"})
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 2
    assert "2.1: trạng thái trong kế hoạch đã đổi từ Chưa thực hiện thành Đang thực hiện" in r.err
    assert "--force" in r.err
    forced = kehoach("tasks", "--nhap-xlsx", book, plan_copy, "--force")
    assert forced.code == 0, forced.err
    assert "2.1 “Số hóa hồ sơ thủ tục hành chính.”: trạng thái: Đang thực hiện → Hoàn thành" in forced.out


@pytest.mark.parametrize(
    "cells, fragment",
    [
        ({"Mã": "khong-co"}, "trang 'Tất cả nhiệm vụ', dòng 3: kế hoạch không có nhiệm vụ mã “khong-co” "
                             "(“Ban hành Kế hoạch kiểm tra CCHC.”)"),
        ({"Mã": None, "Số": "9.9"}, "trang 'Tất cả nhiệm vụ', dòng 3: kế hoạch không có nhiệm vụ số “9.9”"),
        ({"Trạng thái": "Xong rồi"}, "trạng thái “Xong rồi” không hợp lệ"),
        ({"Ngày hoàn thành": "mai"}, "ngày hoàn thành “mai” không đúng dạng dd/mm/yyyy"),
    ],
)
def test_bad_rows_stop_the_import(kehoach, plan_copy, tmp_path, cells, fragment):
    book = tmp_path / "theo-doi.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book).code == 0
    _fill(book, "Tất cả nhiệm vụ", "1.2", **cells)
    before = plan_copy.read_bytes()
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 2 and fragment in r.err
    assert plan_copy.read_bytes() == before


def test_rows_match_by_ma_before_number(kehoach, plan_copy, tmp_path):
    book = tmp_path / "theo-doi.xlsx"
    assert kehoach("tasks", plan_copy, "--xlsx", book).code == 0
    # the office renumbered the row, but the Mã still says which task it is
    _fill(book, "Tất cả nhiệm vụ", "2.2", **{"Số": "7", "Kết quả": "Đã đôn đốc 12 hồ sơ"})
    r = kehoach("tasks", "--nhap-xlsx", book, plan_copy)
    assert r.code == 0, r.err
    assert "2.2 (don-doc) “Theo dõi, đôn đốc giải quyết hồ sơ.”: kết quả: (trống) → “Đã đôn đốc 12 hồ sơ”" in r.out


def test_not_a_workbook(kehoach, plan_copy, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("không phải Excel", encoding="utf-8")
    r = kehoach("tasks", "--nhap-xlsx", bad, plan_copy)
    assert r.code == 2 and "Không đọc được tệp Excel" in r.err


# --- calendar -----------------------------------------------------------------------------

def test_calendar_has_one_all_day_event_per_task_with_a_deadline(kehoach, tmp_path):
    out = tmp_path / "han.ics"
    r = kehoach("tasks", FIXTURE, "--ics", out)
    assert r.code == 0, r.err
    # 2.2 "Thường xuyên trong năm." and 2.3 "Theo Kế hoạch của thành phố." have no deadline: no event
    assert "5 sự kiện; 2 nhiệm vụ không có hạn cụ thể" in r.out
    cal = Calendar.from_ical(out.read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == 5
    by_summary = {str(e["SUMMARY"]).split(". ", 1)[0].split()[-1]: e for e in events}
    assert sorted(by_summary) == ["1.1", "1.2", "1.3", "2.1", "2.4"]
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 5 and all(u.startswith("theo-doi-2026-") and u.endswith("@kehoach") for u in uids)
    assert str(by_summary["1.1"]["UID"]).endswith(".ma-tuyen-truyen@kehoach")
    split = by_summary["2.4"]
    assert split.decoded("DTSTART") == date(2026, 4, 15)
    assert split.decoded("DTEND") == date(2026, 4, 16)
    assert str(split["SUMMARY"]).startswith("[KTHTĐT, VP] 2.4. Tập huấn nghiệp vụ một cửa.")
    for event in events:
        assert event.decoded("DTSTAMP") == datetime(2026, 1, 5, tzinfo=event.decoded("DTSTAMP").tzinfo)
        assert isinstance(event.decoded("DTSTART"), date) and not isinstance(event.decoded("DTSTART"), datetime)
        assert "RRULE" not in event
    # a reminder a week before, only for tasks not yet completed
    alarms = split.walk("VALARM")
    assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == -timedelta(days=7)
    assert by_summary["1.1"].walk("VALARM") == []
    assert "Thời gian thực hiện: Tháng 02/2026; Trước ngày 15/4/2026" in str(split["DESCRIPTION"])


def test_calendar_follows_the_filters(kehoach, tmp_path):
    out = tmp_path / "vp.ics"
    assert kehoach("tasks", FIXTURE, "--co-quan", "vp", "--ics", out).code == 0
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]).split(". ", 1)[0] for e in events) == [
        "[KTHTĐT, VP] 2.4", "[VP] 1.3", "✔ [VHXH] 1.2"]


def test_number_retyped_as_a_decimal_is_not_guessed(kehoach, tmp_path):
    plan = tmp_path / "nam-do-son-2026.yaml"
    shutil.copyfile(ROOT / "plans" / "nam-do-son-2026.yaml", plan)
    book = tmp_path / "theo-doi.xlsx"
    assert kehoach("tasks", plan, "--xlsx", book).code == 0
    # without its "Mã", a row is matched by "Số" (the plan is unchanged since the export)
    _fill(book, "Tất cả nhiệm vụ", "3.10", **{"Mã": None, "Số": 3.1, "Trạng thái": "Hoàn thành"})
    before = plan.read_bytes()
    r = kehoach("tasks", "--nhap-xlsx", book, plan)
    assert r.code == 2
    assert "ô “Số” là số thập phân 3.1, không rõ là nhiệm vụ 3.1 hay 3.10" in r.err
    assert plan.read_bytes() == before


def test_missing_workbook(kehoach, plan_copy, tmp_path):
    r = kehoach("tasks", "--nhap-xlsx", tmp_path / "khong-co.xlsx", plan_copy)
    assert r.code == 2 and "không tìm thấy tệp" in r.err


def test_plan_text_starting_with_equals_is_never_a_live_excel_formula(kehoach, tmp_path):
    plan = tmp_path / "cong-thuc.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith("- noi_dung:"))
    attack = first.split(":", 1)[0] + ': "=HYPERLINK(\\"http://x.invalid\\",\\"bấm\\")"'
    plan.write_text(text.replace(first, attack, 1), encoding="utf-8")
    assert kehoach("tasks", plan, "--xlsx", tmp_path / "a.xlsx").code == 0
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_quarter_of_another_year_does_not_move_a_task_of_the_plan_year(kehoach, tmp_path):
    """A part due "Tháng 11" in a 2026 plan is November 2026, whatever year --nam asks for."""
    text = (FIXTURES / "tracking" / "theo-doi-2026.yaml").read_text(encoding="utf-8")
    text = text.replace('thoi_gian: "Tháng 02/2026"', 'thoi_gian: "Tháng 11"')
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(text, encoding="utf-8")
    other_year = kehoach("tasks", plan, "--quy", "4", "--nam", "2027", "--ngay", "2026-12-01")
    assert other_year.code == 0, other_year.err
    assert f"{plan}: 0/7 nhiệm vụ (quý 4/2027)" in " ".join(other_year.out.split())
    plan_year = kehoach("tasks", plan, "--quy", "4", "--ngay", "2026-12-01")
    shown = " ".join(plan_year.out.split())
    assert "Tập huấn nghiệp vụ một cửa" in shown and "(quý 4/2026)" in shown
