"""Public IRIs. The patterns here are documented in docs/model.md and the README; they are
a contract, change them only with a version bump."""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef

from ..config import ONTOLOGY_NS, PLAN_SLUG

TTX = Namespace(ONTOLOGY_NS)
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
TIME = Namespace("http://www.w3.org/2006/time#")


def slug(text: str) -> str:
    """ASCII slug of Vietnamese text: 'Luật Tổ chức' → 'luat-to-chuc'."""
    text = text.replace("Đ", "D").replace("đ", "d")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class Iris:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.plan = URIRef(f"{self.base}/plan/{PLAN_SLUG}")

    def _b(self, path: str) -> URIRef:
        return URIRef(f"{self.base}/{path}")

    def _p(self, path: str) -> URIRef:
        return URIRef(f"{self.plan}/{path}")

    # plan components
    def theme(self, n: str) -> URIRef:
        return self._p(f"theme/{n}")

    def task(self, notation: str) -> URIRef:
        return self._p(f"task/{notation}")

    def activity(self, notation: str) -> URIRef:
        return self._p(f"activity/{notation}")

    def row(self, kind: str, notation: str) -> URIRef:
        return {"theme": self.theme, "task": self.task, "activity": self.activity}[kind](notation)

    def clause(self, path: str) -> URIRef:
        return self._p(path)

    def indicator(self, n: int) -> URIRef:
        return self._p(f"indicator/{n}")

    def project(self, group: str, n: int) -> URIRef:
        return self._p(f"project/{group}.{n}")

    def project_field(self, group: str) -> URIRef:
        return self._p(f"project-field/{group}")

    def technology(self, sector: int, n: int) -> URIRef:
        return self._p(f"technology/{sector}.{n}")

    def technology_sector(self, sector: int) -> URIRef:
        return self._p(f"technology-sector/{sector}")

    def targets_dataset(self) -> URIRef:
        return self._p("targets")

    # shared resources
    def legal(self, slug_: str) -> URIRef:
        return self._b(f"legal/{slug_}")

    def code(self, scheme: str, value: str) -> URIRef:
        return self._b(f"code/{scheme}/{value}")

    def year(self, year: int) -> URIRef:
        return self._b(f"period/{year}")

    def interval(self, start: int, end: int) -> URIRef:
        return self._b(f"period/{start}-{end}")

    def source(self, name: str) -> URIRef:
        return self._b(f"source/{name}")

    def graph(self, name: str) -> URIRef:
        return self._b(f"graph/{name}")

    def place(self, path: str) -> URIRef:
        return self._b(f"place/{path}")

    def agency(self, path: str) -> URIRef:
        return self._b(f"agency/{path}")
