"""Request counts, latencies and timeouts, for /metrics (Prometheus text format)."""

from __future__ import annotations

import threading
import time
from collections import Counter, deque


class Metrics:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: Counter[tuple[str, int]] = Counter()
        self.latencies: deque[float] = deque(maxlen=2000)
        self.timeouts = 0
        self.truncated = 0

    def observe(self, route: str, status: int, seconds: float) -> None:
        with self.lock:
            self.requests[(route, status)] += 1
            self.latencies.append(seconds)

    def quantile(self, q: float) -> float:
        with self.lock:
            data = sorted(self.latencies)
        if not data:
            return 0.0
        return data[min(len(data) - 1, int(q * len(data)))]

    def render(self, extra: dict[str, float]) -> str:
        lines = ["# TYPE ttx_requests_total counter"]
        with self.lock:
            items = sorted(self.requests.items())
        for (route, status), n in items:
            lines.append(f'ttx_requests_total{{route="{route}",status="{status}"}} {n}')
        lines += ["# TYPE ttx_request_seconds summary",
                  f'ttx_request_seconds{{quantile="0.5"}} {self.quantile(0.5):.6f}',
                  f'ttx_request_seconds{{quantile="0.99"}} {self.quantile(0.99):.6f}',
                  "# TYPE ttx_query_timeouts_total counter", f"ttx_query_timeouts_total {self.timeouts}",
                  "# TYPE ttx_results_truncated_total counter", f"ttx_results_truncated_total {self.truncated}"]
        for key, value in sorted(extra.items()):
            lines.append(f"{key} {value}")
        return "\n".join(lines) + "\n"


def route_of(path: str) -> str:
    if path in ("/sparql", "/api/search", "/healthz"):
        return path
    return "/api/queries" if path.startswith("/api/queries") else "other"


class Observe:
    """ASGI middleware: counts and times every request for /metrics, and is the last line of
    defence: an exception escaping a handler becomes a JSON 500 (when no response has begun)
    and the server keeps serving. Plain ASGI on purpose: `@app.middleware("http")` spends a
    task group and two memory streams on every request, a visible share of a small query."""

    def __init__(self, app, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        started = False

        async def observed_send(message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        except Exception:
            if started:
                raise
            from .errors import error
            await error("internal", "internal error; the server keeps serving")(scope, receive, send)
            status = 500
        finally:
            self.metrics.observe(route_of(scope["path"]), status, time.perf_counter() - start)
