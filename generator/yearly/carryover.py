"""Carry a plan into the next year (``kehoach nam-moi``): the new plan file and its review list.

Pure: the old file's bytes in, the new file's text and the list of what to review out.
The new file is the old one edited through `generator.yamledit` (one round-trip edit:
comments, key order, quoting and line endings stay), where:

- ``nam`` (or ``giai_doan``) becomes the new year (period);
- every text moves its years as `generator.yearly.years.move_years` decides (titles,
  trích yếu, deadlines, reporting periods, the following year…), and keeps those of legal
  documents and fixed periods;
- the Số of the Quyết định and of the Kế hoạch are cleared, their dates keep only the
  month (``"2027-01"`` prints "ngày      tháng 01 năm 2027");
- task statuses, completion dates and results are removed;
- a citation of a document of the old plan's time (the city's plan of that year, the
  proposal letter) is flagged to be replaced by next year's.

The review list names every change (line, old → new), every field removed, and every
mention of the old plan's years left alone with its reason, so that nothing is missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.errors import CarryOverError
from generator.source.text import clean_text
from generator.source.yaml_source import Source, format_path, load_bytes
from generator.source.editing import TRACKING_KEYS, EditError, delete_key, edit_text
from generator.yearly.years import CURRENT, FIXED, LEGAL, MOVED, REASONS, UNKNOWN, Mention, YearMove, move_years, snippet

DOCUMENTS = ("quyet_dinh", "ke_hoach")
FIELD_NAMES = {"trang_thai": "trạng thái", "ngay_hoan_thanh": "ngày hoàn thành", "ket_qua": "kết quả"}
COMMENT = "chu_thich"


@dataclass(frozen=True)
class Item:
    """One line of the review list."""

    kind: str                 # MOVED (changed), "xoa" (removed), LEGAL, FIXED, UNKNOWN, CURRENT, COMMENT
    path: tuple[Any, ...]
    line: int | None
    text: str                 # what the reader sees: "…năm 2026 → 2027…", or the text left alone

    def where(self) -> str:
        line = f"dòng {self.line}" if self.line else "dòng ?"
        return f"{line} [{format_path(self.path)}]" if self.path else line


@dataclass
class CarryOver:
    """The result of carrying a plan: the new file's text and the review list."""

    path: str
    move: YearMove
    text: str
    changes: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    kept: list[Item] = field(default_factory=list)

    def kept_of(self, kind: str) -> list[Item]:
        return [item for item in self.kept if item.kind == kind]


def plan_years(data: Any) -> tuple[int, int] | None:
    """Return the years a plan's data covers: (nam, nam) or (tu, den); None when it says none."""
    if not isinstance(data, dict):
        return None
    nam, period = data.get("nam"), data.get("giai_doan")
    if isinstance(nam, int) and not isinstance(nam, bool):
        return nam, nam
    if isinstance(period, dict) and isinstance(period.get("tu"), int) and isinstance(period.get("den"), int):
        return period["tu"], period["den"]
    return None


