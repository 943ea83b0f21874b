"""The task plan file (kế hoạch CCHC): its declared fields.

Shared pieces (years, issuer, Quyết định, Kế hoạch body, signer) come from
`generator.kinds.official.schema`; this module adds the office registry, the tasks and
how they are laid out. Cerberus checks structure; `generator.kinds.plan.reader` adds the
checks that need the whole plan (office keys, dates, numbering).
"""

from __future__ import annotations

from typing import Any

from generator.domain.schedule import KEY_PATTERN
from generator.domain.tasks import TASK_STATUSES
from generator.kinds.official.schema import DECISION, ISSUER, PLAN_DOCUMENT, YEARS, block_json_schema
from generator.source.declarations import CODE_MAX, LINE, LINE_MAX, PARAGRAPH_MAX, Schema, line, line_list, text, text_or_lines

AGENCY_REF = {
    "type": ["string", "list"],
    "empty": False,
    "schema": LINE,
    "maxlength": LINE_MAX,
    "meta": {"mo_ta": "Mã cơ quan (vd: vhxh), danh sách mã, hoặc tên cơ quan đúng như in trong văn bản", "kieu": "co_quan"},
}
# What the plan says about one occurrence: on a task due once, these fields sit on the task
# itself; on a recurring task, under `ky`, one entry per occurrence.
STATUS_FIELDS: dict[str, Any] = {
    "trang_thai": {"type": "string", "allowed": list(TASK_STATUSES),
                   "meta": {"mo_ta": "Trạng thái: chua_thuc_hien | dang_thuc_hien | hoan_thanh"}},
    "ngay_hoan_thanh": {"type": "date", "meta": {"mo_ta": "Ngày hoàn thành (YYYY-MM-DD)"}},
    "ket_qua": text("Ghi chú ngắn về kết quả thực hiện"),
}

PERIODS = {
    "type": "dict",
    "empty": False,
    "meta": {"mo_ta": "Trạng thái theo từng kỳ của nhiệm vụ lặp lại, vd {\"2026-Q1\": {trang_thai: hoan_thanh, "
                      "ngay_hoan_thanh: 2026-03-02}}. Kỳ: 2026 (năm), 2026-H1 (6 tháng), 2026-Q1 (quý), "
                      "2026-03 (tháng), 2026-W05 (tuần)"},
    "keysrules": {"type": ["string", "integer"], "regex": KEY_PATTERN,
                  "meta": {"mau": "mã kỳ như \"2026\", \"2026-H1\", \"2026-Q1\", \"2026-03\", \"2026-W05\""}},
    "valuesrules": {"type": "dict", "schema": STATUS_FIELDS},
}

TASK_STYLES = ["muc", "phu_luc", "phu_luc_rieng"]


SUB_TASK = {
    "type": "dict",
    "schema": {
        "noi_dung": text("Nội dung phần việc (in '- <nội dung>')"),
        "chu_tri": {**AGENCY_REF, "meta": {**AGENCY_REF["meta"], "mo_ta": "Cơ quan chủ trì phần việc"}},
        "phoi_hop": {**AGENCY_REF, "meta": {**AGENCY_REF["meta"], "mo_ta": "Cơ quan phối hợp"}},
        "san_pham": text_or_lines("Sản phẩm; danh sách khi có nhiều phần", PARAGRAPH_MAX),
        "thoi_gian": line("Thời gian thực hiện, giữ nguyên cách viết"),
    },
    "required_fields": ["noi_dung", "chu_tri"],
}


