"""National framework (QĐ 1658, 882, 600, TT 10/2023, SDGs), mappings and the 2025 restructuring:
data/curation/national/ → service/build/national.py → data/national/national.ttl, data/mappings/mappings.ttl."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from service.build.errors import SourceError
from service.build.national import build_national, output_paths
from service.build.pipeline import serialize
from service.config import Paths
from service.queries import Catalogue

from conftest import B, P, values
from service.build.iris import TTX

ORG = "http://www.w3.org/ns/org#"
SSSOM_NO_TERM = "https://w3id.org/sssom/NoTermFound"
T1658 = f"{B}/national/1658/target"
CONFIRMED = f"{B}/code/confirmation/confirmed"
UNCONFIRMED = f"{B}/code/confirmation/unconfirmed"


# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def plan(repo) -> Graph:
    g = Graph()
    g.parse(repo.plan_out, format="turtle")
    return g


@pytest.fixture(scope="module")
def graphs(repo, plan) -> dict[str, Graph]:
    return build_national(repo, B, plan)


@pytest.fixture(scope="module")
def catalogue(repo) -> Catalogue:
    return Catalogue.load(repo.queries_dir)


def run(store, catalogue, name: str, **params) -> list[dict[str, str]]:
    text, _ = catalogue[name].prepare(params, None)
    return [{k: v["value"] for k, v in row.items()} for row in store.query(text).rows()]


@pytest.fixture
def workspace(repo, tmp_path) -> Paths:
    """A copy of the curated tables and the registry under tmp_path (the real files are never edited)."""
    shutil.copytree(repo.curation_dir / "national", tmp_path / "data" / "curation" / "national")
    shutil.copytree(repo.registry_dir, tmp_path / "data" / "registry")
    return Paths(tmp_path)


def edit(path: Path, row_id: str, column: str, value: str, id_column: str = "id") -> int:
    """Set one cell of a curated TSV; returns the line number of the edited row."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header = None
    for i, line in enumerate(lines):
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if cells[header.index(id_column)] == row_id:
            cells[header.index(column)] = value
            lines[i] = "\t".join(cells)
            path.write_text("\n".join(lines), encoding="utf-8")
            return i + 1
    raise AssertionError(f"no row {row_id} in {path}")


# ---------------------------------------------------------------------------------------------- build


def test_committed_files_are_a_fresh_deterministic_build(repo, graphs, plan):
    again = build_national(repo, B, plan)
    for name, path in output_paths(repo).items():
        data = serialize(graphs[name])
        assert data == serialize(again[name]), f"{name}: two builds differ"
        assert path.read_bytes() == data, f"{path} is stale: run write_national"
        assert not any(isinstance(x, BNode) for t in graphs[name] for x in t)


def test_counts(graphs):
    g = graphs["national"]
    count = lambda cls: len(set(g.subjects(RDF.type, URIRef(cls))))
    legal = {s for s in g.subjects(PROV.wasDerivedFrom, None) if "/legal/" in str(s)}
    assert len(legal) == 10  # 1658, 1393, 882, 600, TT10, NQ08, NQ176, NĐ35, NĐ45, NQ202
    assert count(TTX + "NationalTarget") == 16
    assert count(TTX + "NationalTargetValue") == 33
    assert count(TTX + "NationalTheme") == 11
    assert count(TTX + "NationalIndicator") == 5
    assert count(ORG + "ChangeEvent") == 21
    plan882 = URIRef(f"{B}/national/882")
    assert [int(g.value(plan882, TTX[p])) for p in ("declaredThemeCount", "declaredTaskGroupCount",
                                                     "declaredTaskTotal")] == [18, 57, 134]


def test_plan_data_is_not_rewritten(graphs, plan):
    """Facts about plan resources are added; what the plan states (type, number, date, names) is not repeated."""
    g = graphs["national"]
    for s in set(g.subjects()):
        if (s, None, None) in plan:
            for p in (RDF.type, RDFS.label, SKOS.prefLabel, URIRef("http://data.europa.eu/eli/ontology#id_local"),
                      URIRef("http://data.europa.eu/eli/ontology#date_document")):
                assert (s, p, None) not in g, (s, p)
    for agency in ("ben-tre/so-tnmt", "ben-tre/ubnd-tinh", "vn/bo-tnmt"):  # historical names kept
        assert (URIRef(f"{B}/agency/{agency}"), RDFS.label, None) not in g


