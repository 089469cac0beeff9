"""Reasoning: HermiT (through owlready2, needs Java) for consistency and satisfiability, and OWL 2 RL
materialization (owlrl) of the useful entailments into the ``inferred`` named graph.

- ``check_consistency(paths)``: the ontology alone, strictly (no unsupported datatypes allowed; no
  unsatisfiable class), then ontology + data with ``ignore_unsupported_datatypes=True`` (xsd:gYear and
  xsd:gMonthDay are not OWL 2 datatypes).
- ``materialize(paths) -> Path``: data/inferred/inferred.ttl, deterministic bytes. Only new triples
  about data resources are kept: rdf:type superclasses of instances, inverse properties
  (ttx:hasPart/partOf, ttx:issues/issuedBy), super-properties (ttx:declaredThemeGroup ⊑ ttx:themeGroup,
  ttx:partOf ⊑ dcterms:isPartOf, ttx:lineMinistry ⊑ org:linkedTo …) — not the RDFS/OWL axiomatic
  closure, not entailments about the vocabulary itself, no blank nodes.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..config import Paths, base_iri
from .inputs import Source, built_sources, load_rdflib

TTX = "https://w3id.org/ttx-kg/ontology/"
DROP_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class, RDF.Property,
              OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
DROP_PREDICATES = {OWL.sameAs, OWL.differentFrom, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass,
                   OWL.equivalentProperty, RDFS.domain, RDFS.range}


ANNOTATIONS = {RDFS.label, RDFS.comment, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
               URIRef("http://www.w3.org/2004/02/skos/core#altLabel"),
               URIRef("http://www.w3.org/2004/02/skos/core#hiddenLabel"),
               URIRef("http://purl.org/dc/terms/identifier")}


class ReasoningError(RuntimeError):
    """The reasoner found a problem (inconsistency, unsatisfiable class) or could not run."""


@dataclass
class Consistency:
    classes: int
    individuals: int


def _data_sources(paths: Paths) -> list[Source]:
    # ontology, plan and registry: the national and mapping graphs are left out for now (their use of
    # ttx:hasTarget makes OWL 2 RL type national target values as ttx:Target; see the issue report)
    keep = ("/ontology/", "/data/plan/", "/data/registry/")
    return [s for s in built_sources(paths) if any(k in str(s.path).replace("\\", "/") for k in keep)]


SCHEMA_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology,
                RDFS.Class, RDF.Property, OWL.Restriction, OWL.FunctionalProperty, OWL.TransitiveProperty,
                OWL.InverseFunctionalProperty, OWL.SymmetricProperty, OWL.AllDisjointClasses, OWL.NamedIndividual,
                RDFS.Datatype, OWL.AllDifferent}


def _owlready_world(graph: rdflib.Graph, tmp: Path):
    from owlready2 import World

    # owlready2 only loads individuals declared owl:NamedIndividual; without this the data
    # check would pass vacuously over an empty ABox
    declared = rdflib.Graph()
    for triple in graph:
        declared.add(triple)
    for s, _, c in graph.triples((None, RDF.type, None)):
        if isinstance(s, URIRef) and c not in SCHEMA_TYPES and (s, RDF.type, OWL.Class) not in graph:
            declared.add((s, RDF.type, OWL.NamedIndividual))
    owl_file = tmp / "graph.owl"
    declared.serialize(owl_file, format="xml")
    world = World()
    onto = world.get_ontology(owl_file.as_uri()).load()
    return world, onto


def check_consistency(paths: Paths, data: bool = True) -> Consistency:
    from owlready2 import OwlReadyInconsistentOntologyError, sync_reasoner_hermit

    ontology = rdflib.Graph().parse(paths.ontology, format="turtle")
    with tempfile.TemporaryDirectory(prefix="ttx-hermit-") as tmp:
        try:
            world, onto = _owlready_world(ontology, Path(tmp))
            sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except OwlReadyInconsistentOntologyError:
            raise ReasoningError("HermiT: the ontology is inconsistent") from None
        except Exception as exc:  # Java missing, HermiT crash
            raise ReasoningError(f"HermiT could not check the ontology: {exc}") from None
        bad = [str(c) for c in world.inconsistent_classes() if c is not OWL.Nothing]
        if bad:
            raise ReasoningError(f"HermiT: unsatisfiable classes: {', '.join(sorted(bad))}")
        classes = len(list(onto.classes()))
        individuals = 0
        if data:
            graph = load_rdflib(_data_sources(paths))
            try:
                world2, onto2 = _owlready_world(graph, Path(tmp))
                sync_reasoner_hermit(world2, infer_property_values=False, debug=0,
                                     ignore_unsupported_datatypes=True)
            except OwlReadyInconsistentOntologyError:
                raise ReasoningError("HermiT: the data is inconsistent with the ontology") from None
            except Exception as exc:
                raise ReasoningError(f"HermiT could not check the data: {exc}") from None
            individuals = len(list(world2.individuals()))
    return Consistency(classes, individuals)


def inferred_graph(graph: rdflib.Graph) -> rdflib.Graph:
    """The useful new triples OWL 2 RL entails from graph (ontology + data)."""
    import owlrl

    closure = rdflib.Graph()
    for t in graph:
        closure.add(t)
    # owlrl swaps rdflib's process-wide literal converters while it runs and restores them only
    # partly (xsd:gMonthDay stayed broken, so later pyshacl runs saw "--11-15" as ill-typed):
    # keep rdflib's own converters, and put the table back whatever owlrl did
    from rdflib import term
    saved = dict(term._toPythonMapping)
    try:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False,
                               improved_datatypes=False).expand(closure)
    finally:
        term._toPythonMapping.clear()
        term._toPythonMapping.update(saved)
    vocab_prefixes = (TTX, str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
    vocabulary = {s for s in graph.subjects(RDF.type, None)
                  if (s, RDF.type, OWL.Class) in graph or (s, RDF.type, OWL.ObjectProperty) in graph
                  or (s, RDF.type, OWL.DatatypeProperty) in graph or (s, RDF.type, OWL.AnnotationProperty) in graph
                  or (s, RDF.type, OWL.Ontology) in graph}
    described = set(graph.subjects())
    ancestors: dict = {}

    def up(c):
        if c not in ancestors:
            ancestors[c] = set(graph.transitive_objects(c, RDFS.subClassOf))
        return ancestors[c]

    supers: dict = {}
    for x, c in graph.subject_objects(RDF.type):
        supers.setdefault(x, set()).update(up(c))
    out = rdflib.Graph()
    for s, p, o in closure:
        if s not in described or p in ANNOTATIONS:  # e.g. labels copied along owl:sameAs to external IRIs
            continue
        if p != RDF.type and isinstance(o, URIRef) and o not in described:  # e.g. links to owl:sameAs twins
            continue
        if (s, p, o) in graph or isinstance(s, (BNode, Literal)) or isinstance(o, BNode):
            continue
        if s in vocabulary or str(s).startswith(vocab_prefixes) or p in DROP_PREDICATES:
            continue
        if p == RDF.type and (o in DROP_TYPES or str(o).startswith((str(RDF), str(RDFS), str(OWL)))):
            continue
        if isinstance(o, Literal) and p == RDF.type:
            continue
        if p == RDF.type and o not in supers.get(s, ()):
            # only the class hierarchy: types that rdfs:domain / rdfs:range would add are left out
            # (the data uses some properties outside their declared domain; see the issue report)
            continue
        if s == o and p != RDF.type:
            continue
        out.add((s, p, o))
    return out


def serialize(graph: rdflib.Graph) -> bytes:
    """Deterministic Turtle: prefixes fixed, subjects and triples sorted (rdflib sorts them)."""
    g = rdflib.Graph()
    for prefix, ns in (("ttx", TTX), ("rdf", str(RDF)), ("rdfs", str(RDFS)), ("owl", str(OWL)),
                       ("skos", "http://www.w3.org/2004/02/skos/core#"), ("dcterms", "http://purl.org/dc/terms/"),
                       ("prov", "http://www.w3.org/ns/prov#"), ("org", "http://www.w3.org/ns/org#"),
                       ("qb", "http://purl.org/linked-data/cube#"), ("eli", "http://data.europa.eu/eli/ontology#")):
        g.bind(prefix, ns, override=True)
    for t in sorted(graph):
        g.add(t)
    header = (b"# Inferred graph (OWL 2 RL materialization by owlrl; `ttx reason`). Generated: do not edit.\n"
              b"# Only new triples about data resources: superclass types, inverse and super-properties.\n")
    return header + g.serialize(format="turtle", encoding="utf-8")


def materialize(paths: Paths, output: Path | None = None) -> Path:
    """Write data/inferred/inferred.ttl (the build can call this); returns its path."""
    from ..build.pipeline import write_atomic

    target = output or (paths.root / "data" / "inferred" / "inferred.ttl")
    graph = load_rdflib(_data_sources(paths))
    data = serialize(inferred_graph(graph))
    write_atomic(target, data)
    return target


__all__ = ["Consistency", "ReasoningError", "base_iri", "check_consistency", "inferred_graph", "materialize",
           "URIRef"]
