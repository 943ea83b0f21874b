"""The plan file schema: one declaration, validated with cerberus, exported as JSON Schema.

Every field carries a Vietnamese description (``meta.mo_ta``) shown in editors through
the exported JSON Schema. Cerberus checks structure; `generator.validation` adds the
checks that need the whole plan (office keys, dates, numbering).
"""

from __future__ import annotations

from typing import Any

TEXT = {"type": "string", "empty": False}


def _text(desc: str, **extra: Any) -> dict[str, Any]:
    return {**TEXT, "meta": {"mo_ta": desc}, **extra}


def _text_list(desc: str, **extra: Any) -> dict[str, Any]:
    return {"type": "list", "schema": TEXT, "meta": {"mo_ta": desc}, **extra}


AGENCY_REF = {
    "type": ["string", "list"],
    "empty": False,
    "schema": TEXT,
    "meta": {"mo_ta": "Mã cơ quan (vd: vhxh), danh sách mã, hoặc tên cơ quan đúng như in trong văn bản", "kieu": "co_quan"},
}

DOC_DATE = {
    "type": ["date", "string", "integer"],
    "nullable": True,
    "meta": {"mo_ta": "Ngày ban hành: YYYY-MM-DD; YYYY-MM hoặc YYYY khi chưa biết ngày (in để trống)", "kieu": "ngay_van_ban"},
}

DOC_NUMBER = {
    "type": ["string", "integer"],
    "nullable": True,
    "meta": {"mo_ta": "Số văn bản; để trống khi chưa cấp số (in 'Số:      /QĐ-UBND')", "kieu": "so_van_ban"},
}

SIGNER = {
    "type": "dict",
    "meta": {"mo_ta": "Người ký: quyền hạn, chức vụ, họ tên"},
    "schema": {
        "quyen_han": {
            "type": "string",
            "regex": r"^$|^(TM|KT|Q|TL|TUQ)\. .+",
            "meta": {"mo_ta": "Quyền hạn ký: 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', … (để trống khi ký trực tiếp)",
                     "mau": "TM./KT./Q./TL./TUQ. rồi tên tập thể hoặc chức vụ, vd 'TM. ỦY BAN NHÂN DÂN'"},
        },
        "chuc_vu": _text("Chức vụ người ký, IN HOA: 'CHỦ TỊCH', 'PHÓ CHỦ TỊCH'"),
        "ho_ten": _text("Họ và tên người ký"),
    },
    "required_fields": ["chuc_vu", "ho_ten"],
}

SIGNED_DOC = {
    "so": DOC_NUMBER,
    "ngay": DOC_DATE,
    "noi_nhan": _text_list("Nơi nhận, mỗi mục một dòng, không cần '- ' và ';' (trừ dòng Lưu)"),
    "luu": _text("Dòng lưu cuối Nơi nhận, vd 'VT' hoặc 'VT, VHXH'"),
    "nguoi_ky": SIGNER,
}

BLOCKS = {
    "type": "list",
    "meta": {"mo_ta": "Các khối nội dung: chuỗi (đoạn văn), {muc}, {so}, {diem}, {gach}, {cong}", "kieu": "khoi"},
}

SUB_TASK = {
    "type": "dict",
    "schema": {
        "noi_dung": _text("Nội dung phần việc (in '- <nội dung>')"),
        "chu_tri": {**AGENCY_REF, "meta": {**AGENCY_REF["meta"], "mo_ta": "Cơ quan chủ trì phần việc"}},
        "phoi_hop": {**AGENCY_REF, "meta": {**AGENCY_REF["meta"], "mo_ta": "Cơ quan phối hợp"}},
        "san_pham": {"type": ["string", "list"], "empty": False, "schema": TEXT,
                     "meta": {"mo_ta": "Sản phẩm; danh sách khi có nhiều phần"}},
        "thoi_gian": _text("Thời gian thực hiện, giữ nguyên cách viết"),
    },
    "required_fields": ["noi_dung", "chu_tri"],
}

