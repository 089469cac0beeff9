from __future__ import annotations

import pytest

from service.config import DEFAULT_BASE, paths
from service.store import EmbeddedStore, dataset_files

B = DEFAULT_BASE
P = f"{B}/plan/ben-tre-2021-2030"
TTX = "https://w3id.org/ttx-kg/ontology/"


@pytest.fixture(scope="session")
def repo():
    return paths()


@pytest.fixture(scope="session")
def store(repo):
    s = EmbeddedStore()
    s.load(dataset_files(repo, B))
    return s


@pytest.fixture(scope="session")
def built(repo):
    from service.build.pipeline import build_graph
    return build_graph(repo, B)


def values(store, query: str, var: str | None = None) -> list[str]:
    """All values of one variable (the first) of a SELECT, sorted."""
    res = store.query(query)
    v = var or res.variables[0]
    return sorted(r[v]["value"] for r in res.rows() if v in r)


def objects(store, subject: str, predicate: str) -> list[str]:
    return values(store, f"SELECT ?o WHERE {{ <{subject}> <{predicate}> ?o }}")
