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


# --- ids and statuses per occurrence (ky) ---------------------------------------------------

RECURRING = """nhiem_vu_cu_the:
  - linh_vuc: "A"
    nhiem_vu:
      - noi_dung: >-
          Báo cáo quý,
          gửi Sở Nội vụ.
        chu_tri: vp
        thoi_gian: "Hằng quý"   # định kỳ
      - noi_dung: "Hằng năm"
        thoi_gian: "Hằng năm"
        ky:
          2026:
            trang_thai: hoan_thanh   # xong
          "2028":
            trang_thai: dang_thuc_hien
      - noi_dung: "Hằng tháng"
        thoi_gian: "Hằng tháng"
        ky: {"2026-01": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-01-19}}
"""


def test_a_status_of_one_occurrence_creates_ky():
    out = edit_tasks(RECURRING, [FieldEdit(0, 0, "trang_thai", "hoan_thanh", "2026-Q1"),
                                 FieldEdit(0, 0, "ngay_hoan_thanh", date(2026, 3, 2), "2026-Q1"),
                                 FieldEdit(0, 0, "trang_thai", "dang_thuc_hien", "2026-Q2")])
    assert ('        thoi_gian: "Hằng quý"   # định kỳ\n'
            "        ky:\n"
            '          "2026-Q1": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-03-02}\n'
            '          "2026-Q2": {trang_thai: dang_thuc_hien}\n'
            '      - noi_dung: "Hằng năm"\n') in out


def test_entries_written_one_field_a_line_stay_so_and_in_order():
    out = edit_tasks(RECURRING, [FieldEdit(0, 1, "trang_thai", "hoan_thanh", "2027"),
                                 FieldEdit(0, 1, "ket_qua", "Đạt 92 điểm", "2026")])
    assert ("          2026:\n"
            "            trang_thai: hoan_thanh   # xong\n"
            '            ket_qua: "Đạt 92 điểm"\n'
            '          "2027":\n'
            "            trang_thai: hoan_thanh\n"
            '          "2028":\n') in out


def test_a_ky_written_on_one_line_is_edited_on_that_line():
    out = edit_tasks(RECURRING, [FieldEdit(0, 2, "ngay_hoan_thanh", date(2026, 1, 20), "2026-01"),
                                 FieldEdit(0, 2, "trang_thai", "hoan_thanh", "2026-02")])
    assert ('        ky: {"2026-01": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-01-20}, '
            '"2026-02": {trang_thai: hoan_thanh}}\n') in out
    out = edit_tasks(RECURRING, [FieldEdit(0, 2, "ngay_hoan_thanh", None, "2026-01"),
                                 FieldEdit(0, 2, "ket_qua", "Xong", "2026-01")])
    assert '        ky: {"2026-01": {trang_thai: hoan_thanh, ket_qua: "Xong"}}\n' in out


def test_an_id_goes_right_after_the_content_even_when_it_spans_lines():
    out = edit_tasks(RECURRING, [FieldEdit(0, 0, "ma", "bao-cao-quy"), FieldEdit(0, 1, "ma", "2026")])
    assert ("          gửi Sở Nội vụ.\n"
            "        ma: bao-cao-quy\n"
            "        chu_tri: vp\n") in out
    assert '      - noi_dung: "Hằng năm"\n        ma: "2026"\n' in out   # a number-like id stays text


def test_occurrence_edits_keep_crlf():
    text = RECURRING.replace("\n", "\r\n")
    out = edit_tasks(text, [FieldEdit(0, 0, "trang_thai", "hoan_thanh", "2026-Q1")])
    assert '\r\n        ky:\r\n          "2026-Q1": {trang_thai: hoan_thanh}\r\n' in out
    assert out.count("\n") == out.count("\r\n")
