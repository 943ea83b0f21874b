"""kehoach so-sanh: the Bảng so sánh for leadership, and the Kế hoạch with tracked changes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from docx.enum.section import WD_ORIENT
from helpers import ROOT, SHARED
from lxml import etree
from nd30 import W, read
from ruamel.yaml.comments import CommentedMap

from generator.domain.textwidth import text_width_pt
from generator.source.editing import edit_text
from generator.yearly.carryover import carry_over

PLAN = ROOT / "plans" / "nam-do-son-2026.yaml"
QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"


def _next_year_with_changes() -> str:
    """The 2027 plan as nam-moi writes it, then edited: one deadline, one word, a new task, one dropped."""
    text = carry_over(PLAN.read_bytes(), str(PLAN), year=2027).text

    def edit(root):
        groups = root["nhiem_vu_cu_the"]
        groups[0]["nhiem_vu"][1]["thoi_gian"] = "Quý II/2027"
        task = groups[2]["nhiem_vu"][4]
        task["san_pham"] = task["san_pham"].replace("theo kế hoạch.", "theo kế hoạch của thành phố.")
        new = CommentedMap()
        new["noi_dung"], new["chu_tri"], new["thoi_gian"] = "Số hóa hồ sơ lưu trữ của phường.", "vp", "Quý III/2027"
        groups[6]["nhiem_vu"].insert(0, new)
        del groups[7]["nhiem_vu"][1]

    return edit_text(text, edit)


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    folder = tmp_path_factory.mktemp("so-sanh")
    new = folder / "nam-do-son-2027.yaml"
    new.write_text(_next_year_with_changes(), encoding="utf-8")
    from generator.cli import main

    assert main(["so-sanh", str(PLAN), str(new), "-o", str(folder / "so-sanh.docx")]) == 0
    return folder / "so-sanh.docx"


def _runs(path):
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out = []
    for r in root.iter(W + "r"):
        rpr = r.find(W + "rPr")
        marks = {el.tag[len(W):] for el in rpr} if rpr is not None else set()
        out.append(("".join(t.text or "" for t in r.iter(W + "t")), marks))
    return out


def test_the_table_marks_new_words_bold_underlined_and_removed_words_struck(comparison):
    d = read(comparison)
    rows = [[c.text for c in row.cells] for row in d.doc.tables[-1].rows]
    assert rows[0] == ["TT", "Nội dung năm trước", "Nội dung năm nay", "Ghi chú"]
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["1.2"][3] == "Sửa thời gian"
    assert "Thời gian: Quý III, IV/2027 (thực hiện theo hướng dẫn)." not in by_number["1.2"][1]  # the old text
    assert "Thời gian: Quý III, IV/2026 (thực hiện theo hướng dẫn)." in by_number["1.2"][1]
    assert "Thời gian: Quý II/2027" in by_number["1.2"][2]
    assert by_number["7.1"][1] == "" and by_number["7.1"][3] == "Bổ sung nhiệm vụ mới"
    assert "Nội dung: Số hóa hồ sơ lưu trữ của phường." in by_number["7.1"][2]
    assert by_number["8.2"][2] == "" and by_number["8.2"][3] == "Bỏ nhiệm vụ"
    assert by_number["3.5"][3] == "Sửa sản phẩm"
    groups = [row[0] for row in rows if len(set(row)) == 1]
    assert groups[:2] == ["C. NHIỆM VỤ CỤ THỂ", "1. Công tác chỉ đạo, điều hành, tuyên truyền CCHC"]
    assert "8. Nâng cao Chỉ số năng lực cạnh tranh (DDCI)" in groups
    runs = _runs(comparison)
    added = {text.strip() for text, marks in runs if {"b", "u"} <= marks and "strike" not in marks}
    removed = {text.strip() for text, marks in runs if "strike" in marks}
    assert "của thành phố" in added and "Số hóa hồ sơ lưu trữ của phường." in added
    assert "II" in added and "III, IV" in removed
    assert any("Tổ chức Hội nghị đối thoại" in text for text in removed)
    assert not any("của thành phố" in text for text in removed)


def test_the_summary_counts_changes_and_says_the_year_moved(comparison):
    texts = [p.text for p in read(comparison).paragraphs]
    assert "BẢNG SO SÁNH" in texts
    assert "Kế hoạch cải cách hành chính phường Nam Đồ Sơn năm 2027 với Kế hoạch năm 2026" in texts
    assert "(Kèm theo dự thảo Kế hoạch cải cách hành chính phường Nam Đồ Sơn năm 2027)" in texts
    intro = next(t for t in texts if t.startswith("So với Kế hoạch"))
    assert "1 nhiệm vụ bổ sung mới, 1 nhiệm vụ bỏ, 2 nhiệm vụ sửa đổi" in intro
    assert any(t.startswith("Năm kế hoạch chuyển từ năm 2026 sang 2027") and "không liệt kê trong bảng" in t
               for t in texts)
    assert any("đánh số lại" in t for t in texts)


def test_nd30_format_like_the_other_documents(comparison):
    d = read(comparison)
    sections = d.doc.sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    for section in sections:
        m = {k: int(section._sectPr.find(W + "pgMar").get(W + k)) for k in ("top", "bottom", "left", "right")}
        if section.orientation == WD_ORIENT.LANDSCAPE:
            assert 1701 <= m["top"] <= 1985 and 850 <= m["bottom"] <= 1134 and 1134 <= m["left"] <= 1418
        else:
            assert 1134 <= m["top"] <= 1418 and 1701 <= m["left"] <= 1985 and 850 <= m["right"] <= 1134
        assert "PAGE" in section.header._element.xml
    assert sections[0].different_first_page_header_footer  # no number on page 1, numbers from page 2 on
    paras = [p for p in d.paragraphs if p.text]
    assert {f for p in paras for f in p.fonts} == {"Times New Roman"}
    assert {s for p in paras for s in p.sizes} <= {20, 22, 24, 26, 28}
    qh, tn = d.find(QH), d.find(TN)
    assert qh.in_table and qh.bold and qh.sizes <= {24, 26} and tn.bold and tn.sizes == {max(qh.sizes) + 2}
    names = [p for p in d.paragraphs if p.style == "TenCoQuan"]
    assert [p.text for p in names] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG NAM ĐỒ SƠN"] and all(p.bold for p in names)
    (kind,) = [p for p in d.paragraphs if p.style == "TenLoai"]
    assert kind.text == "BẢNG SO SÁNH" and kind.bold and kind.sizes == {28} and kind.align == "center"
    summary = [p for p in d.paragraphs if p.style == "TrichYeu"]
    assert summary and all(p.bold and p.align == "center" for p in summary)
    attached = [p for p in d.paragraphs if p.style == "KemTheo"]
    assert attached[0].italic and attached[0].align == "center"
    body = [p for p in d.paragraphs if p.style == "NoiDung" and p.text]
    assert len(body) >= 3 and all(p.align == "both" and p.first_line in (567, 720) for p in body)
    below = d.paragraphs[d.index(attached[0]) + 1]
    assert set(below.text) == {"_"}
    widest = min(467, max(text_width_pt(p.text, 14, bold=True) for p in summary))
    assert 1 / 3 <= text_width_pt(below.text, 13) / widest <= 1 / 2
    assert not d.starting("Số:")  # it goes with the draft plan: no number or date of its own


def test_the_shared_nd30_checker_passes_every_rule_but_the_document_type_names(comparison):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is needed for the PDF checks")
    done = subprocess.run([sys.executable, str(SHARED / "tools" / "nd30check.py"), str(comparison), "--pdf",
                           "--kind", "kem"], capture_output=True, text=True, timeout=300)
    failed = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    # the two rules that only know the types Quyết định / Kế hoạch / Báo cáo and "(Kèm theo Quyết định số …)"
    assert [re.sub(r":.*", "", line.split("docx: ", 1)[1]) for line in failed] == [
        "tên loại văn bản centred bold 13-14 pt", "(Kèm theo Quyết định số …) line italic, centred"]
    assert "PASS so-sanh.docx: PDF text inside ND30 margins" in done.stdout
    assert "PASS so-sanh.docx: PDF page number from page 2, top centre" in done.stdout


def test_same_plans_give_the_same_bytes(comparison, tmp_path):
    from generator.cli import main

    new = comparison.parent / "nam-do-son-2027.yaml"
    assert main(["so-sanh", str(PLAN), str(new), "-o", str(tmp_path / "lai.docx")]) == 0
    assert (tmp_path / "lai.docx").read_bytes() == comparison.read_bytes()


def test_no_change_and_bad_input(kehoach, tmp_path):
    r = kehoach("so-sanh", PLAN, PLAN, "-o", tmp_path / "giong.docx")
    assert r.code == 0
    rows = [[c.text for c in row.cells] for row in read(tmp_path / "giong.docx").doc.tables[-1].rows]
    assert rows[1][1] == "Không có thay đổi về nội dung." and rows[0][1] == "Nội dung bản trước"
    r = kehoach("so-sanh", PLAN, tmp_path / "khong-co.yaml", "-o", tmp_path / "x.docx")
    assert r.code == 2 and "Không tìm thấy tệp" in r.err and not (tmp_path / "x.docx").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice compares the documents")
def test_tracked_changes_are_real_word_revisions(kehoach, tmp_path, comparison):
    new = comparison.parent / "nam-do-son-2027.yaml"
    r = kehoach("so-sanh", PLAN, new, "-o", tmp_path / "so-sanh.docx", "--theo-doi-thay-doi")
    assert r.code == 0, r.err
    tracked = tmp_path / "nam-do-son-2027-theo-doi-thay-doi.docx"
    root = etree.fromstring(zipfile.ZipFile(tracked).read("word/document.xml"))
    inserted = " ".join("".join(t.text or "" for t in el.iter(W + "t")) for el in root.iter(W + "ins"))
    deleted = " ".join("".join(t.text or "" for t in el.iter(W + "delText")) for el in root.iter(W + "del"))
    assert "Số hóa hồ sơ lưu trữ của phường." in inserted and "của thành phố" in inserted
    assert "Tổ chức Hội nghị đối thoại" in deleted and "2026" in deleted and "2027" in inserted
    assert {el.get(W + "author") for el in root.iter(W + "ins", W + "del")} == {"kehoach"}
    assert read(tracked).find("KẾ HOẠCH").bold  # still the Kế hoạch, in its format
    again = tmp_path / "lai"
    assert kehoach("so-sanh", PLAN, new, "-o", again / "so-sanh.docx", "--theo-doi-thay-doi").code == 0
    assert (again / "nam-do-son-2027-theo-doi-thay-doi.docx").read_bytes() == tracked.read_bytes()
