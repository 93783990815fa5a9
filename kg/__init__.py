"""kzgraph: a cited, time-aware knowledge graph of power in Kazakhstan.

The package loads and validates the curated Turtle in ``data/``, keeps it in a store
(embedded Oxigraph, in-memory, or any SPARQL 1.1 endpoint) and answers questions about it.
"""

__version__ = "0.1.0"
