"""Subcommands of ``kehoach``: one module each, each exposing ``register(subparsers)``.

A command's handler parses nothing itself: it receives the argparse namespace, calls the
core, writes files through `generator.outputs`, and returns an exit status.
"""

from __future__ import annotations

from generator.commands import build, outline, phan_cong, report, schema, tasks, tien_do, validate
from generator.commands import diff, docx_text, git_setup, nam_moi, so_sanh  # issue 11: yearly work

COMMANDS = [validate, build, schema, tasks, phan_cong, tien_do, outline, report, nam_moi, diff, so_sanh, git_setup, docx_text]
