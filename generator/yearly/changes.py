"""What changed between two versions of a plan (``kehoach diff``, ``kehoach so-sanh``).

Pure: two loaded files in, a `PlanChanges` out; `render_text` writes it in Vietnamese (or
Markdown for a merge request). The comparison is by meaning, not by line:

- tasks are matched by ``ma`` when both versions have it, else by their content (the
  same text, else the most similar one, difflib), never by number: a task inserted in
  the middle makes the following ones *renumbered*, not changed;
- a matched task is *moved* when it changed lĩnh vực or order, and *changed* field by
  field (nội dung with a word-level diff, chủ trì, phối hợp, sản phẩm, thời gian…);
- paragraphs of each section of the Kế hoạch are matched in order and reported added,
  removed or changed; the header parts (trích yếu, số, ngày, căn cứ, Điều, Nơi nhận,
  người ký…) and the office registry field by field;
- when the plan year moved (a ``nam-moi`` successor), a text that differs only by the
  year move is counted in one line, not listed.

Files that are not task plans (inspection plans, reports, outlines) are compared field by
field the same generic way.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.source.yaml_source import Source
from generator.yearly.years import YearMove, move_years

TASK_FIELDS = {
    "ma": "mã", "noi_dung": "nội dung", "chu_tri": "chủ trì", "phoi_hop": "phối hợp", "san_pham": "sản phẩm",
    "thoi_gian": "thời gian", "phan_viec": "phần việc", "nhan_chu_tri": "nhãn chủ trì",
    "nhan_phoi_hop": "nhãn phối hợp", "nhan_san_pham": "nhãn sản phẩm", "nhan_thoi_gian": "nhãn thời gian",
}
PROGRESS_FIELDS = {"trang_thai": "trạng thái", "ngay_hoan_thanh": "ngày hoàn thành", "ket_qua": "kết quả"}
LABELS = {
    "nam": "Năm kế hoạch", "giai_doan": "Giai đoạn", "loai": "Loại kế hoạch",
    "co_quan_ban_hanh": "Cơ quan ban hành", "ten": "tên", "dia_danh": "địa danh", "viet_tat": "viết tắt",
    "chu_quan": "cơ quan chủ quản", "dong_ten": "dòng tên",
    "quyet_dinh": "Quyết định", "ke_hoach": "Kế hoạch", "so": "số", "ngay": "ngày", "trich_yeu": "trích yếu",
    "tham_quyen": "thẩm quyền", "can_cu": "căn cứ", "de_nghi": "đề nghị", "dieu": "Điều",
    "noi_nhan": "Nơi nhận", "luu": "Lưu", "nguoi_ky": "người ký", "quyen_han": "quyền hạn", "chuc_vu": "chức vụ",
    "ho_ten": "họ tên", "kem_theo": "dòng kèm theo", "mo_dau": "mở đầu", "ket_thuc": "kết thúc",
    "phu_luc": "phụ lục", "tieu_de": "tiêu đề", "trinh_bay_nhiem_vu": "cách trình bày nhiệm vụ",
    "danh_diem": "cách đánh điểm", "nhan": "nhãn", "de_cuong": "đề cương", "don_vi_kiem_tra": "đơn vị kiểm tra",
    "tu": "từ", "den": "đến", "cua": "của", "ngay_dang_so": "ngày dạng số",
}
ADDED, REMOVED, CHANGED, MOVED, RENUMBERED = "them", "bo", "sua", "chuyen", "danh_so"
_WORD = re.compile(r"\s+|\w+|[^\w\s]+")


# --- word-level differences ---------------------------------------------------------------------

Words = tuple[tuple[str, str], ...]  # (op, text): "=" kept, "-" removed, "+" added


def word_diff(old: str, new: str) -> Words:
    """Return the word-level difference of two texts as (op, text) pieces, spaces kept."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    out: list[tuple[str, str]] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            push("=", "".join(a[i1:i2]))
            continue
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        # keep the spaces around a changed word outside the marks
        lead = len(removed) - len(removed.lstrip()) if tag != "insert" else len(added) - len(added.lstrip())
        if tag == "replace":
            common = min(len(removed) - len(removed.lstrip()), len(added) - len(added.lstrip()))
            push("=", removed[:common])
            removed, added = removed[common:], added[common:]
        elif lead and tag == "delete":
            push("=", removed[:lead])
            removed = removed[lead:]
        elif lead and tag == "insert":
            push("=", added[:lead])
            added = added[lead:]
        push("-", removed)
        push("+", added)
    return _coalesce(out)


