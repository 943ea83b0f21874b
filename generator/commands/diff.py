"""``kehoach diff OLD NEW``: what changed between two versions of a plan, by meaning.

Either side may be ``REV:path`` (read with ``git show``). Exit 0 when equal, 1 when
different, 2 on bad input, like ``diff``. ``--git`` is the form git calls as an external
diff driver (seven arguments; see ``kehoach git-setup``): it always exits 0, and falls back
to a line diff for a file that is not a plan.
"""

from __future__ import annotations

import argparse
import difflib

from generator.errors import InputError, UsageError
from generator.source.yaml_source import MAX_FILE_BYTES, load_bytes
from generator.yearly.changes import compare, render_text
from generator.yearly.revisions import read_specs


DESCRIPTION = ("So sánh hai phiên bản kế hoạch theo nội dung: nhiệm vụ thêm, bỏ, chuyển, đánh số lại, sửa từng "
               "trường (nội dung so sánh từng từ), đoạn văn sửa theo từng mục, cơ quan thêm/bỏ, người ký, Nơi "
               "nhận. Mỗi bên có thể là PHIÊN_BẢN:đường/dẫn để đọc từ git, vd HEAD~1:plans/nam-do-son-2026.yaml. "
               "Mã thoát: 0 giống nhau, 1 khác nhau, 2 đầu vào sai.")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="TỆP", help="CŨ và MỚI (tệp, hoặc PHIÊN_BẢN:đường/dẫn)")
    p.add_argument("--markdown", action="store_true", help="in dạng Markdown (để dán vào merge request)")
    p.add_argument("--git", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace, ui) -> int:
    if args.git:
        return _git_external(args.files, ui, markdown=args.markdown)
    if len(args.files) != 2:
        raise UsageError("Cần đúng hai tệp: kehoach diff CŨ MỚI.")
    changes = compare(*read_specs(args.files))  # InputError: exit 2, nothing printed on stdout
    _show(ui, render_text(changes, markdown=args.markdown))
    return 0 if changes.equal else 1


def _show(ui, text: str) -> None:
    if text:
        ui.info(text.rstrip("\n"))


def _git_external(argv: list[str], ui, *, markdown: bool) -> int:
    """Git's external diff: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE."""
    if len(argv) < 7:
        raise UsageError("kehoach diff --git cần 7 tham số do git truyền vào (xem kehoach git-setup).")
    name, old_file, new_file = argv[0], argv[1], argv[4]
    ui.info(f"diff --kehoach a/{name} b/{name}")
    from generator.yearly.gitsetup import is_kehoach_file

    try:
        old = _load(old_file, f"a/{name}")
        new = _load(new_file, f"b/{name}")
    except InputError:
        old = new = None
    if old is None or new is None or not (is_kehoach_file(old.data) and is_kehoach_file(new.data)):
        _show(ui, "".join(_line_diff(old_file, new_file, name)))  # added, removed, or not a plan file
    else:
        _show(ui, render_text(compare(old, new), markdown=markdown))
    return 0


def _load(path: str, label: str):
    """Return the YAML at `path` (a file git wrote), named `label` in messages; None for /dev/null."""
    if path == "/dev/null":
        return None
    with open(path, "rb") as fh:
        return load_bytes(fh.read(MAX_FILE_BYTES + 1), label)


def _line_diff(old_file: str, new_file: str, name: str) -> list[str]:
    def lines(path: str) -> list[str]:
        if path == "/dev/null":
            return []
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.readlines()

    return list(difflib.unified_diff(lines(old_file), lines(new_file), f"a/{name}", f"b/{name}"))
