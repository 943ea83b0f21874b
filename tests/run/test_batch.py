"""Batches: many plans in one call, a bad one reported at the end, the others written,
worker processes giving the same bytes, and the runner reusable by other commands."""

from __future__ import annotations

import contextlib

import os
import shutil
from pathlib import Path

import pytest
from helpers import ROOT

from generator.run import batch
from generator.errors import CommandFailed, InputError, Problem
from generator.run.outputs import Output

PLANS = ROOT / "plans"
BAD_PLAN = "nam: 2026\nco_quan_ban_hanh: 5\n"


@pytest.fixture
def three_plans(tmp_path):
    """a.yaml (Nam Đồ Sơn), b.yaml (broken), c.yaml (Hải Phòng)."""
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(PLANS / "nam-do-son-2026.yaml", folder / "a.yaml")
    (folder / "b.yaml").write_text(BAD_PLAN, encoding="utf-8")
    shutil.copy(PLANS / "hai-phong-2026.yaml", folder / "c.yaml")
    return folder


def test_one_bad_plan_does_not_stop_the_others(kehoach, three_plans, tmp_path):
    out = tmp_path / "out"
    files = [three_plans / n for n in ("a.yaml", "b.yaml", "c.yaml")]
    result = kehoach("build", *files, "-o", out)
    assert result.code == 2
    for stem in ("a", "c"):
        assert sorted(p.name for p in (out / stem).iterdir() if p.suffix == ".docx") == [
            "ke-hoach.docx", "quyet-dinh.docx"]
    assert not (out / "b").exists()
    # the reason, with file and line, then the summary naming the bad file, at the end
    lines = result.err.strip().splitlines()
    assert f"{files[1]}:2: lỗi [co_quan_ban_hanh]" in result.err
    assert lines[-1] == f"1/3 kế hoạch không hoàn thành: {files[1]}."
    assert result.out.count("Đã ghi") == 4


def test_a_single_plan_prints_what_it_always_printed(kehoach, tmp_path):
    result = kehoach("build", PLANS / "nam-do-son-2026.yaml", "-o", tmp_path)
    folder = tmp_path / "nam-do-son-2026"
    assert result.code == 0
    assert result.out == f"Đã ghi {folder / 'quyet-dinh.docx'}\nĐã ghi {folder / 'ke-hoach.docx'}\n"
    assert result.err == ""  # no progress bar when not on a terminal, nor for one plan


def test_a_single_bad_plan_gives_its_errors_without_a_summary(kehoach, tmp_path):
    plan = tmp_path / "x.yaml"
    plan.write_text(BAD_PLAN, encoding="utf-8")
    result = kehoach("build", plan, "-o", tmp_path / "out")
    assert result.code == 2
    assert result.err.strip().splitlines()[-1] == "Dừng lại: 4 lỗi, không ghi tệp nào."
    assert not (tmp_path / "out").exists()


def test_a_hand_edited_output_fails_only_its_own_plan(kehoach, three_plans, tmp_path):
    out = tmp_path / "out"
    a, c = three_plans / "a.yaml", three_plans / "c.yaml"
    assert kehoach("build", a, c, "-o", out).code == 0
    edited = out / "a" / "ke-hoach.docx"
    edited.write_bytes(b"sua tay")
    (c_out := out / "c" / "ke-hoach.docx").unlink()
    result = kehoach("build", a, c, "-o", out)
    assert result.code == 2
    assert edited.read_bytes() == b"sua tay"
    assert c_out.exists()
    assert str(edited) in result.err
    assert result.err.strip().splitlines()[-1] == f"1/2 kế hoạch không hoàn thành: {a}."


def test_worker_processes_give_the_same_bytes_in_the_same_order(kehoach, tmp_path, monkeypatch):
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(6):
        src = PLANS / ("nam-do-son-2026.yaml" if i % 2 else "hai-phong-2026.yaml")
        shutil.copy(src, folder / f"p{i}.yaml")
    (folder / "p3.yaml").write_text(BAD_PLAN, encoding="utf-8")
    runs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("KEHOACH_JOBS", jobs)
        assert batch.worker_count(6) == int(jobs)
        result = kehoach("build", folder, "-o", tmp_path / jobs)
        assert result.code == 2
        files = sorted(p.relative_to(tmp_path / jobs) for p in (tmp_path / jobs).rglob("*.docx"))
        runs[jobs] = (result.out.replace(str(tmp_path / jobs), "OUT"), result.err,
                      {f: (tmp_path / jobs / f).read_bytes() for f in files})
    assert runs["1"] == runs["2"]
    assert len(runs["2"][2]) == 10


def test_large_batches_use_every_cpu_small_ones_none(monkeypatch):
    monkeypatch.delenv("KEHOACH_JOBS", raising=False)
    assert batch.worker_count(1) == 1
    assert batch.worker_count(2) == 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    assert batch.worker_count(500) == (cpus if cpus >= 2 else 1)


# A render function as another command would write one (module level: picklable).
def render_unit(name: str, out_dir: Path) -> batch.Rendered:
    if name == "xa-loi":
        raise InputError([Problem("don-vi.yaml", 7, f"don_vi.{name}", "Thiếu tên đơn vị.")])
    return batch.Rendered([Output(out_dir / name / "de-cuong.txt", f"Đề cương {name}".encode())],
                          warnings=[f"cảnh báo: {name} chưa có số liệu quý IV."] if name == "xa-b" else [])


class Recorder:
    """A reporter that keeps what the runner told."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []

    def info(self, text: str) -> None:
        self.lines.append(("info", text))

    def warning(self, text: str) -> None:
        self.lines.append(("warning", text))

    @contextlib.contextmanager
    def progress(self, total: int, desc: str):
        yield lambda done: None


def test_the_runner_is_reusable_by_other_commands(tmp_path, monkeypatch):
    from functools import partial

    monkeypatch.setenv("KEHOACH_JOBS", "2")
    units = ["xa-a", "xa-loi", "xa-b", "xa-c"]
    told = Recorder()
    with pytest.raises(CommandFailed) as caught:
        batch.run_batch(units, partial(render_unit, out_dir=tmp_path), batch.Options(), told, noun="đơn vị")
    assert caught.value.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["xa-a", "xa-b", "xa-c"]
    assert (tmp_path / "xa-b" / "de-cuong.txt").read_text(encoding="utf-8") == "Đề cương xa-b"
    assert ("warning", "cảnh báo: xa-b chưa có số liệu quý IV.") in told.lines
    assert ("info", f"Đã ghi {tmp_path / 'xa-c' / 'de-cuong.txt'}") in told.lines
    message = caught.value.render()
    assert "don-vi.yaml:7: lỗi [don_vi.xa-loi]: Thiếu tên đơn vị." in message
    assert message.splitlines()[-1] == "1/4 đơn vị không hoàn thành: xa-loi."