"""Fuzzing the service: schemathesis against its OpenAPI (no 5xx, responses conform to the
schema), and hypothesis throwing random parameter values and random SPARQL text at the
endpoints: always a 2xx or 4xx, never a crash, and the service keeps answering."""

from __future__ import annotations

import shutil
import zlib

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.api.app import create_app
from service.api.settings import Settings
from service.config import paths
from service.queries import Catalogue

pytestmark = pytest.mark.slow

schemathesis = pytest.importorskip("schemathesis")

APP = None


def app():
    global APP
    if APP is None:
        APP = create_app(paths(), settings=Settings(timeout=1.0, row_cap=2000, workers=2))
    return APP


@pytest.fixture(scope="module")
def client():
    with TestClient(app()) as c:
        yield c


CATALOGUE = Catalogue.load(paths().queries_dir)
NAMES = CATALOGUE.names()
PARAMS = sorted({p.name for q in CATALOGUE for p in q.params} | {"format"})

# -- schemathesis -------------------------------------------------------------------------------

class WithoutLifespan:
    """The app for schemathesis, which runs each call in a fresh TestClient: answering the
    lifespan events here keeps those clients from shutting the shared app (and its store) down."""

    def __init__(self, inner) -> None:
        self.inner = inner

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await self.inner(scope, receive, send)


# Schemathesis runs against an app with the service's default deadline (30 s). With the 1 s of the
# random-input tests below, a named query on a busy machine, and the validation of any upload (a fresh
# process, 1-3 s), would be cancelled with its documented 504, which the no-server-error check counts
# as a failure. The two apps share one store.
SCHEMA_APP = None


def schema_app():
    global SCHEMA_APP
    if SCHEMA_APP is None:
        SCHEMA_APP = create_app(paths(), settings=Settings(timeout=30.0, row_cap=2000), store=app().state.ttx.store)
    return SCHEMA_APP


@pytest.fixture(scope="module", autouse=True)
def _remove_schema_app_dumps():
    yield
    if SCHEMA_APP is not None:
        shutil.rmtree(SCHEMA_APP.state.ttx.cache["downloads_dir"], ignore_errors=True)


schema = schemathesis.openapi.from_asgi("/openapi.json", WithoutLifespan(schema_app()))
# Schemathesis has no serializer for N-Triples, N-Quads, TriG and application/x-turtle and skips those
# upload types of /api/validate (it warns): they take Turtle's path with another parser, and each
# validation costs a fresh process (1-3 s).


from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_openapi_no_server_errors_no_schema_violations(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])


# Some inputs are valid by data that a schema cannot state: a named-query parameter that names
# something in the graph (an agency, a place, a Phụ lục 3 indicator) is any string by its schema, but
# only a name the graph holds resolves; a document sent to /api/validate is any text by its schema, but
# only well-formed RDF is validated. The others answer 400 (bad_parameter, bad_rdf: documented).
# Schemathesis cannot invent those names or write RDF, so its schema-valid cases get real ones; its
# schema-violating cases stay as they are.
REAL_NAMES = {"agency": ["Sở Tài nguyên và Môi trường", "Sở Kế hoạch và Đầu tư", "TN&MT", "so tai chinh"],
              "place": ["Ba Tri", "Bình Đại", "Thạnh Phú", "Mỏ Cày Nam"],
              "indicator": ["20", "1", "PL3-5", "27"]}
TRIPLE = b'<urn:ttx:a> <urn:ttx:b> "c" .\n'
REAL_DOCUMENTS = {
    **dict.fromkeys(["text/turtle", "application/x-turtle", "application/n-triples", "application/trig",
                     "application/n-quads"], TRIPLE),
    "application/ld+json": b'{"@id": "urn:ttx:a", "urn:ttx:b": "c"}',
    "application/rdf+xml": b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                           b'<rdf:Description rdf:about="urn:ttx:a"><b xmlns="urn:ttx:">c</b></rdf:Description>'
                           b'</rdf:RDF>'}


def with_real_data(case) -> dict[str, bytes]:
    """Real names in the case's query; a real document to send in place of its body (as keyword
    arguments for the call: a body set on the case would be sent encoded for its media type)."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return {}
    if case.operation.path == "/api/validate":
        return {"data": REAL_DOCUMENTS[case.media_type]} if case.media_type in REAL_DOCUMENTS else {}
    name = case.operation.path.removeprefix("/api/queries/")
    if name in CATALOGUE and case.query:
        for p in CATALOGUE[name].params:
            value = case.query.get(p.name)
            if p.type in REAL_NAMES and isinstance(value, str) and value:
                names = REAL_NAMES[p.type]
                case.query[p.name] = names[zlib.crc32(value.encode("utf-8", "surrogatepass")) % len(names)]
    return {}


# All of schemathesis' checks, for every operation: each status code, content type and header the
# service answers is documented, schema-valid requests are accepted and schema-violating ones refused.
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_openapi_documents_what_it_answers(case):
    case.call_and_validate(**with_real_data(case))


# -- hypothesis ---------------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@given(name=st.sampled_from(NAMES), values=st.dictionaries(st.sampled_from(PARAMS), texts, max_size=4))
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_named_queries_random_parameters(client, name, values):
    r = client.get(f"/api/queries/{name}", params=values)
    assert r.status_code < 500 or r.status_code in (503, 504), (r.status_code, r.text[:300])
    if r.status_code >= 400:
        assert r.json()["error"]


SPARQL_WORDS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", ".", "FILTER",
                "(", ")", "OPTIONAL", "UNION", "GRAPH", "SERVICE", "<http://example.org/x>", "LIMIT", "10",
                "COUNT(*)", "AS", "?n", "GROUP BY", "ORDER BY", "\"x\"", "@vi", "INSERT DATA", "LOAD", "FROM",
                "PREFIX ttx: <https://w3id.org/ttx-kg/ontology/>", "ttx:Task", "a", "*", "VALUES", "BIND",
                "EXISTS", "NOT", "#", "\\u0053ERVICE", "DISTINCT", "REGEX(?o, \"(a+)+$\")"]
queries = st.one_of(texts, st.lists(st.sampled_from(SPARQL_WORDS), max_size=25).map(" ".join))


@given(query=queries, method=st.sampled_from(["get", "form", "direct"]),
       accept=st.sampled_from(["application/sparql-results+json", "text/csv", "text/turtle", "*/*",
                               "application/x-nonsense", ""]))
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
def test_sparql_random_text(client, query, method, accept):
    headers = {"Accept": accept} if accept else {}
    if method == "get":
        r = client.get("/sparql", params={"query": query}, headers=headers)
    elif method == "form":
        r = client.post("/sparql", data={"query": query}, headers=headers)
    else:
        r = client.post("/sparql", content=query.encode("utf-8"),
                        headers={**headers, "Content-Type": "application/sparql-query"})
    assert r.status_code < 500 or r.status_code in (503, 504), (r.status_code, r.text[:300])


def test_still_serving_after_the_fuzz(client):
    r = client.get("/api/queries/tasks-per-theme")
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 18
