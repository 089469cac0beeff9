"""Store access. Nothing outside this package imports pyoxigraph or SPARQLWrapper."""

from .dataset import GraphFile, dataset_files
from .embedded import EmbeddedStore, QueryError, QueryResult

__all__ = ["EmbeddedStore", "GraphFile", "QueryError", "QueryResult", "dataset_files"]
