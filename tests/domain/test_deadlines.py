"""Tests of generator.deadlines: structure of "thời gian thực hiện" wordings."""

import dataclasses
import unicodedata
from datetime import date

import pytest

from generator.domain.deadlines import (
    Deadline,
    DeadlineError,
    parse_deadline,
    quarter_of,
)
from generator.domain.tasks import Record
from generator.domain.tracking import status_as_of, status_on

D = date
YEAR_2026 = (D(2026, 1, 1), D(2026, 12, 31))

# wording, start, due, recurring, per_guidance, per_plan, note  (plan_year=2026)
CASES = [
    # quarters
    ("Quý I/2026", D(2026, 1, 1), D(2026, 3, 31), None, False, False, None),
    ("Quý IV/2026 (theo hướng dẫn).", D(2026, 10, 1), D(2026, 12, 31), None, True, False,
     "theo hướng dẫn"),
    ("Quý I năm 2026", D(2026, 1, 1), D(2026, 3, 31), None, False, False, None),
    ("Quý III, IV/2026 (thực hiện theo hướng dẫn)", D(2026, 7, 1), D(2026, 12, 31), None,
     True, False, "thực hiện theo hướng dẫn"),
    ("Quý III/2026.", D(2026, 7, 1), D(2026, 9, 30), None, False, False, None),
    ("quý 1/2026", D(2026, 1, 1), D(2026, 3, 31), None, False, False, None),
    ("Quý II/2026", D(2026, 4, 1), D(2026, 6, 30), None, False, False, None),
    ("Quý I - Quý II/2026", D(2026, 1, 1), D(2026, 6, 30), None, False, False, None),
    ("Quí 2 năm 2026", D(2026, 4, 1), D(2026, 6, 30), None, False, False, None),
    ("Quý IV", D(2026, 10, 1), D(2026, 12, 31), None, False, False, None),
    ("Trong Quý I/2026", D(2026, 1, 1), D(2026, 3, 31), None, False, False, None),
    ("Quý I/2026 theo hướng dẫn", D(2026, 1, 1), D(2026, 3, 31), None, True, False, None),
    # months
    ("Tháng 01 năm 2026", D(2026, 1, 1), D(2026, 1, 31), None, False, False, None),
    ("Tháng 12/2025", D(2025, 12, 1), D(2025, 12, 31), None, False, False, None),
    ("Tháng 10/2026", D(2026, 10, 1), D(2026, 10, 31), None, False, False, None),
    ("Tháng 7-9/2026", D(2026, 7, 1), D(2026, 9, 30), None, False, False, None),
    ("Tháng 8-9/2026", D(2026, 8, 1), D(2026, 9, 30), None, False, False, None),
    ("Tháng 01/2026 đến tháng 5/2026", D(2026, 1, 1), D(2026, 5, 31), None, False, False,
     None),
    ("Từ tháng 3 đến tháng 5/2026", D(2026, 3, 1), D(2026, 5, 31), None, False, False, None),
    ("Tháng 11", D(2026, 11, 1), D(2026, 11, 30), None, False, False, None),
    ("Tháng 1/2026", D(2026, 1, 1), D(2026, 1, 31), None, False, False, None),
    ("Tháng 2/2028", D(2028, 2, 1), D(2028, 2, 29), None, False, False, None),
    ("Tháng 12/2025 - tháng 2/2026", D(2025, 12, 1), D(2026, 2, 28), None, False, False,
     None),
    ("6 tháng đầu năm 2026", D(2026, 1, 1), D(2026, 6, 30), None, False, False, None),
    ("6 tháng cuối năm 2026", D(2026, 7, 1), D(2026, 12, 31), None, False, False, None),
    # due dates
    ("Trước ngày 15/01/2026", None, D(2026, 1, 15), None, False, False, None),
    ("Chậm nhất là ngày 31/01/2026", None, D(2026, 1, 31), None, False, False, None),
    ("Hoàn thành trước ngày 30/6/2026", None, D(2026, 6, 30), None, False, False, None),
    ("Hạn: 31/01/2026", None, D(2026, 1, 31), None, False, False, None),
    ("Chậm nhất trong Quý I/2026", None, D(2026, 3, 31), None, False, False, None),
    ("Trước ngày 15/01", None, D(2026, 1, 15), None, False, False, None),
    ("Ngày 15/3/2026", D(2026, 3, 15), D(2026, 3, 15), None, False, False, None),
    ("Ngày 15 tháng 3 năm 2026", D(2026, 3, 15), D(2026, 3, 15), None, False, False, None),
    ("Từ ngày 01/3 đến ngày 31/5/2026", D(2026, 3, 1), D(2026, 5, 31), None, False, False,
     None),
    # years
    ("Trong năm 2026 (theo Kế hoạch).", *YEAR_2026, None, False, True, "theo Kế hoạch"),
    ("Trong năm 2026 (theo hướng dẫn).", *YEAR_2026, None, True, False, "theo hướng dẫn"),
    ("Trong năm 2026.", *YEAR_2026, None, False, False, None),
    ("Cả năm 2026", *YEAR_2026, None, False, False, None),
    ("Cà năm 2026", *YEAR_2026, None, False, False, None),
    ("Năm 2026 (*tổ chức ít nhất 02 Hội nghị/năm*).", *YEAR_2026, None, False, False,
     "tổ chức ít nhất 02 Hội nghị/năm"),
    ("Trong năm", *YEAR_2026, None, False, False, None),
    ("2026-2030", D(2026, 1, 1), D(2030, 12, 31), None, False, False, None),
    ("Giai đoạn 2026-2030", D(2026, 1, 1), D(2030, 12, 31), None, False, False, None),
    ("Từ năm 2026 đến năm 2030", D(2026, 1, 1), D(2030, 12, 31), None, False, False, None),
    # continuous and recurring
    ("Thường xuyên trong năm; định kỳ báo cáo kết quả thực hiện", *YEAR_2026,
     "continuous", False, False, "định kỳ báo cáo kết quả thực hiện"),
    ("Thường xuyên trong năm.", *YEAR_2026, "continuous", False, False, None),
    ("Thường xuyên trong năm 2026.", *YEAR_2026, "continuous", False, False, None),
    ("Thường xuyên trong năm (theo kế hoạch, hướng dẫn).", *YEAR_2026, "continuous", True,
     True, "theo kế hoạch, hướng dẫn"),
    ("Thường xuyên", *YEAR_2026, "continuous", False, False, None),
    ("Thường xuyên, liên tục", *YEAR_2026, "continuous", False, False, None),
    ("Thường xuyên trong Quý I/2026", D(2026, 1, 1), D(2026, 3, 31), "continuous", False,
     False, None),
    ("Hàng tuần", *YEAR_2026, "weekly", False, False, None),
    ("hàng tháng", *YEAR_2026, "monthly", False, False, None),
    ("hàng quý", *YEAR_2026, "quarterly", False, False, None),
    ("Định kỳ hằng quý", *YEAR_2026, "quarterly", False, False, None),
    ("Hàng năm", *YEAR_2026, "yearly", False, False, None),
    # "theo …" and relative wordings: no dates
    ("Theo Kế hoạch của thành phố", None, None, None, False, True, None),
    ("Theo yêu cầu của Bộ Nội vụ", None, None, None, True, False, None),
    ("Theo thời gian đánh giá hàng năm của Bộ Y tế", None, None, "yearly", True, False, None),
    ("Theo kế hoạch", None, None, None, False, True, None),
    ("Trong thời hạn 15 ngày kể từ ngày Thủ tướng Chính phủ ban hành kế hoạch trọng tâm, "
     "liên ngành", None, None, None, False, False,
     "Trong thời hạn 15 ngày kể từ ngày Thủ tướng Chính phủ ban hành kế hoạch trọng tâm, "
     "liên ngành"),
    # normalisation
    ("*Quý I/2026*", D(2026, 1, 1), D(2026, 3, 31), None, False, False, None),
    ("**Tháng 10/2026.**", D(2026, 10, 1), D(2026, 10, 31), None, False, False, None),
    ("  QUÝ   ii /  2026  ", D(2026, 4, 1), D(2026, 6, 30), None, False, False, None),
    ("tháng\n7 - 9/2026", D(2026, 7, 1), D(2026, 9, 30), None, False, False, None),
    ("TRONG NĂM 2026 (THEO KẾ HOẠCH)", *YEAR_2026, None, False, True, "THEO KẾ HOẠCH"),
]


