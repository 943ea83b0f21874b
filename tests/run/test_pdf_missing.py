"""`--pdf` on a machine without a converter, or without Vietnamese-capable Times fonts.

Real conditions, not mocks: LibreOffice is hidden by running kehoach with a PATH that
does not contain it; the font set is narrowed with a fontconfig configuration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from generator.run import pdf

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="trên Windows/macOS, Word cũng là bộ chuyển đổi")


def _run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    full_env.pop("KEHOACH_SOFFICE", None)
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          env=full_env, cwd=ROOT, timeout=300)


@linux_only
def test_without_a_converter_the_docx_are_written_and_the_message_says_what_to_install(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    out = tmp_path / "out"
    plans = [ROOT / "plans" / "nam-do-son-2026.yaml", ROOT / "plans" / "hai-phong-2026.yaml"]
    run = _run_cli(["build", *map(str, plans), "-o", str(out), "--pdf"], {"PATH": str(empty)})
    assert run.returncode == 1
    for stem in ("nam-do-son-2026", "hai-phong-2026"):
        assert sorted(p.name for p in (out / stem).glob("*.docx")) == ["ke-hoach.docx", "quyet-dinh.docx"]
    assert list(out.rglob("*.pdf")) == []
    assert "Không tạo được PDF" in run.stderr
    assert "apt-get install libreoffice-writer-nogui fonts-liberation2" in run.stderr
    assert run.stderr.count("Không tạo được PDF") == 1  # said once for the batch, not per plan
    assert "Traceback" not in run.stderr


LIBERATION_1 = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")


@linux_only
@pytest.mark.skipif(not (LIBERATION_1.exists() and shutil.which("fc-list")),
                    reason="cần fonts-liberation (bản 1) và fontconfig")
def test_liberation_1_alone_is_reported_as_lacking_vietnamese_letters(tmp_path, monkeypatch):
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{LIBERATION_1.parent}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    warning = pdf.vietnamese_font_problem()
    assert warning is not None and "fonts-liberation2" in warning
    monkeypatch.delenv("FONTCONFIG_FILE")
    if Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf").exists():
        assert pdf.vietnamese_font_problem() is None
