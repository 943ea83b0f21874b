"""Declarations of the fields every plan kind shares: years, issuer, Quyết định, Kế hoạch body.

Task plans and inspection plans compose their file declarations from these pieces, so a
field means and is checked the same in both.
"""

from __future__ import annotations

from typing import Any

from generator.domain.vietnamese import LETTER_SCHEMES
from generator.source.declarations import CODE_MAX, PARAGRAPH_MAX, line, line_list, text, text_list, text_or_lines
from generator.source.fields import SIGNED_DOC, YEAR

YEARS: dict[str, Any] = {
    "nam": {**YEAR, "meta": {"mo_ta": "Năm kế hoạch, vd 2026"}},
    "giai_doan": {
        "type": "dict",
        "meta": {"mo_ta": "Kế hoạch nhiều năm: {tu: 2026, den: 2030}"},
        "schema": {
            "tu": {**YEAR, "meta": {"mo_ta": "Năm đầu"}},
            "den": {**YEAR, "meta": {"mo_ta": "Năm cuối"}},
        },
        "required_fields": ["tu", "den"],
    },
}

ISSUER = {
    "type": "dict",
    "meta": {"mo_ta": "Cơ quan ban hành văn bản"},
    "schema": {
        "ten": line("Tên đầy đủ, vd 'Ủy ban nhân dân phường Nam Đồ Sơn'"),
        "dia_danh": line("Địa danh ghi trước ngày tháng, vd 'Nam Đồ Sơn'"),
        "viet_tat": {**text("Chữ viết tắt tên cơ quan trong ký hiệu, vd 'UBND'", regex=r"^[A-ZĐ][A-Za-zĐđ&]*$",
                            maxlength=CODE_MAX),
                     "meta": {"mo_ta": "Chữ viết tắt tên cơ quan trong ký hiệu, vd 'UBND'",
                              "mau": "chữ cái không dấu (A–Z, a–z), Đ, đ và '&', bắt đầu bằng chữ in hoa, không "
                                     "có dấu cách, '-' hay '/' (vd 'UBND', 'SNV', 'VHXH'); kehoach tự thêm "
                                     "'QĐ-', 'KH-' phía trước"}},
        "chu_quan": line("Cơ quan chủ quản (nếu có), IN HOA, vd 'UBND THÀNH PHỐ HẢI PHÒNG'"),
        "dong_ten": line_list("Các dòng tên cơ quan in ở góc trái (mặc định tách từ 'ten')"),
    },
    "required_fields": ["ten", "dia_danh", "viet_tat"],
}

NOTES = {
    "type": "dict",
    "meta": {"mo_ta": "Chú thích cuối trang: khóa → nội dung; ghi [^khóa] ngay sau chữ cần chú thích"},
    "keysrules": {"type": "string", "regex": r"^[A-Za-z0-9_-]+$",
                  "meta": {"mau": "chữ không dấu, số, '_' hoặc '-' (vd 'par', '1')"}},
    "valuesrules": {"type": "string", "empty": False, "meta": {"mo_ta": "Nội dung chú thích"}},
}

DECISION = {
    "type": "dict",
    "meta": {"mo_ta": "Quyết định ban hành kế hoạch (bỏ trống nếu kế hoạch ban hành độc lập)"},
    "schema": {
        **SIGNED_DOC,
        "trich_yeu": text_or_lines("Trích yếu, vd 'Ban hành Kế hoạch ...'"),
        "tham_quyen": line("Dòng thẩm quyền ban hành, IN HOA, vd 'CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG ...'"),
        "can_cu": text_list("Các căn cứ ban hành (không cần ';' cuối)"),
        "de_nghi": line("Dòng 'Theo đề nghị của ...'"),
        "dieu": text_list("Nội dung các Điều (sau 'Điều N. ')", empty=False),
        "chu_thich": NOTES,
    },
    "required_fields": ["trich_yeu", "tham_quyen", "dieu", "nguoi_ky"],
}

BLOCKS = {
    "type": "list",
    "meta": {"mo_ta": "Các khối nội dung: chuỗi (đoạn văn), {muc}, {so}, {diem}, {gach}, {cong}", "kieu": "khoi"},
}

