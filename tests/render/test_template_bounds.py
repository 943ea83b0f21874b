"""User templates run in a bounded sandbox: hostile ones are stopped quickly with a message
naming what they overdid; kehoach's own templates, run the same way, give the same bytes
with room to spare."""

from __future__ import annotations

import os
import shutil
import threading
import time
import zipfile

import pytest
from helpers import CORPUS, ROOT, user_templates

from generator import kinds
from generator.errors import TemplateFault
from generator.render import docx, sandbox, templates
from generator.render.sandbox import BoundedSandbox, Budget, Overspent

PLANS = ROOT / "plans"


def env() -> BoundedSandbox:
    return BoundedSandbox(autoescape=True)


def render(source: str, budget: Budget | None = None, **data) -> str:
    e = env()
    with e.bounded(budget or sandbox.budget_for(data)):
        return e.from_string(source).render(**data)


@pytest.mark.parametrize(("source", "reason"), [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "quá nhiều bước tính"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "quá nhiều bước tính"),
    ("{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}", "quá nhiều bước tính"),
    ("{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}", "quá nhiều bước tính"),
    ("{% set l = range(100000)|list %}{% for i in range(100000) %}{{ 99999 in l }}{% endfor %}", "quá nhiều bước tính"),
    ("{% set l = range(100000)|list %}{% for i in range(100000) %}{{ l|sort|length }}{% endfor %}", "quá nhiều bước tính"),
    ("{{ 2 ** 64 ** 64 ** 64 }}", "số quá lớn"),
    ("{{ 10 ** 100000 }}", "số quá lớn"),
    ("{{ 'a'.ljust(10**9) }}", "chuỗi quá dài (1.000.000.000; tối đa 1.000.000)"),
    ("{{ 'a'.center(999999999) }}", "chuỗi quá dài"),
    ("{{ 'a'|center(999999999) }}", "chuỗi quá dài"),
    ("{{ '{:>999999999}'.format(1) }}", "chuỗi quá dài"),
    ("{{ '{:>{}}'.format(1, 10**9) }}", "độ rộng lồng"),
    ("{{ '%0999999999d'|format(1) }}", "chuỗi quá dài"),
    ("{{ '%0999999999d' % 1 }}", "chuỗi quá dài"),
    ("{{ '%*d' % (999999999, 1) }}", "độ rộng '*'"),
    ("{{ 'a\nb'|indent(999999999) }}", "chuỗi quá dài"),
    ("{{ ('a ' * 100000)|wordwrap(1, wrapstring='x' * 100000) }}", "chuỗi quá dài"),
    ("{{ 'x' * 1000000000 }}", "chuỗi quá dài"),
    ("{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}", "in ra quá nhiều (trên 25.000.000 ký tự)"),
    ("{% macro m() %}{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}{% endmacro %}{{ m() }}",
     "quá nhiều chữ"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "quá dài"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}", "quá dài"),
    ("{% set l = [1] %}{% for i in range(60) %}{{ l.extend(l) }}{% endfor %}", "quá nhiều bước tính"),
    ("{{ ('a' * 100000).replace('a', 'b' * 100000) }}", "chuỗi quá dài"),
    ("{{ ('a' * 100000)|replace('a', 'b' * 100000) }}", "chuỗi quá dài"),
    ("{{ ('x' * 100000).join(range(100000)|map('string')) }}", "chuỗi quá dài"),
    ("{{ range(100000)|map('string')|join('x' * 100000) }}", "chuỗi quá dài"),
    ("{{ ('a' * 100000).translate({97: 'b' * 100000}) }}", "chuỗi quá dài"),
    ("{{ ('\t' * 100000).expandtabs(100000) }}", "chuỗi quá dài"),
    ("{{ [1]|batch(999999999, 'x')|list }}", "danh sách quá dài"),
    ("{{ [1]|slice(999999999)|list }}", "danh sách quá dài"),
    ("{{ ([range(100000)|list] * 100000)|sum(start=[]) }}", "sum chỉ cộng số"),
    ("{{ [[1]]|tojson(indent=999999999) }}", "thụt lề quá lớn"),
    ("{{ lipsum(n=999999) }}", "lipsum"),
    ("{% set b = 'x' * 900000 %}{% macro m() %}{% for i in range(100000) %}{{ b|upper }}{% endfor %}{% endmacro %}"
     "{{ m() }}", "quá nhiều chữ"),
])
def test_hostile_templates_are_stopped_quickly(source, reason):
    start = time.monotonic()
    with pytest.raises(Overspent) as caught:
        render(source)
    assert reason in caught.value.reason
    assert time.monotonic() - start < 5


