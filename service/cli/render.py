"""Terminal rendering of SPARQL results."""

from __future__ import annotations

from rich.table import Table

from ..store import QueryResult


def cell(value: dict[str, str] | None) -> str:
    if value is None:
        return ""
    if value["type"] == "literal" and "xml:lang" in value:
        return f"{value['value']} @{value['xml:lang']}"
    return value["value"]


def render_table(result: QueryResult) -> Table:
    table = Table(*result.variables, show_lines=False)
    n = 0
    for row in result.rows():
        table.add_row(*(cell(row.get(v)) for v in result.variables))
        n += 1
    table.caption = f"{n} row(s)"
    return table
