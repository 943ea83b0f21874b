"""kehoach web at the HTTP level (Flask's test client): every route, every refusal, files on disk checked."""

from __future__ import annotations

import io
import shutil
import os
import re
import subprocess
import sys

import pytest
import yaml
from docx import Document
from helpers import ROOT
from web_helpers import PLAN, REPORT, TODAY, base_of, csrf, make_folder, page, text

pytest.importorskip("flask")

from generator import kinds  # noqa: E402
from generator.kinds.plan import followup  # noqa: E402
from generator.kinds.plan.followup import Filters  # noqa: E402
from generator.web.app import create_app  # noqa: E402

HX = {"HX-Request": "true"}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    root = make_folder(tmp_path)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def client(folder):
    return create_app(folder, today=TODAY).test_client()


def post(client, url, data, token, **headers):
    return client.post(url, data=data, headers={"X-CSRF-Token": token, **HX, **headers})


def row_data(base, *, group=0, index=0, status="chua_thuc_hien", done="", result="", new_status=None,
             new_done=None, new_result=None):
    return {"nhom": str(group), "so": str(index), "dau_vet": "", "cu_trang_thai": status,
            "cu_ngay_hoan_thanh": done, "cu_ket_qua": result,
            "trang_thai": new_status or status, "ngay_hoan_thanh": done if new_done is None else new_done,
            "ket_qua": result if new_result is None else new_result, "phien_ban": base,
            "ngay_xet": TODAY.isoformat()}


# --- home ------------------------------------------------------------------------------------------

def test_home_lists_each_file_with_kind_year_tasks_and_validity(client, folder):
    (folder / "plans" / "hong.yaml").write_text((folder / PLAN).read_text(encoding="utf-8")
                                                .replace("chu_tri: vhxh", "chu_tri: vhx", 1), encoding="utf-8")
    html = page(client, "/")
    shown = text(html)
    assert "Kế hoạch CCHC" in shown and "Báo cáo phục vụ kiểm tra" in shown and "Kế hoạch kiểm tra" in shown
    row = re.search(r"plans/nam-do-son-2026\.yaml</a></td>(.*?)</tr>", html, re.S).group(1)
    assert "2026" in row and ">53<" in row and "Hợp lệ" in row
    bad = text(re.search(r"plans/hong\.yaml</a></td>(.*?)</tr>", html, re.S).group(1))
    assert "Có lỗi" in bad
    assert re.search(r"plans/hong\.yaml:\d+ \[nhiem_vu_cu_the\[0\]\.nhiem_vu\[0\]\.chu_tri\] ?: Không có cơ quan mã 'vhx'", bad)
    assert "plans/kiem-tra-cchc-2026.yaml" in html and REPORT in html


def test_an_invalid_file_opens_as_its_located_errors(client, folder):
    (folder / "plans" / "hong.yaml").write_text("nam: 2026\nco_quan: [\n", encoding="utf-8")
    response = client.get("/tep/plans/hong.yaml")
    assert response.status_code == 422
    assert re.search(r"plans/hong\.yaml:\d+", text(response.data.decode()))
    assert client.get("/ke-hoach/plans/hong.yaml").status_code == 422


def test_open_goes_to_the_page_of_the_file_kind(client):
    assert client.get("/tep/" + PLAN).headers["Location"].endswith("/ke-hoach/" + PLAN)
    assert client.get("/tep/" + REPORT).headers["Location"].endswith("/bao-cao/" + REPORT)
    assert client.get("/tep/plans/kiem-tra-cchc-2026.yaml").headers["Location"].endswith("/kiem-tra/plans/kiem-tra-cchc-2026.yaml")


def test_a_file_of_another_kind_says_what_it_is(client):
    response = client.get("/ke-hoach/" + REPORT)
    assert response.status_code == 422
    assert "Đây là tệp báo cáo phục vụ kiểm tra" in text(response.data.decode())


# --- the task board --------------------------------------------------------------------------------

def board_numbers(html):
    return re.findall(r'<td class="num">([\d.]+)</td>', html)


