"""`ttx synth` and `ttx load`, and the store `ttx serve --store` / `ttx query --store` use.

A store spec is a directory (a persistent embedded store, as `ttx load --store DIR` leaves
it) or the http(s) URL of a SPARQL 1.1 query endpoint (Oxigraph server, Virtuoso, …).
Credentials and engine hints for remote stores come from options or the environment:
TTX_STORE_USER, TTX_STORE_PASSWORD, TTX_STORE_AUTH (digest|basic), TTX_STORE_ENGINE
(auto|oxigraph|virtuoso|fuseki|generic), TTX_STORE_UPDATE_URL, TTX_STORE_GSP_URL.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console

from ..config import base_iri, paths
from ..store import dataset_files
from ..store.base import is_remote

console = Console(stderr=True)

ENV_OPTIONS = {"user": "TTX_STORE_USER", "password": "TTX_STORE_PASSWORD", "auth": "TTX_STORE_AUTH",
               "engine": "TTX_STORE_ENGINE", "update_url": "TTX_STORE_UPDATE_URL", "gsp_url": "TTX_STORE_GSP_URL"}


def remote_options(**given: Any) -> dict[str, Any]:
    """RemoteStore options from explicit values, else from the environment."""
    out: dict[str, Any] = {"base": base_iri()}
    for key, env in ENV_OPTIONS.items():
        value = given.get(key) or os.environ.get(env)
        if value:
            out[key] = value
    return out


def query_store(spec: str) -> Any:
    """A store for `ttx query --store SPEC`: something with .query(text) like EmbeddedStore."""
    from ..store.base import open_query_store
    return open_query_store(spec, **(remote_options() if is_remote(spec) else {}))


def serve_app() -> Any:
    """uvicorn factory for `ttx serve --store SPEC` (SPEC in $TTX_STORE)."""
    from ..api.app import create_app
    from ..api.settings import Settings
    from ..store.base import existing_dataset, open_store
    spec = os.environ["TTX_STORE"]
    settings = Settings()
    p = paths()
    if is_remote(spec):
        store = open_store(spec, None, timeout=settings.timeout, **remote_options())
        if not store.graph_counts:
            store.close()
            raise SystemExit(f"{spec} holds no graph of this dataset (under {base_iri()}/graph/); "
                             f"fill it first with `ttx load --store {spec}`")
    else:
        directory = Path(spec)
        files = None if existing_dataset(directory) else dataset_files(p)
        store = open_store(directory, files, workers=settings.workers)
    return create_app(p, settings=settings, store=store)


def register(app: typer.Typer) -> None:
    @app.command()
    def synth(
        provinces: int = typer.Option(1, "--provinces", "-n", min=1, max=10000,
                                      help="Number of provinces (1 = Bến Tre itself; 63 = Vietnam's count)."),
        out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default: var/synth)."),
    ) -> None:
        """Generate N synthetic provinces shaped like the real plan (deterministic N-Triples)."""
        from ..synth import generate
        p = paths()
        start = time.perf_counter()
        manifest = generate(p, provinces, out or p.root / "var" / "synth")
        files = manifest["files"]
        console.print(f"{provinces} province(s): {len(files)} graph files, ≤ {manifest['triples_upper_bound']:,} "
                      f"plan and registry triples (+ the ontology) in {out or p.root / 'var' / 'synth'} ({time.perf_counter() - start:.1f} s)")

    @app.command()
    def load(
        store: str = typer.Option(..., "--store", help="A directory (persistent embedded store) or a SPARQL "
                                                       "endpoint URL (Oxigraph server, Virtuoso, …)."),
        provinces: Optional[int] = typer.Option(None, "--provinces", "-n", min=1,
                                                help="Load N synthetic provinces instead of the project's dataset."),
        user: Optional[str] = typer.Option(None, help="User for updates/Graph Store (or $TTX_STORE_USER)."),
        password: Optional[str] = typer.Option(None, help="Password (or $TTX_STORE_PASSWORD)."),
        auth: Optional[str] = typer.Option(None, help="digest (default) or basic."),
        engine: Optional[str] = typer.Option(None, help="auto, oxigraph, virtuoso, fuseki or generic."),
    ) -> None:
        """Replace the store's dataset with the project's graphs (or N synthetic provinces)."""
        from ..store.base import load_directory
        p = paths()
        if provinces:
            from ..synth import synth_files
            files = synth_files(p, provinces)
        else:
            files = dataset_files(p)
        start = time.perf_counter()
        try:
            if is_remote(store):
                from ..store.remote import RemoteStore
                remote = RemoteStore(store, **remote_options(user=user, password=password, auth=auth,
                                                             engine=engine))
                counts = remote.replace(files)
                remote.close()
            else:
                counts = load_directory(Path(store), files)
        except Exception as exc:  # noqa: BLE001 - a CLI reports, it does not trace
            console.print(f"[red]error:[/red] loading into {store} failed: {exc}", highlight=False)
            raise typer.Exit(2) from None
        console.print(f"{store}: {sum(counts.values()):,} triples in {len(counts)} graphs "
                      f"({time.perf_counter() - start:.1f} s)")
