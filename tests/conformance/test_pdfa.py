"""`--pdfa`: PDF/A-2b from every rendering command — claimed part and conformance, every font
embedded, the document's metadata, fixed XMP dates (two runs give the same bytes), and a
Vietnamese warning when Times New Roman came out without Vietnamese letters."""

from __future__ import annotations

import struct
from pathlib import Path

import pikepdf
import pytest
from conformance_helpers import CORPUS, needs_soffice
from helpers import ROOT

from generator.run import pdf, pdfa
from generator.cli import main

PLANS = ROOT / "plans"


def _fonts(doc: pikepdf.Pdf) -> list[tuple[str, bool]]:
    out = []
    for page in doc.pages:
        for _, font in page.Resources.get("/Font", {}).items():
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            files = ("/FontFile", "/FontFile2", "/FontFile3")
            embedded = descriptor is not None and any(k in descriptor for k in files)
            out.append((str(font.BaseFont), embedded))
    return out


def _pdfa_facts(path: Path) -> dict:
    with pikepdf.open(path) as doc:
        assert doc.check_pdf_syntax() == [] and doc.get_warnings() == []
        meta = doc.open_metadata()
        icc = doc.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        return {
            "status": meta.pdfa_status,
            "part": meta.get("pdfaid:part"), "conformance": meta.get("pdfaid:conformance"),
            "title": meta.get("dc:title"), "author": meta.get("dc:creator"), "subject": meta.get("dc:description"),
            "info": {k: str(v) for k, v in doc.docinfo.items()},
            "created": meta.get("xmp:CreateDate"),
            "icc_date": struct.unpack(">6H", icc[24:36]),
            "fonts": _fonts(doc),
        }


@pytest.fixture(scope="module")
def pdfa_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdfa")
    plans = [PLANS / "nam-do-son-2026.yaml", PLANS / "hai-phong-2026.yaml",
             ROOT / "tests" / "fixtures" / "plans" / "doc-lap-so.yaml"]
    assert main(["build", *map(str, plans), "-o", str(out / "a"), "--pdfa"]) == 0
    assert main(["build", *map(str, plans), "-o", str(out / "b"), "--pdfa"]) == 0
    assert main(["build", *map(str, plans), "-o", str(out / "docx-only")]) == 0
    return out


@needs_soffice
def test_pdfa_2b_claimed_with_every_font_embedded(pdfa_build):
    pdfs = sorted((pdfa_build / "a").glob("*/*.pdf"))
    assert len(pdfs) == 5
    for path in pdfs:
        facts = _pdfa_facts(path)
        assert facts["status"] == "2B" and facts["part"] == "2" and facts["conformance"] == "B"
        assert facts["fonts"] and all(embedded for _, embedded in facts["fonts"]), facts["fonts"]
        assert all("LiberationSerif" in name or "TimesNewRoman" in name for name, _ in facts["fonts"])


@needs_soffice
def test_pdfa_metadata_comes_from_the_document(pdfa_build):
    qd = _pdfa_facts(pdfa_build / "a" / "nam-do-son-2026" / "quyet-dinh.pdf")
    assert qd["title"] == "Quyết định Ban hành Kế hoạch cải cách hành chính phường Nam Đồ Sơn năm 2026"
    assert qd["author"] == ["ỦY BAN NHÂN DÂN PHƯỜNG NAM ĐỒ SƠN"]
    assert qd["subject"] == "/QĐ-UBND"            # not numbered yet: the ký hiệu only
    assert qd["info"]["/Title"] == qd["title"] and qd["info"]["/Author"] == qd["author"][0]
    assert qd["info"]["/Subject"] == "/QĐ-UBND"
    city = _pdfa_facts(pdfa_build / "a" / "hai-phong-2026" / "quyet-dinh.pdf")
    assert city["subject"] == "5256/QĐ-UBND" and city["author"] == ["ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"]
    so = _pdfa_facts(pdfa_build / "a" / "doc-lap-so" / "ke-hoach.pdf")
    assert so["title"] == "Kế hoạch Cải cách hành chính của Sở Nội vụ giai đoạn 2026-2030"
    assert so["author"] == ["SỞ NỘI VỤ"] and so["subject"] == "07/KH-SNV"
    attached = _pdfa_facts(pdfa_build / "a" / "nam-do-son-2026" / "ke-hoach.pdf")
    assert attached["subject"].startswith("Ban hành kèm theo Quyết định số")


