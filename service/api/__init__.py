"""HTTP service: SPARQL 1.1 Protocol, named-query API, linked-data pages."""
