"""The main acceptance: import each reference text, build, and get the reference back."""

from __future__ import annotations

import pytest
from nhap_support import built_text, identity, imported, task_fields  # noqa: F401 (imported: a fixture)
from helpers import REFERENCE, ROOT, reference_paragraphs

from helpers import load_plan

CASES = [
    # reference, where its document starts (occurrence: the city scrape repeats its opening), hand-written plan
    ("nam-do-son-ke-hoach-cchc-2026.txt", r"^Số:", 1, "nam-do-son-2026.yaml"),
    ("hai-phong-ke-hoach-cchc-2026.txt", r"^Số: 5256", 2, "hai-phong-2026.yaml"),
]


@pytest.mark.parametrize("ref, start, occurrence, hand", CASES)
def test_at_least_98_percent_of_reference_paragraphs_come_back(imported, ref, start, occurrence, hand):
    result, folder = imported(REFERENCE / ref)
    reference = reference_paragraphs(ref, start, occurrence=occurrence)
    same, diffs = identity(reference, built_text(folder))
    assert same / len(reference) >= 0.98, "\n".join(diffs)


@pytest.mark.parametrize("ref, start, occurrence, hand", CASES)
def test_every_task_agrees_with_the_hand_written_plan(imported, ref, start, occurrence, hand):
    result, _ = imported(REFERENCE / ref)
    mine, theirs = task_fields(result.plan), task_fields(load_plan(str(ROOT / "plans" / hand)))
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs):
        assert a == b


def test_ward_reference_comes_back_paragraph_for_paragraph(imported):
    _, folder = imported(REFERENCE / "nam-do-son-ke-hoach-cchc-2026.txt")
    assert built_text(folder) == reference_paragraphs("nam-do-son-ke-hoach-cchc-2026.txt", r"^Số:")


def test_city_scrape_artifacts_are_reported_not_imported(imported):
    result, _ = imported(REFERENCE / "hai-phong-ke-hoach-cchc-2026.txt")
    report = result.report.render("hp")
    assert "bị lặp lại" in report                       # the repeated opening block
    assert "Bảng thông tin của trang web" in report     # "| Số hiệu | 5256/QĐ-UBND |" …
    assert "Lê Ngọc Châu" in report                     # signer name only in the page's metadata
    assert result.plan.decision.signer.name == "Lê Ngọc Châu"
    assert result.plan.decision.number == "5256"
    assert len(result.plan.tasks) == 59
    first = result.plan.tasks[0]
    assert [p.content for p in first.parts] == ["Thành phố", "Các sở, ban, ngành, UBND cấp xã"]


def test_office_registry_merges_spelling_variants(imported):
    result, _ = imported(REFERENCE / "nam-do-son-ke-hoach-cchc-2026.txt")
    registry = result.plan.registry
    # "Văn hoá"/"Văn hóa", "Văn hoá-Xã hội"/"Văn hóa - Xã hội", "HĐND&UBND phường"/"HĐND&UBND" are one office each
    for wording, key in [("Phòng Văn hóa - Xã hội", "vhxh"), ("Phòng Văn hoá-Xã hội", "vhxh"),
                         ("Văn phòng HĐND&UBND", "vp"), ("Văn phòng HĐND&UBND phường", "vp"),
                         ("Trung tâm phục vụ Hành chính công", "ttpvhcc")]:
        assert registry.find_in(wording) == (key,), wording
    assert "vhxh" in result.yaml_text and "chu_tri: vhxh" in result.yaml_text


def test_inspection_plan_reference_is_refused_or_imported(tmp_path):
    """The inspection plan (optional): it imports as a plan without tasks, reported."""
    from generator.importing.pipeline import import_files

    result = import_files([str(REFERENCE / "hai-phong-kiem-tra-cchc-2026.txt")], str(tmp_path / "kt.yaml"))
    assert "Không nhận ra nhiệm vụ nào" in result.report.render("kt")
