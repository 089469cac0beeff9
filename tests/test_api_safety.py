"""Safe by default: read-only, timeouts that cancel, row cap, body limit, no federation."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from conftest import B, TTX
from service.api.app import create_app
from service.api.settings import Settings

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def client(repo):
    app = create_app(repo, settings=Settings(timeout=2, workers=2, row_cap=50, max_body=20_000), base=B)
    with TestClient(app) as c:
        yield c


def test_updates_are_refused_without_admin_token(client):
    r = client.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert r.status_code == 403 and r.json()["error"] == "forbidden_operation"
    r = client.get("/sparql", params={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert r.status_code == 405
    assert client.get("/sparql", params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"}).json()["boolean"] is False


def test_runaway_query_is_cancelled_and_others_are_served(client):
    import threading
    results = {}

    def slow():
        t = time.monotonic()
        results["slow"] = client.get("/sparql", params={"query": RUNAWAY})
        results["slow_s"] = time.monotonic() - t

    th = threading.Thread(target=slow)
    th.start()
    time.sleep(0.3)
    t = time.monotonic()
    quick = client.get("/sparql", params={"query": f"ASK {{ ?s a <{TTX}Task> }}"})
    quick_s = time.monotonic() - t
    th.join()
    assert quick.status_code == 200 and quick.json()["boolean"] is True and quick_s < 1.5
    assert results["slow"].status_code == 504
    assert results["slow"].json()["error"] == "query_timeout"
    assert 1.9 < results["slow_s"] < 3.5  # cancelled at the deadline, not after finishing
    time.sleep(1.5)  # the killed worker is replaced
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_row_cap_signals_truncation(client):
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 50
    assert r.headers["x-result-truncated"] == "true" and r.headers["x-result-row-cap"] == "50"
    small = client.get("/sparql", params={"query": f"SELECT ?t WHERE {{ ?t a <{TTX}Theme> }} LIMIT 5"})
    assert "x-result-truncated" not in small.headers


def test_oversize_body_is_413(client):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 30_000
    r = client.post("/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and r.json()["error"] == "body_too_large"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <file:///etc/passwd> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * FROM <http://169.254.169.254/latest/meta-data/> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_federation_and_remote_graphs_are_refused_before_evaluation(client, query):
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 403 and r.json()["error"] == "forbidden_operation"


def test_keywords_inside_strings_are_not_refused(client):
    q = 'SELECT ?x WHERE { BIND("SERVICE <http://x/> FROM <http://y/>" AS ?x) }'
    assert client.get("/sparql", params={"query": q}).status_code == 200


def test_local_graph_in_from_is_allowed(client):
    q = f"SELECT (COUNT(*) AS ?n) FROM <{B}/graph/plan/ben-tre-2021-2030> WHERE {{ ?s a <{TTX}Task> }}"
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == "85"


def test_errors_are_short_json_without_tracebacks(client):
    for r in (client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x <"}),
              client.get("/api/queries/no-such-query"),
              client.get("/no/such/resource"),
              client.get("/api/search")):
        body = r.json()
        assert 400 <= r.status_code < 500 and set(body) == {"error", "message", "status"}
        assert "Traceback" not in r.text and 'File "' not in r.text


def test_health_and_metrics(client):
    assert client.get("/healthz").json()["status"] == "ok"
    text = client.get("/metrics").text
    assert 'ttx_requests_total{route="/sparql"' in text and "ttx_query_timeouts_total" in text


def test_updates_with_admin_token(repo):
    app = create_app(repo, settings=Settings(timeout=5, workers=1, admin_token="s3cret"), base=B)
    with TestClient(app) as c:
        upd = f"INSERT DATA {{ GRAPH <{B}/graph/extra> {{ <urn:x> <urn:y> \"z\" }} }}"
        assert c.post("/sparql", data={"update": upd}, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.post("/sparql", content=upd.encode(), headers={"Content-Type": "application/sparql-update",
                                                               "Authorization": "Bearer s3cret"}).status_code == 204
        assert c.get("/sparql", params={"query": "ASK { <urn:x> <urn:y> \"z\" }"}).json()["boolean"] is True
        r = c.post("/sparql", data={"update": "LOAD <http://127.0.0.1:9/x.ttl>"},
                   headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 403
        sd = c.get("/sparql", headers={"Accept": "text/turtle"}).text
        assert "SPARQL11Update" in sd
