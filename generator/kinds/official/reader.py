"""Reading the parts every plan kind shares: years, issuer, Quyết định, the Kế hoạch and its body.

`OfficialReader` is the base of the task plan's and the inspection plan's readers; it
collects every problem with its place (see `generator.source.fields.FieldReader`).
"""

from __future__ import annotations

from typing import Any

from generator.domain.inline import note_keys
from generator.domain.textwidth import balanced_lines, text_width_pt
from generator.domain.vietnamese import LETTER_SCHEMES, title_break_penalty
from generator.kinds.official.layout import HEADER_CELL_PT
from generator.kinds.official.model import (
    Block,
    Bullets,
    Decision,
    Heading,
    Issuer,
    Numbered,
    Item,
    Paragraph,
    PlanDocument,
    Points,
    Section,
)
from generator.source.fields import DocDate, FieldReader, lines, recipients, strip_end
from generator.source.declarations import LINE_MAX, PARAGRAPH_MAX
from generator.source.structure import describe_value, suggestion, too_long
from generator.source.yaml_source import FieldPath

def split_issuer_name(name: str) -> list[str]:
    """Return the header lines of an issuing body's name, in capitals.

    "Ủy ban nhân dân phường Nam Đồ Sơn" → ["ỦY BAN NHÂN DÂN", "PHƯỜNG NAM ĐỒ SƠN"].
    """
    for lead in ("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân"):
        if name.casefold().startswith(lead) and len(name) > len(lead):
            return [name[: len(lead)].upper(), name[len(lead):].strip().upper()]
    return [name.upper()]


def fit_name_line(line: str) -> list[str]:
    """Return a line of the issuer's name as printed in the header's left cell: one line, or balanced lines."""
    if text_width_pt(line, 13, bold=True) <= HEADER_CELL_PT:
        return [line]
    return balanced_lines(line, 13, HEADER_CELL_PT, bold=True, penalty=title_break_penalty)


