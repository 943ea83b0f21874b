"""Recognise the documents of an import: Quyết định, Kế hoạch, its sections, tasks and annex.

Input: the paragraphs and tables read by `generator.importing.sources` (one or several
files, in any order). Output: a `Recognized` plan, its parts already in the shape of the
plan YAML (lists and dicts with the YAML keys), office names still as written, and notes
in the `Report` for everything that could not be placed or will print differently.

The recognition follows the document's own structure, not one layout:
- a document starts at its tên loại line (QUYẾT ĐỊNH, KẾ HOẠCH) and takes the header
  lines before it (issuer, with a cơ quan chủ quản line above it, quốc hiệu, Số, date);
- a Quyết định: trích yếu, thẩm quyền, căn cứ, đề nghị, Điều 1–n, Nơi nhận, signer;
- a Kế hoạch: trích yếu, "(kèm theo …)", opening paragraphs, sections I, II, … with
  numbered items (headings when something follows them, numbered paragraphs when not),
  lettered points (the letter scheme read from the labels), "-" and "+" bullets;
  tasks as numbered items "1.1." with labelled lines (chủ trì, phối hợp, sản phẩm,
  thời gian, kinh phí) or as an annex table (group rows, merged cells, sub-rows);
  a standalone Kế hoạch with its own Số, Nơi nhận and signature.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from generator.domain.agencies import match_key
from generator.domain.vietnamese import LETTERS as LETTER_SCHEMES  # the letter schemes the generator prints
from generator.importing.report import CHANGED, INFO, UNPLACED, Report
from generator.importing.blocks import Cell, Document, Para, Table
from generator.kinds.plan.reader import DEFAULT_COLUMNS, DEFAULT_LABELS

QUOC_HIEU = match_key("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
TIEU_NGU = match_key("Độc lập - Tự do - Hạnh phúc")
SO_LINE = re.compile(r"^Số\s*[:.]?\s*(?P<so>\d*)\s*(?P<nam>/\s*\d{4}\s*)?/\s*(?P<loai>[A-ZĐ]{1,5})\s*-\s*"
                     r"(?P<cq>[A-ZĐ0-9&.]+(?:-[A-ZĐ0-9&.]+)*)\s*$")
DATE_LINE = re.compile(r"^(?P<place>[^,\d]{2,40}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*"
                       r"năm\s*(?P<y>\d{4})\s*\.?$")
LABEL = re.compile(
    r"^(?:(?P<roman>[IVXLC]{1,6})\s*[.)]\s+"
    r"|(?P<num>\d{1,3}(?:\.\d{1,3})*)(?:\.|\))(?!\d)\s*(?=\S)"
    r"|(?P<numx>\d{1,3}(?:\.\d{1,3})+)\s+"
    r"|(?P<letter>[a-zđ])\s*\)\s*"
    r"|(?P<dash>[-–—−‐])\s*(?=[^\d\s-])"
    r"|(?P<plus>\+)\s*"
    r"|(?P<bullet>[•●▪◦·■□✓➢►])\s*)"
)
SIGN_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\s*\.\s*\S")
TITLES = ("CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG",
          "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "BỘ TRƯỞNG", "THỨ TRƯỞNG",
          "CỤC TRƯỞNG", "CHI CỤC TRƯỞNG", "BÍ THƯ", "CHÁNH THANH TRA", "THỦ TRƯỞNG", "GIÁM ĐỐC SỞ")
SIGNED_NOTE = re.compile(r"^\((?:đã ký|ký|ký tên|ký, ghi rõ họ tên|ký tên, đóng dấu|đã ký và đóng dấu)[^)]*\)$",
                         re.IGNORECASE)
NAME = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯÀ-Ỹ][a-zđà-ỹ]*\.?\s+){1,5}[A-ZĐÂĂÊÔƠƯÀ-Ỹ][a-zđà-ỹ]+$")
ATTRIBUTE = re.compile(r"^(?P<label>[^:]{3,70}?)\s*:\s*(?P<value>.*)$")
FIELD_WORDS = (
    ("chu_tri", ("chủ trì",)),
    ("phoi_hop", ("phối hợp",)),
    ("san_pham", ("sản phẩm", "kết quả đầu ra")),
    ("thoi_gian", ("thời gian", "thời hạn", "tiến độ")),
    ("kinh_phi", ("kinh phí", "dự toán", "nguồn vốn")),
)
# --- items ---------------------------------------------------------------------------------

@dataclass
class Item:
    """One paragraph of the stream (or one task table), with where it came from."""

    text: str
    where: str
    para: Para | None = None
    table: Table | None = None
    in_table: bool = False
    file: str = ""

    @property
    def key(self) -> str:
        return match_key(self.text)

    def markup(self, skip: int = 0) -> str:
        """Return the text after `skip` characters, with emphasis markup from the source."""
        if self.para is None:
            return self.text[skip:].strip()
        return self.para.markup(skip)


@dataclass
class Label:
    kind: str          # roman | num | letter | dash | plus | bullet | ""
    value: str
    rest: str
    length: int        # characters of the label in the item text

    @property
    def depth(self) -> int:
        return self.value.count(".") + 1 if self.kind == "num" else 0


def label_of(text: str) -> Label:
    """Return the list label that opens `text` ("II.", "1.2.", "a)", "-", "+") and the rest."""
    m = LABEL.match(text)
    if not m:
        return Label("", "", text, 0)
    for kind in ("roman", "num", "numx", "letter", "dash", "plus", "bullet"):
        if m.group(kind) is not None:
            value = m.group(kind)
            rest = text[m.end():].strip()
            if kind == "numx":
                kind = "num"
            if kind == "num" and not rest:
                return Label("", "", text, 0)
            return Label(kind, value, rest, m.end())
    return Label("", "", text, 0)


def _is_rule(text: str) -> bool:
    return len(text) >= 3 and set(text.replace(" ", "")) <= set("_-–—=*.…")


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(not c.islower() for c in letters)


def _kind_of_title(text: str) -> str:
    squeezed = re.sub(r"\s+", "", text).upper()
    if squeezed == "QUYẾTĐỊNH":
        return "qd"
    if squeezed == "KẾHOẠCH":
        return "kh"
    if squeezed in ("BÁOCÁO", "THÔNGBÁO", "CÔNGVĂN", "CHỈTHỊ", "NGHỊQUYẾT", "TỜTRÌNH", "CHƯƠNGTRÌNH"):
        return "other"
    return ""


def _field_of(label: str) -> str:
    low = label.casefold()
    for name, words in FIELD_WORDS:
        if any(w in low for w in words):
            return name
    return ""


def _strip_bold(text: str) -> str:
    return re.sub(r"\*{1,3}", "", text).strip()


def strip_end(text: str, marks: str = ";.,") -> str:
    """Return `text` without trailing punctuation among `marks` (but keep "./.")."""
    return text.rstrip(marks).rstrip()


# --- result ----------------------------------------------------------------------------------

@dataclass
class Recognized:
    """What the import found, in plan-YAML shape (office references still as wording)."""

    issuer: dict[str, Any] = field(default_factory=dict)
    years: tuple[int, int] | None = None
    decision: dict[str, Any] | None = None
    plan: dict[str, Any] = field(default_factory=dict)
    groups: list[dict[str, Any]] = field(default_factory=list)
    task_comments: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    report: Report = field(default_factory=Report)
    sources: list[str] = field(default_factory=list)
    attached_date: str = ""       # the Quyết định date read from the "(kèm theo …)" line
    annex_attached: str = ""      # the annex's own "(Kèm theo …)" line, as written
    attached_text: str = ""       # the Kế hoạch's "(kèm theo …)" line, as written
    trailing: list[str] = field(default_factory=list)   # text kept as comments at the end of the YAML
    attached_where: str = ""


# --- the recogniser -----------------------------------------------------------------------

class Recognizer:
    """Walk the item stream of the imported files and fill a `Recognized`."""

    def __init__(self, docs: list[Document]) -> None:
        self.docs = docs
        self.out = Recognized(sources=[d.path for d in docs])
        self.report = self.out.report
        self.metadata: dict[str, str] = {}
        self.items: list[Item] = []
        self.alltext = ""
        for doc in docs:
            for note in doc.notes:
                self.report.add(INFO, doc.path, note)
            self.items.extend(self._flatten(doc))
        self.alltext = "\n".join(i.text for i in self.items)
        self._issuer_lines: list[Item] = []
        self.issuer_place = ""
        self._abbrev = ""
        self._numbers: dict[str, str] = {}
        self._dates: dict[str, str] = {}
        self.authority = ""
        self.plan_summary = ""
        self.letters_seen: list[tuple[list[str], str]] = []

    # -- stream -----------------------------------------------------------------------------
    def _flatten(self, doc: Document) -> list[Item]:
        items: list[Item] = []
        multi = len(self.docs) > 1
        prefix = f"{doc.path}: " if multi else ""
        for block in doc.blocks:
            if isinstance(block, Para):
                text = block.full
                if not block.text:  # nothing but a list number or bullet Word draws on an empty line
                    continue
                if _is_rule(text):
                    continue
                items.append(Item(text, prefix + block.where, block, in_table=block.in_table, file=doc.path))
                continue
            if _is_task_table(block):
                items.append(Item("", prefix + block.where, table=block, file=doc.path))
                continue
            if _is_metadata(block):
                for row in block.rows:
                    if len(row) >= 2:
                        self.metadata[row[0].text] = row[1].text
                summary = "; ".join(f"{r[0].text}: {r[1].text}" for r in block.rows if len(r) >= 2)
                self.report.add(UNPLACED, prefix + block.where,
                                "Bảng thông tin của trang web (không thuộc văn bản): giữ thành chú thích ở cuối tệp YAML.",
                                summary)
                self.out.trailing.append(summary)
                continue
            for row in block.rows:
                for cell in row:
                    if cell.continued:
                        continue
                    for para in cell.paras:
                        for line in (para.lines if _upper(para.full) else [para.full]):
                            if line and not _is_rule(line):
                                p = para if line == para.full else None
                                items.append(Item(line, prefix + para.where, p, in_table=True, file=doc.path))
        return items

    def _keep(self, it: Item, message: str, text: str = "") -> None:
        """Report `it` as not placed and keep its text as a comment at the end of the YAML."""
        self.report.add(UNPLACED, it.where, message + " (giữ thành chú thích ở cuối tệp YAML)", text or it.text)
        self.out.trailing.append(it.text)

    def _mend_header_lines(self) -> None:
        """Drop pieces of the quốc hiệu and tiêu ngữ wrapped on two lines; join a date line whose year wrapped."""
        out: list[Item] = []
        for it in self.items:
            key = it.key
            if it.table is None and _upper(it.text) and len(key) >= 6 and key in QUOC_HIEU and key != QUOC_HIEU:
                continue
            if it.table is None and key != TIEU_NGU and len(key) >= 8 and key in TIEU_NGU and it.text[0].isupper():
                continue
            if out and re.fullmatch(r"\d{4}\.?", it.text) and re.search(r"ngày.*tháng.*năm$", out[-1].text):
                out[-1] = Item(f"{out[-1].text} {it.text}", out[-1].where, None, None, out[-1].in_table, out[-1].file)
                continue
            out.append(it)
        self.items = out

    def _drop_repeats(self) -> None:
        """Drop a block of paragraphs repeated right after itself (web scrape artifact)."""
        changed = True
        while changed:
            changed = False
            keys = [i.key for i in self.items]
            seen: dict[str, list[int]] = {}
            for j, k in enumerate(keys):
                for i in seen.get(k, ()):
                    m = 0
                    while j + m < len(keys) and i + m < j and keys[i + m] == keys[j + m]:
                        m += 1
                    if m >= 6 and i + m >= j - 3:
                        first, last = self.items[i], self.items[j - 1]
                        self.report.add(INFO, f"{first.where} – {last.where}",
                                        f"Đoạn {j - i} dòng ở đầu văn bản bị lặp lại (lỗi khi trích từ trang web): "
                                        "bỏ bản thứ nhất, giữ bản đầy đủ.")
                        del self.items[i:j]
                        changed = True
                        break
                if changed:
                    break
                seen.setdefault(k, []).append(j)

    # -- top level ----------------------------------------------------------------------------
    def run(self) -> Recognized:
        self._mend_header_lines()
        self._drop_repeats()
        titles = [k for k, it in enumerate(self.items) if not it.table and _kind_of_title(it.text)
                  and len(it.text) <= 30]
        if not titles:
            raise NoDocument()
        starts = [self._header_start(t) for t in titles]
        if starts[0] > 0:
            for it in self.items[: starts[0]]:
                self._keep(it, "Dòng trước phần đầu văn bản (tiêu đề trang web, ghi chú…): không thuộc kế hoạch.",
                                it.text)
        kh_done = False
        for n, t in enumerate(titles):
            end = starts[n + 1] if n + 1 < len(titles) else len(self.items)
            header = self.items[starts[n]: t]
            body = self.items[t + 1: end]
            kind = _kind_of_title(self.items[t].text)
            if kind == "qd" and self.out.decision is None:
                self._header(header, "QĐ")
                self.out.decision = self._decision(body)
            elif kind == "kh" and not kh_done:
                self._header(header, "KH")
                self._plan(body, header)
                kh_done = True
            else:
                what = "Quyết định thứ hai" if kind == "qd" else "Kế hoạch thứ hai" if kind == "kh" else \
                    f"văn bản loại '{self.items[t].text}'"
                self.report.add(UNPLACED, self.items[t].where,
                                f"Tệp có {what}: kehoach chỉ nhập một Quyết định và một Kế hoạch, phần này bỏ qua "
                                f"({end - t} đoạn).", self.items[t].text)
        if not kh_done:
            raise NoPlan()
        self._finish_issuer()
        return self.out

    def _header_start(self, t: int) -> int:
        k = t
        while k > 0:
            it = self.items[k - 1]
            if it.table:
                break
            text = it.text
            if it.key in (QUOC_HIEU, TIEU_NGU) or SO_LINE.match(text) or DATE_LINE.match(text) \
                    or (_upper(text) and len(text) <= 90 and not SIGN_AUTHORITY.match(text)
                        and not any(text == t or text.startswith(t + " ") and len(text) < 20 for t in TITLES)):
                k -= 1
                continue
            break
        return k

    # -- header --------------------------------------------------------------------------------
    def _header(self, items: list[Item], kind: str) -> None:
        issuer_lines: list[Item] = []
        for it in items:
            text = it.text
            if it.key in (QUOC_HIEU, TIEU_NGU):
                continue
            m = SO_LINE.match(text)
            if m:
                self._number(m, it, kind)
                continue
            m = DATE_LINE.match(text)
            if m:
                self.issuer_place = m.group("place").strip()
                self._dates[kind] = _date_value(m)
                continue
            if it.key == match_key("CỘNG HÒA XÃ HỘI") or it.key == match_key("CHỦ NGHĨA VIỆT NAM"):
                continue
            issuer_lines.append(it)
        if issuer_lines and not self._issuer_lines:
            self._issuer_lines = issuer_lines

    def _number(self, m: re.Match, it: Item, kind: str) -> None:
        self._numbers[kind] = m.group("so") or ""
        self._abbrev = self._abbrev or m.group("cq")
        if m.group("nam"):
            self.report.add(CHANGED, it.where, "Số văn bản có năm (dạng văn bản quy phạm pháp luật): kehoach in "
                                               "số/ký hiệu không có năm.", it.text)
        if m.group("loai") != kind:
            self.report.add(CHANGED, it.where, f"Ký hiệu loại văn bản '{m.group('loai')}' khác '{kind}' kehoach in.",
                            it.text)

    # -- Quyết định --------------------------------------------------------------------------
    def _decision(self, body: list[Item]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        i = 0
        head: list[Item] = []
        while i < len(body) and not body[i].text.startswith(("Căn cứ", "Theo đề nghị", "Xét đề nghị")) \
                and body[i].key != match_key("QUYẾT ĐỊNH:"):
            head.append(body[i])
            i += 1
        if head and _upper(head[-1].text) and len(head) >= 2:
            authority = head.pop()
        elif head and _upper(head[-1].text) and re.match(r"^(CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|ỦY BAN|UỶ BAN|HỘI ĐỒNG|"
                                                         r"TRƯỞNG|CHÁNH|CỤC TRƯỞNG)", head[-1].text):
            authority = head.pop()
        else:
            authority = None
        out["so"] = self._numbers.get("QĐ", "")
        out["ngay"] = self._dates.get("QĐ", "")
        summary = [it.text for it in head]
        out["trich_yeu"] = summary if len(summary) > 1 else (summary[0] if summary else "")
        if not summary:
            self.report.add(UNPLACED, body[0].where if body else "", "Không thấy trích yếu của Quyết định.")
        out["tham_quyen"] = authority.text if authority else ""
        self.authority = authority.text if authority else ""
        if authority is None:
            self.report.add(UNPLACED, head[-1].where if head else "", "Không thấy dòng thẩm quyền ban hành "
                                                                      "(vd 'CHỦ TỊCH ỦY BAN NHÂN DÂN …').")
        can_cu: list[str] = []
        de_nghi = de_nghi_raw = ""
        last_raw = ""
        while i < len(body) and body[i].key != match_key("QUYẾT ĐỊNH:") and not body[i].text.startswith("Điều "):
            it = body[i]
            text = _unwrap(it.markup())  # căn cứ are set in italics by the template
            if text.startswith(("Theo đề nghị", "Xét đề nghị")):
                if de_nghi:
                    can_cu.append(strip_end(de_nghi))
                de_nghi = strip_end(text)
            elif text.startswith(("Căn cứ", "Xét")):
                can_cu.append(strip_end(text))
            elif last_raw and not last_raw.endswith((";", ".", ":")):
                # the rest of the line above, broken by the extraction
                glue = "" if last_raw.endswith("-") else " "
                if de_nghi and last_raw == de_nghi_raw:
                    de_nghi = strip_end(de_nghi_raw + glue + text)
                    text = de_nghi_raw + glue + text
                else:
                    can_cu[-1] = strip_end(last_raw + glue + text)
                    text = last_raw + glue + text
                self.report.add(INFO, it.where, "Nối dòng bị ngắt vào căn cứ phía trên.", it.text)
            else:
                self.report.add(UNPLACED, it.where, "Đoạn giữa các căn cứ không rõ vai trò: đã ghi như một căn cứ.",
                                it.text)
                can_cu.append(strip_end(text))
            last_raw = text
            if text.startswith(("Theo đề nghị", "Xét đề nghị")) or (de_nghi and text.startswith(de_nghi[:20])):
                de_nghi_raw = text
            i += 1
        if can_cu:
            out["can_cu"] = can_cu
        if de_nghi:
            out["de_nghi"] = de_nghi
        if i < len(body) and body[i].key == match_key("QUYẾT ĐỊNH:"):
            i += 1
        else:
            self.report.add(CHANGED, body[i].where if i < len(body) else "",
                            "Không thấy dòng 'QUYẾT ĐỊNH:' trước các Điều: kehoach sẽ in dòng này.")
        articles: list[list[Item]] = []
        while i < len(body):
            it = body[i]
            m = re.match(r"^Điều\s+(\d+)\s*[.:]?\s*", it.text)
            if m:
                articles.append([it])
            elif _is_signature_start(it):
                break
            elif articles:
                articles[-1].append(it)
            else:
                self._keep(it, "Đoạn trước Điều 1 không đặt được.", it.text)
            i += 1
        dieu = []
        for n, parts in enumerate(articles, start=1):
            first = parts[0]
            m = re.match(r"^Điều\s+(\d+)\s*[.:]?\s*", first.text)
            assert m
            if int(m.group(1)) != n:
                self.report.add(CHANGED, first.where, f"Điều {m.group(1)} sẽ được đánh số lại thành Điều {n}.")
            text = first.markup(m.end()) if first.para else first.text[m.end():]
            if len(parts) > 1:
                text = " ".join([text] + [p.markup() for p in parts[1:]])
                self.report.add(CHANGED, parts[1].where, f"Điều {n} có {len(parts)} đoạn: kehoach ghép thành một đoạn.")
            dieu.append(text)
        if not dieu:
            self.report.add(UNPLACED, "", "Quyết định không có Điều nào: đã ghi một Điều để trống cần điền.")
            dieu = ["(Nội dung Điều 1)"]
        out["dieu"] = dieu
        self._signature(body[i:], out, "Quyết định")
        return out

    # -- signature and recipients ---------------------------------------------------------------
    def _signature(self, items: list[Item], out: dict[str, Any], what: str) -> list[Item]:
        """Read Nơi nhận and the signer from `items`; return the items that are neither."""
        recipients: list[str] = []
        archive = ""
        authority, title, name = "", "", ""
        rest: list[Item] = []
        in_recipients = False
        for it in items:
            text = it.text
            low = text.casefold()
            if low.startswith("nơi nhận"):
                in_recipients = True
                tail = text.split(":", 1)[1].strip() if ":" in text else ""
                if tail:
                    recipients.append(tail)
                continue
            lab = label_of(text)
            if lab.kind in ("dash", "plus", "bullet") and (in_recipients or it.in_table):
                value = lab.rest
                if value.casefold().startswith("lưu"):
                    archive = strip_end(value.split(":", 1)[1] if ":" in value else value[3:]).strip()
                else:
                    recipients.append(strip_end(value))
                continue
            if low.startswith("lưu:") or low.startswith("lưu "):
                archive = strip_end(text.split(":", 1)[1] if ":" in text else text[3:]).strip()
                continue
            if SIGN_AUTHORITY.match(text) and _upper(text):
                authority = re.sub(r"^(TM|KT|Q|TL|TUQ)\s*\.\s*", lambda m: m.group(1) + ". ", text)
                continue
            if _upper(text) and any(text == t or text.startswith(t + " ") for t in TITLES) and not title:
                title = text
                continue
            if SIGNED_NOTE.match(text):
                self.report.add(INFO, it.where, "Bỏ dòng ghi chú chữ ký.", text)
                continue
            if title and not name and (NAME.match(text) or (_upper(text) and len(text.split()) <= 5)):
                name = text
                continue
            rest.append(it)
        if recipients:
            out["noi_nhan"] = recipients
        if archive:
            out["luu"] = archive
        if not name and self.metadata.get("Người ký"):
            name = self.metadata["Người ký"]
            self.report.add(INFO, "", f"{what}: không thấy họ tên người ký trong văn bản; lấy '{name}' từ bảng thông "
                                      "tin của trang web.")
        if not title and not authority and not name:
            self.report.add(UNPLACED, "", f"{what}: không thấy người ký: đã ghi chức vụ, họ tên giả định cần sửa.")
        if not title:
            title = "CHỦ TỊCH"
        if not name:
            name = "(Họ và tên)"
            self.report.add(UNPLACED, "", f"{what}: chưa có họ tên người ký: đã ghi '(Họ và tên)', hãy sửa trong YAML.")
        signer: dict[str, str] = {}
        if authority:
            signer["quyen_han"] = authority
        signer["chuc_vu"] = title
        signer["ho_ten"] = name
        out["nguoi_ky"] = signer
        if not recipients:
            self.report.add(CHANGED, "", f"{what}: không thấy Nơi nhận; kehoach chỉ in dòng '- Lưu: {archive or 'VT'}.'.")
        for it in rest:
            self._keep(it, f"{what}: đoạn sau phần nội dung không đặt được.", it.text)
        return rest

    # -- Kế hoạch -----------------------------------------------------------------------------
    def _plan(self, body: list[Item], header: list[Item]) -> None:
        plan: dict[str, Any] = {}
        i = 0
        summary: list[str] = []
        while i < len(body) and len(summary) < 5:
            it = body[i]
            text = it.text
            if it.table or (text.startswith("(") and "kèm theo" in text.casefold()) or label_of(text).kind == "roman" \
                    or len(text) > 200 or text.startswith(("Căn cứ", "Thực hiện", "Thi hành", "Nhằm", "Để ")):
                break
            summary.extend(it.para.lines if it.para and len(it.para.lines) > 1 else [text])
            i += 1
        plan["trich_yeu"] = summary if len(summary) > 1 else (summary[0] if summary else "")
        if not summary:
            self.report.add(UNPLACED, body[0].where if body else "", "Không thấy trích yếu của Kế hoạch.")
            plan["trich_yeu"] = "(Trích yếu)"
        self.plan_summary = " ".join(summary)
        attached = None
        if i < len(body) and body[i].text.startswith("(") and "kèm theo" in body[i].text.casefold():
            attached = body[i]
            i += 1
        standalone = "KH" in self._numbers or (attached is None and self.out.decision is None)
        # the annex: from a "PHỤ LỤC" line or the first task table
        annex_at = next((k for k in range(i, len(body)) if body[k].table is not None
                         or re.match(r"^PH[ỤU] L[ỤU]C\b", body[k].text.upper()) and len(body[k].text) <= 40), None)
        main = body[i:annex_at] if annex_at is not None else body[i:]
        main, tail = self._split_signature(main)
        if attached is not None:
            plan["kem_theo"] = self._attached(attached)
            self.out.attached_text, self.out.attached_where = attached.text, attached.where
        style = "phu_luc" if annex_at is not None and any(b.table is not None for b in body[annex_at:]) else "muc"
        plan["trinh_bay_nhiem_vu"] = style
        self.out.plan = plan
        self._body(main, plan, style)
        if standalone:
            plan["so"] = self._numbers.get("KH", "")
            plan["ngay"] = self._dates.get("KH", "")
            self._signature(tail, plan, "Kế hoạch")
        else:
            for it in tail:
                if not SIGNED_NOTE.match(it.text):
                    self.report.add(CHANGED, it.where, "Kế hoạch kèm theo Quyết định: kehoach không in chữ ký, "
                                                       "Nơi nhận riêng của Kế hoạch (Mẫu 1.3 Nghị định 30).", it.text)
        if annex_at is not None:
            self._annex(body[annex_at:], plan)
            if style == "muc":
                plan.pop("phu_luc", None)
        if not self.out.groups:
            self.report.add(UNPLACED, "", "Không nhận ra nhiệm vụ nào (mục nhiệm vụ cụ thể hoặc bảng phụ lục): "
                                          "đã ghi một nhiệm vụ mẫu để tệp hợp lệ; hãy thay bằng nhiệm vụ thật.")
            self.out.groups = [{"linh_vuc": "(Lĩnh vực)", "nhiem_vu": [{"noi_dung": "(Nội dung nhiệm vụ)",
                                                                        "chu_tri": "(Cơ quan chủ trì)"}]}]

    def _split_signature(self, items: list[Item]) -> tuple[list[Item], list[Item]]:
        """Split the end of a Kế hoạch body from its signature block."""
        k = next((n for n, it in enumerate(items) if it.text.casefold().startswith("nơi nhận")), None)
        if k is not None:
            return items[:k], items[k:]
        end = len(items)
        while end > 0 and end > len(items) - 6:
            it = items[end - 1]
            text = it.text
            if SIGN_AUTHORITY.match(text) or SIGNED_NOTE.match(text) or (
                    _upper(text) and any(text == t or text.startswith(t + " ") for t in TITLES)) or (
                    NAME.match(text) and end < len(items) + 1 and not text.endswith(".")
                    and end == len(items)):
                end -= 1
                continue
            break
        return items[:end], items[end:]

    def _attached(self, it: Item) -> dict[str, Any]:
        text = it.text
        m = re.match(r"^\((?P<mo_dau>.*?(?:Quyết định|QĐ)\s*(?:số)?\s*:?)\s*(?P<so>\d*)\s*/\s*[A-ZĐ]+-[A-ZĐ0-9&]+\s*"
                     r"(?P<ngay>ngày\s*.*?(?:năm\s*\d{4}|\d{1,2}/\d{1,2}/\d{4}))\s*(?:của\s+(?P<cua>.+?))?\s*\)\.?$", text)
        out: dict[str, Any] = {}
        if not m:
            self.report.add(CHANGED, it.where, "Dòng 'kèm theo Quyết định' không đúng dạng quen thuộc: kehoach in "
                                               "theo mẫu '(Kèm theo Quyết định số … ngày … của …)'.", text)
            return out
        out["mo_dau"] = m.group("mo_dau").strip()
        if m.group("cua"):
            out["cua"] = m.group("cua").strip()
        out["ngay_dang_so"] = bool(re.search(r"\d{1,2}/\d{1,2}/\d{4}", m.group("ngay")))
        date = m.group("ngay")
        dm = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", date) or \
            re.search(r"ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})", date)
        if dm:
            d, mo, y = dm.groups()
            self.out.attached_date = _iso(y, mo, d)
        return out

    # -- Kế hoạch body ---------------------------------------------------------------------------
    def _body(self, items: list[Item], plan: dict[str, Any], style: str) -> None:
        k = 0
        intro = []
        while k < len(items) and label_of(items[k].text).kind != "roman":
            intro.append(items[k])
            k += 1
        sections: list[tuple[Item, list[Item]]] = []
        for it in items[k:]:
            lab = label_of(it.text)
            if lab.kind == "roman" and _roman_ok(lab.value):
                sections.append((it, []))
            else:
                sections[-1][1].append(it)
        if intro:
            plan["mo_dau"] = [it.markup() for it in intro]
        closing = None
        if sections:
            last_items = sections[-1][1]
            if len(last_items) > 1 and not label_of(last_items[-1].text).kind \
                    and last_items[-1].text.endswith("./.") and not last_items[-1].in_table:
                closing = last_items.pop()
        out_sections = []
        for n, (head, children) in enumerate(sections, start=1):
            lab = label_of(head.text)
            if _roman_value(lab.value) != n:
                self.report.add(CHANGED, head.where, f"Mục {lab.value}. sẽ được đánh số lại thành {_roman(n)}.",
                                head.text)
            section: dict[str, Any] = {"tieu_de": _strip_bold(lab.rest)}
            if style == "muc" and _has_tasks(children):
                pre, groups = self._task_section(children)
                if pre:
                    section["noi_dung"] = self._blocks(pre, 1, "")
                section["nhiem_vu"] = True
                self.out.groups = groups
            elif children:
                section["noi_dung"] = self._blocks(children, 1, "")
            out_sections.append(section)
        if not out_sections:
            self.report.add(UNPLACED, "", "Không thấy mục La Mã (I., II., …) nào trong Kế hoạch.")
            out_sections = [{"tieu_de": "NỘI DUNG", "noi_dung": ["(Nội dung)"]}]
        self._letter_schemes(out_sections, plan)
        plan["noi_dung"] = out_sections
        if closing is not None:
            plan["ket_thuc"] = closing.markup()

    def _blocks(self, items: list[Item], depth: int, prefix: str) -> list[Any]:
        """Return the plan blocks of `items` at heading depth `depth` (1: "1.", 2: "1.1.")."""
        blocks: list[Any] = []
        counter = 0
        k = 0
        while k < len(items):
            it = items[k]
            lab = label_of(it.text)
            if lab.kind == "num" and lab.depth == depth:
                j = k + 1
                while j < len(items):
                    lj = label_of(items[j].text)
                    if lj.kind == "num" and lj.depth <= depth:
                        break
                    j += 1
                children = items[k + 1: j]
                counter += 1
                expected = f"{prefix}{counter}"
                if lab.value != expected:
                    self.report.add(CHANGED, it.where, f"Số '{lab.value}.' sẽ được in là '{expected}.'.", it.text)
                if children:
                    blocks.append({"muc": _strip_bold(it.markup(lab.length)),
                                   "noi_dung": self._blocks(children, depth + 1, expected + ".")})
                else:
                    text = it.markup(lab.length)
                    if blocks and isinstance(blocks[-1], dict) and "so" in blocks[-1]:
                        blocks[-1]["so"].append(text)
                    else:
                        blocks.append({"so": [text]})
                k = j
                continue
            if lab.kind == "letter":
                points: list[Any] = []
                letters: list[str] = []
                while k < len(items) and label_of(items[k].text).kind == "letter":
                    pl = label_of(items[k].text)
                    j = k + 1
                    while j < len(items):
                        lj = label_of(items[j].text)
                        if lj.kind in ("letter", "roman") or (lj.kind == "num" and lj.depth <= depth):
                            break
                        j += 1
                    children = items[k + 1: j]
                    letters.append(pl.value)
                    text = items[k].markup(pl.length)
                    if children:
                        points.append({"tieu_de": text, "noi_dung": self._blocks(children, depth + 1, prefix)})
                    else:
                        points.append(text)
                    k = j
                block: dict[str, Any] = {"diem": points}
                self.letters_seen.append((letters, items[k - 1].where))
                block["_letters"] = letters
                blocks.append(block)
                continue
            if lab.kind in ("dash", "plus", "bullet") and not lab.rest:
                k += 1  # a bullet with nothing after it
                continue
            if lab.kind in ("dash", "plus", "bullet"):
                mark = "cong" if lab.kind == "plus" else "gach"
                if lab.kind == "bullet" or lab.value != "-" and lab.kind == "dash":
                    self.report.add(CHANGED, it.where, f"Dấu đầu dòng '{lab.value}' sẽ được in là '-'.", it.text)
                text = it.markup(lab.length)
                if blocks and isinstance(blocks[-1], dict) and mark in blocks[-1]:
                    blocks[-1][mark].append(text)
                else:
                    blocks.append({mark: [text]})
                k += 1
                continue
            if lab.kind == "num":  # a deeper number with no heading above it: keep the text as written
                self.report.add(INFO, it.where, f"Số '{lab.value}' không có mục cha: giữ nguyên trong câu.", it.text)
            if it.table is not None:
                self.report.add(UNPLACED, it.where, "Bảng nhiệm vụ thứ hai trong thân Kế hoạch: chưa đặt được; nội "
                                                    "dung giữ thành chú thích ở cuối tệp YAML.")
                self.out.trailing.extend(" | ".join(c.text for c in row) for row in it.table.rows)
                k += 1
                continue
            if it.markup():
                blocks.append(it.markup())
            k += 1
        return blocks

    def _letter_schemes(self, sections: list[dict[str, Any]], plan: dict[str, Any]) -> None:
        """Choose the document's letter scheme and mark lists that differ from it."""
        votes: dict[str, int] = {}
        for letters, _ in self.letters_seen:
            fits = [s for s, seq in LETTER_SCHEMES.items() if seq[: len(letters)] == letters]
            if fits and len(fits) < 3:
                for s in fits:
                    votes[s] = votes.get(s, 0) + 1
        default = max(("viet", "latinh", "latinh_khong_d"), key=lambda s: (votes.get(s, 0), s == "viet"))
        if default != "viet":
            plan["danh_diem"] = default

        def visit(blocks: list[Any]) -> None:
            for block in blocks:
                if not isinstance(block, dict):
                    continue
                if "diem" in block:
                    letters = block.pop("_letters")
                    if LETTER_SCHEMES[default][: len(letters)] != letters:
                        fits = [s for s, seq in LETTER_SCHEMES.items() if seq[: len(letters)] == letters]
                        if fits:
                            block["danh_diem"] = fits[0]
                        else:
                            seq = " ".join(LETTER_SCHEMES[default][: len(letters)])
                            self.report.add(CHANGED, "", f"Các điểm {' '.join(letters)} sẽ được in là {seq}.")
                    for point in block["diem"]:
                        if isinstance(point, dict):
                            visit(point["noi_dung"])
                for key in ("noi_dung",):
                    if key in block and isinstance(block[key], list):
                        visit(block[key])

        for section in sections:
            visit(section.get("noi_dung", []))

    # -- tasks written as numbered items (ward style) ---------------------------------------------
    def _task_section(self, items: list[Item]) -> tuple[list[Item], list[dict[str, Any]]]:
        pre: list[Item] = []
        groups: list[dict[str, Any]] = []
        task: dict[str, Any] | None = None
        state: dict[str, Any] = {}
        k = 0
        labels_used: dict[str, dict[str, int]] = {f: {} for f in DEFAULT_LABELS}
        tasks_raw: list[tuple[dict[str, Any], dict[str, str], Item]] = []
        while k < len(items):
            it = items[k]
            lab = label_of(it.text)
            if lab.kind == "num" and lab.depth == 1 and not _is_attribute(it.text):
                gi = len(groups) + 1
                if lab.value != str(gi):
                    self.report.add(CHANGED, it.where, f"Lĩnh vực '{lab.value}.' sẽ được in là '{gi}.'.", it.text)
                groups.append({"linh_vuc": _strip_bold(it.markup(lab.length)), "nhiem_vu": []})
                task = None
                k += 1
                continue
            if lab.kind == "num" and lab.depth == 2 and groups:
                gi, ti = len(groups), len(groups[-1]["nhiem_vu"]) + 1
                if lab.value != f"{gi}.{ti}":
                    self.report.add(CHANGED, it.where, f"Nhiệm vụ '{lab.value}.' sẽ được in là '{gi}.{ti}.'.", it.text)
                task = {"noi_dung": it.markup(lab.length)}
                groups[-1]["nhiem_vu"].append(task)
                state = {"field": "", "labels": {}, "order": [], "item": it, "extra": [], "part": None}
                tasks_raw.append((task, state["labels"], it))
                k += 1
                continue
            if task is None:
                if groups:
                    self.report.add(UNPLACED, it.where, "Đoạn trong mục nhiệm vụ không thuộc nhiệm vụ nào: đã ghi vào "
                                                        "đầu mục (in trước danh sách nhiệm vụ).", it.text)
                pre.append(it)
                k += 1
                continue
            self._task_line(task, state, it, (len(groups), len(groups[-1]["nhiem_vu"])))
            k += 1
        for task, labels, _ in tasks_raw:
            for f, lab in labels.items():
                if f in labels_used:
                    labels_used[f][lab] = labels_used[f].get(lab, 0) + 1
        doc_labels = {f: (max(c, key=c.get) if c else DEFAULT_LABELS[f]) for f, c in labels_used.items()}
        if doc_labels != DEFAULT_LABELS:
            self.out.plan["nhan"] = doc_labels
        for (task, labels, it), n in zip(tasks_raw, range(len(tasks_raw))):
            for f in ("san_pham", "thoi_gian"):
                if f in labels and labels[f] != doc_labels[f]:
                    self.report.add(CHANGED, it.where, f"Nhãn '{labels[f]}' sẽ được in là '{doc_labels[f]}'.", it.text)
            overrides = {}
            for f in ("chu_tri", "phoi_hop"):
                if f in labels and labels[f] != doc_labels[f]:
                    overrides["nhan_" + f] = labels[f]
            if overrides:
                ordered = {}
                for key, value in task.items():
                    ordered[key] = value
                    if key == "chu_tri" and "nhan_chu_tri" in overrides:
                        ordered["nhan_chu_tri"] = overrides["nhan_chu_tri"]
                    if key == "phoi_hop" and "nhan_phoi_hop" in overrides:
                        ordered["nhan_phoi_hop"] = overrides["nhan_phoi_hop"]
                task.clear()
                task.update(ordered)
        for gi, group in enumerate(groups, start=1):
            if not group["nhiem_vu"]:
                self.report.add(UNPLACED, "", f"Lĩnh vực '{group['linh_vuc']}' không có nhiệm vụ: đã ghi một nhiệm vụ "
                                              "mẫu cần thay.")
                group["nhiem_vu"] = [{"noi_dung": "(Nội dung nhiệm vụ)", "chu_tri": "(Cơ quan chủ trì)"}]
            for ti, task in enumerate(group["nhiem_vu"], start=1):
                self._check_task(task, f"{gi}.{ti}")
        return pre, groups

    def _task_line(self, task: dict[str, Any], state: dict[str, Any], it: Item, code: tuple[int, int]) -> None:
        text = it.text
        lab = label_of(text)
        body = lab.rest if lab.kind in ("dash", "plus", "bullet") else text
        m = ATTRIBUTE.match(body)
        target = state["part"] if state["part"] is not None else task
        if m and _field_of(m.group("label")):
            name = _field_of(m.group("label"))
            label = _strip_bold(m.group("label"))
            skip = len(text) - len(m.group("value"))
            value = it.markup(skip) if it.para else m.group("value").strip()
            if name == "kinh_phi":
                self.out.task_comments.setdefault(code, []).append(f"{label}: {_strip_bold(value)}")
                self.report.add(UNPLACED, it.where, "Dòng kinh phí của nhiệm vụ: kehoach chưa có trường này nên không "
                                                    "in; đã giữ lại thành chú thích trong tệp YAML.", text)
                return
            if name in target and name != "san_pham":
                self.report.add(UNPLACED, it.where, f"Nhiệm vụ có hai dòng '{label}': dòng sau được ghép vào dòng "
                                                    "trước.", text)
                target[name] = f"{target[name]} {value}".strip()
                return
            if name == "chu_tri":
                value = strip_end(_strip_bold(value), ".") if value.strip("* ").endswith(".") else _strip_bold(value)
            if state["part"] is None:
                state["labels"][name] = label
            if state["order"] and _FIELD_ORDER.index(name) < _FIELD_ORDER.index(state["order"][-1]):
                self.report.add(CHANGED, it.where, "Các dòng của nhiệm vụ sẽ được in theo thứ tự chủ trì, phối hợp, "
                                                   "sản phẩm, thời gian.", text)
            state["order"].append(name)
            state["field"] = name
            if name == "san_pham" and not value.strip():
                target["san_pham"] = []
            elif name == "san_pham" and "san_pham" in target:
                existing = target["san_pham"]
                target["san_pham"] = (existing if isinstance(existing, list) else [existing]) + [value]
            elif value.strip():
                target[name] = value
            return
        if lab.kind == "plus" and state["field"] == "san_pham" and isinstance(target.get("san_pham"), list):
            target["san_pham"].append(it.markup(lab.length))
            return
        if lab.kind in ("plus", "dash") and lab.rest.endswith(":") and not state["order"] and "chu_tri" not in task:
            part = {"noi_dung": strip_end(it.markup(lab.length), ":")}
            task.setdefault("phan_viec", []).append(part)
            state["part"] = part
            state["field"] = ""
            return
        if not state["order"] and state["part"] is None:
            task["noi_dung"] = f"{task['noi_dung']} {it.markup()}"
            self.report.add(CHANGED, it.where, f"Nội dung nhiệm vụ {code[0]}.{code[1]} có nhiều đoạn: kehoach ghép "
                                               "thành một đoạn.", text)
            return
        self.out.task_comments.setdefault(code, []).append(it.text)
        self.report.add(UNPLACED, it.where, f"Dòng trong nhiệm vụ {code[0]}.{code[1]} không thuộc trường nào: "
                                            "đã giữ lại thành chú thích trong tệp YAML (không in).", text)

    def _check_task(self, task: dict[str, Any], code: str) -> None:
        if isinstance(task.get("san_pham"), list) and not task["san_pham"]:
            del task["san_pham"]
        for part in task.get("phan_viec", []):
            if "chu_tri" not in part:
                part["chu_tri"] = "(Cơ quan chủ trì)"
                self.report.add(UNPLACED, "", f"Phần việc '{part['noi_dung']}' của nhiệm vụ {code} thiếu cơ quan chủ "
                                              "trì: đã ghi '(Cơ quan chủ trì)', hãy sửa.")
        if "chu_tri" not in task and not task.get("phan_viec"):
            task["chu_tri"] = "(Cơ quan chủ trì)"
            self.report.add(UNPLACED, "", f"Nhiệm vụ {code} không ghi cơ quan chủ trì: đã ghi '(Cơ quan chủ trì)', "
                                          "hãy sửa.", task["noi_dung"])

    # -- the annex table (city style) ------------------------------------------------------------
    def _annex(self, items: list[Item], plan: dict[str, Any]) -> None:
        k = 0
        title: list[str] = []
        attached = None
        if items and not items[0].table and re.match(r"^PH[ỤU] L[ỤU]C\b", items[0].text.upper()):
            k = 1
        label = items[0].text if k == 1 else ""
        while k < len(items) and items[k].table is None:
            it = items[k]
            if it.text.startswith("(") and "kèm theo" in it.text.casefold():
                attached = it
            elif attached is None:
                title.extend(it.para.lines if it.para and len(it.para.lines) > 1 else [it.text])
            else:
                self._keep(it, "Đoạn giữa tiêu đề phụ lục và bảng: không đặt được.", it.text)
            k += 1
        spec: dict[str, Any] = {}
        if label and label != "Phụ lục":  # "PHỤ LỤC", "Phụ lục I": kept as written
            spec["nhan"] = label
        if title:
            spec["tieu_de"] = title
        if attached is not None:
            self.out.annex_attached = attached.text
        tables = [it for it in items[k:] if it.table is not None]
        if not tables:
            self.report.add(UNPLACED, items[0].where if items else "",
                            f"Phụ lục không có bảng nhiệm vụ (vd đề cương báo cáo, danh sách đơn vị): kehoach chưa "
                            f"nhập được; {len(items)} đoạn được giữ thành chú thích ở cuối tệp YAML (không in).",
                            items[0].text if items else "")
            self.out.trailing.extend(it.text for it in items)
            return
        for it in items[k:]:
            if it.table is None:
                self._keep(it, "Đoạn sau bảng phụ lục: không đặt được.", it.text)
        columns: dict[str, str] = {}
        groups: list[dict[str, Any]] = []
        seq = 0
        for it in tables:
            seq = self._annex_table(it, groups, columns, seq)
        overrides = {k2: v for k2, v in columns.items() if k2 in DEFAULT_COLUMNS and v != DEFAULT_COLUMNS[k2]}
        if overrides:
            spec["cot"] = overrides
        plan["phu_luc"] = spec
        self.out.groups = groups

    def _annex_table(self, it: Item, groups: list[dict[str, Any]], columns: dict[str, str], seq: int) -> int:
        table = it.table
        assert table is not None
        head_at = next(n for n, row in enumerate(table.rows) if _header_row(row))
        fields: list[str] = []
        for cell in _grid(table.rows[head_at]):
            name = _column_field(cell.text)
            fields.append(name)
            if name and name not in columns:
                columns[name] = cell.text
        order = [f for f in fields if f in DEFAULT_COLUMNS]
        if order != [f for f in DEFAULT_COLUMNS if f in order]:
            self.report.add(CHANGED, it.where, "Thứ tự cột của bảng phụ lục khác mẫu: kehoach in theo thứ tự TT, Nội "
                                               "dung, Chủ trì, Phối hợp, Thời gian, Sản phẩm.")
        for extra in [c for c, f in zip(_grid(table.rows[head_at]), fields) if f in ("", "kinh_phi")]:
            self.report.add(UNPLACED, it.where, f"Cột '{extra.text}' của bảng phụ lục: kehoach chưa có trường này; "
                                                "nội dung cột được giữ thành chú thích trong tệp YAML.")
        task: dict[str, Any] | None = None
        for row in table.rows[head_at + 1:]:
            cells = _grid(row)
            values: dict[str, Cell] = {}
            extras: list[str] = []
            for cell, name in zip(cells, fields):
                if name in DEFAULT_COLUMNS:
                    if name not in values:
                        values[name] = cell
                elif cell.text and not cell.continued:
                    extras.append(cell.text)
            texts = {n: (c.text if not c.continued or n in ("chu_tri", "phoi_hop", "thoi_gian", "san_pham") else "")
                     for n, c in values.items()}
            where = _row_where(row, it.where)
            distinct = {c.text for c in row if c.text}
            if not any(distinct):
                continue
            if len(distinct) == 1 and (len(row) == 1 or sum(c.span for c in row) > 1 and row[0].span > 1
                                       or _GROUP_TITLE.match(next(iter(distinct)))):
                if _GROUP_TITLE.match(next(iter(distinct))) or row[0].span > 1 or len(row) == 1:
                    title = next(iter(distinct))
                    lab = label_of(title)
                    n = len(groups) + 1
                    if lab.kind == "roman":
                        if _roman_value(lab.value) != n:
                            self.report.add(CHANGED, where, f"Nhóm '{lab.value}.' sẽ được in là '{_roman(n)}.'.", title)
                        title = lab.rest
                    else:
                        self.report.add(CHANGED, where, f"Dòng nhóm sẽ được in có số '{_roman(n)}.'.", title)
                    groups.append({"linh_vuc": _strip_bold(title), "nhiem_vu": []})
                    task = None
                    continue
            tt = texts.get("tt", "").strip().rstrip(".")
            content = values.get("noi_dung")
            content_text = _cell_markup(content) if content else ""
            if re.fullmatch(r"[IVXLC]{1,6}", tt) and not texts.get("chu_tri"):
                n = len(groups) + 1
                if _roman_value(tt) != n:
                    self.report.add(CHANGED, where, f"Nhóm '{tt}.' sẽ được in là '{_roman(n)}.'.", content_text)
                groups.append({"linh_vuc": _strip_bold(content_text), "nhiem_vu": []})
                task = None
                continue
            if not groups:
                groups.append({"linh_vuc": "(Lĩnh vực)", "nhiem_vu": []})
                self.report.add(UNPLACED, where, "Bảng phụ lục không có dòng nhóm (lĩnh vực) trước nhiệm vụ đầu: đã "
                                                 "ghi một lĩnh vực '(Lĩnh vực)' cần sửa.")
            fields_here = self._row_fields(texts, values)
            if tt.isdigit() or (tt and task is None):
                seq += 1
                if tt != str(seq):
                    self.report.add(CHANGED, where, f"Nhiệm vụ số {tt} sẽ được in số {seq} (đánh số liên tục).",
                                    content_text)
                task = {"noi_dung": content_text or "(Nội dung nhiệm vụ)"}
                task.update(fields_here)
                groups[-1]["nhiem_vu"].append(task)
                if extras:
                    self._annex_extra(groups, extras, where)
                continue
            if task is None:
                seq += 1
                task = {"noi_dung": content_text or "(Nội dung nhiệm vụ)"}
                task.update(fields_here)
                groups[-1]["nhiem_vu"].append(task)
                self.report.add(CHANGED, where, f"Dòng không có số thứ tự: ghi là nhiệm vụ số {seq}.", content_text)
                continue
            lab = label_of(content_text)
            if lab.kind in ("dash", "plus", "bullet", "letter") or fields_here.get("chu_tri"):
                part = {"noi_dung": lab.rest if lab.kind in ("dash", "plus", "bullet") else content_text}
                if lab.kind not in ("dash",):
                    self.report.add(CHANGED, where, "Dòng con của nhiệm vụ sẽ được in mở đầu bằng '- '.", content_text)
                part.update(fields_here)
                task.setdefault("phan_viec", []).append(part)
                if extras:
                    self._annex_extra(groups, extras, where)
                continue
            # a row without number nor own offices: the rest of the task above (a row split by a page)
            if content_text:
                task["noi_dung"] = f"{task['noi_dung']} {content_text}"
            for name, value in fields_here.items():
                if name in task and isinstance(task[name], str) and isinstance(value, str):
                    task[name] = f"{task[name]} {value}"
                else:
                    task[name] = value
            self.report.add(CHANGED, where, "Dòng không số thứ tự được ghép vào nhiệm vụ phía trên.", content_text)
        for gi, group in enumerate(groups, start=1):
            if not group["nhiem_vu"]:
                group["nhiem_vu"] = [{"noi_dung": "(Nội dung nhiệm vụ)", "chu_tri": "(Cơ quan chủ trì)"}]
                self.report.add(UNPLACED, "", f"Nhóm '{group['linh_vuc']}' không có nhiệm vụ: đã ghi một nhiệm vụ mẫu.")
            for ti, task in enumerate(group["nhiem_vu"], start=1):
                self._check_task(task, str(ti))
        return seq

    def _annex_extra(self, groups: list[dict[str, Any]], extras: list[str], where: str) -> None:
        code = (len(groups), len(groups[-1]["nhiem_vu"]))
        self.out.task_comments.setdefault(code, []).extend(extras)

    def _row_fields(self, texts: dict[str, str], values: dict[str, Cell]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("chu_tri", "phoi_hop", "thoi_gian", "san_pham"):
            cell = values.get(name)
            if cell is None or not cell.text:
                continue
            if name == "san_pham":
                items = _product_items(cell)
                out[name] = items if len(items) > 1 or (items and cell.text.startswith(("-", "+"))) else items[0]
            else:
                out[name] = _cell_markup(cell)
        return out

    # -- issuer -----------------------------------------------------------------------------------
    def _finish_issuer(self) -> None:
        lines = [it.text for it in self._issuer_lines]
        authority = self.authority
        from_authority = ""
        m = re.match(r"^(?:CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|CỤC TRƯỞNG)\s+(.+)$", authority)
        if m:
            from_authority = m.group(1)
        supervisor = ""
        if len(lines) >= 2 and not lines[0].startswith(("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")) \
                or (len(lines) >= 3):
            bold = [it.para.all_bold if it.para else False for it in self._issuer_lines]
            if len(lines) >= 3 or (not bold[0] and any(bold[1:])) or re.match(
                    r"^(UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BỘ|TỔNG CỤC)\b", lines[0]) and re.match(
                    r"^(SỞ|PHÒNG|BAN|TRUNG TÂM|VĂN PHÒNG|CHI CỤC|CỤC|THANH TRA|TRƯỜNG|BỆNH VIỆN)\b", lines[1]):
                supervisor = lines[0]
                lines = lines[1:]
        header_name = " ".join(lines)
        name_upper = header_name
        if from_authority and (not header_name or match_key(from_authority).startswith(match_key(header_name))):
            if header_name and match_key(from_authority) != match_key(header_name):
                self.report.add(INFO, self._issuer_lines[0].where if self._issuer_lines else "",
                                f"Tên cơ quan ở đầu văn bản chưa đủ ('{header_name}'): lấy tên đầy đủ từ dòng thẩm "
                                f"quyền '{authority}'.")
            elif not header_name:
                self.report.add(INFO, "", f"Không thấy tên cơ quan ban hành ở đầu văn bản: lấy từ dòng thẩm quyền "
                                          f"'{authority}'.")
            name_upper = from_authority
        if not name_upper:
            name_upper = "ỦY BAN NHÂN DÂN"
            self.report.add(UNPLACED, "", "Không thấy tên cơ quan ban hành: đã ghi 'Ủy ban nhân dân', hãy sửa "
                                          "co_quan_ban_hanh.ten.")
        place = self.issuer_place or ""
        ten = self._sentence_case(name_upper, place)
        issuer: dict[str, Any] = {"ten": ten, "dia_danh": place or _place_from(ten)}
        if not place:
            self.report.add(UNPLACED, "", f"Không thấy dòng địa danh, ngày: đã ghi địa danh '{issuer['dia_danh']}', "
                                          "hãy kiểm tra.")
        issuer["viet_tat"] = self._abbrev or "UBND"
        if supervisor:
            issuer["chu_quan"] = supervisor
        from generator.kinds.official.reader import split_issuer_name

        if lines and len(lines) >= 1 and [x.upper() for x in lines] != split_issuer_name(ten) and \
                match_key(" ".join(lines)) == match_key(name_upper):
            issuer["dong_ten"] = lines
        self.out.issuer = issuer
        self.out.years = self._years()

    def _sentence_case(self, upper: str, place: str) -> str:
        """Return an issuer name written in capitals in the case the document uses elsewhere."""
        found = _find_casing(self.alltext, upper)
        if found:
            return found
        out = []
        lead = {"ỦY BAN NHÂN DÂN": "Ủy ban nhân dân", "UỶ BAN NHÂN DÂN": "Ủy ban nhân dân",
                "HỘI ĐỒNG NHÂN DÂN": "Hội đồng nhân dân", "UBND": "UBND"}
        rest = upper
        for key, value in lead.items():
            if upper.startswith(key):
                out.append(value)
                rest = upper[len(key):].strip()
                break
        units = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU", "PHƯỜNG", "XÃ", "TỈNH", "QUẬN", "HUYỆN")
        for unit in units:
            if rest.startswith(unit + " "):
                out.append(unit.lower())
                rest = rest[len(unit):].strip()
                break
        if rest:
            if place and match_key(rest) == match_key(place):
                out.append(place)
            else:
                found = _find_casing(self.alltext, rest)
                out.append(found or (rest[:1] + rest[1:].lower() if not out else rest.title()))
        return " ".join(out)

    def _years(self) -> tuple[int, int] | None:
        text = self.plan_summary
        m = re.search(r"giai đoạn\s*(\d{4})\s*[-–]\s*(\d{4})", text, re.IGNORECASE)
        if m:
            return int(m.group(1)), int(m.group(2))
        m = re.search(r"năm\s+(\d{4})", text, re.IGNORECASE)
        if m:
            return int(m.group(1)), int(m.group(1))
        m = re.search(r"\b(20\d{2})\b", text)
        if m:
            return int(m.group(1)), int(m.group(1))
        date = self._dates.get("KH") or self._dates.get("QĐ") or ""
        if date:
            year = int(date[:4])
            return year, year
        return None


_FIELD_ORDER = ["chu_tri", "phoi_hop", "san_pham", "thoi_gian", "kinh_phi"]
_GROUP_TITLE = re.compile(r"^(?:\*\*)?[IVXLC]{1,6}\s*[.)]\s+\S")


class NoDocument(Exception):
    """No tên loại line (QUYẾT ĐỊNH, KẾ HOẠCH) was found."""


class NoPlan(Exception):
    """A Quyết định was found but no Kế hoạch."""


# --- helpers ---------------------------------------------------------------------------------

def _unwrap(text: str) -> str:
    """Return `text` without one emphasis pair around all of it ("*Căn cứ …;*" → "Căn cứ …;")."""
    m = re.fullmatch(r"(\*{1,3})([^*]+)\1", text)
    return m.group(2) if m else text


def _date_value(m: re.Match) -> str:
    return _iso(m.group("y"), m.group("m"), m.group("d"))


def _iso(y: str | None, mo: str | None, d: str | None) -> str:
    if not y:
        return ""
    if mo and d:
        return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    if mo:
        return f"{int(y):04d}-{int(mo):02d}"
    return f"{int(y):04d}"


def _roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total, prev = 0, 0
    for ch in reversed(text):
        v = values.get(ch, 0)
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _roman(n: int) -> str:
    from generator.domain.vietnamese import roman

    return roman(n)


def _roman_ok(text: str) -> bool:
    return _roman(_roman_value(text)) == text


def _is_signature_start(it: Item) -> bool:
    text = it.text
    return text.casefold().startswith("nơi nhận") or bool(SIGN_AUTHORITY.match(text)) or (
        _upper(text) and any(text == t or text.startswith(t + " ") for t in TITLES) and len(text) < 40)


def _is_attribute(text: str) -> bool:
    lab = label_of(text)
    body = lab.rest if lab.kind in ("dash", "plus", "bullet") else text
    m = ATTRIBUTE.match(body)
    return bool(m and _field_of(m.group("label")))


def _has_tasks(items: list[Item]) -> bool:
    for n, it in enumerate(items):
        lab = label_of(it.text)
        if lab.kind == "num" and lab.depth == 2:
            if any(_is_attribute(x.text) for x in items[n + 1: n + 6]):
                return True
    return False


def _is_metadata(table: Table) -> bool:
    keys = {row[0].text for row in table.rows if row}
    return len(keys & {"Số hiệu", "Ngày ban hành", "Loại văn bản", "Người ký", "Cơ quan ban hành", "Ngày có hiệu lực"}) >= 2


def _header_row(row: list[Cell]) -> bool:
    text = " ".join(c.text for c in row).casefold()
    return "nội dung" in text and "chủ trì" in text or ("nhiệm vụ" in text and "chủ trì" in text)


def _is_task_table(table: Table) -> bool:
    return any(_header_row(row) for row in table.rows[:3])


def _column_field(text: str) -> str:
    low = text.casefold().strip()
    if low in ("tt", "stt", "số tt", "số thứ tự") or low.startswith("số tt"):
        return "tt"
    if "chủ trì" in low:
        return "chu_tri"
    if "phối hợp" in low:
        return "phoi_hop"
    if "nội dung" in low or "nhiệm vụ" in low or "tên" in low and "việc" in low:
        return "noi_dung"
    if "thời gian" in low or "thời hạn" in low or "tiến độ" in low:
        return "thoi_gian"
    if "sản phẩm" in low or "kết quả" in low:
        return "san_pham"
    if "kinh phí" in low or "dự toán" in low:
        return "kinh_phi"
    return ""


def _grid(row: list[Cell]) -> list[Cell]:
    """Return the row's cells one per grid column (a spanning cell repeated)."""
    out: list[Cell] = []
    for cell in row:
        out.append(cell)
        for _ in range(cell.span - 1):
            out.append(Cell([], 1, continued=True) if not cell.text else Cell(cell.paras, 1, continued=True))
    return out


def _row_where(row: list[Cell], default: str) -> str:
    for cell in row:
        for p in cell.paras:
            if p.where:
                return p.where
    return default


def _cell_markup(cell: Cell) -> str:
    return " ".join(p.markup() for p in cell.paras if p.full).strip()


def _product_items(cell: Cell) -> list[str]:
    paras = [p.markup() for p in cell.paras if p.full]
    if len(paras) > 1:
        items = []
        for text in paras:
            lab = label_of(text)
            items.append(lab.rest if lab.kind in ("dash", "plus", "bullet") else text)
        return items
    text = paras[0] if paras else ""
    if text.startswith(("- ", "+ ")):
        parts = re.split(r"\s+[-+]\s+(?=\S)", text[2:])
        return [p.strip() for p in parts if p.strip()]
    return [text]


def _find_casing(text: str, upper: str) -> str:
    """Return how `upper` is written elsewhere in `text` when not in capitals, or ""."""
    words = upper.split()
    if not words:
        return ""
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)
    counts: dict[str, int] = {}
    for m in pattern.finditer(text):
        found = re.sub(r"\s+", " ", m.group())
        if not _upper(found):
            counts[found] = counts.get(found, 0) + 1
    if not counts:
        return ""
    best = max(counts, key=lambda s: (counts[s], s[0].isupper()))
    return best[0].upper() + best[1:]


def _place_from(name: str) -> str:
    m = re.search(r"(?:phường|xã|thành phố|tỉnh|quận|huyện|thị xã|thị trấn|đặc khu)\s+(.+)$", name)
    return m.group(1) if m else name


def recognize(docs: list[Document]) -> Recognized:
    """Return what the documents `docs` hold as a plan (see module docstring)."""
    return Recognizer(docs).run()


def nfc(text: str) -> str:
    """Return `text` in NFC."""
    return unicodedata.normalize("NFC", text)
