"""Level rules: each rule of each level checked, with what is missing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from star_rating.catalog import pct as pct
from star_rating.catalog import pts as pts
from star_rating.engine.exact import frac, fsub, ge
from star_rating.engine.plan import plan_for
from star_rating.models.result import (
    CommunityResult,
    IndicatorScore,
    Msg,
    RuleCheck,
    SurveyFigure,
    Words,
)
from star_rating.models.scheme import (
    Level,
    PrerequisiteIndicator,
    RequireMin,
    StarCount,
    tr,
)
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


def _floor_msg(fl: _Floor, have: Fraction, ok: bool) -> Msg:
    if fl.ratio is None:  # min_dimension_points: a floor in points, said in points
        params = {"dimension": fl.name, "have": have, "full": fl.full, "need": fl.need}
        if ok:
            return Msg.of(fl.rule, "rule.points_floor.ok", **params)
        return Msg.of(fl.rule, "rule.points_floor.short", **params, short=fsub(fl.need, have))
    params = {
        "dimension": fl.name,
        "have": have,
        "full": fl.full,
        "part": have / fl.full,
        "floor": fl.ratio,
    }
    if ok:
        return Msg.of(fl.rule, "rule.floor.ok", **params)
    return Msg.of(fl.rule, "rule.floor.short", **params, short=fsub(fl.need, have))


def _require_msg(
    ind_id: str, stage: Words, have: Fraction, need: Fraction, minimum: bool, ok: bool
) -> Msg:
    key = f"rule.require.{'min' if minimum else 'full'}.{'ok' if ok else 'short'}"
    return Msg.of("require", key, indicator=ind_id, stage=stage, have=have, need=need)


@dataclass(frozen=True)
class _Floor:
    dim: str
    index: int  # of the dimension, in scheme order
    rule: str  # min_dimension_ratio | min_dimensions | min_dimension_points
    ratio: Fraction | None  # None: a floor in points (min_dimension_points)
    full: Fraction
    need: Fraction
    name: Words


@dataclass(frozen=True)
class _Prerequisite:
    """A ``kind: prerequisite`` indicator that gates a level, with its words."""

    indicator: str
    text: Words
    gated: Words  # the levels it gates: "4★ or above", "3★, 5★"


def _gated_words(scheme: Scheme, stars: list[StarCount]) -> Words:
    """The levels a prerequisite gates, in words and by the levels' own names:
    ``Four-star or above`` when it gates every level from its lowest up, else the list
    ``Three-star, Five-star`` (``4★`` for a level without a label)."""
    levels = {lv.stars: lv for lv in scheme.head.levels}
    low = min(stars)
    shown = sorted(set(stars), reverse=True)

    def name(s: StarCount, lang: str) -> str:
        return scheme.level_name(levels[s], lang)

    if set(stars) == {s for s in levels if s >= low}:
        if len(shown) == 1:
            return Words(name(low, "zh"), name(low, "en"))
        return Words(f"{name(low, 'zh')}及以上", f"{name(low, 'en')} or above")
    return Words("、".join(name(s, "zh") for s in shown), ", ".join(name(s, "en") for s in shown))


def _prerequisites(scheme: Scheme, level: Level) -> tuple[_Prerequisite, ...]:
    """The prerequisites that gate ``level`` (default: every level above 0 stars)."""
    out: list[_Prerequisite] = []
    every = [lv.stars for lv in scheme.head.levels]
    for ind in scheme.indicators.values():
        if not isinstance(ind, PrerequisiteIndicator):
            continue
        stars = list(ind.levels) if ind.levels is not None else [s for s in every if s > 0]
        if level.stars in stars:
            text = Words(tr(ind.text, "zh"), tr(ind.text, "en"))
            out.append(_Prerequisite(ind.id, text, _gated_words(scheme, stars)))
    return tuple(out)


def prerequisite_met(deciding: Mapping[str, IndicatorScore], ind_id: str) -> bool | None:
    """A prerequisite in the deciding stage: met (yes; in a panel stage, every reviewer
    says yes), not met, or None when it is n/a there (it then gates nothing)."""
    score = deciding.get(ind_id)
    if score is not None and score.na:
        return None
    entry = score.entry if score is not None else None
    return entry is not None and entry.value is True


@dataclass(frozen=True)
class LevelPlan:
    """A level's rules with every threshold computed once per scheme."""

    level: Level
    min_total: Decimal
    min_total_f: Fraction
    floors: tuple[_Floor, ...]
    ratio: Fraction | None  # min_dimension_ratio
    prerequisites: tuple[_Prerequisite, ...] = ()  # those that gate this level


def level_plan(scheme: Scheme, level: Level) -> LevelPlan:
    floors: list[_Floor] = []
    dim_by_id = {d.id: d for d in scheme.dimensions}
    index = {d.id: k for k, d in enumerate(scheme.dimensions)}
    specs: list[tuple[str, Fraction | None, Fraction | None, str]] = []
    if level.min_dimension_ratio is not None:
        r = F(level.min_dimension_ratio)
        specs += [(d.id, r, None, "min_dimension_ratio") for d in scheme.dimensions]
    specs += [(k, F(v), None, "min_dimensions") for k, v in level.min_dimensions.items()]
    specs += [
        (k, None, F(v), "min_dimension_points") for k, v in level.min_dimension_points.items()
    ]
    for dim_id, ratio, points, rule in specs:
        dim = dim_by_id[dim_id]
        full = F(dim.full)
        need = points if ratio is None else ratio * full
        floors.append(
            _Floor(
                dim_id,
                index[dim_id],
                rule,
                ratio,
                full,
                need if need is not None else ZERO,
                Words(tr(dim.name, "zh"), tr(dim.name, "en")),
            )
        )
    every = F(level.min_dimension_ratio) if level.min_dimension_ratio is not None else None
    return LevelPlan(
        level,
        level.min_total,
        F(level.min_total),
        tuple(floors),
        every,
        _prerequisites(scheme, level),
    )


