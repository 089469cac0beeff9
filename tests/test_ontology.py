"""Tests for the ttx-kg OWL 2 DL ontology (ontology/ttx.ttl).

Uses only rdflib and owlready2 (plus the standard library). The HermiT test
starts Java and is marked ``slow``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).parents[1]
ONTOLOGY_PATH = ROOT / "ontology" / "ttx.ttl"
MODEL_MD = ROOT / "docs" / "model.md"

TTX = rdflib.Namespace("https://w3id.org/ttx-kg/ontology/")
# plain Namespace (rdflib's closed XSD namespace warns when pytest introspects it)
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
ONT = URIRef("https://w3id.org/ttx-kg/ontology")
VERSION_IRI = URIRef("https://w3id.org/ttx-kg/ontology/version/0.1.0")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
QB = rdflib.Namespace("http://purl.org/linked-data/cube#")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
TIME = rdflib.Namespace("http://www.w3.org/2006/time#")
QUDT = rdflib.Namespace("http://qudt.org/schema/qudt/")

# --- docs/model.md, section "Ontology terms (`ttx:`)" (hard-coded contract) ---

MODEL_CLASSES = {
    "Plan", "PlanComponent", "Theme", "Task", "Activity",
    "Purpose", "Principle", "Orientation", "Objective",
    "GeneralObjective", "SpecificObjective", "Indicator", "Target", "Project",
    "GreenTechnology", "Responsibility", "ReportingDuty", "FundingArrangement",
    "Actor", "Agency", "ProvincialDepartment", "Ministry", "PeoplesCommittee",
    "StateBody", "AgencyCollective", "AgencyMention",
    "LegalInstrument", "Decision", "Law", "Decree", "Circular", "Resolution",
    "Submission", "Location", "AdministrativeUnit", "LocationGroup",
    "ExternalLocation",
    "FundingSource", "Priority", "ThemeGroup", "PeriodKind", "Comparator",
    "ObjectiveGroup", "ProjectField", "TechnologySector", "TargetCategory",
    "MentionRole",
}

MODEL_OBJECT_PROPERTIES = {
    "plan", "partOf", "hasPart", "theme", "task", "declaredPriority",
    "priority", "declaredThemeGroup", "themeGroup", "fundingSource",
    "leadAgency", "cooperatingAgency", "agencyMention", "mentions",
    "mentionRole", "period", "periodKind", "responsibleAgency", "indicator",
    "comparator", "category", "hasTarget", "measuredBy", "objectiveGroup",
    "projectField", "location", "withinLocation", "memberLocation", "sector",
    "issues", "issuedBy", "implements", "followsGuidance", "focalAgency",
    "reporter", "recipient", "lineMinistry", "memberKind", "servesLocation",
}

MODEL_DATATYPE_PROPERTIES = {
    "verbatim", "sourceLocation", "sourceLine", "periodText", "leadText",
    "cooperatingText", "fundingText", "unitText", "valueText",
    "expectedOutput", "startYear", "endYear", "targetYear",
    "declaredTaskCount", "declaredThemeCount", "declaredTaskTotal",
    "shortTitle", "value", "minValue", "maxValue", "targetKind",
    "mentionText", "matchedLabel", "variantSpelling", "mentionQualifier",
    "mentionOrder", "deadline", "sourceNote", "signerBlock",
    "locationText", "markerText", "responsibleText", "remarkText",
}

# ttx: terms added beyond docs/model.md (must stay documented here).
EXTRA_TERMS: set[str] = set()

# Reused external terms ("Reused as is" in docs/model.md) and the kind of
# declaration the ontology must give them.
EXTERNAL_ANNOTATION_PROPERTIES = {
    SKOS.notation, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel,
    SKOS.definition, RDFS.label, DCTERMS.title, DCTERMS.identifier,
    DCTERMS.source,
}
EXTERNAL_OBJECT_PROPERTIES = {
    ELI.passed_by, ELI.based_on, ORG.subOrganizationOf, ORG.classification,
    QB.dataSet, QUDT.unit, TIME.hasBeginning, TIME.hasEnd,
    PROV.wasDerivedFrom, ORG.linkedTo, DCTERMS.isPartOf, SKOS.inScheme,
}
EXTERNAL_DATATYPE_PROPERTIES = {
    ELI.date_document, ELI.id_local, ELI.title, TIME.inXSDgYear,
}
EXTERNAL_CLASSES = {
    SKOS.Concept, ORG.FormalOrganization, PROV.Agent, PROV.Entity,
    QB.Observation, ELI.LegalResource, DCTERMS.Location, TIME.ProperInterval,
}

# Datatypes of the OWL 2 datatype map (OWL 2 Syntax, section 4) plus
# rdf:langString (RDF 1.1) which the brief allows for @vi/@en values.
OWL2_DATATYPES = {
    RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString,
    OWL.real, OWL.rational,
} | {
    XSD[n] for n in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger "
        "negativeInteger long int short byte unsignedLong unsignedInt "
        "unsignedShort unsignedByte double float string normalizedString token "
        "language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI "
        "dateTime dateTimeStamp"
    ).split()
}

OWL_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
             OWL.AnnotationProperty)


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(ONTOLOGY_PATH, format="turtle")
    return g


def _ttx_terms(g: rdflib.Graph, kind: URIRef) -> set[str]:
    return {
        str(s)[len(str(TTX)):]
        for s in g.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(TTX))
    }


def _all_ttx_declared(g: rdflib.Graph) -> set[URIRef]:
    return {
        s for kind in OWL_KINDS for s in g.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(TTX))
    }


def _langs(g: rdflib.Graph, s: URIRef, p: URIRef) -> set[str]:
    return {
        o.language for o in g.objects(s, p)
        if isinstance(o, Literal) and o.language and str(o).strip()
    }


def _class_members(g: rdflib.Graph, node) -> set:
    """Named classes of a class expression: a named class or an owl:unionOf."""
    if isinstance(node, URIRef):
        return {node}
    union = g.value(node, OWL.unionOf)
    assert union is not None, f"unexpected class expression {node!r}"
    return set(Collection(g, union))


def _domain(g, local):
    doms = list(g.objects(TTX[local], RDFS.domain))
    assert len(doms) == 1, f"ttx:{local} should have exactly one rdfs:domain, has {doms}"
    return _class_members(g, doms[0])


def _range(g, local):
    rngs = list(g.objects(TTX[local], RDFS.range))
    assert len(rngs) == 1, f"ttx:{local} should have exactly one rdfs:range, has {rngs}"
    return _class_members(g, rngs[0])


# ------------------------------------------------------------- parse, header


def test_parses_as_turtle(graph):
    assert len(graph) > 500
    assert (ONT, RDF.type, OWL.Ontology) in graph
    assert len(list(graph.subjects(RDF.type, OWL.Ontology))) == 1


def test_header(graph):
    assert graph.value(ONT, OWL.versionIRI) == VERSION_IRI
    assert str(graph.value(ONT, OWL.versionInfo)) == "0.1.0"
    assert graph.value(ONT, DCTERMS.license) == CC_BY
    assert {"vi", "en"} <= _langs(graph, ONT, DCTERMS.title)
    assert {"vi", "en"} <= _langs(graph, ONT, DCTERMS.description)
    assert str(graph.value(ONT, DCTERMS.creator)) == "ttx-kg contributors"
    for p in (DCTERMS.created, DCTERMS.modified):
        d = graph.value(ONT, p)
        assert isinstance(d, Literal) and d.datatype == XSD.date
        assert str(d) == "2026-11-25"
    assert str(graph.value(ONT, VANN.preferredNamespacePrefix)) == "ttx"
    assert str(graph.value(ONT, VANN.preferredNamespaceUri)) == str(TTX)
    sources = list(graph.objects(ONT, DCTERMS.source))
    assert any("2082" in str(s) for s in sources)


def test_header_has_change_note(graph):
    notes = [str(n) for p in (SKOS.changeNote, SKOS.historyNote)
             for n in graph.objects(ONT, p)]
    assert any(n.startswith("0.1.0 (2026-11-25)") for n in notes), notes


def test_no_imports(graph):
    assert not list(graph.objects(None, OWL.imports))


# ------------------------------------------------------------ term coverage


def test_model_classes_declared(graph):
    missing = MODEL_CLASSES - _ttx_terms(graph, OWL.Class)
    assert not missing, f"classes missing: {sorted(missing)}"


def test_model_object_properties_declared(graph):
    missing = MODEL_OBJECT_PROPERTIES - _ttx_terms(graph, OWL.ObjectProperty)
    assert not missing, f"object properties missing: {sorted(missing)}"


def test_model_datatype_properties_declared(graph):
    missing = MODEL_DATATYPE_PROPERTIES - _ttx_terms(graph, OWL.DatatypeProperty)
    assert not missing, f"datatype properties missing: {sorted(missing)}"


def test_no_undocumented_ttx_terms(graph):
    declared = {str(t)[len(str(TTX)):] for t in _all_ttx_declared(graph)}
    contract = (MODEL_CLASSES | MODEL_OBJECT_PROPERTIES
                | MODEL_DATATYPE_PROPERTIES | EXTRA_TERMS)
    assert declared == contract, (
        f"not in contract: {sorted(declared - contract)}; "
        f"missing: {sorted(contract - declared)}")


def test_term_counts(graph):
    assert len(_ttx_terms(graph, OWL.Class)) == len(MODEL_CLASSES) == 47
    assert len(_ttx_terms(graph, OWL.ObjectProperty)) == len(MODEL_OBJECT_PROPERTIES) == 39
    assert len(_ttx_terms(graph, OWL.DatatypeProperty)) == len(MODEL_DATATYPE_PROPERTIES) == 33


def test_hardcoded_lists_match_model_md():
    """The hard-coded lists above must match docs/model.md's term section."""
    if not MODEL_MD.exists():
        pytest.skip("docs/model.md not present")
    text = MODEL_MD.read_text(encoding="utf-8")
    start = text.index("## Ontology terms")
    end = text.index("Reused as is", start)
    section = text[start:end]
    cls_part, rest = section.split("Object properties:", 1)
    op_part, dp_part = rest.split("Datatype properties:", 1)
    tick = re.compile(r"`([A-Za-z][A-Za-z0-9]*)`")
    assert set(tick.findall(cls_part)) == MODEL_CLASSES
    assert set(tick.findall(op_part)) == MODEL_OBJECT_PROPERTIES
    assert set(tick.findall(dp_part)) == MODEL_DATATYPE_PROPERTIES


