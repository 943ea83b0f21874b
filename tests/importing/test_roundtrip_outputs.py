"""kehoach's own outputs (.docx, and PDF made by LibreOffice) import back to the same documents."""

from __future__ import annotations

import shutil

import pytest
from nhap_support import identity, imported  # noqa: F401 (imported: a fixture)
from helpers import ROOT, docx_paragraphs

from generator.cli import main

PLANS = [ROOT / "plans" / "nam-do-son-2026.yaml", ROOT / "plans" / "hai-phong-2026.yaml",
         ROOT / "tests" / "fixtures" / "plans" / "doc-lap-phuong.yaml",
         ROOT / "tests" / "fixtures" / "plans" / "doc-lap-so.yaml"]


def _documents(folder):
    return [folder / n for n in ("quyet-dinh.docx", "ke-hoach.docx") if (folder / n).exists()]


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_docx_outputs_import_to_identical_text(built, imported, plan):
    if plan.parent.name == "plans" and plan.parent.parent == ROOT:
        source = built(plan.stem)
    else:
        source = plan.parent / "_built" / plan.stem
        assert main(["build", str(plan), "-o", str(source.parent), "--force"]) == 0
    result, again = imported(*_documents(source), stem=plan.stem)
    for doc in _documents(source):
        assert docx_paragraphs(again / doc.name) == docx_paragraphs(doc), doc.name
    shutil.rmtree(plan.parent / "_built", ignore_errors=True)


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice không có trên máy")


@needs_soffice
@pytest.mark.parametrize("stem", ["nam-do-son-2026", "hai-phong-2026"])
def test_pdf_of_outputs_imports_back(tmp_path, imported, stem):
    out = tmp_path / "pdf"
    assert main(["build", str(ROOT / "plans" / f"{stem}.yaml"), "-o", str(out), "--pdf"]) == 0
    pdfs = [out / stem / "quyet-dinh.pdf", out / stem / "ke-hoach.pdf"]
    result, again = imported(*pdfs, stem=stem)
    report = result.report.render(stem)
    assert "số trang" in report          # page numbers (and running heads) were dropped
    assert "nối" in report               # wrapped lines were joined into paragraphs
    for name in ("quyet-dinh.docx", "ke-hoach.docx"):
        reference = docx_paragraphs(out / stem / name)
        same, diffs = identity(reference, docx_paragraphs(again / name))
        # the one known loss: a line broken after "2021-" cannot tell "2021- 2030" from "2021-2030"
        assert len(reference) - same <= 1, "\n".join(diffs)
