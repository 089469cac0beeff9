"""SHACL property paths as SPARQL property-path strings (one canonical form for both engines)."""

from __future__ import annotations

import rdflib
from rdflib import BNode, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH


class UnsupportedShape(ValueError):
    """A shapes-graph construct the compiled engine does not handle."""


def path_to_sparql(g: rdflib.Graph, node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if (node, RDF.first, None) in g:
        return "(" + "/".join(path_to_sparql(g, p) for p in Collection(g, node)) + ")"
    for prop, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "({})*"), (SH.oneOrMorePath, "({})+"),
                      (SH.zeroOrOnePath, "({})?")):
        inner = g.value(node, prop)
        if inner is not None:
            return fmt.format(path_to_sparql(g, inner))
    alt = g.value(node, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(path_to_sparql(g, p) for p in Collection(g, alt)) + ")"
    if isinstance(node, BNode):
        raise UnsupportedShape(f"unsupported property path {node!r}")
    raise UnsupportedShape(f"unsupported property path {node!r}")
