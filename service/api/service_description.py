"""SPARQL 1.1 Service Description with VoID statistics, and the VoID dataset description."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
# rdflib's names for serializing one graph; its N-Quads serializer refuses a plain Graph, and a
# graph's N-Triples are its N-Quads (all in the default graph)
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig",
                 "nquads": "nt"}


def service_description(state, endpoint: str, fmt: str) -> bytes:
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    svc = URIRef(endpoint)
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    if state.settings.updates_enabled:
        g.add((svc, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
              "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads"):
        g.add((svc, SD.resultFormat, FORMATS[f]))
    g.add((svc, RDFS.comment, Literal(
        f"Read-only unless started with an admin token. Each query is cancelled after {state.settings.timeout:g} s; "
        f"results are capped at {state.settings.row_cap} rows (header X-Result-Truncated). SERVICE, LOAD and "
        "remote FROM are refused.", lang="en")))
    dataset = BNode("dataset")
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode("default")
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(state.store.triples, datatype=XSD.integer)))
    g.add((default, RDFS.comment, Literal("The default graph is the union of the named graphs.", lang="en")))
    for name, count in sorted(state.store.graph_counts.items()):
        node = BNode("g" + str(abs(hash(name)) % 10**8))
        inner = BNode("i" + str(abs(hash(name)) % 10**8))
        g.add((dataset, SD.namedGraph, node))
        g.add((node, RDF.type, SD.NamedGraph))
        g.add((node, SD.name, URIRef(name)))
        g.add((node, SD.graph, inner))
        g.add((inner, RDF.type, SD.Graph))
        g.add((inner, VOID.triples, Literal(count, datatype=XSD.integer)))
    return g.serialize(format=RDFLIB_FORMAT[fmt], encoding="utf-8")


def void_description(state, root: str, downloads: list[dict[str, object]]) -> Graph:
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    ds = URIRef(f"{state.base}/dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("ttx-kg: Kế hoạch hành động tăng trưởng xanh tỉnh Bến Tre 2021-2030", lang="vi")))
    g.add((ds, DCTERMS.title, Literal("ttx-kg: Bến Tre Green Growth Action Plan 2021-2030", lang="en")))
    g.add((ds, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(root + "sparql")))
    g.add((ds, VOID.uriSpace, Literal(state.base + "/")))
    g.add((ds, VOID.triples, Literal(state.store.triples, datatype=XSD.integer)))
    for d in downloads:
        g.add((ds, VOID.dataDump, URIRef(root + "downloads/" + str(d["name"]))))
    for name, count in sorted(state.store.graph_counts.items()):
        sub = URIRef(name)
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(count, datatype=XSD.integer)))
    g.add((ds, VOID.vocabulary, URIRef("https://w3id.org/ttx-kg/ontology/")))
    return g
