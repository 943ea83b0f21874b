"""`kehoach build`: literal text, byte-identical output, hand edits protected, JSON Schema."""

from __future__ import annotations

import json
import zipfile

import jsonschema
import pytest
from docx import Document
from helpers import ROOT, docx_paragraphs

from generator.commands.schema import schema_text

FIXTURES = ROOT / "tests" / "fixtures" / "plans"


def test_text_from_yaml_renders_literally(kehoach, tmp_path):
    assert kehoach("build", FIXTURES / "doc-lap-phuong.yaml", "-o", tmp_path).code == 0
    text = docx_paragraphs(tmp_path / "doc-lap-phuong" / "ke-hoach.docx")
    assert "- Sản phẩm: Tin, bài <cải cách hành chính> {{ chuyên mục }}." in text
    assert "- Cơ quan phối hợp: Phòng Văn hoá-Xã hội & các tổ dân phố" in text
    assert "b) Tuyên truyền kịp thời, đúng trọng tâm." in text  # **…** became bold, not literal


def test_hdnd_ubnd_ampersand_survives_in_xml(built):
    with zipfile.ZipFile(built("nam-do-son-2026") / "ke-hoach.docx") as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "Văn phòng HĐND&amp;UBND phường" in xml
    assert "{{" not in xml and "{%" not in xml


def test_same_plan_gives_byte_identical_files(kehoach, tmp_path):
    for run in ("a", "b"):
        assert kehoach("build", ROOT / "plans" / "nam-do-son-2026.yaml", "-o", tmp_path / run).code == 0
    for name in ("quyet-dinh.docx", "ke-hoach.docx"):
        a = (tmp_path / "a" / "nam-do-son-2026" / name).read_bytes()
        b = (tmp_path / "b" / "nam-do-son-2026" / name).read_bytes()
        assert a == b
        with zipfile.ZipFile(tmp_path / "a" / "nam-do-son-2026" / name) as zf:
            assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_outputs_open_in_python_docx(built):
    for name in ("quyet-dinh.docx", "ke-hoach.docx"):
        doc = Document(str(built("hai-phong-2026") / name))
        assert doc.paragraphs


def test_hand_edited_output_is_not_overwritten_without_force(kehoach, tmp_path):
    plan = FIXTURES / "doc-lap-phuong.yaml"
    assert kehoach("build", plan, "-o", tmp_path).code == 0
    target = tmp_path / "doc-lap-phuong" / "ke-hoach.docx"
    # unchanged output: rebuilding is fine
    assert kehoach("build", plan, "-o", tmp_path).code == 0
    target.write_bytes(target.read_bytes() + b"edited in Word")
    edited = target.read_bytes()
    result = kehoach("build", plan, "-o", tmp_path)
    assert result.code == 2
    assert str(target) in result.err and "--force" in result.err
    assert target.read_bytes() == edited
    result = kehoach("build", plan, "-o", tmp_path, "--force")
    assert result.code == 0 and target.read_bytes() != edited
    Document(str(target))


def test_unknown_foreign_file_in_output_is_protected(kehoach, tmp_path):
    folder = tmp_path / "doc-lap-phuong"
    folder.mkdir()
    (folder / "ke-hoach.docx").write_bytes(b"not ours")
    result = kehoach("build", FIXTURES / "doc-lap-phuong.yaml", "-o", tmp_path)
    assert result.code == 2 and (folder / "ke-hoach.docx").read_bytes() == b"not ours"


def test_json_schema_rejects_an_unknown_key():
    schema = json.loads(schema_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"nam": 2026, "khong_co": 1}, schema)


def test_no_command_prints_help(kehoach):
    result = kehoach()
    assert result.code == 2 and "các lệnh" in result.out


def test_a_plan_never_overwrites_what_another_plan_of_the_batch_wrote(kehoach, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "ke-hoach.yaml").write_text(
            (FIXTURES / "doc-lap-phuong.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    b = tmp_path / "b" / "ke-hoach.yaml"
    result = kehoach("build", tmp_path / "a" / "ke-hoach.yaml", b, "-o", out)
    assert result.code == 2
    assert f"{b}: sẽ ghi đè {out / 'ke-hoach' / 'ke-hoach.docx'} vừa tạo từ {tmp_path / 'a' / 'ke-hoach.yaml'}" \
        in result.err
    assert result.out.count("Đã ghi") == 1
    # the same file named twice is built once
    result = kehoach("build", tmp_path / "a" / "ke-hoach.yaml", tmp_path / "a" / "ke-hoach.yaml", "-o", out)
    assert result.code == 0 and result.out.count("ke-hoach.docx") == 1
