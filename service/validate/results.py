"""One validation result, the same whichever engine produced it, and the report that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import SH, XSD

DERIVED_INTEGERS = {str(XSD.positiveInteger), str(XSD.nonNegativeInteger), str(XSD.negativeInteger),
                    str(XSD.nonPositiveInteger), str(XSD.long), str(XSD.int), str(XSD.short), str(XSD.byte),
                    str(XSD.unsignedLong), str(XSD.unsignedInt), str(XSD.unsignedShort), str(XSD.unsignedByte)}
SEVERITY_RANK = {str(SH.Violation): 0, str(SH.Warning): 1, str(SH.Info): 2}


def canonical(term: Any) -> Any:
    """Oxigraph stores derived integer types as xsd:integer; compare values modulo that."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in DERIVED_INTEGERS:
        return Literal(str(term), datatype=XSD.integer)
    return term


def severity_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Result:
    focus: Any            # rdflib term
    shape: str            # IRI of the source shape
    severity: str         # IRI: sh:Violation | sh:Warning | sh:Info
    component: str        # IRI of the source constraint component
    path: str | None      # SPARQL form of the result path, if any
    value: Any | None     # rdflib term, if any
    messages: tuple[tuple[str, str], ...] = field(default=(), compare=False, hash=False)  # (lang, text)

    def key(self) -> tuple[str, str, str, str, str, str]:
        """What two engines must agree on: focus node, shape, severity, component, path, value."""
        return (self.focus.n3(), self.shape, self.severity, self.component, self.path or "",
                canonical(self.value).n3() if self.value is not None else "")

    def sort_key(self) -> tuple:
        return (SEVERITY_RANK.get(self.severity, 9), self.shape, self.key())

    def message(self, lang: str) -> str:
        for lg, text in self.messages:
            if lg == lang:
                return text
        return self.messages[0][1] if self.messages else ""


@dataclass
class Report:
    results: list[Result]
    engine: str
    triples: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # load / validate

    def __post_init__(self) -> None:
        unique = {r.key(): r for r in self.results}
        self.results = sorted(unique.values(), key=Result.sort_key)

    def of(self, severity: URIRef | str) -> list[Result]:
        return [r for r in self.results if r.severity == str(severity)]

    @property
    def violations(self) -> list[Result]:
        return self.of(SH.Violation)

    @property
    def warnings(self) -> list[Result]:
        return self.of(SH.Warning)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def keys(self) -> set[tuple]:
        return {r.key() for r in self.results}
