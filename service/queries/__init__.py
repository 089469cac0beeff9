"""The named-query catalogue: queries/*.rq with typed, documented parameters."""

from .catalogue import Catalogue, NamedQuery, Parameter, ParameterError

__all__ = ["Catalogue", "NamedQuery", "Parameter", "ParameterError"]
