"""Scoring a round: stages combined exactly, one rounding, levels, quotas, ranks,
reasons and flags.  Pure: takes a loaded :class:`Round`, returns a result."""

from __future__ import annotations

import math
from fractions import Fraction
from math import lcm

from star_rating.engine.dynamic import Previous, apply_dynamic
from star_rating.engine.exact import fdot, frac, gt, spread
from star_rating.engine.levels import level_checks, level_passes_all
from star_rating.engine.points import score_review, score_sums, survey_points
from star_rating.engine.rounding import round_exact
from star_rating.errors import display_path
from star_rating.models.result import (
    CommunityResult,
    Msg,
    RoundResult,
    StageScore,
    SurveyFigure,
    Words,
)
from star_rating.models.round import Round
from star_rating.models.scheme import Level, Text, tr
from star_rating.scheme import Scheme

F = Fraction
ZERO = F(0)


def stage_weights(scheme: Scheme, present: list[str]) -> dict[str, Fraction]:
    """Weight of each present stage in the combination (one shared, read-only dict
    for each set of present stages)."""
    key = tuple(present)
    got = scheme.weights_cache.get(key)
    if got is None:
        got = scheme.weights_cache[key] = _stage_weights(scheme, present)
    return got


def _stage_weights(scheme: Scheme, present: list[str]) -> dict[str, Fraction]:
    if scheme.head.combine == "final":
        return {present[-1]: F(1)}
    weights = {s.id: F(s.weight or 0) for s in scheme.stages if s.id in present}
    total = sum(weights.values(), F(0))
    if total == 1:
        return weights
    if total == 0:
        return {present[-1]: F(1)}
    return {k: v / total for k, v in weights.items()}


def _surveys(scheme: Scheme, rnd: Round, cid: str) -> dict[str, SurveyFigure]:
    out = {}
    for ind in scheme.survey_indicators:
        tally = rnd.surveys.get((cid, ind.id))
        if tally is None or not tally.valid:
            out[ind.id] = SurveyFigure(ind.id, 0, tally.invalid if tally else 0, ZERO, ZERO)
            continue
        rate = tally.weight_sum / tally.valid
        out[ind.id] = SurveyFigure(
            ind.id, tally.valid, tally.invalid, rate, survey_points(ind, rate)
        )
    return out


def score_community(scheme: Scheme, rnd: Round, cid: str) -> CommunityResult:
    community = rnd.communities[cid]
    survey = _surveys(scheme, rnd, cid)
    survey_pts = {k: v.points for k, v in survey.items()}
    stages: dict[str, StageScore] = {}
    for sid in scheme.stage_ids:
        review = rnd.reviews.get((cid, sid))
        if review is not None:
            stages[sid] = score_review(scheme, review, survey_pts)
        elif (sums := rnd.sums.get((cid, sid))) is not None:
            stages[sid] = score_sums(scheme, sums, survey_pts)
    present = list(stages)
    weights = stage_weights(scheme, present)
    weighted = [(w, stages[s]) for s, w in weights.items()]
    lane = _integer_lane(scheme, weighted)
    if lane is not None:
        dims_n, den = lane
        dims = {d.id: frac(n, den) for d, n in zip(scheme.dimensions, dims_n, strict=True)}
        bonus = ZERO
        total_exact = frac(sum(dims_n), den)
    else:
        dims = {
            d.id: fdot((w, st.dimensions[d.id]) for w, st in weighted) for d in scheme.dimensions
        }
        bonus = fdot((w, st.bonus) for w, st in weighted)
        total_exact = fdot((w, st.total) for w, st in weighted)
    r = scheme.head.rounding
    total = round_exact(total_exact, r.places, r.mode)
    deciding = present[-1]
    vetoes = [v for s in present if (cid, s) in rnd.reviews for v in rnd.reviews[(cid, s)].vetoes]
    passes = level_passes_all(scheme, total, dims, stages[deciding].indicators, lane)
    qualified = None
    if not vetoes:
        qualified = next((i for i, ok in enumerate(passes) if ok), None)
    appeals = [a for a in rnd.appeals if a.community == cid]
    res = CommunityResult(
        community=community,
        stages=stages,
        weights=weights,
        dimensions=dims,
        bonus=bonus,
        total_exact=total_exact,
        total=total,
        deciding_stage=deciding,
        vetoes=vetoes,
        passes=passes,
        qualified=qualified,
        level_index=qualified,
        survey=survey,
        appeals=appeals,
    )
    res.flags = _flags(scheme, res)
    return res


