"""``kehoach nhap``: what a user sees, what is written, and bad input refused with exit 2."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib

import pytest
from nhap_support import FIXTURES
from helpers import REFERENCE

WARD_TXT = REFERENCE / "nam-do-son-ke-hoach-cchc-2026.txt"


def test_import_writes_yaml_that_validates_and_builds(kehoach, tmp_path):
    target = tmp_path / "plans" / "nds.yaml"
    r = kehoach("nhap", WARD_TXT, "-o", target)
    assert r.code == 0, r.err
    assert f"Đã ghi {target}: Quyết định + Kế hoạch, 8 lĩnh vực, 53 nhiệm vụ" in r.out
    assert "Báo cáo nhập" in r.out
    assert kehoach("validate", target).code == 0
    assert kehoach("build", target, "-o", tmp_path / "out").code == 0
    assert (tmp_path / "out" / "nds" / "ke-hoach.docx").exists()


def test_same_input_gives_byte_identical_yaml(kehoach, tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert kehoach("nhap", FIXTURES / "phuong-ke-hoach-2026.docx", "-o", a).code == 0
    assert kehoach("nhap", FIXTURES / "phuong-ke-hoach-2026.docx", "-o", b).code == 0
    assert a.read_bytes() == b.read_bytes()


def test_default_name_is_under_plans(kehoach, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "Kế hoạch CCHC 2026.txt"
    shutil.copyfile(WARD_TXT, src)
    r = kehoach("nhap", src)
    assert r.code == 0, r.err
    assert (tmp_path / "plans" / "ke-hoach-cchc-2026.yaml").exists()


def test_preview_writes_nothing(kehoach, tmp_path):
    target = tmp_path / "x.yaml"
    r = kehoach("nhap", WARD_TXT, "-o", target, "--xem-truoc")
    assert r.code == 0
    assert "Chưa ghi tệp nào" in r.out and "Báo cáo nhập" in r.out
    assert not target.exists()


def test_existing_file_is_kept_without_force(kehoach, tmp_path):
    target = tmp_path / "x.yaml"
    target.write_text("# của tôi\n", encoding="utf-8")
    r = kehoach("nhap", WARD_TXT, "-o", target)
    assert r.code == 2 and "không ghi đè" in r.err and "--force" in r.err
    assert target.read_text(encoding="utf-8") == "# của tôi\n"
    assert kehoach("nhap", WARD_TXT, "-o", target, "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith("# Nhập từ")


def test_quyet_dinh_and_ke_hoach_in_two_files(kehoach, built, tmp_path):
    folder = built("nam-do-son-2026")
    target = tmp_path / "hai-tep.yaml"
    r = kehoach("nhap", folder / "ke-hoach.docx", folder / "quyet-dinh.docx", "-o", target)
    assert r.code == 0, r.err
    assert "Quyết định + Kế hoạch" in r.out


def _png(path):
    """Write a small grey PNG (a "scan") without any imaging library."""
    width, height = 120, 60
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def _soffice_pdf(docx, outdir, options=""):
    profile = outdir / "profile"
    filt = "pdf:writer_pdf_Export" + (f":{options}" if options else "")
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", filt,
                    "--outdir", str(outdir), str(docx)], capture_output=True, timeout=180, check=True)
    return outdir / (docx.stem + ".pdf")


def _bad_inputs(tmp_path):
    from docx import Document

    cases = {}
    cases["không tìm thấy tệp"] = tmp_path / "khong-co.docx"
    empty = tmp_path / "trong.txt"
    empty.write_bytes(b"")
    cases["tệp trống"] = empty
    cases["thư mục"] = tmp_path
    fake = tmp_path / "gia.docx"
    fake.write_bytes(b"Day khong phai Word")
    cases["nội dung không phải Word .docx"] = fake
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    cases["bị hỏng"] = broken
    enc = tmp_path / "mat-khau.docx"
    enc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le"))
    cases["mật khẩu"] = enc
    image = _png(tmp_path / "anh.png")
    cases["không phải văn bản"] = image
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text("Danh sách việc cần làm tuần này:\n- gọi điện\n- họp\n", encoding="utf-8")
    cases["không nhận ra văn bản nào"] = notes
    if shutil.which("soffice"):
        doc = Document()
        doc.add_picture(str(image))
        doc.save(str(tmp_path / "ban-quet.docx"))
        cases["bản quét"] = _soffice_pdf(tmp_path / "ban-quet.docx", tmp_path)
        doc = Document()
        doc.add_paragraph("Kế hoạch mật")
        doc.save(str(tmp_path / "khoa.docx"))
        cases["PDF có mật khẩu"] = _soffice_pdf(
            tmp_path / "khoa.docx", tmp_path,
            '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"x"}}')
    return cases


def test_bad_inputs_exit_2_with_a_vietnamese_message_naming_the_file(kehoach, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for expected, path in _bad_inputs(folder).items():
        target = tmp_path / "out.yaml"
        r = kehoach("nhap", path, "-o", target)
        assert r.code == 2, (expected, r.err)
        assert str(path) in r.err and expected in r.err, (expected, r.err)
        assert "Không ghi tệp nào" in r.err
        assert "Traceback" not in r.err
        assert not target.exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice không có trên máy")
def test_old_word_doc_goes_through_libreoffice(kehoach, tmp_path):
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                    "doc:MS Word 97", "--outdir", str(tmp_path), str(FIXTURES / "phuong-ke-hoach-2026.docx")],
                   capture_output=True, timeout=180, check=True)
    doc = tmp_path / "phuong-ke-hoach-2026.doc"
    assert doc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    r = kehoach("nhap", doc, "-o", tmp_path / "doc.yaml")
    assert r.code == 0, r.err
    assert "LibreOffice đã chuyển" in r.out or "LibreOffice" in r.out
    assert "5 nhiệm vụ" in r.out
    text = (tmp_path / "doc.yaml").read_text(encoding="utf-8")
    assert "Tiếp tục nâng cao chất lượng đội ngũ cán bộ" in text and "1.2" in text


def test_windows_1258_text_imports_like_utf8(kehoach, tmp_path):
    from generator.importing.legacy import to_windows1258

    legacy_file = tmp_path / "nds-1258.txt"
    legacy_file.write_bytes(to_windows1258(WARD_TXT.read_text(encoding="utf-8")))
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    r = kehoach("nhap", legacy_file, "-o", a)
    assert r.code == 0, r.err
    assert "Windows-1258" in r.out
    assert kehoach("nhap", WARD_TXT, "-o", b).code == 0
    body = lambda p: p.read_text(encoding="utf-8").split("\n", 1)[1]  # noqa: E731 (the first line names the file)
    assert body(a) == body(b)