def _coalesce(pieces: list[tuple[str, str]]) -> Words:
    """Join changes separated by a space only: [-tổ chức-]{+triển khai+}, not word by word."""
    runs: list[Any] = []  # "=" text, or [removed, added] of a run of changes
    for op, text in pieces:
        if op == "=":
            runs.append(text)
        elif runs and isinstance(runs[-1], list):
            runs[-1][0 if op == "-" else 1] += text
        else:
            runs.append([text, ""] if op == "-" else ["", text])
    merged: list[Any] = []
    for run in runs:
        if (isinstance(run, list) and len(merged) >= 2 and isinstance(merged[-2], list)
                and isinstance(merged[-1], str) and not merged[-1].strip()):
            first, space = merged[-2], merged[-1]
            minus = space.join(x for x in (first[0], run[0]) if x)
            plus = space.join(x for x in (first[1], run[1]) if x)
            if (first[0] and run[0]) or (first[1] and run[1]):
                merged[-2:] = [[minus, plus]]
                continue
        merged.append(run)
    out: list[tuple[str, str]] = []
    for run in merged:
        if isinstance(run, str):
            out.append(("=", run))
        else:
            out += [(op, text) for op, text in (("-", run[0]), ("+", run[1])) if text]
    return tuple(out)


def mark_words(words: Words, *, markdown: bool = False, context: int | None = 8) -> str:
    """Return a word diff as text: [-old-]{+new+} (or ~~old~~ **new**), long kept runs cut."""
    out = []
    for i, (op, text) in enumerate(words):
        if op == "=":
            pieces = _WORD.findall(text)
            if context is not None and len(pieces) > 2 * context * 2 + 2:
                keep = context * 2
                head = "".join(pieces[:keep]) if i > 0 else ""
                tail = "".join(pieces[-keep:]) if i < len(words) - 1 else ""
                text = (head + "…" + tail) if (head or tail) else "…"
                if i == 0:
                    text = "…" + "".join(pieces[-keep:])
                elif i == len(words) - 1:
                    text = "".join(pieces[:keep]) + "…"
            out.append(text)
        else:
            core = text.strip()
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            if op == "-":
                mark = f"~~{core}~~" if markdown else f"[-{core}-]"
            else:
                mark = f"**{core}**" if markdown else f"{{+{core}+}}"
            out.append(lead + mark + trail if core else text)
    return "".join(out)


# --- what is compared ---------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its label, old and new text (empty: absent) and their word diff."""

    label: str
    old: str
    new: str
    line_old: int | None = None
    line_new: int | None = None

    @property
    def words(self) -> Words:
        return word_diff(self.old, self.new)


@dataclass(frozen=True)
class ListChange:
    """A list of texts (căn cứ, Điều, Nơi nhận…) that differs: items added, removed, changed."""

    label: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TaskRef:
    """A task as one version prints it."""

    number: str
    group: int            # 0-based lĩnh vực
    group_title: str
    position: int         # 0-based across the plan
    data: dict[str, Any]
    line: int | None
    texts: dict[str, str]  # field → printed text

    @property
    def content(self) -> str:
        return self.texts.get("noi_dung", "")


@dataclass(frozen=True)
class TaskChange:
    """A task added, removed, or matched across versions (moved, renumbered, changed)."""

    kind: str                     # ADDED, REMOVED, CHANGED, MOVED, RENUMBERED
    old: TaskRef | None
    new: TaskRef | None
    fields: tuple[FieldChange, ...] = ()
    moved_group: bool = False
    moved_order: bool = False
    renumbered: bool = False


@dataclass(frozen=True)
class ParagraphChange:
    """A paragraph of a section of the Kế hoạch added, removed or changed."""

    section: str
    kind: str
    old: str
    new: str
    line_old: int | None = None
    line_new: int | None = None


@dataclass
class PlanChanges:
    """Every difference between two versions of a plan, by meaning."""

    old_name: str
    new_name: str
    move: YearMove | None = None
    year_only: int = 0                  # texts that differ only by the year move
    progress_cleared: int = 0           # tasks whose follow-up fields a year move removed
    fields: list[FieldChange] = field(default_factory=list)
    lists: list[ListChange] = field(default_factory=list)
    offices_added: list[tuple[str, str]] = field(default_factory=list)
    offices_removed: list[tuple[str, str]] = field(default_factory=list)
    office_fields: list[FieldChange] = field(default_factory=list)
    groups: list[FieldChange] = field(default_factory=list)
    paragraphs: list[ParagraphChange] = field(default_factory=list)
    tasks: list[TaskChange] = field(default_factory=list)
    group_map: dict[int, int] = field(default_factory=dict)   # old lĩnh vực → new lĩnh vực (0-based)
    new_groups: list[str] = field(default_factory=list)       # titles of the new lĩnh vực

    @property
    def equal(self) -> bool:
        return not (self.move or self.year_only or self.progress_cleared or self.fields or self.lists
                    or self.offices_added or self.offices_removed or self.office_fields or self.groups
                    or self.paragraphs or self.tasks)

    def tasks_of(self, *kinds: str) -> list[TaskChange]:
        return [t for t in self.tasks if t.kind in kinds]