@pytest.mark.parametrize("query, filters", [
    ("", Filters()),
    ("?co_quan=vhxh&qua_han=1", Filters(office="vhxh", overdue=True)),
    ("?quy=3", Filters(quarter=3)),
    ("?trang_thai=hoan_thanh", Filters(statuses=("hoan_thanh",))),
    ("?trang_thai=dang_trong_han&co_quan=vp", Filters(office="vp", statuses=("dang_trong_han",))),
])
def test_the_board_shows_the_tasks_kehoach_tasks_shows(client, query, filters):
    html = page(client, "/ke-hoach/" + PLAN + query + ("&" if query else "?") + "ngay=2026-04-15")
    plan = kinds.load(PLAN, expect=("ke_hoach",)).model
    expected = [r.number for r in followup.task_rows(plan, followup.select(plan, filters, TODAY), TODAY)]
    assert board_numbers(html) == expected
    assert f"<strong>{len(expected)}</strong> nhiệm vụ" in html


def test_the_board_matches_the_command_line_table(client):
    html = page(client, "/ke-hoach/" + PLAN + "?co_quan=vhxh&qua_han=1&ngay=2026-04-15")
    cli = subprocess.run([sys.executable, "-m", "generator", "tasks", PLAN, "--co-quan", "vhxh", "--qua-han",
                          "--ngay", "2026-04-15"], capture_output=True, text=True, check=True,
                         env={**os.environ, "COLUMNS": "200", "PYTHONPATH": str(ROOT)}).stdout
    numbers = re.findall(r"^\s*(\d+\.\d+)\s", cli, re.M)
    assert board_numbers(html) == numbers == ["1.1", "7.1", "7.2", "7.3"]
    assert "Chưa thực hiện – quá hạn" in html


def test_filters_from_htmx_return_only_the_table(client):
    response = client.get("/ke-hoach/" + PLAN + "?quy=1", headers={**HX, "HX-Target": "bang"})
    html = response.data.decode()
    assert response.status_code == 200 and "<html" not in html and 'class="board"' in html


def test_an_unknown_office_in_the_filter_is_named_with_a_suggestion(client):
    html = page(client, "/ke-hoach/" + PLAN + "?co_quan=vhx")
    assert "Không có cơ quan mã 'vhx'. Có phải ý bạn là 'vhxh'?" in text(html)


def test_saving_a_status_changes_only_those_lines_of_the_plan(client, folder):
    before = (folder / PLAN).read_text(encoding="utf-8")
    html = page(client, "/ke-hoach/" + PLAN)
    response = post(client, f"/ke-hoach/{PLAN}/trang-thai",
                    row_data(base_of(html), new_status="hoan_thanh", new_done="2026-03-20",
                             new_result="Kế hoạch số 12/KH-UBND <b>&"), csrf(html))
    assert response.status_code == 200
    fragment = response.data.decode()
    assert "Hoàn thành đúng hạn" in fragment and "Đã lưu vào" in fragment
    assert "&lt;b&gt;&amp;" in fragment and "<b>&" not in fragment  # user text is shown as text
    assert 'id="tong-ket" class="summary" hx-swap-oob="true"' in fragment
    assert 'id="phien-ban"' in fragment and base_of(html) not in re.search(r'id="phien-ban"[^>]*>', fragment).group(0)
    after = (folder / PLAN).read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["        trang_thai: hoan_thanh", "        ngay_hoan_thanh: 2026-03-20",
                     '        ket_qua: "Kế hoạch số 12/KH-UBND <b>&"']
    assert after.count("#") == before.count("#")  # comments kept
    task = kinds.load(PLAN, expect=("ke_hoach",)).model.tasks[0]
    assert (task.own_record.declared, task.completed_on.isoformat(), task.result) == ("hoan_thanh", "2026-03-20",
                                                                                  "Kế hoạch số 12/KH-UBND <b>&")


