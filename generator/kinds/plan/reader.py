"""Read a task plan file: structure, then meaning, into the model.

`read_plan(source)` checks the file against `SCHEMA`, then reads it with `PlanReader`,
which collects every problem with its place: unknown office keys (with a suggestion),
impossible deadlines, duplicate task ids, a completion date with the wrong status…
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.domain.agencies import Agency, AgencyRef, Registry, UnknownAgency, match_key
from generator.domain.deadlines import Deadline, DeadlineError, parse_deadline
from generator.domain.tasks import SubTask, Task, TaskGroup, combined_schedule
from generator.errors import InputError
from generator.kinds.official.reader import OfficialReader
from generator.kinds.plan.model import AnnexSpec, Plan, TaskLayout
from generator.kinds.plan.schema import SCHEMA
from generator.source.fields import lines, strip_end
from generator.source.structure import check_structure
from generator.source.yaml_source import FieldPath, Source

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


def read_plan(source: Source) -> Plan:
    """Return the task plan held by `source`; raise InputError listing every problem."""
    problems = check_structure(source, SCHEMA, "kế hoạch") + _missing_task_list(source)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.field))
        raise InputError(problems)
    reader = PlanReader(source)
    plan = reader.build()
    if reader.failed:
        raise InputError(reader.problems)
    return plan


def _missing_task_list(source: Source) -> list:
    """Return the problem of a plan without `nhiem_vu_cu_the` that does not say its tasks are elsewhere."""
    data = source.data
    if not isinstance(data, dict) or "nhiem_vu_cu_the" in data:
        return []
    plan = data.get("ke_hoach")
    if isinstance(plan, dict) and plan.get("trinh_bay_nhiem_vu") == "phu_luc_rieng":
        return []
    return [source.problem(("nhiem_vu_cu_the",), "Thiếu trường bắt buộc 'nhiem_vu_cu_the' (nhiệm vụ cụ thể theo "
                                                  "lĩnh vực). Nếu danh mục nhiệm vụ là một văn bản riêng, ghi "
                                                  "'trinh_bay_nhiem_vu: phu_luc_rieng' trong ke_hoach: Kế hoạch sẽ "
                                                  "dẫn chiếu tới Phụ lục đó.")]


class PlanReader(OfficialReader):
    """Read a task plan file into the model, collecting every problem with its location."""

    def build(self) -> Plan:
        year_from, year_to = self.years()
        self.year = year_from
        issuer = self.issuer(self.data["co_quan_ban_hanh"])
        registry = self._registry(self.data["co_quan"])
        decision = None
        if "quyet_dinh" in self.data:
            decision = self.decision(self.data["quyet_dinh"], ("quyet_dinh",))
        plan_data = self.data["ke_hoach"]
        document = self.document(plan_data, ("ke_hoach",), standalone=decision is None)
        layout = self._layout(plan_data, ("ke_hoach",))
        groups = self._task_list(layout, registry)
        self._unused_in_layout(layout, ("ke_hoach",))
        self.check_notes(plan_data.get("chu_thich"), ("ke_hoach", "chu_thich"),
                         [(plan_data, ("ke_hoach",)), (self.data.get("nhiem_vu_cu_the"), ("nhiem_vu_cu_the",))])
        return Plan(self.source.path, year_from, year_to, issuer, decision, document,
                    registry=registry, layout=layout, groups=groups, warnings=tuple(self.problems))

    def _task_list(self, layout: TaskLayout, registry: Registry) -> tuple[TaskGroup, ...]:
        """Return the task groups; a plan says when it has none (its annex is another document)."""
        data = self.data.get("nhiem_vu_cu_the")
        if data is None:   # allowed by read_plan only with phu_luc_rieng
            return ()
        if layout.style == "phu_luc_rieng":
            self.warn(("nhiem_vu_cu_the",), "trinh_bay_nhiem_vu là 'phu_luc_rieng' (danh mục nhiệm vụ là văn bản "
                                            "riêng) nên các nhiệm vụ này không in trong Kế hoạch; chúng vẫn dùng để "
                                            "theo dõi (kehoach tasks, tien-do). Muốn in bảng, ghi 'phu_luc'.")
        return self._groups(data, registry)

    def _layout(self, data: dict[str, Any], path: FieldPath) -> TaskLayout:
        style = data.get("trinh_bay_nhiem_vu", "muc")
        annex = None
        spec = data.get("phu_luc", {})
        if style in ("phu_luc", "phu_luc_rieng"):
            title = lines(spec.get("tieu_de", ["DANH MỤC NHIỆM VỤ CỤ THỂ"]))
            attached = spec.get("kem_theo", True)
            label = spec.get("nhan", "PHỤ LỤC")
            annex = AnnexSpec(
                title=title,
                attached_line=attached if isinstance(attached, str) else ("" if attached is False else None),
                columns={**DEFAULT_COLUMNS, **spec.get("cot", {})},
                label=label,
                attached_prefix=strip_end(attached.get("mo_dau", ""), ",;:") if isinstance(attached, dict) else "",
                attached_by=attached.get("cua", "") if isinstance(attached, dict) else "",
                attached_numeric_date=attached.get("ngay_dang_so") if isinstance(attached, dict) else None,
                numbering=spec.get("danh_so", "lien_tuc"),
                group_rows=spec.get("dong_nhom", "gop"),
                part_mark=spec.get("gach_phan_viec", True),
                pointer=spec.get("dan_chieu", ""),
            )
        elif "phu_luc" in data:
            self.warn(path + ("phu_luc",), "trinh_bay_nhiem_vu là 'muc' nên phụ lục không được in. Xóa 'phu_luc', "
                                           "hoặc ghi 'trinh_bay_nhiem_vu: phu_luc' để in bảng phụ lục.")
        return TaskLayout(style, {**DEFAULT_LABELS, **data.get("nhan", {})}, annex)

    def _unused_in_layout(self, layout: TaskLayout, path: FieldPath) -> None:
        """Warn about the fields that print nothing in the plan's task layout."""
        data = self.data["ke_hoach"]
        if layout.in_annex and "nhan" in data:
            self.warn(path + ("nhan",), "Nhãn 'nhan' chỉ in khi nhiệm vụ trình bày dạng mục "
                                        "(trinh_bay_nhiem_vu: muc); bảng phụ lục dùng tên cột 'phu_luc.cot'.")
        if layout.style == "phu_luc_rieng":
            for key in sorted(set(data.get("phu_luc", {})) - {"nhan", "dan_chieu"}):
                self.warn(path + ("phu_luc", key), f"Phụ lục là văn bản riêng (phu_luc_rieng) nên '{key}' không "
                                                   "được in; chỉ 'nhan' và 'dan_chieu' dùng cho câu dẫn chiếu.")
        tasks = self.data.get("nhiem_vu_cu_the") or []
        labelled = [(gi, ti) for gi, g in enumerate(tasks) if isinstance(g, dict)
                    for ti, t in enumerate(g.get("nhiem_vu") or []) if isinstance(t, dict)
                    and ("nhan_chu_tri" in t or "nhan_phoi_hop" in t)]
        if layout.in_annex and labelled:
            gi, ti = labelled[0]
            more = f" (và {len(labelled) - 1} nhiệm vụ khác)" if len(labelled) > 1 else ""
            self.warn(("nhiem_vu_cu_the", gi, "nhiem_vu", ti), f"nhan_chu_tri, nhan_phoi_hop{more} chỉ in khi "
                      "nhiệm vụ trình bày dạng mục (trinh_bay_nhiem_vu: muc); trong bảng phụ lục chúng bị bỏ qua.")
        unnumbered = [(gi, ti) for gi, g in enumerate(tasks) if isinstance(g, dict)
                      for ti, t in enumerate(g.get("nhiem_vu") or []) if isinstance(t, dict)
                      and t.get("danh_so") is False]
        if unnumbered and not layout.annex_here:
            gi, ti = unnumbered[0]
            self.warn(("nhiem_vu_cu_the", gi, "nhiem_vu", ti, "danh_so"),
                      "'danh_so: false' chỉ có tác dụng trong bảng phụ lục (trinh_bay_nhiem_vu: phu_luc); "
                      "dạng mục luôn đánh số 1.1, 1.2…")

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

    # -- tasks ------------------------------------------------------------------------
    def _agency(self, registry: Registry, value: Any, path: FieldPath, *, lead: bool) -> AgencyRef | None:
        if value is None:
            return None
        try:
            return registry.resolve(value, lead=lead)
        except UnknownAgency as exc:
            self.error(path, exc.message)
            return None

    def _deadline(self, wording: str, path: FieldPath) -> Deadline | None:
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

    @staticmethod
    def _products(value: Any) -> tuple[tuple[str, ...], bool]:
        if value is None:
            return (), False
        if isinstance(value, list):
            return tuple(re.sub(r"^[-+]\s*", "", v) for v in value), True
        return (value,), False

    def _groups(self, data: list[dict[str, Any]], registry: Registry) -> tuple[TaskGroup, ...]:
        groups = []
        seq = 0
        ids: dict[str, FieldPath] = {}
        for gi, group in enumerate(data, start=1):
            tasks = []
            for ti, item in enumerate(group["nhiem_vu"], start=1):
                seq += 1
                path: FieldPath = ("nhiem_vu_cu_the", gi - 1, "nhiem_vu", ti - 1)
                tasks.append(self._task(item, path, registry, gi, ti, seq, ids))
                if seq > MAX_TASKS:
                    self.error(path, f"Kế hoạch quá nhiều nhiệm vụ (tối đa {MAX_TASKS}).")
                    return tuple(groups)
            groups.append(TaskGroup(gi, group["linh_vuc"], tuple(tasks)))
        return tuple(groups)

    def _task(self, item: dict[str, Any], path: FieldPath, registry: Registry, gi: int, ti: int, seq: int,
              ids: dict[str, FieldPath]) -> Task:
        parts = []
        for pi, part in enumerate(item.get("phan_viec", ())):
            ppath = path + ("phan_viec", pi)
            products, _ = self._products(part.get("san_pham"))
            parts.append(SubTask(
                part["noi_dung"],
                self._agency(registry, part["chu_tri"], ppath + ("chu_tri",), lead=True) or AgencyRef("", ()),
                self._agency(registry, part.get("phoi_hop"), ppath + ("phoi_hop",), lead=False),
                products,
                part.get("thoi_gian", ""),
                self._deadline(part.get("thoi_gian", ""), ppath + ("thoi_gian",)),
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
        lead = self._agency(registry, item.get("chu_tri"), path + ("chu_tri",), lead=True)
        support = self._agency(registry, item.get("phoi_hop"), path + ("phoi_hop",), lead=False)
        due = self._deadline(item.get("thoi_gian", ""), path + ("thoi_gian",))
        content = lines(item["noi_dung"])
        return Task(
            group_index=gi,
            index=ti,
            seq=seq,
            content=content[0],
            details=content[1:],
            numbered=item.get("danh_so", True),
            lead=lead,
            support=support,
            products=products,
            products_as_list=as_list,
            deadline=item.get("thoi_gian", ""),
            due=due,
            schedule=combined_schedule(due, tuple(parts)),
            lead_label=item.get("nhan_chu_tri", ""),
            support_label=item.get("nhan_phoi_hop", ""),
            stable_id=stable_id,
            status=status,
            completed_on=completed,
            result=item.get("ket_qua", ""),
            parts=tuple(parts),
            line=self.source.line_of(path),
        )


def plan_summary(plan: Plan) -> str:
    """Return a one-line description of a plan for messages."""
    kind = "Quyết định + Kế hoạch" if plan.decision is not None else "Kế hoạch ban hành độc lập"
    if not plan.groups:
        return f"{kind}, danh mục nhiệm vụ là văn bản riêng"
    return f"{kind}, {len(plan.groups)} lĩnh vực, {len(plan.tasks)} nhiệm vụ"
