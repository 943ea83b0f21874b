"""What the subcommands share: output options, argument types, reading inputs of the right kind."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from generator import kinds
from generator.errors import InputError, UsageError
from generator.run.batch import Options

if TYPE_CHECKING:
    from generator.kinds.plan.model import Plan


@dataclass(frozen=True)
class Column:
    """A column of a table printed on the terminal (`Ui.table`).

    `wide`/`narrow`: the most characters it takes on a terminal of 110 columns or more /
    of fewer (it shrinks to its longest cell); None: the column takes the width left.
    `break_at`: where a cell too wide for the column may start a new line.
    """

    header: str
    wide: int | None = None
    narrow: int | None = None
    justify: str = "left"
    wrap: bool = True
    break_at: str = ""


def add_output_options(parser: argparse.ArgumentParser, *, default_dir: str = "outputs") -> None:
    """Add the options every document-writing command shares: -o DIR, --force, --pdf, --pdfa."""
    parser.add_argument("-o", "--output", default=default_dir, metavar="DIR",
                        help=f"thư mục ghi kết quả (mặc định: {default_dir})")
    parser.add_argument("--force", action="store_true", help="ghi đè cả tệp đã bị sửa tay")
    parser.add_argument("--pdf", action="store_true",
                        help="tạo thêm bản PDF cạnh mỗi tệp .docx (Word nếu có, nếu không LibreOffice)")
    parser.add_argument("--pdfa", action="store_true",
                        help="như --pdf nhưng PDF/A-2b để phát hành điện tử (LibreOffice): nhúng mọi phông, "
                             "ghi tên văn bản, cơ quan ban hành, số ký hiệu vào thông tin của tệp")


def output_options(args: argparse.Namespace) -> Options:
    """Return the output options given on the command line."""
    return Options(force=args.force, pdf=getattr(args, "pdf", False), pdfa=getattr(args, "pdfa", False))


def iso_date(text: str) -> date:
    """Return the date written YYYY-MM-DD (argparse type)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày “{text}” không đúng dạng YYYY-MM-DD (vd 2026-03-31)") from None


def quarter(text: str) -> int:
    """Return a quarter number 1–4 written 1, 2, 3, 4 or I, II, III, IV (argparse type)."""
    value = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(text.strip().lower(), None)
    if value is None and text.strip().isdecimal():
        value = int(text)
    if value not in (1, 2, 3, 4):
        raise argparse.ArgumentTypeError(f"quý “{text}” không có: chọn 1, 2, 3 hoặc 4")
    return value


def today() -> date:
    """Return today's date (one place, so tests can set the day)."""
    return date.today()


def load_plan(path: str, ui: Any) -> Any:
    """Read the task plan at `path` to follow its tasks (refusing files of other kinds), showing its warnings.

    A plan whose task list is another document (``phu_luc_rieng``, no ``nhiem_vu_cu_the``)
    has nothing to follow: that is an input error saying so, not an empty report.
    """
    loaded = kinds.load(path, expect=("ke_hoach",))
    for warning in loaded.warnings:
        ui.warning(str(warning))
    if not loaded.model.tasks:
        raise InputError([loaded.source.problem((), "Kế hoạch này không có danh sách nhiệm vụ (danh mục nhiệm vụ "
                                                    "là văn bản riêng: trinh_bay_nhiem_vu: phu_luc_rieng), nên "
                                                    "không có nhiệm vụ nào để theo dõi. Muốn theo dõi bằng "
                                                    "kehoach, ghi các nhiệm vụ vào 'nhiem_vu_cu_the'.")])
    return loaded.model


def check_office(plan: Plan, value: str) -> str:
    """Return the key of the office `value` names (its key, short name or name); raise
    UsageError with a suggestion otherwise."""
    if value in plan.registry:
        return value
    owner = plan.registry.name_owner(value)
    if owner is not None:
        return owner
    hint = plan.registry.suggest(value)
    extra = f" Có phải ý bạn là '{hint}'?" if hint else ""
    known = ", ".join(f"{k} ({a.short_name})" if a.short_name else k for k, a in plan.registry.agencies.items())
    raise UsageError(f"{plan.source}: không có cơ quan mã '{value}'.{extra} Các mã trong co_quan: {known}.")
