"""The "Bảng so sánh" a Phòng attaches when it submits a revised plan (``kehoach so-sanh``).

Pure: the changes between two plan versions (`generator.yearly.changes`) and the two plans
in, the data of ``templates/so-sanh.docx`` out. The document has the issuing body's header,
"BẢNG SO SÁNH" and what is compared, a short summary, then a landscape table
TT | Nội dung năm trước | Nội dung năm nay | Ghi chú: the document's own parts (trích yếu,
căn cứ, Nơi nhận, người ký…), the paragraphs of the Kế hoạch, then the tasks by lĩnh vực
(added, removed, changed, moved). New words are bold and underlined, removed words struck
through. Texts that differ only by the year move, and tasks only renumbered, are counted
in the summary, not listed.
"""

from __future__ import annotations

from typing import Any

from generator.domain.inline import Rich, Span, plain
from generator.kinds.document import TemplateContract
from generator.kinds.official.documents import HEADER_NEEDS, header
from generator.kinds.official.model import IssuedPlan as Plan
from generator.kinds.plan.followup_documents import plan_title
from generator.yearly.changes import (
    ADDED, CHANGED, MOVED, REMOVED, RENUMBERED, TASK_FIELDS, FieldChange, PlanChanges, TaskChange, TaskRef,
    summary_counts, word_diff,
)

SHOWN_FIELDS = ("noi_dung", "chu_tri", "phoi_hop", "san_pham", "thoi_gian", "phan_viec")


COMPARISON = TemplateContract("so-sanh.docx", {
    **HEADER_NEEDS, "doc.attached_line": "dòng (Kèm theo dự thảo …)", "doc.intro": "đoạn tóm tắt",
    "columns.old": "tên cột năm trước", "columns.new": "tên cột năm nay", "rows": "các dòng của bảng so sánh",
})


def _old_side(old: str, new: str) -> list[Span]:
    return [Span(text, strike=op == "-") for op, text in word_diff(plain(old), plain(new)) if op != "+"]


def _new_side(old: str, new: str) -> list[Span]:
    return [Span(text, bold=op == "+", underline=op == "+") for op, text in word_diff(plain(old), plain(new))
            if op != "-"]


def _labelled(label: str, spans: list[Span]) -> Rich:
    return Rich.spans(Span(f"{label[:1].upper()}{label[1:]}: ", italic=True), *spans)


def _pair(label: str, old: str, new: str) -> tuple[Rich, Rich]:
    """Return the old and the new cell line of one field, changed words marked."""
    if not old:
        return Rich.spans(), _labelled(label, [Span(plain(new), bold=True, underline=True)])
    if not new:
        return _labelled(label, [Span(plain(old), strike=True)]), Rich.spans()
    return _labelled(label, _old_side(old, new)), _labelled(label, _new_side(old, new))


def _row(number: str, old: list[Rich], new: list[Rich], note: str) -> dict[str, Any]:
    return {"kind": "item", "number": number, "old": old or [Rich.spans()], "new": new or [Rich.spans()],
            "note": [note] if note else [""]}


def _group(title: str) -> dict[str, Any]:
    return {"kind": "group", "title": title}


def _task_lines(ref: TaskRef, *, mark: str) -> list[Rich]:
    """Every field of a task added or removed, marked as new (bold, underlined) or removed (struck)."""
    out = []
    for key in SHOWN_FIELDS:
        text = ref.texts.get(key)
        if text:
            span = Span(plain(text), strike=mark == "-", bold=mark == "+", underline=mark == "+")
            out.append(_labelled(TASK_FIELDS[key], [span]))
    return out


