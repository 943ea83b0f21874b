"""Render Word templates with docxtpl: sandboxed, escaped, strict, deterministic.

`render(template_path, context, contract) -> bytes` is the only entry point. Text reaches Word
only as data: autoescape is on, templates run in a Jinja sandbox, a missing variable is
an error, and the .docx bytes depend on nothing but the template and the context.

A user's template (``KEHOACH_TEMPLATES``) is first checked as a package (a regular file,
bounded in size once unpacked: no zip bomb) and against its contract, then runs in the
bounded sandbox of `generator.render.sandbox` (steps, sizes, time); kehoach's own
templates run in the plain sandbox.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate, RichText
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree
from markupsafe import Markup, escape

from generator.domain.inline import Rich
from generator.errors import TemplateFault, TemplateMissing
from generator.kinds.document import Document, TemplateContract
from generator.render import templates
from generator.render.package import normalise_zip
from generator.render.sandbox import BoundedSandbox, Overspent, budget_for
from generator.source.bundled import is_bundled
from generator.source.text import forbidden_character


def _literal(value: Any) -> Markup:
    """Return the XML of one ``{{ … }}`` output with every brace written as a character reference.

    Jinja's `finalize` hook: each value reaches the XML escaped, and its "{" and "}" as
    "&#123;"/"&#125;". After rendering, docxtpl turns "{_{", "}_}", "{_%", "%_}" anywhere in
    the XML into "{{", "}}", "{%", "%}"; braces of the data no longer match those, so text
    such as "{_{ x }_}" prints as written. The XML parser restores the braces.
    """
    xml = str(value.__html__()) if hasattr(value, "__html__") else str(escape(value))
    return Markup(xml.replace("{", "&#123;").replace("}", "&#125;"))


class _Sandbox(SandboxedEnvironment):
    """The Jinja sandbox, also refusing arithmetic that would make huge numbers or strings.

    Intercepting the operators also stops Jinja from folding such constants while it
    compiles a template (``{{ 9 ** 9 ** 9 }}`` would never finish compiling).
    """

    intercepted_binops = frozenset({"*", "**"})
    _MAX_SIZE = 100_000

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError(f"lũy thừa quá lớn ({right})")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > self._MAX_SIZE:
                    raise SecurityError("chuỗi hoặc danh sách nhân lên quá dài")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > 4096:
                raise SecurityError("số quá lớn")
        return super().call_binop(context, operator, left, right)


class _CompilingOnce:
    """A Jinja environment compiling each distinct template source only once per process.

    docxtpl calls `from_string` on the (patched) XML of every part at every render; in a
    batch the same template is rendered again and again, and compiling it was ~40 % of the
    render time. A compiled template holds no render state, so reusing it changes nothing
    in the output; the sandbox checks, autoescape and StrictUndefined still apply, since
    they act when the template runs. The key is the full source text, so an edited
    template compiles afresh.
    """

    _MAX_CACHED = 64

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)  # type: ignore[call-arg]
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - Jinja's signature
        if globals or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)  # type: ignore[misc]
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = super().from_string(source)  # type: ignore[misc]
            if len(self._compiled) >= self._MAX_CACHED:
                self._compiled.pop(next(iter(self._compiled)))
            self._compiled[source] = compiled
        return compiled


class _CompilingOnceSandbox(_CompilingOnce, _Sandbox):
    """The sandbox of kehoach's own templates."""


class _CompilingOnceBoundedSandbox(_CompilingOnce, BoundedSandbox):
    """The sandbox of a user's templates: bounded steps, sizes and time."""


_ENVS: dict[bool, SandboxedEnvironment] = {}


def _environment(bounded: bool = False) -> SandboxedEnvironment:
    env = _ENVS.get(bounded)
    if env is None:
        kind = _CompilingOnceBoundedSandbox if bounded else _CompilingOnceSandbox
        env = _ENVS[bounded] = kind(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_literal)
    return env


_BODY_MARK = "kehoach-body"
_BODY_START = re.compile(rb"<([A-Za-z_][\w.-]*:)?body\b[^>]*>")
_XMLNS = re.compile(rb'\s+xmlns(?::([\w.-]+))?="([^"]*)"')