# --- comparing ----------------------------------------------------------------------------------

class _Comparer:
    def __init__(self, old: Source, new: Source) -> None:
        self.old, self.new = old, new
        self.out = PlanChanges(old.path, new.path)
        years_old, years_new = _years(old.data), _years(new.data)
        if years_old and years_new and years_old != years_new and \
                years_new[1] - years_new[0] == years_old[1] - years_old[0]:
            self.out.move = YearMove(*years_old, *years_new)

    # -- text with the year move undone --------------------------------------------------------
    def same(self, old: Any, new: Any) -> bool:
        """Return True when `old` equals `new`, or differs only by the year move (counted)."""
        if old == new:
            return True
        if self.out.move is None:
            return False
        if isinstance(old, str) and isinstance(new, str) and move_years(old, self.out.move).text == new \
                and old != new:
            self.out.year_only += 1
            return True
        a, b = _year_month(old), _year_month(new)
        if a and b and (a[0] + self.out.move.delta, a[1]) == b:  # a document date moved (its day cleared)
            self.out.year_only += 1
            return True
        return False

    def normal(self, text: str) -> str:
        return move_years(text, self.out.move).text if self.out.move is not None else text

    # -- generic parts -------------------------------------------------------------------------
    def walk(self, old: Any, new: Any, path: tuple[Any, ...], skip: tuple[tuple[Any, ...], ...] = ()) -> None:
        """Compare two values of the same path field by field (lists of texts as lists)."""
        if path in skip:
            return
        if isinstance(old, dict) and isinstance(new, dict):
            for key in list(old) + [k for k in new if k not in old]:
                self.walk(old.get(key), new.get(key), path + (key,), skip)
            return
        if _text_list(old) and _text_list(new) and (isinstance(old, list) or isinstance(new, list)):
            self.text_list(old, new, path)
            return
        if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
            for i, (a, b) in enumerate(zip(old, new)):
                self.walk(a, b, path + (i,), skip)
            return
        if path in (("nam",), ("giai_doan", "tu"), ("giai_doan", "den")) and self.out.move is not None:
            return  # the year move is said once
        if self.same(old, new):
            return
        self.out.fields.append(FieldChange(_label(path), _printed(old), _printed(new),
                                           self.old.line_of(path) if old is not None else None,
                                           self.new.line_of(path) if new is not None else None))

    def text_list(self, old: Any, new: Any, path: tuple[Any, ...]) -> None:
        a = [] if old is None else ([old] if isinstance(old, str) else [_printed(x) for x in old])
        b = [] if new is None else ([new] if isinstance(new, str) else [_printed(x) for x in new])
        if isinstance(old, str) and isinstance(new, str) or (len(a) == 1 and len(b) == 1):
            if not self.same(a[0] if a else "", b[0] if b else ""):
                self.out.fields.append(FieldChange(_label(path), " ".join(a), " ".join(b),
                                                   self.old.line_of(path), self.new.line_of(path)))
            return
        added, removed, changed = [], [], []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, [self.normal(x) for x in a], b,
                                                            autojunk=False).get_opcodes():
            if tag == "equal":
                for x, y in zip(a[i1:i2], b[j1:j2]):
                    self.same(x, y)
                continue
            olds, news = a[i1:i2], b[j1:j2]
            pairs = min(len(olds), len(news)) if tag == "replace" else 0
            changed += list(zip(olds[:pairs], news[:pairs]))
            removed += olds[pairs:]
            added += news[pairs:]
        if added or removed or changed:
            self.out.lists.append(ListChange(_label(path), tuple(added), tuple(removed), tuple(changed)))

    # -- offices -------------------------------------------------------------------------------
    def offices(self) -> None:
        old, new = self.old.data.get("co_quan") or {}, self.new.data.get("co_quan") or {}
        if not isinstance(old, dict) or not isinstance(new, dict):
            return
        for key in old:
            if key not in new:
                self.out.offices_removed.append((key, _office_name(old, key)))
        for key in new:
            if key not in old:
                self.out.offices_added.append((key, _office_name(new, key)))
            else:
                before = len(self.out.fields)
                self.walk(old[key], new[key], ("co_quan", key))
                self.out.office_fields.extend(self.out.fields[before:])
                del self.out.fields[before:]

    # -- sections ------------------------------------------------------------------------------
    def sections(self) -> None:
        old = _sections(self.old, self.old.data)
        new = _sections(self.new, self.new.data)
        new_by_title = {self.normal_title(t): i for i, (t, _) in enumerate(new)}
        used: set[int] = set()
        pairs: list[tuple[int | None, int | None]] = []
        for i, (title, _) in enumerate(old):
            j = new_by_title.get(self.normal_title(title))
            if j is None and i < len(new) and i not in used and i not in new_by_title.values():
                j = i  # renamed in place
            if j is not None and j not in used:
                used.add(j)
                pairs.append((i, j))
            else:
                pairs.append((i, None))
        pairs += [(None, j) for j in range(len(new)) if j not in used]
        for i, j in pairs:
            title = new[j][0] if j is not None else old[i][0]
            a = old[i][1] if i is not None else []
            b = new[j][1] if j is not None else []
            if i is not None and j is not None and not self.same(old[i][0], new[j][0]):
                self.out.paragraphs.append(ParagraphChange(title, CHANGED, old[i][0], new[j][0]))
            self.paragraph_list(title, a, b)

    def normal_title(self, title: str) -> str:
        return re.sub(r"^[IVXLC]+\.\s*", "", self.normal(title)).casefold()

    def paragraph_list(self, title: str, a: list[tuple[str, int | None]], b: list[tuple[str, int | None]]) -> None:
        matcher = difflib.SequenceMatcher(None, [self.normal(t) for t, _ in a], [t for t, _ in b], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for (x, _), (y, _) in zip(a[i1:i2], b[j1:j2]):
                    self.same(x, y)
                continue
            olds, news = a[i1:i2], b[j1:j2]
            pairs = _pair_similar([t for t, _ in olds], [t for t, _ in news]) if tag == "replace" else []
            paired_old = {p for p, _ in pairs}
            paired_new = {q for _, q in pairs}
            for p, q in pairs:
                self.out.paragraphs.append(ParagraphChange(title, CHANGED, olds[p][0], news[q][0],
                                                           olds[p][1], news[q][1]))
            for p, (text, line) in enumerate(olds):
                if p not in paired_old:
                    self.out.paragraphs.append(ParagraphChange(title, REMOVED, text, "", line, None))
            for q, (text, line) in enumerate(news):
                if q not in paired_new:
                    self.out.paragraphs.append(ParagraphChange(title, ADDED, "", text, None, line))

    # -- tasks ---------------------------------------------------------------------------------
    def tasks(self) -> None:
        old_groups, old = _tasks(self.old)
        new_groups, new = _tasks(self.new)
        group_map = self.match_groups(old_groups, new_groups)
        self.out.group_map = group_map
        self.out.new_groups = [title for title, _ in new_groups]
        pairs = self.match_tasks(old, new, group_map)
        matched_old = {i for i, _ in pairs}
        matched_new = {j for _, j in pairs}
        order = _longest_increasing([j for _, j in sorted(pairs)])
        for i, j in sorted(pairs, key=lambda p: p[1]):
            a, b = old[i], new[j]
            fields = self.task_fields(a, b)
            moved_group = group_map.get(a.group) != b.group
            moved_order = j not in order and not moved_group
            renumbered = a.number != b.number
            if fields:
                kind = CHANGED
            elif moved_group or moved_order:
                kind = MOVED
            elif renumbered:
                kind = RENUMBERED
            else:
                continue
            self.out.tasks.append(TaskChange(kind, a, b, tuple(fields), moved_group, moved_order, renumbered))
        for j, b in enumerate(new):
            if j not in matched_new:
                self.out.tasks.append(TaskChange(ADDED, None, b))
        for i, a in enumerate(old):
            if i not in matched_old:
                self.out.tasks.append(TaskChange(REMOVED, a, None))
        self.out.tasks.sort(key=lambda t: (t.new or t.old).position if t.new else (t.old.position + 0.5))

    def match_groups(self, old: list[tuple[str, int | None]], new: list[tuple[str, int | None]]) -> dict[int, int]:
        by_title = {self.normal(t).casefold(): j for j, (t, _) in enumerate(new)}
        out: dict[int, int] = {}
        for i, (title, line) in enumerate(old):
            j = by_title.get(self.normal(title).casefold())
            if j is None and i < len(new) and i not in out.values() and \
                    difflib.SequenceMatcher(None, self.normal(title), new[i][0]).ratio() >= 0.6:
                j = i
            if j is not None:
                out[i] = j
                if not self.same(title, new[j][0]):
                    self.out.groups.append(FieldChange(f"lĩnh vực {i + 1}", title, new[j][0], line, new[j][1]))
        for i, (title, line) in enumerate(old):
            if i not in out:
                self.out.groups.append(FieldChange(f"lĩnh vực {i + 1}", title, "", line, None))
        for j, (title, line) in enumerate(new):
            if j not in out.values():
                self.out.groups.append(FieldChange(f"lĩnh vực {j + 1}", "", title, None, line))
        return out

    def match_tasks(self, old: list[TaskRef], new: list[TaskRef],
                    group_map: dict[int, int] | None = None) -> list[tuple[int, int]]:
        pairs: list[tuple[int, int]] = []
        free_old, free_new = set(range(len(old))), set(range(len(new)))
        by_id = {t.data.get("ma"): j for j, t in enumerate(new) if t.data.get("ma")}
        for i, t in enumerate(old):
            j = by_id.get(t.data.get("ma")) if t.data.get("ma") else None
            if j is not None and j in free_new:
                pairs.append((i, j))
                free_old.discard(i)
                free_new.discard(j)

        def both_coded(i: int, j: int) -> bool:  # two different stable ids: two different tasks
            return bool(old[i].data.get("ma") and new[j].data.get("ma"))

        by_text: dict[str, list[int]] = {}
        for j in sorted(free_new):
            by_text.setdefault(_key(new[j].content), []).append(j)
        for i in sorted(free_old):
            candidates = [j for j in by_text.get(_key(self.normal(old[i].content)), [])
                          if j in free_new and not both_coded(i, j)]
            if candidates:
                j = candidates[0]
                pairs.append((i, j))
                free_old.discard(i)
                free_new.discard(j)
        scored = []
        old_left = sorted(free_old)
        new_left = sorted(free_new)
        # every pair when few remain; else only pairs within the same lĩnh vực (time stays bounded)
        same_group_only = len(old_left) * len(new_left) > 250_000
        if old_left and new_left:
            new_words = {j: _key(new[j].content).split() for j in new_left}
            for i in old_left:
                words = _key(self.normal(old[i].content)).split()
                matcher = difflib.SequenceMatcher(None, autojunk=False)
                matcher.set_seq2(words)
                for j in new_left:
                    if both_coded(i, j):
                        continue
                    if same_group_only and (group_map or {}).get(old[i].group) != new[j].group:
                        continue
                    matcher.set_seq1(new_words[j])
                    if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
                        continue
                    ratio = matcher.ratio()
                    if ratio >= 0.5:
                        scored.append((-ratio, abs(old[i].position - new[j].position), i, j))
        for _, _, i, j in sorted(scored):
            if i in free_old and j in free_new:
                pairs.append((i, j))
                free_old.discard(i)
                free_new.discard(j)
        return pairs

    def task_fields(self, a: TaskRef, b: TaskRef) -> list[FieldChange]:
        out = []
        keys = [k for k in TASK_FIELDS if k in a.texts or k in b.texts]
        keys += [k for k in list(a.texts) + list(b.texts) if k not in TASK_FIELDS and k not in keys]
        for key in keys:
            if key in PROGRESS_FIELDS and self.out.move is not None and key not in b.texts:
                continue  # a year move clears the follow-up: said once
            old, new = a.texts.get(key, ""), b.texts.get(key, "")
            if not self.same(old, new):
                label = TASK_FIELDS.get(key) or PROGRESS_FIELDS.get(key) or key
                out.append(FieldChange(label, old, new))
        return out


def compare(old: Source, new: Source) -> PlanChanges:
    """Return every difference between the plan versions `old` and `new` (see module notes)."""
    c = _Comparer(old, new)
    a, b = old.data, new.data
    if not isinstance(a, dict) or not isinstance(b, dict):
        c.walk(a, b, ())
        return c.out
    skip = (("co_quan",), ("ke_hoach", "noi_dung"), ("nhiem_vu_cu_the",))
    c.walk(a, b, (), skip)
    c.offices()
    c.sections()
    c.tasks()
    if c.out.move is not None:
        c.out.progress_cleared = sum(1 for t in _tasks(old)[1] if any(k in t.data for k in PROGRESS_FIELDS)) - \
            sum(1 for t in _tasks(new)[1] if any(k in t.data for k in PROGRESS_FIELDS))
        c.out.progress_cleared = max(0, c.out.progress_cleared)
    return c.out


# --- reading the parts of a plan ----------------------------------------------------------------

def _years(data: Any) -> tuple[int, int] | None:
    from generator.yearly.carryover import plan_years

    return plan_years(data)


def _year_month(value: Any) -> tuple[int, int | None] | None:
    if isinstance(value, date):
        return value.year, value.month
    if isinstance(value, str):
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?", value.strip())
        if m:
            return int(m.group(1)), int(m.group(2)) if m.group(2) else None
    return None


def _text_list(value: Any) -> bool:
    return value is None or isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(x, (str, int, float, date)) and not isinstance(x, bool)
                                        for x in value))


