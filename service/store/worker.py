"""One query worker process: opens the on-disk store read-only and answers queries sent
over a pipe. A worker that runs past its deadline is killed by the pool — the only way to
really stop a pyoxigraph query, which has no timeout of its own."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

RDF_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")


@dataclass(frozen=True)
class Job:
    query: str
    fmt: str  # a results format for SELECT/ASK, an RDF format for CONSTRUCT/DESCRIBE
    graph_fmt: str
    row_cap: int
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Answer:
    ok: bool
    kind: str = ""  # select | ask | graph
    body: bytes = b""
    fmt: str = ""
    rows: int = 0
    truncated: bool = False
    error: str = ""
    code: str = ""


def run_job(store: Any, job: Job) -> Answer:
    import pyoxigraph as ox

    from .embedded import RDF_FORMATS as OX_RDF
    from .embedded import term_json
    from .results import serialize_ask, serialize_select

    kwargs: dict[str, Any] = {}
    if job.default_graph:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graph]
    else:
        kwargs["use_default_graph_as_union"] = True
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        raw = store.query(job.query, **kwargs)
        if isinstance(raw, ox.QuerySolutions):
            variables = [v.value for v in raw.variables]
            rows = []
            for sol in itertools.islice(raw, job.row_cap + 1):
                rows.append({v: term_json(sol[v]) for v in variables if sol[v] is not None})
            truncated = len(rows) > job.row_cap
            rows = rows[: job.row_cap]
            return Answer(True, "select", serialize_select(variables, rows, job.fmt), job.fmt, len(rows), truncated)
        if isinstance(raw, ox.QueryTriples):
            triples = list(itertools.islice(raw, job.row_cap + 1))
            truncated = len(triples) > job.row_cap
            body = ox.serialize(triples[: job.row_cap], format=OX_RDF[job.graph_fmt])
            return Answer(True, "graph", body, job.graph_fmt, min(len(triples), job.row_cap), truncated)
        return Answer(True, "ask", serialize_ask(bool(raw), job.fmt), job.fmt, 1)
    except SyntaxError as exc:
        return Answer(False, error=str(exc), code="query_syntax")
    except Exception as exc:  # evaluation errors surface as plain messages, never tracebacks
        return Answer(False, error=str(exc), code="query_evaluation")


def worker_main(directory: str, conn: Any) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(directory)
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(("answer", run_job(store, job)))
