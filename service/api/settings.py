"""Service settings: safe defaults (read-only, 30 s timeout, capped rows and bodies,
no federation) that an operator may loosen explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env_list(name: str) -> tuple[str, ...]:
    raw = os.environ.get(name, "")
    return tuple(p.strip() for p in raw.split(",") if p.strip())


@dataclass(frozen=True)
class Settings:
    timeout: float = float(os.environ.get("TTX_QUERY_TIMEOUT", "30"))
    row_cap: int = int(os.environ.get("TTX_ROW_CAP", "10000"))
    max_body: int = int(os.environ.get("TTX_MAX_BODY", str(1024 * 1024)))
    admin_token: str | None = os.environ.get("TTX_ADMIN_TOKEN") or None
    service_allow: tuple[str, ...] = field(default_factory=lambda: _env_list("TTX_SERVICE_ALLOW"))
    workers: int = int(os.environ.get("TTX_WORKERS", "4"))

    @property
    def updates_enabled(self) -> bool:
        return self.admin_token is not None
