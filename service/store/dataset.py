"""Which files make up the dataset, and in which named graph each one goes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Paths, base_iri


@dataclass(frozen=True)
class GraphFile:
    graph: str  # named-graph IRI
    path: Path
    base: str | None  # base IRI for relative IRIs in the file (registry files use them)


def dataset_files(paths: Paths, base: str | None = None) -> list[GraphFile]:
    base = (base or base_iri()).rstrip("/")
    out = [GraphFile(f"{base}/graph/ontology", paths.ontology, None)]
    national_terms = paths.ontology.with_name("ttx-national.ttl")
    if national_terms.exists():
        out.append(GraphFile(f"{base}/graph/ontology", national_terms, None))
    if paths.plan_out.exists():
        out.append(GraphFile(f"{base}/graph/plan/{paths.plan_out.stem}", paths.plan_out, None))
    for f in sorted(paths.registry_dir.glob("*.ttl")):
        out.append(GraphFile(f"{base}/graph/registry", f, base + "/"))
    for name in ("national", "mappings", "inferred"):
        folder = paths.root / "data" / name
        for f in sorted(folder.glob("*.ttl")) if folder.is_dir() else []:
            out.append(GraphFile(f"{base}/graph/{name}", f, base + "/"))
    return out