TASK = {
    "type": "dict",
    "schema": {
        "noi_dung": text_or_lines("Nội dung nhiệm vụ; danh sách khi có nhiều dòng: dòng đầu là nhiệm vụ, "
                                  "các dòng sau in '- …' (trong cùng ô của bảng phụ lục)", limit=PARAGRAPH_MAX),
        "danh_so": {"type": "boolean",
                    "meta": {"mo_ta": "false: dòng không đánh số trong bảng phụ lục, tiếp nối nhóm (số thứ tự "
                                      "không tăng)"}},
        "ma": {"type": "string", "regex": r"^[a-z0-9][a-z0-9_.-]*$", "maxlength": CODE_MAX,
               "meta": {"mo_ta": "Mã ổn định của nhiệm vụ (chữ thường không dấu, số, '-', '_', '.')",
                        "mau": "chữ thường không dấu, số, '-', '_', '.' (vd 'tuyen-truyen')"}},
        "chu_tri": {**AGENCY_REF, "meta": {**AGENCY_REF["meta"], "mo_ta": "Cơ quan chủ trì"}},
        "phoi_hop": {**AGENCY_REF, "meta": {**AGENCY_REF["meta"], "mo_ta": "Cơ quan phối hợp"}},
        "san_pham": text_or_lines("Sản phẩm; danh sách khi có nhiều phần (in '+ ...')", PARAGRAPH_MAX),
        "thoi_gian": line("Thời gian thực hiện, giữ nguyên cách viết (vd 'Quý I/2026')"),
        "nhan_chu_tri": line("Nhãn riêng cho dòng chủ trì, vd 'Cơ quan chủ trì'"),
        "nhan_phoi_hop": line("Nhãn riêng cho dòng phối hợp, vd 'Cơ quan phối hợp, theo dõi'"),
        "phan_viec": {"type": "list", "schema": SUB_TASK, "empty": False,
                      "meta": {"mo_ta": "Các phần việc theo cấp (dòng con trong bảng phụ lục)"}},
        **STATUS_FIELDS,
        "ky": PERIODS,
    },
    "required_fields": ["noi_dung"],
}

GROUP = {
    "type": "dict",
    "schema": {
        "linh_vuc": line("Tên lĩnh vực (nhóm nhiệm vụ)"),
        "nhiem_vu": {"type": "list", "schema": TASK, "empty": False, "meta": {"mo_ta": "Các nhiệm vụ của lĩnh vực"}},
    },
    "required_fields": ["linh_vuc", "nhiem_vu"],
}


LABELS = {
    "type": "dict",
    "meta": {"mo_ta": "Nhãn các dòng của nhiệm vụ khi trình bày dạng mục"},
    "schema": {
        "chu_tri": line("Mặc định 'Cơ quan chủ trì thực hiện'"),
        "phoi_hop": line("Mặc định 'Cơ quan phối hợp'"),
        "san_pham": line("Mặc định 'Sản phẩm'"),
        "thoi_gian": line("Mặc định 'Thời gian thực hiện'"),
    },
}

