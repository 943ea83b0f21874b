"""The deadlines of a plan as an iCalendar file (RFC 5545) for Google Calendar and Outlook.

One all-day event per task with a known due date, on that date, with a reminder a week
before. Deterministic: the UID of an event comes from the plan file name and the task's
`ma` (else its number), and DTSTAMP from the plan's own dates, never from the clock, so
re-importing an updated file updates the events instead of duplicating them.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Alarm, Calendar, Event

from generator.domain.inline import plain
from generator.domain.tasks import STATUS_LABELS
from generator.domain.vietnamese import slug, table_date
from generator.kinds.plan.followup import TaskRow
from generator.kinds.plan.model import Plan

PRODID = "-//kehoach//Theo doi nhiem vu CCHC//VI"
_SUMMARY_CHARS = 90


def stamp(plan: Plan) -> datetime:
    """Return the DTSTAMP of every event: the plan's issue date when known, else 1 January."""
    for doc_date in (plan.decision.date if plan.decision else None, plan.document.date):
        if doc_date is not None and doc_date.as_date() is not None:
            d = doc_date.as_date()
            return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)
    return datetime(plan.year_from, 1, 1, tzinfo=timezone.utc)


def event_uid(plan: Plan, row: TaskRow) -> str:
    """Return the stable UID of the event of `row`."""
    name = slug(plan.source.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "ke-hoach"
    task = (slug(row.stable_id) or "ke-hoach") if row.stable_id else "nv-" + row.number.replace(".", "-")
    return f"{name}-{task}@kehoach"


def _summary(row: TaskRow) -> str:
    content = " ".join(plain(row.content).split())
    if len(content) > _SUMMARY_CHARS:
        content = content[: _SUMMARY_CHARS - 1].rstrip() + "…"
    done = "✔ " if row.status == "hoan_thanh" else ""
    lead = f"[{row.lead}] " if row.lead else ""
    return f"{done}{lead}{row.number}. {content}"


def _description(row: TaskRow) -> str:
    lines = [plain(row.content), "", f"Lĩnh vực: {row.group}", f"Chủ trì: {row.lead}"]
    if row.support:
        lines.append(f"Phối hợp: {row.support}")
    period = row.deadline
    if row.start and row.due and row.start != row.due:
        period += f" (từ {table_date(row.start)} đến {table_date(row.due)})"
    lines.append(f"Thời gian thực hiện: {period}")
    # Not the overdue state: it depends on the day, and the file must not.
    status = row.situation if row.status == "hoan_thanh" else STATUS_LABELS[row.status]
    lines.append(f"Trạng thái: {status}")
    if row.completed_on:
        lines.append(f"Ngày hoàn thành: {table_date(row.completed_on)}")
    if row.result:
        lines.append(f"Kết quả: {row.result}")
    return "\n".join(lines)


def calendar_bytes(plan: Plan, rows: list[TaskRow]) -> bytes:
    """Return the .ics file of the dated tasks among `rows`."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Nhiệm vụ CCHC {plan.period} – {plan.issuer.name}")
    dtstamp = stamp(plan)
    for row in rows:
        if row.due is None:
            continue
        event = Event()
        event.add("uid", event_uid(plan, row))
        event.add("dtstamp", dtstamp)
        event.add("dtstart", row.due)
        event.add("dtend", row.due + timedelta(days=1))
        event.add("summary", _summary(row))
        event.add("description", _description(row))
        event.add("categories", [row.lead or "CCHC"])
        event.add("transp", "TRANSPARENT")
        if row.status != "hoan_thanh":
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Sắp đến hạn: {_summary(row)}")
            alarm.add("trigger", timedelta(days=-7))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
