"""The one error a bad source raises: it says which file, line, row and what is wrong."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    def __init__(self, problem: str, *, file: Path | str | None = None, line: int | None = None,
                 row: str | None = None) -> None:
        self.problem = problem
        self.file = str(file) if file else None
        self.line = line
        self.row = row
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file + (f":{self.line}" if self.line else ""))
        elif self.line:
            where.append(f"line {self.line}")
        if self.row:
            where.append(f"row {self.row}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.problem}" if prefix else self.problem
