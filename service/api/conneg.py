"""Content negotiation: Accept headers with q-values, or an explicit `format` parameter."""

from __future__ import annotations

RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "ntriples",
    "text/plain": "ntriples", "application/ld+json": "jsonld", "application/json": "jsonld",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "application/trig": "trig",
    "application/n-quads": "nquads",
}
MEDIA = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ntriples": "application/n-triples",
    "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml", "trig": "application/trig",
    "nquads": "application/n-quads", "html": "text/html",
}
FORMAT_ALIASES = {"ttl": "turtle", "nt": "ntriples", "json-ld": "jsonld", "rdf": "rdfxml", "n-triples": "ntriples"}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """[(media type, q)] sorted by q (desc), then specificity, keeping header order for ties."""
    if not header:
        return [("*/*", 1.0)]
    items = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        items.append((media, q, specificity, i))
    items.sort(key=lambda t: (-t[1], -t[2], t[3]))
    return [(m, q) for m, q, _, _ in items if q > 0]


def choose(accept: str | None, table: dict[str, str], default: str, extra: dict[str, str] | None = None) -> str | None:
    """The format to answer with, or None when nothing acceptable (→ 406)."""
    table = {**table, **(extra or {})}
    for media, _q in parse_accept(accept):
        if media in table:
            return table[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            for m, fmt in table.items():
                if m.startswith(major):
                    return fmt
    return None


def explicit(fmt: str | None, allowed: set[str]) -> str | None:
    if fmt is None:
        return None
    key = fmt.strip().lower()
    key = FORMAT_ALIASES.get(key, key)
    if key in MEDIA and key in allowed:
        return key
    for table in (RESULT_TYPES, GRAPH_TYPES):
        if key in table and table[key] in allowed:
            return table[key]
    return ""  # asked for something we do not serve
