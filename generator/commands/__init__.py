"""Subcommands of ``kehoach``: one module each, each exposing ``register(subparsers)``.

A command's handler parses nothing itself: it receives the argparse namespace, calls the
core, writes files through `generator.outputs`, and returns an exit status.
"""

from __future__ import annotations

from generator.commands import build, outline, phan_cong, report, schema, tasks, tien_do, validate
from generator.commands import kiem_tra

COMMANDS = [validate, build, schema, tasks, phan_cong, tien_do, outline, report, kiem_tra]
