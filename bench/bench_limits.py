#!/usr/bin/env python3
"""Worst inputs within the limits: `validate` and `build` of each stay under 5 s and 1 GB.

    python3 bench/bench_limits.py            # every shape (about a minute on 2 cores)
    python3 bench/bench_limits.py --keep     # keep the generated files (printed folder)

Each shape is the largest file of its kind that the input limits accept (2 MB, 30,000
values, 4,000,000 characters with alias copies, 20,000 stars, 5,000 tasks, 10,000 characters
per paragraph): many tasks, tasks with sub-tasks in the annex table, many short paragraphs,
long paragraphs, alias copies, emphasis everywhere, long lists of points, long office
wordings. Every run is a fresh ``python -m generator`` process; the figures are its CPU
seconds (user + system: less sensitive than wall-clock time to other work on a shared
machine), its wall-clock seconds and its peak memory, next to a baseline measured in the
same run (building the Nam Đồ Sơn plan) so that runs on different machines compare.
Target: CPU under 5 s and memory under 1 GB for each (the bad-input corpus's limits).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import kinds  # noqa: E402
from generator.errors import InputError  # noqa: E402
from generator.source.yaml_source import load_bytes  # noqa: E402

BASE = (ROOT / "tests" / "hostile" / "bad_inputs" / "_hop-le.yaml").read_text(encoding="utf-8")
HEAD = BASE.split("nhiem_vu_cu_the:")[0]
LIMIT_CPU = 5.0
LIMIT_MB = 1024
MAX_BYTES = 2 * 1024 * 1024


def _tasks(n: int, task: str, annex: bool = False) -> str:
    head = HEAD.replace("trinh_bay_nhiem_vu: muc", "trinh_bay_nhiem_vu: phu_luc") if annex else HEAD
    return head + 'nhiem_vu_cu_the:\n  - linh_vuc: "Cải cách hành chính"\n    nhiem_vu:\n' + "".join(
        task.replace("{i}", str(i)) for i in range(n))


def _body(paragraphs: list[str]) -> str:
    return BASE.replace("ke_hoach:\n", "ke_hoach:\n  mo_dau:\n" + "".join(f'    - "{p}"\n' for p in paragraphs), 1)


def _fit(make, start: int) -> str:
    """Return make(n) for the largest n (from `start` down, in steps of 2 %) that kehoach accepts."""
    n = start
    while True:
        text = make(n)
        if len(text.encode("utf-8")) <= MAX_BYTES and _accepted(text):
            return text
        n = int(n * 0.98)


def _accepted(text: str) -> bool:
    try:
        kinds.read(load_bytes(text.encode("utf-8"), "x.yaml"))
    except InputError:
        return False
    return True


SUB = '{noi_dung: "Phần việc cụ thể của nhiệm vụ", chu_tri: vhxh, thoi_gian: "Quý I/2026"}'
WORDING = "Phòng Văn hóa - Xã hội chủ trì, phối hợp Văn phòng HĐND&UBND phường và các tổ dân phố " * 11
SHAPES = {
    "5.000 nhiệm vụ dài": lambda: _fit(lambda n: _tasks(n, '      - {noi_dung: "Nhiệm vụ {i}: ' + "tăng cường cải "
                                                        "cách hành chính " * 8 + '", chu_tri: vhxh, phoi_hop: vp, '
                                                        'thoi_gian: "Quý I/2026"}\n'), 5000),
    "nhiệm vụ × 4 phần việc (phụ lục)": lambda: _fit(lambda n: _tasks(
        n, '      - {noi_dung: "Nhiệm vụ {i}", chu_tri: vhxh, phan_viec: [' + ", ".join([SUB] * 4) + "]}\n",
        annex=True), 4000),
    "đoạn ngắn": lambda: _fit(lambda n: _body([f"Đoạn {i}." for i in range(n)]), 30000),
    "200 đoạn 10.000 ký tự": lambda: _fit(lambda n: _body([("Tăng cường cải cách hành chính trên địa bàn. " * 250)
                                                            [:9999]] * n), 200),
    "bí danh: 4.000.000 ký tự": lambda: BASE.replace("ke_hoach:\n", 'ke_hoach:\n  mo_dau: [&p "' + "x" * 9990 + '", '
                                                     + ", ".join(["*p"] * 398) + "]\n", 1),
    "nhấn mạnh: 20.000 dấu *": lambda: _fit(lambda n: _body([("*a* " * 2500)[:9999]] * 4 + [
        ("Tăng cường cải cách hành chính trên địa bàn. " * 250)[:9990] + f" {i}" for i in range(n)]), 190),
    "điểm a) b)": lambda: _fit(lambda n: BASE.replace(
        'diem: ["Tiếp tục triển khai cải cách hành chính.", "Nâng cao hiệu quả phục vụ."]',
        "diem: [" + ", ".join(f'"Điểm {i}"' for i in range(n)) + "]"), 30000),
    "nhiệm vụ, cơ quan ghi 1.000 ký tự": lambda: _fit(lambda n: _tasks(
        n, '      - {noi_dung: "Nhiệm vụ {i}", chu_tri: "' + WORDING[:990] + '", thoi_gian: "Quý I/2026"}\n'), 5000),
}


def run(args: list[str], cwd: Path) -> tuple[int, float, float, int]:
    """Run ``python -m generator ARGS``; return (exit status, CPU s, wall s, peak MB)."""
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "KEHOACH_JOBS": "1"})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss // 1024


def num(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kehoach-limits-"))
    _, base_cpu, _, _ = run(["build", str(ROOT / "plans" / "nam-do-son-2026.yaml"), "-o", str(folder / "base")], folder)
    print(f"Mốc: build Nam Đồ Sơn {num(base_cpu)} s CPU (máy: {os.cpu_count()} nhân, tải "
          f"{os.getloadavg()[0]:.1f})")
    print(f"{'dạng tệp':42} {'cỡ':>8} {'lệnh':8} {'CPU s':>6} {'wall s':>7} {'MB':>5} {'×mốc':>5}  kết quả")
    failed = 0
    for name, make in SHAPES.items():
        path = folder / f"{len(list(folder.glob('*.yaml'))):02d}.yaml"
        path.write_text(make(), encoding="utf-8")
        size = path.stat().st_size
        for command in ("validate", "build"):
            extra = ["-o", str(folder / "out"), "--force"] if command == "build" else []
            code, cpu, wall, mb = run([command, str(path), *extra], folder)
            ok = code == 0 and cpu < LIMIT_CPU and mb < LIMIT_MB
            failed += not ok
            print(f"{name:42} {size / 1024 / 1024:7.2f}M {command:8} {num(cpu):>6} {num(wall):>7} {mb:5d} "
                  f"{cpu / base_cpu:5.1f}  {'ĐẠT' if ok else f'CHƯA ĐẠT (mã {code})'}")
    if options.keep:
        print(f"Các tệp: {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    sys.exit(main())
