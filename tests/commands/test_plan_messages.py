"""Messages for the shapes of real plans: a typo inside a block, a block at the wrong level, a field
that does nothing where it is written, footnote markers, a plan whose task list is another document.

Each message names file, line and field and says what to write instead; warnings never stop a build.
"""

from __future__ import annotations

import pytest
from conftest import write_plan
from helpers import FIXTURES

GOOD = (FIXTURES / "plans" / "doc-lap-phuong.yaml").read_text(encoding="utf-8")
NOTES = (FIXTURES / "plans" / "xa-chu-thich.yaml").read_text(encoding="utf-8")
POINTS = '        - diem: ["Nâng cao nhận thức về cải cách hành chính.", "Tuyên truyền kịp thời, đúng **trọng tâm**."]\n'
assert POINTS in GOOD


def _points(yaml: str) -> str:
    """The good plan with its list of points replaced by `yaml` (indented as a block of section I)."""
    return GOOD.replace(POINTS, yaml)


ERRORS = [
    ("a typo inside a point",
     _points('        - diem:\n            - tieu_de: "Mục tiêu"\n              noi_dun: ["Nâng cao nhận thức."]\n'),
     "ke_hoach.noi_dung[0].noi_dung[0].diem[0].noi_dun",
     "Trường 'noi_dun' không dùng trong một mục. Có phải ý bạn là 'noi_dung'?"),
    ("a typo in a block's kind",
     _points('        - diemm: ["Nâng cao nhận thức."]\n'),
     "ke_hoach.noi_dung[0].noi_dung[0]",
     "Trường 'diemm' không dùng trong khối nội dung. Có phải ý bạn là 'diem'?"),
    ("dashes directly in a lettered list",
     _points('        - diem:\n            - "Mục tiêu"\n            - gach: ["Nâng cao nhận thức."]\n'),
     "ke_hoach.noi_dung[0].noi_dung[0].diem[1]",
     "Khối 'gach' không đặt trực tiếp trong danh sách 'diem'"),
    ("dashes beside the title of a point",
     _points('        - diem:\n            - tieu_de: "Mục tiêu"\n              gach: ["Nâng cao nhận thức."]\n'),
     "ke_hoach.noi_dung[0].noi_dung[0].diem[0].gach",
     "Khối 'gach' dưới một mục phải nằm trong 'noi_dung' của mục đó: noi_dung: [{gach: [...]}]."),
    ("dashes at the level of a section",
     GOOD.replace('    - tieu_de: "NHIỆM VỤ CỤ THỂ"\n',
                  '    - tieu_de: "NHIỆM VỤ CỤ THỂ"\n      gach: ["Một dòng."]\n'),
     "ke_hoach.noi_dung[1].gach",
     "Trường 'gach' không đặt ở đây. Khối 'gach' của một mục lớn đặt trong 'noi_dung' của mục đó"),
    ("a point outside a list",
     _points('        - tieu_de: "Mục tiêu"\n          noi_dung: ["Nâng cao nhận thức."]\n'),
     "ke_hoach.noi_dung[0].noi_dung[0]",
     "là một mục của danh sách (diem, so, gach, cong), không đứng riêng được"),
    ("an abbreviation with spaces",
     GOOD.replace('viet_tat: "UBND"', 'viet_tat: "ub nd"'),
     "co_quan_ban_hanh.viet_tat",
     "Cần: chữ cái không dấu (A–Z, a–z), Đ, đ và '&', bắt đầu bằng chữ in hoa, không có dấu cách"),
    ("a footnote marker without its note",
     NOTES.replace("(PAR Index)[^par]", "(PAR Index)[^pa]"),
     "ke_hoach.noi_dung[0].noi_dung[0].diem[0].noi_dung[0].gach[0]",
     "Không có chú thích 'pa' trong 'ke_hoach.chu_thich'. Có phải ý bạn là 'par'?"),
    ("no task list, and no word of it",
     GOOD[:GOOD.index("nhiem_vu_cu_the:")],
     "nhiem_vu_cu_the", "Thiếu trường bắt buộc 'nhiem_vu_cu_the' (nhiệm vụ cụ thể theo lĩnh vực). Nếu danh mục "
                        "nhiệm vụ là một văn bản riêng, ghi 'trinh_bay_nhiem_vu: phu_luc_rieng'"),
]


@pytest.mark.parametrize("name,text,field,fragment", ERRORS, ids=[e[0] for e in ERRORS])
def test_an_error_says_where_and_how_to_write_it(kehoach, tmp_path, name, text, field, fragment):
    plan = write_plan(tmp_path, text)
    result = kehoach("validate", plan)
    assert result.code == 2, result.out
    lines = [line for line in result.err.splitlines() if fragment in line]
    assert lines, result.err
    assert lines[0].startswith(f"{plan}:") and ": lỗi" in lines[0]
    if field:
        assert f"[{field}]" in lines[0], lines[0]


