"""kzgraph's web layer: the read-only SPARQL endpoint, the REST API and the explorer (FastAPI)."""