class _Template(DocxTemplate):
    """docxtpl, with its two steps that grow faster than the document made linear and cheap.

    Output bytes are unchanged (tests compare them); a long document (tens of thousands of
    paragraphs, the size the input limits allow) renders about 3-4 times faster.
    """

    def resolve_listing(self, xml: str) -> str:
        # It only rewrites tab, BEL, line feed and form feed inside text; plan text never
        # holds them (the loader collapses or refuses them), so usually there is nothing to do.
        if not any(c in xml for c in "\t\a\n\f"):
            return xml
        return super().resolve_listing(xml)

    def map_tree(self, tree: Any) -> None:
        """Install the rendered body by re-parsing the whole document once.

        docxtpl moves the rendered body (parsed on its own) into the document, and lxml
        then reconciles namespaces node by node: seconds on a long plan. Serialising the
        document around a marker, splicing the body in and parsing once gives the same tree.
        """
        root = self.docx._element
        body = root.body
        for child in list(body):
            body.remove(child)
        body.set(_BODY_MARK, "1")
        shell = etree.tostring(root, encoding="utf-8", xml_declaration=False)
        inner = etree.tostring(tree, encoding="utf-8", xml_declaration=False)  # bytes: a quarter of str
        tree.clear()  # docxtpl no longer needs it: free it before the new tree is built
        marker = re.search(rb"<(?:[\w.-]+:)?body " + _BODY_MARK.encode() + rb'="1"/>', shell)
        start = _BODY_START.match(inner)
        if marker is None or start is None:  # an unusual template: docxtpl's own way
            del body.attrib[_BODY_MARK]
            return super().map_tree(tree)
        declared = {(m.group(1) or b"", m.group(2)) for m in _XMLNS.finditer(shell[: shell.index(b">")])}
        tag = _XMLNS.sub(lambda m: b"" if (m.group(1) or b"", m.group(2)) in declared else m.group(0),
                         start.group(0))
        document = b"".join((shell[: marker.start()], tag, memoryview(inner)[start.end():], shell[marker.end():]))
        del inner
        new_root = parse_xml(document)
        self.docx._element = new_root
        self.docx._part._element = new_root
        self.docx._Document__body = None  # python-docx caches the body proxy


class UnwritableText(ValueError):
    """Text the loader should have refused reached the renderer (a bug upstream, never the template's)."""


class _Footnotes:
    """The footnotes of one document: each reference gets the next free id, in reading order of the data."""

    REFERENCE_RPR = '<w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr>'

    def __init__(self, first_id: int) -> None:
        self.first_id = first_id
        self.notes: list[str] = []

    def reference(self, note: str) -> str:
        """Return the run XML of a reference to a new footnote holding `note`."""
        self.notes.append(note)
        return f'<w:r>{self.REFERENCE_RPR}<w:footnoteReference w:id="{self.first_id + len(self.notes) - 1}"/></w:r>'

    def xml(self) -> list[str]:
        """Return the <w:footnote> elements of the notes (the reference mark, a space, the text)."""
        out = []
        for i, note in enumerate(self.notes):
            runs = "".join(f"<w:r>{_rpr(span)}<w:t xml:space=\"preserve\">{escape(span.text)}</w:t></w:r>"
                           for span in Rich.of(note) if span.text)
            out.append(f'<w:footnote {_W_NS} w:id="{self.first_id + i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/>'
                       f'</w:pPr><w:r>{self.REFERENCE_RPR}<w:footnoteRef/></w:r>'
                       f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs}</w:p></w:footnote>')
        return out


_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _rpr(span: Any) -> str:
    props = ("<w:b/><w:bCs/>" if span.bold else "") + ("<w:i/><w:iCs/>" if span.italic else "")
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def _to_word(value: Any, notes: _Footnotes) -> Any:
    """Return `value` with every Rich text turned into a docxtpl RichText (footnotes collected in `notes`).

    Text that cannot be stored in WordprocessingML (control characters, lone surrogates)
    is refused here: the loader rejects it in plans, so meeting it means a bug upstream,
    and docxtpl's forgiving XML parser would otherwise silently cut the text short.
    """
    if isinstance(value, str):
        if forbidden_character(value):
            raise UnwritableText(f"văn bản chứa ký tự không ghi được vào Word: {value[:80]!r}")
        return value
    if isinstance(value, Rich):
        return _rich_text(value, notes)
    if isinstance(value, dict):
        return {k: _to_word(v, notes) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_word(v, notes) for v in value]
    return value


