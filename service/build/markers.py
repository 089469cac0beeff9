"""The '(Cao, A, C)' marker that ends a Phụ lục 1 description: priority and theme groups."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

THEME_GROUPS = ("A", "B", "C", "D", "E")
_MARKER = re.compile(r"\s*\(((?:Cao)?(?:\s*,?\s*[A-E])*)\)\s*$")


@dataclass(frozen=True)
class Marker:
    high_priority: bool = False
    groups: tuple[str, ...] = ()
    text: str = ""  # the marker exactly as written, '' when the row has none
    notes: tuple[str, ...] = field(default=())


def split_marker(description: str) -> tuple[str, Marker]:
    """Return the description without its trailing marker, and the marker.

    Only a final parenthesis made of 'Cao' and letters A–E counts; '(ITS)' or
    '(Thực hiện “Tuần lễ Xanh”…)' are part of the text.
    """
    m = _MARKER.search(description)
    if not m or not m.group(1).strip():
        return description.strip(), Marker()
    inner = m.group(1)
    tokens = [t.strip() for t in inner.split(",") if t.strip()]
    high = False
    groups: list[str] = []
    notes: list[str] = []
    for tok in tokens:
        parts = tok.split()
        if len(parts) > 1:
            notes.append(f"theme-group marker '{tok}' lacks a comma between {', '.join(parts)}")
        for part in parts:
            if part == "Cao":
                high = True
            elif part not in groups:
                groups.append(part)
    text = description[m.start():].strip()
    return description[: m.start()].strip(), Marker(high, tuple(groups), text, tuple(notes))
