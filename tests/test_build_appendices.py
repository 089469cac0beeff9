"""Phụ lục 2–4 and Section II targets, checked against the source."""

from __future__ import annotations

import pytest

from conftest import B, P, TTX, objects, values

CODE = f"{B}/code/"
PLACE = f"{B}/place/ben-tre/"


def targets(store, owner: str) -> dict[tuple[str, str], dict[str, str]]:
    """(year, category slug or '') → {comparator, value, min, max, kind}."""
    res = store.query(f"""SELECT ?year ?cat ?cmp ?v ?min ?max ?kind WHERE {{
        <{owner}> <{TTX}hasTarget> ?t . ?t <{TTX}targetYear> ?year ; <{TTX}targetKind> ?kind .
        OPTIONAL {{ ?t <{TTX}category> ?cat }} OPTIONAL {{ ?t <{TTX}comparator> ?cmp }}
        OPTIONAL {{ ?t <{TTX}value> ?v }} OPTIONAL {{ ?t <{TTX}minValue> ?min ; <{TTX}maxValue> ?max }} }}""")
    out = {}
    for r in res.rows():
        key = (r["year"]["value"], r["cat"]["value"].rsplit("/", 1)[1] if "cat" in r else "")
        out[key] = {k: r[k]["value"].rsplit("/", 1)[-1] if k == "cmp" else r[k]["value"]
                    for k in ("cmp", "v", "min", "max", "kind") if k in r}
    return out


def test_twenty_eight_indicators(store):
    assert values(store, f"SELECT (COUNT(?i) AS ?n) WHERE {{ ?i a <{TTX}Indicator> }}") == ["28"]


def test_range_target_and_responsible_agency(store):
    ind = f"{P}/indicator/20"
    assert objects(store, ind, "http://www.w3.org/2004/02/skos/core#notation") == ["PL3-20"]
    assert objects(store, ind, TTX + "responsibleAgency") == [f"{B}/agency/ben-tre/so-xd"]
    assert objects(store, ind, "http://qudt.org/schema/qudt/unit") == ["http://qudt.org/vocab/unit/PERCENT"]
    t = targets(store, ind)
    assert t[("2025", "")] == {"cmp": "eq", "v": "10", "kind": "quantitative"}
    assert t[("2030", "")] == {"cmp": "range", "min": "25", "max": "40", "kind": "quantitative"}


def test_per_category_targets(store):
    t = targets(store, f"{P}/indicator/9")
    assert t[("2025", "nong-nghiep")]["v"] == "10" and t[("2025", "thuy-san")]["v"] == "30"
    assert t[("2030", "nong-nghiep")]["v"] == "20" and t[("2030", "thuy-san")]["v"] == "50"


def test_per_city_class_targets(store):
    t = targets(store, f"{P}/indicator/21")
    assert t[("2025", "do-thi-loai-II")] == {"cmp": "ge", "v": "10", "kind": "quantitative"}
    assert t[("2025", "do-thi-loai-IV")] == {"cmp": "ge", "v": "5", "kind": "quantitative"}
    assert t[("2030", "do-thi-loai-I")] == {"cmp": "ge", "v": "20", "kind": "quantitative"}


@pytest.mark.parametrize("n,year,expected", [
    (18, "2025", {"cmp": "ge", "v": "85", "kind": "quantitative"}),
    (14, "2030", {"cmp": "gt", "v": "90", "kind": "quantitative"}),
    (7, "2030", {"cmp": "eq", "v": "2.1", "kind": "quantitative"}),
    (13, "2025", {"cmp": "eq", "v": "95.5", "kind": "quantitative"}),
    (25, "2030", {"cmp": "gt", "v": "0.7", "kind": "quantitative"}),
    (2, "2030", {"cmp": "eq", "v": "9", "kind": "quantitative"}),
    (3, "2025", {"cmp": "eq", "v": "2", "kind": "frequency"}),
    (1, "2025", {"kind": "checkmark"}),
])
def test_structured_targets(store, n, year, expected):
    assert targets(store, f"{P}/indicator/{n}")[(year, "")] == expected


def test_dash_means_no_2025_target(store):
    assert ("2025", "") not in targets(store, f"{P}/indicator/2")


def test_hdi_is_measured_by_the_statistics_office(store):
    assert objects(store, f"{P}/indicator/25", TTX + "responsibleAgency") == [
        f"{B}/agency/ben-tre/cuc-thong-ke-ben-tre"]


