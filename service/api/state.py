"""What the request handlers share: settings, the served store, catalogue, label index."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import quote, urlencode
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool

from ..config import Paths
from ..queries import Catalogue
from ..search import LabelIndex
from ..search.index import LABELS_QUERY
from ..store.served import Answer, Job, ServedStore
from .metrics import Metrics
from .settings import Settings


INDEX_TIMEOUT = 120.0  # seconds for building the label index, whatever the users' deadline


@dataclass
class ServiceState:
    paths: Paths
    base: str
    settings: Settings
    store: ServedStore
    catalogue: Catalogue
    metrics: Metrics = field(default_factory=Metrics)
    labels: LabelIndex | None = None
    cache: dict[str, Any] = field(default_factory=dict)
    _labels_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def page_url(self, iri: str, lang: str | None = None) -> str:
        """Where this server shows an IRI: its own path under the base, else /resource?iri=…"""
        suffix = f"?lang={lang}" if lang else ""
        if iri.startswith(self.base + "/"):
            return quote(iri[len(self.base):], safe="/:@!$&'()*+,;=-._~") + suffix
        return "/resource?" + urlencode({"iri": iri, **({"lang": lang} if lang else {})})

    @property
    def local_graphs(self) -> set[str]:
        return set(self.store.graph_counts)

    async def run(self, query: str, fmt: str = "json", graph_fmt: str = "turtle", *,
                  default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
                  row_cap: int | None = None, timeout: float | None = None) -> Answer:
        job = Job(query, fmt, graph_fmt, row_cap or self.settings.row_cap,
                  tuple(default_graph) if default_graph else None, tuple(named_graphs) if named_graphs else None)
        timeout = timeout or self.settings.timeout
        run_async = getattr(self.store, "run_async", None)
        if run_async is not None:  # the worker pool waits on the event loop, no thread needed
            return await run_async(job, timeout)
        return await run_in_threadpool(self.store.run, job, timeout)

    async def select(self, query: str, row_cap: int = 1_000_000,
                     timeout: float | None = None) -> list[dict[str, dict[str, str]]]:
        """Rows of an internal SELECT (pages, charts, search index)."""
        answer = await self.run(query, "json", row_cap=row_cap, timeout=timeout)
        if not answer.ok:
            raise RuntimeError(f"internal query failed: {answer.error}")
        return json.loads(answer.body)["results"]["bindings"]

    async def label_index(self) -> LabelIndex:
        """The index behind search and parameter resolution, built once. It has a deadline of
        its own (the users' may be shorter than the label query), and concurrent first
        requests wait for one build instead of each running the label query."""
        if self.labels is None:
            async with self._labels_lock:
                if self.labels is None:
                    rows = await self.select(LABELS_QUERY, timeout=max(self.settings.timeout, INDEX_TIMEOUT))
                    self.labels = LabelIndex.from_rows(rows)
        return self.labels
