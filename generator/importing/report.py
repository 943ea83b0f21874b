"""The import report: what was converted, renumbered or could not be placed (Vietnamese)."""

from __future__ import annotations

from dataclasses import dataclass, field

UNPLACED = "chua_dat"      # text kept but not where the generator prints it (or not printed)
CHANGED = "thay_doi"       # printed differently after the build (renumbering, line order, …)
INFO = "thong_tin"         # what the reader did (encoding conversion, joined lines, …)

_TITLES = {
    UNPLACED: "Nội dung chưa đặt được vào đúng chỗ (xem lại trong tệp YAML)",
    CHANGED: "Sẽ in khác bản gốc khi tạo lại văn bản",
    INFO: "Đã xử lý khi đọc",
}


@dataclass(frozen=True)
class Note:
    """One line of the report: its kind, where in the source, what, and the source text."""

    kind: str
    where: str
    message: str
    text: str = ""

    def render(self) -> str:
        """Return the note as one or two lines for the user."""
        where = f"[{self.where}] " if self.where else ""
        quote = f"\n      “{_shorten(self.text)}”" if self.text else ""
        return f"  - {where}{self.message}{quote}"


@dataclass
class Report:
    """Every note of one import, in the order met."""

    notes: list[Note] = field(default_factory=list)

    def add(self, kind: str, where: str, message: str, text: str = "") -> None:
        """Record a note."""
        self.notes.append(Note(kind, where, message, text))

    def of(self, kind: str) -> list[Note]:
        """Return the notes of one kind."""
        return [n for n in self.notes if n.kind == kind]

    def render(self, source: str) -> str:
        """Return the whole report as text, grouped by kind."""
        lines = [f"Báo cáo nhập {source}:"]
        for kind in (UNPLACED, CHANGED, INFO):
            notes = self.of(kind)
            if notes:
                lines.append(f"{_TITLES[kind]} ({len(notes)}):")
                lines.extend(n.render() for n in notes)
        if len(lines) == 1:
            lines.append("  Mọi nội dung đã được đặt vào tệp YAML; không có gì cần xem lại.")
        return "\n".join(lines)


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
