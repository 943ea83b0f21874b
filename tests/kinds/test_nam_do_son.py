"""The ward plan reproduces the Nam Đồ Sơn 2026 reference word for word."""

from __future__ import annotations

import difflib

from docx import Document
from helpers import docx_paragraphs, reference_paragraphs

REF = "nam-do-son-ke-hoach-cchc-2026.txt"
HEADER = ["ỦY BAN NHÂN DÂN", "PHƯỜNG NAM ĐỒ SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Độc lập - Tự do - Hạnh phúc"]


def _assert_same(reference: list[str], generated: list[str]) -> None:
    diff = "\n".join(difflib.unified_diff(reference, generated, "tham chiếu", "sinh ra", lineterm="", n=1))
    assert reference == generated, diff


def test_quyet_dinh_matches_reference_paragraph_by_paragraph(built):
    reference = reference_paragraphs(REF, r"^Số:", r"^Hoàng Gia Đông$")
    generated = docx_paragraphs(built("nam-do-son-2026") / "quyet-dinh.docx")
    assert generated[:4] == HEADER  # the header block the text extraction lost
    _assert_same(reference, generated[4:])


def test_ke_hoach_matches_reference_paragraph_by_paragraph(built):
    reference = reference_paragraphs(REF, r"^KẾ HOẠCH$")
    generated = docx_paragraphs(built("nam-do-son-2026") / "ke-hoach.docx")
    assert generated[:4] == HEADER
    _assert_same(reference, generated[4:])


def test_every_task_of_section_iv_is_present(built):
    text = docx_paragraphs(built("nam-do-son-2026") / "ke-hoach.docx")
    codes = [p.split(" ", 1)[0] for p in text if p[:1].isdigit() and p.split(" ", 1)[0].count(".") == 2]
    expected = [f"{g}.{t}." for g, n in enumerate([5, 7, 18, 6, 3, 4, 8, 2], start=1) for t in range(1, n + 1)]
    assert codes == expected


def test_lead_office_is_bold_as_in_reference(built):
    doc = Document(str(built("nam-do-son-2026") / "ke-hoach.docx"))
    lead = [p for p in doc.paragraphs if p.text.startswith("- Cơ quan chủ trì")]
    assert len(lead) == 53
    for p in lead:
        label, office = p.runs[0], p.runs[-1]
        assert not label.bold and office.bold, p.text
        assert office.text.endswith(".")


def test_emphasis_markup_becomes_italic(built):
    doc = Document(str(built("nam-do-son-2026") / "ke-hoach.docx"))
    runs = [r for p in doc.paragraphs for r in p.runs if "Bình dân học vụ số" in r.text]
    assert runs and all(r.italic for r in runs)
    assert not any("*" in p.text for p in doc.paragraphs)
