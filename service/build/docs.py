"""Browsable HTML documentation of the ontology, rendered with pyLODE."""

from __future__ import annotations

from ..config import Paths
from .pipeline import write_atomic


def render_ontology_docs(paths: Paths) -> object:
    import logging

    logging.disable(logging.INFO)  # pyLODE logs its cache loading at INFO/DEBUG on the root logger
    try:
        from pylode import OntPub  # imported late: pyLODE is slow to import and only needed here

        html = OntPub(ontology=str(paths.ontology)).make_html()
    finally:
        logging.disable(logging.NOTSET)
    target = paths.docs_out
    write_atomic(target, html.encode("utf-8"))
    return target
