"""Deterministic synthetic provinces shaped like the real plan (`ttx synth --provinces N`)."""

from .generator import Province, generate, manifest_files, provinces, synth_files

__all__ = ["Province", "generate", "manifest_files", "provinces", "synth_files"]
