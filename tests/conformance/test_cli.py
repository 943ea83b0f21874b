"""`kehoach kiem-tra` on the command line: messages, exit codes, folders, JSON, .doc and --pdf."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
from conformance_helpers import CORPUS, needs_soffice

from generator.conformance import check_file


def test_compliant_file_exits_0_with_a_count(kehoach):
    r = kehoach("kiem-tra", CORPUS / "dung-cong-van.docx")
    assert r.code == 0, r.out
    assert r.out.startswith(f"{CORPUS / 'dung-cong-van.docx'}: Công văn — đạt hết: ")
    assert "quy tắc đạt" in r.out and "✗" not in r.out


def test_broken_rule_exits_1_naming_rule_place_and_expectation(kehoach):
    r = kehoach("kiem-tra", CORPUS / "sai-cong-van-v-v-in-dam.docx")
    assert r.code == 1
    assert "Công văn — 1 quy tắc không đạt" in r.out
    assert ("✗ [K4] Trích yếu công văn (V/v) — đoạn 8 «V/v tăng cường tuyên truyền»: trích yếu: in đậm.\n"
            "      Cần: dưới dòng Số, cách 6 pt: «V/v …» chữ in thường, cỡ 12 hoặc 13 pt, chữ đứng, không in đậm, "
            "canh giữa.") in r.out


def test_tat_ca_lists_passed_and_not_applicable_rules(kehoach):
    r = kehoach("kiem-tra", CORPUS / "dung-ke-hoach.docx", "--tat-ca")
    assert "  ✓ [T1] Khổ giấy A4" in r.out and "  ✓ [R3] Dòng «- Lưu: VT, …»" in r.out
    assert "  – [K4] Trích yếu công văn (V/v) (không áp dụng cho văn bản này)" in r.out


@pytest.mark.parametrize("content, message", [
    (b"not a zip", "không phải tệp Word .docx"),
    (None, "không có tệp này"),
])
def test_unreadable_file_exits_2(kehoach, tmp_path, content, message):
    path = tmp_path / "hong.docx"
    if content is not None:
        path.write_bytes(content)
    r = kehoach("kiem-tra", path)
    assert r.code == 2
    assert f"{path}: không đọc được tệp: {message}" in r.err
    assert "Traceback" not in r.err + r.out


def test_zip_that_is_not_a_word_document(kehoach, tmp_path):
    path = tmp_path / "khong-phai-word.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "xin chào")
    r = kehoach("kiem-tra", path)
    assert r.code == 2 and "không đọc được tệp" in r.err


def test_folder_checks_every_word_file_with_a_summary(kehoach, tmp_path):
    for name in ("dung-to-trinh.docx", "sai-dong-luu.docx", "dung-thong-bao.docx"):
        shutil.copyfile(CORPUS / name, tmp_path / name)
    (tmp_path / "ghi-chu.txt").write_text("không phải văn bản")
    (tmp_path / "~$dung-to-trinh.docx").write_bytes(b"word lock file")
    (tmp_path / "hong.docx").write_bytes(b"broken")
    r = kehoach("kiem-tra", tmp_path)
    assert r.code == 2                      # one file unreadable outranks the broken rule
    table = r.out[r.out.index("Tệp "):]
    lines = table.splitlines()
    assert lines[0].split() == ["Tệp", "Loại", "văn", "bản", "Không", "đạt", "Đạt"]
    rows = {line.split()[0].rsplit("/", 1)[-1]: line for line in lines[2:-1]}
    assert set(rows) == {"dung-thong-bao.docx", "dung-to-trinh.docx", "hong.docx", "sai-dong-luu.docx"}
    assert "Thông báo" in rows["dung-thong-bao.docx"] and rows["dung-thong-bao.docx"].split()[-2] == "0"
    assert rows["sai-dong-luu.docx"].split()[-2] == "1"
    assert "không đọc được" in rows["hong.docx"]
    assert lines[-1] == "Tổng: 4 tệp; 2 đạt hết, 1 có quy tắc không đạt, 1 không đọc được."
    (tmp_path / "hong.docx").unlink()
    assert kehoach("kiem-tra", tmp_path).code == 1


def test_empty_folder_or_no_file_exits_2(kehoach, tmp_path):
    r = kehoach("kiem-tra", tmp_path)
    assert r.code == 2 and "Không có tệp Word" in r.err
    r = kehoach("kiem-tra")
    assert r.code == 2 and "Cần ít nhất một tệp" in r.err


def test_json_output(kehoach):
    r = kehoach("kiem-tra", CORPUS / "sai-ngay-thieu-so-0.docx", CORPUS / "dung-quyet-dinh.docx", "--json")
    assert r.code == 1
    data = json.loads(r.out)
    first, second = data["tep"]
    assert first["loai"] == {"ma": "ke_hoach", "ten": "Kế hoạch"}
    (finding,) = first["khong_dat"]
    assert finding["quy_tac"] == "N2" and finding["vi_tri"]["doan"] == 8
    assert finding["vi_tri"]["tu_dau"] == "Nam Đồ Sơn, ngày 5 tháng…"
    assert finding["can"] == "«ngày 05»." and finding["sua_tu_dong"] is True
    assert second["khong_dat"] == [] and "C1" in second["quy_tac_dat"]
    assert data["tong"] == {"so_tep": 2, "dat_het": 1, "co_loi": 1, "khong_doc_duoc": 0}
    assert {r["ma"] for r in data["quy_tac"]} >= {"T1", "N2", "P3"}


def test_rule_list(kehoach):
    r = kehoach("kiem-tra", "--quy-tac")
    assert r.code == 0
    assert "Địa danh, ngày tháng:" in r.out and "[N2] Số 0 trong ngày, tháng (có sửa tự động)" in r.out


def test_help_is_vietnamese(kehoach):
    with pytest.raises(SystemExit):
        kehoach("kiem-tra", "--help")


@needs_soffice
def test_doc_file_is_read_through_libreoffice(kehoach, tmp_path):
    from generator.conformance.office import convert

    docs = {}
    for name in ("dung-cong-van.docx", "sai-ngay-thieu-so-0.docx"):
        shutil.copyfile(CORPUS / name, tmp_path / name)
        docs[name] = convert(tmp_path / name, "doc:MS Word 97", tmp_path / "doc")
    good = check_file(docs["dung-cong-van.docx"])
    assert good.kind_code == "cong_van" and good.error is None
    assert [str(f) for f in good.findings] == []
    assert any(".doc đã được LibreOffice chuyển" in n for n in good.notes)
    bad = check_file(docs["sai-ngay-thieu-so-0.docx"])
    assert [(f.rule.id, f.place.words) for f in bad.findings] == [("N2", "Nam Đồ Sơn, ngày 5 tháng…")]
    r = kehoach("kiem-tra", docs["sai-ngay-thieu-so-0.docx"], "--sua", "-o", tmp_path / "sua.docx")
    assert r.code == 0 and check_file(tmp_path / "sua.docx").findings == []


@needs_soffice
def test_doc_that_libreoffice_cannot_read_exits_2(kehoach, tmp_path):
    path = tmp_path / "hong.doc"
    path.write_bytes(b"\x00" * 100)
    r = kehoach("kiem-tra", path)
    assert r.code == 2 and "không đọc được tệp .doc" in r.err


@needs_soffice
def test_pdf_gives_the_page_of_each_finding(tmp_path):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from conformance_helpers import corpus_module as _corpus_module

    doc = _corpus_module().long_ke_hoach(pages=6)
    target = next(p for p in doc.paragraphs if p.text.startswith("Đoạn 5.2:"))
    target.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    path = tmp_path / "dai.docx"
    doc.save(path)
    report = check_file(path, pdf=True)
    (finding,) = report.findings
    assert finding.rule.id == "B1" and finding.place.words.startswith("Đoạn 5.2:")
    assert report.pages and report.pages >= 4
    import pdfplumber

    from generator.conformance.office import convert

    pdf = convert(path, "pdf:writer_pdf_Export", tmp_path / "pdf")
    with pdfplumber.open(pdf) as document:
        page = next(i for i, p in enumerate(document.pages, start=1) if "Đoạn 5.2:" in (p.extract_text() or ""))
    assert finding.place.page == page and page > 1
    assert f"trang {page}" in str(finding.place)
