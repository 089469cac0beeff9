"""One query worker process: opens the on-disk store read-only and answers queries sent
over a pipe. A worker that runs past its deadline is killed by the pool — the only way to
really stop a pyoxigraph query, which has no timeout of its own."""

from __future__ import annotations

import itertools
import json
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
    rows: int = 0  # -1: a SELECT answer serialized natively, rows not counted (never truncated)
    truncated: bool = False
    error: str = ""
    code: str = ""


# The fewest bytes one more solution adds to pyoxigraph's serialization of each format: an
# answer shorter than (row_cap + 1) × this cannot hold more than row_cap rows.
_MIN_ROW_BYTES = {"json": 3, "xml": 17, "csv": 2, "tsv": 1}
# A JSON answer longer than that is parsed to count its rows (C speed, no re-evaluation),
# up to this size; past it the serializer stops and the query is evaluated again, capped.
_JSON_PARSE_LIMIT = 16 * 1024 * 1024


class _OverBudget(Exception):
    pass


class _Capped:
    """A write target for pyoxigraph's serializers that gives up past `limit` bytes, so that
    a huge answer is never built whole just to learn that it must be truncated."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) > self.limit:
            raise _OverBudget
        return len(data)

    def flush(self) -> None:
        pass


def _native_select(raw: Any, job: Job) -> Answer | None:
    """The answer serialized by pyoxigraph itself (no Python object per term), when it
    provably fits the row cap (or, for JSON, is cut to it); None when that can't be known
    cheaply: the solutions are then used up and the caller evaluates again, counting rows."""
    import pyoxigraph as ox

    from .results import serialize_select

    fmt = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[job.fmt]
    surely_fits = (job.row_cap + 1) * _MIN_ROW_BYTES[job.fmt]
    out = _Capped(max(surely_fits, _JSON_PARSE_LIMIT) if job.fmt == "json" else surely_fits)
    try:
        raw.serialize(out, format=fmt)
    except _OverBudget:
        return None
    body = bytes(out.buffer)
    if len(body) < surely_fits:
        return Answer(True, "select", body, job.fmt, -1, False)
    doc = json.loads(body)
    rows = doc["results"]["bindings"]
    if len(rows) <= job.row_cap:
        return Answer(True, "select", body, job.fmt, len(rows), False)
    return Answer(True, "select", serialize_select(doc["head"]["vars"], rows[: job.row_cap], "json"), job.fmt,
                  job.row_cap, True)


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
        if isinstance(raw, ox.QuerySolutions) and job.fmt in _MIN_ROW_BYTES:
            native = _native_select(raw, job)
            if native is not None:
                return native
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


def worker_main(directory: str, conn: Any, in_memory: bool = False) -> None:
    """in_memory: copy the on-disk store into this process's memory first. A small graph is
    then queried about twice as fast (no RocksDB block lookups), at the cost of one copy per
    worker — so the pool only asks for it below a size limit (served.IN_MEMORY_MAX)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(directory)
    if in_memory:
        memory = ox.Store()
        memory.bulk_extend(store.quads_for_pattern(None, None, None, None))
        store = memory
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(("answer", run_job(store, job)))
