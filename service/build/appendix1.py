"""Phụ lục 1, the task table: themes → tasks → sub-tasks → lettered activities.

One source line is one row: 'notation | description | period | lead | cooperating |
funding | output |'. Heading rows have only a description. Lettered rows ('a)') belong
to the numbered row above them and get its notation + '.' + letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import SourceError
from .markers import Marker, split_marker
from .source import Line, SourceText

_ROW = re.compile(r"^\s*(\d+(?:\.\d+)*|[a-zđ]\))\s*\|(.*)$")
_SEPARATOR = re.compile(r"^[\s|]*$")
COLUMNS = ("description", "period", "lead", "cooperating", "funding", "output")


@dataclass
class Row:
    notation: str
    line: Line
    description: str  # without the trailing marker
    description_cell: str  # exactly as in the source
    marker: Marker
    cells: dict[str, str] | None  # None for heading rows
    parent: "Row | None" = None
    children: list["Row"] = field(default_factory=list)

    @property
    def level(self) -> int:
        return self.notation.count(".") + 1

    @property
    def kind(self) -> str:
        return {1: "theme", 2: "task"}.get(self.level, "activity")

    @property
    def theme(self) -> "Row":
        row = self
        while row.parent is not None:
            row = row.parent
        return row

    @property
    def task(self) -> "Row | None":
        row: Row | None = self
        while row is not None and row.level > 2:
            row = row.parent
        return row if row is not None and row.level == 2 else None

    def ancestors(self) -> list["Row"]:
        out = []
        row = self.parent
        while row is not None:
            out.append(row)
            row = row.parent
        return out

    @property
    def effective_high(self) -> bool:
        return self.marker.high_priority or any(a.marker.high_priority for a in self.ancestors())

    @property
    def effective_groups(self) -> tuple[str, ...]:
        groups = set(self.marker.groups)
        for a in self.ancestors():
            groups.update(a.marker.groups)
        return tuple(sorted(groups))


def parse_appendix1(src: SourceText, lines: list[Line]) -> list[Row]:
    rows: list[Row] = []
    by_notation: dict[str, Row] = {}
    last_numbered: Row | None = None
    for line in lines:
        m = _ROW.match(line.text)
        if not m:
            continue
        label, rest = m.group(1), m.group(2)
        cells = [c.strip() for c in rest.split("|")]
        while cells and not cells[-1]:
            cells.pop()
        if label.endswith(")"):
            if last_numbered is None:
                raise src.error(f"lettered row '{label}' before any numbered row", line)
            notation = f"{last_numbered.notation}.{label[:-1]}"
            parent = last_numbered
        else:
            notation = label
            parent_notation = notation.rsplit(".", 1)[0] if "." in notation else None
            parent = by_notation.get(parent_notation) if parent_notation else None
            if parent_notation and parent is None:
                raise src.error(f"row {notation} has no parent row {parent_notation}", line, notation)
        if notation in by_notation:
            raise src.error(f"duplicate row notation {notation}", line, notation)
        if not cells or not cells[0]:
            raise src.error("row has no description", line, notation)
        description, marker = split_marker(cells[0])
        if len(cells) == 1:
            row_cells = None
        else:
            missing = [COLUMNS[i] for i in range(1, 6) if i >= len(cells) or not cells[i]]
            if missing:
                raise src.error(f"missing column(s): {', '.join(missing)}", line, notation)
            row_cells = dict(zip(COLUMNS, cells[:6]))
            if len(cells) > 6 and any(cells[6:]):
                row_cells["note"] = " | ".join(c for c in cells[6:] if c)
        row = Row(notation, line, description, cells[0], marker, row_cells, parent)
        if parent is not None:
            parent.children.append(row)
        rows.append(row)
        by_notation[notation] = row
        if not label.endswith(")"):
            last_numbered = row
    if not rows:
        raise SourceError("Phụ lục 1 has no rows", file=src.path)
    return rows
