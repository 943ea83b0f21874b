"""The documents a file of the folder makes, built from the web page as the CLI builds them.

Same builders (each kind's `documents_of`, the phân công and tiến độ documents of the
commands), same renderer (`render.docx`), same writing (`run.outputs.write_all`: a file
edited by hand is not overwritten unless the user confirms), same PDF conversion
(`run.pdf`). Files go to ``outputs/<file stem>/`` in the folder, as with ``-o outputs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.domain import tracking
from generator.kinds.plan.followup import offices_involved
from generator.kinds.plan.followup_documents import period_label
from generator.run.outputs import Output, folder_name, write_all

OUTPUTS = "outputs"


@dataclass(frozen=True)
class Choice:
    """A document button: what it makes, and the options it takes (offices, periods and years)."""

    key: str
    label: str
    options: tuple[tuple[str, str], ...] = ()    # (value, label)
    option_name: str = ""
    years: tuple[int, ...] = ()                  # the years to choose from (tiến độ of a multi-year plan)
    year: int | None = None                      # the year chosen first


DOCUMENT_LABELS = {"quyet-dinh": "Quyết định", "ke-hoach": "Kế hoạch", "phan-cong": "Phân công nhiệm vụ",
                   "tien-do": "Báo cáo tiến độ", "bao-cao": "Báo cáo phục vụ kiểm tra"}


def report_year(plan: Any, today: date) -> int:
    """Return the year a progress report is first offered for: this year, else the plan's nearest year."""
    years = plan.years
    return min(max(today.year, years[0]), years[-1])


def choices(kind: str, model: Any, today: date, year: int | None = None) -> list[Choice]:
    """Return the documents the file of kind `kind` (its model `model`) makes; a progress
    report is first offered for `year` (default: see `report_year`)."""
    if kind in ("ke_hoach", "kiem_tra"):
        issued = model.issued if kind == "kiem_tra" else model
        out = [Choice("quyet-dinh", "Quyết định")] if issued.decision is not None else []
        out.append(Choice("ke-hoach", "Kế hoạch"))
        if kind == "ke_hoach":
            offices = tuple((k, model.registry.agencies[k].short_name or model.registry.agencies[k].name)
                            for k in offices_involved(model))
            if offices:
                out.append(Choice("phan-cong", "Phân công nhiệm vụ", offices, "co_quan"))
            years = tuple(model.years)
            if len(years) == 1:   # the year is in the period's name: "Quý I năm 2026"
                periods = tuple((p, _first_upper(period_label(p, years[0]))) for p in tracking.PERIODS)
            else:                 # a year to choose, then the period of it
                periods = tuple((p, _first_upper(tracking.PERIODS[p][1])) for p in tracking.PERIODS)
            out.append(Choice("tien-do", "Báo cáo tiến độ", periods, "ky", years,
                              year if year in years else report_year(model, today)))
        return out
    if kind == "bao_cao":
        return [Choice("bao-cao", "Báo cáo phục vụ kiểm tra")]
    return []


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]   # "quý III năm 2026" → "Quý III năm 2026" (str.capitalize lowers "III")


def _year_of(plan: Any, text: str, day: date) -> int:
    """Return the year `text` names for a progress report of `plan` (empty: see `report_year`);
    raise ValueError outside the plan."""
    years = plan.years
    if not text.strip():
        return report_year(plan, day)
    if not text.strip().isdecimal() or int(text) not in years:
        raise ValueError(f"Năm {text.strip()[:12]} nằm ngoài kế hoạch {plan.period_words}: chọn một năm từ "
                         f"{years[0]} đến {years[-1]}.")
    return int(text)


def render(root: Path, rel: str, kind: str, model: Any, which: str, option: str = "", year: str = "",
           day: date | None = None) -> Output:
    """Return the document `which` of the file `rel` rendered in memory (raise KehoachError, ValueError).

    `option`: the office of a phân công, the period of a tiến độ report; `year`: the year of
    that period (default: the year of `day`, today, when the plan has it)."""
    from generator.render.docx import render_document

    out_dir = root / OUTPUTS
    folder = out_dir / folder_name(rel)
    if which in ("quyet-dinh", "ke-hoach", "bao-cao"):
        wanted = {"quyet-dinh": "quyet-dinh.docx", "ke-hoach": "ke-hoach.docx"}.get(which)
        from generator.kinds import BY_KEY

        for doc in BY_KEY[kind].documents(model):
            if wanted is None or doc.name == wanted:
                return Output(folder / doc.name, render_document(doc))
        raise ValueError(f"Tệp này không có {DOCUMENT_LABELS[which]}.")
    if which == "phan-cong" and kind == "ke_hoach":
        from generator.commands.phan_cong import assignment_outputs

        if option not in offices_involved(model):
            raise ValueError("Chọn một cơ quan có nhiệm vụ trong kế hoạch.")
        return assignment_outputs(model, out_dir, [option])[0]
    if which == "tien-do" and kind == "ke_hoach":
        from generator.commands.tien_do import progress_output

        if option not in tracking.PERIODS:
            raise ValueError("Chọn kỳ báo cáo: quý I, 6 tháng, quý III hoặc năm.")
        # as `kehoach tien-do --ky KỲ --nam NĂM`: bao-cao-tien-do-<năm>-<kỳ>.docx
        return progress_output(model, option, _year_of(model, year, day or today()), None, [], out_dir)[0]
    raise ValueError("Không có văn bản này cho tệp này.")


def write(output: Output, *, force: bool, pdf: bool) -> Path:
    """Write `output` (hand edits protected unless `force`); with `pdf`, convert it; return the file to download."""
    write_all([output], force=force)
    if not pdf:
        return output.path
    from generator.run import pdf as converter

    conversion = converter.convert_documents([output.path])
    return conversion.pdfs[0]


def today() -> date:
    """Return today's date (the board's default "as of" day)."""
    return date.today()
