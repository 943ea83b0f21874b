"""kehoach web on a plan whose tasks recur: the board lists each occurrence as `kehoach tasks`
does, each with its own status, completion date and result, saved under the task's `ky`;
conflicts and refusals per occurrence; progress reports by year and period."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from datetime import date

import pytest
import yaml
from docx import Document
from helpers import FIXTURES, ROOT
from web_helpers import csrf, make_folder, page, text

pytest.importorskip("flask")

from generator import kinds  # noqa: E402
from generator.kinds.plan import followup  # noqa: E402
from generator.kinds.plan.followup import Filters  # noqa: E402
from generator.web.app import create_app  # noqa: E402

PLAN = "plans/dinh-ky-2026-2030.yaml"
JUNE_10 = date(2026, 6, 10)   # the Q2 report (due 03/06) is overdue, the Q1 one was done on 02/03
HX = {"HX-Request": "true"}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    root = make_folder(tmp_path)
    shutil.copyfile(FIXTURES / "tracking" / "dinh-ky-2026-2030.yaml", root / PLAN)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def client(folder):
    return create_app(folder, today=JUNE_10).test_client()


def rows_of(html):
    """The (number, occurrence) of every row of the board, in order."""
    return re.findall(r'<td class="num">([\d.]+)</td>\s*<td class="content">(?:<span class="period">([^<]*)</span>)?',
                      html)


def row_form(html, dom_id, **new):
    """What the row's Lưu button sends: its hidden fields, the page context, the values typed."""
    body = re.search(rf'<tbody id="{dom_id}".*?</tbody>', html, re.S).group(0)
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
    data["trang_thai"] = re.search(r'<option value="([^"]+)" selected', body).group(1)
    data["ngay_hoan_thanh"] = re.search(r'name="ngay_hoan_thanh" value="([^"]*)"', body).group(1)
    data["ket_qua"] = re.search(r'name="ket_qua" value="([^"]*)"', body).group(1)
    context = re.search(r'<div id="ngu-canh".*?</div>', html, re.S).group(0)
    data.update(re.findall(r'name="(phien_ban|ngay_xet|quy|nam)" value="([^"]*)"', context))
    data["hien"] = re.findall(r'name="hien" value="([^"]*)"', context)
    data.update(new)
    return data


def save(client, html, data):
    return client.post(f"/ke-hoach/{PLAN}/trang-thai", data=data, headers={"X-CSRF-Token": csrf(html), **HX})


def ky_lines(folder):
    return [line.strip() for line in (folder / PLAN).read_text(encoding="utf-8").splitlines() if '"20' in line]


# --- the board ------------------------------------------------------------------------------

@pytest.mark.parametrize("query, filters", [
    ("", Filters()),
    ("?qua_han=1", Filters(overdue=True)),
    ("?quy=2&nam=2028", Filters(quarter=2, year=2028)),
    ("?nam=2027&trang_thai=chua_thuc_hien&co_quan=vp", Filters(year=2027, statuses=("chua_thuc_hien",), office="vp")),
    ("?trang_thai=hoan_thanh", Filters(statuses=("hoan_thanh",))),
])
def test_the_board_lists_each_occurrence_as_kehoach_tasks_does(client, query, filters):
    html = page(client, f"/ke-hoach/{PLAN}{query}")
    plan = kinds.load(PLAN, expect=("ke_hoach",)).model
    expected = [(r.number, r.period) for r in followup.task_rows(plan, followup.select(plan, filters, JUNE_10), JUNE_10)]
    assert rows_of(html) == expected and expected


