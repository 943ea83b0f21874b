"""Shared paths and helpers of the conformance tests (not a conftest: tests/conftest.py is imported by name)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.run.pdf import find_soffice

CORPUS = Path(__file__).resolve().parent / "fixtures" / "conformance"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))

needs_soffice = pytest.mark.skipif(
    find_soffice() is None and not os.environ.get("KEHOACH_REQUIRE_PDF"),
    reason="cần LibreOffice (soffice)",
)


def corpus_module():
    """Return the corpus script (tests/fixtures/conformance/make_corpus.py) as a module."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module
