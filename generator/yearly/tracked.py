"""The new Kế hoạch with tracked changes against the old one, by LibreOffice's document compare.

`tracked_document(old, new)` returns .docx bytes: the new document in which every
difference from the old one is a real Word revision (w:ins / w:del), so leaders accept or
reject each change in Word (Review ▸ Accept/Reject). LibreOffice runs headless with a
throw-away profile, driven through its Python bridge (``uno``) by `lo_compare.py`; the
result's dates and author are fixed so the same inputs give the same bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from generator.errors import TrackedChangesError
from generator.run.processes import run_bounded

HELPER = Path(__file__).with_name("lo_compare.py")
AUTHOR = "kehoach"


def find_uno_python(soffice: str) -> str | None:
    """Return a Python that can import LibreOffice's ``uno``: this one, LibreOffice's own, the system's."""
    program = Path(os.path.realpath(soffice)).parent
    candidates = [sys.executable, str(program / "python"), str(program / "python.exe"),
                  str(program.parent / "Resources" / "python"), "/usr/bin/python3", shutil.which("python3") or ""]
    for python in dict.fromkeys(c for c in candidates if c and os.path.exists(c)):
        try:
            done = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return python
    return None


def tracked_document(old: bytes, new: bytes, *, timeout: float = 180.0) -> bytes:
    """Return `new` (.docx bytes) with tracked changes against `old`; raise TrackedChangesError."""
    from generator.run.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        raise TrackedChangesError("Không tìm thấy LibreOffice để tạo văn bản theo dõi thay đổi. Cài LibreOffice "
                                  "(Linux: sudo apt-get install libreoffice-writer-nogui python3-uno), hoặc chỉ đường "
                                  "bằng KEHOACH_SOFFICE=/duong/dan/soffice.")
    python = find_uno_python(soffice)
    if python is None:
        raise TrackedChangesError("LibreOffice có nhưng thiếu phần Python (uno) để so sánh văn bản. Trên Debian, "
                                  "Ubuntu: sudo apt-get install python3-uno.")
    with tempfile.TemporaryDirectory(prefix="kehoach-so-sanh-") as tmp:
        folder = Path(tmp)
        (folder / "cu.docx").write_bytes(old)
        (folder / "moi.docx").write_bytes(new)
        out = folder / "theo-doi.docx"
        cmd = [python, str(HELPER), soffice, str(folder / "cu.docx"), str(folder / "moi.docx"), str(out),
               str(folder / "profile")]
        try:
            code, output = run_bounded(cmd, timeout)
        except subprocess.TimeoutExpired:
            raise TrackedChangesError(f"LibreOffice so sánh văn bản quá {timeout:.0f} giây và đã bị dừng.") from None
        if code != 0 or not out.exists():
            detail = output.decode("utf-8", "replace").strip().splitlines()
            raise TrackedChangesError("LibreOffice không so sánh được hai văn bản"
                                      + (f": {detail[-1]}" if detail else "."))
        return stabilise(out.read_bytes())


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]*)</dcterms:created>")


def stabilise(data: bytes) -> bytes:
    """Return the LibreOffice .docx with its dates, revision authors and zip entries made fixed."""
    from generator.render.package import normalise_zip

    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            part = source.read(name)
            if name == "docProps/core.xml":
                created = _CREATED.search(part)
                stamp = created.group(1) if created else b"2000-01-01T00:00:00Z"
                part = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", part)
            elif name.startswith("word/") and name.endswith(".xml"):
                part = re.sub(rb'w:author="[^"]*"', b'w:author="' + AUTHOR.encode() + b'"', part)
            target.writestr(name, part)
    return normalise_zip(out.getvalue())