@pytest.mark.parametrize("local", sorted(
    MODEL_CLASSES | MODEL_OBJECT_PROPERTIES | MODEL_DATATYPE_PROPERTIES | EXTRA_TERMS))
def test_term_documented(graph, local):
    term = TTX[local]
    assert {"vi", "en"} <= _langs(graph, term, RDFS.label), f"ttx:{local} labels"
    assert {"vi", "en"} <= _langs(graph, term, SKOS.definition), f"ttx:{local} definitions"
    assert (term, RDFS.isDefinedBy, ONT) in graph, f"ttx:{local} rdfs:isDefinedBy"


def test_every_declared_ttx_term_documented(graph):
    for term in _all_ttx_declared(graph):
        assert {"vi", "en"} <= _langs(graph, term, RDFS.label), term
        assert {"vi", "en"} <= _langs(graph, term, SKOS.definition), term
        assert (term, RDFS.isDefinedBy, ONT) in graph, term


def test_decision_sources_cited(graph):
    for local, needle in {
        "Priority": "chú thích 1",
        "ThemeGroup": "chú thích 2",
        "FundingSource": "chú thích 3",
        "Indicator": "Phụ lục 3",
        "Project": "Phụ lục 2",
        "GreenTechnology": "Phụ lục 4",
    }.items():
        cited = " ".join(str(o) for p in (DCTERMS.source, RDFS.comment)
                         for o in graph.objects(TTX[local], p))
        assert needle in cited, f"ttx:{local} should cite {needle!r}"


