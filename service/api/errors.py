"""Every error leaves as a short JSON message with a stable code — never a traceback."""

from __future__ import annotations

from fastapi.responses import JSONResponse

CODES = {
    "missing_query": 400, "query_syntax": 400, "query_evaluation": 400, "multiple_queries": 400,
    "bad_parameter": 400, "unknown_query": 404, "not_found": 404, "method_not_allowed": 405,
    "not_acceptable": 406, "body_too_large": 413, "unsupported_media_type": 415, "forbidden_operation": 403,
    "unauthorized": 401, "query_timeout": 504, "busy": 503, "bad_rdf": 400, "internal": 500,
}


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
