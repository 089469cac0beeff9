"""SPARQL 1.1 Protocol at /sparql (and /sparql/): query via GET, POST form and POST direct;
update via POST form and POST direct, only with the admin token; dataset parameters for
queries (default-graph-uri, named-graph-uri) and updates (using-graph-uri,
using-named-graph-uri); the endpoint's URL as the base IRI of relative IRIs; content
negotiation; the service description on a bare GET. Checked against the W3C protocol
test manifest by tests/test_w3c_protocol.py."""

from __future__ import annotations

import hmac
import re

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..store.served import PoolUnavailable, QueryTimeout
from . import conneg
from .errors import busy_error, error, timeout_error
from .form import parse_form
from .guard import UpdateDatasetError, inspect, refusal, with_using
from .service_description import service_description

router = APIRouter()
FORM = "application/x-www-form-urlencoded"
DATASET_PARAMS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")


class Shortcut:
    """ASGI middleware: GET and POST on /sparql go straight to the protocol handler, past
    FastAPI's router. The endpoint takes no FastAPI parameters, and matching ~30 routes,
    solving dependencies and the exception/exit-stack layers cost a third of the HTTP
    process's time on a small query. Mounted innermost, so metrics (Observe) and CORS still
    apply; other methods fall through to the route below (405 with Allow)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] in ("/sparql", "/sparql/") and scope["method"] in ("GET", "POST"):
            response = await sparql(Request(scope, receive))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _read_body(request: Request, limit: int) -> bytes | None:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return body


@router.api_route("/sparql", methods=["GET", "POST"], include_in_schema=False)
@router.api_route("/sparql/", methods=["GET", "POST"], include_in_schema=False)
async def sparql(request: Request) -> Response:
    state = request.app.state.ttx
    params = {k: v for k, v in parse_form(request.url.query).items()}
    for name in ("query", "update", *DATASET_PARAMS):
        params.setdefault(name, [])
    queries: list[str] = params["query"]
    updates: list[str] = params["update"]
    default_graphs = params["default-graph-uri"]
    named_graphs = params["named-graph-uri"]
    if request.method == "GET":
        if updates:
            return error("method_not_allowed", "SPARQL Update must be sent with POST", status=405,
                         headers={"Allow": "POST"})
    else:
        body = await _read_body(request, state.settings.max_body)
        if body is None:
            return error("body_too_large", f"request body exceeds {state.settings.max_body} bytes")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        charset = _charset(request.headers.get("content-type", ""))
        if charset and charset not in ("utf-8", "utf8"):
            return error("unsupported_media_type", f"only UTF-8 is accepted, not charset={charset}")
        try:
            text = body.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            return error("unsupported_media_type", "the request body is not valid UTF-8", status=400)
        if ctype == FORM:
            form = parse_form(text)
            for name in ("query", "update", *DATASET_PARAMS):  # the URL's parameters count too
                params[name] += form.get(name, [])
        elif ctype == "application/sparql-query":
            queries.append(text)
        elif ctype == "application/sparql-update":
            updates.append(text)
        elif not ctype:
            return error("unsupported_media_type", "POST needs a Content-Type: application/sparql-query, "
                         "application/sparql-update or application/x-www-form-urlencoded")
        else:
            return error("unsupported_media_type", f"Content-Type {ctype} is not a SPARQL request type")
    if queries and updates:
        return error("multiple_queries", "send either a query or an update, not both")
    if len(queries) > 1 or len(updates) > 1:
        return error("multiple_queries", "exactly one query (or update) per request")
    if updates:
        return await _update(request, updates[0], params["using-graph-uri"], params["using-named-graph-uri"])
    if not queries:
        if request.method == "POST":
            return error("missing_query", "no 'query' in the request")
        return await _describe_service(request)
    return await run_query(request, queries[0], default_graphs, named_graphs, params.get("format", [None])[0])


_SAFE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\x00-\x20<>\"{}|^`\\]*")


def endpoint_url(request: Request) -> str | None:
    """The base IRI the service defines for relative IRIs: the endpoint's own URL, or None
    when that URL (built from the client's Host header) is not a plain IRI."""
    url = str(request.url).split("?")[0]
    return url if _SAFE_IRI.fullmatch(url) else None


def _with_base(query: str, base: str | None) -> str:
    """A query with relative IRIs gets `BASE <endpoint>` in front (a BASE of its own, later
    in the prologue, still wins); other queries go to the engine untouched. `base` was
    checked to be a single IRI token, so nothing else can ride in with it."""
    if base and inspect(query).relative_iris:
        return f"BASE <{base}> {query}"
    return query


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset":
            return value.strip().strip('"').lower()
    return None


async def run_query(request: Request, query: str, default_graphs: list[str], named_graphs: list[str],
                    fmt_param: str | None) -> Response:
    state = request.app.state.ttx
    info = inspect(query)
    if info.update:
        return error("forbidden_operation" if info.form is None else "query_syntax",
                     "this is an update; send it as 'update' (POST) with the admin token", status=400)
    reason = refusal(info, local_graphs=state.local_graphs, allow=state.settings.service_allow)
    if reason:
        return error("forbidden_operation", reason)
    for g in default_graphs + named_graphs:
        if g not in state.local_graphs:
            return error("forbidden_operation", f"graph <{g}> is not held by this server; remote graphs are "
                         "never fetched")
    if not default_graphs and not named_graphs:
        # the query's own FROM / FROM NAMED (all local, see refusal) give the dataset; a
        # protocol dataset, when given, replaces it (SPARQL 1.1 Protocol §2.1.4)
        default_graphs, named_graphs = list(info.from_default), list(info.from_named)
    query = _with_base(query, endpoint_url(request))
    is_graph = info.form in ("CONSTRUCT", "DESCRIBE")
    table = conneg.GRAPH_TYPES if is_graph else conneg.RESULT_TYPES
    allowed = set(table.values())
    fmt = conneg.explicit(fmt_param, allowed)
    if fmt == "":
        return error("not_acceptable", f"format '{fmt_param}' is not available for a {info.form} query "
                     f"(use one of {', '.join(sorted(allowed))})")
    if fmt is None:
        fmt = conneg.choose(request.headers.get("accept"), table, "turtle" if is_graph else "json")
    if fmt is None:
        return error("not_acceptable", f"none of the accepted media types can carry a {info.form or 'query'} "
                     f"result; available: {', '.join(sorted(set(table)))}")
    try:
        answer = await state.run(query, fmt if not is_graph else "json", fmt if is_graph else "turtle",
                                 default_graph=default_graphs or None, named_graphs=named_graphs or None)
    except QueryTimeout as exc:
        return timeout_error(state, exc)
    except PoolUnavailable as exc:
        return busy_error(exc)
    if not answer.ok:
        return error(answer.code or "query_evaluation", answer.error)
    headers = {"Vary": "Accept"}
    if answer.truncated:
        state.metrics.truncated += 1
        headers["X-Result-Truncated"] = "true"
        headers["X-Result-Row-Cap"] = str(state.settings.row_cap)
        headers["Warning"] = f'199 ttx "result truncated to {state.settings.row_cap} rows"'
    media = conneg.MEDIA[answer.fmt]
    if media.startswith("text/") or media.endswith("json") or "xml" in media:
        media += "; charset=utf-8"
    return Response(answer.body, media_type=media, headers=headers)


async def _update(request: Request, update: str, using: list[str], using_named: list[str]) -> Response:
    state = request.app.state.ttx
    if not state.settings.updates_enabled:
        return error("forbidden_operation", "this endpoint is read-only (start it with an admin token to allow "
                     "SPARQL Update)")
    auth = request.headers.get("authorization", "")
    token = auth[7:] if auth.lower().startswith("bearer ") else ""
    if not token or not hmac.compare_digest(token, state.settings.admin_token or ""):
        return error("unauthorized", "SPARQL Update needs 'Authorization: Bearer <admin token>'",
                     headers={"WWW-Authenticate": "Bearer"})
    info = inspect(update)
    reason = refusal(info, local_graphs=state.local_graphs | set(info.from_default), allow=state.settings.service_allow)
    if reason:
        return error("forbidden_operation", reason)
    if using or using_named:
        # SPARQL 1.1 Protocol §2.2.3: the parameters give the dataset of each operation's
        # WHERE; an update with USING / WITH of its own is refused (UpdateDatasetError)
        try:
            update = with_using(update, using, using_named)
        except UpdateDatasetError as exc:
            return error("bad_parameter", str(exc))
    try:
        await run_in_threadpool(state.store.update, update, endpoint_url(request))
    except SyntaxError as exc:
        return error("query_syntax", str(exc))
    except Exception as exc:  # evaluation errors of the update
        return error("query_evaluation", str(exc))
    state.labels = None
    state.cache.clear()
    return Response(status_code=204)


async def _describe_service(request: Request) -> Response:
    state = request.app.state.ttx
    fmt = conneg.explicit(request.query_params.get("format"), set(conneg.GRAPH_TYPES.values()))
    if not fmt:
        fmt = conneg.choose(request.headers.get("accept"), conneg.GRAPH_TYPES, "turtle",
                            extra={"text/html": "turtle"})
    if fmt is None:
        return error("not_acceptable", "the service description is available as Turtle, N-Triples, JSON-LD, "
                     "RDF/XML")
    body = service_description(state, str(request.url).split("?")[0], fmt)
    return Response(body, media_type=conneg.MEDIA[fmt])
