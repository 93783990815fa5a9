"""Network measures and repression statistics over the projection and the store.

One function per measure, each taking a networkx graph (the projection from
``kg.projection.project`` or any other, such as networkx's Florentine families) so the same
code is tested on known answers and run on the data. Measures read the undirected "who is
tied to whom" view (``simple``) with denied and overturned relations left out.
"""

from __future__ import annotations

from .brokers import Broker, brokers
from .centrality import betweenness, degree, eigenvector, ranked
from .communities import communities, modularity
from .graphs import simple
from .groups import banned_organisations, family_of
from .paths import cited_paths
from .structure import articulation_points, bridges

__all__ = ["Broker", "articulation_points", "banned_organisations", "betweenness", "bridges", "brokers",
           "cited_paths", "communities", "degree", "eigenvector", "family_of", "modularity", "ranked", "simple"]
