"""`kiem-tra --sua -o`: a corrected copy, the original untouched; the copy is clean for the rules
the fix claims, and what is left is listed for a person."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest
from conformance_helpers import CORPUS, EXPECTED, corpus_module as _corpus_module, needs_soffice

from generator.conformance import check_file, fix_file

BROKEN = sorted(name for name, e in EXPECTED.items() if e["quy_tac"])


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", BROKEN)
def test_fixed_copy_is_clean_for_what_it_fixes(name, tmp_path):
    e = EXPECTED[name]
    src = tmp_path / name
    shutil.copyfile(CORPUS / name, src)
    before = _sha(src)
    result = fix_file(src, tmp_path / "da-sua.docx")
    assert _sha(src) == before                      # the original is never touched
    left = [f.rule.id for f in result.after.findings]
    if e["sua_duoc"]:
        assert left == [], [str(f) for f in result.after.findings]
        assert result.changes and {rid for rid, _ in result.changes} == {e["quy_tac"]}
    else:
        assert left == [e["quy_tac"]]               # left for a person, nothing else broken
        assert result.changes == []
    assert check_file(tmp_path / "da-sua.docx").kind_code == e["loai"]


def test_cli_lists_changes_and_what_is_left(kehoach, tmp_path):
    fixed = tmp_path / "da-sua.docx"
    r = kehoach("kiem-tra", CORPUS / "sai-ngay-thieu-so-0.docx", "--sua", "-o", fixed)
    assert r.code == 0, r.err
    assert f"Đã ghi {fixed} (bản sửa; tệp gốc {CORPUS / 'sai-ngay-thieu-so-0.docx'} giữ nguyên)." in r.out
    assert "[N2] đoạn 8: «ngày 5» → «ngày 05»" in r.out
    assert "Bản sửa đạt mọi quy tắc được kiểm tra." in r.out
    r = kehoach("kiem-tra", CORPUS / "sai-ho-ten-co-hoc-vi.docx", "--sua", "-o", tmp_path / "b.docx")
    assert r.code == 1
    assert "Không có gì sửa tự động được." in r.out
    assert "Còn lại cần người sửa (1):" in r.out and "[G2] Họ tên người ký" in r.out


def test_fix_of_many_problems_at_once(kehoach, tmp_path):
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document(CORPUS / "dung-ke-hoach.docx")
    s = doc.sections[0]
    s.left_margin, s.top_margin = Mm(20), Mm(15)
    for p in doc.paragraphs:
        for run in p.runs:
            run.font.name = "Arial"
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text.startswith("Nam Đồ Sơn"):
                        p.runs[0].text = "Nam Đồ Sơn, ngày 5 tháng 2 năm 2026"
                    if p.text.startswith("- Lưu"):
                        p.runs[0].text = "- Lưu VT"
                    if p.text.startswith("- ") and not p.text.startswith("- Lưu"):
                        p.runs[0].font.size = Pt(13)
    src = tmp_path / "nhieu-loi.docx"
    doc.save(src)
    assert {f.rule.id for f in check_file(src).findings} == {"L1", "F1", "N2", "R2", "R3"}
    r = kehoach("kiem-tra", src, "--sua", "-o", tmp_path / "sua.docx")
    assert r.code == 0, r.out
    assert "lề trái 20 mm → 30 mm" in r.out and "lề trên 15 mm → 20 mm" in r.out
    assert "«ngày 5» → «ngày 05»" in r.out and "«tháng 2» → «tháng 02»" in r.out
    assert "«- Lưu VT» → «- Lưu: VT.»" in r.out
    assert check_file(tmp_path / "sua.docx").findings == []


def test_never_overwrites_the_original_or_an_existing_file(kehoach, tmp_path):
    src = tmp_path / "a.docx"
    shutil.copyfile(CORPUS / "sai-ngay-thieu-so-0.docx", src)
    before = _sha(src)
    r = kehoach("kiem-tra", src, "--sua", "-o", src)
    assert r.code == 2 and "không ghi đè lên chính tệp gốc" in r.err and _sha(src) == before
    other = tmp_path / "b.docx"
    other.write_bytes(b"keep me")
    r = kehoach("kiem-tra", src, "--sua", "-o", other)
    assert r.code == 2 and "tệp đã có nên không ghi đè" in r.err and other.read_bytes() == b"keep me"
    r = kehoach("kiem-tra", src, "--sua", "-o", other, "--force")
    assert r.code == 0 and other.read_bytes() != b"keep me"


@pytest.mark.parametrize("args, message", [
    (["--sua"], "--sua cần -o TỆP_SỬA.docx"),
    (["-o", "x.docx"], "-o chỉ dùng cùng --sua"),
])
def test_option_mistakes_exit_2(kehoach, tmp_path, args, message):
    r = kehoach("kiem-tra", CORPUS / "dung-ke-hoach.docx", *args)
    assert r.code == 2 and message in r.err


def test_fixed_copy_is_reproducible(tmp_path):
    a = fix_file(CORPUS / "sai-phong-arial.docx", tmp_path / "a.docx")
    b = fix_file(CORPUS / "sai-phong-arial.docx", tmp_path / "b.docx")
    assert a.changes == b.changes
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_json_of_a_fix(kehoach, tmp_path):
    import json

    r = kehoach("kiem-tra", CORPUS / "sai-dong-luu.docx", "--sua", "-o", tmp_path / "x.docx", "--json")
    data = json.loads(r.out)
    assert data["da_sua"] == [{"quy_tac": "R3", "thay_doi": "đoạn 24: «- Lưu VT, VHXH;» → «- Lưu: VT, VHXH.»"}]
    assert data["truoc_khi_sua"]["quy_tac_khong_dat"] == ["R3"]
    assert data["sau_khi_sua"]["khong_dat"] == []


@needs_soffice
def test_page_numbers_added_by_the_fix_print_from_page_two(tmp_path):
    """A 3-page document without page numbers: the fix adds a centred PAGE field from page 2."""
    import pdfplumber

    from generator.conformance.office import convert

    module = _corpus_module()
    doc = module.long_ke_hoach(pages=3)
    for s in doc.sections:
        for part in (s.header, s.first_page_header):
            for p in part.paragraphs:
                for r in list(p._p):
                    if r.tag.endswith("}r"):
                        p._p.remove(r)
    src = tmp_path / "khong-so-trang.docx"
    doc.save(src)
    assert "P1" in {f.rule.id for f in check_file(src).findings}
    result = fix_file(src, tmp_path / "co-so-trang.docx")
    assert result.after.findings == []
    pdf = convert(tmp_path / "co-so-trang.docx", "pdf:writer_pdf_Export", tmp_path / "pdf")
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) >= 3
        for number, page in enumerate(document.pages, start=1):
            top = [w for w in page.extract_words() if w["top"] < 56.7 and re.fullmatch(r"\d+", w["text"])]
            if number == 1:
                assert top == []
            else:
                (word,) = top
                assert word["text"] == str(number)
                assert abs((word["x0"] + word["x1"]) / 2 - (85.0 + (595.3 - 42.5)) / 2) < 6


def test_one_page_document_must_not_number_its_page(tmp_path):
    from docx import Document

    doc = Document(CORPUS / "dung-cong-van.docx")     # one page, number field in the header
    doc.sections[0].different_first_page_header_footer = False
    src = tmp_path / "so-trang-trang-1.docx"
    doc.save(src)
    (finding,) = check_file(src).findings
    assert finding.rule.id == "P2" and "trang đầu có số trang" in finding.problem
    assert fix_file(src, tmp_path / "sua.docx").after.findings == []
