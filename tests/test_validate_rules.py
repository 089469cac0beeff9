"""One small broken dataset per rule (tests/fixtures/shapes/*.ttl): each gives exactly the expected
result for its rule — shape, focus node, severity — on the fast engine; and on all fixtures at once
the fast engine and plain pyshacl agree result for result."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
S = "https://w3id.org/ttx-kg/shapes/"
P = "https://w3id.org/ttx-kg/plan/x-2021-2030/"
B = "https://w3id.org/ttx-kg/"
V, W = "http://www.w3.org/ns/shacl#Violation", "http://www.w3.org/ns/shacl#Warning"

CASES = {
    "funding-repeated": ("errata-fundingText", P + "task/1.1", W),
    "variant-spelling": ("VariantSpellingShape", P + "task/1.1/mention/lead/1", W),
    "marker-format": ("errata-markerText", P + "theme/14", W),
    "task-notation": ("task-notation", P + "task/1.1", V),
    "task-iri": ("TaskShape", P + "tasks/one", V),
    "funding-code": ("component-fundingSource", P + "task/1.1", V),
    "label-languages": ("label", P + "theme/1", V),
    "theme-task-count": ("ThemeTaskCountShape", P + "theme/1", W),
    "notation-unique": ("NotationUniqueShape", "https://w3id.org/ttx-kg/plan/x-2021-2030", V),
    "activity-theme": ("ActivityInTaskShape", P + "activity/1.1.1", V),
    "task-lead": ("TaskLeadAgencyShape", P + "task/1.1", V),
    "target-weaker": ("TargetNotWeakerShape", P + "indicator/1", W),
    "percent-range": ("PercentRangeShape", P + "indicator/1", W),
    "section-ii-agrees": ("SectionIIAgreesShape", P + "indicator/20", W),
    "mapping-target": ("MappingTargetShape", B + "mappings/national/M-1", V),
    "interval-order": ("IntervalOrderShape", B + "period/2030-2025", V),
    "signer-name": ("errata-signerBlock", B + "legal/qd-1", W),
    "percent-index": ("PercentIndexShape", P + "indicator/25", W),
    "mention-order": ("mention-order", P + "task/1.1/mention/lead/1", V),
}


def test_every_fixture_has_a_case():
    assert sorted(f.stem for f in FIXTURES.glob("*.ttl")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule(repo, name):
    shape, focus, severity = CASES[name]
    report = validate(repo, [FIXTURES / f"{name}.ttl"], registry=False)
    got = {(str(r.focus), r.severity) for r in report.results if r.shape == S + shape}
    assert got == {(focus, severity)}, [(r.shape, str(r.focus)) for r in report.results]
    if severity == W:
        assert all(r.severity == W for r in report.results if r.shape == S + shape)


def test_engines_agree_on_all_fixtures(repo):
    files = sorted(FIXTURES.glob("*.ttl"))
    fast = validate(repo, files, engine="fast", registry=False)
    slow = validate(repo, files, engine="pyshacl", registry=False)
    assert fast.keys() == slow.keys()
    assert len(fast.results) > len(CASES)


def test_plans_side_by_side(repo, tmp_path):
    """Two plans that share notations, years and periods (like synthetic provinces), plus a file given
    twice: each plan gets exactly its own results, a triple stated in several files counts once (as in
    the rdflib graph pyshacl validates), and the engines still agree."""
    files = sorted(FIXTURES.glob("*.ttl"))
    x, y = "/plan/x-2021-2030", "/plan/y-2021-2030"
    for f in files:
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8").replace(x, y), encoding="utf-8")
    one = validate(repo, files, registry=False)
    both = validate(repo, files + sorted(tmp_path.glob("*.ttl")) + files[:1], registry=False)
    assert both.keys() == one.keys() | {tuple(part.replace(x, y) for part in k) for k in one.keys()}
    assert both.keys() == validate(repo, files + sorted(tmp_path.glob("*.ttl")), engine="pyshacl",
                                   registry=False).keys()
    again = validate(repo, files + files, registry=False)
    assert (again.triples, again.keys()) == (one.triples, one.keys())