def test_a_completion_date_alone_completes_the_task_and_undoing_drops_the_date(client, folder):
    html = page(client, "/ke-hoach/" + PLAN)
    response = post(client, f"/ke-hoach/{PLAN}/trang-thai", row_data(base_of(html), new_done="2026-04-02"), csrf(html))
    assert "trạng thái thành Hoàn thành vì đã có ngày hoàn thành" in response.data.decode()
    task = kinds.load(PLAN, expect=("ke_hoach",)).model.tasks[0]
    assert task.own_record.declared == "hoan_thanh"
    html = page(client, "/ke-hoach/" + PLAN)
    response = post(client, f"/ke-hoach/{PLAN}/trang-thai",
                    row_data(base_of(html), status="hoan_thanh", done="2026-04-02", new_status="dang_thuc_hien"),
                    csrf(html))
    assert "ngày hoàn thành được bỏ" in response.data.decode()
    task = kinds.load(PLAN, expect=("ke_hoach",)).model.tasks[0]
    assert (task.own_record.declared, task.completed_on) == ("dang_thuc_hien", None)


def test_a_bad_date_or_status_is_refused_and_nothing_is_written(client, folder):
    before = (folder / PLAN).read_bytes()
    html = page(client, "/ke-hoach/" + PLAN)
    for data in (row_data(base_of(html), new_done="31/02/2026"), row_data(base_of(html), new_status="xong")):
        response = post(client, f"/ke-hoach/{PLAN}/trang-thai", data, csrf(html))
        assert response.status_code == 422 and response.headers["HX-Retarget"] == "#thong-bao"
    assert "không đúng dạng dd/mm/yyyy" in text(post(client, f"/ke-hoach/{PLAN}/trang-thai",
                                                     row_data(base_of(html), new_done="31/02/2026"), csrf(html)).data.decode())
    assert (folder / PLAN).read_bytes() == before


def test_a_plan_changed_since_the_page_loaded_is_not_overwritten(client, folder):
    html = page(client, "/ke-hoach/" + PLAN)
    path = folder / PLAN
    # someone else completes task 1.1 meanwhile (another tab, the Excel import, an editor)
    edited = path.read_text(encoding="utf-8").replace('thoi_gian: "Quý I/2026"\n',
                                                      'thoi_gian: "Quý I/2026"\n        trang_thai: dang_thuc_hien\n', 1)
    path.write_text(edited, encoding="utf-8")
    response = post(client, f"/ke-hoach/{PLAN}/trang-thai", row_data(base_of(html), new_result="Đã ban hành"), csrf(html))
    assert response.status_code == 409
    shown = text(response.data.decode())
    assert "đã được sửa ở nơi khác" in shown and "Chưa ghi gì" in shown
    assert "Trên đĩa trạng thái Chưa thực hiện Đang thực hiện" in shown
    assert "Bạn sửa kết quả (trống) “Đã ban hành”" in shown
    assert "+ trang_thai: dang_thuc_hien" in shown  # the line that changed on disk
    assert path.read_text(encoding="utf-8") == edited
    # the user chooses to apply their change to the file as it is now
    choice = re.search(r'<div class="conflict-choice">(.*?)</div>', response.data.decode(), re.S).group(1)
    data = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', choice))
    response = post(client, f"/ke-hoach/{PLAN}/trang-thai", data, csrf(html))
    assert response.status_code == 200
    task = kinds.load(PLAN, expect=("ke_hoach",)).model.tasks[0]
    assert (task.own_record.declared, task.result) == ("dang_thuc_hien", "Đã ban hành")  # both changes kept


def test_a_task_moved_since_the_page_loaded_is_found_by_its_content(client, folder):
    html = page(client, "/ke-hoach/" + PLAN)
    fingerprint = re.search(r'id="nv-2".*?name="dau_vet" value="([^"]+)"', html, re.S).group(1)
    path = folder / PLAN
    text_before = path.read_text(encoding="utf-8")
    # task 1.1 removed: task 1.2 is now the first of its group
    start = text_before.index("      - noi_dung: \"Xây dựng ban hành Kế hoạch tuyên truyền")
    end = text_before.index("      # 1.2")
    path.write_text(text_before[:start] + text_before[end:], encoding="utf-8")
    data = {**row_data(base_of(html), index=1, new_status="dang_thuc_hien"), "dau_vet": fingerprint}
    response = post(client, f"/ke-hoach/{PLAN}/trang-thai", data, csrf(html))
    assert response.status_code == 409
    data["phien_ban"] = re.search(r'name="phien_ban" value="([0-9a-f]+)"><input type="hidden" name="ghi_de"',
                                  response.data.decode()).group(1)
    assert post(client, f"/ke-hoach/{PLAN}/trang-thai", data, csrf(html)).status_code == 200
    first = kinds.load(PLAN, expect=("ke_hoach",)).model.tasks[0]
    assert first.content.startswith("Xây dựng Kế hoạch tham gia Hội thi") and first.own_record.declared == "dang_thuc_hien"


