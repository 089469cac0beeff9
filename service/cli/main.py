"""`ttx`: build, inspect, query, export and serve the green-growth knowledge graph."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ..build.errors import SourceError
from ..config import base_iri, paths
from ..store import EmbeddedStore, QueryError, dataset_files

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Knowledge graph of Vietnam's green-growth action plans (QĐ 2082/QĐ-UBND Bến Tre).")
console = Console(stderr=True)
out = Console()


def fail(message: str, code: int = 2) -> None:
    console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def load_store(root: Optional[Path] = None) -> EmbeddedStore:
    p = paths(root)
    if not p.plan_out.exists():
        _build(p)
    store = EmbeddedStore()
    try:
        store.load(dataset_files(p))
    except QueryError as exc:
        fail(str(exc))
    return store


def _build(p, base: Optional[str] = None, source: Optional[Path] = None, output: Optional[Path] = None):
    """Plan graph from the source text, the national reference and mapping graphs, then the
    OWL 2 RL entailments of it all (data/inferred)."""
    from ..build.national import write_national
    from ..build.pipeline import build
    with console.status("Building the graph from the source text…"):
        try:
            result = build(p, base, source, output)
            if output is None:  # a plan written elsewhere is not the dataset's plan
                write_national(p, base, result.graph)
        except SourceError as exc:
            fail(str(exc))
    if output is None:
        from ..validate.reason import materialize
        with console.status("Materializing OWL 2 RL entailments (data/inferred)…"):
            materialize(p)
    return result


@app.command("build")
def build_cmd(
    source: Optional[Path] = typer.Option(None, help="Source text (default: data/sources/qd-2082-…txt)."),
    base: Optional[str] = typer.Option(None, help="Base IRI for the data (default: $TTX_BASE or w3id)."),
    output: Optional[Path] = typer.Option(None, help="Where to write the plan graph (default: data/plan/…ttl)."),
    docs: bool = typer.Option(True, help="Also render the ontology documentation (HTML)."),
) -> None:
    """Parse the decision text into RDF (data/plan/…ttl); byte-identical on every run."""
    p = paths()
    result = _build(p, base, source, output)
    state = "written" if result.changed else "unchanged"
    console.print(f"{result.output}: {result.triples} triples ({state})")
    if docs:
        from ..build.docs import render_ontology_docs
        with console.status("Rendering the ontology documentation…"):
            try:
                target = render_ontology_docs(p)
                console.print(f"{target}: ontology documentation")
            except Exception as exc:  # pyLODE failures must not lose the data build
                console.print(f"[yellow]warning:[/yellow] ontology documentation not rendered: {exc}")


@app.command()
def stats() -> None:
    """Counts per class and per theme, with the task counts Section IV declares."""
    from .stats import class_counts, theme_counts
    store = load_store()
    t = Table("class", "instances", title="Instances per class")
    for cls, n in class_counts(store):
        t.add_row(cls, str(n))
    out.print(t)
    t = Table("theme", "title", "declared tasks", "tasks found", "activities", "", title="Themes (Section IV vs Phụ lục 1)")
    for row in theme_counts(store):
        ok = "✓" if row["declared"] == row["tasks"] else "✗"
        t.add_row(row["notation"], row["title"], str(row["declared"]), str(row["tasks"]), str(row["activities"]), ok)
    out.print(t)


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


@app.command()
def query(
    name: Optional[str] = typer.Argument(None, help="A queries/NAME.rq, a path to a .rq file, or '-' for stdin."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
    param: list[str] = typer.Option([], "--param", "-p", help="Named-query parameter NAME=VALUE (repeatable)."),
    store_spec: Optional[str] = typer.Option(None, "--store", help="Query a store directory or SPARQL endpoint URL "
                                                                   "instead of the project's files."),
) -> None:
    """Run a SPARQL query against the graph (named query, file or stdin)."""
    from ..queries import Catalogue, ParameterError
    from ..search import LabelIndex
    from ..search.resolve import make_resolver
    p = paths()
    catalogue = Catalogue.load(p.queries_dir)
    bindings = None
    if name is None or name == "-":
        text = sys.stdin.read()
    elif name in catalogue:
        text = ""
    elif Path(name).is_file():
        text = Path(name).read_text(encoding="utf-8")
    else:
        fail(f"no named query or file '{name}' (known: {', '.join(catalogue.names())})")
    if store_spec:
        from .engines import query_store
        try:
            store = query_store(store_spec)
        except Exception as exc:  # unreachable endpoint, empty directory…
            fail(f"cannot open the store {store_spec}: {exc}")
    else:
        store = load_store()
    if name in catalogue:
        resolve = make_resolver(LabelIndex.from_store(store))
        given = {}
        for kv in param:
            if "=" not in kv:
                fail(f"--param '{kv}' is not NAME=VALUE")
            key, value = kv.split("=", 1)
            given[key] = value
        try:
            text, bindings = catalogue[name].prepare(given, resolve)
        except ParameterError as exc:
            fail(str(exc))
    try:
        result = store.query(text, bindings=bindings)
    except QueryError as exc:
        fail(f"query rejected: {exc}")
    except Exception as exc:  # a remote store that timed out or went away
        fail(f"query failed: {exc}")
    if result.kind == "graph":
        sys.stdout.write(result.serialize("turtle").decode("utf-8"))
        return
    if result.kind == "ask":
        out.print("true" if result.boolean else "false")
        return
    if fmt is OutputFormat.table:
        from .render import render_table
        out.print(render_table(result))
    elif fmt is OutputFormat.json:
        sys.stdout.write(result.serialize("json").decode("utf-8") + "\n")
    else:
        sys.stdout.write(result.serialize(fmt.value).decode("utf-8"))


class ExportFormat(str, Enum):
    turtle = "turtle"
    ntriples = "ntriples"
    jsonld = "jsonld"
    trig = "trig"
    nquads = "nquads"


@app.command()
def export(
    fmt: ExportFormat = typer.Option(ExportFormat.trig, "--format", "-f"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
    graph: Optional[str] = typer.Option(None, help="One named graph (required for single-graph formats "
                                                   "unless you want the union)."),
) -> None:
    """Export the whole dataset (TriG, N-Quads) or one graph / the union (Turtle, N-Triples, JSON-LD)."""
    store = load_store()
    if fmt.value in ("trig", "nquads") and graph is None:
        data = store.dump(fmt.value)
    else:
        target = graph
        if target is None:
            union = EmbeddedStore()
            result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            union.load_data(result.serialize("ntriples"), "ntriples", f"{base_iri()}/graph/union")
            store, target = union, f"{base_iri()}/graph/union"
        data = store.dump(fmt.value, target)
    if output:
        from ..build.pipeline import write_atomic
        write_atomic(output, data)
        console.print(f"{output}: {len(data)} bytes")
    else:
        sys.stdout.buffer.write(data)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on (loopback by default)."),
    port: int = typer.Option(8000),
    store_dir: Optional[Path] = typer.Option(None, "--store-dir", help="Persistent on-disk store directory."),
    timeout: float = typer.Option(30.0, help="Per-query time limit in seconds (queries are cancelled)."),
    row_cap: int = typer.Option(10000, help="Maximum rows/triples per result (truncation is signalled)."),
    workers: int = typer.Option(4, help="Query worker processes."),
    http_workers: int = typer.Option(1, help="HTTP worker processes (uvicorn)."),
    in_memory_max: int = typer.Option(250_000, help="Query workers copy a graph of up to this many triples into "
                                                    "memory (faster); larger graphs are read from disk."),
    admin_token: Optional[str] = typer.Option(None, envvar="TTX_ADMIN_TOKEN",
                                              help="Enables SPARQL Update for requests bearing this token."),
    allow_service: list[str] = typer.Option([], help="Endpoint IRI prefix SERVICE may call (repeatable)."),
    store: Optional[str] = typer.Option(None, "--store", help="Serve a store directory (as `ttx load` left it) or a "
                                                              "remote SPARQL endpoint URL."),
) -> None:
    """Build if needed, load everything into the embedded store and serve SPARQL, APIs and pages."""
    import os

    import uvicorn
    p = paths()
    if not p.plan_out.exists():
        _build(p)
    os.environ.update({"TTX_QUERY_TIMEOUT": str(timeout), "TTX_ROW_CAP": str(row_cap),
                       "TTX_WORKERS": str(workers), "TTX_SERVICE_ALLOW": ",".join(allow_service),
                       "TTX_IN_MEMORY_MAX": str(in_memory_max)})
    if admin_token:
        os.environ["TTX_ADMIN_TOKEN"] = admin_token
    if store_dir:
        os.environ["TTX_STORE_DIR"] = str(store_dir)
    if store:
        os.environ["TTX_STORE"] = store
    console.print(f"serving on http://{host}:{port}/  (SPARQL endpoint: /sparql; "
                  f"{'read-write with token' if admin_token else 'read-only'})")
    uvicorn.run("service.cli.engines:serve_app" if store else "service.api.asgi:app", host=host, port=port,
                workers=http_workers, log_level="warning", factory=bool(store), access_log=False)


from .engines import register as _r; _r(app)  # noqa: E402,E702 - ttx synth, ttx load


from .validation import register as _register_validation  # noqa: E402 - ttx validate, ttx reason

_register_validation(app)


def main() -> None:
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as exc:  # a bug, not bad input: one line for the user, details with TTX_DEBUG=1
        import os
        if os.environ.get("TTX_DEBUG"):
            raise
        console.print(f"[red]internal error:[/red] {type(exc).__name__}: {exc} (run with TTX_DEBUG=1 for details)")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
