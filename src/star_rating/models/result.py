"""Results: what the engine computed for each community, with its reasons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from star_rating.models.round import Appeal, BonusItem, Community, Entry, Source, VetoMark
from star_rating.models.scheme import Level

if TYPE_CHECKING:
    from star_rating.engine.levels import LevelChecks


class Msg:
    """A sentence in both languages, with a code for machines.

    Either both texts are given, or ``make`` writes them when first read: a large
    round has a reason for every community, and most are never shown."""

    __slots__ = ("_en", "_make", "_zh", "code")

    def __init__(
        self,
        code: str,
        zh: str = "",
        en: str = "",
        make: Callable[[], tuple[str, str]] | None = None,
    ):
        self.code = code
        self._zh, self._en, self._make = zh, en, make

    def _texts(self) -> None:
        if self._make is not None:
            self._zh, self._en = self._make()
            self._make = None

    @property
    def zh(self) -> str:
        self._texts()
        return self._zh

    @property
    def en(self) -> str:
        self._texts()
        return self._en

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Msg):
            return NotImplemented
        return (self.code, self.zh, self.en) == (other.code, other.zh, other.en)

    def __hash__(self) -> int:
        return hash((self.code, self.zh, self.en))

    def __repr__(self) -> str:
        return f"Msg({self.code!r}, {self.zh!r}, {self.en!r})"


@dataclass(slots=True)
class IndicatorScore:
    indicator: str
    exact: Decimal | Fraction  # entry-based points are decimals, survey points fractions
    na: bool = False
    entry: Entry | None = None  # None for survey indicators

    @property
    def points(self) -> Fraction:
        return self.exact if isinstance(self.exact, Fraction) else Fraction(self.exact)


@dataclass(slots=True)
class StageScore:
    stage: str
    source: Source | None
    indicators: dict[str, IndicatorScore]
    dimensions_raw: dict[str, Fraction]  # in the dimension's own points (after n/a rescale)
    dimensions: dict[str, Fraction]  # what counts in the total (after weight rescale)
    bonus_claimed: Fraction
    bonus: Fraction
    total: Fraction
    bonus_items: list[BonusItem] = field(default_factory=list)
    # the same figures as integers in units of 1/unit points, when every dimension
    # counts its points as they are (columnar reader): the engine's integer lane
    fixed: tuple[int, ...] | None = None
    unit: int = 1


@dataclass(frozen=True)
class SurveyFigure:
    indicator: str
    valid: int
    invalid: int
    rate: Fraction
    points: Fraction


@dataclass(frozen=True, slots=True)
class RuleCheck:
    stars: int
    rule: str  # min_total | min_dimension_ratio | min_dimensions | require | veto
    ok: bool
    make: Callable[[], Msg]  # the sentence, written only when someone reads it
    short: Fraction = Fraction(0)  # points missing, where that means something

    @property
    def msg(self) -> Msg:
        return self.make()


@dataclass(slots=True)
class CommunityResult:
    community: Community
    stages: dict[str, StageScore]
    weights: dict[str, Fraction]
    dimensions: dict[str, Fraction]  # combined, unrounded
    bonus: Fraction
    total_exact: Fraction
    total: Decimal  # rounded once, in the scheme's mode
    deciding_stage: str
    vetoes: list[VetoMark]
    checks: LevelChecks  # level index -> rule checks
    qualified: int | None  # level index before quotas
    level_index: int | None = None  # final level index
    rank: int = 0
    reasons: list[Msg] = field(default_factory=list)
    flags: list[Msg] = field(default_factory=list)
    survey: dict[str, SurveyFigure] = field(default_factory=dict)
    appeals: list[Appeal] = field(default_factory=list)
    quota_note: Msg | None = None
    dynamic_note: Msg | None = None
    previous_stars: int | None = None
    below_rounds: int = 0

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

    def by_id(self, cid: str) -> CommunityResult | None:
        for r in self.results:
            if r.community.id == cid:
                return r
        return None

    def stars(self, r: CommunityResult) -> int:
        return 0 if r.level_index is None else self.levels[r.level_index].stars
