"""The fast query-string decoder gives exactly what ``urllib.parse.parse_qs`` gives."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from api.sparql.query_string import parse_query_string

# the characters that matter to the decoder, plus some text that is not ASCII
PIECES = st.sampled_from(["%", "+", "=", "&", ";", "2", "0", "a", "F", "g", "%41", "%e2%80%94", "%C3", "%zz",
                          "%2", " ", "SELECT", "?", "#", "é", "Ж", "\\", "%3D", "%25", "%0A"])


def reference(text: str) -> dict[str, list[str]]:
    return parse_qs(text, keep_blank_values=True)


@settings(max_examples=2000, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_matches_parse_qs_on_any_text(text: str) -> None:
    assert parse_query_string(text) == reference(text)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.text(max_size=12), st.lists(st.text(max_size=40), min_size=1, max_size=3), max_size=4))
def test_round_trips_what_clients_encode(params: dict[str, list[str]]) -> None:
    encoded = urlencode(params, doseq=True)
    assert parse_query_string(encoded) == reference(encoded)


def test_a_sparql_query_by_get() -> None:
    query = 'PREFIX kz: <https://kzgraph.org/id/>\nSELECT ?n WHERE { kz:x ?p ?n FILTER(?n != "a=b&c%d+e") }'
    text = urlencode({"query": query, "default-graph-uri": "https://kzgraph.org/graph/1"})
    assert parse_query_string(text) == {"query": [query], "default-graph-uri": ["https://kzgraph.org/graph/1"]}


def test_blank_and_repeated_values() -> None:
    assert parse_query_string("format=json&format=xml&query=&x") == {"format": ["json", "xml"], "query": [""], "x": [""]}
    assert parse_query_string("") == {}
