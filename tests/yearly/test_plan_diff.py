"""kehoach diff: what changed between two plan versions, by meaning (generator.yearly.changes)."""

from __future__ import annotations

import subprocess

import pytest
from helpers import ROOT
from ruamel.yaml.comments import CommentedMap

from generator.source.yaml_source import load_bytes, load_file
from generator.source.editing import edit_text
from generator.yearly.carryover import carry_over
from generator.yearly.changes import ADDED, CHANGED, MOVED, REMOVED, RENUMBERED, compare, mark_words, render_text

PLAN = ROOT / "plans" / "nam-do-son-2026.yaml"
TEXT = PLAN.read_text(encoding="utf-8")


def _task(content, when="Quý II/2026"):
    task = CommentedMap()
    task["noi_dung"], task["chu_tri"], task["san_pham"], task["thoi_gian"] = content, "vhxh", "Hội nghị.", when
    return task


def _edited(fn, text=TEXT):
    return load_bytes(edit_text(text, fn).encode("utf-8"), "moi.yaml")


def _changes(fn, text=TEXT):
    return compare(load_bytes(text.encode("utf-8"), "cu.yaml"), _edited(fn, text))


def test_a_task_inserted_in_the_middle_renumbers_the_others_without_changing_them():
    changes = _changes(lambda root: root["nhiem_vu_cu_the"][0]["nhiem_vu"].insert(2, _task("Tập huấn CCHC.")))
    assert [(t.kind, t.new.number) for t in changes.tasks if t.kind == ADDED] == [(ADDED, "1.3")]
    renumbered = [(t.old.number, t.new.number) for t in changes.tasks_of(RENUMBERED)]
    assert renumbered == [("1.3", "1.4"), ("1.4", "1.5"), ("1.5", "1.6")]
    assert not changes.tasks_of(CHANGED, REMOVED, MOVED)
    text = render_text(changes)
    assert "thêm 1, bỏ 0, sửa 0, chuyển 0, đánh số lại 3 nhiệm vụ" in text
    assert "đánh số lại (nội dung không đổi): 1.3 → 1.4, 1.4 → 1.5, 1.5 → 1.6" in text


def test_known_changes_are_each_reported_once():
    def edit(root):
        groups = root["nhiem_vu_cu_the"]
        groups[1]["nhiem_vu"][0]["thoi_gian"] = "Quý II/2026"
        first = groups[2]["nhiem_vu"][0]
        first["noi_dung"] = first["noi_dung"].replace("tổ chức thực hiện", "triển khai thực hiện")
        first["chu_tri"] = "vhxh"
        del groups[7]["nhiem_vu"][1]
        groups[0]["nhiem_vu"].append(groups[6]["nhiem_vu"].pop(7))
        root["co_quan"]["tyt"] = CommentedMap([("ten", "Trạm Y tế phường")])
        del root["co_quan"]["ttdvsnc"]
        root["quyet_dinh"]["nguoi_ky"]["ho_ten"] = "Nguyễn Văn Minh"
        root["quyet_dinh"]["noi_nhan"].append("Phòng Nội vụ")
        root["quyet_dinh"]["noi_nhan"].remove("Thường trực HĐND phường")
        points = root["ke_hoach"]["noi_dung"][0]["noi_dung"][0]["noi_dung"][0]["diem"]
        points[1] = points[1].replace("phục vụ tốt", "phục vụ ngày càng tốt hơn")
        root["ke_hoach"]["noi_dung"][4]["noi_dung"].append("Khuyến khích huy động nguồn lực xã hội hóa.")

    changes = _changes(edit)
    kinds = {(t.kind, (t.old or t.new).number) for t in changes.tasks if t.kind != RENUMBERED}
    assert kinds == {(CHANGED, "2.1"), (CHANGED, "3.1"), (REMOVED, "8.2"), (MOVED, "7.8")}
    by_number = {t.old.number: t for t in changes.tasks if t.old}
    assert [(f.label, f.old, f.new) for f in by_number["2.1"].fields] == [
        ("thời gian", "Thường xuyên trong năm.", "Quý II/2026")]
    fields = {f.label: f for f in by_number["3.1"].fields}
    assert set(fields) == {"nội dung", "chủ trì"}
    assert "[-tổ chức-]{+triển khai+}" in mark_words(fields["nội dung"].words)
    assert fields["chủ trì"].new == "Phòng Văn hóa - Xã hội"
    moved = by_number["7.8"]
    assert moved.moved_group and moved.new.number == "1.6" and not moved.fields
    assert changes.offices_added == [("tyt", "Trạm Y tế phường")]
    assert changes.offices_removed == [("ttdvsnc", "Trung tâm dịch vụ Sự nghiệp công")]
    assert [(f.label, f.old, f.new) for f in changes.fields] == [
        ("Quyết định, người ký, họ tên", "Hoàng Gia Đông", "Nguyễn Văn Minh")]
    (recipients,) = changes.lists
    assert recipients.label == "Quyết định, Nơi nhận"
    assert recipients.added == ("Phòng Nội vụ",) and recipients.removed == ("Thường trực HĐND phường",)
    paragraphs = [(p.section, p.kind) for p in changes.paragraphs]
    assert paragraphs == [("I. MỤC ĐÍCH, YÊU CẦU", CHANGED), ("V. KINH PHÍ", ADDED)]
    text = render_text(changes)
    assert "nhằm phục vụ {+ngày càng+} tốt {+hơn+} lợi ích" in text
    assert "chuyển từ lĩnh vực “Xây dựng và phát triển chính quyền điện tử, chính quyền số” sang " \
           "“Công tác chỉ đạo, điều hành, tuyên truyền CCHC”" in text
    markdown = render_text(changes, markdown=True)
    assert "~~tổ chức~~**triển khai**" in markdown and markdown.startswith("### So sánh")