def _printed(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return "; ".join(_printed(x) for x in value)
    if isinstance(value, dict):
        return "; ".join(f"{LABELS.get(k, k)}: {_printed(v)}" for k, v in value.items())
    return str(value)


def _label(path: tuple[Any, ...]) -> str:
    parts = []
    for part in path:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]} {part + 1}" if parts else str(part + 1)]
        else:
            parts.append(LABELS.get(part, part))
    if not parts:
        return "tệp"
    head, *rest = parts
    return head[:1].upper() + head[1:] + (", " + ", ".join(rest) if rest else "")


def _office_name(registry: dict[str, Any], key: str) -> str:
    entry = registry.get(key)
    return str(entry.get("ten", key)) if isinstance(entry, dict) else str(entry)


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _pair_similar(olds: list[str], news: list[str]) -> list[tuple[int, int]]:
    """Pair the paragraphs of a replaced run that are versions of one another (in order)."""
    pairs: list[tuple[int, int]] = []
    start = 0
    for p, text in enumerate(olds):
        best, best_q = 0.0, None
        for q in range(start, len(news)):
            ratio = difflib.SequenceMatcher(None, _key(text).split(), _key(news[q]).split(), autojunk=False).ratio()
            if ratio > best:
                best, best_q = ratio, q
        if best_q is not None and best >= 0.4:
            pairs.append((p, best_q))
            start = best_q + 1
    return pairs


