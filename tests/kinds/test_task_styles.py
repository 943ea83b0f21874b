"""One setting switches a plan between numbered task items and the annex table."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx import Document
from helpers import ROOT, docx_paragraphs, table_rows


def _switch(tmp_path, stem: str, style: str):
    text = (ROOT / "plans" / f"{stem}.yaml").read_text(encoding="utf-8")
    old = "trinh_bay_nhiem_vu: muc" if style == "phu_luc" else "trinh_bay_nhiem_vu: phu_luc"
    assert old in text
    path = tmp_path / f"{stem}.yaml"
    path.write_text(text.replace(old, f"trinh_bay_nhiem_vu: {style}"), encoding="utf-8")
    return path


def test_ward_plan_as_annex_table(kehoach, tmp_path):
    plan = _switch(tmp_path, "nam-do-son-2026", "phu_luc")
    assert kehoach("build", plan, "-o", tmp_path / "out").code == 0
    docx = tmp_path / "out" / "nam-do-son-2026" / "ke-hoach.docx"
    text = docx_paragraphs(docx)
    # section IV keeps its heading and sends the reader to the annex (Nghị định 30: the body refers
    # to each phụ lục); the sections after it keep their numbers
    i = text.index("IV. NHIỆM VỤ CỤ THỂ VÀ TRÁCH NHIỆM CỦA CÁC CƠ QUAN, ĐƠN VỊ TRỰC THUỘC")
    assert text[i + 1] == "Danh mục nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này."
    assert text[i + 2] == "V. KINH PHÍ" and "VI. TỔ CHỨC THỰC HIỆN" in text
    assert not any(t.startswith("1.1. ") for t in text)
    rows = table_rows(docx)
    tasks = [r for r in rows if len(r) == 6 and r[0].isdigit()]
    assert [r[0] for r in tasks] == [str(i) for i in range(1, 54)]
    assert tasks[0][2] == "Phòng Văn hóa - Xã hội" and tasks[0][4] == "Quý I/2026"
    groups = [r[0] for r in rows if len(r) == 1]
    assert groups[0] == "I. Công tác chỉ đạo, điều hành, tuyên truyền CCHC" and len(groups) == 8
    assert Document(str(docx)).sections[-1].orientation == WD_ORIENT.LANDSCAPE


def test_city_plan_as_numbered_items(kehoach, tmp_path):
    plan = _switch(tmp_path, "hai-phong-2026", "muc")
    result = kehoach("build", plan, "-o", tmp_path / "out")
    assert result.code == 0
    assert "phu_luc" in result.err  # the annex settings are now unused: warned, not silently dropped
    docx = tmp_path / "out" / "hai-phong-2026" / "ke-hoach.docx"
    text = docx_paragraphs(docx)
    assert "V. NHIỆM VỤ CỤ THỂ" in text
    assert "1.1. Ban hành Kế hoạch cải cách hành chính năm 2026" in text
    assert "+ Thành phố:" in text and "- Cơ quan chủ trì thực hiện: Sở Nội vụ." in text
    assert len(Document(str(docx)).sections) == 1
