"""Which years in a text mean the plan's time, and moving them to the next plan.

Pure text functions. `move_years(text, move)` finds every year in a sentence of a plan
and decides, from its words around it, whether it belongs to the plan's own time (it
moves) or to something fixed (it stays):

- moves: a year written as a time of the plan or next to it: "Quý I/2026",
  "Trước ngày 15/01/2026", "Tháng 01/2026 đến tháng 5/2026", "năm 2026", "Cả năm 2026",
  "ngày 05 tháng 12 năm 2026"; the year before and the year after the plan too ("tăng so
  với năm 2025", "Kế hoạch CCHC năm 2027", "Tháng 12/2025"); a short rolling period that
  reaches the plan or the next year ("03 năm 2027-2029", "năm 2026-2027");
- stays, *văn bản pháp luật*: the number, the date and the title of a cited document
  ("Nghị quyết số 76/NQ-CP ngày 15/7/2021", "Luật … ngày 16/6/2025", "Quyết định số
  5256/QĐ-UBND ngày 26/12/2025 … ban hành Kế hoạch … năm 2026"); a citation dated in, or
  naming, the plan's own time is also reported as to be replaced by next year's;
- stays, *giai đoạn cố định*: the national five- and ten-year periods ("giai đoạn
  2021-2030", "2026-2030"), periods already over, targets ("đến năm 2030");
- stays, *không rõ*: a year with no telling words ("kiem-tra-cchc-2026").

For a multi-year plan the plan's own period ("2026-2030") moves to the new one and the
years inside it move by the same offset.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass

MOVED = "moved"
LEGAL = "van_ban"
FIXED = "co_dinh"
UNKNOWN = "khong_ro"
CURRENT = "can_cu"  # a citation of a document of the plan's own time: to replace

REASONS = {
    LEGAL: "văn bản pháp luật (số, ngày, tên văn bản)",
    FIXED: "giai đoạn hoặc mốc cố định",
    UNKNOWN: "không rõ nghĩa",
    CURRENT: "văn bản của năm kế hoạch cũ: thay bằng văn bản tương ứng của năm mới",
}

_YEAR = r"(?:19|20)\d{2}"
_DATE = rf"\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*{_YEAR}|\d{{1,2}}\s+tháng\s+\d{{1,2}}\s+năm\s+{_YEAR}"
_DOC_TYPES = (r"Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định|Quyết định|Chỉ thị|Thông tư(?: liên tịch)?"
              r"|Thông báo|Thông tri|Công văn|Công điện|Kế hoạch|Hướng dẫn|Văn bản|Tờ trình|Báo cáo|Chương trình"
              r"|Đề án|Kết luận|Quy định|Quy chế|Điều lệ|Lệnh|Sắc lệnh")
# a document number such as 5256/QĐ-UBND, 53/2025/NQ-HĐND, 2448/SNV-CCHC&PC
_SYMBOL = re.compile(rf"(?<![\w/])\d{{1,6}}[a-z]?(?:/{_YEAR})?/[A-ZĐ][A-Za-zĐđ0-9&.]*(?:-[A-ZĐ][A-Za-zĐđ0-9&.]*)*")
_AFTER_SYMBOL_DATE = re.compile(rf"\s*,?\s*(?:ban hành\s+)?ngày\s+(?:{_DATE})")
_DOC_BEFORE = re.compile(rf"(?:{_DOC_TYPES})(?:\s+số)?\s*$")
_LAW = re.compile(rf"(?<![\w])(?:Hiến pháp|Bộ luật|Luật|Pháp lệnh)(?:\s+[^\s,;:()“”\"]+){{0,12}}?"
                  rf"\s+(?:ngày\s+(?:{_DATE})|năm\s+{_YEAR})")
_TITLE_END = re.compile(r"[;:()“”\"]|\.(?:\s|$)|,\s+(?=[A-ZĐÀ-Ỹ])|$")
_RANGE = re.compile(rf"(?<![\d/.])({_YEAR})(\s*[-–—]\s*)({_YEAR})(?![\d/])")
_TOKEN = re.compile(rf"(?<![\d.])({_YEAR})(?![\d])")
_TIME_BEFORE = re.compile(r"(?:năm|Năm|NĂM)\s+$|/\s*$")
_TARGET_BEFORE = re.compile(r"(?:đến|tới|tầm nhìn đến|tầm nhìn)\s+năm\s+$", re.IGNORECASE)
_DAY_MONTH = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*$")
_ROLLING_BEFORE = re.compile(r"\b0?\d\s+năm\s+$")
_BARE_WORD = re.compile(rf"(?<=[^\W\d_])\s+{_YEAR}(?=[\s,;.)]|$)")


@dataclass(frozen=True)
class YearMove:
    """The plan's time before and after: one year (2026 → 2027) or a period (2026-2030 → 2031-2035)."""

    old_from: int
    old_to: int
    new_from: int
    new_to: int

    @classmethod
    def year(cls, old: int, new: int) -> YearMove:
        return cls(old, old, new, new)

    @property
    def delta(self) -> int:
        return self.new_from - self.old_from

    @property
    def multi_year(self) -> bool:
        return self.old_from != self.old_to

    def near(self, year: int) -> bool:
        """Return True for a year of the plan's time, the year before it or the year after."""
        return self.old_from - 1 <= year <= self.old_to + 1

    def describe(self) -> str:
        old = str(self.old_from) if not self.multi_year else f"{self.old_from}-{self.old_to}"
        new = str(self.new_from) if not self.multi_year else f"{self.new_from}-{self.new_to}"
        return f"{old} → {new}"


