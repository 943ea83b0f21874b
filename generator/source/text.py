"""Text hygiene for everything read from a user's file: NFC, invisible characters, controls.

Pure functions: the YAML reader, the importers and the web forms all clean text the same way.
"""

from __future__ import annotations

import re
import unicodedata

ZERO_WIDTH = re.compile("[\u200b\ufeff\u2060\u00ad]")
# Characters refused anywhere in a file: C0/C1 controls (tab and line ends excepted),
# bidirectional embeddings/overrides/isolates (they reorder what the reader sees),
# lone surrogates and the non-characters U+FFFE/U+FFFF (not allowed in .docx XML).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
_ODD_SPACES = re.compile(r"\s\s|[^\S ]")  # anything `_SPACES` would change inside a text


def clean_text(text: str) -> str:
    """Return `text` in NFC with zero-width characters removed and whitespace collapsed.

    Zero-width characters go first: one between a letter and its combining mark would
    otherwise keep them apart through the normalisation ("e", U+200B, U+0301 → "é").
    """
    if ZERO_WIDTH.search(text):
        text = ZERO_WIDTH.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _ODD_SPACES.search(text):
        text = _SPACES.sub(" ", text)
    return text.strip()


def forbidden_character(text: str) -> str | None:
    """Return a Vietnamese description of the first character of `text` a plan may not hold."""
    m = FORBIDDEN.search(text)
    if m is None:
        return None
    code = ord(m.group())
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (f"Ký tự điều khiển hướng viết (U+{code:04X}) làm chữ hiển thị đảo thứ tự, khác với khi in: "
                "hãy xóa ký tự này (thường lẫn vào khi sao chép từ trang web).")
    if code >= 0xD800:
        return f"Ký tự không hợp lệ (U+{code:04X}) không lưu được vào văn bản Word: hãy xóa ký tự này."
    return f"Ký tự điều khiển không in được (U+{code:04X}): hãy xóa ký tự này."


# What a terminal must not receive raw: C0/C1 controls (escape sequences recolour, move the
# cursor, set the window title or make links), bidirectional embeddings, overrides and
# isolates (they reorder the line), and lone surrogates (undecodable bytes of a file name).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """Return `text` safe to print on a terminal: unprintable characters written as escapes.

    ESC becomes "\\x1b", U+202E "\\u202e"; line feeds and tabs stay (messages span lines).
    """
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shorten(text: str, limit: int = 60) -> str:
    """Return `text` cut to `limit` characters for quoting in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