# --- refusals ------------------------------------------------------------------------------------------

def test_a_post_without_the_csrf_token_is_refused(client, folder):
    before = (folder / PLAN).read_bytes()
    html = page(client, "/ke-hoach/" + PLAN)
    data = row_data(base_of(html), new_status="hoan_thanh")
    for headers in ({}, {"X-CSRF-Token": "sai"}):
        response = client.post(f"/ke-hoach/{PLAN}/trang-thai", data=data, headers=headers)
        assert response.status_code == 403
        assert "tải lại trang" in text(response.data.decode())
    assert client.post("/bao-cao-moi", data={"don_vi": "Phường Lê Chân"}).status_code == 403
    assert (folder / PLAN).read_bytes() == before


def test_requests_naming_another_host_are_refused(client):
    response = client.get("/", headers={"Host": "evil.example:8765"})
    assert response.status_code == 400 and "Địa chỉ truy cập không hợp lệ" in text(response.data.decode())
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


@pytest.mark.parametrize("url", ["/ke-hoach/../x.yaml", "/ke-hoach/plans/../../x.yaml", "/ke-hoach//etc/passwd",
                                 "/bao-cao/%2Fetc%2Fhosts.yaml", "/tai/outputs/../plans/nam-do-son-2026.yaml",
                                 "/tai/plans/nam-do-son-2026.yaml", "/ke-hoach/plans/ghi-chu.txt"])
def test_paths_leaving_the_folder_or_of_other_kinds_are_refused(client, folder, url):
    (folder / "plans" / "ghi-chu.txt").write_text("x", encoding="utf-8")
    response = client.get(url, follow_redirects=True)
    assert response.status_code in (403, 404)
    assert "Không thực hiện được" in response.data.decode() or response.status_code == 404


def test_a_symlink_leaving_the_folder_is_refused(client, folder, tmp_path):
    outside = tmp_path / "ngoai.yaml"
    outside.write_text((ROOT / PLAN).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "plans" / "lien-ket.yaml").symlink_to(outside)
    response = client.get("/ke-hoach/plans/lien-ket.yaml")
    assert response.status_code == 403 and "ngoài thư mục" in text(response.data.decode())
    assert "lien-ket.yaml" not in page(client, "/")


def test_a_symlink_inside_the_folder_is_written_through(client, folder):
    (folder / "ke-hoach.yaml").symlink_to(folder / PLAN)
    html = page(client, "/ke-hoach/ke-hoach.yaml")
    assert post(client, "/ke-hoach/ke-hoach.yaml/trang-thai", row_data(base_of(html), new_status="dang_thuc_hien"),
                csrf(html)).status_code == 200
    assert (folder / "ke-hoach.yaml").is_symlink()
    assert "trang_thai: dang_thuc_hien" in (folder / PLAN).read_text(encoding="utf-8")


def test_a_report_linking_a_plan_outside_the_folder_is_refused(client, folder, tmp_path):
    outside = tmp_path / "ngoai.yaml"
    outside.write_text((ROOT / PLAN).read_text(encoding="utf-8"), encoding="utf-8")
    path = folder / REPORT
    path.write_text(path.read_text(encoding="utf-8").replace(f"ke_hoach: {PLAN}", f"ke_hoach: {outside}"), encoding="utf-8")
    html = page(client, "/bao-cao/" + REPORT)
    assert "nằm ngoài thư mục đang mở" in text(html)