def test_every_fact_has_a_source_url_and_a_status(graphs):
    g = graphs["national"]
    described = set(g.subjects(TTX.confirmationStatus, None))
    assert len(described) > 100
    for s in described:
        sources = list(g.objects(s, PROV.wasDerivedFrom))
        assert sources and all(re.match(r"^https?://", str(u)) for u in sources), s
        assert len(list(g.objects(s, TTX.confirmationStatus))) == 1, s
    for cls in ("NationalObjective", "NationalTarget", "NationalTargetValue", "NationalTheme", "NationalIndicator"):
        for s in g.subjects(RDF.type, TTX[cls]):
            assert s in described, s
    for s in g.subjects(RDF.type, URIRef(ORG + "ChangeEvent")):
        assert s in described, s


def test_ontology_terms_are_declared_and_documented(repo, graphs):
    onto = Graph()
    onto.parse(repo.ontology, format="turtle")
    module = Graph()
    module.parse(repo.root / "ontology" / "ttx-national.ttl", format="turtle")
    for t in module:
        onto.add(t)
    declared = {s for s in onto.subjects(RDF.type, None) if str(s).startswith(TTX)}
    for name, g in graphs.items():
        used = {p for p in g.predicates() if str(p).startswith(TTX)}
        used |= {o for o in g.objects(None, RDF.type) if str(o).startswith(TTX)}
        assert used <= declared, (name, sorted(used - declared))
    for term in module.subjects(RDFS.isDefinedBy, URIRef("https://w3id.org/ttx-kg/ontology")):
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in module.objects(term, prop)}
            assert {"vi", "en"} <= langs, (term, prop)


def test_every_vietnamese_label_has_an_english_one(graphs):
    g = graphs["national"]
    for s in set(g.subjects(RDFS.label, None)):
        langs = {o.language for o in g.objects(s, RDFS.label)}
        if "vi" in langs:
            assert "en" in langs, s


# ---------------------------------------------------------------------------------------------- evidence


def test_no_unconfirmed_fact_is_typed_or_labelled_as_confirmed(graphs):
    g = graphs["national"]
    unconfirmed = set(g.subjects(TTX.confirmationStatus, URIRef(UNCONFIRMED)))
    assert not unconfirmed & set(g.subjects(TTX.confirmationStatus, URIRef(CONFIRMED)))
    confirmed_word = re.compile(r"(?<!un)confirmed|(?<!chưa )xác nhận|đã xác nhận", re.IGNORECASE)
    for s in unconfirmed:
        for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(s, p):
                assert not confirmed_word.search(label), (s, label)
        for cls in g.objects(s, RDF.type):
            assert "confirm" not in str(cls).lower(), (s, cls)
    # facts the reference file marks UNCONFIRMED / single source / 'X only'
    for iri in (f"{T1658}/hdi/2030", f"{T1658}/hdi", f"{T1658}/air-quality-plans/2030",
                f"{T1658}/clean-energy-buses/2030/do-thi-loai-I", f"{B}/change/2025-07-01/district-level",
                f"{B}/agency/ben-tre/so-nnmt", f"{B}/change/2025-03-01/ben-tre-so-nnmt"):
        assert URIRef(iri) in unconfirmed, iri
    # the clean-water target (text truncated in its only source) is left out
    assert not [s for s in g.subjects() if "clean-water" in str(s)]


def test_only_confirmed_evidence_makes_a_confirmed_change_event(graphs):
    g = graphs["national"]
    events = set(g.subjects(RDF.type, URIRef(ORG + "ChangeEvent")))
    for ev in events:
        level = str(g.value(ev, TTX.evidenceLevel)).rsplit("/", 1)[1]
        status = str(g.value(ev, TTX.confirmationStatus)).rsplit("/", 1)[1]
        if level != "confirmed":
            assert status == "unconfirmed", ev
        if "/ben-tre-" in str(ev):  # Bến Tre department mergers: national pattern only, never confirmed
            assert level in ("national-pattern", "inferred"), ev


