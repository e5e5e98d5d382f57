"""Results: what the engine computed for each community, with its reasons."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, ValuesView
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from star_rating.catalog import Msg as Msg
from star_rating.models.round import Appeal, BonusItem, Community, Entry, Source, VetoMark
from star_rating.models.scheme import Level, StarCount
from star_rating.scheme import Words as Words


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
    """Points per dimension, read-only: one tuple in the scheme's order and the
    scheme's shared index of dimension ids (a dict per review and community took
    twice the memory at 100,000 communities)."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: Mapping[str, int], values: tuple[Fraction, ...]):
        self._index = index
        self._values = values

    def __getitem__(self, dim_id: str) -> Fraction:
        return self._values[self._index[dim_id]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._values)

    def values(self) -> ValuesView[Fraction]:
        return ValuesView(self)

    def as_tuple(self) -> tuple[Fraction, ...]:
        """The points in the scheme's order of dimensions."""
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


@dataclass(slots=True)
class CommunityResult:
    community: Community
    stages: dict[str, StageScore]
    weights: dict[str, Fraction]
    dimensions: Mapping[str, Fraction]  # combined, unrounded
    bonus: Fraction
    total_exact: Fraction
    total: Decimal  # rounded once, in the scheme's mode
    deciding_stage: str
    vetoes: Sequence[VetoMark]
    passes: tuple[bool, ...]  # per level (scheme order): do all its rules hold?
    qualified: int | None  # level index before quotas
    level_index: int | None = None  # final level index
    rank: int = 0
    reasons: list[Msg] = field(default_factory=list)
    flags: list[Msg] = field(default_factory=list)
    survey: dict[str, SurveyFigure] = field(default_factory=dict)
    appeals: Sequence[Appeal] = ()
    quota_note: Msg | None = None
    dynamic_note: Msg | None = None
    previous_stars: StarCount | None = None
    below_rounds: int = 0
    panels: Mapping[str, PanelResult] = field(default_factory=lambda: NO_PANELS)  # panel stages

    @property
    def id(self) -> str:
        return self.community.id


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

    def title_in(self, lang: str) -> str:
        """The round's title in ``lang`` where round.yaml gives it, else the one it gives."""
        return self.titles.get(lang) or self.title or self.round_name

    def by_id(self, cid: str) -> CommunityResult | None:
        for r in self.results:
            if r.community.id == cid:
                return r
        return None

    def stars(self, r: CommunityResult) -> StarCount:
        return 0 if r.level_index is None else self.levels[r.level_index].stars