# --------------------------------------------------------- DL well-formedness


def test_no_punning_between_kinds(graph):
    """No IRI is declared as two different kinds of OWL entity."""
    kinds: dict[URIRef, set] = {}
    for kind in OWL_KINDS:
        for s in graph.subjects(RDF.type, kind):
            if isinstance(s, URIRef):
                kinds.setdefault(s, set()).add(kind)
    prop_kinds = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    clashes = {s: k for s, k in kinds.items() if len(k & prop_kinds) > 1}
    assert not clashes, clashes
    both = {s for s, k in kinds.items() if OWL.Class in k and k & prop_kinds}
    assert not both, both


def test_external_terms_declared(graph):
    for iri in EXTERNAL_ANNOTATION_PROPERTIES:
        assert (iri, RDF.type, OWL.AnnotationProperty) in graph, iri
    for iri in EXTERNAL_OBJECT_PROPERTIES:
        assert (iri, RDF.type, OWL.ObjectProperty) in graph, iri
    for iri in EXTERNAL_DATATYPE_PROPERTIES:
        assert (iri, RDF.type, OWL.DatatypeProperty) in graph, iri
    for iri in EXTERNAL_CLASSES:
        assert (iri, RDF.type, OWL.Class) in graph, iri


def test_every_used_predicate_declared(graph):
    """Every predicate used in the file is built-in OWL/RDF vocabulary or declared."""
    builtin_ns = (str(RDF), str(OWL))
    builtin = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
    for p in set(graph.predicates()):
        if str(p).startswith(builtin_ns) or p in builtin:
            continue
        assert any((p, RDF.type, k) in graph for k in OWL_KINDS[1:]), \
            f"predicate {p} used but not declared"


