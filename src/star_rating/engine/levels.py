"""Level rules: each rule of each level checked, with what is missing."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import partial

from star_rating.engine.exact import frac, fsub, ge
from star_rating.engine.rounding import round_exact, round_ratio
from star_rating.models.result import IndicatorScore, Msg, RuleCheck
from star_rating.models.scheme import Level, RequireMin, tr
from star_rating.scheme import Scheme

F = Fraction
ZERO = F(0)


def pts(x: Fraction | Decimal, places: int = 2) -> str:
    """A number for a sentence: rounded half-up for display, trailing zeros dropped."""
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        d = round_exact(x, places, "half-up")
    else:
        d = x.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return _plain(d)


def _plain(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def pct(x: Fraction) -> str:
    return share(x.numerator, x.denominator)


def share(num: int, den: int) -> str:
    """``num/den`` as a percentage with one decimal, e.g. ``87.5%``."""
    return _plain(round_ratio(num * 100, den, 1)) + "%"


def _total_msg(total: Decimal, level: Level, ok: bool, short: Fraction) -> Msg:
    return Msg(
        "min_total",
        f"总分 {total} {'达到' if ok else '低于'} {pts(level.min_total)}"
        + ("" if ok else f"（差 {pts(short)} 分）"),
        f"total {total} {'reaches' if ok else 'is below'} {pts(level.min_total)}"
        + ("" if ok else f" ({pts(short)} points short)"),
    )


def _floor_msg(
    rule: str,
    name_zh: str,
    name_en: str,
    have: Fraction,
    full: Fraction,
    ratio: Fraction,
    ok: bool,
) -> Msg:
    got, of = pts(have), pts(full)
    part = share(have.numerator * full.denominator, have.denominator * full.numerator)
    floor = pct(ratio)
    short = "" if ok else pts(fsub(ratio * full, have))
    return Msg(
        rule,
        f"{name_zh} {got}/{of}（{part}）{'达到' if ok else '低于'}门槛 {floor}"
        + ("" if ok else f"（差 {short} 分）"),
        f"{name_en} {got}/{of} ({part}) {'reaches' if ok else 'is below'} the floor of {floor}"
        + ("" if ok else f" ({short} points short)"),
    )


def _all_floors_msg(r: Fraction) -> Msg:
    return Msg(
        "min_dimension_ratio",
        f"各维度均达到满分的 {pct(r)}",
        f"every dimension reaches {pct(r)} of its maximum",
    )


def _na_msg(ind_id: str, stage_zh: str, stage_en: str) -> Msg:
    return Msg(
        "require",
        f"{ind_id} 在{stage_zh}中不适用，不作要求",
        f"{ind_id} is n/a in the {stage_en}; not required",
    )


def _require_msg(
    ind_id: str,
    stage_zh: str,
    stage_en: str,
    have: Fraction,
    need: Fraction,
    minimum: bool,
    ok: bool,
) -> Msg:
    what_zh = f"至少 {pts(need)} 分" if minimum else "满分"
    what_en = f"at least {pts(need)}" if minimum else "full marks"
    return Msg(
        "require",
        f"{ind_id} 在{stage_zh}中得 {pts(have)} 分，要求{what_zh}" + ("" if ok else "，未达到"),
        f"{ind_id} has {pts(have)} in the {stage_en}; {what_en} required"
        + ("" if ok else ", not met"),
    )


@dataclass(frozen=True)
class _Floor:
    dim: str
    index: int  # of the dimension, in scheme order
    rule: str  # min_dimension_ratio | min_dimensions
    ratio: Fraction
    full: Fraction
    need: Fraction
    name_zh: str
    name_en: str


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
                tr(dim.name, "zh"),
                tr(dim.name, "en"),
            )
        )
    every = F(level.min_dimension_ratio) if level.min_dimension_ratio is not None else None
    return LevelPlan(level, level.min_total, F(level.min_total), tuple(floors), every)


def check_level(
    scheme: Scheme,
    plan: LevelPlan,
    total: Decimal,
    dims: dict[str, Fraction],
    deciding: dict[str, IndicatorScore],
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
    out.append(RuleCheck(s, "min_total", ok, partial(_total_msg, total, level, ok, short), short))
    any_floor_failed = False
    for fl, ok in zip(plan.floors, _floors_met(plan, dims, lane), strict=True):
        if ok and fl.rule == "min_dimension_ratio":
            continue  # passing per-dimension floors are summarised below
        any_floor_failed = any_floor_failed or fl.rule == "min_dimension_ratio"
        have = dims[fl.dim]
        make = partial(_floor_msg, fl.rule, fl.name_zh, fl.name_en, have, fl.full, fl.ratio, ok)
        out.append(RuleCheck(s, fl.rule, ok, make, ZERO if ok else fsub(fl.need, have)))
    if plan.ratio is not None and not any_floor_failed:
        out.append(RuleCheck(s, "min_dimension_ratio", True, partial(_all_floors_msg, plan.ratio)))
    if not level.require:
        return out
    stage_zh = scheme.stage_label(deciding_stage, "zh")
    stage_en = scheme.stage_label(deciding_stage, "en")
    for req in level.require:
        ind_id, na, have, need, ok = _requirement(scheme, req, deciding)
        if na:
            out.append(RuleCheck(s, "require", True, partial(_na_msg, ind_id, stage_zh, stage_en)))
            continue
        minimum = isinstance(req, RequireMin)
        make = partial(_require_msg, ind_id, stage_zh, stage_en, have, need, minimum, ok)
        out.append(RuleCheck(s, "require", ok, make, ZERO if ok else need - have))
    return out


def level_passes(
    scheme: Scheme,
    plan: LevelPlan,
    total: Decimal,
    dims: dict[str, Fraction],
    deciding: dict[str, IndicatorScore],
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
    scheme: Scheme, req: str | RequireMin, deciding: dict[str, IndicatorScore]
) -> tuple[str, bool, Fraction, Fraction, bool]:
    """A required indicator in the deciding stage: (id, n/a, points, needed, met)."""
    ind_id = req.indicator if isinstance(req, RequireMin) else req
    need = F(req.min) if isinstance(req, RequireMin) else F(scheme.indicators[ind_id].max)
    score = deciding.get(ind_id)
    if score is not None and score.na:
        return ind_id, True, ZERO, need, True
    have = score.points if score is not None else ZERO
    return ind_id, False, have, need, have >= need


class LevelChecks(Mapping[int, list[RuleCheck]]):
    """Every level's rule checks for one community, kept as their inputs.

    Whether each level passes is decided at once; the checks themselves, with their
    sentences, are made again when read (explain, reports, the reason for the level
    above).  A province-scale round then holds a few flags per community instead of
    dozens of rule objects."""

    __slots__ = ("_args", "_passed", "_scheme")

    def __init__(
        self,
        scheme: Scheme,
        total: Decimal,
        dims: dict[str, Fraction],
        deciding: dict[str, IndicatorScore],
        deciding_stage: str,
        lane: tuple[list[int], int] | None = None,
    ):
        self._scheme = scheme
        self._args = (total, dims, deciding, deciding_stage, lane)
        self._passed = [
            level_passes(scheme, plan, total, dims, deciding, lane) for plan in scheme.level_plans
        ]

    def passes(self, i: int) -> bool:
        return self._passed[i]

    def __getitem__(self, i: int) -> list[RuleCheck]:
        plans = self._scheme.level_plans
        if not isinstance(i, int) or not 0 <= i < len(plans):
            raise KeyError(i)
        return check_level(self._scheme, plans[i], *self._args)

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self._scheme.level_plans)))

    def __len__(self) -> int:
        return len(self._scheme.level_plans)
