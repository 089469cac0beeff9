"""Sources → RDF: parsers per part of the decision, then one deterministic emitter."""