def check_level(
    scheme: Scheme,
    plan: LevelPlan,
    total: Decimal,
    dims: Mapping[str, Fraction],
    deciding: Mapping[str, IndicatorScore],
    deciding_stage: str,
    caps: Sequence[Cap] = (),
) -> list[RuleCheck]:
    """Every rule of a level checked exactly; sentences are written on demand.

    ``caps``: the community's ``max_stars_if`` caps that hold (:func:`stars_caps`); each one below
    this level's stars is a failed rule of the level."""
    level = plan.level
    out: list[RuleCheck] = []
    s = level.stars
    ok = total >= plan.min_total
    short = fsub(plan.min_total_f, frac(*total.as_integer_ratio())) if not ok else ZERO
    out.append(RuleCheck(s, "min_total", ok, _total_msg(total, level, ok, short), short))
    any_floor_failed = False
    for fl, ok in zip(plan.floors, _floors_met(plan, dims), strict=True):
        if ok and fl.rule == "min_dimension_ratio":
            continue  # passing per-dimension floors are summarised below
        any_floor_failed = any_floor_failed or fl.rule == "min_dimension_ratio"
        have = dims[fl.dim]
        msg = _floor_msg(fl, have, ok)
        out.append(RuleCheck(s, fl.rule, ok, msg, ZERO if ok else fsub(fl.need, have)))
    if plan.ratio is not None and not any_floor_failed:
        msg = Msg.of("min_dimension_ratio", "rule.all_floors", floor=plan.ratio)
        out.append(RuleCheck(s, "min_dimension_ratio", True, msg))
    out += [RuleCheck(s, "max_stars_if", False, c.msg) for c in caps if s > c.max_stars]
    for pre in plan.prerequisites:
        met = prerequisite_met(deciding, pre.indicator)
        key = {True: "met", False: "not_met", None: "na"}[met]
        msg = Msg.of(
            "prerequisite",
            f"rule.prerequisite.{key}",
            indicator=pre.indicator,
            text=pre.text,
            levels=pre.gated,
        )
        out.append(RuleCheck(s, "prerequisite", met is not False, msg))
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


def _floors_met(plan: LevelPlan, dims: Mapping[str, Fraction]) -> list[bool]:
    """Each floor of the level: is the dimension at or above it?"""
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


def level_checks(scheme: Scheme, res: CommunityResult, i: int) -> list[RuleCheck]:
    """Every rule of level ``i`` checked for a scored community, each with its message
    (explain, reports and the reason for the level above read them)."""
    deciding = res.stages[res.deciding_stage].indicators
    caps = stars_caps(scheme, res.survey, deciding, res.deciding_stage)
    return check_level(
        scheme,
        plan_for(scheme).levels[i],
        res.total,
        res.dimensions,
        deciding,
        res.deciding_stage,
        caps=caps,
    )


# --- max_stars_if: caps that hold whatever the total ---------------------------


@dataclass(frozen=True)
class Cap:
    """A ``max_stars_if`` rule that holds for a community: at most ``max_stars``."""

    max_stars: StarCount
    msg: Msg


def stars_caps(
    scheme: Scheme,
    survey: Mapping[str, SurveyFigure],
    deciding: Mapping[str, IndicatorScore],
    deciding_stage: str,
) -> tuple[Cap, ...]:
    """The scheme's ``max_stars_if`` rules that hold for a community, in scheme order.

    A survey indicator compares its satisfaction rate, any other indicator its points
    in the deciding stage, strictly below ``below``; an n/a indicator caps nothing."""
    rules = scheme.head.max_stars_if
    if not rules:
        return ()
    out: list[Cap] = []
    for rule in rules:
        below = F(rule.below)
        fig = survey.get(rule.indicator)
        if fig is not None:
            if fig.valid and fig.rate < below:
                msg = Msg.of(
                    "max_stars_if",
                    "rule.cap.survey",
                    indicator=rule.indicator,
                    rate=fig.rate,
                    below=rule.below,
                    max=rule.max_stars,
                )
                out.append(Cap(rule.max_stars, msg))
            continue
        score = deciding.get(rule.indicator)
        if score is None or score.na or not score.points < below:
            continue
        stage = Words(
            scheme.stage_label(deciding_stage, "zh"), scheme.stage_label(deciding_stage, "en")
        )
        msg = Msg.of(
            "max_stars_if",
            "rule.cap.points",
            indicator=rule.indicator,
            have=score.points,
            stage=stage,
            below=rule.below,
            max=rule.max_stars,
        )
        out.append(Cap(rule.max_stars, msg))
    return tuple(out)


def lowest_cap(caps: Sequence[Cap]) -> StarCount | None:
    """The most stars the caps allow together (None: no cap holds)."""
    return min((c.max_stars for c in caps), default=None)


def stars_cap(scheme: Scheme, res: CommunityResult) -> StarCount | None:
    """The most stars a scored community may hold under ``max_stars_if`` (None: no
    cap).  The cap always holds: dynamic rules, applications and quotas never place a
    community at a level with more stars than this."""
    if not scheme.head.max_stars_if:
        return None
    deciding = res.stages[res.deciding_stage].indicators
    return lowest_cap(stars_caps(scheme, res.survey, deciding, res.deciding_stage))
