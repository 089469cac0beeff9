"""A bounded load generator for loopback servers: N client threads, each sending its share
of a fixed request list, every response kept (status, body, latency, Retry-After).
Used by tests/test_load_faults.py and `python -m bench`."""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx


@dataclass(frozen=True)
class Request:
    path: str  # e.g. /api/queries/NAME or /sparql
    params: tuple[tuple[str, str], ...] = ()
    body: str | None = None  # a SPARQL query sent as application/sparql-query (POST)
    accept: str = "application/sparql-results+json"

    @property
    def key(self) -> str:
        return self.path + "?" + urlencode(self.params) + ("\n" + self.body if self.body else "")


@dataclass
class Result:
    request: Request
    status: int
    body: bytes
    seconds: float
    retry_after: str | None = None
    error: str | None = None  # a transport error (no HTTP answer at all)
    started: float = 0.0


@dataclass
class Run:
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0

    def latencies(self, ok_only: bool = True) -> list[float]:
        return [r.seconds for r in self.results if (r.status == 200 or not ok_only)]

    def quantile(self, q: float, ok_only: bool = True) -> float:
        data = sorted(self.latencies(ok_only))
        if not data:
            return float("nan")
        return data[min(len(data) - 1, int(q * len(data)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies()) if self.latencies() else float("nan")

    @property
    def p99(self) -> float:
        return self.quantile(0.99)

    @property
    def errors(self) -> list[Result]:
        return [r for r in self.results if r.status != 200]

    @property
    def throughput(self) -> float:
        return len(self.results) / self.seconds if self.seconds else 0.0


def send(client: httpx.Client, base: str, request: Request, timeout: float) -> Result:
    start = time.perf_counter()
    try:
        headers = {"Accept": request.accept}
        if request.body is not None:
            r = client.post(base + request.path, params=list(request.params), content=request.body.encode(),
                            headers={**headers, "Content-Type": "application/sparql-query"}, timeout=timeout)
        else:
            r = client.get(base + request.path, params=list(request.params), headers=headers, timeout=timeout)
        return Result(request, r.status_code, r.content, time.perf_counter() - start,
                      r.headers.get("retry-after"), started=start)
    except httpx.HTTPError as exc:
        return Result(request, 0, b"", time.perf_counter() - start, error=type(exc).__name__, started=start)


def run_load(base: str, requests: list[Request], clients: int, *, timeout: float = 30.0,
             stop_after: float | None = None) -> Run:
    """Send every request once, spread over `clients` threads (client i takes requests i, i+clients…)."""
    run = Run()
    lock = threading.Lock()
    deadline = time.perf_counter() + stop_after if stop_after else None

    def client(i: int) -> None:
        with httpx.Client(http1=True, limits=httpx.Limits(max_connections=1)) as c:
            for request in requests[i::clients]:
                if deadline and time.perf_counter() > deadline:
                    return
                result = send(c, base, request, timeout)
                with lock:
                    run.results.append(result)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.seconds = time.perf_counter() - start
    return run
