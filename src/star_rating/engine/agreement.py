"""Stage agreement: how far earlier reviews stand from the deciding one.

For every earlier stage against the last stage of the scheme, per indicator, per
dimension and for the total: the mean absolute difference of points and the share
of communities where both gave exactly the same points (exact arithmetic, shown to
4 places).

Krippendorff's alpha (interval metric; the stages are the coders, the
communities the units) is reported where it is meaningful: at least two units
rated twice and some variation, otherwise null. It comes from the maintained
``krippendorff`` package (extra ``stats``) when the values take few distinct
levels. That package builds a units x values x values array, which for totals
and dimensions, or for any item of a large round, would need gigabytes and
minutes, so there the same statistic is computed in closed form in O(n):
for the interval metric, D_o sums squared differences within units and D_e is
2n/(n-1) times the variance of all pairable values. A test checks that both
give the same alpha.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from math import lcm
from typing import Any

from star_rating.engine.points import exact_row
from star_rating.engine.rounding import round_exact
from star_rating.models.result import CommunityResult
from star_rating.scheme import Scheme

LIBRARY_MAX_VALUES = 40  # distinct values up to which the krippendorff package is used
LIBRARY_MAX_CELLS = 4_000_000  # units x values² cells the package may allocate

Number = Decimal | Fraction


def _num(x: Number) -> float:
    return float(round_exact(Fraction(x), 4, "half-up"))


def _ratio(x: Number) -> tuple[int, int]:
    """Numerator and denominator, without making a Fraction of a Fraction."""
    return x.as_integer_ratio()


def _pair_stats(pairs: list[tuple[Number, Number]]) -> dict[str, Any]:
    if not pairs:
        return {"n": 0, "mad": None, "exact": None}
    # exact, in integers over one common denominator (decimals and fractions alike);
    # the same pairs of points recur, so each distinct pair is worked out once
    counted = Counter(pairs)
    ratios = [(_ratio(a), _ratio(b), n) for (a, b), n in counted.items()]
    den = lcm(*(d for (_, da), (_, db), _ in ratios for d in (da, db)))
    diffs = [(abs(na * (den // da) - nb * (den // db)), n) for (na, da), (nb, db), n in ratios]
    total = sum(d * n for d, n in diffs)
    same = sum(n for d, n in diffs if d == 0)
    return {
        "n": len(pairs),
        "mad": _num(Fraction(total, den * len(pairs))),
        "exact": _num(Fraction(same, len(pairs))),
    }


def alpha_interval(units: Sequence[Sequence[float | None]]) -> float | None:
    """Krippendorff's alpha, interval metric, in closed form (O(n)).

    ``units``: for each unit the values its coders gave (None = not rated)."""
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [u for u in pairable if len(u) >= 2]
    n = sum(len(u) for u in pairable)
    if len(pairable) < 2 or n < 2:
        return None
    within = 0.0
    for u in pairable:
        m = len(u)
        s1 = sum(u)
        s2 = sum(v * v for v in u)
        # sum over ordered pairs i != j of (vi - vj)^2 = 2 (m s2 - s1^2)
        within += 2 * (m * s2 - s1 * s1) / (m - 1)
    d_o = within / n
    values = [v for u in pairable for v in u]
    mean = sum(values) / n
    var_sum = sum((v - mean) ** 2 for v in values)
    d_e = 2 * var_sum / (n - 1)
    if d_e == 0:
        return None
    return round(1 - d_o / d_e, 4)


def _alpha(rows: list[list[float | None]]) -> float | None:
    units = list(zip(*rows, strict=True))
    rated = [u for u in units if sum(v is not None for v in u) >= 2]
    distinct = {v for u in rated for v in u if v is not None}
    if len(rated) < 2 or len(distinct) < 2:
        return None
    if len(distinct) <= LIBRARY_MAX_VALUES and len(rated) * len(distinct) ** 2 <= LIBRARY_MAX_CELLS:
        try:
            import krippendorff
            import numpy as np
        except ImportError:
            pass
        else:
            data = np.array(rated, dtype=float).T  # None reads as NaN
            value = float(
                krippendorff.alpha(reliability_data=data, level_of_measurement="interval")
            )
            return None if value != value else round(value, 4)  # NaN -> None
    return alpha_interval(rated)


def agreement(scheme: Scheme, results: list[CommunityResult]) -> dict[str, Any]:
    stages = list(scheme.stage_ids)
    if len(stages) < 2:
        return {"reference": stages[0] if stages else None, "stages": {}, "alpha": None}
    ref = stages[-1]
    ordered = sorted(results, key=lambda r: r.community.id)
    ind_ids = list(scheme.indicators)
    dim_ids = [d.id for d in scheme.dimensions]

    # one pass over the results: a column of values per (stage, kind, key)
    columns: dict[tuple[str, str, str], list[Number | None]] = {}
    for s in stages:
        total_col: list[Number | None] = []
        dim_cols: dict[str, list[Number | None]] = {d: [] for d in dim_ids}
        ind_rows: list[list[Number | None]] = []  # per community, every indicator
        none: list[Number | None] = [None] * len(ind_ids)
        for res in ordered:
            st = res.stages.get(s)
            if st is None:
                total_col.append(None)
                for d in dim_ids:
                    dim_cols[d].append(None)
                ind_rows.append(none)
                continue
            total_col.append(st.total)
            for d in dim_ids:
                dim_cols[d].append(st.dimensions[d])
            if ind_ids:
                ind_rows.append(exact_row(st.indicators, ind_ids))
        columns[(s, "total", "")] = total_col
        columns.update({(s, "dimension", d): col for d, col in dim_cols.items()})
        if ind_ids:
            by_indicator = zip(ind_ids, zip(*ind_rows, strict=True), strict=True)
            columns.update({(s, "indicator", i): list(col) for i, col in by_indicator})

    def stats(stage: str, kind: str, key: str) -> dict[str, Any]:
        mine, theirs = columns[(stage, kind, key)], columns[(ref, kind, key)]
        pairs = [
            (a, b) for a, b in zip(mine, theirs, strict=True) if a is not None and b is not None
        ]
        return _pair_stats(pairs)

    out_stages = {}
    for s in stages[:-1]:
        out_stages[s] = {
            "total": stats(s, "total", ""),
            "dimensions": {d: stats(s, "dimension", d) for d in dim_ids},
            "indicators": {i: stats(s, "indicator", i) for i in ind_ids},
        }

    # an indicator's points are a few shared objects: each made a float once (by
    # identity; `columns` keeps every one of them alive meanwhile)
    floats: dict[int, float | None] = {id(None): None}

    def as_float(v: Number | None) -> float | None:
        got = floats.get(id(v), floats)
        if got is floats:
            got = floats[id(v)] = float(v)  # type: ignore[arg-type]
        return got  # type: ignore[return-value]

    def alpha(kind: str, key: str) -> float | None:
        if kind == "indicator":
            rows = [list(map(as_float, columns[(s, kind, key)])) for s in stages]
        else:
            rows = [
                [None if v is None else float(v) for v in columns[(s, kind, key)]] for s in stages
            ]
        return _alpha(rows)

    out: dict[str, Any] = {
        "reference": ref,
        "stages": out_stages,
        "alpha": {
            "total": alpha("total", ""),
            "dimensions": {d: alpha("dimension", d) for d in dim_ids},
            "indicators": {i: alpha("indicator", i) for i in ind_ids},
        },
    }
    return out
