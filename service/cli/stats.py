"""The numbers behind `ttx stats`, as SPARQL over the store."""

from __future__ import annotations

from ..config import ONTOLOGY_NS
from ..store import EmbeddedStore

CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?s a ?class . FILTER(STRSTARTS(STR(?class), "{ONTOLOGY_NS}"))
}} GROUP BY ?class ORDER BY ?class
"""

THEMES = f"""
PREFIX ttx: <{ONTOLOGY_NS}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?notation ?title ?declared (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?act) AS ?acts) WHERE {{
  ?theme a ttx:Theme ; skos:notation ?notation .
  OPTIONAL {{ ?theme ttx:shortTitle ?title FILTER(LANG(?title) = "vi") }}
  OPTIONAL {{ ?theme ttx:declaredTaskCount ?declared }}
  OPTIONAL {{ ?task a ttx:Task ; ttx:theme ?theme }}
  OPTIONAL {{ ?act a ttx:Activity ; ttx:theme ?theme }}
}} GROUP BY ?notation ?title ?declared ORDER BY xsd:integer(?notation)
"""


def class_counts(store: EmbeddedStore) -> list[tuple[str, int]]:
    res = store.query(CLASS_COUNTS)
    return [(r["class"]["value"].removeprefix(ONTOLOGY_NS), int(r["n"]["value"])) for r in res.rows()]


def theme_counts(store: EmbeddedStore) -> list[dict[str, object]]:
    rows = []
    for r in store.query("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n" + THEMES).rows():
        rows.append({
            "notation": r["notation"]["value"],
            "title": r.get("title", {}).get("value", ""),
            "declared": int(r["declared"]["value"]) if "declared" in r else None,
            "tasks": int(r["tasks"]["value"]),
            "activities": int(r["acts"]["value"]),
        })
    return rows
