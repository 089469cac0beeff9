"""National reference data and mappings: data/curation/national/ → data/national/national.ttl (graph
<B/graph/national>) and data/mappings/mappings.ttl (graph <B/graph/mappings>).

Inputs (reviewable tables; see data/curation/national/README.md and docs/national.md):

- fact tables (`legal.tsv`, `agencies.tsv`, `places.tsv`, `1658-*.tsv`, `target-categories.tsv`,
  `national-plans.tsv`, `882-themes.tsv`, `tt10-indicators.tsv`, `sdg.tsv`, `changes.tsv`): one row per
  resource, every row with a `source` (http(s) URLs) and a `status` (confirmed | unconfirmed). The URLs become
  `prov:wasDerivedFrom`, the status `ttx:confirmationStatus`;
- `codes.ttl`: the evidence-level, confirmation-status and change-kind code lists;
- `mappings.sssom.tsv`: SSSOM mapping table with an `evidence_level` extension column. Each row becomes the
  direct triple (subject predicate object) plus a `ttx:Mapping` record carrying justification, confidence,
  evidence level and comment.

Every problem raises SourceError naming file, line and row id: a reference to a resource that exists nowhere,
a fact without a source URL, an unknown status, a mapping that disagrees with the registry or the change events.
Nothing in the plan data is rewritten; facts about plan resources (e.g. QĐ 1658) are added, and those the plan
already states (type, number, date) must agree with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..config import DEFAULT_BASE, Paths, base_iri
from .errors import SourceError
from .iris import ELI, ORG, QB, QUDT, TTX, UNIT
from .pipeline import load_registry, serialize, write_atomic

SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
SDG_PREFIX = "http://metadata.un.org/sdg/"
SDG_IRI = re.compile(r"^http://metadata\.un\.org/sdg/(?:\d{1,2}(?:\.(?:\d{1,2}|[a-z]))?|C\d{6})$")
URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
REL_IRI = re.compile(r"^[a-z0-9][A-Za-z0-9._/\-]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NO_TERM = SSSOM.NoTermFound

STATUSES = ("confirmed", "unconfirmed")
COMPARATORS = ("eq", "ge", "gt", "le", "lt", "approx", "range")
CHANGE_KINDS = ("merger", "absorption", "abolition")
LEGAL_TYPES = {"Decision": ("Quyết định số", "Decision No."), "Circular": ("Thông tư số", "Circular No."),
               "Resolution": ("Nghị quyết số", "Resolution No."), "Decree": ("Nghị định số", "Decree No."),
               "Law": ("Luật", "Law")}
AGENCY_TYPES = ("Ministry", "ProvincialDepartment", "PeoplesCommittee", "StateBody")
MAPPING_PREDICATES = {
    "skos:exactMatch": SKOS.exactMatch, "skos:closeMatch": SKOS.closeMatch, "skos:broadMatch": SKOS.broadMatch,
    "skos:narrowMatch": SKOS.narrowMatch, "skos:relatedMatch": SKOS.relatedMatch,
    "ttx:lineMinistry": TTX.lineMinistry, "ttx:successor": TTX.successor,
}
JUSTIFICATIONS = ("ManualMappingCuration", "LexicalMatching", "LogicalReasoning", "CompositeMatching",
                  "UnspecifiedMatching", "SemanticSimilarityThresholdMatching", "MappingReview")
SSSOM_COLUMNS = ["record_id", "subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                 "mapping_justification", "confidence", "evidence_level", "see_also", "comment"]

FACT_FILES = {  # file → required columns (in addition to id, status, source, note)
    "legal.tsv": ["iri", "type", "id_local", "date_document", "in_force", "published", "passed_by", "signer",
                  "title_vi", "title_en", "repeals", "indicator_count", "description_en"],
    "agencies.tsv": ["iri", "type", "label_vi", "label_en", "alt_labels", "notation", "parent", "line_ministry",
                     "spatial", "valid_from"],
    "places.tsv": ["iri", "type", "label_vi", "label_en", "alt_labels", "within", "valid_from"],
    "target-categories.tsv": ["slug", "label_vi", "label_en"],
    "1658-objectives.tsv": ["notation", "label_vi", "label_en"],
    "1658-targets.tsv": ["slug", "objective", "label_vi", "label_en", "unit", "unit_text"],
    "1658-target-values.tsv": ["target", "year", "category", "comparator", "value", "min", "max", "value_text"],
    "national-plans.tsv": ["iri", "label_vi", "label_en", "issued_by", "theme_count", "task_group_count",
                           "task_total"],
    "882-themes.tsv": ["key", "number", "label_vi", "label_en", "task_groups", "tasks"],
    "tt10-indicators.tsv": ["code", "objective", "label_en", "label_vi", "lead"],
    "sdg.tsv": ["iri", "kind", "notation", "label_en"],
    "changes.tsv": ["event", "date", "kind", "label_vi", "label_en", "original", "resulting", "affected",
                    "legal_basis", "evidence_level"],
}
COMMON_COLUMNS = ["id", "status", "source", "note"]

PREFIXES = {"ttx": TTX, "eli": ELI, "org": ORG, "qb": QB, "qudt": QUDT, "unit": UNIT, "prov": PROV,
            "dcterms": DCTERMS, "skos": SKOS, "sssom": SSSOM, "semapv": SEMAPV, "sdgo": SDGO, "owl": OWL}


# ---------------------------------------------------------------------------------------------- tables


@dataclass
class Row:
    file: Path
    line: int
    id: str
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")

    def error(self, problem: str) -> SourceError:
        return SourceError(problem, file=self.file, line=self.line, row=self.id or None)


@dataclass
class Table:
    path: Path
    header: list[str]
    rows: list[Row]
    comments: list[str] = field(default_factory=list)


def read_table(path: Path, required: list[str], id_column: str = "id") -> Table:
    """A TSV with '#' comment lines before the header; every row has every column of the header."""
    if not path.is_file():
        raise SourceError("curated table missing", file=path)
    header: list[str] | None = None
    rows: list[Row] = []
    comments: list[str] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        if raw.startswith("#"):
            if header is None:
                comments.append(raw)
                continue
            raise SourceError("comment line inside the table", file=path, line=number)
        cells = raw.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in required if c not in header]
            unknown = [c for c in header if c not in required]
            if missing or unknown:
                raise SourceError(f"header must have the columns {', '.join(required)}"
                                  + (f"; missing {', '.join(missing)}" if missing else "")
                                  + (f"; unknown {', '.join(unknown)}" if unknown else ""), file=path, line=number)
            continue
        row_id = cells[header.index(id_column)].strip() if len(cells) > header.index(id_column) else ""
        if len(cells) != len(header):
            raise SourceError(f"{len(cells)} cells for {len(header)} columns", file=path, line=number,
                              row=row_id or None)
        row = Row(path, number, row_id, {h: c.strip() for h, c in zip(header, cells)})
        if not row_id:
            raise row.error(f"empty {id_column}")
        if row_id in seen:
            raise row.error(f"duplicate {id_column} (first on line {seen[row_id]})")
        seen[row_id] = number
        rows.append(row)
    if header is None:
        raise SourceError("no header line", file=path)
    return Table(path, header, rows, comments)


def _decimal(row: Row, column: str) -> Decimal | None:
    text = row[column]
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise row.error(f"{column} '{text}' is not a number") from None


def _integer(row: Row, column: str) -> int | None:
    text = row[column]
    if not text:
        return None
    if not re.fullmatch(r"\d+", text):
        raise row.error(f"{column} '{text}' is not a non-negative integer")
    return int(text)


def _date(row: Row, column: str) -> Literal | None:
    text = row[column]
    if not text:
        return None
    if not DATE.match(text):
        raise row.error(f"{column} '{text}' is not a date YYYY-MM-DD")
    return Literal(text, datatype=XSD.date)


# ---------------------------------------------------------------------------------------------- builder


class _Union:
    """Read-only view of several graphs: `triple in view` and `view.objects(s, p)` (no copying)."""

    def __init__(self, *graphs: Graph) -> None:
        self.graphs = graphs

    def __contains__(self, triple) -> bool:
        return any(triple in g for g in self.graphs)

    def objects(self, s, p):
        for g in self.graphs:
            yield from g.objects(s, p)


class NationalBuilder:
    def __init__(self, paths: Paths, base: str, plan: Graph | None = None, registry: Graph | None = None):
        self.base = base.rstrip("/")
        self.dir = paths.curation_dir / "national"
        if plan is None:
            plan = Graph()
            if paths.plan_out.exists():
                plan.parse(paths.plan_out, format="turtle")
        self.plan = plan
        self.registry = registry if registry is not None else load_registry(paths, self.base)
        self.known = _Union(self.plan, self.registry)  # what exists before this build
        self.g = Graph()
        self.m = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
            self.m.bind(prefix, ns)
        for g in (self.g, self.m):
            g.bind("agency", URIRef(f"{self.base}/agency/"))
            g.bind("legal", URIRef(f"{self.base}/legal/"))
            g.bind("national", URIRef(f"{self.base}/national/"))
            g.bind("code", URIRef(f"{self.base}/code/"))
            g.bind("plan", URIRef(f"{self.base}/plan/ben-tre-2021-2030/"))
        self.m.bind("mapping", URIRef(f"{self.base}/mappings/national/"))
        self.declared: dict[URIRef, Row] = {}  # IRIs this build mints or describes → their row
        self.tables: dict[str, Table] = {}
        self.events: dict[URIRef, dict] = {}
        self.sdg: set[URIRef] = set()

    # -- IRIs and existence ------------------------------------------------------------------------

    def b(self, path: str) -> URIRef:
        return URIRef(f"{self.base}/{path}")

    def rel(self, row: Row, column: str, value: str | None = None) -> URIRef:
        text = row[column] if value is None else value
        if not REL_IRI.match(text) or "//" in text:
            raise row.error(f"{column} '{text}' is not a relative IRI like 'agency/vn/bo-tnmt'")
        return self.b(text)

    def rels(self, row: Row, column: str) -> list[URIRef]:
        return [self.rel(row, column, t) for t in row[column].split()]

    def exists(self, iri: URIRef) -> bool:
        return (iri, None, None) in self.known or iri in self.declared or (iri, None, None) in self.g

    def require(self, row: Row, column: str, iri: URIRef) -> URIRef:
        if not self.exists(iri):
            raise row.error(f"{column}: {iri} does not exist in the plan, the registry or the curated national tables")
        return iri

    def declare(self, iri: URIRef, row: Row) -> None:
        if iri in self.declared:
            other = self.declared[iri]
            raise row.error(f"{iri} is already described by {other.file.name}:{other.line}, row {other.id}")
        self.declared[iri] = row

    # -- common fact columns -----------------------------------------------------------------------

    def facts(self, row: Row, subject: URIRef) -> None:
        """source → prov:wasDerivedFrom, status → ttx:confirmationStatus, note → rdfs:comment."""
        urls = row["source"].split()
        if not urls:
            raise row.error("no source URL: every fact needs its source")
        for url in urls:
            if not URL.match(url):
                raise row.error(f"source '{url}' is not an http(s) URL")
            self.g.add((subject, PROV.wasDerivedFrom, URIRef(url)))
        status = row["status"]
        if status not in STATUSES:
            raise row.error(f"status '{status}' is not one of {', '.join(STATUSES)}")
        self.g.add((subject, TTX.confirmationStatus, self.b(f"code/confirmation/{status}")))
        if row["note"]:
            self.g.add((subject, RDFS.comment, Literal(row["note"], lang="en")))

    def labels(self, subject: URIRef, vi: str, en: str, pref: bool = True) -> None:
        for text, lang in ((vi, "vi"), (en, "en")):
            if text:
                self.g.add((subject, RDFS.label, Literal(text, lang=lang)))
                if pref:
                    self.g.add((subject, SKOS.prefLabel, Literal(text, lang=lang)))

    def alt_labels(self, row: Row, subject: URIRef) -> None:
        for part in filter(None, (p.strip() for p in row["alt_labels"].split("|"))):
            m = re.fullmatch(r"(.+)@(vi|en)", part)
            if not m:
                raise row.error(f"alt label '{part}' needs a language tag (text@vi or text@en)")
            self.g.add((subject, SKOS.altLabel, Literal(m.group(1).strip(), lang=m.group(2))))

    # -- the build ---------------------------------------------------------------------------------

    def build(self) -> dict[str, Graph]:
        for name, columns in FACT_FILES.items():
            self.tables[name] = read_table(self.dir / name, COMMON_COLUMNS[:1] + columns + COMMON_COLUMNS[1:])
        self._codes()
        self._declare_all()
        self._legal()
        self._agencies()
        self._places()
        self._categories()
        self._objectives_and_targets()
        self._national_plans()
        self._themes()
        self._tt10()
        self._sdg()
        self._changes()
        self._mappings()
        self._no_blank_nodes()
        return {"national": self.g, "mappings": self.m}

    def _codes(self) -> None:
        path = self.dir / "codes.ttl"
        try:
            self.g.parse(path, format="turtle", publicID=self.base + "/")
        except Exception as exc:  # rdflib raises many parser types
            raise SourceError(f"cannot parse code lists: {exc}", file=path) from None

    def _declare_all(self) -> None:
        """Every IRI the tables mint, so that rows may refer to rows further down or in other tables."""
        t = self.tables
        for name in ("legal.tsv", "agencies.tsv", "places.tsv", "national-plans.tsv"):
            for row in t[name].rows:
                self.declare(self.rel(row, "iri"), row)
        for row in t["target-categories.tsv"].rows:
            self.declare(self.b(f"code/target-category/{row['slug']}"), row)
        for row in t["1658-objectives.tsv"].rows:
            self.declare(self.b(f"national/1658/objective/{row['notation']}"), row)
        for row in t["1658-targets.tsv"].rows:
            self.declare(self.b(f"national/1658/target/{row['slug']}"), row)
        for row in t["1658-target-values.tsv"].rows:
            self.declare(self._value_iri(row), row)
        for row in t["882-themes.tsv"].rows:
            self.declare(self.b(f"national/882/theme/{row['key']}"), row)
        for row in t["tt10-indicators.tsv"].rows:
            self.declare(self.b(f"national/tt10/indicator/{row['code']}"), row)
        for row in t["sdg.tsv"].rows:
            if not SDG_IRI.match(row["iri"]):
                raise row.error(f"'{row['iri']}' is not a UN SDG KOS IRI (http://metadata.un.org/sdg/7.2, …/C070201)")
            self.declare(URIRef(row["iri"]), row)
            self.sdg.add(URIRef(row["iri"]))
        for row in t["changes.tsv"].rows:
            self.declare(self.rel(row, "event"), row)

    def _value_iri(self, row: Row) -> URIRef:
        year = row["year"]
        if not re.fullmatch(r"\d{4}", year):
            raise row.error(f"year '{year}' is not a year")
        path = f"national/1658/target/{row['target']}/{year}"
        return self.b(path + (f"/{row['category']}" if row["category"] else ""))

    # -- legal instruments -------------------------------------------------------------------------

    def _legal(self) -> None:
        for row in self.tables["legal.tsv"].rows:
            s = self.rel(row, "iri")
            kind = row["type"]
            if kind not in LEGAL_TYPES:
                raise row.error(f"type '{kind}' is not one of {', '.join(LEGAL_TYPES)}")
            date = _date(row, "date_document")
            in_plan = (s, None, None) in self.plan
            if in_plan:  # the plan states type, number and date: they must agree, and are not repeated
                if (s, RDF.type, TTX[kind]) not in self.plan:
                    raise row.error(f"type {kind} disagrees with the plan data for {s}")
                if row["id_local"] and (s, ELI.id_local, Literal(row["id_local"])) not in self.plan:
                    raise row.error(f"id_local '{row['id_local']}' disagrees with the plan data for {s}")
                if date is not None and (s, ELI.date_document, date) not in self.plan:
                    raise row.error(f"date_document {date} disagrees with the plan data for {s}")
                if row["passed_by"] and (s, ELI.passed_by, self.rel(row, "passed_by")) not in self.plan:
                    raise row.error(f"passed_by disagrees with the plan data for {s}")
            else:
                self.g.add((s, RDF.type, TTX[kind]))
                if not row["id_local"]:
                    raise row.error("id_local (the instrument's number) is required for a new instrument")
                self.g.add((s, ELI.id_local, Literal(row["id_local"])))
                vi, en = LEGAL_TYPES[kind]
                when_vi = f" ngày {row['date_document'][8:10]}/{row['date_document'][5:7]}/{row['date_document'][:4]}" if date else ""
                when_en = f" of {row['date_document']}" if date else ""
                self.labels(s, f"{vi} {row['id_local']}{when_vi}", f"{en} {row['id_local']}{when_en}", pref=False)
                if date is not None:
                    self.g.add((s, ELI.date_document, date))
                if row["passed_by"]:
                    self.g.add((s, ELI.passed_by, self.require(row, "passed_by", self.rel(row, "passed_by"))))
            for column, prop in (("in_force", ELI.first_date_entry_in_force), ("published", ELI.date_publication)):
                value = _date(row, column)
                if value is not None:
                    self.g.add((s, prop, value))
            if row["signer"]:
                self.g.add((s, TTX.signer, Literal(row["signer"])))
            for column, lang in (("title_vi", "vi"), ("title_en", "en")):
                if row[column]:
                    self.g.add((s, ELI.title, Literal(row[column], lang=lang)))
            for target in self.rels(row, "repeals"):
                self.g.add((s, ELI.repeals, self.require(row, "repeals", target)))
            count = _integer(row, "indicator_count")
            if count is not None:
                self.g.add((s, TTX.declaredIndicatorCount, Literal(count)))
            if row["description_en"]:
                self.g.add((s, DCTERMS.description, Literal(row["description_en"], lang="en")))
            self.facts(row, s)

    # -- agencies and places -----------------------------------------------------------------------

    def _agencies(self) -> None:
        for row in self.tables["agencies.tsv"].rows:
            s = self.rel(row, "iri")
            if (s, None, None) in self.known:
                raise row.error(f"{s} already exists in the plan or registry: describe changes as events, "
                                "do not redefine the agency")
            if row["type"] not in AGENCY_TYPES:
                raise row.error(f"type '{row['type']}' is not one of {', '.join(AGENCY_TYPES)}")
            self.g.add((s, RDF.type, TTX[row["type"]]))
            if not row["label_vi"] or not row["label_en"]:
                raise row.error("label_vi and label_en are required")
            self.labels(s, row["label_vi"], row["label_en"])
            self.alt_labels(row, s)
            if row["notation"]:
                self.g.add((s, SKOS.notation, Literal(row["notation"])))
            for column, prop in (("parent", ORG.subOrganizationOf), ("line_ministry", TTX.lineMinistry),
                                 ("spatial", DCTERMS.spatial)):
                if row[column]:
                    self.g.add((s, prop, self.require(row, column, self.rel(row, column))))
            valid = _date(row, "valid_from")
            if valid is not None:
                self.g.add((s, TTX.validFrom, valid))
            self.facts(row, s)

    def _places(self) -> None:
        for row in self.tables["places.tsv"].rows:
            s = self.rel(row, "iri")
            if (s, None, None) in self.known:
                raise row.error(f"{s} already exists in the plan or registry")
            if row["type"] != "AdministrativeUnit":
                raise row.error("type must be AdministrativeUnit")
            self.g.add((s, RDF.type, TTX.AdministrativeUnit))
            self.labels(s, row["label_vi"], row["label_en"])
            self.alt_labels(row, s)
            if row["within"]:
                self.g.add((s, TTX.withinLocation, self.require(row, "within", self.rel(row, "within"))))
            valid = _date(row, "valid_from")
            if valid is not None:
                self.g.add((s, TTX.validFrom, valid))
            self.facts(row, s)

    def _categories(self) -> None:
        scheme = self.b("code/target-category")
        for row in self.tables["target-categories.tsv"].rows:
            s = self.b(f"code/target-category/{row['slug']}")
            if (s, None, None) in self.known:
                raise row.error(f"{s} already exists in the plan: reuse it, do not redefine it")
            self.g.add((s, RDF.type, SKOS.Concept))
            self.g.add((s, RDF.type, TTX.TargetCategory))
            self.g.add((s, SKOS.inScheme, scheme))
            self.g.add((s, SKOS.notation, Literal(row["slug"])))
            self.labels(s, row["label_vi"], row["label_en"])
            self.facts(row, s)

    # -- QĐ 1658 -----------------------------------------------------------------------------------

    def _objectives_and_targets(self) -> None:
        strategy = self.b("legal/qd-1658-ttg-2021")
        if not self.exists(strategy):
            raise SourceError(f"{strategy} (QĐ 1658) is neither in the plan nor in legal.tsv",
                              file=self.dir / "legal.tsv")
        for row in self.tables["1658-objectives.tsv"].rows:
            s = self.b(f"national/1658/objective/{row['notation']}")
            self.g.add((s, RDF.type, TTX.NationalObjective))
            self.g.add((s, SKOS.notation, Literal(row["notation"])))
            self.labels(s, row["label_vi"], row["label_en"])
            self.g.add((s, TTX.establishedBy, strategy))
            self.facts(row, s)
        units: dict[URIRef, tuple[str, str]] = {}
        for row in self.tables["1658-targets.tsv"].rows:
            s = self.b(f"national/1658/target/{row['slug']}")
            self.g.add((s, RDF.type, TTX.NationalTarget))
            self.g.add((s, SKOS.notation, Literal(row["slug"])))
            self.labels(s, row["label_vi"], row["label_en"])
            objective = self.b(f"national/1658/objective/{row['objective']}")
            self.g.add((s, TTX.nationalObjective, self.require(row, "objective", objective)))
            self.g.add((s, TTX.establishedBy, strategy))
            if row["unit"] and not re.fullmatch(r"[A-Z][A-Z0-9_-]*", row["unit"]):
                raise row.error(f"unit '{row['unit']}' is not a QUDT unit local name like PERCENT")
            units[s] = (row["unit"], row["unit_text"])
            self.facts(row, s)
        dataset = self.b("national/1658/targets")
        self.g.add((dataset, RDF.type, QB.DataSet))
        self.labels(dataset, "Giá trị mục tiêu của Chiến lược quốc gia về tăng trưởng xanh (Quyết định 1658/QĐ-TTg)",
                    "Target values of the National Green Growth Strategy (Decision 1658/QĐ-TTg)")
        for row in self.tables["1658-target-values.tsv"].rows:
            s = self._value_iri(row)
            target = self.require(row, "target", self.b(f"national/1658/target/{row['target']}"))
            if target not in units:
                raise row.error(f"target '{row['target']}' is not a row of 1658-targets.tsv")
            self.g.add((s, RDF.type, TTX.NationalTargetValue))
            self.g.add((s, TTX.nationalTarget, target))
            self.g.add((s, QB.dataSet, dataset))
            self.g.add((s, TTX.targetYear, Literal(row["year"], datatype=XSD.gYear)))
            self.g.add((s, TTX.targetKind, Literal("quantitative")))
            if row["category"]:
                self.g.add((s, TTX.category, self.require(row, "category",
                                                          self.b(f"code/target-category/{row['category']}"))))
            comparator = row["comparator"]
            if comparator not in COMPARATORS:
                raise row.error(f"comparator '{comparator}' is not one of {', '.join(COMPARATORS)}")
            self.g.add((s, TTX.comparator, self.require(row, "comparator", self.b(f"code/comparator/{comparator}"))))
            value, low, high = _decimal(row, "value"), _decimal(row, "min"), _decimal(row, "max")
            if comparator == "range":
                if low is None or high is None or value is not None or low > high:
                    raise row.error("a range needs min ≤ max and no value")
                self.g.add((s, TTX.minValue, Literal(low)))
                self.g.add((s, TTX.maxValue, Literal(high)))
            else:
                if value is None or low is not None or high is not None:
                    raise row.error(f"comparator '{comparator}' needs a value and no min/max")
                self.g.add((s, TTX.value, Literal(value)))
            if not row["value_text"]:
                raise row.error("value_text is required")
            self.g.add((s, TTX.valueText, Literal(row["value_text"])))
            unit, unit_text = units[target]
            if unit:
                self.g.add((s, QUDT.unit, UNIT[unit]))
            if unit_text:
                self.g.add((s, TTX.unitText, Literal(unit_text)))
            name_vi, name_en = (self._label(self.g, target, lang) for lang in ("vi", "en"))
            cat_vi = cat_en = ""
            if row["category"]:
                cat = self.b(f"code/target-category/{row['category']}")
                graph = self.g if (cat, None, None) in self.g else self.known
                cat_vi, cat_en = (", " + self._label(graph, cat, lang) for lang in ("vi", "en"))
            self.labels(s, f"{name_vi}, năm {row['year']}{cat_vi}: {row['value_text']}",
                        f"{name_en}, {row['year']}{cat_en}: {row['value_text']}", pref=False)
            self.facts(row, s)

    @staticmethod
    def _label(graph: Graph, iri: URIRef, lang: str) -> str:
        return min(str(o) for o in graph.objects(iri, RDFS.label) if getattr(o, "language", None) == lang)

    # -- QĐ 882 ------------------------------------------------------------------------------------

    def _national_plans(self) -> None:
        for row in self.tables["national-plans.tsv"].rows:
            s = self.rel(row, "iri")
            decision = self.require(row, "issued_by", self.rel(row, "issued_by"))
            self.g.add((s, RDF.type, TTX.Plan))
            self.labels(s, row["label_vi"], row["label_en"])
            self.g.add((s, TTX.issuedBy, decision))
            self.g.add((decision, TTX.issues, s))
            for column, prop in (("theme_count", TTX.declaredThemeCount),
                                 ("task_group_count", TTX.declaredTaskGroupCount),
                                 ("task_total", TTX.declaredTaskTotal)):
                n = _integer(row, column)
                if n is not None:
                    self.g.add((s, prop, Literal(n)))
            self.facts(row, s)

    def _themes(self) -> None:
        plan = self.b("national/882")
        scheme = self.b("national/882/themes")
        decision = self.b("legal/qd-882-ttg-2022")
        self.g.add((scheme, RDF.type, SKOS.ConceptScheme))
        self.labels(scheme, "Các chủ đề của Kế hoạch hành động quốc gia về tăng trưởng xanh (Quyết định 882/QĐ-TTg)",
                    "Themes of the National Green Growth Action Plan (Decision 882/QĐ-TTg)")
        for row in self.tables["882-themes.tsv"].rows:
            key, number = row["key"], row["number"]
            if number and key != number:
                raise row.error(f"key '{key}' must be the theme number '{number}' when the number is known")
            if not number and not re.fullmatch(r"[a-z][a-z0-9-]*", key):
                raise row.error(f"key '{key}' must be an ASCII slug when the number is unknown")
            s = self.b(f"national/882/theme/{key}")
            self.g.add((s, RDF.type, TTX.NationalTheme))
            self.g.add((s, SKOS.inScheme, scheme))
            self.g.add((s, DCTERMS.isPartOf, self.require(row, "key", plan)))
            self.g.add((s, TTX.establishedBy, self.require(row, "key", decision)))
            if number:
                self.g.add((s, SKOS.notation, Literal(number)))
            self.labels(s, row["label_vi"], row["label_en"])
            for column, prop in (("task_groups", TTX.declaredTaskGroupCount), ("tasks", TTX.declaredSpecificTaskCount)):
                n = _integer(row, column)
                if n is not None:
                    self.g.add((s, prop, Literal(n)))
            self.facts(row, s)

    # -- TT 10/2023, SDGs ----------------------------------------------------------------------------

    def _tt10(self) -> None:
        scheme = self.b("national/tt10")
        circular = self.b("legal/tt-10-bkhdt-2023")
        self.g.add((scheme, RDF.type, SKOS.ConceptScheme))
        self.labels(scheme, "Bộ chỉ tiêu thống kê tăng trưởng xanh (Thông tư 10/2023/TT-BKHĐT)",
                    "Green growth statistical indicator set (Circular 10/2023/TT-BKHĐT)")
        for row in self.tables["tt10-indicators.tsv"].rows:
            code = row["code"]
            if not re.fullmatch(r"\d+\.\d+", code) or not code.startswith(row["objective"] + "."):
                raise row.error(f"code '{code}' must be 'objective.n' with objective {row['objective']}")
            s = self.b(f"national/tt10/indicator/{code}")
            self.g.add((s, RDF.type, TTX.NationalIndicator))
            self.g.add((s, SKOS.inScheme, scheme))
            self.g.add((s, SKOS.notation, Literal(code)))
            self.g.add((s, TTX.establishedBy, self.require(row, "code", circular)))
            self.labels(s, row["label_vi"], row["label_en"])
            if row["lead"]:
                self.g.add((s, TTX.statisticsLead, self.require(row, "lead", self.rel(row, "lead"))))
            self.facts(row, s)

    def _sdg(self) -> None:
        for row in self.tables["sdg.tsv"].rows:
            s = URIRef(row["iri"])
            kind = {"target": SDGO.Target, "indicator": SDGO.Indicator}.get(row["kind"])
            if kind is None:
                raise row.error(f"kind '{row['kind']}' is not target or indicator")
            indicator_iri = row["iri"].rsplit("/", 1)[1].startswith("C")
            if indicator_iri != (row["kind"] == "indicator"):
                raise row.error("indicator IRIs are …/sdg/C……, target IRIs …/sdg/{goal}.{target}")
            self.g.add((s, RDF.type, kind))
            self.g.add((s, RDF.type, SKOS.Concept))
            self.g.add((s, SKOS.notation, Literal(row["notation"])))
            self.labels(s, "", row["label_en"])
            self.facts(row, s)

    # -- organisational change ---------------------------------------------------------------------

    def _changes(self) -> None:
        until: dict[URIRef, tuple[Literal, Row]] = {}
        for row in self.tables["changes.tsv"].rows:
            ev = self.rel(row, "event")
            date = _date(row, "date")
            if date is None:
                raise row.error("date is required")
            kind = row["kind"]
            if kind not in CHANGE_KINDS:
                raise row.error(f"kind '{kind}' is not one of {', '.join(CHANGE_KINDS)}")
            level = self.b(f"code/evidence-level/{row['evidence_level']}")
            if (level, RDF.type, TTX.EvidenceLevel) not in self.g:
                raise row.error(f"evidence_level '{row['evidence_level']}' is not in codes.ttl")
            if row["evidence_level"] != "confirmed" and row["status"] == "confirmed":
                raise row.error(f"an event with evidence level '{row['evidence_level']}' cannot be confirmed")
            original = [self.require(row, "original", o) for o in self.rels(row, "original")]
            resulting = [self.require(row, "resulting", o) for o in self.rels(row, "resulting")]
            affected = [self.require(row, "affected", o) for o in self.rels(row, "affected")]
            if not original:
                raise row.error("an event needs at least one original organisation")
            if (kind == "abolition") != (not resulting):
                raise row.error("an abolition has no resulting organisation; a merger or absorption has one")
            self.g.add((ev, RDF.type, ORG.ChangeEvent))
            self.labels(ev, row["label_vi"], row["label_en"], pref=False)
            self.g.add((ev, TTX.effectiveDate, date))
            self.g.add((ev, TTX.changeKind, self.b(f"code/change-kind/{kind}")))
            self.g.add((ev, TTX.evidenceLevel, level))
            for o in original:
                self.g.add((ev, ORG.originalOrganization, o))
                self.g.add((o, ORG.changedBy, ev))
                if o in until and until[o][0] != date:
                    raise row.error(f"{o} already ends on {until[o][0]} ({until[o][1].id})")
                until[o] = (date, row)
            for r in resulting:
                self.g.add((ev, ORG.resultingOrganization, r))
                self.g.add((r, ORG.resultedFrom, ev))
                if kind == "merger":
                    start = self.g.value(r, TTX.validFrom)
                    if start is not None and start != date:
                        raise row.error(f"{r} is created by this merger on {date} but valid_from says {start}")
            for a in affected:
                self.g.add((a, TTX.affectedByChange, ev))
            for basis in self.rels(row, "legal_basis"):
                self.g.add((ev, TTX.legalBasis, self.require(row, "legal_basis", basis)))
            self.facts(row, ev)
            self.events[ev] = {"row": row, "kind": kind, "original": set(original), "resulting": set(resulting),
                               "affected": set(affected), "level": row["evidence_level"]}
        for org_iri, (date, _row) in until.items():
            self.g.add((org_iri, TTX.validUntil, date))

    # -- mappings ----------------------------------------------------------------------------------

    def _curie_map(self, table: Table) -> dict[str, str]:
        prefixes: dict[str, str] = {}
        in_map = False
        for line in table.comments:
            text = line.lstrip("#")
            if re.match(r"^curie_map:\s*$", text):
                in_map = True
                continue
            m = re.match(r"^\s+([A-Za-z][\w-]*):\s*(\S+)\s*$", text)
            if in_map and m:
                iri = m.group(2)
                if iri.startswith(DEFAULT_BASE + "/"):  # the data base IRI is configurable
                    iri = self.base + iri[len(DEFAULT_BASE):]
                prefixes[m.group(1)] = iri
            elif in_map:
                in_map = False
        return prefixes

    def _expand(self, row: Row, column: str, prefixes: dict[str, str]) -> URIRef:
        text = row[column]
        m = re.fullmatch(r"([A-Za-z][\w-]*):(\S*)", text)
        if not m or text.startswith(("http:", "https:")):
            raise row.error(f"{column} '{text}' is not a CURIE (prefix:local)")
        if m.group(1) not in prefixes:
            raise row.error(f"{column} '{text}': prefix '{m.group(1)}' is not in the curie_map")
        return URIRef(prefixes[m.group(1)] + m.group(2))

    def _label_ok(self, iri: URIRef, label: str) -> bool:
        props = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, TTX.shortTitle, SKOS.notation)
        for g in (self.g, self.known):
            for p in props:
                if any(str(o) == label for o in g.objects(iri, p)):
                    return True
        return False

    def _mappings(self) -> None:
        path = self.dir / "mappings.sssom.tsv"
        table = read_table(path, SSSOM_COLUMNS, id_column="record_id")
        prefixes = self._curie_map(table)
        for needed in ("skos", "semapv", "sssom", "ttx"):
            if needed not in prefixes:
                raise SourceError(f"curie_map lacks the prefix '{needed}'", file=path)
        mapping_set = self.b("mappings/national")
        self.m.add((mapping_set, RDF.type, PROV.Entity))
        self.m.add((mapping_set, RDFS.label, Literal("Ánh xạ Kế hoạch TTX Bến Tre với khung quốc gia và SDG", lang="vi")))
        self.m.add((mapping_set, RDFS.label, Literal("Mappings of the Bến Tre green growth plan to the national framework and the SDGs", lang="en")))
        self.m.add((mapping_set, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
        successor_rows: dict[URIRef, list[Row]] = {}
        for row in table.rows:
            rid = row.id
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", rid):
                raise row.error(f"record_id '{rid}' may hold only letters, digits, '.', '_' and '-'")
            subject = self._expand(row, "subject_id", prefixes)
            pred_curie = row["predicate_id"]
            if pred_curie not in MAPPING_PREDICATES:
                raise row.error(f"predicate_id '{pred_curie}' is not one of {', '.join(MAPPING_PREDICATES)}")
            predicate = MAPPING_PREDICATES[pred_curie]
            obj = self._expand(row, "object_id", prefixes)
            if not self.exists(subject):
                raise row.error(f"subject {subject} does not exist in the plan, the registry or the national data")
            if obj == NO_TERM:
                if predicate not in (SKOS.exactMatch, SKOS.closeMatch, TTX.successor):
                    raise row.error("sssom:NoTermFound is only allowed with skos:exactMatch, skos:closeMatch or ttx:successor")
            elif str(obj).startswith(SDG_PREFIX):
                if not SDG_IRI.match(str(obj)):
                    raise row.error(f"object {obj} is not a well-formed UN SDG KOS IRI")
                if obj not in self.sdg:
                    raise row.error(f"object {obj} is not described in sdg.tsv")
            elif not self.exists(obj):
                raise row.error(f"object {obj} does not exist in the national data or the registry")
            just = self._expand(row, "mapping_justification", prefixes)
            if not str(just).startswith(str(SEMAPV)) or str(just)[len(str(SEMAPV)):] not in JUSTIFICATIONS:
                raise row.error(f"mapping_justification '{row['mapping_justification']}' is not a semapv: justification")
            try:
                confidence = Decimal(row["confidence"])
            except InvalidOperation:
                raise row.error(f"confidence '{row['confidence']}' is not a number") from None
            if not Decimal(0) <= confidence <= Decimal(1):
                raise row.error("confidence must lie in [0, 1]")
            level_name = row["evidence_level"]
            level = self.b(f"code/evidence-level/{level_name}")
            if (level, RDF.type, TTX.EvidenceLevel) not in self.g:
                raise row.error(f"evidence_level '{level_name}' is not in codes.ttl")
            if predicate == TTX.lineMinistry and (subject, TTX.lineMinistry, obj) not in self.known:
                raise row.error(f"the registry does not give {obj} as line ministry of {subject}")
            if predicate == TTX.successor:
                self._check_succession(row, subject, obj, level_name)
                successor_rows.setdefault(subject, []).append(row)
            for column, iri in (("subject_label", subject), ("object_label", obj)):
                if row[column] and iri != NO_TERM and not self._label_ok(iri, row[column]):
                    raise row.error(f"{column} '{row[column]}' is not a label or notation of {iri}")
            record = self.b(f"mappings/national/{rid}")
            self.m.add((record, RDF.type, TTX.Mapping))
            self.m.add((record, DCTERMS.isPartOf, mapping_set))
            self.m.add((record, DCTERMS.identifier, Literal(rid)))
            self.m.add((record, RDFS.label, Literal(f"Ánh xạ {rid} ({pred_curie})", lang="vi")))
            self.m.add((record, RDFS.label, Literal(f"Mapping {rid} ({pred_curie})", lang="en")))
            self.m.add((record, TTX.mappingSubject, subject))
            self.m.add((record, TTX.mappingPredicate, predicate))
            self.m.add((record, TTX.mappingObject, obj))
            self.m.add((record, SSSOM.mapping_justification, just))
            self.m.add((record, SSSOM.confidence, Literal(confidence)))
            self.m.add((record, TTX.evidenceLevel, level))
            if row["comment"]:
                self.m.add((record, RDFS.comment, Literal(row["comment"], lang="en")))
            for url in row["see_also"].split():
                if not URL.match(url):
                    raise row.error(f"see_also '{url}' is not an http(s) URL")
                self.m.add((record, RDFS.seeAlso, URIRef(url)))
            if obj != NO_TERM:
                self.m.add((subject, predicate, obj))
        for ev, info in self.events.items():  # every succession the events imply is in the table
            if info["kind"] == "abolition":
                continue
            for o in sorted(info["original"]):
                if o not in successor_rows:
                    raise info["row"].error(f"no ttx:successor row in mappings.sssom.tsv for {o}")

    def _check_succession(self, row: Row, subject: URIRef, obj: URIRef, level: str) -> None:
        for ev, info in self.events.items():
            if obj == NO_TERM:
                if info["kind"] == "abolition" and (subject in info["original"] or subject in info["affected"]):
                    break
            elif subject in info["original"] and obj in info["resulting"]:
                break
        else:
            raise row.error(f"no change event in changes.tsv has {subject} as original and "
                            f"{'no successor' if obj == NO_TERM else obj} as result")
        if info["level"] != level:
            raise row.error(f"evidence_level '{level}' differs from the event's '{info['level']}' "
                            f"({info['row'].file.name}:{info['row'].line})")

    def _no_blank_nodes(self) -> None:
        from rdflib import BNode
        for g in (self.g, self.m):
            for t in g:
                if any(isinstance(x, BNode) for x in t):
                    raise SourceError(f"blank node in the output: {t}", file=self.dir)


# ---------------------------------------------------------------------------------------------- API


def build_national(paths: Paths, base: str | None = None, plan: Graph | None = None) -> dict[str, Graph]:
    """{'national': graph for <B/graph/national>, 'mappings': graph for <B/graph/mappings>}.

    `plan` is the plan graph built with the same base (default: parse data/plan/…ttl)."""
    return NationalBuilder(paths, base or base_iri(), plan).build()


def output_paths(paths: Paths) -> dict[str, Path]:
    return {"national": paths.root / "data" / "national" / "national.ttl",
            "mappings": paths.root / "data" / "mappings" / "mappings.ttl"}


def write_national(paths: Paths, base: str | None = None, plan: Graph | None = None) -> list[Path]:
    """Build both graphs, then write them (each replaced atomically; nothing is written if the build fails).
    Returns the files whose content changed."""
    graphs = build_national(paths, base, plan)
    data = {name: serialize(g) for name, g in graphs.items()}
    changed = []
    for name, path in output_paths(paths).items():
        if write_atomic(path, data[name]):
            changed.append(path)
    return changed
