"""Read a đề cương definition file into an `Outline`, checking every slot, id and relation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.kinds.outline.model import ID, ITEM_KINDS, PLACEHOLDER, SLOT, Field, Item, Outline, ReportSettings, slots
from generator.kinds.outline.schema import SCHEMA
from generator.source.fields import FieldReader, lines, recipients, strip_end
from generator.source.structure import require_structure, describe_value, suggestion
from generator.source.yaml_source import FieldPath, Source

def read_outline(source: Source) -> Outline:
    """Return the outline held by `source`; raise InputError listing every problem."""
    require_structure(source, SCHEMA, "đề cương")
    builder = _OutlineBuilder(source)
    return builder.result(builder.build())


class _OutlineBuilder(FieldReader):
    def __init__(self, source: Source) -> None:
        super().__init__(source)
        self.items: dict[str, Item] = {}
        self.item_paths: dict[str, FieldPath] = {}
        self.used: dict[str, FieldPath] = {}

    def build(self) -> Outline:
        fields = self._fields(self.data.get("chi_tieu", {}))
        self.fields = fields
        sections = tuple(self._section(s, ("noi_dung", i)) for i, s in enumerate(self.data["noi_dung"]))
        for fid, f in fields.items():
            if fid not in self.used:
                self.error(("chi_tieu", fid), f"Chỉ tiêu '{fid}' được khai báo nhưng không có chỗ điền "
                                              f"{{{fid}}} trong nội dung đề cương.")
        period = self.data["ky_bao_cao"]
        for mark in ("{tu}", "{den}"):
            if mark not in period["dong"]:
                self.error(("ky_bao_cao", "dong"), f"Mẫu dòng kỳ số liệu thiếu {mark}, vd "
                                                   "'(Số liệu báo cáo tính từ {tu} đến {den}).'")
        settings = self.data["bao_cao"]
        report = ReportSettings(
            summary=lines(settings["trich_yeu"]),
            supervisor=settings.get("chu_quan", ""),
            place=settings.get("dia_danh", ""),
            recipients=recipients(settings.get("noi_nhan", ())),
            archive=strip_end(settings.get("luu", "VT")),
        )
        from_date = period["tu"]
        if isinstance(from_date, dt.datetime):
            from_date = from_date.date()
        return Outline(self.source.path, self.data["nam"], self.data["tieu_de"], self.data.get("phu_de", ""),
                       from_date, period.get("den", "thời điểm báo cáo"), period["dong"], report, fields,
                       sections, dict(self.items))

    # -- fields --------------------------------------------------------------------------
    def _fields(self, data: dict[str, Any]) -> dict[str, Field]:
        fields: dict[str, Field] = {}
        for fid, spec in data.items():
            path = ("chi_tieu", fid)
            unit = spec.get("don_vi", "")
            kind = spec.get("kieu") or ("ty_le" if unit == "%" else "so")
            if kind == "ty_le" and unit not in ("", "%"):
                self.error(path + ("don_vi",), f"Chỉ tiêu tỷ lệ có đơn vị '%', không phải '{unit}'.")
            if kind == "ty_le":
                unit = "%"
            if kind == "so" and not unit:
                self.error(path, f"Chỉ tiêu số '{fid}' cần 'don_vi' (vd nhiệm vụ, văn bản, hồ sơ, đơn vị).")
            ratio = spec.get("ty_le")
            if ratio is not None and kind != "ty_le":
                self.error(path + ("ty_le",), "Chỉ tiêu có công thức tỷ lệ phải có đơn vị '%' (kieu: ty_le).")
            if spec.get("tu_ke_hoach") and kind != "so":
                self.error(path + ("tu_ke_hoach",), "Chỉ tiêu đếm từ kế hoạch phải là số đếm (kieu: so).")
            fields[fid] = Field(
                id=fid, label=spec["nhan"], unit=unit, kind=kind,
                placeholder=spec.get("cho_trong", PLACEHOLDER),
                part_of=spec.get("thuoc", ""), parts_sum=spec.get("tong_cac_phan", ""),
                ratio=(ratio["tu_so"], ratio["mau_so"]) if ratio else None,
                from_plan=spec.get("tu_ke_hoach", ""), line=self.source.line_of(path),
            )
        for fid, f in fields.items():
            path = ("chi_tieu", fid)
            refs = [("thuoc", f.part_of)] if f.part_of else []
            if f.ratio:
                refs += [("ty_le", f.ratio[0]), ("ty_le", f.ratio[1])]
            for key, ref in refs:
                target = fields.get(ref)
                if target is None:
                    self.error(path + (key,), f"Không có chỉ tiêu '{ref}'.{suggestion(ref, list(fields))}")
                elif target.kind == "van_ban" or (key == "ty_le" and target.kind != "so"):
                    self.error(path + (key,), f"'{ref}' không phải chỉ tiêu số đếm nên không dùng được ở '{key}'.")
                elif key == "thuoc" and target.kind != f.kind:
                    self.error(path + (key,), f"'{fid}' và '{ref}' phải cùng kiểu số liệu để so sánh.")
            if f.parts_sum and not any(g.part_of == fid for g in fields.values()):
                self.error(path + ("tong_cac_phan",), f"Không có chỉ tiêu nào 'thuoc: {fid}' để cộng.")
        for fid in fields:
            seen = [fid]
            current = fields[fid].part_of
            while current in fields:
                if current in seen:
                    self.error(("chi_tieu", fid, "thuoc"), "Quan hệ 'thuoc' vòng tròn: " + " → ".join(seen + [current]) + ".")
                    break
                seen.append(current)
                current = fields[current].part_of
        return fields

    # -- items ---------------------------------------------------------------------------
    def _text(self, text: str, path: FieldPath) -> None:
        for fid in slots(text):
            if not ID.match(fid):
                self.error(path, f"Chỗ điền '{{{fid}}}' không hợp lệ: ghi mã chỉ tiêu trong ngoặc nhọn, vd {{hs_tiep_nhan}}.")
            elif fid not in self.fields:
                self.error(path, f"Chỗ điền {{{fid}}}: không có chỉ tiêu '{fid}' trong chi_tieu."
                                 f"{suggestion(fid, list(self.fields))}")
            elif fid in self.used:
                self.error(path, f"Chỉ tiêu '{fid}' đã có chỗ điền ở dòng {self.source.line_of(self.used[fid])}: "
                                 "mỗi chỉ tiêu chỉ điền một chỗ.")
            else:
                self.used[fid] = path
        if "{" in SLOT.sub("", text) or "}" in SLOT.sub("", text):
            self.error(path, "Dấu ngoặc nhọn { } chỉ dùng cho chỗ điền chỉ tiêu, vd {hs_tiep_nhan}: thiếu dấu đóng hoặc mở.")

    def _id(self, value: Any, path: FieldPath, item: Item) -> None:
        if not value:
            return
        if value in self.fields:
            self.error(path, f"Mã '{value}' trùng mã một chỉ tiêu: mã ý và mã chỉ tiêu phải khác nhau.")
        elif value in self.items:
            self.error(path, f"Mã '{value}' đã dùng ở dòng {self.source.line_of(self.item_paths[value])}.")
        else:
            self.items[value] = item
            self.item_paths[value] = path

    def _section(self, data: dict[str, Any], path: FieldPath) -> Item:
        self._text(data["tieu_de"], path + ("tieu_de",))
        children = self._items(data.get("noi_dung", []), path + ("noi_dung",))
        item = Item("phan", data["tieu_de"], data.get("ma", ""), children, self.source.line_of(path))
        self._id(item.id, path + ("ma",), item)
        return item

    def _items(self, value: Any, path: FieldPath) -> tuple[Item, ...]:
        if not isinstance(value, list):
            self.error(path, f"Cần danh sách các ý, nhưng đang là {describe_value(value)}.")
            return ()
        return tuple(item for i, raw in enumerate(value) if (item := self._item(raw, path + (i,))) is not None)

    def _item(self, raw: Any, path: FieldPath) -> Item | None:
        if not isinstance(raw, dict):
            self.error(path, "Mỗi ý là một bảng có đúng một trong các trường muc, diem, gach, cong, doan "
                             f"(vd '- gach: \"Nội dung\"'), nhưng đang là {describe_value(raw)}.")
            return None
        kinds = [k for k in ITEM_KINDS if k in raw]
        if len(kinds) != 1:
            self.error(path, "Mỗi ý cần đúng một trong các trường: muc (1.), diem (a)), gach (-), cong (+), doan.")
            return None
        kind = kinds[0]
        for extra in set(raw) - {kind, "ma", "noi_dung"}:
            self.error(path + (extra,), f"Trường '{extra}' không dùng trong một ý.{suggestion(extra, [kind, 'ma', 'noi_dung'])}")
        text = raw[kind]
        if not isinstance(text, str) or not text:
            self.error(path + (kind,), f"Cần nội dung ý (chuỗi), nhưng đang là {describe_value(text)}.")
            return None
        ident = raw.get("ma", "")
        if ident and (not isinstance(ident, str) or not ID.match(ident)):
            self.error(path + ("ma",), f"Mã '{ident}' không đúng dạng: chữ thường không dấu, số và '_' (vd 'tuyen_truyen').")
            ident = ""
        self._text(text, path + (kind,))
        children = self._items(raw.get("noi_dung", []), path + ("noi_dung",))
        item = Item(kind, text, ident, children, self.source.line_of(path))
        self._id(ident, path + ("ma",), item)
        return item
