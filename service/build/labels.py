"""English labels, curated as TSV files under data/curation/en/ (key, vi_start, en).

vi_start repeats the first 30 characters of the Vietnamese text the translation belongs
to, so a translation can never silently drift onto another row: the build checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError


@dataclass(frozen=True)
class Translation:
    en: str
    vi_start: str
    file: Path
    line: int


class Translations:
    def __init__(self, tables: dict[str, dict[str, Translation]]) -> None:
        self.tables = tables

    @classmethod
    def load(cls, folder: Path) -> "Translations":
        tables: dict[str, dict[str, Translation]] = {}
        for path in sorted(folder.glob("*.tsv")):
            table: dict[str, Translation] = {}
            lines = path.read_text(encoding="utf-8").split("\n")
            for number, raw in enumerate(lines[1:], start=2):
                if not raw.strip() or raw.startswith("#"):
                    continue
                cols = raw.split("\t")
                if len(cols) != 3 or not cols[2].strip():
                    raise SourceError("expected 3 tab-separated columns key, vi_start, en", file=path, line=number)
                key = cols[0].strip()
                if key in table:
                    raise SourceError(f"duplicate key {key}", file=path, line=number)
                table[key] = Translation(cols[2].strip(), cols[1], path, number)
            tables[path.stem] = table
        return cls(tables)

    def en(self, table: str, key: str, vi_text: str, *, strip_bullet: bool = True) -> str:
        entry = self.tables.get(table, {}).get(key)
        if entry is None:
            raise SourceError(f"no English label for {key} in data/curation/en/{table}.tsv")
        expected = vi_text.strip()
        if strip_bullet:
            expected = expected.lstrip("- ").strip()
        if expected[:30].rstrip() != entry.vi_start.rstrip():
            raise SourceError(
                f"translation {key} is for '{entry.vi_start}…' but the source now reads '{expected[:30]}…'",
                file=entry.file, line=entry.line)
        return entry.en
