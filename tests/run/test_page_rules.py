"""Pages a văn thư would not send back, checked on real LibreOffice PDFs.

- the closing paragraph ends on the page of Nơi nhận and the signature;
- no heading (nor a line opening a list) is the last line of a page;
- no page before the last is more than a quarter blank, unless an annex (a new section)
  starts on the next page;
- an annex task stays on the page of its first sub-row;
- Quốc hiệu, Tiêu ngữ, the địa danh–ngày line and each trích yếu line print on one line,
  for the longest place names we know.

Every bundled plan is checked in both task layouts (``ke_hoach.trinh_bay_nhiem_vu``), with
the inspection plan, the progress reports and a report; and a plan is rebuilt with 0…N
extra lines in front, so each heading and the signature meet a page end somewhere.
These tests run LibreOffice; without `soffice` they are skipped (unless KEHOACH_REQUIRE_PDF).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT
from pages import docx_body, ends_page, headings_with_content, norm, page_holding, read_pages, starts_new_section

from generator.cli import main
from generator.run import pdf

pytestmark = pytest.mark.skipif(
    pdf.find_soffice() is None and not os.environ.get("KEHOACH_REQUIRE_PDF"),
    reason="cần LibreOffice (soffice) để tạo PDF thật",
)

TASK_PLANS = [p for p in [*sorted((ROOT / "plans").glob("*.yaml")), *sorted((FIXTURES / "plans").glob("*.yaml"))]
              if "loai: kiem_tra" not in p.read_text(encoding="utf-8")]
INSPECTION = ROOT / "plans" / "kiem-tra-cchc-2026.yaml"

# The longest ward and commune names we found (Hải Phòng after 1/7/2025, and elsewhere), and the
# city whose name the decree itself uses as its example.
LONG_PLACES = [
    ("xã", "Nguyễn Lương Bằng"), ("xã", "Nguyễn Bỉnh Khiêm"), ("phường", "Nguyễn Đại Năng"),
    ("phường", "Trần Hưng Đạo"), ("phường", "Trần Nhân Tông"), ("xã", "Bắc Thanh Miện"),
    ("xã", "Nam Thanh Miện"), ("phường", "Lê Thanh Nghị"), ("đặc khu", "Bạch Long Vĩ"),
    ("phường", "Đông Hưng Thuận"), ("phường", "Tân Thới Hiệp"), ("phường", "Bình Hưng Hòa"),
    ("phường", "Ngũ Hành Sơn"), ("xã", "Nguyễn Việt Khái"), ("thành phố", "Thành phố Hồ Chí Minh"),
]


def with_layout(source: Path, style: str) -> str:
    """Return the plan text of `source` with its tasks laid out as `style` (muc | phu_luc)."""
    text = source.read_text(encoding="utf-8")
    if re.search(r"^  trinh_bay_nhiem_vu: \w+", text, re.M):
        return re.sub(r"^  trinh_bay_nhiem_vu: \w+", f"  trinh_bay_nhiem_vu: {style}", text, count=1, flags=re.M)
    return text.replace("\nke_hoach:\n", f"\nke_hoach:\n  trinh_bay_nhiem_vu: {style}\n", 1)


def long_place_plan(kind: str, place: str, date: str) -> str:
    """Return a standalone plan of a commune named `place` dated `date` ("2026-01" or a full date)."""
    name = f"Ủy ban nhân dân {kind} {place}" if kind != "thành phố" else f"Ủy ban nhân dân {place}"
    base = (FIXTURES / "plans" / "doc-lap-phuong.yaml").read_text(encoding="utf-8")
    base = base.replace('ten: "Ủy ban nhân dân phường Lê Chân"', f'ten: "{name}"')
    base = base.replace('dia_danh: "Lê Chân"', f'dia_danh: "{place}"')
    return base.replace('ngay: "2026-01"', f'ngay: "{date}"')


def padded(source: Path, lines: int) -> str:
    """Return the plan text of `source` with `lines` one-line paragraphs added before section I."""
    text = source.read_text(encoding="utf-8")
    assert "\n  mo_dau:\n" in text
    extra = "".join(f'    - "Nội dung bổ sung số {i + 1} của kế hoạch."\n' for i in range(lines))
    return text.replace("\n  mo_dau:\n", "\n  mo_dau:\n" + extra, 1)


SWEEP = 30   # one-line paragraphs added: more than a page of shift for the swept plan


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """Build every document once with PDFs (one LibreOffice run per command); return their .docx paths."""
    work = tmp_path_factory.mktemp("trang")
    plans = work / "plans"
    plans.mkdir()
    sources = []
    for source in TASK_PLANS:
        for style in ("muc", "phu_luc"):
            path = plans / f"{source.stem}-{style.replace('_', '-')}.yaml"
            path.write_text(with_layout(source, style), encoding="utf-8")
            sources.append(path)
    for i, (kind, place) in enumerate(LONG_PLACES):
        for j, date in enumerate(("2026-01", "2026-12-28")):
            path = plans / f"dia-danh-{i:02d}-{j}.yaml"
            path.write_text(long_place_plan(kind, place, date), encoding="utf-8")
            sources.append(path)
    for lines in range(SWEEP + 1):
        path = plans / f"don-dong-{lines:02d}.yaml"
        path.write_text(padded(FIXTURES / "plans" / "xa-chu-thich.yaml", lines), encoding="utf-8")
        sources.append(path)
    out = work / "out"
    assert main(["build", *map(str, sources), str(INSPECTION), "-o", str(out), "--pdf"]) == 0
    for plan, period in ((ROOT / "plans" / "nam-do-son-2026.yaml", "quy-1"),
                         (ROOT / "plans" / "hai-phong-2026.yaml", "6-thang"),
                         (FIXTURES / "tracking" / "theo-doi-2026.yaml", "nam")):
        assert main(["tien-do", str(plan), "--ky", period, "-o", str(out / "tien-do"), "--pdf"]) == 0
    assert main(["report", str(ROOT / "reports" / "nam-do-son-2026.yaml"), "-o", str(out / "bao-cao"),
                 "--pdf"]) == 0
    return sorted(out.rglob("*.docx"))


def _documents(rendered, prefix: str = "") -> list[Path]:
    return [d for d in rendered if d.parent.name.startswith(prefix)]


def test_the_batch_holds_every_plan_in_both_layouts(rendered):
    folders = {d.parent.name for d in rendered}
    for source in TASK_PLANS:
        assert {f"{source.stem}-muc", f"{source.stem}-phu-luc"} <= folders
    assert "kiem-tra-cchc-2026" in folders and any(d.name.startswith("bao-cao-tien-do") for d in rendered)


def test_the_closing_paragraph_ends_on_the_page_of_the_signature(rendered):
    checked = 0
    for docx in rendered:
        paras = docx_body(docx)
        labels = [i for i, p in enumerate(paras) if p.text == "Nơi nhận:"]
        if not labels:
            continue
        closing = [p for p in paras[:labels[0]] if not p.in_table or p.style == "Dieu"][-1]
        last_words = " ".join(closing.text.split()[-4:])
        pages = read_pages(docx.with_suffix(".pdf"))
        signature = page_holding(pages, "Nơi nhận:")
        assert signature is not None, docx
        assert last_words in pages[signature].text, \
            f"{docx.parent.name}/{docx.name}: '{last_words}' không ở trang {signature + 1} (trang có Nơi nhận)"
        checked += 1
    assert checked >= 2 * len(TASK_PLANS) + SWEEP


def test_no_heading_is_the_last_line_of_a_page(rendered):
    for docx in rendered:
        pages = read_pages(docx.with_suffix(".pdf"))
        for heading in headings_with_content(docx_body(docx)):
            for page in pages[:-1]:
                assert not ends_page(page, heading.text), \
                    f"{docx.parent.name}/{docx.name}: '{heading.text}' là dòng cuối của trang {page.number}"


def test_no_page_before_the_last_is_more_than_a_quarter_blank(rendered):
    for docx in rendered:
        pages = read_pages(docx.with_suffix(".pdf"))
        for page, following in zip(pages, pages[1:]):
            if starts_new_section(page, following):
                continue
            assert page.blank_fraction() <= 0.25, \
                f"{docx.parent.name}/{docx.name}: trang {page.number} trống {page.blank_fraction():.0%}"


def _snippet(text: str, words: int) -> str:
    """Return the first `words` words of a cell's text: those are on the cell's first line (a word
    with "-" or "/" may be hyphenated across lines, so the snippet stops before it)."""
    out = []
    for word in norm(text).split()[:words]:
        if out and re.search(r"\w[-/]\w", word):
            break
        out.append(word)
    return " ".join(out)


def test_an_annex_task_stays_with_its_first_sub_row(rendered):
    from helpers import load_plan

    checked = 0
    for docx in _documents(rendered):
        if not docx.parent.name.endswith("-phu-luc") or docx.name != "ke-hoach.docx":
            continue
        source = docx.parent.parent.parent / "plans" / f"{docx.parent.name}.yaml"
        plan = load_plan(source)
        pages = read_pages(docx.with_suffix(".pdf"))
        cursor = next(i for i, p in enumerate(pages) if p.landscape)
        for task in plan.tasks:
            found = page_holding(pages, _snippet(task.content, 6), cursor)
            assert found is not None, task.content
            cursor = found
            if task.parts:
                part = page_holding(pages, _snippet(task.parts[0].content, 3), cursor)
                assert part == found, f"{docx.parent.name}: nhiệm vụ '{task.content}' (trang {found + 1}) " \
                                      f"xa phần việc đầu (trang {part + 1 if part is not None else '?'})"
                checked += 1
    assert checked >= 5


def _line_with(pages, text: str):
    return next((line for page in pages[:1] for line in page.lines if text in line.text), None)


@pytest.mark.parametrize("index", range(len(LONG_PLACES)), ids=[p for _, p in LONG_PLACES])
def test_the_header_lines_stay_on_one_line_for_long_place_names(rendered, index):
    kind, place = LONG_PLACES[index]
    for variant in (0, 1):
        docx = next(d for d in rendered if d.parent.name == f"dia-danh-{index:02d}-{variant}")
        pages = read_pages(docx.with_suffix(".pdf"))
        (date,) = [p.text for p in docx_body(docx) if p.text.startswith(f"{place}, ngày")]
        line = _line_with(pages, f"{place}, ngày")
        assert line is not None and line.text.endswith(date.split()[-1]) and "năm 2026" in line.text, \
            f"dòng ngày tháng bị xuống dòng: {line.text if line else None!r}"
        for fixed in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"):
            assert _line_with(pages, fixed) is not None, fixed
        for name_line in (p.text for p in docx_body(docx) if p.style == "TenCoQuan"):
            assert _line_with(pages, name_line) is not None, f"tên cơ quan bị ngắt: {name_line}"


def test_composed_summary_lines_print_on_one_line_each(rendered):
    """kehoach breaks the titles it composes (the progress report's) itself: Word never breaks them again."""
    for docx in (d for d in rendered if d.name.startswith("bao-cao-tien-do")):
        pages = read_pages(docx.with_suffix(".pdf"))
        for line in (p.text for p in docx_body(docx) if p.style == "TrichYeu"):
            assert any(pl.text == line for pl in pages[0].lines), f"{docx.parent.name}: trích yếu '{line}' bị ngắt"


def test_the_progress_report_title_reads_once(rendered):
    reports = [d for d in rendered if d.name.startswith("bao-cao-tien-do")]
    assert len(reports) == 3
    for docx in reports:
        lines = [p.text for p in docx_body(docx) if p.style == "TrichYeu"]
        summary = " ".join(lines)
        assert summary.startswith("Tiến độ thực hiện Kế hoạch")
        assert len(re.findall(r"năm \d{4}", summary)) == len(set(re.findall(r"năm \d{4}", summary))), summary
        for line in lines:   # breaks before a phrase, never between "năm" / "quý" and what follows
            assert not re.search(r"\b(năm|quý|tháng|của)$", line) and not re.fullmatch(r"\d{4}", line), lines
