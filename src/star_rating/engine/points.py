"""Indicator points by kind, and one review's dimension points and total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal, localcontext
from fractions import Fraction

from star_rating.engine.exact import frac, fsum, unit_fractions
from star_rating.entries import NA, Value
from star_rating.models.result import IndicatorScore, StageScore
from star_rating.models.round import Review, Source, StageSums
from star_rating.models.scheme import (
    AnyIndicator,
    BandsIndicator,
    ChecklistIndicator,
    DeductIndicator,
    Dimension,
    SurveyIndicator,
)
from star_rating.scheme import Scheme

F = Fraction
# exact for every decimal a scheme or review can hold (entries are bounded to 1e12)
EXACT = Context(prec=60)


ZERO = F(0)
DZERO = Decimal(0)


@dataclass(frozen=True)
class Plan:
    """An indicator's constants, taken out of the model once per scheme.

    Entry-based points are exact decimals (sums of decimals stay exact in
    Decimal); they become fractions only where a division can happen: the
    n/a and weight rescaling of a dimension, surveys and stage weights.
    """

    kind: str
    max: Decimal
    per: Decimal = DZERO
    items: tuple[tuple[str, Decimal], ...] = ()
    bands: tuple[tuple[Decimal, Decimal], ...] = ()


def plan_of(ind: AnyIndicator) -> Plan:
    per = ind.per if isinstance(ind, DeductIndicator) else DZERO
    items = (
        tuple((i.id, i.points) for i in ind.items) if isinstance(ind, ChecklistIndicator) else ()
    )
    raw_bands = ind.bands if isinstance(ind, BandsIndicator | SurveyIndicator) else None
    bands = tuple((b.min, b.points) for b in raw_bands or ())
    return Plan(ind.kind, ind.max, per, items, bands)


def band_points(bands: tuple[tuple[Decimal, Decimal], ...], value: Decimal | Fraction) -> Decimal:
    """Points of the highest band whose ``min`` the value reaches; 0 below all."""
    for low, points in bands:  # validated: highest min first
        if value >= low:
            return points
    return DZERO


def plan_points(plan: Plan, value: Value) -> Decimal:
    """Points for a checked, non-n/a entry (exact: sums of decimals)."""
    kind = plan.kind
    if kind == "scale":
        assert isinstance(value, Decimal)
        return value
    if kind == "check":
        return plan.max if value is True else DZERO
    if kind == "checklist":
        assert isinstance(value, frozenset)
        got = sum((p for item, p in plan.items if item in value), DZERO)
        return min(plan.max, got)
    if kind == "deduct":
        assert isinstance(value, Decimal)
        return max(DZERO, plan.max - plan.per * value)
    if kind == "bands":
        assert isinstance(value, Decimal)
        return band_points(plan.bands, value)
    raise TypeError(f"no entry-based points for kind {kind}")  # pragma: no cover


def survey_points(ind: SurveyIndicator, rate: Fraction) -> Fraction:
    if ind.bands:
        return F(band_points(plan_of(ind).bands, rate))
    return F(ind.max) * rate


def score_review(scheme: Scheme, review: Review, surveys: dict[str, Fraction]) -> StageScore:
    """Points of every indicator and dimension in one review, and its total."""
    plan = scheme.plans
    indicators: dict[str, IndicatorScore] = {}
    raw_dims: dict[str, Fraction] = {}
    dims: dict[str, Fraction] = {}
    entries = review.entries
    with localcontext(EXACT):
        for dim in scheme.dimensions:
            got = DZERO  # entry-based points: exact decimals
            from_survey = ZERO
            applicable = DZERO
            for ind in dim.indicators:
                p = plan[ind.id]
                if p.kind == "survey":
                    pts = surveys.get(ind.id, ZERO)
                    indicators[ind.id] = IndicatorScore(ind.id, pts)
                    from_survey += pts
                else:
                    entry = entries.get(ind.id)
                    if entry is None or entry.value is NA:
                        indicators[ind.id] = IndicatorScore(ind.id, ZERO, na=True, entry=entry)
                        continue
                    dpts = plan_points(p, entry.value)
                    indicators[ind.id] = IndicatorScore(ind.id, dpts, entry=entry)
                    got += dpts
                applicable += p.max
            raw = _rescaled(dim, F(got) + from_survey, applicable)
            raw_dims[dim.id] = raw
            dims[dim.id] = _weighted(dim, raw)
        claimed = F(sum((b.points for b in review.bonus), DZERO))
    return _stage(scheme, review.stage, review.source, indicators, raw_dims, dims, claimed, review)


def _rescaled(dim: Dimension, got: Fraction, applicable: Decimal) -> Fraction:
    """A dimension's points over the indicators that apply, rescaled to its full max."""
    if applicable == dim.max:
        return got
    return got * F(dim.max) / F(applicable) if applicable else ZERO


