"""generator.source.editing: one round-trip edit mechanism for every YAML file a user owns."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

from generator.source.editing import EditError, FieldEdit, delete_key, edit_file, edit_tasks, edit_text, set_value

BUNDLED = sorted((ROOT / "plans").glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures" / "plans").glob("*.yaml"))


def _set_year(year):
    def edit(root):
        root["nam" if "nam" in root else "giai_doan"] = year if "nam" in root else {"tu": year, "den": year + 4}
    return edit


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_plans_and_a_bom_crlf_copy_round_trip_byte_identically(path):
    raw = path.read_bytes()
    for text in (raw.decode("utf-8"), "\ufeff" + raw.decode("utf-8").replace("\n", "\r\n")):
        assert edit_text(text, lambda root: None) == text
        if "nam" not in yaml.safe_load(text.lstrip("\ufeff")):
            continue
        there = edit_text(text, _set_year(2031))
        changed = [(a, b) for a, b in zip(text.splitlines(True), there.splitlines(True)) if a != b]
        assert changed == [(ln, ln.replace("2026", "2031")) for ln in text.splitlines(True) if ln.startswith("nam:")]
        assert edit_text(there, _set_year(2026)) == text  # and back: byte for byte


def test_only_the_edited_line_changes_in_a_file_ruamel_would_reformat():
    # unindented lists, extra spaces in a flow list, an unused anchor, a trailing space
    text = ("nam: 2026   \n"
            "co_quan: {vp: {ten: 'Văn phòng'}}\n"
            "ke_hoach:\n"
            "  noi_nhan: [ \"A\" ,\"B\" ]\n"
            "  can_cu: &cc\n"
            "  - Căn cứ một\n"
            "nhiem_vu_cu_the:\n"
            "- linh_vuc: A\n"
            "  nhiem_vu:\n"
            "  - noi_dung: Một\n"
            "    thoi_gian: Quý I/2026\n")
    out = edit_tasks(text, [FieldEdit(0, 0, "trang_thai", "hoan_thanh")])
    assert out == text + "    trang_thai: hoan_thanh\n"


@pytest.mark.parametrize("value", ["... đang tổng hợp", "yes", "no", "10:30", "012", "- một", "#1", "a: b",
                                   "", " cách ", "null", "~", "2026-05-02", "[x]", "Đã làm 'xong'", 'nói "có"',
                                   "@x", "%y", "!z", "*w", "&v", "|", ">", "100%", "3.5", "1e3", ".inf"])
def test_a_typed_value_reads_back_as_the_same_text(value):
    text = "nhiem_vu_cu_the:\n  - linh_vuc: A\n    nhiem_vu:\n      - noi_dung: Một\n        ket_qua: cũ\n"
    out = edit_tasks(text, [FieldEdit(0, 0, "ket_qua", value)])
    assert yaml.safe_load(out)["nhiem_vu_cu_the"][0]["nhiem_vu"][0]["ket_qua"] == value
    new = edit_tasks(text.replace("        ket_qua: cũ\n", ""), [FieldEdit(0, 0, "ket_qua", value)])
    assert yaml.safe_load(new)["nhiem_vu_cu_the"][0]["nhiem_vu"][0]["ket_qua"] == value


def test_deleting_and_inserting_keys_keep_the_comment_lines_after_them():
    text = ("nhiem_vu_cu_the:\n  - linh_vuc: A\n    nhiem_vu:\n"
            "      # 1.1\n      - noi_dung: Một\n        thoi_gian: Quý I/2026\n        trang_thai: hoan_thanh  # xong\n"
            "\n      # 1.2\n      - noi_dung: Hai\n        thoi_gian: Quý II/2026\n      # 1.3\n      - noi_dung: Ba\n")

    def edit(root):
        tasks = root["nhiem_vu_cu_the"][0]["nhiem_vu"]
        delete_key(tasks[0], "trang_thai")
        set_value(tasks[1], "ket_qua", "Đã xong: 2 văn bản", after=["thoi_gian"])

    out = edit_text(text, edit)
    assert out == ("nhiem_vu_cu_the:\n  - linh_vuc: A\n    nhiem_vu:\n"
                   "      # 1.1\n      - noi_dung: Một\n        thoi_gian: Quý I/2026\n"
                   "\n      # 1.2\n      - noi_dung: Hai\n        thoi_gian: Quý II/2026\n"
                   '        ket_qua: "Đã xong: 2 văn bản"\n      # 1.3\n      - noi_dung: Ba\n')


def test_a_replaced_value_keeps_its_quotes_and_the_space_before_its_comment():
    text = "a: 'Quý I/2026'   # hạn\nb: \"x\"\nc: plain\n"

    def edit(root):
        root["a"], root["b"], root["c"] = "Quý I/2027 (theo hướng dẫn)", "y: z", "also plain"

    assert edit_text(text, edit) == "a: 'Quý I/2027 (theo hướng dẫn)'   # hạn\nb: \"y: z\"\nc: also plain\n"


def test_crlf_and_bom_are_kept_on_new_lines():
    text = "\ufeffnhiem_vu_cu_the:\r\n  - linh_vuc: A\r\n    nhiem_vu:\r\n      - noi_dung: Một\r\n"
    out = edit_tasks(text, [FieldEdit(0, 0, "ngay_hoan_thanh", date(2026, 5, 2))])
    assert out == text + "        ngay_hoan_thanh: 2026-05-02\r\n"


def test_a_file_that_is_not_yaml_is_refused():
    with pytest.raises(EditError):
        edit_text("a: [1, 2\n", lambda root: None)


# --- edit_file ----------------------------------------------------------------------------------

PLAN = "nam: 2026\nnhiem_vu_cu_the:\n  - linh_vuc: A\n    nhiem_vu:\n      - noi_dung: Một\n"


def _done(root):
    set_value(root["nhiem_vu_cu_the"][0]["nhiem_vu"][0], "trang_thai", "hoan_thanh")


def test_edit_file_writes_through_a_symlink_and_keeps_the_link(tmp_path):
    real = tmp_path / "real" / "ke-hoach.yaml"
    real.parent.mkdir()
    real.write_text(PLAN, encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    result = edit_file(link, _done)
    assert result.written and result.path == real
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "trang_thai: hoan_thanh" in real.read_text(encoding="utf-8")
    assert real.stat().st_mode & 0o777 == 0o640
    assert not [p for p in real.parent.iterdir() if p.name != "ke-hoach.yaml"]  # no temporary file left


def test_edit_file_keeps_hard_links_together(tmp_path):
    one = tmp_path / "a.yaml"
    one.write_text(PLAN, encoding="utf-8")
    two = tmp_path / "b.yaml"
    os.link(one, two)
    edit_file(one, _done)
    assert os.path.samefile(one, two)
    assert "trang_thai: hoan_thanh" in two.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_edit_file_writes_nothing_when_validation_refuses_or_on_preview(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(PLAN, encoding="utf-8")

    def refuse(data):
        raise ValueError("không hợp lệ")

    with pytest.raises(ValueError):
        edit_file(path, _done, validate=refuse)
    assert path.read_text(encoding="utf-8") == PLAN
    preview = edit_file(path, _done, write=False)
    assert preview.changed and not preview.written and path.read_text(encoding="utf-8") == PLAN
    with pytest.raises(EditError, match="đã bị thay đổi"):
        edit_file(path, _done, expected=b"nam: 2025\n")
    assert path.read_text(encoding="utf-8") == PLAN


WORKER = """
import sys
from generator.source.editing import edit_file, set_value

def bump(root):
    set_value(root, "dem", int(root.get("dem", 0)) + 1)

for _ in range(int(sys.argv[2])):
    edit_file(sys.argv[1], bump)
"""


def test_two_processes_editing_at_once_lose_no_edit(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("# bộ đếm\nnam: 2026\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), "25"], env=env) for _ in range(2)]
    assert [p.wait(timeout=120) for p in runs] == [0, 0]
    assert path.read_text(encoding="utf-8") == "# bộ đếm\nnam: 2026\ndem: 50\n"


def test_edit_file_reports_a_missing_file(tmp_path):
    with pytest.raises(EditError, match="Không tìm thấy tệp"):
        edit_file(tmp_path / "khong-co.yaml", _done)
    assert not list(Path(tmp_path).iterdir())
