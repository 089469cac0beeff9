"""Phụ lục 3: the 28 indicators with unit, 2025 and 2030 targets and responsible agency.

Some rows are broken over several lines by the scrape ('| X |' on its own line), so a
line that starts with '|' continues the row above. Row 3 has only three cells between
the name and the end ('02 năm/lần | Sở …'): its frequency spans both years and there is
no unit; that shape is recognised and noted, any other shape is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import SourceError
from .source import Line, SourceText

_ROW = re.compile(r"^\s*(\d+)\s*\|(.*)$")


@dataclass
class IndicatorRow:
    number: int
    name: str
    unit: str
    target2025: str
    target2030: str
    agency: str
    line: Line
    verbatim: str
    notes: list[str] = field(default_factory=list)

    @property
    def notation(self) -> str:
        return f"PL3-{self.number}"


def parse_appendix3(src: SourceText, lines: list[Line]) -> list[IndicatorRow]:
    raw: list[tuple[Line, str, str, str]] = []  # (first line, number, joined text, verbatim)
    for line in lines:
        if m := _ROW.match(line.text):
            raw.append((line, m.group(1), m.group(2), line.text))
        elif line.text.lstrip().startswith("|") and raw:
            first, num, text, verbatim = raw[-1]
            raw[-1] = (first, num, text.rstrip() + line.text.strip(), verbatim + "\n" + line.text)
    out: list[IndicatorRow] = []
    for line, num, text, verbatim in raw:
        notation = f"PL3-{num}"
        cells = [c.strip() for c in text.split("|")]
        while cells and not cells[-1]:
            cells.pop()
        notes: list[str] = []
        if "\n" in verbatim:
            notes.append("the scrape breaks this row over several lines, leaving only some cells filled; the "
                         "cells were joined in order (name | unit | 2025 | 2030 | agency), so a lone 'X' reads as "
                         "the 2025 column — the source does not make the column certain")
        if len(cells) == 5:
            name, unit, t25, t30, agency = cells
        elif len(cells) == 3 and re.search(r"năm\s*/\s*lần", cells[1]):
            name, freq, agency = cells
            unit, t25, t30 = "", freq, freq
            notes.append(f"the frequency '{freq}' stands in the unit column and spans both target "
                         "columns; read as a 2025 and 2030 frequency target without a unit")
        else:
            raise src.error(f"expected 5 cells (name, unit, 2025, 2030, agency), found {len(cells)}: "
                            f"{cells}", line, notation)
        if not name or not agency:
            raise src.error("indicator without a name or a responsible agency", line, notation)
        out.append(IndicatorRow(int(num), name, unit, t25, t30, agency, line, verbatim, notes))
    numbers = [r.number for r in out]
    if numbers != list(range(1, len(numbers) + 1)):
        raise SourceError(f"Phụ lục 3 rows are not numbered 1..{len(numbers)}: {numbers}", file=src.path)
    return out
