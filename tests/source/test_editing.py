"""generator.yamledit: change task fields in place, leaving every other character alone."""

from __future__ import annotations

from datetime import date

import pytest

from generator.source.editing import EditError, FieldEdit, edit_tasks

PLAN = """\ufeff# đầu tệp
nhiem_vu_cu_the:
  - linh_vuc: "A"
    nhiem_vu:
      - noi_dung: "Một"    # chú thích
        chu_tri: vp
        thoi_gian: 'Quý I/2026'
        trang_thai: hoan_thanh   # xong
        ngay_hoan_thanh: 2026-03-01
        ket_qua: 'Đã làm'
      - noi_dung: "Hai"
        san_pham:
          - "Báo cáo"
          - "Kế hoạch"   # sản phẩm 2
        phan_viec:
          - noi_dung: "x"
            chu_tri: vp
"""


def test_replace_keeps_quoting_and_comments():
    out = edit_tasks(PLAN, [FieldEdit(0, 0, "ket_qua", "Đã làm 'xong'"), FieldEdit(0, 0, "trang_thai", "dang_thuc_hien"),
                            FieldEdit(0, 0, "ngay_hoan_thanh", None)])
    assert out.startswith("\ufeff# đầu tệp\n")
    assert "        trang_thai: dang_thuc_hien   # xong\n" in out
    assert "ngay_hoan_thanh" not in out
    assert "        ket_qua: 'Đã làm ''xong'''\n" in out


def test_new_keys_go_after_the_last_related_key_in_order():
    out = edit_tasks(PLAN, [FieldEdit(0, 1, "ket_qua", "Có: 2 báo cáo"), FieldEdit(0, 1, "trang_thai", "hoan_thanh"),
                            FieldEdit(0, 1, "ngay_hoan_thanh", date(2026, 5, 2))])
    assert ('          - "Kế hoạch"   # sản phẩm 2\n'
            "        trang_thai: hoan_thanh\n"
            "        ngay_hoan_thanh: 2026-05-02\n"
            '        ket_qua: "Có: 2 báo cáo"\n'
            "        phan_viec:\n") in out


def test_everything_else_is_unchanged():
    out = edit_tasks(PLAN, [FieldEdit(0, 1, "trang_thai", "dang_thuc_hien")])
    assert out.replace("        trang_thai: dang_thuc_hien\n", "", 1) == PLAN


def test_task_on_one_line_is_refused():
    text = 'nhiem_vu_cu_the:\n  - linh_vuc: "A"\n    nhiem_vu:\n      - {noi_dung: "x", chu_tri: vp}\n'
    with pytest.raises(EditError, match="viết trên một dòng"):
        edit_tasks(text, [FieldEdit(0, 0, "trang_thai", "hoan_thanh")])
