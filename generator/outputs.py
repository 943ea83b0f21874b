"""Write generated files safely: all or nothing, atomically, never over a hand edit.

Each output folder keeps a manifest of the SHA-256 of what kehoach last wrote there. A
file whose bytes differ from that record was edited by hand (or not written by kehoach)
and is only replaced with ``force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
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


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


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