def parse_period(text: str) -> tuple[int, int]:
    """Return (tu, den) from "2031-2035" (the command line's --giai-doan); raise ValueError otherwise."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-–—]\s*(\d{4})\s*", text)
    if not m or int(m.group(2)) <= int(m.group(1)):
        raise ValueError(text)
    return int(m.group(1)), int(m.group(2))


def year_move(source: Source, *, year: int | None = None, period: tuple[int, int] | None = None) -> YearMove:
    """Return how the plan in `source` moves to `year` (or `period`); raise CarryOverError."""
    from generator import kinds

    data = source.data
    kind = kinds.detect(source)
    if kind.key not in ("ke_hoach", "kiem_tra"):
        raise CarryOverError(f"{source.path}: tệp này là {kind.label}, không phải kế hoạch: lệnh nam-moi chỉ chuyển kế hoạch.")
    years = plan_years(data)
    if years is None:
        raise CarryOverError(f"{source.path}: không thấy năm kế hoạch ('nam: 2026' hoặc 'giai_doan: {{tu: 2026, den: 2030}}').")
    old_from, old_to = years
    if old_from != old_to:
        if period is None:
            raise CarryOverError(
                f"{source.path}: đây là kế hoạch nhiều năm (giai đoạn {old_from}-{old_to}); lệnh nam-moi không chuyển "
                f"sang một năm. Muốn lập kế hoạch giai đoạn sau, ghi --giai-doan, vd: --giai-doan "
                f"{old_to + 1}-{old_to + 1 + old_to - old_from}.")
        if period[1] - period[0] != old_to - old_from:
            raise CarryOverError(f"{source.path}: giai đoạn mới {period[0]}-{period[1]} phải dài bằng giai đoạn cũ "
                                 f"{old_from}-{old_to} ({old_to - old_from + 1} năm).")
        if period[0] <= old_from:
            raise CarryOverError(f"{source.path}: giai đoạn mới {period[0]}-{period[1]} phải sau giai đoạn "
                                 f"{old_from}-{old_to}.")
        return YearMove(old_from, old_to, period[0], period[1])
    if period is not None:
        raise CarryOverError(f"{source.path}: kế hoạch năm {old_from} không phải kế hoạch nhiều năm: dùng --nam, "
                             f"vd --nam {old_from + 1}.")
    if year is None:
        raise CarryOverError(f"{source.path}: cần ghi năm mới, vd --nam {old_from + 1}.")
    if year <= old_from:
        raise CarryOverError(f"{source.path}: năm mới {year} phải sau năm kế hoạch {old_from}.")
    return YearMove.year(old_from, year)


def carry_over(raw: bytes, path: str, *, year: int | None = None,
               period: tuple[int, int] | None = None) -> CarryOver:
    """Return the plan in `raw` (read from `path`) carried into `year` (or `period`).

    Raise InputError when the file cannot be read, CarryOverError when it cannot be carried.
    """
    old = load_bytes(raw, path)
    move = year_move(old, year=year, period=period)
    text = raw.decode("utf-8")
    mentions: list[tuple[tuple[Any, ...], Mention, str]] = []
    changes: list[tuple[tuple[Any, ...], str]] = []
    removed: list[tuple[tuple[Any, ...], str]] = []

    def edit(root: Any) -> None:
        _walk(root, (), move, mentions, changes, removed)

    try:
        new_text = edit_text(text, edit)
    except EditError as exc:
        raise CarryOverError(f"{path}: {exc}") from None
    new = load_bytes(new_text.encode("utf-8"), path)
    result = CarryOver(path, move, new_text)
    for where, what in changes:
        result.changes.append(Item(MOVED, where, new.line_of(where), what))
    for where, what in removed:
        result.removed.append(Item("xoa", where, old.line_of(where), what))
    seen: set[tuple[Any, ...]] = set()
    for where, mention, value in mentions:
        if mention.moved:
            continue
        if mention.reason != CURRENT and not move.near(mention.year):
            continue
        if mention.reason == LEGAL and _inside_current(mention, where, mentions):
            continue
        if mention.reason == CURRENT:
            shown = mention.old
        elif mention.cited is not None:
            shown = value[mention.cited[0]: mention.cited[1]].strip()
        else:
            shown = snippet(value, mention.start, mention.end)
        if (where, shown) in seen:
            continue
        seen.add((where, shown))
        result.kept.append(Item(mention.reason, where, new.line_of(where), shown))
    result.kept.extend(_comments(new_text, move))
    return result


def _inside_current(mention: Mention, where: tuple[Any, ...], mentions: list) -> bool:
    return any(w == where and m.reason == CURRENT and m.start <= mention.start < m.end for w, m, _ in mentions)


def _walk(node: Any, path: tuple[Any, ...], move: YearMove, mentions: list, changes: list, removed: list) -> None:
    keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
    if _is_task(path) and isinstance(node, dict):
        for key in TRACKING_KEYS:
            if key in node:
                removed.append((path + (key,), f"{FIELD_NAMES[key]}: {_show(node[key])}"))
                delete_key(node, key)
        keys = list(node.keys())
    for key in keys:
        here = path + (key,)
        value = node[key]
        special = _special(here, value, move)
        if special is not _NOTHING:
            if special != value:
                node[key] = special
                changes.append((here, f"{_show(value)} → {_show(special)}"))
            continue
        if isinstance(value, (dict, list)):
            _walk(value, here, move, mentions, changes, removed)
        elif isinstance(value, str):
            moved = move_years(value, move)
            for mention in moved.mentions:
                mentions.append((here, mention, moved.old))
            if here[-1:] == ("de_nghi",) and not any(m.reason == CURRENT for m in moved.mentions) \
                    and re.search(r"\bsố\s+\d", value):
                mentions.append((here, Mention(0, len(value), value, None, CURRENT, move.old_from), value))
            if moved.changed:
                node[key] = moved.text
                changes.append((here, _changed_words(moved)))
        elif isinstance(value, date) and move.near(value.year):
            mentions.append((here, Mention(0, 0, value.isoformat(), None, UNKNOWN, value.year), value.isoformat()))


_NOTHING = object()


def _special(path: tuple[Any, ...], value: Any, move: YearMove) -> Any:
    """Return the new value of a field with a rule of its own, or _NOTHING."""
    if path == ("nam",) and isinstance(value, int):
        return move.new_from
    if path == ("giai_doan", "tu") and isinstance(value, int):
        return move.new_from
    if path == ("giai_doan", "den") and isinstance(value, int):
        return move.new_to
    if len(path) == 2 and path[0] in DOCUMENTS and path[1] == "so":
        return "" if value not in (None, "") else value
    if len(path) == 2 and path[0] in DOCUMENTS and path[1] == "ngay":
        return _unsigned_date(value, move)
    return _NOTHING


def _unsigned_date(value: Any, move: YearMove) -> Any:
    """Return the date of a document not yet signed: the year moved, the month kept, no day."""
    if isinstance(value, date):
        return f"{value.year + move.delta}-{value.month:02d}"
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?\s*", value)
        if m:
            year = int(m.group(1)) + move.delta
            return f"{year}-{int(m.group(2)):02d}" if m.group(2) else str(year)
    return value


def _is_task(path: tuple[Any, ...]) -> bool:
    return len(path) == 4 and path[0] == "nhiem_vu_cu_the" and path[2] == "nhiem_vu"


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return f"“{value}”"
    return str(value)


def _changed_words(moved: Any, width: int = 28) -> str:
    """Return the changes of one text: “old” → “new” when short, else the changed words in
    their context, "…năm 2026 → 2027 trên địa bàn…", nearby changes sharing one piece."""
    if len(moved.old) <= 70:
        return f"{_show(moved.old)} → {_show(moved.text)}"
    spans = [m for m in moved.mentions if m.moved]
    windows: list[list[Any]] = []
    for mention in spans:
        lo, hi = max(0, mention.start - width), min(len(moved.old), mention.end + width)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(hi, windows[-1][1])
            windows[-1][2].append(mention)
        else:
            windows.append([lo, hi, [mention]])
    pieces = []
    for lo, hi, inside in windows:
        text, pos = [], lo
        for mention in inside:
            text.append(moved.old[pos: mention.start] + f"{mention.old} → {mention.new}")
            pos = mention.end
        text.append(moved.old[pos: hi])
        piece = "".join(text)
        if lo > 0:
            piece = "…" + piece.split(" ", 1)[-1] if " " in piece[:width] else "…" + piece
        if hi < len(moved.old):
            piece = piece.rsplit(" ", 1)[0] + "…" if " " in piece[-width:] else piece + "…"
        pieces.append(piece)
    return " ".join(pieces)


_COMMENT_START = re.compile(r"(^|\s)#")


def _comments(text: str, move: YearMove) -> list[Item]:
    """Return the comment lines of `text` that name a year of the old plan (comments are kept)."""
    years = {str(y) for y in range(move.old_from, move.old_to + 1)}
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        comment = _comment_of(line)
        if comment and any(y in comment for y in years):
            out.append(Item(COMMENT, (), number, clean_text(comment)))
    return out


def _comment_of(line: str) -> str:
    """Return the comment part of a YAML line ("" when none), skipping quoted text."""
    quote = ""
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 2
                continue
            if c == quote:
                if quote == "'" and line[i + 1: i + 2] == "'":
                    i += 2
                    continue
                quote = ""
        elif c in "\"'" and (i == 0 or line[i - 1] in " \t:[{,-"):
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[i:]
        i += 1
    return ""


# --- describing the result ---------------------------------------------------------------------

def review_lines(result: CarryOver) -> list[str]:
    """Return the review list in Vietnamese, one line per item, grouped by kind."""
    move = result.move
    lines = [f"{result.path}: chuyển năm kế hoạch {move.describe()}."]
    if result.changes:
        lines.append(f"Đã đổi ({len(result.changes)} chỗ):")
        lines += [f"  {item.where()}: {item.text}" for item in result.changes]
    if result.removed:
        lines.append(f"Đã xóa theo dõi thực hiện của năm cũ ({len(result.removed)} trường):")
        lines += [f"  {item.where()}: {item.text}" for item in result.removed]
    current = result.kept_of(CURRENT)
    if current:
        lines.append(f"CẦN THAY — văn bản của năm cũ, hãy ghi văn bản tương ứng của năm mới ({len(current)} chỗ):")
        lines += [f"  {item.where()}: “{item.text}”" for item in current]
    for kind in (UNKNOWN, LEGAL, FIXED):
        items = result.kept_of(kind)
        if items:
            head = "CẦN XEM LẠI — giữ nguyên vì" if kind == UNKNOWN else "Giữ nguyên —"
            lines.append(f"{head} {REASONS[kind]} ({len(items)} chỗ):")
            lines += [f"  {item.where()}: “{item.text}”" for item in items]
    comments = result.kept_of(COMMENT)
    if comments:
        lines.append(f"Chú thích (#) giữ nguyên, có nhắc năm cũ ({len(comments)} dòng):")
        lines += [f"  {item.where()}: {item.text}" for item in comments]
    return lines


def default_output(path: str, move: YearMove) -> str:
    """Return the new file's name: the old year in the name replaced, else "-<năm>" added."""
    from pathlib import Path

    p = Path(path)
    old = f"{move.old_from}-{move.old_to}" if move.multi_year else str(move.old_from)
    new = f"{move.new_from}-{move.new_to}" if move.multi_year else str(move.new_from)
    stem = p.stem.replace(old, new) if old in p.stem else f"{p.stem}-{new}"
    if stem == p.stem:
        stem = f"{p.stem}-{new}"
    return str(p.with_name(stem + p.suffix))


