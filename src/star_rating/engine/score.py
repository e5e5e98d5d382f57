"""Scoring a round: stages combined exactly, one rounding, levels, quotas, ranks,
reasons and flags.  Pure: takes a loaded :class:`Round`, returns a result.

The numbers of every community are worked out at once, on columns
(:mod:`~star_rating.engine.columns`); ranking, dynamic rules and quotas then place
each community; reasons and flags are written from the result when read."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from star_rating.engine.columns import FLAG_GAP, FLAG_PANEL, FLAG_SELF, FLAG_SURVEY, build_columns
from star_rating.engine.dynamic import (
    OVERRIDING_RULES,
    RULE_NAMES,
    Gate,
    Previous,
    apply_dynamic,
    level_words,
)
from star_rating.engine.exact import spread
from star_rating.engine.levels import level_checks
from star_rating.models.result import (
    CommunityResult,
    Msg,
    RoundColumns,
    RoundResult,
    Words,
)
from star_rating.models.round import Appeal, Round
from star_rating.models.scheme import Level, Quota, Text, tr
from star_rating.scheme import Scheme

F = Fraction
ZERO = F(0)


def appeals_by_community(rnd: Round) -> dict[str, list[Appeal]]:
    """The round's appeals per community, in their order."""
    got: dict[str, list[Appeal]] = {}
    for a in rnd.appeals:
        got.setdefault(a.community, []).append(a)
    return got


def rank_order(cols: RoundColumns) -> list[int]:
    """Communities (rows of ``cols``) in rank order: rounded total, then the deciding
    stage's exact total, both descending, then id."""
    n = len(cols.ids)
    if not n:
        return []
    rows = np.arange(n)
    deciding = cols.total[rows, cols.deciding]
    totals = np.asarray(cols.total_units)
    if totals.dtype == object:  # rounded totals past 64 bits: sorted as numbers
        fractions = deciding.fractions()
        return sorted(range(n), key=lambda r: (-int(totals[r]), -fractions[r], r))
    near = deciding.floats()
    order = np.lexsort((rows, -near, -totals))
    units = totals[order].tolist()
    floats = near[order].tolist()
    out = order.tolist()
    # floats order the deciding totals; where two are equal as floats, by their
    # exact values (a run of equal floats and equal rounded totals, sorted exactly)
    k = 0
    while k < n:
        j = k + 1
        while j < n and units[j] == units[k] and floats[j] == floats[k]:
            j += 1
        if j - k > 1:
            run = out[k:j]
            value = {r: deciding.fraction(r) for r in run}
            if len(set(value.values())) > 1:
                out[k:j] = sorted(run, key=lambda r: (-value[r], r))
        k = j
    return [int(r) for r in out]


def score_round(rnd: Round, previous: dict[str, Previous] | None = None) -> RoundResult:
    """Score every community of a loaded, valid round (``previous``: last round's standing,
    for the scheme's dynamic rules)."""
    scheme = rnd.scheme
    cols = build_columns(rnd)
    cols.appeals = appeals_by_community(rnd)
    results = [CommunityResult(cols, i) for i in rank_order(cols)]
    # competition ranking on the rounded total: 1, 2, 2, 4
    units = np.asarray(cols.total_units)
    last = None
    for i, res in enumerate(results):
        here = units[res.index]
        res.rank = results[i - 1].rank if i and here == last else i + 1
        last = here
    # the order of work: levels (caps, prerequisites, applications: in `qualified`),
    # then dynamic rules, then quotas from the top level down
    gate = Gate(scheme, rnd.applications)
    if previous is not None:
        apply_dynamic(scheme, results, previous, gate)
    notes = _apply_quotas(scheme, results, gate)
    return RoundResult(
        scheme_id=scheme.id,
        scheme_version=scheme.version,
        round_name=rnd.name,
        title=rnd.title,
        levels=list(scheme.head.levels),
        results=results,
        hashes=rnd.hashes,
        quota_notes=notes,
        extra={"applied": True} if rnd.has_applied else {},
        titles=dict(rnd.titles),
        columns=cols,
    )


