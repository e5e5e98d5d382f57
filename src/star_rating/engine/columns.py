"""Scoring on columns: every community of a round at once.

The round becomes arrays: a slot per community and stage of the scheme (its
review, or its panel's, or none), then one row per reviewer of a panel stage.  A
review's entries become points in integer units (each value id's points worked out
once, :func:`~star_rating.engine.points.value_points`) and are summed per dimension
a block of reviews at a time, with the max of what is n/a beside them.  From there
everything a division touches (n/a rescaling, surveys, dimension weights, panels,
stage weights) is exact rational arithmetic on arrays
(:class:`~star_rating.rational.Q`), then the one rounding, the level rules, the
deciding stage's required indicators and the rank order, for every community in
one pass.  What comes out is :class:`~star_rating.models.result.RoundColumns`:
numbers, no objects per community.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from star_rating.engine.plan import plan_for
from star_rating.engine.points import plan_points, survey_points, value_points
from star_rating.entries import NA, Value
from star_rating.errors import display_path
from star_rating.models.result import (
    ByDimension,
    PanelResult,
    RoundColumns,
    StageScore,
)
from star_rating.models.round import Entries, EntryTable, Review, Round
from star_rating.models.scheme import RequireMin
from star_rating.rational import Q
from star_rating.scheme import Scheme

F = Fraction
ZERO = F(0)
BLOCK = 4096  # reviews whose points are gathered at once
_WIDE = 1 << 62


def stage_weights(scheme: Scheme, present: Sequence[str]) -> dict[str, Fraction]:
    """Weight of each present stage in the combination (one shared, read-only dict
    for each set of present stages)."""
    key = tuple(present)
    got = plan_for(scheme).weights.get(key)
    if got is None:
        got = plan_for(scheme).weights[key] = _stage_weights(scheme, key)
    return got


def _stage_weights(scheme: Scheme, present: tuple[str, ...]) -> dict[str, Fraction]:
    if scheme.head.combine == "final":
        return {present[-1]: F(1)}
    weights = {s.id: F(s.weight or 0) for s in scheme.stages if s.id in present}
    total = sum(weights.values(), F(0))
    if total == 1:
        return weights
    if total == 0:
        return {present[-1]: F(1)}
    return {k: v / total for k, v in weights.items()}


class _Layout:
    """Where each dimension's entry indicators sit among the scheme's indicators, and
    their maxima in units of ``1/unit``."""

    def __init__(self, scheme: Scheme, unit: int):
        plans = plan_for(scheme).points
        self.ids = tuple(scheme.indicators)
        self.index = index = {k: i for i, k in enumerate(self.ids)}
        self.max_u = [int(plans[i].max * unit) for i in self.ids]
        self.alone: list[list[int]] = []
        self.groups: list[list[list[int]]] = []
        for dim in scheme.dimensions:
            grouped = {i for g in dim.alternatives for i in g}
            self.alone.append(
                [index[i.id] for i in dim.indicators if i.kind != "survey" and i.id not in grouped]
            )
            self.groups.append([[index[i] for i in g] for g in dim.alternatives])
        self.wide = sum(abs(m) for m in self.max_u) >= _WIDE


class _Values:
    """Per value id of one entry table: its points in units, n/a, and whether it is
    yes (a prerequisite met); the last place stands for "no entry" (n/a)."""

    def __init__(self, scheme: Scheme, table: EntryTable, unit: int, wide: bool):
        exact = value_points(scheme, table)
        pts = [0 if p is None else int(p * unit) for p in exact]
        self.pts = np.array([*pts, 0], dtype=object if wide else np.int64)
        self.na = np.array([p is None for p in exact] + [True], dtype=bool)
        self.yes = np.array([v is True for _, v in table.values] + [False], dtype=bool)


def _places(scheme: Scheme, rows: Sequence[Review | None]) -> int:
    """The decimals points can have in this round: the scheme's, or more where some
    value's points have more (so every entry's points are whole in the unit)."""
    places = plan_for(scheme).points_places
    plans = plan_for(scheme).points
    tables: dict[int, EntryTable] = {}

    def more(p: Decimal | None) -> None:
        nonlocal places
        if p is not None and p != p.to_integral_value():
            places = max(places, -int(p.normalize().as_tuple().exponent))

    for review in rows:
        if review is None:
            continue
        entries = review.entries
        if isinstance(entries, Entries):
            tables.setdefault(id(entries.table), entries.table)
            for i, value in entries.appealed_values():
                more(_points(plans[entries.table.ids[i]], value))
        else:
            for ind_id, entry in entries.items():
                if ind_id in plans:
                    more(_points(plans[ind_id], entry.value))
    for table in tables.values():
        for p in value_points(scheme, table):
            more(p)
    return places


def _points(plan: Any, value: Value) -> Decimal | None:
    if value is NA or plan.kind == "survey":
        return None
    from decimal import localcontext

    from star_rating.engine.points import EXACT

    with localcontext(EXACT):
        return plan_points(plan, value)


def id_rows(
    items: Sequence[tuple[int, Entries]], width: int, batch: int
) -> Iterator[tuple[EntryTable, list[int], Any]]:
    """Reviews' value ids (``items``: a place of the caller's and the entries) a batch at
    a time: per entry table and width of id, the places and their ids as one array
    (places x ``width``; -1: no entry)."""
    waiting: dict[tuple[int, str], tuple[EntryTable, list[int], list[bytes]]] = {}

    def flush(key: tuple[int, str]) -> tuple[EntryTable, list[int], Any]:
        table, places, chunks = waiting.pop(key)
        dtype = np.int16 if key[1] == "h" else np.int32
        grid = np.frombuffer(b"".join(chunks), dtype=dtype).reshape(len(places), width)
        return table, places, grid

    for k, entries in items:
        vids = entries.vids
        key = (id(entries.table), vids.typecode)
        got = waiting.get(key)
        if got is None:
            got = waiting[key] = (entries.table, [], [])
        got[1].append(k)
        got[2].append(vids.tobytes())
        if len(got[1]) >= batch:
            yield flush(key)
    for rest in list(waiting):
        yield flush(rest)


class _Cells:
    """One block of reviews as indicator cells: points (units), n/a, yes."""

    def __init__(
        self,
        scheme: Scheme,
        layout: _Layout,
        unit: int,
        luts: dict[int, _Values],
        block: Sequence[Review | None],
    ):
        n, width = len(block), len(layout.ids)
        dtype = object if layout.wide else np.int64
        self.pts = np.zeros((n, width), dtype=dtype)
        self.na = np.ones((n, width), dtype=bool)
        self.yes = np.zeros((n, width), dtype=bool)
        plans = plan_for(scheme).points
        compact: list[tuple[int, Entries]] = []
        odd: list[int] = []
        for k, review in enumerate(block):
            if review is None:
                continue
            entries = review.entries
            if isinstance(entries, Entries) and entries.table.ids == layout.ids:
                compact.append((k, entries))
                if entries.appealed:
                    odd.append(k)
            else:
                odd.append(k)
        for table, ks, grid in id_rows(compact, width, len(block)):
            lut = luts.get(id(table))
            if lut is None:
                lut = luts[id(table)] = _Values(scheme, table, unit, layout.wide)
            self.pts[ks] = lut.pts[grid]
            self.na[ks] = lut.na[grid]
            self.yes[ks] = lut.yes[grid]
        for k in odd:
            review = block[k]
            assert review is not None
            entries = review.entries
            if isinstance(entries, Entries) and entries.table.ids == layout.ids:
                cells = [(layout.ids[i], v) for i, v in entries.appealed_values()]
            else:
                self.pts[k] = 0
                self.na[k] = True
                self.yes[k] = False
                cells = [(i, e.value) for i, e in entries.items() if i in plans]
            for ind_id, value in cells:
                i = layout.index[ind_id]
                p = _points(plans[ind_id], value)
                self.na[k, i] = p is None
                self.pts[k, i] = 0 if p is None else int(p * unit)
                self.yes[k, i] = value is True

    def dimension_sums(self, layout: _Layout) -> tuple[Any, Any]:
        """Per review and dimension: the points of what applies and the max of what
        does not (n/a or no entry), in units; each ``alternatives`` group counts its
        best member."""
        pts = np.where(self.na, 0, self.pts)
        tops = np.array(layout.max_u, dtype=pts.dtype)
        na_max = np.where(self.na, tops, 0)
        n = len(pts)
        got = np.zeros((n, len(layout.alone)), dtype=pts.dtype)
        lost = np.zeros((n, len(layout.alone)), dtype=pts.dtype)
        for d, (cols, groups) in enumerate(zip(layout.alone, layout.groups, strict=True)):
            if cols:
                got[:, d] = pts[:, cols].sum(axis=1)
                lost[:, d] = na_max[:, cols].sum(axis=1)
            for group in groups:
                top = max(layout.max_u[i] for i in group)
                applies = ~self.na[:, group]
                some = applies.any(axis=1)
                low = min(min(layout.max_u[i] for i in group), 0) - 1
                best = np.where(applies, self.pts[:, group], low).max(axis=1)
                widest = np.where(applies, tops[group], low).max(axis=1)
                got[:, d] += np.where(some, best, 0)
                lost[:, d] += np.where(some, top - widest, top)
        return got, lost


def _watched(scheme: Scheme) -> list[str]:
    """The entry indicators a level rule reads in the deciding stage: required ones,
    prerequisites and those a ``max_stars_if`` caps on."""
    ids = list(scheme.required_ids)
    ids += [i.id for i in scheme.indicators.values() if i.kind == "prerequisite"]
    ids += [r.indicator for r in scheme.head.max_stars_if]
    return [
        i
        for i in dict.fromkeys(ids)
        if i in scheme.indicators and scheme.indicators[i].kind != "survey"
    ]


@dataclass
class _Slots:
    """Where each review sits: a slot per community (id order) and stage (scheme
    order), ``c * stages + s``; then a row per reviewer of each panel stage."""

    ids: list[str]
    rows: list[Review | None]
    present: Any  # bool (communities, stages)
    groups: list[tuple[int, int, list[int]]]  # a panel stage: community, stage, rows
    row_c: Any  # each row's community

    @property
    def slots(self) -> int:
        return self.present.size  # type: ignore[no-any-return]


def _slots(rnd: Round) -> _Slots:
    ids = sorted(rnd.communities)
    n_c, n_s = len(ids), len(rnd.scheme.stage_ids)
    cindex = {cid: k for k, cid in enumerate(ids)}
    sindex = {s: k for k, s in enumerate(rnd.scheme.stage_ids)}
    rows: list[Review | None] = [None] * (n_c * n_s)
    present = np.zeros((n_c, n_s), dtype=bool)
    for (cid, sid), review in rnd.reviews.items():
        c, s = cindex[cid], sindex[sid]
        rows[c * n_s + s] = review
        present[c, s] = True
    groups: list[tuple[int, int, list[int]]] = []
    for (cid, sid), group in rnd.panels.items():
        c, s = cindex[cid], sindex[sid]
        if present[c, s] or not group:
            continue
        present[c, s] = True
        start = len(rows)
        rows.extend(group)
        groups.append((c, s, list(range(start, len(rows)))))
    members = np.array([c for c, _, m in groups for _ in m], dtype=np.int64)
    row_c = np.concatenate([np.repeat(np.arange(n_c, dtype=np.int64), n_s), members])
    return _Slots(ids, rows, present, groups, row_c)


@dataclass
class _Surveys:
    """Each community's survey figures, per survey indicator (scheme order)."""

    ids: tuple[str, ...]
    index: dict[str, int]
    valid: Any  # int (communities, indicators)
    invalid: Any
    rate: Q
    points: Q
    per_dimension: Q  # (communities, dimensions): the survey points each dimension holds


