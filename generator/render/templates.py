"""Word templates: where each one is, and whether it still holds what its documents need.

The templates are the source of truth for every document's look; users restyle them in
Word. A template from the user's folder (``KEHOACH_TEMPLATES``) is checked against its
contract before rendering, so one that lost a placeholder is refused with a message
naming it; the bundled ones are checked by the tests.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from pathlib import Path

from generator.errors import TemplateFault, TemplateMissing
from generator.kinds.document import TemplateContract
from generator.source import bundled
from generator.source.files import special_kind

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024      # the .docx file (kehoach's own: under 100 KB)
MAX_UNPACKED_BYTES = 200 * 1024 * 1024     # all its parts once unpacked (pictures included)
MAX_PART_BYTES = 20 * 1024 * 1024          # one XML part unpacked (the document, a header…)
MAX_PARTS = 5_000
TAG_REACH = 50_000  # characters of XML within which a "{{", "{%" or "{#" must be closed

_XML_TAG = re.compile(r"<[^>]+>")
_STYLE_USE = re.compile(r'<w:pStyle w:val="([^"]+)"')
_STYLE_DEF = re.compile(r'<w:style\b[^>]*w:styleId="([^"]+)"')


def locate(contract: TemplateContract) -> Path:
    """Return the template file of `contract`: the user's (KEHOACH_TEMPLATES) or the bundled one."""
    path = bundled.template_path(contract.template)
    if path is None:
        folders = ", ".join(str(f) for f in bundled.template_folders())
        raise TemplateMissing(f"Không tìm thấy mẫu Word '{contract.template}' (đã tìm trong: {folders}). "
                              "Hãy cài lại kehoach, hoặc chép mẫu gốc vào thư mục mẫu của bạn.")
    return path


