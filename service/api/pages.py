"""Linked data: every IRI under the base dereferences here — HTML for browsers (vi/en),
RDF (Turtle, JSON-LD, N-Triples, RDF/XML) for everyone else."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..config import ONTOLOGY_NS
from ..store.served import PoolUnavailable, QueryTimeout
from ..web import env
from . import conneg
from .errors import busy_error, error, timeout_error

router = APIRouter(include_in_schema=False)
PREFIXES = {
    ONTOLOGY_NS: "ttx:", "http://www.w3.org/2004/02/skos/core#": "skos:", "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:", "http://www.w3.org/ns/prov#": "prov:",
    "http://purl.org/dc/terms/": "dcterms:", "http://data.europa.eu/eli/ontology#": "eli:",
    "http://www.w3.org/ns/org#": "org:", "http://www.w3.org/2006/time#": "time:",
    "http://purl.org/linked-data/cube#": "qb:", "http://qudt.org/schema/qudt/": "qudt:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:", "http://www.w3.org/2002/07/owl#": "owl:",
}
RDF_PAGE_FORMATS = [("turtle", "text/turtle"), ("jsonld", "application/ld+json"),
                    ("ntriples", "application/n-triples"), ("rdfxml", "application/rdf+xml")]
TTX = ONTOLOGY_NS
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def compact(iri: str) -> str:
    for ns, p in PREFIXES.items():
        if iri.startswith(ns):
            return p + iri[len(ns):]
    return iri


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang", "vi")
    return lang if lang in ("vi", "en") else "vi"


def lang_url(request: Request):
    def make(lang: str) -> str:
        params = dict(request.query_params)
        params["lang"] = lang
        return request.url.path + "?" + urlencode(params)
    return make


def iri_literal(iri: str) -> str:
    if any(c in iri for c in '<>"{}|^`\\ \n'):
        raise ValueError("not an IRI")
    return f"<{iri}>"


async def labels_for(state, iris: set[str], lang: str) -> dict[str, str]:
    if not iris:
        return {}
    values = " ".join(iri_literal(i) for i in sorted(iris) if i.startswith(("http://", "https://")))
    rows = await state.select(f"""SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }}
        ?s <{RDFS_LABEL}>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?l
        FILTER(LANG(?l) = "{lang}" || LANG(?l) = "") }}""")
    out: dict[str, str] = {}
    for r in rows:
        out.setdefault(r["s"]["value"], r["l"]["value"])
    return out


def render_value(state, term: dict[str, str], labels: dict[str, str], lang: str) -> str:
    if term["type"] == "uri":
        iri = term["value"]
        text = labels.get(iri) or compact(iri)
        return f'<a href="{escape(state.page_url(iri, lang))}" title="{escape(iri)}">{escape(text)}</a>'
    if term["type"] == "bnode":
        return f"_:{escape(term['value'])}"
    if term.get("xml:lang"):
        tag = term["xml:lang"]
    elif term.get("datatype"):
        tag = compact(term["datatype"])
    else:
        tag = ""
    suffix = f'<span class="lang">{escape(tag)}</span>' if tag else ""
    return f"{escape(term['value'])}{suffix}"


async def resource_page(request: Request, iri: str) -> Response:
    state = request.app.state.ttx
    fmt = conneg.explicit(request.query_params.get("format"), {f for f, _ in RDF_PAGE_FORMATS} | {"html"})
    if fmt == "":
        return error("not_acceptable", "format must be html, turtle, jsonld, ntriples or rdfxml")
    if fmt is None:
        fmt = conneg.choose(request.headers.get("accept"), {**conneg.GRAPH_TYPES, "text/html": "html",
                                                            "application/xhtml+xml": "html"}, "turtle")
    if fmt is None or fmt in ("trig", "nquads"):
        return error("not_acceptable", "available as text/html, text/turtle, application/ld+json, "
                     "application/n-triples, application/rdf+xml")
    if fmt == "html" and iri == ONTOLOGY_NS.rstrip("/") and state.paths.docs_out.exists():
        # the ontology itself: its pyLODE documentation, rendered by `ttx build`
        return HTMLResponse(state.paths.docs_out.read_text(encoding="utf-8"), headers={"Vary": "Accept"})
    try:
        target = iri_literal(iri)
    except ValueError:
        return error("not_found", "not a valid IRI")
    try:
        if fmt != "html":
            answer = await state.run(f"CONSTRUCT {{ {target} ?p ?o }} WHERE {{ {target} ?p ?o }}", "json", fmt)
            if not answer.ok or answer.rows == 0:
                return error("not_found", f"nothing is known about <{iri}>")
            return Response(answer.body, media_type=conneg.MEDIA[fmt], headers={"Vary": "Accept"})
        lang = lang_of(request)
        out = await state.select(f"SELECT ?p ?o WHERE {{ {target} ?p ?o }}")
        if not out:
            return error("not_found", f"nothing is known about <{iri}>")
        incoming = await state.select(f"SELECT ?s ?p WHERE {{ ?s ?p {target} }} ORDER BY ?p ?s LIMIT 301")
    except QueryTimeout as exc:
        return timeout_error(state, exc)
    except PoolUnavailable as exc:
        return busy_error(exc)
    iris = {iri} | {r["p"]["value"] for r in out} | {r["o"]["value"] for r in out if r["o"]["type"] == "uri"}
    iris |= {r["s"]["value"] for r in incoming} | {r["p"]["value"] for r in incoming}
    labels = await labels_for(state, iris, lang)
    other = "en" if lang == "vi" else "vi"
    own = [r["o"] for r in out if r["p"]["value"] == RDFS_LABEL]
    title = next((o["value"] for o in own if o.get("xml:lang") == lang), None) or labels.get(iri) or compact(iri)
    other_label = next((o["value"] for o in own if o.get("xml:lang") == other), None)
    grouped: dict[str, list[str]] = {}
    prov = {"verbatim": None, "location": None, "line": None, "notes": []}
    types = []
    for r in sorted(out, key=lambda r: (r["p"]["value"], r["o"].get("xml:lang", ""), r["o"]["value"])):
        p, o = r["p"]["value"], r["o"]
        if p == TTX + "verbatim":
            prov["verbatim"] = o["value"]
        elif p == TTX + "sourceLocation" and prov["location"] is None:
            prov["location"] = o["value"]
        elif p == TTX + "sourceLine":
            prov["line"] = o["value"]
        elif p == TTX + "sourceNote":
            prov["notes"].append(o["value"])
        if p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            types.append({"label": labels.get(o["value"]) or compact(o["value"])})
        if o.get("xml:lang") and o["xml:lang"] != lang and p not in (RDFS_LABEL,):
            continue
        grouped.setdefault(p, []).append(render_value(state, o, labels, lang))
    props = [{"iri": p, "label": labels.get(p) or compact(p), "values": v} for p, v in grouped.items()]
    inc = [{"p": r["p"]["value"], "plabel": labels.get(r["p"]["value"]) or compact(r["p"]["value"]),
            "link": render_value(state, r["s"], labels, lang)} for r in incoming[:300]]
    html = env.get_template("resource.html").render(
        lang=lang, lang_url=lang_url(request), title=title, other_label=other_label, iri=iri, types=types,
        props=props, incoming=inc, incoming_more=len(incoming) > 300, verbatim=prov["verbatim"],
        source_location=prov["location"], source_line=prov["line"], notes=prov["notes"],
        path=request.url.path, formats=RDF_PAGE_FORMATS, q=None)
    return HTMLResponse(html, headers={"Vary": "Accept"})


@router.get("/resource")
async def resource_by_iri(request: Request, iri: str) -> Response:
    """Pages for IRIs outside the base (e.g. the ontology's external terms)."""
    return await resource_page(request, iri)
