"""The FastAPI application: SPARQL protocol, named queries, search, linked data, UI."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..config import Paths, base_iri
from ..queries import Catalogue
from ..store import GraphFile, dataset_files
from ..store.base import Store
from ..store.served import ServedStore
from ..web import STATIC
from . import downloads, named, pages, search, sparql, validation
from .errors import Error, error
from .metrics import Observe
from .settings import Settings
from .state import ServiceState


def create_app(paths: Paths, *, settings: Settings | None = None, store_dir: Path | None = None,
               base: str | None = None, files: list[GraphFile] | None = None, store: Store | None = None) -> FastAPI:
    """The service over the project's dataset, or over `files` (e.g. test fixtures), or over a
    ready `store` (service.store.base.open_store: a directory or a remote SPARQL endpoint;
    the app closes it on shutdown)."""
    settings = settings or Settings()
    base = (base or base_iri()).rstrip("/")
    files = files if files is not None else dataset_files(paths, base)
    store = store if store is not None else ServedStore(files, directory=store_dir, workers=settings.workers)
    catalogue = Catalogue.load(paths.queries_dir)
    state = ServiceState(paths, base, settings, store, catalogue)
    dumps_dir = Path(tempfile.mkdtemp(prefix="ttx-dumps-"))
    state.cache["downloads_dir"] = dumps_dir
    state.cache["downloads"] = downloads.write_dumps(files, dumps_dir, f"{base}/graph/union")

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.close()
        shutil.rmtree(dumps_dir, ignore_errors=True)

    app = FastAPI(title="ttx-kg", version="0.1.0", lifespan=lifespan,
                  description="SPARQL 1.1 endpoint, named queries and linked data for Vietnam's green-growth "
                              "action plans (QĐ 2082/QĐ-UBND Bến Tre).")
    app.state.ttx = state
    app.add_middleware(sparql.Shortcut)  # innermost: below CORS and Observe
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False,
                       allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"],
                       expose_headers=["X-Result-Truncated", "X-Result-Row-Cap"])

    app.add_middleware(Observe, metrics=state.metrics)  # outermost: sees every response, CORS included

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_parameter")
        return error(code, str(exc.detail), status=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return error("bad_parameter", f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        return error("internal", "internal error; the server keeps serving")

    @app.get("/healthz", tags=["operations"], summary="Liveness and store size")
    async def healthz() -> dict[str, object]:
        return {"status": "ok", "triples": store.triples, "graphs": len(store.graph_counts),
                "workers": settings.workers, "in_memory": bool(getattr(store, "in_memory", False))}

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", response_class=PlainTextResponse)
    async def metrics() -> PlainTextResponse:
        return PlainTextResponse(state.metrics.render({
            "ttx_store_triples": store.triples, "ttx_worker_restarts_total": store.pool.stats["restarts"]}))

    app.include_router(sparql.router)
    app.include_router(named.router)
    app.include_router(search.router)
    app.include_router(downloads.router)
    app.include_router(validation.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    from . import ui
    app.include_router(ui.router)
    app.include_router(pages.router)

    @app.get("/{path:path}", include_in_schema=False)
    async def dereference(path: str, request: Request) -> Response:
        return await pages.resource_page(request, f"{base}/{path}")

    def openapi() -> dict[str, object]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        # invalid parameters answer 400 bad_parameter (validation_error above), never FastAPI's 422
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.get("responses", {}).pop("422", None)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        schemas.setdefault("Error", Error.model_json_schema())  # the hand-built named-query paths use it
        schema["paths"].update(named.openapi_paths(catalogue))
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

    return app
