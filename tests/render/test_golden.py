"""Golden files of the docx XML for the shapes real plans have: footnotes, nested lists, annex options.

Each golden file is a small, readable extract of word/document.xml (and word/footnotes.xml):
one line per paragraph (style, whether it keeps with the next one, text, footnote
references as [^id]) and one line per annex table row (whether it may split, whether it
keeps with the next row, its cells). Regenerate after an intended change with
KEHOACH_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from helpers import FIXTURES
from lxml import etree

from generator.cli import main

GOLDEN = Path(__file__).parent / "golden"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(p) -> str:
    parts = []
    for el in p.iter(W + "t", W + "footnoteReference", W + "footnoteRef"):
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag == W + "footnoteReference":
            parts.append(f"[^{el.get(W + 'id')}]")
    return "".join(parts)


def _keeps(p, kept_styles: set[str]) -> str:
    """Return " giữ" when the paragraph keeps with the next one (its own setting, else its style's)."""
    ppr = p.find(W + "pPr")
    keep = ppr.find(W + "keepNext") if ppr is not None else None
    if keep is None:
        return " giữ" if _style(p) in kept_styles else ""
    return " giữ" if keep.get(W + "val") not in ("0", "false") else ""


def _kept_styles(styles) -> set[str]:
    return {s.get(W + "styleId") for s in styles.iter(W + "style") if s.find(f"{W}pPr/{W}keepNext") is not None}


def _style(p) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val") if style is not None else "Normal"


def extract(docx: Path, *, body: bool = True, annex: bool = False) -> str:
    """Return the readable extract of `docx`: body paragraphs, annex rows, footnotes."""
    with zipfile.ZipFile(docx) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        notes = etree.fromstring(package.read("word/footnotes.xml")) if "word/footnotes.xml" in package.namelist() \
            else None
        kept = _kept_styles(etree.fromstring(package.read("word/styles.xml")))
    out = []
    root = document.find(W + "body")
    if body:
        for child in root:
            if child.tag == W + "p" and _text(child).strip() and set(_text(child)) != {"_"}:
                out.append(f"{_style(child)}{_keeps(child, kept)} | {_text(child)}")
    if annex:
        (table,) = [t for t in root.iter(W + "tbl") if len(t.findall(f"{W}tblGrid/{W}gridCol")) == 6]
        for tr in table.findall(W + "tr"):
            trpr = tr.find(W + "trPr")
            flags = []
            if trpr is not None and trpr.find(W + "tblHeader") is not None:
                flags.append("tiêu đề")
            if trpr is None or trpr.find(W + "cantSplit") is None:
                flags.append("được ngắt")
            if all(_keeps(p, kept) == " giữ" for p in tr.iter(W + "p")):
                flags.append("giữ")
            cells = [" / ".join(_text(p) for p in tc.iter(W + "p") if _text(p)) for tc in tr.findall(W + "tc")]
            out.append(f"[{', '.join(flags)}] " + " | ".join(cells))
    if notes is not None:
        for note in notes.findall(W + "footnote"):
            if note.get(W + "type"):
                continue
            out.append(f"chú thích {note.get(W + 'id')}: {' '.join(_text(p) for p in note.iter(W + 'p'))} "
                       f"({_style(note.find(W + 'p'))})")
    return "\n".join(out) + "\n"


def check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("KEHOACH_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == actual, f"{name}: chạy lại với KEHOACH_UPDATE_GOLDEN=1 rồi xem diff"


@pytest.fixture(scope="module")
def fixtures_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden")
    assert main(["build", str(FIXTURES / "plans" / "xa-chu-thich.yaml"),
                 str(FIXTURES / "plans" / "so-phu-luc-nhom.yaml"), "-o", str(out)]) == 0
    return out


def test_footnotes_and_nested_lists_golden(fixtures_out):
    check("xa-chu-thich.txt", extract(fixtures_out / "xa-chu-thich" / "ke-hoach.docx"))


def test_annex_options_golden(fixtures_out):
    check("so-phu-luc-nhom.txt", extract(fixtures_out / "so-phu-luc-nhom" / "ke-hoach.docx", annex=True))


def test_footnote_reference_and_note_are_real_word_footnotes(fixtures_out):
    with zipfile.ZipFile(fixtures_out / "xa-chu-thich" / "ke-hoach.docx") as package:
        document = package.read("word/document.xml").decode("utf-8")
        notes = package.read("word/footnotes.xml").decode("utf-8")
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
        types = package.read("[Content_Types].xml").decode("utf-8")
    reference = ('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr>'
                 '<w:footnoteReference w:id="1"/></w:r>')
    assert "(PAR Index)" + "</w:t></w:r>" + reference in document
    assert '<w:footnote w:type="separator" w:id="-1">' in notes and '<w:footnoteRef/>' in notes
    assert 'relationships/footnotes" Target="footnotes.xml"' in rels
    assert "wordprocessingml.footnotes+xml" in types
    # the marker itself is gone from the text
    assert "[^par]" not in document


def test_a_template_without_a_footnotes_part_gets_one(tmp_path, monkeypatch):
    """A user's template made before footnotes existed still renders them."""
    from helpers import ROOT

    own = tmp_path / "mau"
    own.mkdir()
    source = zipfile.ZipFile(ROOT / "templates" / "ke-hoach.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/footnotes.xml":
                continue
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b'<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>', b"")
            if item.filename == "[Content_Types].xml":
                data = data.replace(b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.'
                                    b'openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>', b"")
            if item.filename == "word/settings.xml":
                data = data.replace(b'<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>',
                                    b"")
            target.writestr(item, data)
    (own / "ke-hoach.docx").write_bytes(buffer.getvalue())
    monkeypatch.setenv("KEHOACH_TEMPLATES", str(own))
    assert main(["build", str(FIXTURES / "plans" / "xa-chu-thich.yaml"), "-o", str(tmp_path / "out")]) == 0
    with zipfile.ZipFile(tmp_path / "out" / "xa-chu-thich" / "ke-hoach.docx") as package:
        notes = package.read("word/footnotes.xml").decode("utf-8")
        assert notes.count("<w:footnoteRef/>") == 3
        assert "footnotes" in package.read("word/_rels/document.xml.rels").decode("utf-8")
