"""Inspection plans (kế hoạch kiểm tra, ``loai: kiem_tra``): a plan kind with no task list.

An inspection plan is issued by a Quyết định like a task plan, and carries two annexes:
Phụ lục I, the report outline every inspected unit follows (a definition file under
``templates/de-cuong/``, see `generator.outline`), and Phụ lục II, the list of the units
inspected. Its header, Quyết định and Kế hoạch body use the task plan's format and
builders; only the task list is absent.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import documents, rendering
from generator.agencies import Registry
from generator.batch import Rendered
from generator.documents import Rich, roman, rule
from generator.errors import InputError, Problem
from generator.loading import Source, load_file
from generator.model import Plan
from generator.outline import Outline, issued_body, load_outline, resolve_outline
from generator.outputs import Output
from generator.plans import PlanReader  # the task plan's builders for issuer, Quyết định, Kế hoạch
from generator.schema import PLAN_SCHEMA, field_map_to_cerberus
from generator.validation import check_structure

KIND = "kiem_tra"
_KE_HOACH_KEYS = ("so", "ngay", "noi_nhan", "luu", "nguoi_ky", "trich_yeu", "kem_theo", "danh_diem",
                  "mo_dau", "noi_dung", "ket_thuc")
_TEXT = {"type": "string", "empty": False}

INSPECTION_FIELDS: dict[str, Any] = {
    "loai": {"type": "string", "allowed": [KIND], "meta": {"mo_ta": "Loại kế hoạch: 'kiem_tra' (kế hoạch kiểm tra)"}},
    "nam": PLAN_SCHEMA["nam"],
    "co_quan_ban_hanh": PLAN_SCHEMA["co_quan_ban_hanh"],
    "quyet_dinh": PLAN_SCHEMA["quyet_dinh"],
    "ke_hoach": {**PLAN_SCHEMA["ke_hoach"],
                 "schema": {k: v for k, v in PLAN_SCHEMA["ke_hoach"]["schema"].items() if k in _KE_HOACH_KEYS}},
    "de_cuong": {**_TEXT, "meta": {"mo_ta": "Phụ lục I: tên đề cương trong templates/de-cuong/ "
                                            "(vd 'kiem-tra-cchc-2026') hoặc đường dẫn tệp .yaml"}},
    "don_vi_kiem_tra": {
        "type": "dict",
        "meta": {"mo_ta": "Phụ lục II: danh sách cơ quan, đơn vị, địa phương được kiểm tra"},
        "schema": {
            "tieu_de": {"type": ["string", "list"], "empty": False, "schema": _TEXT,
                        "meta": {"mo_ta": "Tên phụ lục, IN HOA"}},
            "nhom": {
                "type": "list",
                "empty": False,
                "meta": {"mo_ta": "Các nhóm đơn vị (tự đánh số 1., 2.)"},
                "schema": {
                    "type": "dict",
                    "schema": {
                        "ten": {**_TEXT, "meta": {"mo_ta": "Tên nhóm, vd 'Ủy ban nhân dân xã, phường:'"}},
                        "don_vi": {"type": "list", "empty": False, "schema": _TEXT,
                                   "meta": {"mo_ta": "Tên các đơn vị, vd 'Phường Lê Chân' (tự đánh số (1), (2))"}},
                    },
                    "required_fields": ["ten", "don_vi"],
                },
            },
        },
        "required_fields": ["tieu_de", "nhom"],
    },
}
INSPECTION_REQUIRED = ["loai", "nam", "co_quan_ban_hanh", "ke_hoach", "de_cuong", "don_vi_kiem_tra"]
CERBERUS_INSPECTION_SCHEMA = field_map_to_cerberus(INSPECTION_FIELDS, INSPECTION_REQUIRED)


@dataclass(frozen=True)
class UnitGroup:
    """A group of Phụ lục II: its title and the units in it."""

    title: str
    units: tuple[str, ...]


@dataclass(frozen=True)
class InspectionPlan:
    """A whole inspection plan file."""

    plan: Plan                      # issuer, Quyết định and Kế hoạch body (no tasks)
    outline: Outline                # Phụ lục I
    units_title: tuple[str, ...]    # Phụ lục II
    unit_groups: tuple[UnitGroup, ...]

    @property
    def source(self) -> str:
        """Return the path of the plan file."""
        return self.plan.source

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Return the warnings found while loading."""
        return self.plan.warnings

    @property
    def units(self) -> tuple[str, ...]:
        """Return every unit of Phụ lục II in order."""
        return tuple(u for g in self.unit_groups for u in g.units)


def is_inspection(data: Any) -> bool:
    """Return True when loaded YAML `data` is an inspection plan."""
    return isinstance(data, dict) and data.get("loai") == KIND


def load_inspection(path: str) -> InspectionPlan:
    """Return the inspection plan in the YAML file at `path`; raise InputError listing every problem."""
    return inspection_from_source(load_file(path))


