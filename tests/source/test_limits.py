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


# --- text, counting what aliases copy ---------------------------------------------------
def text_of(chars: int) -> bytes:
    """Return a file of exactly `chars` characters of keys and strings, most of them alias copies."""
    from generator.source.yaml_source import MAX_TEXT_CHARS

    chunk = "x" * 10_000
    copies = MAX_TEXT_CHARS // len(chunk) - 2
    rest = chars - 3 - len(chunk) * (copies + 1)  # keys a, b, c; the anchored value; its copies
    return f'a: &a "{chunk}"\nb: [{", ".join(["*a"] * copies)}]\nc: "{"y" * rest}"\n'.encode()


def test_text_at_limit_is_read():
    from generator.source.yaml_source import MAX_TEXT_CHARS

    assert len(load_bytes(text_of(MAX_TEXT_CHARS), "dung.yaml").data["c"]) > 0


def test_text_over_limit_is_refused():
    from generator.source.yaml_source import MAX_TEXT_CHARS

    with pytest.raises(InputError) as caught:
        load_bytes(text_of(MAX_TEXT_CHARS + 1), "qua.yaml")
    assert f"qua.yaml:3: lỗi [c]: Tệp quá nhiều chữ (trên {vn(MAX_TEXT_CHARS)} ký tự" in str(caught.value)


def test_text_expanded_by_aliases_past_the_limit_is_refused_at_once(tmp_path):
    from generator.source.yaml_source import MAX_TEXT_CHARS

    path = tmp_path / "bi-danh-1mb.yaml"
    path.write_text(f'a: &a "{"x" * 1_000_000}"\nb: [{", ".join(["*a"] * 90_000)}]\n', encoding="utf-8")
    code, err, seconds = kehoach_process("build", str(path), "-o", str(tmp_path / "ra"))
    assert code == 2, err
    assert f"{path}:2: lỗi [b[2]]: Tệp quá nhiều chữ (trên {vn(MAX_TEXT_CHARS)} ký tự" in err
    assert not (tmp_path / "ra").exists()
    assert seconds < 5


def test_keys_copied_by_a_merge_count_as_text():
    key = "k" * 1000
    text = f"a: &a {{{key}: 1}}\n" + "".join(f"b{i}: {{<<: *a}}\n" for i in range(4100))
    with pytest.raises(InputError) as caught:
        load_bytes(text.encode(), "gop.yaml")
    assert "Tệp quá nhiều chữ" in str(caught.value)


# --- field lengths ------------------------------------------------------------------------
@pytest.mark.parametrize(("old", "new", "fragment"), [
    ('thoi_gian: "Quý I/2026"', 'thoi_gian: "' + "theo " * 300 + 'x"', "một dòng (tên, tiêu đề, thời gian…) ở trường "
                                                                      "này tối đa 1.000 ký tự"),
    ('noi_dung: "Kiểm tra công tác cải cách hành chính."', 'noi_dung: "' + "a" * 10_001 + '"',
     "Quá dài: 10.001 ký tự, trong khi một đoạn văn ở trường này tối đa 10.000 ký tự"),
    ('- diem: ["Tiếp tục triển khai cải cách hành chính.",', '- diem: ["' + "b" * 10_001 + '",',
     "Quá dài: 10.001 ký tự"),
    ('chu_tri: vp', 'chu_tri: "' + "Văn phòng " * 110 + '"', "tối đa 1.000 ký tự"),
])
def test_fields_longer_than_any_real_document_are_refused_by_name(old, new, fragment):
    assert old in BASE
    with pytest.raises(InputError) as caught:
        from generator import kinds

        kinds.read(load_bytes(BASE.replace(old, new, 1).encode(), "dai.yaml"))
    assert fragment in str(caught.value)
    assert max(len(line) for line in str(caught.value).splitlines()) < 400


def test_readme_states_the_field_caps():
    from generator.source.declarations import LINE_MAX, PARAGRAPH_MAX
    from generator.source.yaml_source import MAX_TEXT_CHARS

    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Giới hạn")[1]
    for figure in (vn(PARAGRAPH_MAX), vn(LINE_MAX), vn(MAX_TEXT_CHARS)):
        assert figure in section, figure


# --- special files --------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs (POSIX)")
def test_a_fifo_given_as_plan_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "ke-hoach.yaml"
    os.mkfifo(fifo)
    code, err, seconds = kehoach_process("validate", str(fifo))
    assert code == 2, err
    assert f"{fifo}: lỗi: Đây là một ống dẫn (FIFO), không phải tệp YAML" in err
    assert seconds < 5


def test_a_device_is_not_read(tmp_path):
    from generator.source.files import NotRegularFile, read_regular_file

    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with pytest.raises(NotRegularFile) as caught:
        read_regular_file("/dev/zero", 10)
    assert caught.value.what == "một thiết bị"


# --- what messages echo -------------------------------------------------------------------------
def test_messages_quote_at_most_80_characters_of_a_value_and_100_problems():
    keys = "".join(f"  ? {'k' * 9_997}{i:03d}\n  : 1\n" for i in range(150))
    text = BASE.replace("co_quan_ban_hanh:\n", "co_quan_ban_hanh:\n" + keys, 1)
    with pytest.raises(InputError) as caught:
        from generator import kinds

        kinds.read(load_bytes(text.encode(), "la.yaml"))
    shown = caught.value.render()
    assert len(caught.value.problems) == 150
    assert len(shown) < 40_000
    assert "… còn 50 lỗi và 0 cảnh báo nữa chưa in" in shown
    assert "Trường '" + "k" * 79 + "…' không có trong định dạng" in shown


# --- emphasis markers ------------------------------------------------------------------------
def test_stars_at_limit_are_read_and_past_it_refused():
    from generator.source.yaml_source import MAX_STARS

    line = "*a* " * 2500
    def text(stars: int) -> bytes:
        full, rest = divmod(stars, 5000)
        items = [line] * full + (["*" * rest] if rest else [])
        return ("a:\n" + "".join(f'  - "{x}"\n' for x in items)).encode()

    assert load_bytes(text(MAX_STARS), "dung.yaml").data
    with pytest.raises(InputError) as caught:
        load_bytes(text(MAX_STARS + 1), "qua.yaml")
    assert f"Tệp có quá nhiều dấu '*' (trên {vn(MAX_STARS)}" in str(caught.value)


def test_stars_copied_by_aliases_count():
    with pytest.raises(InputError) as caught:
        load_bytes(('a: &a "' + "*a* " * 2500 + '"\nb: [' + ", ".join(["*a"] * 4) + "]\n").encode(), "bi-danh.yaml")
    assert "bi-danh.yaml:2:" in str(caught.value) and "quá nhiều dấu '*'" in str(caught.value)