def _integer_lane(
    scheme: Scheme, weighted: list[tuple[Fraction, StageScore]]
) -> tuple[list[int], int] | None:
    """The combined dimensions as integers over one denominator, when every stage has
    its dimensions in integers of the same unit (and no bonus): the same values as the
    fraction arithmetic, a tenth of the time."""
    fixed = _fixed([st for _, st in weighted])
    if fixed is None:
        return None
    rows, unit = fixed
    wden = lcm(*(w.denominator for w, _ in weighted))
    terms = [
        (w.numerator * (wden // w.denominator), row)
        for (w, _), row in zip(weighted, rows, strict=True)
    ]
    n_dims = len(scheme.dimensions)
    dims_n = [sum(a * row[k] for a, row in terms) for k in range(n_dims)]
    return dims_n, unit * wden


def _fixed(stages: list[StageScore]) -> tuple[list[tuple[int, ...]], int] | None:
    """The stages' dimensions as integers in one unit, if every stage has them so."""
    unit = stages[0].unit
    rows = [st.fixed for st in stages if st.fixed is not None and st.unit == unit]
    return (rows, unit) if len(rows) == len(stages) else None


def _flags(scheme: Scheme, res: CommunityResult) -> list[Msg]:
    flags = scheme.head.flags
    out: list[Msg] = []
    present = list(res.stages)
    if flags.self_inflation is not None and len(present) > 1:
        first, last = res.stages[present[0]], res.stages[present[-1]]
        gap = first.total - last.total
        if gap > F(flags.self_inflation):
            out.append(
                Msg.of(
                    "self_inflation",
                    "flag.self_inflation",
                    first=_stage_words(scheme, first.stage),
                    first_total=first.total,
                    last=_stage_words(scheme, last.stage),
                    last_total=last.total,
                    gap=gap,
                    tolerance=flags.self_inflation,
                )
            )
    if flags.stage_gap is not None and len(present) > 1:
        share = F(flags.stage_gap)
        stage_dims = [res.stages[s].dimensions for s in present]
        for k in _gap_dimensions(scheme, res, present):
            dim = scheme.dimensions[k]
            gap = spread([d[dim.id] for d in stage_dims])
            out.append(
                Msg.of(
                    "stage_gap", "flag.stage_gap", dimension=_words(dim.name), gap=gap, share=share
                )
            )
    if flags.survey_sample is not None:
        for fig in res.survey.values():
            if fig.valid < flags.survey_sample:
                out.append(
                    Msg.of(
                        "survey_sample",
                        "flag.survey_sample",
                        indicator=fig.indicator,
                        valid=fig.valid,
                        advised=flags.survey_sample,
                    )
                )
    return out


def _gap_dimensions(scheme: Scheme, res: CommunityResult, present: list[str]) -> list[int]:
    """Dimensions (scheme order) whose points differ between stages by more than the
    ``stage_gap`` share of their maximum."""
    stages = [res.stages[s] for s in present]
    fixed = _fixed(stages)
    if fixed is not None:  # the integer lane: spreads in units, integer limits
        rows, unit = fixed
        limits = scheme.stage_gap_units(unit)
        return [
            k for k, col in enumerate(zip(*rows, strict=True)) if max(col) - min(col) > limits[k]
        ]
    return [
        k
        for k, (dim, limit) in enumerate(
            zip(scheme.dimensions, scheme.stage_gap_limits, strict=True)
        )
        if gt(spread([st.dimensions[dim.id] for st in stages]), limit)
    ]


def _words(text: Text) -> Words:
    return Words(tr(text, "zh"), tr(text, "en"))


def _stage_words(scheme: Scheme, stage: str) -> Words:
    return Words(scheme.stage_label(stage, "zh"), scheme.stage_label(stage, "en"))


def _level_words(scheme: Scheme, level: Level) -> Words:
    return Words(scheme.level_name(level, "zh"), scheme.level_name(level, "en"))


def score_round(rnd: Round, previous: dict[str, Previous] | None = None) -> RoundResult:
    """Score every community of a loaded, valid round (``previous``: last round's standing,
    for the scheme's dynamic rules)."""
    scheme = rnd.scheme
    results = [score_community(scheme, rnd, cid) for cid in sorted(rnd.communities)]
    # rank order: total, then the deciding stage's total (both descending), then id;
    # three stable sorts, last key first, compare the values as they are
    results.sort(key=lambda r: r.community.id)
    results.sort(key=lambda r: r.stages[r.deciding_stage].total, reverse=True)
    results.sort(key=lambda r: r.total, reverse=True)
    # competition ranking on the rounded total: 1, 2, 2, 4
    for i, res in enumerate(results):
        if i and res.total == results[i - 1].total:
            res.rank = results[i - 1].rank
        else:
            res.rank = i + 1
    if previous is not None:
        apply_dynamic(scheme, results, previous)
    notes = _apply_quotas(scheme, results)
    prefix = display_path(rnd.root) + "/" if rnd.root is not None else ""
    for res in results:
        res.reasons = _reasons(scheme, res, prefix)
    return RoundResult(
        scheme_id=scheme.id,
        scheme_version=scheme.version,
        round_name=rnd.name,
        title=rnd.title,
        levels=list(scheme.head.levels),
        results=results,
        hashes=rnd.hashes,
        quota_notes=notes,
    )


def _qualifies_below(res: CommunityResult, start: int, n_levels: int) -> int | None:
    for j in range(start, n_levels):
        if res.passes[j]:
            return j
    return None


def _apply_quotas(scheme: Scheme, results: list[CommunityResult]) -> list[Msg]:
    levels = scheme.head.levels
    n = len(results)
    notes: list[Msg] = []
    for idx, level in enumerate(levels):
        quota = scheme.head.quotas.get(level.stars)
        if quota is None:
            continue
        if quota.max_count is not None:
            limit = quota.max_count
            why = Msg.of("quota", "quota.count", limit=limit)
        else:
            share = F(quota.max_share or 0)
            limit = math.floor(share * n)
            why = Msg.of("quota", "quota.share", limit=limit, share=share, n=n)
        holders = [r for r in results if r.level_index == idx]  # already in rank order
        name = _level_words(scheme, level)
        if len(holders) <= limit:
            continue
        boundary = holders[limit - 1].total if limit > 0 else None
        keep = [r for r in holders if boundary is not None and r.total >= boundary]
        drop = [r for r in holders if r not in keep]
        if len(keep) > limit:
            tied = [r for r in keep if r.total == boundary]
            msg = Msg.of(
                "quota_tie",
                "quota.tie",
                level=name,
                quota=why,
                limit=limit,
                tied=len(tied),
                boundary=boundary,
                kept=len(keep),
            )
            notes.append(msg)
            for r in tied:
                r.quota_note = msg
        for r in drop:
            new = _qualifies_below(r, idx + 1, len(levels))
            r.level_index = new
            placed = (
                _level_words(scheme, levels[new])
                if new is not None
                else Msg.of("level", "level.none")
            )
            r.quota_note = Msg.of(
                "quota_demotion",
                "quota.demotion",
                level=name,
                rank=r.rank,
                quota=why,
                placed=placed,
            )
        if drop:
            notes.append(
                Msg.of("quota", "quota.moved", level=name, quota=why, moved=len(drop))
            )
    return notes


def _in_round(source: object, prefix: str) -> str:
    """A source as a path inside the round folder, whatever the working directory."""
    text = str(source)
    return text[len(prefix) :] if prefix and text.startswith(prefix) else text


def _next_level(scheme: Scheme, res: CommunityResult, lv: Level, above: int) -> Msg:
    """Why not the next level up: its rules that failed."""
    idx = res.level_index
    failed = [c.msg for c in level_checks(scheme, res, above) if not c.ok]
    key = "reason.next_level" if idx is not None else "reason.below_lowest"
    return Msg.of("next_level", key, level=_level_words(scheme, lv), failed=failed)


def _reasons(scheme: Scheme, res: CommunityResult, prefix: str = "") -> list[Msg]:
    levels = scheme.head.levels
    out: list[Msg] = []
    if res.vetoes:
        for v in res.vetoes:
            label = next((x.label for x in scheme.head.vetoes if x.id == v.id), v.id)
            where = _in_round(v.source, prefix)
            out.append(Msg.of("veto", "reason.veto", veto=_words(label), where=where))
        return out
    idx = res.level_index
    if idx is not None:
        lv = levels[idx]
        out.append(Msg.of("level", "reason.level", level=_level_words(scheme, lv)))
    if res.dynamic_note is not None:
        out.append(res.dynamic_note)
    if res.quota_note is not None:
        out.append(res.quota_note)
    # why not the next level up
    above = (idx if idx is not None else len(levels)) - 1
    if res.qualified is not None and res.qualified < (idx if idx is not None else len(levels)):
        above = -1  # held back by a quota or a dynamic rule, already explained
    if idx is not None and res.qualified is not None and idx < res.qualified:
        above = -1  # kept above what it reached by a dynamic rule, already explained
    if above >= 0:
        lv = levels[above]
        out.append(_next_level(scheme, res, lv, above))
    elif idx is None and not levels:  # pragma: no cover - a scheme has levels
        pass
    return out
