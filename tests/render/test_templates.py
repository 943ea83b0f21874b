"""The template contract: every bundled template holds what its documents need; a restyled one that lost it is refused."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import date

import pytest
from helpers import FIXTURES, ROOT, load_inspection, load_plan, load_report

from generator.kinds.inspection import documents as inspection_documents
from generator.kinds.official.documents import DECISION
from generator.kinds.plan import documents as plan_documents
from generator.kinds.plan import followup_documents
from generator.kinds.report import documents as report_documents
from generator.render import templates
from generator.yearly.comparison import COMPARISON

CONTRACTS = [DECISION, plan_documents.PLAN, inspection_documents.INSPECTION_PLAN, report_documents.REPORT,
             followup_documents.ASSIGNMENTS, followup_documents.PROGRESS_REPORT, COMPARISON]


def contexts():
    plan = load_plan(ROOT / "plans" / "nam-do-son-2026.yaml")
    city = load_plan(ROOT / "plans" / "hai-phong-2026.yaml")
    inspection = load_inspection(ROOT / "plans" / "kiem-tra-cchc-2026.yaml")
    report = load_report(ROOT / "reports" / "nam-do-son-2026.yaml")
    yield DECISION, plan_documents.decision_context(plan)
    yield plan_documents.PLAN, plan_documents.plan_context(city)
    standalone = load_plan(FIXTURES / "plans" / "doc-lap-phuong.yaml")
    yield plan_documents.PLAN, plan_documents.plan_context(standalone)
    yield inspection_documents.INSPECTION_PLAN, inspection_documents.plan_context(inspection)
    yield report_documents.REPORT, report_documents.report_context(report)
    yield followup_documents.ASSIGNMENTS, followup_documents.assignment_context(plan, "vhxh")
    yield followup_documents.PROGRESS_REPORT, followup_documents.progress_context(plan, date(2026, 3, 31), "quy-1")


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.template)
def test_every_bundled_template_holds_its_contract(contract):
    path = templates.locate(contract)
    assert templates.missing_placeholders(path, contract) == []
    assert templates.missing_styles(path) == []


def test_every_template_folder_file_has_a_contract():
    bundled = {p.name for p in (ROOT / "templates").glob("*.docx")}
    assert bundled == {c.template for c in CONTRACTS}


@pytest.mark.parametrize("contract, context", list(contexts()), ids=lambda x: getattr(x, "template", ""))
def test_every_builder_gives_what_its_contract_names(contract, context):
    """Every placeholder is in the data; None stands for a block the document leaves out (no annex, no signer)."""
    for expr in contract.placeholders:
        value = context
        for part in expr.split("."):
            if value is None:
                break
            assert isinstance(value, dict) and part in value, f"{contract.template}: {expr} missing from the data"
            value = value[part]


def _without(template: bytes, needle: str) -> bytes:
    """Return the .docx `template` with the runs holding `needle` emptied (as a user deleting it in Word)."""
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert needle in text
                data = re.sub(r"\{\{\s*" + re.escape(needle) + r"\s*\}\}", "", text).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def test_a_restyled_template_that_lost_a_placeholder_is_refused_by_name(kehoach, tmp_path, monkeypatch):
    own = tmp_path / "mau"
    own.mkdir()
    (own / "quyet-dinh.docx").write_bytes(_without((ROOT / "templates" / "quyet-dinh.docx").read_bytes(),
                                                   "doc.number_line"))
    monkeypatch.setenv("KEHOACH_TEMPLATES", str(own))
    result = kehoach("build", ROOT / "plans" / "nam-do-son-2026.yaml", "-o", tmp_path / "out")
    assert result.code == 2
    assert f"Mẫu {own / 'quyet-dinh.docx'} thiếu chỗ điền: {{{{ doc.number_line }}}} (số, ký hiệu văn bản)" \
        in result.err
    assert not (tmp_path / "out").exists()


def test_a_users_folder_may_hold_only_the_templates_they_restyled(kehoach, tmp_path, monkeypatch):
    own = tmp_path / "mau"
    own.mkdir()
    shutil.copy(ROOT / "templates" / "ke-hoach.docx", own / "ke-hoach.docx")
    monkeypatch.setenv("KEHOACH_TEMPLATES", str(own))
    result = kehoach("build", FIXTURES / "plans" / "doc-lap-phuong.yaml", ROOT / "plans" / "nam-do-son-2026.yaml",
                     "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "nam-do-son-2026" / "quyet-dinh.docx").exists()  # from the bundled templates


def test_a_missing_template_is_missing_not_broken_input(kehoach, tmp_path, monkeypatch):
    empty = tmp_path / "rong"
    empty.mkdir()
    monkeypatch.setattr("generator.source.bundled.bundled_templates", lambda: empty)
    result = kehoach("build", ROOT / "plans" / "nam-do-son-2026.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    assert "Không tìm thấy mẫu Word 'quyet-dinh.docx'" in result.err
    assert "không phải tệp .docx hợp lệ" not in result.err
