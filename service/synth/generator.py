"""Synthetic provinces with the real plan's shape, for benchmarks and scale tests.

Province 1 is Bến Tre itself (the built plan and registry, IRIs unchanged). Province k ≥ 2
is the same plan — its 18 themes, 85 tasks, 40 activities, agencies and their mentions,
funding sources, 28 indicators with their targets, 37 projects, objectives… — with every
provincial IRI re-minted under the province's slug and "Bến Tre" in literals replaced by the
province's name:

    B/plan/ben-tre-2021-2030/…   → B/plan/synth-007-2021-2030/…   (graph B/graph/plan/synth-007-2021-2030)
    B/agency/ben-tre/so-tnmt     → B/agency/synth-007/so-tnmt      (registry graph)
    B/place/ben-tre/ba-tri       → B/place/synth-007/ba-tri
    B/legal/qd-2082-ubnd-2023    → B/legal/qd-2082-ubnd-2023-synth-007
    B/source/qd-2082-ubnd-ben-tre-2023.txt → B/source/qd-2082-ubnd-synth-007-2023.txt

National agencies, collectives, code lists, periods and the ontology are shared. A
province k ≥ 2 leaves out the triples its copy would share verbatim with Bến Tre's plan graph
(periods, code lists, national decisions): they are in province 1's graph already, and the
union default graph would otherwise hold them once per province (Oxigraph does not merge
identical triples of different named graphs), so that a query joining on a period or a code
would read — and count — each of them N times. The
output is deterministic (sorted N-Triples; byte-identical on every run) and province k's
file does not depend on N, so the N = 63 dataset contains the N = 1 dataset. Literals keep
the datatypes of the source files (read with rdflib, as pyshacl reads them: Oxigraph would
turn xsd:positiveInteger into xsd:integer, and pyshacl would then report every such value
of the copies as a datatype violation that the real data does not have).

Files: `<out>/provinces/NNN.nt` (plan graph of province NNN), `<out>/registry/NNN.nt`
(its agencies and places), `<out>/shared.nt` (shared registry), `<out>/N.json` (manifest:
the graph files of the N-province dataset, triples, sha256 of the source).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..config import Paths, base_iri
from ..store import GraphFile, dataset_files

PLAN_SLUG = "ben-tre-2021-2030"
GENERATOR = 3  # bumped when the output changes for the same source (2: source datatypes kept; 3: shared
#               triples once, in province 1's graph)
SOURCE_NAME = "Bến Tre"


@dataclass(frozen=True)
class Province:
    number: int

    @property
    def slug(self) -> str:
        return "ben-tre" if self.number == 1 else f"synth-{self.number:03d}"

    @property
    def name(self) -> str:
        return SOURCE_NAME if self.number == 1 else f"Tổng Hợp {self.number:03d}"

    @property
    def plan_slug(self) -> str:
        return f"{self.slug}-2021-2030"

    def plan_iri(self, base: str) -> str:
        return f"{base}/plan/{self.plan_slug}"

    def graph(self, base: str) -> str:
        return f"{base}/graph/plan/{self.plan_slug}"

    def agency(self, base: str, local: str) -> str:
        return f"{base}/agency/{self.slug}/{local}"

    def remint(self, text: str, base: str) -> str:
        if self.number == 1:
            return text
        s = self.slug
        for old, new in (
            (f"{base}/plan/{PLAN_SLUG}", f"{base}/plan/{s}-2021-2030"),
            (f"{base}/agency/ben-tre/", f"{base}/agency/{s}/"),
            (f"{base}/place/ben-tre", f"{base}/place/{s}"),
            (f"{base}/legal/qd-2082-ubnd-2023", f"{base}/legal/qd-2082-ubnd-2023-{s}"),
            (f"{base}/source/qd-2082-ubnd-ben-tre-2023.txt", f"{base}/source/qd-2082-ubnd-{s}-2023.txt"),
            (SOURCE_NAME, self.name),
        ):
            text = text.replace(old, new)
        return text


def provinces(n: int) -> list[Province]:
    return [Province(k) for k in range(1, n + 1)]


def _sorted_lines(data: bytes) -> str:
    lines = sorted(set(data.decode("utf-8").splitlines()))
    return "\n".join(line for line in lines if line.strip()) + "\n"


@dataclass
class Template:
    base: str
    plan: str  # N-Triples of the plan graph
    provincial: str  # N-Triples of registry triples about provincial agencies and places
    shared: str  # the rest of the registry
    ontology: Path
    digest: str

    @cached_property
    def plan_set(self) -> frozenset[str]:
        return frozenset(self.plan.splitlines())

    @classmethod
    def from_project(cls, paths: Paths, base: str | None = None) -> "Template":
        base = (base or base_iri()).rstrip("/")
        files = dataset_files(paths, base)
        plan = _ntriples([f for f in files if f.graph == f"{base}/graph/plan/{PLAN_SLUG}"])
        registry = _ntriples([f for f in files if f.graph == f"{base}/graph/registry"])
        local = (f"<{base}/agency/ben-tre/", f"<{base}/place/ben-tre>", f"<{base}/place/ben-tre/")
        provincial, shared = [], []
        for line in registry.splitlines():
            (provincial if line.startswith(local) else shared).append(line)
        return cls(base, plan, "\n".join(provincial) + "\n", "\n".join(shared) + "\n", paths.ontology,
                   source_digest(paths, base))


def _ntriples(files: list[GraphFile]) -> str:
    """The triples of Turtle files as sorted N-Triples, literals as rdflib reads them."""
    import rdflib
    g = rdflib.Graph()
    for f in files:
        g.parse(f.path, format="turtle", publicID=f.base)
    return _sorted_lines(g.serialize(format="nt", encoding="utf-8"))


def source_digest(paths: Paths, base: str | None = None) -> str:
    h = hashlib.sha256()
    for f in dataset_files(paths, base):
        if "/graph/national" in f.graph or "/graph/inferred" in f.graph or "/graph/mappings" in f.graph:
            continue
        h.update(f.graph.encode())
        h.update(Path(f.path).read_bytes())
    return h.hexdigest()


def _write(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def generate(paths: Paths, n: int, out: Path, *, base: str | None = None) -> dict[str, object]:
    """Write the N-province dataset under `out`; returns its manifest (also written to out/N.json).
    Files already there with the same content are left untouched."""
    if n < 1:
        raise ValueError("the number of provinces must be at least 1")
    t = Template.from_project(paths, base)
    out = Path(out)
    _write(out / "shared.nt", t.shared)
    files: list[dict[str, str | None]] = [
        {"graph": f"{t.base}/graph/ontology", "path": str(t.ontology), "base": None},
        {"graph": f"{t.base}/graph/registry", "path": str(out / "shared.nt"), "base": None}]
    plan_lines = t.plan.count("\n")
    reg_lines = t.provincial.count("\n")
    own_lines = _own(Province(2), t).count("\n")
    for p in provinces(n):
        _write(out / "provinces" / f"{p.number:03d}.nt", _own(p, t))
        _write(out / "registry" / f"{p.number:03d}.nt", p.remint(t.provincial, t.base))
        files.append({"graph": p.graph(t.base), "path": str(out / "provinces" / f"{p.number:03d}.nt"),
                      "base": None})
        files.append({"graph": f"{t.base}/graph/registry", "path": str(out / "registry" / f"{p.number:03d}.nt"),
                      "base": None})
    manifest = {"provinces": n, "base": t.base, "source_sha256": t.digest, "generator": GENERATOR,
                "triples_upper_bound": plan_lines + own_lines * (n - 1) + reg_lines * n + t.shared.count("\n"),
                "files": files}
    _write(out / f"{n}.json", json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return manifest


def _own(p: Province, t: Template) -> str:
    """Province p's plan graph: for p ≥ 2, only the triples that differ from Bến Tre's."""
    if p.number == 1:
        return t.plan
    lines = [new for new in (p.remint(line, t.base) for line in t.plan.splitlines()) if new not in t.plan_set]
    return "\n".join(lines) + "\n"


def manifest_files(manifest: dict[str, object]) -> list[GraphFile]:
    return [GraphFile(f["graph"], Path(f["path"]), f["base"]) for f in manifest["files"]]  # type: ignore[index]


def synth_files(paths: Paths, n: int, out: Path | None = None, *, base: str | None = None) -> list[GraphFile]:
    """The graph files of the N-province dataset, generated under `out` (default var/synth) if
    missing or stale."""
    out = Path(out) if out else paths.root / "var" / "synth"
    meta = out / f"{n}.json"
    if meta.exists():
        manifest = json.loads(meta.read_text())
        fresh = all(Path(f["path"]).exists() for f in manifest["files"])
        if fresh and manifest.get("base") == (base or base_iri()).rstrip("/") and \
                manifest.get("generator") == GENERATOR and manifest.get("source_sha256") == source_digest(paths, base):
            return manifest_files(manifest)
    return manifest_files(generate(paths, n, out, base=base))
