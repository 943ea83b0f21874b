"""The command line as users meet it: Vietnamese help, quick start-up, one line for a file of the wrong kind."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import ROOT

from generator.cli import COMMANDS

ENGLISH = ("usage:", "positional arguments", "options:", "show this help message", "error:")
HEAVY = ("docx", "docxtpl", "jinja2", "lxml", "openpyxl", "rich", "tqdm", "icalendar", "multiprocessing")


def run_help(*argv: str) -> str:
    result = subprocess.run([sys.executable, "-m", "generator", *argv], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("command", [c for c, (_, summary) in COMMANDS.items() if summary])
def test_every_command_explains_itself_in_vietnamese(command):
    text = run_help(command, "--help")
    assert text.startswith(f"cách dùng: kehoach {command}")
    assert "tùy chọn:" in text and "hiện trợ giúp này rồi thoát" in text
    assert not [w for w in ENGLISH if w in text]
    # every option and argument has its own Vietnamese help line
    described = [line for line in text.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert described and all(len(line.split(None, 1)) == 2 or line.strip().startswith("-") for line in described)


def test_the_list_of_commands_names_each_with_its_purpose():
    text = run_help("--help")
    assert text.startswith("cách dùng: kehoach")
    for command, (_, summary) in COMMANDS.items():
        if summary:  # the helpers git calls are left out
            assert command in text and summary[:30] in text
        else:
            assert f"    {command} " not in text


def loaded_after(*argv: str) -> list[str]:
    code = ("import sys, runpy; sys.argv = ['kehoach', *%r]\n"
            "try:\n    runpy.run_module('generator', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "import json; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code % (list(argv),)], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_help_loads_no_library_at_all():
    loaded = loaded_after("--help")
    assert [m for m in HEAVY + ("yaml", "cerberus") if m in loaded] == []


def test_validate_loads_only_the_readers():
    loaded = loaded_after("validate", str(ROOT / "plans" / "nam-do-son-2026.yaml"))
    assert "yaml" in loaded and "cerberus" in loaded
    assert [m for m in HEAVY if m in loaded] == []


@pytest.mark.parametrize("argv, kind, use", [
    (("build", "reports/nam-do-son-2026.yaml"), "báo cáo phục vụ kiểm tra", "kehoach report reports/nam-do-son-2026.yaml"),
    (("tasks", "plans/kiem-tra-cchc-2026.yaml"), "kế hoạch kiểm tra", "kehoach build plans/kiem-tra-cchc-2026.yaml"),
    (("report", "plans/nam-do-son-2026.yaml"), "kế hoạch CCHC", "kehoach build plans/nam-do-son-2026.yaml"),
    (("tien-do", "templates/de-cuong/kiem-tra-cchc-2026.yaml", "--ky", "quy-1"), "đề cương báo cáo",
     "kehoach outline --de-cuong templates/de-cuong/kiem-tra-cchc-2026.yaml"),
])
def test_a_file_of_another_kind_gets_one_line_naming_the_right_command(argv, kind, use, tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", *argv, "-o", str(tmp_path / "out")]
                            if argv[0] != "tasks" else [sys.executable, "-m", "generator", *argv],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{argv[1]}: lỗi: Đây là tệp {kind}")
    assert f"Dùng: {use}" in lines[0]
    assert not (tmp_path / "out").exists()


def test_an_unknown_loai_is_named(kehoach, tmp_path):
    plan = tmp_path / "x.yaml"
    plan.write_text("loai: ke_hoach_nam\nnam: 2026\n", encoding="utf-8")
    result = kehoach("validate", plan)
    assert result.code == 2
    assert f"{plan}:1: lỗi [loai]: Loại tệp 'ke_hoach_nam' không có: chọn một trong kiem_tra, de_cuong, bao_cao" \
        in result.err
