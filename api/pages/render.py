"""Jinja2 with autoescaping on: every label, alias and quote from the data is escaped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True))


def render(name: str, **context: Any) -> str:
    return ENV.get_template(name).render(**context)