def test_section_ii_targets_are_linked_to_indicators(store):
    obj = f"{P}/objective/2030/c/5"
    assert objects(store, obj, TTX + "measuredBy") == [f"{P}/indicator/19", f"{P}/indicator/20"]
    res = store.query(f"""SELECT ?min ?max WHERE {{ <{obj}> <{TTX}hasTarget> ?t .
        ?t <{TTX}indicator> <{P}/indicator/20> ; <{TTX}minValue> ?min ; <{TTX}maxValue> ?max }}""")
    # Section II says 30 - 40 % where Phụ lục 3 says 25-40: both kept as written.
    assert [(r["min"]["value"], r["max"]["value"]) for r in res.rows()] == [("30", "40")]
    t = targets(store, f"{P}/objective/2025/b/1")
    assert t[("2025", "")] == {"cmp": "eq", "v": "10", "kind": "quantitative"}
    assert objects(store, f"{P}/objective/2025/b/1", TTX + "objectiveGroup") == [CODE + "objective-group/b"]


def test_scrape_merged_bullets_are_split(store):
    assert objects(store, f"{P}/objective/2025/d/2", "http://www.w3.org/2004/02/skos/core#notation") == [
        "II.3.1.d.2"]
    notes = objects(store, f"{P}/objective/2025/d/2", TTX + "sourceNote")
    assert notes and "(- " in notes[0]


def test_projects_and_their_districts(store):
    assert values(store, f"SELECT (COUNT(?p) AS ?n) WHERE {{ ?p a <{TTX}Project> }}") == ["37"]
    loc = lambda p: objects(store, f"{P}/project/{p}", TTX + "location")
    assert loc("I.2") == [PLACE + "ba-tri"]
    assert loc("II.3") == sorted(PLACE + d for d in ("ba-tri", "thanh-phu", "binh-dai"))
    assert loc("II.1") == [PLACE + "all-districts"]
    assert loc("IV.1") == sorted([PLACE + "tp-ben-tre", PLACE + "coastal-districts"])
    assert loc("III.6") == sorted(PLACE + d for d in (
        "mo-cay-nam", "mo-cay-bac", "chau-thanh", "giong-trom", "thanh-phu", "binh-dai", "ba-tri"))
    assert loc("V.1") == sorted([f"{B}/place/tien-giang", f"{B}/place/ben-tre"])
    assert loc("V.2") == [PLACE + "chau-thanh"]
    assert objects(store, f"{P}/project/V.2", TTX + "servesLocation") == sorted(
        PLACE + d for d in ("tp-ben-tre", "chau-thanh", "giong-trom"))
    assert objects(store, f"{P}/project/III.4", TTX + "projectField") == [f"{P}/project-field/III"]


def test_green_technologies_by_sector(store):
    res = store.query(f"""SELECT ?sector (COUNT(?t) AS ?n) WHERE {{ ?t a <{TTX}GreenTechnology> ;
        <{TTX}sector>/<http://www.w3.org/2004/02/skos/core#notation> ?sector }} GROUP BY ?sector ORDER BY ?sector""")
    assert [(r["sector"]["value"], r["n"]["value"]) for r in res.rows()] == [
        ("PL4-1", "13"), ("PL4-2", "5"), ("PL4-3", "5"), ("PL4-4", "2")]


def test_decision_and_legal_bases(store):
    dec = f"{B}/legal/qd-2082-ubnd-2023"
    eli = "http://data.europa.eu/eli/ontology#"
    assert objects(store, dec, eli + "id_local") == ["2082/QĐ-UBND"]
    assert objects(store, dec, eli + "date_document") == ["2023-09-18"]
    assert objects(store, dec, eli + "passed_by") == [f"{B}/agency/ben-tre/ubnd-tinh"]
    assert objects(store, dec, TTX + "signerBlock") == ["TM. ỦY BAN NHÂN DÂN"]
    bases = objects(store, dec, eli + "based_on")
    for slug, day in (("qd-1658-ttg-2021", "2021-10-01"), ("qd-882-ttg-2022", "2022-07-22"),
                      ("qd-600-bkhdt-2023", "2023-04-07")):
        assert f"{B}/legal/{slug}" in bases
        assert objects(store, f"{B}/legal/{slug}", eli + "date_document") == [day]
    assert f"{B}/legal/ttr-2376-skhdt-2023" in bases
    assert objects(store, P, TTX + "implements") == [f"{B}/legal/qd-1658-ttg-2021", f"{B}/legal/qd-882-ttg-2022"]
    assert objects(store, P, TTX + "followsGuidance") == [f"{B}/legal/qd-600-bkhdt-2023"]
    assert objects(store, P, TTX + "focalAgency") == [f"{B}/agency/ben-tre/so-khdt"]
    assert objects(store, f"{B}/legal/qd-1658-ttg-2021", eli + "passed_by") == [f"{B}/agency/vn/thu-tuong"]


