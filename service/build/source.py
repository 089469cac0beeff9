"""The scraped decision text, cut into its parts.

The file is a web-page scrape: login noise before the decision header and page script
after the last bullet of Phụ lục 4. We locate each part by its heading and refuse to
guess when a heading is missing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the source file
    text: str


@dataclass(frozen=True)
class SourceText:
    path: Path
    lines: tuple[Line, ...]

    @classmethod
    def read(cls, path: Path) -> "SourceText":
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SourceError("source file not found", file=path) from None
        except UnicodeDecodeError as exc:
            raise SourceError(f"not UTF-8 text (byte {exc.start})", file=path) from None
        text = unicodedata.normalize("NFC", raw)
        lines = tuple(Line(i, t.rstrip("\r")) for i, t in enumerate(text.split("\n"), start=1))
        return cls(path, lines)

    def error(self, problem: str, line: Line | int | None = None, row: str | None = None) -> SourceError:
        number = line.number if isinstance(line, Line) else line
        return SourceError(problem, file=self.path, line=number, row=row)

    def find(self, pattern: str, start: int = 1, *, what: str) -> Line:
        rx = re.compile(pattern)
        for line in self.lines[start - 1:]:
            if rx.search(line.text):
                return line
        raise self.error(f"cannot find {what} (pattern {pattern!r}) after line {start}")

    def between(self, first: Line, end: Line | None) -> list[Line]:
        stop = end.number - 1 if end else len(self.lines)
        return [ln for ln in self.lines[first.number:stop]]


@dataclass(frozen=True)
class Parts:
    """Line ranges of each part of the decision (headings excluded)."""

    decision: list[Line]
    plan: list[Line]
    appendix1: list[Line]
    appendix2: list[Line]
    appendix3: list[Line]
    appendix4: list[Line]
    appendix_headings: dict[int, Line]


def split_parts(src: SourceText) -> Parts:
    header = src.find(r"^ỦY BAN NHÂN DÂN\s*\|", what="the decision header 'ỦY BAN NHÂN DÂN |'")
    plan = src.find(r"^KẾ HOẠCH\s*$", header.number, what="the plan heading 'KẾ HOẠCH'")
    heads = {}
    at = plan.number
    for n in (1, 2, 3, 4):
        heads[n] = src.find(rf"^PHỤ LỤC {n}\s*$", at, what=f"the heading 'PHỤ LỤC {n}'")
        at = heads[n].number
    decision = [header] + src.between(header, plan)
    tail = src.between(heads[4], None)
    return Parts(
        decision=decision,
        plan=src.between(plan, heads[1]),
        appendix1=src.between(heads[1], heads[2]),
        appendix2=src.between(heads[2], heads[3]),
        appendix3=src.between(heads[3], heads[4]),
        appendix4=_until_script(tail),
        appendix_headings=heads,
    )


_PL4_LINE = re.compile(r"^(\d+\.\s+\S|-\s+\S|\()")


def _until_script(lines: list[Line]) -> list[Line]:
    """Phụ lục 4 ends where the page script starts: the first line that is neither a
    numbered sector, a bullet, the title nor the '(Ban hành kèm theo…)' note."""
    kept = []
    for line in lines:
        text = line.text.strip()
        if text and not (_PL4_LINE.match(text) or text.upper() == text):
            break
        kept.append(line)
    return kept
