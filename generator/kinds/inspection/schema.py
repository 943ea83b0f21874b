"""The inspection plan file (kế hoạch kiểm tra, ``loai: kiem_tra``): its declared fields."""

from __future__ import annotations

from typing import Any

from generator.kinds.official.schema import DECISION, ISSUER, PLAN_DOCUMENT, YEARS, block_json_schema
from generator.source.declarations import LINE, Schema, line, text_or_lines

KEY = "kiem_tra"

INSPECTION_FIELDS: dict[str, Any] = {
    "loai": {"type": "string", "allowed": [KEY], "meta": {"mo_ta": "Loại kế hoạch: 'kiem_tra' (kế hoạch kiểm tra)"}},
    "nam": YEARS["nam"],
    "co_quan_ban_hanh": ISSUER,
    "quyet_dinh": DECISION,
    "ke_hoach": {"type": "dict", "meta": {"mo_ta": "Văn bản Kế hoạch"}, "schema": dict(PLAN_DOCUMENT),
                 "required_fields": ["trich_yeu", "noi_dung"]},
    "de_cuong": line("Phụ lục I: tên đề cương trong templates/de-cuong/ (vd 'kiem-tra-cchc-2026') "
                     "hoặc đường dẫn tệp .yaml"),
    "don_vi_kiem_tra": {
        "type": "dict",
        "meta": {"mo_ta": "Phụ lục II: danh sách cơ quan, đơn vị, địa phương được kiểm tra"},
        "schema": {
            "tieu_de": text_or_lines("Tên phụ lục, IN HOA"),
            "nhom": {
                "type": "list",
                "empty": False,
                "meta": {"mo_ta": "Các nhóm đơn vị (tự đánh số 1., 2.)"},
                "schema": {
                    "type": "dict",
                    "schema": {
                        "ten": line("Tên nhóm, vd 'Ủy ban nhân dân xã, phường:'"),
                        "don_vi": {"type": "list", "empty": False, "schema": LINE,
                                   "meta": {"mo_ta": "Tên các đơn vị, vd 'Phường Lê Chân' (tự đánh số (1), (2))"}},
                    },
                    "required_fields": ["ten", "don_vi"],
                },
            },
        },
        "required_fields": ["tieu_de", "nhom"],
    },
}

SCHEMA = Schema(INSPECTION_FIELDS, ("loai", "nam", "co_quan_ban_hanh", "ke_hoach", "de_cuong", "don_vi_kiem_tra"),
                {"khoi": block_json_schema()})