@dataclass(frozen=True)
class Mention:
    """One year (or period) in a text: where, what it was, what it became or why it stayed."""

    start: int
    end: int
    old: str
    new: str | None  # None: left alone
    reason: str      # MOVED, LEGAL, FIXED, UNKNOWN or CURRENT
    year: int
    cited: tuple[int, int] | None = None  # LEGAL: the citation it belongs to (document, number, date)

    @property
    def moved(self) -> bool:
        return self.new is not None


@dataclass(frozen=True)
class Moved:
    """A text after `move_years`: the new text and every year mention found in the old one.

    `old` is the old text as read (NFC, without zero-width characters: what the mentions'
    positions refer to); `text` is the new text, or the untouched original when no year moved.
    """

    old: str
    text: str
    mentions: tuple[Mention, ...]
    changed: bool = False


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\ufeff\u2060\u00ad"), None)


def _readable(text: str) -> str:
    """Return `text` as words are matched: NFC, zero-width characters removed (as kehoach reads plans)."""
    return unicodedata.normalize("NFC", text.translate(_ZERO_WIDTH))


def _citations(text: str) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]]]:
    """Return (start, core end, title end) of every legal citation in `text`, and the
    spans of the document numbers."""
    found: list[tuple[int, int]] = []
    symbols = [(m.start(), m.end()) for m in _SYMBOL.finditer(text)]
    for m in _SYMBOL.finditer(text):
        start, end = m.start(), m.end()
        doc = _DOC_BEFORE.search(text, max(0, start - 40), start)
        if doc is not None:
            start = doc.start()
        date = _AFTER_SYMBOL_DATE.match(text, end)
        if date is not None:
            end = date.end()
        found.append((start, end))
    for m in _LAW.finditer(text):
        found.append((m.start(), m.end()))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out = []
    for i, (start, end) in enumerate(merged):
        limit = merged[i + 1][0] if i + 1 < len(merged) else len(text)
        stop = _TITLE_END.search(text, end, limit)
        out.append((start, end, stop.start() if stop is not None else limit))
    return out, symbols