class OfficialReader(FieldReader):
    """Reads the official-document parts of a plan file."""

    def years(self) -> tuple[int, int]:
        """Return the plan's first and last year (`nam`, or `giai_doan`)."""
        nam, giai_doan = self.data.get("nam"), self.data.get("giai_doan")
        if nam is None and giai_doan is None:
            self.error((), "Thiếu năm kế hoạch: khai báo 'nam: 2026' hoặc 'giai_doan: {tu: 2026, den: 2030}'.")
            return 2000, 2000
        if nam is not None and giai_doan is not None:
            self.error(("giai_doan",), "Chỉ khai báo một trong hai: 'nam' hoặc 'giai_doan'.")
        if giai_doan is not None:
            if giai_doan["den"] < giai_doan["tu"]:
                self.error(("giai_doan", "den"), f"Năm cuối {giai_doan['den']} nhỏ hơn năm đầu {giai_doan['tu']}.")
            return giai_doan["tu"], giai_doan["den"]
        return nam, nam

    def issuer(self, data: dict[str, Any]) -> Issuer:
        """Return the issuing body declared by `co_quan_ban_hanh`.

        Without `dong_ten`, a name line too wide for the header's left cell is broken where
        it reads well ("SỞ VĂN HÓA, THỂ THAO" / "VÀ DU LỊCH"), not where Word would.
        """
        given = data.get("dong_ten")
        name_lines = tuple(given) if given else tuple(
            part for line in split_issuer_name(data["ten"]) for part in fit_name_line(line))
        return Issuer(data["ten"], data["dia_danh"], data["viet_tat"], name_lines, data.get("chu_quan", ""))

    def decision(self, data: dict[str, Any], path: FieldPath) -> Decision:
        """Return the Quyết định declared at `path`."""
        return Decision(
            number=self.doc_number(data.get("so"), path + ("so",)),
            date=self.doc_date(data.get("ngay"), path + ("ngay",)),
            summary=lines(data["trich_yeu"]),
            authority=data["tham_quyen"],
            grounds=tuple(strip_end(c) for c in data.get("can_cu", ())),
            proposal=strip_end(data.get("de_nghi", "")),
            articles=tuple(data["dieu"]),
            recipients=recipients(data.get("noi_nhan", [])),
            archive=strip_end(data.get("luu", "VT")),
            signer=self.signer(data["nguoi_ky"]),  # type: ignore[arg-type]
            notes=self.check_notes(data.get("chu_thich"), path + ("chu_thich",), [(data, path)]),
        )

    def document(self, data: dict[str, Any], path: FieldPath, *, standalone: bool) -> PlanDocument:
        """Return the Kế hoạch declared at `path`; `standalone` when no Quyết định issues it."""
        if standalone:
            if "nguoi_ky" not in data:
                self.error(path, "Kế hoạch ban hành độc lập (không có quyet_dinh) cần 'nguoi_ky'.")
            if "kem_theo" in data:
                self.warn(path + ("kem_theo",), "Không có quyet_dinh nên dòng 'kèm theo Quyết định' bị bỏ qua: "
                                                "xóa 'kem_theo', hoặc thêm 'quyet_dinh' nếu Kế hoạch được ban "
                                                "hành kèm một Quyết định.")
        else:
            for key in ("so", "ngay", "noi_nhan", "luu", "nguoi_ky"):
                if key in data:
                    self.warn(path + (key,), f"Kế hoạch ban hành kèm Quyết định không in '{key}' riêng "
                                             "(Mẫu 1.3 Nghị định 30/2020): trường này bị bỏ qua; số, ngày, "
                                             "nơi nhận và người ký là của quyet_dinh.")
        attached = data.get("kem_theo", {})
        sections = tuple(self._section(s, path + ("noi_dung", i)) for i, s in enumerate(data["noi_dung"]))
        marked = [i for i, s in enumerate(sections) if s.holds_tasks]
        if len(marked) > 1:
            self.error(path + ("noi_dung", marked[1], "nhiem_vu"), "Chỉ một mục được đánh dấu 'nhiem_vu: true'.")
        return PlanDocument(
            summary=lines(data["trich_yeu"]),
            attached_prefix=strip_end(attached.get("mo_dau", "Kèm theo Quyết định số"), ",;"),
            attached_by=attached.get("cua", ""),
            attached_numeric_date=attached.get("ngay_dang_so", False),
            letters=data.get("danh_diem", "viet"),
            intro=tuple(data.get("mo_dau", ())),
            sections=sections,
            closing=data.get("ket_thuc", ""),
            number=self.doc_number(data.get("so"), path + ("so",)) if standalone else "",
            date=self.doc_date(data.get("ngay"), path + ("ngay",)) if standalone else DocDate(),
            recipients=recipients(data.get("noi_nhan", [])) if standalone else (),
            archive=strip_end(data.get("luu", "VT")),
            signer=self.signer(data.get("nguoi_ky")) if standalone else None,
            notes=dict(data.get("chu_thich") or {}),
        )

    # -- footnotes ---------------------------------------------------------------------
    def check_notes(self, notes: dict[str, str] | None, path: FieldPath,
                    scopes: list[tuple[Any, FieldPath]]) -> dict[str, str]:
        """Check the footnote markers ([^key]) written in `scopes` against the notes declared at `path`.

        A marker naming no declared note is an error (with the closest key); a note no
        marker uses is a warning. Without `chu_thich`, markers print as written (a warning
        says so). Return the notes.
        """
        marks: list[tuple[FieldPath, str]] = []
        for value, where in scopes:
            _collect_marks(value, where, path, marks)
        literal = [(where, key) for where, key in marks if len(where) > 1 and where[1] in LITERAL_FIELDS]
        for where, key in literal:
            self.warn(where, f"Chú thích '[^{key}]' không dùng được ở trường này (dòng tiêu đề, nơi nhận, người "
                             "ký…): dấu được in nguyên văn. Đặt chú thích trong một câu của văn bản.")
        marks = [mark for mark in marks if mark not in literal]
        used: set[str] = set()
        if notes is None:
            if marks:
                where, key = marks[0]
                self.warn(where, f"Có dấu chú thích '[^{key}]' nhưng chưa khai báo chú thích: thêm "
                                 f"'chu_thich: {{{key}: \"nội dung chú thích\"}}' ({'.'.join(map(str, path))}), "
                                 "nếu không dấu này được in nguyên văn.")
            return {}
        for where, key in marks:
            if key in notes:
                used.add(key)
            else:
                self.error(where, f"Không có chú thích '{key}' trong '{'.'.join(map(str, path))}'."
                                  + suggestion(key, sorted(notes), cutoff=0.5))
        for key in notes:
            if key not in used:
                self.warn(path + (key,), f"Chú thích '{key}' chưa được dùng: ghi [^{key}] ngay sau chữ cần "
                                         "chú thích, hoặc xóa chú thích này.")
        return dict(notes)

    # -- body blocks ---------------------------------------------------------------------
    def _section(self, data: dict[str, Any], path: FieldPath) -> Section:
        children = self._blocks(data.get("noi_dung", []), path + ("noi_dung",))
        return Section(data["tieu_de"], children, bool(data.get("nhiem_vu", False)))

    def _blocks(self, items: Any, path: FieldPath) -> tuple[Block, ...]:
        if not isinstance(items, list):
            self.error(path, f"Cần danh sách các khối nội dung, nhưng đang là {describe_value(items)}.")
            return ()
        blocks: list[Block] = []
        for i, item in enumerate(items):
            block = self._block(item, path + (i,))
            if block is not None:
                blocks.append(block)
        return tuple(blocks)

    def _fits(self, text: str, path: FieldPath, limit: int = PARAGRAPH_MAX) -> bool:
        """Return True when `text` is not longer than `limit`; record the problem otherwise."""
        if len(text) <= limit:
            return True
        self.error(path, too_long(text, limit))
        return False

    def _block(self, item: Any, path: FieldPath) -> Block | None:
        if isinstance(item, str):
            if not item:
                self.error(path, "Đoạn văn trống.")
                return None
            return Paragraph(item) if self._fits(item, path) else None
        if not isinstance(item, dict):
            self.error(path, f"Cần một đoạn văn hoặc một khối ({_BLOCK_LIST}), nhưng đang là {describe_value(item)}.")
            return None
        kinds = [k for k in _BLOCK_KEYS if k in item]
        if len(kinds) != 1:
            self._shapeless_block(item, path, kinds)
            return None
        kind = kinds[0]
        allowed = _BLOCK_FIELDS[kind]
        for extra in sorted(set(item) - allowed, key=str):
            self.error(path + (extra,), _unknown_field(extra, allowed, f"khối '{kind}'"))
        if kind == "muc":
            title = item["muc"]
            if not isinstance(title, str) or not title:
                self.error(path + ("muc",), f"Cần tiêu đề mục, nhưng đang là {describe_value(title)}.")
                return None
            self._fits(title, path + ("muc",), LINE_MAX)
            return Heading(title, self._blocks(item.get("noi_dung", []), path + ("noi_dung",)))
        items = self._items(item[kind], path + (kind,), kind)
        if kind == "so":
            return Numbered(items)
        if kind in ("gach", "cong"):
            return Bullets("-" if kind == "gach" else "+", items)
        scheme = item.get("danh_diem", "")
        if scheme and scheme not in LETTER_SCHEMES:
            self.error(path + ("danh_diem",), f"Giá trị '{scheme}' không hợp lệ; chọn một trong: "
                                              f"{', '.join(LETTER_SCHEMES)}.")
            scheme = ""
        return Points(items, scheme)

    def _shapeless_block(self, item: dict[str, Any], path: FieldPath, kinds: list[str]) -> None:
        """Say what is wrong with a mapping that is not one block: none, or several, of the block kinds."""
        if kinds:
            self.error(path, f"Một khối chỉ có một trong các trường {_BLOCK_LIST}, ở đây có "
                             f"{', '.join(kinds)}: tách thành {len(kinds)} khối, mỗi khối một dòng '- '.")
            return
        if "tieu_de" in item:
            self.error(path, "Dạng {tieu_de: ..., noi_dung: [...]} là một mục của danh sách (diem, so, gach, "
                             "cong), không đứng riêng được. Viết trong một danh sách, vd:\n"
                             "  - diem:\n      - tieu_de: \"Mục tiêu\"\n        noi_dung: [...]\n"
                             "hoặc dùng {muc: \"Mục tiêu\", noi_dung: [...]} cho một tiêu đề đánh số 1., 2.")
            return
        keys = [str(k) for k in item]
        hints = [_unknown_field(k, set(_BLOCK_KEYS), "khối nội dung") for k in keys]
        self.error(path, f"Cần đúng một trong các trường {_BLOCK_LIST}. " + " ".join(hints))

    def _items(self, value: Any, path: FieldPath, kind: str) -> tuple[Item, ...]:
        """Return the items of a list block (diem, so, gach, cong): texts, or {tieu_de, noi_dung}."""
        what = _ITEM_NAMES[kind]
        if not isinstance(value, list) or not value:
            self.error(path, f"Cần danh sách {what}, nhưng đang là {describe_value(value)}.")
            return ()
        items = []
        for i, entry in enumerate(value):
            here = path + (i,)
            if isinstance(entry, str) and entry:
                if self._fits(entry, here):
                    items.append(Item(entry))
                continue
            if not isinstance(entry, dict):
                self.error(here, f"Cần một đoạn văn (chuỗi) hoặc {{tieu_de: ..., noi_dung: [...]}}, "
                                 f"nhưng đang là {describe_value(entry)}.")
                continue
            nested = [k for k in _BLOCK_KEYS if k in entry]
            if nested and "tieu_de" not in entry:
                self.error(here, _misplaced_block(nested[0], kind))
                continue
            for extra in sorted(set(entry) - {"tieu_de", "noi_dung"}, key=str):
                if extra in _BLOCK_KEYS:
                    self.error(here + (extra,), f"Khối '{extra}' dưới một mục phải nằm trong 'noi_dung' của "
                                                f"mục đó: noi_dung: [{{{extra}: [...]}}].")
                else:
                    self.error(here + (extra,), _unknown_field(extra, {"tieu_de", "noi_dung"}, "một mục"))
            title = entry.get("tieu_de")
            if not isinstance(title, str) or not title:
                self.error(here + ("tieu_de",) if "tieu_de" in entry else here,
                           f"Một mục dạng bảng cần 'tieu_de' (dòng của mục), "
                           f"nhưng đang là {describe_value(title)}.")
                continue
            self._fits(title, here + ("tieu_de",))
            items.append(Item(title, self._blocks(entry.get("noi_dung", []), here + ("noi_dung",))))
        return tuple(items)


