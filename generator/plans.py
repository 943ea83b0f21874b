"""Load a plan file: parse, validate (structure, then meaning) and build the model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from generator import schema as plan_schema
from generator.agencies import Agency, AgencyRef, Registry, UnknownAgency, match_key
from generator.deadlines import Deadline, DeadlineError, parse_deadline
from generator.errors import InputError, Problem
from generator.loading import Path, Source, load_file
from generator.model import (
    AnnexSpec,
    Block,
    Bullets,
    Decision,
    DocDate,
    Heading,
    Issuer,
    Numbered,
    Paragraph,
    Plan,
    PlanDocument,
    Point,
    Points,
    Section,
    Signer,
    SubTask,
    Task,
    TaskGroup,
)
from generator.validation import check_structure, describe_value

MAX_TASKS = 5000

DEFAULT_LABELS = {
    "chu_tri": "Cơ quan chủ trì thực hiện",
    "phoi_hop": "Cơ quan phối hợp",
    "san_pham": "Sản phẩm",
    "thoi_gian": "Thời gian thực hiện",
}
DEFAULT_COLUMNS = {
    "tt": "TT",
    "noi_dung": "Nội dung công việc",
    "chu_tri": "Cơ quan chủ trì",
    "phoi_hop": "Cơ quan phối hợp",
    "thoi_gian": "Thời gian thực hiện",
    "san_pham": "Sản phẩm",
}
_BLOCK_KEYS = {"muc", "so", "diem", "gach", "cong"}
LETTER_SCHEMES = ("viet", "latinh", "latinh_khong_d")


def load_plan(path: str) -> Plan:
    """Return the plan in the YAML file at `path`; raise InputError listing every problem."""
    source = load_file(path)
    return plan_from_source(source)


def plan_from_source(source: Source) -> Plan:
    """Return the plan held by `source`; raise InputError listing every problem."""
    problems = check_structure(source, plan_schema.CERBERUS_PLAN_SCHEMA)
    if problems:
        raise InputError(problems)
    builder = PlanReader(source)
    plan = builder.build()
    if any(not p.warning for p in builder.problems):
        raise InputError(builder.problems)
    return dataclasses.replace(plan, warnings=tuple(builder.problems))


def strip_end(text: str, marks: str = ";.,") -> str:
    """Return `text` without trailing punctuation among `marks` (but keep "./.")."""
    return text.rstrip(marks).rstrip()


class PlanReader:
    """Read a plan file into the model, collecting every problem with its location.

    Its public methods (years, issuer, decision, document, date, number) read the parts
    every plan kind shares; `generator.inspection` and `generator.reports` reuse them.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self.data: dict[str, Any] = source.data
        self.problems: list[Problem] = []

    def error(self, path: Path, message: str) -> None:
        self.problems.append(self.source.problem(path, message))

    def warn(self, path: Path, message: str) -> None:
        self.problems.append(self.source.problem(path, message, warning=True))

    # -- top level --------------------------------------------------------------------
    def build(self) -> Plan:
        year_from, year_to = self.years()
        issuer = self.issuer(self.data["co_quan_ban_hanh"])
        registry = self._registry(self.data["co_quan"])
        decision = None
        if "quyet_dinh" in self.data:
            decision = self.decision(self.data["quyet_dinh"], ("quyet_dinh",))
        document = self.document(self.data["ke_hoach"], ("ke_hoach",), standalone=decision is None)
        self.year = year_from
        groups = self._groups(self.data["nhiem_vu_cu_the"], registry, document)
        self._check_sections(document)
        return Plan(self.source.path, year_from, year_to, issuer, registry, decision, document, groups)

    def years(self) -> tuple[int, int]:
        nam, giai_doan = self.data.get("nam"), self.data.get("giai_doan")
        if nam is None and giai_doan is None:
            self.error((), "Thiếu năm kế hoạch: khai báo 'nam: 2026' hoặc 'giai_doan: {tu: 2026, den: 2030}'.")
            return 2000, 2000
        if nam is not None and giai_doan is not None:
            self.error(("giai_doan",), "Chỉ khai báo một trong hai: 'nam' hoặc 'giai_doan'.")
        if giai_doan is not None:
            if giai_doan["den"] < giai_doan["tu"]:
                self.error(("giai_doan", "den"), f"Năm cuối {giai_doan['den']} nhỏ hơn năm đầu {giai_doan['tu']}.")
            return giai_doan["tu"], giai_doan["den"]
        return nam, nam

    def issuer(self, data: dict[str, Any]) -> Issuer:
        lines = tuple(data.get("dong_ten") or split_issuer_name(data["ten"]))
        return Issuer(data["ten"], data["dia_danh"], data["viet_tat"], lines, data.get("chu_quan", ""))

    def _registry(self, data: dict[str, Any]) -> Registry:
        agencies = []
        owners: dict[str, str] = {}
        for key, entry in data.items():
            agency = Agency(key, entry["ten"], entry.get("ten_ngan", ""), tuple(entry.get("ten_khac", ())))
            agencies.append(agency)
            for name in (agency.name, *agency.variants):
                norm = match_key(name)
                if norm in owners and owners[norm] != key:
                    self.error(("co_quan", key), f"Tên '{name}' đã thuộc cơ quan '{owners[norm]}': "
                                                 "một tên chỉ được chỉ một cơ quan.")
                owners.setdefault(norm, key)
        return Registry(agencies)

    # -- documents --------------------------------------------------------------------
    def date(self, value: Any, path: Path) -> DocDate:
        if value in (None, ""):
            return DocDate()
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return DocDate(value.year, value.month, value.day)
        text = str(value)
        try:
            full = dt.date.fromisoformat(text)
        except ValueError:
            full = None
        if full is not None:
            return DocDate(full.year, full.month, full.day)
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", text)
        if not m:
            self.error(path, f"Ngày '{text}' không đúng dạng: dùng YYYY-MM-DD, YYYY-MM hoặc YYYY.")
            return DocDate()
        year, month = int(m.group(1)), int(m.group(2)) if m.group(2) else None
        if month is not None and not 1 <= month <= 12:
            self.error(path, f"Tháng {month} không có thật.")
            month = None
        return DocDate(year, month)

    def number(self, value: Any, path: Path) -> str:
        if value in (None, ""):
            return ""
        text = str(value).strip()
        if not re.fullmatch(r"[0-9]{1,12}", text) or int(text) == 0:  # isdigit() accepts "¹", int() does not
            self.error(path, f"Số văn bản '{text[:40]}' không hợp lệ: chỉ ghi chữ số (vd 5256), hoặc để trống.")
            return ""
        return f"{int(text):02d}"

    def _signer(self, data: dict[str, Any] | None, path: Path) -> Signer | None:
        if data is None:
            return None
        return Signer(data.get("quyen_han", ""), data["chuc_vu"], data["ho_ten"])

    def _recipients(self, items: list[str]) -> tuple[str, ...]:
        out = []
        for item in items:
            item = re.sub(r"^[-–+]\s*", "", item)
            out.append(strip_end(item))
        return tuple(out)

    def decision(self, data: dict[str, Any], path: Path) -> Decision:
        return Decision(
            number=self.number(data.get("so"), path + ("so",)),
            date=self.date(data.get("ngay"), path + ("ngay",)),
            summary=_lines(data["trich_yeu"]),
            authority=data["tham_quyen"],
            grounds=tuple(strip_end(c) for c in data.get("can_cu", ())),
            proposal=strip_end(data.get("de_nghi", "")),
            articles=tuple(data["dieu"]),
            recipients=self._recipients(data.get("noi_nhan", [])),
            archive=strip_end(data.get("luu", "VT")),
            signer=self._signer(data["nguoi_ky"], path + ("nguoi_ky",)),  # type: ignore[arg-type]
        )

    def document(self, data: dict[str, Any], path: Path, *, standalone: bool) -> PlanDocument:
        if standalone:
            if "nguoi_ky" not in data:
                self.error(path, "Kế hoạch ban hành độc lập (không có quyet_dinh) cần 'nguoi_ky'.")
            if "kem_theo" in data:
                self.warn(path + ("kem_theo",), "Không có quyet_dinh nên dòng 'kèm theo Quyết định' bị bỏ qua.")
        else:
            for key in ("so", "ngay", "noi_nhan", "nguoi_ky"):
                if key in data:
                    self.warn(path + (key,), f"Kế hoạch ban hành kèm Quyết định không in '{key}' riêng "
                                             "(Mẫu 1.3 Nghị định 30/2020): trường này bị bỏ qua.")
        attached = data.get("kem_theo", {})
        style = data.get("trinh_bay_nhiem_vu", "muc")
        annex = None
        if style == "phu_luc":
            spec = data.get("phu_luc", {})
            title = _lines(spec.get("tieu_de", ["DANH MỤC NHIỆM VỤ CỤ THỂ"]))
            annex = AnnexSpec(title, spec.get("kem_theo", ""), {**DEFAULT_COLUMNS, **spec.get("cot", {})})
        elif "phu_luc" in data:
            self.warn(path + ("phu_luc",), "trinh_bay_nhiem_vu là 'muc' nên phụ lục không được in.")
        sections = tuple(self._section(s, path + ("noi_dung", i)) for i, s in enumerate(data["noi_dung"]))
        closing = data.get("ket_thuc", "")
        return PlanDocument(
            summary=_lines(data["trich_yeu"]),
            attached_prefix=strip_end(attached.get("mo_dau", "Kèm theo Quyết định số"), ",;"),
            attached_by=attached.get("cua", ""),
            attached_numeric_date=attached.get("ngay_dang_so", False),
            task_style=style,
            letters=data.get("danh_diem", "viet"),
            labels={**DEFAULT_LABELS, **data.get("nhan", {})},
            intro=tuple(data.get("mo_dau", ())),
            sections=sections,
            closing=closing,
            annex=annex,
            number=self.number(data.get("so"), path + ("so",)) if standalone else "",
            date=self.date(data.get("ngay"), path + ("ngay",)) if standalone else DocDate(),
            recipients=self._recipients(data.get("noi_nhan", [])) if standalone else (),
            archive=strip_end(data.get("luu", "VT")),
            signer=self._signer(data.get("nguoi_ky"), path + ("nguoi_ky",)) if standalone else None,
        )

    def _check_sections(self, document: PlanDocument) -> None:
        marked = [i for i, s in enumerate(document.sections) if s.holds_tasks]
        if len(marked) > 1:
            self.error(("ke_hoach", "noi_dung", marked[1], "nhiem_vu"),
                       "Chỉ một mục được đánh dấu 'nhiem_vu: true'.")

    def _section(self, data: dict[str, Any], path: Path) -> Section:
        children = self._blocks(data.get("noi_dung", []), path + ("noi_dung",))
        return Section(data["tieu_de"], children, bool(data.get("nhiem_vu", False)))

    def _blocks(self, items: Any, path: Path) -> tuple[Block, ...]:
        if not isinstance(items, list):
            self.error(path, f"Cần danh sách các khối nội dung, nhưng đang là {describe_value(items)}.")
            return ()
        blocks: list[Block] = []
        for i, item in enumerate(items):
            block = self._block(item, path + (i,))
            if block is not None:
                blocks.append(block)
        return tuple(blocks)

    def _texts(self, value: Any, path: Path) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.error(path, f"Cần danh sách các đoạn văn, nhưng đang là {describe_value(value)}.")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item:
                self.error(path + (i,), f"Cần một đoạn văn (chuỗi), nhưng đang là {describe_value(item)}.")
                continue
            out.append(item)
        return tuple(out)

    def _block(self, item: Any, path: Path) -> Block | None:
        if isinstance(item, str):
            if not item:
                self.error(path, "Đoạn văn trống.")
                return None
            return Paragraph(item)
        if not isinstance(item, dict):
            self.error(path, f"Cần một đoạn văn hoặc một khối (muc, so, diem, gach, cong), "
                             f"nhưng đang là {describe_value(item)}.")
            return None
        kinds = _BLOCK_KEYS & set(item)
        if len(kinds) != 1:
            self.error(path, "Mỗi khối cần đúng một trong các trường: muc, so, diem, gach, cong.")
            return None
        kind = kinds.pop()
        allowed = {"muc", "noi_dung"} if kind == "muc" else {"diem", "danh_diem"} if kind == "diem" else {kind}
        for extra in set(item) - allowed:
            self.error(path + (extra,), f"Trường '{extra}' không dùng trong khối '{kind}'.")
        if kind == "muc":
            title = item["muc"]
            if not isinstance(title, str) or not title:
                self.error(path + ("muc",), f"Cần tiêu đề mục, nhưng đang là {describe_value(title)}.")
                return None
            return Heading(title, self._blocks(item.get("noi_dung", []), path + ("noi_dung",)))
        if kind == "so":
            return Numbered(self._texts(item["so"], path + ("so",)))
        if kind in ("gach", "cong"):
            return Bullets("-" if kind == "gach" else "+", self._texts(item[kind], path + (kind,)))
        scheme = item.get("danh_diem", "")
        if scheme and scheme not in LETTER_SCHEMES:
            self.error(path + ("danh_diem",), f"Giá trị '{scheme}' không hợp lệ; chọn một trong: "
                                              f"{', '.join(LETTER_SCHEMES)}.")
            scheme = ""
        return Points(self._points(item["diem"], path + ("diem",)), scheme)

    def _points(self, value: Any, path: Path) -> tuple[Point, ...]:
        if not isinstance(value, list) or not value:
            self.error(path, f"Cần danh sách các điểm, nhưng đang là {describe_value(value)}.")
            return ()
        points = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item:
                points.append(Point(item))
            elif isinstance(item, dict) and isinstance(item.get("tieu_de"), str) and item["tieu_de"]:
                for extra in set(item) - {"tieu_de", "noi_dung"}:
                    self.error(path + (i, extra), f"Trường '{extra}' không dùng trong một điểm.")
                points.append(Point(item["tieu_de"], self._blocks(item.get("noi_dung", []), path + (i, "noi_dung"))))
            else:
                self.error(path + (i,), "Cần một đoạn văn hoặc {tieu_de: ..., noi_dung: [...]}.")
        return tuple(points)

    # -- tasks ------------------------------------------------------------------------
    def _agency(self, registry: Registry, value: Any, path: Path, *, lead: bool) -> AgencyRef | None:
        if value is None:
            return None
        try:
            return registry.resolve(value, lead=lead)
        except UnknownAgency as exc:
            self.error(path, exc.message)
            return None

    def _deadline(self, wording: str, path: Path) -> Deadline | None:
        if not wording:
            return None
        try:
            parsed = parse_deadline(wording, self.year)
        except DeadlineError as exc:
            self.error(path, f"Thời gian '{wording}' sai: {exc}")
            return None
        if parsed is None:
            self.warn(path, f"Không hiểu thời gian '{wording}': vẫn in nguyên văn, nhưng nhiệm vụ này "
                            "sẽ không có hạn để theo dõi.")
        return parsed

    def _products(self, value: Any) -> tuple[tuple[str, ...], bool]:
        if value is None:
            return (), False
        if isinstance(value, list):
            return tuple(re.sub(r"^[-+]\s*", "", v) for v in value), True
        return (value,), False

    def _groups(self, data: list[dict[str, Any]], registry: Registry, document: PlanDocument) -> tuple[TaskGroup, ...]:
        groups = []
        seq = 0
        ids: dict[str, Path] = {}
        for gi, group in enumerate(data, start=1):
            tasks = []
            for ti, item in enumerate(group["nhiem_vu"], start=1):
                seq += 1
                path: Path = ("nhiem_vu_cu_the", gi - 1, "nhiem_vu", ti - 1)
                tasks.append(self._task(item, path, registry, gi, ti, seq, ids))
                if seq > MAX_TASKS:
                    self.error(path, f"Kế hoạch quá nhiều nhiệm vụ (tối đa {MAX_TASKS}).")
                    return tuple(groups)
            groups.append(TaskGroup(gi, group["linh_vuc"], tuple(tasks)))
        return tuple(groups)

    def _task(self, item: dict[str, Any], path: Path, registry: Registry, gi: int, ti: int, seq: int,
              ids: dict[str, Path]) -> Task:
        parts = []
        for pi, part in enumerate(item.get("phan_viec", ())):
            ppath = path + ("phan_viec", pi)
            products, _ = self._products(part.get("san_pham"))
            self._deadline(part.get("thoi_gian", ""), ppath + ("thoi_gian",))
            parts.append(SubTask(
                part["noi_dung"],
                self._agency(registry, part["chu_tri"], ppath + ("chu_tri",), lead=True) or AgencyRef("", ()),
                self._agency(registry, part.get("phoi_hop"), ppath + ("phoi_hop",), lead=False),
                products,
                part.get("thoi_gian", ""),
            ))
        if "chu_tri" not in item and not parts:
            self.error(path, "Nhiệm vụ thiếu 'chu_tri' (cơ quan chủ trì): mỗi nhiệm vụ cần một cơ quan chủ trì.")
        stable_id = item.get("ma", "")
        if stable_id:
            if stable_id in ids:
                self.error(path + ("ma",), f"Mã nhiệm vụ '{stable_id}' trùng với nhiệm vụ ở dòng "
                                           f"{self.source.line_of(ids[stable_id])}.")
            ids[stable_id] = path + ("ma",)
        status = item.get("trang_thai", "")
        completed = item.get("ngay_hoan_thanh")
        if isinstance(completed, dt.datetime):
            completed = completed.date()
        if completed and status and status != "hoan_thanh":
            self.error(path + ("trang_thai",), f"Có ngày hoàn thành nhưng trạng thái là '{status}': "
                                               "hãy ghi 'hoan_thanh' hoặc xóa ngày hoàn thành.")
        products, as_list = self._products(item.get("san_pham"))
        return Task(
            group_index=gi,
            index=ti,
            seq=seq,
            content=item["noi_dung"],
            lead=self._agency(registry, item.get("chu_tri"), path + ("chu_tri",), lead=True),
            support=self._agency(registry, item.get("phoi_hop"), path + ("phoi_hop",), lead=False),
            products=products,
            products_as_list=as_list,
            deadline=item.get("thoi_gian", ""),
            due=self._deadline(item.get("thoi_gian", ""), path + ("thoi_gian",)),
            lead_label=item.get("nhan_chu_tri", ""),
            support_label=item.get("nhan_phoi_hop", ""),
            stable_id=stable_id,
            status=status,
            completed_on=completed,
            result=item.get("ket_qua", ""),
            parts=tuple(parts),
            line=self.source.line_of(path),
        )


def _lines(value: str | list[str]) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def split_issuer_name(name: str) -> list[str]:
    """Return the header lines of an issuing body's name, in capitals.

    "Ủy ban nhân dân phường Nam Đồ Sơn" → ["ỦY BAN NHÂN DÂN", "PHƯỜNG NAM ĐỒ SƠN"].
    """
    for lead in ("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân"):
        if name.casefold().startswith(lead) and len(name) > len(lead):
            return [name[: len(lead)].upper(), name[len(lead):].strip().upper()]
    return [name.upper()]


