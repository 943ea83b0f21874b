"""The folder the web app serves: paths checked, files listed, files read with their content hash.

Nothing outside the folder is read or written. A path from a request is refused when it
is absolute, holds ``..``, a backslash or a NUL, or resolves (through symbolic links)
outside the folder; files a file links to (a report's plan, a đề cương given by path)
pass the same check. The bundled đề cương (by name) are kehoach's own data and may be read.

The app runs with the folder as its current directory (``kehoach web`` changes into it),
so every path given to the core, and every path in its messages, is relative to the
folder, as when the CLI runs there.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator import kinds
from generator.errors import InputError, Problem
from generator.kinds.links import Links
from generator.source import bundled
from generator.source.yaml_source import MAX_FILE_BYTES, Source, load_bytes, load_file

CACHED_KINDS = ("ke_hoach", "de_cuong")
CACHE_SIZE = 64
SKIPPED_FOLDERS = {"outputs", "node_modules", "__pycache__", "venv", "env", "site-packages"}
MAX_LISTED = 400


class PathRefused(ValueError):
    """A path that leaves the folder or is not allowed; message in Vietnamese."""


def digest(data: bytes) -> str:
    """Return the content hash pages carry to detect a file changed since they were made."""
    return hashlib.sha256(data).hexdigest()


class Folder:
    """The served folder: resolve request paths inside it, read its files."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self._cache: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._texts: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        # one save at a time: read, check, write never interleave between two requests
        self.write_lock = threading.RLock()

    # -- paths ------------------------------------------------------------------------------
    def inside(self, path: Path) -> bool:
        """Return True when `path` (resolved through links) lies in the folder."""
        try:
            Path(os.path.realpath(path)).relative_to(self.root)
        except ValueError:
            return False
        return True

    def resolve(self, rel: str, *, suffixes: tuple[str, ...] = (".yaml", ".yml"), exists: bool = True) -> Path:
        """Return the real path of `rel` (relative to the folder); raise PathRefused."""
        if not rel or "\x00" in rel or "\\" in rel:
            raise PathRefused("Đường dẫn không hợp lệ.")
        pure = PurePosixPath(rel)
        if pure.is_absolute() or rel.startswith("~") or ":" in pure.parts[0]:
            raise PathRefused(f"“{rel}”: chỉ dùng đường dẫn tương đối trong thư mục đang mở.")
        if ".." in pure.parts:
            raise PathRefused(f"“{rel}”: không được dùng “..” để ra ngoài thư mục đang mở.")
        path = self.root / pure
        if not self.inside(path):
            raise PathRefused(f"“{rel}” trỏ ra ngoài thư mục đang mở: không mở.")
        if suffixes and pure.suffix.lower() not in suffixes:
            raise PathRefused(f"“{rel}”: không phải loại tệp được mở ở đây.")
        if exists and not path.is_file():
            raise PathRefused(f"“{rel}”: không có tệp này trong thư mục.")
        return Path(os.path.realpath(path))

    def relative(self, path: Path) -> str:
        """Return `path` relative to the folder, with forward slashes."""
        return Path(os.path.abspath(path)).relative_to(self.root).as_posix()

    # -- listing ----------------------------------------------------------------------------
    def yaml_files(self) -> list[str]:
        """Return the YAML files of the folder (hidden folders, outputs/ and environments skipped)."""
        found: list[str] = []
        for top, dirs, files in os.walk(self.root, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS
                             and not (Path(top) / d / "pyvenv.cfg").exists())
            for name in sorted(files):
                if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                    continue
                path = Path(top) / name
                if self.inside(path):
                    found.append(path.relative_to(self.root).as_posix())
                if len(found) >= MAX_LISTED:
                    return found
        return found

    # -- reading ----------------------------------------------------------------------------
    def read_bytes(self, rel: str) -> bytes:
        """Return the bytes of the folder's file `rel` (checked)."""
        return self.resolve(rel).read_bytes()

    def load(self, rel: str, expect: tuple[str, ...] | None = None) -> tuple[kinds.Loaded, str]:
        """Return the file `rel` read into its kind's model, and the hash of the bytes read.

        Raise InputError (the file's located problems) or PathRefused. Models are cached by
        content: a page shown twice for an unchanged file reads it once.
        """
        path = self.resolve(rel)
        raw = _read_limited(path)
        if raw is None:  # too large: the loader's own message
            load_file(rel)
        self.remember(raw)
        key = (rel, digest(raw))
        hit = self.parse(rel, raw)  # cached by content for plans and đề cương (a report depends on its plan too)
        if expect is not None and hit.kind.key not in expect:
            kinds.read_loaded(hit.source, self.links(), expect)  # raises WrongKind
        return hit, key[1]

    def kind_of(self, rel: str) -> str:
        """Return the kind key of file `rel` ("" when it does not read as YAML)."""
        try:
            raw = _read_limited(self.resolve(rel))
        except (PathRefused, OSError):
            return ""
        if raw is None:
            return ""
        key = ("kind:" + rel, digest(raw))
        found = self._cached(key)
        if found is None:
            try:
                found = kinds.detect(load_bytes(raw, rel)).key
            except InputError:
                found = ""
            self._store(key, found)
        return found

    def parse(self, rel: str, raw: bytes, expect: tuple[str, ...] | None = None) -> kinds.Loaded:
        """Return `raw` (the content of, or meant for, file `rel`) read into its kind's model."""
        key = (rel, digest(raw))
        hit = self._cached(key)
        if hit is not None and (expect is None or hit.kind.key in expect):
            return hit
        loaded = kinds.read_loaded(load_bytes(raw, rel), self.links(), expect)
        if loaded.kind.key in CACHED_KINDS:
            self._store(key, loaded)
        return loaded

    def _cached(self, key: tuple[str, str]) -> Any:
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
            return hit

    def _store(self, key: tuple[str, str], value: Any) -> None:
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    # -- earlier versions (to show what changed) ---------------------------------------------
    def remember(self, raw: bytes) -> None:
        """Keep `raw` (a version of a file a page was made from) to compare with later."""
        with self._lock:
            self._texts[digest(raw)] = raw
            self._texts.move_to_end(digest(raw))
            while len(self._texts) > CACHE_SIZE:
                self._texts.popitem(last=False)

    def earlier(self, base: str) -> bytes | None:
        """Return the remembered version with hash `base`, None when it is not known (any more)."""
        with self._lock:
            return self._texts.get(base)

    def text_diff(self, base: str, raw: bytes, limit: int = 120) -> list[str]:
        """Return the changed lines between the version with hash `base` and `raw` ([] if unknown)."""
        with self._lock:
            old = self._texts.get(base)
        if old is None or old == raw:
            return []
        lines = list(difflib.unified_diff(old.decode("utf-8", "replace").splitlines(),
                                          raw.decode("utf-8", "replace").splitlines(),
                                          "trước", "bây giờ", n=1, lineterm=""))[2:]
        return lines[:limit] + ([f"… (còn {len(lines) - limit} dòng)"] if len(lines) > limit else [])

    def links(self) -> Links:
        """Return a `Links` that reads linked files only inside the folder (bundled đề cương aside)."""
        return FolderLinks(self)


