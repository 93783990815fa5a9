"""Typed settings, read from ``KZGRAPH_*`` environment variables and passed in explicitly.

Nothing in kzgraph reads a global settings object: the CLI, the API factory and the notebooks
build one ``Settings`` and hand it down, so tests can run several side by side.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _default_store_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kzgraph" / "store"


class Settings(BaseSettings):
    """Every setting kzgraph has; see README 'Settings' for the list with defaults."""

    model_config = SettingsConfigDict(env_prefix="KZGRAPH_", extra="ignore")

    store: Literal["oxigraph", "memory", "remote"] = Field(
        "oxigraph", description="Store backend: embedded on-disk Oxigraph, in-memory, or a remote SPARQL endpoint.")
    store_dir: Path = Field(default_factory=_default_store_dir,
                            description="Directory of the embedded Oxigraph store (backend 'oxigraph').")
    remote_query_url: str | None = Field(None, description="SPARQL 1.1 Query endpoint URL (backend 'remote').")
    remote_update_url: str | None = Field(None, description="SPARQL 1.1 Update endpoint URL (backend 'remote').")
    remote_store_url: str | None = Field(
        None, description="SPARQL 1.1 Graph Store Protocol URL (backend 'remote'); used for bulk uploads.")
    remote_timeout: float = Field(60.0, gt=0, description="Seconds to wait for the remote endpoint.")

    data_dir: Path = Field(PROJECT_ROOT / "data", description="Folder of curated Turtle files to load.")
    ontology_dir: Path = Field(PROJECT_ROOT / "ontology", description="Folder of the ontology, shapes and queries.")
    seeds_dir: Path = Field(PROJECT_ROOT.parent / "shared" / "seeds",
                            description="Folder of the seed documents that citation quotes are checked against.")

    host: str = Field("127.0.0.1", description="Address `kzgraph serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `kzgraph serve` listens on.")
    query_timeout: float = Field(10.0, gt=0, le=600, description="Seconds a SPARQL query may run before it is stopped.")
    max_rows: int = Field(10_000, ge=1, description="Most result rows (or triples) a SPARQL query may return.")
    max_result_bytes: int = Field(50_000_000, ge=1024, description="Largest serialised SPARQL result, in bytes "
                                  "(a few rows can be huge strings); more is a 422, never a cut.")
    max_request_bytes: int = Field(64_000, ge=1024, description="Largest accepted request body or query string, in bytes.")
    sparql_workers: int = Field(2, ge=1, le=32, description="Worker processes that run SPARQL queries.")
    worker_memory_mb: int = Field(2048, ge=256, description="Address-space cap of each SPARQL worker process, in MiB.")
    worker_in_memory_triples: int = Field(
        2_000_000, ge=0, description="SPARQL workers copy a store of up to this many triples into memory (about "
        "0.45 kB per triple, per worker), where small queries run about four times faster than on disk; 0 keeps "
        "them on disk.")
    warm_indexes: bool = Field(True, description="Build the search index and the graph projection in the "
                               "background when the server starts and after each load, instead of on first use.")
    allow_updates: bool = Field(False, description="TEST ONLY: accept SPARQL updates (for the W3C protocol suite); "
                                "refused unless host is a loopback address.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS (empty: CORS off).")
    shacl_engine: Literal["sparql", "pyshacl"] = Field("sparql", description="SHACL engine: compiled SPARQL, or pyshacl.")

    @model_validator(mode="after")
    def _updates_only_on_loopback(self) -> Settings:
        if self.allow_updates and self.host not in ("127.0.0.1", "::1", "localhost"):
            raise ValueError("KZGRAPH_ALLOW_UPDATES is a test-only setting and needs KZGRAPH_HOST=127.0.0.1")
        return self

    @model_validator(mode="after")
    def _remote_needs_urls(self) -> Settings:
        if self.store == "remote" and not self.remote_query_url:
            raise ValueError("KZGRAPH_STORE=remote needs KZGRAPH_REMOTE_QUERY_URL")
        return self
