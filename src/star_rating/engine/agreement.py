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

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from star_rating.engine.columns import StageCells, stage_cells
from star_rating.engine.rounding import round_exact
from star_rating.models.result import RoundResult
from star_rating.rational import Q
from star_rating.scheme import Scheme

LIBRARY_MAX_VALUES = 40  # distinct values up to which the krippendorff package is used
LIBRARY_MAX_CELLS = 4_000_000  # units x values² cells the package may allocate

Number = Decimal | Fraction


def _num(x: Number) -> float:
    return float(round_exact(Fraction(x), 4, "half-up"))


def alpha_interval(units: Sequence[Sequence[float | None]]) -> float | None:
    """Krippendorff's alpha, interval metric, in closed form (O(n)).

    ``units``: for each unit the values its coders gave (None = not rated)."""
    import numpy as np

    coders = max((len(u) for u in units), default=0)
    grid = np.full((coders, len(units)), np.nan)
    for k, unit in enumerate(units):
        for c, v in enumerate(unit):
            if v is not None:
                grid[c, k] = v
    rated = (~np.isnan(grid)).sum(axis=0) >= 2
    return _closed_form(grid[:, rated])


def _closed_form(grid: Any) -> float | None:
    """Alpha of coders x units (NaN: not rated; every unit rated twice or more).

    Sums run in the order of the plain loops they stand for (units in order, each
    unit's values in coder order): for the interval metric, D_o sums within each
    unit 2 (m s2 - s1²) / (m - 1) over n pairable values, and D_e is 2n/(n-1) times
    the variance of all of them."""
    import numpy as np

    given = ~np.isnan(grid)
    m = given.sum(axis=0)
    n = int(m.sum())
    if grid.shape[1] < 2 or n < 2:
        return None
    s1 = np.zeros(grid.shape[1])
    s2 = np.zeros(grid.shape[1])
    for row, has in zip(grid, given, strict=True):
        s1 = np.where(has, s1 + row, s1)
        s2 = np.where(has, s2 + row * row, s2)
    within = 2 * (m * s2 - s1 * s1) / (m - 1)
    d_o = float(np.cumsum(within)[-1]) / n
    values = grid.T[given.T]  # unit by unit, each in coder order
    mean = float(np.cumsum(values)[-1]) / n
    var_sum = float(np.cumsum((values - mean) ** 2)[-1])
    d_e = 2 * var_sum / (n - 1)
    if d_e == 0:
        return None
    return round(1 - d_o / d_e, 4) + 0.0  # no -0.0 (a sign no statistic has)


def _alpha(grid: Any) -> float | None:
    """Alpha of stages x communities (NaN: no points)."""
    import numpy as np

    rated = grid[:, (~np.isnan(grid)).sum(axis=0) >= 2]
    distinct = np.unique(rated[~np.isnan(rated)])
    if rated.shape[1] < 2 or len(distinct) < 2:
        return None
    units = rated.shape[1]
    if len(distinct) <= LIBRARY_MAX_VALUES and units * len(distinct) ** 2 <= LIBRARY_MAX_CELLS:
        try:
            import krippendorff
        except ImportError:
            pass
        else:
            value = float(
                krippendorff.alpha(reliability_data=rated, level_of_measurement="interval")
            )
            return None if value != value else round(value, 4) + 0.0  # NaN -> None
    return _closed_form(rated)


def _pair_stats(mine: Q, theirs: Q, both: Any) -> dict[str, Any]:
    """MAD and share of exact agreement over the communities where both stages have
    points (exact: each distinct difference is summed once, times how often)."""
    n = int(both.sum())
    if not n:
        return {"n": 0, "mad": None, "exact": None}
    diff = abs(mine[both] - theirs[both])
    same = int(diff.is_zero().sum())
    total = diff.total()
    return {
        "n": n,
        "mad": _num(total / n),
        "exact": _num(Fraction(same, n)),
    }


_BATCH = 8192  # reviews whose value ids are read at once


def _floats(q: Q, given: Any) -> Any:
    return np.where(given, q.floats(), np.nan)


def agreement(
    scheme: Scheme, rr: RoundResult, cells: Sequence[StageCells] | None = None
) -> dict[str, Any]:
    """Stage agreement of a scored round (``cells``: its :func:`stage_cells`, if read
    already)."""
    cols = rr.columns
    assert cols is not None
    stages = list(scheme.stage_ids)
    if len(stages) < 2:
        return {"reference": stages[0] if stages else None, "stages": {}, "alpha": None}
    ref = stages[-1]
    r = len(stages) - 1
    ind_ids = list(scheme.indicators)
    dim_ids = [d.id for d in scheme.dimensions]
    present = cols.present

    def totals(s: int) -> Q:
        return cols.total[:, s]

    def dims(s: int, d: int) -> Q:
        return cols.dims[:, s, d]

    # every stage's points of every indicator: communities x indicators, a column at a
    # time from a table of value ids (what n/a or no entry means: not given)
    if cells is None:
        cells = stage_cells(scheme, cols, _BATCH)

    out_stages = {}
    for s, sid in enumerate(stages[:-1]):
        both = present[:, s] & present[:, r]
        out_stages[sid] = {
            "total": _pair_stats(totals(s), totals(r), both),
            "dimensions": {
                d: _pair_stats(dims(s, k), dims(r, k), both) for k, d in enumerate(dim_ids)
            },
            "indicators": {},
        }
    alpha_ind: dict[str, float | None] = {}
    for k, ind_id in enumerate(ind_ids):
        column = [c.column(k) for c in cells]
        for s, sid in enumerate(stages[:-1]):
            (mine, has), (theirs, has_ref) = column[s], column[r]
            out_stages[sid]["indicators"][ind_id] = _pair_stats(mine, theirs, has & has_ref)
        alpha_ind[ind_id] = _alpha(np.stack([_floats(q, has) for q, has in column]))

    def alpha(values: list[Q]) -> float | None:
        return _alpha(np.stack([_floats(v, present[:, s]) for s, v in enumerate(values)]))

    return {
        "reference": ref,
        "stages": out_stages,
        "alpha": {
            "total": alpha([totals(s) for s in range(len(stages))]),
            "dimensions": {
                d: alpha([dims(s, k) for s in range(len(stages))]) for k, d in enumerate(dim_ids)
            },
            "indicators": alpha_ind,
        },
    }
