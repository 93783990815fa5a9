"""``kzgraph export``: the whole graph as a file (RDF, GraphML, GEXF, CSV or FollowTheMoney)."""

from __future__ import annotations

import re
import sys
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Annotated

import typer

from ..cli import _fail, _open, _settings, err
from ..errors import KGError, UsageError
from ..exports import FORMATS
from ..exports import export as run_export


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl, nt, jsonld, graphml, gexf, csv or ftm.")] = "ttl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (csv: a .zip file or a folder); "
                                                "default standard output.")] = None,
    alleged: Annotated[bool, typer.Option("--alleged/--no-alleged", help="Network formats: include alleged relations.")] = True,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Network formats: only relations that may be in force "
                                              "on YYYY[-MM[-DD]].")] = None,
) -> None:
    """Write the graph: RDF formats hold every triple; graphml, gexf, csv and ftm hold the entity network."""
    if fmt not in FORMATS:
        raise _fail(UsageError(f"--format must be one of {', '.join(FORMATS)}"))
    if as_of is not None and not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", as_of):
        raise _fail(UsageError("--as-of takes YYYY, YYYY-MM or YYYY-MM-DD"))
    if fmt == "csv" and output is None and sys.stdout.isatty():
        raise _fail(UsageError("csv is a zip of nodes.csv and edges.csv: give -o FILE.zip or -o FOLDER"))
    store = _open(_settings())
    try:
        result = run_export(store, fmt, include_alleged=alleged, as_of=as_of)
    except KGError as exc:
        raise _fail(exc) from None
    finally:
        store.close()
    if output is None:
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
        return
    try:
        if fmt == "csv" and output.suffix != ".zip":
            output.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(BytesIO(result.data)) as archive:
                archive.extractall(output)
        else:
            output.write_bytes(result.data)
    except OSError as exc:
        raise _fail(UsageError(f"{output}: cannot write ({exc.strerror})")) from None
    err.print(f"wrote {fmt} to {output} ({len(result.data):,} bytes)")
