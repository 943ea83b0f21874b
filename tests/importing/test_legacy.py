"""Legacy encodings: every Vietnamese letter in both cases, by font and by byte detection."""

from __future__ import annotations

import unicodedata

import pytest

from generator.importing import legacy
from generator.importing.sources import read_txt_bytes

LOWER = [unicodedata.normalize("NFC", base + tone) for base in legacy.BASES for tone in legacy.TONES] + ["đ"]
UPPER = [ch.upper() for ch in LOWER]
SENTENCE = "Ủy ban nhân dân phường Nam Đồ Sơn ban hành Kế hoạch cải cách hành chính năm 2026 của các cơ quan"


def test_there_are_67_letters_each_case():
    assert len(set(LOWER)) == 12 * 6 + 1 and len(set(UPPER)) == 73


@pytest.mark.parametrize("letter", LOWER)
def test_tcvn3_every_lower_case_letter(letter):
    encoded = legacy.to_tcvn3(letter)
    assert all(ord(c) < 256 for c in encoded)
    assert legacy.from_tcvn3(encoded) == letter
    assert legacy.convert_run(encoded, ".VnTime") == letter


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_every_capital_under_the_upper_case_only_font(letter):
    # .VnTimeH draws the lower-case codes as capitals: an office types "kinh phÝ" and sees "KINH PHÍ"
    encoded = legacy.to_tcvn3(letter.lower())
    assert legacy.convert_run(encoded, ".VnTimeH") == letter
    assert legacy.convert_run(encoded, ".VnArialH") == letter


def test_tcvn3_capitals_that_have_their_own_code():
    for letter in "ĂÂÊÔƠƯĐ":
        assert legacy.from_tcvn3(legacy.to_tcvn3(letter)) == letter


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_every_letter_both_cases(letter):
    encoded = legacy.to_vni(letter)
    assert all(ord(c) < 256 for c in encoded)
    assert legacy.from_vni(encoded) == letter
    assert legacy.convert_run(encoded, "VNI-Times") == letter


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_windows_1258_every_letter_both_cases(letter):
    text, encoding = legacy.decode_bytes(legacy.to_windows1258(f"{SENTENCE} {letter}"))
    assert encoding == "windows-1258"
    assert text == f"{SENTENCE} {letter}"
    assert unicodedata.is_normalized("NFC", text)


def test_known_tcvn3_bytes():
    # "Céng hoµ x· héi chñ nghÜa ViÖt Nam" is how .VnTime text reads in a Unicode font
    assert legacy.from_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert legacy.from_tcvn3("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"
    assert legacy.from_tcvn3("ph\xadêng") == "phường"


def test_known_vni_bytes():
    assert legacy.from_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert legacy.from_vni("Ñoäc laäp - Töï do - Haïnh phuùc") == "Độc lập - Tự do - Hạnh phúc"


def test_fonts_are_recognised_by_name():
    assert legacy.font_encoding(".VnTime") == "tcvn3"
    assert legacy.font_encoding(".VnTimeH") == "tcvn3h"
    assert legacy.font_encoding(".VnArial NarrowH") == "tcvn3h"
    assert legacy.font_encoding("VNI-Times") == "vni"
    assert legacy.font_encoding("Times New Roman") == ""
    assert legacy.convert_run("Céng hoµ", "Times New Roman") == "Céng hoµ"


@pytest.mark.parametrize("name, encode", [
    ("tcvn3", lambda s: legacy.to_tcvn3(s).encode("latin-1")),
    ("vni", lambda s: legacy.to_vni(s).encode("latin-1")),
    ("windows-1258", legacy.to_windows1258),
    ("utf-8", lambda s: s.encode("utf-8")),
    ("utf-8", lambda s: b"\xef\xbb\xbf" + s.encode("utf-8")),
    ("utf-16", lambda s: s.encode("utf-16")),
])
def test_plain_text_file_encoding_is_detected(name, encode):
    text, found = legacy.decode_bytes(encode(SENTENCE.replace("Ủy", "ủy")))
    assert found == name
    assert text == SENTENCE.replace("Ủy", "ủy")


def test_txt_reader_tells_the_user_what_it_converted():
    raw = legacy.to_tcvn3("Kế hoạch của phường\nCải cách hành chính phường Lê Chân năm 2026\n").encode("latin-1")
    doc = read_txt_bytes(raw, "cu.txt")
    assert [b.full for b in doc.blocks] == ["Kế hoạch của phường", "Cải cách hành chính phường Lê Chân năm 2026"]
    assert any("TCVN3" in n for n in doc.notes)


def test_unicode_text_is_left_alone_even_with_latin_letters():
    for text in ("Hoàng Gia Đông", "Trường Tiểu học Lê Lợi", "Ông Nguyễn Văn Bình ký"):
        assert legacy.fix_legacy_text(text) == (text, "")


def test_pasted_tcvn3_text_without_font_is_converted():
    pasted = legacy.to_tcvn3("Tiếp tục nâng cao chất lượng đội ngũ cán bộ, công chức của phường")
    assert legacy.fix_legacy_text(pasted) == ("Tiếp tục nâng cao chất lượng đội ngũ cán bộ, công chức của phường",
                                              "tcvn3")