def test_unconfirmed_themes_stay_unmapped(graphs):
    m = graphs["mappings"]
    for n in (8, 11, 12, 13, 16, 17, 18):
        theme = URIRef(f"{P}/theme/{n}")
        assert not [o for p, o in m.predicate_objects(theme) if str(p).startswith(str(SKOS))], n
        record = m.value(None, TTX.mappingSubject, theme)
        assert record is not None and m.value(record, TTX.mappingObject) == URIRef(SSSOM_NO_TERM), n
    assert (URIRef(f"{P}/theme/9"), SKOS.exactMatch, URIRef(f"{B}/national/882/theme/8")) in m


def test_every_mapping_target_exists_in_the_graph(store):
    missing = values(store, f"""
        SELECT DISTINCT ?x WHERE {{
          ?m a <{TTX}Mapping> .
          {{ ?m <{TTX}mappingObject> ?x }} UNION {{ ?m <{TTX}mappingSubject> ?x }}
          FILTER(?x != <{SSSOM_NO_TERM}>)
          FILTER NOT EXISTS {{ ?x ?p ?o }}
        }}""")
    assert missing == []
    assert values(store, f"SELECT (COUNT(?m) AS ?n) WHERE {{ ?m a <{TTX}Mapping> }}") == ["97"]
    sdg = values(store, f"SELECT DISTINCT ?o WHERE {{ ?m <{TTX}mappingObject> ?o . "
                        "FILTER(STRSTARTS(STR(?o), 'http://metadata.un.org/sdg/')) }")
    assert "http://metadata.un.org/sdg/7.2" in sdg and "http://metadata.un.org/sdg/C150101" in sdg


# ---------------------------------------------------------------------------------------------- queries


def test_renewable_share_provincial_targets_beside_the_national_range(store, catalogue):
    rows = [r for r in run(store, catalogue, "national-target-gaps") if r["notation"] == "PL3-4"]
    assert [(r["year"], r["province"], r["national_2030"], r["national_2050"]) for r in rows] == [
        ("2025", "10", "15-20 %", "25-30 %"), ("2030", "15", "15-20 %", "25-30 %")]
    assert [(Decimal(r["gap"]), Decimal(r["gap_to_upper"])) for r in rows] == [(-5, -10), (0, -5)]
    assert {(r["match"], r["evidence"], r["national_status"]) for r in rows} == {
        ("closeMatch", "name-match", "confirmed")}


def test_gaps_only_for_the_same_metric_and_category(store, catalogue):
    rows = run(store, catalogue, "national-target-gaps")
    ghg = [r for r in rows if r["notation"] == "PL3-2"]
    assert ghg and all("gap" not in r and r["match"] == "relatedMatch" for r in ghg)
    transport = {(r["year"], r.get("category")): r for r in rows if r["notation"] == "PL3-21"}
    assert Decimal(transport[("2030", "do-thi-loai-I")]["gap"]) == 15  # ≥ 20 % vs national ≥ 5 %
    assert "national_2030" not in transport[("2030", "do-thi-loai-IV")]
    hdi = [r for r in rows if r["notation"] == "PL3-25" and r["year"] == "2030"]
    assert hdi[0]["national_status"] == "unconfirmed"


def test_themes_with_and_without_national_counterpart(store, catalogue):
    rows = run(store, catalogue, "national-theme-coverage")
    assert len(rows) == 18
    without = sorted(int(r["theme"]) for r in rows if r["counterpart"] == "no")
    assert without == [8, 11, 12, 13, 16, 17, 18]
    assert [r["theme"] for r in run(store, catalogue, "national-theme-coverage", show="without")] == [
        "8", "11", "12", "13", "16", "17", "18"]


