"""Plans in git: readable diffs of .docx and plan YAML, and a check before each commit.

- `docx_text(data)`: the text of a .docx, one line per paragraph (list numbering and
  bullets written out) and one line per table row (``| ô 1 | ô 2 |``), for git's textconv:
  ``git diff`` / ``git log -p`` of a generated document then show the words that changed;
- `setup(repo)`: configures a repository — the two diff drivers in ``.git/config``, the
  ``.gitattributes`` lines that select them, a pre-commit hook — and returns what it did;
  running it again changes nothing;
- `staged_files`, `is_kehoach_file`: what the pre-commit check looks at.

The commands run ``<this Python> -m generator …`` so that git finds kehoach even when its
virtual environment is not active.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import stat
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from generator.errors import GitSetupError

DOCX_DRIVER = "kehoach-docx"
YAML_DRIVER = "kehoach-yaml"
HOOK_MARK = "# kehoach git-setup"
ATTRIBUTES = (f"*.docx diff={DOCX_DRIVER}", f"*.yaml diff={YAML_DRIVER}", f"*.yml diff={YAML_DRIVER}")
PLAN_KEYS = {"nam", "giai_doan", "co_quan_ban_hanh", "nhiem_vu_cu_the", "quyet_dinh", "ke_hoach"}


# --- .docx as text ------------------------------------------------------------------------------

_FORMATS = {
    "decimal": lambda n: str(n),
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": lambda n: _letters(n).lower(),
    "upperLetter": lambda n: _letters(n),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": lambda n: _roman(n),
}


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _roman(n: int) -> str:
    from generator.domain.vietnamese import roman

    return roman(n)


class _Numbering:
    """The list labels Word would show ("1.", "a)", "-") for paragraphs with numbering."""

    def __init__(self, doc: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1)
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")), {})

    def label(self, paragraph: Any) -> str:
        ppr = paragraph._p.pPr
        num = ppr.numPr if ppr is not None else None
        if num is None and paragraph.style is not None:
            style_ppr = paragraph.style.element.pPr
            num = style_ppr.numPr if style_ppr is not None else None
        if num is None or num.numId is None:
            return ""
        num_id = str(num.numId.val)
        level = int(num.ilvl.val) if num.ilvl is not None else 0
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters[level] + 1 if level in counters else levels[level][2]
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _ = levels[level]
        if fmt == "bullet":
            return "- "
        if fmt == "none":
            return ""

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            value = counters.get(k, levels.get(k, ("decimal", "", 1))[2])
            return _FORMATS.get(levels.get(k, (fmt,))[0], str)(value)

        return re.sub(r"%(\d)", number, text) + " "


def _paragraph_text(p: Any) -> str:
    parts = []
    for el in p._p.iter():
        if el.tag == qn("w:t") and el.text:
            parts.append(el.text)
        elif el.tag in (qn("w:tab"), qn("w:br")):
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def docx_text(data: bytes) -> str:
    """Return the text of a .docx for reading a diff: paragraphs, then table rows as ``| … |``."""
    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return f"(không đọc được tệp Word: {exc})\n"
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(doc)
    lines: list[str] = []

    def table_lines(table: Any) -> None:
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                texts = [numbering.label(p) + _paragraph_text(p) for p in cell.paragraphs]
                cells.append(" / ".join(t for t in texts if t.strip()))
                for inner in cell.tables:
                    table_lines(inner)
            if any(cells):
                lines.append("| " + " | ".join(cells) + " |")

    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = Paragraph(child, doc)
            text = _paragraph_text(p)
            if text:
                lines.append(numbering.label(p) + text)
        elif child.tag == qn("w:tbl"):
            table_lines(Table(child, doc))
    return "\n".join(lines) + "\n"


# --- which files the commit check reads ---------------------------------------------------------

def is_kehoach_file(data: Any) -> bool:
    """Return True when loaded YAML `data` is a plan, an inspection plan, a report or an outline."""
    from generator import kinds

    return isinstance(data, dict) and (bool(PLAN_KEYS & set(data)) or kinds.REPORT.matches(data)
                                       or kinds.OUTLINE.matches(data))


def _git(args: list[str], cwd: Path | str | None = None, *, check: bool = True) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False)
    except FileNotFoundError:
        raise GitSetupError("Không tìm thấy lệnh git: hãy cài git (https://git-scm.com) rồi chạy lại.") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GitSetupError(f"git {' '.join(args)}: {message or 'lỗi'}")
    return done.stdout.decode("utf-8", "replace")


def staged_files(cwd: Path | str | None = None) -> list[str]:
    """Return the YAML files added or changed in the index (paths from the repository root)."""
    out = _git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], cwd)
    return [name for name in out.split("\0") if name.endswith((".yaml", ".yml"))]


def staged_bytes(name: str, cwd: Path | str | None = None) -> bytes:
    """Return the staged content of `name` (what the commit will hold, not the working file)."""
    done = subprocess.run(["git", "show", f":{name}"], cwd=cwd, capture_output=True, timeout=60, check=False)
    if done.returncode != 0:
        raise GitSetupError(f"Không đọc được {name} trong vùng chuẩn bị commit (git show :{name}).")
    return done.stdout


# --- configuring a repository -------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One thing `setup` configured: what, and whether it was new, updated or already there."""

    what: str
    status: str  # "đã thêm", "đã cập nhật", "đã có", "bỏ qua"
    note: str = ""


