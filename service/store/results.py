"""SPARQL results serializers for capped result lists (JSON, XML, CSV, TSV per the W3C
result-format specs). Rows are dicts of SPARQL-JSON-shaped terms (see embedded.term_json)."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


def serialize_select(variables: list[str], rows: list[dict[str, dict[str, str]]], fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for r in rows:
            w.writerow([r[v]["value"] if v in r else "" for v in variables])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        for r in rows:
            lines.append("\t".join(_tsv(r.get(v)) for v in variables))
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for r in rows:
            out.append("<result>")
            for v in variables:
                if v in r:
                    out.append(f"<binding name={quoteattr(v)}>{_xml(r[v])}</binding>")
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    raise ValueError(f"unknown results format {fmt}")


def serialize_ask(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    if fmt in ("csv", "tsv"):
        return f"{'?_askResult' if fmt == 'tsv' else '_askResult'}\n{'true' if value else 'false'}\n".encode()
    raise ValueError(f"unknown results format {fmt}")


def _tsv(term: dict[str, str] | None) -> str:
    if term is None:
        return ""
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    value = term["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    if "xml:lang" in term:
        return f'"{value}"@{term["xml:lang"]}'
    if "datatype" in term:
        return f'"{value}"^^<{term["datatype"]}>'
    return f'"{value}"'


def _xml(term: dict[str, str]) -> str:
    if term["type"] == "uri":
        return f"<uri>{escape(term['value'])}</uri>"
    if term["type"] == "bnode":
        return f"<bnode>{escape(term['value'])}</bnode>"
    attrs = ""
    if "xml:lang" in term:
        attrs = f" xml:lang={quoteattr(term['xml:lang'])}"
    elif "datatype" in term:
        attrs = f" datatype={quoteattr(term['datatype'])}"
    return f"<literal{attrs}>{escape(term['value'])}</literal>"
