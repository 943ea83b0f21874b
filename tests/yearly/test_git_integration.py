"""kehoach git-setup: readable git diffs of .docx and plans, and a check before each commit."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml
from docx import Document
from helpers import ROOT

from generator.yearly.gitsetup import docx_text

PLAN_TEXT = (ROOT / "plans" / "nam-do-son-2026.yaml").read_text(encoding="utf-8")


def git(repo, *args, check=True):
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def repo(tmp_path, kehoach, monkeypatch):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "vhxh@example.vn")
    git(tmp_path, "config", "user.name", "VHXH")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "nam-do-son-2026.yaml").write_text(PLAN_TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = kehoach("git-setup")
    assert r.code == 0, r.err
    return tmp_path


def test_setup_configures_once_and_says_what(repo, kehoach):
    config = git(repo, "config", "--local", "--list").stdout
    assert "diff.kehoach-docx.textconv=" in config and "-m generator docx-text" in config
    assert "diff.kehoach-yaml.command=" in config and "-m generator diff --git" in config
    attributes = (repo / ".gitattributes").read_text(encoding="utf-8")
    assert "*.docx diff=kehoach-docx\n*.yaml diff=kehoach-yaml\n*.yml diff=kehoach-yaml\n" in attributes
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK) and "kiem-tra-git" in hook.read_text(encoding="utf-8")
    again = kehoach("git-setup")
    assert again.code == 0
    assert [line.split(":")[0] for line in again.out.splitlines()[:5]] == ["đã có"] * 5
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == attributes


def test_setup_outside_a_repository_is_refused(kehoach, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = kehoach("git-setup")
    assert r.code == 2 and "không phải thư mục của một kho git" in r.err


def test_setup_leaves_another_pre_commit_hook_alone(kehoach, tmp_path, monkeypatch):
    git(tmp_path, "init", "-q")
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nmake lint\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = kehoach("git-setup")
    assert r.code == 0 and "bỏ qua" in r.out and "kiem-tra-git" in r.out
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\nmake lint\n"


def test_git_diff_of_a_generated_docx_shows_the_changed_word(repo, kehoach):
    assert kehoach("build", "plans/nam-do-son-2026.yaml").code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Kế hoạch 2026")
    plan = repo / "plans" / "nam-do-son-2026.yaml"
    plan.write_text(PLAN_TEXT.replace("Tuyên truyền CCHC năm 2026 trên địa bàn",
                                      "Tuyên truyền CCHC năm 2026 trên toàn địa bàn")
                    .replace("tuyên truyền CCHC năm 2026 trên địa bàn", "tuyên truyền CCHC năm 2026 trên toàn địa bàn"),
                    encoding="utf-8")
    assert kehoach("build", "plans/nam-do-son-2026.yaml").code == 0
    diff = git(repo, "diff", "--", "outputs/nam-do-son-2026/ke-hoach.docx").stdout
    assert "-1.1. Xây dựng ban hành Kế hoạch tuyên truyền CCHC năm 2026 trên địa bàn phường." in diff
    assert "+1.1. Xây dựng ban hành Kế hoạch tuyên truyền CCHC năm 2026 trên toàn địa bàn phường." in diff
    assert "Binary files" not in diff
    git(repo, "commit", "-qam", "Thêm chữ toàn")
    log = git(repo, "log", "-p", "-1", "--", "outputs/nam-do-son-2026/ke-hoach.docx").stdout
    assert "trên toàn địa bàn phường." in log
    yaml_diff = git(repo, "diff", "HEAD~1", "--", "plans/nam-do-son-2026.yaml").stdout
    assert "sửa 1.1" in yaml_diff and "trên {+toàn+} địa bàn phường." in yaml_diff
    # unchanged plans build to the same bytes: committing outputs makes no noise
    assert kehoach("build", "plans/nam-do-son-2026.yaml").code == 0
    assert git(repo, "status", "--porcelain").stdout == ""


def test_a_yaml_file_that_is_no_plan_still_gets_a_line_diff(repo):
    other = repo / "ghi-chu.yaml"
    other.write_text("- a\n- b\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "x", "--no-verify")
    other.write_text("- a\n- c\n", encoding="utf-8")
    diff = git(repo, "diff").stdout
    assert "-- b\n" in diff and "+- c\n" in diff


def test_the_pre_commit_hook_refuses_a_broken_plan_with_located_messages(repo):
    plan = repo / "plans" / "nam-do-son-2026.yaml"
    plan.write_text(PLAN_TEXT.replace("        chu_tri: vhxh\n", "        chu_tri: vhx\n", 1), encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")  # not a plan: ignored
    git(repo, "add", "-A")
    refused = git(repo, "commit", "-qm", "hỏng", check=False)
    assert refused.returncode != 0
    assert "plans/nam-do-son-2026.yaml:204: lỗi [nhiem_vu_cu_the[0].nhiem_vu[0].chu_tri]" in refused.stderr
    assert "commit bị dừng" in refused.stderr
    assert git(repo, "rev-parse", "--verify", "HEAD", check=False).returncode != 0  # nothing committed
    # the staged content counts, not the working file
    plan.write_text(PLAN_TEXT, encoding="utf-8")
    assert git(repo, "commit", "-qm", "hỏng", check=False).returncode != 0
    git(repo, "add", "-A")
    ok = git(repo, "commit", "-qm", "Kế hoạch 2026")
    assert "kehoach: 1 tệp kế hoạch, báo cáo hợp lệ." in ok.stdout + ok.stderr  # git shows hooks on stderr


def test_the_pre_commit_framework_hook(kehoach, tmp_path):
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "kehoach-kiem-tra" and hook["entry"] == "kehoach kiem-tra-git"
    assert hook["language"] == "python" and hook["files"] == r"\.ya?ml$"
    good = ROOT / "plans" / "nam-do-son-2026.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text("nam: 2026\nco_quan_ban_hanh: {ten: x}\n", encoding="utf-8")
    other = tmp_path / "config.yaml"
    other.write_text("repos: []\n", encoding="utf-8")
    r = kehoach(*hook["entry"].split()[1:], good, other)
    assert r.code == 0 and "1 tệp kế hoạch, báo cáo hợp lệ" in r.out
    r = kehoach(*hook["entry"].split()[1:], good, bad)
    assert r.code == 2 and "bad.yaml" in r.err and "1/2 tệp có lỗi" in r.err


def test_docx_text_writes_list_numbers_and_table_rows(tmp_path):
    doc = Document()
    doc.add_paragraph("Mở đầu")
    doc.add_paragraph("Thứ nhất", style="List Number")
    doc.add_paragraph("Thứ hai", style="List Number")
    doc.add_paragraph("Một ý", style="List Bullet")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "TT", "Nội dung"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "Việc một"
    path = tmp_path / "x.docx"
    doc.save(path)
    assert docx_text(path.read_bytes()).splitlines() == [
        "Mở đầu", "1. Thứ nhất", "2. Thứ hai", "- Một ý", "| TT | Nội dung |", "| 1 | Việc một |"]
    assert docx_text(b"not a zip").startswith("(không đọc được tệp Word")
