"""Real clients against a real server (`ttx serve` on loopback): SPARQLWrapper, rdflib's
SPARQLStore and plain HTTP must see the answers `ttx query` gives."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from conftest import P, TTX
from servers import ROOT, ttx_server

pytestmark = pytest.mark.slow

FLAGSHIP = "high-priority-tasks-by-lead-and-funding"
TASKS_BY_THEME = f"""SELECT ?theme (COUNT(?t) AS ?n) WHERE {{ ?t a <{TTX}Task> ; <{TTX}theme>/<http://www.w3.org/2004/02/skos/core#notation> ?theme }}
GROUP BY ?theme ORDER BY ?theme"""


@pytest.fixture(scope="module")
def server():
    with ttx_server("--workers", "2", "--timeout", "5") as url:
        yield url


def cli_json(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "service.cli.main", "query", *args, "-f", "json"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def rows_of(results: dict) -> list[tuple[str, ...]]:
    vars_ = results["head"]["vars"]
    return sorted(tuple(b.get(v, {}).get("value", "") for v in vars_) for b in results["results"]["bindings"])


def test_sparqlwrapper_select_matches_ttx_query(server, tmp_path):
    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(TASKS_BY_THEME)
    sw.setReturnFormat(JSON)
    remote = sw.query().convert()
    q = tmp_path / "q.rq"
    q.write_text(TASKS_BY_THEME)
    assert rows_of(remote) == rows_of(cli_json(str(q)))
    assert dict(rows_of(remote))["14"] == "9"


def test_sparqlwrapper_post_xml_and_csv(server):
    sw = SPARQLWrapper(server + "/sparql")
    sw.setMethod("POST")
    sw.setQuery(f"SELECT ?n WHERE {{ <{P}/task/14.2> <http://www.w3.org/2004/02/skos/core#notation> ?n }}")
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    assert doc.getElementsByTagName("literal")[0].firstChild.data == "14.2"
    sw.setReturnFormat(CSV)
    assert sw.query().convert().decode().splitlines() == ["n", "14.2"]


def test_sparqlwrapper_ask_and_construct(server):
    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(f"ASK {{ <{P}/task/4.4> <{TTX}priority> ?p }}")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery(f"CONSTRUCT {{ ?s <{TTX}fundingText> ?f }} WHERE {{ ?s <{TTX}fundingText> ?f }}")
    sw.setReturnFormat(TURTLE)
    g = rdflib.Graph().parse(data=sw.query().convert(), format="turtle")
    assert len(g) == 114  # every Phụ lục 1 row with columns (143 rows less 29 headings)
    assert (rdflib.URIRef(f"{P}/task/18.1"), rdflib.URIRef(TTX + "fundingText"), rdflib.Literal("I, II, II, IV")) in g
    sw.setReturnFormat("json-ld")
    g2 = sw.query().convert()  # SPARQLWrapper parses JSON-LD into an rdflib graph itself
    assert len(g2) == 114


def test_rdflib_sparqlstore_sees_the_same_answer(server):
    g = rdflib.Graph(store=SPARQLStore(server + "/sparql", returnFormat="json"))
    rows = list(g.query(f"SELECT ?lead WHERE {{ <{P}/activity/1.1.2.c> <{TTX}leadAgency> ?lead }}"))
    assert sorted(str(r[0]).rsplit("/", 1)[1] for r in rows) == ["so-khdt", "so-nnptnt", "so-tnmt"]
    assert len(list(g.triples((rdflib.URIRef(f"{P}/task/3.2"), rdflib.URIRef(TTX + "periodText"), None)))) == 1


def test_named_query_over_http_matches_cli(server):
    r = httpx.get(f"{server}/api/queries/{FLAGSHIP}", params={"agency": "DONRE"})
    assert r.status_code == 200
    assert rows_of(r.json()) == rows_of(cli_json(FLAGSHIP, "-p", "agency=Sở TN&MT"))
    csv_text = httpx.get(f"{server}/api/queries/{FLAGSHIP}", params={"agency": "tai nguyen moi truong",
                                                                      "format": "csv"}).text
    assert "1.2.3" in csv_text


def test_linked_data_dereferencing_over_http(server):
    r = httpx.get(f"{server}/plan/ben-tre-2021-2030/task/14.2", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (rdflib.URIRef(f"{P}/task/14.2"), rdflib.URIRef(TTX + "periodText"), rdflib.Literal("2023 - 2030")) in g
    html = httpx.get(f"{server}/plan/ben-tre-2021-2030/task/14.2", headers={"Accept": "text/html"}).text
    assert "Nghị định số 06/2022/NĐ-CP" in html