def _surveys(rnd: Round, ids: list[str]) -> _Surveys:
    scheme = rnd.scheme
    surveys = scheme.survey_indicators
    n_c, n_k = len(ids), len(surveys)
    cindex = {cid: k for k, cid in enumerate(ids)}
    kindex = {ind.id: k for k, ind in enumerate(surveys)}
    valid = np.zeros((n_c, n_k), dtype=np.int64)
    invalid = np.zeros((n_c, n_k), dtype=np.int64)
    rates: list[list[Fraction]] = [[ZERO] * n_c for _ in surveys]
    points: list[list[Fraction]] = [[ZERO] * n_c for _ in surveys]
    for (cid, ind_id), tally in rnd.surveys.items():
        if cid not in cindex or ind_id not in kindex:
            continue
        c, k = cindex[cid], kindex[ind_id]
        invalid[c, k] = tally.invalid
        if tally.valid:
            valid[c, k] = tally.valid
            rate = tally.weight_sum / tally.valid
            rates[k][c] = rate
            points[k][c] = survey_points(surveys[k], rate)
    rate_q = Q.stack([Q.of(r) for r in rates], axis=1) if n_k else Q.zeros((n_c, 0))
    points_q = Q.stack([Q.of(p) for p in points], axis=1) if n_k else Q.zeros((n_c, 0))
    per_dimension = Q.zeros((n_c, len(scheme.dimensions)))
    for d, in_dim in enumerate(scheme.survey_ids_by_dimension):
        for ind_id in in_dim:
            per_dimension[:, d] = per_dimension[:, d] + points_q[:, kindex[ind_id]]
    ids_ = tuple(ind.id for ind in surveys)
    return _Surveys(ids_, kindex, valid, invalid, rate_q, points_q, per_dimension)


