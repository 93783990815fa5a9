"""How the explorer draws things, declared once as data and shared by the live page and the export.

Entity classes are grouped into a handful of families (a legend with forty colours is no legend);
a class belongs to the first family that names it or one of its superclasses, so a class added to
the ontology later still gets a colour. Edge styles encode the claim status (dashed when alleged
or disputed) and whether the relation has ended (grey, dotted).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from kg.terms import PREFIXES

KZO = PREFIXES["kzo"]


@dataclass(frozen=True)
class Family:
    key: str
    label: str
    colour: str
    shape: str
    classes: tuple[str, ...]  # local names in kzo:, most specific first


FAMILIES: tuple[Family, ...] = (
    Family("person", "Person", "#1f6fb2", "dot", ("Person",)),
    Family("party", "Party or movement", "#c0392b", "diamond", ("PoliticalParty", "Movement")),
    Family("state", "State body, court or post", "#6c4bb4", "square", ("StateBody", "Court", "Post")),
    Family("business", "Company, fund or asset", "#b7791f", "triangle", ("Company", "Bank", "Fund", "Asset", "RealEstate")),
    Family("media", "Media outlet", "#d6336c", "triangleDown", ("MediaOutlet",)),
    Family("civil", "NGO, union or other body", "#2e8b57", "hexagon",
           ("NGO", "TradeUnion", "ReligiousGroup", "InternationalBody", "Organisation")),
    Family("event", "Event", "#e07b00", "star", ("Event",)),
    Family("legal", "Legal action or law", "#7a5230", "square", ("LegalAction", "LegalProvision")),
    Family("place", "Place or country", "#5f7a8a", "dot", ("Place", "Country")),
)
OTHER = Family("other", "Other", "#8a8f98", "dot", ())

STATUSES: tuple[tuple[str, str], ...] = (
    ("reported", "reported"), ("alleged", "alleged"), ("disputed", "disputed"),
    ("court-established", "established by a court"), ("denied", "denied"), ("overturned", "overturned"))
DASHED_STATUSES = frozenset({"alleged", "disputed", "denied", "overturned"})
EDGE_COLOUR = "#7d8796"
ENDED_COLOUR = "#b9bfc8"
PATH_COLOUR = "#e8590c"


def family_of(cls: str, ancestors: dict[str, set[str]]) -> Family:
    """The family of class ``cls`` given each class's superclasses (``ancestors[cls]``, transitive)."""
    names = {c.removeprefix(KZO) for c in {cls, *ancestors.get(cls, set())}}
    for family in FAMILIES:  # the class itself decides before its superclasses do
        if cls.removeprefix(KZO) in family.classes:
            return family
    for family in FAMILIES:
        if names & set(family.classes):
            return family
    return OTHER


def status_key(status: str | None) -> str:
    """``https://kzgraph.org/vocab/alleged`` → ``alleged``; no status means reported."""
    return (status or "reported").rsplit("/", 1)[-1]


def edge_style(status: str | None, end: str | None) -> dict[str, Any]:
    """vis-network edge options: dashed for alleged/disputed, grey dotted for ended relations."""
    style: dict[str, Any] = {"color": {"color": EDGE_COLOUR, "highlight": "#2c3e50"}, "width": 1.4}
    if status_key(status) in DASHED_STATUSES:
        style["dashes"] = [8, 6]
    if end:
        style["color"] = {"color": ENDED_COLOUR, "highlight": "#2c3e50"}
        style["dashes"] = style.get("dashes") or [2, 5]
        style["width"] = 1.0
    return style


def legend() -> dict[str, Any]:
    """What the page's legend and filters show (served as JSON so the JS holds no copy)."""
    return {"families": [asdict(f) for f in (*FAMILIES, OTHER)],
            "statuses": [{"key": k, "label": label, "dashed": k in DASHED_STATUSES} for k, label in STATUSES],
            "colours": {"edge": EDGE_COLOUR, "ended": ENDED_COLOUR, "path": PATH_COLOUR}}
