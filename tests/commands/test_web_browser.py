"""kehoach web end to end in a real browser: Debian's Chromium driven by Playwright (headless).

The app runs on 127.0.0.1 in a thread of the test process, over a copy of the bundled
plans and report. Playwright never downloads a browser here: it drives /usr/bin/chromium.
Without Chromium the tests skip, unless KEHOACH_REQUIRE_BROWSER is set (CI sets it).
"""

from __future__ import annotations

import os
import shutil
import threading
from datetime import date

import pytest
import yaml
from helpers import FIXTURES, docx_paragraphs
from web_helpers import PLAN, REPORT, TODAY, make_folder

CHROMIUM = os.environ.get("KEHOACH_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]

if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)) and not os.environ.get("KEHOACH_REQUIRE_BROWSER"):
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api") if not os.environ.get("KEHOACH_REQUIRE_BROWSER") else \
    __import__("playwright.sync_api", fromlist=["sync_playwright"])
expect = sync_api.expect


@pytest.fixture
def served(tmp_path, monkeypatch):
    """Yield (base URL, folder) of a running app."""
    from werkzeug.serving import make_server

    from generator.web.app import create_app

    folder = make_folder(tmp_path)
    monkeypatch.chdir(folder)
    server = make_server("127.0.0.1", 0, create_app(folder, today=TODAY), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", folder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(tmp_path):
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=ARGS,
            viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="vi-VN")
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            context.close()


def save_row(page, dom_id, status, done="", result=None):
    """Fill a board row (status, completion date, result) and press its Lưu; wait for the saved row."""
    row = page.locator(f"#{dom_id}")
    row.locator("select[name='trang_thai']").select_option(status)
    if done:
        row.locator("input[name='ngay_hoan_thanh']").fill(done)
    if result is not None:
        row.locator("input[name='ket_qua']").fill(result)
    row.locator("button.save").click()
    page.locator(f"#{dom_id} .msg.ok").wait_for()


def test_fill_a_report_see_live_figures_and_errors_save_and_download_the_docx(served, page, tmp_path):
    url, folder = served
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/bao-cao/{REPORT}")
    ratio = page.locator("#gt-hs_dung_han_ty_le")
    assert ratio.inner_text() == "96,5"
    field = page.locator("#f-hs_dung_han")
    # a live percentage, computed by the report reader as the user types
    field.fill("1100")
    expect(ratio).to_have_text("91,7")
    # a part larger than its whole: the message of `kehoach report`, next to the field
    field.fill("1300")
    message = page.locator("#loi-hs_dung_han")
    message.filter(has_text="lớn hơn Số hồ sơ đã giải quyết (1.200 hồ sơ)").wait_for()
    assert "1 lỗi" in page.locator("#trang-thai-bao-cao").inner_text()
    # saving while inconsistent writes nothing
    before = (folder / REPORT).read_bytes()
    page.click("#luu")
    page.locator("#trang-thai-bao-cao").filter(has_text="Chưa lưu").wait_for()
    assert (folder / REPORT).read_bytes() == before
    # corrected: the message goes, the percentage follows, "Lưu" writes the YAML
    field.fill("1150")
    expect(ratio).to_have_text("95,8")
    assert message.inner_text().strip() == ""
    page.fill("textarea[name='tra_loi.sang_kien_mo_hinh']", "Mô hình “Một cửa thân thiện”.")
    page.click("#luu")
    page.locator("#trang-thai-bao-cao").filter(has_text="Đã lưu reports/nam-do-son-2026.yaml").wait_for()
    saved = yaml.safe_load((folder / REPORT).read_text(encoding="utf-8"))
    assert saved["so_lieu"]["hs_dung_han"] == 1150
    assert saved["tra_loi"]["sang_kien_mo_hinh"] == "Mô hình “Một cửa thân thiện”."
    assert "# LƯU Ý" in (folder / REPORT).read_text(encoding="utf-8")
    # the report document, built by the button and downloaded
    with page.expect_download() as download:
        page.click("button[data-doc='bao-cao-docx']")
    target = tmp_path / "tai-ve.docx"
    download.value.save_as(target)
    paragraphs = docx_paragraphs(target)
    assert any("đạt tỷ lệ 95,8%" in p for p in paragraphs)
    assert any("Mô hình “Một cửa thân thiện”." in p for p in paragraphs)
    assert target.read_bytes() == (folder / "outputs" / "nam-do-son-2026" / "bao-cao-kiem-tra.docx").read_bytes()
    assert errors == []