@dataclass
class _Scores:
    """Per row (a review): its dimensions in their own points and as they count, the
    bonus claimed and counted, the total; and the indicators a level rule reads in
    the deciding stage (``watched``): their points, n/a, and yes."""

    raw: Q
    counted: Q  # raw itself when no dimension is weighted
    claimed: Q
    bonus: Q
    total: Q
    watched: list[str]
    points: Q
    na: Any
    yes: Any


def _scores(scheme: Scheme, slots: _Slots, surveys: _Surveys) -> _Scores:
    """Every review scored, a block at a time: entries to integer sums per dimension,
    then rescaled over what applies, surveys added, weights, the capped bonus."""
    compiled = plan_for(scheme)
    rows, n_d = slots.rows, len(scheme.dimensions)
    unit = 10 ** _places(scheme, rows)
    layout = _Layout(scheme, unit)
    watched = _watched(scheme)
    widx = [layout.index[i] for i in watched]
    n_r = len(rows)
    dtype = object if layout.wide else np.int64
    full = np.array([int(d.max * unit) for d in scheme.dimensions], dtype=dtype)
    dim_weights = Q.of(
        [F(d.weight) / F(d.max) if d.weight is not None else F(1) for d in scheme.dimensions]
    )
    cap = F(scheme.head.bonus.cap if scheme.head.bonus else 0)
    points_cap = scheme.head.points_cap
    raw = Q.zeros((n_r, n_d))
    out = _Scores(
        raw=raw,
        counted=Q.zeros((n_r, n_d)) if compiled.weighted else raw,
        claimed=Q.zeros(n_r),
        bonus=Q.zeros(n_r),
        total=Q.zeros(n_r),
        watched=watched,
        points=Q.zeros((n_r, len(widx))),
        na=np.ones((n_r, len(widx)), dtype=bool),
        yes=np.zeros((n_r, len(widx)), dtype=bool),
    )
    luts: dict[int, _Values] = {}
    for start in range(0, n_r, BLOCK):
        block = rows[start : start + BLOCK]
        end = start + len(block)
        cells = _Cells(scheme, layout, unit, luts, block)
        got, lost = cells.dimension_sums(layout)
        if widx:
            out.points[start:end] = Q.ints(cells.pts[:, widx], unit)
            out.na[start:end] = cells.na[:, widx]
            out.yes[start:end] = cells.yes[:, widx]
        del cells
        applicable = full - lost
        base = Q.ints(got, unit) + surveys.per_dimension[slots.row_c[start:end]]
        rescale = Q.reduced(
            np.broadcast_to(full, applicable.shape), np.where(applicable == 0, 1, applicable)
        )
        raw_b = (base * rescale).where(applicable != 0, 0)
        counted_b = raw_b * dim_weights if compiled.weighted else raw_b
        out.raw[start:end] = raw_b
        if compiled.weighted:
            out.counted[start:end] = counted_b
        claimed_b = Q.zeros(len(block))
        with_bonus = [k for k, review in enumerate(block) if review is not None and review.bonus]
        if with_bonus:
            claimed_b[np.array(with_bonus)] = Q.of(
                [F(sum((b.points for b in _given(block[k]).bonus), Decimal(0))) for k in with_bonus]
            )
        bonus_b = claimed_b.minimum(cap)
        dim_total = counted_b.sum(axis=1)
        if points_cap is not None:
            dim_total = dim_total.minimum(F(points_cap))
        out.claimed[start:end] = claimed_b
        out.bonus[start:end] = bonus_b
        out.total[start:end] = dim_total + bonus_b
    return out


