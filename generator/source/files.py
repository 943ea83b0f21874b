"""Finding input files: the YAML files named on a command line, and files a file refers to.

A plan names its đề cương by name (looked up among the bundled and the user's
definitions) or by path; a report names its unit's plan by path (relative to the
report's folder, one of its parents, or the current folder).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.source import bundled


class NotRegularFile(OSError):
    """A path that names a FIFO, a device or a socket: reading it could block forever or never end."""

    def __init__(self, path: str | os.PathLike, what: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file: {what}", str(path))
        self.what = what


def special_kind(mode: int) -> str | None:
    """Return the Vietnamese name of a file type that is neither a regular file nor a folder, else None."""
    if stat.S_ISFIFO(mode):
        return "một ống dẫn (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "một thiết bị"
    if stat.S_ISSOCK(mode):
        return "một socket"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "một tệp đặc biệt"


def read_regular_file(path: str | os.PathLike, limit: int) -> bytes:
    """Return at most `limit` bytes of the regular file at `path`.

    Opened without blocking, then checked: a FIFO, device or socket raises NotRegularFile
    (reading one could wait for ever, or never end); a folder raises IsADirectoryError.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        what = special_kind(mode)
        if what is not None:
            raise NotRegularFile(path, what)
        chunks, left = [], limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def yaml_files(paths: Sequence[str]) -> list[str]:
    """Return the files named in `paths`, folders expanded to their .yaml/.yml files, each once."""
    files: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            files.extend(sorted(str(f) for f in Path(p).rglob("*") if f.suffix in (".yaml", ".yml")))
        else:
            files.append(p)
    return list(dict.fromkeys(files))


def first_file(candidates: list[Path]) -> str | None:
    """Return the first of `candidates` that is a file (relative to the current folder when possible)."""
    for candidate in candidates:
        if candidate.is_file():
            if not candidate.is_absolute():
                return str(candidate)
            try:
                rel = os.path.relpath(candidate)
            except ValueError:  # another drive (Windows)
                return str(candidate)
            return str(candidate) if rel.startswith("..") else rel
    return None


def is_bare_name(ref: str) -> bool:
    """Return True when `ref` is a name ("kiem-tra-cchc-2026"), not a path."""
    return "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml"))


def locate_outline(ref: str, base: Path | None = None) -> str | None:
    """Return the path of the đề cương `ref`, or None when there is none.

    A bare name is looked up among the đề cương definitions (the user's, then the bundled
    ones); a path is taken relative to `base` (the folder of the file naming it), then to
    the current folder.
    """
    if is_bare_name(ref):
        found = bundled.template_path(f"{bundled.OUTLINES}/{ref}.yaml")
        return first_file([found]) if found is not None else None
    path = Path(ref)
    if path.is_absolute():
        return first_file([path])
    return first_file(([base / path] if base else []) + [Path.cwd() / path])


def missing_outline_message(ref: str) -> str:
    """Return the message for a đề cương that cannot be found, listing the available ones."""
    known = bundled.outline_names()
    listing = f" Các đề cương có sẵn: {', '.join(known)}." if known else ""
    return f"Không tìm thấy đề cương '{ref}'.{listing}"


def locate_linked(ref: str, referrer: str) -> str | None:
    """Return the file `ref` that the file `referrer` names: from its folder, its parents, or the current folder."""
    path = Path(ref)
    if path.is_absolute():
        return first_file([path])
    here = Path(referrer).resolve().parent
    return first_file([d / path for d in (here, *here.parents)] + [Path.cwd() / path])


def stage_beside(path: Path, data: bytes, mode: int) -> str:
    """Write `data` to a new hidden temporary file beside `path` (same folder, so a rename
    replaces `path` atomically), flushed to disk, with permissions `mode`; return its name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600 files
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return tmp
