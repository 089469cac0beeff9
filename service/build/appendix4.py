"""Phụ lục 4: encouraged green technologies, one bullet each, under numbered sectors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import SourceError
from .source import Line, SourceText

_SECTOR = re.compile(r"^\s*(\d+)\.\s+(.+?)\s*$")
_BULLET = re.compile(r"^\s*-\s+(.+?)\s*$")


@dataclass(frozen=True)
class Sector:
    number: int
    name: str
    line: Line


@dataclass(frozen=True)
class Technology:
    sector: Sector
    number: int
    text: str
    line: Line

    @property
    def notation(self) -> str:
        return f"PL4-{self.sector.number}.{self.number}"


def parse_appendix4(src: SourceText, lines: list[Line]) -> list[Technology]:
    out: list[Technology] = []
    sector: Sector | None = None
    count = 0
    for line in lines:
        if m := _SECTOR.match(line.text):
            sector = Sector(int(m.group(1)), m.group(2), line)
            count = 0
        elif m := _BULLET.match(line.text):
            if sector is None:
                raise src.error("technology bullet before any sector heading", line)
            count += 1
            out.append(Technology(sector, count, m.group(1), line))
    if not out:
        raise SourceError("Phụ lục 4 has no technologies", file=src.path)
    return out
