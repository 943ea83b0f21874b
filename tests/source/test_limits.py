"""The documented limits (README, "Giới hạn"): at the limit a file is read, past it the
file is refused with a clear Vietnamese message, quickly and without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from helpers import CORPUS, ROOT

from generator.errors import InputError
from generator.source.yaml_source import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, load_bytes
from generator.kinds.plan.reader import MAX_TASKS

BASE = (CORPUS / "_hop-le.yaml").read_text(encoding="utf-8")
HEAD = BASE.split("nhiem_vu_cu_the:")[0]


def vn(n: int) -> str:
    """Return `n` written the Vietnamese way (5.000)."""
    return f"{n:,}".replace(",", ".")


def plan_with_tasks(n: int) -> str:
    task = '      - {{noi_dung: "Nhiệm vụ số {i}", chu_tri: vhxh, thoi_gian: "Quý I/2026"}}\n'
    return HEAD + 'nhiem_vu_cu_the:\n  - linh_vuc: "Cải cách thủ tục hành chính"\n    nhiem_vu:\n' + "".join(
        task.format(i=i) for i in range(n))


def nested(depth: int) -> bytes:
    """Return a file whose deepest value sits `depth` levels below the top mapping."""
    return ("a: " + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "\n").encode()


def flat_list(items: int) -> bytes:
    """Return a file of 2 + `items` values: the top mapping, one list and its items."""
    return ("a: [" + ",".join(["0"] * items) + "]\n").encode()


def padded_to(size: int) -> bytes:
    """Return the valid plan padded with a comment to exactly `size` bytes."""
    data = BASE.encode()
    return data + b"#" + b"x" * (size - len(data) - 2) + b"\n"


def _limited():
    import resource

    memory = 1024 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (10, 11))


def kehoach_process(*args: str) -> tuple[int, str, float]:
    """Run ``python -m generator ARGS`` in a memory- and time-limited process (POSIX)."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=30, preexec_fn=_limited if os.name == "posix" else None)
    return done.returncode, done.stderr, time.monotonic() - start


def test_readme_states_the_limits_of_the_code():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Giới hạn"):]
    for figure in (f"{MAX_FILE_BYTES // (1024 * 1024)} MB", vn(MAX_TASKS), f"{MAX_DEPTH} cấp", vn(MAX_NODES)):
        assert figure in section, figure


# --- file size -------------------------------------------------------------------------
def test_file_at_size_limit_is_read(kehoach, tmp_path):
    path = tmp_path / "dung-2mb.yaml"
    path.write_bytes(padded_to(MAX_FILE_BYTES))
    assert path.stat().st_size == MAX_FILE_BYTES
    result = kehoach("validate", path)
    assert result.code == 0, result.err


def test_file_over_size_limit_is_refused(tmp_path):
    path = tmp_path / "qua-2mb.yaml"
    path.write_bytes(padded_to(MAX_FILE_BYTES + 1))
    code, err, seconds = kehoach_process("build", str(path), "-o", str(tmp_path / "ra"))
    assert code == 2, err
    assert f"{path}: lỗi: Tệp quá lớn: tối đa 2 MB" in err
    assert not (tmp_path / "ra").exists()
    assert seconds < 5


# --- tasks -----------------------------------------------------------------------------
def test_plan_at_task_limit_is_valid(kehoach, tmp_path):
    path = tmp_path / "5000.yaml"
    path.write_text(plan_with_tasks(MAX_TASKS), encoding="utf-8")
    result = kehoach("validate", path)
    assert result.code == 0, result.err
    assert f"{MAX_TASKS} nhiệm vụ" in result.out


def test_plan_over_task_limit_is_refused(tmp_path):
    path = tmp_path / "5001.yaml"
    path.write_text(plan_with_tasks(MAX_TASKS + 1), encoding="utf-8")
    code, err, seconds = kehoach_process("build", str(path), "-o", str(tmp_path / "ra"))
    assert code == 2, err
    assert f"quá nhiều nhiệm vụ (tối đa {MAX_TASKS})" in err
    assert f"{path}:" in err and "Traceback" not in err
    assert not (tmp_path / "ra").exists()
    assert seconds < 10


# --- nesting ---------------------------------------------------------------------------
def test_nesting_at_limit_is_read():
    data = load_bytes(nested(MAX_DEPTH), "sau.yaml").data
    for _ in range(MAX_DEPTH - 1):
        data = data["a"] if isinstance(data, dict) else data[0]
    assert data == [1]


def test_nesting_over_limit_is_refused():
    with pytest.raises(InputError) as caught:
        load_bytes(nested(MAX_DEPTH + 1), "sau.yaml")
    assert f"Lồng nhau quá sâu (trên {MAX_DEPTH} cấp)" in str(caught.value)


def test_very_deep_nesting_is_refused_without_recursion(tmp_path):
    path = tmp_path / "sau.yaml"
    path.write_bytes(nested(500_000))
    code, err, seconds = kehoach_process("validate", str(path))
    assert code == 2, err
    assert f"{path}:1: lỗi" in err and "Lồng nhau quá sâu" in err
    assert seconds < 5


# --- YAML values -----------------------------------------------------------------------
def test_values_at_limit_are_read():
    data = load_bytes(flat_list(MAX_NODES - 2), "nhieu.yaml").data
    assert len(data["a"]) == MAX_NODES - 2


def test_values_over_limit_are_refused(tmp_path):
    path = tmp_path / "nhieu.yaml"
    path.write_bytes(flat_list(MAX_NODES - 1))
    code, err, seconds = kehoach_process("validate", str(path))
    assert code == 2, err
    assert f"Tệp quá nhiều phần tử (trên {vn(MAX_NODES)})" in err
    assert seconds < 5


def test_alias_expansion_counts_towards_the_limit():
    items = ", ".join(["x"] * 1000)
    text = f"a: &a [{items}]\nb: [{', '.join(['*a'] * (MAX_NODES // 1000))}]\n"
    with pytest.raises(InputError) as caught:
        load_bytes(text.encode(), "bi-danh.yaml")
    assert "Tệp quá nhiều phần tử" in str(caught.value)
    assert "bi-danh.yaml:2:" in str(caught.value)