def reasons_of(res: CommunityResult) -> list[Msg]:
    """A scored community's reasons, from its result."""
    cols = res.columns
    return _reasons(cols.scheme, res, cols.prefix, Gate(cols.scheme, cols.applications))


def flags_of(res: CommunityResult) -> list[Msg]:
    """A scored community's flags, from its result."""
    return _flags(res.columns.scheme, res)


def _flags(scheme: Scheme, res: CommunityResult) -> list[Msg]:
    """The flags of a community, among those its columns mark as possible."""
    flags = scheme.head.flags
    out: list[Msg] = []
    bits = int(res.columns.flagged[res.index])
    present = list(res.stages)
    if flags.self_inflation is not None and bits & FLAG_SELF and len(present) > 1:
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
    if flags.stage_gap is not None and bits & FLAG_GAP and len(present) > 1:
        share = F(flags.stage_gap)
        stage_dims = [res.stages[s].dimensions for s in present]
        for k in _gap_dimensions(res):
            dim = scheme.dimensions[k]
            gap = spread([d[dim.id] for d in stage_dims])
            out.append(
                Msg.of(
                    "stage_gap", "flag.stage_gap", dimension=_words(dim.name), gap=gap, share=share
                )
            )
    if flags.survey_sample is not None and bits & FLAG_SURVEY:
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
    if flags.panel_spread is not None and bits & FLAG_PANEL:
        out += _panel_spread(scheme, res, F(flags.panel_spread))
    return out


def _panel_spread(scheme: Scheme, res: CommunityResult, tolerance: Fraction) -> list[Msg]:
    """Panel reviewers whose total is more than ``tolerance`` from the stage's total."""
    from star_rating.engine.panels import reviewer_spread

    return [
        Msg.of(
            "panel_spread",
            "flag.panel_spread",
            reviewer=m.reviewer,
            stage=_stage_words(scheme, stage),
            total=m.total,
            panel_total=panel.total,
            gap=abs(m.total - panel.total),
            tolerance=tolerance,
        )
        for stage, panel in res.panels.items()
        for m in reviewer_spread(panel, tolerance)
    ]


def _gap_dimensions(res: CommunityResult) -> list[int]:
    """Dimensions (scheme order) whose points differ between stages by more than the
    ``stage_gap`` share of their maximum."""
    gaps = res.columns.gaps
    return [] if gaps is None else np.flatnonzero(gaps[res.index]).tolist()


def _words(text: Text) -> Words:
    return Words(tr(text, "zh"), tr(text, "en"))


def _stage_words(scheme: Scheme, stage: str) -> Words:
    return Words(scheme.stage_label(stage, "zh"), scheme.stage_label(stage, "en"))


def _level_words(scheme: Scheme, level: Level) -> Words:
    return Words(scheme.level_name(level, "zh"), scheme.level_name(level, "en"))


def _quota_rules(scheme: Scheme) -> list[tuple[int, bool, Quota]]:
    """(level index, cumulative, quota) from the top level down; at one level the
    quota of that level ("4") comes before the cumulative one ("4+")."""
    quotas = scheme.head.quotas
    out = []
    for idx, level in enumerate(scheme.head.levels):
        for plus in (False, True):
            quota = quotas.get(f"{level.stars}{'+' if plus else ''}")
            if quota is not None:
                out.append((idx, plus, quota))
    return out


