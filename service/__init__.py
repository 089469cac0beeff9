"""ttx-kg: a knowledge graph of Vietnam's green-growth action plans."""

__version__ = "0.1.0"
