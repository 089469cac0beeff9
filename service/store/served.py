"""The store as the HTTP service uses it: an on-disk pyoxigraph store queried by a pool
of worker processes (deadlines really cancel), counted once for VoID, swappable whole."""

from __future__ import annotations

import fcntl
import os
import hashlib
import json
import shutil
import tempfile
import threading
from pathlib import Path

import pyoxigraph as ox

from .dataset import GraphFile
from .embedded import EmbeddedStore
from .pool import PoolClosed, PoolUnavailable, QueryTimeout, WorkerPool
from .worker import Answer, Job

__all__ = ["Answer", "Job", "PoolUnavailable", "QueryTimeout", "ServedStore"]

# Graphs up to this many triples (default; $TTX_IN_MEMORY_MAX) are copied into each query
# worker's memory (see worker.worker_main); larger ones are read from the on-disk store,
# shared by all workers.
IN_MEMORY_MAX = 250_000


def _fill(directory: Path, files: list[GraphFile]) -> dict[str, int]:
    store = EmbeddedStore(directory)
    store.load(files)
    counts = {}
    for g in store.graphs():
        res = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
                          default_graph=None)
        counts[g] = int(next(res.rows())["n"]["value"])
    store._store.flush()
    del store
    return counts


def fingerprint(files: list[GraphFile]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f"{f.graph}\0{f.base}\0".encode())
        h.update(hashlib.sha256(Path(f.path).read_bytes()).digest())
    return h.hexdigest()


class ServedStore:
    def __init__(self, files: list[GraphFile], *, directory: Path | None = None, workers: int = 4,
                 in_memory_max: int | None = None) -> None:
        if in_memory_max is None:
            in_memory_max = int(os.environ.get("TTX_IN_MEMORY_MAX", IN_MEMORY_MAX))
        self.in_memory_max = in_memory_max
        self._own = directory is None
        self.root = Path(tempfile.mkdtemp(prefix="ttx-store-")) if directory is None else Path(directory)
        self.root.mkdir(parents=True, exist_ok=True)
        self.workers = workers
        self._lock = threading.Lock()
        self._generation = 0
        if self._own:
            self.directory, self.graph_counts = self._new_generation(files)
        else:
            self.directory, self.graph_counts = self._persistent(files)
        self.pool = self._pool()

    def _persistent(self, files: list[GraphFile]) -> tuple[Path, dict[str, int]]:
        """Reuse a store directory built from the same files; several HTTP workers may start
        at once, so building is serialized by a file lock."""
        key = fingerprint(files)
        directory = self.root / f"data-{key[:16]}"
        meta = directory.with_suffix(".json")
        with open(self.root / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not meta.exists():
                if directory.exists():
                    shutil.rmtree(directory)
                counts = _fill(directory, files)
                meta.write_text(json.dumps({"fingerprint": key, "graphs": counts}))
            counts = json.loads(meta.read_text())["graphs"]
        return directory, counts

    def _new_generation(self, files: list[GraphFile]) -> tuple[Path, dict[str, int]]:
        self._generation += 1
        directory = self.root / f"gen-{self._generation}"
        if directory.exists():
            shutil.rmtree(directory)
        return directory, _fill(directory, files)

    def _pool(self) -> WorkerPool:
        return WorkerPool(str(self.directory), self.workers, in_memory=self.in_memory)

    @property
    def in_memory(self) -> bool:
        """Whether the workers hold the graph in memory (a small graph) or read it from disk."""
        return self.triples <= self.in_memory_max

    @property
    def triples(self) -> int:
        return sum(self.graph_counts.values())

    def run(self, job: Job, timeout: float) -> Answer:
        while True:
            pool = self.pool
            try:
                return pool.run(job, timeout)
            except PoolClosed:  # swapped by a reload while waiting: ask the new pool
                if self.pool is pool:
                    raise

    async def run_async(self, job: Job, timeout: float) -> Answer:
        while True:
            pool = self.pool
            try:
                return await pool.run_async(job, timeout)
            except PoolClosed:
                if self.pool is pool:
                    raise

    def reload(self, files: list[GraphFile]) -> None:
        """Load into a new directory, start workers on it, then retire the old ones: a
        request sees either the old graph or the new one, never a half-loaded one."""
        with self._lock:
            directory, counts = self._new_generation(files)
            pool = WorkerPool(str(directory), self.workers, in_memory=sum(counts.values()) <= self.in_memory_max)
            old_pool, old_dir = self.pool, self.directory
            self.pool, self.directory, self.graph_counts = pool, directory, counts
        old_pool.close()
        shutil.rmtree(old_dir, ignore_errors=True)

    def update(self, sparql_update: str, base_iri: str | None = None) -> None:
        """Apply a SPARQL Update: stop the readers, write, restart them. Relative IRIs in the
        update resolve against `base_iri` (the service gives its endpoint URL)."""
        with self._lock:
            self.pool.close()
            try:
                store = ox.Store(str(self.directory))
                try:
                    store.update(sparql_update, base_iri=base_iri)
                finally:
                    store.flush()
                    del store
                fresh = EmbeddedStore(self.directory)
                self.graph_counts = {
                    g: int(next(fresh.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
                                .rows())["n"]["value"]) for g in fresh.graphs()}
                del fresh
                meta = self.directory.with_suffix(".json")
                if not self._own and meta.exists():  # a persistent store keeps its updates: keep counts true
                    data = json.loads(meta.read_text())
                    data["graphs"] = self.graph_counts
                    meta.write_text(json.dumps(data))
            finally:
                self.pool = self._pool()

    def close(self) -> None:
        self.pool.close()
        if self._own:
            shutil.rmtree(self.root, ignore_errors=True)
