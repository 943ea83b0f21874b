"""``kehoach kiem-tra FILE|FOLDER...``: check any Word document against Nghị định 30; ``--sua`` fixes a copy."""

from __future__ import annotations

import argparse
import json
import unicodedata

from generator.conformance import FAMILIES, RULES, Report, check_paths, document_files, exit_code, fix_file
from generator.conformance.check import check_file
from generator.errors import UsageError as KiemTraUsage

DESCRIPTION = ("Kiểm tra tệp Word (.docx, .doc) theo thể thức Nghị định 30/2020/NĐ-CP: khổ giấy, lề, phông và cỡ "
               "chữ, Quốc hiệu – Tiêu ngữ, tên cơ quan, số và ký hiệu, địa danh – ngày tháng, tên loại và trích "
               "yếu, căn cứ, nội dung, chữ ký, nơi nhận, số trang, phụ lục. Loại văn bản được nhận ra từ tên loại "
               "và ký hiệu. Mã thoát: 0 đạt hết, 1 có quy tắc không đạt, 2 không đọc được tệp.")


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="TỆP",
                   help="tệp .docx/.doc, hoặc thư mục (kiểm tra mọi tệp Word trong đó)")
    p.add_argument("--pdf", action="store_true", help="tạo bản PDF bằng LibreOffice để ghi cả số trang của từng lỗi")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON (cho chương trình khác đọc)")
    p.add_argument("--tat-ca", action="store_true", help="liệt kê cả các quy tắc đã đạt và không áp dụng")
    p.add_argument("--sua", action="store_true",
                   help="ghi bản sửa (cần -o): sửa khổ giấy, lề, phông, cỡ chữ, số 0 trong ngày tháng, số trang, "
                        "nơi nhận…; tệp gốc giữ nguyên")
    p.add_argument("-o", "--output", metavar="TỆP_SỬA.docx", help="với --sua: tệp ghi bản sửa")
    p.add_argument("--force", action="store_true", help="với --sua: ghi đè tệp -o đã có")
    p.add_argument("--quy-tac", action="store_true", help="liệt kê các quy tắc được kiểm tra rồi thoát")


def run(args: argparse.Namespace, ui) -> int:
    if args.quy_tac:
        ui.info(rules_table())
        return 0
    if not args.files:
        raise KiemTraUsage("Cần ít nhất một tệp .docx/.doc hoặc một thư mục (kehoach kiem-tra VAN_BAN.docx).")
    if args.sua:
        return _run_fix(args, ui)
    if args.output:
        raise KiemTraUsage("-o chỉ dùng cùng --sua (kehoach kiem-tra TỆP.docx --sua -o TỆP_SỬA.docx).")
    files = document_files(args.files)
    if not files:
        raise KiemTraUsage("Không có tệp Word (.docx, .doc) nào trong: " + ", ".join(args.files) + ".")
    reports = check_paths([str(f) for f in files], pdf=args.pdf)
    if args.json:
        ui.info(json.dumps(reports_json(reports), ensure_ascii=False, indent=1))
    else:
        for i, report in enumerate(reports):
            if report.error:
                ui.error(render_report(report))
                continue
            if i:
                ui.info("")
            ui.info(render_report(report, all_rules=args.tat_ca))
        if len(reports) > 1:
            ui.info("")
            ui.info(summary_table(reports))
    return exit_code(reports)


