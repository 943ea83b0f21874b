"""Reading the parts every plan kind shares: years, issuer, Quyết định, the Kế hoạch and its body.

`OfficialReader` is the base of the task plan's and the inspection plan's readers; it
collects every problem with its place (see `generator.source.fields.FieldReader`).
"""

from __future__ import annotations

from typing import Any

from generator.domain.vietnamese import LETTER_SCHEMES
from generator.kinds.official.model import (
    Block,
    Bullets,
    Decision,
    Heading,
    Issuer,
    Numbered,
    Paragraph,
    PlanDocument,
    Point,
    Points,
    Section,
)
from generator.source.fields import DocDate, FieldReader, lines, recipients, strip_end
from generator.source.declarations import LINE_MAX, PARAGRAPH_MAX
from generator.source.structure import describe_value, too_long
from generator.source.yaml_source import FieldPath

_BLOCK_KEYS = {"muc", "so", "diem", "gach", "cong"}


def split_issuer_name(name: str) -> list[str]:
    """Return the header lines of an issuing body's name, in capitals.

    "Ủy ban nhân dân phường Nam Đồ Sơn" → ["ỦY BAN NHÂN DÂN", "PHƯỜNG NAM ĐỒ SƠN"].
    """
    for lead in ("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân"):
        if name.casefold().startswith(lead) and len(name) > len(lead):
            return [name[: len(lead)].upper(), name[len(lead):].strip().upper()]
    return [name.upper()]


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
        """Return the issuing body declared by `co_quan_ban_hanh`."""
        name_lines = tuple(data.get("dong_ten") or split_issuer_name(data["ten"]))
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
        )

    def document(self, data: dict[str, Any], path: FieldPath, *, standalone: bool) -> PlanDocument:
        """Return the Kế hoạch declared at `path`; `standalone` when no Quyết định issues it."""
        if standalone:
            if "nguoi_ky" not in data:
                self.error(path, "Kế hoạch ban hành độc lập (không có quyet_dinh) cần 'nguoi_ky'.")
            if "kem_theo" in data:
                self.warn(path + ("kem_theo",), "Không có quyet_dinh nên dòng 'kèm theo Quyết định' bị bỏ qua.")
        else:
            for key in ("so", "ngay", "noi_nhan", "nguoi_ky"):
                if key in data:
                    self.warn(path + (key,), f"Kế hoạch ban hành kèm Quyết định không in '{key}' riêng "
                                             "(Mẫu 1.3 Nghị định 30/2020): trường này bị bỏ qua.")
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
        )

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

    def _texts(self, value: Any, path: FieldPath) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.error(path, f"Cần danh sách các đoạn văn, nhưng đang là {describe_value(value)}.")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item:
                self.error(path + (i,), f"Cần một đoạn văn (chuỗi), nhưng đang là {describe_value(item)}.")
                continue
            if self._fits(item, path + (i,)):
                out.append(item)
        return tuple(out)

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
            self.error(path, f"Cần một đoạn văn hoặc một khối (muc, so, diem, gach, cong), "
                             f"nhưng đang là {describe_value(item)}.")
            return None
        kinds = _BLOCK_KEYS & set(item)
        if len(kinds) != 1:
            self.error(path, "Mỗi khối cần đúng một trong các trường: muc, so, diem, gach, cong.")
            return None
        kind = kinds.pop()
        allowed = {"muc", "noi_dung"} if kind == "muc" else {"diem", "danh_diem"} if kind == "diem" else {kind}
        for extra in set(item) - allowed:
            self.error(path + (extra,), f"Trường '{extra}' không dùng trong khối '{kind}'.")
        if kind == "muc":
            title = item["muc"]
            if not isinstance(title, str) or not title:
                self.error(path + ("muc",), f"Cần tiêu đề mục, nhưng đang là {describe_value(title)}.")
                return None
            self._fits(title, path + ("muc",), LINE_MAX)
            return Heading(title, self._blocks(item.get("noi_dung", []), path + ("noi_dung",)))
        if kind == "so":
            return Numbered(self._texts(item["so"], path + ("so",)))
        if kind in ("gach", "cong"):
            return Bullets("-" if kind == "gach" else "+", self._texts(item[kind], path + (kind,)))
        scheme = item.get("danh_diem", "")
        if scheme and scheme not in LETTER_SCHEMES:
            self.error(path + ("danh_diem",), f"Giá trị '{scheme}' không hợp lệ; chọn một trong: "
                                              f"{', '.join(LETTER_SCHEMES)}.")
            scheme = ""
        return Points(self._points(item["diem"], path + ("diem",)), scheme)

    def _points(self, value: Any, path: FieldPath) -> tuple[Point, ...]:
        if not isinstance(value, list) or not value:
            self.error(path, f"Cần danh sách các điểm, nhưng đang là {describe_value(value)}.")
            return ()
        points = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item:
                if self._fits(item, path + (i,)):
                    points.append(Point(item))
            elif isinstance(item, dict) and isinstance(item.get("tieu_de"), str) and item["tieu_de"]:
                for extra in set(item) - {"tieu_de", "noi_dung"}:
                    self.error(path + (i, extra), f"Trường '{extra}' không dùng trong một điểm.")
                self._fits(item["tieu_de"], path + (i, "tieu_de"))
                points.append(Point(item["tieu_de"], self._blocks(item.get("noi_dung", []), path + (i, "noi_dung"))))
            else:
                self.error(path + (i,), "Cần một đoạn văn hoặc {tieu_de: ..., noi_dung: [...]}.")
        return tuple(points)
