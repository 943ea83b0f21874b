"""Tracking: the dates a task runs over (parsed once when the plan is read), status on a day, filters, counts."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import ROOT

from generator.domain import tracking
from generator.domain.schedule import Occurrence
from generator.kinds.plan.followup import office_names
from helpers import load_plan

FIXTURE = ROOT / "tests" / "fixtures" / "tracking" / "theo-doi-2026.yaml"
D = date


@pytest.fixture(scope="module")
def plan():
    return load_plan(str(FIXTURE))


def by_code(plan, code):
    return next(t for t in plan.tasks if t.code == code)


def test_task_split_into_parts_is_due_with_its_last_part(plan):
    task = by_code(plan, "2.4")
    assert task.deadline == "" and task.due is None
    schedule = task.schedule
    assert schedule.kind == "once"
    assert schedule.occurrences == (Occurrence("", D(2026, 2, 1), D(2026, 4, 15)),)
    assert schedule.wording == "Tháng 02/2026; Trước ngày 15/4/2026"
    assert schedule.span == (D(2026, 2, 1), D(2026, 4, 15))
    # each part keeps its own parsed deadline
    assert [p.due.due for p in task.parts] == [D(2026, 2, 28), D(2026, 4, 15)]


def test_hai_phong_task_with_parts_takes_their_dates():
    plan = load_plan(str(ROOT / "plans" / "hai-phong-2026.yaml"))
    first = plan.tasks[0]
    assert first.deadline == ""
    assert first.schedule.span == (D(2025, 12, 1), D(2026, 1, 15))
    # "Cả năm 2026" in both parts: the wording is not repeated
    assert plan.tasks[6].schedule.wording == "Cả năm 2026"


def test_own_deadline_wins(plan):
    task = by_code(plan, "1.1")
    assert task.schedule.wording == task.deadline == "Quý I/2026"
    assert task.schedule.due == D(2026, 3, 31)


def test_continuous_work_has_no_deadline_and_runs_over_the_year(plan):
    task = by_code(plan, "2.2")
    assert task.schedule.kind == "ongoing" and task.schedule.due is None
    assert task.schedule.active == (D(2026, 1, 1), D(2026, 12, 31))
    assert tracking.progress(tracking.Entry(task), D(2027, 1, 1)) == "thuong_xuyen"


@pytest.mark.parametrize(
    "code, today, expected",
    [
        # completed on 20/3, due 31/3: the day before, it was not yet done
        ("1.1", D(2026, 3, 19), "dang_trong_han"),
        ("1.1", D(2026, 3, 20), "hoan_thanh_dung_han"),
        ("1.1", D(2026, 12, 31), "hoan_thanh_dung_han"),
        # completed 10/2, due 31/01
        ("1.2", D(2026, 3, 31), "hoan_thanh_qua_han"),
        # in progress, due 31/01: the due date itself is not overdue, the next day is
        ("1.3", D(2026, 1, 31), "dang_trong_han"),
        ("1.3", D(2026, 2, 1), "qua_han"),
        # not started, due 31/12
        ("2.1", D(2026, 12, 31), "dang_trong_han"),
        ("2.1", D(2027, 1, 1), "qua_han"),
        # no dated deadline
        ("2.3", D(2027, 1, 1), "khong_xac_dinh"),
        # parts: due 15/4
        ("2.4", D(2026, 4, 15), "dang_trong_han"),
        ("2.4", D(2026, 4, 16), "qua_han"),
    ],
)
def test_progress_at_boundary_dates(plan, code, today, expected):
    [entry] = tracking.entries([by_code(plan, code)])
    assert tracking.progress(entry, today) == expected


def test_counts_of_the_whole_plan_at_end_of_quarter_one(plan):
    counts = tracking.task_counts(plan.tasks, D(2026, 3, 31))
    assert counts == tracking.TaskCounts(total=7, completed=2, completed_on_time=1, completed_late=1,
                                         in_progress=2, not_started=3, overdue=1, tasks=7)
    assert counts.unfinished == 5


def test_counts_of_quarter_one_leave_out_what_is_due_later(plan):
    counts = tracking.task_counts(plan.tasks, D(2026, 3, 31), tracking.period_scope("quy-1", 2026))
    # 2.1 (Quý III, IV) is not in the period; 2.3 has no dates: it belongs to every period
    assert (counts.total, counts.completed, counts.not_started, counts.overdue) == (6, 2, 2, 1)


def test_counts_at_mid_year(plan):
    counts = tracking.task_counts(plan.tasks, D(2026, 6, 30))
    assert counts.overdue == 2  # 1.3 and 2.4


@pytest.mark.parametrize(
    "quarter, codes",
    [
        (1, ["1.1", "1.2", "1.3", "2.2", "2.4"]),
        (2, ["2.2", "2.4"]),
        (3, ["2.1", "2.2"]),
        (4, ["2.1", "2.2"]),
    ],
)
def test_in_quarter(plan, quarter, codes):
    chosen = tracking.entries(plan.tasks, tracking.quarter_scope(quarter, 2026))
    assert [e.task.code for e in chosen] == codes


def test_involves_lead_support_and_parts(plan):
    assert [t.code for t in plan.tasks if tracking.involves(t, "kt")] == ["1.3", "2.1", "2.4"]
    assert [t.code for t in plan.tasks if tracking.involves(t, "tt")] == []


def test_numbers_and_office_names(plan):
    task = by_code(plan, "1.3")
    assert plan.task_number(task) == "1.3"
    assert office_names(plan, task.lead_keys) == "VP"
    assert office_names(plan, task.support_keys) == "VHXH, KTHTĐT"
    assert office_names(plan, ("tt",)) == "Trung tâm Phục vụ hành chính công"
    hai_phong = load_plan(str(ROOT / "plans" / "hai-phong-2026.yaml"))
    assert hai_phong.task_number(hai_phong.tasks[11]) == "12"


@pytest.mark.parametrize(
    "period, end",
    [("quy-1", D(2026, 3, 31)), ("6-thang", D(2026, 6, 30)), ("quy-3", D(2026, 9, 30)),
     ("nam", D(2026, 12, 31))],
)
def test_period_end(period, end):
    assert tracking.period_end(period, 2026) == end


def test_a_split_task_keeps_its_plan_year_whatever_year_is_asked(tmp_path):
    """A part "Tháng 11" of a 2026 plan is November 2026, also when Q4/2027 is asked for."""
    text = (ROOT / "tests" / "fixtures" / "tracking" / "theo-doi-2026.yaml").read_text(encoding="utf-8")
    plan = load_plan(str(FIXTURE))
    task = by_code(plan, "2.4")
    assert not tracking.entries([task], tracking.quarter_scope(2, 2027))
    assert tracking.entries([task], tracking.quarter_scope(2, 2026))
    assert text  # the fixture is the one the other tests read
