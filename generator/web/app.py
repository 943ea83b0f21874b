"""The Flask application of ``kehoach web``: pages, htmx fragments, and the rules every request obeys.

Every request: the Host header must name this machine when the app listens on 127.0.0.1
(a web page elsewhere cannot reach it through a DNS trick); with a password, every page
but the login page needs the session of a signed-in user; every POST carries the
session's CSRF token (header ``X-CSRF-Token`` from htmx, or form field ``_csrf``).
Responses forbid framing and inline scripts. Jinja escapes every value: user text is
always shown as text.
"""

from __future__ import annotations

import hmac
import os
import secrets
import time
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask, g, make_response, redirect, render_template, request, send_file, session, url_for

from generator.domain import tracking
from generator.domain.tasks import PROGRESS_LABELS, STATUS_LABELS, TASK_STATUSES
from generator.domain.inline import plain
from generator.domain.vietnamese import format_number, table_date
from generator.errors import InputError, KehoachError, OutputConflict, UsageError
from generator.kinds.plan import followup
from generator.kinds.plan.followup import Filters
from generator.source import bundled
from generator.web import documents, report_form, statuses
from generator.web.folder import Folder, PathRefused, describe, digest
from generator.web.roundtrip import RoundTripError

LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}
FILTER_STATUSES = {**STATUS_LABELS, **PROGRESS_LABELS}
KIND_ROUTES = {"ke_hoach": "board", "bao_cao": "report", "kiem_tra": "documents_page", "de_cuong": "outline"}


