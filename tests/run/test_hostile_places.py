"""The place to write is the user's environment: a read-only or full disk, ``-o`` naming a
file, a manifest that is a folder, a FIFO or 300 MB are told by path (exit 2), and a plan's
files are written all or none. Output folder names are safe and distinct."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest
from docx import Document
from helpers import CORPUS

from generator.errors import OutputUnwritable
from generator.run import outputs
from generator.run.outputs import MANIFEST, Output, folder_name, write_all

PLAN = CORPUS / "_hop-le.yaml"


def test_a_full_disk_leaves_neither_document(kehoach, tmp_path, monkeypatch):
    """quyet-dinh.docx is staged; writing ke-hoach.docx fails with ENOSPC: nothing may appear."""
    real_stage = outputs._stage

    def stage(path: Path, data: bytes) -> str:
        if path.name == "ke-hoach.docx":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_stage(path, data)

    monkeypatch.setattr(outputs, "_stage", stage)
    result = kehoach("build", PLAN, "-o", tmp_path / "ra")
    assert result.code == 2, result.err
    assert f"Không ghi được {tmp_path / 'ra' / '_hop-le' / 'ke-hoach.docx'}: ổ đĩa đã đầy. Không tệp nào được ghi" \
        in result.err
    assert "Lỗi nội bộ" not in result.err
    assert not (tmp_path / "ra").exists(), "the folders made for the set are removed too"


def test_a_full_disk_keeps_the_previous_documents(kehoach, tmp_path, monkeypatch):
    assert kehoach("build", PLAN, "-o", tmp_path / "ra").code == 0
    folder = tmp_path / "ra" / "_hop-le"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    changed = PLAN.read_text(encoding="utf-8").replace("Nâng cao hiệu quả phục vụ.", "Nâng cao chất lượng.")
    plan = tmp_path / "_hop-le.yaml"
    plan.write_text(changed, encoding="utf-8")
    real_stage = outputs._stage
    monkeypatch.setattr(outputs, "_stage", lambda p, d: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
                        if p.name == MANIFEST else real_stage(p, d))
    result = kehoach("build", plan, "-o", tmp_path / "ra")
    assert result.code == 2
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert "Nâng cao hiệu quả phục vụ." in "\n".join(p.text for p in Document(str(folder / "ke-hoach.docx")).paragraphs)


def _small_disk(path: Path, size_kib: int) -> bool:
    if os.geteuid() != 0:
        return False
    path.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX")
def test_a_really_full_disk(kehoach, tmp_path):
    """On a 16 KB file system (tmpfs, when this system lets the test mount one) nothing is left."""
    disk = tmp_path / "dia"
    if not _small_disk(disk, 16):
        pytest.skip("cannot mount a small tmpfs here")
    try:
        result = kehoach("build", PLAN, "-o", disk)
        assert result.code == 2, result.err
        assert "ổ đĩa đã đầy. Không tệp nào được ghi" in result.err
        assert [p for p in disk.rglob("*") if p.is_file()] == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.parametrize("place", ["o-la-tep", "manifest-thu-muc", "dich-thu-muc", "manifest-lon"])
def test_unusable_places_are_named(tmp_path, place):
    out = tmp_path / "ra"
    target = out / "a" / "ke-hoach.docx"
    named = {"o-la-tep": out, "manifest-thu-muc": out / "a" / MANIFEST, "dich-thu-muc": target,
             "manifest-lon": out / "a" / MANIFEST}[place]
    if place == "o-la-tep":
        out.write_text("x", encoding="utf-8")
    elif place == "manifest-lon":
        (out / "a").mkdir(parents=True)
        with open(named, "wb") as fh:
            fh.truncate(300 * 1024 * 1024)
    else:
        named.mkdir(parents=True)
    with pytest.raises(OutputUnwritable) as caught:
        write_all([Output(out / "a" / "quyet-dinh.docx", b"1"), Output(target, b"2")])
    assert str(named) in str(caught.value)
    assert caught.value.exit_code == 2
    assert not (out / "a" / "quyet-dinh.docx").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs (POSIX)")
@pytest.mark.parametrize("which", ["ke-hoach.docx", MANIFEST])
def test_a_fifo_where_a_file_goes_is_refused_without_opening_it(tmp_path, which):
    folder = tmp_path / "a"
    folder.mkdir()
    os.mkfifo(folder / which)
    with pytest.raises(OutputUnwritable) as caught:
        write_all([Output(folder / "ke-hoach.docx", b"x")])
    assert f"{folder / which}: ở đó là một ống dẫn (FIFO)" in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders "
                    "(the corpus drops root's powers for this case: tests/hostile)")
def test_a_read_only_folder(kehoach, tmp_path):
    out = tmp_path / "ra"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = kehoach("build", PLAN, "-o", out)
    finally:
        out.chmod(0o755)
    assert result.code == 2
    assert f"Không ghi được {out / '_hop-le'}" in result.err and "không có quyền ghi" in result.err


# --- output folder names --------------------------------------------------------------------
@pytest.mark.parametrize(("name", "folder"), [
    ("ke-hoach-2026.yaml", "ke-hoach-2026"),
    ("Kế hoạch CCHC 2026.yaml", "Kế hoạch CCHC 2026"),
    ("a b.yaml", "a b"),
    ("a.b.yml", "a.b"),
    ("plans/x/ke-hoach.yaml", "ke-hoach"),
])
def test_safe_names_are_kept(name, folder):
    assert folder_name(name) == folder


@pytest.mark.parametrize("name", ["...yaml", "..yaml", ".yaml", "con.yaml", "NUL.txt.yaml", "a\x1bb.yaml",
                                  "a\u202eb.yaml", "x .yaml", "a:b.yaml", "a*b?.yaml", "a\udcffb.yaml",
                                  "a" * 300 + ".yaml", " .yaml"])
def test_unsafe_names_become_safe_and_keep_a_fingerprint(name):
    folder = folder_name(name)
    assert folder and folder not in (".", "..")
    assert not set(folder) & set('/\\:*?"<>|\x1b\u202e\udcff')
    assert not folder.startswith((".", " ")) and not folder.endswith((".", " "))
    assert len(folder) <= outputs.MAX_FOLDER_NAME + 9
    assert folder.split(".")[0].casefold() not in ("con", "nul")
    assert folder != folder_name(name.replace(".yaml", "-khac.yaml"))


def test_different_files_never_share_a_folder():
    names = ["...yaml", "..yaml", ".yaml", "a b.yaml", "a-b.yaml", "a_b.yaml", "Kế hoạch.yaml", "ke-hoach.yaml",
             "a:b.yaml", "a?b.yaml", "x .yaml", "x.yaml", "x..yaml"]
    folders = [folder_name(n) for n in names]
    assert len(set(folders)) == len(folders), folders


def test_the_plan_named_dots_writes_inside_the_output_folder(kehoach, tmp_path):
    plan = tmp_path / "...yaml"
    plan.write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "ra"
    result = kehoach("build", plan, "-o", out)
    assert result.code == 0, result.err
    written = [p for p in tmp_path.rglob("*.docx")]
    assert written and all(p.parent.parent == out for p in written), written


def test_names_differing_only_in_case_are_one_folder_on_windows_and_macos(kehoach, tmp_path):
    for name in ("Plan.yaml", "plan.yaml"):
        (tmp_path / name).write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    result = kehoach("build", tmp_path / "Plan.yaml", tmp_path / "plan.yaml", "-o", tmp_path / "ra")
    assert result.code == 2
    assert "plan.yaml: sẽ ghi đè" in result.err and "vừa tạo từ" in result.err
