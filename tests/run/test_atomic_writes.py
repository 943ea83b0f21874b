"""Nothing is lost: a killed build leaves complete files or none, hand edits survive,
files the user edits are never clobbered without --force."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document
from helpers import ROOT

from generator.errors import OutputConflict
from generator.run.outputs import MANIFEST, STALE_TEMP_SECONDS, Output, atomic_write, write_new

PLANS = ["nam-do-son-2026", "hai-phong-2026"]
COPIES = 3  # per bundled plan


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A folder of plans and the complete bytes of every document they give."""
    root = tmp_path_factory.mktemp("lo")
    plans = root / "ke-hoach"
    plans.mkdir()
    for stem in PLANS:
        text = (ROOT / "plans" / f"{stem}.yaml").read_text(encoding="utf-8")
        for n in range(COPIES):
            (plans / f"{stem}-{n}.yaml").write_text(text, encoding="utf-8")
    reference = root / "du-kien"
    done = subprocess.run([sys.executable, "-m", "generator", "build", str(plans), "-o", str(reference)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    expected = {p.relative_to(reference): p.read_bytes() for p in reference.rglob("*.docx")}
    assert len(expected) == len(PLANS) * COPIES * 2
    return plans, expected


def visible_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]


def killed_build(plans: Path, out: Path, after: int) -> None:
    """Build `plans` into `out`; SIGKILL the whole process group once `after` documents exist."""
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(plans), "-o", str(out)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if out.exists() and len([p for p in visible_files(out) if p.suffix == ".docx"]) >= after:
            break
        time.sleep(0.002)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups")
def test_killed_batch_leaves_complete_documents_or_none(batch, tmp_path):
    plans, expected = batch
    partial_seen = 0
    for after in (1, 5, 9):
        out = tmp_path / f"ra-{after}"
        killed_build(plans, out, after)
        docs = visible_files(out)
        for path in docs:
            assert path.suffix == ".docx", f"only finished documents are visible: {path}"
            assert path.read_bytes() == expected[path.relative_to(out)], f"incomplete {path}"
            Document(str(path))
        partial_seen += 0 < len(docs) < len(expected)
        # the next run finishes the job without taking the survivors for hand edits
        done = subprocess.run([sys.executable, "-m", "generator", "build", str(plans), "-o", str(out)],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert {p.relative_to(out): p.read_bytes() for p in visible_files(out)} == expected
    assert partial_seen, "no kill landed in the middle of the batch"


def test_stale_temporary_files_are_swept_fresh_ones_kept(tmp_path):
    target = tmp_path / "ke-hoach.docx"
    stale = tmp_path / ".ke-hoach.docx.abc123.tmp"
    fresh = tmp_path / ".ke-hoach.docx.def456.tmp"
    stale.write_bytes(b"half a file")
    fresh.write_bytes(b"another run, still writing")
    old = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    atomic_write(target, b"complete")
    assert target.read_bytes() == b"complete"
    assert not stale.exists()
    assert fresh.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_written_files_have_ordinary_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "moi.docx", b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "moi.docx").stat().st_mode) == 0o644


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_replacing_a_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "ke-hoach.yaml"
    target.write_bytes(b"nam: 2026\n")
    target.chmod(0o600)
    atomic_write(target, b"nam: 2027\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_hand_edit_in_one_plan_blocks_only_that_plan(kehoach, tmp_path):
    plans = tmp_path / "ke-hoach"
    plans.mkdir()
    for stem in PLANS:
        (plans / f"{stem}.yaml").write_text((ROOT / "plans" / f"{stem}.yaml").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    out = tmp_path / "ra"
    assert kehoach("build", plans, "-o", out).code == 0
    edited = out / "nam-do-son-2026" / "ke-hoach.docx"
    edited.write_bytes(edited.read_bytes() + b"sua tay")
    decision = out / "nam-do-son-2026" / "quyet-dinh.docx"
    decision.unlink()  # missing: it must not be written either while its sibling is blocked
    result = kehoach("build", plans, "-o", out)
    assert result.code == 2
    assert str(edited) in result.err and "--force" in result.err
    assert edited.read_bytes().endswith(b"sua tay")
    assert not decision.exists()
    assert (out / "hai-phong-2026" / "ke-hoach.docx").exists()
    result = kehoach("build", plans, "-o", out, "--force")
    assert result.code == 0, result.err
    assert not edited.read_bytes().endswith(b"sua tay")
    assert decision.exists()
    assert (out / "nam-do-son-2026" / MANIFEST).exists()


def test_write_new_never_replaces_an_existing_file_without_force(tmp_path):
    mine = tmp_path / "ke-hoach-2027.yaml"
    mine.write_text("nam: 2027  # đã sửa tay\n", encoding="utf-8")
    other = tmp_path / "bao-cao.yaml"
    outputs = [Output(other, b"x: 1\n"), Output(mine, b"nam: 2027\n")]
    with pytest.raises(OutputConflict) as caught:
        write_new(outputs)
    assert str(mine) in str(caught.value) and "--force" in str(caught.value)
    assert mine.read_text(encoding="utf-8") == "nam: 2027  # đã sửa tay\n"
    assert not other.exists(), "all or nothing"
    assert write_new(outputs, force=True) == [other, mine]
    assert mine.read_bytes() == b"nam: 2027\n"


def test_write_new_accepts_an_identical_existing_file(tmp_path):
    same = tmp_path / "ke-hoach.yaml"
    same.write_bytes(b"nam: 2026\n")
    assert write_new([Output(same, b"nam: 2026\n")]) == [same]