def body_text(doc: PlanDocument) -> str:
    """Return all the text of a Kế hoạch's body (opening, sections, closing), one paragraph a line."""
    return "\n".join(doc.texts())


LITERAL_FIELDS = frozenset({"trich_yeu", "tham_quyen", "noi_nhan", "luu", "nguoi_ky", "kem_theo", "phu_luc",
                            "so", "ngay", "nhan"})
"""Fields of quyet_dinh / ke_hoach printed as plain lines: a footnote marker there prints as written."""


def _collect_marks(value: Any, where: FieldPath, skip: FieldPath, out: list[tuple[FieldPath, str]]) -> None:
    """Append (path, key) for every footnote marker in the strings under `value`, except under `skip`."""
    if where == skip:
        return
    if isinstance(value, str):
        out.extend((where, key) for key in note_keys(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect_marks(item, where + (key,), skip, out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _collect_marks(item, where + (i,), skip, out)


_BLOCK_KEYS = ("muc", "so", "diem", "gach", "cong")
_BLOCK_LIST = ", ".join(_BLOCK_KEYS)
_BLOCK_FIELDS = {"muc": {"muc", "noi_dung"}, "so": {"so"}, "diem": {"diem", "danh_diem"},
                 "gach": {"gach"}, "cong": {"cong"}}
_ITEM_NAMES = {"so": "các đoạn đánh số", "diem": "các điểm", "gach": "các dòng '- '", "cong": "các dòng '+ '"}
_MARKS = {"so": "1.", "diem": "a)", "gach": "-", "cong": "+"}


def _unknown_field(name: str, allowed: set[str], where: str) -> str:
    """Return the message for a field `name` that `where` does not have, with the closest allowed one."""
    hint = suggestion(str(name), sorted(allowed), cutoff=0.6)
    listing = "" if hint else f" Các trường được phép: {', '.join(sorted(allowed))}."
    return f"Trường '{name}' không dùng trong {where}.{hint}{listing}"


def _misplaced_block(block: str, kind: str) -> str:
    """Return how to write a block `block` found directly among the items of a `kind` list."""
    return (f"Khối '{block}' không đặt trực tiếp trong danh sách '{kind}': mỗi mục ({_MARKS[kind]} …) là một "
            f"đoạn văn hoặc {{tieu_de: ..., noi_dung: [...]}}. Để các dòng '{_MARKS[block] if block in _MARKS else block}' "
            f"thuộc một mục, viết mục đó:\n"
            f"  - tieu_de: \"<dòng của mục>\"\n    noi_dung:\n      - {block}: [...]")
