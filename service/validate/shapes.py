"""The shapes graph (shapes/*.ttl) and what the report needs to know about each shape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

SHAPES_NS = "https://w3id.org/ttx-kg/shapes/"


def shape_files(shapes_dir: Path) -> list[Path]:
    return sorted(shapes_dir.glob("*.ttl"))


def load_shapes(shapes_dir: Path) -> rdflib.Graph:
    return _load(tuple(shape_files(shapes_dir)), tuple(f.stat().st_mtime_ns for f in shape_files(shapes_dir)))


@lru_cache(maxsize=4)
def _load(files: tuple[Path, ...], _stamps: tuple[int, ...]) -> rdflib.Graph:
    g = rdflib.Graph()
    for f in files:
        g.parse(f, format="turtle")
    return g


def texts(g: rdflib.Graph, node, prop) -> dict[str, str]:
    """Language -> text for a property of a node (first one per language, sorted)."""
    out: dict[str, str] = {}
    for o in sorted(g.objects(node, prop), key=str):
        if isinstance(o, Literal):
            out.setdefault(o.language or "", str(o))
    return out


@dataclass(frozen=True)
class ShapeInfo:
    iri: str
    name: dict[str, str]
    description: dict[str, str]
    messages: dict[str, str]
    order: float

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name.get("en") or self.iri.rsplit("/", 1)[-1]

    @property
    def local(self) -> str:
        return self.iri[len(SHAPES_NS):] if self.iri.startswith(SHAPES_NS) else self.iri


def shape_info(g: rdflib.Graph, iri: str) -> ShapeInfo:
    node = URIRef(iri)
    order = g.value(node, SH.order)
    return ShapeInfo(iri, texts(g, node, SH.name), texts(g, node, SH.description),
                     texts(g, node, SH.message), float(order) if order is not None else 0.0)


def display_info(g: rdflib.Graph, iri: str) -> ShapeInfo:
    """How to present a rule: a property shape used by exactly one node shape is presented with its
    node shape's name and description (e.g. errata-oneLine -> "Table row broken over lines")."""
    own = shape_info(g, iri)
    ps = parents(g, iri)
    if len(ps) == 1:
        parent = shape_info(g, ps[0])
        return ShapeInfo(iri, parent.name or own.name, parent.description or own.description, own.messages,
                         own.order)
    return own


def parents(g: rdflib.Graph, iri: str) -> list[str]:
    """Node shapes that use a property shape."""
    return sorted(str(s) for s in g.subjects(SH.property, URIRef(iri)))


def node_shapes(g: rdflib.Graph) -> list[URIRef]:
    return sorted(s for s in g.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))


def property_shapes(g: rdflib.Graph) -> list[URIRef]:
    return sorted({s for s in g.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)})


def rule_count(g: rdflib.Graph) -> dict[str, int]:
    """How many shapes and constraints the shapes graph holds."""
    constraint_props = {SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["class"], SH["in"], SH.pattern,
                        SH.languageIn, SH.uniqueLang, SH.minLength, SH.maxLength, SH.minInclusive,
                        SH.maxInclusive, SH.lessThanOrEquals, SH.equals, SH["not"], SH.sparql}
    shapes = node_shapes(g) + property_shapes(g)
    constraints = sum(1 for s in shapes for p, _ in g.predicate_objects(s) if p in constraint_props)
    sparql = sum(1 for s in shapes for _ in g.objects(s, SH.sparql))
    return {"node_shapes": len(node_shapes(g)), "property_shapes": len(property_shapes(g)),
            "constraints": constraints, "sparql_constraints": sparql}


def template_regex(template: str) -> re.Pattern:
    """A message template with {?var} / {$var} holes as a regex (to tell which language a
    message that pyshacl filled in came from)."""
    parts = re.split(r"\{[?$][A-Za-z_][A-Za-z0-9_]*\}", template)
    return re.compile("^" + "(.*?)".join(re.escape(p) for p in parts) + "$", re.S)


def fill(template: str, bindings: dict[str, object]) -> str:
    """Substitute {?var} and {$var} like SHACL-SPARQL engines do (str() of the term)."""
    def sub(m: re.Match) -> str:
        name = m.group(1)
        return str(bindings[name]) if name in bindings else m.group(0)
    return re.sub(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}", sub, template)


def list_items(g: rdflib.Graph, node) -> list:
    return list(Collection(g, node))
