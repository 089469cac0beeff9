"""Phụ lục 1 rows, checked column by column against the source text."""

from __future__ import annotations

import pytest

from conftest import B, P, TTX, objects, values

A = f"{B}/agency/ben-tre/"
C = f"{B}/collective/"
CODE = f"{B}/code/"


def row(notation: str) -> str:
    level = notation.count(".") + 1
    kind = {1: "theme", 2: "task"}.get(level, "activity")
    return f"{P}/{kind}/{notation}"


def test_counts_match_the_source(store):
    count = lambda cls: int(values(store, f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <{TTX}{cls}> }}")[0])
    assert (count("Theme"), count("Task"), count("Activity")) == (18, 85, 40)


def test_task_counts_per_theme_equal_section_iv(store):
    res = store.query(f"""
        SELECT ?theme ?declared (COUNT(?task) AS ?found) WHERE {{
          ?theme a <{TTX}Theme> ; <{TTX}declaredTaskCount> ?declared .
          OPTIONAL {{ ?task a <{TTX}Task> ; <{TTX}theme> ?theme }}
        }} GROUP BY ?theme ?declared""")
    rows = list(res.rows())
    assert len(rows) == 18
    for r in rows:
        assert r["declared"]["value"] == r["found"]["value"], r["theme"]["value"]
    declared = {r["theme"]["value"].rsplit("/", 1)[1]: int(r["declared"]["value"]) for r in rows}
    assert declared["14"] == 9 and declared["5"] == 2 and sum(declared.values()) == 85
    assert objects(store, P, TTX + "declaredTaskTotal") == ["85"]
    assert objects(store, P, TTX + "declaredThemeCount") == ["18"]


def test_lettered_activity_inherits_priority_and_groups(store):
    s = row("1.1.1.a")
    assert objects(store, s, "http://www.w3.org/2004/02/skos/core#notation") == ["1.1.1.a"]
    assert objects(store, s, TTX + "periodText") == ["2023 - 2025"]
    assert objects(store, s, TTX + "startYear") == ["2023"] and objects(store, s, TTX + "endYear") == ["2025"]
    assert objects(store, s, TTX + "leadAgency") == [A + "so-khdt"]
    assert objects(store, s, TTX + "cooperatingAgency") == sorted(
        [C + "cac-so-ban-nganh-tinh", C + "ubnd-cac-huyen-thanh-pho", C + "cac-co-quan-to-chuc-lien-quan"])
    assert objects(store, s, TTX + "fundingSource") == [CODE + "funding/I", CODE + "funding/II"]
    assert objects(store, s, TTX + "declaredPriority") == []  # no marker on the row itself
    assert objects(store, s, TTX + "priority") == [CODE + "priority/high"]  # from 1.1.1 (Cao, A) and theme 1
    assert objects(store, s, TTX + "themeGroup") == [CODE + "theme-group/A", CODE + "theme-group/C"]
    assert objects(store, s, TTX + "task") == [row("1.1")]
    assert objects(store, s, TTX + "theme") == [row("1")]
    assert objects(store, s, TTX + "partOf") == [row("1.1.1")]


def test_lettered_notation_with_vietnamese_letter(store):
    s = row("1.1.1.đ")
    assert objects(store, s, TTX + "periodText") == ["2023 - 2024"]
    label = objects(store, s, "http://www.w3.org/2000/01/rdf-schema#label")
    assert any(l.startswith("Cập nhật tích hợp TTX") for l in label)


def test_row_with_three_lead_agencies(store):
    assert objects(store, row("1.1.2.c"), TTX + "leadAgency") == sorted(
        [A + "so-khdt", A + "so-tnmt", A + "so-nnptnt"])


def test_consultation_qualifier_is_kept(store):
    res = store.query(f"""SELECT ?q ?who WHERE {{ <{row('1.1.1.b')}> <{TTX}agencyMention> ?m .
        ?m <{TTX}mentionQualifier> ?q ; <{TTX}mentions> ?who }}""")
    assert [(r["q"]["value"], r["who"]["value"]) for r in res.rows()] == [
        ("tham vấn với", C + "ubnd-cac-huyen-thanh-pho")]


@pytest.mark.parametrize("notation,kind,text", [
    ("1.2.4", "conditional", "Sau khi Bộ Kế hoạch và Đầu tư có hướng dẫn"),
    ("1.2.2.a", "conditional", "Sau khi Bộ Kế hoạch và Đầu tư phê duyệt Quyết định"),
    ("1.2.2.b", "reporting-cycle", "Thực hiện theo chế độ giám sát, báo cáo"),
    ("3.2", "annual", "Hàng năm"),
    ("4.4", "annual", "Hàng năm"),
])
def test_non_interval_periods(store, notation, kind, text):
    s = row(notation)
    assert objects(store, s, TTX + "periodKind") == [CODE + "period-kind/" + kind]
    assert objects(store, s, TTX + "periodText") == [text]
    assert objects(store, s, TTX + "startYear") == []


