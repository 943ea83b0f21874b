"""Fixtures: run the CLI in-process, build plans into a temporary folder."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import ROOT  # noqa: E402

from generator.cli import main  # noqa: E402


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def kehoach(capsys):
    """Return a function running ``kehoach ARGS…`` in-process; it returns (code, out, err)."""

    def run(*args: str) -> Result:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build the bundled plans once per session; return a function plan-stem → output folder."""
    out = tmp_path_factory.mktemp("outputs")
    cache: dict[str, Path] = {}

    def get(stem: str) -> Path:
        if stem not in cache:
            assert main(["build", str(ROOT / "plans" / f"{stem}.yaml"), "-o", str(out)]) == 0
            cache[stem] = out / stem
        return cache[stem]

    return get


def write_plan(folder: Path, text: str, name: str = "ke-hoach-thu.yaml") -> Path:
    """Write a plan file into `folder` and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