def test_who_leads_today_with_evidence(store, catalogue):
    rows = run(store, catalogue, "national-current-lead")
    by_lead = {}
    for r in rows:
        by_lead.setdefault(r["lead"].rsplit("/agency/", 1)[-1], r)
    expected = {  # plan department → (today's agency, weakest evidence of the chain)
        "ben-tre/so-tnmt": ("vinh-long/so-nnmt", "national-pattern"),
        "ben-tre/so-nnptnt": ("vinh-long/so-nnmt", "national-pattern"),
        "ben-tre/so-khdt": ("vinh-long/so-tc", "national-pattern"),
        "ben-tre/so-gtvt": ("vinh-long/so-xd", "national-pattern"),
        "ben-tre/so-ct": ("vinh-long/so-ct", "national-pattern"),
        "ben-tre/so-gddt": ("vinh-long/so-gddt", "inferred"),
    }
    for lead, (current, evidence) in expected.items():
        r = by_lead[lead]
        assert (r["current"], r["evidence"], r["state"]) == (f"{B}/agency/{current}", evidence, "successor"), lead
    assert by_lead["ben-tre/so-tnmt"]["chain"].startswith("2025-03-01 → Sở Nông nghiệp và Môi trường tỉnh Bến Tre")
    assert by_lead["ben-tre/so-tnmt"]["line_ministry_now"] == "Bộ Nông nghiệp và Môi trường"
    city = by_lead["ben-tre/ubnd-tp-ben-tre"]
    assert city["state"].startswith("abolished on 2025-07-01") and city["evidence"] == "single-source"
    one = run(store, catalogue, "national-current-lead", task="14.2")
    assert [(r["current"], r["evidence"]) for r in one] == [(f"{B}/agency/vinh-long/so-nnmt", "national-pattern")]


def test_confirmed_successors(store):
    pairs = {tuple(v.rsplit("/agency/", 1)[1] for v in (r["a"]["value"], r["b"]["value"])): r["level"]["value"]
             for r in store.query(f"""SELECT ?a ?b ?level WHERE {{
                 ?a <{TTX}successor> ?b . ?ev <{ORG}originalOrganization> ?a ; <{ORG}resultingOrganization> ?b ;
                     <{TTX}evidenceLevel>/<{SKOS}notation> ?level }}""").rows()}
    assert pairs[("vn/bo-tnmt", "vn/bo-nnmt")] == "confirmed"
    assert pairs[("vn/bo-khdt", "vn/bo-tc")] == "confirmed"
    assert pairs[("ben-tre/ubnd-tinh", "vinh-long/ubnd-tinh")] == "confirmed"
    assert pairs[("ben-tre/so-tnmt", "ben-tre/so-nnmt")] == "national-pattern"


def test_national_targets_without_a_provincial_indicator(store, catalogue):
    rows = {r["target"]: r for r in run(store, catalogue, "national-targets-without-indicator")}
    assert {"primary-energy-intensity", "water-saving-irrigation", "green-public-procurement"} <= set(rows)
    assert "renewable-share-tpes" not in rows and "forest-cover" not in rows
    assert rows["ghg-intensity"]["related"] == "PL3-2"
    only = run(store, catalogue, "national-targets-without-indicator", status="unconfirmed")
    assert [r["target"] for r in only] == ["air-quality-plans"]