def test_with_a_password_every_page_needs_sign_in(folder):
    client = create_app(folder, password="mat-khau-dai", loopback=False, today=TODAY).test_client()
    response = client.get("/ke-hoach/" + PLAN)
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
    assert client.get("/", headers=HX).status_code == 401
    assert client.get("/tinh/htmx.min.js").status_code == 200
    login = page(client, "/dang-nhap")
    wrong = client.post("/dang-nhap", data={"_csrf": csrf(login), "mat_khau": "sai"})
    assert wrong.status_code == 401 and "Mật khẩu không đúng" in wrong.data.decode()
    assert client.get("/").status_code == 302
    ok = client.post("/dang-nhap?tiep=/ke-hoach/" + PLAN, data={"_csrf": csrf(login), "mat_khau": "mat-khau-dai"})
    assert ok.status_code == 302 and ok.headers["Location"].endswith("/ke-hoach/" + PLAN)
    assert client.get("/ke-hoach/" + PLAN).status_code == 200
    assert client.get("/dang-nhap", headers={"Host": "192.0.2.10:8765"}).status_code == 200  # any address on the LAN
    assert client.post("/dang-nhap?tiep=//evil.example", data={"_csrf": csrf(page(client, "/")), "mat_khau": "mat-khau-dai"}).headers["Location"] == "/"


def test_pages_forbid_inline_scripts_and_framing(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.data.decode()
    assert client.get("/tinh/htmx.min.js").data.startswith(b"var htmx=")


def test_user_text_in_a_file_is_shown_as_text(client, folder):
    path = folder / PLAN
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Xây dựng ban hành Kế hoạch tuyên truyền CCHC", "<script>alert(1)</script> Xây dựng ban hành Kế hoạch tuyên truyền CCHC", 1),
        encoding="utf-8")
    html = page(client, "/ke-hoach/" + PLAN)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- the report form -------------------------------------------------------------------------------

def report_form(client):
    html = page(client, "/bao-cao/" + REPORT)
    form = re.search(r'<form id="bao-cao".*?</form>', html, re.S).group(0)
    data = {m[0]: m[1] for m in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)}
    data.update({m[0]: m[1] for m in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S)})
    data.update({m[0]: m[1] for m in re.findall(r'<select name="([^"]+)">.*?<option value="([^"]*)" selected', form, re.S)})
    data = {k: v.replace("&#34;", '"').replace("&amp;", "&") for k, v in data.items()}
    return html, data


def test_the_report_form_has_every_field_of_the_outline_with_label_and_unit(client):
    html, data = report_form(client)
    outline = kinds.load(REPORT, expect=("bao_cao",)).model.outline
    for fid, f in outline.fields.items():
        assert f.label in html
        assert f'name="so_lieu.{fid}"' in html or f'id="gt-{fid}"' in html
    for iid in outline.item_ids:
        assert f'name="tra_loi.{iid}"' in html
    assert '<span class="unit">hồ sơ</span>' in html
    # computed figures are shown, not typed: 1158/1200 → 96,5; 53 tasks counted from the plan
    assert re.search(r'id="gt-hs_dung_han_ty_le" class="value">96,5<', html)
    assert re.search(r'id="gt-nv_ke_hoach_tong" class="value">44<', html)
    assert 'name="so_lieu.hs_dung_han_ty_le"' not in html
    assert data["so_lieu.hs_tiep_nhan"] == "1250" and data["so_lieu.hs_truc_tuyen_ty_le"] == "87,5"
    # sections in the outline's order, numbered as printed
    assert html.index("I. CÔNG TÁC CHỈ ĐẠO") < html.index("II. KẾT QUẢ THỰC HIỆN") < html.index("V. KIẾN NGHỊ")


