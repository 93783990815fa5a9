"""The ``kzgraph`` command line.

Exit codes: 0 success; 1 the data or query is invalid (syntax error, shape violation, failed
quality query); 2 usage error (bad option, unknown entity or file); 3 store unavailable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .errors import KGError
from .ontology import OntologyFiles
from .settings import Settings
from .validation import validate_paths

app = typer.Typer(help="kzgraph: a cited knowledge graph of power in Kazakhstan.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


@app.callback()
def main() -> None:
    """kzgraph: load, validate, query and serve the graph. Settings come from KZGRAPH_* variables."""


def _settings() -> Settings:
    try:
        return Settings()
    except Exception as exc:  # pydantic's ValidationError: a bad KZGRAPH_* value
        err.print(f"[red]error:[/red] invalid settings: {exc}")
        raise typer.Exit(2) from None


def _fail(exc: KGError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc.detail}", markup=True, soft_wrap=True)
    return typer.Exit(exc.exit_code)


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
        report, _ = validate_paths(targets, OntologyFiles(settings.ontology_dir), settings.seeds_dir)
    except KGError as exc:
        raise _fail(exc) from None
    for syntax in report.syntax_errors:
        err.print(f"[red]syntax error[/red] {syntax.detail}", markup=True, soft_wrap=True)
    for finding in report.violations + (report.warnings if warnings else []):
        out.print(finding.render(), markup=False, soft_wrap=True)
    summary = (f"{report.file_count} files, {report.triple_count} triples: {len(report.syntax_errors)} syntax errors, "
               f"{len(report.violations)} violations, {len(report.warnings)} warnings")
    if report.ok:
        out.print(f"[green]valid[/green] — {summary}")
        return
    err.print(f"[red]invalid[/red] — {summary}")
    raise typer.Exit(1)


if __name__ == "__main__":
    app()
