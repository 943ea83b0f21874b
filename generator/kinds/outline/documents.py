"""An outline's text: slots filled with values or placeholders, numbered paragraphs.

Item text carries its fields as slots: ``"Tổng số nhiệm vụ trong kế hoạch: {nv_tong} nhiệm vụ."``.
A slot prints as the field's placeholder ("...") until a report gives it a value. Pure
functions; the inspection plan (Phụ lục I) and the reports print outlines through them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.domain.inline import Rich
from generator.domain.vietnamese import letter, roman
from generator.kinds.official.documents import Paragraphs
from generator.kinds.outline.model import PLACEHOLDER, SLOT, Field, Item, Outline

def fill_text(text: str, fields: dict[str, Field], shown: Callable[[Field], str | None],
              placeholder: Callable[[Field], str]) -> str:
    """Return `text` with each slot replaced by its value (`shown`) or its placeholder.

    A value gets what the wording around it lacks: ": " when the slot is glued to the
    word before it ("tiếp nhận{x}." → "tiếp nhận: 1.250 hồ sơ."), and the unit when the
    text after the slot does not already carry it.
    """
    out: list[str] = []
    pos = 0
    for m in SLOT.finditer(text):
        out.append(text[pos:m.start()])
        f = fields[m.group(1)]
        value = shown(f)
        if value is None:
            out.append(placeholder(f))
        else:
            out.append(_in_context(value, f, text[:m.start()], text[m.end():]))
        pos = m.end()
    out.append(text[pos:])
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def _in_context(value: str, f: Field, before: str, after: str) -> str:
    if f.kind != "van_ban" and f.unit and not after.lstrip().startswith(f.unit):
        value = value + f.unit if f.unit == "%" else f"{value} {f.unit}"
    if before and not before[-1].isspace():
        value = (" " if before[-1] == ":" else ": ") + value
    return value


def outline_body(outline: Outline, *, shown: Callable[[Field], str | None] = lambda f: None,
                 placeholder: Callable[[Field], str] = lambda f: PLACEHOLDER,
                 answers: dict[str, tuple[str, ...]] | None = None) -> Paragraphs:
    """Return the outline as numbered (kind, text) paragraphs.

    kind is "section" (I. …), "heading" (1. …), "body", or "lead" (an item with items or
    answers under it, kept with them). `shown` gives a field's value
    as printed (None: not given), `placeholder` what a field without value prints, and
    `answers` the prose a report writes under an item, by item id.
    """
    out: Paragraphs = []
    answers = answers or {}

    def text_of(item: Item) -> str:
        return fill_text(item.text, outline.fields, shown, placeholder)

    def add_answers(item: Item) -> None:
        for paragraph in answers.get(item.id, ()):
            out.append(("body", Rich.of(paragraph)))

    def walk(items: tuple[Item, ...], prefix: str) -> None:
        counter = 0
        points = 0
        for item in items:
            text = text_of(item)
            if item.kind == "muc":
                counter += 1
                number = f"{prefix}{counter}."
                out.append(("heading", Rich.of(f"{number} {text}")))
                add_answers(item)
                walk(item.children, number)
                continue
            kind = "lead" if item.children or answers.get(item.id) else "body"  # kept with what it opens
            if item.kind == "diem":
                out.append((kind, Rich.of(f"{letter(points, 'viet')}) {text}")))
                points += 1
            elif item.kind == "gach":
                out.append((kind, Rich.of(f"- {text}")))
            elif item.kind == "cong":
                out.append((kind, Rich.of(f"+ {text}")))
            else:
                out.append((kind, Rich.of(text)))
            add_answers(item)
            walk(item.children, prefix)

    for number, section in enumerate(outline.sections, start=1):
        out.append(("section", Rich.of(f"{roman(number)}. {text_of(section)}")))
        add_answers(section)
        walk(section.children, "")
    return out


def issued_body(outline: Outline) -> Paragraphs:
    """Return the outline as the inspection plan prints it (Phụ lục I), period line last."""
    body = outline_body(outline, placeholder=lambda f: f.placeholder)
    body.append(("body", Rich.of(outline.period())))
    return body
