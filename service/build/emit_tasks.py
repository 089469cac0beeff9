"""Phụ lục 1 rows → themes, tasks and activities with every column of the source."""

from __future__ import annotations

from rdflib import XSD, Literal, URIRef
from rdflib.namespace import RDF, RDFS, TIME

from .agencies import Mention
from .appendix1 import Row
from .context import Context, gyear
from .emit_text import references
from .errors import SourceError
from .funding import FundingError, parse_funding
from .iris import TTX
from .periods import YEAR_INTERVAL, PeriodError, parse_period

CLASSES = {"theme": TTX.Theme, "task": TTX.Task, "activity": TTX.Activity}


def emit_rows(ctx: Context, rows: list[Row]) -> None:
    for row in rows:
        emit_row(ctx, row)


def emit_row(ctx: Context, row: Row) -> None:
    iris = ctx.iris
    s = iris.row(row.kind, row.notation)
    parent = iris.row(row.parent.kind, row.parent.notation) if row.parent else iris.plan
    ctx.component(s, CLASSES[row.kind], row.notation, parent)
    if row.kind != "theme":
        ctx.add(s, TTX.theme, iris.theme(row.theme.notation))
    task = row.task
    if row.kind == "activity" and task is not None:
        ctx.add(s, TTX.task, iris.task(task.notation))
    ctx.labels(s, row.description, ctx.en.en("appendix1", row.notation, row.description_cell))
    ctx.provenance(s, row.line, f"Phụ lục 1, dòng {row.notation}")
    references(ctx, s, row.description)
    _markers(ctx, s, row)
    for note in row.marker.notes:
        ctx.note(s, note)
    if row.cells is not None:
        _columns(ctx, s, row)


def _markers(ctx: Context, s: URIRef, row: Row) -> None:
    code = ctx.iris.code
    if row.marker.text:
        ctx.add(s, TTX.markerText, Literal(row.marker.text))
    if row.marker.high_priority:
        ctx.add(s, TTX.declaredPriority, code("priority", "high"))
    ctx.add(s, TTX.priority, code("priority", "high" if row.effective_high else "unmarked"))
    for g in row.marker.groups:
        ctx.add(s, TTX.declaredThemeGroup, code("theme-group", g))
    for g in row.effective_groups:
        ctx.add(s, TTX.themeGroup, code("theme-group", g))


def _columns(ctx: Context, s: URIRef, row: Row) -> None:
    cells = row.cells or {}
    line, notation = row.line, row.notation
    try:
        period = parse_period(cells["period"])
    except PeriodError as exc:
        raise SourceError(str(exc), file=ctx.src.path, line=line.number, row=notation) from None
    ctx.add(s, TTX.periodText, Literal(cells["period"]))
    ctx.add(s, TTX.periodKind, ctx.iris.code("period-kind", period.kind))
    if period.kind == YEAR_INTERVAL and period.start is not None and period.end is not None:
        ctx.add(s, TTX.startYear, gyear(period.start))
        ctx.add(s, TTX.endYear, gyear(period.end))
        ctx.add(s, TTX.period, _interval(ctx, period.start, period.end))
    try:
        funding = parse_funding(cells["funding"])
    except FundingError as exc:
        raise SourceError(str(exc), file=ctx.src.path, line=line.number, row=notation) from None
    ctx.add(s, TTX.fundingText, Literal(cells["funding"]))
    for c in funding.codes:
        ctx.add(s, TTX.fundingSource, ctx.iris.code("funding", c))
    for dup in funding.duplicates:
        ctx.note(s, f"the funding cell '{funding.text}' lists code {dup} twice; kept once "
                    "(the source probably meant another code)")
    for role, column, pred in (("lead", "lead", TTX.leadAgency), ("cooperating", "cooperating", TTX.cooperatingAgency)):
        ctx.add(s, getattr(TTX, f"{column}Text"), Literal(cells[column]))
        mentions = ctx.resolve_cell(cells[column], line, notation, f"column '{column}'")
        for k, m in enumerate(mentions):
            ctx.add(s, pred, m.actor)
            _mention(ctx, s, role, m)
            if not m.separated:
                ctx.note(s, f"the {column} cell has no comma or 'và' between '{mentions[k - 1].text}' and "
                            f"'{m.text}'; read as two names")
    output = cells["output"]
    ctx.add(s, TTX.expectedOutput, Literal(output, lang="vi"))
    ctx.add(s, TTX.expectedOutput, Literal(ctx.en.en("appendix1-outputs", notation, output, strip_bullet=False),
                                           lang="en"))
    if output.rstrip().endswith("("):
        ctx.note(s, "the expected-output cell ends with a stray '(' (scrape artefact; text may be cut off)")
    if "note" in cells:
        ctx.add(s, TTX.remarkText, Literal(cells["note"]))


def _mention(ctx: Context, s: URIRef, role: str, m: Mention) -> None:
    node = URIRef(f"{s}/mention/{role}/{m.order}")
    ctx.typed(node, TTX.AgencyMention)
    ctx.add(s, TTX.agencyMention, node)
    ctx.add(node, TTX.mentions, m.actor)
    ctx.add(node, TTX.mentionRole, ctx.iris.code("role", role))
    ctx.add(node, TTX.mentionText, Literal(m.text))
    ctx.add(node, TTX.matchedLabel, Literal(m.matched_label))
    ctx.add(node, TTX.variantSpelling, Literal(m.variant))
    ctx.add(node, TTX.mentionOrder, Literal(m.order, datatype=XSD.positiveInteger))
    if m.qualifier:
        ctx.add(node, TTX.mentionQualifier, Literal(m.qualifier))


def _interval(ctx: Context, start: int, end: int) -> URIRef:
    iris = ctx.iris
    node = iris.interval(start, end)
    if (node, RDF.type, TIME.ProperInterval) not in ctx.graph:
        ctx.typed(node, TIME.ProperInterval)
        ctx.add(node, RDFS.label, Literal(f"{start} - {end}"))
        # a period of whole years runs from 1 January of the first to 31 December of the last,
        # so a one-year period ('2023') is still a proper interval (its ends differ)
        for pred, year, edge, day in ((TIME.hasBeginning, start, "start", "01-01"), (TIME.hasEnd, end, "end", "12-31")):
            instant = URIRef(f"{iris.year(year)}/{edge}")
            ctx.add(node, pred, instant)
            ctx.typed(instant, TIME.Instant)
            ctx.add(instant, TIME.inXSDDate, Literal(f"{year:04d}-{day}", datatype=XSD.date))
            ctx.add(instant, TIME.inXSDgYear, gyear(year))
            ctx.add(instant, RDFS.label, Literal(f"{edge} of {year}"))
    return node