TASK_STATUS = ["chua_thuc_hien", "dang_thuc_hien", "hoan_thanh"]

TASK = {
    "type": "dict",
    "schema": {
        "noi_dung": _text("Nội dung nhiệm vụ"),
        "ma": {"type": "string", "regex": r"^[a-z0-9][a-z0-9_.-]*$",
               "meta": {"mo_ta": "Mã ổn định của nhiệm vụ (chữ thường không dấu, số, '-', '_', '.')",
                        "mau": "chữ thường không dấu, số, '-', '_', '.' (vd 'tuyen-truyen')"}},
        "chu_tri": {**AGENCY_REF, "meta": {**AGENCY_REF["meta"], "mo_ta": "Cơ quan chủ trì"}},
        "phoi_hop": {**AGENCY_REF, "meta": {**AGENCY_REF["meta"], "mo_ta": "Cơ quan phối hợp"}},
        "san_pham": {"type": ["string", "list"], "empty": False, "schema": TEXT,
                     "meta": {"mo_ta": "Sản phẩm; danh sách khi có nhiều phần (in '+ ...')"}},
        "thoi_gian": _text("Thời gian thực hiện, giữ nguyên cách viết (vd 'Quý I/2026')"),
        "nhan_chu_tri": _text("Nhãn riêng cho dòng chủ trì, vd 'Cơ quan chủ trì'"),
        "nhan_phoi_hop": _text("Nhãn riêng cho dòng phối hợp, vd 'Cơ quan phối hợp, theo dõi'"),
        "phan_viec": {"type": "list", "schema": SUB_TASK, "empty": False,
                      "meta": {"mo_ta": "Các phần việc theo cấp (dòng con trong bảng phụ lục)"}},
        "trang_thai": {"type": "string", "allowed": TASK_STATUS,
                       "meta": {"mo_ta": "Trạng thái: chua_thuc_hien | dang_thuc_hien | hoan_thanh"}},
        "ngay_hoan_thanh": {"type": "date", "meta": {"mo_ta": "Ngày hoàn thành (YYYY-MM-DD)"}},
        "ket_qua": _text("Ghi chú ngắn về kết quả thực hiện"),
    },
    "required_fields": ["noi_dung"],
}

GROUP = {
    "type": "dict",
    "schema": {
        "linh_vuc": _text("Tên lĩnh vực (nhóm nhiệm vụ)"),
        "nhiem_vu": {"type": "list", "schema": TASK, "empty": False, "meta": {"mo_ta": "Các nhiệm vụ của lĩnh vực"}},
    },
    "required_fields": ["linh_vuc", "nhiem_vu"],
}

SECTION = {
    "type": "dict",
    "schema": {
        "tieu_de": _text("Tiêu đề mục lớn, IN HOA (số La Mã tự đánh)"),
        "noi_dung": BLOCKS,
        "nhiem_vu": {"type": "boolean", "meta": {"mo_ta": "true: in danh sách nhiệm vụ cụ thể tại mục này"}},
    },
    "required_fields": ["tieu_de"],
}

LABELS = {
    "type": "dict",
    "meta": {"mo_ta": "Nhãn các dòng của nhiệm vụ khi trình bày dạng mục"},
    "schema": {
        "chu_tri": _text("Mặc định 'Cơ quan chủ trì thực hiện'"),
        "phoi_hop": _text("Mặc định 'Cơ quan phối hợp'"),
        "san_pham": _text("Mặc định 'Sản phẩm'"),
        "thoi_gian": _text("Mặc định 'Thời gian thực hiện'"),
    },
}

