"""Legacy Vietnamese encodings (TCVN3/ABC, VNI, Windows-1258) to Unicode NFC.

Offices still have documents typed in 8-bit fonts: TCVN3 (".VnTime", ".VnArial", …,
with upper-case-only companions ".VnTimeH", ".VnArialH", …) and VNI ("VNI-Times", …).
In a .docx such text is stored as the Latin-1 characters of its bytes, so it converts
run by run according to the run's font. A plain text file in those bytes, or in
Windows-1258, is recognised by which decoding reads as Vietnamese.

No maintained converter on PyPI fits (the one found needs Python ≥ 3.11 and is a whole
document loader), so the tables are carried here, built from the encodings' layouts and
tested for every Vietnamese letter in both cases (tests/importing/test_legacy.py).
"""

from __future__ import annotations

import re
import unicodedata

# Tone order of both tables: none, huyền (grave), hỏi (hook), ngã (tilde), sắc (acute), nặng (dot).
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
BASES = "aăâeêioôơuưy"

# TCVN3 (TCVN 5712:1993 VN3): one byte per lower-case letter; an ASCII letter where the
# letter has no mark.
_TCVN3_ROWS = {
    "a": "a\xb5\xb6\xb7\xb8\xb9",
    "ă": "\xa8\xbb\xbc\xbd\xbe\xc6",
    "â": "\xa9\xc7\xc8\xc9\xca\xcb",
    "e": "e\xcc\xce\xcf\xd0\xd1",
    "ê": "\xaa\xd2\xd3\xd4\xd5\xd6",
    "i": "i\xd7\xd8\xdc\xdd\xde",
    "o": "o\xdf\xe1\xe2\xe3\xe4",
    "ô": "\xab\xe5\xe6\xe7\xe8\xe9",
    "ơ": "\xac\xea\xeb\xec\xed\xee",
    "u": "u\xef\xf1\xf2\xf3\xf4",
    "ư": "\xad\xf5\xf6\xf7\xf8\xf9",
    "y": "y\xfa\xfb\xfc\xfd\xfe",
}
_TCVN3_EXTRA = {
    "\xae": "đ",
    "\xa1": "Ă", "\xa2": "Â", "\xa3": "Ê", "\xa4": "Ô", "\xa5": "Ơ", "\xa6": "Ư", "\xa7": "Đ",
    # combining tone marks, in the same order as the precomposed columns
    "\xb0": "\u0300", "\xb1": "\u0309", "\xb2": "\u0303", "\xb3": "\u0301", "\xb4": "\u0323",
}


def _letter(base: str, tone: int) -> str:
    return unicodedata.normalize("NFC", base + TONES[tone])


def _tcvn3_table() -> dict[str, str]:
    table = dict(_TCVN3_EXTRA)
    for base, row in _TCVN3_ROWS.items():
        for tone, code in enumerate(row):
            if code != base:  # a plain ASCII vowel stays itself
                table[code] = _letter(base, tone)
    return table


TCVN3 = _tcvn3_table()
_TCVN3_TRANS = str.maketrans(TCVN3)

# VNI Windows: a base letter followed by a mark byte (two bytes for a marked vowel);
# the i family, ơ, ư and đ are single bytes. Upper case uses the upper-case mark bytes.
_VNI_TONE_MARKS = ("", "\xf8", "\xfb", "\xf5", "\xf9", "\xef")            # ø û õ ù ï
_VNI_HAT_MARKS = ("\xe2", "\xe0", "\xe5", "\xe3", "\xe1", "\xe4")         # â à å ã á ä
_VNI_BREVE_MARKS = ("\xea", "\xe8", "\xfa", "\xfc", "\xe9", "\xeb")       # ê è ú ü é ë
_VNI_I = ("i", "\xec", "\xe6", "\xf3", "\xed", "\xf2")                    # ì æ ó í ò


def _vni_table() -> dict[str, str]:
    lower: dict[str, str] = {}
    for base in "aeouy":
        for tone in range(1, 6):
            lower[base + _VNI_TONE_MARKS[tone]] = _letter(base, tone)
    for base, plain in (("â", "a"), ("ê", "e"), ("ô", "o")):
        for tone in range(6):
            lower[plain + _VNI_HAT_MARKS[tone]] = _letter(base, tone)
    for tone in range(6):
        lower["a" + _VNI_BREVE_MARKS[tone]] = _letter("ă", tone)
    for base, code in (("ơ", "\xf4"), ("ư", "\xf6")):
        lower[code] = base
        for tone in range(1, 6):
            lower[code + _VNI_TONE_MARKS[tone]] = _letter(base, tone)
    for tone in range(1, 6):
        lower[_VNI_I[tone]] = _letter("i", tone)
    lower["\xf1"] = "đ"
    table = dict(lower)
    for code, letter in lower.items():
        table[code.upper()] = letter.upper()
        if len(code) == 2:  # an upper-case base with a lower-case mark is still that letter
            table[code[0].upper() + code[1]] = letter.upper()
    return table


VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI, key=len, reverse=True)))


def from_tcvn3(text: str, *, upper: bool = False) -> str:
    """Return TCVN3 `text` (its bytes as Latin-1 characters) in Unicode NFC.

    `upper`: the text was set in an upper-case-only font (".VnTimeH"), which draws
    every letter, ASCII included, as a capital.
    """
    out = unicodedata.normalize("NFC", text.translate(_TCVN3_TRANS))
    return out.upper() if upper else out


