"""SPARQL 1.1 Protocol behaviour of /sparql, through the ASGI app (in process)."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from conftest import B, P, TTX
from service.api.app import create_app
from service.api.settings import Settings

COUNT_TASKS = f"SELECT (COUNT(?t) AS ?n) WHERE {{ ?t a <{TTX}Task> }}"


@pytest.fixture(scope="module")
def client(repo):
    app = create_app(repo, settings=Settings(timeout=3, workers=2, row_cap=50, max_body=20_000), base=B)
    with TestClient(app) as c:
        yield c


def n_of(resp) -> int:
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_direct_agree(client):
    r1 = client.get("/sparql", params={"query": COUNT_TASKS})
    r2 = client.post("/sparql", data={"query": COUNT_TASKS})
    r3 = client.post("/sparql", content=COUNT_TASKS.encode(), headers={"Content-Type": "application/sparql-query"})
    assert [r.status_code for r in (r1, r2, r3)] == [200, 200, 200]
    assert n_of(r1) == n_of(r2) == n_of(r3) == 85
    assert r1.headers["content-type"].startswith("application/sparql-results+json")


@pytest.mark.parametrize("accept,ctype,marker", [
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
    ("text/csv", "text/csv", b"n\r\n85"),
    # SPARQL 1.1 TSV §3.2: an xsd:integer may be written in Turtle's short form
    ("text/tab-separated-values", "text/tab-separated-values", b"?n\n85\n"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml", b"<literal"),
    ("text/html, */*;q=0.1", "application/sparql-results+json", b'"85"'),
])
def test_select_content_negotiation(client, accept, ctype, marker):
    r = client.get("/sparql", params={"query": COUNT_TASKS}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(ctype)
    assert marker in r.content


def test_format_parameter_overrides_accept(client):
    r = client.get("/sparql", params={"query": COUNT_TASKS, "format": "csv"}, headers={"Accept": "application/xml"})
    assert r.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize("accept,ctype", [
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"), ("application/rdf+xml", "application/rdf+xml"),
    ("application/trig", "application/trig"),
])
def test_construct_formats(client, accept, ctype):
    q = f"CONSTRUCT {{ ?s <{TTX}periodText> ?p }} WHERE {{ ?s <{TTX}periodText> ?p ; <http://www.w3.org/2004/02/skos/core#notation> \"14.2\" }}"
    r = client.get("/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(ctype)
    assert b"2023 - 2030" in r.content


def test_ask_and_describe(client):
    r = client.get("/sparql", params={"query": f"ASK {{ <{P}/task/14.2> a <{TTX}Task> }}"})
    assert r.json() == {"head": {}, "boolean": True}
    r = client.get("/sparql", params={"query": f"DESCRIBE <{P}/task/14.2>"}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "Tăng cường công tác quản lý chất lượng không khí" in r.text


def test_unsupported_accept_is_406(client):
    r = client.get("/sparql", params={"query": COUNT_TASKS}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.json()["error"] == "not_acceptable"
    r = client.get("/sparql", params={"query": f"CONSTRUCT WHERE {{ ?s ?p ?o }}"}, headers={"Accept": "text/csv"})
    assert r.status_code == 406


def test_syntax_error_is_400_with_position(client):
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "query_syntax" and "1:" in body["message"]


def test_wrong_and_missing_content_type_is_415(client):
    assert client.post("/sparql", content=b"SELECT * {}", headers={"Content-Type": "text/plain"}).status_code == 415
    assert client.post("/sparql", content=b"SELECT * {}", headers={"Content-Type": ""}).status_code == 415
    r = client.post("/sparql", content="SELECT * {}".encode("utf-16"),
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code in (400, 415)


def test_two_queries_are_rejected(client):
    r = client.get(f"/sparql?query={quote(COUNT_TASKS)}&query={quote(COUNT_TASKS)}")
    assert r.status_code == 400 and r.json()["error"] == "multiple_queries"


def test_dataset_parameters_select_named_graphs(client):
    plan = f"{B}/graph/plan/ben-tre-2021-2030"
    r = client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{TTX}Task> }}",
                                      "default-graph-uri": f"{B}/graph/registry"})
    assert n_of(r) == 0  # tasks live in the plan graph, not the registry
    r = client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{TTX}Task> }}",
                                      "default-graph-uri": plan})
    assert n_of(r) == 85
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s a <{TTX}Task> }} }}"
    r = client.get("/sparql", params={"query": q, "named-graph-uri": f"{B}/graph/registry"})
    assert n_of(r) == 0
    r = client.get("/sparql", params={"query": q, "named-graph-uri": plan})
    assert n_of(r) == 85


def test_service_description_with_void(client):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    import rdflib
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    svc = next(g.subjects(rdflib.RDF.type, SD.Service))
    assert (svc, SD.endpoint, svc) in g
    assert (svc, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (svc, SD.supportedLanguage, SD.SPARQL11Update) not in g  # read-only by default
    names = {str(o) for o in g.objects(None, SD.name)}
    assert f"{B}/graph/plan/ben-tre-2021-2030" in names and f"{B}/graph/ontology" in names
    assert sum(int(o) for o in g.objects(None, VOID.triples)) > 20000


def test_cors_for_reads_without_credentials(client):
    r = client.get("/sparql", params={"query": COUNT_TASKS}, headers={"Origin": "https://yasgui.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers
    r = client.options("/sparql", headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 200 and "POST" in r.headers["access-control-allow-methods"]
