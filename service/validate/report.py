"""Rendering a validation report for people (text), programs (JSON) and RDF tools (SHACL Turtle).

The text report groups results by severity, then by shape (its name and description in English and
Vietnamese), and names each focus node by its label, notation and source row, so a policy
researcher can read it without knowing SHACL."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from ..store.sparql_engine import SparqlEngine
from .inputs import Source, load_engine
from .results import Report, Result, severity_name
from .shapes import ShapeInfo, display_info

TTX = "https://w3id.org/ttx-kg/ontology/"
SEVERITY_TITLE = {"Violation": ("Lỗi", "Violations"), "Warning": ("Cảnh báo", "Warnings"), "Info": ("Thông tin", "Info")}


@dataclass(frozen=True)
class Where:
    """Where a focus node comes from: the row that holds it, its label, notation and source position."""
    row: str | None
    label: str
    notation: str
    location: str
    line: int | None


def locate(engine: SparqlEngine, nodes: list) -> dict[str, Where]:
    """Describe each node (IRIs): the row itself, or the row holding a mention or a target."""
    iris = sorted({str(n) for n in nodes if isinstance(n, URIRef)})
    out: dict[str, Where] = {}
    for i in range(0, len(iris), 400):
        values = " ".join(f"<{n}>" for n in iris[i:i + 400])
        q = f"""
            PREFIX ttx: <{TTX}>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT ?node ?row ?label ?notation ?location ?line WHERE {{
              VALUES ?node {{ {values} }}
              OPTIONAL {{ ?mentionRow ttx:agencyMention ?node . }}
              OPTIONAL {{ ?targetRow ttx:hasTarget ?node . ?targetRow ttx:sourceLocation ?any . }}
              BIND (COALESCE(?mentionRow, ?targetRow, ?node) AS ?row)
              OPTIONAL {{ ?row rdfs:label ?label . FILTER (LANGMATCHES(LANG(?label), "vi")) }}
              OPTIONAL {{ ?row skos:notation ?notation . }}
              OPTIONAL {{ ?row ttx:sourceLocation ?location . }}
              OPTIONAL {{ ?row ttx:sourceLine ?line . }}
            }}"""
        for r in engine.select(q).rows:
            node = str(r["node"])
            cand = Where(str(r["row"]), str(r.get("label", "")), str(r.get("notation", "")),
                         str(r.get("location", "")), int(r["line"]) if "line" in r else None)
            old = out.get(node)
            rank = (not cand.location, cand.location, cand.row or "", cand.label)
            if old is None or rank < (not old.location, old.location, old.row or "", old.label):
                out[node] = cand
    return out


def context(sources: list[Source], report: Report) -> dict[str, Where]:
    nodes = [r.focus for r in report.results] + [r.value for r in report.results if isinstance(r.value, URIRef)]
    return locate(load_engine(sources), nodes)


def short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        text = str(term)
        return f"“{text[:117]}…”" if len(text) > 120 else f"“{text}”"
    return str(term)


def describe(term, where: dict[str, Where]) -> str:
    w = where.get(str(term))
    if w is None:
        return short(term)
    bits = [w.location or (f"[{w.notation}]" if w.notation else "")]
    if w.line:
        bits.append(f"line {w.line}")
    label = w.label if len(w.label) <= 90 else w.label[:89] + "…"
    head = ", ".join(b for b in bits if b)
    text = f"{head} — {label}" if head and label else (head or label)
    return f"{text}  <{term}>" if text else str(term)


def render_text(report: Report, shapes: rdflib.Graph, where: dict[str, Where], lang: str = "en") -> str:
    lines = []
    v, w = len(report.violations), len(report.warnings)
    state = "conforms" if report.conforms else "does NOT conform"
    lines.append(f"Validation ({report.engine} engine, {report.triples} triples): {state} — "
                 f"{v} violation(s), {w} warning(s)")
    lines.append(f"Kiểm tra: {'đạt' if report.conforms else 'KHÔNG đạt'} — {v} lỗi, {w} cảnh báo")
    by_sev: dict[str, dict[str, list[Result]]] = defaultdict(lambda: defaultdict(list))
    for r in report.results:
        by_sev[severity_name(r.severity)][r.shape].append(r)
    for sev in ("Violation", "Warning", "Info"):
        if sev not in by_sev:
            continue
        vi, en = SEVERITY_TITLE[sev]
        total = sum(len(x) for x in by_sev[sev].values())
        lines += ["", f"== {en} / {vi} ({total}) =="]
        for shape in sorted(by_sev[sev]):
            info = display_info(shapes, shape)
            results = by_sev[sev][shape]
            lines += ["", f"-- {info.label('en')} / {info.label('vi')}  [{info.local}] ({len(results)})"]
            if info.description:
                lines.append(f"   {info.description.get(lang) or info.description.get('en', '')}")
            for r in sorted(results, key=lambda r: (where.get(str(r.focus), Where(None, '', '', '', None)).line or 0,
                                                    r.key())):
                lines.append(f" * {describe(r.focus, where)}")
                detail = []
                if r.path:
                    detail.append(f"path {r.path}")
                if r.value is not None and r.value != r.focus:
                    detail.append(f"value {describe(r.value, where) if isinstance(r.value, URIRef) else short(r.value)}")
                if detail:
                    lines.append("     " + "; ".join(detail))
                for lg in ("vi", "en"):
                    msg = r.message(lg)
                    if msg:
                        lines.append(f"     [{lg}] {msg}")
    return "\n".join(lines) + "\n"


def to_json(report: Report, where: dict[str, Where]) -> str:
    def term(t):
        if t is None:
            return None
        if isinstance(t, Literal):
            d = {"type": "literal", "value": str(t)}
            if t.language:
                d["lang"] = t.language
            elif t.datatype:
                d["datatype"] = str(t.datatype)
            return d
        return {"type": "bnode" if isinstance(t, BNode) else "uri", "value": str(t)}

    results = []
    for r in report.results:
        w = where.get(str(r.focus))
        results.append({
            "severity": severity_name(r.severity), "shape": r.shape, "focusNode": term(r.focus),
            "path": r.path, "value": term(r.value), "component": r.component,
            "messages": {lg: text for lg, text in r.messages},
            "source": None if w is None else {"row": w.row, "label": w.label, "notation": w.notation,
                                              "location": w.location, "line": w.line},
        })
    out = {"conforms": report.conforms, "engine": report.engine, "triples": report.triples,
           "violations": len(report.violations), "warnings": len(report.warnings), "results": results}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def to_graph(report: Report) -> rdflib.Graph:
    """A SHACL validation report (sh:ValidationReport) with deterministic result nodes."""
    g = rdflib.Graph()
    g.bind("sh", SH)
    root = BNode("report")
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(report.conforms)))
    for i, r in enumerate(report.results, 1):
        node = BNode(f"result{i}")
        g.add((root, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, r.focus))
        g.add((node, SH.resultSeverity, URIRef(r.severity)))
        g.add((node, SH.sourceShape, URIRef(r.shape)))
        g.add((node, SH.sourceConstraintComponent, URIRef(r.component)))
        if r.path:
            g.add((node, SH.resultPath, _path_term(r.path)))
        if r.value is not None:
            g.add((node, SH.value, r.value))
        for lg, text in r.messages:
            g.add((node, SH.resultMessage, Literal(text, lang=lg or None)))
    return g


def _path_term(path: str):
    if path.startswith("<") and path.endswith(">") and path.count("<") == 1:
        return URIRef(path[1:-1])
    return Literal(path, datatype=XSD.string)  # complex path, in SPARQL syntax


def render(report: Report, fmt: str, shapes: rdflib.Graph, where: dict[str, Where]) -> str:
    if fmt == "json":
        return to_json(report, where)
    if fmt == "turtle":
        return to_graph(report).serialize(format="turtle")
    return render_text(report, shapes, where)


__all__ = ["ShapeInfo", "Where", "context", "locate", "render", "render_text", "to_graph", "to_json"]