def _panels(
    scheme: Scheme, slots: _Slots, surveys: _Surveys, scores: _Scores
) -> tuple[dict[tuple[int, int], StageScore], dict[int, dict[str, PanelResult]]]:
    """Each panel stage's value from its reviewers, written into its slot; the
    aggregates and how they were made."""
    panel_scores: dict[tuple[int, int], StageScore] = {}
    panel_results: dict[int, dict[str, PanelResult]] = {}
    if not slots.groups:
        return panel_scores, panel_results
    from star_rating.engine.panels import aggregate_panel
    from star_rating.engine.points import IndicatorScores

    compiled = plan_for(scheme)
    index = compiled.dimension_index
    n_s = len(scheme.stage_ids)
    stage_panels = {s.id: s.panel for s in scheme.stages if s.panel is not None}
    for c, s, member_rows in slots.groups:
        sid = scheme.stage_ids[s]
        surveys_c = {k: surveys.points.fraction((c, j)) for j, k in enumerate(surveys.ids)}
        members = []
        for r in member_rows:
            member = _given(slots.rows[r])
            raw_r = ByDimension(index, tuple(scores.raw[r].fractions()))
            counted_r = (
                ByDimension(index, tuple(scores.counted[r].fractions()))
                if compiled.weighted
                else raw_r
            )
            score = StageScore(
                sid,
                member.source,
                IndicatorScores(scheme, member.entries, surveys_c),
                raw_r,
                counted_r,
                scores.claimed.fraction(r),
                scores.bonus.fraction(r),
                scores.total.fraction(r),
                member.bonus,
            )
            members.append((member.reviewer or "", score))
        panel = stage_panels[sid]
        assert panel is not None
        agg, result = aggregate_panel(scheme, panel, sid, members)
        slot = c * n_s + s
        scores.raw[slot] = Q.of(list(agg.dimensions_raw.as_tuple()))
        scores.counted[slot] = Q.of(list(agg.dimensions.as_tuple()))
        scores.claimed[slot] = agg.bonus_claimed
        scores.bonus[slot] = agg.bonus
        scores.total[slot] = agg.total
        for w, ind_id in enumerate(scores.watched):
            sc = agg.indicators[ind_id]
            scores.na[slot, w] = sc.na
            scores.points[slot, w] = ZERO if sc.na else sc.points
            scores.yes[slot, w] = sc.entry is not None and sc.entry.value is True
        panel_scores[(c, s)] = agg
        panel_results.setdefault(c, {})[sid] = result
    return panel_scores, panel_results


