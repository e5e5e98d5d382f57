"""Indicator points by kind, and one review's dimension points and total."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from typing import TypeVar

from star_rating.engine.exact import fsum
from star_rating.engine.plan import plan_for
from star_rating.entries import NA, Value
from star_rating.kinds import KINDS
from star_rating.kinds.bands import band_points
from star_rating.models.result import ByDimension, IndicatorScore
from star_rating.models.round import Entries, Entry, EntryTable
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


def plan_points(plan: Plan, value: Value) -> Decimal:
    """Points for a checked, non-n/a entry (exact: sums of decimals), by its kind."""
    return KINDS[plan.kind].points(plan, value)


def survey_points(ind: SurveyIndicator, rate: Fraction) -> Fraction:
    if ind.bands:
        return F(band_points(plan_of(ind).bands, rate))
    return F(ind.max) * rate


N = TypeVar("N", Decimal, Fraction)


def grouped_ids(dim: Dimension) -> frozenset[str]:
    """The indicators of ``dim`` that belong to an ``alternatives`` group."""
    return frozenset(i for group in dim.alternatives for i in group)


def best_alternatives(
    dim: Dimension,
    maxima: Mapping[str, Decimal],
    points_of: Callable[[str], N | None],
    zero: N,
) -> tuple[N, Decimal]:
    """The ``alternatives`` groups of ``dim`` in one review: the points of each group's
    best member (``points_of``: None for an n/a member, which does not compete), and
    the max that does not apply.  A group counts at its largest member's max; with
    some members n/a, at the largest max among those that apply (the rest of the
    group's max is not applicable and the dimension is rescaled as for any n/a);
    with every member n/a, the whole group's max is not applicable."""
    got, na_max = zero, DZERO
    for group in dim.alternatives:
        top = max(maxima[i] for i in group)
        applicable = [(p, maxima[i]) for i in group if (p := points_of(i)) is not None]
        if not applicable:
            na_max += top
            continue
        got += max(p for p, _ in applicable)
        na_max += top - max(m for _, m in applicable)
    return got, na_max


def exact_row(
    scores: Mapping[str, IndicatorScore], ind_ids: list[str]
) -> list[Decimal | Fraction | None]:
    """Exact points of the indicators ``ind_ids`` (all of the scheme's, in its order,
    where the scores are :class:`IndicatorScores`) in one review, None for n/a or no
    entry, without making a score object per indicator where the scores can say them
    all at once."""
    if isinstance(scores, IndicatorScores):
        return scores.all_exact()
    return [None if (sc := scores[i]).na else sc.exact for i in ind_ids]


def appeals_in(scores: Mapping[str, IndicatorScore]) -> bool:
    """Whether any entry behind these scores may carry an appeal (False only where
    the scores know their entries have none)."""
    if isinstance(scores, IndicatorScores):
        return scores.appealed
    return True


@dataclass
class _Derived:
    """What the engine works out per value id of one entry table, kept beside it."""

    points: list[Decimal | None] = field(default_factory=list)  # exact; None: n/a


_DERIVED: weakref.WeakKeyDictionary[EntryTable, _Derived] = weakref.WeakKeyDictionary()


def _derived(table: EntryTable) -> _Derived:
    got = _DERIVED.get(table)
    if got is None:
        got = _DERIVED[table] = _Derived()
    return got


def value_points(scheme: Scheme, table: EntryTable) -> list[Decimal | None]:
    """Points of every value id of ``table`` (None: n/a), each worked out once."""
    pts = _derived(table).points
    if len(pts) < len(table.values):
        plan = plan_for(scheme).points
        with localcontext(EXACT):
            for vid in range(len(pts), len(table.values)):
                value = table.values[vid][1]
                pts.append(None if value is NA else plan_points(plan[table.owner[vid]], value))
    return pts


class IndicatorScores(Mapping[str, IndicatorScore]):
    """Every indicator's points in one review, each made when first read: the engine
    needs only dimension sums, explain and reports read single indicators."""

    __slots__ = ("_entries", "_made", "_plans", "_scheme", "_surveys")

    def __init__(self, scheme: Scheme, entries: Mapping[str, Entry], surveys: dict[str, Fraction]):
        self._scheme = scheme
        self._plans = plan_for(scheme).points
        self._entries = entries
        self._surveys = surveys
        self._made: dict[str, IndicatorScore] | None = None  # made when first read

    def __getitem__(self, ind_id: str) -> IndicatorScore:
        made = self._made
        if made is None:
            made = self._made = {}
        got = made.get(ind_id)
        if got is not None:
            return got
        p = self._plans[ind_id]  # KeyError for an unknown id, as a dict would
        if p.kind == "survey":
            got = IndicatorScore(ind_id, self._surveys.get(ind_id, ZERO))
        else:
            entry = self._entries.get(ind_id)
            if entry is None or entry.value is NA:
                got = IndicatorScore(ind_id, ZERO, na=True, entry=entry)
            else:
                with localcontext(EXACT):
                    got = IndicatorScore(ind_id, plan_points(p, entry.value), entry=entry)
        made[ind_id] = got
        return got

    @property
    def appealed(self) -> bool:
        """Whether an appeal changed any of the entries (True for entries as a dict)."""
        entries = self._entries
        return not isinstance(entries, Entries) or entries.appealed

    def all_exact(self) -> list[Decimal | Fraction | None]:
        """Every indicator's exact points in scheme order (None: n/a or no entry),
        without making a score object per indicator where the entries are compact and
        unappealed: what statistics over every review read."""
        entries = self._entries
        if isinstance(entries, Entries) and not entries.appealed:
            pts = value_points(self._scheme, entries.table)
            got: list[Decimal | Fraction | None] = [
                pts[v] if v >= 0 else None for v in entries.vids
            ]
            for k, ind_id in enumerate(self._scheme.indicators):
                if self._plans[ind_id].kind == "survey":
                    got[k] = self._surveys.get(ind_id, ZERO)
            return got
        return [None if (sc := self[i]).na else sc.exact for i in self._scheme.indicators]

    def __iter__(self) -> Iterator[str]:
        return iter(self._scheme.indicators)

    def __len__(self) -> int:
        return len(self._scheme.indicators)


def _rescaled(dim: Dimension, got: Fraction, applicable: Decimal) -> Fraction:
    """A dimension's points over the indicators that apply, rescaled to its full max."""
    if applicable == dim.max:
        return got
    return got * F(dim.max) / F(applicable) if applicable else ZERO


def _weighted(dim: Dimension, raw: Fraction) -> Fraction:
    """What the dimension counts for in the total (its ``weight`` if it has one)."""
    return raw * F(dim.weight) / F(dim.max) if dim.weight is not None else raw


def by_dimension(scheme: Scheme, values: Iterable[Fraction]) -> ByDimension:
    """Points per dimension, given in the scheme's order."""
    return ByDimension(plan_for(scheme).dimension_index, tuple(values))


def review_total(scheme: Scheme, dims: Iterable[Fraction], bonus: Fraction) -> Fraction:
    """A review's total from what its dimensions count and its capped bonus: at most
    ``points_cap`` points from the dimensions (shown uncapped), the bonus outside."""
    cap = scheme.head.points_cap
    if cap is None:
        return fsum([*dims, bonus])
    return min(F(cap), fsum(dims)) + bonus
