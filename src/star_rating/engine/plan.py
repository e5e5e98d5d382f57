"""The engine's plan of a scheme: the constants it scores with, compiled once.

A :class:`~star_rating.scheme.Scheme` is data (the YAML, checked); what the engine
derives from it — each indicator's points plan, each level's rules with their
thresholds, the stage-gap limits, the decimals of points, the stage weights by the
stages present — lives here, in one :class:`EnginePlan` per scheme, made the first
time the engine asks (:func:`plan_for`) and kept as long as the scheme lives.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from star_rating.engine.levels import LevelPlan
    from star_rating.engine.points import Plan
    from star_rating.scheme import Scheme


@dataclass
class EnginePlan:
    """What the engine computes from a scheme once, and its caches."""

    points: dict[str, Plan]  # indicator id -> points plan
    levels: tuple[LevelPlan, ...]  # per level, in scheme order
    gap_limits: tuple[Fraction, ...]  # per dimension: the stage spread that flags
    points_places: int  # the most decimals any entry's points can have
    dimension_index: dict[str, int] = field(default_factory=dict)  # id -> scheme order
    weighted: bool = False  # some dimension has a weight (else raw and counted points agree)
    weights: dict[tuple[str, ...], dict[str, Fraction]] = field(default_factory=dict)


_PLANS: weakref.WeakKeyDictionary[Scheme, EnginePlan] = weakref.WeakKeyDictionary()


def plan_for(scheme: Scheme) -> EnginePlan:
    """The scheme's plan, compiled on first use."""
    got = _PLANS.get(scheme)
    if got is None:
        got = _PLANS[scheme] = _compile(scheme)
    return got


def _compile(scheme: Scheme) -> EnginePlan:
    from star_rating.engine.levels import level_plan
    from star_rating.engine.points import plan_of

    share = Fraction(scheme.head.flags.stage_gap or 0)
    return EnginePlan(
        points={i.id: plan_of(i) for i in scheme.indicators.values()},
        levels=tuple(level_plan(scheme, lv) for lv in scheme.head.levels),
        gap_limits=tuple(share * Fraction(d.full) for d in scheme.dimensions),
        points_places=_points_places(scheme),
        dimension_index={d.id: k for k, d in enumerate(scheme.dimensions)},
        weighted=any(d.weight is not None for d in scheme.dimensions),
    )


def _points_places(scheme: Scheme) -> int:
    """The decimals of the maxima, steps, deductions, checklist items and bands."""
    numbers: list[Decimal | None] = []
    for ind in scheme.indicators.values():
        numbers.append(ind.max)
        numbers += [getattr(ind, "step", None), getattr(ind, "per", None)]
        numbers += [i.points for i in getattr(ind, "items", None) or ()]
        numbers += [b.points for b in getattr(ind, "bands", None) or ()]
    return max(-min(0, int(n.as_tuple().exponent)) for n in numbers if n is not None)