def test_declared_marker_with_groups(store):
    s = row("1.2.4")
    assert objects(store, s, TTX + "declaredPriority") == [CODE + "priority/high"]
    assert objects(store, s, TTX + "declaredThemeGroup") == [CODE + "theme-group/A", CODE + "theme-group/D"]


def test_annual_task_with_collectives_and_three_funding_codes(store):
    s = row("3.2")
    assert objects(store, s, TTX + "leadAgency") == [A + "so-ldtbxh"]
    assert objects(store, s, TTX + "cooperatingAgency") == sorted([
        A + "so-khdt", C + "ubnd-cac-huyen-thanh-pho", C + "cac-co-so-giao-duc-nghe-nghiep", C + "doanh-nghiep"])
    assert objects(store, s, TTX + "fundingSource") == [CODE + "funding/I", CODE + "funding/II", CODE + "funding/IV"]


def test_priority_only_inherited_from_theme(store):
    s = row("4.4")  # theme 4 is '(Cao, C)'; task 4.4 has no marker
    assert objects(store, s, TTX + "declaredPriority") == []
    assert objects(store, s, TTX + "priority") == [CODE + "priority/high"]
    assert objects(store, s, TTX + "themeGroup") == [CODE + "theme-group/C"]
    assert objects(store, s, TTX + "leadAgency") == [A + "nhnn-chi-nhanh-ben-tre"]
    assert objects(store, s, TTX + "cooperatingAgency") == [C + "cac-to-chuc-tin-dung"]
    assert objects(store, s, TTX + "fundingSource") == [CODE + "funding/III"]


def test_unmarked_theme_and_task_stay_unmarked(store):
    s = row("13.1")
    assert objects(store, s, TTX + "priority") == [CODE + "priority/unmarked"]
    assert objects(store, s, TTX + "themeGroup") == []


def test_high_priority_from_task_heading_under_unmarked_theme(store):
    s = row("11.1.3")  # theme 11 unmarked, task 11.1 '(Cao, A, D, E)'
    assert objects(store, s, TTX + "priority") == [CODE + "priority/high"]
    assert objects(store, s, TTX + "themeGroup") == [CODE + f"theme-group/{g}" for g in "ADE"]
    assert objects(store, s, TTX + "leadAgency") == [A + "ubnd-tp-ben-tre"]
    assert objects(store, s, TTX + "startYear") == ["2026"]


def test_typo_variant_resolves_and_is_kept_as_evidence(store):
    s = row("2.2.2")
    assert objects(store, s, TTX + "leadAgency") == sorted([A + "so-tttt", A + "so-nnptnt"])
    res = store.query(f"""SELECT ?text ?variant WHERE {{ <{s}> <{TTX}agencyMention> ?m .
        ?m <{TTX}mentions> <{A}so-nnptnt> ; <{TTX}mentionText> ?text ; <{TTX}variantSpelling> ?variant }}""")
    assert [(r["text"]["value"], r["variant"]["value"]) for r in res.rows()] == [
        ("Sở Nông thôn và Phát triển nông thôn", "true")]


def test_marker_missing_comma_is_read_and_noted(store):
    s = row("14")
    assert objects(store, s, TTX + "declaredThemeGroup") == [CODE + f"theme-group/{g}" for g in "ABD"]
    assert objects(store, s, TTX + "markerText") == ["(Cao, A B, D)"]
    assert any("lacks a comma" in n for n in objects(store, s, TTX + "sourceNote"))


def test_duplicate_funding_code_is_kept_verbatim_and_noted(store):
    s = row("18.1")
    assert objects(store, s, TTX + "fundingText") == ["I, II, II, IV"]
    assert objects(store, s, TTX + "fundingSource") == [CODE + "funding/I", CODE + "funding/II", CODE + "funding/IV"]
    assert any("lists code II twice" in n for n in objects(store, s, TTX + "sourceNote"))


def test_two_leads_and_no_state_budget(store):
    s = row("10.5")
    assert objects(store, s, TTX + "leadAgency") == sorted([A + "so-ct", A + "bql-kcn"])
    assert objects(store, s, TTX + "fundingSource") == [CODE + f"funding/{c}" for c in ("II", "III", "IV")]


def test_every_row_keeps_its_verbatim_source_line(store, repo):
    lines = repo.source.read_text(encoding="utf-8").split("\n")
    res = store.query(f"""SELECT ?s ?line ?verbatim WHERE {{ ?s a ?c ; <{TTX}sourceLine> ?line ; <{TTX}verbatim> ?verbatim .
        VALUES ?c {{ <{TTX}Theme> <{TTX}Task> <{TTX}Activity> }} }}""")
    rows = list(res.rows())
    assert len(rows) == 143
    for r in rows:
        assert lines[int(r["line"]["value"]) - 1] == r["verbatim"]["value"]


def test_expected_output_in_both_languages(store):
    out = store.query(f"""SELECT ?o WHERE {{ <{row('4.6')}> <{TTX}expectedOutput> ?o }}""")
    langs = {r["o"]["xml:lang"]: r["o"]["value"] for r in out.rows()}
    assert langs["vi"].startswith("Báo cáo khả năng hấp thụ")
    assert "carbon" in langs["en"].lower()
