"""``kehoach git-setup``: configure the git repository of the plans (textconv, diff driver, pre-commit hook)."""

from __future__ import annotations

import argparse
from pathlib import Path

DESCRIPTION = ("Cài đặt kho git đang đứng: git diff và git log -p của tệp .docx hiện chữ (đoạn văn, dòng bảng); git "
               "diff của kế hoạch YAML dùng kehoach diff; hook pre-commit kiểm tra các tệp kế hoạch, báo cáo đưa "
               "vào commit và từ chối commit khi có lỗi. Chạy lại nhiều lần không sao.")


def configure(p: argparse.ArgumentParser) -> None:
    """git-setup takes no option: it configures the repository it is run in."""


def run(args: argparse.Namespace, ui) -> None:
    from generator.yearly.gitsetup import setup

    for step in setup(Path.cwd()):
        note = f" — {step.note}" if step.note else ""
        ui.info(f"{step.status}: {step.what}{note}")
    ui.info("Xong. Xem lịch sử kế hoạch: git log -p --ext-diff -- plans/ ; xem thay đổi: git diff.")