def test_checking_the_form_gives_the_report_commands_messages_at_their_fields(client):
    html, data = report_form(client)
    response = post(client, f"/bao-cao/{REPORT}/kiem-tra", {**data, "so_lieu.hs_dung_han": "1.300"}, csrf(html))
    fragment = response.data.decode()
    message = re.search(r'id="loi-hs_dung_han" hx-swap-oob="true">(.*?)</div>', fragment, re.S).group(1)
    assert "Số hồ sơ đã giải quyết đúng hạn (1.300 hồ sơ) lớn hơn Số hồ sơ đã giải quyết (1.200 hồ sơ)" in text(message)
    assert "1 lỗi" in text(fragment.split("<div")[0])
    response = post(client, f"/bao-cao/{REPORT}/kiem-tra", {**data, "so_lieu.hs_dung_han": "1100"}, csrf(html))
    fragment = response.data.decode()
    assert re.search(r'id="gt-hs_dung_han_ty_le" class="value" hx-swap-oob="true">91,7<', fragment)
    assert re.search(r'id="loi-hs_dung_han" hx-swap-oob="true"></div>', fragment)
    response = post(client, f"/bao-cao/{REPORT}/kiem-tra", {**data, "so_lieu.dvsn_nhom_4": "3", "so_lieu.hs_truc_tuyen_ty_le": "120"}, csrf(html))
    fragment = text(response.data.decode())
    assert "các phần phải cộng lại bằng tổng" in fragment and "tỷ lệ phải từ 0 đến 100%" in fragment
    response = post(client, f"/bao-cao/{REPORT}/kiem-tra", {**data, "so_lieu.pakn_tiep_nhan": "sáu"}, csrf(html))
    assert "cần một số (PAKN)" in text(response.data.decode())


def test_saving_the_report_writes_its_yaml_keeping_comments(client, folder):
    before = (folder / REPORT).read_text(encoding="utf-8")
    html, data = report_form(client)
    data.update({"so_lieu.hs_dung_han": "1100", "so_lieu.du_lieu_tai_su_dung_ty_le": "45,5", "so_lieu.nv_giao_qua_han_chua_xong": "",
                 "tra_loi.sang_kien_mo_hinh": "Mô hình “Chủ nhật xanh”.\n\nMô hình số hóa hồ sơ."})
    response = post(client, f"/bao-cao/{REPORT}", data, csrf(html))
    assert response.status_code == 200, response.data
    assert "Đã lưu reports/nam-do-son-2026.yaml (4 thay đổi)" in text(response.data.decode())
    assert response.headers["HX-Trigger"] == "kehoach-saved"
    after = (folder / REPORT).read_text(encoding="utf-8")
    saved = yaml.safe_load(after)
    assert saved["so_lieu"]["hs_dung_han"] == 1100 and saved["so_lieu"]["du_lieu_tai_su_dung_ty_le"] == 45.5
    assert "nv_giao_qua_han_chua_xong" not in saved["so_lieu"]
    assert saved["tra_loi"]["sang_kien_mo_hinh"] == ["Mô hình “Chủ nhật xanh”.", "Mô hình số hóa hồ sơ."]
    assert "  # II.1 Văn bản quy phạm pháp luật" in after and "# LƯU Ý" in after  # comments kept
    assert "hs_dung_han: 1100                  # → tỷ lệ đúng hạn tự tính" in after
    keys = list(saved["so_lieu"])
    assert keys.index("so_hoa_ty_le") < keys.index("du_lieu_tai_su_dung_ty_le") < keys.index("pakn_tiep_nhan")
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(changed) == 5, changed  # and one line removed
    assert kinds.load(REPORT, expect=("bao_cao",)).model.values["hs_dung_han_ty_le"] == __import__("decimal").Decimal("91.7")


def test_an_inconsistent_report_is_not_saved(client, folder):
    before = (folder / REPORT).read_bytes()
    html, data = report_form(client)
    response = post(client, f"/bao-cao/{REPORT}", {**data, "so_lieu.hs_dung_han": "1300"}, csrf(html))
    assert response.status_code == 422 and "Chưa lưu: còn 1 lỗi" in text(response.data.decode())
    assert (folder / REPORT).read_bytes() == before


