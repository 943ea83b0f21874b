"""Read a task plan file: structure, then meaning, into the model.

`read_plan(source)` checks the file against `SCHEMA`, then reads it with `PlanReader`,
which collects every problem with its place: unknown office keys (with a suggestion),
impossible deadlines, deadlines outside the plan's period, duplicate task ids, a
completion date with the wrong status, a `ky` entry for an occurrence the task does not
have… Each task gets its schedule (`generator.domain.schedule`), the record of every
occurrence, and an id (`ma`, else a digest of its content) that survives renumbering.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import Any

from generator.domain.agencies import Agency, AgencyRef, Registry, UnknownAgency, is_generic, match_key
from generator.domain.deadlines import Deadline, DeadlineError, parse_deadline
from generator.domain.schedule import NONE, Occurrence, Schedule, TooManyOccurrences, build_schedule
from generator.domain.tasks import Record, SubTask, Task, TaskGroup
from generator.errors import InputError
from generator.kinds.official.reader import OfficialReader
from generator.kinds.plan.model import AnnexSpec, Plan, TaskLayout
from generator.kinds.plan.schema import SCHEMA
from generator.source.fields import lines, strip_end
from generator.source.structure import check_structure
from generator.source.yaml_source import FieldPath, Source

MAX_TASKS = 5000
MAX_OCCURRENCES = 100_000   # of the whole plan
MAX_DEADLINE_CHARS = 1000   # a longer "thoi_gian" is prose, not a deadline: printed, not followed
_SHOWN = 80                 # characters of a wording quoted in a message

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
    return reader.result(reader.build())


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
        self.year, self.last_year = year_from, max(year_from, year_to)
        self.occurrences = 0
        issuer = self.issuer(self.data["co_quan_ban_hanh"])
        registry = self._registry(self.data["co_quan"])
        decision = None
        if "quyet_dinh" in self.data:
            decision = self.decision(self.data["quyet_dinh"], ("quyet_dinh",))
        plan_data = self.data["ke_hoach"]
        document = self.document(plan_data, ("ke_hoach",), standalone=decision is None)
        issued = decision.date if decision is not None else document.date
        self.bounds = _plan_bounds(year_from, self.last_year, issued.year, issued.month)
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
            label = spec.get("nhan", "Phụ lục")  # Nghị định 30: "Phụ lục", in thường
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
            agency = Agency(key, entry["ten"], entry.get("ten_ngan", ""), tuple(entry.get("ten_khac", ())),
                            entry.get("danh_muc_rieng", not is_generic(entry["ten"])))
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
        shown = _short(wording)
        if len(wording) > MAX_DEADLINE_CHARS:
            self.warn(path, f"Thời gian '{shown}' dài {len(wording)} ký tự, quá dài để là một thời hạn (tối đa "
                            f"{MAX_DEADLINE_CHARS}): vẫn in nguyên văn, nhưng nhiệm vụ này sẽ không có hạn để theo dõi.")
            return None
        try:
            parsed = parse_deadline(wording, self.year, self.last_year)
        except DeadlineError as exc:
            self.error(path, f"Thời gian '{shown}' sai: {exc}")
            return None
        if parsed is None:
            self.warn(path, f"Không hiểu thời gian '{shown}': vẫn in nguyên văn, nhưng nhiệm vụ này "
                            "sẽ không có hạn để theo dõi.")
        return parsed

    def _schedule(self, own: Deadline | None, parts: list[SubTask], path: FieldPath) -> Schedule:
        """The task's schedule, with warnings for what it leaves out or puts outside the plan."""
        try:
            schedule = build_schedule(own, [p.due for p in parts])
        except TooManyOccurrences as exc:
            self.error(path + ("thoi_gian",), str(exc))
            return NONE
        self.occurrences += len(schedule.occurrences)
        if self.occurrences > MAX_OCCURRENCES:
            self.error(path, f"Kế hoạch có quá nhiều kỳ phải theo dõi (tối đa {MAX_OCCURRENCES} kỳ).")
            return NONE
        checks = [(own, path + ("thoi_gian",))]
        checks += [(p.due, path + ("phan_viec", i, "thoi_gian")) for i, p in enumerate(parts)]
        for deadline, where in checks:
            if deadline is None:
                continue
            if deadline.unread:
                what = schedule.describe() if deadline is own else build_schedule(deadline).describe()
                self.warn(where, f"Không hiểu phần '{_short(deadline.unread)}' của thời gian "
                                 f"'{_short(deadline.wording)}': các kỳ tính theo {what}, hạn là ngày cuối kỳ. "
                                 "Ghi rõ ngày trong kỳ, vd 'Hằng quý, trước ngày 03 tháng cuối quý', "
                                 "'Hằng tháng, trước ngày 20'.")
            self._check_inside(deadline, where)
        return schedule

    def _check_inside(self, deadline: Deadline, path: FieldPath) -> None:
        """Warn when `deadline` lies wholly outside the plan's period."""
        first, last = self.bounds
        if deadline.due is None:
            return
        start = deadline.start or deadline.due
        if deadline.due < first or start > last:
            period = (f"năm {self.year}" if self.year == self.last_year
                      else f"giai đoạn {self.year}–{self.last_year}")
            self.warn(path, f"Thời gian '{_short(deadline.wording)}' nằm ngoài {period} của kế hoạch: "
                            "kiểm tra lại năm.")

    def _digest(self, content: str) -> str:
        """The id of a task without `ma`: "#" + a digest of its content, unique in the plan."""
        text = " ".join(unicodedata.normalize("NFC", content.replace("*", "")).casefold().split())
        n = self.digest_tries.get(text, 1)  # identical tasks: start after the last one's (else quadratic)
        while True:
            digest = "#" + hashlib.sha256(f"{text}\n{n}".encode()).hexdigest()[:8]
            if digest not in self.digests:
                self.digests.add(digest)
                self.digest_tries[text] = n + 1
                return digest
            n += 1

    def _record(self, data: dict[str, Any], path: FieldPath) -> Record:
        """The status fields written in `data` (a task, or one of its `ky` entries)."""
        status = data.get("trang_thai", "")
        completed = data.get("ngay_hoan_thanh")
        if isinstance(completed, dt.datetime):
            completed = completed.date()
        if completed and status and status != "hoan_thanh":
            self.error(path + ("trang_thai",), f"Có ngày hoàn thành nhưng trạng thái là '{status}': "
                                               "hãy ghi 'hoan_thanh' hoặc xóa ngày hoàn thành.")
        return Record(status, completed, data.get("ket_qua", ""))

    def _records(self, item: dict[str, Any], path: FieldPath, schedule: Schedule,
                 own: Record) -> tuple[tuple[str, Record], ...]:
        """What the plan says about each occurrence: its `ky` entry, else the task's own fields."""
        periods = item.get("ky") or {}
        if schedule.kind != "series":
            if periods:
                self.error(path + ("ky",), f"Nhiệm vụ này không lặp lại theo kỳ (thời gian "
                                           f"'{_short(schedule.wording)}'): ghi trang_thai, ngay_hoan_thanh, "
                                           "ket_qua ngay dưới nhiệm vụ, không dùng ky.")
            return (("", own),)
        occurrences = schedule.occurrences
        records: dict[str, Record] = {}
        for raw_key, entry in periods.items():
            key = str(raw_key)
            where = path + ("ky", raw_key)
            if schedule.occurrence(key) is None:
                keys = [o.key for o in occurrences]
                listed = ", ".join(keys) if len(keys) <= 6 else f"{', '.join(keys[:3])} … {keys[-1]}"
                self.error(where, f"Nhiệm vụ không có kỳ '{key}': thời gian '{_short(schedule.wording)}' cho "
                                  f"các kỳ {listed}.")
                continue
            records[key] = self._record(entry or {}, where)
        if not own.empty:
            target = _legacy_target(occurrences, own)
            if len(occurrences) > 1:
                example = "ky: {\"" + target.key + "\": {" + _yaml_record(own) + "}}"
                ignored = " (kỳ này đã ghi trong ky nên bỏ qua)" if target.key in records else ""
                field = "trang_thai" if own.status else "ngay_hoan_thanh" if own.completed_on else "ket_qua"
                self.warn(path + (field,),
                          f"Nhiệm vụ lặp lại {schedule.describe()}: trạng thái ghi chung cho nhiệm vụ được hiểu là "
                          f"của kỳ {target.key} ({target.label}){ignored}. Hãy ghi theo từng kỳ, vd {example}, "
                          "và bỏ trang_thai, ngay_hoan_thanh, ket_qua ghi chung.")
            records.setdefault(target.key, own)
        return tuple(records.items())

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
        self.digests: set[str] = set()
        self.digest_tries: dict[str, int] = {}
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
        own = self._record(item, path)
        products, as_list = self._products(item.get("san_pham"))
        lead = self._agency(registry, item.get("chu_tri"), path + ("chu_tri",), lead=True)
        support = self._agency(registry, item.get("phoi_hop"), path + ("phoi_hop",), lead=False)
        due = self._deadline(item.get("thoi_gian", ""), path + ("thoi_gian",))
        schedule = self._schedule(due, parts, path)
        content = lines(item["noi_dung"])
        digest = self._digest("\n".join(content))
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
            schedule=schedule,
            lead_label=item.get("nhan_chu_tri", ""),
            support_label=item.get("nhan_phoi_hop", ""),
            stable_id=stable_id,
            ident=stable_id or digest,
            digest=digest,
            status=own.status,
            completed_on=own.completed_on,
            result=own.result,
            parts=tuple(parts),
            line=self.source.line_of(path),
            records=self._records(item, path, schedule, own),
            written_periods=tuple(str(k) for k in (item.get("ky") or {})),
        )


