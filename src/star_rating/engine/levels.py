"""Level rules: each rule of each level checked, with what is missing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from star_rating.catalog import pct as pct
from star_rating.catalog import pts as pts
from star_rating.engine.exact import frac, fsub, ge
from star_rating.models.result import CommunityResult, IndicatorScore, Msg, RuleCheck, Words
from star_rating.models.scheme import Level, RequireMin, tr
from star_rating.scheme import Scheme

F = Fraction
ZERO = F(0)


def share(num: int, den: int) -> str:
    """``num/den`` as a percentage with one decimal, e.g. ``87.5%``."""
    return pct(F(num, den))


def _total_msg(total: Decimal, level: Level, ok: bool, short: Fraction) -> Msg:
    if ok:
        return Msg.of("min_total", "rule.min_total.ok", total=total, need=level.min_total)
    return Msg.of(
        "min_total", "rule.min_total.short", total=total, need=level.min_total, short=short
    )


def _floor_msg(
    rule: str, name: Words, have: Fraction, full: Fraction, ratio: Fraction, ok: bool
) -> Msg:
    params = {"dimension": name, "have": have, "full": full, "part": have / full, "floor": ratio}
    if ok:
        return Msg.of(rule, "rule.floor.ok", **params)
    return Msg.of(rule, "rule.floor.short", **params, short=fsub(ratio * full, have))


def _require_msg(
    ind_id: str, stage: Words, have: Fraction, need: Fraction, minimum: bool, ok: bool
) -> Msg:
    key = f"rule.require.{'min' if minimum else 'full'}.{'ok' if ok else 'short'}"
    return Msg.of("require", key, indicator=ind_id, stage=stage, have=have, need=need)


@dataclass(frozen=True)
class _Floor:
    dim: str
    index: int  # of the dimension, in scheme order
    rule: str  # min_dimension_ratio | min_dimensions
    ratio: Fraction
    full: Fraction
    need: Fraction
    name: Words


@dataclass(frozen=True)
class LevelPlan:
    """A level's rules with every threshold computed once per scheme."""

    level: Level
    min_total: Decimal
    min_total_f: Fraction
    floors: tuple[_Floor, ...]
    ratio: Fraction | None  # min_dimension_ratio
    _thresholds: dict[int, list[int]] = field(default_factory=dict, compare=False)

    def thresholds(self, den: int) -> list[int]:
        """Each floor's need as the least integer n with n/den >= need."""
        got = self._thresholds.get(den)
        if got is None:
            got = self._thresholds[den] = [
                -((-fl.need.numerator * den) // fl.need.denominator) for fl in self.floors
            ]
        return got


def level_plan(scheme: Scheme, level: Level) -> LevelPlan:
    floors: list[_Floor] = []
    dim_by_id = {d.id: d for d in scheme.dimensions}
    index = {d.id: k for k, d in enumerate(scheme.dimensions)}
    specs: list[tuple[str, Fraction, str]] = []
    if level.min_dimension_ratio is not None:
        r = F(level.min_dimension_ratio)
        specs += [(d.id, r, "min_dimension_ratio") for d in scheme.dimensions]
    specs += [(k, F(v), "min_dimensions") for k, v in level.min_dimensions.items()]
    for dim_id, ratio, rule in specs:
        dim = dim_by_id[dim_id]
        full = F(dim.full)
        floors.append(
            _Floor(
                dim_id,
                index[dim_id],
                rule,
                ratio,
                full,
                ratio * full,
                Words(tr(dim.name, "zh"), tr(dim.name, "en")),
            )
        )
    every = F(level.min_dimension_ratio) if level.min_dimension_ratio is not None else None
    return LevelPlan(level, level.min_total, F(level.min_total), tuple(floors), every)


def check_level(
    scheme: Scheme,
    plan: LevelPlan,
    total: Decimal,
    dims: dict[str, Fraction],
    deciding: Mapping[str, IndicatorScore],
    deciding_stage: str,
    lane: tuple[list[int], int] | None = None,
) -> list[RuleCheck]:
    """Every rule of a level checked exactly; sentences are written on demand.

    ``lane``: the combined dimensions as integers over one denominator (scheme
    order), compared with integer thresholds instead of fractions."""
    level = plan.level
    out: list[RuleCheck] = []
    s = level.stars
    ok = total >= plan.min_total
    short = fsub(plan.min_total_f, frac(*total.as_integer_ratio())) if not ok else ZERO
    out.append(RuleCheck(s, "min_total", ok, _total_msg(total, level, ok, short), short))
    any_floor_failed = False
    for fl, ok in zip(plan.floors, _floors_met(plan, dims, lane), strict=True):
        if ok and fl.rule == "min_dimension_ratio":
            continue  # passing per-dimension floors are summarised below
        any_floor_failed = any_floor_failed or fl.rule == "min_dimension_ratio"
        have = dims[fl.dim]
        msg = _floor_msg(fl.rule, fl.name, have, fl.full, fl.ratio, ok)
        out.append(RuleCheck(s, fl.rule, ok, msg, ZERO if ok else fsub(fl.need, have)))
    if plan.ratio is not None and not any_floor_failed:
        msg = Msg.of("min_dimension_ratio", "rule.all_floors", floor=plan.ratio)
        out.append(RuleCheck(s, "min_dimension_ratio", True, msg))
    if not level.require:
        return out
    stage = Words(
        scheme.stage_label(deciding_stage, "zh"), scheme.stage_label(deciding_stage, "en")
    )
    for req in level.require:
        ind_id, na, have, need, ok = _requirement(scheme, req, deciding)
        if na:
            msg = Msg.of("require", "rule.require.na", indicator=ind_id, stage=stage)
            out.append(RuleCheck(s, "require", True, msg))
            continue
        msg = _require_msg(ind_id, stage, have, need, isinstance(req, RequireMin), ok)
        out.append(RuleCheck(s, "require", ok, msg, ZERO if ok else need - have))
    return out


def level_passes(
    scheme: Scheme,
    plan: LevelPlan,
    total: Decimal,
    dims: dict[str, Fraction],
    deciding: Mapping[str, IndicatorScore],
    lane: tuple[list[int], int] | None = None,
) -> bool:
    """Whether every rule of :func:`check_level` holds, without making the checks."""
    return (
        total >= plan.min_total
        and all(_floors_met(plan, dims, lane))
        and all(_requirement(scheme, req, deciding)[4] for req in plan.level.require)
    )


def _floors_met(
    plan: LevelPlan, dims: dict[str, Fraction], lane: tuple[list[int], int] | None
) -> list[bool]:
    """Each floor of the level: is the dimension at or above it?"""
    if lane is not None:
        dims_n, den = lane
        needs = plan.thresholds(den)
        return [dims_n[fl.index] >= need for fl, need in zip(plan.floors, needs, strict=True)]
    return [ge(dims[fl.dim], fl.need) for fl in plan.floors]


def _requirement(
    scheme: Scheme, req: str | RequireMin, deciding: Mapping[str, IndicatorScore]
) -> tuple[str, bool, Fraction, Fraction, bool]:
    """A required indicator in the deciding stage: (id, n/a, points, needed, met)."""
    ind_id = req.indicator if isinstance(req, RequireMin) else req
    need = F(req.min) if isinstance(req, RequireMin) else F(scheme.indicators[ind_id].max)
    score = deciding.get(ind_id)
    if score is not None and score.na:
        return ind_id, True, ZERO, need, True
    have = score.points if score is not None else ZERO
    return ind_id, False, have, need, have >= need


def level_passes_all(
    scheme: Scheme,
    total: Decimal,
    dims: dict[str, Fraction],
    deciding: Mapping[str, IndicatorScore],
    lane: tuple[list[int], int] | None = None,
) -> tuple[bool, ...]:
    """Whether each level's rules all hold (scheme order), without making the checks."""
    return tuple(
        level_passes(scheme, plan, total, dims, deciding, lane) for plan in scheme.level_plans
    )


def level_checks(scheme: Scheme, res: CommunityResult, i: int) -> list[RuleCheck]:
    """Every rule of level ``i`` checked for a scored community, each with its message
    (explain, reports and the reason for the level above read them)."""
    deciding = res.stages[res.deciding_stage].indicators
    return check_level(
        scheme, scheme.level_plans[i], res.total, res.dimensions, deciding, res.deciding_stage
    )
