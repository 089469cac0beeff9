"""A deterministic synthetic national-scale dataset for the validation benchmark: the Bến Tre plan
graph copied once per province (63 by default) with the plan and provincial agency IRIs renamed.
(A fuller `ttx synth` is another issue; this is the benchmark's own generator.)"""

from __future__ import annotations

from pathlib import Path

from ..config import Paths

SLUG = "ben-tre-2021-2030"


def province_slugs(n: int) -> list[str]:
    return ["ben-tre"] + [f"tinh-{i:02d}" for i in range(2, n + 1)]


def write(paths: Paths, target: Path, provinces: int = 63) -> Path:
    """One N-Triples file: for each province, the plan with its IRIs renamed (text substitution on
    the canonical N-Triples of the plan graph, so the output is byte-identical run to run)."""
    import rdflib
    plan = rdflib.Graph().parse(paths.plan_out, format="turtle")
    lines = sorted(plan.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines())
    text = "\n".join(lines) + "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as out:
        for slug in province_slugs(provinces):
            out.write(text.replace(f"/plan/{SLUG}", f"/plan/{slug}-2021-2030")
                      .replace("/agency/ben-tre/", f"/agency/{slug}/") if slug != "ben-tre" else text)
    return target