def test_tasks_are_matched_by_their_code_first():
    def coded(root):
        for i, task in enumerate(root["nhiem_vu_cu_the"][0]["nhiem_vu"]):
            task["ma"] = f"cd-{i + 1}"

    base = edit_text(TEXT, coded)

    def rewrite(root):
        tasks = root["nhiem_vu_cu_the"][0]["nhiem_vu"]
        tasks[0]["noi_dung"] = "Một nội dung viết lại hoàn toàn khác."
        tasks[1]["ma"] = "cd-moi"  # another code: another task, however similar its text

    changes = _changes(rewrite, base)
    assert {(t.kind, (t.old or t.new).number) for t in changes.tasks} == {(CHANGED, "1.1"), (ADDED, "1.2"),
                                                                         (REMOVED, "1.2")}


def test_a_plan_and_its_next_year_successor_differ_by_one_summarised_line():
    new = carry_over(PLAN.read_bytes(), str(PLAN), year=2027)
    changes = compare(load_file(str(PLAN)), load_bytes(new.text.encode("utf-8"), "nam-do-son-2027.yaml"))
    text = render_text(changes)
    assert not changes.tasks and not changes.paragraphs and not changes.fields
    assert text.splitlines() == [
        f"So sánh {PLAN} → nam-do-son-2027.yaml",
        "Năm kế hoạch 2026 → 2027; 50 đoạn chỉ khác ở năm, đã chuyển theo năm mới (không liệt kê).",
    ]


def test_exit_status_like_diff(kehoach, tmp_path):
    same = kehoach("diff", PLAN, PLAN)
    assert same.code == 0 and "Không có thay đổi nào về nội dung." in same.out
    other = tmp_path / "moi.yaml"
    other.write_text(TEXT.replace("Quý III/2026.", "Quý IV/2026.", 1), encoding="utf-8")
    different = kehoach("diff", PLAN, other)
    assert different.code == 1 and "thời gian: “Quý III/2026.” → “Quý IV/2026.”" in different.out
    missing = kehoach("diff", PLAN, tmp_path / "khong-co.yaml")
    assert missing.code == 2 and "khong-co.yaml: lỗi: Không tìm thấy tệp." in missing.err and not missing.out
    broken = tmp_path / "hong.yaml"
    broken.write_text("nam: 2026\nke_hoach: [\n", encoding="utf-8")
    r = kehoach("diff", broken, PLAN)
    assert r.code == 2 and "hong.yaml:" in r.err and "Traceback" not in r.err


def _git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "vhxh@example.vn")
    _git(tmp_path, "config", "user.name", "VHXH")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "nam-do-son-2026.yaml").write_text(TEXT, encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "Kế hoạch 2026")
    return tmp_path


def test_either_side_may_be_read_from_a_git_revision(kehoach, repo, monkeypatch):
    monkeypatch.chdir(repo)
    plan = repo / "plans" / "nam-do-son-2026.yaml"
    plan.write_text(TEXT.replace("Chậm nhất là ngày 31/01/2026.", "Chậm nhất là ngày 15/02/2026."), encoding="utf-8")
    _git(repo, "commit", "-qam", "Đổi hạn 2.4")
    r = kehoach("diff", "HEAD~1:plans/nam-do-son-2026.yaml", "HEAD:plans/nam-do-son-2026.yaml")
    assert r.code == 1, r.err
    assert r.out.startswith("So sánh HEAD~1:plans/nam-do-son-2026.yaml → HEAD:plans/nam-do-son-2026.yaml")
    assert "sửa 2.4" in r.out and "“Chậm nhất là ngày 31/01/2026.” → “Chậm nhất là ngày 15/02/2026.”" in r.out
    assert kehoach("diff", "HEAD:plans/nam-do-son-2026.yaml", "plans/nam-do-son-2026.yaml").code == 0
    bad = kehoach("diff", "HEAD~7:plans/nam-do-son-2026.yaml", "plans/nam-do-son-2026.yaml")
    assert bad.code == 2 and "Không đọc được từ git" in bad.err and "PHIÊN_BẢN:đường/dẫn" in bad.err
