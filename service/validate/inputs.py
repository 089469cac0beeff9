"""What to validate: the built dataset, or user files (Turtle, JSON-LD, N-Triples, TriG, …),
always with the ontology (for the class hierarchy). Syntax errors name the file and line."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import rdflib

from ..config import Paths, base_iri
from ..store import dataset_files
from ..store.sparql_engine import RdfSyntaxError, SparqlEngine, syntax_of

RDFLIB_SYNTAX = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig",
                 "jsonld": "json-ld", "rdfxml": "xml", "n3": "n3"}


class InputError(ValueError):
    """An input that cannot be read (missing file or syntax error); the message names file and line."""


@dataclass(frozen=True)
class Source:
    path: Path
    syntax: str
    base: str | None = None


def built_sources(paths: Paths, base: str | None = None) -> list[Source]:
    """The dataset `ttx build` produced: ontology, plan, registry (+ national, mappings, inferred)."""
    return [Source(f.path, "turtle", f.base) for f in dataset_files(paths, base)]


def user_sources(files: list[Path], paths: Paths, registry: bool = True, base: str | None = None) -> list[Source]:
    """User files, plus the ontology and (by default) the shared registry (code lists, agencies)."""
    base = (base or base_iri()).rstrip("/") + "/"
    out = [Source(paths.ontology, "turtle")]
    if registry:
        out += [Source(f, "turtle", base) for f in sorted(paths.registry_dir.glob("*.ttl"))]
    for f in files:
        if not f.is_file():
            raise InputError(f"{f}: no such file")
        out.append(Source(f, syntax_of(f), f.resolve().as_uri()))
    return out


def load_engine(sources: list[Source]) -> SparqlEngine:
    engine = SparqlEngine()
    for s in sources:
        try:
            engine.load_file(s.path, s.syntax, s.base)
        except RdfSyntaxError as exc:
            raise InputError(str(exc)) from None
    return engine


def load_rdflib(sources: list[Source]) -> rdflib.Graph:
    """One rdflib graph with the union of the sources (what plain pyshacl validates)."""
    g = rdflib.Graph()
    for s in sources:
        fmt = RDFLIB_SYNTAX[s.syntax]
        try:
            if fmt in ("trig", "nquads"):
                ds = rdflib.Dataset()
                ds.parse(s.path, format=fmt, publicID=s.base)
                for t in ds.triples((None, None, None)):
                    g.add(t)
            else:
                g.parse(s.path, format=fmt, publicID=s.base)
        except Exception as exc:  # rdflib raises many kinds; report them uniformly
            # Oxigraph gives positions for every syntax: ask it where the error is.
            try:
                SparqlEngine().load_file(s.path, s.syntax, s.base)
            except RdfSyntaxError as located:
                raise InputError(str(located)) from None
            raise InputError(f"{s.path}: {exc}") from None
    return g


def check_sources(sources: list[Source]) -> None:
    """Fail early (with file and line) if any source is unreadable."""
    for s in sources:
        if not s.path.is_file():
            raise InputError(f"{s.path}: no such file")
    load_engine(sources)


class Timer:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        out, self.start = now - self.start, now
        return out
