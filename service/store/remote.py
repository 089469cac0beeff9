"""A remote SPARQL 1.1 endpoint behind the same interface as ServedStore.

Queries go over the SPARQL 1.1 Protocol with SPARQLWrapper (POST, form-encoded); loading
uses the Graph Store HTTP Protocol (PUT/POST of N-Triples per named graph), or SPARQL Update
(`INSERT DATA` in batches) where an engine has no GSP. Answers come back as `Answer`s shaped
exactly like the embedded store's: SPARQL JSON rows normalized to RDF 1.1 terms, capped at
`row_cap` with truncation flagged, serialized by the same serializers, so the API cannot
tell the engines apart.

The dataset is always named explicitly: every query carries `default-graph-uri` (and
`named-graph-uri`) for the graphs we loaded, so an engine's own default graph never leaks in
(Virtuoso's holds its system graphs; Oxigraph's is empty unless started with
--union-default-graph).

Failures: a connection refused/reset, an HTTP 502/503, an incomplete or unparsable body all
raise `PoolUnavailable` (the API answers 503 + Retry-After; never a partial answer); the
deadline raises `QueryTimeout` (504). After a connection failure the store fails fast for
`breaker` seconds instead of letting every request wait, then lets requests probe again, so
the service recovers by itself when the engine returns.

Engine quirks handled here (tests/test_engines.py shows each):

- Virtuoso: `typed-literal` in SPARQL JSON; booleans written "1"/"0"; EXISTS, comparisons,
  true/false constants and COALESCE/IF of them bound with BIND come back as xsd:integer 1/0
  (projected variables whose expression is boolean are turned back into xsd:boolean);
  explicit xsd:string datatypes; a server-side row cap (ResultSetMaxRows) that truncates
  silently (a result of exactly `max_rows` rows is flagged truncated); deadlines use its
  `timeout` parameter (milliseconds, "anytime" queries) whose partial answers are flagged
  only by `X-SQL-State: S1TAT` / HTTP 206 — they become QueryTimeout, never a
  complete-looking answer; updates go to `/sparql-auth` and the Graph Store to
  `/sparql-graph-crud-auth?graph-uri=` (digest auth); its default graph contains system
  graphs, so graph counts keep only our graphs.
- Oxigraph server: query, update and store endpoints are `/query`, `/update`, `/store?graph=`;
  no per-query timeout parameter (start it with --timeout-s).

Where Virtuoso evaluates a query differently from SPARQL 1.1 (BOUND, comparisons with unbound
values, joins on unbound variables, non-ASCII constants in CONCAT…), no normalization of the
answer can help: the named queries are written to avoid those constructs (docs/engines.md).
"""

from __future__ import annotations

import functools
import http.client
import json
import re
import socket
import threading
import time
import urllib.error
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from SPARQLWrapper import BASIC, DIGEST, POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from .dataset import GraphFile
from .embedded import RDF_FORMATS, QueryError
from .pool import PoolUnavailable, QueryTimeout
from .results import serialize_ask, serialize_select
from .worker import Answer, Job

