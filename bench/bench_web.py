#!/usr/bin/env python3
"""kehoach web: how fast the pages people wait for are, through real HTTP on 127.0.0.1.

    python3 bench/bench_web.py

Over a copy of plans/ and reports/, with the app running in a thread (werkzeug, as
``kehoach web`` runs it), it times (median of 15, after a warm-up):

1. the task board of the Hải Phòng plan (59 tasks, the "60-task plan"), full page: as
   shown again (the model is cached by content) and right after the file changed;
2. the same board filtered (an htmx table fragment);
3. the report form of reports/nam-do-son-2026.yaml (38 chỉ tiêu, 58 answers), full page;
4. a live check of the report form (the request sent while the user types);
5. a save round trip of a task status (POST → edit the YAML → validate → atomic write →
   the updated row and counts), of one occurrence of a recurring task (its `ky` entry) in the
   2026–2030 test plan with recurring tasks, and of the report form (POST → round-trip edit →
   report reader → write).

Baseline measured in the same run: `kehoach validate` of the same plan, in process
(read + check + model), so the ratio shows what the web layer adds to the core.
Targets: pages ≤ 0.200 s, save round trips ≤ 0.300 s.
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import date
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from generator import kinds  # noqa: E402
from generator.web.app import create_app  # noqa: E402

PLAN = "plans/hai-phong-2026.yaml"
RECURRING = "plans/dinh-ky-2026-2030.yaml"   # tests/fixtures/tracking: quarterly, monthly, yearly tasks
REPORT = "reports/nam-do-son-2026.yaml"
PAGE_TARGET, SAVE_TARGET = 0.200, 0.300
REPEAT = 15


def median_time(fn) -> float:
    fn()
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def num(x: float) -> str:
    return f"{x:.3f}".replace(".", ",")


def num1(x: float) -> str:
    return f"{x:4.1f}".replace(".", ",")


def main() -> None:
    work = Path(tempfile.mkdtemp()) / "phong-vhxh"
    work.mkdir()
    for part in ("plans", "reports"):
        shutil.copytree(ROOT / part, work / part)
    shutil.copyfile(ROOT / "tests" / "fixtures" / "tracking" / "dinh-ky-2026-2030.yaml", work / RECURRING)
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, create_app(work, today=date(2026, 4, 15)), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(path: str, headers: dict | None = None) -> str:
        request = urllib.request.Request(url + path, headers=headers or {})
        with opener.open(request) as response:
            return response.read().decode()

    def post(path: str, data: dict, token: str) -> str:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(url + path, data=body, headers={"X-CSRF-Token": token, "HX-Request": "true"})
        try:
            with opener.open(request) as response:
                return response.read().decode()
        except urllib.error.HTTPError as exc:
            raise SystemExit(f"{path}: HTTP {exc.code}: {exc.read()[:300]!r}") from None

    board = get(f"/ke-hoach/{PLAN}")
    token = re.search(r'"X-CSRF-Token": "([^"]+)"', board).group(1)
    rows = len(re.findall(r'<tbody id="nv-', board))

    baseline = median_time(lambda: kinds.load(str(work / PLAN), expect=("ke_hoach",)))
    t_board = median_time(lambda: get(f"/ke-hoach/{PLAN}"))
    plan_path = work / PLAN
    original = plan_path.read_bytes()
    counter = {"n": 0}

    def changed_board() -> str:  # the file changed since the last page: read and checked again
        counter["n"] += 1
        plan_path.write_bytes(original + f"# {counter['n']}\n".encode())
        return get(f"/ke-hoach/{PLAN}")

    t_cold = median_time(changed_board)
    plan_path.write_bytes(original)
    t_filter = median_time(lambda: get(f"/ke-hoach/{PLAN}?quy=3&trang_thai=dang_trong_han",
                                       {"HX-Request": "true", "HX-Target": "bang"}))
    form_page = get(f"/bao-cao/{REPORT}")
    t_form = median_time(lambda: get(f"/bao-cao/{REPORT}"))
    form = re.search(r'<form id="bao-cao".*?</form>', form_page, re.S).group(0)
    data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    data.update(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S))
    t_check = median_time(lambda: post(f"/bao-cao/{REPORT}/kiem-tra", {**data, "so_lieu.hs_dung_han": "1100"}, token))

    state = {"i": 0}

    def row_fields(page: str, dom_id: str) -> dict:
        """What a row's Lưu button sends: its hidden fields and the page's context."""
        body = re.search(rf'<tbody id="{dom_id}".*?</tbody>', page, re.S).group(0)
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
        context = re.search(r'<div id="ngu-canh".*?</div>', page, re.S).group(0)
        fields.update(re.findall(r'name="(phien_ban|ngay_xet|quy|nam)" value="([^"]*)"', context))
        fields["hien"] = re.findall(r'name="hien" value="([^"]*)"', context)
        return fields

    def save_row(plan: str, query: str, dom_id: str) -> float:
        page = get(f"/ke-hoach/{plan}{query}", {"HX-Request": "true", "HX-Target": "bang"})
        fields = row_fields(page, dom_id)
        state["i"] += 1
        status = ("chua_thuc_hien", "dang_thuc_hien")[state["i"] % 2]
        fields.update(trang_thai=status, ngay_hoan_thanh="", ket_qua=fields["cu_ket_qua"])
        start = time.perf_counter()
        fragment = post(f"/ke-hoach/{plan}/trang-thai", fields, token)
        elapsed = time.perf_counter() - start
        assert "Đã lưu" in fragment, fragment[:500]
        return elapsed

    save_row(PLAN, "?quy=1", "nv-1")
    t_save = statistics.median(save_row(PLAN, "?quy=1", "nv-1") for _ in range(REPEAT))
    recurring_page = get(f"/ke-hoach/{RECURRING}")
    occurrences = len(re.findall(r'<tbody id="nv-', recurring_page))
    t_recurring = median_time(lambda: get(f"/ke-hoach/{RECURRING}"))
    save_row(RECURRING, "", "nv-1-2026-Q3")
    t_save_occurrence = statistics.median(save_row(RECURRING, "", "nv-1-2026-Q3") for _ in range(REPEAT))

    def save_report() -> float:
        page = get(f"/bao-cao/{REPORT}")
        base = re.search(r'id="phien-ban" name="phien_ban" value="([0-9a-f]+)"', page).group(1)
        state["i"] += 1
        start = time.perf_counter()
        fragment = post(f"/bao-cao/{REPORT}", {**data, "phien_ban": base,
                                                "so_lieu.hs_qua_han": str(40 + state["i"] % 2)}, token)
        elapsed = time.perf_counter() - start
        assert "Đã lưu" in fragment, fragment[:500]
        return elapsed

    save_report()
    t_save_report = statistics.median(save_report() for _ in range(REPEAT))
    server.shutdown()

    print(f"kehoach web, {PLAN} ({rows} nhiệm vụ), {REPORT}; trung vị {REPEAT} lần, giây")
    print(f"  đọc + kiểm tra kế hoạch trong lõi (mốc so sánh)       {num(baseline)}")
    lines = [
        ("bảng nhiệm vụ, cả trang", t_board, PAGE_TARGET),
        ("bảng nhiệm vụ, tệp vừa đổi (đọc, kiểm tra lại)", t_cold, PAGE_TARGET),
        ("bảng nhiệm vụ lọc (htmx, chỉ bảng)", t_filter, PAGE_TARGET),
        ("biểu mẫu báo cáo, cả trang", t_form, PAGE_TARGET),
        ("kiểm tra biểu mẫu khi đang gõ", t_check, PAGE_TARGET),
        (f"bảng kế hoạch 2026–2030 định kỳ ({occurrences} dòng, cả trang)", t_recurring, PAGE_TARGET),
        ("lưu trạng thái nhiệm vụ (khứ hồi)", t_save, SAVE_TARGET),
        ("lưu trạng thái một kỳ (ky) của nhiệm vụ định kỳ", t_save_occurrence, SAVE_TARGET),
        ("lưu biểu mẫu báo cáo (khứ hồi)", t_save_report, SAVE_TARGET),
    ]
    for label, value, target in lines:
        verdict = "ĐẠT" if value <= target else "CHƯA ĐẠT"
        print(f"  {label:<52} {num(value)}  ({num1(value / baseline)} × mốc; mục tiêu ≤ {num(target)}: {verdict})")


if __name__ == "__main__":
    main()
