"""Documents that promise to agree print the same figure: 1 of 16 is 6,3% everywhere (half-up rounding)."""

from __future__ import annotations

from helpers import FIXTURES, docx_paragraphs

from generator.domain.vietnamese import percent_text, percentage


def test_one_rounding_for_every_percentage():
    assert percent_text(1, 16) == "6,3%"      # 6.25: half up, not to even
    assert percent_text(3, 16) == "18,8%"     # 18.75
    assert percent_text(1, 8) == "12,5%"
    assert percent_text(8, 16) == "50%"
    assert percent_text(0, 0) == "0%"
    assert str(percentage(1, 16)) == "6.3"


def sixteen_task_plan(folder):
    base = (FIXTURES / "plans" / "doc-lap-phuong.yaml").read_text(encoding="utf-8")
    head, _, _ = base.partition("nhiem_vu_cu_the:")
    tasks = []
    for i in range(16):
        status = "\n        trang_thai: hoan_thanh\n        ngay_hoan_thanh: 2026-02-10" if i == 0 else ""
        tasks.append(f'      - noi_dung: "Nhiệm vụ số {i + 1}."\n        chu_tri: vhxh\n'
                     f'        thoi_gian: "Quý I/2026"{status}')
    path = folder / "muoi-sau.yaml"
    path.write_text(head + "nhiem_vu_cu_the:\n  - linh_vuc: \"Tuyên truyền\"\n    nhiem_vu:\n" + "\n".join(tasks) + "\n",
                    encoding="utf-8")
    return path


def test_the_progress_report_and_the_inspection_report_agree(kehoach, tmp_path):
    plan = sixteen_task_plan(tmp_path)
    assert kehoach("tien-do", plan, "--ky", "quy-1", "-o", tmp_path / "out").code == 0
    progress = " ".join(docx_paragraphs(tmp_path / "out" / "muoi-sau" / "bao-cao-tien-do-2026-quy-1.docx"))
    assert "Đã hoàn thành: 1 nhiệm vụ (6,3%)" in progress and "6,2%" not in progress
    report = tmp_path / "bao-cao.yaml"
    report.write_text('don_vi: "Phường Lê Chân"\nde_cuong: kiem-tra-cchc-2026\nke_hoach: muoi-sau.yaml\n'
                      "so_lieu:\n  vb_kiem_tra_can_xu_ly: 16\n  vb_kiem_tra_da_xu_ly: 1\n", encoding="utf-8")
    result = kehoach("report", report, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    inspection = " ".join(docx_paragraphs(tmp_path / "out" / "bao-cao" / "bao-cao-kiem-tra.docx"))
    assert "Tỷ lệ xử lý VBQPPL sau kiểm tra: 6,3%" in inspection
    assert "Tổng số nhiệm vụ trong kế hoạch: 16 nhiệm vụ" in inspection