@dataclass
class _Combined:
    """The stages combined with their weights (one set of weights per pattern of
    present stages), rounded once."""

    pattern: Any
    weights: list[dict[str, Fraction]]
    dims: Q
    bonus: Q
    total: Q
    units: Any  # the rounded total, in units of 10**-places
    deciding: Any


def _combined(scheme: Scheme, present: Any, dims: Q, bonus: Q, total: Q) -> _Combined:
    n_c, n_s = present.shape
    patterns: dict[tuple[bool, ...], int] = {}
    pattern = np.zeros(n_c, dtype=np.int64)
    for c, row in enumerate(present.tolist()):
        pattern[c] = patterns.setdefault(tuple(row), len(patterns))
    weight_sets: list[dict[str, Fraction]] = []
    grid = Q.zeros((n_c, n_s))
    sindex = {sid: k for k, sid in enumerate(scheme.stage_ids)}
    for key, p in patterns.items():
        here = [scheme.stage_ids[s] for s, on in enumerate(key) if on]
        ws = stage_weights(scheme, here) if here else {}
        weight_sets.append(ws)
        mask = pattern == p
        for sid, weight in ws.items():
            grid[mask, sindex[sid]] = Q.full(int(mask.sum()), weight)
    out_dims = Q.zeros((n_c, dims.shape[2]))
    out_bonus = Q.zeros(n_c)
    out_total = Q.zeros(n_c)
    for s in range(n_s):
        w = grid[:, s]
        out_dims = out_dims + Q(w.n[:, None], w.d[:, None]) * dims[:, s, :]
        out_bonus = out_bonus + w * bonus[:, s]
        out_total = out_total + w * total[:, s]
    rounding = scheme.head.rounding
    units = out_total.rounded(rounding.places, rounding.mode)
    deciding = (n_s - 1 - np.argmax(present[:, ::-1], axis=1)).astype(np.int64)
    return _Combined(pattern, weight_sets, out_dims, out_bonus, out_total, units, deciding)


