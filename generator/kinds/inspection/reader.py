"""Read an inspection plan file: the shared plan parts, its đề cương (Phụ lục I) and units (Phụ lục II)."""

from __future__ import annotations

import re

from generator.errors import InputError
from generator.kinds.inspection.model import InspectionPlan, UnitGroup
from generator.kinds.inspection.schema import SCHEMA
from generator.kinds.links import Links
from generator.kinds.official.model import IssuedPlan, PlanDocument
from generator.kinds.official.reader import OfficialReader, body_text
from generator.source.fields import lines
from generator.source.structure import require_structure
from generator.source.yaml_source import Source


def read_inspection(source: Source, links: Links) -> InspectionPlan:
    """Return the inspection plan held by `source`; raise InputError listing every problem."""
    require_structure(source, SCHEMA, "kế hoạch kiểm tra")
    data = source.data
    reader = OfficialReader(source)
    year_from, year_to = reader.years()
    issuer = reader.issuer(data["co_quan_ban_hanh"])
    decision = reader.decision(data["quyet_dinh"], ("quyet_dinh",)) if "quyet_dinh" in data else None
    document = reader.document(data["ke_hoach"], ("ke_hoach",), standalone=decision is None)
    reader.check_notes(data["ke_hoach"].get("chu_thich"), ("ke_hoach", "chu_thich"),
                       [(data["ke_hoach"], ("ke_hoach",))])
    _refers_to_annexes(reader, document)
    problems = list(reader.problems)
    outline = None
    try:
        outline = links.outline(data["de_cuong"], source, ("de_cuong",))
    except InputError as exc:
        problems += exc.problems
    units = data["don_vi_kiem_tra"]
    groups = tuple(UnitGroup(g["ten"], tuple(g["don_vi"])) for g in units["nhom"])
    seen: dict[str, int] = {}
    for gi, group in enumerate(units["nhom"]):
        for ui, name in enumerate(group["don_vi"]):
            key = name.casefold()
            path = ("don_vi_kiem_tra", "nhom", gi, "don_vi", ui)
            if key in seen:
                problems.append(source.problem(path, f"Đơn vị '{name}' đã có trong danh sách (dòng {seen[key]})."))
            seen.setdefault(key, source.line_of(path) or 0)
    if any(not p.warning for p in problems) or outline is None:
        raise InputError(problems)
    issued = IssuedPlan(source.path, year_from, year_to, issuer, decision, document)
    return InspectionPlan(issued, outline, lines(units["tieu_de"]), groups,
                          warnings=tuple(p for p in problems if p.warning))


ANNEXES = (("I", "đề cương báo cáo"), ("II", "danh sách cơ quan, đơn vị được kiểm tra"))


def _refers_to_annexes(reader: OfficialReader, document: PlanDocument) -> None:
    """Warn when the body never names one of its annexes (Nghị định 30/2020: it must refer to each)."""
    text = body_text(document).casefold()
    for numeral, what in ANNEXES:
        if not re.search(rf"phụ lục\s+{numeral.casefold()}(?![ivx])", text):
            reader.warn(("ke_hoach", "noi_dung"), f"Thân Kế hoạch chưa nhắc tới Phụ lục {numeral} ({what}): "
                                                  "văn bản cần dẫn chiếu từng phụ lục, vd thêm câu "
                                                  f"'({what[:1].upper() + what[1:]} tại Phụ lục {numeral} kèm "
                                                  "theo Kế hoạch này).'")


def inspection_summary(inspection: InspectionPlan) -> str:
    """Return a one-line description for messages."""
    kind = "Quyết định + Kế hoạch kiểm tra" if inspection.issued.decision else "Kế hoạch kiểm tra"
    return (f"{kind}, đề cương {inspection.outline.name} ({len(inspection.outline.fields)} chỉ tiêu), "
            f"{len(inspection.units)} đơn vị được kiểm tra")