def test_reporting_duties_and_deadlines(store):
    d1, d2 = f"{P}/reporting-duty/1", f"{P}/reporting-duty/2"
    assert objects(store, d1, TTX + "deadline") == ["--11-15"]
    assert objects(store, d1, TTX + "recipient") == [f"{B}/agency/ben-tre/so-khdt"]
    assert objects(store, d2, TTX + "deadline") == ["--12-01"]
    assert objects(store, d2, TTX + "reporter") == [f"{B}/agency/ben-tre/so-khdt"]
    assert objects(store, d2, TTX + "recipient") == [f"{B}/agency/ben-tre/ubnd-tinh"]


def test_sections_i_to_iii(store):
    count = lambda cls: values(store, f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <{TTX}{cls}> }}")[0]
    assert (count("Purpose"), count("Principle"), count("Orientation"), count("SpecificObjective")) == (
        "4", "5", "10", "42")
    assert objects(store, f"{P}/task/14.2", "http://purl.org/dc/terms/references") == sorted(
        [f"{B}/legal/nd-06-cp-2022", f"{B}/legal/qd-01-ttg-2022"])


def test_section_v_responsibilities(store):
    C = f"{B}/collective/"
    A = f"{B}/agency/ben-tre/"
    resp = lambda n: objects(store, f"{P}/responsibility/{n}", TTX + "responsibleAgency")
    coop = lambda n: objects(store, f"{P}/responsibility/{n}", TTX + "cooperatingAgency")
    assert resp("đ") == sorted([C + "cac-so-ban-nganh-tinh", C + "ubnd-cac-huyen-thanh-pho"])
    assert resp("b/2") == [A + "so-khdt"]  # an item starting with a verb is its heading's duty
    assert resp("c") == [A + "so-tc"] and coop("c") == [A + "so-khdt"]
    assert coop("d") == sorted(A + s for s in ("so-gddt", "so-ldtbxh", "dai-ptth-ben-tre", "bao-dong-khoi"))
    # 'nguồn vốn phi chính phủ nước ngoài (NGO)' names no government
    assert objects(store, f"{P}/funding-arrangement/a", TTX + "cooperatingAgency") == []
    assert objects(store, f"{P}/reporting-duty/1", TTX + "reporter") == sorted(
        [C + "cac-so-ban-nganh-tinh", C + "cac-dia-phuong", C + "cac-co-quan-to-chuc-lien-quan"])


def test_one_year_period_is_a_proper_interval(store):
    period = objects(store, f"{P}/activity/1.1.1.d", TTX + "period")[0]
    time = "http://www.w3.org/2006/time#"
    begin = objects(store, period, time + "hasBeginning")[0]
    end = objects(store, period, time + "hasEnd")[0]
    assert objects(store, begin, time + "inXSDDate") == ["2023-01-01"]
    assert objects(store, end, time + "inXSDDate") == ["2023-12-31"]


def test_cited_instruments_carry_their_issuer(store):
    eli = "http://data.europa.eu/eli/ontology#"
    assert objects(store, f"{B}/legal/nd-06-cp-2022", eli + "passed_by") == [f"{B}/agency/vn/chinh-phu"]
    assert objects(store, f"{B}/legal/qd-01-ttg-2022", eli + "passed_by") == [f"{B}/agency/vn/thu-tuong"]


def test_section_ii_hdi_target_has_no_unit_the_text_does_not_give(store):
    res = store.query(f"""SELECT ?u WHERE {{ <{P}/objective/2025/d/1> <{TTX}hasTarget> ?t .
        OPTIONAL {{ ?t <http://qudt.org/schema/qudt/unit> ?u }} }}""")
    assert [r.get("u") for r in res.rows()] == [None]