# ---------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("file, row, column, value, problem", [
    ("mappings.sssom.tsv", "IN-04-1658", "object_id", "national:1658/target/no-such-target", "does not exist"),
    ("mappings.sssom.tsv", "TH-02", "subject_id", "plan:theme/99", "does not exist"),
    ("mappings.sssom.tsv", "IN-04-SDG", "object_id", "sdg:7.x.9", "not a well-formed UN SDG"),
    ("mappings.sssom.tsv", "IN-04-SDG", "object_id", "sdg:7.3", "not described in sdg.tsv"),
    ("mappings.sssom.tsv", "LM-so-tnmt", "object_id", "agency:vn/bo-tc", "registry does not give"),
    ("mappings.sssom.tsv", "SU-bt-so-tnmt", "evidence_level", "confirmed", "differs from the event"),
    ("mappings.sssom.tsv", "SU-bt-so-tnmt", "object_id", "agency:vinh-long/so-nnmt", "no change event"),
    ("mappings.sssom.tsv", "TH-09", "object_label", "Công nghiệp", "is not a label"),
    ("1658-target-values.tsv", "V-RE-2030", "source", "", "no source URL"),
    ("legal.tsv", "L-TT10", "source", "thuvienphapluat.vn/van-ban", "not an http(s) URL"),
    ("882-themes.tsv", "TH-8", "status", "probably", "status 'probably'"),
    ("changes.tsv", "C-BT-so-nnmt", "status", "confirmed", "cannot be confirmed"),
    ("changes.tsv", "C-BNNMT", "resulting", "agency/vn/bo-khong-ton-tai", "does not exist"),
    ("legal.tsv", "L-1658", "date_document", "2021-10-02", "disagrees with the plan"),
    ("agencies.tsv", "A-VL-so-tc", "parent", "agency/vinh-long/ubnd-huyen", "does not exist"),
])
def test_bad_input_fails_with_the_row_named(workspace, plan, file, row, column, value, problem):
    path = workspace.curation_dir / "national" / file
    id_column = "record_id" if file.endswith(".sssom.tsv") else "id"
    line = edit(path, row, column, value, id_column)
    with pytest.raises(SourceError) as exc:
        build_national(workspace, B, plan)
    err = exc.value
    assert (Path(err.file).name, err.line, err.row) == (file, line, row), str(err)
    assert problem in err.problem
    assert f"{file}:{line}, row {row}" in str(err)


def test_the_copy_builds_and_writes_only_under_its_root(workspace, plan):
    from service.build.national import write_national
    written = write_national(workspace, B, plan)
    assert sorted(p.relative_to(workspace.root).as_posix() for p in written) == [
        "data/mappings/mappings.ttl", "data/national/national.ttl"]


def test_a_different_base_iri_moves_every_instance(workspace, plan):
    base = "https://example.org/kg"
    moved = Graph()
    fix = lambda t: URIRef(base + str(t)[len(B):]) if isinstance(t, URIRef) and str(t).startswith(B + "/") \
        and not str(t).startswith(TTX) else t
    for s, p, o in plan:
        moved.add((fix(s), fix(p), fix(o)))
    out = build_national(workspace, base, moved)
    for g in out.values():
        for t in g:
            for x in t:
                if isinstance(x, URIRef):
                    assert not (str(x).startswith(B + "/") and not str(x).startswith(TTX)), t
    assert (URIRef(f"{base}/agency/ben-tre/so-tnmt"), TTX.successor, URIRef(f"{base}/agency/ben-tre/so-nnmt")) \
        in out["mappings"]


# ---------------------------------------------------------------------------------------------- reasoning


@pytest.mark.slow
def test_hermit_ontology_module_with_national_data_is_consistent(repo, graphs, tmp_path):
    from owlready2 import World, sync_reasoner

    g = Graph()
    g.parse(repo.ontology, format="turtle")
    g.parse(repo.root / "ontology" / "ttx-national.ttl", format="turtle")
    for part in graphs.values():
        for t in part:
            g.add(t)
    g.parse(repo.registry_dir / "agencies.ttl", format="turtle", publicID=B + "/")
    outside = {"http://www.w3.org/2001/XMLSchema#" + d for d in ("date", "gYear", "gMonthDay")}
    for t in list(g):  # xsd:date / gYear are outside the OWL 2 datatype map (documented on the properties)
        if isinstance(t[2], Literal) and str(t[2].datatype) in outside:
            g.remove(t)
    assert (TTX.NationalTargetValue, RDFS.subClassOf, TTX.Target) in g and (TTX.successor, RDF.type, OWL.ObjectProperty) in g
    owl_file = tmp_path / "national.owl"
    g.serialize(owl_file, format="xml")
    world = World()
    world.get_ontology(owl_file.as_uri()).load()
    sync_reasoner(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
