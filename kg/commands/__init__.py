"""More ``kzgraph`` commands: ``search``, ``show``, ``path``, ``brokers``, ``export``.

``register(app)`` is called at the end of ``kg/cli.py``; the command modules import the CLI's
console and error helpers from there, so they are imported only when registering.
"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the commands of this package to the ``kzgraph`` app."""
    from . import explore, export

    for command in (explore.search, explore.show, explore.path, explore.brokers, export.export):
        app.command()(command)