def test_the_board_and_the_command_line_table_show_the_same_rows_and_counts(client):
    html = page(client, f"/ke-hoach/{PLAN}?co_quan=VP&qua_han=1&ngay=2026-06-10")
    cli = subprocess.run([sys.executable, "-m", "generator", "tasks", PLAN, "--co-quan", "VP", "--qua-han",
                          "--ngay", "2026-06-10"], capture_output=True, text=True, check=True,
                         env={**os.environ, "COLUMNS": "200", "PYTHONPATH": str(ROOT)}).stdout
    cli_rows = re.findall(r"^\s*(\d+\.\d+)\s+\[([^\]]+)\]", cli, re.M)
    assert rows_of(html) == cli_rows == [("2.1", "Tháng 03/2026"), ("2.1", "Tháng 04/2026"), ("2.1", "Tháng 05/2026")]
    summary = text(re.search(r'<p id="tong-ket".*?</p>', html, re.S).group(0))
    assert summary.startswith("1 nhiệm vụ, 3 lượt") and "năm 2026" in summary
    assert "quá hạn chưa hoàn thành 3" in summary and "quá hạn chưa hoàn thành 3" in cli


def test_an_occurrence_shows_its_own_status_date_and_result(client, folder):
    path = folder / PLAN
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"2026-Q2": {trang_thai: dang_thuc_hien}', '"2026-Q2": {trang_thai: dang_thuc_hien, ket_qua: "Đang tổng hợp"}'),
        encoding="utf-8")
    html = page(client, f"/ke-hoach/{PLAN}")
    q1 = text(re.search(r'<tbody id="nv-1-2026-Q1".*?</tbody>', html, re.S).group(0))
    q2 = re.search(r'<tbody id="nv-1-2026-Q2".*?</tbody>', html, re.S).group(0)
    assert "Quý I/2026" in q1 and "Hoàn thành đúng hạn" in q1 and "xong 02/03/2026" in q1
    assert "Đang thực hiện – quá hạn" in text(q2) and "Kết quả: Đang tổng hợp" in text(q2)
    assert 'name="ket_qua" value="Đang tổng hợp"' in q2 and 'class="task qua_han occurrence repeat"' in q2
    # done on 20/12/2026: on 10/06 the 2026 self-assessment is still being carried out; the form shows the file
    yearly = re.search(r'<tbody id="nv-2-2026".*?</tbody>', html, re.S).group(0)
    assert "Đang thực hiện" in text(yearly) and "ghi xong 20/12/2026, sau ngày tính" in text(yearly)
    assert '<option value="hoan_thanh" selected>' in yearly and 'value="2026-12-20"' in yearly
    # a one-off task and work without a deadline: one row, no occurrence
    assert re.search(r'<tbody id="nv-3" class="task thuong_xuyen">', html)


def test_a_multi_year_board_offers_the_plans_years_and_counts_occurrences(client):
    html = page(client, f"/ke-hoach/{PLAN}?nam=2028")
    years = re.search(r'<select name="nam">(.*?)</select>', html, re.S).group(1)
    assert re.findall(r'<option value="(\d+)"', years) == ["2026", "2027", "2028", "2029", "2030"]
    assert '<option value="2028" selected>' in years
    assert "giai đoạn 2026–2030" in text(html)
    assert "Năm 2028" in html and "Năm 2026" not in html
    shown = text(page(client, f"/ke-hoach/{PLAN}?nam=2031"))
    assert "Năm “2031” nằm ngoài kế hoạch giai đoạn 2026–2030: chọn một năm từ 2026 đến 2030." in shown


# --- saving an occurrence -------------------------------------------------------------------

