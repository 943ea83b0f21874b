"""The đề cương file (report outline, ``loai: de_cuong``): its declared fields."""

from __future__ import annotations

from typing import Any

from generator.kinds.outline.model import FIELD_KINDS, FROM_PLAN, ID_PATTERN, PARTS_SUM
from generator.source.declarations import LINE, LINE_MAX, Schema, line, text_or_lines
from generator.source.fields import YEAR

_ID_RULE = {"type": "string", "regex": ID_PATTERN,
            "meta": {"mo_ta": "Mã chỉ tiêu", "mau": "chữ thường không dấu, số và '_', bắt đầu bằng chữ (vd 'hs_tiep_nhan')"}}

FIELD_SCHEMA = {
    "type": "dict",
    "schema": {
        "nhan": line("Tên chỉ tiêu, vd 'Tổng số hồ sơ TTHC tiếp nhận'"),
        "don_vi": line("Đơn vị tính: nhiệm vụ, văn bản, hồ sơ, %, đơn vị…"),
        "kieu": {"type": "string", "allowed": list(FIELD_KINDS),
                 "meta": {"mo_ta": "so (số đếm, mặc định) | ty_le (phần trăm 0–100) | van_ban (câu chữ)"}},
        "thuoc": {**_ID_RULE, "meta": {**_ID_RULE["meta"], "mo_ta": "Chỉ tiêu tổng chứa chỉ tiêu này (phần không lớn hơn tổng)"}},
        "tong_cac_phan": {"type": "string", "allowed": list(PARTS_SUM),
                          "meta": {"mo_ta": "Tổng các chỉ tiêu 'thuoc' chỉ tiêu này: bang (phải bằng) | khong_vuot (không vượt)"}},
        "ty_le": {
            "type": "dict",
            "meta": {"mo_ta": "Tỷ lệ tính tự động = tu_so / mau_so × 100"},
            "schema": {"tu_so": _ID_RULE, "mau_so": _ID_RULE},
            "required_fields": ["tu_so", "mau_so"],
        },
        "tu_ke_hoach": {"type": "string", "allowed": list(FROM_PLAN),
                        "meta": {"mo_ta": "Đếm từ nhiệm vụ của kế hoạch được liên kết: " + " | ".join(FROM_PLAN)}},
        "cho_trong": {"type": "string", "maxlength": LINE_MAX,
                      "meta": {"mo_ta": "Chỗ trống in trong phụ lục ban hành (mặc định '...'; '' khi bản gốc không in)"}},
    },
    "required_fields": ["nhan"],
}

OUTLINE_FIELDS: dict[str, Any] = {
    "loai": {"type": "string", "allowed": ["de_cuong"], "meta": {"mo_ta": "Luôn là 'de_cuong'"}},
    "nam": {**YEAR, "meta": {"mo_ta": "Năm của đề cương, vd 2026"}},
    "tieu_de": line("Tên đề cương, IN HOA, vd 'ĐỀ CƯƠNG BÁO CÁO'"),
    "phu_de": line("Dòng dưới tên, vd 'Phục vụ kiểm tra công tác cải cách hành chính năm 2026'"),
    "ky_bao_cao": {
        "type": "dict",
        "meta": {"mo_ta": "Kỳ số liệu của báo cáo"},
        "schema": {
            "tu": {"type": "date", "meta": {"mo_ta": "Ngày bắt đầu tính số liệu (YYYY-MM-DD)"}},
            "den": line("Chữ in khi báo cáo chưa ghi ngày kết thúc, vd 'thời điểm báo cáo'"),
            "dong": line("Mẫu dòng kỳ số liệu, có {tu} và {den}"),
        },
        "required_fields": ["tu", "dong"],
    },
    "bao_cao": {
        "type": "dict",
        "meta": {"mo_ta": "Thông tin chung của báo cáo lập theo đề cương"},
        "schema": {
            "trich_yeu": text_or_lines("Trích yếu dưới chữ BÁO CÁO"),
            "chu_quan": line("Cơ quan chủ quản in trên tên một Sở, vd 'UBND THÀNH PHỐ HẢI PHÒNG'"),
            "dia_danh": line("Địa danh của các Sở, vd 'Hải Phòng'"),
            "noi_nhan": {"type": "list", "schema": LINE,
                         "meta": {"mo_ta": "Nơi nhận của báo cáo"}},
            "luu": line("Dòng Lưu, vd 'VT'"),
        },
        "required_fields": ["trich_yeu"],
    },
    "chi_tieu": {
        "type": "dict",
        "meta": {"mo_ta": "Các chỉ tiêu số liệu: mã → nhãn, đơn vị, quan hệ"},
        "keysrules": {"type": "string", "regex": ID_PATTERN,
                      "meta": {"mau": "chữ thường không dấu, số và '_', bắt đầu bằng chữ (vd 'hs_tiep_nhan')"}},
        "valuesrules": FIELD_SCHEMA,
    },
    "noi_dung": {
        "type": "list",
        "empty": False,
        "meta": {"mo_ta": "Các mục lớn I, II, III…"},
        "schema": {
            "type": "dict",
            "schema": {
                "tieu_de": line("Tên mục lớn, IN HOA (số La Mã tự đánh)"),
                "ma": {**_ID_RULE, "meta": {**_ID_RULE["meta"], "mo_ta": "Mã mục (để trả lời trong báo cáo)"}},
                "noi_dung": {"type": "list", "meta": {"mo_ta": "Các ý: muc, diem, gach, cong, doan"}},
            },
            "required_fields": ["tieu_de"],
        },
    },
}
SCHEMA = Schema(OUTLINE_FIELDS, ("loai", "nam", "tieu_de", "ky_bao_cao", "bao_cao", "noi_dung"))