def _longest_increasing(values: list[int]) -> set[int]:
    """Return the values of one longest increasing subsequence of `values`."""
    import bisect

    tails: list[int] = []
    tails_at: list[int] = []
    previous: list[int] = [-1] * len(values)
    for k, value in enumerate(values):
        pos = bisect.bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tails_at.append(k)
        else:
            tails[pos] = value
            tails_at[pos] = k
        previous[k] = tails_at[pos - 1] if pos > 0 else -1
    out: set[int] = set()
    k = tails_at[-1] if tails_at else -1
    while k >= 0:
        out.add(values[k])
        k = previous[k]
    return out


def _sections(source: Source, data: dict[str, Any]) -> list[tuple[str, list[tuple[str, int | None]]]]:
    """Return the sections of the Kế hoạch body: (numbered title, [(paragraph, line)])."""
    plan = data.get("ke_hoach")
    body = plan.get("noi_dung") if isinstance(plan, dict) else None
    if not isinstance(body, list):
        return []
    out = []
    number = 0
    for i, section in enumerate(body):
        if not isinstance(section, dict):
            continue
        number += 1
        path = ("ke_hoach", "noi_dung", i)
        title = f"{_roman(number)}. {section.get('tieu_de', '')}"
        paragraphs: list[tuple[str, int | None]] = []
        _paragraphs(source, section.get("noi_dung"), path + ("noi_dung",), paragraphs)
        out.append((title, paragraphs))
    return out


