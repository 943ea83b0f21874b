"""Property test: any Unicode text in any text field of a plan gives documents that open
and print that text (NFC, whitespace collapsed as the loader does).

The text mixes Vietnamese letters with loose combining marks, emoji (with joiners and
skin tones), right-to-left scripts and marks, zero-width characters, XML/Jinja syntax,
odd spaces and very long runs. The example count is modest for CI; tools/fuzz.py runs
the same property for as long as one wants.
"""

from __future__ import annotations

import io
import json
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from generator.kinds.plan.documents import documents
from generator.render.docx import render_document
from generator.source.yaml_source import clean_text, load_bytes
from generator.kinds import read as plan_from_source
from generator.source.declarations import LINE_MAX, PARAGRAPH_MAX
from helpers import CORPUS  # noqa: E402

BASE = (CORPUS / "_hop-le.yaml").read_text(encoding="utf-8")

# The plan's text fields, by the (unique) value they hold in BASE.
FIELDS = {
    "co_quan_ban_hanh.ten": '"Ủy ban nhân dân phường Nam Đồ Sơn"',
    "co_quan_ban_hanh.dia_danh": '"Nam Đồ Sơn"\n  viet_tat',
    "co_quan.vhxh.ten": '"Phòng Văn hóa - Xã hội"',
    "quyet_dinh.trich_yeu": '"Ban hành Kế hoạch cải cách hành chính phường Nam Đồ Sơn năm 2026"',
    "quyet_dinh.tham_quyen": '"CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG NAM ĐỒ SƠN"',
    "quyet_dinh.can_cu": '"Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025"',
    "quyet_dinh.de_nghi": '"Theo đề nghị của Trưởng Phòng Văn hóa - Xã hội phường Nam Đồ Sơn"',
    "quyet_dinh.dieu": '"Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành."',
    "quyet_dinh.noi_nhan": '"Sở Nội vụ thành phố Hải Phòng"',
    "nguoi_ky.ho_ten": '"Hoàng Gia Đông"',
    "ke_hoach.trich_yeu": '"Cải cách hành chính phường Nam Đồ Sơn năm 2026"',
    "kem_theo.cua": '"Chủ tịch UBND phường Nam Đồ Sơn"',
    "noi_dung.tieu_de": '"MỤC ĐÍCH, YÊU CẦU"',
    "muc": '"Mục đích"',
    "diem": '"Tiếp tục triển khai cải cách hành chính."',
    "linh_vuc": '"Công tác chỉ đạo, điều hành, tuyên truyền CCHC"',
    "nhiem_vu.noi_dung": '"Kiểm tra công tác cải cách hành chính."',
    "nhiem_vu.phoi_hop": '"Các cơ quan, đơn vị trực thuộc có liên quan."',
    "nhiem_vu.san_pham": '"Kế hoạch của UBND phường."',
}

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
COMBINING = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"  # huyền sắc ngã hỏi nặng ^ ˘ horn
SPECIAL = ("\u200b\u2060\ufeff\u00ad"      # zero-width: removed
           "\u200e\u200f\u061c\u200d\u200c"  # direction marks and joiners: kept
           "{}%_<>&'\"\\#:-[],|!?@`~"       # YAML, Jinja, XML syntax
           " \t\n\u00a0\u2009\u3000\u2028")  # spaces and line breaks: collapsed
EMOJI = ["👍🏽", "👨‍👩‍👧", "🇻🇳", "🎉", "☎️", "𝕂", "𠀋"]
ANY = st.characters(exclude_categories=("Cs", "Cc"),  # surrogates, controls: refused by the loader
                    exclude_characters="*\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufffe\uffff")
PIECE = st.one_of(
    st.text(st.sampled_from(VIETNAMESE + COMBINING + SPECIAL), min_size=1, max_size=30),
    st.text(ANY, min_size=1, max_size=20),
    st.sampled_from(EMOJI),
    st.sampled_from(["ערבית", "عربي", "Ελληνικά", "中文", "{{ nam }}", "{_{ a }_}", "{% if x %}", "<w:t>", "&amp;"]),
)
# Fields holding a paragraph (up to PARAGRAPH_MAX characters); the others hold one line (LINE_MAX).
PARAGRAPHS = {"quyet_dinh.can_cu", "quyet_dinh.dieu", "diem", "nhiem_vu.noi_dung", "nhiem_vu.san_pham"}
TEXT = st.lists(PIECE, min_size=1, max_size=8).map("".join)


def long_text(limit: int) -> st.SearchStrategy[str]:
    """A piece of text repeated to a few thousand characters, within `limit` once framed and in NFC
    (the loader normalises first: "יִ" is one character written, two read)."""
    return st.tuples(TEXT, st.integers(20, 400)).map(
        lambda p: unicodedata.normalize("NFC", (p[0] + " ") * p[1])[:min(5000, limit - 2)])