def test_every_referenced_class_declared(graph):
    """Classes referenced in axioms are declared (or are owl:Thing)."""
    refs = set(graph.objects(None, RDFS.subClassOf)) | set(graph.objects(None, OWL.disjointWith))
    for p in (RDFS.domain, RDFS.range):
        for s, o in graph.subject_objects(p):
            if (s, RDF.type, OWL.ObjectProperty) in graph or p == RDFS.domain:
                refs |= _class_members(graph, o)
    for lst in graph.objects(None, OWL.members):
        refs |= set(Collection(graph, lst))
    for r in refs:
        assert isinstance(r, URIRef), r
        assert r == OWL.Thing or (r, RDF.type, OWL.Class) in graph, f"{r} not declared as owl:Class"


def test_annotation_properties_have_no_domain_or_range(graph):
    for ap in graph.subjects(RDF.type, OWL.AnnotationProperty):
        assert not list(graph.objects(ap, RDFS.range)), ap
        assert not list(graph.objects(ap, RDFS.domain)), ap


def test_datatype_ranges_in_owl2_datatype_map(graph):
    """xsd:gYear / xsd:gMonthDay etc. are not in the OWL 2 datatype map and
    must not be used as ranges (HermiT rejects them)."""
    for dp in graph.subjects(RDF.type, OWL.DatatypeProperty):
        for r in graph.objects(dp, RDFS.range):
            if isinstance(r, URIRef):
                assert r in OWL2_DATATYPES, f"{dp} range {r} outside the OWL 2 datatype map"
            else:  # a data range: enumeration of literals
                assert (r, RDF.type, RDFS.Datatype) in graph
                values = list(Collection(graph, graph.value(r, OWL.oneOf)))
                assert values and all(isinstance(v, Literal) for v in values)