def _paragraphs(source: Source, value: Any, path: tuple[Any, ...], out: list[tuple[str, int | None]]) -> None:
    if isinstance(value, str):
        out.append((value, source.line_of(path)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _paragraphs(source, item, path + (i,), out)
    elif isinstance(value, dict):
        for key in ("muc", "tieu_de"):
            if isinstance(value.get(key), str):
                out.append((value[key], source.line_of(path + (key,))))
        for key in ("so", "diem", "gach", "cong", "noi_dung"):
            if key in value:
                _paragraphs(source, value[key], path + (key,), out)


def _roman(n: int) -> str:
    from generator.domain.vietnamese import roman

    return roman(n)


def _tasks(source: Source) -> tuple[list[tuple[str, int | None]], list[TaskRef]]:
    """Return the lĩnh vực titles and the tasks of a plan, with the numbers it prints."""
    data = source.data if isinstance(source.data, dict) else {}
    groups = data.get("nhiem_vu_cu_the")
    registry = data.get("co_quan") if isinstance(data.get("co_quan"), dict) else {}
    plan = data.get("ke_hoach") if isinstance(data.get("ke_hoach"), dict) else {}
    annex = plan.get("trinh_bay_nhiem_vu") == "phu_luc"
    titles: list[tuple[str, int | None]] = []
    tasks: list[TaskRef] = []
    if not isinstance(groups, list):
        return titles, tasks
    seq = 0
    for gi, group in enumerate(groups):
        if not isinstance(group, dict):
            continue
        titles.append((str(group.get("linh_vuc", "")), source.line_of(("nhiem_vu_cu_the", gi, "linh_vuc"))))
        items = group.get("nhiem_vu")
        if not isinstance(items, list):
            continue
        for ti, task in enumerate(items):
            if not isinstance(task, dict):
                continue
            seq += 1
            number = str(seq) if annex else f"{gi + 1}.{ti + 1}"
            texts = {key: _task_text(key, value, registry) for key, value in task.items()}
            tasks.append(TaskRef(number, gi, str(group.get("linh_vuc", "")), len(tasks), task,
                                 source.line_of(("nhiem_vu_cu_the", gi, "nhiem_vu", ti)), texts))
    return titles, tasks


def _task_text(key: str, value: Any, registry: dict[str, Any]) -> str:
    if key in ("chu_tri", "phoi_hop"):
        keys = value if isinstance(value, list) else [value]
        return "; ".join(_office_name(registry, k) if isinstance(k, str) and k in registry else _printed(k)
                         for k in keys)
    if key == "phan_viec" and isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, dict):
                bits = [_printed(part.get("noi_dung"))]
                for sub in ("chu_tri", "phoi_hop", "san_pham", "thoi_gian"):
                    if sub in part:
                        bits.append(f"{TASK_FIELDS[sub]}: {_task_text(sub, part[sub], registry)}")
                parts.append(" — ".join(bits))
        return " | ".join(parts)
    return _printed(value)


# --- writing the changes ------------------------------------------------------------------------

def summary_counts(changes: PlanChanges) -> str:
    """Return "thêm 1, bỏ 0, sửa 2, chuyển 0, đánh số lại 3 nhiệm vụ"."""
    n = {kind: len(changes.tasks_of(kind)) for kind in (ADDED, REMOVED, CHANGED, MOVED, RENUMBERED)}
    renumbered_too = sum(1 for t in changes.tasks if t.renumbered and t.kind != RENUMBERED)
    return (f"thêm {n[ADDED]}, bỏ {n[REMOVED]}, sửa {n[CHANGED]}, chuyển {n[MOVED]}, "
            f"đánh số lại {n[RENUMBERED] + renumbered_too} nhiệm vụ")


def year_line(changes: PlanChanges) -> str | None:
    """Return the one line that says the year moved, or None."""
    if changes.move is None:
        return None
    bits = [f"Năm kế hoạch {changes.move.describe()}"]
    if changes.year_only:
        bits.append(f"{changes.year_only} đoạn chỉ khác ở năm, đã chuyển theo năm mới (không liệt kê)")
    if changes.progress_cleared:
        bits.append(f"đã xóa theo dõi thực hiện của năm cũ ở {changes.progress_cleared} nhiệm vụ")
    return "; ".join(bits) + "."


def _line(n: int | None) -> str:
    return f" (dòng {n})" if n else ""


def _quote(text: str, markdown: bool) -> str:
    return f"“{text}”" if text else "(trống)"


def _field(change: FieldChange, markdown: bool) -> str:
    if not change.old or not change.new or len(change.old) + len(change.new) <= 80:
        return f"{change.label}: {_quote(change.old, markdown)} → {_quote(change.new, markdown)}"
    return f"{change.label}: {mark_words(change.words, markdown=markdown)}"


def _task_title(ref: TaskRef, width: int = 90) -> str:
    text = ref.content
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(changes: PlanChanges, *, markdown: bool = False) -> str:
    """Return the changes in Vietnamese, plain text (for a terminal) or Markdown."""
    h1 = "### " if markdown else ""
    bullet = "- " if markdown else "  "
    sub = "  - " if markdown else "      "
    plus, minus, tilde = ("", "", "") if markdown else ("+ ", "- ", "~ ")
    lines = [f"{h1}So sánh {changes.old_name} → {changes.new_name}"]
    if changes.equal:
        lines.append("Không có thay đổi nào về nội dung.")
        return "\n".join(lines) + "\n"
    year = year_line(changes)
    if year:
        lines.append(year)
    if changes.fields or changes.lists:
        lines.append(f"{h1}Thông tin văn bản")
        lines += [f"{bullet}{_field(f, markdown)}{_line(f.line_new or f.line_old)}" for f in changes.fields]
        for lc in changes.lists:
            bits = []
            if lc.added:
                bits.append("thêm " + "; ".join(_quote(x, markdown) for x in lc.added))
            if lc.removed:
                bits.append("bỏ " + "; ".join(_quote(x, markdown) for x in lc.removed))
            lines.append(f"{bullet}{lc.label}: " + (", ".join(bits) if bits else f"sửa {len(lc.changed)} mục"))
            for a, b in lc.changed:
                lines.append(f"{sub}{mark_words(word_diff(a, b), markdown=markdown)}")
    if changes.offices_added or changes.offices_removed or changes.office_fields:
        lines.append(f"{h1}Cơ quan")
        lines += [f"{bullet}thêm {key}: {name}" for key, name in changes.offices_added]
        lines += [f"{bullet}bỏ {key}: {name}" for key, name in changes.offices_removed]
        lines += [f"{bullet}{_field(f, markdown)}" for f in changes.office_fields]
    if changes.paragraphs:
        lines.append(f"{h1}Nội dung Kế hoạch")
        section = None
        for p in changes.paragraphs:
            if p.section != section:
                section = p.section
                lines.append(f"{bullet}{section}")
            if p.kind == ADDED:
                lines.append(f"{sub}{plus}thêm đoạn{_line(p.line_new)}: {_quote(p.new, markdown)}")
            elif p.kind == REMOVED:
                lines.append(f"{sub}{minus}bỏ đoạn{_line(p.line_old)}: {_quote(p.old, markdown)}")
            else:
                lines.append(f"{sub}{tilde}sửa đoạn{_line(p.line_new)}: {mark_words(word_diff(p.old, p.new), markdown=markdown)}")
    if changes.groups or changes.tasks:
        lines.append(f"{h1}Nhiệm vụ: {summary_counts(changes)}")
        lines += [f"{bullet}{_field(g, markdown)}" for g in changes.groups]
        renumbered = []
        for t in changes.tasks:
            if t.kind == ADDED:
                assert t.new is not None
                bits = [f"{TASK_FIELDS[k]}: {t.new.texts[k]}" for k in ("chu_tri", "thoi_gian") if t.new.texts.get(k)]
                lines.append(f"{bullet}{plus}thêm {t.new.number}{_line(t.new.line)}: {_quote(_task_title(t.new), markdown)}"
                             + (f" ({'; '.join(bits)})" if bits else ""))
            elif t.kind == REMOVED:
                assert t.old is not None
                lines.append(f"{bullet}{minus}bỏ {t.old.number}: {_quote(_task_title(t.old), markdown)}")
            elif t.kind == RENUMBERED:
                assert t.old is not None and t.new is not None
                renumbered.append(f"{t.old.number} → {t.new.number}")
            else:
                assert t.old is not None and t.new is not None
                number = t.old.number if not t.renumbered else f"{t.old.number} (nay là {t.new.number})"
                notes = []
                if t.moved_group:
                    notes.append(f"chuyển từ lĩnh vực “{t.old.group_title}” sang “{t.new.group_title}”")
                elif t.moved_order:
                    notes.append("đổi vị trí")
                verb = "sửa" if t.kind == CHANGED else "chuyển"
                head = f"{bullet}{tilde}{verb} {number}{_line(t.new.line)}: {_quote(_task_title(t.new, 70), markdown)}"
                lines.append(head + (f" — {'; '.join(notes)}" if notes else ""))
                lines += [f"{sub}{_field(f, markdown)}" for f in t.fields]
        if renumbered:
            lines.append(f"{bullet}đánh số lại (nội dung không đổi): " + ", ".join(renumbered))
    return "\n".join(lines) + "\n"


__all__ = ["ADDED", "CHANGED", "MOVED", "REMOVED", "RENUMBERED", "FieldChange", "ListChange", "ParagraphChange",
           "PlanChanges", "TaskChange", "TaskRef", "compare", "mark_words", "render_text",
           "summary_counts", "word_diff", "year_line"]
