"""A loaded round: register, reviews, survey tallies and appeals, with sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from star_rating.entries import Value
from star_rating.models.scheme import StarCount
from star_rating.scheme import Scheme


@dataclass(frozen=True, slots=True)
class Source:
    file: str
    line: int | None = None
    column: int | None = None
    cell: str | None = None  # xlsx: sheet!A1

    def place(self) -> tuple[str, int | None, int | None]:
        """(file, line, column) for a problem; an xlsx cell goes into the file part."""
        if self.cell:
            return f"{self.file}!{self.cell}", None, None
        return self.file, self.line, self.column

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}!{self.cell}"
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Community:
    id: str
    name: str
    street: str
    households: int | None = None
    source: Source | None = None
    applied: StarCount | None = None  # stars applied for (申报星级); None: blank or no column

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "street": self.street}


@dataclass(frozen=True)
class Appeal:
    community: str
    stage: str
    indicator: str
    raw: Any
    value: Value
    reason: str
    decided_by: str
    date: str
    source: Source
    before_raw: Any = None
    before_value: Value | None = None


@dataclass(slots=True)
class Entry:
    indicator: str
    raw: Any
    value: Value
    source: Source
    appeal: Appeal | None = None


@dataclass(frozen=True)
class BonusItem:
    points: Decimal
    reason: str
    source: Source


@dataclass(frozen=True)
class VetoMark:
    id: str
    source: Source


@dataclass
class Review:
    community: str
    stage: str
    source: Source
    entries: dict[str, Entry] = field(default_factory=dict)
    reviewer: str | None = None
    date: str | None = None
    bonus: list[BonusItem] = field(default_factory=list)
    vetoes: list[VetoMark] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    notes: str | None = None
    invalid: set[str] = field(default_factory=set)  # entries given but rejected


@dataclass(slots=True)
class StageSums:
    """A review reduced to what scoring needs: per dimension (scheme order) the entry
    points and the max of its n/a indicators, both in units of ``1/unit`` points, the
    values of indicators that a level requires and the bonus claimed.  Exact:
    integers, decimals for the required indicators, a fraction for the bonus.  Every
    review is scored from these (:func:`~star_rating.engine.points.score_sums`)."""

    community: str
    stage: str
    source: Source
    unit: int
    points: tuple[int, ...]
    na: tuple[int, ...]
    required: tuple[Decimal | None, ...]  # of the scheme's entry required_ids; None: n/a
    bonus: Fraction = Fraction(0)  # bonus points claimed (before the scheme's cap)


@dataclass
class SurveyTally:
    """Answers of one community to one survey indicator."""

    indicator: str
    community: str
    valid: int = 0
    invalid: int = 0
    weight_sum: Fraction = Fraction(0)
    answers: dict[str, int] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)

    @property
    def rate(self) -> Fraction | None:
        return self.weight_sum / self.valid if self.valid else None


@dataclass
class Round:
    scheme: Scheme
    communities: dict[str, Community]
    reviews: dict[tuple[str, str], Review]
    surveys: dict[tuple[str, str], SurveyTally] = field(default_factory=dict)
    appeals: list[Appeal] = field(default_factory=list)
    title: str = ""
    year: int | None = None
    root: Path | None = None
    hashes: dict[str, str] = field(default_factory=dict)
    notice: dict[str, str] = field(default_factory=dict)
    name: str = ""
    titles: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)  # every input file read
    # reviews read by the columnar reader (bulk long CSV): sums, not entries
    sums: dict[tuple[str, str], StageSums] = field(default_factory=dict)
    # round.yaml `applications`: up_to | exact; None: `applied` is shown, never limits
    applications: str | None = None
    has_applied: bool = False  # the register has an `applied` column
    # reviews of panel stages, several per community and stage, in reviewer order
    panels: dict[tuple[str, str], list[Review]] = field(default_factory=dict)

    def title_in(self, lang: str) -> str:
        return self.titles.get(lang) or self.title or self.name