@pytest.mark.parametrize(("source", "expected"), [
    ("{{ 'x' * 3 }}|{{ 'ab' ~ 'cd' }}|{{ [1, 2] + [3] }}|{{ '%05.1f' % 3.14159 }}", "xxx|abcd|[1, 2, 3]|003.1"),
    ("{{ '{:>6}'.format('a') }}|{{ 'a'|center(5) }}|{{ [3, 1, 2]|sort|join(', ') }}", "     a|  a  |1, 2, 3"),
    ("{% for t in tasks %}{{ loop.index }}. {{ t }}{% if not loop.last %}; {% endif %}{% endfor %}",
     "1. Tuyên truyền; 2. Kiểm tra"),
    ("{{ 'VHXH' in 'Phòng VHXH' }} {{ 3 not in [1, 2] }} {{ 2 ** 10 }}", "True True 1024"),
    ("{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(1) }}{{ m('a & b') }}", "[1][a &amp; b]"),
])
def test_ordinary_templates_work_as_in_jinja(source, expected):
    assert render(source, tasks=["Tuyên truyền", "Kiểm tra"]) == expected


def test_time_is_bounded_inside_a_single_call():
    """A call that does not return is interrupted by the alarm (POSIX main thread) or the next step."""
    if not hasattr(__import__("signal"), "setitimer") or threading.current_thread() is not threading.main_thread():
        pytest.skip("the alarm needs POSIX and the main thread")
    start = time.monotonic()
    with pytest.raises(Overspent) as caught:
        render("{{ slow() }}", Budget(seconds=0.3), slow=lambda: time.sleep(30))
    assert "giây" in caught.value.reason
    assert time.monotonic() - start < 3


def test_time_is_bounded_between_steps():
    with pytest.raises(Overspent) as caught:
        render("{% for i in range(100000) %}{% for j in range(9) %}{{ pause() }}{% endfor %}{% endfor %}",
               Budget(steps=10**9, seconds=0.3), pause=lambda: time.sleep(0.0005))
    assert "giây" in caught.value.reason


# --- kehoach's own templates, run as a user's ---------------------------------------------------
@pytest.fixture(scope="module")
def own_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mau") / "mau"
    shutil.copytree(ROOT / "templates", folder)
    return folder


@pytest.mark.parametrize("plan", ["nam-do-son-2026", "hai-phong-2026", "kiem-tra-cchc-2026"])
def test_own_templates_give_the_same_bytes_in_the_bounded_sandbox(own_copy, monkeypatch, plan):
    loaded = kinds.load(str(PLANS / f"{plan}.yaml"))
    for document in loaded.kind.documents(loaded.model):
        monkeypatch.delenv("KEHOACH_TEMPLATES", raising=False)
        bundled = docx.render_document(document)
        monkeypatch.setenv("KEHOACH_TEMPLATES", str(own_copy))
        assert templates.locate(document.contract).parent == own_copy
        assert docx.render_document(document) == bundled, document.name


