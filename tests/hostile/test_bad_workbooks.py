"""``kehoach tasks --nhap-xlsx`` refuses broken and hostile workbooks cleanly and in bounded time.

Each workbook is made at test time from a real exported one, with one part replaced by an
attack: a zip bomb (one cell of 1.5 GB), 4 GB of whitespace (a zip64 entry), a million rows,
a part lying about its size, malformed sheet XML, an external entity (XXE), "billion laughs", an attribute of the wrong
type, a 3 MB cell. The huge parts are deflate streams built from one compressed block
repeated (a full flush makes each block stand alone), so the files are small on disk while
their parts declare — and would inflate to — gigabytes. Their CRCs are not computed: the
reader must refuse them before reading that far.

Every import runs in its own process under the limits of the bad-input corpus (1 GB of
memory, 5 s): it must exit 2 with a one-line message naming the file and the sheet, print
no traceback, and leave the plan file as it was.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from helpers import CORPUS, FIXTURES

from generator.cli import main

if not hasattr(os, "fork"):
    pytest.skip("the limited runs need fork() and resource limits (POSIX)", allow_module_level=True)

MEMORY_LIMIT = 1024 * 1024 * 1024
CPU_LIMIT = 5
WALL_LIMIT = 5.0
PLAN = FIXTURES / "tracking" / "theo-doi-2026.yaml"
SHEET = "xl/worksheets/sheet1.xml"
HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
TAIL = b"</sheetData></worksheet>"


def _deflate_repeated(prefix: bytes, unit: bytes, times: int, suffix: bytes) -> bytes:
    """A raw deflate stream of prefix + unit * times + suffix, built without inflating it."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    return head + block * times + packer.compress(suffix) + packer.flush(zlib.Z_FINISH)


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, raw deflate data, crc, size), written by hand (sizes over 4 GB as zip64)."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        big = size >= 0xFFFFFFFF or len(data) >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, size, len(data)) if big else b""
        sizes = (0xFFFFFFFF, 0xFFFFFFFF) if big else (len(data), size)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 45 if big else 20, 0, 8, 0, 0x21, crc, *sizes,
                              len(encoded), len(extra)))
        out.write(encoded + extra + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45 if big else 20, 45 if big else 20, 0, 8,
                                   0, 0x21, crc, *sizes, len(encoded), len(extra), 0, 0, 0, 0, offset)
                       + encoded + extra)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def _member(name: str, content: bytes) -> tuple[str, bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, packer.compress(content) + packer.flush(), zlib.crc32(content), len(content)


def _workbook(base: bytes, replace: dict[str, tuple[str, bytes, int, int]]) -> bytes:
    """The workbook `base` with some parts replaced."""
    source = zipfile.ZipFile(io.BytesIO(base))
    members = []
    for info in source.infolist():
        members.append(replace.get(info.filename) or _member(info.filename, source.read(info)))
    return _zip(members)


def _sheet(body: bytes, *, before: bytes = b"") -> tuple[str, bytes, int, int]:
    return _member(SHEET, before + HEAD + body + TAIL)


ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>M\xc3\xa3</t></is></c><c r="K1" t="inlineStr"><is><t>Tr\xe1\xba\xa1ng th\xc3\xa1i</t></is></c></row>'

CASES = {
    "bom-zip-mot-o-1-5-gb": (
        lambda: (SHEET, _deflate_repeated(HEAD + ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>',
                                          b"A" * (1 << 20), 1536, b"</t></is></c></row>" + TAIL), 0, 1536 << 20),
        "giải nén ra 1536 MB, quá lớn"),
    "bom-zip-khai-sai-kich-thuoc": (   # declares 1 MB, inflates to 1.5 GB: reading stops at 1 MB, bad CRC
        lambda: (SHEET, _deflate_repeated(HEAD + ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>',
                                          b"A" * (1 << 20), 1536, b"</t></is></c></row>" + TAIL), 0, 1 << 20),
        "tệp nén hỏng"),
    "4-gb-khoang-trang": (
        lambda: (SHEET, _deflate_repeated(HEAD + ROW, b" " * (1 << 20), 4096 + 16, TAIL), 0, (4096 + 16) << 20),
        "giải nén ra 4112 MB, quá lớn"),
    "mot-trieu-dong": (
        lambda: _sheet(ROW + b"".join(b'<row r="%d"/>' % n for n in range(2, 1_000_002))),
        "hơn 100.000 dòng"),
    "xml-hong": (
        lambda: _member(SHEET, HEAD + ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>tuyen'),
        "dữ liệu hỏng, không đọc được"),
    "xxe": (
        lambda: _sheet(ROW.replace(b"M\xc3\xa3", b"&e;"),
                       before=b'<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
        "có khai báo DTD hoặc thực thể XML"),
    "billion-laughs": (
        lambda: _sheet(ROW.replace(b"M\xc3\xa3", b"&l9;"), before=b"<!DOCTYPE worksheet [<!ENTITY l0 \"ha\">" + b"".join(
            b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">' % ((i,) + (i - 1,) * 10)
            for i in range(1, 10)) + b"]>"),
        "có khai báo DTD hoặc thực thể XML"),
    "thuoc-tinh-sai-kieu": (
        lambda: _sheet(ROW + b'<row r="hai"><c r="A2" s="x" t="inlineStr"><is><t>#1</t></is></c></row>'),
        "dữ liệu hỏng, không đọc được"),
    "o-3-mb": (
        lambda: _sheet(ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"x" * (3 << 20) + b"</t></is></c></row>"),
        "ô chữ dài hơn 32.767 ký tự"),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Import every hostile workbook once, each in a limited process; index the results by case."""
    root = tmp_path_factory.mktemp("bad-workbooks")
    base_book = root / "goc.xlsx"
    assert main(["tasks", str(PLAN), "--xlsx", str(base_book), "--ngay", "2026-03-31"]) == 0
    base = base_book.read_bytes()
    jobs, meta = [], []
    for name, (make, _) in CASES.items():
        folder = root / name
        folder.mkdir()
        plan = folder / PLAN.name
        shutil.copyfile(PLAN, plan)
        book = folder / f"{name}.xlsx"
        book.write_bytes(_workbook(base, {SHEET: make()}))
        logs = root / f"{name}.log"
        jobs.append({"argv": ["tasks", "--nhap-xlsx", str(book), str(plan)], "cwd": str(folder),
                     "stdout": f"{logs}.out", "stderr": f"{logs}.err"})
        meta.append((name, book, plan, logs))
    request = {"jobs": jobs, "limits": {"memory_bytes": MEMORY_LIMIT, "cpu_seconds": CPU_LIMIT,
                                        "wall_seconds": WALL_LIMIT, "parallel": os.cpu_count() or 1}}
    env = {**os.environ, "KEHOACH_JOBS": "1"}
    env.pop("KEHOACH_DEBUG", None)
    done = subprocess.run([sys.executable, str(CORPUS / "harness.py")], input=json.dumps(request),
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    results = {}
    for (name, book, plan, logs), r in zip(meta, json.loads(done.stdout)):
        results[name] = {**r, "book": book, "plan": plan,
                         "out": Path(f"{logs}.out").read_text(encoding="utf-8", errors="replace"),
                         "err": Path(f"{logs}.err").read_text(encoding="utf-8", errors="replace")}
    return results


def test_the_huge_parts_really_declare_gigabytes(runs):
    sizes = {name: max(i.file_size for i in zipfile.ZipFile(runs[name]["book"]).infolist())
             for name in ("bom-zip-mot-o-1-5-gb", "4-gb-khoang-trang")}
    assert sizes["bom-zip-mot-o-1-5-gb"] >= 1536 << 20
    assert sizes["4-gb-khoang-trang"] > 0xFFFFFFFF
    assert all(runs[name]["book"].stat().st_size < 20 << 20 for name in sizes)


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_workbook_is_refused_cleanly(runs, name):
    run = runs[name]
    shown = f"exit={run['exit']} signal={run['signal']} wall={run['wall']:.2f}s rss={run['max_rss_kib']} KiB\n{run['err']}"
    assert not run["timed_out"], f"killed after {WALL_LIMIT} s\n{shown}"
    assert run["signal"] is None, f"ended by a signal (CPU or memory limit?)\n{shown}"
    assert run["exit"] == 2, shown
    assert "Traceback" not in run["err"] + run["out"], shown
    lines = run["err"].strip().splitlines()
    assert len(lines) == 1, shown
    assert lines[0].startswith(f"{run['book']}: "), shown
    assert CASES[name][1] in lines[0], shown
    assert "trang 'Tất cả nhiệm vụ'" in lines[0], shown
    assert "root:" not in run["err"] + run["out"]           # /etc/passwd never shows
    assert run["plan"].read_bytes() == PLAN.read_bytes()


def test_a_huge_file_is_refused_without_reading_it_whole(tmp_path, kehoach):
    from generator.render import xlsx

    big = tmp_path / "lon.xlsx"
    with open(big, "wb") as stream:
        stream.truncate(5 * 1024 ** 3)             # 5 GB, sparse on disk
    plan = tmp_path / PLAN.name
    shutil.copyfile(PLAN, plan)
    r = kehoach("tasks", "--nhap-xlsx", big, plan)
    assert r.code == 2
    assert r.err.strip() == f"{big}: Tệp lớn hơn {xlsx.MAX_FILE // (1024 * 1024)} MB, quá lớn cho một sổ theo dõi."


def test_a_cell_over_excels_limit_is_refused_even_when_short_in_bytes(tmp_path):
    """Excel holds at most 32,767 characters in a cell; a longer one is refused after parsing too."""
    from generator.render import xlsx

    base = tmp_path / "goc.xlsx"
    assert main(["tasks", str(PLAN), "--xlsx", str(base), "--ngay", "2026-03-31"]) == 0
    long_text = "<t>" + "&amp;" * 35_000 + "</t>"   # 175 KB between two tags: not long enough for the scan
    data = _workbook(base.read_bytes(), {SHEET: _sheet(ROW + b'<row r="2"><c r="A2" t="inlineStr"><is>'
                                                       + long_text.encode() + b"</is></c></row>")})
    with pytest.raises(xlsx.WorkbookError, match="ô dài 35.000 ký tự, quá giới hạn 32.767"):
        xlsx.read_workbook(data)


def test_every_cell_of_plan_text_is_text_on_every_sheet(tmp_path):
    """Formula injection: plan text starting with = + - @ is never a formula, hidden sheet included."""
    import openpyxl

    text = PLAN.read_text(encoding="utf-8").replace(
        "ket_qua: 'Đã ban hành Kế hoạch số 15/KH-UBND'", "ket_qua: '=HYPERLINK(\"http://x.invalid\",\"bấm\")'").replace(
        'noi_dung: "Rà soát quy chế làm việc."', 'noi_dung: "@SUM(1+1)*cmd|\' /C calc\'!A0"').replace(
        '    ten: "Phòng Kinh tế, Hạ tầng và Đô thị"\n    ten_ngan: "KTHTĐT"',
        '    ten: "Phòng Kinh tế, Hạ tầng và Đô thị"\n    ten_ngan: "=1+1"')
    plan = tmp_path / "cong-thuc.yaml"
    plan.write_text(text, encoding="utf-8")
    book = tmp_path / "so.xlsx"
    assert main(["tasks", str(plan), "--xlsx", str(book), "--ngay", "2026-03-31"]) == 0
    wb = openpyxl.load_workbook(book)
    formulas = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append((ws.title, cell.coordinate, cell.value))
    # the only formulas are kehoach's own "Tiến độ" column
    assert formulas and all(ws != "_kehoach" and ref.startswith("N") and value.startswith("=IF(OR(K")
                            for ws, ref, value in formulas)
    hidden = [c.value for row in wb["_kehoach"].iter_rows() for c in row if isinstance(c.value, str)]
    assert '=HYPERLINK("http://x.invalid","bấm")' in hidden
    import re

    with zipfile.ZipFile(book) as archive:
        cells = b"".join(b"".join(re.findall(rb"<f>(.*?)</f>", archive.read(n), re.S))
                         for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"HYPERLINK" not in cells and b"SUM" not in cells and b"calc" not in cells
