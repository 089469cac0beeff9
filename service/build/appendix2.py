"""Phụ lục 2: key projects by field group (I–VI) with their locations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import SourceError
from .source import Line, SourceText

_GROUP = re.compile(r"^\s*([IVX]+)\s*\|\s*([^|]+?)\s*\|")
_PROJECT = re.compile(r"^\s*(\d+)\s*\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|?\s*$")


@dataclass(frozen=True)
class Group:
    roman: str
    name: str
    line: Line


@dataclass(frozen=True)
class Project:
    group: Group
    number: int
    name: str
    location: str
    line: Line

    @property
    def notation(self) -> str:
        return f"PL2-{self.group.roman}.{self.number}"


def parse_appendix2(src: SourceText, lines: list[Line]) -> list[Project]:
    out: list[Project] = []
    group: Group | None = None
    for line in lines:
        if m := _GROUP.match(line.text):
            group = Group(m.group(1), m.group(2), line)
            continue
        if m := _PROJECT.match(line.text):
            if group is None:
                raise src.error("project row before any field group", line)
            number = int(m.group(1))
            notation = f"PL2-{group.roman}.{number}"
            if not m.group(3):
                raise src.error("project has no location (column 'Địa điểm')", line, notation)
            out.append(Project(group, number, m.group(2), m.group(3), line))
    if not out:
        raise SourceError("Phụ lục 2 has no project rows", file=src.path)
    return out
