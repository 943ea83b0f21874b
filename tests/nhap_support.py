"""Fixtures and helpers of the import tests (a module of its own: tests/conftest.py keeps the name)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from helpers import ROOT, docx_paragraphs

from generator.cli import main
from generator.importing.pipeline import import_files

FIXTURES = ROOT / "tests" / "fixtures" / "importing"


@pytest.fixture
def imported(tmp_path):
    """Return a function: files → (ImportResult, folder of the documents built from the YAML)."""

    def run(*files, stem: str = "nhap"):
        target = tmp_path / f"{stem}.yaml"
        result = import_files([str(f) for f in files], str(target))
        target.write_text(result.yaml_text, encoding="utf-8")
        assert main(["build", str(target), "-o", str(tmp_path / "out"), "--force"]) == 0
        return result, tmp_path / "out" / stem

    return run


def identity(reference: list[str], generated: list[str]) -> tuple[int, list[str]]:
    """Return how many reference paragraphs come back identical (in order), and the differences."""
    sm = difflib.SequenceMatcher(None, reference, generated, autojunk=False)
    same = sum(b.size for b in sm.get_matching_blocks())
    diffs = [f"{tag}: {reference[i1:i2]} => {generated[j1:j2]}" for tag, i1, i2, j1, j2 in sm.get_opcodes()
             if tag != "equal"]
    return same, diffs


def built_text(folder: Path) -> list[str]:
    """Return the paragraphs of the Quyết định (if any) and the Kế hoạch built in `folder`, headers dropped."""
    out = []
    for name in ("quyet-dinh.docx", "ke-hoach.docx"):
        if (folder / name).exists():
            out.extend(docx_paragraphs(folder / name)[4:])
    return out


def task_fields(plan) -> list[tuple]:
    """Return, per task, what the acceptance compares: chủ trì, phối hợp, thời gian, sản phẩm (parts too)."""
    out = []
    for t in plan.tasks:
        parts = tuple((p.content, p.lead.text, p.support.text if p.support else "", p.deadline, p.products)
                      for p in t.parts)
        out.append((t.content, t.lead.text if t.lead else "", t.support.text if t.support else "", t.deadline,
                    t.products, parts))
    return out
