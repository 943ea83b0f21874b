"""Helpers shared by the subcommands: file discovery and messages."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.model import Plan


def err(text: str) -> None:
    """Print `text` on standard error."""
    print(text, file=sys.stderr)


def yaml_files(paths: Sequence[str]) -> list[str]:
    """Return the files named in `paths`, folders expanded to their .yaml/.yml files."""
    files: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            files.extend(sorted(str(f) for f in Path(p).rglob("*") if f.suffix in (".yaml", ".yml")))
        else:
            files.append(p)
    return files


def plan_summary(plan: Plan) -> str:
    """Return a one-line description of a plan for messages."""
    kind = "Quyết định + Kế hoạch" if plan.decision is not None else "Kế hoạch ban hành độc lập"
    return f"{kind}, {len(plan.groups)} lĩnh vực, {len(plan.tasks)} nhiệm vụ"