@needs_soffice
def test_pdfa_dates_are_the_documents_and_bytes_repeat(pdfa_build):
    for path in sorted((pdfa_build / "a").glob("*/*.pdf")):
        again = pdfa_build / "b" / path.relative_to(pdfa_build / "a")
        assert path.read_bytes() == again.read_bytes(), path
        facts = _pdfa_facts(path)
        assert facts["created"] == "2026-01-01T00:00:00Z"       # the .docx's own date, not the clock
        assert facts["icc_date"] == (2026, 1, 1, 0, 0, 0)
        assert "/CreationDate" not in facts["info"]


@needs_soffice
def test_pdfa_leaves_the_docx_unchanged(pdfa_build):
    for docx in sorted((pdfa_build / "docx-only").glob("*/*.docx")):
        assert docx.read_bytes() == (pdfa_build / "a" / docx.relative_to(pdfa_build / "docx-only")).read_bytes()


@needs_soffice
@pytest.mark.parametrize("command", [
    ["outline", "--don-vi", "Phường Lê Chân"],
    ["report", str(ROOT / "reports" / "nam-do-son-2026.yaml")],
    ["phan-cong", str(PLANS / "nam-do-son-2026.yaml"), "--co-quan", "vhxh"],
    ["tien-do", str(PLANS / "nam-do-son-2026.yaml"), "--ky", "quy-1"],
])
def test_every_rendering_command_writes_pdfa(command, tmp_path, capsys):
    assert main([*command, "-o", str(tmp_path), "--pdfa"]) == 0
    (path,) = tmp_path.rglob("*.pdf")
    facts = _pdfa_facts(path)
    assert facts["status"] == "2B" and all(e for _, e in facts["fonts"])
    assert facts["author"] and facts["title"]
    assert f"Đã ghi {path}" in capsys.readouterr().out


LIBERATION_1 = Path("/usr/share/fonts/truetype/liberation")


@needs_soffice
@pytest.mark.skipif(not (LIBERATION_1 / "LiberationSerif-Regular.ttf").exists()
                    or not Path("/usr/share/fonts/truetype/dejavu").exists(),
                    reason="cần Liberation bản 1 (thiếu Ư, Ơ) và DejaVu để dựng máy thiếu phông")
def test_warning_when_times_substitute_lacks_vietnamese(tmp_path, monkeypatch, capsys):
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<dir>{LIBERATION_1}</dir><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path / 'cache'}</cachedir>
<include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>""", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    assert main(["phan-cong", str(PLANS / "nam-do-son-2026.yaml"), "--co-quan", "vhxh", "-o", str(tmp_path),
                 "--pdfa"]) == 0
    err = capsys.readouterr().err
    (path,) = tmp_path.rglob("*.pdf")
    assert (f"cảnh báo: {path}: phông thay cho Times New Roman trên máy này thiếu chữ tiếng Việt (Ư, Ơ…), "
            "LibreOffice đã mượn phông DejaVuSerif cho các chữ đó.") in err
    with pikepdf.open(path) as doc:
        assert any("DejaVu" in name for name, _ in _fonts(doc))


def test_no_warning_for_times_or_its_metric_twin():
    assert pdfa.font_problem(b"/BaseFont/BAAAAA+LiberationSerif-Bold /BaseFont/TimesNewRomanPSMT") is None
    assert pdfa.font_problem(b"/BaseFont/BAAAAA+LiberationSerif /BaseFont/CAAAAA+DejaVuSerif-Bold") == \
        ("mượn", "DejaVuSerif")
    assert pdfa.font_problem(b"/BaseFont/BAAAAA+DejaVuSerif") == ("thay", "DejaVuSerif")
    assert pdfa.font_problem(b"/BaseFont/LiberationSerif /BaseFont/OpenSymbol") is None


def test_metadata_of_a_cong_van():
    meta = pdfa.metadata(CORPUS / "dung-cong-van.docx")
    assert meta == {"title": "Công văn V/v tăng cường tuyên truyền cải cách hành chính năm 2026",
                    "author": "ỦY BAN NHÂN DÂN PHƯỜNG NAM ĐỒ SƠN", "subject": "125/UBND-VHXH"}


def test_pdfa_needs_libreoffice_when_only_word_is_there(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "find_converter", lambda: ("word", ""))
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(pdf.PdfError, match="--pdfa cần LibreOffice"):
        pdf.convert([CORPUS / "dung-cong-van.docx"], pdfa=True)
