"""`--pdf`: real PDFs from LibreOffice — A4, Liberation Serif/Times, every Vietnamese letter
in the text layer, reproducible bytes; missing converter, corrupt file and time limit.

These tests run LibreOffice for real. Without `soffice` they are skipped, unless
KEHOACH_REQUIRE_PDF is set (as .ci/run does): then they fail.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from helpers import ROOT, docx_paragraphs

from generator.run import pdf
from generator.cli import main

PLANS = ROOT / "plans"
needs_soffice = pytest.mark.skipif(
    pdf.find_soffice() is None and not os.environ.get("KEHOACH_REQUIRE_PDF"),
    reason="cần LibreOffice (soffice) để tạo PDF thật",
)
pytestmark = needs_soffice

VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
ALPHABET = "".join(unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES) + "đ"
ALL_LETTERS = ALPHABET + ALPHABET.upper()
A4 = (595.3, 841.9)


def _alphabet_plan(folder: Path) -> Path:
    """The Nam Đồ Sơn plan with every Vietnamese letter, in both cases, in a task."""
    text = (PLANS / "nam-do-son-2026.yaml").read_text(encoding="utf-8")
    first = "Xây dựng ban hành Kế hoạch tuyên truyền CCHC năm 2026 trên địa bàn phường."
    assert first in text
    path = folder / "bang-chu-cai.yaml"
    path.write_text(text.replace(first, f"Bảng chữ cái: {ALPHABET} {ALPHABET.upper()}.", 1), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory):
    """Build three plans with --pdf in one batch (one LibreOffice run); return the folder."""
    work = tmp_path_factory.mktemp("pdf")
    plans = [PLANS / "nam-do-son-2026.yaml", PLANS / "hai-phong-2026.yaml", _alphabet_plan(work)]
    assert main(["build", *map(str, plans), "-o", str(work / "out"), "--pdf"]) == 0
    return work / "out"


def _docs(out: Path) -> list[Path]:
    return sorted(out.glob("*/*.docx"))


@functools.lru_cache(maxsize=None)
def _pdf_text(path: Path) -> tuple[str, frozenset[str], list[tuple[float, float]]]:
    """Return a PDF's text layer (NFC), the names of the fonts its glyphs use, its page sizes."""
    with pdfplumber.open(path) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
        fonts = frozenset(c["fontname"] for page in doc.pages for c in page.chars)
        sizes = [(round(float(page.width), 1), round(float(page.height), 1)) for page in doc.pages]
    return unicodedata.normalize("NFC", text), fonts, sizes


def test_a_pdf_beside_each_docx_with_a4_pages(pdf_build):
    docs = _docs(pdf_build)
    assert len(docs) == 6
    for docx in docs:
        pdf_path = docx.with_suffix(".pdf")
        assert pdf_path.exists(), pdf_path
        _, _, sizes = _pdf_text(pdf_path)
        assert len(sizes) > 0
        for size in sizes:
            assert size in (A4, A4[::-1]), f"{pdf_path}: trang {size} không phải A4"
    # the Kế hoạch itself is portrait; the Hải Phòng task annex is landscape A4
    _, _, sizes = _pdf_text(pdf_build / "hai-phong-2026" / "ke-hoach.pdf")
    assert sizes[0] == A4 and sizes[-1] == A4[::-1]


def test_every_glyph_comes_from_a_times_metric_serif(pdf_build):
    for docx in _docs(pdf_build):
        _, fonts, _ = _pdf_text(docx.with_suffix(".pdf"))
        base = {name.split("+", 1)[-1] for name in fonts}
        foreign = {f for f in base if not f.startswith(("LiberationSerif", "TimesNewRoman"))}
        assert not foreign, f"{docx.with_suffix('.pdf')}: phông thay thế {sorted(foreign)}"
        assert any(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in base)


def test_every_vietnamese_character_of_the_text_is_in_the_pdf_text(pdf_build):
    for docx in _docs(pdf_build):
        wanted = {ch for line in docx_paragraphs(docx) for ch in line if ord(ch) > 127 and ch.isalpha()}
        text, _, _ = _pdf_text(docx.with_suffix(".pdf"))
        missing = wanted - set(text)
        assert not missing, f"{docx.with_suffix('.pdf')}: thiếu {sorted(missing)}"


def test_all_vietnamese_letters_both_cases_survive(pdf_build):
    text, _, _ = _pdf_text(pdf_build / "bang-chu-cai" / "ke-hoach.pdf")
    assert len(ALL_LETTERS) == 146
    assert ALPHABET + ALPHABET.upper() in "".join(text.split())


def test_same_docx_gives_byte_identical_pdf(pdf_build, tmp_path):
    # a different batch, another time, another temporary folder: same bytes
    assert main(["build", str(PLANS / "nam-do-son-2026.yaml"), "-o", str(tmp_path), "--pdf"]) == 0
    for name in ("quyet-dinh.pdf", "ke-hoach.pdf"):
        again = (tmp_path / "nam-do-son-2026" / name).read_bytes()
        assert again == (pdf_build / "nam-do-son-2026" / name).read_bytes(), name
        assert b"/CreationDate" not in again


def test_a_corrupt_docx_is_named_and_the_others_still_convert(tmp_path):
    good = tmp_path / "tot.docx"
    good.write_bytes((ROOT / "templates" / "quyet-dinh.docx").read_bytes())
    bad = tmp_path / "hong.docx"
    bad.write_bytes(good.read_bytes()[:2000])  # a truncated zip
    result = pdf.convert([bad, good])
    assert result.pdfs == [good.with_suffix(".pdf")]
    assert list(result.failures) == [bad]
    assert not bad.with_suffix(".pdf").exists()
    with pytest.raises(pdf.PdfFailed) as caught:
        pdf.convert_documents([bad])
    assert str(bad) in str(caught.value)


def _run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          env=full_env, cwd=ROOT, timeout=300)


def test_time_limit_kills_the_converter_and_leaves_no_partial_pdf(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out"
    run = _run_cli(["build", str(PLANS / "nam-do-son-2026.yaml"), "-o", str(out), "--pdf"],
                   {"KEHOACH_PDF_TIMEOUT": "0.01", "TMPDIR": str(tmp)})
    assert run.returncode == 1, run.stderr
    assert (out / "nam-do-son-2026" / "ke-hoach.docx").exists()
    assert list(out.rglob("*.pdf")) == []
    assert str(out / "nam-do-son-2026" / "quyet-dinh.docx") in run.stderr
    assert "KEHOACH_PDF_TIMEOUT" in run.stderr
    assert list(tmp.iterdir()) == []  # the work folder and private profile are gone