def _level_passes(
    scheme: Scheme, surveys: _Surveys, scores: _Scores, comb: _Combined, n_s: int
) -> Any:
    """Per community and level (scheme order): does every rule of the level hold?
    The rounded total, the unrounded combined dimensions, and the deciding stage's
    required indicators, prerequisites and caps."""
    n_c = len(comb.deciding)
    dec_rows = np.arange(n_c) * n_s + comb.deciding
    dec_pts = scores.points[dec_rows] if scores.watched else Q.zeros((n_c, 0))
    dec_na, dec_yes = scores.na[dec_rows], scores.yes[dec_rows]
    where = {ind_id: w for w, ind_id in enumerate(scores.watched)}
    caps = np.full(n_c, np.inf)
    for rule in scheme.head.max_stars_if:
        below = F(rule.below)
        if rule.indicator in surveys.index:
            k = surveys.index[rule.indicator]
            holds = (surveys.valid[:, k] > 0) & surveys.rate[:, k].lt(below)
        else:
            w = where[rule.indicator]
            holds = ~dec_na[:, w] & dec_pts[:, w].lt(below)
        caps = np.where(holds, np.minimum(caps, float(rule.max_stars)), caps)
    compiled = plan_for(scheme)
    passes = np.zeros((n_c, len(compiled.levels)), dtype=bool)
    shown_total = Q.ints(comb.units, 10**scheme.head.rounding.places)
    for li, lp in enumerate(compiled.levels):
        ok = caps >= float(lp.level.stars)
        ok &= shown_total.ge(F(lp.min_total))
        for fl in lp.floors:
            ok &= comb.dims[:, fl.index].ge(fl.need)
        for req in lp.level.require:
            ind_id = req.indicator if isinstance(req, RequireMin) else req
            need = F(req.min) if isinstance(req, RequireMin) else F(scheme.indicators[ind_id].max)
            if ind_id in surveys.index:
                ok &= surveys.points[:, surveys.index[ind_id]].ge(need)
            else:
                w = where[ind_id]
                ok &= dec_na[:, w] | dec_pts[:, w].ge(need)
        for pre in lp.prerequisites:
            w = where[pre.indicator]
            ok &= dec_na[:, w] | dec_yes[:, w]
        passes[:, li] = ok
    return passes


def _qualified(rnd: Round, ids: list[str], passes: Any, vetoed: Any) -> Any:
    """The highest level whose rules hold and that the application allows (-1: none;
    a veto: none)."""
    levels = rnd.scheme.head.levels
    allows = np.ones(passes.shape, dtype=bool)
    if rnd.applications is not None:
        from star_rating.engine.dynamic import application_allows

        for c, cid in enumerate(ids):
            applied = rnd.communities[cid].applied
            if applied is not None:
                allows[c] = [
                    application_allows(rnd.applications, applied, lv.stars) for lv in levels
                ]
    open_ = passes & allows
    qualified = np.where(open_.any(axis=1), np.argmax(open_, axis=1), -1)
    qualified[vetoed] = -1
    return qualified


def build_columns(rnd: Round) -> RoundColumns:
    """Every community of a loaded, valid round scored, as columns (ranks, quotas and
    dynamic rules come after, :func:`~star_rating.engine.score.score_round`)."""
    scheme = rnd.scheme
    slots = _slots(rnd)
    ids, present = slots.ids, slots.present
    n_c, n_s = present.shape
    surveys = _surveys(rnd, ids)
    scores = _scores(scheme, slots, surveys)
    panel_scores, panel_results = _panels(scheme, slots, surveys, scores)
    n = slots.slots
    st_raw = _grid(scores.raw[:n], n_c, n_s)
    st_counted = _grid(scores.counted[:n], n_c, n_s)
    st_total = _grid(scores.total[:n], n_c, n_s)
    st_bonus = _grid(scores.bonus[:n], n_c, n_s)
    comb = _combined(scheme, present, st_counted, st_bonus, st_total)
    vetoed = np.zeros(n_c, dtype=bool)
    for r, one in enumerate(slots.rows):
        if one is not None and one.vetoes:
            vetoed[slots.row_c[r]] = True
    passes = _level_passes(scheme, surveys, scores, comb, n_s)
    gaps = stage_gaps(scheme, present, st_counted)
    return RoundColumns(
        scheme=scheme,
        ids=ids,
        communities=[rnd.communities[cid] for cid in ids],
        stage_ids=scheme.stage_ids,
        reviews=slots.rows[:n],
        panel_reviews={(c, s): [_given(slots.rows[r]) for r in m] for c, s, m in slots.groups},
        present=present,
        dims_raw=st_raw,
        dims=st_counted,
        bonus_claimed=_grid(scores.claimed[:n], n_c, n_s),
        bonus=st_bonus,
        total=st_total,
        panel_scores=panel_scores,
        panels=panel_results,
        pattern=comb.pattern,
        weights=comb.weights,
        combined=comb.dims,
        combined_bonus=comb.bonus,
        total_exact=comb.total,
        total_units=comb.units,
        places=scheme.head.rounding.places,
        deciding=comb.deciding,
        vetoed=vetoed,
        passes=passes,
        qualified=_qualified(rnd, ids, passes, vetoed),
        survey_ids=surveys.ids,
        survey_valid=surveys.valid,
        survey_invalid=surveys.invalid,
        survey_rate=surveys.rate,
        survey_points=surveys.points,
        flagged=_flagged(
            scheme, present, comb.deciding, st_total, gaps, surveys.valid, panel_results
        ),
        gaps=gaps,
        prefix=display_path(rnd.root) + "/" if rnd.root is not None else "",
        applications=rnd.applications,
    )


