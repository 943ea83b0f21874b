"""Word files made the way offices make them: auto-numbering, bold offices, merged cells, TCVN3."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from nhap_support import FIXTURES, imported  # noqa: F401 (imported: a fixture)

from generator.importing.legacy import from_tcvn3
from generator.importing.sources import Para, Table, read

WARD = FIXTURES / "phuong-ke-hoach-2026.docx"
DEPARTMENT = FIXTURES / "so-quyet-dinh-ke-hoach-2026.docx"


def soffice_lines(path, tmp_path) -> list[str]:
    """Return the text LibreOffice shows for `path` (`soffice --cat`), numbering labels included."""
    profile = tmp_path / "profile"
    out = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--cat", str(path)],
                         capture_output=True, timeout=180, check=True)
    text = out.stdout.decode("utf-8").lstrip("\ufeff")
    return [line.strip() for line in text.splitlines() if line.strip()]


def our_lines(path) -> list[str]:
    lines = []
    for block in read(str(path)).blocks:
        paras = [block] if isinstance(block, Para) else [p for row in block.rows for c in row if not c.continued
                                                          for p in c.paras]
        for p in paras:
            if p.full:
                lines.append(p.full)
    return lines


def _labels(lines: list[str]) -> list[str]:
    """Return the number labels opening lines ("IV.", "1.2.", "a)", "5"), bullets as one mark."""
    out = []
    for line in lines:
        m = re.match(r"^([IVX]+\.|\d+(?:\.\d+)*\.?|[a-zđ]\))(?=\s|$)|^([-•◦+])\s", line)
        if m:
            out.append(m.group(1) or "•")
    return out


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice không có trên máy")
@pytest.mark.parametrize("path", [WARD, DEPARTMENT], ids=lambda p: p.stem)
def test_numbering_labels_are_those_word_shows(path, tmp_path):
    """`soffice --cat` prints the labels Word draws: ours, computed from numbering.xml, must agree."""
    oracle = [line for line in soffice_lines(path, tmp_path) if not re.fullmatch(r"[a-zA-Z]*", line)]
    ours = our_lines(path)
    assert _labels(ours) == _labels(oracle)
    # LibreOffice shows TCVN3 text as its Latin-1 letters ("kinh phÝ"): compare the Unicode lines
    numbered = [x for x in oracle if re.match(r"^(?:[IVX]+\.|\d+\.\d+\.|[a-e]\)) ", x)]
    assert len(numbered) >= 7
    for line in numbered:
        assert line in ours or from_tcvn3(line, upper=True) in ours, line


def test_ward_plan_structure(imported):
    result, folder = imported(WARD)
    plan = result.plan
    assert plan.decision is None                                      # standalone Kế hoạch
    doc = plan.document
    assert (doc.number, doc.date.as_date().isoformat()) == ("15", "2026-01-10")
    assert (doc.signer.authority, doc.signer.title, doc.signer.name) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                                                                        "Nguyễn Văn Bình")
    assert doc.recipients == ("Sở Nội vụ thành phố", "TT Đảng ủy, HĐND phường") and doc.archive == "VT, VHXH"
    assert [s.title for s in doc.sections] == ["MỤC ĐÍCH, YÊU CẦU", "CHỈ TIÊU CHỦ YẾU", "NHIỆM VỤ, GIẢI PHÁP",
                                              "NHIỆM VỤ CỤ THỂ", "KINH PHÍ", "TỔ CHỨC THỰC HIỆN"]
    assert doc.letters == "latinh_khong_d"                            # Word's a) b) c) d) e): no "đ"
    assert [t.code for t in plan.tasks] == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    t = plan.tasks[1]
    assert t.lead.text == "Phòng Văn hoá-Xã hội" and t.lead.keys == ("vhxh",)
    assert t.products == ("Kế hoạch kiểm tra;", "Báo cáo kết quả kiểm tra.") and t.products_as_list
    assert plan.issuer.name == "Ủy ban nhân dân phường Lê Chân" and plan.issuer.place == "Lê Chân"


def test_ward_plan_legacy_text_and_bold_offices(imported):
    result, folder = imported(WARD)
    text = result.yaml_text
    assert "Tiếp tục nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức phường." in text   # .VnTime
    assert 'tieu_de: "KINH PHÍ"' in text                                                         # .VnTimeH
    assert "*đề cao trách nhiệm người đứng đầu*" in text                                          # italic run
    assert "# (không in) Kinh phí: Ngân sách phường." in text                                    # kept, reported
    assert "Kinh phí" in result.report.render("x") and "TCVN3" in result.report.render("x")
    # "Văn phòng HĐND và UBND phường" and "Văn phòng HĐND&UBND phường" are one office
    assert result.plan.registry.find_in("Văn phòng HĐND và UBND phường") == ("vp",)
    assert result.plan.tasks[2].lead_keys == result.plan.tasks[4].lead_keys == ("vp",)


def test_department_plan_header_decision_and_annex(imported):
    result, folder = imported(DEPARTMENT)
    plan = result.plan
    assert plan.issuer.supervisor == "UBND THÀNH PHỐ HẢI PHÒNG" and plan.issuer.name == "Sở Nội vụ"
    assert plan.issuer.abbreviation == "SNV"
    d = plan.decision
    assert (d.number, d.authority) == ("25", "GIÁM ĐỐC SỞ NỘI VỤ")
    assert (d.signer.authority, d.signer.title, d.signer.name) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Hoa")
    assert len(d.grounds) == 2 and d.proposal == "Theo đề nghị của Trưởng phòng Cải cách hành chính"
    assert plan.layout.in_annex
    assert [g.title for g in plan.groups] == ["Chỉ đạo điều hành", "Cải cách thủ tục hành chính"]
    tasks = plan.tasks
    assert [t.seq for t in tasks] == [1, 2, 3, 4, 5, 6]               # Word numbered 5, 6 by a start override
    # the lead cell merged down three rows gives the three tasks the same office
    assert [t.lead.text for t in tasks[:3]] == ["Phòng Cải cách hành chính"] * 3
    assert [(p.content, p.lead.text, p.deadline) for p in tasks[3].parts] == [
        ("Cấp Sở", "Văn phòng Sở", "Tháng 01/2026"), ("Cấp phòng", "Các phòng thuộc Sở", "Tháng 02/2026")]
    assert tasks[1].products == ("Kế hoạch kiểm tra", "Báo cáo kết quả")
    # the date written 05/01/2026 prints 5/1/2026: said in the report
    assert "5/1/2026" in result.report.render("x")


def test_department_plan_builds_the_same_table(imported):
    from helpers import table_rows

    result, folder = imported(DEPARTMENT)
    rows = table_rows(folder / "ke-hoach.docx")
    assert rows[1] == ["I. Chỉ đạo điều hành"]
    assert rows[2] == ["1", "Ban hành Kế hoạch tuyên truyền cải cách hành chính", "Phòng Cải cách hành chính",
                       "Văn phòng Sở", "Quý I/2026", "Kế hoạch"]
    assert rows[6][:3] == ["", "- Cấp Sở", "Văn phòng Sở"]
    assert rows[9][0] == "5"


def test_tables_keep_merges(tmp_path):
    doc = read(str(DEPARTMENT))
    table = [b for b in doc.blocks if isinstance(b, Table)][-1]
    assert table.rows[1][0].span == 6
    assert table.rows[3][2].continued and table.rows[3][2].text == "Phòng Cải cách hành chính"


def test_vni_runs_are_converted_by_font(tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    from generator.importing.legacy import to_vni

    doc = Document()
    p = doc.add_paragraph()
    p.add_run("Kế hoạch: ")
    run = p.add_run(to_vni("Ủy ban nhân dân phường Đồ Sơn tổ chức thực hiện"))
    run.font.name = "VNI-Times"
    run.element.rPr.rFonts.set(qn("w:hAnsi"), "VNI-Times")
    path = tmp_path / "vni.docx"
    doc.save(str(path))
    parsed = read(str(path))
    assert parsed.blocks[0].full == "Kế hoạch: Ủy ban nhân dân phường Đồ Sơn tổ chức thực hiện"
    assert any("VNI" in n for n in parsed.notes)
