"""Dates and document numbers written by the rules of Nghị định 30/2020/NĐ-CP."""

from __future__ import annotations

from generator.model import DocDate

BLANK = "      "  # what a not-yet-known day, month or number prints as


def day_text(day: int | None) -> str:
    """Return the day as printed: "05", "16"; blank when unknown."""
    return BLANK if day is None else f"{day:02d}"


def month_text(month: int | None) -> str:
    """Return the month as printed: "01", "02" zero-padded, "3" … "12" not; blank when unknown."""
    if month is None:
        return BLANK
    return f"{month:02d}" if month <= 2 else str(month)


def long_date(d: DocDate) -> str:
    """Return "ngày 05 tháng 02 năm 2026", with blanks for unknown parts."""
    year = BLANK if d.year is None else str(d.year)
    return f"ngày {day_text(d.day)} tháng {month_text(d.month)} năm {year}"


def numeric_date(d: DocDate) -> str:
    """Return "26/12/2025" (no zero padding), with blanks for unknown parts."""
    day = BLANK if d.day is None else str(d.day)
    month = BLANK if d.month is None else str(d.month)
    year = BLANK if d.year is None else str(d.year)
    return f"{day}/{month}/{year}"


def place_date_line(place: str, d: DocDate) -> str:
    """Return the địa danh–ngày line: "Nam Đồ Sơn, ngày      tháng 01 năm 2026"."""
    return f"{place}, {long_date(d)}"


def reference(number: str, kind: str, issuer_abbreviation: str) -> str:
    """Return the số/ký hiệu "5256/QĐ-UBND", or "      /QĐ-UBND" before numbering."""
    return f"{number or BLANK}/{kind}-{issuer_abbreviation}"