def _given(review: Review | None) -> Review:
    assert review is not None
    return review


def _grid(q: Q, n_c: int, n_s: int) -> Q:
    """Per-slot numbers as communities x stages (x dimensions)."""
    shape = (n_c, n_s, *q.shape[1:])
    return Q(q.n.reshape(shape), q.d.reshape(shape))


#: what :func:`_flagged` marks, a bit each
FLAG_SELF, FLAG_GAP, FLAG_SURVEY, FLAG_PANEL = 1, 2, 4, 8


def stage_gaps(scheme: Scheme, present: Any, st_dims: Q) -> Any:
    """Per community and dimension: do its stages' points differ by more than the
    ``stage_gap`` share of the dimension's points (None: no such flag)?"""
    if scheme.head.flags.stage_gap is None:
        return None
    n_c, n_s = present.shape
    limits = plan_for(scheme).gap_limits
    out = np.zeros((n_c, len(limits)), dtype=bool)
    for d, limit in enumerate(limits):
        for a in range(n_s):
            for b in range(n_s):
                if a != b:
                    both = present[:, a] & present[:, b]
                    out[:, d] |= both & (st_dims[:, a, d] - st_dims[:, b, d]).gt(limit)
    return out


def _flagged(
    scheme: Scheme,
    present: Any,
    deciding: Any,
    st_total: Q,
    gaps: Any,
    valid: Any,
    panels: dict[int, dict[str, PanelResult]],
) -> Any:
    """Per community the flags it may carry, a bit each (each is then checked, with
    its message, when its flags are read): exact for the stage and survey flags, every
    panel community for ``panel_spread``."""
    flags = scheme.head.flags
    n_c = present.shape[0]
    out = np.zeros(n_c, dtype=np.uint8)
    several = present.sum(axis=1) > 1
    if flags.self_inflation is not None:
        first = np.argmax(present, axis=1)
        rows = np.arange(n_c)
        gap = st_total[rows, first] - st_total[rows, deciding]
        out |= np.where(several & gap.gt(F(flags.self_inflation)), FLAG_SELF, 0).astype(np.uint8)
    if gaps is not None:
        out |= np.where(gaps.any(axis=1), FLAG_GAP, 0).astype(np.uint8)
    if flags.survey_sample is not None and valid.shape[1]:
        small = (valid < flags.survey_sample).any(axis=1)
        out |= np.where(small, FLAG_SURVEY, 0).astype(np.uint8)
    if flags.panel_spread is not None:
        for c in panels:
            out[c] |= FLAG_PANEL
    return out


