"""What the request handlers share: settings, the served store, catalogue, label index."""

from __future__ import annotations

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
                  row_cap: int | None = None) -> Answer:
        job = Job(query, fmt, graph_fmt, row_cap or self.settings.row_cap,
                  tuple(default_graph) if default_graph else None, tuple(named_graphs) if named_graphs else None)
        run_async = getattr(self.store, "run_async", None)
        if run_async is not None:  # the worker pool waits on the event loop, no thread needed
            return await run_async(job, self.settings.timeout)
        return await run_in_threadpool(self.store.run, job, self.settings.timeout)

    async def select(self, query: str, row_cap: int = 1_000_000) -> list[dict[str, dict[str, str]]]:
        """Rows of an internal SELECT (pages, charts, search index)."""
        answer = await self.run(query, "json", row_cap=row_cap)
        if not answer.ok:
            raise RuntimeError(f"internal query failed: {answer.error}")
        return json.loads(answer.body)["results"]["bindings"]

    async def label_index(self) -> LabelIndex:
        if self.labels is None:
            rows = await self.select(LABELS_QUERY)
            self.labels = LabelIndex.from_rows(rows)
        return self.labels