def field_text(name: str) -> st.SearchStrategy[str]:
    """Text for one field, framed so that it is never empty nor loses edge punctuation."""
    limit = PARAGRAPH_MAX if name in PARAGRAPHS else LINE_MAX
    return st.one_of(TEXT, TEXT, TEXT, long_text(limit)).map(lambda t: f"«{t}»")


def plans() -> st.SearchStrategy[dict[str, str]]:
    """Field texts, and "_style": tasks as numbered items (muc) or as the annex table (phu_luc)."""
    return st.fixed_dictionaries({name: field_text(name) for name in FIELDS},
                                 optional={"_style": st.sampled_from(["muc", "phu_luc"])})


def plan_yaml(texts: dict[str, str]) -> str:
    text = BASE.replace("trinh_bay_nhiem_vu: muc", f"trinh_bay_nhiem_vu: {texts.get('_style', 'muc')}")
    for name, anchor in FIELDS.items():
        quoted, rest = anchor.split("\n", 1) if "\n" in anchor else (anchor, None)
        value = json.dumps(texts[name], ensure_ascii=False)
        target = quoted + ("\n" + rest if rest else "")
        assert text.count(target) == 1, name
        text = text.replace(target, value + ("\n" + rest if rest else ""))
    return text


def docx_text(data: bytes) -> list[str]:
    """Return the raw text of every paragraph of a .docx (body, headers, footers)."""
    doc = Document(io.BytesIO(data))
    parts = [doc.element.body] + [s.header._element for s in doc.sections] + [s.footer._element for s in doc.sections]
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for part in parts for p in part.iter(qn("w:p"))]


def render_plan(texts: dict[str, str]) -> list[bytes]:
    """Load the plan made of `texts` and render its documents in memory."""
    plan = plan_from_source(load_bytes(plan_yaml(texts).encode("utf-8"), "mo-phong.yaml"))
    return [render_document(document) for document in documents(plan)]


def check_plan(texts: dict[str, str]) -> list[bytes]:
    """The property: documents open, are NFC, and hold every field's text."""
    rendered = render_plan(texts)
    paragraphs = [p for data in rendered for p in docx_text(data)]
    for p in paragraphs:
        assert unicodedata.is_normalized("NFC", p), repr(p)
        assert not set(p) & set("\u200b\u2060\ufeff\u00ad"), repr(p)
    joined = "\n".join(paragraphs)
    for name, raw in texts.items():
        if name.startswith("_"):
            continue
        expected = clean_text(raw)
        shouted = unicodedata.normalize("NFC", expected.upper())
        # the issuer's name is printed in capitals, in lines that fit the header's left cell
        where = " ".join(paragraphs) if name == "co_quan_ban_hanh.ten" else joined
        assert expected in joined or shouted in where, (name, expected)
    for data in rendered:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None
    return rendered


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plans())
def test_any_text_in_any_field_prints_as_written(texts):
    check_plan(texts)


def test_zero_width_between_letter_and_mark_still_gives_nfc():
    texts = {name: "«Nam Đồ Sơn»" for name in FIELDS}
    texts["diem"] = "«Pha\u0301p e\u200b\u0301 Vie\u0323\u0302t»"
    rendered = check_plan(texts)
    assert "«Pháp é Việt»" in "\n".join(docx_text(rendered[1]))


def test_escape_followed_by_a_combining_mark_is_not_fused():
    texts = {name: "«Nam Đồ Sơn»" for name in FIELDS}
    texts["diem"] = "«một\n\u0300hai\t\u0301ba»"  # YAML escapes "\n", "\t" then loose marks
    rendered = check_plan(texts)
    assert "«một \u0300hai \u0301ba»" in "\n".join(docx_text(rendered[1]))


@pytest.mark.skipif(not __import__("generator.run.pdf").run.pdf.find_converter(), reason="cần LibreOffice (soffice)")
@seed(20260101)
@settings(max_examples=1, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(plans(), min_size=3, max_size=3))
def test_sample_of_fuzzed_plans_converts_to_pdf(sample):
    """Three fuzzed plans (six documents) in one LibreOffice run."""
    from generator.run import pdf

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, texts in enumerate(sample):
            for name, data in zip(("quyet-dinh", "ke-hoach"), check_plan(texts)):
                path = Path(tmp) / f"{name}-{n}.docx"
                path.write_bytes(data)
                paths.append(path)
        result = pdf.convert(paths)
        assert not result.failures, result.failures
        assert len(result.pdfs) == 6
        assert all(pdf.is_complete_pdf(p) for p in result.pdfs)
