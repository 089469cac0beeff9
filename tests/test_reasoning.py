"""Reasoning: HermiT finds ontology and data consistent; the committed inferred graph is what
OWL 2 RL entails today, and it holds the entailments queries rely on."""

from __future__ import annotations

import pytest
import rdflib

from conftest import B, P, TTX

pytestmark = pytest.mark.slow


def test_hermit_finds_ontology_and_data_consistent(repo):
    from service.validate.reason import check_consistency
    result = check_consistency(repo, data=True)
    assert result.classes >= 47 and result.individuals > 1000


def test_committed_inferred_graph_is_up_to_date(repo, tmp_path):
    from service.validate.reason import materialize
    fresh = materialize(repo, tmp_path / "inferred.ttl")
    committed = repo.root / "data" / "inferred" / "inferred.ttl"
    assert fresh.read_bytes() == committed.read_bytes(), "run `ttx build` (or `ttx reason`) and commit data/inferred"


def test_inferred_graph_holds_class_hierarchy_and_inverses(repo):
    g = rdflib.Graph().parse(repo.root / "data" / "inferred" / "inferred.ttl")
    assert (rdflib.URIRef(f"{B}/agency/ben-tre/so-tnmt"), rdflib.RDF.type, rdflib.URIRef(TTX + "Agency")) in g
    assert (rdflib.URIRef(f"{P}/task/14.2"), rdflib.RDF.type, rdflib.URIRef(TTX + "PlanComponent")) in g
    assert (rdflib.URIRef(f"{P}/task/14.2"), rdflib.URIRef("http://purl.org/dc/terms/isPartOf"),
            rdflib.URIRef(f"{P}/theme/14")) in g
