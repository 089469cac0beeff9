"""The SPARQL endpoint's own form decoder (service.api.form) must read a request exactly as
urllib.parse.parse_qs does: same names, same values, same odd cases (bad escapes, '+',
blank values, repeated names)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from service.api.form import parse_form

pairs = st.lists(st.tuples(st.text(max_size=20), st.text(max_size=40)), max_size=5)
escapes = st.text(alphabet="%%%+=&\\xXuN{}0123456789abcdefABCDEFgở€\x00", max_size=60)  # dense in odd escapes


@given(st.one_of(st.text(max_size=80), pairs.map(urlencode), escapes))
@settings(max_examples=1000, deadline=None)
def test_form_decoding_is_urllibs(text):
    assert parse_form(text) == parse_qs(text, keep_blank_values=True)


def test_query_with_vietnamese_text():
    query = 'SELECT ?t WHERE { ?t rdfs:label "Sở Tài nguyên và Môi trường"@vi } # 100%'
    body = urlencode([("query", query), ("default-graph-uri", ""), ("named-graph-uri", "urn:a&b")])
    assert parse_form(body) == {"query": [query], "default-graph-uri": [""], "named-graph-uri": ["urn:a&b"]}
    assert parse_form("query=a%zzb+c%2") == {"query": ["a%zzb c%2"]}
    assert parse_form("q=%FF%41\\x41%5C") == {"q": ["\ufffdA\\x41\\"]}
