"""The reference engine: plain pyshacl over an rdflib graph.

pyshacl runs a SHACL-SPARQL constraint once per focus node and rdflib parses the query text every
time (~10-20 ms each). ``cache_queries=True`` memoizes rdflib's parse + algebra translation per query
text for the duration of the run — the same results, several times faster on the cross-record rules.
The benchmark's baseline is plain pyshacl (``cache_queries=False``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import rdflib
from rdflib import Literal
from rdflib.namespace import RDF, SH

from .paths import path_to_sparql
from .results import Result
from .shapes import template_regex, texts


def run_pyshacl(data: rdflib.Graph, shapes: rdflib.Graph, cache_queries: bool = False) -> list[Result]:
    import pyshacl

    with (parsed_query_cache() if cache_queries else contextlib.nullcontext()):
        _conforms, report, _text = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True,
            abort_on_first=False, meta_shacl=False,
        )
    return results_from_report(report, shapes)


@contextlib.contextmanager
def parsed_query_cache() -> Iterator[None]:
    """Memoize rdflib's SPARQL parse + translation by query text (restored on exit)."""
    import rdflib.plugins.sparql.processor as proc

    parse, translate = proc.parseQuery, proc.translateQuery
    cache: dict = {}

    def lazy_parse(text):
        return ("ttx-cached-query", text) if isinstance(text, str) else parse(text)

    def cached_translate(parsed, base=None, init_ns=None):
        if isinstance(parsed, tuple) and parsed[:1] == ("ttx-cached-query",):
            key = (parsed[1], base, tuple(sorted((init_ns or {}).items())))
            if key not in cache:
                cache[key] = translate(parse(parsed[1]), base, init_ns)
            return cache[key]
        return translate(parsed, base, init_ns)

    proc.parseQuery, proc.translateQuery = lazy_parse, cached_translate
    try:
        yield
    finally:
        proc.parseQuery, proc.translateQuery = parse, translate


def results_from_report(report: rdflib.Graph, shapes: rdflib.Graph) -> list[Result]:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(r, SH.sourceShape)
        path = report.value(r, SH.resultPath)
        messages = _languages(shapes, shape, [m for m in report.objects(r, SH.resultMessage)])
        out.append(Result(
            focus=report.value(r, SH.focusNode), shape=str(shape),
            severity=str(report.value(r, SH.resultSeverity)),
            component=str(report.value(r, SH.sourceConstraintComponent)),
            path=path_to_sparql(report, path) if path is not None else None,
            value=report.value(r, SH.value), messages=messages))
    return out


def _languages(shapes: rdflib.Graph, shape, messages: list) -> tuple[tuple[str, str], ...]:
    """pyshacl drops the language tag of a message it filled in; recover it from the templates."""
    templates = texts(shapes, shape, SH.message)
    out = []
    for m in messages:
        lang = m.language if isinstance(m, Literal) else None
        if not lang:
            lang = next((lg for lg, t in templates.items() if template_regex(t).match(str(m))), "")
        out.append((lang, str(m)))
    return tuple(sorted(set(out)))
