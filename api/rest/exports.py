"""``/api/export?format=…`` (the whole graph as a file) and ``/api/context.jsonld`` (our JSON-LD context).

Exports are built from the current store on first request after each load and cached with the
app's other derived indexes: a GEXF of the whole graph takes about a second.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from kg.exports import export
from kg.exports.rdf import context

from ..errors import ERROR_RESPONSES
from ..state import State

router = APIRouter(prefix="/api", tags=["Exports"], responses=ERROR_RESPONSES)

Format = Literal["ttl", "nt", "jsonld", "graphml", "gexf", "csv", "ftm"]


@router.get("/export", summary="Download the graph as Turtle, N-Triples, JSON-LD, GraphML, GEXF, CSV or FtM",
            response_class=Response,
            responses={200: {"description": "The file, with a Content-Disposition naming it.",
                             "content": {"text/turtle": {}, "application/ld+json": {}, "application/zip": {}}}})
def export_graph(state: State,
                 format: Annotated[Format, Query(description="ttl, nt, jsonld (RDF: every triple); graphml, gexf, "
                                                 "csv (zip of nodes.csv and edges.csv), ftm (FollowTheMoney JSON lines): "
                                                 "the entity network.")] = "ttl",
                 alleged: Annotated[bool, Query(description="Include alleged relations (network formats).")] = True,
                 as_of: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                                    description="Only relations that may be in force on this date "
                                                                "(network formats).")] = None) -> Response:
    """Unsliced files are built once per load and then served from memory; "as of" slices are built per request."""
    if as_of is not None:
        result = export(state.store, format, include_alleged=alleged, as_of=as_of)
    else:
        result = state.cached(f"export:{format}:{alleged}",
                              lambda: export(state.store, format, include_alleged=alleged))
    return Response(result.data, media_type=result.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{result.filename}"'})


@router.get("/context.jsonld", summary="The JSON-LD context of kzgraph's JSON-LD", response_class=JSONResponse)
def jsonld_context() -> JSONResponse:
    """Prefixes (kz, kzo, kzv, skos…) and short names (label, alias, claimStatus, citation, quote…)."""
    body: dict[str, Any] = context()
    return JSONResponse(body, media_type="application/ld+json")
