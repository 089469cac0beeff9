"""Label search that ignores Vietnamese diacritics, case and punctuation."""

from .index import Hit, LabelIndex, normalize

__all__ = ["Hit", "LabelIndex", "normalize"]
