"""One store interface, two kinds behind it.

The HTTP service and the CLI talk to a store through `Store`: `run(Job, timeout) -> Answer`
(the answer is already serialized, capped and flagged), `graph_counts`, `triples`,
`update(text)`, `close()` and `pool.stats`. Two kinds satisfy it:

- `ServedStore` (served.py): the embedded pyoxigraph store on disk, queried by worker
  processes whose deadlines really cancel;
- `RemoteStore` (remote.py): any SPARQL 1.1 endpoint (Oxigraph server, Virtuoso, Fuseki…),
  queried over the SPARQL 1.1 Protocol, loaded over the Graph Store HTTP Protocol or SPARQL
  Update.

`open_store(spec, files)` picks the kind from a spec string: None → a ServedStore in a
temporary directory, a directory path → a persistent ServedStore, an http(s) URL → a
RemoteStore. Both raise `QueryTimeout` past the deadline and `PoolUnavailable` when the
engine cannot answer now (the API maps them to 504 and 503 + Retry-After).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from .dataset import GraphFile
from .pool import PoolUnavailable, QueryTimeout
from .served import ServedStore
from .worker import Answer, Job

__all__ = ["Answer", "Job", "PoolUnavailable", "QueryTimeout", "Store", "is_remote", "open_store",
           "existing_dataset"]


class PoolStats(Protocol):
    stats: dict[str, int]


@runtime_checkable
class Store(Protocol):
    """What the service needs from a store (ServedStore and RemoteStore both satisfy it)."""

    graph_counts: dict[str, int]

    @property
    def pool(self) -> PoolStats: ...

    @property
    def triples(self) -> int: ...

    def run(self, job: Job, timeout: float) -> Answer: ...

    def update(self, sparql_update: str, base_iri: str | None = None) -> None: ...

    def close(self) -> None: ...


def is_remote(spec: str | Path | None) -> bool:
    return isinstance(spec, str) and spec.lower().startswith(("http://", "https://"))


def existing_dataset(directory: Path) -> Path | None:
    """The newest dataset a persistent ServedStore directory holds (`data-<fingerprint>/` with
    its `.json` beside it), or None."""
    metas = sorted(Path(directory).glob("data-*.json"), key=lambda p: p.stat().st_mtime)
    for meta in reversed(metas):
        if meta.with_suffix("").is_dir():
            return meta.with_suffix("")
    return None


class _ExistingServedStore(ServedStore):
    """A persistent ServedStore over whatever dataset its directory already holds (written by
    `ttx load --store DIR`), without needing the files it was built from."""

    def _persistent(self, files: list[GraphFile]) -> tuple[Path, dict[str, int]]:
        found = existing_dataset(self.root)
        if found is None or files:
            return super()._persistent(files)
        counts = json.loads(found.with_suffix(".json").read_text())["graphs"]
        return found, counts


def open_store(spec: str | Path | None, files: list[GraphFile] | None, *, workers: int = 4,
               timeout: float = 30.0, **remote_options: Any) -> Store:
    """A store for `spec`: None → ServedStore in a temp dir loaded with `files`; a directory →
    persistent ServedStore (with files: built from them, reused when unchanged; without:
    what the directory holds); an http(s) URL → RemoteStore over that endpoint (loaded with
    `files` when given, else used as it is). `remote_options` go to RemoteStore (user,
    password, auth, update_url, gsp_url, engine, graphs, base…)."""
    if is_remote(spec):
        from .remote import RemoteStore
        store = RemoteStore(str(spec), timeout=timeout, **remote_options)
        if files:
            store.replace(files)
        else:
            store.refresh_counts()
        return store
    if spec is None:
        return ServedStore(files or [], workers=workers)
    directory = Path(spec)
    if files is None:
        if existing_dataset(directory) is None:
            raise FileNotFoundError(f"{directory} holds no dataset (fill it with `ttx load --store {directory}`)")
        return _ExistingServedStore([], directory=directory, workers=workers)
    return ServedStore(files, directory=directory, workers=workers)


def load_directory(directory: Path, files: list[GraphFile]) -> dict[str, int]:
    """Build a persistent store directory from `files` (what `ttx load --store DIR` does): the
    new dataset is written beside the old ones, then the old ones are removed."""
    directory = Path(directory)
    store = ServedStore(files, directory=directory, workers=1, in_memory_max=0)
    counts = dict(store.graph_counts)
    keep = store.directory
    store.close()
    for meta in directory.glob("data-*.json"):
        if meta.with_suffix("") != keep:
            shutil.rmtree(meta.with_suffix(""), ignore_errors=True)
            meta.unlink(missing_ok=True)
    keep.with_suffix(".json").touch()  # newest
    return counts


def open_query_store(spec: str | Path, **remote_options: Any) -> Any:
    """A store with `.query(text)` (EmbeddedStore-like) for the CLI: a remote endpoint, or the
    dataset a persistent directory holds, opened read-only (a server may be using it)."""
    if is_remote(spec):
        from .remote import RemoteStore
        store = RemoteStore(str(spec), **remote_options)
        store.refresh_counts()
        return store
    found = existing_dataset(Path(spec))
    if found is None:
        raise FileNotFoundError(f"{spec} holds no dataset (fill it with `ttx load --store {spec}`)")
    import pyoxigraph as ox

    from .embedded import EmbeddedStore
    store = EmbeddedStore.__new__(EmbeddedStore)
    store._store = ox.Store.read_only(str(found))
    return store