def _run_fix(args: argparse.Namespace, ui) -> int:
    if not args.output:
        raise KiemTraUsage("--sua cần -o TỆP_SỬA.docx: bản sửa được ghi ra tệp mới, tệp gốc giữ nguyên.")
    files = document_files(args.files)
    if len(files) != 1 or files[0].is_dir():
        raise KiemTraUsage("--sua sửa từng tệp một: hãy ghi đúng một tệp .docx/.doc.")
    src = files[0]
    first = check_file(src)
    if first.error:
        ui.error(f"{src}: không đọc được tệp: {first.error}")
        return 2
    result = fix_file(src, args.output, force=args.force)
    after = result.after
    if args.json:
        ui.info(json.dumps({
            "tep_goc": str(result.source), "tep_sua": str(result.target),
            "da_sua": [{"quy_tac": rid, "thay_doi": text} for rid, text in result.changes],
            "truoc_khi_sua": result.before.as_dict() if result.before else None,
            "sau_khi_sua": after.as_dict() if after else None,
        }, ensure_ascii=False, indent=1))
    else:
        ui.info(f"Đã ghi {result.target} (bản sửa; tệp gốc {result.source} giữ nguyên).")
        if result.changes:
            ui.info(f"Đã sửa ({len(result.changes)} thay đổi):")
            for rid, text in result.changes:
                ui.info(f"  [{rid}] {text}")
        else:
            ui.info("Không có gì sửa tự động được.")
        if after is not None and after.findings:
            ui.info(f"Còn lại cần người sửa ({len(after.findings)}):")
            for finding in after.findings:
                ui.info("  " + _finding_line(finding))
        elif after is not None:
            ui.info("Bản sửa đạt mọi quy tắc được kiểm tra.")
    return 1 if after is None or after.findings else 0


# --------------------------------------------------------------------------- text output


def _finding_line(f) -> str:
    return f"✗ [{f.rule.id}] {f.rule.name} — {f.place}: {f.problem}\n      Cần: {f.expected}"


def render_report(report: Report, *, all_rules: bool = False) -> str:
    """Return the Vietnamese text report of one file."""
    if report.error:
        return f"{report.path}: không đọc được tệp: {report.error}"
    broken = report.broken
    pages = f", {report.pages} trang" if report.pages else ""
    head = (f"{report.path}: {report.kind_label}{pages} — "
            + (f"{len(broken)} quy tắc không đạt, " if broken else "đạt hết: ")
            + f"{len(report.passed)} quy tắc đạt"
            + (f", {len(report.not_applicable)} không áp dụng." if report.not_applicable else "."))
    lines = [head]
    lines += [f"  ({note})" for note in report.notes]
    for f in report.findings:
        lines.append("  " + _finding_line(f))
    if all_rules:
        for r in report.passed:
            lines.append(f"  ✓ [{r.id}] {r.name}")
        for r in report.not_applicable:
            lines.append(f"  – [{r.id}] {r.name} (không áp dụng cho văn bản này)")
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def summary_table(reports: list[Report]) -> str:
    """Return the table of a folder check: file, kind, rules broken, rules passed."""
    rows = []
    for r in reports:
        if r.error:
            rows.append((r.path, "không đọc được", "–", "–"))
        else:
            rows.append((r.path, r.kind_label, str(len(r.broken)), str(len(r.passed))))
    heads = ("Tệp", "Loại văn bản", "Không đạt", "Đạt")
    widths = [max(_width(h), *(_width(row[i]) for row in rows)) for i, h in enumerate(heads)]
    line = lambda cells: "  ".join(_pad(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(heads), "─" * (sum(widths) + 2 * (len(widths) - 1))]
    out += [line(row) for row in rows]
    ok = sum(1 for r in reports if r.ok)
    bad = sum(1 for r in reports if not r.error and r.findings)
    unreadable = sum(1 for r in reports if r.error)
    out.append(f"Tổng: {len(reports)} tệp; {ok} đạt hết, {bad} có quy tắc không đạt"
               + (f", {unreadable} không đọc được." if unreadable else "."))
    return "\n".join(out)


def rules_table() -> str:
    """Return every rule grouped by family (for --quy-tac and the README)."""
    out = []
    for family, label in FAMILIES.items():
        out.append(f"{label}:")
        for r in RULES:
            if r.family == family:
                fix = " (có sửa tự động)" if r.fix else ""
                out.append(f"  [{r.id}] {r.name}{fix}: {r.expects}")
    return "\n".join(out)


def reports_json(reports: list[Report]) -> dict:
    return {
        "tep": [r.as_dict() for r in reports],
        "tong": {"so_tep": len(reports), "dat_het": sum(r.ok for r in reports),
                 "co_loi": sum(1 for r in reports if not r.error and r.findings),
                 "khong_doc_duoc": sum(1 for r in reports if r.error)},
        "quy_tac": [r.as_dict() for r in RULES],
    }
