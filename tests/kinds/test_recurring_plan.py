"""Reading a plan with recurring tasks: statuses per occurrence (`ky`), and what the reader
says about deadlines it reads only in part, outside the plan, or statuses written the old way."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import FIXTURES, load_plan

from generator.domain import tracking
from generator.errors import InputError
from generator.source.yaml_source import load_bytes
from generator import kinds

FIXTURE = FIXTURES / "tracking" / "dinh-ky-2026-2030.yaml"
D = date


@pytest.fixture(scope="module")
def plan():
    return load_plan(FIXTURE)


def task(plan, code):
    return next(t for t in plan.tasks if t.code == code)


def read(text: str):
    """Return (plan, warnings) of plan text, or raise InputError."""
    loaded = kinds.read_loaded(load_bytes(text.encode("utf-8"), "ke-hoach.yaml"), expect=("ke_hoach",))
    return loaded.model, [str(w) for w in loaded.warnings]


BASE = FIXTURE.read_text(encoding="utf-8")


def with_task(fields: str, *, years: str = "giai_doan: {tu: 2026, den: 2030}") -> str:
    """The fixture with one more task (written under the second lĩnh vực) and other years."""
    text = BASE.replace("giai_doan: {tu: 2026, den: 2030}", years)
    return text + "      - noi_dung: \"Nhiệm vụ thêm.\"\n        chu_tri: vp\n" + fields


def test_each_occurrence_has_its_own_status(plan):
    report = task(plan, "1.1")
    assert report.recurs and report.schedule.unit == "quarterly"
    assert report.record("2026-Q1").declared == "hoan_thanh"
    assert report.record("2026-Q1").completed_on == D(2026, 3, 2)
    assert report.record("2026-Q2").declared == "dang_thuc_hien"
    assert report.record("2027-Q1").declared == "chua_thuc_hien"
    assert report.written_periods == ("2026-Q1", "2026-Q2")


def test_a_quarterly_task_done_for_q1_on_2_march_is_overdue_on_10_june_for_q2_not_for_q1(plan):
    report = task(plan, "1.1")
    on = D(2026, 6, 10)
    q1, q2 = (tracking.Entry(report, report.schedule.occurrence(k)) for k in ("2026-Q1", "2026-Q2"))
    assert tracking.progress(q1, on) == "hoan_thanh_dung_han"
    assert tracking.progress(q2, on) == "qua_han"             # due 03/6, still in progress
    assert tracking.progress(q2, D(2026, 6, 3)) == "dang_trong_han"


def test_a_yearly_task_done_in_2026_is_not_done_in_2028(plan):
    yearly = task(plan, "1.2")
    counts_2026 = tracking.task_counts([yearly], D(2026, 12, 31), tracking.year_scope(2026))
    counts_2028 = tracking.task_counts([yearly], D(2028, 12, 31), tracking.year_scope(2028))
    assert (counts_2026.total, counts_2026.completed) == (1, 1)
    assert (counts_2028.total, counts_2028.completed, counts_2028.overdue) == (1, 0, 0)
    assert tracking.task_counts([yearly], D(2029, 1, 1), tracking.year_scope(2028)).overdue == 1
    # and it is in the second quarter of 2028
    assert [e.key for e in tracking.entries([yearly], tracking.quarter_scope(2, 2028))] == ["2028"]


def test_a_yearly_key_may_be_written_without_quotes(plan):
    assert task(plan, "1.2").written_periods == ("2026",)


def test_an_occurrence_the_task_does_not_have_is_an_error():
    text = with_task('        thoi_gian: "Hằng quý"\n        ky:\n          "2031-Q1": {trang_thai: hoan_thanh}\n')
    with pytest.raises(InputError) as info:
        read(text)
    message = info.value.render()
    assert "Nhiệm vụ không có kỳ '2031-Q1': thời gian 'Hằng quý' cho các kỳ 2026-Q1, 2026-Q2, 2026-Q3 … 2030-Q4" \
        in message


def test_a_malformed_occurrence_key_is_an_error():
    text = with_task('        thoi_gian: "Hằng quý"\n        ky:\n          "Quý 1": {trang_thai: hoan_thanh}\n')
    with pytest.raises(InputError) as info:
        read(text)
    assert "ky" in info.value.render() and "2026-Q1" in info.value.render()


def test_ky_on_a_task_due_once_is_an_error():
    text = with_task('        thoi_gian: "Quý I/2026"\n        ky:\n          "2026-Q1": {trang_thai: hoan_thanh}\n')
    with pytest.raises(InputError) as info:
        read(text)
    assert "Nhiệm vụ này không lặp lại theo kỳ (thời gian 'Quý I/2026'): ghi trang_thai, ngay_hoan_thanh, ket_qua " \
           "ngay dưới nhiệm vụ, không dùng ky." in info.value.render()


def test_a_completion_date_with_another_status_is_an_error_in_ky_too():
    text = with_task('        thoi_gian: "Hằng quý"\n        ky:\n'
                     '          "2026-Q1": {trang_thai: dang_thuc_hien, ngay_hoan_thanh: 2026-03-01}\n')
    with pytest.raises(InputError) as info:
        read(text)
    assert "Có ngày hoàn thành nhưng trạng thái là 'dang_thuc_hien'" in info.value.render()


def test_a_status_written_on_a_recurring_task_itself_still_reads_with_a_warning_saying_what_to_write():
    text = with_task('        thoi_gian: "Hằng năm"\n        trang_thai: hoan_thanh\n        ngay_hoan_thanh: 2027-05-02\n')
    plan, warnings = read(text)
    added = plan.tasks[-1]
    # completed on 02/5/2027: the occurrence under way then, 2027
    assert added.record("2027").declared == "hoan_thanh"
    assert added.record("2026").declared == "chua_thuc_hien"
    assert any('vd ky: {"2027": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2027-05-02}}' in w for w in warnings)


def test_a_single_status_is_fine_for_a_yearly_task_of_a_one_year_plan():
    text = with_task('        thoi_gian: "Hằng năm"\n        trang_thai: dang_thuc_hien\n', years="nam: 2026")
    text = text.replace("Quý IV/2030", "Quý IV/2026")
    plan, warnings = read(text)
    assert plan.tasks[-1].record("2026").declared == "dang_thuc_hien"
    assert not [w for w in warnings if "lặp lại" in w]


def test_a_deadline_outside_the_plan_period_is_a_warning():
    plan, warnings = read(with_task('        thoi_gian: "Quý I/2032"\n'))
    assert plan.tasks[-1].schedule.due == D(2032, 3, 31)
    assert any("Thời gian 'Quý I/2032' nằm ngoài giai đoạn 2026–2030 của kế hoạch: kiểm tra lại năm." in w
               for w in warnings)
    _, warnings = read(with_task('        thoi_gian: "Quý I/2027"\n', years="nam: 2026").replace(
        "Quý IV/2030", "Quý IV/2026"))
    assert any("nằm ngoài năm 2026 của kế hoạch" in w for w in warnings)


def test_december_before_the_plan_year_is_preparation_not_outside():
    from helpers import ROOT

    warnings = [str(w) for w in load_plan(ROOT / "plans" / "hai-phong-2026.yaml").warnings]
    assert not [w for w in warnings if "nằm ngoài" in w]   # "Tháng 12/2025": the plan was issued on 26/12/2025


def test_a_part_of_a_series_wording_not_understood_is_a_warning():
    plan, warnings = read(with_task('        thoi_gian: "Hằng quý, trước ngày 20"\n'))
    assert [o.due for o in plan.tasks[-1].schedule.occurrences[:2]] == [D(2026, 3, 31), D(2026, 6, 30)]
    assert any("Không hiểu phần 'trước ngày 20' của thời gian 'Hằng quý, trước ngày 20': các kỳ tính theo hằng quý"
               in w for w in warnings)


def test_a_series_too_long_to_follow_is_an_error():
    text = with_task('        thoi_gian: "Hàng tuần"\n', years="giai_doan: {tu: 2000, den: 2100}")
    with pytest.raises(InputError) as info:
        read(text)
    assert "cho quá nhiều kỳ (tối đa 2000 kỳ mỗi nhiệm vụ)" in info.value.render()


def test_tasks_without_ma_get_an_id_from_their_content_that_survives_insertion(plan):
    ids = [t.ident for t in plan.tasks]
    assert ids[0] == "bao-cao-quy" and all(i.startswith("#") for i in ids[1:])
    inserted = BASE.replace("    nhiem_vu:\n      # 1.1", '    nhiem_vu:\n      - noi_dung: "Mới."\n        chu_tri: vp\n'
                                                          "      # 1.1", 1)
    again, _ = read(inserted)
    assert [t.ident for t in again.tasks[1:]] == ids
    assert again.tasks_digest != plan.tasks_digest