# ---------------------------------------------------------------- axioms


SUBCLASS = {
    "Plan": PROV.Entity,
    "Theme": TTX.PlanComponent, "Task": TTX.PlanComponent,
    "Activity": TTX.PlanComponent, "Purpose": TTX.PlanComponent,
    "Principle": TTX.PlanComponent, "Orientation": TTX.PlanComponent,
    "Objective": TTX.PlanComponent, "GeneralObjective": TTX.Objective,
    "SpecificObjective": TTX.Objective, "Indicator": TTX.PlanComponent,
    "Target": QB.Observation, "Project": TTX.PlanComponent,
    "GreenTechnology": TTX.PlanComponent, "Responsibility": TTX.PlanComponent,
    "ReportingDuty": TTX.PlanComponent, "FundingArrangement": TTX.PlanComponent,
    "Actor": PROV.Agent, "ProvincialDepartment": TTX.Agency,
    "Ministry": TTX.Agency, "PeoplesCommittee": TTX.Agency,
    "StateBody": TTX.Agency, "AgencyCollective": TTX.Actor,
    "LegalInstrument": ELI.LegalResource, "Decision": TTX.LegalInstrument,
    "Law": TTX.LegalInstrument, "Decree": TTX.LegalInstrument,
    "Circular": TTX.LegalInstrument, "Resolution": TTX.LegalInstrument,
    "Submission": TTX.LegalInstrument, "Location": DCTERMS.Location,
    "AdministrativeUnit": TTX.Location, "LocationGroup": TTX.Location,
    "ExternalLocation": TTX.Location,
}
CODE_LISTS = ("FundingSource", "Priority", "ThemeGroup", "PeriodKind",
              "Comparator", "ObjectiveGroup", "ProjectField",
              "TechnologySector", "TargetCategory", "MentionRole")


def test_subclass_axioms(graph):
    for local, sup in SUBCLASS.items():
        assert (TTX[local], RDFS.subClassOf, sup) in graph, f"ttx:{local} ⊑ {sup}"
    for local in CODE_LISTS:
        assert (TTX[local], RDFS.subClassOf, SKOS.Concept) in graph, local
    agency_sups = set(graph.objects(TTX.Agency, RDFS.subClassOf))
    assert {TTX.Actor, ORG.FormalOrganization} <= agency_sups


def _pairwise_disjoint(g, classes) -> bool:
    classes = set(classes)
    for adc in g.subjects(RDF.type, OWL.AllDisjointClasses):
        if classes <= set(Collection(g, g.value(adc, OWL.members))):
            return True
    a, *rest = classes
    return len(classes) == 2 and (
        (a, OWL.disjointWith, rest[0]) in g or (rest[0], OWL.disjointWith, a) in g)


def test_disjointness(graph):
    assert _pairwise_disjoint(graph, [TTX.Theme, TTX.Task, TTX.Activity])
    assert _pairwise_disjoint(graph, [TTX.Agency, TTX.AgencyCollective])


def test_inverses(graph):
    def inv(a, b):
        return (TTX[a], OWL.inverseOf, TTX[b]) in graph or (TTX[b], OWL.inverseOf, TTX[a]) in graph
    assert inv("partOf", "hasPart")
    assert inv("issues", "issuedBy")


def test_subproperties(graph):
    assert (TTX.partOf, RDFS.subPropertyOf, DCTERMS.isPartOf) in graph
    assert (TTX.lineMinistry, RDFS.subPropertyOf, ORG.linkedTo) in graph
    assert (TTX.declaredThemeGroup, RDFS.subPropertyOf, TTX.themeGroup) in graph
    assert (TTX.declaredPriority, RDFS.subPropertyOf, TTX.priority) in graph