def move_years(text: str, move: YearMove) -> Moved:
    """Return `text` with the years of the plan's time moved (see the module notes)."""
    if not _TOKEN.search(text):
        return Moved(text, text, ())
    original, text = text, _readable(text)
    citations, symbols = _citations(text)
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def in_citation(pos: int) -> tuple[int, int, int] | None:
        return next((c for c in citations if c[0] <= pos < c[2]), None)

    current_citations: set[tuple[int, int, int]] = set()
    for m in _RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        cite = in_citation(m.start())
        taken.append((m.start(), m.end()))
        if cite is not None:
            if move.multi_year and (a, b) == (move.old_from, move.old_to):
                current_citations.add(cite)
            mentions.append(Mention(m.start(), m.end(), m.group(0), None, LEGAL, a, cite[:2]))
            continue
        new = _move_range(a, b, move, text[: m.start()])
        if new is None:
            mentions.append(Mention(m.start(), m.end(), m.group(0), None, FIXED, a))
        else:
            mentions.append(Mention(m.start(), m.end(), m.group(0), f"{new[0]}{m.group(2)}{new[1]}", MOVED, a))
    for m in _TOKEN.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        year = int(m.group(1))
        before = text[max(0, m.start() - 40): m.start()]
        cite = in_citation(m.start())
        if cite is not None:
            if move.old_from <= year <= move.old_to and not any(s <= m.start() < e for s, e in symbols):
                current_citations.add(cite)
            mentions.append(Mention(m.start(), m.end(), m.group(1), None, LEGAL, year, cite[:2]))
            continue
        timed = _TIME_BEFORE.search(before) is not None
        if (not timed and m.start() > 1 and move.old_from <= year <= move.old_to
                and _BARE_WORD.match(text, m.start() - 1)):
            timed = True  # "ngân sách địa phương 2026 đảm bảo": the plan year standing as a word
        if not timed:
            mentions.append(Mention(m.start(), m.end(), m.group(1), None, UNKNOWN, year))
            continue
        if not move.near(year):
            reason = FIXED if (_TARGET_BEFORE.search(before) or year < move.old_from) else UNKNOWN
            mentions.append(Mention(m.start(), m.end(), m.group(1), None, reason, year))
            continue
        new_year = year + move.delta
        day_month = _DAY_MONTH.search(before)
        if day_month is not None and not _valid_day(int(day_month.group(1)), int(day_month.group(2)), new_year):
            mentions.append(Mention(m.start(), m.end(), m.group(1), None, UNKNOWN, year))
            continue
        mentions.append(Mention(m.start(), m.end(), m.group(1), str(new_year), MOVED, year))
    for cite in sorted(current_citations):
        mentions.append(Mention(cite[0], cite[2], text[cite[0]: cite[2]].strip(), None, CURRENT, move.old_from))
    mentions.sort(key=lambda x: (x.start, x.reason == CURRENT))
    if not any(m.moved for m in mentions):
        return Moved(text, original, tuple(mentions))
    out, pos = [], 0
    for mention in mentions:
        if mention.moved:
            out.append(text[pos: mention.start])
            out.append(mention.new or "")
            pos = mention.end
    out.append(text[pos:])
    return Moved(text, "".join(out), tuple(mentions), changed=True)


def _move_range(a: int, b: int, move: YearMove, before: str) -> tuple[int, int] | None:
    """Return the moved period a-b, or None when it is a fixed one."""
    if (a, b) == (move.old_from, move.old_to) and move.multi_year:
        return move.new_from, move.new_to
    if b <= a:
        return None
    length = b - a + 1
    national = length in (5, 10) and b % 5 == 0
    rolling = _ROLLING_BEFORE.search(before) is not None
    reaches = a <= move.old_to + 1 and b >= move.old_from
    if not move.multi_year and reaches and (rolling or (length <= 4 and not national)):
        return a + move.delta, b + move.delta
    return None


def _valid_day(day: int, month: int, year: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def snippet(text: str, start: int, end: int, width: int = 36) -> str:
    """Return the words around text[start:end], cut with "…" where the text goes on."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    if left > 0:
        space = text.find(" ", left)
        left = space + 1 if 0 <= space < start else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space > end else right
    return ("…" if left > 0 else "") + text[left:right] + ("…" if right < len(text) else "")