PLAN_SCHEMA: dict[str, Any] = {
    "nam": {"type": "integer", "min": 2000, "max": 2100, "meta": {"mo_ta": "Năm kế hoạch, vd 2026"}},
    "giai_doan": {
        "type": "dict",
        "meta": {"mo_ta": "Kế hoạch nhiều năm: {tu: 2026, den: 2030}"},
        "schema": {
            "tu": {"type": "integer", "min": 2000, "max": 2100, "meta": {"mo_ta": "Năm đầu"}},
            "den": {"type": "integer", "min": 2000, "max": 2100, "meta": {"mo_ta": "Năm cuối"}},
        },
        "required_fields": ["tu", "den"],
    },
    "co_quan_ban_hanh": {
        "type": "dict",
        "meta": {"mo_ta": "Cơ quan ban hành văn bản"},
        "schema": {
            "ten": _text("Tên đầy đủ, vd 'Ủy ban nhân dân phường Nam Đồ Sơn'"),
            "dia_danh": _text("Địa danh ghi trước ngày tháng, vd 'Nam Đồ Sơn'"),
            "viet_tat": _text("Chữ viết tắt tên cơ quan trong ký hiệu, vd 'UBND'", regex=r"^[A-ZĐ][A-Za-zĐđ&]*$"),
            "chu_quan": _text("Cơ quan chủ quản (nếu có), IN HOA, vd 'UBND THÀNH PHỐ HẢI PHÒNG'"),
            "dong_ten": _text_list("Các dòng tên cơ quan in ở góc trái (mặc định tách từ 'ten')"),
        },
        "required_fields": ["ten", "dia_danh", "viet_tat"],
    },
    "co_quan": {
        "type": "dict",
        "empty": False,
        "meta": {"mo_ta": "Danh mục cơ quan: mã → tên", "kieu": "danh_muc_co_quan"},
        "keysrules": {"type": "string", "regex": r"^[a-z][a-z0-9_]*$",
                      "meta": {"mau": "chữ thường không dấu, số và '_', bắt đầu bằng chữ (vd 'vhxh')"}},
        "valuesrules": {
            "type": "dict",
            "schema": {
                "ten": _text("Tên đầy đủ của cơ quan"),
                "ten_ngan": _text("Tên ngắn, vd 'VHXH'"),
                "ten_khac": _text_list("Các cách viết khác gặp trong văn bản"),
            },
            "required_fields": ["ten"],
        },
    },
    "quyet_dinh": {
        "type": "dict",
        "meta": {"mo_ta": "Quyết định ban hành kế hoạch (bỏ trống nếu kế hoạch ban hành độc lập)"},
        "schema": {
            **SIGNED_DOC,
            "trich_yeu": {"type": ["string", "list"], "empty": False, "schema": TEXT,
                          "meta": {"mo_ta": "Trích yếu, vd 'Ban hành Kế hoạch ...'"}},
            "tham_quyen": _text("Dòng thẩm quyền ban hành, IN HOA, vd 'CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG ...'"),
            "can_cu": _text_list("Các căn cứ ban hành (không cần ';' cuối)"),
            "de_nghi": _text("Dòng 'Theo đề nghị của ...'"),
            "dieu": _text_list("Nội dung các Điều (sau 'Điều N. ')", empty=False),
        },
        "required_fields": ["trich_yeu", "tham_quyen", "dieu", "nguoi_ky"],
    },
    "ke_hoach": {
        "type": "dict",
        "meta": {"mo_ta": "Văn bản Kế hoạch"},
        "schema": {
            **SIGNED_DOC,
            "trich_yeu": {"type": ["string", "list"], "empty": False, "schema": TEXT,
                          "meta": {"mo_ta": "Trích yếu (dòng dưới chữ KẾ HOẠCH); danh sách nếu nhiều dòng"}},
            "kem_theo": {
                "type": "dict",
                "meta": {"mo_ta": "Dòng '(Kèm theo Quyết định số ...)' khi ban hành kèm Quyết định"},
                "schema": {
                    "mo_dau": _text("Mặc định 'Kèm theo Quyết định số'"),
                    "cua": _text("Người/cơ quan ban hành quyết định, vd 'Chủ tịch UBND phường ...'"),
                    "ngay_dang_so": {"type": "boolean", "meta": {"mo_ta": "true: 'ngày 26/12/2025'"}},
                },
            },
            "trinh_bay_nhiem_vu": {"type": "string", "allowed": ["muc", "phu_luc"],
                                   "meta": {"mo_ta": "muc: nhiệm vụ đánh số trong thân văn bản; phu_luc: bảng phụ lục"}},
            "danh_diem": {"type": "string", "allowed": ["viet", "latinh", "latinh_khong_d"],
                          "meta": {"mo_ta": "Chữ cái đánh điểm: viet (a b c d đ e g…) | latinh (a b c d đ e f g…) | latinh_khong_d (a b c d e f…)"}},
            "nhan": LABELS,
            "mo_dau": _text_list("Các đoạn mở đầu trước mục I"),
            "noi_dung": {"type": "list", "schema": SECTION, "empty": False,
                         "meta": {"mo_ta": "Các mục lớn I, II, III…"}},
            "ket_thuc": _text("Đoạn kết thúc văn bản"),
            "phu_luc": {
                "type": "dict",
                "meta": {"mo_ta": "Phụ lục danh mục nhiệm vụ (khi trinh_bay_nhiem_vu: phu_luc)"},
                "schema": {
                    "tieu_de": {"type": ["string", "list"], "empty": False, "schema": TEXT,
                                "meta": {"mo_ta": "Tên phụ lục, IN HOA; danh sách nếu nhiều dòng"}},
                    "kem_theo": _text("Dòng '(Kèm theo ...)' dưới tên phụ lục"),
                    "cot": {
                        "type": "dict",
                        "meta": {"mo_ta": "Đổi tên cột bảng"},
                        "schema": {k: _text(f"Tên cột {k}") for k in
                                   ("tt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian", "san_pham")},
                    },
                },
            },
        },
        "required_fields": ["trich_yeu", "noi_dung"],
    },
    "nhiem_vu_cu_the": {"type": "list", "schema": GROUP, "empty": False,
                        "meta": {"mo_ta": "Nhiệm vụ cụ thể theo lĩnh vực"}},
}
PLAN_REQUIRED = ["co_quan_ban_hanh", "co_quan", "ke_hoach", "nhiem_vu_cu_the"]


