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

    @model_validator(mode="after")
    def _remote_needs_urls(self) -> Settings:
        if self.store == "remote" and not self.remote_query_url:
            raise ValueError("KZGRAPH_STORE=remote needs KZGRAPH_REMOTE_QUERY_URL")
        return self