def create_app(root: str | os.PathLike, *, password: str | None = None, loopback: bool = True,
               today: date | None = None) -> Flask:
    """Return the app serving folder `root` (which becomes the current directory).

    `password`: required to sign in (None: no sign-in); `loopback`: the app listens on
    127.0.0.1 only, so requests must name this machine; `today`: a fixed "today" (tests).
    """
    folder = Folder(Path(root))
    os.chdir(folder.root)  # paths in the core's messages are relative to the folder, as with the CLI
    here = Path(__file__).parent
    app = Flask("generator.web", template_folder=str(here / "templates"), static_folder=str(here / "static"),
                static_url_path="/tinh")
    app.config.update(SECRET_KEY=secrets.token_bytes(32), SESSION_COOKIE_SAMESITE="Strict",
                      SESSION_COOKIE_HTTPONLY=True, MAX_CONTENT_LENGTH=2 * 1024 * 1024,
                      TEMPLATES_AUTO_RELOAD=False)
    app.jinja_env.autoescape = True
    app.jinja_env.globals.update(STATUS_LABELS=STATUS_LABELS, FILTER_STATUSES=FILTER_STATUSES,
                                 fmt_date=lambda d: table_date(d) if d else "", fmt_number=format_number)
    app.jinja_env.filters["plain"] = lambda text: " ".join(plain(text).split())
    app.config["KEHOACH_FOLDER_NAME"] = str(folder.root)
    app.extensions["kehoach"] = folder

    def day() -> date:
        return today or date.today()

    # -- the rules of every request ---------------------------------------------------------
    @app.before_request
    def guard() -> Any:
        if loopback:
            host = (request.host or "").rsplit(":", 1)[0] if not (request.host or "").startswith("[") \
                else (request.host or "").split("]")[0] + "]"
            if host not in LOOPBACK_NAMES:
                return _refuse(400, "Địa chỉ truy cập không hợp lệ: mở ứng dụng bằng http://127.0.0.1:… như "
                                    "kehoach web đã in ra.")
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        g.csrf = session["csrf"]
        public = request.endpoint in ("login", "static")
        if password is not None and not session.get("signed_in") and not public:
            if request.method == "GET" and not request.headers.get("HX-Request"):
                return redirect(url_for("login", tiep=request.full_path))
            return _refuse(401, "Cần đăng nhập: tải lại trang.")
        if request.method == "POST":
            sent = request.headers.get("X-CSRF-Token") or request.form.get("_csrf", "")
            if not hmac.compare_digest(str(sent), session["csrf"]):
                return _refuse(403, "Phiên làm việc đã hết hạn hoặc yêu cầu không đến từ trang của kehoach: "
                                    "tải lại trang rồi làm lại.")
        return None

    @app.after_request
    def headers(response: Any) -> Any:
        response.headers["Content-Security-Policy"] = ("default-src 'self'; script-src 'self'; style-src 'self'; "
                                                       "img-src 'self' data:; frame-ancestors 'none'; "
                                                       "form-action 'self'; base-uri 'none'")
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(404)
    def not_found(_: Any) -> Any:
        return _refuse(404, "Không có trang này.")

    @app.errorhandler(413)
    def too_large(_: Any) -> Any:
        return _refuse(413, "Dữ liệu gửi lên quá lớn.")

    @app.errorhandler(InputError)
    def invalid_file(exc: InputError) -> Any:
        return _invalid((request.view_args or {}).get("rel", ""), exc)

    @app.errorhandler(PathRefused)
    def refused(exc: PathRefused) -> Any:
        return _refuse(403 if "ngoài" in str(exc) or ".." in str(exc) else 404, str(exc))

    # -- sign-in ------------------------------------------------------------------------------
    @app.route("/dang-nhap", methods=["GET", "POST"])
    def login() -> Any:
        if password is None:
            return redirect(url_for("home"))
        wrong = False
        if request.method == "POST":
            if hmac.compare_digest(request.form.get("mat_khau", "").encode(), password.encode()):
                session.clear()
                session["signed_in"] = True
                session["csrf"] = secrets.token_urlsafe(32)
                target = request.args.get("tiep", "/")
                return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
            time.sleep(1.0)  # slow guessing down
            wrong = True
        return render_template("login.html", wrong=wrong), 401 if wrong else 200

    @app.post("/dang-xuat")
    def logout() -> Any:
        session.clear()
        return redirect(url_for("login" if password is not None else "home"))

    # -- home ---------------------------------------------------------------------------------
    @app.get("/")
    def home() -> Any:
        listed = [describe(folder, rel) for rel in folder.yaml_files()]
        groups = {key: [f for f in listed if f.kind == key] for key in ("ke_hoach", "kiem_tra", "bao_cao", "de_cuong")}
        unknown = [f for f in listed if f.kind not in groups]
        return render_template("home.html", groups=groups, unknown=unknown, root=folder.root,
                               routes=KIND_ROUTES, outlines=bundled.outline_names())

    @app.get("/tep/<path:rel>")
    def open_file(rel: str) -> Any:
        loaded, _ = folder.load(rel)  # a file with errors: the errors page (see `invalid_file`)
        return redirect(url_for(KIND_ROUTES[loaded.kind.key], rel=rel))

    # -- task board ---------------------------------------------------------------------------
    @app.get("/ke-hoach/<path:rel>")
    def board(rel: str) -> Any:
        loaded, base = folder.load(rel, ("ke_hoach",))  # a file with errors: the errors page (see `invalid_file`)
        plan = loaded.model
        filters, as_of, problems = _filters(plan, request.args, day())
        chosen = followup.select(plan, filters, as_of)  # what `kehoach tasks` lists with the same options
        rows = followup.task_rows(plan, chosen, as_of)
        shown_year = filters.year or followup.default_year(plan, as_of)
        context = dict(rel=rel, plan=plan, rows=rows, counts=tracking.count(chosen, as_of), as_of=as_of, base=base,
                       args=request.args, filters=filters, scope=followup.scope_words(plan, filters, as_of),
                       problems=problems, offices=followup.offices_involved(plan), warnings=loaded.warnings,
                       identity_of=statuses.identity_of, row_key=statuses.row_key,
                       years=list(plan.years), shown_year=shown_year,
                       choices=documents.choices("ke_hoach", plan, day(), shown_year))
        if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "bang":
            return render_template("board_table.html", **context)
        return render_template("board.html", **context)

    @app.post("/ke-hoach/<path:rel>/trang-thai")
    def save_status(rel: str) -> Any:
        form = request.form
        try:
            row_form = statuses.parse_form(form)
        except statuses.FormError as exc:
            return _toast([str(exc)], 422)
        outcome = statuses.save(folder, rel, form.get("phien_ban", ""), row_form)
        as_of = _as_of(form.get("ngay_xet"), day())
        if outcome.entry is None and outcome.conflict is None:
            return _toast(outcome.problems or ["Không tìm thấy nhiệm vụ: tải lại trang."], 422)
        row = followup.task_row(outcome.plan, outcome.entry, as_of) if outcome.entry is not None else None
        counts = scope = None
        if outcome.saved and outcome.plan is not None:
            counts = tracking.count(statuses.shown_entries(outcome.plan, form.getlist("hien")), as_of)
            scope = followup.scope_words(outcome.plan, _scope_filters(outcome.plan, form), as_of)
        return render_template("board_row.html", rel=rel, row=row, outcome=outcome, counts=counts, scope=scope,
                               as_of=as_of, form=row_form, identity_of=statuses.identity_of,
                               row_key=statuses.row_key, repeat=form.get("lap") == "1", sent=form), \
            409 if outcome.conflict else 422 if outcome.problems else 200

    # -- report form --------------------------------------------------------------------------
    @app.get("/bao-cao/<path:rel>")
    def report(rel: str) -> Any:
        raw = folder.read_bytes(rel)
        folder.remember(raw)
        data, outline = _data(rel, raw), _outline_of(rel, raw)
        if data is None or outline is None:  # not a report the form can show: say why
            try:
                folder.load(rel, ("bao_cao",))
            except InputError as exc:
                return _invalid(rel, exc)
            return _refuse(422, "Không mở được báo cáo này dưới dạng biểu mẫu.")
        checked = report_form.check(folder, rel, raw)
        return render_template("report.html", **_report_context(rel, raw, data, outline, checked,
                                                                report_form.form_values(data)))

    @app.post("/bao-cao/<path:rel>/kiem-tra")
    def report_check(rel: str) -> Any:
        raw = folder.read_bytes(rel)
        origin = request.form.get("phien_ban", "")
        outcome = _report_from_form(rel, raw, origin)
        if isinstance(outcome, Exception):
            return _toast([str(outcome)], 422)
        data, outline, checked, _ = outcome
        return render_template("report_check.html", **_report_context(rel, raw, data, outline, checked, {}))

    @app.post("/bao-cao/<path:rel>")
    def report_save(rel: str) -> Any:
        with folder.write_lock:
            raw = folder.read_bytes(rel)
            base = request.form.get("phien_ban", "")
            origin = request.form.get("goc") or base
            now = digest(raw)
            if now != base:
                return _report_conflict(rel, origin, raw)
            outcome = _report_from_form(rel, raw, origin)
            if isinstance(outcome, Exception):
                return _toast([str(outcome)], 422)
            data, outline, checked, changes = outcome
            context = _report_context(rel, raw, data, outline, checked, {})
            if not checked.valid:
                context["save_message"] = (f"Chưa lưu: còn {len(checked.problems)} lỗi (xem các ô đánh dấu đỏ). "
                                           "Sửa rồi bấm Lưu lại.")
                return render_template("report_check.html", **context), 422
            if not changes:
                context["save_message"] = "Không có gì thay đổi so với tệp."
                context["saved_digest"] = now
                response = make_response(render_template("report_check.html", **context))
            else:
                context["saved_digest"] = report_form.save(folder, rel, checked.raw)
                context["save_message"] = f"Đã lưu {rel} ({len(changes)} thay đổi)."
                response = make_response(render_template("report_check.html", **context))
            response.headers["HX-Trigger"] = "kehoach-saved"
            return response

    @app.route("/bao-cao-moi", methods=["GET", "POST"])
    def new_report() -> Any:
        plans = [r for r in folder.yaml_files() if folder.kind_of(r) == "ke_hoach"]
        outlines = bundled.outline_names()
        values = {"don_vi": "", "de_cuong": outlines[-1] if outlines else "", "ke_hoach": ""}
        errors: list[str] = []
        if request.method == "POST":
            values = {k: " ".join(request.form.get(k, "").split()) for k in values}
            if not values["don_vi"]:
                errors.append("Cần tên đơn vị, vd “Phường Lê Chân”, “Sở Xây dựng”.")
            if values["de_cuong"] not in outlines:
                errors.append("Chọn một đề cương trong danh sách.")
            if values["ke_hoach"] and values["ke_hoach"] not in plans:
                errors.append("Chọn kế hoạch trong danh sách (hoặc để trống).")
            if not errors:
                rel = report_form.new_report_path(values["don_vi"])
                text = report_form.new_report_text(values["don_vi"], values["de_cuong"], values["ke_hoach"] or None)
                checked = report_form.check(folder, rel, text.encode("utf-8"))
                if not checked.valid:
                    errors.extend(p.message for p in checked.problems)
                else:
                    try:
                        report_form.create(folder, rel, text)
                    except OutputConflict:
                        errors.append(f"Đã có tệp {rel}: mở tệp đó trên trang chủ, hoặc đặt tên đơn vị khác.")
                    else:
                        return redirect(url_for("report", rel=rel))
        return render_template("new_report.html", values=values, plans=plans, outlines=outlines,
                               errors=errors), 422 if errors else 200

    # -- đề cương, inspection plans: read-only pages --------------------------------------------
    @app.get("/de-cuong/<path:rel>")
    def outline(rel: str) -> Any:
        loaded, _ = folder.load(rel, ("de_cuong",))  # a file with errors: the errors page (see `invalid_file`)
        return render_template("outline.html", rel=rel, outline=loaded.model, blocks=report_form.blocks(loaded.model))

    @app.get("/kiem-tra/<path:rel>")
    def documents_page(rel: str) -> Any:
        loaded, _ = folder.load(rel, ("kiem_tra",))  # a file with errors: the errors page (see `invalid_file`)
        return render_template("inspection.html", rel=rel, plan=loaded.model,
                               choices=documents.choices("kiem_tra", loaded.model, day()))

    # -- documents ------------------------------------------------------------------------------
    @app.post("/van-ban/<path:rel>")
    def build(rel: str) -> Any:
        which = request.form.get("loai", "")
        option = request.form.get("tuy_chon", "")
        pdf = request.form.get("dinh_dang") == "pdf"
        force = request.form.get("ghi_de") == "1"
        try:
            loaded, _ = folder.load(rel)
            output = documents.render(folder.root, rel, loaded.kind.key, loaded.model, which, option,
                                      request.form.get("nam", ""), day())
            path = documents.write(output, force=force, pdf=pdf)
        except InputError as exc:
            return render_template("fragment_message.html", kind="loi",
                                   lines=["Tệp có lỗi nên chưa tạo được văn bản:"] + [str(p) for p in exc.problems]), 422
        except OutputConflict:
            return render_template("build_conflict.html", rel=rel, which=which, option=option, pdf=pdf,
                                   existing=folder.relative(output.path)), 409
        except (KehoachError, ValueError) as exc:
            message = exc.render() if isinstance(exc, KehoachError) else str(exc)
            return render_template("fragment_message.html", kind="loi", lines=message.splitlines()), 422
        shown = folder.relative(path)
        return render_template("build_done.html", path=shown, size=path.stat().st_size)

    @app.get("/tai/<path:rel>")
    def download(rel: str) -> Any:
        if not rel.startswith(documents.OUTPUTS + "/"):
            raise PathRefused("Chỉ tải được văn bản trong thư mục outputs/.")
        path = folder.resolve(rel, suffixes=(".docx", ".pdf", ".xlsx", ".ics"))
        return send_file(path, as_attachment=True, download_name=path.name, max_age=0)

    # -- helpers --------------------------------------------------------------------------------
    def _invalid(rel: str, exc: InputError) -> Any:
        return render_template("invalid.html", rel=rel, problems=exc.problems, warnings=exc.warnings), 422

    def _data(rel: str, raw: bytes) -> Any:
        from generator.source.yaml_source import load_bytes

        try:
            data = load_bytes(raw, rel).data
        except InputError:
            return None
        return data if isinstance(data, dict) else None

    def _outline_of(rel: str, raw: bytes) -> Any:
        """Return the đề cương of a report that does not read (its figures may be wrong), None if unknown."""
        data = _data(rel, raw)
        if not data or not isinstance(data.get("de_cuong"), str):
            return None
        from generator.source.yaml_source import load_bytes

        try:
            source = load_bytes(raw, rel)
            return folder.links().outline(data["de_cuong"], source, ("de_cuong",))
        except InputError:
            return None

    def _old_data(rel: str, origin: str, raw: bytes) -> Any:
        """Return the data of the version with hash `origin` (None when it is the file as it is, or unknown)."""
        if not origin or origin == digest(raw):
            return None
        old = folder.earlier(origin)
        return _data(rel, old) if old is not None else None

    def _report_from_form(rel: str, raw: bytes, origin: str = "") -> Any:
        data = _data(rel, raw)
        outline = _outline_of(rel, raw)
        if data is None or outline is None:
            return UsageError("Tệp báo cáo hoặc đề cương của nó hiện không đọc được: tải lại trang.")
        has_plan = bool(request.form.get("ke_hoach", data.get("ke_hoach")))
        changes = report_form.changes_from_form(outline, data, request.form, has_plan, _old_data(rel, origin, raw))
        try:
            new_raw = report_form.edited(raw, changes)
        except RoundTripError as exc:
            return exc
        checked = report_form.check(folder, rel, new_raw)
        return data, outline, checked, changes

    def _report_context(rel: str, raw: bytes, data: Any, outline: Any, checked: Any, values: dict[str, str]) -> dict:
        report = checked.report
        has_plan = bool((report.plan if report else None) or (data or {}).get("ke_hoach"))
        return dict(rel=rel, data=data or {}, outline=outline, checked=checked, report=report, values=values,
                    blocks=report_form.blocks(outline), base=digest(raw),
                    computed={fid: report_form.computed_kind(f, has_plan) for fid, f in outline.fields.items()},
                    shown=report_form.shown_values(report) if report else {},
                    plans=[p for p in folder.yaml_files() if folder.kind_of(p) == "ke_hoach"],
                    choices=documents.choices("bao_cao", report, day()))

    def _report_conflict(rel: str, origin: str, raw: bytes) -> Any:
        data, outline = _data(rel, raw), _outline_of(rel, raw)
        if data is None or outline is None:
            return _toast(["Tệp báo cáo đã bị sửa và hiện không đọc được: mở lại trang sau khi sửa tệp."], 409)
        old = folder.earlier(origin)
        old_data = _data(rel, old) if old is not None else None
        has_plan = bool(request.form.get("ke_hoach", data.get("ke_hoach")))
        rows = report_form.conflict_rows(outline, old_data if old_data is not None else data, data, request.form,
                                         has_plan)
        conflict = {"rows": rows, "unknown": old_data is None, "diff": folder.text_diff(origin, raw)}
        return render_template("report_conflict.html", rel=rel, conflict=conflict, digest=digest(raw),
                               base=origin), 409

    return app


