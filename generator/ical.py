"""The deadlines of a plan as an iCalendar file (RFC 5545) for Google Calendar and Outlook.

One all-day event per task with a known due date, on that date, with a reminder a week
before. Deterministic: the UID of an event comes from the plan file name and the task's
`ma` (else its number), and DTSTAMP from the plan's own dates, never from the clock, so
re-importing an updated file updates the events instead of duplicating them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone

from icalendar import Alarm, Calendar, Event

from generator.followup import DATE_FORMAT, TaskRow
from generator.inline import plain
from generator.model import Plan
from generator.tracking import STATUS_LABELS

PRODID = "-//kehoach//Theo doi nhiem vu CCHC//VI"
_SUMMARY_CHARS = 90


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "ke-hoach"


def stamp(plan: Plan) -> datetime:
    """Return the DTSTAMP of every event: the plan's issue date when known, else 1 January."""
    for doc_date in (plan.decision.date if plan.decision else None, plan.document.date):
        if doc_date is not None and doc_date.as_date() is not None:
            d = doc_date.as_date()
            return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)
    return datetime(plan.year_from, 1, 1, tzinfo=timezone.utc)


def event_uid(plan: Plan, row: TaskRow) -> str:
    """Return the stable UID of the event of `row`."""
    name = _slug(plan.source.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0])
    task = _slug(row.stable_id) if row.stable_id else "nv-" + row.number.replace(".", "-")
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
        period += f" (từ {row.start.strftime(DATE_FORMAT)} đến {row.due.strftime(DATE_FORMAT)})"
    lines.append(f"Thời gian thực hiện: {period}")
    # Not the overdue state: it depends on the day, and the file must not.
    status = row.situation if row.status == "hoan_thanh" else STATUS_LABELS[row.status]
    lines.append(f"Trạng thái: {status}")
    if row.completed_on:
        lines.append(f"Ngày hoàn thành: {row.completed_on.strftime(DATE_FORMAT)}")
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
