"""Resolve agency names in the source to the curated registry.

Names in the source vary (commas, dashes, capitals, typos) and cells list several
names separated by commas, semicolons or 'và' — which also occur inside names
('Sở Văn hóa, Thể thao và Du lịch', 'UBND các huyện, thành phố'). So a cell is read by
longest match of registry labels over its words, punctuation ignored, and every match
must be followed by a separator or the end. A name the registry does not know is an
error, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .errors import SourceError

TTX = "https://w3id.org/ttx-kg/ontology/"
ACTOR_CLASSES = frozenset(URIRef(TTX + c) for c in (
    "Agency", "ProvincialDepartment", "Ministry", "PeoplesCommittee", "StateBody", "AgencyCollective"))
PLACE_CLASSES = frozenset(URIRef(TTX + c) for c in (
    "Location", "AdministrativeUnit", "LocationGroup", "ExternalLocation"))
SEPARATOR_WORDS = {"và"}
NEGATIONS = {"phi"}  # 'phi chính phủ' (non-governmental) names no government
QUALIFIERS = (("tham", "vấn", "với"),)  # 'tham vấn với X' = X is consulted

_WORD = re.compile(r"\w+", re.UNICODE)


def _key(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


def label_key(label: str) -> tuple[str, ...]:
    return tuple(_key(w) for w in _WORD.findall(label))


@dataclass(frozen=True)
class Mention:
    actor: URIRef
    text: str  # exactly as in the source
    matched_label: str
    variant: bool  # differs from the canonical Vietnamese name beyond first-letter case
    qualifier: str | None
    order: int
    start: int = 0  # character offsets of the mention in the text it was found in
    end: int = 0
    separated: bool = True  # a comma, semicolon or 'và' stood between it and the previous name


class UnknownAgency(ValueError):
    pass


class NameIndex:
    """Labels of registry resources of some classes, matched word by word."""

    def __init__(self, graph: Graph, classes: frozenset[URIRef] = ACTOR_CLASSES) -> None:
        self.graph = graph
        self.labels: dict[tuple[str, ...], tuple[URIRef, str]] = {}
        self.canonical: dict[URIRef, str] = {}
        self.max_len = 1
        actors = {s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
        for actor in sorted(actors):
            for pred in (SKOS.prefLabel, RDFS.label, SKOS.altLabel, SKOS.hiddenLabel):
                for lit in sorted(graph.objects(actor, pred)):
                    lang = getattr(lit, "language", None)
                    if pred in (SKOS.prefLabel,) and lang == "vi":
                        self.canonical.setdefault(actor, str(lit))
                    key = label_key(str(lit))
                    if not key:
                        continue
                    owner = self.labels.get(key)
                    if owner and owner[0] != actor:
                        raise SourceError(
                            f"registry label '{lit}' is used by both <{owner[0]}> and <{actor}>")
                    if not owner or (pred == SKOS.prefLabel and lang == "vi"):
                        self.labels[key] = (actor, str(lit))
                    self.max_len = max(self.max_len, len(key))
        missing = sorted(a for a in actors if a not in self.canonical)
        if missing:
            raise SourceError(f"registry entries without a Vietnamese skos:prefLabel: {missing[:5]}")

    # -- cells -------------------------------------------------------------
    def resolve_cell(self, cell: str) -> list[Mention]:
        """Every name in a lead/cooperating cell, in order; raises UnknownAgency."""
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(cell)]
        keys = [_key(w) for w, _, _ in words]
        out: list[Mention] = []
        i = 0
        qualifier: str | None = None
        separated = True
        while i < len(words):
            if keys[i] in SEPARATOR_WORDS and out:
                separated = True
                i += 1
                continue
            q = next((q for q in QUALIFIERS if tuple(keys[i:i + len(q)]) == q), None)
            if q:
                qualifier = cell[words[i][1]:words[i + len(q) - 1][2]]
                i += len(q)
                continue
            hit = self._longest(keys, i)
            if hit is None:
                rest = cell[words[i][1]:].strip()
                raise UnknownAgency(f"unknown agency '{rest}' in '{cell.strip()}'")
            length, actor, label = hit
            start, end = words[i][1], words[i + length - 1][2]
            if out and not separated:
                separated = bool(re.search(r"[,;]", cell[out[-1].end:start]))
            out.append(self._mention(actor, cell[start:end], label, qualifier, len(out) + 1, start, end,
                                     separated or not out))
            qualifier = None
            separated = False
            i += length
        if not out:
            raise UnknownAgency(f"no agency named in '{cell.strip()}'")
        return out

    def scan_text(self, text: str) -> list[Mention]:
        """Every registry name occurring in running text (words in between are skipped)."""
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
        keys = [_key(w) for w, _, _ in words]
        out: list[Mention] = []
        i = 0
        while i < len(words):
            hit = self._longest(keys, i)
            if hit is None or (i > 0 and keys[i - 1] in NEGATIONS):
                i += 1
                continue
            length, actor, label = hit
            start, end = words[i][1], words[i + length - 1][2]
            out.append(self._mention(actor, text[start:end], label, None, len(out) + 1, start, end))
            i += length
        return out

    def _longest(self, keys: list[str], i: int) -> tuple[int, URIRef, str] | None:
        for length in range(min(self.max_len, len(keys) - i), 0, -1):
            owner = self.labels.get(tuple(keys[i:i + length]))
            if owner:
                return length, owner[0], owner[1]
        return None

    def _mention(self, actor: URIRef, text: str, label: str, qualifier: str | None, order: int,
                 start: int = 0, end: int = 0, separated: bool = True) -> Mention:
        canonical = self.canonical[actor]
        norm = " ".join(text.split())
        variant = norm[:1].casefold() + norm[1:] != canonical[:1].casefold() + canonical[1:]
        return Mention(actor, norm, label, variant, qualifier, order, start, end, separated)
