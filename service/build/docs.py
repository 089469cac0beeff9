"""Browsable HTML documentation of the ontology, rendered with pyLODE."""

from __future__ import annotations

from ..config import Paths
from .pipeline import write_atomic


def render_ontology_docs(paths: Paths) -> object:
    import logging

    logging.getLogger().setLevel(logging.WARNING)  # pyLODE logs its cache loading at INFO
    from pylode import OntPub  # imported late: pyLODE is slow to import and only needed here

    html = OntPub(ontology=str(paths.ontology)).make_html()
    target = paths.docs_out
    write_atomic(target, html.encode("utf-8"))
    return target