class StageCells:
    """One stage's points of every indicator for every community of a scored round,
    read a column (an indicator) at a time: a table of value ids (communities x
    indicators), the exact points of each, and the entries that are not plain value
    ids (appeals, a panel's aggregate, entries given as a mapping) beside them."""

    def __init__(self, scheme: Scheme, cols: RoundColumns, s: int, batch: int = BLOCK):
        ids = tuple(scheme.indicators)
        self.kinds = [scheme.indicators[i].kind for i in ids]
        self.cols, self.s = cols, s
        n_c, n_s = len(cols.ids), len(cols.stage_ids)
        tables = {
            id(r.entries.table): len(r.entries.table.values)
            for r in cols.reviews
            if r is not None and isinstance(r.entries, Entries)
        }
        short = sum(tables.values()) < (1 << 15)  # value ids as short integers
        self.vids = np.full((n_c, len(ids)), -1, dtype=np.int16 if short else np.int32)
        exact: list[Fraction] = []
        na: list[bool] = []
        offsets: dict[int, int] = {}  # id of an entry table -> its first place in exact
        self.over: dict[int, list[tuple[int, Fraction | None]]] = {}
        plans = plan_for(scheme).points
        compact: list[tuple[int, Entries]] = []
        for c in np.flatnonzero(cols.present[:, s]).tolist():
            review = cols.reviews[c * n_s + s]
            if review is None:  # a panel's aggregate
                scores = cols.panel_scores[(c, s)].indicators
                for k, ind_id in enumerate(ids):
                    if self.kinds[k] != "survey":
                        sc = scores[ind_id]
                        self.over.setdefault(k, []).append((c, None if sc.na else sc.points))
                continue
            entries = review.entries
            if isinstance(entries, Entries) and entries.table.ids == ids:
                compact.append((c, entries))
                for k, value in entries.appealed_values():
                    p = _points(plans[ids[k]], value)
                    self.over.setdefault(k, []).append((c, None if p is None else F(p)))
                continue
            for k, ind_id in enumerate(ids):
                entry = entries.get(ind_id)
                if entry is not None and self.kinds[k] != "survey":
                    p = _points(plans[ind_id], entry.value)
                    self.over.setdefault(k, []).append((c, None if p is None else F(p)))
        for table, rows, grid in id_rows(compact, len(ids), batch):
            start = offsets.get(id(table))
            if start is None:
                start = offsets[id(table)] = len(exact)
                for p in value_points(scheme, table):
                    exact.append(ZERO if p is None else F(p))
                    na.append(p is None)
            wide = grid.astype(self.vids.dtype)  # offset in the width of the table
            self.vids[rows] = np.where(wide >= 0, wide + start, -1)
        self.exact = Q.of([*exact, ZERO])  # the last place: no entry
        self.na = np.array([*na, True], dtype=bool)
        self.survey = {ind_id: j for j, ind_id in enumerate(cols.survey_ids)}
        self.ids = ids

    def column(self, k: int) -> tuple[Q, Any]:
        """Indicator ``k``'s points per community, and where they are given (not n/a,
        an entry there)."""
        given_stage = self.cols.present[:, self.s]
        if self.kinds[k] == "survey":  # the residents' points, the same in every stage
            return self.cols.survey_points[:, self.survey[self.ids[k]]], given_stage.copy()
        v = self.vids[:, k]
        points = self.exact[v]
        given = (v >= 0) & ~self.na[v]
        for c, value in self.over.get(k, ()):
            given[c] = value is not None
            if value is not None:
                points[c] = value
        return points, given


def stage_cells(scheme: Scheme, cols: RoundColumns, batch: int = BLOCK) -> list[StageCells]:
    """:class:`StageCells` of every stage of the scheme, in its order."""
    return [StageCells(scheme, cols, s, batch) for s in range(len(cols.stage_ids))]


def combined_columns(cols: RoundColumns, cells: Sequence[StageCells]) -> Iterator[tuple[Q, Any]]:
    """Per indicator (scheme order) its points combined over each community's
    weighted stages, and where they are given (in every weighted stage)."""
    weights, weighted = cols.weight_grid()
    for k in range(len(cells[0].ids) if cells else 0):
        total = Q.zeros(len(cols.ids))
        given = np.ones(len(cols.ids), dtype=bool)
        for s, stage in enumerate(cells):
            points, has = stage.column(k)
            given &= ~weighted[:, s] | has
            total = total + weights[:, s] * points
        yield total, given


def review_units(scheme: Scheme, reviews: Sequence[Review]) -> list[tuple[tuple[int, ...], ...]]:
    """Per review its dimension sums in units, (points, max not applicable) per
    dimension: what the engine sums entries into."""
    unit = 10 ** _places(scheme, reviews)
    layout = _Layout(scheme, unit)
    got, lost = _Cells(scheme, layout, unit, {}, reviews).dimension_sums(layout)
    return [
        tuple((int(a), int(b)) for a, b in zip(g, lo, strict=True))
        for g, lo in zip(got.tolist(), lost.tolist(), strict=True)
    ]
