"""What kehoach prints on a terminal is printed literally: Rich markup in plan text stays
text, no link is made, and control characters or bidirectional overrides (in file names,
say) are shown as escapes instead of reaching the terminal."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import CORPUS, ROOT

from generator.source.text import printable

BASE = (CORPUS / "_hop-le.yaml").read_text(encoding="utf-8")
MARKUP = "Kiểm tra [/b] [a] [i] [link=file:///etc/passwd]bấm[/link] [bold red]đỏ[/] :smile:"


def plan_with(tmp_path, text: str, name: str = "ke-hoach.yaml"):
    path = tmp_path / name
    path.write_text(BASE.replace("Kiểm tra công tác cải cách hành chính.", text), encoding="utf-8")
    return path


def test_rich_markup_in_plan_text_prints_as_written(kehoach, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # one line per task
    result = kehoach("tasks", plan_with(tmp_path, MARKUP), "--ngay", "2026-06-30")
    assert result.code == 0, result.err
    assert MARKUP in result.out  # "[/b]" did not end the command, "[a]" and "[i]" did not vanish


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_on_a_terminal_no_link_is_made_and_no_markup_is_read(tmp_path):
    """Run under a pseudo-terminal (colours on): the only escape sequences are kehoach's own colours."""
    import pty

    plan = plan_with(tmp_path, MARKUP)
    main, child = pty.openpty()
    done = subprocess.run([sys.executable, "-m", "generator", "tasks", str(plan), "--ngay", "2026-06-30"], cwd=ROOT,
                          stdin=child, stdout=child, stderr=child, env={**os.environ, "COLUMNS": "160"}, timeout=60)
    os.close(child)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    text = out.decode("utf-8", errors="replace")
    assert done.returncode == 0, text
    assert "\x1b]8;" not in text, "no OSC 8 hyperlink"
    assert "[link=file:///etc/passwd]" in text and "[bold red]" in text


@pytest.mark.parametrize(("raw", "shown"), [
    ("x\x1b[31mđỏ", "x\\x1b[31mđỏ"),
    ("a\u202eb", "a\\u202eb"),
    ("a\rb", "a\\x0db"),
    ("a\x9bb", "a\\x9bb"),
    ("a\udcffb", "a\\udcffb"),
    ("dòng\nmới\tvà tab", "dòng\nmới\tvà tab"),
    ("Văn bản thường", "Văn bản thường"),
])
def test_unprintable_characters_are_escaped(raw, shown):
    assert printable(raw) == shown


def test_file_names_with_control_characters_are_escaped_in_every_message(kehoach, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    name = "ke\x1b[2Jhoach\u202e.yaml"
    plan = plan_with(tmp_path, "Kiểm tra.", name)
    result = kehoach("validate", plan)
    assert result.code == 0
    assert "\x1b" not in result.out and "\u202e" not in result.out
    assert "ke\\x1b[2Jhoach\\u202e.yaml: hợp lệ" in result.out
    result = kehoach("tasks", plan, "--ngay", "2026-06-30")
    assert "\x1b" not in result.out and "ke\\x1b[2Jhoach\\u202e.yaml: 2/2 nhiệm vụ" in result.out
    broken = tmp_path / "sai\x1b]0;tieu-de\x07.yaml"
    broken.write_text("nam: hai nghìn\n", encoding="utf-8")
    result = kehoach("validate", broken)
    assert result.code == 2
    assert "\x1b" not in result.err and "\x07" not in result.err and "sai\\x1b]0;tieu-de\\x07.yaml:1: lỗi" in result.err


@pytest.mark.parametrize("command", [["tasks", "plans/hai-phong-2026.yaml"], ["schema"]])
def test_a_reader_that_leaves_early_ends_kehoach_quietly(command):
    """`kehoach tasks … | head -3`: no "internal error", no traceback; exit 141 as a SIGPIPE would give."""
    run = subprocess.Popen([sys.executable, "-m", "generator", *command], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    run.stdout.close()   # gone before the first line: every write fails
    err = run.stderr.read().decode()
    assert run.wait(timeout=60) == 141
    assert err == ""
