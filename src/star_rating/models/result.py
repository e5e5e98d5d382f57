"""Results: what the engine computed for each community, with its reasons."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, ValuesView
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from star_rating.catalog import Msg as Msg
from star_rating.models.round import (
    Appeal,
    BonusItem,
    Community,
    Entry,
    Review,
    Source,
    VetoMark,
)
from star_rating.models.scheme import Level, StarCount
from star_rating.scheme import Scheme
from star_rating.scheme import Words as Words

if TYPE_CHECKING:
    from star_rating.rational import Q


@dataclass(slots=True)
class IndicatorScore:
    indicator: str
    exact: Decimal | Fraction  # entry-based points are decimals, survey points fractions
    na: bool = False
    entry: Entry | None = None  # None for survey indicators

    @property
    def points(self) -> Fraction:
        return self.exact if isinstance(self.exact, Fraction) else Fraction(self.exact)


class ByDimension(Mapping[str, Fraction]):
    """Points per dimension, read-only: in the scheme's order on the scheme's shared
    index of dimension ids, either as a tuple or as one row of a round's columns
    (each number made when read)."""

    __slots__ = ("_index", "_row", "_values")

    def __init__(
        self,
        index: Mapping[str, int],
        values: tuple[Fraction, ...] | None = None,
        row: Q | None = None,
    ):
        self._index = index
        self._values = values
        self._row = row

    def __getitem__(self, dim_id: str) -> Fraction:
        if self._values is not None:
            return self._values[self._index[dim_id]]
        assert self._row is not None
        return self._row.fraction(self._index[dim_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def values(self) -> ValuesView[Fraction]:
        return ValuesView(self)

    def as_tuple(self) -> tuple[Fraction, ...]:
        """The points in the scheme's order of dimensions."""
        if self._values is None:
            assert self._row is not None
            self._values = tuple(self._row.fractions())
        return self._values

    def __repr__(self) -> str:
        return f"ByDimension({dict(self)!r})"


NO_PANELS: Mapping[str, PanelResult] = MappingProxyType({})


@dataclass(slots=True)
class StageScore:
    stage: str
    source: Source | None
    indicators: Mapping[str, IndicatorScore]  # made when read (engine.points.IndicatorScores)
    dimensions_raw: ByDimension  # in the dimension's own points (after n/a rescale)
    dimensions: ByDimension  # what counts in the total (after weight rescale)
    bonus_claimed: Fraction
    bonus: Fraction
    total: Fraction
    bonus_items: Sequence[BonusItem] = ()


@dataclass(slots=True)
class PanelMember:
    """One reviewer of a panel stage: the review's own score and whether it counted."""

    reviewer: str
    score: StageScore
    kept: bool | None  # None: `by: indicator` (each indicator aggregated on its own)
    dropped: str | None = None  # "high" | "low": which end of the ranking dropped it

    @property
    def total(self) -> Fraction:
        return self.score.total


@dataclass(slots=True)
class PanelResult:
    """A panel stage: how its reviewers' reviews became the stage's value."""

    stage: str
    aggregate: str  # mean | median | trimmed
    by: str  # total | indicator
    drop: int  # dropped from each end (trimmed: trim; median: (n-1)//2; mean: 0)
    members: list[PanelMember]  # in reviewer order
    total: Fraction  # the stage's aggregated total


@dataclass(frozen=True, slots=True)
class SurveyFigure:
    indicator: str
    valid: int
    invalid: int
    rate: Fraction
    points: Fraction


@dataclass(frozen=True, slots=True)
class RuleCheck:
    stars: StarCount
    rule: str  # min_total | min_dimension_ratio | min_dimensions | min_dimension_points
    # | require | max_stars_if | veto
    ok: bool
    msg: Msg
    short: Fraction = Fraction(0)  # points missing, where that means something


