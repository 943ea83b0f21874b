"""The report data file (``reports/*.yaml``, ``loai: bao_cao`` or none): its declared fields."""

from __future__ import annotations

from typing import Any

from generator.source.declarations import CODE_MAX, LINE, LINE_MAX, Schema, text_or_lines
from generator.source.fields import DOC_DATE, DOC_NUMBER, SIGNER

REPORT_FIELDS: dict[str, Any] = {
    "loai": {"type": "string", "allowed": ["bao_cao"], "meta": {"mo_ta": "Loại tệp: 'bao_cao' (có thể bỏ)"}},
    "don_vi": {
        "type": ["string", "dict"],
        "empty": False,
        "meta": {"mo_ta": "Đơn vị báo cáo: tên (vd 'Phường Nam Đồ Sơn', 'Sở Xây dựng') hoặc bảng chi tiết"},
        "schema": {
            "ten": {**LINE, "meta": {"mo_ta": "Tên đơn vị, vd 'Phường Nam Đồ Sơn'"}},
            "dong_ten": {"type": "list", "schema": LINE, "meta": {"mo_ta": "Các dòng tên in ở góc trái"}},
            "chu_quan": {"type": "string", "maxlength": LINE_MAX, "meta": {"mo_ta": "Cơ quan chủ quản (dòng trên tên)"}},
            "dia_danh": {**LINE, "meta": {"mo_ta": "Địa danh ghi trước ngày tháng"}},
            "viet_tat": {**LINE, "regex": r"^[A-ZĐ][A-Za-zĐđ&]*$", "maxlength": CODE_MAX,
                         "meta": {"mo_ta": "Chữ viết tắt trong ký hiệu, vd 'UBND' → 'Số: /BC-UBND'"}},
        },
    },
    "de_cuong": {**LINE, "meta": {"mo_ta": "Đề cương báo cáo theo: tên trong templates/de-cuong/ hoặc đường dẫn"}},
    "ke_hoach": {**LINE, "meta": {"mo_ta": "Kế hoạch CCHC của đơn vị: số nhiệm vụ được đếm từ đây"}},
    "so": DOC_NUMBER,
    "ngay": DOC_DATE,
    "trich_yeu": text_or_lines("Trích yếu (mặc định theo đề cương)"),
    "ky_bao_cao": {
        "type": "dict",
        "meta": {"mo_ta": "Kỳ số liệu: {tu: 2025-12-15, den: 2026-06-30}"},
        "schema": {
            "tu": {"type": "date", "meta": {"mo_ta": "Từ ngày (mặc định theo đề cương)"}},
            "den": {"type": "date", "meta": {"mo_ta": "Đến ngày (bỏ trống: 'thời điểm báo cáo')"}},
        },
    },
    "nguoi_ky": SIGNER,
    "noi_nhan": {"type": "list", "schema": LINE, "meta": {"mo_ta": "Nơi nhận (mặc định theo đề cương)"}},
    "luu": {**LINE, "meta": {"mo_ta": "Dòng Lưu, vd 'VT, VHXH'"}},
    "so_lieu": {"type": "dict", "meta": {"mo_ta": "Số liệu theo mã chỉ tiêu của đề cương"}},
    "tra_loi": {"type": "dict", "meta": {"mo_ta": "Phần trả lời bằng lời theo mã ý của đề cương"}},
}
SCHEMA = Schema(REPORT_FIELDS, ("don_vi", "de_cuong"))
