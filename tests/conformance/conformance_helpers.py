"""Shared paths and helpers of the conformance tests (not a conftest: tests/conftest.py is imported by name)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.pdf import find_soffice

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "conformance"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))

needs_soffice = pytest.mark.skipif(
    find_soffice() is None and not os.environ.get("KEHOACH_REQUIRE_PDF"),
    reason="cần LibreOffice (soffice)",
)
