"""``kzgraph search``, ``show``, ``path`` and ``brokers``: asking the graph about people and links."""

from __future__ import annotations

import json
import re
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from ..cli import _fail, _open, _settings, out
from ..errors import KGError, UsageError
from ..terms import KZO, shorten
from .common import entity_iri

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise _fail(UsageError(f"--format must be one of {', '.join(allowed)}"))


def search(
    text: Annotated[str, typer.Argument(help="A name in any spelling, transliteration or script.")],
    type_: Annotated[list[str] | None, typer.Option("--type", "-t", help="Entity class, e.g. Person, PoliticalParty.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100, help="Most hits to show.")] = 10,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Find entities by label or alias, forgiving spelling (Zh/J, -yev/-ev, Cyrillic, typos)."""
    from ..search import SearchIndex  # the heavy modules load with the command that needs them

    _check_format(fmt, ("table", "json"))
    store = _open(_settings())
    try:
        index = SearchIndex.build(store)
        types = {str(KZO) + t for t in type_} if type_ else None
        hits = index.search(text, limit=limit, types=types)
    except KGError as exc:
        raise _fail(exc) from None
    finally:
        store.close()
    if fmt == "json":
        _json([hit.__dict__ for hit in hits])
        return
    table = Table("id", "name", "type", "matched", "score")
    for hit in hits:
        table.add_row(shorten(hit.iri), hit.label, shorten(hit.type), hit.matched, f"{hit.score:g}")
    out.print(table)
    out.print(f"{len(hits)} hits")


def show(
    entity: Annotated[str, typer.Argument(help="Name, alias, kz: id, slug or IRI.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """An entity's profile: names, types, every relation with dates, claim status and sources."""
    from ..profile import profile

    _check_format(fmt, ("text", "json"))
    store = _open(_settings())
    try:
        found = profile(store, entity_iri(store, entity))
    except KGError as exc:
        raise _fail(exc) from None
    finally:
        store.close()
    if fmt == "json":
        _json(found)
        return
    out.print(f"[bold]{found['label']}[/bold]  {found['id']}  ({', '.join(t['label'] for t in found['types'])})")
    if found["aliases"]:
        out.print("also: " + "; ".join(a["value"] for a in found["aliases"]), markup=False)
    if found["description"]:
        out.print(found["description"], markup=False)
    for fact in found["facts"]:
        out.print(f"{fact['label']}: {fact['value_label'] or fact['value']}", markup=False)
    for kind, relations in found["relations"].items():
        out.print(f"\n[bold]{kind}[/bold] ({len(relations)})")
        for rel in relations:
            when = "–".join(x for x in (rel["start"], rel["end"]) if x) or rel["date"] or ""
            arrow = "→" if rel["direction"] == "out" else "←"
            detail = ", ".join(x for x in (rel["detail"], rel["role"], when, rel["status"]) if x)
            out.print(f"  {arrow} {rel['other']['label']}" + (f" ({detail})" if detail else "")
                      + f"  [{len(rel['citations'])} sources]", markup=False)
    for measure, figures in found["figures"].items():
        out.print(f"\n[bold]{measure}[/bold]")
        for fig in figures:
            value = fig["value"] or "–".join(x for x in (fig["min"], fig["max"]) if x)
            source = fig["citations"][0]["document"]["title"] if fig["citations"] else "uncited"
            out.print(f"  {fig['qualifier'] or ''} {value} {fig['unit'] or ''} — {source}".strip(), markup=False)
    out.print(f"\n{len(found['citations'])} citations of the entity itself")


def path(
    source: Annotated[str, typer.Argument(help="From: name, alias, kz: id, slug or IRI.")],
    target: Annotated[str, typer.Argument(help="To: name, alias, kz: id, slug or IRI.")],
    k: Annotated[int, typer.Option("-k", min=1, max=10, help="How many paths.")] = 3,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=8, help="Longest path, in hops.")] = 6,
    alleged: Annotated[bool, typer.Option("--alleged/--no-alleged", help="Use alleged relations.")] = True,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Only relations that may be in force on YYYY[-MM[-DD]].")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """How are A and B connected? Up to k shortest paths, each hop a sentence with its source and quote."""
    from ..analytics.paths import cited_paths, describe
    from ..network import EdgeFilter
    from ..projection import ALLEGED, NOT_IN_FORCE, project

    _check_format(fmt, ("text", "json"))
    if as_of is not None and not re.match(DATE, as_of):
        raise _fail(UsageError("--as-of takes YYYY, YYYY-MM or YYYY-MM-DD"))
    store = _open(_settings())
    try:
        a, b = entity_iri(store, source), entity_iri(store, target)
        graph = project(store)
        dropped = NOT_IN_FORCE if alleged else NOT_IN_FORCE | {ALLEGED}
        found = cited_paths(graph, store, a, b, k=k, max_hops=max_hops,
                            edge_filter=EdgeFilter(exclude_statuses=frozenset(dropped), as_of=as_of))
    except KGError as exc:
        raise _fail(exc) from None
    finally:
        store.close()
    if fmt == "json":
        _json({"source": a, "target": b, "paths": found})
        return
    if not found:
        out.print(f"no connection within {max_hops} hops between {shorten(a)} and {shorten(b)}")
        return
    for number, hops in enumerate(found, 1):
        out.print(f"[bold]path {number}[/bold] ({len(hops)} hops)")
        out.print(describe(hops), markup=False, soft_wrap=True)


def brokers(
    head: Annotated[str, typer.Option("--family-of", help="Head of the family on one side.")] = "kz:nursultan-nazarbayev",
    depth: Annotated[int, typer.Option("--depth", min=1, max=4, help="Family ties from the head.")] = 2,
    ban_kind: Annotated[list[str] | None, typer.Option(
        "--ban-kind", help="Ban kinds for the other side (kzv names; default extremist/terrorist designation, "
        "liquidation, registration refused).")] = None,
    everyone: Annotated[bool, typer.Option("--all-types", help="Rank organisations and places too, not only persons.")] = False,
    links: Annotated[bool, typer.Option("--with-links", help="Count link edges (place, court, jurisdiction) as ties.")] = False,
    alleged: Annotated[bool, typer.Option("--alleged/--no-alleged", help="Use alleged relations.")] = True,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=200)] = 15,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Who links a ruling family to banned organisations, ranked, with the relations that make them brokers."""
    from ..analytics import banned_organisations, family_of
    from ..analytics import brokers as find_brokers
    from ..projection import project, vocabulary

    _check_format(fmt, ("table", "json"))
    store = _open(_settings())
    try:
        graph = project(store)
        family = family_of(graph, entity_iri(store, head), depth=depth)
        banned = banned_organisations(store, ban_kind) if ban_kind else banned_organisations(store)
        people = None if everyone else {n for n, t in graph.nodes(data="type") if t == str(KZO) + "Person"}
        found = find_brokers(graph, family, banned, limit=limit, include_alleged=alleged,
                             relations_only=not links, candidates=people)
        vocab = vocabulary(store)
    except KGError as exc:
        raise _fail(exc) from None
    finally:
        store.close()
    label = {n: d.get("label", n) for n, d in graph.nodes(data=True)}

    def ties(edges: list[dict[str, Any]]) -> list[str]:
        return sorted({f"{vocab.label(e['kind'])} {label[e['target'] if e['source'] == b.node else e['source']]}"
                       for e in edges})

    if fmt == "json":
        _json({"family": sorted(family), "banned": sorted(banned),
               "brokers": [{**b.__dict__, "label": label[b.node]} for b in found]})
        return
    out.print(f"family: {len(family)} people ({', '.join(sorted(label[n] for n in family))}); "
              f"banned organisations: {len(banned)}", markup=False)
    table = Table("broker", "pairs", "betweenness", "toward the family", "toward the banned", show_lines=True)
    for b in found:
        table.add_row(label[b.node], f"{b.score:g}", f"{b.betweenness:.4f}", "\n".join(ties(b.toward_a)),
                      "\n".join(ties(b.toward_b)))
    out.print(table)