def test_functional_properties(graph):
    for local in ("startYear", "endYear", "targetYear", "indicator",
                  "mentions", "mentionRole", "sourceLine"):
        assert (TTX[local], RDF.type, OWL.FunctionalProperty) in graph, local
    # never functional: a row has several funding sources / theme groups / agencies
    for local in ("fundingSource", "themeGroup", "declaredThemeGroup",
                  "cooperatingAgency", "hasTarget", "hasPart", "memberLocation"):
        assert (TTX[local], RDF.type, OWL.FunctionalProperty) not in graph, local


# (property, domain classes, range classes) from docs/model.md; None = not fixed
OBJECT_PROPERTY_SIGNATURES = {
    "plan": ({"PlanComponent"}, {"Plan"}),
    "partOf": ({"PlanComponent"}, {"PlanComponent"}),
    "theme": ({"Task", "Activity"}, {"Theme"}),
    "task": ({"Activity"}, {"Task"}),
    "declaredPriority": ({"PlanComponent"}, {"Priority"}),
    "priority": ({"PlanComponent"}, {"Priority"}),
    "declaredThemeGroup": ({"PlanComponent"}, {"ThemeGroup"}),
    "themeGroup": ({"PlanComponent"}, {"ThemeGroup"}),
    "fundingSource": ({"PlanComponent"}, {"FundingSource"}),
    "leadAgency": ({"PlanComponent"}, {"Actor"}),
    "cooperatingAgency": ({"PlanComponent"}, {"Actor"}),
    "agencyMention": ({"PlanComponent"}, {"AgencyMention"}),
    "mentions": ({"AgencyMention"}, {"Actor"}),
    "mentionRole": ({"AgencyMention"}, {"MentionRole"}),
    "periodKind": (None, {"PeriodKind"}),
    "responsibleAgency": ({"Indicator", "ReportingDuty", "Responsibility"}, {"Actor"}),
    "indicator": ({"Target"}, {"Indicator"}),
    "comparator": ({"Target"}, {"Comparator"}),
    "category": ({"Target"}, {"TargetCategory"}),
    "hasTarget": ({"Indicator", "Objective"}, {"Target"}),
    "measuredBy": ({"Objective"}, {"Indicator"}),
    "objectiveGroup": ({"SpecificObjective"}, {"ObjectiveGroup"}),
    "projectField": ({"Project"}, {"ProjectField"}),
    "location": ({"Project"}, {"Location"}),
    "withinLocation": ({"Location"}, {"Location"}),
    "memberLocation": ({"LocationGroup"}, {"Location"}),
    "sector": ({"GreenTechnology"}, {"TechnologySector"}),
    "issues": ({"Decision"}, {"Plan"}),
    "implements": ({"Plan"}, {"LegalInstrument"}),
    "followsGuidance": ({"Plan"}, {"LegalInstrument"}),
    "focalAgency": ({"Plan"}, {"Agency"}),
    "reporter": ({"ReportingDuty"}, {"Actor"}),
    "recipient": ({"ReportingDuty"}, {"Actor"}),
    "lineMinistry": ({"Agency"}, {"Ministry"}),
}


@pytest.mark.parametrize("local", sorted(OBJECT_PROPERTY_SIGNATURES))
def test_object_property_signature(graph, local):
    dom, rng = OBJECT_PROPERTY_SIGNATURES[local]
    if dom is not None:
        assert _domain(graph, local) == {TTX[c] for c in dom}
    assert _range(graph, local) == {TTX[c] for c in rng}


def test_period_range_is_owl_time_interval(graph):
    assert _range(graph, "period") == {TIME.ProperInterval}


def test_member_kind_domain(graph):
    assert _domain(graph, "memberKind") == {TTX.AgencyCollective}


