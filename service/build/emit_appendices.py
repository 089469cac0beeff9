"""Phụ lục 2 (projects and places), 3 (indicators and targets) and 4 (green technologies)."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from .appendix2 import Project
from .appendix3 import IndicatorRow
from .appendix4 import Technology
from .context import Context, decimal, gyear
from .errors import SourceError
from .iris import QB, QUDT, TTX, UNIT
from .source import Line
from .targets import TargetError, Value, parse_cell

UNITS = {"%": UNIT.PERCENT}
SERVES = ", cấp nước cho"


# -- Phụ lục 2 ------------------------------------------------------------
def emit_projects(ctx: Context, projects: list[Project]) -> None:
    seen_groups: set[str] = set()
    for p in projects:
        g = p.group
        field = ctx.iris.project_field(g.roman)
        if g.roman not in seen_groups:
            seen_groups.add(g.roman)
            ctx.typed(field, TTX.ProjectField, SKOS.Concept)
            ctx.notation(field, f"PL2-{g.roman}")
            ctx.labels(field, g.name, ctx.en.en("plan-text", f"PL2-{g.roman}", g.name), pref=True)
            ctx.add(field, SKOS.inScheme, ctx.iris.clause("project-field"))
            ctx.provenance(field, g.line, f"Phụ lục 2, nhóm {g.roman}")
        s = ctx.iris.project(g.roman, p.number)
        ctx.component(s, TTX.Project, p.notation)
        ctx.add(s, TTX.projectField, field)
        ctx.labels(s, p.name, ctx.en.en("plan-text", p.notation, p.name))
        ctx.provenance(s, p.line, f"Phụ lục 2, dòng {g.roman}.{p.number}")
        ctx.add(s, TTX.locationText, Literal(p.location, lang="vi"))
        ctx.add(s, TTX.locationText, Literal(ctx.en.en("plan-text", f"{p.notation}.loc", p.location), lang="en"))
        site, _, served = p.location.partition(SERVES)
        sites = _places(ctx, site, p)
        for place in sites:
            ctx.add(s, TTX.location, place)
        if served:
            for place in _places(ctx, served, p):
                ctx.add(s, TTX.servesLocation, place)
    scheme = ctx.iris.clause("project-field")
    ctx.typed(scheme, SKOS.ConceptScheme)
    ctx.labels(scheme, "Lĩnh vực dự án TTX trọng điểm (Phụ lục 2)", "Fields of key green-growth projects (Appendix 2)",
               pref=True)


def _places(ctx: Context, text: str, p: Project) -> list[URIRef]:
    found = []
    for m in ctx.places.scan_text(text):
        if m.actor not in found:
            found.append(m.actor)
    if not found:
        raise ctx.src.error(f"location '{text.strip()}' names no known place", p.line, p.notation)
    return found


# -- Phụ lục 3 ------------------------------------------------------------
def emit_indicators(ctx: Context, rows: list[IndicatorRow], title: Line | None = None) -> dict[int, URIRef]:
    out: dict[int, URIRef] = {}
    dataset = ctx.iris.targets_dataset()
    dataset_of(ctx, dataset, "Mục tiêu các chỉ tiêu TTX 2025 và 2030 (Phụ lục 3)",
               "2025 and 2030 targets of the green-growth indicators (Appendix 3)")
    if title is not None:
        ctx.provenance(dataset, title, "Phụ lục 3, tiêu đề")
        years = re.search(r"(\d{4})\s*-\s*(\d{4})", title.text)
        if years and years.group(2) != "2030":
            ctx.note(dataset, f"the appendix title gives the period {years.group(1)} - {years.group(2)}, "
                              "but the plan and its targets run to 2030")
    for r in rows:
        s = ctx.iris.indicator(r.number)
        out[r.number] = s
        ctx.component(s, TTX.Indicator, r.notation)
        ctx.labels(s, r.name, ctx.en.en("plan-text", r.notation, r.name))
        ctx.provenance(s, r.line, f"Phụ lục 3, dòng {r.number}", r.verbatim)
        for note in r.notes:
            ctx.note(s, note)
        ctx.add(s, TTX.responsibleAgency, ctx.actor(r.agency, r.line, r.notation))
        ctx.add(s, TTX.responsibleText, Literal(r.agency))
        ctx.add(s, TTX.unitText, Literal(r.unit))
        if r.unit in UNITS:
            ctx.add(s, QUDT.unit, UNITS[r.unit])
        elif r.unit:
            raise ctx.src.error(f"unknown unit '{r.unit}'", r.line, r.notation)
        for year, cell in ((2025, r.target2025), (2030, r.target2030)):
            try:
                values = parse_cell(cell)
            except TargetError as exc:
                raise SourceError(f"{year} target: {exc}", file=ctx.src.path, line=r.line.number,
                                  row=r.notation) from None
            for v in values:
                base = f"{s}/target/{year}" + (f"/{v.category[0]}" if v.category else "")
                t = URIRef(base)
                emit_target(ctx, t, s, r.number, year, v, cell, dataset, UNITS.get(r.unit))
                ctx.add(s, TTX.hasTarget, t)
    return out


def dataset_of(ctx: Context, dataset: URIRef, vi: str, en: str) -> None:
    structure = ctx.iris.clause("targets-structure")
    ctx.typed(dataset, QB.DataSet)
    ctx.labels(dataset, vi, en)
    ctx.add(dataset, QB.structure, structure)
    if (structure, QB.component, None) in ctx.graph:
        return
    ctx.typed(structure, QB.DataStructureDefinition)
    ctx.labels(structure, "Cấu trúc dữ liệu mục tiêu chỉ tiêu", "Structure of indicator targets")
    for kind, prop in (("dimension", TTX.indicator), ("dimension", TTX.targetYear), ("dimension", TTX.category),
                       ("measure", TTX.value), ("attribute", TTX.comparator), ("attribute", QUDT.unit)):
        comp = URIRef(f"{structure}/{prop.split('/')[-1]}")
        ctx.typed(comp, QB.ComponentSpecification)
        ctx.add(structure, QB.component, comp)
        ctx.add(comp, getattr(QB, kind), prop)
        if prop == TTX.category:
            ctx.add(comp, QB.componentRequired, Literal(False))


def emit_target(ctx: Context, t: URIRef, indicator: URIRef, number: int, year: int, v: Value, cell: str,
                dataset: URIRef, unit: URIRef | None) -> None:
    ctx.typed(t, TTX.Target, QB.Observation)
    ctx.add(t, QB.dataSet, dataset)
    ctx.add(t, TTX.indicator, indicator)
    ctx.add(t, TTX.targetYear, gyear(year))
    ctx.add(t, TTX.targetKind, Literal(v.kind))
    ctx.add(t, TTX.valueText, Literal(cell))
    if v.comparator:
        ctx.add(t, TTX.comparator, ctx.iris.code("comparator", v.comparator))
    if v.value is not None:
        ctx.add(t, TTX.value, decimal(v.value))
    if v.minimum is not None and v.maximum is not None:
        ctx.add(t, TTX.minValue, decimal(v.minimum))
        ctx.add(t, TTX.maxValue, decimal(v.maximum))
    if v.kind == "frequency":
        ctx.add(t, QUDT.unit, UNIT.YR)
    elif unit is not None and v.kind == "quantitative":
        ctx.add(t, QUDT.unit, unit)
    shown = " ".join(cell.split())
    if v.category:
        cat = category(ctx, v.category)
        ctx.add(t, TTX.category, cat)
        label_vi = f"Chỉ tiêu {number}, mục tiêu {year}, {v.category[1]}: {shown}"
        label_en = f"Indicator {number}, {year} target, {v.category[2]}: {shown}"
    else:
        label_vi = f"Chỉ tiêu {number}, mục tiêu {year}: {shown}"
        label_en = f"Indicator {number}, {year} target: {shown}"
    ctx.labels(t, label_vi, label_en)


def category(ctx: Context, cat: tuple[str, str, str]) -> URIRef:
    node = ctx.iris.code("target-category", cat[0])
    scheme = URIRef(str(node).rsplit("/", 1)[0])
    if (node, SKOS.inScheme, scheme) not in ctx.graph:
        ctx.typed(node, TTX.TargetCategory, SKOS.Concept)
        ctx.labels(node, cat[1], cat[2], pref=True)
        ctx.add(node, SKOS.inScheme, scheme)
        ctx.notation(node, cat[0])
        ctx.typed(scheme, SKOS.ConceptScheme)
        ctx.labels(scheme, "Nhóm áp dụng mục tiêu", "Target categories", pref=True)
    return node


# -- Phụ lục 4 ------------------------------------------------------------
def emit_technologies(ctx: Context, techs: list[Technology]) -> None:
    done: set[int] = set()
    scheme = ctx.iris.clause("technology-sector")
    ctx.typed(scheme, SKOS.ConceptScheme)
    ctx.labels(scheme, "Lĩnh vực công nghệ xanh (Phụ lục 4)", "Green technology sectors (Appendix 4)", pref=True)
    for t in techs:
        sec = t.sector
        sector = ctx.iris.technology_sector(sec.number)
        if sec.number not in done:
            done.add(sec.number)
            ctx.typed(sector, TTX.TechnologySector, SKOS.Concept)
            ctx.notation(sector, f"PL4-{sec.number}")
            ctx.labels(sector, sec.name, ctx.en.en("plan-text", f"PL4-{sec.number}", sec.name), pref=True)
            ctx.add(sector, SKOS.inScheme, scheme)
            ctx.provenance(sector, sec.line, f"Phụ lục 4, mục {sec.number}")
        s = ctx.iris.technology(sec.number, t.number)
        ctx.component(s, TTX.GreenTechnology, t.notation)
        ctx.add(s, TTX.sector, sector)
        ctx.labels(s, t.text, ctx.en.en("plan-text", t.notation, t.text))
        ctx.provenance(s, t.line, f"Phụ lục 4, mục {sec.number}, gạch đầu dòng {t.number}")
