"""Request counts, latencies and timeouts, for /metrics (Prometheus text format)."""

from __future__ import annotations

import threading
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
