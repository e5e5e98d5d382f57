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
from math import lcm
from typing import Any

from star_rating.engine.plan import plan_for
from star_rating.engine.points import IndicatorScores, exact_row, value_points
from star_rating.engine.rounding import round_exact
from star_rating.models.result import CommunityResult
from star_rating.models.round import EntryTable
from star_rating.scheme import Scheme

LIBRARY_MAX_VALUES = 40  # distinct values up to which the krippendorff package is used
LIBRARY_MAX_CELLS = 4_000_000  # units x values² cells the package may allocate

Number = Decimal | Fraction


def _num(x: Number) -> float:
    return float(round_exact(Fraction(x), 4, "half-up"))


def _ratio(x: Number) -> tuple[int, int]:
    """Numerator and denominator, without making a Fraction of a Fraction."""
    return x.as_integer_ratio()


def _counted_stats(counted: list[tuple[tuple[Number, Number], int]], n: int) -> dict[str, Any]:
    """MAD and share of exact agreement from distinct pairs of points and how often
    each occurs (``n`` pairs in all)."""
    if not n:
        return {"n": 0, "mad": None, "exact": None}
    # exact, in integers over one common denominator (decimals and fractions alike);
    # the same pairs of points recur, so each distinct pair is worked out once
    ratios = [(_ratio(a), _ratio(b), k) for (a, b), k in counted]
    den = lcm(*(d for (_, da), (_, db), _ in ratios for d in (da, db)))
    diffs = [(abs(na * (den // da) - nb * (den // db)), k) for (na, da), (nb, db), k in ratios]
    total = sum(d * k for d, k in diffs)
    same = sum(k for d, k in diffs if d == 0)
    return {
        "n": n,
        "mad": _num(Fraction(total, den * n)),
        "exact": _num(Fraction(same, n)),
    }


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
    return round(1 - d_o / d_e, 4)


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
            return None if value != value else round(value, 4)  # NaN -> None
    return _closed_form(rated)


class _Codes:
    """Every distinct value object read gets a small integer (-1: none), and its float."""

    def __init__(self) -> None:
        self.values: list[Number] = []
        self._of: dict[int, int] = {}  # id of a value -> its code (values keeps it alive)

    def of(self, v: Number | None) -> int:
        if v is None:
            return -1
        got = self._of.get(id(v))
        if got is None:
            got = self._of[id(v)] = len(self.values)
            self.values.append(v)
        return got

    def column(self, values: list[Number | None]) -> Any:
        """The codes of ``values`` as an int32 array (values mostly seen before are
        looked up at C speed; the new ones are given codes in order)."""
        import numpy as np

        known = self._of
        got = list(map(known.get, map(id, values)))
        for k, code in enumerate(got):
            if code is None:
                got[k] = self.of(values[k])
        return np.array(got, dtype=np.int32)

    def once(self, values: list[Number | None]) -> Any:
        """Codes for values not worth looking up (a stage's totals: each community's
        own): each gets a code of its own, None gets -1."""
        import numpy as np

        start = len(self.values)
        got = np.full(len(values), -1, dtype=np.int32)
        given = [k for k, v in enumerate(values) if v is not None]
        self.values.extend(values[k] for k in given)  # type: ignore[misc]
        got[given] = np.arange(start, start + len(given), dtype=np.int32)
        return got

    def floats(self) -> Any:
        """Float of every code, and NaN last (for code -1)."""
        import numpy as np

        return np.array([*map(float, self.values), np.nan])


_BATCH = 8192  # reviews whose value ids are turned into codes at once


def _indicator_codes(
    scheme: Scheme, ordered: list[CommunityResult], stage: str, book: _Codes
) -> Any:
    """Communities x indicators: the code of each indicator's points at ``stage``."""
    import numpy as np

    ind_ids = list(scheme.indicators)
    grid = np.full((len(ordered), len(ind_ids)), -1, dtype=np.int32)
    surveyed = [k for k, i in enumerate(ind_ids) if plan_for(scheme).points[i].kind == "survey"]
    # compact reviews by entry table and width of id: their rows and value ids, a
    # batch at a time
    waiting: dict[tuple[int, str], tuple[EntryTable, list[int], list[bytes]]] = {}
    vid_codes: dict[int, Any] = {}  # id of an entry table -> code of each value id

    def flush(key: tuple[int, str]) -> None:
        table, rows, chunks = waiting.pop(key)
        codes = vid_codes.get(id(table))
        if codes is None or len(codes) <= len(table.values):
            points = value_points(scheme, table)
            codes = vid_codes[id(table)] = np.array([*map(book.of, points), -1], dtype=np.int32)
        dtype = np.int16 if key[1] == "h" else np.int32
        vids = np.frombuffer(b"".join(chunks), dtype=dtype).reshape(len(rows), len(ind_ids))
        got = codes[vids]  # a value id of -1 (no entry) reads the last code: -1
        if surveyed:
            got[:, surveyed] = grid[rows][:, surveyed]
        grid[rows] = got

    for r, res in enumerate(ordered):
        st = res.stages.get(stage)
        if st is None:
            continue
        scores = st.indicators
        vids = scores.compact_vids() if isinstance(scores, IndicatorScores) else None
        table = scores.entry_table if isinstance(scores, IndicatorScores) else None
        if vids is None or table is None:
            grid[r] = [book.of(v) for v in exact_row(scores, ind_ids)]
            continue
        assert isinstance(scores, IndicatorScores)
        key: tuple[int, str] = (id(table), vids.typecode)
        batch = waiting.get(key)
        if batch is None:
            batch = waiting[key] = (table, [], [])
        batch[1].append(r)
        batch[2].append(vids.tobytes())
        for k in surveyed:
            grid[r, k] = book.of(scores.survey_exact(ind_ids[k]))
        if len(batch[1]) >= _BATCH:
            flush(key)
    for rest in list(waiting):
        flush(rest)
    return grid


def agreement(scheme: Scheme, results: list[CommunityResult]) -> dict[str, Any]:
    import numpy as np

    stages = list(scheme.stage_ids)
    if len(stages) < 2:
        return {"reference": stages[0] if stages else None, "stages": {}, "alpha": None}
    ref = stages[-1]
    ordered = sorted(results, key=lambda r: r.community.id)
    ind_ids = list(scheme.indicators)
    dim_ids = [d.id for d in scheme.dimensions]

    # a code per value (by identity): totals and dimensions, a column per (stage, key);
    # indicators, communities x indicators per stage
    book = _Codes()
    columns: dict[tuple[str, str], Any] = {}
    for s in stages:
        st_of = [res.stages.get(s) for res in ordered]
        columns[(s, "")] = book.once([None if st is None else st.total for st in st_of])
        nothing = (None,) * len(dim_ids)
        rows = [nothing if st is None else st.dimensions.as_tuple() for st in st_of]
        by_dim = zip(*rows, strict=True) if rows else ([] for _ in dim_ids)
        for d, col in zip(dim_ids, by_dim, strict=True):
            columns[(s, d)] = book.column(list(col))
    codes = {s: _indicator_codes(scheme, ordered, s, book) for s in stages} if ind_ids else {}
    size = len(book.values) + 1

    def compared(mine: Any, theirs: Any) -> dict[str, Any]:
        both = (mine >= 0) & (theirs >= 0)
        pair = mine[both].astype(np.int64) * size + theirs[both]
        got, many = np.unique(pair, return_counts=True)
        values = book.values
        counted = [
            ((values[p // size], values[p % size]), c)
            for p, c in zip(got.tolist(), many.tolist(), strict=True)
        ]
        return _counted_stats(counted, int(both.sum()))

    def stats(stage: str, key: str) -> dict[str, Any]:
        return compared(columns[(stage, key)], columns[(ref, key)])

    def indicator_stats(stage: str, k: int) -> dict[str, Any]:
        return compared(codes[stage][:, k], codes[ref][:, k])

    out_stages = {}
    for s in stages[:-1]:
        out_stages[s] = {
            "total": stats(s, ""),
            "dimensions": {d: stats(s, d) for d in dim_ids},
            "indicators": {i: indicator_stats(s, k) for k, i in enumerate(ind_ids)},
        }

    floats = book.floats()

    def alpha(key: str) -> float | None:
        return _alpha(np.stack([floats[columns[(s, key)]] for s in stages]))

    out: dict[str, Any] = {
        "reference": ref,
        "stages": out_stages,
        "alpha": {
            "total": alpha(""),
            "dimensions": {d: alpha(d) for d in dim_ids},
            "indicators": {
                i: _alpha(np.stack([floats[codes[s][:, k]] for s in stages]))
                for k, i in enumerate(ind_ids)
            },
        },
    }
    return out
