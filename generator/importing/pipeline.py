"""The import as one pure step: files in, plan YAML text and its report out."""

from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass
from typing import Any

from generator.errors import InputError
from generator.importing import offices, sources, writer
from generator.errors import ImportFault
from generator.importing.recognize import NoDocument, NoPlan, Recognized, recognize
from generator.importing.report import CHANGED, INFO, UNPLACED, Report


@dataclass
class ImportResult:
    """The YAML text of an imported plan, its report, and the plan as kehoach reads it."""

    yaml_text: str
    report: Report
    plan: Any            # generator.model.Plan, read back from yaml_text
    summary: str


def import_files(paths: list[str], target: str = "ke-hoach.yaml") -> ImportResult:
    """Return the plan held by the documents at `paths` (a Quyết định and/or its Kế hoạch).

    `target` is the name the YAML will be written under (for messages). Raise ImportFault
    for a file that cannot be read or holds no plan.
    """
    docs = [sources.read(p) for p in paths]
    try:
        rec = recognize(docs)
    except NoDocument:
        names = ", ".join(paths)
        raise ImportFault(names, "không nhận ra văn bản nào: không thấy dòng tên loại 'QUYẾT ĐỊNH' hoặc "
                                 "'KẾ HOẠCH' (đây có phải là kế hoạch, quyết định ban hành kế hoạch?).") from None
    except NoPlan:
        names = ", ".join(paths)
        raise ImportFault(names, "có Quyết định nhưng không có Kế hoạch: hãy nhập cả tệp Kế hoạch "
                                 "(kehoach nhap QUYET_DINH KE_HOACH).") from None
    data = assemble(rec)
    header = [f"Nhập từ {', '.join(Path(p).name for p in paths)} bằng lệnh 'kehoach nhap'.",
              "Xem lại các chỗ báo cáo nhập nêu tên, rồi chạy 'kehoach validate' và 'kehoach build'."]
    text = writer.write_plan(data, rec.task_comments, header, rec.trailing)
    plan = _read_back(text, target)
    plan, text = _settle_annex_line(plan, text, data, rec, target, header)
    _check_attached_line(plan, rec)
    summary = _summary(plan)
    return ImportResult(text, rec.report, plan, summary)


def assemble(rec: Recognized) -> dict[str, Any]:
    """Return the plan data (YAML keys) of a recognised import, offices as a registry."""
    registry = offices.build(rec)
    data: dict[str, Any] = {}
    years = rec.years
    if years is None:
        years = (2026, 2026)
        rec.report.add(UNPLACED, "", "Không thấy năm kế hoạch: đã ghi 'nam: 2026', hãy sửa.")
    if years[0] == years[1]:
        data["nam"] = years[0]
    else:
        data["giai_doan"] = {"tu": years[0], "den": years[1]}
    data["co_quan_ban_hanh"] = rec.issuer
    data["co_quan"] = registry
    plan = dict(rec.plan)
    decision = rec.decision
    if decision is None and "kem_theo" in plan:
        decision = _minimal_decision(rec, plan)
    if decision is not None:
        decision = dict(decision)
        if decision.get("ngay") == "" and rec.attached_date:
            decision["ngay"] = rec.attached_date
        data["quyet_dinh"] = decision
        for key in ("so", "ngay"):
            plan.pop(key, None)
    else:
        plan.pop("kem_theo", None)
    data["ke_hoach"] = plan
    data["nhiem_vu_cu_the"] = rec.groups
    return data


def _minimal_decision(rec: Recognized, plan: dict[str, Any]) -> dict[str, Any]:
    attached = plan.get("kem_theo", {})
    by = attached.get("cua", "")
    summary = plan.get("trich_yeu", "")
    summary = " ".join(summary) if isinstance(summary, list) else summary
    rec.report.add(UNPLACED, "", "Kế hoạch ban hành kèm một Quyết định không có trong các tệp nhập: đã ghi phần "
                                 "quyet_dinh tối thiểu (số, ngày lấy từ dòng 'kèm theo'); hãy bổ sung trích yếu, "
                                 "căn cứ, các Điều và người ký, hoặc nhập cùng tệp Quyết định.")
    return {
        "so": "",
        "ngay": "",
        "trich_yeu": f"Ban hành Kế hoạch {summary[:1].lower() + summary[1:]}" if summary else "Ban hành Kế hoạch",
        "tham_quyen": by.upper() if by else "CHỦ TỊCH ỦY BAN NHÂN DÂN",
        "dieu": ["Ban hành kèm theo Quyết định này Kế hoạch " + (summary[:1].lower() + summary[1:] if summary else "")
                 + ".", "Quyết định này có hiệu lực thi hành kể từ ngày ký."],
        "nguoi_ky": {"chuc_vu": "CHỦ TỊCH", "ho_ten": "(Họ và tên)"},
    }


def _read_back(text: str, target: str):
    from generator.source.yaml_source import load_bytes
    from generator import kinds

    try:
        return kinds.read(load_bytes(text.encode("utf-8"), target), expect=("ke_hoach",))
    except InputError as exc:
        raise ImportFault(target, "kehoach chưa tạo được tệp kế hoạch hợp lệ từ văn bản này (lỗi của kehoach, hãy "
                                  "báo kèm tệp):\n" + "\n".join(str(p) for p in exc.problems), code=1) from None


def _settle_annex_line(plan, text: str, data: dict[str, Any], rec: Recognized, target: str, header: list[str]):
    """Keep the annex's "(Kèm theo …)" line as written when the default one differs."""
    written = rec.annex_attached
    if plan.layout.annex is None or not written:
        return plan, text
    from generator.kinds.plan.documents import annex_attached_line

    if re.sub(r"\s+", " ", annex_attached_line(plan)) == re.sub(r"\s+", " ", written):
        return plan, text
    data["ke_hoach"].setdefault("phu_luc", {})["kem_theo"] = written
    text = writer.write_plan(data, rec.task_comments, header, rec.trailing)
    return _read_back(text, target), text


def _check_attached_line(plan, rec: Recognized) -> None:
    """Report when the Kế hoạch's "(kèm theo …)" line will print otherwise than written."""
    from generator.kinds.official.documents import attached_line

    if not rec.attached_text or plan.decision is None:
        return
    printed = attached_line(plan)
    if re.sub(r"\s+", "", printed) != re.sub(r"\s+", "", rec.attached_text):
        rec.report.add(CHANGED, rec.attached_where, f"Dòng 'kèm theo Quyết định' sẽ được in là: {printed}",
                       rec.attached_text)


def _summary(plan) -> str:
    kind = "Quyết định + Kế hoạch" if plan.decision is not None else "Kế hoạch ban hành độc lập"
    style = "bảng phụ lục" if plan.layout.in_annex else "nhiệm vụ trong thân văn bản"
    return (f"{kind}, {len(plan.groups)} lĩnh vực, {len(plan.tasks)} nhiệm vụ ({style}), "
            f"{len(plan.registry.agencies)} cơ quan")


__all__ = ["ImportResult", "import_files", "assemble", "CHANGED", "INFO", "UNPLACED"]