def test_a_report_changed_on_disk_shows_both_sides_and_merges_on_request(client, folder):
    html, data = report_form(client)
    path = folder / REPORT
    path.write_text(path.read_text(encoding="utf-8").replace("pakn_tiep_nhan: 6", "pakn_tiep_nhan: 8"), encoding="utf-8")
    changed_on_disk = path.read_bytes()
    response = post(client, f"/bao-cao/{REPORT}", {**data, "so_lieu.hs_qua_han": "40"}, csrf(html))
    assert response.status_code == 409
    fragment = response.data.decode()
    shown = text(fragment)
    assert "Tổng số PAKN tiếp nhận 6 8 6" in shown and "Số hồ sơ quá hạn 42 42 40" in shown
    assert path.read_bytes() == changed_on_disk
    vals = re.search(r"hx-vals='(\{.*?\})'", fragment).group(1)
    extra = __import__("json").loads(vals.replace("&#34;", '"'))
    response = post(client, f"/bao-cao/{REPORT}", {**data, "so_lieu.hs_qua_han": "40", **extra}, csrf(html))
    assert response.status_code == 200, response.data
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))["so_lieu"]
    assert (saved["pakn_tiep_nhan"], saved["hs_qua_han"]) == (8, 40)  # theirs kept, mine applied


def test_a_new_report_starts_from_a_unit_and_an_outline(client, folder):
    html = page(client, "/bao-cao-moi")
    response = client.post("/bao-cao-moi", data={"_csrf": csrf(html), "don_vi": "Phường Lê Chân",
                                                 "de_cuong": "kiem-tra-cchc-2026", "ke_hoach": PLAN})
    assert response.status_code == 302 and response.headers["Location"].endswith("/bao-cao/reports/phuong-le-chan.yaml")
    report = kinds.load("reports/phuong-le-chan.yaml", expect=("bao_cao",)).model
    assert report.unit.name == "Phường Lê Chân" and report.values["nv_ke_hoach_tong"] == 53
    again = client.post("/bao-cao-moi", data={"_csrf": csrf(html), "don_vi": "Phường Lê Chân", "de_cuong": "kiem-tra-cchc-2026"})
    assert again.status_code == 422 and "Đã có tệp reports/phuong-le-chan.yaml" in text(again.data.decode())
    bad = client.post("/bao-cao-moi", data={"_csrf": csrf(html), "don_vi": "Lê Chân", "de_cuong": "kiem-tra-cchc-2026"})
    assert bad.status_code == 422 and "Không rõ 'Lê Chân' là đơn vị nào" in text(bad.data.decode())
    html = page(client, "/bao-cao/reports/phuong-le-chan.yaml")
    token = csrf(html)
    form = {"phien_ban": base_of(html), "don_vi": "Phường Lê Chân", "ke_hoach": PLAN, "so_lieu.hs_tiep_nhan": "300",
            "so_lieu.hs_da_giai_quyet": "280", "so_lieu.hs_dung_han": "266"}
    response = post(client, "/bao-cao/reports/phuong-le-chan.yaml", form, token)
    assert response.status_code == 200
    saved = yaml.safe_load((folder / "reports" / "phuong-le-chan.yaml").read_text(encoding="utf-8"))
    assert saved["so_lieu"] == {"hs_tiep_nhan": 300, "hs_da_giai_quyet": 280, "hs_dung_han": 266}


def test_the_outline_and_the_inspection_plan_have_pages(client, folder):
    (folder / "de-cuong").mkdir()
    (folder / "de-cuong" / "rieng.yaml").write_bytes((ROOT / "templates/de-cuong/kiem-tra-cchc-2026.yaml").read_bytes())
    outline = page(client, "/de-cuong/de-cuong/rieng.yaml")
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn (%)" in text(outline) and "hs_dung_han" in outline
    inspection = page(client, "/kiem-tra/plans/kiem-tra-cchc-2026.yaml")
    assert "27 đơn vị được kiểm tra" in text(inspection) and 'data-doc="ke-hoach-docx"' in inspection


# --- documents -------------------------------------------------------------------------------------

def build(client, token, rel, which, option="", pdf=False, force=False):
    data = {"loai": which, "tuy_chon": option, "dinh_dang": "pdf" if pdf else "docx"}
    if force:
        data["ghi_de"] = "1"
    return post(client, f"/van-ban/{rel}", data, token)