def _refuse(status: int, message: str) -> Any:
    if request.headers.get("HX-Request"):
        return _toast([message], status)
    return make_response(render_template("refused.html", message=message, status=status), status)


def _toast(lines: list[str], status: int) -> Any:
    """Return messages for an htmx request, shown in the page's message corner."""
    response = make_response(render_template("fragment_message.html", kind="loi", lines=lines), status)
    response.headers["HX-Retarget"] = "#thong-bao"
    response.headers["HX-Reswap"] = "innerHTML"
    return response


def _as_of(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


def _office(plan: Any, value: str) -> tuple[str, str | None]:
    """Return the key of the office `value` names (key, short name or name, as ``kehoach tasks
    --co-quan`` takes it), or "" and a problem."""
    if value in plan.registry:
        return value, None
    owner = plan.registry.name_owner(value)
    if owner is not None:
        return owner, None
    hint = plan.registry.suggest(value)
    return "", f"Không có cơ quan mã '{value}'." + (f" Có phải ý bạn là '{hint}'?" if hint else "")


def _year(plan: Any, text: str, problems: list[str]) -> int:
    if not text:
        return 0
    if text.isdecimal() and int(text) in plan.years:
        return int(text)
    years = plan.years
    problems.append(f"Năm “{text[:12]}” nằm ngoài kế hoạch {plan.period_words}: chọn một năm từ {years[0]} "
                    f"đến {years[-1]}.")
    return 0


def _scope_filters(plan: Any, args: Any, problems: list[str] | None = None) -> Filters:
    """Return the days a page shows (its quarter and year), from the query or the saved row's context."""
    quarter = args.get("quy", "")
    return Filters(quarter=int(quarter) if quarter in ("1", "2", "3", "4") else 0,
                   year=_year(plan, args.get("nam", ""), [] if problems is None else problems))


def _filters(plan: Any, args: Any, default_day: date) -> tuple[Filters, date, list[str]]:
    """Return the board's filters from the query (the options of ``kehoach tasks``), with problems."""
    problems: list[str] = []
    office, problem = _office(plan, args.get("co_quan", "")) if args.get("co_quan") else ("", None)
    if problem:
        problems.append(problem)
    days = _scope_filters(plan, args, problems)
    wanted = tuple(s for s in args.getlist("trang_thai") if s)
    bad = [s for s in wanted if s not in FILTER_STATUSES]
    if bad:
        problems.append(f"Trạng thái không có: {', '.join(bad)}.")
    day_text = args.get("ngay", "")
    as_of = default_day
    if day_text:
        try:
            as_of = date.fromisoformat(day_text)
        except ValueError:
            problems.append(f"Ngày “{day_text}” không đúng dạng YYYY-MM-DD.")
    return (Filters(office=office, quarter=days.quarter, year=days.year, overdue=args.get("qua_han") == "1",
                    statuses=tuple(s for s in wanted if s in FILTER_STATUSES)), as_of, problems)


__all__ = ["create_app", "TASK_STATUSES"]
