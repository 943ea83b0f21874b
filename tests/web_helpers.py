"""Shared set-up of the web app tests: a folder with the bundled plans and report, a client, its CSRF token."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from helpers import ROOT

TODAY = date(2026, 4, 15)
PLAN = "plans/nam-do-son-2026.yaml"
REPORT = "reports/nam-do-son-2026.yaml"


def make_folder(tmp_path: Path) -> Path:
    """Return a folder holding copies of the bundled plans/ and reports/."""
    folder = tmp_path / "phong-vhxh"
    folder.mkdir()
    shutil.copytree(ROOT / "plans", folder / "plans")
    shutil.copytree(ROOT / "reports", folder / "reports")
    return folder


def page(client, url: str) -> str:
    """Return the HTML of page `url`, which must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    return response.data.decode()


def csrf(html: str) -> str:
    """Return the CSRF token a page carries."""
    return re.search(r'"X-CSRF-Token": "([^"]+)"', html).group(1)


def base_of(html: str) -> str:
    """Return the content hash a page carries (id phien-ban)."""
    return re.search(r'id="phien-ban" name="phien_ban" value="([0-9a-f]+)"', html).group(1)


def text(html: str) -> str:
    """Return the visible text of an HTML fragment, whitespace collapsed (tags dropped, entities kept simple)."""
    plain = re.sub(r"<[^>]+>", " ", html)
    plain = plain.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return " ".join(plain.split())
