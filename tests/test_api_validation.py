"""POST /api/validate: uploads are validated against the shapes; bad input gets a 4xx."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import B
from service.api.app import create_app
from service.api.settings import Settings

BROKEN = f"""@prefix ttx: <https://w3id.org/ttx-kg/ontology/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{B}/plan/demo-2021-2030/task/1.1> a ttx:Task ;
    skos:notation "1.1" ;
    rdfs:label "Nhiệm vụ thử"@vi ;
    ttx:fundingSource <{B}/code/funding/V> .
"""


@pytest.fixture(scope="module")
def client(repo):
    app = create_app(repo, settings=Settings(timeout=60, workers=1, max_body=50_000), base=B)
    with TestClient(app) as c:
        yield c


def test_a_broken_upload_gets_a_readable_report(client):
    r = client.post("/api/validate", content=BROKEN.encode(), headers={"Content-Type": "text/turtle"})
    assert r.status_code == 200 and r.headers["x-conforms"] == "false"
    report = r.json()
    assert report["conforms"] is False and report["violations"] >= 1
    focus = {res["focusNode"]["value"] for res in report["results"] if res["severity"] == "Violation"}
    assert f"{B}/plan/demo-2021-2030/task/1.1" in focus
    assert all(res["messages"].get("vi") and res["messages"].get("en") for res in report["results"])


def test_report_as_turtle(client):
    r = client.post("/api/validate", content=BROKEN.encode(),
                    headers={"Content-Type": "text/turtle", "Accept": "text/turtle"})
    assert r.status_code == 200 and "sh:ValidationReport" in r.text and "sh:conforms false" in r.text


def test_malformed_upload_names_the_line(client):
    r = client.post("/api/validate", content=b"@prefix x: <urn:x> .\n<a> <b> \"unterminated .\n",
                    headers={"Content-Type": "text/turtle"})
    assert r.status_code == 400 and r.json()["error"] == "bad_rdf"
    assert "request body" in r.json()["message"] and "2" in r.json()["message"]


def test_limits_and_media_types(client):
    assert client.post("/api/validate", content=b"x" * 60_000, headers={"Content-Type": "text/turtle"}).status_code == 413
    assert client.post("/api/validate", content=b"<a> <b> <c> .", headers={"Content-Type": "text/html"}).status_code == 415
    assert client.post("/api/validate", content=b"", headers={"Content-Type": "text/turtle"}).status_code == 400
    r = client.post("/api/validate", content=b"<urn:a> <urn:b> <urn:c> .", headers={"Content-Type": "text/turtle",
                                                                                   "Accept": "image/png"})
    assert r.status_code == 406
