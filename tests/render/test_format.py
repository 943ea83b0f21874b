"""Format rules of Nghị định 30/2020 (nd30-the-thuc.md §7, D1–D20) checked in the docx XML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx.enum.section import WD_ORIENT
from helpers import ROOT
from nd30 import W, read

from generator.cli import main
from generator.domain.textwidth import text_width_pt

FIXTURES = ROOT / "tests" / "fixtures" / "plans"
QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"
SO_RE = re.compile(r"^Số: ?(0[1-9]|[1-9]\d+|\s*)/[A-ZĐ][A-Za-zĐđ&]*(-[A-ZĐ][A-Za-zĐđ&]*)+$")
DATE_RE = re.compile(r"^[A-ZĐÀ-Ỹ][^,]*, ngày (0[1-9]|[12]\d|3[01]|\s*) tháng (0[12]|[3-9]|1[0-2]|\s*) năm \d{4}$")
BODY_STYLES = {"NoiDung", "CanCu", "Dieu", "MucLaMa", "MucSo", "NhiemVu"}


@pytest.fixture(scope="module")
def docs(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("fixtures-out")
    for name in ("doc-lap-so", "doc-lap-phuong"):
        assert main(["build", str(FIXTURES / f"{name}.yaml"), "-o", str(out)]) == 0
    return {
        "qd": read(built("nam-do-son-2026") / "quyet-dinh.docx"),
        "kem": read(built("nam-do-son-2026") / "ke-hoach.docx"),
        "kem-phu-luc": read(built("hai-phong-2026") / "ke-hoach.docx"),
        "kh-so": read(out / "doc-lap-so" / "ke-hoach.docx"),
        "kh-phuong": read(out / "doc-lap-phuong" / "ke-hoach.docx"),
    }


ALL = ["qd", "kem", "kem-phu-luc", "kh-so", "kh-phuong"]
SIGNED = ["qd", "kh-so", "kh-phuong"]
ATTACHED = ["kem", "kem-phu-luc"]


@pytest.mark.parametrize("kind", ALL)
def test_d1_d2_a4_and_margins(docs, kind):
    for section in docs[kind].doc.sections:
        sect = section._sectPr
        size, margins = sect.find(W + "pgSz"), sect.find(W + "pgMar")
        w, h = int(size.get(W + "w")), int(size.get(W + "h"))
        m = {k: int(margins.get(W + k)) for k in ("top", "bottom", "left", "right")}
        if section.orientation == WD_ORIENT.LANDSCAPE:
            assert (w, h) == (16838, 11906)
            # the annex is tables only; binding edge on top
            assert 1701 <= m["top"] <= 1985 and 850 <= m["bottom"] <= 1134
            assert 1134 <= m["left"] <= 1418 and 1134 <= m["right"] <= 1418
        else:
            assert (w, h) == (11906, 16838)
            assert 1134 <= m["top"] <= 1418 and 1134 <= m["bottom"] <= 1418
            assert 1701 <= m["left"] <= 1985 and 850 <= m["right"] <= 1134


@pytest.mark.parametrize("kind", ALL)
def test_d3_d4_times_new_roman_black_and_allowed_sizes(docs, kind):
    paras = [p for p in docs[kind].paragraphs if p.text]
    assert {f for p in paras for f in p.fonts} == {"Times New Roman"}
    assert {c for p in paras for c in p.colours} <= {"auto", "000000"}
    assert {s for p in paras for s in p.sizes} <= {20, 22, 24, 26, 28}
    body = {s for p in paras if p.style in BODY_STYLES for s in p.sizes}
    assert len(body) == 1 and body <= {26, 28}


@pytest.mark.parametrize("kind", ALL)
def test_d5_d6_quoc_hieu_and_tieu_ngu(docs, kind):
    d = docs[kind]
    qh, tn = d.find(QH), d.find(TN)
    assert qh.in_table and qh.bold and qh.sizes <= {24, 26} and qh.align == "center"
    assert tn.in_table and tn.bold and tn.align == "center"
    assert tn.sizes == {max(qh.sizes) + 2}
    dates = [p for p in d.paragraphs if DATE_RE.match(p.text)]
    for date in dates:
        assert date.sizes == tn.sizes


@pytest.mark.parametrize("kind", ALL)
def test_d7_issuing_body(docs, kind):
    d = docs[kind]
    names = [p for p in d.paragraphs if p.style == "TenCoQuan"]
    assert names and all(p.text == p.text.upper() and p.bold and p.sizes <= {24, 26} for p in names)
    assert all(p.in_table and p.align == "center" for p in names)
    for sup in (p for p in d.paragraphs if p.style == "CoQuanChuQuan"):
        assert sup.text == sup.text.upper() and not sup.bold and sup.sizes <= {24, 26}


def test_d7_supervising_body_line(docs):
    d = docs["kh-so"]
    sup = d.find("UBND THÀNH PHỐ HẢI PHÒNG")
    assert sup.style == "CoQuanChuQuan" and d.paragraphs[d.index(sup) + 1].text == "SỞ NỘI VỤ"


@pytest.mark.parametrize("kind", SIGNED)
def test_d8_d9_number_and_date_on_one_row(docs, kind):
    d = docs[kind]
    (so,) = d.starting("Số:")
    assert SO_RE.match(so.text) and so.sizes == {26} and not so.bold and so.align == "center"
    (date,) = [p for p in d.paragraphs if DATE_RE.match(p.text)]
    assert date.italic and date.sizes <= {26, 28} and date.align == "center"
    row = so.element._p.getparent().getparent()
    assert date.element._p.getparent().getparent() is row


def test_d9_dates_follow_zero_padding_rule(docs):
    assert docs["kh-so"].starting("Hải Phòng, ngày")[0].text == "Hải Phòng, ngày 05 tháng 02 năm 2026"
    assert docs["kh-so"].starting("Số:")[0].text == "Số: 07/KH-SNV"
    assert re.fullmatch(r"Nam Đồ Sơn, ngày \s+ tháng 01 năm 2026", docs["qd"].starting("Nam Đồ Sơn")[0].text)


@pytest.mark.parametrize("kind", ALL)
def test_d10_type_name_and_summary(docs, kind):
    d = docs[kind]
    (kind_name,) = [p for p in d.paragraphs if p.style == "TenLoai"]
    assert kind_name.text in ("QUYẾT ĐỊNH", "KẾ HOẠCH") and kind_name.bold
    assert kind_name.sizes <= {26, 28} and kind_name.align == "center"
    summary = [p for p in d.paragraphs if p.style == "TrichYeu"]
    assert summary and all(p.bold and p.sizes <= {26, 28} and p.align == "center" for p in summary)
    if kind != "kem-phu-luc":  # the city prints its trích yếu in capitals
        assert all(p.text != p.text.upper() for p in summary)


@pytest.mark.parametrize("kind", ALL)
def test_d12_body_paragraphs(docs, kind):
    body = [p for p in docs[kind].paragraphs if p.style in BODY_STYLES and p.text]
    assert len(body) >= 5
    for p in body:
        assert p.align == "both", p.text
        assert p.first_line in (567, 720), p.text
        assert p.before + p.after >= 120
        assert p.line_rule == "auto" and 240 <= p.line <= 360


def test_d13_grounds_italic_and_punctuated(docs):
    grounds = [p for p in docs["qd"].paragraphs if p.style == "CanCu"]
    assert len(grounds) == 5 and all(p.italic for p in grounds)
    assert all(p.text.endswith(";") for p in grounds[:-1]) and grounds[-1].text.endswith(".")


def test_d14_articles_start_with_bold_dieu(docs):
    articles = [p for p in docs["qd"].paragraphs if p.style == "Dieu"]
    assert [p.text[:7] for p in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    for p in articles:
        first = p.element.runs[0]
        assert first.bold and first.text.startswith("Điều")
    assert articles[-1].text.endswith("./.")


@pytest.mark.parametrize("kind", SIGNED)
def test_d15_signature(docs, kind):
    d = docs[kind]
    titles = [p for p in d.paragraphs if p.style == "ChucVuKy"]
    (name,) = [p for p in d.paragraphs if p.style == "HoTenKy"]
    assert titles and all(p.text == p.text.upper() and p.bold and p.align == "center" for p in titles)
    assert all(p.sizes <= {26, 28} for p in titles)
    assert name.bold and name.text != name.text.upper() and name.align == "center"


def test_d15_authority_lines(docs):
    def lines(kind):
        return [p.text for p in docs[kind].paragraphs if p.style in ("ChucVuKy", "HoTenKy")]

    assert lines("qd") == ["CHỦ TỊCH", "Hoàng Gia Đông"]
    assert lines("kh-phuong") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Thị Bình"]
    assert lines("kh-so") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]


@pytest.mark.parametrize("kind", SIGNED)
def test_d16_noi_nhan(docs, kind):
    d = docs[kind]
    label = d.find("Nơi nhận:")
    assert label.bold and label.italic and label.sizes == {24}
    items = [p for p in d.paragraphs if p.style == "NoiNhan"]
    assert items and all(p.sizes == {22} and not p.bold and p.text.startswith("- ") for p in items)
    assert all(p.text.endswith(";") for p in items[:-1])
    assert re.match(r"^- Lưu: VT.*\.$", items[-1].text)


@pytest.mark.parametrize("kind", ALL)
def test_d17_page_numbers_from_page_two(docs, kind):
    doc = docs[kind].doc
    for section in doc.sections:
        assert section.different_first_page_header_footer
        assert not section.first_page_header.paragraphs[0].text.strip()
        xml = section.header._element.xml
        assert "PAGE" in xml and 'w:val="SoTrang"' in xml
    style = doc.styles["So trang"]
    assert style.paragraph_format.alignment == 1 and style.font.size.pt in (13, 14)


def test_d18_annex_heading(docs):
    d = docs["kem-phu-luc"]
    label = d.find("PHỤ LỤC")
    assert label.bold and label.sizes == {28} and label.align == "center"
    title = d.paragraphs[d.index(label) + 1]
    assert title.text == title.text.upper() and title.bold
    attached = [p for p in d.paragraphs if p.style == "KemTheo"][-1]
    assert attached.text.startswith("(Kèm theo") and attached.italic and attached.align == "center"


def _rule_after(d, para):
    nxt = d.paragraphs[d.index(para) + 1]
    assert set(nxt.text) == {"_"}, nxt.text
    return text_width_pt(nxt.text, 13)


@pytest.mark.parametrize("kind", ALL)
def test_d19_short_rules(docs, kind):
    d = docs[kind]
    tn = d.find(TN)
    assert 0.9 <= _rule_after(d, tn) / text_width_pt(TN, 14, bold=True) <= 1.1
    names = [p for p in d.paragraphs if p.style == "TenCoQuan"]
    widest = max(text_width_pt(p.text, 13, bold=True) for p in names)
    assert 1 / 3 <= _rule_after(d, names[-1]) / widest <= 1 / 2
    summary = [p for p in d.paragraphs if p.style == "TrichYeu"]
    below = d.paragraphs[d.index(summary[-1]) + 1]
    rule = _rule_after(d, below if below.style == "KemTheo" else summary[-1])
    widest = min(467, max(text_width_pt(p.text, 14, bold=True) for p in summary))
    assert 1 / 3 <= rule / widest <= 1 / 2
    annex_titles = [p for p in d.paragraphs if p.style == "TenPhuLuc"]
    if annex_titles:
        widest = max(text_width_pt(p.text, 14, bold=True) for p in annex_titles)
        rule = _rule_after(d, d.paragraphs[d.index(annex_titles[-1]) + 1])
        assert 1 / 3 <= rule / widest <= 1 / 2


@pytest.mark.parametrize("kind", ATTACHED)
def test_d20_attached_plan_has_no_number_or_date(docs, kind):
    d = docs[kind]
    assert not d.starting("Số:")
    assert not [p for p in d.paragraphs if DATE_RE.match(p.text)]
    lines = [p for p in d.paragraphs if re.match(r"\((Ban hành )?[Kk]èm theo Quyết định số", p.text)]
    assert lines  # under the title, and under the annex title when there is one
    assert all(line.italic and line.align == "center" for line in lines)
    assert not [p for p in d.paragraphs if p.style in ("ChucVuKy", "HoTenKy", "NoiNhan")]


def test_standalone_plan_numbering_and_closing(docs):
    d = docs["kh-phuong"]
    texts = [p.text for p in d.paragraphs]
    assert texts[texts.index("KẾ HOẠCH") + 3].startswith("Thực hiện Quyết định số 12/QĐ-UBND")
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts and "II. NHIỆM VỤ CỤ THỂ" in texts
    assert "1.1. Cập nhật chuyên mục cải cách hành chính trên trang thông tin điện tử của phường." in texts
    assert any(t.endswith("để chỉ đạo./.") for t in texts)
    assert d.starting("Số:")[0].text.endswith("/KH-UBND")


def test_multi_year_annex_plan(docs):
    d = docs["kh-so"]
    texts = [p.text for p in d.paragraphs]
    assert "Cải cách hành chính của Sở Nội vụ giai đoạn 2026-2030" in texts
    assert "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2026-2030" in texts
    assert "(Kèm theo Kế hoạch số 07/KH-SNV ngày 05 tháng 02 năm 2026 của Sở Nội vụ)" in texts
    assert "- Kế hoạch của Sở" in texts and "I. Cải cách chế độ công vụ" in texts
    assert [s.orientation for s in d.doc.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]


def test_templates_are_unchanged_by_rendering(built):
    # rendering reads templates, never writes them
    before = {p: p.read_bytes() for p in (ROOT / "templates").glob("*.docx")}
    built("nam-do-son-2026")
    assert before == {p: p.read_bytes() for p in (ROOT / "templates").glob("*.docx")}
    assert Path(ROOT / "templates" / "ke-hoach.docx").exists()
