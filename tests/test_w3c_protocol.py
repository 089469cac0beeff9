"""The W3C SPARQL 1.1 Protocol tests, re-expressed against /sparql.

Source: the 34 mf:ProtocolTest entries of the W3C test manifest
w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl
(https://github.com/w3c/rdf-tests/blob/main/sparql/sparql11/protocol/manifest.ttl).
Nothing is copied from that repository: each entry is written out below as our own case,
one pytest id per manifest entry name, asserting what the manifest asserts: the status
class (2xx/3xx, or 4xx), the result format ("boolean", "tabular", "RDF"), the expected
boolean, and for multi-request entries the follow-up query's answer.

Fixture data is our own, made in tmp_path: the manifest's data files are not needed, as each
graph only has to type its own name, so graph <…/dataN.rdf> (N = 0…3, the IRIs are the
manifest's rdfs:label values) holds `<…/dataN.rdf> a foaf:Document`; one more graph is
there for update_base_uri (below).

Where we deliberately differ from the manifest's literal requests:

* Authorization. Updates on this server are admin-only (our documented security layer,
  see service/api/settings.py): the app starts with Settings(admin_token="test-token"),
  and every update request carries "Authorization: Bearer test-token". Negative cases must
  fail for the protocol reason, so a 401/403 does not count as their expected 4xx.
* update_base_uri starts with CLEAR GRAPH <http://example.org/protocol-base-test/>,
  assuming that graph exists or that the store does not record graphs. Oxigraph records
  graphs, and clearing one it does not have is an error unless SILENT is given (as the
  W3C update-silent tests, :clear-silent, treat it). So the fixture holds that graph with
  one older triple, which the CLEAR must remove: the follow-up SELECT must give exactly
  one row, the resolved <test>.
* data0.rdf. query_post_form, query_get, bad_query_method and the query_content_type_*
  entries name default-graph-uri=<…/data0.rdf>, a graph for which the manifest has no
  data. This server never fetches graphs and refuses (403) dataset IRIs it does not
  hold, so the fixture holds a data0.rdf graph.
* query_multiple_dataset. The manifest's URL percent-encodes the '&' and '=' between its
  two named-graph-uri values ("…data1.rdf%26named-graph-uri%3D…"), which makes it ONE
  parameter whose value is not a graph of the test; yet it expects `true`, which needs
  data1 and data2 as named graphs. We send the two parameters it evidently means.
* Follow-up checks we add (not in the manifest): CLEAR ALL really empties the store
  (update_post_form, update_post_direct), and refused updates leave the data as it was
  (bad_update_*).

Entries that change data run on a fresh app each (function-scoped fixture); the others
share one app for the module.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient

from conftest import B
from service.api.app import create_app
from service.api.settings import Settings
from service.store import GraphFile

ENDPOINT = "/sparql/"  # as in the manifest; "/sparql" is the same endpoint
TOKEN = "test-token"
DATA = "http://kasei.us/2009/09/sparql/data/"
BASE_TEST = "http://example.org/protocol-base-test/"
FOAF_DOC = "http://xmlns.com/foaf/0.1/Document"
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
SRX = "{http://www.w3.org/2005/sparql-results#}"

BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt",
             "application/ld+json": "json-ld", "application/trig": "trig", "application/n-quads": "nquads"}


def g(n: int) -> str:
    return f"{DATA}data{n}.rdf"


def at(**params: str | list[str]) -> str:
    """ENDPOINT with a query string; list values repeat the parameter."""
    pairs = [(k.replace("_", "-"), v) for k, vs in params.items() for v in ([vs] if isinstance(vs, str) else vs)]
    return f"{ENDPOINT}?{urlencode(pairs, quote_via=quote)}" if pairs else ENDPOINT


@dataclass
class Step:
    method: str
    path: str
    body: str | bytes | None = None
    ctype: str | None = None  # None: no Content-Type header at all
    update: bool = False  # send the admin token
    status: str = "2xx"  # "2xx" (the manifest's "2xx or 3xx") or "4xx"
    fmt: str | None = None  # boolean | tabular | RDF
    boolean: bool | None = None
    check: Callable[[object], None] | None = None  # further assertion on the parsed result


@dataclass
class Case:
    steps: list[Step]
    mutates: bool = False  # needs an app of its own
    extra: list[Step] = field(default_factory=list)  # our own follow-up checks


def ask(text: str, boolean: bool) -> Step:
    return Step("POST", ENDPOINT, text, QUERY, fmt="boolean", boolean=boolean)


HOLDS_DATA = ask(f"ASK {{ GRAPH <{g(1)}> {{ <{g(1)}> a <{FOAF_DOC}> }} }}", True)
EMPTY = ask("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", False)

ASK_DEFAULT_1_2 = f"ASK {{ <{g(1)}> a ?type . <{g(2)}> a ?type . }}"
ASK_NAMED_1_2 = f"ASK {{ GRAPH ?g1 {{ <{g(1)}> a ?type }} GRAPH ?g2 {{ <{g(2)}> a ?type }} }}"
PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
INSERT_1_2_3 = "".join(f"    GRAPH <{g(n)}> {{ <{g(n)}> a foaf:Document }}\n" for n in (1, 2, 3))


def _two_bibliographic(graph: str) -> str:
    bib = "<http://purl.org/dc/terms/BibliographicResource>"
    return (f"ASK {{\n  GRAPH <{graph}> {{ <{g(1)}> a {bib} . <{g(2)}> a {bib} . }}\n"
            f"  FILTER NOT EXISTS {{ GRAPH <{graph}> {{ <{g(3)}> a {bib} . }} }}\n}}")


def _base_resolved(rows: object) -> None:
    """update_base_uri: one result, ?o an IRI that is not the relative `<test>`."""
    assert isinstance(rows, list) and len(rows) == 1, rows
    o = rows[0]["o"]
    assert o["type"] == "uri" and o["value"] != "test" and o["value"].endswith("/test"), o


def _one_value(rows: object) -> None:
    assert rows == [{"value": {"type": "literal", "value": "1",
                               "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}], rows


def _constructed(graph: object) -> None:
    triples = list(graph)  # type: ignore[call-overload]
    assert len(triples) == 1
    s, p, o = triples[0]
    assert str(s).startswith("http") and str(s).endswith("/s") and str(o) == "1"


CASES: dict[str, Case] = {
    "query_post_form": Case([
        Step("POST", at(default_graph_uri=g(0)), "query=ASK%20%7B%7D", FORM, fmt="boolean", boolean=True)]),
    "query_dataset_default_graphs_get": Case([
        Step("GET", at(query=ASK_DEFAULT_1_2, default_graph_uri=[g(1), g(2)]), fmt="boolean", boolean=True)]),
    "query_dataset_default_graphs_post": Case([
        Step("POST", at(default_graph_uri=[g(1), g(2)]), ASK_DEFAULT_1_2, QUERY, fmt="boolean", boolean=True)]),
    "query_dataset_named_graphs_post": Case([
        Step("POST", at(named_graph_uri=[g(1), g(2)]), ASK_NAMED_1_2, QUERY, fmt="boolean", boolean=True)]),
    "query_dataset_named_graphs_get": Case([
        Step("GET", at(query=ASK_NAMED_1_2, named_graph_uri=[g(1), g(2)]), fmt="boolean", boolean=True)]),
    "query_dataset_full": Case([
        Step("POST", at(default_graph_uri=g(3), named_graph_uri=[g(1), g(2)]),
             f"ASK {{\n  <{g(3)}> a ?type\n  GRAPH ?g1 {{ <{g(1)}> a ?type }}\n  GRAPH ?g2 {{ <{g(2)}> a ?type }}\n}}",
             QUERY, fmt="boolean", boolean=True)]),
    # the protocol dataset (named graphs 1 and 2) replaces the query's FROM <data3>;
    # see the module docstring for the manifest's mis-encoded URL
    "query_multiple_dataset": Case([
        Step("POST", at(named_graph_uri=[g(1), g(2)]),
             f"ASK FROM <{g(3)}> {{ GRAPH ?g1 {{ <{g(1)}> a ?type }} GRAPH ?g2 {{ <{g(2)}> a ?type }} }}",
             QUERY, fmt="boolean", boolean=True)]),
    "query_get": Case([
        Step("GET", at(query="ASK {}", default_graph_uri=g(0)), fmt="boolean", boolean=True)]),
    "query_content_type_select": Case([
        Step("POST", at(default_graph_uri=g(0)), "SELECT (1 AS ?value) {}", QUERY, fmt="tabular",
             check=_one_value)]),
    "query_content_type_ask": Case([
        Step("POST", at(default_graph_uri=g(0)), "ASK {}", QUERY, fmt="boolean")]),
    "query_content_type_describe": Case([
        Step("POST", at(default_graph_uri=g(0)), "DESCRIBE <http://example.org/>", QUERY, fmt="RDF")]),
    "query_content_type_construct": Case([
        Step("POST", at(default_graph_uri=g(0)), "CONSTRUCT { <s> <p> 1 } WHERE {}", QUERY, fmt="RDF",
             check=_constructed)]),
    "update_dataset_default_graph": Case([
        Step("POST", at(using_graph_uri=g(1)),
             PREFIXES + f"CLEAR ALL ;\nINSERT DATA {{\n    GRAPH <{g(1)}> {{ <{g(1)}> a foaf:Document }}\n}} ;\n"
             "INSERT {\n    GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
             "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    ?s a foaf:Document\n}",
             UPDATE, update=True),
        ask("ASK {\n  GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
            f"    <{g(1)}> a <http://purl.org/dc/terms/BibliographicResource>\n  }}\n}}", True)], mutates=True),
    "update_dataset_default_graphs": Case([
        Step("POST", at(using_graph_uri=[g(1), g(2)]),
             PREFIXES + f"DROP ALL ;\nINSERT DATA {{\n{INSERT_1_2_3}}} ;\n"
             "INSERT {\n    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {\n"
             "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    ?s a foaf:Document\n}",
             UPDATE, update=True),
        ask(_two_bibliographic("http://example.org/protocol-update-dataset-graphs-test/"), True)], mutates=True),
    "update_dataset_named_graphs": Case([
        Step("POST", at(using_named_graph_uri=[g(1), g(2)]),
             PREFIXES + f"DROP ALL ;\nINSERT DATA {{\n{INSERT_1_2_3}}} ;\n"
             "INSERT {\n    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {\n"
             "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    GRAPH ?g {\n        ?s a foaf:Document\n"
             "    }\n}",
             UPDATE, update=True),
        ask(_two_bibliographic("http://example.org/protocol-update-dataset-named-graphs-test/"), True)],
        mutates=True),
    "update_dataset_full": Case([
        Step("POST", at(using_graph_uri=g(1), using_named_graph_uri=g(2)),
             PREFIXES + f"DROP ALL ;\nINSERT DATA {{\n{INSERT_1_2_3}}} ;\n"
             "INSERT {\n    GRAPH <http://example.org/protocol-update-dataset-full-test/> {\n"
             "        ?s <http://example.org/in> ?in\n    }\n}\n"
             "WHERE {\n    {\n        GRAPH ?g { ?s a foaf:Document }\n        BIND(?g AS ?in)\n    }\n    UNION\n"
             "    {\n        ?s a foaf:Document .\n        BIND(\"default\" AS ?in)\n    }\n}",
             UPDATE, update=True),
        ask("ASK {\n  GRAPH <http://example.org/protocol-update-dataset-full-test/> {\n"
            f"    <{g(1)}> <http://example.org/in> \"default\" .\n"
            f"    <{g(2)}> <http://example.org/in> <{g(2)}> .\n  }}\n"
            "  FILTER NOT EXISTS {\n    GRAPH <http://example.org/protocol-update-dataset-full-test/> {\n"
            f"      <{g(3)}> ?p ?o\n    }}\n  }}\n}}", True)], mutates=True),
    "update_post_form": Case([
        Step("POST", ENDPOINT, "update=CLEAR+ALL", FORM, update=True)], mutates=True, extra=[EMPTY]),
    "update_post_direct": Case([
        Step("POST", ENDPOINT, "CLEAR ALL", UPDATE, update=True)], mutates=True, extra=[EMPTY]),
    "update_base_uri": Case([
        Step("POST", ENDPOINT,
             "CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
             "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> "
             "<http://example.org/p> <test> } }", UPDATE, update=True),
        Step("POST", ENDPOINT,
             "SELECT ?o WHERE {\n    GRAPH <http://example.org/protocol-base-test/> {\n"
             "        <http://example.org/s> <http://example.org/p> ?o\n    }\n}", QUERY, fmt="tabular",
             check=_base_resolved)], mutates=True),
    "query_post_direct": Case([
        Step("POST", ENDPOINT, "ASK {}", QUERY, fmt="boolean", boolean=True)]),
    "bad_query_method": Case([
        Step("PUT", at(query="ASK {}", default_graph_uri=g(0)), b"", FORM, status="4xx")]),
    "bad_multiple_queries": Case([
        Step("GET", at(query=["ASK {}", "SELECT * {}"]), status="4xx")]),
    "bad_query_wrong_media_type": Case([
        Step("POST", ENDPOINT, "ASK {}", "text/plain", status="4xx")]),
    "bad_query_missing_form_type": Case([
        Step("POST", ENDPOINT, "query=ASK%20%7B%7D", None, status="4xx")]),
    "bad_query_missing_direct_type": Case([
        Step("POST", ENDPOINT, "ASK {}", None, status="4xx")]),
    "bad_query_non_utf8": Case([  # UTF-16 with a BOM, 14 bytes as in the manifest
        Step("POST", ENDPOINT, "ASK {}".encode("utf-16"), f"{QUERY}; charset=UTF-16", status="4xx")]),
    "bad_query_syntax": Case([
        Step("GET", at(query="ASK {"), status="4xx")]),
    "bad_update_get": Case([
        Step("GET", at(update="CLEAR ALL"), update=True, status="4xx")], mutates=True, extra=[HOLDS_DATA]),
    "bad_multiple_updates": Case([
        Step("POST", ENDPOINT, "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, update=True, status="4xx")],
        mutates=True, extra=[HOLDS_DATA]),
    "bad_update_wrong_media_type": Case([
        Step("POST", ENDPOINT, "CLEAR NAMED", "text/plain", update=True, status="4xx")],
        mutates=True, extra=[HOLDS_DATA]),
    "bad_update_missing_form_type": Case([
        Step("POST", ENDPOINT, "update=CLEAR%20NAMED", None, update=True, status="4xx")],
        mutates=True, extra=[HOLDS_DATA]),
    "bad_update_non_utf8": Case([
        Step("POST", ENDPOINT, "CLEAR NAMED".encode("utf-16"), f"{UPDATE}; charset=UTF-16", update=True,
             status="4xx")], mutates=True, extra=[HOLDS_DATA]),
    "bad_update_syntax": Case([
        Step("POST", ENDPOINT, "update=CLEAR%20XYZ", FORM, update=True, status="4xx")],
        mutates=True, extra=[HOLDS_DATA]),
    "bad_update_dataset_conflict": Case([
        Step("POST", at(using_named_graph_uri="http://example/people"),
             "PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
             "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
             "WHERE {\n    ?person foaf:givenName 'Bill'\n}", UPDATE, update=True, status="4xx")],
        mutates=True, extra=[HOLDS_DATA]),
}


def make_app(tmp_path):
    from service.config import paths

    files = []
    for n in range(4):
        f = tmp_path / f"data{n}.nt"
        f.write_text(f"<{g(n)}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{FOAF_DOC}> .\n")
        files.append(GraphFile(g(n), f, None))
    f = tmp_path / "base-test.nt"
    f.write_text("<http://example.org/s> <http://example.org/p> <http://example.org/before> .\n")
    files.append(GraphFile(BASE_TEST, f, None))
    return create_app(paths(), settings=Settings(admin_token=TOKEN, workers=1, timeout=10), base=B, files=files)


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    with TestClient(make_app(tmp_path_factory.mktemp("w3c-protocol"))) as c:
        yield c


@pytest.fixture
def fresh(tmp_path):
    with TestClient(make_app(tmp_path)) as c:
        yield c


def media_type(resp) -> str:
    return resp.headers.get("content-type", "").split(";")[0].strip().lower()


def parse_boolean(resp) -> bool:
    ctype = media_type(resp)
    assert ctype in BOOLEAN_TYPES, f"not a boolean result type: {ctype}"
    if ctype.endswith("json"):
        return json.loads(resp.content)["boolean"]
    node = ET.fromstring(resp.content).find(f"{SRX}boolean")
    assert node is not None and node.text in ("true", "false")
    return node.text == "true"


def parse_rows(resp) -> list[dict[str, dict[str, str]]]:
    ctype = media_type(resp)
    assert ctype in TABULAR_TYPES, f"not a tabular result type: {ctype}"
    if ctype.endswith("json"):
        return json.loads(resp.content)["results"]["bindings"]
    if ctype.endswith("xml"):
        rows = []
        for result in ET.fromstring(resp.content).iter(f"{SRX}result"):
            row = {}
            for b in result.findall(f"{SRX}binding"):
                term = b[0]
                kind = {"uri": "uri", "literal": "literal", "bnode": "bnode"}[term.tag.removeprefix(SRX)]
                row[b.get("name")] = {"type": kind, "value": term.text or ""}
                if term.get("datatype"):
                    row[b.get("name")]["datatype"] = term.get("datatype")
            rows.append(row)
        return rows
    raise AssertionError(f"{ctype}: parse not written (the server answers JSON to Accept: */*)")


def parse_graph(resp):
    import rdflib

    ctype = media_type(resp)
    assert ctype in RDF_TYPES, f"not an RDF type: {ctype}"
    graph = rdflib.Dataset() if RDF_TYPES[ctype] in ("trig", "nquads") else rdflib.Graph()
    return graph.parse(data=resp.content, format=RDF_TYPES[ctype])


def perform(client: TestClient, step: Step):
    headers = {}
    if step.ctype is not None:
        headers["Content-Type"] = step.ctype
    if step.update:
        headers["Authorization"] = f"Bearer {TOKEN}"
    body = step.body.encode("utf-8") if isinstance(step.body, str) else step.body
    resp = client.request(step.method, step.path, content=body, headers=headers)
    if step.ctype is None:
        assert "content-type" not in {k.lower() for k in resp.request.headers}  # really sent without one
    where = f"{step.method} {step.path} -> {resp.status_code} {resp.text[:300]}"
    if step.status == "2xx":
        assert 200 <= resp.status_code < 400, where
    else:
        assert 400 <= resp.status_code < 500, where
        assert resp.status_code not in (401, 403), f"refused for security, not for the protocol: {where}"
    result = None
    if step.fmt == "boolean":
        result = parse_boolean(resp)
        if step.boolean is not None:
            assert result is step.boolean, where
    elif step.fmt == "tabular":
        result = parse_rows(resp)
    elif step.fmt == "RDF":
        result = parse_graph(resp)
    if step.check:
        step.check(result)
    return resp


@pytest.mark.parametrize("name", list(CASES))
def test_w3c_protocol(name, request):
    case = CASES[name]
    client = request.getfixturevalue("fresh" if case.mutates else "shared")
    if case.extra:
        perform(client, HOLDS_DATA)  # the fixture data is there before
    for step in case.steps + case.extra:
        perform(client, step)


def test_manifest_has_34_entries():
    assert len(CASES) == 34


def test_sparql_with_and_without_slash_are_one_endpoint(shared):
    for path in ("/sparql", "/sparql/"):
        r = shared.get(path, params={"query": f"ASK {{ <{g(1)}> a ?t }}", "default-graph-uri": g(1)})
        assert r.status_code == 200 and r.json()["boolean"] is True
        r = shared.post(path, content=b"ASK {}", headers={"Content-Type": QUERY})
        assert r.status_code == 200 and r.json()["boolean"] is True


# Beyond the manifest: the edges of what the entries above made work.

def _ask(client: TestClient, text: str) -> bool:
    r = client.post(ENDPOINT, content=text.encode(), headers={"Content-Type": QUERY})
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


def _update(client: TestClient, path: str, text: str, token: str | None = TOKEN, form: bool = False):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if form:
        return client.post(path, data={"update": text}, headers=headers)
    return client.post(path, content=text.encode(), headers={**headers, "Content-Type": UPDATE})


def test_using_named_graph_uri_reaches_delete_where(fresh):
    """DELETE WHERE takes no USING: it is applied as its long form DELETE {…} USING … WHERE {…}."""
    doc = f"<{FOAF_DOC}>"
    r = _update(fresh, at(using_named_graph_uri=g(1)), f"DELETE WHERE {{ GRAPH ?g {{ ?s a {doc} }} }}")
    assert r.status_code == 204, r.text
    assert not _ask(fresh, f"ASK {{ GRAPH <{g(1)}> {{ ?s a {doc} }} }}")
    assert _ask(fresh, f"ASK {{ GRAPH <{g(2)}> {{ ?s a {doc} }} }}")  # not in the update's dataset


def test_using_graph_uri_in_a_form_body(fresh):
    upd = (f"INSERT {{ GRAPH <http://example.org/out> {{ ?s a <http://example.org/Seen> }} }} "
           f"WHERE {{ ?s a <{FOAF_DOC}> }}")
    r = fresh.post(ENDPOINT, data={"update": upd, "using-graph-uri": g(2)},
                   headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204, r.text
    def seen(n: int) -> str:
        return f"ASK {{ GRAPH <http://example.org/out> {{ <{g(n)}> a <http://example.org/Seen> }} }}"
    assert _ask(fresh, seen(2)) and not _ask(fresh, seen(1))


def test_update_dataset_keywords_are_tokens_not_text(fresh):
    """'USING' / 'WITH' inside a literal is no conflict; a real WITH is."""
    r = _update(fresh, at(using_graph_uri=g(1)), 'INSERT DATA { <http://example.org/x> <http://example.org/p> '
                '"WITH <http://a> USING <http://b>" }')
    assert r.status_code == 204, r.text
    r = _update(fresh, at(using_graph_uri=g(1)), "WITH <http://example.org/g> INSERT { ?s a ?t } WHERE { ?s a ?t }")
    assert r.status_code == 400 and "WITH" in r.json()["message"]


def test_update_dataset_parameters_keep_the_safety_rules(fresh):
    upd = f"INSERT {{ ?s a <http://example.org/C> }} WHERE {{ ?s a <{FOAF_DOC}> }}"
    assert _update(fresh, at(using_graph_uri=g(1)), upd, token=None).status_code == 401
    assert _update(fresh, at(using_graph_uri=g(1)), upd, token="wrong").status_code == 401
    r = _update(fresh, at(using_graph_uri=g(1)),
                "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert r.status_code == 403
    r = _update(fresh, at(using_graph_uri=g(1)), "LOAD <http://127.0.0.1:9/x.ttl>")
    assert r.status_code == 403
    r = _update(fresh, at(using_graph_uri=f"{g(1)}> WHERE {{}} ; DROP ALL ; INSERT {{ <x"), upd)
    assert r.status_code == 400  # not an IRI: nothing is spliced into the update
    assert _ask(fresh, f"ASK {{ GRAPH <{g(1)}> {{ <{g(1)}> a <{FOAF_DOC}> }} }}")


def test_query_from_gives_the_dataset_unless_the_protocol_does(shared):
    q = f"SELECT ?s FROM <{g(1)}> WHERE {{ ?s a ?t }}"
    r = shared.post(ENDPOINT, content=q.encode(), headers={"Content-Type": QUERY})
    assert [b["s"]["value"] for b in r.json()["results"]["bindings"]] == [g(1)]
    r = shared.post(at(default_graph_uri=g(2)), content=q.encode(), headers={"Content-Type": QUERY})
    assert [b["s"]["value"] for b in r.json()["results"]["bindings"]] == [g(2)]


def test_relative_iris_resolve_against_the_endpoint(shared):
    r = shared.post(ENDPOINT, content=b"SELECT ?x WHERE { BIND(<rel> AS ?x) }", headers={"Content-Type": QUERY})
    assert r.json()["results"]["bindings"][0]["x"]["value"] == "http://testserver/sparql/rel"
    r = shared.post(ENDPOINT, content=b"BASE <http://example.org/b/> SELECT ?x WHERE { BIND(<rel> AS ?x) }",
                    headers={"Content-Type": QUERY})
    assert r.json()["results"]["bindings"][0]["x"]["value"] == "http://example.org/b/rel"  # the query's BASE wins


def test_an_endpoint_url_that_is_not_a_plain_iri_is_no_base():
    """The base IRI comes from the request URL (the Host header among others). Starlette
    already drops a malformed Host; should one get through, it must not be pasted into
    `BASE <…>`, where it could smuggle SERVICE past the guard."""
    from types import SimpleNamespace

    from service.api.sparql import _with_base, endpoint_url

    forged = SimpleNamespace(url="http://x>SELECT*{SERVICE<http://127.0.0.1:9/>{}}#/sparql/")
    assert endpoint_url(forged) is None  # type: ignore[arg-type]
    assert _with_base("ASK { <rel> ?p ?o }", None) == "ASK { <rel> ?p ?o }"
    assert endpoint_url(SimpleNamespace(url="https://h.example:8443/sparql?query=x")) == \
        "https://h.example:8443/sparql"  # type: ignore[arg-type]
