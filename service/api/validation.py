"""POST /api/validate: SHACL-validate an uploaded RDF document against the shapes (with the
ontology and the shared registry), in a separate process with the service's deadline."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from . import conneg
from .errors import documented, error
from .isolate import Deadline, run_isolated

router = APIRouter(prefix="/api", tags=["validation"])
UPLOAD_TYPES = {"text/turtle": ".ttl", "application/x-turtle": ".ttl", "application/ld+json": ".jsonld",
                "application/n-triples": ".nt", "application/trig": ".trig", "application/n-quads": ".nq",
                "application/rdf+xml": ".rdf"}


def validate_upload(root: str, path: str, fmt: str) -> tuple[bool, bytes]:
    """In the child process: (conforms, report body) or an exception whose message names the problem."""
    from ..config import paths
    from ..validate import validate
    from ..validate.inputs import user_sources
    from ..validate.report import context, to_graph, to_json

    p = paths(Path(root))
    report = validate(p, files=[Path(path)], engine="fast")
    if fmt == "turtle":
        return report.conforms, to_graph(report).serialize(format="turtle", encoding="utf-8")
    where = context(user_sources([Path(path)], p), report)
    return report.conforms, to_json(report, where).encode("utf-8")


UPLOAD_SCHEMA = {"application/ld+json": {"type": ["object", "array"]}}  # a JSON document; the others are text
REPORT = {"type": "object", "required": ["conforms", "violations", "warnings", "results"],
          "properties": {"conforms": {"type": "boolean"}, "engine": {"type": "string"},
                         "triples": {"type": "integer"}, "violations": {"type": "integer"},
                         "warnings": {"type": "integer"}, "results": {"type": "array", "items": {"type": "object"}}}}


def _json_object_or_array(body: bytes) -> bool:
    try:
        return isinstance(json.loads(body), (dict, list))
    except ValueError:
        return True  # not JSON at all: the parser reports where


@router.post("/validate", summary="Validate an RDF document (Turtle, JSON-LD, N-Triples, TriG, N-Quads, RDF/XML) "
                                  "against the SHACL shapes; the report as JSON or Turtle",
             response_class=Response,
             responses={200: {"description": "the validation report (format=json|turtle, else the Accept header)",
                              "headers": {"X-Conforms": {"required": True, "description": "whether the document "
                                                         "conforms", "schema": {"type": "string",
                                                                                "enum": ["true", "false"]}}},
                              "content": {"application/json": {"schema": REPORT},
                                          "text/turtle": {"schema": {"type": "string"}}}},
                        **documented(400, 406, 413, 415, 500, 504)},
             openapi_extra={
                 "parameters": [{"name": "format", "in": "query", "required": False, "schema": {"type": "string"},
                                 "description": "json or turtle (or a media type); another value leaves the choice "
                                                "to the Accept header"}],
                 "requestBody": {"required": True, "description": "the RDF document, in the syntax its "
                                 "Content-Type names",
                                 "content": {t: {"schema": UPLOAD_SCHEMA.get(t, {"type": "string"})}
                                             for t in UPLOAD_TYPES}}})
async def validate_endpoint(request: Request) -> Response:
    state = request.app.state.ttx
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in UPLOAD_TYPES:
        return error("unsupported_media_type", f"send the RDF as one of {', '.join(sorted(UPLOAD_TYPES))}")
    fmt = conneg.explicit(request.query_params.get("format"), {"json", "turtle"}) or conneg.choose(
        request.headers.get("accept"), {"application/json": "json", "text/turtle": "turtle"}, "json")
    if not fmt:
        return error("not_acceptable", "the report is available as application/json or text/turtle")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > state.settings.max_body:
            return error("body_too_large", f"request body exceeds {state.settings.max_body} bytes")
    if not body.strip():
        return error("bad_rdf", "the request body is empty")
    if ctype == "application/ld+json" and not _json_object_or_array(body):
        # the JSON-LD parser reads a bare string or number as an empty graph, which would "conform"
        return error("bad_rdf", "a JSON-LD document is a JSON object or array")
    with tempfile.TemporaryDirectory(prefix="ttx-validate-") as tmp:
        path = Path(tmp) / f"upload{UPLOAD_TYPES[ctype]}"
        path.write_bytes(body)
        try:
            status, value = await run_in_threadpool(
                run_isolated, validate_upload, (str(state.paths.root), str(path), fmt), state.settings.timeout)
        except Deadline as exc:
            return error("query_timeout", f"validation {exc}")
    if status == "error":
        kind, message = value
        if kind == "InputError":
            return error("bad_rdf", message.replace(str(path), "request body").replace(path.as_uri(), "request body"))
        return error("internal", "validation failed; the server keeps serving", status=500)
    conforms, report = value
    media = "application/json" if fmt == "json" else "text/turtle"
    return Response(report, media_type=media, headers={"X-Conforms": str(conforms).lower()})


@router.get("/validate", include_in_schema=False)
async def validate_needs_post() -> Response:
    """Without this, GET would fall through to the linked-data pages and answer 404."""
    return error("method_not_allowed", "send the RDF document with POST", status=405, headers={"Allow": "POST"})