def test_change_a_task_status_on_the_board_and_filter_without_a_reload(served, page):
    url, folder = served
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/ke-hoach/{PLAN}?ngay=2026-04-15")
    page.evaluate("window.sameDocument = true")
    row = page.locator("#nv-1")
    assert "Chưa thực hiện – quá hạn" in row.inner_text()
    assert "hoàn thành 0 " in page.locator("#tong-ket").inner_text()
    save_row(page, "nv-1", "hoan_thanh", "2026-03-20", "Kế hoạch số 12/KH-UBND")
    assert page.locator("#nv-1 .status").inner_text() == "Hoàn thành đúng hạn"
    assert "hoàn thành 1 " in page.locator("#tong-ket").inner_text()
    plan_text = (folder / PLAN).read_text(encoding="utf-8")
    assert "        trang_thai: hoan_thanh\n        ngay_hoan_thanh: 2026-03-20\n" in plan_text
    # a second row saved from the same page: the page's version follows the file
    save_row(page, "nv-2", "dang_thuc_hien")
    # filtering updates the table in place (no reload): overdue tasks no longer list 1.1
    page.select_option("select[name='trang_thai']", "qua_han")
    expect(page.locator("#nv-1")).to_have_count(0)
    assert page.evaluate("window.sameDocument") is True
    assert "trang_thai=qua_han" in page.url
    from generator import kinds

    tasks = kinds.load(PLAN, expect=("ke_hoach",)).model.tasks
    assert (tasks[0].own_record.declared, tasks[0].result, tasks[1].own_record.declared) == \
        ("hoan_thanh", "Kế hoạch số 12/KH-UBND", "dang_thuc_hien")
    assert errors == []


def test_change_an_occurrence_status_on_the_board_and_find_it_under_ky(served, page):
    url, folder = served
    rel = "plans/dinh-ky-2026-2030.yaml"
    shutil.copyfile(FIXTURES / "tracking" / rel.split("/")[1], folder / rel)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/ke-hoach/{rel}?ngay=2026-06-10")
    page.evaluate("window.sameDocument = true")
    # the quarterly report: Q1 done on 02/03, Q2 (due 03/06) overdue on 10/06, each with its own row
    q1, q2 = page.locator("#nv-1-2026-Q1"), page.locator("#nv-1-2026-Q2")
    assert "Quý I/2026" in q1.inner_text() and "Hoàn thành đúng hạn" in q1.inner_text()
    assert "Quý II/2026" in q2.inner_text() and "Đang thực hiện – quá hạn" in q2.inner_text()
    summary = page.locator("#tong-ket")
    assert "5 nhiệm vụ, 20 lượt" in summary.inner_text() and "quá hạn chưa hoàn thành 4" in summary.inner_text()
    save_row(page, "nv-1-2026-Q2", "hoan_thanh", "2026-06-02", "Báo cáo số 85/BC-SNV")
    assert page.locator("#nv-1-2026-Q2 .status").inner_text() == "Hoàn thành đúng hạn"
    assert "Kết quả: Báo cáo số 85/BC-SNV" in page.locator("#nv-1-2026-Q2").inner_text()
    assert "Hoàn thành đúng hạn" in q1.inner_text()                      # the other occurrence is untouched
    expect(summary).to_contain_text("quá hạn chưa hoàn thành 3")
    assert "hoàn thành 4 " in summary.inner_text()
    saved = yaml.safe_load((folder / rel).read_text(encoding="utf-8"))["nhiem_vu_cu_the"][0]["nhiem_vu"][0]["ky"]
    assert saved == {"2026-Q1": {"trang_thai": "hoan_thanh", "ngay_hoan_thanh": date(2026, 3, 2)},
                     "2026-Q2": {"trang_thai": "hoan_thanh", "ngay_hoan_thanh": date(2026, 6, 2),
                                 "ket_qua": "Báo cáo số 85/BC-SNV"}}
    # another occurrence of the same task from the same page: a new ky entry
    save_row(page, "nv-1-2026-Q3", "dang_thuc_hien")
    assert '"2026-Q3": {trang_thai: dang_thuc_hien}' in (folder / rel).read_text(encoding="utf-8")
    # filtering in place: the overdue occurrences are now the monthly updates only
    page.locator("input[name='qua_han']").check()
    expect(page.locator("#nv-1-2026-Q2")).to_have_count(0)
    expect(page.locator("tbody.task")).to_have_count(3)
    assert page.evaluate("window.sameDocument") is True and "qua_han=1" in page.url
    assert errors == []


def test_a_file_changed_in_another_tab_is_not_overwritten(served, page):
    url, folder = served
    page.goto(f"{url}/bao-cao/{REPORT}")
    path = folder / REPORT
    path.write_text(path.read_text(encoding="utf-8").replace("pakn_tiep_nhan: 6", "pakn_tiep_nhan: 8"), encoding="utf-8")
    page.fill("#f-hs_qua_han", "40")
    page.click("#luu")
    page.locator(".conflict").wait_for()
    assert "Tổng số PAKN tiếp nhận" in page.locator(".conflict").inner_text()
    page.click(".conflict button.primary")
    page.locator("#trang-thai-bao-cao").filter(has_text="Đã lưu").wait_for()
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))["so_lieu"]
    assert (saved["pakn_tiep_nhan"], saved["hs_qua_han"]) == (8, 40)
