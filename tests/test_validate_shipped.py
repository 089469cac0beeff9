"""The shipped dataset conforms (0 violations); both engines give the same results on it; the errata
document equals what validation produces; bad input is reported with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.validate import InputError, validate
from service.validate.errata import generate

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def fast(repo):
    return validate(repo, engine="fast")


@pytest.fixture(scope="module")
def reference(repo):
    return validate(repo, engine="pyshacl")


def test_shipped_data_conforms(fast):
    assert fast.violations == []
    assert fast.warnings, "the source's known defects are flagged"


def test_engines_give_identical_results(fast, reference):
    assert fast.keys() == reference.keys()
    assert {r.key(): r.messages for r in fast.results} == {r.key(): r.messages for r in reference.results}


def test_errata_document_is_what_validation_produces(repo, fast):
    committed = (repo.root / "docs" / "errata.md").read_text(encoding="utf-8")
    assert committed == generate(repo, fast), "run `ttx validate --errata docs/errata.md`"


def test_known_source_defects_are_warned(fast):
    got = {(r.shape.rsplit("/", 1)[-1], str(r.focus).split("ben-tre-2021-2030/")[-1]) for r in fast.warnings}
    for expected in [("errata-fundingText", "task/18.1"), ("errata-fundingText", "task/18.2"),
                     ("VariantSpellingShape", "activity/2.2.2/mention/lead/2"), ("errata-markerText", "theme/14"),
                     ("SectionIIAgreesShape", "indicator/20"), ("PercentIndexShape", "indicator/25"),
                     ("errata-oneLine", "indicator/1"), ("errata-unitText", "indicator/3"),
                     ("errata-expectedOutput", "activity/1.1.1.a"), ("errata-mergedBullet", "objective/2025/a/2"),
                     ("errata-signerBlock", "https://w3id.org/ttx-kg/legal/qd-2082-ubnd-2023")]:
        assert expected in got, expected


def test_unreadable_input_names_file_and_line(repo):
    with pytest.raises(InputError, match=r"broken-syntax\.ttl:2:"):
        validate(repo, [FIXTURES / "broken-syntax.ttl"])


def test_cli_exit_codes(repo):
    import typer

    from service.cli.validation import register
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    bad = runner.invoke(app, ["validate", str(FIXTURES / "broken-syntax.ttl")])
    assert bad.exit_code == 2 and "broken-syntax.ttl:2:" in bad.output and "Traceback" not in bad.output
    broken = runner.invoke(app, ["validate", "--format", "json", "--no-registry",
                                 str(FIXTURES / "shapes" / "task-lead.ttl")])
    assert broken.exit_code == 1 and '"conforms": false' in broken.output
    warn = runner.invoke(app, ["validate", "--fail-on", "warning", "--no-registry",
                               str(FIXTURES / "shapes" / "marker-format.ttl")])
    assert warn.exit_code == 1
