"""Stores: one small protocol, three backends, one factory.

``open_store(settings)`` is what the CLI, the API and the notebooks call; they never name a
backend class. Every backend passes the same contract tests (tests/test_store_contract.py).
"""

from __future__ import annotations

from ..errors import UsageError
from ..settings import Settings
from .base import Bindings, GraphStore, Row
from .disk import DiskStore
from .memory import MemoryStore
from .remote import RemoteStore

__all__ = ["Bindings", "DiskStore", "GraphStore", "MemoryStore", "RemoteStore", "Row", "open_store"]


def open_store(settings: Settings) -> GraphStore:
    """Open the backend the settings name (``KZGRAPH_STORE``)."""
    if settings.store == "memory":
        return MemoryStore()
    if settings.store == "oxigraph":
        return DiskStore(settings.store_dir)
    if settings.store == "remote":
        assert settings.remote_query_url is not None  # checked by Settings
        return RemoteStore(settings.remote_query_url, settings.remote_update_url,
                           settings.remote_store_url, timeout=settings.remote_timeout)
    raise UsageError(f"unknown store backend {settings.store!r}")