def from_vni(text: str) -> str:
    """Return VNI `text` (its bytes as Latin-1 characters) in Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: VNI[m.group()], text))


def to_tcvn3(text: str) -> str:
    """Return `text` in TCVN3 (as Latin-1 characters); for tests and fixtures.

    Capitals with a tone mark have no TCVN3 code: they come out in lower case, as they
    are typed under an upper-case-only font.
    """
    reverse = {v: k for k, v in TCVN3.items() if len(v) == 1 and not unicodedata.combining(v)}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in reverse:
            out.append(reverse[ch])
        elif ch.lower() in reverse and ch not in "ĂÂÊÔƠƯĐ":
            out.append(reverse[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def to_vni(text: str) -> str:
    """Return `text` in VNI (as Latin-1 characters); for tests and fixtures."""
    reverse: dict[str, str] = {}
    for code, letter in VNI.items():
        if len(code) == 2 and code[0].isupper() and code[1].islower():
            continue
        reverse.setdefault(letter, code)
    return "".join(reverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def font_encoding(font: str) -> str:
    """Return "tcvn3", "tcvn3h" (upper-case-only), "vni" or "" for a font name."""
    name = font.strip().casefold()
    if name.startswith(".vn"):
        core = re.sub(r"[\s-]*(bold|italic|regular|b|i)$", "", font.strip())
        return "tcvn3h" if core.endswith("H") else "tcvn3"
    if name.startswith(("vni-", "vni ", "vni_")):
        return "vni"
    return ""


def convert_run(text: str, font: str) -> str:
    """Return the text of a run set in `font` in Unicode (unchanged for Unicode fonts)."""
    kind = font_encoding(font)
    if kind == "tcvn3":
        return from_tcvn3(text)
    if kind == "tcvn3h":
        return from_tcvn3(text, upper=True)
    if kind == "vni":
        return from_vni(text)
    return text


# --- recognising legacy text without a font ---------------------------------------------

_COMMON = set("""
của và các năm thực hiện cơ quan đơn vị ngày tháng được trong những người hành chính cải cách
kế hoạch ủy uỷ ban nhân dân phường thành phố về với theo để có không quyết định số việc công tác chủ
trì phối hợp sản phẩm thời gian xã hội tổ chức nội vụ thủ tục nhiệm quý báo cáo triển khai đảm
bảo quy cấp độc lập tự do hạnh phúc cộng hòa hoà chủ nghĩa việt nam căn cứ luật điều này là một
các đã sẽ tại trên địa bàn phòng văn hóa hoá sở tài chính thông tin điện tử nâng cao chất lượng
tiếp tục đẩy mạnh tăng cường xây dựng ban hành lưu nơi nhận kèm theo mục đích yêu cầu giải pháp
nhà nước pháp chỉ đạo điều kiểm tra đánh giá hiệu quả dịch vụ trung tâm phục đề án chương trình
""".split())
_WORD = re.compile(r"[^\W\d_]+")
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
JUNK = frozenset(chr(c) for c in range(0xA1, 0x100) if chr(c) not in _VIET_LATIN1 and chr(c) != "×")


def junk_count(text: str) -> int:
    """Return how many characters of `text` are Latin-1 symbols no Vietnamese word has."""
    return sum(1 for ch in text if ch in JUNK)


def vietnamese_score(text: str) -> float:
    """Return how much `text` reads as Vietnamese: common syllables per word, minus junk."""
    words = _WORD.findall(text.casefold())
    if not words:
        return 0.0
    hits = sum(1 for w in words if w in _COMMON)
    return (hits - 0.5 * junk_count(text)) / len(words)


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Return the text of a plain-text file and the encoding it was read as.

    UTF-8 (with or without BOM) and UTF-16 with BOM are taken as they are; other bytes
    are read as Windows-1258, TCVN3 and VNI, and the reading that looks most like
    Vietnamese wins. The text is NFC.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return unicodedata.normalize("NFC", raw[3:].decode("utf-8", errors="replace")), "utf-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return unicodedata.normalize("NFC", raw.decode("utf-16", errors="replace")), "utf-16"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return unicodedata.normalize("NFC", text), "utf-8"
    latin = raw.decode("latin-1")
    candidates = {
        "windows-1258": unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace")),
        "tcvn3": from_tcvn3(latin),
        "vni": from_vni(latin),
    }
    best = max(candidates, key=lambda name: vietnamese_score(candidates[name]))
    return candidates[best], best


def fix_legacy_text(text: str) -> tuple[str, str]:
    """Return `text` converted when it is TCVN3 or VNI read as Latin-1, and which one.

    For text whose font was lost (a PDF text layer, text pasted from an old document):
    it is converted only when a conversion reads clearly more Vietnamese than the text.
    """
    if junk_count(text) < 2:
        return text, ""
    base = vietnamese_score(text)
    best, name = text, ""
    for candidate, label in ((from_tcvn3(text), "tcvn3"), (from_vni(text), "vni")):
        score = vietnamese_score(candidate)
        if score > base + 0.15 and score > vietnamese_score(best) + (0 if not name else 0.05):
            best, name = candidate, label
    return best, name


def to_windows1258(text: str) -> bytes:
    """Return `text` in Windows-1258 bytes (tone marks as combining bytes); for tests."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in parts if m in TONES[1:])
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES[1:]))
        out.append(base + tones)
    return "".join(out).encode("cp1258")