@pytest.mark.parametrize(
    "wording, start, due, recurring, per_guidance, per_plan, note",
    CASES,
    ids=[c[0] for c in CASES],
)
def test_parse(wording, start, due, recurring, per_guidance, per_plan, note):
    got = parse_deadline(wording, plan_year=2026)
    assert got == Deadline(wording, start, due, recurring, per_guidance, per_plan, note)


def test_wording_kept_unchanged():
    wording = "  *Quý IV/2026 (theo hướng dẫn).*  "
    assert parse_deadline(wording, 2026).wording == wording


def test_decomposed_unicode_is_normalised():
    wording = unicodedata.normalize("NFD", "Quý IV/2026 (theo hướng dẫn).")
    got = parse_deadline(wording, 2026)
    assert (got.start, got.due, got.per_guidance) == (D(2026, 10, 1), D(2026, 12, 31), True)
    assert got.wording == wording


def test_eth_typed_for_d_with_stroke():
    got = parse_deadline("Từ tháng 3 \u00d0ến tháng 5/2026")
    assert (got.start, got.due) == (D(2026, 3, 1), D(2026, 5, 31))


def test_deadline_is_frozen():
    got = parse_deadline("Quý I/2026")
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.due = D(2026, 1, 1)


@pytest.mark.parametrize(
    "wording, recurring",
    [
        ("Tháng 11", None),
        ("Tháng 10 hàng năm", "yearly"),
        ("Thường xuyên trong năm", "continuous"),
        ("Thường xuyên", "continuous"),
        ("Hàng quý", "quarterly"),
        ("Trong năm", None),
        ("Trước ngày 15/01", None),
    ],
)
def test_without_plan_year_dates_unknown(wording, recurring):
    got = parse_deadline(wording)
    assert got is not None
    assert (got.start, got.due, got.recurring) == (None, None, recurring)


