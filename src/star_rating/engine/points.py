"""Indicator points by kind, and one review's dimension points and total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from star_rating.entries import NA, Value
from star_rating.models.result import IndicatorScore, StageScore
from star_rating.models.round import Review
from star_rating.models.scheme import (
    AnyIndicator,
    BandsIndicator,
    ChecklistIndicator,
    DeductIndicator,
    SurveyIndicator,
)
from star_rating.scheme import Scheme

F = Fraction


ZERO = F(0)


@dataclass(frozen=True)
class Plan:
    """An indicator's constants as fractions, converted once per scheme."""

    kind: str
    max: Fraction
    per: Fraction = ZERO
    items: tuple[tuple[str, Fraction], ...] = ()
    bands: tuple[tuple[Fraction, Fraction], ...] = ()


def plan_of(ind: AnyIndicator) -> Plan:
    per = F(ind.per) if isinstance(ind, DeductIndicator) else ZERO
    items = tuple((i.id, F(i.points)) for i in ind.items) if isinstance(
        ind, ChecklistIndicator) else ()
    raw_bands = ind.bands if isinstance(ind, BandsIndicator | SurveyIndicator) else None
    bands = tuple((F(b.min), F(b.points)) for b in raw_bands or ())
    return Plan(ind.kind, F(ind.max), per, items, bands)


def plans(scheme: Scheme) -> dict[str, Plan]:
    """Plans of every indicator, cached on the scheme object."""
    cached = scheme.__dict__.get("_plans")
    if cached is None:
        cached = {i.id: plan_of(i) for i in scheme.indicators.values()}
        scheme.__dict__["_plans"] = cached
    return cached  # type: ignore[no-any-return]


def band_points(bands: tuple[tuple[Fraction, Fraction], ...], value: Fraction) -> Fraction:
    """Points of the highest band whose ``min`` the value reaches; 0 below all."""
    for low, points in bands:  # validated: highest min first
        if value >= low:
            return points
    return ZERO


def plan_points(plan: Plan, value: Value) -> Fraction:
    """Points for a checked, non-n/a entry."""
    kind = plan.kind
    if kind == "scale":
        assert isinstance(value, Decimal)
        return F(value)
    if kind == "check":
        return plan.max if value is True else ZERO
    if kind == "checklist":
        assert isinstance(value, frozenset)
        got = sum((p for item, p in plan.items if item in value), ZERO)
        return min(plan.max, got)
    if kind == "deduct":
        assert isinstance(value, Decimal)
        return max(ZERO, plan.max - plan.per * int(value))
    if kind == "bands":
        assert isinstance(value, Decimal)
        return band_points(plan.bands, F(value))
    raise TypeError(f"no entry-based points for kind {kind}")  # pragma: no cover


def indicator_points(ind: AnyIndicator, value: Value) -> Fraction:
    return plan_points(plan_of(ind), value)


def survey_points(ind: SurveyIndicator, rate: Fraction) -> Fraction:
    if ind.bands:
        return band_points(plan_of(ind).bands, rate)
    return F(ind.max) * rate


def score_review(scheme: Scheme, review: Review, surveys: dict[str, Fraction]) -> StageScore:
    """Points of every indicator and dimension in one review, and its total."""
    plan = plans(scheme)
    indicators: dict[str, IndicatorScore] = {}
    raw_dims: dict[str, Fraction] = {}
    dims: dict[str, Fraction] = {}
    entries = review.entries
    for dim in scheme.dimensions:
        got = ZERO
        applicable = ZERO
        full_max = ZERO
        for ind in dim.indicators:
            p = plan[ind.id]
            full_max += p.max
            if p.kind == "survey":
                pts = surveys.get(ind.id, ZERO)
                indicators[ind.id] = IndicatorScore(ind.id, pts)
            else:
                entry = entries.get(ind.id)
                if entry is None or entry.value is NA:
                    indicators[ind.id] = IndicatorScore(ind.id, ZERO, na=True, entry=entry)
                    continue
                pts = plan_points(p, entry.value)
                indicators[ind.id] = IndicatorScore(ind.id, pts, entry=entry)
            got += pts
            applicable += p.max
        if applicable == full_max:
            raw = got
        else:
            raw = got * full_max / applicable if applicable else ZERO
        raw_dims[dim.id] = raw
        dims[dim.id] = raw * F(dim.weight) / full_max if dim.weight is not None else raw
    claimed = sum((F(b.points) for b in review.bonus), ZERO)
    cap = scheme.head.bonus.cap if scheme.head.bonus else Decimal(0)
    bonus = min(F(cap), claimed)
    total = sum(dims.values(), ZERO) + bonus
    return StageScore(
        review.stage,
        review.source,
        indicators,
        raw_dims,
        dims,
        claimed,
        bonus,
        total,
        list(review.bonus),
    )
