"""Word templates: where each one is, and whether it still holds what its documents need.

The templates are the source of truth for every document's look; users restyle them in
Word. A template from the user's folder (``KEHOACH_TEMPLATES``) is checked against its
contract before rendering, so one that lost a placeholder is refused with a message
naming it; the bundled ones are checked by the tests.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from generator.errors import TemplateFault, TemplateMissing
from generator.kinds.document import TemplateContract
from generator.source import bundled

_TAG = re.compile(r"\{[{%](.*?)[%}]\}", re.S)
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


def template_tags(path: Path) -> str:
    """Return the text of every Jinja tag in the template's document, headers and footers; raise TemplateFault."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = [n for n in package.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
            xml = "".join(package.read(n).decode("utf-8") for n in parts)
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise TemplateFault(f"Mẫu {path} không phải tệp .docx hợp lệ ({exc}).") from None
    # Word splits a typed tag across runs: join the text of each paragraph's runs first.
    text = _XML_TAG.sub("", xml.replace("</w:p>", "\n"))
    return "\n".join(m.group(1) for m in _TAG.finditer(text))


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
