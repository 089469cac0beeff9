"""An in-memory label index: 'tai nguyen moi truong', 'TN&MT' and 'DONRE' all find
Sở Tài nguyên và Môi trường.

Matching is on folded tokens (no diacritics, đ→d, case-folded, punctuation dropped):
every query token must occur in a label. Ranking prefers exact labels, then labels with
the fewest extra tokens, then resources the plan mentions most often (so the provincial
department outranks the ministry of the same name).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..config import ONTOLOGY_NS

_TOKEN = re.compile(r"[a-z0-9]+")

LABELS_QUERY = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX ttx: <{ONTOLOGY_NS}>
SELECT ?s ?label ?prop ?type ?uses WHERE {{
  {{
    SELECT ?s (COUNT(?row) AS ?uses) WHERE {{
      ?s rdfs:label|skos:prefLabel ?anyLabel .
      OPTIONAL {{ ?row ttx:leadAgency|ttx:cooperatingAgency|ttx:responsibleAgency|ttx:location ?s }}
    }} GROUP BY ?s
  }}
  VALUES ?prop {{ rdfs:label skos:prefLabel skos:altLabel skos:hiddenLabel skos:notation }}
  ?s ?prop ?label .
  OPTIONAL {{ ?s a ?type }}
}}
"""


def fold(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


def normalize(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(text)))


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str  # the label that matched
    score: float
    types: tuple[str, ...]


@dataclass
class _Entry:
    iri: str
    label: str
    tokens: tuple[str, ...]


class LabelIndex:
    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.types: dict[str, set[str]] = {}
        self.uses: dict[str, int] = {}
        self.names: dict[str, str] = {}  # a display label per resource (vi rdfs:label preferred)

    @classmethod
    def from_store(cls, store) -> "LabelIndex":
        return cls.from_rows(store.query(LABELS_QUERY).rows())

    @classmethod
    def from_rows(cls, rows) -> "LabelIndex":
        """From rows of LABELS_QUERY in the SPARQL JSON results shape."""
        idx = cls()
        seen: set[tuple[str, str]] = set()
        for row in rows:
            iri = row["s"]["value"]
            if row["s"]["type"] != "uri":
                continue
            label = row["label"]["value"]
            if "type" in row:
                idx.types.setdefault(iri, set()).add(row["type"]["value"])
            idx.uses[iri] = int(row["uses"]["value"])
            if row["prop"]["value"].endswith("#label") and row["label"].get("xml:lang") == "vi":
                idx.names[iri] = label
            if (iri, label) in seen:
                continue
            seen.add((iri, label))
            tokens = normalize(label)
            if tokens:
                idx.entries.append(_Entry(iri, label, tokens))
        return idx

    def search(self, query: str, *, limit: int = 20, types: set[str] | None = None) -> list[Hit]:
        q = normalize(query)
        if not q:
            return []
        best: dict[str, tuple[float, str]] = {}
        for e in self.entries:
            if types and not (self.types.get(e.iri, set()) & types):
                continue
            score = _score(q, e.tokens)
            if score <= 0:
                continue
            score += min(self.uses.get(e.iri, 0), 200) / 1000.0
            if e.iri not in best or score > best[e.iri][0]:
                best[e.iri] = (score, e.label)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
        return [Hit(iri, label, round(score, 4), tuple(sorted(self.types.get(iri, ()))))
                for iri, (score, label) in ranked]


def _score(q: tuple[str, ...], label: tuple[str, ...]) -> float:
    if q == label:
        return 10.0
    if len(q) > len(label):
        return 0.0
    words = set(label)
    if not all(t in words for t in q):
        # a short query may be a prefix of a word ('moi truo')
        if not all(any(w.startswith(t) for w in label) for t in q):
            return 0.0
        return 2.0 - (len(label) - len(q)) * 0.05
    contiguous = any(label[i:i + len(q)] == q for i in range(len(label) - len(q) + 1))
    return (6.0 if contiguous else 5.0) - (len(label) - len(q)) * 0.1