def test_saving_an_occurrence_writes_its_ky_entry_and_updates_the_row_and_counts(client, folder):
    before = (folder / PLAN).read_text(encoding="utf-8")
    html = page(client, f"/ke-hoach/{PLAN}")
    assert "hoàn thành <strong>3</strong>" in html
    response = save(client, html, row_form(html, "nv-1-2026-Q2", trang_thai="hoan_thanh", ngay_hoan_thanh="2026-06-02",
                                           ket_qua="Báo cáo số 85/BC-SNV"))
    assert response.status_code == 200, response.data
    fragment = response.data.decode()
    assert re.search(r'<tbody id="nv-1-2026-Q2" class="task hoan_thanh_dung_han occurrence repeat">', fragment)
    assert "Hoàn thành đúng hạn" in text(fragment) and "xong 02/06/2026" in text(fragment)
    assert "Đã lưu vào plans/dinh-ky-2026-2030.yaml : trạng thái: Đang thực hiện → Hoàn thành" in text(fragment)
    summary = text(re.search(r'<p id="tong-ket" class="summary" hx-swap-oob="true">.*?</p>', fragment, re.S).group(0))
    assert "5 nhiệm vụ, 20 lượt" in summary and "hoàn thành 4" in summary and "quá hạn chưa hoàn thành 3" in summary
    after = (folder / PLAN).read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [('          "2026-Q2": {trang_thai: dang_thuc_hien}',
                        '          "2026-Q2": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-06-02, '
                        'ket_qua: "Báo cáo số 85/BC-SNV"}')]
    assert len(after.splitlines()) == len(before.splitlines()) and after.count("#") == before.count("#")
    task = kinds.load(PLAN, expect=("ke_hoach",)).model.tasks[0]
    assert task.record("2026-Q2").completed_on == date(2026, 6, 2) and task.own_record.empty
    # the next occurrence, never written: a new ky line, in order; the page's version followed the file
    html = page(client, f"/ke-hoach/{PLAN}")
    assert save(client, html, row_form(html, "nv-1-2026-Q4", trang_thai="dang_thuc_hien")).status_code == 200
    assert ky_lines(folder)[:3] == ['"2026-Q1": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-03-02}',
                                    '"2026-Q2": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-06-02, '
                                    'ket_qua: "Báo cáo số 85/BC-SNV"}',
                                    '"2026-Q4": {trang_thai: dang_thuc_hien}']


def test_an_occurrence_of_a_task_without_ky_gets_one(client, folder):
    html = page(client, f"/ke-hoach/{PLAN}")
    data = row_form(html, "nv-6-2026-H1", ngay_hoan_thanh="2026-06-05")
    response = save(client, html, data)
    assert "trạng thái thành Hoàn thành vì đã có ngày hoàn thành" in text(response.data.decode())
    block = (folder / PLAN).read_text(encoding="utf-8").split("Báo cáo sơ kết 6 tháng.")[1]
    assert block == ('"\n        chu_tri: cchc\n        thoi_gian: "Định kỳ 6 tháng"\n        ky:\n'
                     '          "2026-H1": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-06-05}\n')
    # set back to not completed: the occurrence loses its date, the others keep theirs
    html = page(client, f"/ke-hoach/{PLAN}")
    response = save(client, html, row_form(html, "nv-6-2026-H1", trang_thai="dang_thuc_hien"))
    assert "ngày hoàn thành được bỏ vì kỳ này không còn ở trạng thái hoàn thành" in text(response.data.decode())
    assert ky_lines(folder)[-1] == '"2026-H1": {trang_thai: dang_thuc_hien}'


def test_a_status_written_once_for_a_recurring_task_moves_into_its_occurrence(client, folder):
    path = folder / PLAN
    path.write_text(path.read_text(encoding="utf-8").replace(
        '        thoi_gian: "Định kỳ 6 tháng"\n',
        '        thoi_gian: "Định kỳ 6 tháng"\n        trang_thai: hoan_thanh\n        ngay_hoan_thanh: 2026-06-25\n'),
        encoding="utf-8")
    assert any("trạng thái ghi chung" in w.message for w in kinds.load(PLAN, expect=("ke_hoach",)).warnings)
    html = page(client, f"/ke-hoach/{PLAN}")
    data = row_form(html, "nv-6-2026-H1", ket_qua="Báo cáo số 120/BC-SNV")
    assert (data["cu_trang_thai"], data["cu_ngay_hoan_thanh"]) == ("hoan_thanh", "2026-06-25")
    response = save(client, html, data)
    assert 'trạng thái ghi chung cho nhiệm vụ được chuyển vào ky "2026-H1"' in text(response.data.decode())
    block = path.read_text(encoding="utf-8").split("Báo cáo sơ kết 6 tháng.")[1]
    assert block == ('"\n        chu_tri: cchc\n        thoi_gian: "Định kỳ 6 tháng"\n        ky:\n'
                     '          "2026-H1": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-06-25, '
                     'ket_qua: "Báo cáo số 120/BC-SNV"}\n')
    loaded = kinds.load(PLAN, expect=("ke_hoach",))
    assert not loaded.warnings and loaded.model.tasks[5].record("2026-H1").status == "hoan_thanh"