def _footnotes_part(doc: DocxTemplate, *, create: bool) -> Any:
    """Return the document's footnotes part (a plain blob part), made when `create` and missing."""
    main = doc.docx.part
    for rel in main.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            return rel.target_part
    if not create:
        return None
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {_W_NS}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
            '</w:p></w:footnote></w:footnotes>').encode("utf-8")
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, main.package)
    main.relate_to(part, RT.FOOTNOTES)
    return part


def _first_free_footnote_id(doc: DocxTemplate) -> int:
    part = _footnotes_part(doc, create=False)
    if part is None:
        return 1
    ids = [int(i) for i in re.findall(rb'<w:footnote\b[^>]*\bw:id="(-?\d+)"', part.blob)]
    return max([0, *ids]) + 1


def _write_footnotes(doc: DocxTemplate, notes: _Footnotes) -> None:
    """Append the collected footnotes to the document's footnotes part."""
    if not notes.notes:
        return
    part = _footnotes_part(doc, create=True)
    root = etree.fromstring(part.blob)
    for xml in notes.xml():
        root.append(etree.fromstring(xml))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _run_properties(bold: bool, italic: bool, underline: bool, strike: bool) -> str:
    """Return the <w:rPr> docxtpl's RichText.add writes for these marks ("" for none)."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + \
        ('<w:u w:val="single"/>' if underline else "") + ("<w:strike/>" if strike else "")
    return f"<w:rPr>{props}</w:rPr>" if props else ""


_RUNS = {marks: f'<w:r>{_run_properties(*marks)}<w:t xml:space="preserve">%s</w:t></w:r>'
         for marks in ((b, i, u, s) for b in (False, True) for i in (False, True)
                       for u in (False, True) for s in (False, True))}
"""The run docxtpl's RichText.add(text, bold=…, italic=…, underline=…, strike=…) appends, by marks."""


def _rich_text(value: Rich, notes: _Footnotes) -> RichText:
    """Return the docxtpl RichText of `value` (footnotes collected in `notes`), its runs written in one join.

    The XML is exactly what RichText.add makes span by span, but add() grows one string
    by concatenation: quadratic in the spans of a paragraph (thousands in a paragraph
    full of emphasis).
    """
    runs = []
    for span in value:
        _to_word(span.text, notes)
        if span.note:
            _to_word(span.note, notes)
            runs.append(notes.reference(span.note))
        else:
            runs.append(_RUNS[span.bold, span.italic, span.underline, span.strike] % html.escape(span.text))
    rich = RichText()
    rich.xml = "".join(runs)
    return rich


