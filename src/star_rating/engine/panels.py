"""Panels of reviewers (评审组): several reviews of one community at one stage, made
into the stage's value exactly (DESIGN §7, "Panels").

``by: total`` ranks the reviewers by review total (bonus included) and drops as the
aggregate says: ``trimmed`` the ``trim`` highest and lowest, ``median`` ``(n-1)//2``
from each end, ``mean`` none.  Equal totals: the later reviewer id (string order) is
dropped first, at either end.  Every dimension, indicator, the bonus and the total of
the stage are then the exact mean of the kept reviews, so the stage total is still
the sum of its parts.  ``by: indicator`` drops and averages each indicator's points
(and the capped bonus) on its own, then sums them into dimensions and the total.

Yes/no indicators that every reviewer must affirm (:data:`ALL_MUST_AGREE`, e.g. a
prerequisite) are never averaged away: the panel's score of such an indicator
carries the entry of the first reviewer (reviewer order) who does not say yes, or
the first reviewer's entry when all do, so a rule that reads ``entry.value`` of the
deciding stage sees "no" as soon as one reviewer says no.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from star_rating.engine.exact import fsum
from star_rating.engine.plan import plan_for
from star_rating.engine.points import (
    _rescaled,
    _weighted,
    best_alternatives,
    by_dimension,
    grouped_ids,
    review_total,
)
from star_rating.models.result import IndicatorScore, PanelMember, PanelResult, StageScore
from star_rating.models.scheme import Dimension, Panel
from star_rating.scheme import Scheme

F = Fraction
ZERO = F(0)

#: indicator kinds met in a panel stage only if every reviewer says so
ALL_MUST_AGREE = frozenset({"prerequisite"})


def drop_count(panel: Panel, n: int) -> int:
    """How many reviews (or values) are dropped from each end among ``n``."""
    if panel.aggregate == "trimmed":
        return panel.trim or 0
    if panel.aggregate == "median":
        return (n - 1) // 2
    return 0


def fewest(panel: Panel) -> int:
    """The fewest reviews the panel can be aggregated from: ``min_reviewers``, and for a
    trimmed panel more than twice ``trim``."""
    need = panel.min_reviewers
    if panel.aggregate == "trimmed":
        need = max(need, 2 * (panel.trim or 0) + 1)
    return need


def _mean(values: Sequence[Fraction]) -> Fraction:
    return fsum(values) / len(values)


def _middle(values: Sequence[Fraction], drop: int) -> Fraction:
    """The mean of ``values`` without the ``drop`` highest and ``drop`` lowest."""
    ordered = sorted(values)
    kept = ordered[drop : len(ordered) - drop]
    return _mean(kept)


def _ranked(members: list[PanelMember], drop: int) -> None:
    """Mark the members ``by: total`` drops: ``drop`` from the top, then ``drop`` from
    the bottom of what is left; on equal totals the later reviewer id goes first."""
    later_first = sorted(members, key=lambda m: m.reviewer, reverse=True)
    for m in members:
        m.kept = True
    # sorts are stable (reverse=True too): equal totals keep the later id first
    for m in sorted(later_first, key=lambda m: m.total, reverse=True)[:drop]:
        m.kept, m.dropped = False, "high"
    rest = [m for m in later_first if m.kept]
    for m in sorted(rest, key=lambda m: m.total)[:drop]:
        m.kept, m.dropped = False, "low"


def aggregate_panel(
    scheme: Scheme,
    panel: Panel,
    stage: str,
    scored: Sequence[tuple[str, StageScore]],
) -> tuple[StageScore, PanelResult]:
    """The stage's value from its panel's reviews, each scored (reviewer, score; at
    least one, checked by the loader), and how it was made."""
    members = [PanelMember(reviewer, score, None) for reviewer, score in scored]
    members.sort(key=lambda m: m.reviewer)
    drop = drop_count(panel, len(members))
    if panel.by == "total":
        _ranked(members, drop)
        score = _by_total(scheme, stage, [m.score for m in members if m.kept])
    else:
        score = _by_indicator(scheme, stage, [m.score for m in members], drop)
    _agreed(scheme, score.indicators, [m.score for m in members])
    result = PanelResult(stage, panel.aggregate, panel.by, drop, members, score.total)
    return score, result


def _by_total(scheme: Scheme, stage: str, kept: list[StageScore]) -> StageScore:
    """The exact mean of the kept reviews: every indicator, dimension, bonus and total."""
    indicators = {
        i: _indicator(i, [k.indicators[i] for k in kept], _mean) for i in scheme.indicators
    }
    dim_ids = scheme.dimension_ids
    return StageScore(
        stage,
        kept[0].source,
        indicators,
        by_dimension(scheme, [_mean([k.dimensions_raw[d] for k in kept]) for d in dim_ids]),
        by_dimension(scheme, [_mean([k.dimensions[d] for k in kept]) for d in dim_ids]),
        _mean([k.bonus_claimed for k in kept]),
        _mean([k.bonus for k in kept]),
        _mean([k.total for k in kept]),
    )


def _by_indicator(scheme: Scheme, stage: str, scores: list[StageScore], drop: int) -> StageScore:
    """Each indicator's points aggregated on its own (and the capped bonus like an
    indicator), then summed into dimensions and the total."""

    def agg(values: Sequence[Fraction]) -> Fraction:
        return _middle(values, drop)

    indicators = {
        i: _indicator(i, [s.indicators[i] for s in scores], agg) for i in scheme.indicators
    }
    both = [_dimension(dim, indicators) for dim in scheme.dimensions]
    dims = by_dimension(scheme, [counted for _, counted in both])
    bonus = agg([s.bonus for s in scores])
    return StageScore(
        stage,
        scores[0].source,
        indicators,
        by_dimension(scheme, [raw for raw, _ in both]),
        dims,
        bonus,
        bonus,
        review_total(scheme, dims.values(), bonus),
    )


def _indicator(
    ind_id: str, scores: list[IndicatorScore], agg: Callable[[Sequence[Fraction]], Fraction]
) -> IndicatorScore:
    """One indicator's panel score: n/a when the reviewers say so (they agree: the loader
    checks), else ``agg`` of their points."""
    if scores[0].na:
        return IndicatorScore(ind_id, ZERO, na=True)
    return IndicatorScore(ind_id, agg([s.points for s in scores]))


def _dimension(
    dim: Dimension, indicators: Mapping[str, IndicatorScore]
) -> tuple[Fraction, Fraction]:
    """A dimension from its indicators' panel points: rescaled over what applies, then
    by its weight, as for one review (:mod:`~star_rating.engine.columns`);
    each ``alternatives`` group counts its best member."""
    grouped = grouped_ids(dim) if dim.alternatives else frozenset()
    alone = [i for i in dim.indicators if i.id not in grouped]
    got = fsum([indicators[i.id].points for i in alone if not indicators[i.id].na])
    na_max = sum((i.max for i in alone if indicators[i.id].na), Decimal(0))
    if grouped:

        def points_of(ind_id: str) -> Fraction | None:
            score = indicators[ind_id]
            return None if score.na else score.points

        maxima = {i.id: i.max for i in dim.indicators if i.id in grouped}
        best, group_na = best_alternatives(dim, maxima, points_of, ZERO)
        got += best
        na_max += group_na
    raw = _rescaled(dim, got, dim.max - na_max)
    return raw, _weighted(dim, raw)


def _agreed(
    scheme: Scheme, indicators: Mapping[str, IndicatorScore], scores: list[StageScore]
) -> None:
    """Indicators every reviewer must affirm carry the first dissenting entry."""
    for ind_id, plan in plan_for(scheme).points.items():
        if plan.kind not in ALL_MUST_AGREE:
            continue
        entries = [s.indicators[ind_id].entry for s in scores]
        given = [e for e in entries if e is not None]
        if not given:
            continue
        dissent = next((e for e in given if e.value is not True), given[0])
        indicators[ind_id].entry = dissent


def reviewer_spread(result: PanelResult, tolerance: Fraction) -> list[PanelMember]:
    """Reviewers whose total is more than ``tolerance`` from the panel's total."""
    return [m for m in result.members if abs(m.total - result.total) > tolerance]
