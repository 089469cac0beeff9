"""Named queries are files `queries/NAME.rq` whose header documents them:

    #+ title: High-priority tasks led by an agency …
    #+ title_vi: Nhiệm vụ ưu tiên cao …
    #+ description: … (English)
    #+ description_vi: … (Tiếng Việt)
    #+ param: agency | agency | Sở Tài nguyên và Môi trường | Lead agency: any name or abbreviation
    #+ param: declared_only | boolean | false | Only rows that carry the (Cao) marker themselves

A parameter NAME binds the SPARQL variable ?NAME as a typed RDF term: the values are
checked against the parameter's type, serialized as N-Triples terms (escaped, IRIs
validated) and placed in a VALUES block where the query has the line `# PARAMETERS`.
User text never reaches the query unescaped, so a value cannot change the query's shape.
(Oxigraph's own pre-binding only accepts projected variables, which would force every
parameter into the result columns.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..config import base_iri

XSD = "http://www.w3.org/2001/XMLSchema#"
CODE_TYPES = {"funding": ("funding", ("I", "II", "III", "IV")),
              "theme-group": ("theme-group", ("A", "B", "C", "D", "E")),
              "priority": ("priority", ("high", "unmarked"))}
RESOLVED_TYPES = {"agency", "place", "indicator"}
TYPES = {"string", "integer", "boolean", "year", "iri", *CODE_TYPES, *RESOLVED_TYPES}

Resolver = Callable[[str, str], str | None]  # (type, value) -> IRI or None


class ParameterError(ValueError):
    pass


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None
    description: str
    allowed: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def bind(self, raw: str, resolve: Resolver | None) -> dict[str, str]:
        """The value as a SPARQL JSON term; ParameterError names the parameter and the problem."""
        value = raw.strip()
        if self.allowed and value not in self.allowed:
            raise ParameterError(f"parameter '{self.name}': '{value}' is not one of {', '.join(self.allowed)}")
        if self.type == "string":
            return {"type": "literal", "value": value}
        if self.type in ("integer", "year"):
            if not re.fullmatch(r"-?\d+", value):
                raise ParameterError(f"parameter '{self.name}': '{value}' is not an integer")
            n = int(value)
            if (self.minimum is not None and n < self.minimum) or (self.maximum is not None and n > self.maximum):
                raise ParameterError(f"parameter '{self.name}': {n} is outside {self.minimum}–{self.maximum}")
            if self.type == "year":
                return {"type": "literal", "value": f"{n:04d}", "datatype": XSD + "gYear"}
            return {"type": "literal", "value": str(n), "datatype": XSD + "integer"}
        if self.type == "boolean":
            low = value.lower()
            if low not in ("true", "false", "1", "0", "yes", "no"):
                raise ParameterError(f"parameter '{self.name}': '{value}' is not true or false")
            return {"type": "literal", "value": "true" if low in ("true", "1", "yes") else "false",
                    "datatype": XSD + "boolean"}
        if self.type == "iri":
            if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", value):
                raise ParameterError(f"parameter '{self.name}': '{value}' is not an http(s) IRI")
            return {"type": "uri", "value": value}
        if self.type in CODE_TYPES:
            scheme, codes = CODE_TYPES[self.type]
            if value not in codes:
                raise ParameterError(f"parameter '{self.name}': '{value}' is not one of {', '.join(codes)}")
            return {"type": "uri", "value": f"{base_iri()}/code/{scheme}/{value}"}
        iri = resolve(self.type, value) if resolve else None
        if iri is None:
            raise ParameterError(f"parameter '{self.name}': no {self.type} matches '{value}'")
        return {"type": "uri", "value": iri}

    def describe(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "type": self.type, "default": self.default,
                                  "description": self.description}
        if self.allowed or self.type in CODE_TYPES:
            out["allowed"] = list(self.allowed or CODE_TYPES[self.type][1])
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    meta: dict[str, str]
    params: list[Parameter] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.meta.get("title", self.name)

    def prepare(self, given: dict[str, str], resolve: Resolver | None) -> tuple[str, None]:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ParameterError(f"unknown parameter(s) {', '.join(unknown)} for query '{self.name}' "
                                 f"(known: {', '.join(known) or 'none'})")
        bindings = {}
        for p in self.params:
            raw = given.get(p.name, p.default)
            if raw is None or raw == "":
                continue
            bindings[p.name] = p.bind(raw, resolve)
        return bind_values(self.text, bindings), None

    def describe(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "title_vi": self.meta.get("title_vi"),
                "description": self.meta.get("description"), "description_vi": self.meta.get("description_vi"),
                "parameters": [p.describe() for p in self.params]}


MARKER = "# PARAMETERS"
_IRI_OK = re.compile(r'^[^\x00-\x20<>"{}|^`\\]+$')


def sparql_term(term: dict[str, str]) -> str:
    """A JSON-shaped term as SPARQL/N-Triples syntax, escaped."""
    if term["type"] == "uri":
        if not _IRI_OK.match(term["value"]):
            raise ParameterError(f"'{term['value']}' cannot be used as an IRI")
        return f"<{term['value']}>"
    value = (term["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
             .replace("\r", "\\r"))
    if "datatype" in term:
        return f'"{value}"^^{sparql_term({"type": "uri", "value": term["datatype"]})}'
    if "xml:lang" in term:
        return f'"{value}"@{term["xml:lang"]}'
    return f'"{value}"'


def bind_values(text: str, bindings: dict[str, dict[str, str]]) -> str:
    if not bindings:
        return text
    names = sorted(bindings)
    block = ("VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(sparql_term(bindings[n]) for n in names) + ") }")
    return text.replace(MARKER, block, 1)


_HEADER = re.compile(r"^#\+\s*([a-z_]+)\s*:\s*(.*)$")


def parse_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Parameter] = []
    for number, line in enumerate(text.splitlines(), start=1):
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            params.append(_param(path, number, value))
        else:
            meta[key] = (meta[key] + " " + value) if key in meta else value
    for required in ("title", "title_vi", "description", "description_vi"):
        if required not in meta:
            raise ValueError(f"{path}: header lacks '#+ {required}:'")
    if params and text.count(MARKER) != 1:
        raise ValueError(f"{path}: a query with parameters needs exactly one '{MARKER}' line inside WHERE")
    return NamedQuery(path.stem, path, text, meta, params)


def _param(path: Path, line: int, spec: str) -> Parameter:
    parts = [p.strip() for p in spec.split("|")]
    if len(parts) < 4:
        raise ValueError(f"{path}:{line}: '#+ param:' needs name | type | default | description")
    name, type_, default, description = parts[0], parts[1], parts[2] or None, parts[3]
    allowed: tuple[str, ...] = ()
    minimum = maximum = None
    if m := re.fullmatch(r"(\w[\w-]*)\((.*)\)", type_):
        type_, args = m.group(1), m.group(2)
        if ".." in args:
            lo, hi = args.split("..")
            minimum, maximum = int(lo), int(hi)
        else:
            allowed = tuple(a.strip() for a in args.split(","))
    if type_ not in TYPES:
        raise ValueError(f"{path}:{line}: unknown parameter type '{type_}' (known: {', '.join(sorted(TYPES))})")
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise ValueError(f"{path}:{line}: parameter name '{name}' is not a SPARQL variable name")
    return Parameter(name, type_, default, description, allowed, minimum, maximum)


class Catalogue:
    def __init__(self, queries: dict[str, NamedQuery]) -> None:
        self.queries = queries
        self._resolver: Resolver | None = None

    @classmethod
    def load(cls, folder: Path) -> "Catalogue":
        return cls({p.stem: parse_query(p) for p in sorted(folder.glob("*.rq"))})

    def __contains__(self, name: object) -> bool:
        return name in self.queries

    def __getitem__(self, name: str) -> NamedQuery:
        return self.queries[name]

    def __iter__(self) -> Iterator[NamedQuery]:
        return iter(self.queries.values())

    def names(self) -> list[str]:
        return sorted(self.queries)

    def use_resolver(self, resolve: Resolver) -> None:
        self._resolver = resolve

    def resolver(self) -> Resolver | None:
        return self._resolver