def render(template: Path, context: dict[str, Any], contract: TemplateContract | None = None) -> bytes:
    """Return the .docx bytes of `template` rendered with `context`.

    A broken or hostile template (a user's KEHOACH_TEMPLATES folder) is a TemplateFault
    (exit 2) naming the template; it never runs Python code outside the sandbox. A user's
    template is first checked against `contract`: one that lost a placeholder is refused.
    """
    if not template.exists():
        raise TemplateMissing(f"Không tìm thấy mẫu Word: {template}. Hãy cài lại kehoach, hoặc chép mẫu gốc "
                              "vào thư mục mẫu của bạn.")
    bundled = is_bundled(template)
    if not bundled:
        templates.check_package(template)
        if contract is not None:
            templates.check(template, contract)
    env = _environment(bounded=not bundled)
    try:
        doc = _Template(str(template))
        doc.init_docx()  # loaded once: render() keeps a document not yet rendered
        notes = _Footnotes(_first_free_footnote_id(doc))
        word_context = _to_word(context, notes)
        if bundled:
            doc.render(word_context, jinja_env=env, autoescape=True)
        else:
            with env.bounded(budget_for(word_context)):
                doc.render(word_context, jinja_env=env, autoescape=True)
    except UnwritableText:
        raise
    except (FileNotFoundError, IsADirectoryError):
        raise TemplateMissing(f"Không tìm thấy mẫu Word: {template}") from None
    except Overspent as exc:
        raise TemplateFault(f"Mẫu {template} bị chặn vì làm việc quá sức: {exc.reason}. Mẫu chỉ nên in dữ liệu "
                            "kế hoạch; hãy sửa thẻ {{ … }}/{% … %} trong mẫu hoặc dùng lại mẫu gốc.") from None
    except SecurityError as exc:
        raise TemplateFault(f"Mẫu {template} bị chặn: mẫu tìm cách truy cập phần bên trong của Python hoặc "
                            f"làm việc quá sức ({exc}). Mẫu chỉ được dùng dữ liệu kế hoạch; hãy sửa thẻ "
                            "{{ … }} trong mẫu hoặc dùng lại mẫu gốc.") from None
    except jinja2.UndefinedError as exc:
        raise TemplateFault(f"Mẫu {template} dùng biến không có trong dữ liệu: {exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateFault(f"Mẫu {template} có thẻ sai cú pháp: {exc.message}") from None
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError) as exc:
        raise TemplateFault(f"Mẫu {template} không phải tệp .docx hợp lệ ({exc}).") from None
    except jinja2.TemplateError as exc:
        raise TemplateFault(f"Mẫu {template} lỗi khi điền dữ liệu: {exc}") from None
    except Exception as exc:  # a user's template may fail in any way; ours must not
        if bundled:
            raise
        raise TemplateFault(f"Mẫu {template} lỗi khi điền dữ liệu ({type(exc).__name__}: {exc}).") from None
    _write_footnotes(doc, notes)
    _drop_empty_last_section(doc)
    _drop_empty_runs(doc)
    _fit_header_columns(doc, (context.get("fit") or {}).get("columns"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def _drop_empty_last_section(doc: DocxTemplate) -> None:
    """Remove a trailing section left empty by a conditional block (e.g. no annex).

    The template keeps the layout of both the main part (a paragraph-level sectPr) and
    the annex (the body sectPr); without an annex the main layout becomes the last one.
    """
    body = doc.docx.element.body
    children = [c for c in body.iterchildren() if c.tag != qn("w:sectPr")]
    if not children:
        return
    last = children[-1]
    ppr = last.find(qn("w:pPr"))
    if last.tag != qn("w:p") or ppr is None or ppr.find(qn("w:sectPr")) is None:
        return
    if last.find(qn("w:r")) is not None:
        return
    inner = ppr.find(qn("w:sectPr"))
    final = body.find(qn("w:sectPr"))
    if final is not None:
        body.remove(final)
    body.remove(last)
    body.append(inner)


def _fit_header_columns(doc: DocxTemplate, columns: list[int] | None) -> None:
    """Give the header block's two cells the widths `columns` (twips), when the builder asks.

    Builders ask only when the địa danh–ngày line would not fit the right cell even at
    13 pt (a very long place name); the header block is the body's first table.
    """
    if not columns:
        return
    table = doc.docx.element.body.find(qn("w:tbl"))
    grid = table.find(qn("w:tblGrid")) if table is not None else None
    if grid is None or len(grid.findall(qn("w:gridCol"))) != len(columns):
        return  # a restyled header that is no longer two columns: Word's own layout
    for col, width in zip(grid.findall(qn("w:gridCol")), columns):
        col.set(qn("w:w"), str(width))
    for tr in table.findall(qn("w:tr")):
        cells = tr.findall(qn("w:tc"))
        if len(cells) != len(columns):
            continue
        for tc, width in zip(cells, columns):
            tcw = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
            if tcw is not None:
                tcw.set(qn("w:w"), str(width))
                tcw.set(qn("w:type"), "dxa")


# A run whose only content (besides its properties) is an empty w:t: what docxtpl leaves
# where a tag stood. A compiled XPath query finds the empty w:t of runs (few), Python checks
# their runs: a predicate counting every run's children was a quarter of the render time of
# a long plan.
_EMPTY_TEXTS = etree.XPath(".//w:r/w:t[not(node())]",
                           namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
_RUN_PROPERTIES = qn("w:rPr")


def _drop_empty_runs(doc: DocxTemplate) -> None:
    """Remove the empty runs docxtpl leaves where a tag stood."""
    runs = []
    for t in _EMPTY_TEXTS(doc.docx.element.body):
        r = t.getparent()
        if all(c is t or c.tag == _RUN_PROPERTIES for c in r) and (not runs or runs[-1] is not r):
            runs.append(r)
    for r in runs:
        r.getparent().remove(r)


def render_document(document: Document) -> bytes:
    """Return the .docx bytes of `document`, rendered with its template (the user's or the bundled one)."""
    return render(templates.locate(document.contract), document.context, document.contract)