def _read_limited(path: Path) -> bytes | None:
    with open(path, "rb") as fh:
        raw = fh.read(MAX_FILE_BYTES + 1)
    return None if len(raw) > MAX_FILE_BYTES else raw


class FolderLinks(Links):
    """Linked files read through the registry, refused when they lie outside the folder."""

    def __init__(self, folder: Folder) -> None:
        super().__init__(kinds.read)
        self._folder = folder

    def _read(self, path: str, expect: tuple[str, ...], referrer: Source, field: Any, ref: str, why: str) -> Any:
        if not (self._folder.inside(Path(path)) or _in_templates(Path(path))):
            raise InputError([referrer.problem(field, f"'{ref}' nằm ngoài thư mục đang mở: ứng dụng web chỉ đọc "
                                                      "tệp trong thư mục này.")])
        try:  # linked plans and đề cương are read once per content, across requests
            key = (f"{expect[0]}:{os.path.realpath(path)}", digest(Path(path).read_bytes()))
        except OSError:
            return super()._read(path, expect, referrer, field, ref, why)
        hit = self._folder._cached(key)
        if hit is None:
            hit = super()._read(path, expect, referrer, field, ref, why)
            self._folder._store(key, hit)
        return hit


def _in_templates(path: Path) -> bool:
    """Return True for kehoach's bundled templates and the user's KEHOACH_TEMPLATES folder."""
    real = Path(os.path.realpath(path))
    return any(real.is_relative_to(Path(os.path.realpath(f))) for f in bundled.template_folders())


@dataclass(frozen=True)
class Listed:
    """A file of the folder as the home page shows it."""

    path: str
    kind: str            # kind key, "" when it could not be read
    label: str
    summary: str
    year: str
    tasks: int | None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems


def describe(folder: Folder, rel: str) -> Listed:
    """Return what the home page shows of file `rel`: its kind, year, tasks and validity."""
    try:
        loaded, _ = folder.load(rel)
    except InputError as exc:
        kind = _kind_of(folder, rel)
        return Listed(rel, kind.key if kind else "", kind.label if kind else "tệp YAML", "", "", None,
                      tuple(exc.problems), tuple(exc.warnings))
    except (PathRefused, OSError) as exc:
        return Listed(rel, "", "tệp YAML", "", "", None, (Problem(rel, None, "", str(exc)),))
    model = loaded.model
    year, tasks = _year_and_tasks(loaded.kind.key, model)
    return Listed(rel, loaded.kind.key, loaded.kind.label, loaded.kind.summary(model), year, tasks,
                  (), tuple(loaded.warnings))


def _kind_of(folder: Folder, rel: str) -> Any:
    try:
        return kinds.detect(load_file(rel))
    except (InputError, OSError):
        return None


def _year_and_tasks(kind: str, model: Any) -> tuple[str, int | None]:
    if kind == "ke_hoach":
        return model.period, len(model.tasks)
    if kind == "kiem_tra":
        return model.issued.period, None
    if kind == "de_cuong":
        return str(model.year), None
    if kind == "bao_cao":
        return str(model.outline.year), len(model.plan.tasks) if model.plan is not None else None
    return "", None