def test_own_templates_use_a_fraction_of_the_bounds_on_a_large_plan(own_copy, monkeypatch):
    head = (CORPUS / "_hop-le.yaml").read_text(encoding="utf-8").split("nhiem_vu_cu_the:")[0]
    sub = '{noi_dung: "Phần việc", chu_tri: vhxh, thoi_gian: "Quý I/2026"}'
    task = '      - {noi_dung: "Nhiệm vụ %d", chu_tri: vhxh, phoi_hop: vp, phan_viec: [' + ", ".join([sub] * 3) + ']}\n'
    text = head.replace("trinh_bay_nhiem_vu: muc", "trinh_bay_nhiem_vu: phu_luc") + \
        'nhiem_vu_cu_the:\n  - linh_vuc: "Cải cách"\n    nhiem_vu:\n' + "".join(task % i for i in range(1500))
    from generator.source.yaml_source import load_bytes

    loaded = kinds.read_loaded(load_bytes(text.encode(), "lon.yaml"))
    document = [d for d in loaded.kind.documents(loaded.model) if d.name == "ke-hoach.docx"][0]
    budgets = []
    real = docx.budget_for
    monkeypatch.setattr(docx, "budget_for", lambda data: budgets.append(real(data)) or budgets[-1])
    monkeypatch.setenv("KEHOACH_TEMPLATES", str(own_copy))
    docx.render_document(document)
    budget = budgets[-1]
    granted = real(docx._to_word(document.context, docx._Footnotes(1)))
    assert granted.steps - budget.steps < granted.steps / 3, "steps used"
    assert sandbox.MAX_BUILT - budget.built < sandbox.MAX_BUILT / 3, "characters built"


# --- the template file itself ---------------------------------------------------------------------
def user_folder(tmp_path, document_xml: bytes | None = None, declared: int | None = None, parts: int = 0):
    return user_templates(tmp_path / "mau", document_xml=document_xml, declared=declared, extra_parts=parts)


def refused(kehoach, folder, monkeypatch, tmp_path) -> str:
    monkeypatch.setenv("KEHOACH_TEMPLATES", str(folder))
    result = kehoach("build", CORPUS / "_hop-le.yaml", "-o", tmp_path / "ra")
    assert result.code == 2, result.err
    assert f"Mẫu {folder / 'ke-hoach.docx'}" in result.err
    assert not (tmp_path / "ra").exists()
    return result.err


def test_a_zip_bomb_is_refused_before_it_is_unpacked(kehoach, tmp_path, monkeypatch):
    xml = zipfile.ZipFile(ROOT / "templates" / "ke-hoach.docx").read("word/document.xml")
    at = xml.index(b"<w:body>")
    err = refused(kehoach, user_folder(tmp_path, xml[:at] + b" " * (21 * 1024 * 1024) + xml[at:]), monkeypatch,
                  tmp_path)
    assert "khi giải nén quá lớn" in err and "bom zip" in err


def test_a_declared_size_past_the_bound_is_refused(kehoach, tmp_path, monkeypatch):
    assert "khi giải nén quá lớn (1430 MB" in refused(kehoach, user_folder(tmp_path, declared=1_500_000_000),
                                                     monkeypatch, tmp_path)


def test_a_package_of_too_many_parts_is_refused(kehoach, tmp_path, monkeypatch):
    err = refused(kehoach, user_folder(tmp_path, parts=templates.MAX_PARTS), monkeypatch, tmp_path)
    assert "có quá nhiều phần" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs (POSIX)")
def test_a_fifo_template_is_refused_without_opening_it(kehoach, tmp_path, monkeypatch):
    folder = user_folder(tmp_path)
    (folder / "ke-hoach.docx").unlink()
    os.mkfifo(folder / "ke-hoach.docx")
    assert "là một ống dẫn (FIFO), không phải tệp .docx" in refused(kehoach, folder, monkeypatch, tmp_path)


def test_an_unclosed_tag_is_refused_before_docxtpl_reads_the_template(tmp_path):
    xml = zipfile.ZipFile(ROOT / "templates" / "ke-hoach.docx").read("word/document.xml").decode()
    at = xml.index("<w:body>") + len("<w:body>")
    bad = xml[:at] + "<w:p><w:r><w:t>" + "{{" * 100_000 + "</w:t></w:r></w:p>" + xml[at:]
    folder = user_folder(tmp_path, bad.encode())
    start = time.monotonic()
    with pytest.raises(TemplateFault) as caught:
        templates.template_tags(folder / "ke-hoach.docx")
    assert "có thẻ mở '{{' không được đóng (word/document.xml" in str(caught.value)
    assert time.monotonic() - start < 2