SECTION = {
    "type": "dict",
    "meta": {"lac_cho": {key: f"Khối '{key}' của một mục lớn đặt trong 'noi_dung' của mục đó: "
                              f"noi_dung: [{{{key}: [...]}}]." for key in ("muc", "so", "diem", "gach", "cong")}},
    "schema": {
        "tieu_de": line("Tiêu đề mục lớn, IN HOA (số La Mã tự đánh)"),
        "noi_dung": BLOCKS,
        "nhiem_vu": {"type": "boolean", "meta": {"mo_ta": "true: in danh sách nhiệm vụ cụ thể tại mục này"}},
    },
    "required_fields": ["tieu_de"],
}

# The fields of `ke_hoach` every plan kind has, by name; kinds list them in their own order.
PLAN_DOCUMENT: dict[str, Any] = {
    **SIGNED_DOC,
    "trich_yeu": text_or_lines("Trích yếu (dòng dưới chữ KẾ HOẠCH); danh sách nếu nhiều dòng"),
    "kem_theo": {
        "type": "dict",
        "meta": {"mo_ta": "Dòng '(Kèm theo Quyết định số ...)' khi ban hành kèm Quyết định"},
        "schema": {
            "mo_dau": line("Mặc định 'Kèm theo Quyết định số'"),
            "cua": line("Người/cơ quan ban hành quyết định, vd 'Chủ tịch UBND phường ...'"),
            "ngay_dang_so": {"type": "boolean", "meta": {"mo_ta": "true: 'ngày 26/12/2025'"}},
        },
    },
    "danh_diem": {"type": "string", "allowed": list(LETTER_SCHEMES),
                  "meta": {"mo_ta": "Chữ cái đánh điểm: viet (a b c d đ e g…) | latinh (a b c d đ e f g…) | latinh_khong_d (a b c d e f…)"}},
    "mo_dau": text_list("Các đoạn mở đầu trước mục I"),
    "noi_dung": {"type": "list", "schema": SECTION, "empty": False, "meta": {"mo_ta": "Các mục lớn I, II, III…"}},
    "ket_thuc": text("Đoạn kết thúc văn bản"),
    "chu_thich": NOTES,
}


def block_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of one body block (``$defs.khoi``)."""
    plain = {"type": "string", "minLength": 1, "maxLength": PARAGRAPH_MAX}
    blocks = {"type": "array", "items": {"$ref": "#/$defs/khoi"}}
    item = {"anyOf": [
        plain,
        {"type": "object", "required": ["tieu_de"], "additionalProperties": False,
         "description": "Một mục có nội dung bên dưới (các khối lồng nhau, không giới hạn cấp)",
         "properties": {"tieu_de": {**plain, "description": "Dòng của mục"}, "noi_dung": blocks}},
    ]}

    def items(description: str) -> dict[str, Any]:
        return {"type": "array", "minItems": 1, "description": description, "items": item}

    return {
        "description": "Đoạn văn (chuỗi) hoặc một khối: muc, so, diem, gach, cong",
        "anyOf": [
            plain,
            {"type": "object", "required": ["muc"], "additionalProperties": False,
             "properties": {"muc": {**plain, "description": "Tiêu đề mục nhỏ, tự đánh số 1., 2."},
                            "noi_dung": blocks}},
            {"type": "object", "required": ["so"], "additionalProperties": False,
             "properties": {"so": items("Các đoạn đánh số 1., 2.")}},
            {"type": "object", "required": ["diem"], "additionalProperties": False,
             "properties": {"diem": items("Các điểm a), b), …"),
                            "danh_diem": {"enum": list(LETTER_SCHEMES),
                                          "description": "Chữ cái đánh điểm riêng cho danh sách này"}}},
            {"type": "object", "required": ["gach"], "additionalProperties": False,
             "properties": {"gach": items("Các dòng gạch đầu dòng '- '")}},
            {"type": "object", "required": ["cong"], "additionalProperties": False,
             "properties": {"cong": items("Các dòng '+ '")}},
        ],
    }