def _task_rows(change: TaskChange) -> dict[str, Any]:
    if change.kind == ADDED:
        assert change.new is not None
        return _row(change.new.number, [], _task_lines(change.new, mark="+"), "Bổ sung nhiệm vụ mới")
    if change.kind == REMOVED:
        assert change.old is not None
        return _row(change.old.number, _task_lines(change.old, mark="-"), [], "Bỏ nhiệm vụ")
    assert change.old is not None and change.new is not None
    old_lines: list[Rich] = []
    new_lines: list[Rich] = []
    by_label = {f.label: f for f in change.fields}
    content = by_label.get(TASK_FIELDS["noi_dung"])
    if content is None:
        text = plain(change.new.content)
        old_lines.append(_labelled("nội dung", [Span(plain(change.old.content))]))
        new_lines.append(_labelled("nội dung", [Span(text)]))
    for f in change.fields:
        a, b = _pair(f.label, f.old, f.new)
        old_lines.append(a)
        new_lines.append(b)
    notes = []
    if change.fields:
        notes.append("Sửa " + ", ".join(f.label for f in change.fields))
    if change.moved_group:
        notes.append(f"Chuyển từ lĩnh vực “{change.old.group_title}”")
    elif change.moved_order:
        notes.append("Đổi vị trí")
    if change.renumbered:
        notes.append(f"Số cũ: {change.old.number}")
    return _row(change.new.number, old_lines, new_lines, "; ".join(notes))


def _field_row(number: int, change: FieldChange) -> dict[str, Any]:
    a, b = _pair(change.label, change.old, change.new)
    note = "Bổ sung" if not change.old else "Bỏ" if not change.new else "Sửa đổi"
    return _row(str(number), [a], [b], note)


def rows(changes: PlanChanges) -> list[dict[str, Any]]:
    """Return the table rows: group rows and item rows (TT, old lines, new lines, note)."""
    out: list[dict[str, Any]] = []
    general: list[dict[str, Any]] = []
    for change in changes.fields:
        general.append(_field_row(len(general) + 1, change))
    for lc in changes.lists:
        for text in lc.removed:
            general.append(_row(str(len(general) + 1), [_labelled(lc.label, [Span(plain(text), strike=True)])], [],
                                "Bỏ"))
        for text in lc.added:
            general.append(_row(str(len(general) + 1), [],
                                [_labelled(lc.label, [Span(plain(text), bold=True, underline=True)])], "Bổ sung"))
        for a, b in lc.changed:
            old, new = _pair(lc.label, a, b)
            general.append(_row(str(len(general) + 1), [old], [new], "Sửa đổi"))
    for key, name in changes.offices_added:
        general.append(_row(str(len(general) + 1), [], [_labelled("cơ quan", [Span(name, bold=True, underline=True)])],
                            "Bổ sung cơ quan"))
    for key, name in changes.offices_removed:
        general.append(_row(str(len(general) + 1), [_labelled("cơ quan", [Span(name, strike=True)])], [],
                            "Bỏ cơ quan"))
    for change in changes.office_fields:
        general.append(_field_row(len(general) + 1, change))
    if general:
        out.append(_group("A. THÔNG TIN CHUNG CỦA VĂN BẢN"))
        out += general
    if changes.paragraphs:
        out.append(_group("B. NỘI DUNG KẾ HOẠCH"))
        section = None
        number = 0
        for p in changes.paragraphs:
            if p.section != section:
                section = p.section
                out.append(_group(section))
            number += 1
            if p.kind == ADDED:
                out.append(_row(str(number), [], [Rich.spans(Span(plain(p.new), bold=True, underline=True))],
                                "Bổ sung đoạn"))
            elif p.kind == REMOVED:
                out.append(_row(str(number), [Rich.spans(Span(plain(p.old), strike=True))], [], "Bỏ đoạn"))
            else:
                out.append(_row(str(number), [Rich.spans(*_old_side(p.old, p.new))],
                                [Rich.spans(*_new_side(p.old, p.new))], "Sửa đoạn"))
    listed = [t for t in changes.tasks if t.kind in (ADDED, REMOVED, CHANGED, MOVED)]
    if listed or changes.groups:
        out.append(_group("C. NHIỆM VỤ CỤ THỂ"))
        for g in changes.groups:
            out.append(_field_row(0, g) | {"number": ""})
        group = None
        for change in listed:
            if change.new is not None:
                key, label = change.new.group, f"{change.new.group + 1}. {change.new.group_title}"
            else:
                assert change.old is not None
                mapped = changes.group_map.get(change.old.group)
                key = mapped if mapped is not None else f"cu-{change.old.group}"
                label = (f"{mapped + 1}. {changes.new_groups[mapped]}" if mapped is not None
                         else f"{change.old.group_title} (lĩnh vực không còn trong kế hoạch mới)")
            if key != group:
                group = key
                out.append(_group(label))
            out.append(_task_rows(change))
    if not out:
        out.append(_row("", [Rich.of("Không có thay đổi về nội dung.")], [Rich.of("Không có thay đổi về nội dung.")],
                        ""))
    return out


