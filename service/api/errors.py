"""Every error leaves as a short JSON message with a stable code — never a traceback."""

from __future__ import annotations

from typing import Any, Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

CODES = {
    "missing_query": 400, "query_syntax": 400, "query_evaluation": 400, "multiple_queries": 400,
    "bad_parameter": 400, "unknown_query": 404, "not_found": 404, "method_not_allowed": 405,
    "not_acceptable": 406, "body_too_large": 413, "unsupported_media_type": 415, "forbidden_operation": 403,
    "unauthorized": 401, "query_timeout": 504, "busy": 503, "bad_rdf": 400, "internal": 500,
}


class Error(BaseModel):
    """The body of every error answer (what `error` below sends)."""

    error: Literal[tuple(CODES)] = Field(description="stable machine-readable code")  # type: ignore[valid-type]
    message: str = Field(description="what went wrong, for people")
    status: int = Field(description="the HTTP status, repeated")


ERROR_STATUS = {
    400: "Bad request: a parameter or the request body is invalid (bad_parameter, bad_rdf, …)",
    404: "Not found (not_found, unknown_query)",
    406: "Not acceptable: no requested format is available (not_acceptable)",
    413: "Request body too large (body_too_large)",
    415: "Unsupported request media type (unsupported_media_type)",
    500: "Internal error; the server keeps serving (internal)",
    503: "No query worker free; retry after the Retry-After seconds (busy)",
    504: "The deadline passed and the work was cancelled (query_timeout)",
}


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the error answers a route can give, all with the Error body."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        out[status] = {"model": Error, "description": ERROR_STATUS[status]}
        if status == 503:
            out[status]["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}}
    return out


def error(code: str, message: str, *, status: int | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    status = status or CODES[code]
    return JSONResponse({"error": code, "message": message, "status": status}, status_code=status,
                        headers=headers)


def timeout_error(state, exc: Exception) -> JSONResponse:
    """A query cancelled at its deadline: an explicit error, never an empty or partial result."""
    state.metrics.timeouts += 1
    return error("query_timeout", str(exc))


def busy_error(exc: Exception) -> JSONResponse:
    """No query worker free (or one being replaced): ask the client to come back."""
    return error("busy", str(exc), headers={"Retry-After": "2"})
