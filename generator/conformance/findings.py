"""What a check reports: a rule, the findings that break it, where, and what is expected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

FAMILIES: dict[str, str] = {
    "trang": "Khổ giấy, hướng trang",
    "le": "Lề trang",
    "phong-chu": "Phông chữ, cỡ chữ",
    "tieu-de": "Quốc hiệu, tiêu ngữ, tên cơ quan",
    "so-ky-hieu": "Số, ký hiệu",
    "dia-danh-ngay": "Địa danh, ngày tháng",
    "ten-loai": "Tên loại, trích yếu",
    "can-cu": "Căn cứ ban hành",
    "noi-dung": "Nội dung văn bản",
    "chu-ky": "Chữ ký",
    "noi-nhan": "Nơi nhận",
    "so-trang": "Số trang",
    "phu-luc": "Phụ lục",
}


@dataclass
class Place:
    """Where a finding is: a paragraph (number and first words), or a section / its header."""

    paragraph: int | None = None
    words: str = ""
    section: int | None = None      # 1-based
    part: str = ""                  # "", "đầu trang" (header), "chân trang" (footer)
    page: int | None = None         # with --pdf

    def __str__(self) -> str:
        bits = []
        if self.paragraph:
            bits.append(f"đoạn {self.paragraph} «{self.words}»" if self.words else f"đoạn {self.paragraph}")
        elif self.section is not None:
            where = f"{self.part} " if self.part else ""
            bits.append(f"{where}phần {self.section} (section {self.section})")
        else:
            bits.append("toàn văn bản")
        if self.page:
            bits.append(f"trang {self.page}")
        return ", ".join(bits)

    def as_dict(self) -> dict:
        return {"doan": self.paragraph, "tu_dau": self.words, "phan": self.section,
                "vi_tri": self.part, "trang": self.page}


@dataclass
class Issue:
    """One thing a rule found wrong (before it is tied to its rule)."""

    place: Place
    problem: str
    expected: str | None = None


@dataclass(frozen=True)
class Rule:
    """A measurable format rule of ND30: id, family, Vietnamese name, what it expects."""

    id: str
    family: str
    name: str
    expects: str
    kinds: frozenset[str] | None                 # None: every kind
    check: Callable[..., list[Issue] | None]     # None result: nothing to check here
    fix: Callable[..., list[str]] | None = None  # returns what it changed

    def applies_to(self, kind_code: str) -> bool:
        return self.kinds is None or kind_code in self.kinds

    def as_dict(self) -> dict:
        return {"ma": self.id, "nhom": self.family, "ten_nhom": FAMILIES[self.family], "ten": self.name,
                "yeu_cau": self.expects, "sua_tu_dong": self.fix is not None}


@dataclass
class Finding:
    """A rule broken at one place."""

    rule: Rule
    place: Place
    problem: str
    expected: str

    def __str__(self) -> str:
        return f"[{self.rule.id}] {self.rule.name} — {self.place}: {self.problem} Cần: {self.expected}"

    def as_dict(self) -> dict:
        return {"quy_tac": self.rule.id, "ten": self.rule.name, "nhom": self.rule.family,
                "vi_tri": self.place.as_dict(), "van_de": self.problem, "can": self.expected,
                "sua_tu_dong": self.rule.fix is not None}


@dataclass
class Report:
    """The result of checking one file."""

    path: str
    kind_code: str = ""
    kind_label: str = ""
    findings: list[Finding] = field(default_factory=list)
    passed: list[Rule] = field(default_factory=list)
    not_applicable: list[Rule] = field(default_factory=list)
    pages: int | None = None
    error: str | None = None           # the file could not be read
    notes: list[str] = field(default_factory=list)

    @property
    def broken(self) -> list[Rule]:
        return list(dict.fromkeys(f.rule for f in self.findings))

    @property
    def ok(self) -> bool:
        return self.error is None and not self.findings

    @property
    def exit_code(self) -> int:
        return 2 if self.error else (1 if self.findings else 0)

    def as_dict(self) -> dict:
        return {
            "tep": self.path,
            "loai": {"ma": self.kind_code, "ten": self.kind_label} if self.kind_code else None,
            "so_trang": self.pages,
            "loi_doc_tep": self.error,
            "khong_dat": [f.as_dict() for f in self.findings],
            "quy_tac_khong_dat": [r.id for r in self.broken],
            "quy_tac_dat": [r.id for r in self.passed],
            "khong_ap_dung": [r.id for r in self.not_applicable],
            "ghi_chu": self.notes,
        }
