"""Write generated files safely: all or nothing, atomically, never over a hand edit.

Each output folder keeps a manifest of the SHA-256 of what kehoach last wrote there. A
file whose bytes differ from that record was edited by hand (or not written by kehoach)
and is only replaced with ``force``.

Every file is written to a hidden temporary file in the same folder (``.<name>.*.tmp``),
flushed to disk, then renamed over the target: a reader, or a run killed at any moment,
sees the old complete file or the new complete file, never a part. Temporary files left
by a killed run are removed by a later write of the same file.

`write_all` writes a set of files (one plan's Quyết định and Kế hoạch, with their folder's
manifest) together: every temporary file first, then the renames. A place that cannot be
written (a read-only folder, a full disk, ``-o`` naming a file, a target or a manifest
that is a folder or a FIFO) raises OutputUnwritable naming the path, and none of the set
is changed. Only regular files are ever read or replaced: a FIFO would block for ever.

Files a user edits (plan YAML made by an import or "next year" command) go through
`write_new`: an existing file is never replaced without ``force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.errors import OutputConflict, OutputUnwritable, os_reason
from generator.source.files import NotRegularFile, read_regular_file, special_kind, stage_beside

MANIFEST = ".kehoach-manifest.json"
MAX_MANIFEST_BYTES = 1024 * 1024  # kehoach's own manifests hold ~100 bytes per file


@dataclass(frozen=True)
class Output:
    """One file to write: where, and its bytes."""

    path: Path
    data: bytes


# Characters a folder name may not hold on some system kehoach runs on (controls, bidi
# controls and invisible marks, lone surrogates, and what Windows refuses in names).
_UNSAFE_IN_NAMES = re.compile('[\x00-\x1f\x7f-\x9f<>:"/\\\\|?*\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]')
_DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_FOLDER_NAME = 100  # characters: deep enough paths still fit Windows' 260


def folder_name(source: str | os.PathLike) -> str:
    """Return the name of the output folder of the input file `source`: its name without the extension.

    A name that is safe everywhere is kept ("ke-hoach-2026", "Kế hoạch 2026", in NFC).
    Any other (only dots, "..", control or invisible characters, characters Windows
    refuses, a leading or trailing dot or space, a device name such as CON, longer than
    MAX_FOLDER_NAME) has its unsafe characters replaced by "_" and gets a short fingerprint
    of the original name, so different files never share a folder: "...yaml" → "_-<8 hex>".
    The result never holds a path separator and is never "." or "..".
    """
    name = unicodedata.normalize("NFC", Path(source).stem)
    safe = _UNSAFE_IN_NAMES.sub("_", name).strip(" .")
    if len(safe) > MAX_FOLDER_NAME:
        safe = safe[:MAX_FOLDER_NAME].rstrip(" .")
    if safe.split(".")[0].rstrip(" ").casefold() in _DEVICE_NAMES:
        safe = "_" + safe
    if safe and safe == name:
        return safe
    fingerprint = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{safe or '_'}-{fingerprint}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str:
    """Return the SHA-256 of the regular file at `path`, read in pieces (it may be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _unwritable(path: Path, exc: OSError) -> OutputUnwritable:
    """Return the error for `path` that could not be written (or read) because of `exc`."""
    blocker = _file_in_the_way(path)
    if blocker is not None:
        return OutputUnwritable(f"Không ghi được {path}: {blocker} là một tệp, không phải thư mục. Hãy chọn thư mục "
                                "khác với -o, hoặc đổi tên tệp đó. Không tệp nào được ghi.")
    return OutputUnwritable(f"Không ghi được {path}: {os_reason(exc)}. Không tệp nào được ghi (các tệp cũ giữ nguyên).")


def _file_in_the_way(path: Path) -> Path | None:
    """Return the nearest ancestor of `path` that exists and is not a folder, if any."""
    for parent in path.parents:
        try:
            mode = parent.stat().st_mode
        except OSError:
            continue
        return None if stat.S_ISDIR(mode) else parent
    return None


def _existing(path: Path) -> bool:
    """Return True when `path` is an existing regular file, False when nothing is there.

    Anything else (a folder, a FIFO, a device) cannot be replaced by a document: raise
    OutputUnwritable naming it.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _unwritable(path, exc) from None
    if stat.S_ISREG(mode):
        return True
    if stat.S_ISDIR(mode):
        raise OutputUnwritable(f"Không ghi được {path}: ở đó đang có một thư mục cùng tên. Hãy đổi tên hoặc di "
                               "chuyển thư mục đó. Không tệp nào được ghi.")
    raise OutputUnwritable(f"Không ghi được {path}: ở đó là {special_kind(mode)}, không phải tệp thường; kehoach "
                           "chỉ ghi đè tệp thường. Không tệp nào được ghi.")


def _read_manifest(folder: Path) -> dict[str, str]:
    path = folder / MANIFEST
    if not _existing(path):
        return {}
    try:
        raw = read_regular_file(path, MAX_MANIFEST_BYTES + 1)
    except NotRegularFile:
        raise OutputUnwritable(f"Không dùng được {path}: không phải tệp thường. Hãy xóa nó rồi chạy lại.") from None
    except OSError as exc:
        raise _unwritable(path, exc) from None
    if len(raw) > MAX_MANIFEST_BYTES:
        raise OutputUnwritable(f"Tệp ghi nhận {path} quá lớn (trên {MAX_MANIFEST_BYTES // (1024 * 1024)} MB): không "
                               "phải do kehoach ghi. Hãy xóa tệp này rồi chạy lại (thêm --force nếu kehoach báo các "
                               "tệp trong thư mục đã bị sửa tay). Không tệp nào được ghi.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:  # damaged: every file of the folder counts as edited by hand
        return {}
    return data if isinstance(data, dict) else {}


def _same(path: Path, data: bytes) -> bool:
    """Return True when the regular file at `path` holds exactly `data`."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _unwritable(path, exc) from None


def conflicts(outputs: list[Output]) -> list[Path]:
    """Return the existing files among `outputs` that kehoach did not write as they are now."""
    found = []
    manifests: dict[Path, dict[str, str]] = {}
    for out in outputs:
        if not _existing(out.path) or _same(out.path, out.data):
            continue
        try:
            current = _file_digest(out.path)
        except OSError as exc:
            raise _unwritable(out.path, exc) from None
        folder = out.path.parent
        if folder not in manifests:
            manifests[folder] = _read_manifest(folder)
        if manifests[folder].get(out.path.name) != current:
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
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _sync_folder(path.parent)
    _sweep_stale_temps(path)


def write_all(outputs: list[Output], *, force: bool = False) -> list[Path]:
    """Write every output, or none when one would overwrite a hand edit without `force`.

    The files and their folders' manifests are written together (see the module): when
    one cannot be written, OutputUnwritable names it and none is changed. Return the
    paths whose content changed.
    """
    for out in outputs:
        _existing(out.path)
    folders = list(dict.fromkeys(out.path.parent for out in outputs))
    manifests = {folder: _read_manifest(folder) for folder in folders}
    if not force:
        clashes = conflicts(outputs)
        if clashes:
            names = "\n".join(f"  {p}" for p in clashes)
            raise OutputConflict(
                "Các tệp sau đã bị sửa tay (hoặc không do kehoach tạo) nên không ghi đè:\n"
                f"{names}\nHãy đổi tên/di chuyển tệp, hoặc chạy lại với --force để ghi đè."
            )
    changed = [out for out in outputs if not _same(out.path, out.data)]
    writes = [(out.path, out.data) for out in changed]
    for folder in folders:
        entries = {out.path.name: _digest(out.data) for out in outputs if out.path.parent == folder}
        manifest = {**manifests[folder], **entries}
        text = json.dumps(dict(sorted(manifest.items())), indent=1, ensure_ascii=False) + "\n"
        if not _same(folder / MANIFEST, text.encode("utf-8")):
            writes.append((folder / MANIFEST, text.encode("utf-8")))
    write_together(writes)
    return [out.path for out in changed]


def write_together(files: list[tuple[Path, bytes]]) -> None:
    """Write every (path, bytes) of `files`, each atomically, all or none.

    Every temporary file is written and flushed first; only then are they renamed over
    their targets. When a folder cannot be made or a temporary file cannot be written
    (full disk, read-only folder…), the temporary files and the folders made for them
    are removed and OutputUnwritable names the path: no target was touched.
    """
    staged: list[tuple[str, Path]] = []
    made: list[Path] = []
    path = Path()
    try:
        for path, data in files:
            made += _make_folders(path.parent)
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise _unwritable(path, exc) from None
    except BaseException:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
    for folder in dict.fromkeys(path.parent for path, _ in files):
        _sync_folder(folder)
    for path, _ in files:
        _sweep_stale_temps(path)


def _make_folders(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; return the folders made, outermost first."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    folder.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


def _stage(path: Path, data: bytes) -> str:
    """Write `data` to a new hidden temporary file beside `path`, flushed to disk; return its name."""
    return stage_beside(path, data, _new_file_mode(path))


def write_new(outputs: list[Output], *, force: bool = False) -> list[Path]:
    """Write files the user will edit (plan YAML): never over an existing file without `force`.

    All or nothing: when one target exists with other content, nothing is written and the
    message names every such file. Return the paths written.
    """
    if not force:
        existing = [out.path for out in outputs if _existing(out.path) and not _same(out.path, out.data)]
        if existing:
            names = "\n".join(f"  {p}" for p in existing)
            raise OutputConflict(
                f"Các tệp sau đã có nên không ghi đè:\n{names}\n"
                "Hãy chọn tên khác, di chuyển tệp cũ, hoặc chạy lại với --force để ghi đè."
            )
    for out in outputs:
        _existing(out.path)
    write_together([(out.path, out.data) for out in outputs])
    return [out.path for out in outputs]
