"""Write generated files safely: all or nothing, atomically, never over a hand edit.

Each output folder keeps a manifest of the SHA-256 of what kehoach last wrote there. A
file whose bytes differ from that record was edited by hand (or not written by kehoach)
and is only replaced with ``force``.

Every file is written to a hidden temporary file in the same folder (``.<name>.*.tmp``),
flushed to disk, then renamed over the target: a reader, or a run killed at any moment,
sees the old complete file or the new complete file, never a part. Temporary files left
by a killed run are removed by a later write of the same file.

Files a user edits (plan YAML made by an import or "next year" command) go through
`write_new`: an existing file is never replaced without ``force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generator.errors import OutputConflict

MANIFEST = ".kehoach-manifest.json"


@dataclass(frozen=True)
class Output:
    """One file to write: where, and its bytes."""

    path: Path
    data: bytes


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def conflicts(outputs: list[Output]) -> list[Path]:
    """Return the existing files among `outputs` that kehoach did not write as they are now."""
    found = []
    for out in outputs:
        if not out.path.exists():
            continue
        current = _digest(out.path.read_bytes())
        if current == _digest(out.data):
            continue
        recorded = _read_manifest(out.path.parent).get(out.path.name)
        if recorded != current:
            found.append(out.path)
    return found


STALE_TEMP_SECONDS = 600


def _new_file_mode(path: Path) -> int:
    """Return the permissions for `path`: those it has, else the usual ones (umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sweep_stale_temps(path: Path) -> None:
    """Remove temporary files of `path` left by a run killed long enough ago."""
    limit = time.time() - STALE_TEMP_SECONDS
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if tmp.stat().st_mtime < limit:
                tmp.unlink()
        except OSError:
            pass


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _new_file_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600 files
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _sync_folder(path.parent)
    _sweep_stale_temps(path)


def write_all(outputs: list[Output], *, force: bool = False) -> list[Path]:
    """Write every output, or none when one would overwrite a hand edit without `force`.

    Return the paths whose content changed.
    """
    if not force:
        clashes = conflicts(outputs)
        if clashes:
            names = "\n".join(f"  {p}" for p in clashes)
            raise OutputConflict(
                "Các tệp sau đã bị sửa tay (hoặc không do kehoach tạo) nên không ghi đè:\n"
                f"{names}\nHãy đổi tên/di chuyển tệp, hoặc chạy lại với --force để ghi đè."
            )
    changed = []
    by_folder: dict[Path, dict[str, str]] = {}
    for out in outputs:
        if not (out.path.exists() and out.path.read_bytes() == out.data):
            atomic_write(out.path, out.data)
            changed.append(out.path)
        by_folder.setdefault(out.path.parent, {})[out.path.name] = _digest(out.data)
    for folder, entries in by_folder.items():
        manifest = {**_read_manifest(folder), **entries}
        text = json.dumps(dict(sorted(manifest.items())), indent=1, ensure_ascii=False) + "\n"
        atomic_write(folder / MANIFEST, text.encode("utf-8"))
    return changed


def write_new(outputs: list[Output], *, force: bool = False) -> list[Path]:
    """Write files the user will edit (plan YAML): never over an existing file without `force`.

    All or nothing: when one target exists with other content, nothing is written and the
    message names every such file. Return the paths written.
    """
    if not force:
        existing = [out.path for out in outputs if out.path.exists() and out.path.read_bytes() != out.data]
        if existing:
            names = "\n".join(f"  {p}" for p in existing)
            raise OutputConflict(
                f"Các tệp sau đã có nên không ghi đè:\n{names}\n"
                "Hãy chọn tên khác, di chuyển tệp cũ, hoặc chạy lại với --force để ghi đè."
            )
    for out in outputs:
        atomic_write(out.path, out.data)
    return [out.path for out in outputs]
