"""The deadlines of a plan as an iCalendar file (RFC 5545) for Google Calendar and Outlook.

One all-day event per dated row, on its due date, with a reminder a week before; a
recurring task is one event with a recurrence rule (RRULE: "hằng quý, ngày 03 tháng cuối
quý" is FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=3) and an override (RECURRENCE-ID) for each
occurrence already done. Work without a deadline ("Thường xuyên", "Theo yêu cầu") has no
event. Deterministic: the UID of an event comes from the plan's identity (file name,
issuer, period) and the task's id, encoded so that different plans and tasks never share
one, and DTSTAMP from the plan's own dates, never from the clock, so re-importing an
updated file updates the events instead of duplicating them.
"""

from __future__ import annotations

import calendar as month_calendar
import hashlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote

from icalendar import Alarm, Calendar, Event

from generator.domain.inline import plain
from generator.domain.schedule import unit_label
from generator.domain.tasks import STATUS_LABELS
from generator.domain.vietnamese import table_date
from generator.kinds.plan.followup import TaskRow
from generator.kinds.plan.model import Plan

PRODID = "-//kehoach//Theo doi nhiem vu CCHC//VI"
_SUMMARY_CHARS = 90
_STEP = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def stamp(plan: Plan) -> datetime:
    """Return the DTSTAMP of every event: the plan's issue date when known, else 1 January."""
    for doc_date in (plan.decision.date if plan.decision else None, plan.document.date):
        if doc_date is not None and doc_date.as_date() is not None:
            d = doc_date.as_date()
            return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)
    return datetime(plan.year_from, 1, 1, tzinfo=timezone.utc)


def plan_uid(plan: Plan) -> str:
    """Return the part of every UID naming the plan: its file name (percent-encoded, so "a b"
    and "a-b" differ) and a digest of its identity (issuer, period, file name)."""
    stem = plan.source.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "ke-hoach"
    digest = hashlib.sha256(f"{plan.issuer.name}\n{plan.period}\n{stem}".encode()).hexdigest()[:8]
    return f"{quote(stem, safe='')}-{digest}"


def event_uid(plan: Plan, row: TaskRow, *, occurrence: bool = False) -> str:
    """Return the stable UID of the event of `row`'s task (of its occurrence when `occurrence`).

    A task with `ma` is "ma-<ma>", one without is "nd-<digest of its content>": a `ma`
    that looks like a number ("nv-1-2") never meets another task's UID."""
    task = row.task
    part = f"ma-{quote(task.stable_id, safe='')}" if task.stable_id else f"nd-{task.ident.lstrip('#')}"
    if occurrence and row.occurrence is not None and row.occurrence.key:
        part += f"~{row.occurrence.key}"
    return f"{plan_uid(plan)}.{part}@kehoach"


def _summary(row: TaskRow, *, series: bool = False) -> str:
    content = " ".join(plain(row.content).split())
    if len(content) > _SUMMARY_CHARS:
        content = content[: _SUMMARY_CHARS - 1].rstrip() + "…"
    done = "✔ " if row.record.declared == "hoan_thanh" and not series else ""
    lead = f"[{row.lead}] " if row.lead else ""
    period = f" ({row.period})" if row.period and not series else ""
    return f"{done}{lead}{row.number}. {content}{period}"


def _description(row: TaskRow, rows: list[TaskRow] | None = None) -> str:
    lines = [plain(row.content), "", f"Lĩnh vực: {row.group}", f"Chủ trì: {row.lead}"]
    if row.support:
        lines.append(f"Phối hợp: {row.support}")
    period = row.deadline
    if rows is None and row.start and row.due and row.start != row.due:
        period += f" (từ {table_date(row.start)} đến {table_date(row.due)})"
    lines.append(f"Thời gian thực hiện: {period}")
    if rows is not None:
        unit = unit_label(row.task.schedule.unit or "yearly")
        lines.append(f"Lặp lại: {unit}, {len(rows)} kỳ, hạn {table_date(rows[0].due)} … {table_date(rows[-1].due)}")
        return "\n".join(lines)
    # Not the overdue state: it depends on the day, and the file must not.
    record = row.record
    if row.period:
        lines.append(f"Kỳ: {row.period}")
    lines.append(f"Trạng thái: {STATUS_LABELS[record.declared]}")
    if record.completed_on:
        lines.append(f"Ngày hoàn thành: {table_date(record.completed_on)}")
    if record.result:
        lines.append(f"Kết quả: {record.result}")
    return "\n".join(lines)


