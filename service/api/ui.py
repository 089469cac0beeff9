"""Browser UI: query editor with the named queries as examples, lists of themes, agencies
and indicators, charts, search. Everything is served from this process."""

from __future__ import annotations

import json
from collections import defaultdict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..config import ONTOLOGY_NS as TTX
from ..web import charts, env
from .pages import lang_of, lang_url

router = APIRouter(include_in_schema=False)
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def render(request: Request, template: str, **kw) -> HTMLResponse:
    lang = lang_of(request)
    return HTMLResponse(env.get_template(template).render(lang=lang, lang_url=lang_url(request),
                                                          q=kw.pop("q", None), **kw))


@router.get("/")
async def home(request: Request) -> HTMLResponse:
    state = request.app.state.ttx
    lang = lang_of(request)
    examples = [{"name": q.name, "title": q.meta.get("title_vi" if lang == "vi" else "title", q.name),
                 "text": q.text} for q in state.catalogue]
    initial = request.query_params.get("query") or next(
        (e["text"] for e in examples if e["name"] == "tasks-per-theme"), "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    return render(request, "home.html", title="SPARQL", examples=examples, examples_json=json.dumps(examples),
                  initial=initial, autorun=bool(request.query_params.get("query")))


async def _list(state, cls: str, lang: str, extra: str = "") -> list[dict[str, str]]:
    rows = await state.select(f"""SELECT ?s ?n ?l {extra and '?x'} WHERE {{ ?s a <{TTX}{cls}> .
        OPTIONAL {{ ?s <{SKOS}notation> ?n }} OPTIONAL {{ ?s <{LABEL}> ?l FILTER(LANG(?l) = "{lang}") }} {extra} }}""")
    out = [{"iri": r["s"]["value"], "notation": r.get("n", {}).get("value", ""), "label": r.get("l", {}).get("value", ""),
            "extra": r.get("x", {}).get("value", ""), "url": state.page_url(r["s"]["value"], lang)} for r in rows]
    return sorted(out, key=lambda d: ([int(p) if p.isdigit() else 0 for p in d["notation"].replace("PL3-", "").split(".")]
                                      if d["notation"] else [9999], d["label"]))


@router.get("/ui/themes")
async def themes(request: Request) -> HTMLResponse:
    state, lang = request.app.state.ttx, lang_of(request)
    items = await _list(state, "Theme", lang, f"OPTIONAL {{ ?s <{TTX}declaredTaskCount> ?x }}")
    return render(request, "list.html", title="Chủ đề" if lang == "vi" else "Themes", items=items,
                  extra_head="Số nhiệm vụ (Mục IV)" if lang == "vi" else "Declared tasks (Section IV)")


@router.get("/ui/indicators")
async def indicators(request: Request) -> HTMLResponse:
    state, lang = request.app.state.ttx, lang_of(request)
    items = await _list(state, "Indicator", lang, f"OPTIONAL {{ ?s <{TTX}unitText> ?x }}")
    return render(request, "list.html", title="Chỉ tiêu (Phụ lục 3)" if lang == "vi" else "Indicators (Appendix 3)",
                  items=items, extra_head="ĐVT" if lang == "vi" else "Unit")


@router.get("/ui/agencies")
async def agencies(request: Request) -> HTMLResponse:
    state, lang = request.app.state.ttx, lang_of(request)
    rows = await state.select(f"""SELECT ?s ?l (COUNT(DISTINCT ?led) AS ?nl) (COUNT(DISTINCT ?co) AS ?nc) WHERE {{
        {{ ?s a <{TTX}ProvincialDepartment> }} UNION {{ ?s a <{TTX}StateBody> }} UNION {{ ?s a <{TTX}PeoplesCommittee> }}
        UNION {{ ?s a <{TTX}AgencyCollective> }} UNION {{ ?s a <{TTX}Ministry> }}
        OPTIONAL {{ ?s <{LABEL}> ?l FILTER(LANG(?l) = "{lang}") }}
        OPTIONAL {{ ?led <{TTX}leadAgency> ?s }} OPTIONAL {{ ?co <{TTX}cooperatingAgency> ?s }}
    }} GROUP BY ?s ?l ORDER BY DESC(?nl) ?l""")
    items = [{"iri": r["s"]["value"], "notation": "", "label": r.get("l", {}).get("value", ""),
              "extra": f'{r["nl"]["value"]} / {r["nc"]["value"]}', "url": state.page_url(r["s"]["value"], lang)}
             for r in rows]
    return render(request, "list.html", title="Cơ quan" if lang == "vi" else "Agencies", items=items,
                  extra_head="Chủ trì / phối hợp" if lang == "vi" else "Lead / cooperating rows")


@router.get("/ui/search")
async def search_page(request: Request) -> HTMLResponse:
    state, lang = request.app.state.ttx, lang_of(request)
    q = request.query_params.get("q", "")
    index = await state.label_index()
    hits = index.search(q, limit=30) if q else []
    items = [{"iri": h.iri, "notation": "", "label": index.names.get(h.iri, h.label), "extra": h.label,
              "url": state.page_url(h.iri, lang)} for h in hits]
    return render(request, "list.html", title=("Kết quả tìm: " if lang == "vi" else "Results for: ") + q,
                  items=items, extra_head="Nhãn khớp" if lang == "vi" else "Matched label", q=q)


@router.get("/ui/charts")
async def charts_page(request: Request) -> HTMLResponse:
    state, lang = request.app.state.ttx, lang_of(request)
    key = f"charts-{lang}"
    if key not in state.cache:
        state.cache[key] = await _charts(state, lang)
    return render(request, "charts.html", title="Biểu đồ" if lang == "vi" else "Charts", charts=state.cache[key])


