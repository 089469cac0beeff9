"""The embedded store: pyoxigraph, in memory or in a directory, with named graphs whose
union is the default graph."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .dataset import GraphFile

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = {"nquads", "trig"}


class QueryError(ValueError):
    """A query the engine rejected (syntax or evaluation); message names the position."""


def term_json(term: Any) -> dict[str, str]:
    """A term in the SPARQL 1.1 JSON results shape."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def to_term(value: Mapping[str, str]) -> Any:
    kind = value.get("type")
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "literal":
        if "xml:lang" in value:
            return ox.Literal(value["value"], language=value["xml:lang"])
        if "datatype" in value:
            return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
        return ox.Literal(value["value"])
    raise QueryError(f"cannot bind a {kind!r} value")


@dataclass
class QueryResult:
    kind: str  # select | ask | graph
    variables: list[str]
    _raw: Any

    def rows(self) -> Iterator[dict[str, dict[str, str]]]:
        if self.kind != "select":
            raise TypeError("rows() is for SELECT results")
        for sol in self._raw:
            yield {v: term_json(sol[v]) for v in self.variables if sol[v] is not None}

    @property
    def boolean(self) -> bool:
        return bool(self._raw)

    def serialize(self, fmt: str) -> bytes:
        if self.kind in ("ask", "select"):
            return self._raw.serialize(format=RESULT_FORMATS[fmt])
        return self._raw.serialize(format=RDF_FORMATS[fmt])


class EmbeddedStore:
    def __init__(self, directory: Path | None = None) -> None:
        self._store = ox.Store(str(directory)) if directory else ox.Store()

    def load(self, files: list[GraphFile]) -> int:
        for f in files:
            try:
                self._store.load(path=str(f.path), format=ox.RdfFormat.TURTLE, base_iri=f.base,
                                 to_graph=ox.NamedNode(f.graph))
            except SyntaxError as exc:
                raise QueryError(f"{f.path}: {exc}") from None
        return len(self._store)

    def load_data(self, data: bytes, fmt: str, graph: str, base: str | None = None) -> None:
        self._store.load(input=data, format=RDF_FORMATS[fmt], base_iri=base, to_graph=ox.NamedNode(graph))

    def clear_graph(self, graph: str) -> None:
        self._store.clear_graph(ox.NamedNode(graph))

    def __len__(self) -> int:
        return len(self._store)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(self, sparql: str, *, bindings: Mapping[str, Mapping[str, str]] | None = None,
              default_graph: list[str] | None = None, named_graphs: list[str] | None = None) -> QueryResult:
        kwargs: dict[str, Any] = {}
        if default_graph:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if bindings:
            kwargs["substitutions"] = {ox.Variable(k): to_term(v) for k, v in bindings.items()}
        try:
            raw = self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise QueryError(str(exc)) from None
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            raise QueryError(str(exc)) from None
        if isinstance(raw, ox.QuerySolutions):
            return QueryResult("select", [v.value for v in raw.variables], raw)
        if isinstance(raw, ox.QueryTriples):
            return QueryResult("graph", [], raw)
        return QueryResult("ask", [], raw)

    def dump(self, fmt: str, graph: str | None = None) -> bytes:
        if fmt in QUAD_FORMATS and graph is None:
            return self._store.dump(format=RDF_FORMATS[fmt])
        if graph is None:
            raise ValueError(f"{fmt} holds one graph: name the graph, or use trig / nquads")
        return self._store.dump(format=RDF_FORMATS[fmt], from_graph=ox.NamedNode(graph))
