"""The ``kzgraph`` command line.

Exit codes: 0 success; 1 the data or query is invalid (syntax error, shape violation, failed
quality query); 2 usage error (bad option, unknown entity, named query or file); 3 store
unavailable (locked, unreadable, remote endpoint down).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import named_queries
from . import stats as stats_module
from .errors import KGError, UsageError
from .loader import LoadRejected
from .loader import load as load_data
from .ontology import OntologyFiles
from .settings import Settings
from .sparql_form import query_form
from .store import GraphStore, open_store
from .terms import PREFIXES, shorten
from .validation import Report, validate_paths

app = typer.Typer(help="kzgraph: a cited knowledge graph of power in Kazakhstan.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


@app.callback()
def main() -> None:
    """kzgraph: load, validate, query and serve the graph. Settings come from KZGRAPH_* variables (see README)."""


def _settings() -> Settings:
    try:
        return Settings()
    except Exception as exc:  # pydantic's ValidationError: a bad KZGRAPH_* value
        err.print(f"[red]error:[/red] invalid settings: {exc}")
        raise typer.Exit(2) from None


def _fail(exc: KGError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc.detail}", markup=True, soft_wrap=True, highlight=False)
    return typer.Exit(exc.exit_code)


def _open(settings: Settings) -> GraphStore:
    try:
        return open_store(settings)
    except KGError as exc:
        raise _fail(exc) from None


def _print_report(report: Report, warnings: bool) -> None:
    for syntax in report.syntax_errors:
        err.print(f"syntax error {syntax.detail}", markup=False, soft_wrap=True)
    for finding in report.violations + (report.warnings if warnings else []):
        out.print(finding.render(), markup=False, soft_wrap=True)


def _summary(report: Report) -> str:
    return (f"{report.file_count} files, {report.triple_count} triples: {len(report.syntax_errors)} syntax errors, "
            f"{len(report.violations)} violations, {len(report.warnings)} warnings")


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Turtle files or folders to check together with the data folder (default: the data folder alone).")] = None,
    only: Annotated[bool, typer.Option("--only", help="Check only the given paths, not the data folder too.")] = False,
    warnings: Annotated[bool, typer.Option("--warnings/--no-warnings", help="Print should-hold warnings.")] = True,
) -> None:
    """Check syntax, SHACL shapes, quality queries and citation quotes. Exit 1 on any violation."""
    settings = _settings()
    targets = list(paths or [])
    if not only or not targets:
        targets.insert(0, settings.data_dir)
    try:
        report, _ = validate_paths(targets, OntologyFiles(settings.ontology_dir), settings.seeds_dir,
                                   settings.shacl_engine)
    except KGError as exc:
        raise _fail(exc) from None
    _print_report(report, warnings)
    if report.ok:
        out.print(f"[green]valid[/green] — {_summary(report)}")
        return
    err.print(f"[red]invalid[/red] — {_summary(report)}")
    raise typer.Exit(1)


@app.command()
def load(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to load (default: the data folder).")] = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL, quality and quote checks.")] = False,
) -> None:
    """Validate the data and swap it into the store atomically; on any error the store is unchanged."""
    settings = _settings()
    store = _open(settings)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("validating", total=None)

        def built(total: int) -> None:
            bar.update(task, description="writing store", total=total, completed=0)

        try:
            result = load_data(settings, store, paths=paths, validate=not no_validate,
                               progress=lambda n: bar.advance(task, n), on_built=built)
        except LoadRejected as exc:
            bar.stop()
            _print_report(exc.report, warnings=False)
            raise _fail(exc) from None
        except KGError as exc:
            raise _fail(exc) from None
    where = settings.store_dir if settings.store == "oxigraph" else settings.store
    out.print(f"loaded {result.data_triples} data triples + ontology + {result.derived_triples} derived "
              f"= {result.total_triples} triples into {where} ({len(result.report.warnings)} warnings)")
    store.close()


def _cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _read_query(text: str | None, name: str | None) -> str:
    if name:
        return ""
    if text is None:
        raise UsageError("give a query: SPARQL text, a .rq file, '-' for standard input, or --name")
    if text == "-":
        return sys.stdin.read()
    if text.endswith((".rq", ".sparql")):
        path = Path(text)
        if not path.is_file():
            raise UsageError(f"{text}: no such query file")
        return path.read_text(encoding="utf-8")
    return text


@app.command()
def query(
    text: Annotated[str | None, typer.Argument(help="SPARQL text, a .rq file, or '-' for standard input.")] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="Run a named query (see --list).")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="Named-query parameter NAME=VALUE.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries and their parameters.")] = False,
) -> None:
    """Run a read-only SPARQL query (the kz, kzo, kzv, skos… prefixes are predeclared)."""
    settings = _settings()
    if list_queries:
        for q in named_queries.catalogue(settings.ontology_dir / "queries").values():
            params = " ".join(f"{p.name}=<{p.type}>" for p in q.parameters)
            out.print(f"[bold]{q.name}[/bold] {params}\n    {q.title}")
        return
    if fmt not in ("table", "json", "csv"):
        raise _fail(UsageError("--format must be table, json or csv"))
    store = _open(settings)
    try:
        bindings = None
        sparql = _read_query(text, name)
        if name:
            named = named_queries.get(settings.ontology_dir / "queries", name)
            values = dict(p.split("=", 1) for p in (param or []) if "=" in p)
            if param and len(values) != len(param):
                raise UsageError("--param takes NAME=VALUE")
            bindings = named.bindings(store, values)
            sparql = named.text
        form = query_form(sparql)
        if form == "update":
            raise UsageError("updates are not accepted: kzgraph query is read-only (use kzgraph load)")
        if form == "ask":
            answer = store.ask(sparql, bindings, PREFIXES)
            out.print(json.dumps({"boolean": answer}) if fmt == "json" else str(answer).lower())
        elif form in ("construct", "describe"):
            triples = store.construct(sparql, bindings, PREFIXES)
            for t in triples:
                sys.stdout.write(f"{t.subject} {t.predicate} {t.object} .\n")
        else:
            _print_rows(store.select(sparql, bindings, PREFIXES), fmt)
    except KGError as exc:
        raise _fail(exc) from None
    finally:
        store.close()


def _print_rows(rows: list[dict[str, Any]], fmt: str) -> None:
    columns: list[str] = list(dict.fromkeys(k for row in rows for k in row))
    if fmt == "json":
        sys.stdout.write(json.dumps([{k: _cell(v) for k, v in row.items()} for row in rows],
                                    ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    else:
        table = Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*[_cell(row.get(c)) for c in columns])
        out.print(table)
        out.print(f"{len(rows)} rows")


@app.command()
def stats(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Print what the store holds: triples, entities by class, claims by status, citations."""
    settings = _settings()
    store = _open(settings)
    try:
        figures = stats_module.compute(store)
    except KGError as exc:
        raise _fail(exc) from None
    finally:
        store.close()
    if fmt == "json":
        sys.stdout.write(json.dumps(figures.__dict__, indent=2) + "\n")
        return
    out.print(f"[bold]{figures.triples}[/bold] triples, {figures.direct_edges} direct edges, "
              f"{figures.citations} citations, {figures.source_documents} source documents")
    table = Table("class", "count", title="entities and statements by class")
    for cls, n in figures.by_class.items():
        table.add_row(cls, str(n))
    out.print(table)
    status = Table("claim status", "count")
    for st, n in figures.by_status.items():
        status.add_row(st, str(n))
    out.print(status)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default KZGRAPH_HOST, 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default KZGRAPH_PORT, 8000).")] = None,
) -> None:
    """Start the web server: explorer at /, SPARQL at /sparql, REST at /api, docs at /docs."""
    import uvicorn

    from api.app import create_app

    settings = _settings()
    overrides = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    if overrides:
        try:
            settings = Settings(**{**settings.model_dump(), **overrides})
        except Exception as exc:  # pydantic's ValidationError on an unsafe combination
            err.print(f"[red]error:[/red] invalid settings: {exc}")
            raise typer.Exit(2) from None
    try:
        application = create_app(settings)
    except KGError as exc:
        raise _fail(exc) from None
    out.print(f"kzgraph serving on http://{settings.host}:{settings.port}/  (SPARQL: /sparql, API docs: /docs)")
    from api.http_protocol import protocol_for

    # no access log: at log level "warning" it printed nothing, yet uvicorn formatted each request's path for it
    uvicorn.run(application, host=settings.host, port=settings.port, server_header=False, log_level="warning",
                access_log=False,
                http=protocol_for(settings.max_request_bytes),
                timeout_graceful_shutdown=5)


from .commands import register  # noqa: E402  (the commands import this module's helpers)

register(app)

if __name__ == "__main__":
    app()
