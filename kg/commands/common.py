"""What the explore commands share: naming an entity the way a person would, and the projection."""

from __future__ import annotations

import re

from ..entities import resolve
from ..errors import NotFound
from ..store import GraphStore

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,200}$")


def entity_iri(store: GraphStore, name: str) -> str:
    """An IRI, ``kz:`` name, bare slug (``dariga-nazarbayeva``), label or alias → the entity's IRI."""
    try:
        return resolve(store, name).value
    except NotFound:
        if _SLUG.match(name):
            try:
                return resolve(store, f"kz:{name}").value
            except NotFound:
                pass
        raise

