"""Dumps of the whole dataset in every format, with sizes and SHA-256 checksums, and VoID."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import BaseModel

from ..store import EmbeddedStore
from ..store.dataset import GraphFile
from ..web import env
from . import conneg
from .errors import documented, error
from .service_description import RDFLIB_FORMAT, void_description

router = APIRouter(tags=["downloads"])
DUMPS = [("ttx-kg.trig", "trig"), ("ttx-kg.nq", "nquads"), ("ttx-kg.ttl", "turtle"), ("ttx-kg.nt", "ntriples"),
         ("ttx-kg.jsonld", "jsonld")]
RDF_SCHEMA = {"jsonld": {"type": ["object", "array"]}}  # the JSON one; the others are text


def rdf_content(formats) -> dict[str, object]:
    """OpenAPI `content` for RDF answers in these formats."""
    return {conneg.MEDIA[f]: {"schema": RDF_SCHEMA.get(f, {"type": "string"})} for f in formats}


def query_param(name: str, description: str) -> dict[str, object]:
    """A documented optional string parameter that the handler reads itself (any value is answered)."""
    return {"name": name, "in": "query", "required": False, "schema": {"type": "string"}, "description": description}


class Dump(BaseModel):
    name: str
    format: str
    media_type: str
    bytes: int
    sha256: str
    graphs: str
    url: str


class Dumps(BaseModel):
    downloads: list[Dump]


def write_dumps(files: list[GraphFile], folder: Path, union_graph: str) -> list[dict[str, object]]:
    """Quads formats carry the named graphs; single-graph formats carry their union."""
    folder.mkdir(parents=True, exist_ok=True)
    store = EmbeddedStore()
    store.load(files)
    union = EmbeddedStore()
    union.load_data(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize("ntriples"), "ntriples",
                    union_graph)
    out = []
    for name, fmt in DUMPS:
        data = store.dump(fmt) if fmt in ("trig", "nquads") else union.dump(fmt, union_graph)
        (folder / name).write_bytes(data)
        out.append({"name": name, "format": fmt, "media_type": conneg.MEDIA[fmt], "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "graphs": "named graphs" if fmt in ("trig", "nquads") else "union of the named graphs"})
    return out


@router.get("/downloads", summary="Dataset dumps with sizes and checksums", response_class=Response,
            responses={200: {"model": Dumps, "description": "JSON; an HTML page when the Accept header names "
                             "text/html (unless format=json)",
                             "content": {"text/html": {"schema": {"type": "string"}}}}},
            openapi_extra={"parameters": [query_param("format", "json: JSON even when Accept names text/html"),
                                          query_param("lang", "vi or en, the language of the HTML page")]})
async def downloads(request: Request) -> Response:
    state = request.app.state.ttx
    items = state.cache["downloads"]
    accept = request.headers.get("accept", "")
    if "text/html" in accept and "json" not in request.query_params.get("format", ""):
        lang = request.query_params.get("lang", "vi")
        return HTMLResponse(env.get_template("downloads.html").render(
            lang=lang if lang in ("vi", "en") else "vi", items=items, title="Downloads", q=None,
            lang_url=lambda l: f"/downloads?lang={l}"))
    return JSONResponse({"downloads": [{**d, "url": f"/downloads/{d['name']}"} for d in items]})


@router.get("/downloads/{name}", summary="One dump file", response_class=Response,
            responses={200: {"description": "the dump, with its SHA-256 in the Digest header",
                             "headers": {"Digest": {"schema": {"type": "string"}, "required": True}},
                             "content": rdf_content(f for _, f in DUMPS)},
                       **documented(404)})
async def download(name: str, request: Request) -> Response:
    state = request.app.state.ttx
    item = next((d for d in state.cache["downloads"] if d["name"] == name), None)
    if item is None:
        return error("not_found", f"no dump named '{name}'")
    return FileResponse(state.cache["downloads_dir"] / name, media_type=str(item["media_type"]), filename=name,
                        headers={"Digest": f"sha-256={item['sha256']}"})


@router.get("/.well-known/void", summary="VoID description of the dataset", response_class=Response,
            responses={200: {"description": "the VoID description; Turtle unless format= or Accept asks otherwise",
                             "content": rdf_content(RDFLIB_FORMAT)}, **documented(406)},
            openapi_extra={"parameters": [query_param("format", "turtle, ntriples, jsonld, rdfxml, trig or nquads "
                                                      "(or a media type); another value leaves the choice to Accept")]})
async def void(request: Request) -> Response:
    state = request.app.state.ttx
    root = str(request.base_url)
    fmt = conneg.explicit(request.query_params.get("format"), set(RDFLIB_FORMAT)) or conneg.choose(
        request.headers.get("accept"), conneg.GRAPH_TYPES, "turtle", extra={"text/html": "turtle"})
    if not fmt or fmt not in RDFLIB_FORMAT:
        return error("not_acceptable", "VoID is available as Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads")
    g = void_description(state, root, state.cache["downloads"])
    return Response(g.serialize(format=RDFLIB_FORMAT[fmt], encoding="utf-8"), media_type=conneg.MEDIA[fmt])
