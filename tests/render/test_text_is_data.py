"""Text from a plan is data: it prints as written, never runs as template code and never
breaks the .docx XML. User templates (KEHOACH_TEMPLATES) run in the Jinja sandbox."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import write_plan
from docx import Document
from docx.oxml.ns import qn
from helpers import CORPUS, user_templates
from lxml import etree

BASE = (CORPUS / "_hop-le.yaml").read_text(encoding="utf-8")

# Each is put in a different kind of field: paragraph, heading, point, task, offices,
# product, deadline wording, signer (a table cell), title, legal basis, recipients.
HOSTILE = {
    "jinja": "Giá trị {{ nam }} và {{ 7 * 7 }} in nguyên văn",
    "jinja_block": "Khối {% for x in range(3) %}{{ x }}{% endfor %} in nguyên văn",
    "jinja_comment": "Chú thích {# không ẩn #} vẫn in",
    "docxtpl_escape": "Mẫu {_{ a }_} và {_% b %_} giữ nguyên",
    "docxtpl_tags": "Thẻ {%p if 1 %} {%tr for x in y %} {{r x }} {%- raw -%} in nguyên văn",
    "xml": "Thẻ <w:t>x</w:t> <w:p/> ]]> <![CDATA[ y ]]> &amp; &lt;b&gt; in nguyên văn",
    "ampersand": "HĐND & UBND, A&B, &nbsp; &#123; in nguyên văn",
    "quotes": "Dấu \"kép\" và 'đơn' và “cong” ‘cong’",
    "rtl_marks": "Dấu hướng \u200f và \u200e vẫn giữ, chữ ערבית عربي in được",
    "braces_edges": "{ { } } {{ }} {% %} %} {_ _} {",
}

FIELDS = {
    "jinja": ('"Tiếp tục triển khai cải cách hành chính."', "diem"),
    "jinja_block": ('"Mục đích"', "muc"),
    "jinja_comment": ('"Kiểm tra công tác cải cách hành chính."', "noi_dung nhiệm vụ"),
    "docxtpl_escape": ('"Các cơ quan, đơn vị trực thuộc có liên quan."', "phoi_hop"),
    "docxtpl_tags": ('"Kế hoạch của UBND phường."', "san_pham"),
    "xml": ('"Hoàng Gia Đông"', "ho_ten (ô bảng)"),
    "ampersand": ('"Cải cách hành chính phường Nam Đồ Sơn năm 2026"', "trich_yeu"),
    "quotes": ('"Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025"', "can_cu"),
    "rtl_marks": ('"Sở Nội vụ thành phố Hải Phòng"', "noi_nhan"),
    "braces_edges": ('"Nâng cao hiệu quả phục vụ."', "diem"),
}


def hostile_plan() -> str:
    text = BASE
    for key, (old, _) in FIELDS.items():
        assert old in text, old
        text = text.replace(old, json.dumps(HOSTILE[key], ensure_ascii=False), 1)
    return text


def all_text(path: Path) -> str:
    """Return every w:t text of the document body and its headers/footers, joined."""
    doc = Document(str(path))
    parts = [doc.element.body] + [s.header._element for s in doc.sections] + [s.footer._element for s in doc.sections]
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for part in parts for p in part.iter(qn("w:p")))


def strict_xml_parts(path: Path) -> int:
    """Parse every XML part of the package with a strict parser; return how many."""
    count = 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name), etree.XMLParser(recover=False, resolve_entities=False))
                count += 1
    return count


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    from generator.cli import main

    folder = tmp_path_factory.mktemp("hostile")
    plan = write_plan(folder, hostile_plan(), "du-lieu.yaml")
    assert main(["build", str(plan), "-o", str(folder / "ra")]) == 0
    return folder / "ra" / "du-lieu"


@pytest.mark.parametrize("key", HOSTILE)
def test_hostile_text_prints_literally(hostile_build, key):
    text = all_text(hostile_build / "ke-hoach.docx") + all_text(hostile_build / "quyet-dinh.docx")
    assert HOSTILE[key] in text, FIELDS[key][1]


def test_template_code_in_data_is_not_evaluated(hostile_build):
    text = all_text(hostile_build / "ke-hoach.docx")
    assert "49" not in text and "012" not in text
    assert "Giá trị 2026" not in text


@pytest.mark.parametrize("name", ["ke-hoach.docx", "quyet-dinh.docx"])
def test_hostile_text_keeps_the_xml_well_formed(hostile_build, name):
    assert strict_xml_parts(hostile_build / name) > 5


def test_docxtpl_brace_escapes_in_data_survive(kehoach, tmp_path):
    """docxtpl turns "{_{" into "{{" after rendering; data must be immune to it."""
    value = "{_{x}_} {_%y%_} {_{ {_% %_} }_}"
    plan = write_plan(tmp_path, BASE.replace('"Mục đích"', json.dumps(value)))
    assert kehoach("build", plan, "-o", tmp_path / "ra").code == 0
    assert f"1. {value}" in all_text(tmp_path / "ra" / plan.stem / "ke-hoach.docx")


@pytest.mark.parametrize(("escape", "code"), [("\\a", "U+0007"), ("\\x1b", "U+001B"), ("\\0", "U+0000"),
                                               ("\\u202e", "U+202E"), ("\\x85", "U+0085")])
def test_control_characters_written_as_escapes_are_refused(kehoach, tmp_path, escape, code):
    plan = write_plan(tmp_path, BASE.replace('"Mục đích"', f'"Mục{escape}đích"'))
    result = kehoach("build", plan, "-o", tmp_path / "ra")
    assert result.code == 2
    assert f"{plan}:29: lỗi [ke_hoach.noi_dung[0].noi_dung[0].muc]: Chuỗi chứa" in result.err
    assert f"({code})" in result.err
    assert not (tmp_path / "ra").exists()


def test_tabs_and_line_breaks_in_values_become_spaces(kehoach, tmp_path):
    plan = write_plan(tmp_path, BASE.replace('"Mục đích"', '"Mục\\tđích\\nchung"'))
    assert kehoach("build", plan, "-o", tmp_path / "ra").code == 0
    assert "1. Mục đích chung" in all_text(tmp_path / "ra" / plan.stem / "ke-hoach.docx")


# --- user templates in the sandbox -----------------------------------------------------
def template_folder(tmp_path: Path, payload: str | None) -> Path:
    """Return a copy of the bundled templates; with `payload`, ke-hoach.docx opens with it."""
    return user_templates(tmp_path / "mau", payload)


def test_a_copied_template_folder_is_used(kehoach, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_TEMPLATES", str(template_folder(tmp_path, "Mẫu riêng của phường {{ 1 + 1 }}")))
    plan = write_plan(tmp_path, BASE)
    result = kehoach("build", plan, "-o", tmp_path / "ra")
    assert result.code == 0, result.err
    assert "Mẫu riêng của phường 2" in all_text(tmp_path / "ra" / plan.stem / "ke-hoach.docx")


ESCAPES = {
    "mro": "{{ ''.__class__.__mro__ }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ cycler.__init__.__globals__ }}",
    "lipsum": "{{ lipsum.__globals__['os'].system('id') }}",
    "context": "{{ self._TemplateReference__context }}",
    "format": "{{ '{0.__class__}'.format('') }}",
    "attr_filter": "{{ ''|attr('__class__') }}",
    "huge_string": "{{ 'x' * 1000000000 }}",
    "huge_power": "{{ 2 ** 100000000 }}",
}


@pytest.mark.parametrize("payload", ESCAPES.values(), ids=ESCAPES.keys())
def test_template_reaching_python_internals_is_stopped(kehoach, tmp_path, monkeypatch, payload):
    folder = template_folder(tmp_path, payload)
    monkeypatch.setenv("KEHOACH_TEMPLATES", str(folder))
    plan = write_plan(tmp_path, BASE)
    result = kehoach("build", plan, "-o", tmp_path / "ra")
    assert result.code == 2, result.err
    assert f"Mẫu {folder / 'ke-hoach.docx'} bị chặn" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "ra").exists()


@pytest.mark.parametrize(("payload", "fragment"), [
    ("{{ khong_co_bien_nay }}", "dùng biến không có trong dữ liệu"),
    ("{{ a b }}", "có thẻ sai cú pháp"),
    ("{% include 'x.xml' %}", "lỗi khi điền dữ liệu"),
    ("{{ 1 / 0 }}", "lỗi khi điền dữ liệu"),
])
def test_broken_user_template_is_a_clear_error(kehoach, tmp_path, monkeypatch, payload, fragment):
    folder = template_folder(tmp_path, payload)
    monkeypatch.setenv("KEHOACH_TEMPLATES", str(folder))
    plan = write_plan(tmp_path, BASE)
    result = kehoach("build", plan, "-o", tmp_path / "ra")
    assert result.code == 2, result.err
    assert f"Mẫu {folder / 'ke-hoach.docx'} {fragment}" in result.err
    assert not (tmp_path / "ra").exists()


def test_template_that_is_not_a_docx_is_a_clear_error(kehoach, tmp_path, monkeypatch):
    folder = template_folder(tmp_path, None)
    (folder / "ke-hoach.docx").write_text("không phải docx", encoding="utf-8")
    monkeypatch.setenv("KEHOACH_TEMPLATES", str(folder))
    plan = write_plan(tmp_path, BASE)
    result = kehoach("build", plan, "-o", tmp_path / "ra")
    assert result.code == 2
    assert "không phải tệp .docx hợp lệ" in result.err
