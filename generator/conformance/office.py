"""Run LibreOffice headless for one conversion: .doc → .docx, .docx → PDF, PDF page texts.

Each run uses a private, throw-away profile (never the user's open LibreOffice), a time
limit after which LibreOffice is killed with its whole process group, and a temporary
folder that is removed afterwards by the caller.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.errors import OfficeError
from generator.run.processes import convert_command, run_bounded

DEFAULT_TIMEOUT = 120.0


def soffice_path() -> str | None:
    from generator.run.pdf import find_soffice

    return find_soffice()


def convert(src: Path, target: str, outdir: Path, *, timeout: float | None = None) -> Path:
    """Convert `src` into `outdir` with LibreOffice filter `target` ("docx:…", "pdf:…"); return the file."""
    soffice = soffice_path()
    if soffice is None:
        raise OfficeError("cần LibreOffice (lệnh soffice) để đọc tệp này hoặc tạo PDF; cài: "
                          "sudo apt-get install libreoffice-writer-nogui")
    if timeout is None:
        from generator.run.pdf import timeout_from_env

        timeout = timeout_from_env()
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".profile"
    try:
        code, out = run_bounded(convert_command(soffice, profile, target, outdir, [src]), timeout)
    except subprocess.TimeoutExpired:
        raise OfficeError(f"LibreOffice không xong sau {timeout:g} giây nên đã bị dừng "
                          "(đặt KEHOACH_PDF_TIMEOUT để cho thêm thời gian).") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = target.split(":", 1)[0]
    result = outdir / f"{src.stem}.{ext}"
    if code != 0 or not result.exists() or result.stat().st_size == 0:
        detail = out.decode("utf-8", "replace").strip().splitlines()[-1:] if out else []
        raise OfficeError("LibreOffice không chuyển được tệp" + (f" ({detail[0]})" if detail else "") + ".")
    return result


def pdf_page_texts(pdf: Path) -> list[str]:
    """Return the text of each page of `pdf` (poppler's pdftotext, else pdfplumber)."""
    tool = shutil.which("pdftotext")
    if tool:
        try:
            res = subprocess.run([tool, "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                 timeout=120, check=False)
        except (OSError, subprocess.SubprocessError):
            res = None
        if res is not None and res.returncode == 0:
            pages = res.stdout.decode("utf-8", "replace").split("\f")
            if pages and not pages[-1].strip():
                pages = pages[:-1]
            return pages
    try:
        import pdfplumber
    except ImportError:
        raise OfficeError("cần poppler (lệnh pdftotext) để đọc số trang từ PDF; cài: "
                          "sudo apt-get install poppler-utils") from None
    with pdfplumber.open(str(pdf)) as doc:
        return [page.extract_text() or "" for page in doc.pages]
