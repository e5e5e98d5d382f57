"""The review file format (YAML or JSON; long CSV and xlsx map onto the same)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from star_rating.models.scheme import Points, Strict

EntryValue = Annotated[
    Decimal | int | bool | str | list[str] | None,
    Field(
        description="scale/bands: a number; check: true/false (是/否); checklist: item ids "
        "(a list, or 'a;b'); deduct: a count; `n/a` where the indicator allows it.",
        examples=[4.5, True, ["a", "b"], "n/a"],
    ),
]


class BonusEntry(Strict):
    points: Points = Field(description="Extra points (capped by the scheme's bonus cap).")
    reason: str = Field(description="What earned them, e.g. 市级表彰.")


class ReviewFile(Strict):
    """One stage's review of one community."""

    community: str = Field(description="Community id from the register.", examples=["C001"])
    stage: str = Field(description="Stage id from the scheme.", examples=["district"])
    reviewer: str | None = Field(None, description="Who reviewed.")
    date: str | None = Field(None, description="Date of the review, YYYY-MM-DD.")
    entries: dict[str, EntryValue] = Field(
        description="Indicator id -> entry, for every indicator except survey ones."
    )
    bonus: list[BonusEntry] = Field(default_factory=list, description="Extra points.")
    vetoes: list[str] = Field(default_factory=list, description="Veto ids recorded.")
    evidence: dict[str, str | list[str]] = Field(
        default_factory=dict,
        description="Indicator id -> evidence file(s), relative to the round folder.",
    )
    notes: str | None = Field(None, description="Reviewer's notes (not published).")