def test_the_one_occurrence_of_a_yearly_task_in_a_one_year_plan_is_saved_on_the_task(folder):
    client = create_app(folder, today=date(2026, 11, 2)).test_client()
    rel = "plans/hai-phong-2026.yaml"
    html = page(client, f"/ke-hoach/{rel}")
    body = re.search(r'<tbody id="nv-13-2026".*?</tbody>', html, re.S).group(0)
    assert "Năm 2026" in body and "Chưa thực hiện – quá hạn" in text(body)
    data = {**row_form(html, "nv-13-2026", trang_thai="hoan_thanh", ngay_hoan_thanh="2026-10-20")}
    response = client.post(f"/ke-hoach/{rel}/trang-thai", data=data, headers={"X-CSRF-Token": csrf(html), **HX})
    assert response.status_code == 200 and "Hoàn thành đúng hạn" in text(response.data.decode())
    saved = yaml.safe_load((folder / rel).read_text(encoding="utf-8"))
    task = [t for g in saved["nhiem_vu_cu_the"] for t in g["nhiem_vu"]][12]
    assert (task["trang_thai"], task["ngay_hoan_thanh"], "ky" in task) == ("hoan_thanh", date(2026, 10, 20), False)


# --- conflicts and refusals per occurrence ----------------------------------------------------

def test_an_occurrence_changed_on_disk_is_not_overwritten_and_merges_on_request(client, folder):
    html = page(client, f"/ke-hoach/{PLAN}")
    path = folder / PLAN
    edited = path.read_text(encoding="utf-8").replace('"2026-Q2": {trang_thai: dang_thuc_hien}',
                                                      '"2026-Q2": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-06-01}')
    path.write_text(edited, encoding="utf-8")
    response = save(client, html, row_form(html, "nv-1-2026-Q2", ket_qua="Báo cáo số 85/BC-SNV"))
    assert response.status_code == 409
    shown = text(response.data.decode())
    assert "đã được sửa ở nơi khác" in shown and "Chưa ghi gì" in shown
    assert "Trên đĩa trạng thái Đang thực hiện Hoàn thành" in shown
    assert "Trên đĩa ngày hoàn thành (trống) 01/06/2026" in shown
    assert "Bạn sửa kết quả (trống) “Báo cáo số 85/BC-SNV”" in shown
    assert path.read_text(encoding="utf-8") == edited
    choice = re.search(r'<div class="conflict-choice">(.*?)</div>', response.data.decode(), re.S).group(1)
    data = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', choice))
    assert data["ky"] == "2026-Q2"
    assert save(client, html, data).status_code == 200
    record = kinds.load(PLAN, expect=("ke_hoach",)).model.tasks[0].record("2026-Q2")
    assert (record.status, record.completed_on, record.result) == ("hoan_thanh", date(2026, 6, 1), "Báo cáo số 85/BC-SNV")


