"""kehoach web end to end in a real browser: Debian's Chromium driven by Playwright (headless).

The app runs on 127.0.0.1 in a thread of the test process, over a copy of the bundled
plans and report. Playwright never downloads a browser here: it drives /usr/bin/chromium.
Without Chromium the tests skip, unless KEHOACH_REQUIRE_BROWSER is set (CI sets it).
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
import yaml
from helpers import docx_paragraphs
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
    row.locator("select[name='trang_thai']").select_option("hoan_thanh")
    row.locator("input[name='ngay_hoan_thanh']").fill("2026-03-20")
    row.locator("input[name='ket_qua']").fill("Kế hoạch số 12/KH-UBND")
    row.locator("button.save").click()
    page.locator("#nv-1 .msg.ok").wait_for()
    assert page.locator("#nv-1 .status").inner_text() == "Hoàn thành đúng hạn"
    assert "hoàn thành 1 " in page.locator("#tong-ket").inner_text()
    plan_text = (folder / PLAN).read_text(encoding="utf-8")
    assert "        trang_thai: hoan_thanh\n        ngay_hoan_thanh: 2026-03-20\n" in plan_text
    # a second row saved from the same page: the page's version follows the file
    second = page.locator("#nv-2")
    second.locator("select[name='trang_thai']").select_option("dang_thuc_hien")
    second.locator("button.save").click()
    page.locator("#nv-2 .msg.ok").wait_for()
    # filtering updates the table in place (no reload): overdue tasks no longer list 1.1
    page.select_option("select[name='trang_thai']", "qua_han")
    expect(page.locator("#nv-1")).to_have_count(0)
    assert page.evaluate("window.sameDocument") is True
    assert "trang_thai=qua_han" in page.url
    from generator import kinds

    tasks = kinds.load(PLAN, expect=("ke_hoach",)).model.tasks
    assert (tasks[0].declared_status, tasks[0].result, tasks[1].declared_status) == \
        ("hoan_thanh", "Kế hoạch số 12/KH-UBND", "dang_thuc_hien")
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