def test_explicit_year_needs_no_plan_year():
    got = parse_deadline("Quý I/2026")
    assert (got.start, got.due) == (D(2026, 1, 1), D(2026, 3, 31))
    got = parse_deadline("Thường xuyên trong năm 2026.")
    assert (got.start, got.due, got.recurring) == (*YEAR_2026, "continuous")


def test_explicit_year_wins_over_plan_year():
    got = parse_deadline("Tháng 12/2025", plan_year=2026)
    assert (got.start, got.due) == (D(2025, 12, 1), D(2025, 12, 31))


@pytest.mark.parametrize(
    "wording, fragment",
    [
        ("Quý V/2026", "Quý V không tồn tại: một năm chỉ có Quý I–IV"),
        ("quý 5/2026", "Quý 5 không tồn tại"),
        ("Quý III, V/2026", "Quý V không tồn tại"),
        ("Quý IIII/2026", "Quý IIII không tồn tại"),
        ("31/02/2026", "Ngày 31/02/2026 không có thật"),
        ("Trước ngày 31/02/2026", "Ngày 31/02/2026 không có thật"),
        ("Chậm nhất là ngày 29/02/2026", "Ngày 29/02/2026 không có thật"),
        ("Từ ngày 29/02 đến ngày 31/3/2026", "Ngày 29/02/2026 không có thật"),
        ("Ngày 31 tháng 4 năm 2026", "Ngày 31 tháng 4 năm 2026 không có thật"),
        ("Quý I/2026 (theo Công văn ngày 30/02/2026)", "Ngày 30/02/2026 không có thật"),
        ("Tháng 13/2026", "Tháng 13 không tồn tại: một năm chỉ có 12 tháng"),
        ("Tháng 0/2026", "Tháng 0 không tồn tại"),
        ("Tháng 7-13/2026", "Tháng 13 không tồn tại"),
        ("Tháng 9-7/2026", "“Tháng 9-7/2026” không hợp lệ"),
        ("Tháng 9-7/2026", "tháng 7/2026 lại đứng trước tháng 9/2026"),
        ("Quý IV - Quý I/2026", "Quý I/2026 lại đứng trước Quý IV/2026"),
        ("2030-2026", "năm 2026 lại đứng trước năm 2030"),
    ],
)
def test_errors(wording, fragment):
    with pytest.raises(DeadlineError) as info:
        parse_deadline(wording, plan_year=2026)
    assert fragment in str(info.value)


def test_reversed_range_without_any_year():
    with pytest.raises(DeadlineError, match="tháng 7 lại đứng trước tháng 9"):
        parse_deadline("Tháng 9-7")


def test_error_is_value_error():
    assert issubclass(DeadlineError, ValueError)


def test_leap_day_accepted():
    got = parse_deadline("Trước ngày 29/02/2028")
    assert got.due == D(2028, 2, 29)