WARNINGS = [
    ("kem_theo in a standalone plan",
     GOOD.replace("ke_hoach:\n", 'ke_hoach:\n  kem_theo: {cua: "Chủ tịch UBND phường"}\n', 1),
     "ke_hoach.kem_theo", "Không có quyet_dinh nên dòng 'kèm theo Quyết định' bị bỏ qua: xóa 'kem_theo'"),
    ("labels of task items in an annex plan",
     GOOD.replace("ke_hoach:\n", 'ke_hoach:\n  trinh_bay_nhiem_vu: phu_luc\n  nhan: {chu_tri: "Chủ trì"}\n', 1),
     "ke_hoach.nhan", "Nhãn 'nhan' chỉ in khi nhiệm vụ trình bày dạng mục"),
    ("a row without a number in a plan without annex",
     GOOD.replace('        chu_tri: "Văn phòng HĐND và UBND phường"',
                  '        danh_so: false\n        chu_tri: "Văn phòng HĐND và UBND phường"'),
     "nhiem_vu_cu_the[0].nhiem_vu[0].danh_so", "'danh_so: false' chỉ có tác dụng trong bảng phụ lục"),
    ("a note nobody refers to",
     NOTES.replace("  chu_thich:\n", '  chu_thich:\n    thua: "Không dùng."\n'),
     "ke_hoach.chu_thich.thua", "Chú thích 'thua' chưa được dùng: ghi [^thua] ngay sau chữ cần chú thích"),
    ("a marker in a plan without notes",
     GOOD.replace("Nâng cao nhận thức về cải cách hành chính.", "Nâng cao nhận thức (CCHC)[^1]."),
     "ke_hoach.noi_dung[0].noi_dung[0].diem[0]", "Có dấu chú thích '[^1]' nhưng chưa khai báo chú thích"),
    ("tasks of a plan whose annex is another document",
     GOOD.replace("ke_hoach:\n", "ke_hoach:\n  trinh_bay_nhiem_vu: phu_luc_rieng\n", 1),
     "nhiem_vu_cu_the", "nên các nhiệm vụ này không in trong Kế hoạch"),
]


@pytest.mark.parametrize("name,text,field,fragment", WARNINGS, ids=[w[0] for w in WARNINGS])
def test_a_field_without_effect_is_warned_and_the_plan_still_builds(kehoach, tmp_path, name, text, field, fragment):
    plan = write_plan(tmp_path, text)
    result = kehoach("build", plan, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    (line,) = [line for line in result.err.splitlines() if fragment in line]
    assert ": cảnh báo" in line and f"[{field}]" in line, line


def test_a_plan_whose_task_list_is_another_document_is_valid_when_it_says_so(kehoach, tmp_path):
    text = GOOD[:GOOD.index("nhiem_vu_cu_the:")].replace("ke_hoach:\n", "ke_hoach:\n  trinh_bay_nhiem_vu: phu_luc_rieng\n", 1)
    plan = write_plan(tmp_path, text)
    result = kehoach("validate", plan)
    assert result.code == 0, result.err
    assert "danh mục nhiệm vụ là văn bản riêng" in result.out
    assert kehoach("build", plan, "-o", tmp_path / "out").code == 0
    # following tasks needs tasks: said plainly, nothing written
    result = kehoach("tien-do", plan, "--ky", "quy-1", "-o", tmp_path / "td")
    assert result.code == 2 and "không có danh sách nhiệm vụ" in result.err
    assert not (tmp_path / "td").exists()


def test_an_inspection_plan_that_never_names_an_annex_is_warned(kehoach, tmp_path):
    from helpers import ROOT

    text = (ROOT / "plans" / "kiem-tra-cchc-2026.yaml").read_text(encoding="utf-8")
    text = text.replace(" – Phụ lục I).", ").")
    plan = tmp_path / "kiem-tra.yaml"
    plan.write_text(text, encoding="utf-8")
    result = kehoach("validate", plan)
    assert result.code == 0, result.err
    (line,) = [line for line in result.err.splitlines() if "Phụ lục I " in line]
    assert "cảnh báo [ke_hoach.noi_dung]: Thân Kế hoạch chưa nhắc tới Phụ lục I (đề cương báo cáo)" in line
    assert "Phụ lục II" not in result.err  # still named: no warning for it


def test_footnotes_of_the_decision(kehoach, tmp_path):
    import zipfile

    from helpers import ROOT

    text = (ROOT / "plans" / "nam-do-son-2026.yaml").read_text(encoding="utf-8")
    text = text.replace('    - "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025"',
                        '    - "Căn cứ Luật Tổ chức chính quyền địa phương[^luat] ngày 16/6/2025"', 1)
    text = text.replace("  can_cu:\n", '  chu_thich: {luat: "Luật số 72/2025/QH15."}\n  can_cu:\n', 1)
    plan = tmp_path / "nds.yaml"
    plan.write_text(text, encoding="utf-8")
    result = kehoach("build", plan, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    with zipfile.ZipFile(tmp_path / "out" / "nds" / "quyet-dinh.docx") as package:
        assert "Luật số 72/2025/QH15." in package.read("word/footnotes.xml").decode("utf-8")
        document = package.read("word/document.xml").decode("utf-8")
    assert 'địa phương</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>' in document
    assert "[^luat]" not in document


def test_a_marker_where_no_footnote_can_go_is_warned(kehoach, tmp_path):
    text = NOTES.replace('trich_yeu: "Cải cách hành chính xã Nguyễn Lương Bằng năm 2026"',
                         'trich_yeu: "Cải cách hành chính[^par] xã Nguyễn Lương Bằng năm 2026"')
    result = kehoach("validate", write_plan(tmp_path, text))
    assert result.code == 0, result.err
    (line,) = [line for line in result.err.splitlines() if "[ke_hoach.trich_yeu]" in line]
    assert "cảnh báo" in line and "không dùng được ở trường này" in line
