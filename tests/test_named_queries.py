"""Every named query in queries/ run through the real catalogue and store, with answers checked
against facts read by hand from data/sources/qd-2082-ubnd-ben-tre-2023.txt (line numbers in the
comments refer to that file). Also: bad parameters fail with ParameterError, and text given to a
string parameter is bound as one literal, so it cannot change the shape of a query."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

from service.queries import Catalogue, ParameterError
from service.search import LabelIndex
from service.search.resolve import make_resolver

INJECTION = '"} } ; DROP ALL ; #'
IRI_INJECTION = "<http://x> ?p ?o"

# --- fixtures and helpers --------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue(repo):
    return Catalogue.load(repo.queries_dir)


@pytest.fixture(scope="module")
def resolver(store):
    return make_resolver(LabelIndex.from_store(store))


@pytest.fixture(scope="module")
def run(catalogue, resolver, store):
    """run(name, **params) -> list of rows, each a dict of plain string values."""
    def _run(name: str, **params: str) -> list[dict[str, str]]:
        text, _ = catalogue[name].prepare({k: str(v) for k, v in params.items()}, resolver)
        return [{k: v["value"] for k, v in row.items()} for row in store.query(text).rows()]
    return _run


def col(rows, var):
    return [r.get(var) for r in rows]


def num(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# --- the catalogue as a whole ----------------------------------------------------------------

ALL_QUERIES = [
    "high-priority-tasks-by-lead-and-funding", "tasks-per-theme", "tasks-by-agency", "tasks-by-theme-group",
    "funding-mix-per-theme", "agency-collaboration-pairs", "tasks-active-in-year", "annual-and-conditional-tasks",
    "indicators-by-agency", "projects-by-district", "tasks-without-state-budget", "tasks-behind-an-indicator",
    "errata", "targets-2025-vs-2030", "section-ii-vs-appendix-3", "agency-workload", "lead-agencies-per-row",
    "green-technologies-by-sector", "projects-per-field", "legal-bases", "reporting-duties", "rows-mentioning",
]


def test_catalogue_holds_every_query_with_a_bilingual_header(catalogue):
    assert set(ALL_QUERIES) <= set(catalogue.names())
    for q in (catalogue[name] for name in ALL_QUERIES):
        for key in ("title", "title_vi", "description", "description_vi"):
            assert q.meta.get(key), f"{q.name}: empty '#+ {key}:'"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", q.name), q.name
        assert "ORDER BY" in q.text, f"{q.name}: no ORDER BY"
        for p in q.params:
            assert p.description, f"{q.name}: parameter {p.name} undocumented"


def test_no_query_uses_property_paths(catalogue):
    # a sequence or alternative ('ttx:a/ttx:b', 'ttx:a|ttx:b'), a repetition ('ttx:partOf+', '(…)*'), an inverse
    path = re.compile(r"(?:\b[a-z]+:[A-Za-z_]\w*|>)(?:\s*[/|]\s*(?:[a-z]+:|<|\^)|[*+?](?=\s|\)|$))"
                      r"|\^\s*[a-z]+:\w|\)\s*[*+]")
    for q in (catalogue[name] for name in ALL_QUERIES):
        body = "\n".join(line for line in q.text.splitlines() if not line.lstrip().startswith(("#", "PREFIX")))
        assert not path.search(body), f"{q.name} uses a property path: {path.search(body).group(0)!r}"


@pytest.mark.parametrize("name", ALL_QUERIES)
def test_every_query_runs_with_its_defaults(run, name):
    assert run(name), f"{name} returns nothing with its default parameters"


# --- 1. flagship: high-priority rows by lead agency and funding source -------------------------

# Rows led by Sở Tài nguyên và Môi trường that list funding II and are high priority, the marker
# declared on the row or inherited from a heading: theme 1 '(Cao, A, C)' (l. 162) covers 1.1.2.a,
# 1.1.2.c, 1.1.3.b, 1.2.3; theme 4 '(Cao, C)' covers 4.6; theme 14 '(Cao, A B, D)' covers 14.1, 14.2,
# 14.5, 14.6 (14.9 lists only I); theme 16 '(Cao, A, C, D)' covers 16.6. Theme 15 '(A, C, D)' has no
# '(Cao)', so 15.1-15.7 are out.
FLAGSHIP = ["1.1.2.a", "1.1.2.c", "1.1.3.b", "1.2.3", "4.6", "14.1", "14.2", "14.5", "14.6", "16.6"]


def test_flagship_default_is_the_hand_checked_list_in_source_order(run):
    assert col(run("high-priority-tasks-by-lead-and-funding"), "notation") == FLAGSHIP


@pytest.mark.parametrize("name", ["DONRE", "TN&MT", "tai nguyen moi truong", "Sở TN&MT", "STNMT"])
def test_flagship_agency_spellings_give_the_same_answer(run, name):
    assert col(run("high-priority-tasks-by-lead-and-funding", agency=name), "notation") == FLAGSHIP


def test_flagship_declared_only_keeps_rows_with_their_own_marker(run):
    # 1.2.3 carries '(Cao, A)' itself (l. 198); the others inherit it from 1.1.2 / 1.1.3 / the themes
    rows = run("high-priority-tasks-by-lead-and-funding", declared_only="true")
    assert col(rows, "notation") == ["1.2.3"]
    assert rows[0]["declared"] == "true"


def test_flagship_state_budget_adds_row_14_9(run):
    # 14.9 (l. 372): Sở TN&MT, funding 'I' only, under theme 14 (Cao)
    got = col(run("high-priority-tasks-by-lead-and-funding", funding="I"), "notation")
    assert got == FLAGSHIP[:9] + ["14.9", "16.6"]


def test_flagship_other_agency(run):
    # Sở Xây dựng leads 12.1-12.4, 12.6, 12.7, 14.8; themes 12 and 14 are (Cao); all list II
    got = col(run("high-priority-tasks-by-lead-and-funding", agency="Sở Xây dựng"), "notation")
    assert got == ["12.1", "12.2", "12.3", "12.4", "12.6", "12.7", "14.8"]


# --- 2. tasks-by-agency ------------------------------------------------------------------------

TNMT_LEADS = ["1.1.2.a", "1.1.2.c", "1.1.3.b", "1.2.3", "4.6", "14.1", "14.2", "14.5", "14.6", "14.9",
              "15.1", "15.2", "15.3", "15.6", "15.7", "16.6"]
TNMT_COOPERATES = ["10.3", "10.6", "14.4", "14.7", "14.8", "16.1"]


def test_tasks_by_agency_lead(run):
    rows = run("tasks-by-agency", agency="DONRE", role="lead")
    assert col(rows, "notation") == TNMT_LEADS
    assert set(col(rows, "row_role")) == {"lead"}


def test_tasks_by_agency_cooperating(run):
    rows = run("tasks-by-agency", agency="tai nguyen moi truong", role="cooperating")
    assert col(rows, "notation") == TNMT_COOPERATES
    # 14.8 (l. 370): 'Sở Tài nguyên và Môi trường, Sở Kế hoạch và Đầu tư, Sở Tài chính, UBND …'
    assert rows[4]["cell"].startswith("Sở Tài nguyên và Môi trường, Sở Kế hoạch và Đầu tư, Sở Tài chính")


def test_tasks_by_agency_any_role_shows_the_role(run):
    rows = run("tasks-by-agency", agency="TN&MT")
    assert len(rows) == 22
    roles = {r["notation"]: r["row_role"] for r in rows}
    assert roles["14.5"] == "lead" and roles["16.1"] == "cooperating"


def test_tasks_by_agency_collective(run):
    # 'Ngân hàng Nhà nước Chi nhánh tỉnh' leads only 4.4 (l. 232)
    assert col(run("tasks-by-agency", agency="Ngân hàng Nhà nước Chi nhánh tỉnh"), "notation") == ["4.4"]
    # UBND các huyện, thành phố leads 1.1.1.e (with the departments), 13.4 and 14.7
    rows = run("tasks-by-agency", agency="UBND các huyện, thành phố", role="lead")
    assert col(rows, "notation") == ["1.1.1.e", "13.4", "14.7"]


# --- 3. tasks-by-theme-group -------------------------------------------------------------------


def test_theme_group_e_effective(run):
    # E is declared on 2.1 '(Cao, A, E)', theme 7 '(E)', 11.1 '(Cao, A, D, E)' and 11.2 '(Cao, A, E)';
    # 11.3 sits under theme 11 (no marker), not under 11.1 or 11.2.
    rows = run("tasks-by-theme-group", group="E")
    assert col(rows, "notation") == ["2.1", "7.1", "7.2", "7.3", "7.4", "11.1", "11.1.1", "11.1.2", "11.1.3",
                                     "11.2", "11.2.1", "11.2.2"]
    declared = {r["notation"]: r["declared"] for r in rows}
    assert declared["2.1"] == "true" and declared["7.1"] == "false" and declared["11.1.3"] == "false"


def test_theme_group_e_declared_only(run):
    rows = run("tasks-by-theme-group", group="E", declared_only="true")
    assert col(rows, "notation") == ["2.1", "11.1", "11.2"]
    assert rows[0]["marker"] == "(Cao, A, E)"


def test_theme_group_b_inherits_theme_14_marker_without_comma(run):
    # theme 14 '(Cao, A B, D)' (l. 355) still counts as B for its nine tasks
    notations = col(run("tasks-by-theme-group", group="B"), "notation")
    assert {f"14.{i}" for i in range(1, 10)} <= set(notations)


# --- 4. funding-mix-per-theme ------------------------------------------------------------------


def test_funding_mix_per_theme(run):
    rows = {r["theme"]: r for r in run("funding-mix-per-theme")}
    assert len(rows) == 18
    mix = lambda t: tuple(int(rows[t][k]) for k in ("rows", "fund_I", "fund_II", "fund_III", "fund_IV"))
    # theme 4 (l. 226-236): 4.1 I,II; 4.2 II,III,IV; 4.3 II,III,IV; 4.4 III; 4.5 I,III; 4.6 I,II
    assert mix("4") == (6, 3, 4, 4, 2)
    # theme 18: 'I, II, II, IV' twice (l. 414, 416): II counted once per row
    assert mix("18") == (2, 2, 2, 0, 2)
    # theme 13: ten rows with columns (13.1-13.7 and the activities 13.3.1-13.3.3, l. 335-353), all 'I, II, III, IV'
    assert mix("13") == (10, 10, 10, 10, 10)
    # 114 rows of Phụ lục 1 have a funding cell
    assert sum(int(r["rows"]) for r in rows.values()) == 114


def test_funding_mix_high_only(run):
    rows = {r["theme"]: r for r in run("funding-mix-per-theme", high_only="true")}
    # theme 6 '(C)' has no (Cao) row; theme 15 '(A, C, D)' neither
    assert "6" not in rows and "15" not in rows
    # theme 13: only 13.3 '(Cao, A, D)' and its activities 13.3.1-13.3.3
    assert rows["13"]["rows"] == "4"


# --- 5. agency-collaboration-pairs -------------------------------------------------------------


def test_collaboration_pairs_agencies_only(run):
    rows = run("agency-collaboration-pairs")
    first = rows[0]
    # Sở KH&ĐT leads and Sở Công Thương cooperates on 9.3, 9.4 and 16.1 (l. 281, 283, 390)
    assert (first["lead_label"], first["cooperating_label"], first["shared_rows"]) == \
        ("Sở Kế hoạch và Đầu tư", "Sở Công Thương", "3")
    assert first["rows"] == "9.3 9.4 16.1"
    labels = set(col(rows, "lead_label")) | set(col(rows, "cooperating_label"))
    assert "UBND các huyện, thành phố" not in labels and "các sở, ban, ngành tỉnh" not in labels
    counts = [int(r["shared_rows"]) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_collaboration_pairs_with_collectives(run):
    first = run("agency-collaboration-pairs", include_collectives="true")[0]
    # Sở KH&ĐT leads 22 rows; all but 9.4 have 'UBND các huyện, thành phố' among the cooperating agencies
    assert (first["lead_label"], first["cooperating_label"], first["shared_rows"]) == \
        ("Sở Kế hoạch và Đầu tư", "UBND các huyện, thành phố", "21")


def test_collaboration_pairs_for_one_agency(run):
    rows = run("agency-collaboration-pairs", agency="Sở Xây dựng")
    pairs = {(r["lead_label"], r["cooperating_label"]): r["rows"] for r in rows}
    # 14.8 (l. 370), 12.4 (l. 326) and 10.6 (l. 300)
    assert pairs[("Sở Xây dựng", "Sở Tài chính")] == "14.8"
    assert pairs[("Sở Xây dựng", "Ban Quản lý các khu công nghiệp")] == "12.4"
    assert pairs[("Ban Quản lý các khu công nghiệp", "Sở Xây dựng")] == "10.6"
    assert all("Sở Xây dựng" in pair for pair in pairs)


# --- 6. tasks-active-in-year -------------------------------------------------------------------


def test_tasks_active_in_2026(run):
    rows = {r["notation"]: r for r in run("tasks-active-in-year", year="2026")}
    assert "11.1.3" in rows and rows["11.1.3"]["period"] == "2026 - 2030"   # l. 310
    assert "14.5" not in rows                                                # 2023 - 2025, l. 364
    assert "1.1.3.a" not in rows                                             # 2022 - 2023
    assert rows["3.2"]["annual"] == "true" and "start" not in rows["3.2"]    # 'Hàng năm', l. 219
    assert rows["11.1.3"]["annual"] == "false"
    assert "1.2.4" not in rows                                               # conditional, l. 200
    assert sum(r["annual"] == "true" for r in rows.values()) == 9


def test_tasks_active_without_annual_rows(run):
    rows = run("tasks-active-in-year", year="2026", include_annual="false")
    assert "3.2" not in col(rows, "notation")
    assert set(col(rows, "annual")) == {"false"}


def test_tasks_active_in_2022_and_2021(run):
    # spans containing 2022: 2021-2030 (1.1.2.b), 2022-2023 (1.1.3.a), 2022-2030 (10.7, 18.2), 2022-2025 (12.7)
    got = col(run("tasks-active-in-year", year="2022", include_annual="false"), "notation")
    assert got == ["1.1.2.b", "1.1.3.a", "10.7", "12.7", "18.2"]
    assert col(run("tasks-active-in-year", year="2021", include_annual="false"), "notation") == ["1.1.2.b"]


def test_single_year_rows_count_in_their_year(run):
    # 1.1.1.d and 1.1.1.e: '2023' (l. 170, 174)
    got = col(run("tasks-active-in-year", year="2023", include_annual="false"), "notation")
    assert {"1.1.1.d", "1.1.1.e"} <= set(got)
    assert not {"1.1.1.d", "1.1.1.e"} & set(col(run("tasks-active-in-year", year="2024"), "notation"))


# --- 7. annual-and-conditional-tasks -----------------------------------------------------------


def test_annual_and_conditional_tasks(run):
    rows = run("annual-and-conditional-tasks")
    assert Counter(col(rows, "period_kind")) == {"annual": 9, "conditional": 2, "reporting-cycle": 1}
    cond = run("annual-and-conditional-tasks", kind="conditional")
    assert [(r["notation"], r["period"]) for r in cond] == [
        ("1.2.2.a", "Sau khi Bộ Kế hoạch và Đầu tư phê duyệt Quyết định"),      # l. 194
        ("1.2.4", "Sau khi Bộ Kế hoạch và Đầu tư có hướng dẫn"),                # l. 200
    ]
    cycle = run("annual-and-conditional-tasks", kind="reporting-cycle")
    assert [(r["notation"], r["period"]) for r in cycle] == [("1.2.2.b", "Thực hiện theo chế độ giám sát, báo cáo")]
    annual = col(run("annual-and-conditional-tasks", kind="annual"), "notation")
    assert annual == ["3.2", "3.3", "4.4", "4.5", "6.1", "6.2", "7.1", "7.2", "7.4"]


# --- 8. indicators-by-agency -------------------------------------------------------------------


def test_indicators_of_so_xay_dung(run):
    rows = run("indicators-by-agency", agency="SXD")
    # Phụ lục 3 rows 12, 19, 20, 24, 27 name Sở Xây dựng (l. 497, 504, 505, 509, 512)
    assert sorted(set(col(rows, "indicator")), key=lambda n: int(n[4:])) == \
        ["PL3-12", "PL3-19", "PL3-20", "PL3-24", "PL3-27"]
    assert len(rows) == 10
    t = {(r["indicator"], r["year"]): r for r in rows}
    assert t[("PL3-20", "2030")]["comparator"] == "–"
    assert (num(t[("PL3-20", "2030")]["min"]), num(t[("PL3-20", "2030")]["max"])) == (25, 40)
    assert t[("PL3-20", "2030")]["cell"] == "25-40" and "value" not in t[("PL3-20", "2030")]
    assert (t[("PL3-19", "2025")]["comparator"], num(t[("PL3-19", "2025")]["value"])) == ("≥", 15)
    assert t[("PL3-27", "2030")]["cell"] == ">98" and t[("PL3-27", "2030")]["unit"] == "%"


def test_indicators_all_and_categories(run):
    rows = run("indicators-by-agency")
    assert len(set(col(rows, "indicator"))) == 28 and len(rows) == 58
    nine = {(r["year"], r["category"]): num(r["value"]) for r in rows if r["indicator"] == "PL3-9"}
    # l. 494: 'Nông nghiệp đạt 10%; Thủy sản đạt 30%' | 'Nông nghiệp đạt 20%; Thủy sản đạt 50%'
    assert nine == {("2025", "nong-nghiep"): 10, ("2025", "thuy-san"): 30,
                    ("2030", "nong-nghiep"): 20, ("2030", "thuy-san"): 50}
    hdi = [r for r in run("indicators-by-agency", agency="Cục Thống kê")]
    assert [(r["indicator"], r["year"], r["cell"]) for r in hdi] == [("PL3-25", "2025", "0,68"),
                                                                     ("PL3-25", "2030", ">0,7")]


# --- 9. projects-by-district -------------------------------------------------------------------

BA_TRI_LOCATED = ["PL2-I.2", "PL2-I.6", "PL2-II.3", "PL2-II.6", "PL2-III.4", "PL2-III.6", "PL2-IV.3"]
ALL_DISTRICTS = ["PL2-II.1", "PL2-II.2", "PL2-II.4", "PL2-II.5", "PL2-II.7", "PL2-III.1", "PL2-III.5",
                 "PL2-III.9", "PL2-III.10", "PL2-III.11", "PL2-VI.1", "PL2-VI.2", "PL2-VI.3"]


def test_projects_in_ba_tri(run):
    rows = {r["notation"]: r["how"] for r in run("projects-by-district", place="Ba Tri")}
    # named in the 'Địa điểm' cell (l. 439, 443, 448, 451, 458, 460, 469)
    assert all(rows[n] == "located" for n in BA_TRI_LOCATED)
    # 'Các huyện, thành phố'
    assert all(rows[n] == "located in group 'Các huyện, thành phố'" for n in ALL_DISTRICTS)
    # IV.1 'Thành phố Bến Tre và 03 huyện ven biển' (l. 467); V.3 supplies 'Huyện Bình Đại và Ba Tri' (l. 473)
    assert rows["PL2-IV.1"] == "located in group '03 huyện ven biển'"
    assert rows["PL2-V.3"] == "serves"
    assert set(rows) == set(BA_TRI_LOCATED) | set(ALL_DISTRICTS) | {"PL2-IV.1", "PL2-V.3"}


def test_projects_in_ba_tri_named_only_and_other_places(run):
    named = run("projects-by-district", place="Huyện Ba Tri", include_groups="false", include_served="false")
    assert col(named, "notation") == BA_TRI_LOCATED
    city = {r["notation"]: r["how"] for r in run("projects-by-district", place="Thành phố Bến Tre")}
    assert city["PL2-I.1"] == "located" and city["PL2-IV.1"] == "located" and city["PL2-V.2"] == "serves"
    # V.3 is in Bình Đại and serves Bình Đại and Ba Tri
    binh_dai = {r["notation"]: r["how"] for r in run("projects-by-district", place="Bình Đại")}
    assert binh_dai["PL2-V.3"] == "located; serves"


# --- 10. tasks-without-state-budget ------------------------------------------------------------


def test_tasks_without_state_budget(run):
    rows = run("tasks-without-state-budget")
    # l. 221, 228, 230, 232, 298: the only funding cells without 'I'
    assert [(r["notation"], r["fundingText"]) for r in rows] == [
        ("3.3", "II, IV"), ("4.2", "II, III, IV"), ("4.3", "II, III, IV"), ("4.4", "III"), ("10.5", "II, III, IV")]


def test_tasks_without_international_support(run):
    rows = run("tasks-without-state-budget", funding="II")
    assert len(rows) == 13 and "1.1.1.d" in col(rows, "notation") and "4.6" not in col(rows, "notation")


# --- 11. tasks-behind-an-indicator -------------------------------------------------------------


@pytest.mark.parametrize("indicator", ["20", "PL3-20"])
def test_tasks_behind_indicator_20(run, indicator):
    rows = run("tasks-behind-an-indicator", indicator=indicator)
    # II.3.1.c.5 (l. 59: '… đô thị loại IV trở lên đạt 10%') and II.3.2.c.5 (l. 84: '… 30 - 40%');
    # 14.8 (l. 370) 'Đầu tư hệ thống xử lý nước thải đô thị đồng bộ' is led by Sở Xây dựng,
    # the agency responsible for indicator 20 (l. 505)
    assert [(r["link"], r["notation"]) for r in rows] == [
        ("measuredBy", "II.3.1.c.5"), ("measuredBy", "II.3.2.c.5"), ("lead agency + keyword", "14.8")]
    assert rows[2]["responsible"] == "Sở Xây dựng"


def test_tasks_behind_indicator_keyword_and_agency_switches(run):
    rows = run("tasks-behind-an-indicator", indicator="16", keyword="phân loại rác")
    # Sở TN&MT (l. 501) leads 14.1 (output: '… phân loại rác thải tại nguồn') and 14.6 ('… phân loại rác …')
    assert col(rows, "notation") == ["II.3.1.c.3", "II.3.2.c.3", "14.1", "14.6"]
    agency_only = run("tasks-behind-an-indicator", indicator="20", keyword="")
    assert col(agency_only, "notation")[2:] == ["12.1", "12.2", "12.3", "12.4", "12.6", "12.7", "14.8"]
    keyword_only = run("tasks-behind-an-indicator", same_agency="false")
    assert {"10.3", "14.7", "14.8", "15.2"} <= set(col(keyword_only, "notation"))


# --- 12. errata --------------------------------------------------------------------------------


def test_errata_funding_duplicates_and_variant_spelling(run):
    rows = run("errata")
    by = {(r.get("notation"), r["erratum"]): r for r in rows}
    for n in ("18.1", "18.2"):
        assert "'I, II, II, IV'" in by[(n, "source note")]["note"]
    v = by[("2.2.2", "variant spelling")]
    assert v["verbatim"] == "Sở Nông thôn và Phát triển nông thôn"         # l. 208
    assert v["resolved_to"] == "Sở Nông nghiệp và Phát triển nông thôn"
    assert v["line"] == "208" and v["location"] == "Phụ lục 1, dòng 2.2.2"
    assert "A B" in by[("14", "source note")]["note"]
    # 9.3: no separator between two cooperating names; Phụ lục 3's title says 2021 - 2023
    assert "no comma or 'và'" in by[("9.3", "source note")]["note"]
    assert any("2021 - 2023" in r["note"] for r in rows if r["erratum"] == "source note" and "note" in r)
    assert Counter(col(rows, "erratum")) == {"source note": 13, "variant spelling": 36}
    lines = [int(r["line"]) for r in rows]
    assert lines == sorted(lines)


def test_errata_kinds(run):
    notes = run("errata", kind="note")
    assert set(col(notes, "erratum")) == {"source note"}
    assert {"18.1", "18.2", "1.1.1.a", "PL3-1", "PL3-3"} <= set(col(notes, "notation"))
    variants = run("errata", kind="variant")
    # 'Sở Lao động Thương binh và Xã hội' without the dash in 5.2.1 (l. 249)
    assert ("5.2.1", "Sở Lao động Thương binh và Xã hội") in {(r["notation"], r["verbatim"]) for r in variants}


# --- 13. targets-2025-vs-2030 ------------------------------------------------------------------


def test_targets_side_by_side(run):
    rows = {(r["notation"], r.get("category")): r for r in run("targets-2025-vs-2030")}
    assert len(rows) == 31
    four = rows[("PL3-4", None)]     # l. 489: 10 | 15
    assert (num(four["value_2025"]), num(four["value_2030"]), num(four["change"])) == (10, 15, 5)
    twenty = rows[("PL3-20", None)]  # l. 505: 10 | 25-40
    assert num(twenty["value_2025"]) == 10 and (num(twenty["min_2030"]), num(twenty["max_2030"])) == (25, 40)
    assert "change" not in twenty
    one = rows[("PL3-1", None)]      # l. 485: a lone 'X'
    assert one["cell_2025"] == "X" and "cell_2030" not in one
    assert "cell_2025" not in rows[("PL3-2", None)]  # l. 487: '-' for 2025
    assert num(rows[("PL3-7", None)]["change"]) == Decimal("0.1")  # 02 → 2,1


def test_targets_side_by_side_categories_of_indicator_21(run):
    rows = {r["category"]: r for r in run("targets-2025-vs-2030", indicator="21")}
    # l. 506: 'Loại II: ≥10 Loại IV: ≥05' | 'Loại I: ≥20 Loại IV: ≥10'
    assert set(rows) == {"do-thi-loai-I", "do-thi-loai-II", "do-thi-loai-IV"}
    assert "value_2025" not in rows["do-thi-loai-I"] and num(rows["do-thi-loai-I"]["value_2030"]) == 20
    assert num(rows["do-thi-loai-II"]["value_2025"]) == 10 and "value_2030" not in rows["do-thi-loai-II"]
    assert num(rows["do-thi-loai-IV"]["change"]) == 5


# --- 14. section-ii-vs-appendix-3 --------------------------------------------------------------


def test_section_ii_vs_appendix_3_flags_indicator_20_in_2030(run):
    rows = run("section-ii-vs-appendix-3", indicator="20")
    by_year = {r["year"]: r for r in rows}
    assert by_year["2025"]["status"] == "agree"                # '10%' (l. 59) and '10' (l. 505)
    r = by_year["2030"]                                        # '30 - 40%' (l. 84) against '25-40' (l. 505)
    assert r["status"] == "value differs" and r["objective"] == "II.3.2.c.5"
    assert r["section_ii_text"] == "30 - 40%" and r["appendix_3_cell"] == "25-40"
    assert (num(r["section_ii_min"]), num(r["appendix_3_min"])) == (30, 25)


def test_section_ii_vs_appendix_3_disagreements(run):
    rows = run("section-ii-vs-appendix-3", disagreements_only="true")
    got = {(r["notation"], r["year"], r["status"]) for r in rows}
    assert got == {
        ("PL3-1", "2025", "only in Phụ lục 3"),       # the 'X' row has no Section II counterpart
        ("PL3-2", "2030", "comparator differs"),      # 'khoảng 09%' (l. 69) vs '9'
        ("PL3-3", "2030", "only in Phụ lục 3"),       # '02 năm/lần' spans both years; Section II 2030 has none
        ("PL3-4", "2030", "comparator differs"),      # 'khoảng 15%' (l. 73) vs '15'
        ("PL3-5", "2025", "comparator differs"),      # 'khoảng 40%' (l. 49) vs '40'
        ("PL3-5", "2030", "comparator differs"),      # 'khoảng 45%' (l. 74) vs '45'
        ("PL3-20", "2030", "value differs"),
        ("PL3-24", "2025", "comparator differs"),     # 'khoảng 27%' (l. 63) vs '27'
        ("PL3-25", "2025", "comparator differs"),     # 'khoảng 0,68' (l. 65) vs '0,68'
    }
    all_rows = run("section-ii-vs-appendix-3")
    assert Counter(col(all_rows, "status"))["agree"] == len(all_rows) - len(rows)


# --- 15. agency-workload -----------------------------------------------------------------------


def test_agency_workload(run):
    rows = {r["label"]: r for r in run("agency-workload")}
    w = lambda label: tuple(int(rows[label][k]) for k in ("rows_led", "rows_cooperating", "high_priority_led"))
    # Sở TN&MT: leads the 16 rows of TNMT_LEADS, 11 of them under a (Cao) theme; cooperates on 6
    assert w("Sở Tài nguyên và Môi trường") == (16, 6, 11)
    # Sở KH&ĐT leads 22 rows, all high priority but 6.3 (theme 6 '(C)'); cooperates on 1.1.1.e, 3.2,
    # 11.2.1, 14.7, 14.8, 16.3
    assert w("Sở Kế hoạch và Đầu tư") == (22, 6, 21)
    assert w("Sở Y tế") == (5, 0, 0)   # theme 17 '(A, D)' has no (Cao)
    assert rows["UBND các huyện, thành phố"]["collective"] == "true"
    assert w("UBND các huyện, thành phố") == (3, 102, 2)
    assert next(iter(rows)) == "Sở Kế hoạch và Đầu tư"


def test_agency_workload_agencies_only(run):
    rows = run("agency-workload", include_collectives="false")
    assert set(col(rows, "collective")) == {"false"}
    assert "các sở, ban, ngành tỉnh" not in col(rows, "label")


# --- 16. lead-agencies-per-row -----------------------------------------------------------------


def test_rows_with_several_lead_agencies(run):
    rows = run("lead-agencies-per-row")
    assert col(rows, "notation") == ["1.1.1.e", "1.1.2.c", "1.1.4", "2.2.2", "3.3", "10.1", "10.5", "14.6", "17.5"]
    r = {x["notation"]: x for x in rows}
    # l. 181: 'Sở Kế hoạch và Đầu tư, Sở Tài nguyên và Môi trường, Sở Nông nghiệp và Phát triển nông thôn'
    assert r["1.1.2.c"]["leads"] == "3"
    assert r["1.1.2.c"]["lead_agencies"] == ("Sở Kế hoạch và Đầu tư; Sở Tài nguyên và Môi trường; "
                                             "Sở Nông nghiệp và Phát triển nông thôn")
    agencies_only = run("lead-agencies-per-row", include_collectives="false")
    assert col(agencies_only, "notation") == ["1.1.2.c", "2.2.2", "10.1", "10.5", "14.6", "17.5"]
    assert col(run("lead-agencies-per-row", min_leads="3"), "notation") == ["1.1.2.c"]


# --- 17. further queries -----------------------------------------------------------------------


def test_tasks_per_theme_matches_section_iv(run):
    rows = run("tasks-per-theme")
    assert all(r["declared"] == r["tasks"] for r in rows)       # l. 107-124
    assert sum(int(r["tasks"]) for r in rows) == 85              # l. 105: '85 nhiệm vụ, hoạt động cụ thể'
    assert {r["theme"]: r["tasks"] for r in rows}["14"] == "9"


def test_green_technologies_by_sector(run):
    rows = run("green-technologies-by-sector")
    assert Counter(col(rows, "sector_notation")) == {"PL4-1": 13, "PL4-2": 5, "PL4-3": 5, "PL4-4": 2}
    transport = run("green-technologies-by-sector", sector="4")
    assert col(transport, "label") == ["Nâng cao năng lực vận tải đường thủy nội địa.",
                                       "Phát triển giao thông công cộng; phương tiện cá nhân chạy bằng điện."]


def test_projects_per_field(run):
    rows = run("projects-per-field")
    assert [(r["field"], r["projects"]) for r in rows] == [
        ("PL2-I", "7"), ("PL2-II", "8"), ("PL2-III", "11"), ("PL2-IV", "3"), ("PL2-V", "5"), ("PL2-VI", "3")]
    # field II: only II.3, II.6, II.8 name districts; VI: all three 'Các huyện, thành phố'
    assert {r["field"]: r["in_named_places"] for r in rows}["PL2-II"] == "3"
    assert {r["field"]: r["in_named_places"] for r in rows}["PL2-VI"] == "0"


def test_legal_bases(run):
    rows = run("legal-bases", relation="decision based on")
    # l. 8-13: two laws, 1658/QĐ-TTg, 882/QĐ-TTg, 600/QĐ-BKHĐT, Tờ trình 2376/TTr-SKHĐT
    assert Counter(col(rows, "type")) == {"Law": 2, "Decision": 3, "Submission": 1}
    assert {"1658/QĐ-TTg", "882/QĐ-TTg", "600/QĐ-BKHĐT", "2376/TTr-SKHĐT"} == {r["number"] for r in rows if "number" in r}
    refs = {(r["cited_by"], r["number"]) for r in run("legal-bases", relation="row references")}
    assert ("14.2", "06/2022/NĐ-CP") in refs and ("14.2", "01/2022/QĐ-TTg") in refs   # l. 358
    guidance = run("legal-bases", relation="plan follows guidance")
    assert col(guidance, "number") == ["600/QĐ-BKHĐT"]
    # l. 24-26: the plan's own 'Căn cứ' lines; the national action plan (882/QĐ-TTg) is not 'the plan'
    assert col(run("legal-bases", relation="plan based on"), "number") == ["1658/QĐ-TTg", "882/QĐ-TTg", "600/QĐ-BKHĐT"]


def test_reporting_duties(run):
    rows = {r["notation"]: r for r in run("reporting-duties")}
    # l. 147: '… về Sở Kế hoạch và Đầu tư trước ngày 15 tháng 11 hàng năm'
    assert (rows["V.2.1"]["recipient"], rows["V.2.1"]["deadline"]) == ("Sở Kế hoạch và Đầu tư", "--11-15")
    # l. 148: '… trình UBND tỉnh trước ngày 01 tháng 12 hàng năm'
    assert (rows["V.2.2"]["reporter"], rows["V.2.2"]["deadline"]) == ("Sở Kế hoạch và Đầu tư", "--12-01")
    assert all(r["frequency"] == "annual" for r in rows.values())


def test_rows_mentioning(run):
    # 'kinh tế tuần hoàn' in Phụ lục 1: l. 163, 168, 186, 214, 244, 335, 343, 347, 356
    rows = run("rows-mentioning")
    assert col(rows, "notation") == ["1.1", "1.1.1.c", "1.1.3.b", "2.2.5", "5.1.3", "13.1", "13.3.2", "13.4", "14.1"]
    assert {r["notation"]: r["in"] for r in rows}["13.1"] == "output"
    assert col(run("rows-mentioning", text="ITS"), "notation") == ["11.1.3"]   # l. 310


# --- bad parameters fail safely ----------------------------------------------------------------


@pytest.mark.parametrize("name, params", [
    ("high-priority-tasks-by-lead-and-funding", {"agency": "Bộ Quốc phòng"}),       # not in the plan
    ("high-priority-tasks-by-lead-and-funding", {"agency": INJECTION}),
    ("high-priority-tasks-by-lead-and-funding", {"agency": IRI_INJECTION}),
    ("high-priority-tasks-by-lead-and-funding", {"agency": "https://example.org/x"}),
    ("high-priority-tasks-by-lead-and-funding", {"funding": "V"}),
    ("high-priority-tasks-by-lead-and-funding", {"funding": "II> ?p ?o"}),
    ("high-priority-tasks-by-lead-and-funding", {"declared_only": "maybe"}),
    ("high-priority-tasks-by-lead-and-funding", {"priority": "high"}),                 # unknown parameter
    ("tasks-active-in-year", {"year": "1999"}),
    ("tasks-active-in-year", {"year": "2031"}),
    ("tasks-active-in-year", {"year": "2026 } ; DROP ALL"}),
    ("tasks-by-agency", {"role": 'lead" } #'}),
    ("tasks-by-agency", {"agency": IRI_INJECTION}),
    ("tasks-by-theme-group", {"group": "F"}),
    ("projects-by-district", {"place": "Hà Nội"}),
    ("projects-by-district", {"place": IRI_INJECTION}),
    ("indicators-by-agency", {"agency": INJECTION}),
    ("tasks-behind-an-indicator", {"indicator": "99"}),
    ("errata", {"kind": INJECTION}),
    ("lead-agencies-per-row", {"min_leads": "0"}),
    ("green-technologies-by-sector", {"sector": "5"}),
])
def test_bad_parameters_raise_parameter_error(catalogue, resolver, name, params):
    with pytest.raises(ParameterError):
        catalogue[name].prepare(params, resolver)


def test_injection_through_a_string_parameter_is_one_literal(catalogue, resolver, run, store):
    size = len(store)
    everything = len(run("rows-mentioning", text="a"))          # nearly every row contains an 'a'
    assert everything > 100
    for attempt in (INJECTION, '") || true || ("', 'kinh tế tuần hoàn") || true || ("', IRI_INJECTION):
        text, _ = catalogue["rows-mentioning"].prepare({"text": attempt}, resolver)
        assert text.count("VALUES (?text) {") == 1
        # no row contains these characters: the attempt is looked for, not executed
        assert run("rows-mentioning", text=attempt) == []
    assert len(store) == size
    # the same for the keyword of tasks-behind-an-indicator: only the two measuredBy objectives remain,
    # exactly as for any keyword no row contains
    plain = run("tasks-behind-an-indicator", keyword="no such words anywhere")
    injected = run("tasks-behind-an-indicator", keyword='nước thải")) || true || (("')
    assert len(injected) == len(plain) == 2
    assert col(injected, "link") == ["measuredBy", "measuredBy"]
