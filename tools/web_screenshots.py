#!/usr/bin/env python3
"""Screenshots of kehoach web at 1366×768 in headless Chromium (home, task boards, the report form).

    python3 tools/web_screenshots.py [OUT_DIR]      # default: docs/

Runs the app on 127.0.0.1 over a temporary copy of plans/ and reports/ ("today" fixed at
15/04/2026, so the board shows overdue tasks), with the 2026–2030 test plan of recurring
tasks (tests/fixtures/tracking, seen as of 10/06/2026), and drives Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from generator.web.app import create_app  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--lang=vi"]


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp()) / "phong-vhxh"
    work.mkdir()
    for part in ("plans", "reports"):
        shutil.copytree(ROOT / part, work / part)
    shutil.copyfile(ROOT / "tests" / "fixtures" / "tracking" / "dinh-ky-2026-2030.yaml", work / "plans" / "dinh-ky-2026-2030.yaml")
    server = make_server("127.0.0.1", 0, create_app(work, today=date(2026, 4, 15)), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(tempfile.mkdtemp(), executable_path="/usr/bin/chromium",
                                                       headless=True, args=ARGS, viewport={"width": 1366, "height": 768}, locale="vi-VN")
        page = context.new_page()
        page.goto(url + "/")
        page.screenshot(path=str(out / "web-trang-chu.png"))
        page.goto(url + "/ke-hoach/plans/nam-do-son-2026.yaml?co_quan=vhxh")
        row = page.locator("#nv-1")
        row.locator("select[name='trang_thai']").select_option("hoan_thanh")
        row.locator("input[name='ngay_hoan_thanh']").fill("2026-03-20")
        row.locator("button.save").click()
        page.locator("#nv-1 .msg.ok").wait_for()
        page.screenshot(path=str(out / "web-bang-nhiem-vu.png"))
        page.goto(url + "/ke-hoach/plans/dinh-ky-2026-2030.yaml?ngay=2026-06-10")
        row = page.locator("#nv-1-2026-Q2")
        row.locator("select[name='trang_thai']").select_option("hoan_thanh")
        row.locator("input[name='ngay_hoan_thanh']").fill("2026-06-02")
        row.locator("input[name='ket_qua']").fill("Báo cáo số 85/BC-SNV")
        row.locator("button.save").click()
        page.locator("#nv-1-2026-Q2 .msg.ok").wait_for()
        page.screenshot(path=str(out / "web-bang-dinh-ky.png"))
        page.goto(url + "/bao-cao/reports/nam-do-son-2026.yaml")
        page.locator("h3", has_text="Cải cách thủ tục hành chính").scroll_into_view_if_needed()
        page.fill("#f-hs_dung_han", "1300")
        page.locator("#loi-hs_dung_han p").wait_for()
        page.evaluate("window.scrollBy(0, -130)")
        page.screenshot(path=str(out / "web-bao-cao.png"))
        context.close()
    server.shutdown()
    from PIL import Image  # installed with pdfplumber

    for name in ("web-trang-chu.png", "web-bang-nhiem-vu.png", "web-bang-dinh-ky.png", "web-bao-cao.png"):
        # 256 colours without dithering: the page's flat colours stay exact, the file a third of the size
        image = Image.open(out / name).convert("RGB")
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out / name, optimize=True)
        print(out / name)


if __name__ == "__main__":
    main()