def _year_of(plan: Plan) -> str:
    return plan.period


def summary_lines(changes: PlanChanges, old: Plan, new: Plan) -> tuple[str, ...]:
    """Return the trích yếu lines: what is compared with what."""
    if old.period != new.period:
        return (f"{plan_title(new)} với Kế hoạch {'năm' if old.year_from == old.year_to else 'giai đoạn'} "
                f"{_year_of(old)}",)
    return (f"{plan_title(new)}: bản sửa đổi so với bản trước",)


def intro(changes: PlanChanges, old: Plan, new: Plan) -> list[Rich]:
    """Return the paragraphs above the table: the figures, the year move, how to read the marks."""
    counts = {kind: len(changes.tasks_of(kind)) for kind in (ADDED, REMOVED, CHANGED, MOVED, RENUMBERED)}
    out = [Rich.of(f"So với {plan_title(old)}, {plan_title(new)} có: {counts[ADDED]} nhiệm vụ bổ sung mới, "
                   f"{counts[REMOVED]} nhiệm vụ bỏ, {counts[CHANGED]} nhiệm vụ sửa đổi, {counts[MOVED]} nhiệm vụ "
                   f"chuyển lĩnh vực hoặc vị trí; {len(changes.paragraphs)} đoạn nội dung và "
                   f"{len(changes.fields) + sum(len(lc.added) + len(lc.removed) + len(lc.changed) for lc in changes.lists)}"
                   " mục thông tin chung của văn bản thay đổi.")]
    renumbered = counts[RENUMBERED] + sum(1 for t in changes.tasks if t.renumbered and t.kind != RENUMBERED)
    if renumbered:
        out.append(Rich.of(f"Có {renumbered} nhiệm vụ được đánh số lại do thêm, bớt, chuyển nhiệm vụ; nhiệm vụ "
                           "chỉ đánh số lại, nội dung không đổi, không liệt kê trong bảng."))
    if changes.move is not None:
        unit = "năm" if not changes.move.multi_year else "giai đoạn"
        out.append(Rich.of(f"Năm kế hoạch chuyển từ {unit} {changes.move.describe().replace(' → ', ' sang ')}: "
                           f"thời gian thực hiện, kỳ báo cáo và các nội dung gắn với năm kế hoạch được chuyển theo "
                           f"{unit} mới ({changes.year_only} chỗ, không liệt kê trong bảng)."))
    out.append(Rich.spans(Span("Trong bảng, chữ "), Span("in đậm, gạch chân", bold=True, underline=True),
                          Span(" là nội dung mới; chữ "), Span("gạch ngang", strike=True),
                          Span(" là nội dung bỏ đi.")))
    return out


def comparison_context(changes: PlanChanges, old: Plan, new: Plan) -> dict[str, Any]:
    """Return the data of templates/so-sanh.docx."""
    summary = summary_lines(changes, old, new)
    context = header(new.issuer, summary)
    context["doc"] = {
        "summary": list(summary),
        "attached_line": f"(Kèm theo dự thảo {plan_title(new)})",
        "intro": intro(changes, old, new),
        "counts": summary_counts(changes),
    }
    context["rows"] = rows(changes)
    context["columns"] = {"old": f"Nội dung {_side_name(old, new, old)}", "new": f"Nội dung {_side_name(old, new, new)}"}
    return context


def _side_name(old: Plan, new: Plan, plan: Plan) -> str:
    if old.period == new.period:
        return "bản trước" if plan is old else "bản sửa đổi"
    if plan is old:
        return "năm trước" if old.year_from == old.year_to else f"giai đoạn {old.period}"
    return "năm nay" if new.year_from == new.year_to else f"giai đoạn {new.period}"


__all__ = ["comparison_context", "intro", "rows", "summary_lines"]
