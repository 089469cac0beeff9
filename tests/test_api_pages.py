"""Linked-data pages, search, named-query API, downloads and VoID through the ASGI app."""

from __future__ import annotations

import hashlib

import pytest
import rdflib
from fastapi.testclient import TestClient

from conftest import B, P, TTX
from service.api.app import create_app
from service.api.settings import Settings

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture(scope="module")
def client(repo):
    app = create_app(repo, settings=Settings(timeout=10, workers=2), base=B)
    with TestClient(app) as c:
        yield c


def test_html_page_shows_labels_properties_incoming_links_and_source(client):
    r = client.get("/plan/ben-tre-2021-2030/task/14.2", headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "Tăng cường công tác quản lý chất lượng không khí" in page  # vi label
    assert "Phụ lục 1, dòng 14.2" in page  # provenance
    assert "14.2 | Tăng cường công tác" in page  # the verbatim source row
    assert 'href="/agency/ben-tre/so-tnmt?lang=vi"' in page  # linked lead agency
    assert 'href="/plan/ben-tre-2021-2030/theme/14?lang=vi"' in page
    en = client.get("/plan/ben-tre-2021-2030/task/14.2?lang=en", headers=HTML).text
    assert "Strengthen air quality management" in en.split("<h1>")[1].split("</h1>")[0] or "air quality" in en


def test_incoming_links_on_agency_page(client):
    page = client.get("/agency/ben-tre/so-tnmt", headers=HTML).text
    assert "Sở Tài nguyên và Môi trường" in page
    assert "/plan/ben-tre-2021-2030/task/14.2" in page  # a row it leads links here


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                        ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_rdf_representations(client, accept, fmt):
    r = client.get("/plan/ben-tre-2021-2030/indicator/20", headers={"Accept": accept})
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.content, format=fmt)
    s = rdflib.URIRef(f"{P}/indicator/20")
    assert (s, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#notation"), rdflib.Literal("PL3-20")) in g


def test_format_parameter_and_unknown_resource(client):
    assert client.get("/plan/ben-tre-2021-2030/theme/1?format=ttl").headers["content-type"].startswith("text/turtle")
    r = client.get("/plan/ben-tre-2021-2030/task/99.9", headers=HTML)
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_ontology_terms_dereference(client):
    r = client.get("/ontology/Task", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    labels = {str(o) for o in g.objects(rdflib.URIRef(TTX + "Task"), rdflib.RDFS.label)}
    assert "nhiệm vụ" in {l.lower() for l in labels} or any("nhiệm vụ" in l.lower() for l in labels)


@pytest.mark.parametrize("q", ["tai nguyen moi truong", "TN&MT", "DONRE", "Sở Tài nguyên và Môi trường", "stnmt"])
def test_search_finds_the_department_first(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200
    assert r.json()["results"][0]["iri"] == f"{B}/agency/ben-tre/so-tnmt"


def test_search_ignores_diacritics_for_places_and_rows(client):
    hits = client.get("/api/search", params={"q": "ba tri"}).json()["results"]
    assert hits[0]["iri"] == f"{B}/place/ben-tre/ba-tri"
    hits = client.get("/api/search", params={"q": "PL3-20"}).json()["results"]
    assert hits[0]["iri"] == f"{P}/indicator/20"


def test_named_query_catalogue_and_openapi(client):
    cat = client.get("/api/queries").json()["queries"]
    names = {q["name"] for q in cat}
    assert "high-priority-tasks-by-lead-and-funding" in names
    flagship = next(q for q in cat if q["name"] == "high-priority-tasks-by-lead-and-funding")
    assert flagship["title_vi"] and flagship["description_vi"]
    assert {p["name"] for p in flagship["parameters"]} >= {"agency", "funding", "declared_only"}
    spec = client.get("/openapi.json").json()
    for name in names:
        op = spec["paths"][f"/api/queries/{name}"]["get"]
        assert op["summary"]
    params = {p["name"]: p for p in spec["paths"]["/api/queries/high-priority-tasks-by-lead-and-funding"]["get"]["parameters"]}
    assert params["funding"]["schema"]["enum"] == ["I", "II", "III", "IV"]
    assert params["declared_only"]["schema"]["type"] == "boolean"


def test_named_query_parameters_are_typed_and_injection_safe(client):
    url = "/api/queries/high-priority-tasks-by-lead-and-funding"
    base = client.get(url).json()["results"]["bindings"]
    assert base  # Sở TN&MT leads high-priority rows that can use international support
    for bad in ({"funding": "V"}, {"declared_only": "maybe"}, {"agency": "Sở Du hành Vũ trụ"},
                {"funding": 'II"} } ; DROP ALL ; #'}, {"nonsense": "1"}):
        r = client.get(url, params=bad)
        assert r.status_code == 400 and r.json()["error"] == "bad_parameter", bad
    r = client.get(url, params={"agency": "<http://x> ?p ?o } UNION { ?s ?p ?o"})
    assert r.status_code == 400
    assert client.get(url, params={"format": "xlsx"}).status_code == 406
    csv_text = client.get(url, params={"format": "csv"}).text
    assert csv_text.splitlines()[0].startswith("notation")


def test_downloads_with_sizes_and_checksums(client):
    items = client.get("/downloads", headers={"Accept": "application/json"}).json()["downloads"]
    assert {d["format"] for d in items} == {"trig", "nquads", "turtle", "ntriples", "jsonld"}
    trig = next(d for d in items if d["format"] == "trig")
    body = client.get(trig["url"]).content
    assert len(body) == trig["bytes"] and hashlib.sha256(body).hexdigest() == trig["sha256"]
    ds = rdflib.Dataset()
    ds.parse(data=body, format="trig")
    assert rdflib.URIRef(f"{B}/graph/plan/ben-tre-2021-2030") in {g.identifier for g in ds.graphs()}


def test_void_description(client):
    r = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    ds = next(g.subjects(rdflib.RDF.type, VOID.Dataset))
    assert str(next(g.objects(ds, VOID.sparqlEndpoint))).endswith("/sparql")
    assert len(list(g.objects(ds, VOID.dataDump))) == 5
    subsets = list(g.objects(ds, VOID.subset))
    assert len(subsets) >= 3
    assert int(next(g.objects(ds, VOID.triples))) == sum(int(next(g.objects(s, VOID.triples))) for s in subsets)


def test_ui_pages_render(client):
    for path, marker in [("/", 'id="editor"'), ("/ui/themes", "Quản lý chất thải"), ("/ui/agencies", "Sở Công Thương"),
                         ("/ui/indicators", "PL3-20"), ("/ui/charts", "<svg"), ("/ui/search?q=DONRE", "so-tnmt")]:
        r = client.get(path, headers=HTML)
        assert r.status_code == 200 and marker in r.text, path


def test_ontology_iri_serves_its_documentation_to_browsers(client, repo):
    if not repo.docs_out.exists():
        from service.build.docs import render_ontology_docs
        render_ontology_docs(repo)
    page = client.get("/ontology", headers=HTML)
    assert page.status_code == 200 and "AgencyMention" in page.text
    rdf = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert rdf.status_code == 200 and "owl:versionIRI" in rdf.text or "versionIRI" in rdf.text
