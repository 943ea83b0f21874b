"""The hand-built corpus: each broken document is found with the right rule and place; the
compliant ones give no finding; every rule family of the issue is covered."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile

import pytest
from conformance_helpers import CORPUS, EXPECTED

from generator.conformance import FAMILIES, RULES, check_file
from generator.conformance.rules import rule_by_id

BROKEN = {name: e for name, e in EXPECTED.items() if e["quy_tac"]}
COMPLIANT = {name: e for name, e in EXPECTED.items() if not e["quy_tac"]}


@pytest.mark.parametrize("name", sorted(COMPLIANT))
def test_compliant_document_has_no_finding(name):
    report = check_file(CORPUS / name)
    assert report.error is None
    assert report.kind_code == COMPLIANT[name]["loai"]
    assert [str(f) for f in report.findings] == []
    assert len(report.passed) >= {"phu_luc": 12, "kem_theo": 18}.get(report.kind_code, 26)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_one_broken_rule_found_at_its_place(name):
    e = BROKEN[name]
    report = check_file(CORPUS / name)
    assert report.kind_code == e["loai"]
    assert [f.rule.id for f in report.findings] == [e["quy_tac"]], [str(f) for f in report.findings]
    (finding,) = report.findings
    place = finding.place
    if e["doan"] is None:
        assert place.paragraph is None and place.section == e["phan"]
    else:
        assert place.paragraph == e["doan"]
        assert place.words.rstrip("…").startswith(e["tu_dau"][:20]) or e["tu_dau"].startswith(
            place.words.rstrip("…"))
    assert finding.problem and finding.expected
    assert e["quy_tac"] in [r.id for r in report.broken]
    assert e["quy_tac"] not in [r.id for r in report.passed]


def test_every_family_of_the_issue_is_broken_somewhere():
    families = {rule_by_id(e["quy_tac"]).family for e in BROKEN.values()}
    assert families == set(FAMILIES)


def test_both_kinds_of_date_error_and_the_special_documents_are_in_the_corpus():
    problems = {name: e for name, e in BROKEN.items() if e["quy_tac"] == "N2"}
    texts = {e["tu_dau"] for e in problems.values()}
    assert any("ngày 5 " in t for t in texts)                      # day below 10 without 0
    assert any("tháng 2" in t for t in texts) and any("tháng 06" in t for t in texts)  # month padding both ways
    assert BROKEN["sai-cong-van-v-v-in-dam.docx"]["quy_tac"] == "K4"
    assert BROKEN["sai-tieu-de-doan-van-so-ngay-khac-dong.docx"]["quy_tac"] == "N4"


def test_date_messages_say_what_to_write():
    (day,) = check_file(CORPUS / "sai-ngay-thieu-so-0.docx").findings
    assert day.problem == "viết «ngày 5»: ngày dưới 10 phải có số 0 ở trước."
    assert day.expected == "«ngày 05»."
    (month,) = check_file(CORPUS / "sai-thang-6-thua-so-0.docx").findings
    assert "tháng 3 đến 12 không viết số 0" in month.problem and month.expected == "«tháng 6»."
    assert str(day.place) == "đoạn 8 «Nam Đồ Sơn, ngày 5 tháng…»"


def test_paragraph_header_is_read_as_the_header():
    report = check_file(CORPUS / "dung-bao-cao-tieu-de-doan-van.docx")
    assert report.kind_label == "Báo cáo" and not report.findings
    assert any("gõ bằng đoạn văn" in note for note in report.notes)


def test_rules_have_vietnamese_names_and_expectations():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)) and len(ids) >= 35
    for r in RULES:
        assert r.family in FAMILIES and r.name and r.expects.endswith(".")


def _bytes_of(case) -> bytes:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module   # dataclasses look their module up there
    spec.loader.exec_module(module)
    from generator.render.package import normalise_zip

    buf = io.BytesIO()
    module.build(next(c for c in module.CASES if c.name == case)).save(buf)
    return normalise_zip(buf.getvalue())


@pytest.mark.parametrize("name", ["dung-ke-hoach.docx", "sai-ngay-thieu-so-0.docx", "sai-cong-van-v-v-in-dam.docx"])
def test_checked_in_corpus_is_what_the_script_makes(name):
    fresh = zipfile.ZipFile(io.BytesIO(_bytes_of(name)))
    stored = zipfile.ZipFile(CORPUS / name)
    assert {n: fresh.read(n) for n in fresh.namelist()} == {n: stored.read(n) for n in stored.namelist()}