def check_package(path: Path) -> None:
    """Raise TemplateFault unless `path` is a regular file holding a .docx of bounded unpacked size.

    A zip declares the size of each part; Python's zip reader stops at the declared size
    (and refuses a part whose data is longer), so bounding the declared sizes bounds what
    unpacking can take: a "zip bomb" of gigabytes is refused before any of it is read.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise TemplateFault(f"Mẫu {path} không đọc được ({exc.strerror}).") from None
    if not stat.S_ISREG(info.st_mode):
        what = "một thư mục" if stat.S_ISDIR(info.st_mode) else special_kind(info.st_mode)
        raise TemplateFault(f"Mẫu {path} là {what}, không phải tệp .docx: kehoach chỉ đọc tệp thường.")
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise TemplateFault(f"Mẫu {path} quá lớn ({info.st_size // (1024 * 1024)} MB; tối đa "
                            f"{MAX_TEMPLATE_BYTES // (1024 * 1024)} MB).")
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise TemplateFault(f"Mẫu {path} không phải tệp .docx hợp lệ ({exc}).") from None
    if len(parts) > MAX_PARTS:
        raise TemplateFault(f"Mẫu {path} có quá nhiều phần ({len(parts)}; tối đa {MAX_PARTS}).")
    unpacked = sum(p.file_size for p in parts)
    largest = max(parts, key=lambda p: p.file_size if p.filename.endswith((".xml", ".rels")) else 0, default=None)
    if unpacked > MAX_UNPACKED_BYTES or (largest is not None and largest.filename.endswith((".xml", ".rels"))
                                         and largest.file_size > MAX_PART_BYTES):
        raise TemplateFault(f"Mẫu {path} khi giải nén quá lớn ({unpacked // (1024 * 1024)} MB; tối đa "
                            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB, mỗi phần XML tối đa "
                            f"{MAX_PART_BYTES // (1024 * 1024)} MB): có thể là tệp nén độc hại (\"bom zip\"). "
                            "Hãy dùng lại mẫu gốc rồi sửa trong Word.")


class _Scanner:
    """Finds the next occurrence of any of some needles, for positions that only move forward.

    Each needle's last hit is remembered, so the whole scan reads the text once per needle
    (a fresh `str.find` per step would rescan to the end for a needle that never occurs).
    """

    def __init__(self, text: str, needles: tuple[str, ...]) -> None:
        self.text = text
        self.hits = {n: -2 for n in needles}  # -2: not searched yet; -1: no more

    def next(self, start: int) -> int:
        best = -1
        for needle, hit in self.hits.items():
            if hit != -1 and hit < start:
                hit = self.hits[needle] = self.text.find(needle, start)
            if hit >= 0 and (best < 0 or hit < best):
                best = hit
        return best


def _tags(text: str) -> list[str]:
    """Return what stands inside each "{{ … }}" or "{% … %}" of `text`, in one pass.

    Each "{{" or "{%" closes at the first "}}" or "%}" after it (as Jinja reads them after
    docxtpl's clean-up); a search for the closer that starts afresh at every opener would
    take quadratic time on a template full of unclosed braces.
    """
    openers, closers = _Scanner(text, ("{{", "{%")), _Scanner(text, ("}}", "%}"))
    found = []
    pos = 0
    while True:
        opener = openers.next(pos)
        if opener < 0:
            return found
        closer = closers.next(opener + 2)
        if closer < 0:
            return found
        found.append(text[opener + 2:closer])
        pos = closer + 2


def _check_tags_close(path: Path, name: str, xml: str) -> None:
    """Raise TemplateFault when a "{{", "{%" or "{#" of the part's XML is not closed within TAG_REACH."""
    openers, closers = _Scanner(xml, ("{{", "{%", "{#")), _Scanner(xml, ("}}", "%}", "#}"))
    pos = 0
    while True:
        opener = openers.next(pos)
        if opener < 0:
            return
        closer = closers.next(opener + 2)
        if closer < 0 or closer - opener > TAG_REACH:
            words = _XML_TAG.sub("", xml[opener:opener + 200])[:40]
            raise TemplateFault(f"Mẫu {path} có thẻ mở '{xml[opener:opener + 2]}' không được đóng ({name}, gần "
                                f"\"{words}\"): hãy sửa thẻ trong Word.")
        pos = opener + 2


def template_tags(path: Path) -> str:
    """Return the text of every Jinja tag in the template's document, headers and footers; raise TemplateFault."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = [n for n in package.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
            xmls = {n: package.read(n).decode("utf-8") for n in parts}
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise TemplateFault(f"Mẫu {path} không phải tệp .docx hợp lệ ({exc}).") from None
    for name, part in xmls.items():
        _check_tags_close(path, name, part)
    # Word splits a typed tag across runs: join the text of each paragraph's runs first.
    text = _XML_TAG.sub("", "".join(xmls.values()).replace("</w:p>", "\n"))
    return "\n".join(_tags(text))


def missing_placeholders(path: Path, contract: TemplateContract) -> list[str]:
    """Return the placeholders of `contract` that the template at `path` no longer uses."""
    tags = template_tags(path)
    return [expr for expr in contract.placeholders
            if not re.search(r"(?<![\w.])" + re.escape(expr) + r"(?![\w])", tags)]


def missing_styles(path: Path) -> list[str]:
    """Return the paragraph styles the template's paragraphs use but its styles part does not define."""
    try:
        with zipfile.ZipFile(path) as package:
            xml = package.read("word/document.xml").decode("utf-8")
            styles = package.read("word/styles.xml").decode("utf-8")
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise TemplateFault(f"Mẫu {path} không phải tệp .docx hợp lệ ({exc}).") from None
    defined = set(_STYLE_DEF.findall(styles))
    return sorted(set(_STYLE_USE.findall(xml)) - defined)


def check(path: Path, contract: TemplateContract) -> None:
    """Raise TemplateFault naming what the template at `path` lacks for `contract`."""
    missing = missing_placeholders(path, contract)
    if missing:
        listing = "; ".join(f"{{{{ {expr} }}}} ({contract.placeholders[expr]})" for expr in missing)
        raise TemplateFault(f"Mẫu {path} thiếu chỗ điền: {listing}. Hãy thêm lại các chỗ điền này "
                            f"(xem mẫu gốc {contract.template} của kehoach), hoặc dùng lại mẫu gốc.")
