"""Freedom restrictions (and other bans on a person's activity) in force on a date, and bans over time.

A restriction runs from its own ``kzo:start``, else the verdict, for its ``kzo:duration``, or until its ``kzo:until``. Dates
keep their precision (a verdict known only as "2017" plus five years ends in "2022"), and the
comparison with the asked-for date is made at the coarser of the two precisions, as
``kg.projection.active_on`` does. Without a verdict date the case's own date or the arrest
stands in for the start, and the result is only "possibly in force". A restriction whose start or end is unknown is reported as
"possibly in force" rather than silently dropped or counted as certain.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..projection import active_on
from ..store import GraphStore
from ..terms import KZV
from ..terms import term_value as _v
from .repression import BANS_QUERY, RESTRICTIONS_QUERY, UNKNOWN

RESTRICTIVE = (str(KZV) + "freedom-restriction", str(KZV) + "activity-ban", str(KZV) + "travel-ban")
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def add_duration(start: str, duration: str) -> str | None:
    """``start`` (YYYY, YYYY-MM or YYYY-MM-DD) plus an ``xsd:duration``, at ``start``'s precision.

    Months and days are rounded up at a coarser precision, so the end is never too early.

    >>> add_duration("2017", "P5Y"), add_duration("2016-11-28", "P5Y"), add_duration("2019-04", "P18M")
    ('2022', '2021-11-28', '2020-10')
    >>> add_duration("2018", "P6M"), add_duration("2018", "P2W")
    ('2019', '2019')
    """
    match = _DURATION.match(duration)
    if not match or not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", start):
        return None
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    days += 7 * weeks
    parts = [int(p) for p in start.split("-")]
    if len(parts) == 1:
        extra = 1 if months % 12 or days else 0
        return f"{parts[0] + years + months // 12 + extra:04d}"
    total = parts[0] * 12 + (parts[1] - 1) + years * 12 + months + (1 if days and len(parts) == 2 else 0)
    year, month = divmod(total, 12)
    if len(parts) == 2:
        return f"{year:04d}-{month + 1:02d}"
    import datetime

    day = min(parts[2], 28) if month + 1 == 2 else min(parts[2], 30 if month + 1 in (4, 6, 9, 11) else 31)
    end = datetime.date(year, month + 1, day) + datetime.timedelta(days=days)
    return end.isoformat()


@dataclass
class Restriction:
    """One restrictive sentence part: whom it binds, what it bars, from when to when."""

    case: str
    case_label: str
    part: str
    kind: str
    start: str | None
    end: str | None
    bars: str | None
    defendants: dict[str, str] = field(default_factory=dict)
    status: str = ""
    from_verdict: bool = True


def restrictions(store: GraphStore, kinds: Iterable[str] = RESTRICTIVE) -> list[Restriction]:
    """Every restrictive sentence part (freedom restriction, activity ban, travel ban by default)."""
    wanted = set(kinds)
    found: dict[str, Restriction] = {}
    for row in store.select(RESTRICTIONS_QUERY):
        part, kind = _v(row.get("part")), _v(row.get("kind"))
        case = _v(row.get("case"))
        if part is None or case is None or kind not in wanted:
            continue
        if part not in found:
            verdict = _v(row.get("partStart")) or _v(row.get("verdict"))
            start = verdict or _v(row.get("when"))
            duration, until = _v(row.get("duration")), _v(row.get("until"))
            end = until or (add_duration(start, duration) if start and duration else None)
            found[part] = Restriction(case, _v(row.get("caseLabel")) or case.rsplit("/", 1)[-1], part,
                                      _v(row.get("kindLabel")) or kind.rsplit("/", 1)[-1], start, end, _v(row.get("bars")),
                                      from_verdict=verdict is not None or until is not None)
        defendant = _v(row.get("defendant"))
        if defendant:
            found[part].defendants[defendant] = _v(row.get("defendantLabel")) or defendant.rsplit("/", 1)[-1]
    return sorted(found.values(), key=lambda r: (r.start or "", r.part))


def in_force_on(items: list[Restriction], date: str, *, certain_only: bool = False) -> list[Restriction]:
    """The restrictions that were (``status="in force"``) or may have been (``"possibly in force"``) running on ``date``.

    >>> r = Restriction("c", "C", "p", "freedom restriction", "2016-11-28", "2021-11-28", "activism")
    >>> [x.status for x in in_force_on([r], "2021-01-01")], in_force_on([r], "2022")
    (['in force'], [])
    """
    out = []
    for item in items:
        if item.start is None and item.end is None:
            continue
        if not active_on(item.start, item.end, None, date):
            continue
        certain = item.start is not None and item.end is not None and item.from_verdict
        if certain_only and not certain:
            continue
        item.status = "in force" if certain else "possibly in force"
        out.append(item)
    return out


@dataclass
class BanRecord:
    """A ban or liquidation of an organisation: what, when, which kind, by whom, on what grounds."""

    iri: str
    label: str
    kind: str
    year: str | None
    date: str | None
    targets: dict[str, str] = field(default_factory=dict)
    court: str | None = None
    grounds: str | None = None


def bans(store: GraphStore) -> list[BanRecord]:
    """Every ban, liquidation, suspension or closure, in date order."""
    found: dict[str, BanRecord] = {}
    for row in store.select(BANS_QUERY):
        iri = _v(row.get("ban"))
        if iri is None:
            continue
        when = _v(row.get("when"))
        record = found.setdefault(iri, BanRecord(iri, _v(row.get("label")) or iri.rsplit("/", 1)[-1],
                                                 _v(row.get("kindLabel")) or UNKNOWN, when[:4] if when else None, when,
                                                 court=_v(row.get("courtLabel")), grounds=_v(row.get("grounds"))))
        target = _v(row.get("target"))
        if target:
            record.targets[target] = _v(row.get("targetLabel")) or target.rsplit("/", 1)[-1]
    return sorted(found.values(), key=lambda b: (b.date or "9999", b.iri))


def bans_by_year(records: list[BanRecord]) -> dict[str, dict[str, int]]:
    """Bans per year and kind, years in order (undated last).

    >>> bans_by_year([BanRecord("a", "A", "liquidation", "2015", "2015"), BanRecord("b", "B", "closure", None, None)])
    {'2015': {'liquidation': 1}, 'not recorded': {'closure': 1}}
    """
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        table[record.year or UNKNOWN][record.kind] += 1
    return {year: dict(table[year]) for year in sorted(table, key=lambda y: (y == UNKNOWN, y))}
