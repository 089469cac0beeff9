"""The named-query API: /api/queries (catalogue) and /api/queries/{name}?param=… (SPARQL results as
JSON, XML, CSV or TSV)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..queries import ParameterError
from ..queries.catalogue import RESOLVED_TYPES
from ..search.resolve import make_resolver
from ..store.served import PoolUnavailable, QueryTimeout
from . import conneg
from .errors import ERROR_STATUS, busy_error, documented, error, timeout_error

router = APIRouter(prefix="/api", tags=["named queries"])
RESERVED = {"format"}
FORMATS = ["json", "xml", "csv", "tsv"]
RESULTS = {  # what a named query answers with 200, by format
    "200": {
        "description": "SPARQL results in the format asked for (format=…, else the Accept header; JSON by default)",
        "headers": {"X-Result-Truncated": {"description": "'true' when the rows were capped",
                                           "schema": {"type": "string", "enum": ["true"]}}},
        "content": {conneg.MEDIA["json"]: {"schema": {"type": "object"}},
                    conneg.MEDIA["xml"]: {"schema": {"type": "string"}},
                    conneg.MEDIA["csv"]: {"schema": {"type": "string"}},
                    conneg.MEDIA["tsv"]: {"schema": {"type": "string"}}}}}
ERRORS = (400, 406, 500, 503, 504)  # and 404 for a name not in the catalogue
FORMAT_PARAM = {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": FORMATS},
                "description": "results format (else the Accept header decides); another value answers 406"}


@router.get("/queries", summary="The catalogue of named queries")
async def catalogue(request: Request) -> JSONResponse:
    state = request.app.state.ttx
    items = []
    for q in state.catalogue:
        d = q.describe()
        d["url"] = f"/api/queries/{q.name}"
        items.append(d)
    return JSONResponse({"queries": items})


@router.get("/queries/{name}", summary="Run a named query (parameters as query-string values)",
            description="The query's own parameters are documented under /api/queries/NAME and in the "
                        "catalogue (/api/queries).",
            response_class=Response, responses={**RESULTS, **documented(*ERRORS, 404)},
            openapi_extra={"parameters": [FORMAT_PARAM]})
async def run_named(name: str, request: Request) -> Response:
    state = request.app.state.ttx
    if name not in state.catalogue:
        return error("unknown_query", f"no named query '{name}' (see /api/queries)")
    query = state.catalogue[name]
    given = {k: v for k, v in request.query_params.items() if k not in RESERVED}
    if len(request.query_params.getlist("format")) > 1 or any(
            len(request.query_params.getlist(k)) > 1 for k in given):
        return error("bad_parameter", "each parameter may be given once")
    fmt = conneg.explicit(request.query_params.get("format"), {"json", "csv", "tsv", "xml"})
    if fmt == "":
        return error("not_acceptable", "format must be json, csv, tsv or xml")
    if fmt is None:
        fmt = conneg.choose(request.headers.get("accept"), conneg.RESULT_TYPES, "json")
    if fmt is None:
        return error("not_acceptable", "named queries answer in application/sparql-results+json, text/csv, "
                     "text/tab-separated-values or application/sparql-results+xml")
    try:
        resolve = make_resolver(await state.label_index())
        text, _ = query.prepare(given, resolve)
        answer = await state.run(text, fmt)
    except ParameterError as exc:
        return error("bad_parameter", str(exc))
    except QueryTimeout as exc:
        return timeout_error(state, exc)
    except PoolUnavailable as exc:
        return busy_error(exc)
    if not answer.ok:
        return error("internal", f"named query '{name}' failed: {answer.error}", status=500)
    headers = {"X-Result-Truncated": "true"} if answer.truncated else {}
    return Response(answer.body, media_type=conneg.MEDIA[fmt] + "; charset=utf-8", headers=headers)


def openapi_paths(catalogue) -> dict[str, dict[str, object]]:
    """One documented GET operation per named query, with its typed parameters."""
    paths: dict[str, dict[str, object]] = {}
    kinds = {"integer": "integer", "year": "integer", "boolean": "boolean"}
    for q in catalogue:
        params = []
        for p in q.params:
            schema: dict[str, object] = {"type": kinds.get(p.type, "string")}
            d = p.describe()
            if p.default is not None:
                schema["default"] = p.default if schema["type"] == "string" else (
                    p.default == "true" if schema["type"] == "boolean" else int(p.default))
            if "allowed" in d:
                schema["enum"] = d["allowed"]
            if p.minimum is not None:
                schema["minimum"] = p.minimum
            if p.maximum is not None:
                schema["maximum"] = p.maximum
            names = f"; must name one {p.type} of the graph, else 400" if p.type in RESOLVED_TYPES else ""
            # an empty value is answered too: the query then runs with the parameter unbound
            params.append({"name": p.name, "in": "query", "required": False, "schema": schema,
                           "allowEmptyValue": True,
                           "description": f"{p.description} (type: {p.type}{names}; empty: the query runs "
                                          "with it unbound)"})
        params.append(FORMAT_PARAM)
        paths[f"/api/queries/{q.name}"] = {"get": {
            "tags": ["named queries"], "summary": q.title, "operationId": f"query_{q.name.replace('-', '_')}",
            "description": f"{q.meta.get('description', '')}\n\n{q.meta.get('description_vi', '')}",
            "parameters": params, "responses": {**RESULTS, **error_responses(ERRORS)}}}
    return paths


def error_responses(statuses: tuple[int, ...]) -> dict[str, Any]:
    """`documented` written out as OpenAPI, for the operations built here by hand."""
    out: dict[str, Any] = {}
    for status, doc in documented(*statuses).items():
        out[str(status)] = {"description": ERROR_STATUS[status],
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                            **({"headers": doc["headers"]} if "headers" in doc else {})}
    return out