def _is_field_map(value: Any) -> bool:
    return isinstance(value, dict) and "type" not in value and "regex" not in value


def to_cerberus(rules: dict[str, Any]) -> dict[str, Any]:
    """Return cerberus rules for one field declared here (``required_fields`` → ``required``)."""
    out = {k: v for k, v in rules.items() if k != "required_fields"}
    sub = rules.get("schema")
    if _is_field_map(sub):
        out["schema"] = field_map_to_cerberus(sub, rules.get("required_fields", []))
    elif isinstance(sub, dict):
        out["schema"] = to_cerberus(sub)
    for key in ("valuesrules", "keysrules"):
        if key in rules:
            out[key] = to_cerberus(rules[key])
    return out


def field_map_to_cerberus(fields: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """Return a cerberus schema for a mapping whose `required` fields must be present."""
    out = {}
    for name, rules in fields.items():
        out[name] = to_cerberus(rules)
        if name in required:
            out[name]["required"] = True
    return out


CERBERUS_PLAN_SCHEMA = field_map_to_cerberus(PLAN_SCHEMA, PLAN_REQUIRED)


# --- JSON Schema export -----------------------------------------------------------------

_JSON_TYPES = {"string": "string", "integer": "integer", "boolean": "boolean", "list": "array",
               "dict": "object", "date": "string", "number": "number"}


def _json_rules(rules: dict[str, Any]) -> dict[str, Any]:
    meta = rules.get("meta", {})
    kind = meta.get("kieu")
    out: dict[str, Any] = {}
    if "mo_ta" in meta:
        out["description"] = meta["mo_ta"]
    if kind == "khoi":
        out.update({"type": "array", "items": {"$ref": "#/$defs/khoi"}})
        return out
    types = rules.get("type", [])
    types = types if isinstance(types, list) else [types]
    json_types = sorted({_JSON_TYPES[t] for t in types})
    if len(json_types) == 1:
        out["type"] = json_types[0]
    elif json_types:
        out["type"] = json_types
    if "date" in types and len(types) == 1:
        out["format"] = "date"
    if "allowed" in rules:
        out["enum"] = list(rules["allowed"])
    if "regex" in rules:
        out["pattern"] = rules["regex"]
    if "min" in rules:
        out["minimum"] = rules["min"]
    if "max" in rules:
        out["maximum"] = rules["max"]
    if rules.get("empty") is False and "string" in types:
        out["minLength"] = 1
    sub = rules.get("schema")
    if isinstance(sub, dict) and "list" in types:
        out["items"] = _json_rules(sub)
        if rules.get("empty") is False:
            out["minItems"] = 1
    elif isinstance(sub, dict) and "dict" in types:
        out["properties"] = {k: _json_rules(v) for k, v in sub.items()}
        out["additionalProperties"] = False
        if rules.get("required_fields"):
            out["required"] = list(rules["required_fields"])
    if "valuesrules" in rules:
        out["additionalProperties"] = _json_rules(rules["valuesrules"])
        if "keysrules" in rules:
            out["propertyNames"] = {"pattern": rules["keysrules"]["regex"]}
    return out


def json_schema() -> dict[str, Any]:
    """Return the plan schema as JSON Schema (draft 2020-12) for editors such as VS Code."""
    text = {"type": "string", "minLength": 1}
    text_list = {"type": "array", "items": text}
    block = {
        "description": "Đoạn văn (chuỗi) hoặc một khối: muc, so, diem, gach, cong",
        "anyOf": [
            text,
            {"type": "object", "required": ["muc"], "additionalProperties": False,
             "properties": {"muc": {**text, "description": "Tiêu đề mục nhỏ, tự đánh số 1., 2."},
                            "noi_dung": {"type": "array", "items": {"$ref": "#/$defs/khoi"}}}},
            {"type": "object", "required": ["so"], "additionalProperties": False,
             "properties": {"so": {**text_list, "description": "Các đoạn đánh số 1., 2."}}},
            {"type": "object", "required": ["diem"], "additionalProperties": False,
             "properties": {"diem": {"type": "array", "description": "Các điểm a), b), …", "items": {"anyOf": [
                 text,
                 {"type": "object", "required": ["tieu_de"], "additionalProperties": False,
                  "properties": {"tieu_de": text, "noi_dung": {"type": "array", "items": {"$ref": "#/$defs/khoi"}}}},
             ]}}, "danh_diem": {"enum": ["viet", "latinh", "latinh_khong_d"],
                                "description": "Chữ cái đánh điểm riêng cho danh sách này"}}},
            {"type": "object", "required": ["gach"], "additionalProperties": False,
             "properties": {"gach": {**text_list, "description": "Các dòng gạch đầu dòng '- '"}}},
            {"type": "object", "required": ["cong"], "additionalProperties": False,
             "properties": {"cong": {**text_list, "description": "Các dòng '+ '"}}},
        ],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kehoach.local/schema/ke-hoach.json",
        "title": "Kế hoạch cải cách hành chính (kehoach)",
        "description": "Định dạng tệp kế hoạch YAML của kehoach",
        "type": "object",
        "properties": {k: _json_rules(v) for k, v in PLAN_SCHEMA.items()},
        "required": PLAN_REQUIRED,
        "additionalProperties": False,
        "$defs": {"khoi": block},
    }
