"""Where things live and which base IRI the data uses.

The ontology namespace is fixed; the data base IRI is configurable (``TTX_BASE``) so a
mirror can mint its own IRIs. Registry files are written with relative IRIs and parsed
against the base, so they follow it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE = "https://w3id.org/ttx-kg"
ONTOLOGY_NS = "https://w3id.org/ttx-kg/ontology/"
PLAN_SLUG = "ben-tre-2021-2030"
SOURCE_NAME = "qd-2082-ubnd-ben-tre-2023.txt"


def _find_root() -> Path:
    env = os.environ.get("TTX_HOME")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parents[1]
    if (here / "ontology").is_dir():
        return here
    return Path.cwd()


@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "ttx.ttl"

    @property
    def source(self) -> Path:
        return self.root / "data" / "sources" / SOURCE_NAME

    @property
    def registry_dir(self) -> Path:
        return self.root / "data" / "registry"

    @property
    def curation_dir(self) -> Path:
        return self.root / "data" / "curation"

    @property
    def plan_out(self) -> Path:
        return self.root / "data" / "plan" / f"{PLAN_SLUG}.ttl"

    @property
    def docs_out(self) -> Path:
        return self.root / "docs" / "ontology" / "index.html"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"


def base_iri() -> str:
    return os.environ.get("TTX_BASE", DEFAULT_BASE).rstrip("/")


def paths(root: Path | None = None) -> Paths:
    return Paths(root.resolve() if root else _find_root())
