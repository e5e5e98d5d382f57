"""Stage agreement: how far earlier reviews stand from the deciding one.

For every earlier stage against the last stage of the scheme, per indicator,
per dimension and for the total: the mean absolute difference of points and
the share of communities where both gave exactly the same points.
Krippendorff's alpha (interval metric, all stages as coders, communities as
units) comes from the maintained ``krippendorff`` package when it is
installed (``pip install 'star-rate[stats]'``); it is reported only where it is
meaningful: at least two units and some variation, otherwise null.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from star_rating.engine.rounding import round_exact
from star_rating.models.result import CommunityResult
from star_rating.scheme import Scheme


def _num(x: Fraction) -> float:
    return float(round_exact(x, 4, "half-up"))


def _pair_stats(pairs: list[tuple[Fraction, Fraction]]) -> dict[str, Any]:
    if not pairs:
        return {"n": 0, "mad": None, "exact": None}
    diff = sum((abs(a - b) for a, b in pairs), Fraction(0)) / len(pairs)
    same = Fraction(sum(1 for a, b in pairs if a == b), len(pairs))
    return {"n": len(pairs), "mad": _num(diff), "exact": _num(same)}


def _alpha(rows: list[list[float | None]]) -> float | None:
    try:
        import krippendorff
        import numpy as np
    except ImportError:
        return None
    units = [i for i in range(len(rows[0])) if sum(r[i] is not None for r in rows) >= 2]
    values = {r[i] for r in rows for i in units if r[i] is not None}
    if len(units) < 2 or len(values) < 2:
        return None
    data = np.array([[np.nan if r[i] is None else r[i] for i in units] for r in rows], dtype=float)
    try:
        value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="interval"))
    except (ValueError, ZeroDivisionError):  # pragma: no cover - degenerate data
        return None
    return None if value != value else round(value, 4)  # NaN -> None


def agreement(scheme: Scheme, results: list[CommunityResult]) -> dict[str, Any]:
    stages = list(scheme.stage_ids)
    if len(stages) < 2:
        return {"reference": stages[0] if stages else None, "stages": {}, "alpha": None}
    ref = stages[-1]
    ordered = sorted(results, key=lambda r: r.community.id)
    ind_ids = list(scheme.indicators)
    dim_ids = [d.id for d in scheme.dimensions]

    def value_of(res: CommunityResult, stage: str, kind: str, key: str) -> Fraction | None:
        st = res.stages.get(stage)
        if st is None:
            return None
        if kind == "total":
            return st.total
        if kind == "dimension":
            return st.dimensions[key]
        score = st.indicators[key]
        return None if score.na else score.points

    def stats(stage: str, kind: str, key: str) -> dict[str, Any]:
        pairs = []
        for res in ordered:
            a, b = value_of(res, stage, kind, key), value_of(res, ref, kind, key)
            if a is not None and b is not None:
                pairs.append((a, b))
        return _pair_stats(pairs)

    out_stages = {}
    for s in stages[:-1]:
        out_stages[s] = {
            "total": stats(s, "total", ""),
            "dimensions": {d: stats(s, "dimension", d) for d in dim_ids},
            "indicators": {i: stats(s, "indicator", i) for i in ind_ids},
        }

    def alpha(kind: str, key: str) -> float | None:
        rows = []
        for s in stages:
            row: list[float | None] = []
            for res in ordered:
                v = value_of(res, s, kind, key)
                row.append(None if v is None else float(v))
            rows.append(row)
        return _alpha(rows)

    alphas: dict[str, Any] | None = None
    if _has_krippendorff():
        alphas = {
            "total": alpha("total", ""),
            "dimensions": {d: alpha("dimension", d) for d in dim_ids},
            "indicators": {i: alpha("indicator", i) for i in ind_ids},
        }
    return {"reference": ref, "stages": out_stages, "alpha": alphas}


def _has_krippendorff() -> bool:
    from importlib.util import find_spec

    return find_spec("krippendorff") is not None