@pytest.mark.parametrize(
    "wording",
    [
        "abc xyz",
        "Sớm nhất có thể",
        "",
        "   ",
        "Trước tháng 6/2026",  # ambiguous: before June starts, or by its end?
        "Khi có chỉ đạo",
        "Tháng",
        "Quý",
    ],
)
def test_unparseable(wording):
    assert parse_deadline(wording, plan_year=2026) is None


def test_non_text_rejected():
    with pytest.raises(TypeError):
        parse_deadline(2026)


@pytest.mark.parametrize(
    "day, quarter",
    [(D(2026, 1, 1), 1), (D(2026, 3, 31), 1), (D(2026, 4, 1), 2), (D(2026, 6, 30), 2),
     (D(2026, 7, 1), 3), (D(2026, 9, 30), 3), (D(2026, 10, 1), 4), (D(2026, 12, 31), 4)],
)
def test_quarter_of(day, quarter):
    assert quarter_of(day) == quarter


DUE = parse_deadline("Chậm nhất là ngày 31/01/2026").due
BEFORE, ON, AFTER = D(2026, 1, 30), D(2026, 1, 31), D(2026, 2, 1)


@pytest.mark.parametrize(
    "due, completed_on, status, today, expected",
    [
        # not completed: today before, on, after the due date
        (DUE, None, "", BEFORE, "dang_trong_han"),
        (DUE, None, "dang_thuc_hien", ON, "dang_trong_han"),
        (DUE, None, "chua_thuc_hien", AFTER, "qua_han"),
        (DUE, None, "dang_thuc_hien", AFTER, "qua_han"),
        # completed: the day before, on, after the due date
        (DUE, BEFORE, "hoan_thanh", AFTER, "hoan_thanh_dung_han"),
        (DUE, ON, "hoan_thanh", AFTER, "hoan_thanh_dung_han"),
        (DUE, AFTER, "hoan_thanh", AFTER, "hoan_thanh_qua_han"),
        # a completion date alone counts as completed
        (DUE, AFTER, "", AFTER, "hoan_thanh_qua_han"),
        # completed without a date: nothing shows it was late
        (DUE, None, "hoan_thanh", AFTER, "hoan_thanh_dung_han"),
        # no due date
        (None, None, "dang_thuc_hien", AFTER, "khong_xac_dinh"),
        (None, None, "", AFTER, "khong_xac_dinh"),
        (None, ON, "hoan_thanh", AFTER, "hoan_thanh_dung_han"),
        # a completion after the day asked about had not happened yet on that day
        (DUE, AFTER, "hoan_thanh", ON, "dang_trong_han"),
        (DUE, D(2026, 2, 5), "hoan_thanh", D(2026, 2, 3), "qua_han"),
    ],
)
def test_status_on(due, completed_on, status, today, expected):
    assert status_on(due, Record(status, completed_on), today) == expected


def test_work_without_a_deadline_is_ongoing_not_undetermined():
    assert status_on(None, Record("dang_thuc_hien"), AFTER, ongoing=True) == "thuong_xuyen"
    assert status_on(None, Record("hoan_thanh", ON), AFTER, ongoing=True) == "hoan_thanh_dung_han"


def test_a_task_finished_on_10_april_is_not_done_as_of_31_march():
    record = Record("hoan_thanh", D(2026, 4, 10))
    assert status_as_of(record, D(2026, 3, 31)) == "dang_thuc_hien"
    assert status_as_of(record, D(2026, 4, 10)) == "hoan_thanh"
    q1 = parse_deadline("Quý I/2026").due
    assert status_on(q1, record, D(2026, 3, 31)) == "dang_trong_han"
    assert status_on(q1, record, D(2026, 4, 1)) == "qua_han"
    assert status_on(q1, record, D(2026, 4, 10)) == "hoan_thanh_qua_han"


def test_status_on_boundary_on_quarter_end():
    q1 = parse_deadline("Quý I/2026").due
    assert status_on(q1, Record(), D(2026, 3, 30)) == "dang_trong_han"
    assert status_on(q1, Record(), D(2026, 3, 31)) == "dang_trong_han"
    assert status_on(q1, Record(), D(2026, 4, 1)) == "qua_han"
    assert status_on(q1, Record("hoan_thanh", D(2026, 3, 31)), D(2026, 5, 1)) == "hoan_thanh_dung_han"
    assert status_on(q1, Record("hoan_thanh", D(2026, 4, 1)), D(2026, 5, 1)) == "hoan_thanh_qua_han"


