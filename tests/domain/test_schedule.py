"""Schedules: the occurrences a deadline wording gives within the plan's period."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
import yaml
from helpers import REFERENCE, ROOT

from generator.domain.deadlines import parse_deadline
from generator.domain.schedule import MAX_OCCURRENCES, Occurrence, TooManyOccurrences, build_schedule, key_label

D = date


def schedule(wording: str, first: int = 2026, last: int | None = None):
    return build_schedule(parse_deadline(wording, first, last))


def dues(wording: str, first: int = 2026, last: int | None = None) -> list[tuple[str, date]]:
    return [(o.key, o.due) for o in schedule(wording, first, last).occurrences]


# --- the wordings of the issue --------------------------------------------------------------

def test_a_leading_verb_before_a_due_date():
    s = schedule("Gửi trước ngày 03/12")
    assert s.kind == "once" and s.occurrences == (Occurrence("", None, D(2026, 12, 3)),)


@pytest.mark.parametrize("wording", [
    "Trước ngày 03 tháng cuối của quý",
    "Hằng quý, trước ngày 03 tháng cuối quý",
    "Hàng quý, trước ngày 03 tháng cuối quý",
    "Báo cáo quý trước ngày 03 tháng cuối của quý",
    "Định kỳ hằng quý, chậm nhất ngày 03 của tháng cuối quý",
])
def test_the_third_of_the_last_month_of_each_quarter(wording):
    s = schedule(wording)
    assert s.kind == "series" and s.unit == "quarterly"
    assert s.occurrences == (
        Occurrence("2026-Q1", D(2026, 1, 1), D(2026, 3, 3), "Quý I/2026"),
        Occurrence("2026-Q2", D(2026, 4, 1), D(2026, 6, 3), "Quý II/2026"),
        Occurrence("2026-Q3", D(2026, 7, 1), D(2026, 9, 3), "Quý III/2026"),
        Occurrence("2026-Q4", D(2026, 10, 1), D(2026, 12, 3), "Quý IV/2026"),
    )


def test_every_quarter_of_a_five_year_plan():
    got = dues("Hằng quý, trước ngày 03 tháng cuối quý", 2026, 2030)
    assert len(got) == 20 and got[0] == ("2026-Q1", D(2026, 3, 3)) and got[-1] == ("2030-Q4", D(2030, 12, 3))


@pytest.mark.parametrize("wording", ["Định kỳ 6 tháng", "6 tháng/lần", "06 tháng một lần", "Hằng 6 tháng"])
def test_every_half_year(wording):
    assert dues(wording) == [("2026-H1", D(2026, 6, 30)), ("2026-H2", D(2026, 12, 31))]
    assert schedule(wording).occurrences[0].label == "6 tháng đầu năm 2026"


def test_monthly_before_the_twentieth():
    s = schedule("Hằng tháng, trước ngày 20")
    assert s.unit == "monthly"
    assert [(o.key, o.start, o.due) for o in s.occurrences] == [
        (f"2026-{m:02d}", D(2026, m, 1), D(2026, m, 20)) for m in range(1, 13)]
    assert dues("Ngày 20 hàng tháng") == dues("Hằng tháng, trước ngày 20")


def test_monthly_on_a_day_some_months_lack_falls_on_their_last_day():
    got = dict(dues("Hằng tháng, trước ngày 31"))
    assert got["2026-02"] == D(2026, 2, 28) and got["2026-04"] == D(2026, 4, 30) and got["2026-05"] == D(2026, 5, 31)


def test_every_year_in_a_year_plan_and_in_a_five_year_plan():
    assert dues("Hằng năm") == [("2026", D(2026, 12, 31))]
    assert dues("Hằng năm", 2026, 2030) == [(str(y), D(y, 12, 31)) for y in range(2026, 2031)]
    s = schedule("Hằng năm", 2026, 2030)
    assert s.occurrences[2] == Occurrence("2028", D(2028, 1, 1), D(2028, 12, 31), "Năm 2028")


def test_a_month_every_year():
    s = schedule("Tháng 10 hàng năm", 2026, 2030)
    assert [(o.start, o.due) for o in s.occurrences] == [(D(y, 10, 1), D(y, 10, 31)) for y in range(2026, 2031)]
    assert dues("Trước ngày 15/12 hằng năm", 2026, 2027) == [("2026", D(2026, 12, 15)), ("2027", D(2027, 12, 15))]
    assert dues("Quý IV hằng năm", 2026, 2027) == [("2026", D(2026, 12, 31)), ("2027", D(2027, 12, 31))]


def test_periodic_and_ad_hoc_work_has_no_deadline():
    s = schedule("Định kỳ, đột xuất")
    assert s.kind == "ongoing" and s.occurrences == () and s.due is None
    assert s.active == (D(2026, 1, 1), D(2026, 12, 31))
    assert schedule("Định kỳ, đột xuất", 2026, 2030).active == (D(2026, 1, 1), D(2030, 12, 31))
    for wording in ("Đột xuất", "Định kỳ", "Định kỳ hoặc đột xuất"):
        assert schedule(wording).kind == "ongoing", wording


def test_a_quarter_outside_a_five_year_plan_is_still_read():
    # the plan reader warns about it (see tests/kinds/test_recurring_plan.py)
    s = schedule("Quý I/2032", 2026, 2030)
    assert s.kind == "once" and s.due == D(2032, 3, 31)


@pytest.mark.parametrize("wording", ["Thường xuyên", "Thường xuyên trong năm.", "Liên tục", "Thường xuyên, liên tục"])
def test_continuous_work_is_not_due_on_31_december(wording):
    s = schedule(wording, 2026, 2030)
    assert s.kind == "ongoing" and s.due is None and s.occurrences == ()
    assert s.active == (D(2026, 1, 1), D(2030, 12, 31))


@pytest.mark.parametrize("wording", ["Theo yêu cầu của Bộ Nội vụ", "Theo Kế hoạch của thành phố",
                                     "Theo thời gian đánh giá hàng năm của Bộ Y tế"])
def test_wordings_without_dates_have_no_schedule(wording):
    s = schedule(wording)
    assert s.kind == "none" and s.span is None


def test_a_series_within_the_days_it_names():
    assert [k for k, _ in dues("Hằng quý trong năm 2027", 2026, 2030)] == [f"2027-Q{q}" for q in range(1, 5)]
    assert [k for k, _ in dues("Hằng tháng trong Quý III, IV/2026")] == [f"2026-{m:02d}" for m in range(7, 13)]


def test_the_year_report_of_a_quarterly_series_can_have_its_own_day():
    got = dues("Báo cáo quý trước ngày 15 tháng cuối quý, báo cáo năm trước ngày 05/12", 2026, 2027)
    assert got[:4] == [("2026-Q1", D(2026, 3, 15)), ("2026-Q2", D(2026, 6, 15)), ("2026-Q3", D(2026, 9, 15)),
                       ("2026-Q4", D(2026, 12, 5))]
    assert got[-1] == ("2027-Q4", D(2027, 12, 5))


def test_weekly_occurrences_are_iso_weeks():
    s = schedule("Hàng tuần")
    assert len(s.occurrences) == 53  # 2026 has 53 ISO weeks
    assert s.occurrences[0] == Occurrence("2026-W01", D(2025, 12, 29), D(2026, 1, 4), "Tuần 01/2026")


@pytest.mark.parametrize("wording", ["Hàng tuần trong năm 9999", "Hằng tháng trong năm 9999", "Hằng năm trong năm 9999",
                                     "Tháng 12 hằng năm", "Hằng quý, trước ngày 31 tháng cuối quý"])
def test_series_at_the_end_of_the_calendar_do_not_overflow(wording):
    s = schedule(wording, 9999)
    assert s.occurrences[-1].due == D(9999, 12, 31)


def test_a_series_too_long_to_follow_is_refused():
    with pytest.raises(TooManyOccurrences, match=f"tối đa {MAX_OCCURRENCES} kỳ"):
        schedule("Hàng tuần", 2000, 2100)


@pytest.mark.parametrize("key, label", [("2026", "Năm 2026"), ("2026-H2", "6 tháng cuối năm 2026"),
                                        ("2026-Q3", "Quý III/2026"), ("2026-03", "Tháng 03/2026"),
                                        ("2026-W05", "Tuần 05/2026"), ("x", "x")])
def test_key_labels(key, label):
    assert key_label(key) == label


# --- every wording of the three reference documents --------------------------------------

# wording → (kind, due of the first occurrence, number of occurrences), plan 2026
REFERENCE_SCHEDULES = {
    # Nam Đồ Sơn, Kế hoạch CCHC 2026 ("- Thời gian thực hiện: …")
    "Thường xuyên trong năm.": ("ongoing", None, 0),
    "Quý I/2026.": ("once", D(2026, 3, 31), 1),
    "Quý IV/2026 (theo hướng dẫn).": ("once", D(2026, 12, 31), 1),
    "Trong năm 2026.": ("once", D(2026, 12, 31), 1),
    "Trong năm 2026 (theo Kế hoạch).": ("once", D(2026, 12, 31), 1),
    "Thường xuyên trong năm (theo kế hoạch, hướng dẫn).": ("ongoing", None, 0),
    "Quý III/2026.": ("once", D(2026, 9, 30), 1),
    "Quý I/2026 (theo hướng dẫn)": ("once", D(2026, 3, 31), 1),
    "Trong năm 2026 (theo hướng dẫn).": ("once", D(2026, 12, 31), 1),
    "Thường xuyên trong năm; định kỳ báo cáo kết quả thực hiện.": ("ongoing", None, 0),
    "Thường xuyên trong năm 2026.": ("ongoing", None, 0),
    "Tháng 01 năm 2026.": ("once", D(2026, 1, 31), 1),
    "Theo Kế hoạch của thành phố.": ("none", None, 0),
    "Quý IV/2026.": ("once", D(2026, 12, 31), 1),
    "Quý III/2026 (theo hướng dẫn).": ("once", D(2026, 9, 30), 1),
    "Quý III, IV/2026 (thực hiện theo hướng dẫn).": ("once", D(2026, 12, 31), 1),
    "Quý II/2026 (theo hướng dẫn)": ("once", D(2026, 6, 30), 1),
    "Quý I/2026": ("once", D(2026, 3, 31), 1),
    "Năm 2026 (*tổ chức ít nhất 02 Hội nghị/năm*).": ("once", D(2026, 12, 31), 1),
    "Chậm nhất là ngày 31/01/2026.": ("once", D(2026, 1, 31), 1),
    # Nam Đồ Sơn, "Tổ chức thực hiện": the reporting duty
    "báo cáo Quý, báo cáo 6 tháng gửi trước ngày 05 tháng cuối của quý, báo cáo năm gửi trước ngày 05/12/2026":
        ("series", D(2026, 3, 5), 4),
    # Hải Phòng, Phụ lục danh mục nhiệm vụ ("Thời gian thực hiện/ hoàn thành")
    "Cả năm 2026": ("once", D(2026, 12, 31), 1),
    "Cà năm 2026": ("once", D(2026, 12, 31), 1),
    "Thường xuyên": ("ongoing", None, 0),
    "Tháng 12/2025": ("once", D(2025, 12, 31), 1),
    "Trước ngày 15/01/2026": ("once", D(2026, 1, 15), 1),
    "Theo yêu cầu của Bộ Nội vụ": ("none", None, 0),
    "Theo thời gian đánh giá hàng năm của Bộ Y tế": ("none", None, 0),
    "Quý III, IV/2026": ("once", D(2026, 12, 31), 1),
    "Quý IV/2026": ("once", D(2026, 12, 31), 1),
    "Tháng 11": ("once", D(2026, 11, 30), 1),
    "Tháng 10 hàng năm": ("series", D(2026, 10, 31), 1),
    "Trong thời hạn 15 ngày kể từ ngày Thủ tướng Chính phủ ban hành kế hoạch trọng tâm, liên ngành":
        ("none", None, 0),
    "Quý I năm 2026": ("once", D(2026, 3, 31), 1),
    "Theo hướng dẫn của Trung ương và Kế hoạch số 310/KH-UBND ngày 24/11/2025 của UBND thành phố":
        ("none", None, 0),
    "Tháng 01/2026 đến tháng 5/2026": ("once", D(2026, 5, 31), 1),
    "Tháng 10/2026": ("once", D(2026, 10, 31), 1),
    "Tháng 7-9/2026": ("once", D(2026, 9, 30), 1),
    "Tháng 8-9/2026": ("once", D(2026, 9, 30), 1),
    # Hải Phòng, "Tổ chức thực hiện"
    "báo cáo Quý, báo cáo 6 tháng gửi trước ngày 10 tháng cuối của quý, báo cáo năm gửi trước ngày 10/12":
        ("series", D(2026, 3, 10), 4),
    # Hải Phòng, Kế hoạch kiểm tra CCHC 2026 ("Thời gian thực hiện kiểm tra")
    "Từ tháng 7/2026 đến tháng 11/2026.": ("once", D(2026, 11, 30), 1),
}


@pytest.mark.parametrize("wording", list(REFERENCE_SCHEDULES))
def test_reference_wordings_give_their_schedule(wording):
    kind, first_due, count = REFERENCE_SCHEDULES[wording]
    s = schedule(wording)
    assert s.kind == kind
    assert len(s.occurrences) == count
    assert (s.occurrences[0].due if s.occurrences else None) == first_due


def test_the_table_above_holds_every_wording_of_the_bundled_plans():
    wordings = set()
    for stem in ("nam-do-son-2026", "hai-phong-2026"):
        data = yaml.safe_load((ROOT / "plans" / f"{stem}.yaml").read_text(encoding="utf-8"))
        for group in data["nhiem_vu_cu_the"]:
            for task in group["nhiem_vu"]:
                wordings.add(task.get("thoi_gian", ""))
                wordings.update(p.get("thoi_gian", "") for p in task.get("phan_viec", ()))
    text = (REFERENCE / "nam-do-son-ke-hoach-cchc-2026.txt").read_text(encoding="utf-8")
    wordings.update(re.findall(r"^- Thời gian thực hiện: (.+)$", text, flags=re.MULTILINE))
    wordings.discard("")
    assert wordings <= set(REFERENCE_SCHEDULES), sorted(wordings - set(REFERENCE_SCHEDULES))


# --- hostile wordings: time linear in the length ---------------------------------------------

def _seconds(wording: str) -> float:
    start = time.perf_counter()
    parse_deadline(wording, 2026, 2030)
    return time.perf_counter() - start


@pytest.mark.parametrize("unit", ["theo ", "*a ", "1", "( ", "hằng quý, ", "trước ngày 1 ", "1/1/2026 - ",
                                  "Quý I/2026 theo ", "định kỳ ", "tháng 1, "])
def test_parsing_takes_time_linear_in_the_length(unit):
    small = unit * (50_000 // len(unit))
    large = unit * (500_000 // len(unit))
    _seconds(small)  # warm the regex cache
    ratio = _seconds(large) / max(_seconds(small), 1e-4)
    assert ratio < 25, f"{unit!r}: 10 × longer took {ratio:.1f} × the time"


def test_half_a_megabyte_of_theo_is_refused_at_once_and_parses_in_well_under_a_second(tmp_path, capsys):
    from generator.cli import main

    plan = (ROOT / "tests" / "hostile" / "bad_inputs" / "_hop-le.yaml").read_text(encoding="utf-8")
    plan = plan.replace('thoi_gian: "Tháng 6/2026"', 'thoi_gian: "' + "theo " * 100_000 + '"')
    path = tmp_path / "theo.yaml"
    path.write_text(plan, encoding="utf-8")
    start = time.perf_counter()
    assert main(["validate", str(path)]) == 2   # a deadline wording is one line: 1,000 characters at most
    assert time.perf_counter() - start < 1.0
    assert "thoi_gian]: Quá dài" in capsys.readouterr().err
    start = time.perf_counter()   # the parser itself stays linear, whatever reaches it
    assert parse_deadline("theo " * 100_000, 2026) is not None
    assert time.perf_counter() - start < 1.0
