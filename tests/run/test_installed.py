"""An installed kehoach (a wheel, not the checkout) finds its templates and đề cương from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from helpers import ROOT

from generator.cli import COMMANDS


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build the wheel and unpack it into a folder of its own (as pip would); return that folder."""
    wheels = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(wheels), str(ROOT)], check=True, capture_output=True)
    wheel = next(wheels.glob("kehoach-*.whl"))
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def kehoach(site, cwd, *args):
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("KEHOACH_TEMPLATES", None)
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


def test_the_wheel_carries_every_template_and_outline(installed):
    shipped = {p.relative_to(installed / "generator" / "templates").as_posix()
               for p in (installed / "generator" / "templates").rglob("*") if p.is_file()}
    bundled = {p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*")
               if p.is_file() and p.suffix in (".docx", ".yaml")}
    assert shipped == bundled


def test_the_wheel_packages_every_module(installed):
    shipped = {p.relative_to(installed).as_posix() for p in (installed / "generator").rglob("*.py")}
    source = {p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*.py")}
    assert shipped == source, "list new packages in pyproject.toml [tool.setuptools] packages"


def test_every_rendering_command_works_from_an_unrelated_folder(installed, tmp_path):
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    out = tmp_path / "ket-qua"
    plan = ROOT / "plans" / "nam-do-son-2026.yaml"
    runs = {
        "build": ("build", plan, ROOT / "plans" / "kiem-tra-cchc-2026.yaml", "-o", out),
        "outline": ("outline", "--don-vi", "Phường Lê Chân", "-o", out),
        "report": ("report", ROOT / "reports" / "nam-do-son-2026.yaml", "-o", out / "bao-cao"),
        "phan-cong": ("phan-cong", plan, "--co-quan", "vhxh", "-o", out),
        "tien-do": ("tien-do", plan, "--ky", "quy-1", "-o", out),
        "tasks": ("tasks", plan, "--xlsx", out / "theo-doi.xlsx", "--ics", out / "lich.ics"),
        "validate": ("validate", ROOT / "plans", ROOT / "reports"),
        "schema": ("schema", "-o", out / "schema.json"),
        "nhap": ("nhap", ROOT.parent / "shared" / "reference" / "nam-do-son-ke-hoach-cchc-2026.txt",
                 "-o", out / "nhap.yaml"),
        "nam-moi": ("nam-moi", plan, "--nam", "2027", "-o", out / "nam-do-son-2027.yaml"),
        "so-sanh": ("so-sanh", plan, ROOT / "plans" / "nam-do-son-2026.yaml", "-o", out / "so-sanh.docx"),
        "diff": ("diff", plan, plan),
        "kiem-tra": ("kiem-tra", out / "nam-do-son-2026" / "quyet-dinh.docx"),
    }
    git_only = {"git-setup", "docx-text", "kiem-tra-git"}  # they need a git repository: tests/yearly
    assert set(runs) | git_only | {"web"} == set(COMMANDS)  # web serves: tested below
    for name, args in runs.items():
        result = kehoach(installed, elsewhere, *args)
        assert result.returncode == 0, f"{name}: {result.stderr}"
    for written in ("nam-do-son-2026/quyet-dinh.docx", "nam-do-son-2026/ke-hoach.docx",
                    "kiem-tra-cchc-2026/ke-hoach.docx", "phuong-le-chan/bao-cao-kiem-tra.docx",
                    "bao-cao/nam-do-son-2026/bao-cao-kiem-tra.docx", "nam-do-son-2026/phan-cong/vhxh.docx",
                    "nam-do-son-2026/bao-cao-tien-do-2026-quy-1.docx", "theo-doi.xlsx", "lich.ics", "nhap.yaml", "nam-do-son-2027.yaml",
                    "so-sanh.docx"):
        assert (out / written).is_file(), written
    assert list(elsewhere.iterdir()) == []
    # the installed package reads its own templates, not the checkout's
    probe = kehoach(installed, elsewhere, "--version")
    assert probe.returncode == 0
    where = subprocess.run([sys.executable, "-c", "import generator.source.bundled as b; print(b.bundled_templates())"],
                           cwd=elsewhere, env={**os.environ, "PYTHONPATH": str(installed)},
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where == str(installed / "generator" / "templates")


def test_the_web_app_serves_its_pages_and_htmx_from_the_wheel(installed, tmp_path):
    pytest.importorskip("flask")
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(installed)}
    env.pop("KEHOACH_TEMPLATES", None)
    folder = tmp_path / "thu-muc"
    (folder / "plans").mkdir(parents=True)
    (folder / "plans" / "ke-hoach.yaml").write_bytes((ROOT / "plans" / "nam-do-son-2026.yaml").read_bytes())
    proc = subprocess.Popen([sys.executable, "-m", "generator", "web", str(folder), "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError(proc.stderr.read() if proc.poll() is not None else "no answer")
        assert "plans/ke-hoach.yaml" in home
        js = urllib.request.urlopen(f"http://127.0.0.1:{port}/tinh/htmx.min.js", timeout=2).read()
        assert js.startswith(b"var htmx=")
    finally:
        proc.send_signal(__import__("signal").SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert f"http://127.0.0.1:{port}/" in out and "Đã dừng kehoach web." in out