def test_an_occurrence_the_task_no_longer_has_is_not_written(client, folder):
    html = page(client, f"/ke-hoach/{PLAN}")
    path = folder / PLAN
    # meanwhile the task became half-yearly: it has no 2026-Q3 any more (and the ky keys are wrong: fixed too)
    edited = path.read_text(encoding="utf-8").replace('thoi_gian: "Hằng quý, trước ngày 03 tháng cuối quý"\n        ky:\n'
                                                      '          "2026-Q1": {trang_thai: hoan_thanh, ngay_hoan_thanh: 2026-03-02}\n'
                                                      '          "2026-Q2": {trang_thai: dang_thuc_hien}\n',
                                                      'thoi_gian: "Định kỳ 6 tháng"\n')
    path.write_text(edited, encoding="utf-8")
    response = save(client, html, row_form(html, "nv-1-2026-Q3", trang_thai="dang_thuc_hien"))
    assert response.status_code == 409
    assert "Không tìm thấy kỳ 2026-Q3 của nhiệm vụ này" in text(response.data.decode())
    assert path.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize("period", ["2026-Q5", "../x", "2026-Q1\n", "quy-1"])
def test_a_malformed_occurrence_key_is_refused_and_nothing_is_written(client, folder, period):
    before = (folder / PLAN).read_bytes()
    html = page(client, f"/ke-hoach/{PLAN}")
    response = save(client, html, row_form(html, "nv-1-2026-Q3", ky=period, trang_thai="dang_thuc_hien"))
    assert response.status_code in (409, 422)
    assert (folder / PLAN).read_bytes() == before


def test_saving_an_occurrence_needs_the_csrf_token(client, folder):
    before = (folder / PLAN).read_bytes()
    html = page(client, f"/ke-hoach/{PLAN}")
    data = row_form(html, "nv-1-2026-Q3", trang_thai="dang_thuc_hien")
    assert client.post(f"/ke-hoach/{PLAN}/trang-thai", data=data, headers=HX).status_code == 403
    assert (folder / PLAN).read_bytes() == before


# --- progress reports by year and period -----------------------------------------------------

def build(client, token, which, option="", year=None):
    data = {"loai": which, "tuy_chon": option, "dinh_dang": "docx"}
    if year is not None:
        data["nam"] = str(year)
    return client.post(f"/van-ban/{PLAN}", data=data, headers={"X-CSRF-Token": token, **HX})


def test_the_progress_report_button_takes_a_year_and_writes_the_file_tien_do_writes(client, folder):
    html = page(client, f"/ke-hoach/{PLAN}?nam=2027")
    form = re.search(r'<form class="doc"[^>]*>\s*<span class="doc-name">Báo cáo tiến độ</span>.*?</form>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d{4})"', form) == ["2026", "2027", "2028", "2029", "2030"]
    assert '<option value="2027" selected>' in form   # the year the board shows
    assert re.findall(r'<option value="([a-z0-9-]+)">([^<]+)</option>', form)[:4] == [
        ("quy-1", "Quý I"), ("6-thang", "6 tháng đầu năm"), ("quy-3", "Quý III"), ("nam", "Năm")]
    response = build(client, csrf(html), "tien-do", "quy-1", 2027)
    assert response.status_code == 200, response.data
    path = "outputs/dinh-ky-2026-2030/bao-cao-tien-do-2027-quy-1.docx"
    assert f"Đã ghi {path}" in text(response.data.decode())
    cli = folder.parent / "cli"
    subprocess.run([sys.executable, "-m", "generator", "tien-do", PLAN, "--ky", "quy-1", "--nam", "2027", "-o", str(cli)],
                   check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (cli / "dinh-ky-2026-2030" / "bao-cao-tien-do-2027-quy-1.docx").read_bytes() == (folder / path).read_bytes()
    paragraphs = [p.text for p in Document(io.BytesIO(client.get("/tai/" + path).data)).paragraphs]
    assert any("quý I năm 2027" in p for p in paragraphs)


def test_a_progress_report_for_a_year_outside_the_plan_is_refused(client, folder):
    token = csrf(page(client, f"/ke-hoach/{PLAN}"))
    for year in (2031, 2025, "hai"):
        response = build(client, token, "tien-do", "nam", year)
        assert response.status_code == 422
        assert (f"Năm {year} nằm ngoài kế hoạch giai đoạn 2026–2030: chọn một năm từ 2026 đến 2030."
                in text(response.data.decode()))
    assert not (folder / "outputs").exists()