def _day_after(day: date) -> date | None:
    try:
        return day + timedelta(days=1)
    except OverflowError:  # 31/12/9999: an all-day event without DTEND lasts its one day
        return None


def _event(plan: Plan, uid: str, row: TaskRow, summary: str, description: str, *, alarm: bool) -> Event:
    assert row.due is not None
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp(plan))
    event.add("dtstart", row.due)
    end = _day_after(row.due)
    if end is not None:
        event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", [row.lead or "CCHC"])
    event.add("transp", "TRANSPARENT")
    if alarm:
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", f"Sắp đến hạn: {summary}")
        reminder.add("trigger", timedelta(days=-7))
        event.add_component(reminder)
    return event


def _add_months(day: date, months: int, monthday: int) -> date | None:
    """The day `monthday` (negative: from the month's end) `months` months after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        return None
    last = month_calendar.monthrange(year, month)[1]
    d = last + 1 + monthday if monthday < 0 else monthday
    return date(year, month, d) if 1 <= d <= last else None


def recurrence(rows: list[TaskRow]) -> dict | None:
    """Return the RRULE whose occurrences are exactly the due dates of `rows` (consecutive
    occurrences of one series), None when no simple rule gives them."""
    dues = [r.due for r in rows]
    unit = rows[0].task.schedule.unit
    if len(rows) < 2 or unit is None or any(d is None for d in dues):
        return None
    first = dues[0]
    assert first is not None
    if unit == "weekly":
        ok = all(b - a == timedelta(days=7) for a, b in zip(dues, dues[1:]))  # type: ignore[operator]
        return {"freq": "weekly", "count": len(dues)} if ok else None
    step = _STEP[unit]
    last_day = month_calendar.monthrange(first.year, first.month)[1]
    for monthday in ([first.day] + ([-1] if first.day == last_day else [])):
        expected = [_add_months(first, i * step, monthday) for i in range(len(dues))]
        if expected == dues:
            rule: dict = {"freq": "yearly" if unit == "yearly" else "monthly", "count": len(dues)}
            if unit != "yearly":
                rule["interval"] = step
            else:
                rule["bymonth"] = first.month
            rule["bymonthday"] = monthday
            return rule
    return None


def _runs(rows: list[TaskRow]) -> Iterator[list[TaskRow]]:
    """The rows in groups: a one-off row alone, consecutive occurrences of one series together."""
    current: list[TaskRow] = []
    positions: dict[int, dict[str, int]] = {}

    def position(row: TaskRow) -> int:
        index = positions.get(row.task.seq)
        if index is None:
            index = positions[row.task.seq] = {o.key: i for i, o in enumerate(row.task.schedule.occurrences)}
        return index.get(row.occurrence.key if row.occurrence else "", -2)

    for row in rows:
        if current:
            prev = current[-1]
            if (row.task is prev.task and row.occurrence is not None and prev.occurrence is not None
                    and row.task.schedule.kind == "series" and position(row) == position(prev) + 1):
                current.append(row)
                continue
            yield current
        current = [row]
    if current:
        yield current


def calendar_bytes(plan: Plan, rows: list[TaskRow]) -> bytes:
    """Return the .ics file of the dated rows among `rows`."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Nhiệm vụ CCHC {plan.period} – {plan.issuer.name}")
    for run in _runs([r for r in rows if r.due is not None]):
        rule = recurrence(run)
        if rule is None:
            for row in run:
                uid = event_uid(plan, row, occurrence=row.task.schedule.kind == "series")
                cal.add_component(_event(plan, uid, row, _summary(row), _description(row),
                                         alarm=row.record.declared != "hoan_thanh"))
            continue
        first = run[0]
        uid = event_uid(plan, first)
        master = _event(plan, uid, first, _summary(first, series=True), _description(first, run), alarm=True)
        master.add("rrule", rule)
        cal.add_component(master)
        for row in run:
            if row.record.declared != "hoan_thanh":
                continue
            done = _event(plan, uid, row, _summary(row), _description(row), alarm=False)
            done.add("recurrence-id", row.due)
            cal.add_component(done)
    return cal.to_ical()


def event_count(rows: list[TaskRow]) -> int:
    """Return how many events (a recurring task counting once) the calendar of `rows` has."""
    return sum(1 if recurrence(run) else len(run) for run in _runs([r for r in rows if r.due is not None]))