async def _charts(state, lang: str) -> list[dict[str, str]]:
    vi = lang == "vi"
    theme_rows = await state.select(f"""SELECT ?n ?t WHERE {{ ?s a <{TTX}Theme> ; <{SKOS}notation> ?n ;
        <{TTX}shortTitle> ?t FILTER(LANG(?t) = "{lang}") }}""")
    themes = sorted(((r["n"]["value"], r["t"]["value"]) for r in theme_rows), key=lambda x: int(x[0]))
    mix = await state.select(f"""SELECT ?n ?code (COUNT(DISTINCT ?row) AS ?c) WHERE {{ ?row <{TTX}fundingSource> ?f ;
        <{TTX}theme> ?th . ?th <{SKOS}notation> ?n . ?f <{SKOS}notation> ?code }} GROUP BY ?n ?code""")
    counts = {(r["n"]["value"], r["code"]["value"]): int(r["c"]["value"]) for r in mix}
    # one organisation each (collectives excluded); the classes are listed so no inference is needed
    agency = f"VALUES ?cls {{ <{TTX}ProvincialDepartment> <{TTX}StateBody> <{TTX}PeoplesCommittee> <{TTX}Ministry> }}"
    edges_rows = await state.select(f"""SELECT ?a ?b (COUNT(DISTINCT ?row) AS ?c) WHERE {{
        ?row <{TTX}leadAgency> ?a ; <{TTX}cooperatingAgency> ?b . ?a a ?cls . ?b a ?cls2 .
        {agency} VALUES ?cls2 {{ <{TTX}ProvincialDepartment> <{TTX}StateBody> <{TTX}PeoplesCommittee> <{TTX}Ministry> }}
        FILTER(?a != ?b) }} GROUP BY ?a ?b""")
    led_rows = await state.select(f"""SELECT ?a (COUNT(DISTINCT ?row) AS ?c) WHERE {{ ?row <{TTX}leadAgency> ?a .
        ?a a ?cls . {agency} }} GROUP BY ?a""")
    names = await state.select(f"""SELECT ?a ?l WHERE {{ ?a a ?cls ; <{LABEL}> ?l FILTER(LANG(?l) = "{lang}") {agency} }}""")
    label = {r["a"]["value"]: r["l"]["value"] for r in names}
    led: dict[str, int] = defaultdict(int)
    for r in led_rows:
        led[r["a"]["value"]] = int(r["c"]["value"])
    edges = [(r["a"]["value"], r["b"]["value"], int(r["c"]["value"])) for r in edges_rows]
    involved = sorted({a for a, _, _ in edges} | {b for _, b, _ in edges} | set(led),
                      key=lambda i: (-led.get(i, 0), label.get(i, i)))
    nodes = [(i, label.get(i, i.rsplit("/", 1)[-1]).replace("Bến Tre ", ""), led.get(i, 0)) for i in involved]
    spans = await state.select(f"""SELECT ?n ?a ?b ?tn ?line WHERE {{ ?row <{TTX}startYear> ?a ; <{TTX}endYear> ?b ;
        <{SKOS}notation> ?n ; <{TTX}theme> ?t ; <{TTX}sourceLine> ?line . ?t <{SKOS}notation> ?tn }}""")
    bars = [(r["n"]["value"], int(r["a"]["value"]), int(r["b"]["value"]), r["tn"]["value"])
            for r in sorted(spans, key=lambda r: int(r["line"]["value"]))]
    targets = await state.select(f"""SELECT ?n ?l ?y ?v WHERE {{
        ?i a <{TTX}Indicator> ; <{SKOS}notation> ?n ; <{LABEL}> ?l ; <{TTX}unitText> "%" ; <{TTX}hasTarget> ?t .
        FILTER(LANG(?l) = "{lang}") ?t <{TTX}targetYear> ?y ; <{TTX}value> ?v .
        FILTER NOT EXISTS {{ ?t <{TTX}category> ?c }} }}""")
    by_ind: dict[str, dict[str, object]] = {}
    for r in targets:
        d = by_ind.setdefault(r["n"]["value"], {"label": r["l"]["value"]})
        d[r["y"]["value"]] = float(r["v"]["value"])
    dumb = [(f'{n.replace("PL3-", "")}. {d["label"]}', d.get("2025"), d.get("2030"))
            for n, d in sorted(by_ind.items(), key=lambda kv: int(kv[0].replace("PL3-", "")))]
    return [
        {"id": "funding", "title": "Số nhiệm vụ, hoạt động theo chủ đề × nguồn lực" if vi else
         "Tasks and activities per theme × funding source",
         "svg": charts.heatmap(themes, counts, ["I", "II", "III", "IV"], "funding")},
        {"id": "network", "title": "Mạng lưới cơ quan chủ trì → phối hợp" if vi else "Lead → cooperating agency network",
         "svg": charts.network(nodes, edges, "network")},
        {"id": "timeline", "title": "Tiến độ 2021–2030 của các nhiệm vụ có năm thực hiện" if vi else
         "2021–2030 timeline of tasks with a year interval", "svg": charts.timeline(bars, 2021, 2030, "timeline")},
        {"id": "targets", "title": "Mục tiêu chỉ tiêu 2025 và 2030 (%)" if vi else "Indicator targets 2025 vs 2030 (%)",
         "svg": charts.dumbbell(dumb, "targets")},
    ]
