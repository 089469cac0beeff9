"""ASGI entry point for uvicorn (`service.api.asgi:app`), configured from the environment so
that several uvicorn workers each build the same app."""

from __future__ import annotations

import os
from pathlib import Path

from ..config import paths
from .app import create_app
from .settings import Settings

_store = os.environ.get("TTX_STORE_DIR")
app = create_app(paths(), settings=Settings(), store_dir=Path(_store) if _store else None)
