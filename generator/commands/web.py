"""``kehoach web [FOLDER]``: a local web app for the folder's plans and reports (`generator.web`)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
from pathlib import Path

from generator.errors import UsageError

DESCRIPTION = ("Mở ứng dụng web trên máy này cho các tệp trong THƯ_MỤC (mặc định: thư mục hiện tại): danh sách kế "
               "hoạch, báo cáo; bảng nhiệm vụ có lọc và cập nhật trạng thái; báo cáo phục vụ kiểm tra dạng biểu mẫu; "
               "tạo và tải văn bản. Mặc định chỉ máy này truy cập được (127.0.0.1). Ctrl-C để dừng.")
PASSWORD_ENV = "KEHOACH_MAT_KHAU"
MIN_PASSWORD = 8


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", nargs="?", default=".", metavar="THƯ_MỤC", help="thư mục chứa plans/, reports/ (mặc định: .)")
    p.add_argument("--port", type=int, default=8765, metavar="CỔNG", help="cổng (mặc định: 8765; 0: chọn cổng trống)")
    p.add_argument("--host", default="127.0.0.1", metavar="ĐỊA_CHỈ",
                   help="địa chỉ nghe (mặc định 127.0.0.1: chỉ máy này); 0.0.0.0 để mở cho mạng nội bộ (cần mật khẩu)")
    p.add_argument("--mat-khau", metavar="MẬT_KHẨU",
                   help=f"mật khẩu đăng nhập (ít nhất {MIN_PASSWORD} ký tự; hoặc biến môi trường {PASSWORD_ENV}); "
                        "mở cho mạng nội bộ mà không đặt thì kehoach tạo một mật khẩu và in ra")
    p.add_argument("--mo", action="store_true", help="mở trình duyệt khi ứng dụng sẵn sàng")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _password(args: argparse.Namespace, loopback: bool) -> tuple[str | None, bool]:
    """Return the password and whether kehoach made it up (to print it)."""
    given = args.mat_khau if args.mat_khau is not None else os.environ.get(PASSWORD_ENV)
    if given is not None:
        if len(given) < MIN_PASSWORD:
            raise UsageError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
        return given, False
    if loopback:
        return None, False
    return secrets.token_urlsafe(9), True


def _check_free(host: str, port: int) -> None:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), port))
    except OSError as exc:
        raise UsageError(f"Không mở được {host}:{port} ({exc.strerror or exc}). "
                         "Cổng đang được dùng? Chọn cổng khác bằng --port.") from None


def run(args: argparse.Namespace, ui) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(f"{args.folder}: không phải một thư mục.")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"Cổng {args.port} không hợp lệ: chọn từ 1 đến 65535 (0: cổng trống bất kỳ).")
    loopback = _is_loopback(args.host)
    password, made_up = _password(args, loopback)
    try:
        from werkzeug.serving import make_server

        from generator.web.app import create_app
    except ImportError:
        raise UsageError("Ứng dụng web cần thêm vài gói: python3 -m pip install 'kehoach[web]' "
                         "(trong thư mục mã nguồn: python3 -m pip install -e '.[web]').") from None
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    _check_free(args.host, args.port)  # werkzeug would print its own English message and exit
    app = create_app(folder, password=password, loopback=loopback)
    try:
        server = make_server(args.host, args.port, app, threaded=True)
    except (OSError, SystemExit):
        raise UsageError(f"Không mở được {args.host}:{args.port}. Cổng đang được dùng? Chọn cổng khác bằng --port.") from None
    shown_host = args.host if ":" not in args.host else f"[{args.host}]"
    address = f"http://{'127.0.0.1' if shown_host in ('0.0.0.0', '[::]') else shown_host}:{server.server_port}/"
    ui.info(f"kehoach web đang chạy cho thư mục {Path(os.getcwd())}: mở {address}")
    if not loopback:
        ui.info(f"Đang mở cho mạng nội bộ ({args.host}): máy khác mở http://<địa chỉ IP của máy này>:{server.server_port}/")
    if made_up:
        ui.info(f"Mật khẩu đăng nhập: {password}  (đặt mật khẩu riêng bằng --mat-khau hoặc {PASSWORD_ENV})")
    ui.info("Bấm Ctrl-C để dừng.")
    if args.mo:
        import webbrowser

        webbrowser.open(address)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    ui.info("Đã dừng kehoach web.")
    return 0
