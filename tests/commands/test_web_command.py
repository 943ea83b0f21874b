"""``kehoach web`` as a command: it prints its address, refuses the LAN without a password, stops on Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from helpers import ROOT

pytest.importorskip("flask")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(*args, cwd):
    return subprocess.Popen([sys.executable, "-m", "generator", "web", *args], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={k: v for k, v in {**os.environ, "PYTHONPATH": str(ROOT)}.items() if k != "KEHOACH_MAT_KHAU"})


def wait_for(url: str, proc) -> int:
    for _ in range(150):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read())
            time.sleep(0.1)
    raise AssertionError("no answer")


def stop(proc) -> tuple[str, str]:
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=15)
    return out, err


def test_it_serves_the_folder_prints_its_address_and_stops_cleanly_on_ctrl_c(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "ke-hoach.yaml").write_bytes((ROOT / "plans" / "nam-do-son-2026.yaml").read_bytes())
    port = free_port()
    proc = start(str(tmp_path), "--port", str(port), cwd=ROOT)
    assert wait_for(f"http://127.0.0.1:{port}/", proc) == 200
    out, err = stop(proc)
    assert proc.returncode == 0, err
    assert f"mở http://127.0.0.1:{port}/" in out and "Bấm Ctrl-C để dừng." in out and "Đã dừng kehoach web." in out
    assert "Traceback" not in err


def test_the_lan_needs_a_password_made_up_and_printed_when_not_given(tmp_path):
    port = free_port()
    proc = start(str(tmp_path), "--port", str(port), "--host", "0.0.0.0", cwd=ROOT)
    assert wait_for(f"http://127.0.0.1:{port}/", proc) == 200  # the sign-in page (after the redirect)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"HX-Request": "true"}))
    assert refused.value.code == 401
    out, err = stop(proc)
    assert proc.returncode == 0, err
    password = re.search(r"Mật khẩu đăng nhập: (\S+)", out).group(1)
    assert len(password) >= 8 and "mạng nội bộ" in out


@pytest.mark.parametrize("args, message", [
    (("--host", "0.0.0.0", "--mat-khau", "ngan"), "Mật khẩu cần ít nhất 8 ký tự."),
    (("--port", "70000"), "Cổng 70000 không hợp lệ"),
    (("khong-co-thu-muc",), "khong-co-thu-muc: không phải một thư mục."),
])
def test_bad_options_are_refused_with_a_message(tmp_path, args, message):
    result = subprocess.run([sys.executable, "-m", "generator", "web", *args], cwd=tmp_path, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=30)
    assert result.returncode == 2 and message in result.stderr


def test_a_port_in_use_is_named(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator", "web", str(tmp_path), "--port", str(port)],
                                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=30)
    assert result.returncode == 2 and "Cổng đang được dùng?" in result.stderr