DATATYPE_RANGES = {
    "verbatim": XSD.string, "sourceLine": XSD.positiveInteger,
    "periodText": XSD.string, "leadText": XSD.string,
    "cooperatingText": XSD.string, "fundingText": XSD.string,
    "unitText": XSD.string, "valueText": XSD.string,
    "expectedOutput": RDF.langString, "shortTitle": RDF.langString,
    "sourceNote": RDF.langString,
    "declaredTaskCount": XSD.integer, "declaredThemeCount": XSD.integer,
    "declaredTaskTotal": XSD.integer,
    "value": XSD.decimal, "minValue": XSD.decimal, "maxValue": XSD.decimal,
    "mentionText": XSD.string, "variantSpelling": XSD.boolean,
    "mentionOrder": XSD.positiveInteger,
}


@pytest.mark.parametrize("local", sorted(DATATYPE_RANGES))
def test_datatype_property_range(graph, local):
    assert list(graph.objects(TTX[local], RDFS.range)) == [DATATYPE_RANGES[local]]


def test_year_and_deadline_datatypes_documented(graph):
    for local, dt in (("startYear", "xsd:gYear"), ("endYear", "xsd:gYear"),
                      ("targetYear", "xsd:gYear"), ("deadline", "xsd:gMonthDay")):
        comments = " ".join(str(c) for c in graph.objects(TTX[local], RDFS.comment))
        assert dt in comments, local


def test_target_kind_enumeration(graph):
    rng = graph.value(TTX.targetKind, RDFS.range)
    values = {str(v) for v in Collection(graph, graph.value(rng, OWL.oneOf))}
    assert values == {"quantitative", "qualitative", "frequency", "checkmark"}


# ---------------------------------------------------------------- reasoning


def _load_in_fresh_world(tmp_path: Path, extra_turtle: str = ""):
    from owlready2 import World

    g = rdflib.Graph()
    g.parse(ONTOLOGY_PATH, format="turtle")
    if extra_turtle:
        g.parse(data=extra_turtle, format="turtle")
    owl_file = tmp_path / "ttx.owl"
    g.serialize(owl_file, format="xml")
    world = World()
    onto = world.get_ontology(owl_file.as_uri()).load()
    return world, onto


@pytest.mark.slow
def test_hermit_consistent_no_unsatisfiable_class(tmp_path):
    from owlready2 import sync_reasoner

    world, onto = _load_in_fresh_world(tmp_path)
    assert len(list(onto.classes())) >= 47
    # raises OwlReadyInconsistentOntologyError if inconsistent
    sync_reasoner(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []


_PREFIXES = """
@prefix ttx: <https://w3id.org/ttx-kg/ontology/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:  <https://example.org/> .
"""


@pytest.mark.slow
@pytest.mark.parametrize("abox, consistent", [
    ("ex:t a ttx:Task ; ttx:theme ex:th ; ttx:leadAgency ex:skhdt . "
     "ex:th a ttx:Theme . ex:skhdt a ttx:ProvincialDepartment . "
     "ex:x a ttx:Target ; ttx:targetKind \"quantitative\" ; ttx:value 95.5 . "
     "ex:c a ttx:AgencyCollective ; ttx:memberKind ttx:ProvincialDepartment .", True),
    ("ex:r a ttx:Theme , ttx:Task .", False),                     # Theme ⊓ Task
    ("ex:a a ttx:Agency , ttx:AgencyCollective .", False),        # Agency ⊓ collective
    ("ex:t a ttx:Theme ; ttx:theme ex:th .", False),              # theme: domain Task ⊔ Activity
    ("ex:x a ttx:Target ; ttx:targetKind \"other\" .", False),    # closed enumeration
    ("ex:x a ttx:Target ; ttx:value 1.0 , 2.0 .", False),         # functional value
])
def test_hermit_abox_checks(tmp_path, abox, consistent):
    from owlready2 import OwlReadyInconsistentOntologyError, sync_reasoner

    world, _ = _load_in_fresh_world(tmp_path, _PREFIXES + abox)
    if consistent:
        sync_reasoner(world, infer_property_values=False, debug=0)
        assert list(world.inconsistent_classes()) == []
    else:
        with pytest.raises(OwlReadyInconsistentOntologyError):
            sync_reasoner(world, infer_property_values=False, debug=0)
