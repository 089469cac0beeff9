"""Build: source text + curated registry/translations → data/plan/*.ttl, deterministically.

Output is written to a temporary file next to the target and moved into place only
when the whole graph was built and serialized, so a failed build leaves data/ as it was.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from ..config import Paths, base_iri
from .agencies import ACTOR_CLASSES, PLACE_CLASSES, NameIndex
from .appendix1 import parse_appendix1
from .appendix2 import parse_appendix2
from .appendix3 import parse_appendix3
from .appendix4 import parse_appendix4
from .context import Context
from .emit_appendices import emit_indicators, emit_projects, emit_technologies
from .emit_tasks import emit_rows
from .emit_text import emit_decision, emit_sections
from .errors import SourceError
from .iris import ELI, ORG, QB, QUDT, TIME, TTX, UNIT, Iris
from .labels import Translations
from .plantext import parse_decision, parse_plan
from .source import SourceText, split_parts

PREFIXES = {
    "ttx": TTX, "eli": ELI, "org": ORG, "qb": QB, "qudt": QUDT, "unit": UNIT, "time": TIME, "prov": PROV,
    "dcterms": DCTERMS,
}


def load_registry(paths: Paths, base: str) -> Graph:
    g = Graph()
    for path in sorted(paths.registry_dir.glob("*.ttl")):
        try:
            g.parse(path, format="turtle", publicID=base + "/")
        except Exception as exc:  # rdflib raises many parser types; all mean the same here
            raise SourceError(f"cannot parse registry file: {exc}", file=path) from None
    return g


@dataclass
class BuildResult:
    graph: Graph
    output: Path
    triples: int
    changed: bool


def build_graph(paths: Paths, base: str | None = None, source: Path | None = None) -> Graph:
    base = base or base_iri()
    src = SourceText.read(source or paths.source)
    parts = split_parts(src)
    registry = load_registry(paths, base)
    iris = Iris(base)
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    graph.bind("plan", URIRef(str(iris.plan) + "/"))
    graph.bind("code", URIRef(f"{base}/code/"))
    graph.bind("agency", URIRef(f"{base}/agency/"))
    ctx = Context(graph, iris, src, iris.source(src.path.name), NameIndex(registry, ACTOR_CLASSES),
                  NameIndex(registry, PLACE_CLASSES), Translations.load(paths.curation_dir / "en"))
    _source_document(ctx)
    decision = parse_decision(src, parts.decision)
    clauses = parse_plan(src, parts.plan)
    rows = parse_appendix1(src, parts.appendix1)
    emit_decision(ctx, decision, clauses)
    emit_rows(ctx, rows)
    title = next((ln for ln in parts.appendix3 if ln.text.strip().startswith("DANH MỤC")), None)
    indicators = emit_indicators(ctx, parse_appendix3(src, parts.appendix3), title)
    emit_sections(ctx, clauses, indicators, paths.curation_dir)
    emit_projects(ctx, parse_appendix2(src, parts.appendix2))
    emit_technologies(ctx, parse_appendix4(src, parts.appendix4))
    return graph


def _source_document(ctx: Context) -> None:
    s = ctx.source_iri
    ctx.typed(s, PROV.Entity)
    ctx.add(s, RDFS.label, Literal("Quyết định 2082/QĐ-UBND (văn bản nguồn, bản sao trang web)", lang="vi"))
    ctx.add(s, RDFS.label, Literal("Decision 2082/QĐ-UBND (source text, web-page copy)", lang="en"))
    ctx.add(s, DCTERMS.format, Literal("text/plain; charset=utf-8"))
    ctx.add(s, DCTERMS.identifier, Literal(ctx.src.path.name))


def serialize(graph: Graph) -> bytes:
    data = graph.serialize(format="turtle", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace path with data in one rename; returns whether the content changed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == data:
        return False
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; data files are meant to be read by all
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def build(paths: Paths, base: str | None = None, source: Path | None = None,
          output: Path | None = None) -> BuildResult:
    graph = build_graph(paths, base, source)
    out = output or paths.plan_out
    changed = write_atomic(out, serialize(graph))
    return BuildResult(graph, out, len(graph), changed)