def _apply_quotas(
    scheme: Scheme, results: list[CommunityResult], gate: Gate | None = None
) -> list[Msg]:
    """Quotas from the top level down (``results`` in rank order).  Those ranked beyond a
    quota drop to the highest level below it that they may hold; communities tied on
    the rounded total across the boundary share the level (``ties: share``), are
    ordered by the tie-break (``break``) or all move down (``demote``)."""
    gate = gate or Gate(scheme)
    levels = scheme.head.levels
    n = len(results)
    notes: list[Msg] = []
    for idx, cumulative, quota in _quota_rules(scheme):
        if quota.max_count is not None:
            limit = quota.max_count
            why = Msg.of("quota", "quota.count", limit=limit)
        else:
            share = F(quota.max_share or 0)
            limit = math.floor(share * n)
            why = Msg.of("quota", "quota.share", limit=limit, share=share, n=n)
        level_name = _level_words(scheme, levels[idx])
        if cumulative:  # every community at these stars or more, in rank order
            holders = [r for r in results if r.level_index is not None and r.level_index <= idx]
            name: Words | Msg = Msg.of("level", "quota.and_above", level=level_name)
        else:
            holders = [r for r in results if r.level_index == idx]  # already in rank order
            name = level_name
        if len(holders) <= limit:
            continue
        boundary = holders[limit - 1].total if limit > 0 else None
        above = [r for r in holders if boundary is not None and r.total > boundary]
        tied = [r for r in holders if boundary is not None and r.total == boundary]
        spans = len(above) + len(tied) > limit  # a tie across the boundary
        lost: dict[int, Msg] = {}  # id(result) -> why a tied community moved down
        if not spans or quota.ties == "share":
            keep = above + tied
        elif quota.ties == "break":
            tied.sort(key=lambda r: _tie_key(scheme, r))
            keep = above + tied[: limit - len(above)]
            last = keep[-1]
            for r in tied[limit - len(above) :]:
                lost[id(r)] = Msg.of(
                    "quota_tie",
                    "quota.why.tie_lost",
                    boundary=boundary,
                    other=last.community.id,
                    by=_tie_by(scheme, last, r),
                    quota=why,
                    scope=name,
                )
        else:  # demote: everyone tied at the boundary moves down
            keep = above
            for r in tied:
                lost[id(r)] = Msg.of(
                    "quota_tie", "quota.why.tie_demote", boundary=boundary, quota=why, scope=name
                )
        plain = not cumulative and quota.ties == "share"  # the messages of shared ties
        if spans:
            msg = Msg.of(
                "quota_tie",
                "quota.tie" if quota.ties == "share" else f"quota.tie_{quota.ties}",
                level=name,
                quota=why,
                limit=limit,
                tied=len(tied),
                boundary=boundary,
                kept=len(keep),
            )
            notes.append(msg)
            kept_ids = {id(r) for r in keep}
            for r in tied:
                if quota.ties == "share":
                    r.quota_note = msg
                elif id(r) in kept_ids:
                    r.quota_note = Msg.of(
                        "quota_tie", "quota.tie_kept", boundary=boundary, quota=why, scope=name
                    )
        kept_ids = {id(r) for r in keep}
        drop = [r for r in holders if id(r) not in kept_ids]
        held = False
        for r in drop:
            now = r.level_index
            assert now is not None  # a holder has a level
            new = gate.first(r, idx + 1)
            r.level_index = new
            placed = level_words(scheme, new)
            standing = now is not None and r.passes[now] and gate.allows(r, now)
            held = held or not standing
            if plain and standing and id(r) not in lost:
                r.quota_note = Msg.of(
                    "quota_demotion",
                    "quota.demotion",
                    level=name,
                    rank=r.rank,
                    quota=why,
                    placed=placed,
                )
                continue
            r.quota_note = Msg.of(
                "quota_demotion",
                "quota.out",
                standing=_standing(scheme, r, now, standing),
                why=lost.get(id(r))
                or Msg.of("quota", "quota.why.rank", rank=r.rank, quota=why, scope=name),
                placed=placed,
            )
        if drop:
            if plain and not held:
                notes.append(Msg.of("quota", "quota.moved", level=name, quota=why, moved=len(drop)))
            else:
                notes.append(
                    Msg.of("quota", "quota.moved_down", level=name, quota=why, moved=len(drop))
                )
    return notes


def _tie_key(scheme: Scheme, r: CommunityResult) -> tuple[Fraction | str, ...]:
    """``ties: break``: the deciding stage's exact total, then the combined dimensions in
    scheme order (exact), higher first, then the id."""
    dims = tuple(-r.dimensions[d.id] for d in scheme.dimensions)
    return (-r.stages[r.deciding_stage].total, *dims, r.community.id)


