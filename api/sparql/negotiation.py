"""Choosing a result media type from the ``Accept`` header (or a ``format`` parameter)."""

from __future__ import annotations

from kg.sparql_form import QueryForm

SOLUTION_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values"]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
ALIASES = {
    "json": "application/sparql-results+json", "application/json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml", "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml", "csv": "text/csv", "tsv": "text/tab-separated-values",
    "turtle": "text/turtle", "ttl": "text/turtle", "application/x-turtle": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "text/plain": "application/n-triples",
    "jsonld": "application/ld+json", "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml",
}


def _accepted(header: str) -> list[tuple[float, int, str]]:
    ranked = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    quality = float(f[2:])
                except ValueError:
                    quality = 0.0
        ranked.append((quality, position, media))
    return sorted(ranked, key=lambda r: (-r[0], r[1]))


def choose(form: QueryForm, accept: str | None, fmt: str | None) -> str:
    """The media type to answer with; the form's default if nothing acceptable is offered."""
    offered = SOLUTION_TYPES if form in ("select", "ask") else GRAPH_TYPES
    if fmt:
        wanted = ALIASES.get(fmt.lower(), fmt.lower())
        if wanted in offered:
            return wanted
    for quality, _, media in _accepted(accept or ""):
        if quality <= 0:
            continue
        media = ALIASES.get(media, media)
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return offered[0]
    return offered[0]