PLAN_DOCUMENT_FIELDS: dict[str, Any] = {
    **{k: PLAN_DOCUMENT[k] for k in ("so", "ngay", "noi_nhan", "luu", "nguoi_ky", "trich_yeu", "kem_theo")},
    "trinh_bay_nhiem_vu": {"type": "string", "allowed": TASK_STYLES,
                           "meta": {"mo_ta": "muc: nhiệm vụ đánh số trong thân văn bản; phu_luc: bảng phụ lục "
                                             "cuối văn bản; phu_luc_rieng: danh mục nhiệm vụ là một văn bản riêng "
                                             "(không cần nhiem_vu_cu_the)"}},
    "danh_diem": PLAN_DOCUMENT["danh_diem"],
    "nhan": LABELS,
    **{k: PLAN_DOCUMENT[k] for k in ("mo_dau", "noi_dung", "ket_thuc", "chu_thich")},
    "phu_luc": {
        "type": "dict",
        "meta": {"mo_ta": "Phụ lục danh mục nhiệm vụ (khi trinh_bay_nhiem_vu: phu_luc hoặc phu_luc_rieng)"},
        "schema": {
            "nhan": text("Chữ trên tên phụ lục, mặc định 'PHỤ LỤC' (vd 'Phụ lục I')"),
            "tieu_de": text_or_lines("Tên phụ lục, IN HOA; danh sách nếu nhiều dòng"),
            "kem_theo": {
                "type": ["string", "dict", "boolean"],
                "empty": False,
                "maxlength": LINE_MAX,
                "meta": {"mo_ta": "Dòng '(Kèm theo ...)' dưới tên phụ lục: cả dòng; hoặc {mo_dau, cua, "
                                  "ngay_dang_so} (mặc định như dòng kèm theo của Kế hoạch, 'của' là cơ quan ban "
                                  "hành); false: không in"},
                "schema": {
                    "mo_dau": line("Mặc định 'Kèm theo Quyết định số' (hoặc 'Kèm theo Kế hoạch số')"),
                    "cua": line("Người/cơ quan ban hành văn bản, mặc định cơ quan ban hành kế hoạch"),
                    "ngay_dang_so": {"type": "boolean", "meta": {"mo_ta": "true: 'ngày 26/12/2025'"}},
                },
            },
            "dan_chieu": text("Câu dẫn chiếu trong thân Kế hoạch, mặc định 'Danh mục nhiệm vụ cụ thể tại "
                              "Phụ lục kèm theo Kế hoạch này.'"),
            "danh_so": {"type": "string", "allowed": ["lien_tuc", "theo_nhom"],
                        "meta": {"mo_ta": "lien_tuc: số thứ tự liền từ 1 đến hết (mặc định); theo_nhom: mỗi nhóm "
                                          "đánh lại từ 1"}},
            "dong_nhom": {"type": "string", "allowed": ["gop", "tach"],
                          "meta": {"mo_ta": "gop: dòng nhóm 'I. Tên lĩnh vực' gộp cả bảng (mặc định); tach: số La Mã "
                                            "ở cột TT, tên ở cột nội dung"}},
            "gach_phan_viec": {"type": "boolean",
                               "meta": {"mo_ta": "false: dòng phần việc không có '- ' ở đầu (mặc định true)"}},
            "cot": {
                "type": "dict",
                "meta": {"mo_ta": "Đổi tên cột bảng"},
                "schema": {k: line(f"Tên cột {k}") for k in
                           ("tt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian", "san_pham")},
            },
        },
    },
}

PLAN_FIELDS: dict[str, Any] = {
    **YEARS,
    "co_quan_ban_hanh": ISSUER,
    "co_quan": {
        "type": "dict",
        "empty": False,
        "meta": {"mo_ta": "Danh mục cơ quan: mã → tên", "kieu": "danh_muc_co_quan"},
        "keysrules": {"type": "string", "regex": r"^[a-z][a-z0-9_]*$", "maxlength": CODE_MAX,
                      "meta": {"mau": "chữ thường không dấu, số và '_', bắt đầu bằng chữ (vd 'vhxh')"}},
        "valuesrules": {
            "type": "dict",
            "schema": {
                "ten": line("Tên đầy đủ của cơ quan"),
                "ten_ngan": line("Tên ngắn, vd 'VHXH'"),
                "ten_khac": line_list("Các cách viết khác gặp trong văn bản"),
                "danh_muc_rieng": {"type": "boolean", "meta": {
                    "mo_ta": "Có trang Excel, danh mục phân công riêng không (mặc định: có, trừ nhóm chung "
                             "như 'Các cơ quan, đơn vị có liên quan')"}},
            },
            "required_fields": ["ten"],
        },
    },
    "quyet_dinh": DECISION,
    "ke_hoach": {
        "type": "dict",
        "meta": {"mo_ta": "Văn bản Kế hoạch"},
        "schema": PLAN_DOCUMENT_FIELDS,
        "required_fields": ["trich_yeu", "noi_dung"],
    },
    "nhiem_vu_cu_the": {"type": "list", "schema": GROUP, "empty": False,
                        "meta": {"mo_ta": "Nhiệm vụ cụ thể theo lĩnh vực (có thể bỏ khi "
                                          "trinh_bay_nhiem_vu: phu_luc_rieng)"}},
}

SCHEMA = Schema(PLAN_FIELDS, ("co_quan_ban_hanh", "co_quan", "ke_hoach"),
                {"khoi": block_json_schema()})