def _short(text: str) -> str:
    """`text` cut for quoting in a message."""
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1].rstrip() + "…"


def _plan_bounds(first: int, last: int, issued_year: int | None, issued_month: int | None) -> tuple[dt.date, dt.date]:
    """The days a plan's deadlines may fall on: its years, from the month it was issued in when
    that is earlier (preparation in December), else from the December before."""
    start = dt.date(first, 1, 1)
    if issued_year is not None and issued_month is not None:
        start = min(start, dt.date(issued_year, issued_month, 1))
    elif issued_year is None or issued_year < first:
        start = dt.date(first - 1, 12, 1)
    return start, dt.date(last, 12, 31)


def _legacy_target(occurrences: tuple[Occurrence, ...], own: Record) -> Occurrence:
    """The occurrence that status fields written on a recurring task itself describe: the one
    in progress on their completion date (the last one begun by then), else the first one."""
    if own.completed_on is not None:
        begun = [o for o in occurrences if o.first_day <= own.completed_on]
        if begun:
            return begun[-1]
    return occurrences[0]


def _yaml_record(record: Record) -> str:
    parts = [f"trang_thai: {record.declared}"]
    if record.completed_on:
        parts.append(f"ngay_hoan_thanh: {record.completed_on.isoformat()}")
    if record.result:
        parts.append('ket_qua: "…"')
    return ", ".join(parts)


def plan_summary(plan: Plan) -> str:
    """Return a one-line description of a plan for messages."""
    kind = "Quyết định + Kế hoạch" if plan.decision is not None else "Kế hoạch ban hành độc lập"
    if not plan.groups:
        return f"{kind}, danh mục nhiệm vụ là văn bản riêng"
    return f"{kind}, {len(plan.groups)} lĩnh vực, {len(plan.tasks)} nhiệm vụ"