class Stage(Protocol):
    """One stage's score of a community: a review's (:class:`StageScore`), a panel's
    aggregate, or a view of a round's columns (:class:`StageView`)."""

    @property
    def stage(self) -> str: ...
    @property
    def source(self) -> Source | None: ...
    @property
    def indicators(self) -> Mapping[str, IndicatorScore]: ...
    @property
    def dimensions_raw(self) -> ByDimension: ...
    @property
    def dimensions(self) -> ByDimension: ...
    @property
    def bonus_claimed(self) -> Fraction: ...
    @property
    def bonus(self) -> Fraction: ...
    @property
    def total(self) -> Fraction: ...
    @property
    def bonus_items(self) -> Sequence[BonusItem]: ...


@dataclass(eq=False)
class RoundColumns:
    """What the engine computed for every community of a round, as columns: rows are
    the communities in id order (``ids``), a stage axis in the scheme's order where
    there is one.  Numbers are exact (:class:`~star_rating.rational.Q`); the round's
    own reviews are kept by reference for what reads single entries."""

    scheme: Scheme
    ids: list[str]
    communities: list[Community]
    stage_ids: tuple[str, ...]
    reviews: list[Review | None]  # per community x stage (c * stages + s): its review
    panel_reviews: dict[tuple[int, int], list[Review]]  # (c, s) of a panel stage
    present: Any  # bool (communities, stages)
    dims_raw: Q  # (communities, stages, dimensions): the dimension's own points
    dims: Q  # what counts in the total (after weights); dims_raw itself without
    bonus_claimed: Q  # (communities, stages)
    bonus: Q
    total: Q
    panel_scores: dict[tuple[int, int], StageScore]  # a panel stage's aggregate
    panels: dict[int, dict[str, PanelResult]]  # community -> its panel stages
    pattern: Any  # int (communities): which set of stages is present
    weights: list[dict[str, Fraction]]  # stage weights, per pattern
    combined: Q  # (communities, dimensions), unrounded
    combined_bonus: Q
    total_exact: Q
    total_units: Any  # the rounded total in units of 10**-places
    places: int
    deciding: Any  # int (communities): index of the deciding stage
    vetoed: Any  # bool
    passes: Any  # bool (communities, levels): does every rule of the level hold?
    qualified: Any  # int: level index before quotas (-1: none)
    survey_ids: tuple[str, ...]
    survey_valid: Any  # int (communities, survey indicators)
    survey_invalid: Any
    survey_rate: Q
    survey_points: Q
    flagged: Any  # uint8: the flags a community may carry, a bit each (checked when read)
    gaps: Any  # bool (communities, dimensions): stages apart by more than stage_gap; or None
    prefix: str  # the round folder as shown, with a slash ("" when unknown)
    applications: str | None
    appeals: dict[str, list[Appeal]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.dimension_index: dict[str, int] = {
            d.id: k for k, d in enumerate(self.scheme.dimensions)
        }
        self.stage_index: dict[str, int] = {s: k for k, s in enumerate(self.stage_ids)}

    def weight_grid(self) -> tuple[Q, Any]:
        """Each community's stage weights (communities x stages; 0 where a stage does
        not count) and where a stage is among those weighted (present, and for
        ``combine: final`` the deciding one)."""
        import numpy as np

        from star_rating.rational import Q

        n_c, n_s = len(self.ids), len(self.stage_ids)
        grid = Q.zeros((n_c, n_s))
        weighted = np.zeros((n_c, n_s), dtype=bool)
        for p, ws in enumerate(self.weights):
            rows = np.flatnonzero(self.pattern == p)
            for sid, w in ws.items():
                s = self.stage_index[sid]
                grid[rows, s] = Q.full(len(rows), w)
                weighted[rows, s] = True
        return grid, weighted

    def surveys_of(self, c: int) -> dict[str, Fraction]:
        """Survey points of community ``c``, per survey indicator."""
        return {k: self.survey_points.fraction((c, j)) for j, k in enumerate(self.survey_ids)}

    def stage_reviews(self, c: int, s: int) -> list[Review]:
        """The reviews of community ``c`` at stage ``s``: its review, or its panel's."""
        one = self.reviews[c * len(self.stage_ids) + s]
        return [one] if one is not None else self.panel_reviews.get((c, s), [])


class StageView:
    """One stage of one community, read from a round's columns."""

    __slots__ = ("_c", "_cols", "_s", "stage")

    def __init__(self, cols: RoundColumns, c: int, s: int):
        self._cols, self._c, self._s = cols, c, s
        self.stage = cols.stage_ids[s]

    @property
    def _review(self) -> Review:
        review = self._cols.reviews[self._c * len(self._cols.stage_ids) + self._s]
        assert review is not None
        return review

    @property
    def source(self) -> Source | None:
        return self._review.source

    @property
    def indicators(self) -> Mapping[str, IndicatorScore]:
        from star_rating.engine.points import IndicatorScores

        cols = self._cols
        return IndicatorScores(cols.scheme, self._review.entries, cols.surveys_of(self._c))

    @property
    def dimensions_raw(self) -> ByDimension:
        return ByDimension(self._cols.dimension_index, row=self._cols.dims_raw[self._c, self._s])

    @property
    def dimensions(self) -> ByDimension:
        return ByDimension(self._cols.dimension_index, row=self._cols.dims[self._c, self._s])

    @property
    def bonus_claimed(self) -> Fraction:
        return self._cols.bonus_claimed.fraction((self._c, self._s))

    @property
    def bonus(self) -> Fraction:
        return self._cols.bonus.fraction((self._c, self._s))

    @property
    def total(self) -> Fraction:
        return self._cols.total.fraction((self._c, self._s))

    @property
    def bonus_items(self) -> Sequence[BonusItem]:
        return self._review.bonus


class StageMap(Mapping[str, Stage]):
    """A community's present stages in the scheme's order, each made when read."""

    __slots__ = ("_c", "_cols", "_made")

    def __init__(self, cols: RoundColumns, c: int):
        self._cols, self._c = cols, c
        self._made: dict[str, Stage] = {}

    def __getitem__(self, sid: str) -> Stage:
        got = self._made.get(sid)
        if got is not None:
            return got
        cols = self._cols
        s = cols.stage_index.get(sid)
        if s is None or not cols.present[self._c, s]:
            raise KeyError(sid)
        panel = cols.panel_scores.get((self._c, s))
        got = self._made[sid] = panel if panel is not None else StageView(cols, self._c, s)
        return got

    def __contains__(self, sid: object) -> bool:
        s = self._cols.stage_index.get(sid)  # type: ignore[call-overload]
        return s is not None and bool(self._cols.present[self._c, s])

    def __iter__(self) -> Iterator[str]:
        row = self._cols.present[self._c].tolist()
        return (sid for sid, on in zip(self._cols.stage_ids, row, strict=True) if on)

    def __len__(self) -> int:
        return int(self._cols.present[self._c].sum())


class CommunityResult:
    """One community's result: its numbers read from the round's columns, and what
    ranking, dynamic rules and quotas decided for it.  Reasons and flags are worked
    out from these when read (:func:`~star_rating.engine.score.reasons_of`)."""

    __slots__ = (
        "_cols",
        "_i",
        "below_rounds",
        "dynamic_note",
        "level_index",
        "previous_stars",
        "quota_note",
        "rank",
    )

    def __init__(self, cols: RoundColumns, i: int):
        self._cols, self._i = cols, i
        q = int(cols.qualified[i])
        self.level_index: int | None = None if q < 0 else q  # final level index
        self.rank = 0
        self.quota_note: Msg | None = None
        self.dynamic_note: Msg | None = None
        self.previous_stars: StarCount | None = None
        self.below_rounds = 0

    @property
    def columns(self) -> RoundColumns:
        return self._cols

    @property
    def index(self) -> int:
        """The community's row in the round's columns."""
        return self._i

    @property
    def community(self) -> Community:
        return self._cols.communities[self._i]

    @community.setter
    def community(self, value: Community) -> None:
        """Replace the register's record shown for this community (its id stays)."""
        self._cols.communities[self._i] = value

    @property
    def id(self) -> str:
        return self._cols.ids[self._i]

    @property
    def stages(self) -> Mapping[str, Stage]:
        return StageMap(self._cols, self._i)

    @property
    def weights(self) -> dict[str, Fraction]:
        return self._cols.weights[int(self._cols.pattern[self._i])]

    @property
    def dimensions(self) -> ByDimension:
        """Combined, unrounded."""
        return ByDimension(self._cols.dimension_index, row=self._cols.combined[self._i])

    @property
    def bonus(self) -> Fraction:
        return self._cols.combined_bonus.fraction(self._i)

    @property
    def total_exact(self) -> Fraction:
        return self._cols.total_exact.fraction(self._i)

    @property
    def total(self) -> Decimal:
        """Rounded once, in the scheme's mode."""
        return Decimal(int(self._cols.total_units[self._i])).scaleb(-self._cols.places)

    @property
    def deciding_stage(self) -> str:
        return self._cols.stage_ids[int(self._cols.deciding[self._i])]

    @property
    def vetoes(self) -> Sequence[VetoMark]:
        """Every veto by any reviewer of any present stage, in stage order."""
        cols, c = self._cols, self._i
        if not cols.vetoed[c]:
            return ()
        return [
            v
            for s, on in enumerate(cols.present[c].tolist())
            if on
            for review in cols.stage_reviews(c, s)
            for v in review.vetoes
        ]

    @property
    def passes(self) -> tuple[bool, ...]:
        """Per level (scheme order): do all its rules hold?"""
        return tuple(self._cols.passes[self._i].tolist())

    @property
    def qualified(self) -> int | None:
        """The level index before quotas and dynamic rules."""
        q = int(self._cols.qualified[self._i])
        return None if q < 0 else q

    @property
    def survey(self) -> dict[str, SurveyFigure]:
        cols, c = self._cols, self._i
        return {
            k: SurveyFigure(
                k,
                int(cols.survey_valid[c, j]),
                int(cols.survey_invalid[c, j]),
                cols.survey_rate.fraction((c, j)),
                cols.survey_points.fraction((c, j)),
            )
            for j, k in enumerate(cols.survey_ids)
        }

    @property
    def appeals(self) -> Sequence[Appeal]:
        return self._cols.appeals.get(self.id, ())

    @property
    def panels(self) -> Mapping[str, PanelResult]:
        return self._cols.panels.get(self._i, NO_PANELS)

    @property
    def reasons(self) -> list[Msg]:
        """Why this level and not the next one up, vetoes, quota and dynamic notes."""
        from star_rating.engine.score import reasons_of

        return reasons_of(self)

    @property
    def flags(self) -> list[Msg]:
        """Warnings for the reviewers (self-inflation, stage gaps, small samples, …)."""
        if not self._cols.flagged[self._i]:
            return []
        from star_rating.engine.score import flags_of

        return flags_of(self)

    def __repr__(self) -> str:
        return f"CommunityResult({self.id!r}, total={self.total}, rank={self.rank})"


@dataclass
class RoundResult:
    scheme_id: str
    scheme_version: str
    round_name: str
    title: str
    levels: list[Level]
    results: list[CommunityResult]  # in rank order
    hashes: dict[str, str]
    quota_notes: list[Msg] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # the round's title by language
    columns: RoundColumns | None = None

    def title_in(self, lang: str) -> str:
        """The round's title in ``lang`` where round.yaml gives it, else the one it gives."""
        return self.titles.get(lang) or self.title or self.round_name

    def by_id(self, cid: str) -> CommunityResult | None:
        for r in self.results:
            if r.id == cid:
                return r
        return None

    def stars(self, r: CommunityResult) -> StarCount:
        return 0 if r.level_index is None else self.levels[r.level_index].stars