def inspection_from_source(source: Source) -> InspectionPlan:
    """Return the inspection plan held by `source`; raise InputError listing every problem."""
    problems = check_structure(source, CERBERUS_INSPECTION_SCHEMA, what="kế hoạch kiểm tra")
    if problems:
        raise InputError(problems)
    data = source.data
    builder = PlanReader(source)
    year_from, year_to = builder.years()
    issuer = builder.issuer(data["co_quan_ban_hanh"])
    decision = builder.decision(data["quyet_dinh"], ("quyet_dinh",)) if "quyet_dinh" in data else None
    document = builder.document(data["ke_hoach"], ("ke_hoach",), standalone=decision is None)
    # No task list: the annex style keeps the body free of a "NHIỆM VỤ CỤ THỂ" section.
    document = dataclasses.replace(document, task_style="phu_luc", annex=None)
    problems = list(builder.problems)
    outline = None
    try:
        outline = load_outline(resolve_outline(data["de_cuong"], source, ("de_cuong",)))
    except InputError as exc:
        problems += exc.problems
    groups = tuple(UnitGroup(g["ten"], tuple(g["don_vi"])) for g in data["don_vi_kiem_tra"]["nhom"])
    seen: dict[str, int] = {}
    for gi, group in enumerate(data["don_vi_kiem_tra"]["nhom"]):
        for ui, name in enumerate(group["don_vi"]):
            key = name.casefold()
            if key in seen:
                problems.append(source.problem(("don_vi_kiem_tra", "nhom", gi, "don_vi", ui),
                                               f"Đơn vị '{name}' đã có trong danh sách (dòng {seen[key]})."))
            seen.setdefault(key, source.line_of(("don_vi_kiem_tra", "nhom", gi, "don_vi", ui)) or 0)
    if any(not p.warning for p in problems) or outline is None:
        raise InputError(problems)
    title = data["don_vi_kiem_tra"]["tieu_de"]
    plan = Plan(source.path, year_from, year_to, issuer, Registry([]), decision, document,
                warnings=tuple(p for p in problems if p.warning))
    return InspectionPlan(plan, outline, tuple(title) if isinstance(title, list) else (title,), groups)


# --- documents ----------------------------------------------------------------------------

def annexes_context(inspection: InspectionPlan) -> list[dict[str, Any]]:
    """Return the data of Phụ lục I (the outline) and Phụ lục II (the units)."""
    outline = inspection.outline
    units: list[tuple[str, Rich]] = []
    for number, group in enumerate(inspection.unit_groups, start=1):
        units.append(("heading", Rich.of(f"{number}. {group.title}")))
        units.extend(("body", Rich.of(f"- ({i}) {name}")) for i, name in enumerate(group.units, start=1))
    annexes = [
        (outline.title, [outline.subtitle] if outline.subtitle else [], issued_body(outline)),
        (None, [], units),
    ]
    out = []
    for index, (title, subtitle, body) in enumerate(annexes, start=1):
        lines = [title] if title else list(inspection.units_title)
        out.append({
            "label": f"Phụ lục {roman(index)}",
            "title": lines + subtitle,
            "rule": rule(documents._widest(lines + subtitle, 14, True, documents._TEXT_PT), 0.4),
            "body": [{"kind": kind, "text": text} for kind, text in body],
        })
    return out


def plan_context(inspection: InspectionPlan) -> dict[str, Any]:
    """Return the template data of the Kế hoạch kiểm tra with its annexes."""
    context = documents.plan_context(inspection.plan)
    context.pop("annex", None)
    context["rules"].pop("annex", None)
    context["annexes"] = annexes_context(inspection)
    return context


def outputs(inspection: InspectionPlan, out_dir: Path) -> list[Output]:
    """Return the Quyết định (if any) and the Kế hoạch kiểm tra rendered in memory."""
    folder = out_dir / Path(inspection.source).stem
    tdir = rendering.templates_dir()
    result = []
    if inspection.plan.decision is not None:
        data = rendering.render(tdir / "quyet-dinh.docx", documents.decision_context(inspection.plan))
        result.append(Output(folder / "quyet-dinh.docx", data))
    data = rendering.render(tdir / "ke-hoach-kiem-tra.docx", plan_context(inspection))
    result.append(Output(folder / "ke-hoach.docx", data))
    return result


def rendered(source: Source, out_dir: Path) -> Rendered:
    """Render in memory the documents of the inspection plan read into `source` (for `kehoach build`)."""
    inspection = inspection_from_source(source)
    return Rendered(outputs(inspection, out_dir), [str(w) for w in inspection.warnings])


def summary(inspection: InspectionPlan) -> str:
    """Return a one-line description for messages."""
    kind = "Quyết định + Kế hoạch kiểm tra" if inspection.plan.decision else "Kế hoạch kiểm tra"
    return (f"{kind}, đề cương {inspection.outline.name} ({len(inspection.outline.fields)} chỉ tiêu), "
            f"{len(inspection.units)} đơn vị được kiểm tra")
