"""The fast path: the shapes compiled to SPARQL and run on Oxigraph (through service.store).

Each node shape's targets become one sub-select binding ?this; for each property shape, all
value-level constraints (datatype, nodeKind, pattern, in, class, languageIn, lengths, ranges, not)
are evaluated in ONE query that returns a flag per constraint, cardinalities in one grouped query,
and SHACL-SPARQL constraints run once over all focus nodes (``$this`` joined with the target instead
of pre-bound per focus node). Results are the same as pyshacl's (focus node, shape, severity,
component, path, value) — tests/test_validate_engines.py and bench/validation.py check it.

Supported: the SHACL Core subset listed in ``VALUE_COMPONENTS`` plus minCount/maxCount, uniqueLang,
equals, lessThanOrEquals, and sh:sparql SELECT constraints on node shapes. Anything else raises
UnsupportedShape (use the pyshacl engine for such shapes graphs).

Known difference: Oxigraph stores derived integer types (xsd:positiveInteger, …) as xsd:integer, so
for ``sh:datatype xsd:positiveInteger`` the fast path checks the lexical range (a positive integer)
rather than the datatype IRI: "15"^^xsd:integer passes here and fails in pyshacl. Result values are
compared modulo that canonicalization (see results.Result.key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from ..store.sparql_engine import SparqlEngine
from .paths import UnsupportedShape, path_to_sparql
from .results import Result
from .shapes import fill, list_items, texts

HEADER = ("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
          "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
          "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n")

# Lexical forms rdflib (and so pyshacl) rejects as ill-typed, for the datatypes that have a check.
LEXICAL = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.positiveInteger: r"^\+?0*[1-9][0-9]*$",
    XSD.nonNegativeInteger: r"^\+?[0-9]+$",
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.date: r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
}
DERIVED_INTEGERS = {XSD.positiveInteger, XSD.nonNegativeInteger}
NODE_KINDS = {
    SH.IRI: "!isIRI(?v)", SH.BlankNode: "!isBlank(?v)", SH.Literal: "!isLiteral(?v)",
    SH.BlankNodeOrIRI: "isLiteral(?v)", SH.BlankNodeOrLiteral: "isIRI(?v)", SH.IRIOrLiteral: "isBlank(?v)",
}
VALUE_COMPONENTS = {
    SH.datatype: SH.DatatypeConstraintComponent, SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent, SH["in"]: SH.InConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent, SH.languageIn: SH.LanguageInConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent, SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent, SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent, SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
}
OTHER = {SH.minCount, SH.maxCount, SH.uniqueLang, SH.equals, SH.lessThanOrEquals, SH.sparql, SH.flags,
         SH.path, SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
         SH.severity, SH.message, SH.name, SH.description, SH.order, SH.deactivated, SH.group, RDF.type}
IGNORED_NS = (str(RDF), "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2002/07/owl#",
              "http://purl.org/dc/terms/", "http://www.w3.org/2004/02/skos/core#")


def lit(value: str) -> str:
    """A SPARQL string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def term(t) -> str:
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        if t.language:
            return f"{lit(str(t))}@{t.language}"
        if t.datatype:
            return f"{lit(str(t))}^^<{t.datatype}>"
        return lit(str(t))
    raise UnsupportedShape(f"blank node {t!r} in a constraint value")


@dataclass
class Flag:
    component: str
    expr: str  # SPARQL boolean, true when ?v violates


@dataclass
class Check:
    """One SPARQL query and how to turn its rows into results."""
    kind: str  # values | counts | pairs | uniqueLang | sparql
    shape: str
    severity: str
    path: str | None
    query: str
    messages: dict[str, str]
    flags: list[Flag] = field(default_factory=list)
    component: str = ""
    node_level: bool = False


