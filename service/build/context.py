"""What every emitter needs: the graph being built, IRIs, registries, translations and
the provenance triples every resource carries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from .agencies import NameIndex, UnknownAgency
from .errors import SourceError
from .iris import TTX, Iris
from .labels import Translations
from .source import Line, SourceText


def gyear(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def decimal(value: Decimal) -> Literal:
    return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)


@dataclass
class Context:
    graph: Graph
    iris: Iris
    src: SourceText
    source_iri: URIRef
    actors: NameIndex
    places: NameIndex
    en: Translations

    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        self.graph.add((s, p, o if isinstance(o, (URIRef, Literal)) else Literal(o)))

    def typed(self, s: URIRef, *classes: URIRef) -> None:
        for c in classes:
            self.graph.add((s, RDF.type, c))

    def labels(self, s: URIRef, vi: str, en: str, *, pref: bool = False) -> None:
        for pred in ((RDFS.label, SKOS.prefLabel) if pref else (RDFS.label,)):
            self.graph.add((s, pred, Literal(vi, lang="vi")))
            self.graph.add((s, pred, Literal(en, lang="en")))

    def provenance(self, s: URIRef, line: Line, location: str, verbatim: str | None = None) -> None:
        self.graph.add((s, PROV.wasDerivedFrom, self.source_iri))
        self.graph.add((s, TTX.sourceLine, Literal(line.number, datatype=XSD.positiveInteger)))
        self.graph.add((s, TTX.sourceLocation, Literal(location, lang="vi")))
        self.graph.add((s, TTX.verbatim, Literal(verbatim if verbatim is not None else line.text)))

    def note(self, s: URIRef, text: str) -> None:
        self.graph.add((s, TTX.sourceNote, Literal(text, lang="en")))

    def notation(self, s: URIRef, notation: str) -> None:
        self.graph.add((s, SKOS.notation, Literal(notation)))

    def component(self, s: URIRef, cls: URIRef, notation: str, parent: URIRef | None = None) -> None:
        self.typed(s, cls)
        self.notation(s, notation)
        self.graph.add((s, TTX.plan, self.iris.plan))
        if parent is not None and parent != self.iris.plan:  # ttx:plan already links to the plan
            self.graph.add((s, TTX.partOf, parent))
            self.graph.add((parent, TTX.hasPart, s))

    def resolve_cell(self, cell: str, line: Line, row: str, column: str):
        try:
            return self.actors.resolve_cell(cell)
        except UnknownAgency as exc:
            raise SourceError(f"{column}: {exc}", file=self.src.path, line=line.number, row=row) from None

    def actor(self, name: str, line: Line, row: str) -> URIRef:
        mentions = self.resolve_cell(name, line, row, "agency")
        if len(mentions) != 1:
            raise self.src.error(f"expected one agency in '{name}', found {len(mentions)}", line, row)
        return mentions[0].actor