def test_status_on_rejects_unknown_status():
    with pytest.raises(ValueError, match="không hợp lệ"):
        status_on(DUE, Record("xong"), ON)


# --- every deadline wording of the three reference documents ------------------------------

# Wordings of the references not already in CASES, with their expected structure
# (plan_year=2026): start, due, recurring, per_guidance, per_plan.
REFERENCE_CASES = [
    # Nam Đồ Sơn (Kế hoạch CCHC 2026)
    ("Quý I/2026 (theo hướng dẫn)", D(2026, 1, 1), D(2026, 3, 31), None, True, False),
    ("Quý II/2026 (theo hướng dẫn)", D(2026, 4, 1), D(2026, 6, 30), None, True, False),
    ("Quý III/2026 (theo hướng dẫn).", D(2026, 7, 1), D(2026, 9, 30), None, True, False),
    ("Quý IV/2026.", D(2026, 10, 1), D(2026, 12, 31), None, False, False),
    ("Quý I/2026.", D(2026, 1, 1), D(2026, 3, 31), None, False, False),
    ("Tháng 01 năm 2026.", D(2026, 1, 1), D(2026, 1, 31), None, False, False),
    ("Chậm nhất là ngày 31/01/2026.", None, D(2026, 1, 31), None, False, False),
    ("Theo Kế hoạch của thành phố.", None, None, None, False, True),
    ("Thường xuyên trong năm; định kỳ báo cáo kết quả thực hiện.", *YEAR_2026, "continuous",
     False, False),
    ("Quý III, IV/2026 (thực hiện theo hướng dẫn).", D(2026, 7, 1), D(2026, 12, 31), None,
     True, False),
    # Hải Phòng (Phụ lục danh mục nhiệm vụ)
    ("Quý III, IV/2026", D(2026, 7, 1), D(2026, 12, 31), None, False, False),
    ("Tháng 10/2026", D(2026, 10, 1), D(2026, 10, 31), None, False, False),
    ("Cả năm 2026", *YEAR_2026, None, False, False),
    ("Theo hướng dẫn của Trung ương và Kế hoạch số 310/KH-UBND ngày 24/11/2025 của UBND "
     "thành phố", None, None, None, True, True),
    # Hải Phòng (Kế hoạch kiểm tra CCHC 2026): "Thời gian thực hiện kiểm tra"
    ("Từ tháng 7/2026 đến tháng 11/2026.", D(2026, 7, 1), D(2026, 11, 30), None, False, False),
]


@pytest.mark.parametrize(
    "wording, start, due, recurring, per_guidance, per_plan",
    REFERENCE_CASES,
    ids=[c[0] for c in REFERENCE_CASES],
)
def test_reference_wordings(wording, start, due, recurring, per_guidance, per_plan):
    got = parse_deadline(wording, plan_year=2026)
    assert (got.start, got.due, got.recurring, got.per_guidance, got.per_plan) == (
        start, due, recurring, per_guidance, per_plan)


def _understood(deadline):
    """A wording is understood when it gives a due date, or says it follows guidance/a plan."""
    return deadline is not None and (
        deadline.due is not None or deadline.per_guidance or deadline.per_plan or deadline.note)


def test_every_deadline_line_of_nam_do_son_reference_parses():
    import re

    from helpers import REFERENCE

    text = (REFERENCE / "nam-do-son-ke-hoach-cchc-2026.txt").read_text(encoding="utf-8")
    wordings = re.findall(r"^- Thời gian thực hiện: (.+)$", text, flags=re.MULTILINE)
    assert len(wordings) == 53
    for wording in wordings:
        assert _understood(parse_deadline(wording, 2026)), wording


@pytest.mark.parametrize("stem", ["nam-do-son-2026", "hai-phong-2026"])
def test_every_deadline_of_bundled_plans_parses(stem):
    """The bundled plans reproduce the references cell by cell (see test_hai_phong.py)."""
    import yaml

    from helpers import ROOT

    data = yaml.safe_load((ROOT / "plans" / f"{stem}.yaml").read_text(encoding="utf-8"))
    wordings = []
    for group in data["nhiem_vu_cu_the"]:
        for task in group["nhiem_vu"]:
            wordings += [task.get("thoi_gian", "")] + [p["thoi_gian"] for p in task.get("phan_viec", ())]
    wordings = [w for w in wordings if w]
    assert len(wordings) > 50
    for wording in wordings:
        assert _understood(parse_deadline(wording, 2026)), wording