def _weighted(dim: Dimension, raw: Fraction) -> Fraction:
    """What the dimension counts for in the total (its ``weight`` if it has one)."""
    return raw * F(dim.weight) / F(dim.max) if dim.weight is not None else raw


def _stage(
    scheme: Scheme,
    stage: str,
    source: Source,
    indicators: dict[str, IndicatorScore],
    raw_dims: dict[str, Fraction],
    dims: dict[str, Fraction],
    claimed: Fraction,
    review: Review | None,
    fixed: StageSums | None = None,
) -> StageScore:
    """``fixed``: the sums every dimension counts as they are (no bonus): the total and
    the engine's integer lane then work on integers."""
    if fixed is not None:
        bonus, total = ZERO, frac(sum(fixed.points), fixed.unit)
    else:
        cap = scheme.head.bonus.cap if scheme.head.bonus else Decimal(0)
        bonus = min(F(cap), claimed)
        total = fsum([*dims.values(), bonus])
    return StageScore(
        stage,
        source,
        indicators,
        raw_dims,
        dims,
        claimed,
        bonus,
        total,
        list(review.bonus) if review is not None else [],
        fixed=fixed.points if fixed is not None else None,
        unit=fixed.unit if fixed is not None else 1,
    )


def score_sums(scheme: Scheme, sums: StageSums, surveys: dict[str, Fraction]) -> StageScore:
    """The same as :func:`score_review`, from a review the columnar reader reduced to
    integer sums per dimension: only the indicators a level requires are kept."""
    unit = sums.unit
    as_points = unit_fractions(unit)
    indicators = _required_scores(scheme, sums, surveys)
    if scheme.all_plain and not any(sums.na):  # every dimension counts its points
        dims = dict(zip(scheme.dimension_ids, [as_points[p] for p in sums.points], strict=True))
        return _stage(scheme, sums.stage, sums.source, indicators, dims, dims, ZERO, None, sums)
    surveyed = scheme.survey_ids_by_dimension
    plain = scheme.plain_dimensions
    raw_dims: dict[str, Fraction] = {}
    dims = {}
    with localcontext(EXACT):
        for k, dim in enumerate(scheme.dimensions):
            got_u, na_u = sums.points[k], sums.na[k]
            got = as_points[got_u]
            if plain[k] and not na_u:  # no survey, no weight, nothing n/a: the points
                raw_dims[dim.id] = dims[dim.id] = got
                continue
            if surveyed[k]:
                got = got + sum((surveys.get(i, ZERO) for i in surveyed[k]), ZERO)
            applicable = dim.max - Decimal(na_u) / unit if na_u else dim.max
            raw = _rescaled(dim, got, applicable)
            raw_dims[dim.id] = raw
            dims[dim.id] = _weighted(dim, raw)
    return _stage(scheme, sums.stage, sums.source, indicators, raw_dims, dims, ZERO, None)


def _required_scores(
    scheme: Scheme, sums: StageSums, surveys: dict[str, Fraction]
) -> dict[str, IndicatorScore]:
    """Scores of the indicators that a level requires (all a sums review keeps)."""
    indicators: dict[str, IndicatorScore] = {}
    for ind_id, value in zip(scheme.entry_required_ids, sums.required, strict=True):
        indicators[ind_id] = (
            IndicatorScore(ind_id, ZERO, na=True)
            if value is None
            else IndicatorScore(ind_id, value)
        )
    for ind in scheme.survey_indicators:
        if ind.id in scheme.required_ids:
            indicators[ind.id] = IndicatorScore(ind.id, surveys.get(ind.id, ZERO))
    return indicators
