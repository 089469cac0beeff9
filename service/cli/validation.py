"""`ttx validate` and `ttx reason`. Registered on the main app by ``register(app)``."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from ..config import paths

err = Console(stderr=True)


class ReportFormat(str, Enum):
    text = "text"
    turtle = "turtle"
    json = "json"


class FailOn(str, Enum):
    violation = "violation"
    warning = "warning"


class Engine(str, Enum):
    fast = "fast"
    pyshacl = "pyshacl"


def _fail(message: str, code: int) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def validate_cmd(
    files: Optional[list[Path]] = typer.Argument(None, help="Files to validate (Turtle, JSON-LD, N-Triples, "
                                                            "TriG, N-Quads, RDF/XML); default: the built dataset."),
    fmt: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", help="Report format."),
    fail_on: FailOn = typer.Option(FailOn.violation, "--fail-on", help="Exit 1 on violations, or on warnings too."),
    engine: Engine = typer.Option(Engine.fast, "--engine", help="fast (SPARQL on Oxigraph) or pyshacl."),
    registry: bool = typer.Option(True, help="Validate user files together with the shared registry."),
    errata: Optional[Path] = typer.Option(None, "--errata", help="Also write the errata document (built dataset)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here (default: stdout)."),
) -> None:
    """Validate the built graph or your own files against the SHACL shapes (with the ontology).

    Exit code: 0 conforms, 1 violations (or warnings with --fail-on warning), 2 unreadable input."""
    from ..validate import InputError, validate
    from ..validate.fast import UnsupportedShape
    from ..validate.inputs import load_engine
    from ..validate.report import locate, render
    from ..validate.shapes import load_shapes

    p = paths()
    files = list(files or [])
    if not files and not p.plan_out.exists():
        _fail(f"{p.plan_out}: not built yet (run `ttx build`) — or name files to validate", 2)
    try:
        with err.status("Validating…"):
            report = validate(p, files or None, engine.value, registry)
            from ..validate import sources_for
            store = load_engine(sources_for(p, files or None, registry))
            where = locate(store, [r.focus for r in report.results] +
                           [r.value for r in report.results if r.value is not None])
    except InputError as exc:
        _fail(str(exc), 2)
    except UnsupportedShape as exc:
        _fail(f"the fast engine cannot run these shapes ({exc}); use --engine pyshacl", 2)
    text = render(report, fmt.value, load_shapes(p.shapes_dir), where)
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"{output}: report written")
    else:
        sys.stdout.write(text)
    if errata:
        if files:
            _fail("--errata documents the built dataset: give no files", 2)
        from ..validate.errata import write
        err.print(f"{write(p, errata, report)}: errata written")
    err.print(f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s) "
              f"[{report.engine}: load {report.seconds['load']:.2f} s, validate {report.seconds['validate']:.2f} s]")
    if report.violations or (fail_on is FailOn.warning and report.warnings):
        raise typer.Exit(1)


def reason_cmd(
    hermit: bool = typer.Option(True, help="Run HermiT (Java) for consistency and unsatisfiable classes."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write the inferred graph "
                                                                       "(default: data/inferred/inferred.ttl)."),
) -> None:
    """Check the ontology and data with HermiT; materialize useful OWL 2 RL entailments (inferred graph)."""
    from ..validate.reason import ReasoningError, check_consistency, materialize

    p = paths()
    if not p.plan_out.exists():
        _fail(f"{p.plan_out}: not built yet (run `ttx build`)", 2)
    try:
        if hermit:
            with err.status("HermiT: checking the ontology and the data…"):
                result = check_consistency(p)
            err.print(f"HermiT: ontology consistent, {result.classes} classes, no unsatisfiable class; "
                      f"data consistent ({result.individuals} individuals)")
        with err.status("Materializing OWL 2 RL entailments…"):
            target = materialize(p, output)
    except ReasoningError as exc:
        _fail(str(exc), 1)
    err.print(f"{target}: inferred graph written")


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_cmd)
    app.command("reason")(reason_cmd)
