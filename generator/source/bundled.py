"""Where kehoach's own files are: the Word templates and the đề cương definitions.

They ship inside the package (``generator/templates`` in an installed wheel, the
project's top-level ``templates/`` in a checkout) and are read with importlib.resources.
``KEHOACH_TEMPLATES`` names a folder of the user's own templates: a file found there is
used instead of the bundled one of the same name.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

TEMPLATES_ENV = "KEHOACH_TEMPLATES"
OUTLINES = "de-cuong"


def bundled_templates() -> Path:
    """Return the folder of the templates shipped with kehoach."""
    packaged = resources.files("generator").joinpath("templates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"  # a checkout: the top-level folder


def user_templates() -> Path | None:
    """Return the user's own template folder (``KEHOACH_TEMPLATES``), if set."""
    env = os.environ.get(TEMPLATES_ENV)
    return Path(env) if env else None


def template_folders() -> list[Path]:
    """Return the folders searched for a template, the user's first."""
    user = user_templates()
    return ([user] if user is not None else []) + [bundled_templates()]


def template_path(name: str) -> Path | None:
    """Return the template file `name` (e.g. "ke-hoach.docx", "de-cuong/x.yaml"), None when there is none."""
    for folder in template_folders():
        candidate = folder / name
        if candidate.exists():
            return candidate
    return None


def is_bundled(path: Path) -> bool:
    """Return True when `path` is one of kehoach's own template files."""
    try:
        return path.resolve().is_relative_to(bundled_templates().resolve())
    except OSError:
        return False


def outline_names() -> list[str]:
    """Return the names of the đề cương definitions available (user's and bundled), oldest first."""
    names = set()
    for folder in template_folders():
        names.update(p.stem for p in (folder / OUTLINES).glob("*.yaml"))
    return sorted(names)
