"""The office registry (cơ quan) and references to offices from tasks.

Offices are declared once, key → names. A task names its lead (chủ trì) and
supporting (phối hợp) offices either by key or by the wording printed in the
document; wording is matched against every known name so that spelling variants
("Văn hoá"/"Văn hóa", "Văn hóa-Xã hội"/"Văn hóa - Xã hội") resolve to one office.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Applied after blanks are collapsed to single spaces: "\s*-\s*" would backtrack over every
# run of blanks that no dash follows (quadratic in the length of the run).
_DASHES = re.compile(r" ?[-‐‑‒–—] ?")
_AMPERSAND = re.compile(r" ?& ?")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)
def match_key(text: str) -> str:
    """Return the form of `text` used to compare office names.

    Case, tone-mark placement (hoá/hóa), spacing around dashes and ``&`` do not matter.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", stripped))
    text = _AMPERSAND.sub("&", _DASHES.sub("-", text))
    return text.strip(" .;,")


@dataclass(frozen=True)
class Agency:
    """One office of the registry."""

    key: str
    name: str
    short_name: str
    variants: tuple[str, ...] = ()
    own_list: bool = True    # gets its own workbook sheet and phân công document


_GENERIC = re.compile(r"\bliên quan\b")


def is_generic(name: str) -> bool:
    """Return True when `name` names no definite office: "Các cơ quan, đơn vị có liên quan"."""
    return bool(_GENERIC.search(match_key(name)))


@dataclass(frozen=True)
class AgencyRef:
    """What a task field says about offices: the printed text and the offices it names."""

    text: str
    keys: tuple[str, ...]


class UnknownAgency(ValueError):
    """A key that is not in the registry, or wording naming no known office."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Registry:
    """The offices of one plan, with lookup by key and by any spelling of a name."""

    def __init__(self, agencies: list[Agency]) -> None:
        self.agencies = {a.key: a for a in agencies}
        self._by_name: dict[str, str] = {}
        for agency in agencies:
            for name in (agency.name, agency.short_name, *agency.variants):
                if name:
                    self._by_name.setdefault(match_key(name), agency.key)
        # Longest names first, so "Văn phòng HĐND&UBND phường" wins over a shorter variant.
        self._names = [n for n in sorted(self._by_name, key=len, reverse=True) if len(n) >= 3]
        self._found: dict[str, tuple[str, ...]] = {}

    def __contains__(self, key: str) -> bool:
        return key in self.agencies

    def name_owner(self, name: str) -> str | None:
        """Return the key of the office whose name (any variant) is exactly `name`."""
        return self._by_name.get(match_key(name))

    def find_in(self, wording: str) -> tuple[str, ...]:
        """Return the keys of the offices named anywhere in `wording`, in order of appearance."""
        keys = self._found.get(wording)
        if keys is None:
            keys = self._found[wording] = self._find(match_key(wording))
        return keys

    def _find(self, text: str) -> tuple[str, ...]:
        found: list[tuple[int, str]] = []
        taken = [False] * len(text)
        for name in self._names:
            if name not in text:  # most names are not in a given wording: skip the scan
                continue
            for m in re.finditer(re.escape(name), text):
                start, end = m.span()
                if any(taken[start:end]) or not _word_bounded(text, start, end):
                    continue
                for i in range(start, end):
                    taken[i] = True
                found.append((start, self._by_name[name]))
        keys: list[str] = []
        for _, key in sorted(found):
            if key not in keys:
                keys.append(key)
        return tuple(keys)

    def suggest(self, text: str) -> str | None:
        """Return the known key or name closest to `text`, for "did you mean" hints."""
        import difflib  # only when there is a mistake to suggest a fix for

        if KEY_PATTERN.match(text):
            close = difflib.get_close_matches(text, list(self.agencies), n=1, cutoff=0.5)
            return close[0] if close else None
        names = {match_key(a.name): a.key for a in self.agencies.values()}
        close = difflib.get_close_matches(match_key(text), list(names), n=1, cutoff=0.4)
        return names[close[0]] if close else None

    def resolve(self, value: str | list[str], *, lead: bool) -> AgencyRef:
        """Return the reference that `value` (key, list of keys, or wording) makes.

        Raise UnknownAgency for an unknown key, or for lead wording naming no known office.
        """
        items = value if isinstance(value, list) else [value]
        texts: list[str] = []
        keys: list[str] = []
        for item in items:
            if KEY_PATTERN.match(item):
                if item not in self.agencies:
                    hint = self.suggest(item)
                    extra = f" Có phải ý bạn là '{hint}'?" if hint else ""
                    known = ", ".join(sorted(self.agencies))
                    raise UnknownAgency(
                        f"Không có cơ quan mã '{item}' trong danh mục co_quan.{extra} Các mã đã khai báo: {known}."
                    )
                texts.append(self.agencies[item].name)
                keys.append(item)
                continue
            found = self.find_in(item)
            if lead and not found:
                hint = self.suggest(item)
                extra = f" Gần nhất là '{hint}' ({self.agencies[hint].name})." if hint else ""
                raise UnknownAgency(
                    f"Không nhận ra cơ quan nào trong '{item}'.{extra} Hãy dùng mã cơ quan, "
                    "hoặc thêm tên này vào ten_khac của cơ quan trong co_quan."
                )
            texts.append(item)
            keys.extend(k for k in found if k not in keys)
        return AgencyRef("; ".join(texts), tuple(keys))


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()
