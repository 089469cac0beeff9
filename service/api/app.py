"""The FastAPI application (grows with the SPARQL service issue)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..config import Paths
from ..store import EmbeddedStore, QueryError, dataset_files


def create_app(paths: Paths, store_dir: Path | None = None) -> FastAPI:
    store = EmbeddedStore(store_dir)
    if store_dir is None or len(store) == 0:
        store.load(dataset_files(paths))
    app = FastAPI(title="ttx-kg", version="0.1.0")
    app.state.store = store

    @app.get("/healthz")
    def healthz() -> dict[str, object]:
        return {"status": "ok", "triples": len(store)}

    @app.api_route("/sparql", methods=["GET", "POST"])
    async def sparql(request: Request) -> Response:
        if request.method == "GET":
            query = request.query_params.get("query")
        else:
            ctype = request.headers.get("content-type", "").split(";")[0].strip()
            if ctype == "application/sparql-query":
                query = (await request.body()).decode("utf-8")
            else:
                query = (await request.form()).get("query")
        if not query:
            return JSONResponse({"error": "missing_query", "message": "no 'query' parameter"}, status_code=400)
        try:
            result = await run_in_threadpool(store.query, str(query))
        except QueryError as exc:
            return JSONResponse({"error": "query_syntax", "message": str(exc)}, status_code=400)
        if result.kind == "graph":
            return Response(result.serialize("turtle"), media_type="text/turtle")
        return Response(result.serialize("json"), media_type="application/sparql-results+json")

    return app