XSD = "http://www.w3.org/2001/XMLSchema#"
JSON_RESULTS = "application/sparql-results+json"
# Oxigraph (the embedded store) keeps integer values, not their derived datatypes: a stored
# "5"^^xsd:positiveInteger is answered as "5"^^xsd:integer. Other engines keep the datatype;
# answers are aligned on the embedded store's so the service answers the same on every store.
INTEGER_SUBTYPES = {XSD + t for t in (
    "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
NTRIPLES = "application/n-triples"
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"


@dataclass
class Engine:
    """Where an engine keeps its endpoints and what it gets wrong."""

    name: str
    update_path: str | None = None  # relative to the server root; None = the query endpoint
    gsp_path: str | None = None  # Graph Store endpoint; None = load with SPARQL Update
    gsp_graph_param: str = "graph"
    timeout_param: str | None = None  # per-query deadline parameter
    timeout_unit: float = 1.0  # multiplier from seconds
    boolean_as_integer: bool = False
    max_rows: int | None = None  # a server-side row cap that truncates silently
    system_graphs: bool = False


ENGINES = {
    "generic": Engine("generic"),
    "oxigraph": Engine("oxigraph", update_path="/update", gsp_path="/store"),
    "virtuoso": Engine("virtuoso", update_path="/sparql-auth", gsp_path="/sparql-graph-crud-auth",
                       gsp_graph_param="graph-uri", timeout_param="timeout", timeout_unit=1000.0,
                       boolean_as_integer=True, max_rows=None, system_graphs=True),
    "fuseki": Engine("fuseki", gsp_path=None),
}


class _Stats:
    def __init__(self) -> None:
        self.stats = {"timeouts": 0, "restarts": 0, "unavailable": 0, "requests": 0}


class RemoteResult:
    """A remote answer shaped like embedded.QueryResult (for the CLI)."""

    def __init__(self, kind: str, variables: list[str], rows: list[dict[str, dict[str, str]]] | None = None,
                 boolean: bool = False, triples: list[Any] | None = None) -> None:
        self.kind, self.variables, self._rows, self._bool, self._triples = kind, variables, rows or [], boolean, triples

    def rows(self) -> Iterator[dict[str, dict[str, str]]]:
        if self.kind != "select":
            raise TypeError("rows() is for SELECT results")
        return iter(self._rows)

    @property
    def boolean(self) -> bool:
        return self._bool

    def serialize(self, fmt: str) -> bytes:
        if self.kind == "select":
            return serialize_select(self.variables, self._rows, fmt)
        if self.kind == "ask":
            return serialize_ask(self._bool, fmt)
        return ox.serialize(self._triples or [], format=RDF_FORMATS[fmt])


_FORM = re.compile(r"""
    (?P<skip>\#[^\n]*|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\s]*>)
  | (?P<word>\b(?:SELECT|ASK|CONSTRUCT|DESCRIBE)\b)
""", re.VERBOSE | re.IGNORECASE | re.DOTALL)


def query_form(text: str) -> str:
    """SELECT | ASK | CONSTRUCT | DESCRIBE: the first form keyword outside comments, strings and IRIs."""
    for m in _FORM.finditer(text):
        if m.group("word"):
            return m.group("word").upper()
    return "SELECT"


_BOOLEAN_EXPR = {"RelationalExpression", "ConditionalAndExpression", "ConditionalOrExpression", "UnaryNot",
                 "Builtin_EXISTS", "Builtin_NOTEXISTS", "Builtin_BOUND", "Builtin_isIRI", "Builtin_isBLANK",
                 "Builtin_isLITERAL", "Builtin_isNUMERIC", "Builtin_REGEX", "Builtin_CONTAINS",
                 "Builtin_STRSTARTS", "Builtin_STRENDS", "Builtin_LANGMATCHES", "Builtin_sameTerm"}


@functools.lru_cache(maxsize=512)
def boolean_variables(text: str) -> frozenset[str]:
    """Variables bound (BIND … AS ?v, or (expr AS ?v) in SELECT) to a boolean expression: a
    comparison, EXISTS, BOUND…, a true/false constant, another such variable, or COALESCE / IF
    whose every possible result is one of these."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue, Expr
    from rdflib.term import Literal, Variable
    try:
        algebra = translateQuery(parseQuery(text)).algebra
    except Exception:
        return frozenset()
    bindings: list[tuple[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, CompValue):
            if node.name == "Extend" and node.get("var") is not None:
                bindings.append((str(node.var), node.get("expr")))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(algebra)
    found: set[str] = set()

    def boolean(expr: Any) -> bool:
        if isinstance(expr, Variable):
            return str(expr) in found
        if isinstance(expr, Literal):
            return expr.datatype is not None and str(expr.datatype) == XSD + "boolean"
        if not isinstance(expr, Expr):
            return False
        if expr.name in _BOOLEAN_EXPR:
            return True
        if expr.name == "Builtin_COALESCE":
            return all(boolean(arg) for arg in expr.arg)
        if expr.name == "Builtin_IF":
            return boolean(expr.arg2) and boolean(expr.arg3)
        return False

    changed = True
    while changed:  # a variable can be boolean because of one bound later in the text
        changed = False
        for var, expr in bindings:
            if var not in found and boolean(expr):
                found.add(var)
                changed = True
    return frozenset(found)


def normalize_term(term: Mapping[str, str], boolean: bool = False) -> dict[str, str]:
    """A SPARQL JSON term as RDF 1.1 says it: no `typed-literal`, no explicit xsd:string,
    booleans as true/false."""
    kind = term.get("type", "literal")
    if kind == "typed-literal":
        kind = "literal"
    out = {"type": kind, "value": term.get("value", "")}
    if kind != "literal":
        return out
    lang = term.get("xml:lang") or term.get("lang")
    datatype = term.get("datatype")
    if lang:
        out["xml:lang"] = lang
    elif datatype == XSD + "boolean" or (boolean and datatype == XSD + "integer" and out["value"] in ("0", "1")):
        out["value"] = {"1": "true", "0": "false"}.get(out["value"], out["value"])
        out["datatype"] = XSD + "boolean"
    elif datatype in INTEGER_SUBTYPES:
        out["datatype"] = XSD + "integer"
    elif datatype and datatype != XSD + "string":
        out["datatype"] = datatype
    return out


def _server_root(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def _is_connection_error(exc: BaseException) -> bool:
    if isinstance(exc, (ConnectionError, http.client.HTTPException, EOFError, httpx.TransportError)):
        return not isinstance(exc, httpx.TimeoutException)
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        reason = exc.reason
        return not isinstance(reason, (TimeoutError, socket.timeout))
    return False


def _is_timeout(exc: BaseException) -> bool:
    if isinstance(exc, (TimeoutError, socket.timeout, httpx.TimeoutException)):
        return True
    return isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, (TimeoutError, socket.timeout))


@dataclass
class RemoteStore:
    """A SPARQL 1.1 endpoint as a store. `endpoint` is the query URL (Virtuoso `…/sparql`,
    Oxigraph `…/query`, Fuseki `…/ds/sparql`); the engine is detected from the Server header
    unless given."""

    endpoint: str
    update_url: str | None = None
    gsp_url: str | None = None
    user: str | None = None
    password: str | None = None
    auth: str = "digest"  # digest | basic (for updates and loading; queries are anonymous unless query_auth)
    query_auth: bool = False
    engine: str = "auto"
    graphs: list[str] | None = None  # the named graphs that make up the dataset (None = discover)
    base: str | None = None  # with graphs=None: keep graphs under {base}/graph/
    timeout: float = 30.0
    max_rows: int | None = None
    breaker: float = 1.0  # seconds to fail fast after a connection failure
    concurrency: int = 16
    batch: int = 50_000  # triples per load request
    graph_counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        parts = urlsplit(self.endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"not an http(s) SPARQL endpoint: {self.endpoint}")
        self.root = _server_root(self.endpoint)
        if not parts.path or parts.path == "/":
            self.endpoint = self.root + ("/sparql" if self.engine == "virtuoso" else "/query"
                                         if self.engine == "oxigraph" else "/sparql")
        if self.engine == "auto":
            self.engine = self._detect()
        self.quirks = ENGINES.get(self.engine, ENGINES["generic"])
        if self.max_rows is None:
            self.max_rows = self.quirks.max_rows
        self.pool = _Stats()
        self._down_until = 0.0
        self._was_down = False
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._client = httpx.Client(timeout=httpx.Timeout(self.timeout, connect=5.0))

    # -- configuration -----------------------------------------------------------------------

    def _detect(self) -> str:
        try:
            r = httpx.get(self.endpoint, params={"query": "ASK {}"}, headers={"Accept": JSON_RESULTS}, timeout=5)
        except httpx.HTTPError:
            return "generic"
        server = r.headers.get("server", "").lower()
        if "virtuoso" in server:
            return "virtuoso"
        if "oxigraph" in server or self.endpoint.rstrip("/").endswith("/query"):
            return "oxigraph"
        if "fuseki" in server or "jetty" in server:
            return "fuseki"
        return "generic"

    @property
    def _auth(self) -> httpx.Auth | None:
        if not self.user:
            return None
        if self.auth == "basic":
            return httpx.BasicAuth(self.user, self.password or "")
        return httpx.DigestAuth(self.user, self.password or "")

    @property
    def _update_endpoint(self) -> str:
        if self.update_url:
            return self.update_url
        return self.root + self.quirks.update_path if self.quirks.update_path else self.endpoint

    @property
    def _gsp_endpoint(self) -> str | None:
        if self.gsp_url:
            return self.gsp_url
        return self.root + self.quirks.gsp_path if self.quirks.gsp_path else None

    @property
    def triples(self) -> int:
        return sum(self.graph_counts.values())

    @property
    def dataset(self) -> list[str]:
        return sorted(self.graphs if self.graphs is not None else self.graph_counts)

    # -- availability ---------------------------------------------------------------------------

    def _check_available(self) -> None:
        if time.monotonic() < self._down_until:
            self.pool.stats["unavailable"] += 1
            raise PoolUnavailable("the SPARQL store is unreachable; retry shortly")

    def _mark_down(self, why: str) -> PoolUnavailable:
        with self._lock:
            self._down_until = time.monotonic() + self.breaker
            self._was_down = True
        self.pool.stats["unavailable"] += 1
        return PoolUnavailable(f"the SPARQL store is unreachable ({why}); retry shortly")

    def _mark_up(self) -> None:
        if self._was_down:
            with self._lock:
                if self._was_down:
                    self._was_down = False
                    self.pool.stats["restarts"] += 1

    # -- queries ---------------------------------------------------------------------------------

    def _wrapper(self, text: str, accept: str, timeout: float, default_graph: tuple[str, ...] | None,
                 named_graphs: tuple[str, ...] | None, use_dataset: bool = True) -> SPARQLWrapper:
        sw = SPARQLWrapper(self.endpoint)
        sw.setMethod(POST)
        sw.setRequestMethod(URLENCODED)
        sw.setOnlyConneg(True)
        sw.setQuery(text)
        sw.addCustomHttpHeader("Accept", accept)
        sw.setTimeout(max(1, int(timeout + 0.999)))
        for g in (list(default_graph) if default_graph else self.dataset if use_dataset else []):
            sw.addParameter("default-graph-uri", g)
        for g in (list(named_graphs) if named_graphs else self.dataset if use_dataset else []):
            sw.addParameter("named-graph-uri", g)
        if self.quirks.timeout_param:
            sw.addParameter(self.quirks.timeout_param, str(int(timeout * self.quirks.timeout_unit)))
        if self.query_auth and self.user:
            sw.setHTTPAuth(BASIC if self.auth == "basic" else DIGEST)
            sw.setCredentials(self.user, self.password or "")
        return sw

    def _fetch(self, text: str, accept: str, timeout: float, default_graph: tuple[str, ...] | None = None,
               named_graphs: tuple[str, ...] | None = None, use_dataset: bool = True
               ) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and the whole body, or QueryTimeout / PoolUnavailable / QueryError."""
        self._check_available()
        if not self._slots.acquire(timeout=timeout):
            raise PoolUnavailable("all connections to the SPARQL store are busy")
        start = time.monotonic()
        try:
            self.pool.stats["requests"] += 1
            sw = self._wrapper(text, accept, timeout, default_graph, named_graphs, use_dataset)
            try:
                response = sw.query().response
                body = response.read()
                status = getattr(response, "status", 200)
                headers = {k.lower(): v for k, v in response.headers.items()}
            except SPARQLWrapperException as exc:
                message = str(exc).split("Response:", 1)[-1].strip()
                message = re.sub(r"^b['\"]|['\"]$", "", message).replace("\\n", "\n").strip()
                if "401" in type(exc).__name__ or type(exc).__name__ == "Unauthorized":
                    raise PoolUnavailable("the SPARQL store refused our credentials") from None
                if type(exc).__name__ == "EndPointInternalError":
                    # Virtuoso refuses up front what its cost model says would run too long
                    # ("The estimated execution time … exceeds the limit"): that is a deadline too.
                    if re.search(r"S1T00|timeout|time limit|anytime|estimated execution time", message,
                                 re.IGNORECASE):
                        self.pool.stats["timeouts"] += 1
                        raise QueryTimeout(f"query exceeded the {timeout:g} s time limit") from None
                    raise QueryError(message[:2000]) from None
                if type(exc).__name__ == "EndPointNotFound":
                    raise self._mark_down("endpoint not found") from None
                error = QueryError(message[:2000])
                error.code = "query_syntax" if type(exc).__name__ == "QueryBadFormed" else "query_evaluation"
                raise error from None
            except urllib.error.HTTPError as exc:
                if exc.code in (502, 503, 504):
                    if exc.code == 504:
                        self.pool.stats["timeouts"] += 1
                        raise QueryTimeout(f"query exceeded the {timeout:g} s time limit") from None
                    raise self._mark_down(f"HTTP {exc.code}") from None
                raise QueryError(f"HTTP {exc.code}: {exc.read()[:2000].decode('utf-8', 'replace')}") from None
            except (OSError, http.client.HTTPException, ValueError) as exc:
                if _is_timeout(exc) or (time.monotonic() - start >= timeout):
                    self.pool.stats["timeouts"] += 1
                    raise QueryTimeout(f"query exceeded the {timeout:g} s time limit") from None
                raise self._mark_down(type(exc).__name__) from None
        finally:
            self._slots.release()
        if time.monotonic() - start > timeout + 0.5:
            self.pool.stats["timeouts"] += 1
            raise QueryTimeout(f"query exceeded the {timeout:g} s time limit")
        if status == 206 or headers.get("x-sql-state", "").upper() == "S1TAT":
            # Virtuoso "anytime" query: a partial answer dressed as a full one.
            self.pool.stats["timeouts"] += 1
            raise QueryTimeout(f"query exceeded the {timeout:g} s time limit (the engine offered a partial "
                               "answer; it is not passed on)")
        self._mark_up()
        return status, headers, body

    def _select(self, text: str, body: bytes, row_cap: int) -> tuple[str, list[str], list[dict], bool, bool]:
        try:
            doc = json.loads(body)
        except ValueError:
            raise self._mark_down("unparsable or incomplete results") from None
        if "boolean" in doc:
            value = doc["boolean"]
            if isinstance(value, str):
                value = value.lower() in ("true", "1")
            return "ask", [], [], bool(value), False
        variables = list(doc.get("head", {}).get("vars", []))
        raw = doc.get("results", {}).get("bindings", [])
        booleans = boolean_variables(text) if self.quirks.boolean_as_integer else frozenset()
        rows = [{v: normalize_term(t, v in booleans) for v, t in b.items() if v in variables}
                for b in raw[: row_cap]]
        truncated = len(raw) > row_cap or (self.max_rows is not None and len(raw) >= self.max_rows)
        return "select", variables, rows, False, truncated

    def _graph(self, headers: dict[str, str], body: bytes) -> list[Any]:
        ctype = headers.get("content-type", NTRIPLES).split(";")[0].strip().lower()
        fmt = ox.RdfFormat.TURTLE if "turtle" in ctype else ox.RdfFormat.N_TRIPLES
        if "json" in ctype or "xml" in ctype:
            fmt = ox.RdfFormat.JSON_LD if "json" in ctype else ox.RdfFormat.RDF_XML
        try:
            return [q.triple for q in ox.parse(body, format=fmt)]
        except (SyntaxError, ValueError):
            raise self._mark_down("unparsable or incomplete graph") from None

    def run(self, job: Job, timeout: float) -> Answer:
        form = query_form(job.query)
        accept = GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else JSON_RESULTS
        try:
            _, headers, body = self._fetch(job.query, accept, timeout, job.default_graph, job.named_graphs)
        except QueryError as exc:
            message = str(exc)
            code = getattr(exc, "code", None) or ("query_syntax" if re.search(
                r"syntax|parse|SP030|SP031|lexical", message, re.I) else "query_evaluation")
            if self.engine == "virtuoso" and "SP030" not in message and "SP031" not in message:
                code = "query_evaluation"
            return Answer(False, error=message, code=code)
        if form in ("CONSTRUCT", "DESCRIBE"):
            triples = self._graph(headers, body)
            truncated = len(triples) > job.row_cap
            data = ox.serialize(triples[: job.row_cap], format=RDF_FORMATS[job.graph_fmt])
            return Answer(True, "graph", data, job.graph_fmt, min(len(triples), job.row_cap), truncated)
        kind, variables, rows, boolean, truncated = self._select(job.query, body, job.row_cap)
        if kind == "ask":
            return Answer(True, "ask", serialize_ask(boolean, job.fmt), job.fmt, 1)
        return Answer(True, "select", serialize_select(variables, rows, job.fmt), job.fmt, len(rows), truncated)

    def query(self, sparql: str, *, bindings: Mapping[str, Mapping[str, str]] | None = None,
              default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              row_cap: int = 10_000_000) -> RemoteResult:
        """For the CLI and internal use: a QueryResult-like answer; QueryError when rejected."""
        if bindings:
            raise QueryError("a remote store takes parameters as VALUES in the query text")
        form = query_form(sparql)
        accept = GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else JSON_RESULTS
        _, headers, body = self._fetch(sparql, accept, self.timeout, tuple(default_graph or ()) or None,
                                       tuple(named_graphs or ()) or None)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return RemoteResult("graph", [], triples=self._graph(headers, body))
        kind, variables, rows, boolean, _ = self._select(sparql, body, row_cap)
        return RemoteResult(kind, variables, rows, boolean)

    # -- counts, updates, loading -----------------------------------------------------------------

    def refresh_counts(self) -> dict[str, int]:
        """Triples per named graph of our dataset (system graphs of the engine left out)."""
        text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        named = tuple(self.graphs) if self.graphs else None
        _, _, body = self._fetch(text, JSON_RESULTS, self.timeout, None, named, use_dataset=False)
        rows = json.loads(body).get("results", {}).get("bindings", [])
        counts = {r["g"]["value"]: int(r["n"]["value"]) for r in rows if "g" in r and "n" in r}
        if self.graphs is not None:
            counts = {g: counts.get(g, 0) for g in self.graphs}
        elif self.base:
            prefix = self.base.rstrip("/") + "/graph/"
            counts = {g: n for g, n in counts.items() if g.startswith(prefix)}
        elif self.quirks.system_graphs:
            counts = {g: n for g, n in counts.items() if not g.startswith((
                "http://www.openlinksw.com/", "http://www.w3.org/ns/ldp", self.root))}
        self.graph_counts = counts
        return counts

    def _post(self, url: str, *, params: dict[str, str] | None = None, data: dict[str, str] | None = None,
              content: bytes | None = None, headers: dict[str, str] | None = None, method: str = "POST",
              ok: tuple[int, ...] = (200, 201, 204)) -> httpx.Response:
        self._check_available()
        try:
            r = self._client.request(method, url, params=params, data=data, content=content, headers=headers,
                                     auth=self._auth, timeout=httpx.Timeout(max(self.timeout, 600.0), connect=5.0))
        except httpx.TimeoutException:
            raise QueryTimeout("the SPARQL store did not finish the write in time") from None
        except httpx.TransportError as exc:
            raise self._mark_down(type(exc).__name__) from None
        if r.status_code in (502, 503):
            raise self._mark_down(f"HTTP {r.status_code}")
        if r.status_code not in ok:
            raise QueryError(f"{method} {url}: HTTP {r.status_code}: {r.text[:1000]}")
        self._mark_up()
        return r

    def update(self, sparql_update: str, base_iri: str | None = None) -> None:
        """A SPARQL Update on the engine's update endpoint (with the configured credentials);
        relative IRIs resolve against `base_iri`."""
        if base_iri:
            sparql_update = f"BASE <{base_iri}>\n{sparql_update}"
        if "virtuoso" == self.engine:
            self._post(self._update_endpoint, data={"query": sparql_update})
        else:
            self._post(self._update_endpoint, content=sparql_update.encode("utf-8"),
                       headers={"Content-Type": "application/sparql-update"})
        self.refresh_counts()

    def clear(self, graph: str) -> None:
        gsp = self._gsp_endpoint
        if gsp:
            self._post(gsp, method="DELETE", params={self.quirks.gsp_graph_param: graph}, ok=(200, 204, 404))
        else:
            self.update(f"DROP SILENT GRAPH <{graph}>")

    def load_graph(self, graph: str, data: bytes, fmt: str = "ntriples", base: str | None = None) -> int:
        """Add the triples of `data` to `graph`, in batches (GSP POST or INSERT DATA)."""
        triples = [q.triple for q in ox.parse(data, format=RDF_FORMATS[fmt], base_iri=base)]
        gsp = self._gsp_endpoint
        for i in range(0, len(triples), self.batch):
            chunk = ox.serialize(triples[i:i + self.batch], format=ox.RdfFormat.N_TRIPLES)
            if gsp:
                self._post(gsp, params={self.quirks.gsp_graph_param: graph}, content=chunk,
                           headers={"Content-Type": "text/turtle" if self.engine == "virtuoso" else NTRIPLES})
            else:
                text = f"INSERT DATA {{ GRAPH <{graph}> {{\n{chunk.decode('utf-8')}\n}} }}"
                self._post(self._update_endpoint, content=text.encode("utf-8"),
                           headers={"Content-Type": "application/sparql-update"})
        return len(triples)

    def replace(self, files: list[GraphFile]) -> dict[str, int]:
        """Make the remote dataset exactly `files`: each named graph cleared, then loaded."""
        graphs = sorted({f.graph for f in files})
        for g in graphs:
            self.clear(g)
        for f in files:
            self.load_graph(f.graph, f.path.read_bytes(), _format_of(f.path), f.base)
        self.graphs = graphs
        return self.refresh_counts()

    def close(self) -> None:
        self._client.close()


def _format_of(path) -> str:
    suffix = str(path).rsplit(".", 1)[-1].lower()
    return {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig", "jsonld": "jsonld",
            "rdf": "rdfxml", "owl": "rdfxml"}.get(suffix, "turtle")