def kehoach_command() -> str:
    """Return how git should run kehoach: this Python with ``-m generator`` (quoted for sh)."""
    python = sys.executable.replace("\\", "/")
    return f"{shlex.quote(python)} -m generator"


def repository_root(cwd: Path | str | None = None) -> Path:
    """Return the top folder of the git repository holding `cwd`; raise GitSetupError."""
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    except GitSetupError:
        where = Path(cwd or os.getcwd())
        raise GitSetupError(f"{where}: không phải thư mục của một kho git. Hãy chạy trong thư mục kế hoạch "
                            "đã có git (git init), hoặc chạy git init trước.") from None


def setup(cwd: Path | str | None = None, command: str | None = None) -> list[Step]:
    """Configure the repository holding `cwd` for kehoach; return the steps. Idempotent."""
    root = repository_root(cwd)
    command = command or kehoach_command()
    steps = [
        _config(root, f"diff.{DOCX_DRIVER}.textconv", f"{command} docx-text",
                "git diff, git log -p của tệp .docx hiện chữ (đoạn văn, dòng bảng)"),
        _config(root, f"diff.{DOCX_DRIVER}.binary", "true", "tệp .docx vẫn là tệp nhị phân khi gộp"),
        _config(root, f"diff.{YAML_DRIVER}.command", f"{command} diff --git",
                "git diff của kế hoạch YAML in thay đổi theo nội dung (kehoach diff)"),
        _attributes(root),
        _hook(root, command),
    ]
    return steps


def _config(root: Path, key: str, value: str, note: str) -> Step:
    current = _git(["config", "--local", "--get", key], root, check=False).strip()
    if current == value:
        return Step(f"git config {key}", "đã có", note)
    _git(["config", "--local", key, value], root)
    return Step(f"git config {key} = {value}", "đã cập nhật" if current else "đã thêm", note)


def _attributes(root: Path) -> Step:
    path = root / ".gitattributes"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in ATTRIBUTES if line not in present]
    if not missing:
        return Step(".gitattributes", "đã có", "chọn cách so sánh cho *.docx, *.yaml, *.yml")
    block = (HOOK_MARK + ": cách git so sánh văn bản và kế hoạch" + newline if HOOK_MARK not in text else "")
    block += newline.join(missing) + newline
    if text and not text.endswith(("\n", "\r")):
        text += newline
    path.write_text(text + block, encoding="utf-8", newline="")
    return Step(".gitattributes: " + ", ".join(missing), "đã thêm", "hãy commit tệp .gitattributes")


def _hook(root: Path, command: str) -> Step:
    hooks = Path(_git(["rev-parse", "--git-path", "hooks"], root).strip())
    if not hooks.is_absolute():
        hooks = root / hooks
    path = hooks / "pre-commit"
    script = ("#!/bin/sh\n"
              f"{HOOK_MARK}: kiểm tra kế hoạch, báo cáo có trong commit (bỏ qua một lần: git commit --no-verify)\n"
              f"exec {command} kiem-tra-git\n")
    if path.exists():
        current = path.read_text(encoding="utf-8", errors="replace")
        if HOOK_MARK not in current:
            return Step(f"{path}", "bỏ qua",
                        f"đã có hook pre-commit khác; hãy thêm vào đó dòng: {command} kiem-tra-git")
        if current == script and os.access(path, os.X_OK):
            return Step(f"hook pre-commit ({path})", "đã có", "kiểm tra tệp kế hoạch, báo cáo trước mỗi commit")
        status = "đã cập nhật"
    else:
        status = "đã thêm"
    hooks.mkdir(parents=True, exist_ok=True)
    path.write_text(script, encoding="utf-8", newline="\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return Step(f"hook pre-commit ({path})", status, "kiểm tra tệp kế hoạch, báo cáo trước mỗi commit")