def _tie_by(scheme: Scheme, first: CommunityResult, r: CommunityResult) -> Msg:
    """What put ``first`` before ``r`` in the tie-break."""
    a, b = first.stages[first.deciding_stage], r.stages[r.deciding_stage]
    if a.total != b.total:
        return Msg.of(
            "quota_tie",
            "quota.by.stage",
            stage=_stage_words(scheme, first.deciding_stage),
            theirs=a.total,
            mine=b.total,
        )
    for d in scheme.dimensions:
        if first.dimensions[d.id] != r.dimensions[d.id]:
            return Msg.of(
                "quota_tie",
                "quota.by.dimension",
                dimension=_words(d.name),
                theirs=first.dimensions[d.id],
                mine=r.dimensions[d.id],
            )
    return Msg.of("quota_tie", "quota.by.id", theirs=first.community.id, mine=r.community.id)


def _standing(scheme: Scheme, r: CommunityResult, idx: int, qualifies: bool) -> Msg:
    """How a community stood at a level before a quota moved it: it qualifies, or a
    dynamic rule held it there (the rule named)."""
    level = _level_words(scheme, scheme.head.levels[idx])
    if qualifies:
        return Msg.of("quota", "quota.standing.qualifies", level=level)
    code = r.dynamic_note.code if r.dynamic_note is not None else ""
    return Msg.of("quota", "quota.standing.held", level=level, rule=RULE_NAMES.get(code, code))


def _in_round(source: object, prefix: str) -> str:
    """A source as a path inside the round folder, whatever the working directory."""
    text = str(source)
    return text[len(prefix) :] if prefix and text.startswith(prefix) else text


def _next_level(scheme: Scheme, res: CommunityResult, lv: Level, above: int) -> list[Msg]:
    """Why not the next level up: its rules that failed."""
    idx = res.level_index
    checks = [c for c in level_checks(scheme, res, above) if not c.ok]
    failed = [c.msg for c in checks]
    if idx is not None and checks and all(c.rule in OVERRIDING_RULES for c in checks):
        return failed  # it meets every rule of the level up but a cap or a prerequisite
    key = "reason.next_level" if idx is not None else "reason.below_lowest"
    return [Msg.of("next_level", key, level=_level_words(scheme, lv), failed=failed)]


def _reasons(
    scheme: Scheme, res: CommunityResult, prefix: str = "", gate: Gate | None = None
) -> list[Msg]:
    levels = scheme.head.levels
    out: list[Msg] = []
    if res.vetoes:
        for v in res.vetoes:
            label = next((x.label for x in scheme.head.vetoes if x.id == v.id), v.id)
            where = _in_round(v.source, prefix)
            out.append(Msg.of("veto", "reason.veto", veto=_words(label), where=where))
        return out
    gate = gate or Gate(scheme)
    idx = res.level_index
    if idx is not None and res.passes[idx]:
        # never where a dynamic rule put it: the rule's own note says why it is there
        out.append(Msg.of("level", "reason.level", level=_level_words(scheme, levels[idx])))
    reached = next((i for i, ok in enumerate(res.passes) if ok), None)
    app = gate.application(res)
    if reached != res.qualified and app is not None:  # the application limited the level
        out.append(
            Msg.of(
                "application",
                "reason.application",
                application=app,
                reached=level_words(scheme, reached),
                placed=level_words(scheme, res.qualified),
            )
        )
        asked = next((i for i, lv in enumerate(levels) if lv.stars == res.community.applied), None)
        if res.qualified is None and asked is not None and not res.passes[asked]:
            failed = [c.msg for c in level_checks(scheme, res, asked) if not c.ok]
            out.append(
                Msg.of(
                    "next_level",
                    "reason.next_level",
                    level=_level_words(scheme, levels[asked]),
                    failed=failed,
                )
            )
    if res.dynamic_note is not None:
        out.append(res.dynamic_note)
    if res.quota_note is not None:
        out.append(res.quota_note)
    # why not the next level up, unless an application, a dynamic rule or a quota
    # placed it (each already explained)
    top = idx if idx is not None else len(levels)
    placed_by_rules = idx == res.qualified == reached and (idx is None or res.passes[idx])
    if placed_by_rules and top >= 1:
        out += _next_level(scheme, res, levels[top - 1], top - 1)
    return out