class Compiler:
    def __init__(self, g: rdflib.Graph):
        self.g = g

    # ------------------------------------------------------------------ targets
    def target(self, ns) -> str | None:
        g, parts = self.g, []
        for c in sorted(g.objects(ns, SH.targetClass)):
            parts.append(f"{{ ?this rdf:type/rdfs:subClassOf* {term(c)} . }}")
        for n in sorted(g.objects(ns, SH.targetNode)):
            parts.append(f"{{ VALUES ?this {{ {term(n)} }} }}")
        for p in sorted(g.objects(ns, SH.targetSubjectsOf)):
            parts.append(f"{{ ?this {term(p)} ?targetObject . }}")
        for p in sorted(g.objects(ns, SH.targetObjectsOf)):
            parts.append(f"{{ ?targetSubject {term(p)} ?this . }}")
        if (ns, SH.target, None) in g or (ns, RDF.type, rdflib.RDFS.Class) in g:
            raise UnsupportedShape(f"{ns}: SPARQL-based or implicit class targets")
        if not parts:
            return None
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"

    # ---------------------------------------------------------------- value-level
    def flags(self, shape) -> list[Flag]:
        g, out = self.g, []
        for p, o in sorted(g.predicate_objects(shape)):
            if p in VALUE_COMPONENTS:
                out.append(Flag(str(VALUE_COMPONENTS[p]), self.violation(shape, p, o)))
            elif p not in OTHER and not str(p).startswith(IGNORED_NS) and str(p).startswith(str(SH)):
                raise UnsupportedShape(f"{shape}: {p} is not supported by the compiled engine")
        return out

    def violation(self, shape, p, o) -> str:
        """A SPARQL expression, true when the value ?v violates constraint (p, o) of shape."""
        g = self.g
        if p == SH.datatype:
            if o == RDF.langString:
                ok = 'isLiteral(?v) && LANG(?v) != ""'
            elif o == XSD.string:
                ok = 'isLiteral(?v) && LANG(?v) = "" && DATATYPE(?v) = xsd:string'
            elif o in DERIVED_INTEGERS:
                # Oxigraph stores derived integer types as xsd:integer: check the lexical range instead.
                ok = (f'isLiteral(?v) && LANG(?v) = "" && DATATYPE(?v) IN (xsd:integer, {term(o)})'
                      f" && REGEX(STR(?v), {lit(LEXICAL[o])})")
            else:
                ok = f'isLiteral(?v) && LANG(?v) = "" && DATATYPE(?v) = {term(o)}'
                if o in LEXICAL:
                    ok += f" && REGEX(STR(?v), {lit(LEXICAL[o])})"
            return f"!({ok})"
        if p == SH.nodeKind:
            return NODE_KINDS[o]
        if p == SH.pattern:
            flags = g.value(shape, SH.flags)
            extra = f", {lit(str(flags))}" if flags is not None else ""
            return f"(isBlank(?v) || !REGEX(STR(?v), {lit(str(o))}{extra}))"
        if p == SH["in"]:
            items = list_items(g, o)
            return "!(" + (" || ".join(f"sameTerm(?v, {term(i)})" for i in items) or "false") + ")"
        if p == SH["class"]:
            return f"!EXISTS {{ ?v rdf:type/rdfs:subClassOf* {term(o)} . }}"
        if p == SH.languageIn:
            langs = " || ".join(f"langMatches(LANG(?v), {lit(str(i))})" for i in list_items(g, o))
            return f"!(isLiteral(?v) && ({langs or 'false'}))"
        if p == SH.minLength:
            return f"(isBlank(?v) || STRLEN(STR(?v)) < {int(o)})"
        if p == SH.maxLength:
            return f"(isBlank(?v) || STRLEN(STR(?v)) > {int(o)})"
        ops = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
        if p in ops:
            return f"!COALESCE(?v {ops[p]} {term(o)}, false)"
        if p == SH["not"]:
            inner = self.flags(o)
            if (o, SH.path, None) in g or (o, SH.property, None) in g or (o, SH.sparql, None) in g:
                raise UnsupportedShape(f"{shape}: sh:not with a property or SPARQL shape")
            return "(" + " && ".join(f"!({f.expr})" for f in inner) + ")" if inner else "true"
        raise UnsupportedShape(f"{shape}: {p}")

    # ------------------------------------------------------------------ shapes
    def compile(self) -> list[Check]:
        checks: list[Check] = []
        g = self.g
        for ns in sorted(set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(SH.property, None)), key=str):
            if (ns, RDF.type, SH.PropertyShape) in g or (ns, SH.path, None) in g:
                continue
            if _deactivated(g, ns):
                continue
            target = self.target(ns)
            if target is None:
                continue
            checks += self.node_level(ns, target)
            for ps in sorted(g.objects(ns, SH.property), key=str):
                if not _deactivated(g, ps):
                    checks += self.property_level(ps, target)
        return checks

    def node_level(self, ns, target: str) -> list[Check]:
        g, out = self.g, []
        severity = str(g.value(ns, SH.severity) or SH.Violation)
        messages = texts(g, ns, SH.message)
        flags = self.flags(ns)
        if flags:
            out.append(self._values(ns, target, "BIND(?this AS ?v)", flags, severity, None, messages, node=True))
        for c in sorted(g.objects(ns, SH.sparql), key=str):
            if _deactivated(g, c):
                continue
            out.append(self._sparql(ns, c, target, severity, messages))
        return out

    def property_level(self, ps, target: str) -> list[Check]:
        g, out = self.g, []
        if not isinstance(ps, URIRef):
            raise UnsupportedShape("property shapes must be named (IRIs) to be compared across engines")
        path = path_to_sparql(g, g.value(ps, SH.path))
        severity = str(g.value(ps, SH.severity) or SH.Violation)
        messages = texts(g, ps, SH.message)
        flags = self.flags(ps)
        if flags:
            out.append(self._values(ps, target, f"?this {path} ?v .", flags, severity, path, messages))
        lo, hi = g.value(ps, SH.minCount), g.value(ps, SH.maxCount)
        if lo is not None or hi is not None:
            having = []
            if lo is not None:  # HAVING cannot see the projected ?n: repeat the aggregate
                having.append(f"COUNT(DISTINCT ?v) < {int(lo)}")
            if hi is not None:
                having.append(f"COUNT(DISTINCT ?v) > {int(hi)}")
            q = (f"SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {target} OPTIONAL {{ ?this {path} ?v . }} }} "
                 f"GROUP BY ?this HAVING ({' || '.join(having)})")
            check = Check("counts", str(ps), severity, path, HEADER + q, messages)
            check.flags = [Flag(str(SH.MinCountConstraintComponent), str(int(lo)) if lo is not None else ""),
                           Flag(str(SH.MaxCountConstraintComponent), str(int(hi)) if hi is not None else "")]
            out.append(check)
        if g.value(ps, SH.uniqueLang) == Literal(True):
            q = (f"SELECT DISTINCT ?this (LCASE(LANG(?v)) AS ?lang) WHERE {{ {target} ?this {path} ?v . "
                 f"?this {path} ?w . FILTER (!sameTerm(?v, ?w) && LANG(?v) != \"\" "
                 f"&& LCASE(LANG(?v)) = LCASE(LANG(?w))) }}")
            out.append(Check("uniqueLang", str(ps), severity, path, HEADER + q, messages,
                             component=str(SH.UniqueLangConstraintComponent)))
        for other in sorted(g.objects(ps, SH.equals)):
            q = (f"SELECT DISTINCT ?this ?v WHERE {{ {target} "
                 f"{{ ?this {path} ?v . FILTER NOT EXISTS {{ ?this {term(other)} ?v . }} }} UNION "
                 f"{{ ?this {term(other)} ?v . FILTER NOT EXISTS {{ ?this {path} ?v . }} }} }}")
            out.append(Check("pairs", str(ps), severity, path, HEADER + q, messages,
                             component=str(SH.EqualsConstraintComponent)))
        for other in sorted(g.objects(ps, SH.lessThanOrEquals)):
            q = (f"SELECT DISTINCT ?this ?v WHERE {{ {target} ?this {path} ?v . ?this {term(other)} ?o . "
                 f"FILTER (!COALESCE(?v <= ?o, false)) }}")
            out.append(Check("pairs", str(ps), severity, path, HEADER + q, messages,
                             component=str(SH.LessThanOrEqualsConstraintComponent)))
        if (ps, SH.sparql, None) in g:
            raise UnsupportedShape(f"{ps}: SPARQL constraints on property shapes")
        return out

    def _values(self, shape, target, source, flags, severity, path, messages, node=False) -> Check:
        binds = " ".join(f"BIND(COALESCE({f.expr}, true) AS ?f{i})" for i, f in enumerate(flags))
        any_flag = " || ".join(f"?f{i}" for i in range(len(flags)))
        names = " ".join(f"?f{i}" for i in range(len(flags)))
        q = f"SELECT ?this ?v {names} WHERE {{ {target} {source} {binds} FILTER ({any_flag}) }}"
        return Check("values", str(shape), severity, path, HEADER + q, messages, flags=flags, node_level=node)

    def _sparql(self, ns, c, target, severity, messages) -> Check:
        g = self.g
        select = g.value(c, SH.select)
        if select is None:
            raise UnsupportedShape(f"{ns}: only sh:select SPARQL constraints are supported")
        text = re.sub(r"\$this\b", "?this", str(select))
        if re.search(r"\$[A-Za-z_]", text):
            raise UnsupportedShape(f"{ns}: pre-bound variables other than $this")
        m = re.search(r"\bWHERE\s*\{", text, re.I) or re.search(r"\{", text)
        end = text.rfind("}")
        # LATERAL evaluates the body once per focus node, with ?this bound — what pre-binding
        # means in SHACL-SPARQL, and what keeps Oxigraph from evaluating paths from every node
        text = text[: m.end()] + f" {target} LATERAL {{ " + text[m.end(): end] + " } " + text[end:]
        own = texts(g, c, SH.message)
        return Check("sparql", str(ns), severity, None, self._prefixes(c) + text, own or messages,
                     component=str(SH.SPARQLConstraintComponent), node_level=True)

    def _prefixes(self, c) -> str:
        g, lines = self.g, [HEADER]
        for ont in g.objects(c, SH.prefixes):
            for decl in g.objects(ont, SH.declare):
                lines.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>\n")
        return "".join(lines)


