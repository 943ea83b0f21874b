"""Read a plan file from the working tree or from git (``REV:path``, as ``git show`` takes it)."""

from __future__ import annotations

import os
import re
import subprocess

from generator.errors import InputError, Problem
from generator.source.yaml_source import MAX_FILE_BYTES, Source, load_bytes, load_file

_REVISION = re.compile(r"^(?![A-Za-z]:[\\/])([^:]+):(.+)$")  # not a Windows drive letter


def is_revision(spec: str) -> bool:
    """Return True when `spec` names a file in git (``HEAD~1:plans/x.yaml``), not a file on disk."""
    return not os.path.exists(spec) and _REVISION.match(spec) is not None


def read_spec(spec: str) -> Source:
    """Return the loaded YAML named by `spec`: a path, or ``REV:path`` read with ``git show``.

    Raise InputError (Vietnamese, naming `spec`) when it cannot be read or parsed.
    """
    if not is_revision(spec):
        return load_file(spec)
    return load_bytes(git_show(spec), spec)


def read_specs(specs: list[str], *, validate: bool = True) -> list[Source]:
    """Return the loaded YAML of every spec (see `read_spec`), each checked as `kehoach
    validate` checks it when `validate`; one InputError with every problem."""
    from generator import kinds

    sources, problems = [], []
    for spec in specs:
        try:
            source = read_spec(spec)
            if validate:
                kinds.read(source)
            sources.append(source)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return sources


def git_show(spec: str) -> bytes:
    """Return the bytes of ``REV:path`` from the git repository of the current folder."""
    try:
        done = subprocess.run(["git", "show", spec], capture_output=True, timeout=60, check=False)
    except FileNotFoundError:
        raise InputError([Problem(spec, None, "", "Không tìm thấy lệnh git: hãy cài git, hoặc ghi đường dẫn tệp.")]) \
            from None
    except subprocess.TimeoutExpired:
        raise InputError([Problem(spec, None, "", "git show chạy quá lâu (trên 60 giây).")]) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"mã thoát {done.returncode}"
        raise InputError([Problem(spec, None, "", f"Không đọc được từ git (git show {spec}): {reason}. Ghi dạng "
                                                  "PHIÊN_BẢN:đường/dẫn, vd HEAD~1:plans/nam-do-son-2026.yaml.")])
    if len(done.stdout) > MAX_FILE_BYTES:
        mb = MAX_FILE_BYTES // (1024 * 1024)
        raise InputError([Problem(spec, None, "", f"Tệp quá lớn: tối đa {mb} MB cho một tệp kế hoạch.")])
    return done.stdout
