"""Indicator points by kind, and one review's dimension points and total."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from star_rating.entries import NA, Value
from star_rating.models.result import IndicatorScore, StageScore
from star_rating.models.round import Review
from star_rating.models.scheme import (
    AnyIndicator,
    Band,
    BandsIndicator,
    CheckIndicator,
    ChecklistIndicator,
    DeductIndicator,
    ScaleIndicator,
    SurveyIndicator,
)
from star_rating.scheme import Scheme

F = Fraction


def band_points(bands: list[Band], value: Fraction) -> Fraction:
    """Points of the highest band whose ``min`` the value reaches; 0 below all."""
    for band in bands:  # validated: highest min first
        if value >= F(band.min):
            return F(band.points)
    return F(0)


def indicator_points(ind: AnyIndicator, value: Value) -> Fraction:
    """Points for a checked, non-n/a entry."""
    if isinstance(ind, ScaleIndicator):
        assert isinstance(value, Decimal)
        return F(value)
    if isinstance(ind, CheckIndicator):
        return F(ind.max) if value is True else F(0)
    if isinstance(ind, ChecklistIndicator):
        assert isinstance(value, frozenset)
        got = sum((F(i.points) for i in ind.items if i.id in value), F(0))
        return min(F(ind.max), got)
    if isinstance(ind, DeductIndicator):
        assert isinstance(value, Decimal)
        return max(F(0), F(ind.max) - F(ind.per) * F(value))
    if isinstance(ind, BandsIndicator):
        assert isinstance(value, Decimal)
        return band_points(ind.bands, F(value))
    raise TypeError(f"no entry-based points for {ind.id}")  # pragma: no cover


def survey_points(ind: SurveyIndicator, rate: Fraction) -> Fraction:
    if ind.bands:
        return band_points(ind.bands, rate)
    return F(ind.max) * rate


def score_review(scheme: Scheme, review: Review, surveys: dict[str, Fraction]) -> StageScore:
    """Points of every indicator and dimension in one review, and its total."""
    indicators: dict[str, IndicatorScore] = {}
    raw_dims: dict[str, Fraction] = {}
    dims: dict[str, Fraction] = {}
    for dim in scheme.dimensions:
        got = F(0)
        applicable = F(0)
        for ind in dim.indicators:
            if isinstance(ind, SurveyIndicator):
                pts = surveys.get(ind.id, F(0))
                indicators[ind.id] = IndicatorScore(ind.id, pts)
            else:
                entry = review.entries.get(ind.id)
                if entry is None or entry.value is NA:
                    indicators[ind.id] = IndicatorScore(ind.id, F(0), na=True, entry=entry)
                    continue
                pts = indicator_points(ind, entry.value)
                indicators[ind.id] = IndicatorScore(ind.id, pts, entry=entry)
            got += pts
            applicable += F(ind.max)
        full_max = F(dim.max)
        raw = (
            got if applicable == full_max else (got * full_max / applicable if applicable else F(0))
        )
        raw_dims[dim.id] = raw
        dims[dim.id] = raw * F(dim.weight) / full_max if dim.weight is not None else raw
    claimed = sum((F(b.points) for b in review.bonus), F(0))
    cap = scheme.head.bonus.cap if scheme.head.bonus else Decimal(0)
    bonus = min(F(cap), claimed)
    total = sum(dims.values(), F(0)) + bonus
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