def _deactivated(g: rdflib.Graph, node) -> bool:
    return g.value(node, SH.deactivated) == Literal(True)


def compile_shapes(shapes: rdflib.Graph) -> list[Check]:
    return Compiler(shapes).compile()


def run_checks(engine: SparqlEngine, checks: list[Check]) -> list[Result]:
    out: list[Result] = []
    for check in checks:
        res = engine.select(check.query)
        msgs = tuple(sorted(check.messages.items()))
        for row in res.rows:
            focus = row["this"]
            if check.kind == "values":
                for i, f in enumerate(check.flags):
                    flag = row.get(f"f{i}")
                    if isinstance(flag, Literal) and flag.value is True:
                        out.append(Result(focus, check.shape, check.severity, f.component, check.path,
                                          row.get("v"), msgs))
            elif check.kind == "counts":
                n = int(row["n"])
                lo, hi = check.flags
                if lo.expr and n < int(lo.expr):
                    out.append(Result(focus, check.shape, check.severity, lo.component, check.path, None, msgs))
                if hi.expr and n > int(hi.expr):
                    out.append(Result(focus, check.shape, check.severity, hi.component, check.path, None, msgs))
            elif check.kind == "uniqueLang":
                out.append(Result(focus, check.shape, check.severity, check.component, check.path, None, msgs))
            elif check.kind == "pairs":
                out.append(Result(focus, check.shape, check.severity, check.component, check.path,
                                  row.get("v"), msgs))
            else:  # sparql
                value = row.get("value", focus)
                path = row.get("path")
                bindings = dict(row)
                filled = tuple(sorted((lg, fill(t, bindings)) for lg, t in check.messages.items()))
                out.append(Result(focus, check.shape, check.severity, check.component,
                                  f"<{path}>" if isinstance(path, URIRef) else check.path, value, filled))
    return out


def run_fast(engine: SparqlEngine, shapes: rdflib.Graph) -> list[Result]:
    return run_checks(engine, compile_shapes(shapes))


__all__ = ["Check", "UnsupportedShape", "compile_shapes", "run_checks", "run_fast", "BNode"]
