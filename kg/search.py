"""Name search that forgives transliteration, word order, Cyrillic and typos.

Every label and alias is folded to a key (``fold``): Cyrillic and diacritics to ASCII
(unidecode), then the common romanisation variants of Kazakh and Russian names collapsed —
Zh/J/Dzh, Kh/H, Q/K, X/Ks, -yev/-ev/-ayev/-aev, Y between vowels, doubled letters. A query is
folded the same way and matched exactly, by token prefix, then fuzzily (rapidfuzz), and the
hits are ranked by how they matched. The index is built once per loaded graph.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox
from rapidfuzz import fuzz, process
from unidecode import unidecode

from .store import GraphStore
from .terms import SPARQL_PROLOGUE

LABELS_QUERY = SPARQL_PROLOGUE + """
SELECT ?e ?label ?pref ?type WHERE {
  ?e a ?type . ?type rdfs:subClassOf* kzo:Entity .
  FILTER NOT EXISTS { ?e a ?sub . ?sub rdfs:subClassOf+ ?type . FILTER(?sub != ?type) }
  { ?e skos:prefLabel ?label BIND(true AS ?pref) } UNION { ?e skos:altLabel ?label BIND(false AS ?pref) }
}"""

_FOLDS = [
    (re.compile(r"dzh|zh|dj"), "j"), (re.compile(r"kh"), "h"), (re.compile(r"q"), "k"), (re.compile(r"x"), "ks"),
    (re.compile(r"w"), "v"), (re.compile(r"ph"), "f"), (re.compile(r"ts"), "c"),
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), ""),           # Bokayev -> bokaev, Nazarbayeva -> nazarbaeva
    (re.compile(r"\by(?=[aeiou])"), ""),                    # Yesergepov -> esergepov, Yeleusinov -> eleusinov
    (re.compile(r"iy|yi"), "i"), (re.compile(r"y"), "i"),   # Tokayev's Kassym/Qasym, -iy endings
    (re.compile(r"([a-z])\1+"), r"\1"),                     # Kassym -> kasim, Larissa -> larisa
]
_NON_WORD = re.compile(r"[^a-z0-9]+")
_KAZAKH = str.maketrans("қҚғҒңҢүҮұҰһҺөӨәӘіІ", "kKgGnNuUuUhHoOaAiI")


def fold(text: str) -> str:
    """The search key of a name: ASCII, lower case, romanisation variants collapsed, words sorted out of."""
    ascii_text = unidecode(text.translate(_KAZAKH)).lower()
    ascii_text = _NON_WORD.sub(" ", ascii_text)
    for pattern, replacement in _FOLDS:
        ascii_text = pattern.sub(replacement, ascii_text)
    return " ".join(ascii_text.split())


@dataclass(frozen=True)
class Hit:
    """One ranked search result."""

    iri: str
    label: str
    type: str
    matched: str
    score: float


@dataclass(frozen=True)
class _Entry:
    iri: str
    text: str
    key: str
    preferred: bool


ALIGNMENT_CUTOFF = 72  # a fuzzy hit's word-by-word score must reach this


def _word_alignment(query_words: list[str], name_words: list[str]) -> float:
    """Mean over query words of the best similarity to a word of the name, lightly favouring full names."""
    best = [max(fuzz.ratio(q, n) for n in name_words) for q in query_words]
    coverage = min(1.0, len(query_words) / len(name_words))
    return sum(best) / len(best) * (0.9 + 0.1 * coverage)


class SearchIndex:
    """Folded keys of every label and alias, with the entity's English name and type."""

    def __init__(self, entries: list[_Entry], names: dict[str, str], types: dict[str, str]) -> None:
        self._entries = entries
        self._keys = [e.key for e in entries]
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._by_token: dict[str, set[int]] = defaultdict(set)
        for i, entry in enumerate(entries):
            self._by_key[entry.key].append(i)
            for token in entry.key.split():
                self._by_token[token].add(i)
        self._tokens = sorted(self._by_token)  # for prefix look-ups by bisection, not a scan of the vocabulary
        self.names = names
        self.types = types

    def _fuzzy_pool(self, tokens: list[str]) -> list[int]:
        """Entries with a word at least ``ALIGNMENT_CUTOFF`` similar to some query word.

        The word-by-word score is a mean over query words, so a name that reaches the cutoff has
        at least one word that does: looking among the distinct words (tens of thousands at 1M
        triples) instead of scoring every label (≈ 60 ms at 1M) loses no hit.
        """
        found: set[int] = set()
        for token in set(tokens):
            for similar, _, _ in process.extract(token, self._tokens, scorer=fuzz.ratio, limit=None,
                                                 score_cutoff=ALIGNMENT_CUTOFF):
                found |= self._by_token[similar]
        return sorted(found)

    def _prefixed(self, prefix: str) -> set[int]:
        """Entries with a token starting with ``prefix``: a contiguous run of the sorted tokens."""
        start = bisect_left(self._tokens, prefix)
        found: set[int] = set()
        for token in self._tokens[start:]:
            if not token.startswith(prefix):
                break
            found |= self._by_token[token]
        return found

    @classmethod
    def build(cls, store: GraphStore) -> SearchIndex:
        entries: list[_Entry] = []
        names: dict[str, str] = {}
        types: dict[str, str] = {}
        for row in store.select(LABELS_QUERY):
            entity, label, type_ = row.get("e"), row.get("label"), row.get("type")
            if not isinstance(entity, ox.NamedNode) or not isinstance(label, ox.Literal):
                continue
            pref = row.get("pref")
            preferred = isinstance(pref, ox.Literal) and pref.value == "true"
            if isinstance(type_, ox.NamedNode):
                types.setdefault(entity.value, type_.value)
            if preferred and (entity.value not in names or (label.language or "").startswith("en")):
                names[entity.value] = label.value
            key = fold(label.value)
            if key:
                entries.append(_Entry(entity.value, label.value, key, preferred))
        for entry in entries:
            names.setdefault(entry.iri, entry.text)
        return cls(entries, names, types)

    def __len__(self) -> int:
        return len(self.names)

    def search(self, query: str, limit: int = 10, types: set[str] | None = None) -> list[Hit]:
        """Ranked hits: exact key 100, all query tokens as word prefixes 90+, then fuzzy matches."""
        key = fold(query)
        if not key:
            return []
        scored: dict[str, tuple[float, str]] = {}

        def offer(index: int, score: float) -> None:
            entry = self._entries[index]
            if types and self.types.get(entry.iri) not in types:
                return
            score += 0.5 if entry.preferred else 0.0
            if score > scored.get(entry.iri, (-1.0, ""))[0]:
                scored[entry.iri] = (score, entry.text)

        for index in self._by_key.get(key, []):
            offer(index, 100.0)
        tokens = key.split()
        candidates: set[int] | None = None
        for token in tokens:
            matching = self._prefixed(token) if len(token) >= 2 else set()
            candidates = matching if candidates is None else candidates & matching
        for index in candidates or set():
            entry_tokens = len(self._entries[index].key.split())
            offer(index, 90.0 + 5.0 * len(tokens) / max(entry_tokens, len(tokens)))
        if len(scored) < limit:
            # Candidates by a fast C scorer, then re-ranked word by word: every query word must
            # resemble some word of the name, so "Nazarbayv" finds Nazarbayev, not "Azar".
            pool = self._fuzzy_pool(tokens)
            keys = [self._keys[i] for i in pool]
            for _, _, position in process.extract(key, keys, scorer=fuzz.WRatio, limit=limit * 10, score_cutoff=60):
                index = pool[position]
                score = _word_alignment(tokens, self._entries[index].key.split())
                if score >= ALIGNMENT_CUTOFF:
                    offer(index, min(score, 89.0))
        ranked = sorted(scored.items(), key=lambda item: (-item[1][0], self.names.get(item[0], "")))
        return [Hit(iri, self.names.get(iri, matched), self.types.get(iri, ""), matched, round(score, 1))
                for iri, (score, matched) in ranked[:limit]]