def test_each_document_button_writes_the_docx_the_command_writes(client, folder):
    board = page(client, "/ke-hoach/" + PLAN)
    token = csrf(board)
    # a one-year plan: the year is in the period's name, sent with it
    assert '<option value="quy-1">Quý I năm 2026</option>' in board and '<input type="hidden" name="nam" value="2026">' in board
    for which, option, path in [("quyet-dinh", "", "outputs/nam-do-son-2026/quyet-dinh.docx"),
                                ("ke-hoach", "", "outputs/nam-do-son-2026/ke-hoach.docx"),
                                ("phan-cong", "vhxh", "outputs/nam-do-son-2026/phan-cong/vhxh.docx"),
                                ("tien-do", "quy-1", "outputs/nam-do-son-2026/bao-cao-tien-do-2026-quy-1.docx")]:
        response = build(client, token, PLAN, which, option)
        assert response.status_code == 200, response.data
        assert f"Đã ghi {path}" in text(response.data.decode())
        download = client.get("/tai/" + path)
        assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
        assert download.data == (folder / path).read_bytes()
        Document(io.BytesIO(download.data))
    cli = folder.parent / "cli"
    subprocess.run([sys.executable, "-m", "generator", "build", PLAN, "-o", str(cli)], check=True, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (cli / "nam-do-son-2026" / "ke-hoach.docx").read_bytes() == (folder / "outputs/nam-do-son-2026/ke-hoach.docx").read_bytes()
    response = build(client, token, REPORT, "bao-cao")
    assert "Đã ghi outputs/nam-do-son-2026/bao-cao-kiem-tra.docx" in text(response.data.decode())
    assert build(client, token, PLAN, "phan-cong", "khong-co").status_code == 422


def test_a_hand_edited_document_is_not_overwritten_unless_the_user_confirms(client, folder):
    token = csrf(page(client, "/ke-hoach/" + PLAN))
    assert build(client, token, PLAN, "ke-hoach").status_code == 200
    target = folder / "outputs/nam-do-son-2026/ke-hoach.docx"
    target.write_bytes(target.read_bytes() + b"sua tay")
    response = build(client, token, PLAN, "ke-hoach")
    assert response.status_code == 409 and "đã bị sửa tay" in text(response.data.decode())
    assert target.read_bytes().endswith(b"sua tay")
    assert 'href="/tai/outputs/nam-do-son-2026/ke-hoach.docx"' in response.data.decode()
    assert build(client, token, PLAN, "ke-hoach", force=True).status_code == 200
    assert not target.read_bytes().endswith(b"sua tay")


def test_a_document_of_an_invalid_file_names_its_errors(client, folder):
    token = csrf(page(client, "/ke-hoach/" + PLAN))
    path = folder / PLAN
    path.write_text(path.read_text(encoding="utf-8").replace("chu_tri: vhxh", "chu_tri: vhx", 1), encoding="utf-8")
    response = build(client, token, PLAN, "ke-hoach")
    assert response.status_code == 422 and "Không có cơ quan mã 'vhx'" in text(response.data.decode())
    assert not (folder / "outputs").exists()


@pytest.mark.skipif(not __import__("shutil").which("soffice") and not os.environ.get("KEHOACH_REQUIRE_PDF"),
                    reason="LibreOffice is not installed")
def test_the_pdf_button_converts_with_libreoffice(client, folder):
    token = csrf(page(client, "/ke-hoach/" + PLAN))
    response = build(client, token, PLAN, "quyet-dinh", pdf=True)
    assert response.status_code == 200, response.data
    assert "Đã ghi outputs/nam-do-son-2026/quyet-dinh.pdf" in text(response.data.decode())
    assert client.get("/tai/outputs/nam-do-son-2026/quyet-dinh.pdf").data.startswith(b"%PDF")


def test_the_hostile_corpus_is_served_as_located_errors_never_a_crash(tmp_path, monkeypatch):
    from helpers import ROOT as root

    corpus = tmp_path / "corpus"
    shutil.copytree(root / "tests" / "hostile" / "bad_inputs", corpus / "plans")
    monkeypatch.chdir(corpus)
    client = create_app(corpus, today=TODAY).test_client()
    home = client.get("/")
    assert home.status_code == 200
    for path in sorted((corpus / "plans").glob("*.yaml")):
        rel = path.relative_to(corpus).as_posix()
        assert rel in home.data.decode() or path.name == "cases.yaml"
        response = client.get("/tep/" + rel, follow_redirects=True)
        assert response.status_code in (200, 422), (rel, response.status_code)
