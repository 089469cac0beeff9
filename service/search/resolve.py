"""Turn what a researcher types ('TN&MT', 'Ba Tri', 'PL3-20') into the IRI it names."""

from __future__ import annotations

from collections.abc import Callable

from ..config import ONTOLOGY_NS
from .index import LabelIndex

CLASSES = {
    "agency": {ONTOLOGY_NS + c for c in ("Agency", "ProvincialDepartment", "Ministry", "PeoplesCommittee",
                                         "StateBody", "AgencyCollective")},
    "place": {ONTOLOGY_NS + c for c in ("Location", "AdministrativeUnit", "LocationGroup", "ExternalLocation")},
    "indicator": {ONTOLOGY_NS + "Indicator"},
}


MIN_PARAMETER_SCORE = 4.0


def make_resolver(index: LabelIndex) -> Callable[[str, str], str | None]:
    def resolve(kind: str, value: str) -> str | None:
        if value.startswith(("http://", "https://")):
            return value if value in index.types and index.types[value] & CLASSES.get(kind, set()) else None
        if kind == "indicator" and value.isdigit():
            value = f"PL3-{value}"
        hits = index.search(value, limit=1, types=CLASSES.get(kind))
        # a parameter must name its resource: every word of the value in one label (search's
        # prefix matches are for the search box, not for binding a query parameter)
        return hits[0].iri if hits and hits[0].score >= MIN_PARAMETER_SCORE else None
    return resolve
