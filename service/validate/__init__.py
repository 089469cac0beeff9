"""SHACL validation and OWL reasoning for ttx-kg.

``validate(paths)`` checks the built dataset (or user files) against shapes/*.ttl with the ontology
for the class hierarchy, on one of two engines that give the same results:

- ``fast`` (default): the shapes compiled to SPARQL and run on Oxigraph (service.store);
- ``pyshacl``: plain pyshacl over an rdflib graph (the reference).

Modules: inputs (what to load, syntax errors with file and line), shapes (the shapes graph),
fast / engine_pyshacl (the engines), results (one result model), report (text, JSON, Turtle),
errata (docs/errata.md from the warnings), reason (HermiT + OWL 2 RL materialization). Synthetic
provinces for the benchmarks come from service.synth (`ttx synth`).
"""

from __future__ import annotations

from pathlib import Path

from ..config import Paths
from .inputs import InputError, Timer, built_sources, load_engine, load_rdflib, user_sources
from .results import Report, Result
from .shapes import load_shapes

ENGINES = ("fast", "pyshacl")


def sources_for(paths: Paths, files: list[Path] | None = None, registry: bool = True, base: str | None = None):
    return user_sources(list(files), paths, registry, base) if files else built_sources(paths, base)


def validate(paths: Paths, files: list[Path] | None = None, engine: str = "fast", registry: bool = True,
             base: str | None = None, shapes_dir: Path | None = None, cache_queries: bool = True) -> Report:
    """Validate the built dataset (no files) or the given files; raises InputError when unreadable."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    shapes = load_shapes(shapes_dir or paths.shapes_dir)
    sources = sources_for(paths, files, registry, base)
    timer = Timer()
    if engine == "fast":
        from .fast import run_fast
        store = load_engine(sources)
        load = timer.lap()
        results = run_fast(store, shapes)
        triples = len(store)
    else:
        from .engine_pyshacl import run_pyshacl
        graph = load_rdflib(sources)
        load = timer.lap()
        results = run_pyshacl(graph, shapes, cache_queries)
        triples = len(graph)
    return Report(results, engine, triples, {"load": load, "validate": timer.lap()})


__all__ = ["ENGINES", "InputError", "Report", "Result", "validate"]
