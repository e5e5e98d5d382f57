"""The scheme format: ``scheme.yaml`` and one file per dimension.

These models are the single source of the JSON Schemas (``star-rate schema``)
and of the criteria reference; every field carries a description.  Numbers
that score are :class:`~decimal.Decimal`; the loader never produces floats.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from star_rating.catalog import msg, verbatim
from star_rating.models.msgerror import MsgError

Id = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        max_length=64,
        description="Identifier: letters, digits, '-', '_' or '.', unique in the scheme.",
        examples=["party-building", "pb-1"],
    ),
]
Points = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
PositivePoints = Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]


def read_percent(value: Any) -> Any:
    """``85%`` (also ``85 %``, full-width ``８５％``) is the share 0.85, as in reviews."""
    if isinstance(value, str):
        text = value.strip().translate(_WIDE_PERCENT)
        if text.endswith("%") and _PERCENT.fullmatch(text[:-1].rstrip()):
            return Decimal(text[:-1].rstrip()) / 100
    return value


_WIDE_PERCENT = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_PERCENT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
Ratio = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False), BeforeValidator(read_percent)]
#: a survey rate (``60%``) or points: a cap's ``below``
Below = Annotated[Decimal, Field(ge=0, allow_inf_nan=False), BeforeValidator(read_percent)]
Method = Literal["report", "materials", "site", "survey"]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, populate_by_name=True
    )


class LocalText(Strict):
    """A text in Chinese and English; either may be left out."""

    zh: str | None = Field(None, description="Chinese text.")
    en: str | None = Field(None, description="English text.")

    @model_validator(mode="after")
    def _one(self) -> LocalText:
        if not (self.zh or self.en):
            raise MsgError(msg("scheme.text_needs_a_language"))
        return self


Text = Annotated[
    str | LocalText,
    Field(
        description="A plain string, or {zh: …, en: …} for both languages.",
        # an example for editors (JSON Schema), not a message
        examples=[dict(zh="社区党组织建设", en="Party organisation building")],
    ),
]


def tr(text: str | LocalText | None, lang: str = "zh") -> str:
    """The text in ``lang``, falling back to the other language."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    first, second = (text.zh, text.en) if lang == "zh" else (text.en, text.zh)
    return first or second or ""


# --- indicators -------------------------------------------------------------


class _Indicator(Strict):
    id: Id
    text: Text = Field(description="The standard as the assessor reads it.")
    max: PositivePoints = Field(description="Full marks of this indicator.")
    allow_na: bool = Field(
        False,
        description="The entry may be `n/a`: the dimension is then scored on the indicators "
        "that apply and rescaled to its full max.",
    )
    methods: list[Method] = Field(
        default_factory=list,
        description="How the item is verified: report (听取汇报), materials (查看资料), "
        "site (实地考察), survey (问卷调查).",
    )


class ScaleIndicator(_Indicator):
    """Entry: a number from 0 to max in multiples of ``step``."""

    kind: Literal["scale"]
    step: PositivePoints = Field(Decimal("0.5"), description="Allowed increment of the entry.")


class CheckIndicator(_Indicator):
    """Entry: true/false (also 是/否, yes/no, 1/0); full marks or nothing."""

    kind: Literal["check"]


class PrerequisiteIndicator(_Indicator):
    """Entry: yes/no like check; scores no points.  Not met in the deciding stage, it
    makes the levels it gates unreachable (n/a, where allowed, gates nothing)."""

    kind: Literal["prerequisite"]
    max: Points = Field(
        Decimal(0), description="A prerequisite scores no points: leave `max` out (or 0)."
    )
    levels: list[Stars] | None = Field(
        None,
        min_length=1,
        description="The stars of the levels it gates, e.g. [4, 5] (default: every level "
        "above 0 stars).",
        examples=[[4, 5]],
    )

    @field_validator("max")
    @classmethod
    def _no_points(cls, value: Decimal) -> Decimal:
        if value > 0:
            raise MsgError(msg("scheme.prerequisite_max"))
        return value


class ChecklistItem(Strict):
    id: Id
    points: PositivePoints = Field(description="Points this item is worth.")
    text: Text | None = Field(None, description="What the item asks for.")


class ChecklistIndicator(_Indicator):
    """Entry: the ids of the items met; points = min(max, sum of their points)."""

    kind: Literal["checklist"]
    items: list[ChecklistItem] = Field(min_length=1, description="The items that can be met.")


class DeductIndicator(_Indicator):
    """Entry: a count of findings; points = max(0, max - per x count)."""

    kind: Literal["deduct"]
    per: PositivePoints = Field(description="Points deducted per finding.")


class Band(Strict):
    min: Annotated[Decimal, Field(allow_inf_nan=False)] = Field(
        description="Lowest measured value (or survey rate) that earns this band."
    )
    points: Points = Field(description="Points for reaching this band.")


class BandsIndicator(_Indicator):
    """Entry: a measured value; points of the highest band reached (0 below all)."""

    kind: Literal["bands"]
    bands: list[Band] = Field(min_length=1, description="Bands, highest `min` first.")
    range: list[Annotated[Decimal, Field(allow_inf_nan=False)]] | None = Field(
        None,
        description="Optional [min, max] a measured value must lie in (both included), "
        "e.g. [0, 1] for a rate: a value outside is an error for that entry.",
        examples=[[0, 1]],
        json_schema_extra={"minItems": 2, "maxItems": 2},
    )

    @model_validator(mode="after")
    def _range(self) -> BandsIndicator:
        if self.range is not None:
            if len(self.range) != 2:
                raise MsgError(msg("scheme.range_two_numbers", id=self.id, count=len(self.range)))
            low, high = self.range
            if not low < high:
                raise MsgError(msg("scheme.range_order", id=self.id, low=low, high=high))
            for band in self.bands:
                if band.min > high:
                    raise MsgError(
                        msg("scheme.band_above_range", id=self.id, min=band.min, high=high)
                    )
        return self


class SurveyIndicator(_Indicator):
    """Scored from the round's resident survey, not from reviews."""

    kind: Literal["survey"]
    min_responses: int = Field(
        30, ge=1, description="Fewer valid answers than this is an error for the community."
    )
    answers: dict[str, Ratio] | None = Field(
        None,
        description="Answer label -> weight. Default: 满意 1, 基本满意 1, 不太满意 0, 不满意 0 "
        "(English: satisfied, basically satisfied, somewhat dissatisfied, dissatisfied).",
    )
    bands: list[Band] | None = Field(
        None, description="Points by satisfaction rate; default points = max x rate."
    )
    question: str | None = Field(
        None, description="Count only survey rows whose `question` column equals this."
    )


Indicator = Annotated[
    ScaleIndicator
    | CheckIndicator
    | ChecklistIndicator
    | DeductIndicator
    | BandsIndicator
    | SurveyIndicator
    | PrerequisiteIndicator,
    Field(discriminator="kind"),
]
INDICATOR_KINDS = ("scale", "check", "checklist", "deduct", "bands", "survey", "prerequisite")
AnyIndicator = (
    ScaleIndicator
    | CheckIndicator
    | ChecklistIndicator
    | DeductIndicator
    | BandsIndicator
    | SurveyIndicator
    | PrerequisiteIndicator
)


class Dimension(Strict):
    """One dimension file: a scored area and its indicators."""

    id: Id
    name: Text = Field(description="Name of the dimension.")
    max: PositivePoints = Field(description="Full marks; must equal the sum of indicator maxima.")
    weight: PositivePoints | None = Field(
        None,
        description="Optional: points are rescaled so that full marks equal this weight "
        "(BREEAM-style section weights); `scale` then sums the weights.",
    )
    indicators: list[Indicator] = Field(min_length=1, description="The scored items.")
    alternatives: list[Annotated[list[Id], Field(min_length=2)]] = Field(
        default_factory=list,
        description="Groups of indicators of which each review counts only the best-scoring "
        "member, e.g. [[lt-1, lt-2]]; `max` counts each group once, at its largest member's "
        "max.",
        examples=[[["lt-1", "lt-2"]]],
    )

    @property
    def full(self) -> Decimal:
        """What full marks count for in the total."""
        return self.weight if self.weight is not None else self.max


# --- scheme.yaml -------------------------------------------------------------


class Panel(Strict):
    """A panel (评审组): several reviewers per community, aggregated into the stage's value.

    Every review of the stage names its reviewer; the aggregate is exact."""

    aggregate: Literal["mean", "median", "trimmed"] = Field(
        "mean",
        description="mean of all reviewers; median (the middle one, or the mean of the two "
        "middle ones); trimmed (drop `trim` highest and `trim` lowest, average the rest).",
    )
    trim: int | None = Field(
        None,
        ge=1,
        description="aggregate: trimmed: how many highest and how many lowest are dropped.",
    )
    min_reviewers: int = Field(
        1, ge=1, description="Fewest reviews of a community at this stage (default 1)."
    )
    by: Literal["total", "indicator"] = Field(
        "total",
        description="total: rank the reviewers by review total and average the kept reviews; "
        "indicator: aggregate each indicator's points (and the bonus) on its own, then sum.",
    )

    @model_validator(mode="after")
    def _trim(self) -> Panel:
        if self.aggregate == "trimmed" and self.trim is None:
            raise MsgError(msg("scheme.trim_needed"))
        if self.aggregate != "trimmed" and self.trim is not None:
            raise MsgError(msg("scheme.trim_unused", aggregate=self.aggregate))
        return self


class Stage(Strict):
    id: Id
    label: Text | None = Field(None, description="Name of the review stage.")
    weight: Ratio | None = Field(
        None, description="Share of this stage in the combined score (combine: weighted)."
    )
    panel: Panel | None = Field(
        None,
        description="Reviewed by a panel: several reviews per community, each naming its "
        "reviewer, aggregated into the stage's value (without: one review).",
        examples=[{"aggregate": "trimmed", "trim": 1, "min_reviewers": 5, "by": "total"}],
    )


class Rounding(Strict):
    places: int = Field(1, ge=0, le=6, description="Decimal places of the combined total.")
    mode: Literal["half-up", "half-even", "half-down", "up", "down"] = Field(
        "half-up", description="half-up: 84.5 -> 85 and 89.95 -> 90.0."
    )


class Bonus(Strict):
    cap: Points = Field(description="Most extra points one review can add.")


class RequireMin(Strict):
    indicator: Id = Field(description="Indicator id.")
    min: Points = Field(description="Points it needs at least, in the deciding stage.")


Require = Annotated[
    Id | RequireMin,
    Field(description="An indicator that must be at full marks, or {indicator, min}."),
]


def _stars(value: Any) -> int | Decimal:
    """Whole or half stars from 0 to 9; a whole number is an ``int`` (4, never 4.0)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float | str):
        raise MsgError(msg("scheme.stars_expected"))
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    except ArithmeticError:
        raise MsgError(msg("scheme.stars_not_a_number", value=str(value))) from None
    shown = str(value)
    if not number.is_finite() or not 0 <= number <= 9:
        raise MsgError(msg("scheme.stars_out_of_range", stars=shown))
    if (number * 2) % 1:
        raise MsgError(msg("scheme.stars_not_half", stars=shown))
    if number % 1 == 0:
        return int(number)
    return Decimal(Decimal.__str__(number)).normalize()


#: Stars of a level: whole stars as ``int``, half stars as ``Decimal`` (4.5); both
#: compare and hash with ints, so ``4 == Decimal(4)`` and quota keys match.
StarCount = int | Decimal
Stars = Annotated[
    int | Decimal,
    BeforeValidator(_stars),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 9, "multipleOf": 0.5}),
]


class Level(Strict):
    stars: Stars = Field(
        description="Stars of this level: a multiple of 0.5 from 0 to 9 (4.5 for four and a "
        "half stars; 0 for a named level below the stars)."
    )
    min_total: Points = Field(
        Decimal(0), description="Lowest rounded combined total (default 0: no minimum)."
    )
    min_dimension_ratio: Ratio | None = Field(
        None, description="Every dimension needs at least this share of its maximum."
    )
    min_dimensions: dict[str, Ratio] = Field(
        default_factory=dict,
        description="Dimension id -> lowest share of its maximum (0.85 or 85%); a floor in "
        "points goes in `min_dimension_points`.",
    )
    min_dimension_points: dict[str, Points] = Field(
        default_factory=dict,
        description="Dimension id -> lowest points of the unrounded combined dimension, "
        "compared as points (e.g. {facilities: 320}).",
    )
    require: list[Require] = Field(
        default_factory=list, description="Indicators that must be met in the deciding stage."
    )
    label: Text | None = Field(None, description="Name of the level, e.g. 五星级.")


class StarsCap(Strict):
    """A cap that holds whatever the total: an indicator below a threshold limits the stars."""

    indicator: Id = Field(description="Indicator id.")
    below: Below = Field(
        description="For a survey indicator its satisfaction rate (0.6 or 60%); otherwise "
        "the indicator's points in the deciding stage. Strictly below this, the cap holds."
    )
    max_stars: Stars = Field(description="The most stars a result may then have.")


def quota_key(value: Any) -> str:
    """A quota's key as one text: stars ``5`` (or ``"5"``), half stars ``"4.5"``, and
    ``"4+"`` / ``"4.5+"`` for a cumulative quota (that level and every level above)."""
    plus, number = "", value
    if isinstance(value, str):
        number = value.strip()
        if number.endswith(("+", "＋")):
            plus, number = "+", number[:-1].rstrip()
    try:
        stars = _stars(number)
    except ValueError as exc:
        reason = exc.said if isinstance(exc, MsgError) else verbatim(str(exc))
        raise MsgError(msg("scheme.quota_key", quota=repr(value), reason=reason)) from None
    return f"{stars}{plus}"


def _quota_keys(value: Any) -> Any:
    """Quota keys normalised; two spellings of one key (5 and "5") are an error."""
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for raw, quota in value.items():
        key = quota_key(raw)
        if key in out:
            raise MsgError(msg("scheme.quota_twice", stars=key))
        out[key] = quota
    return out


QuotaKey = Annotated[str, BeforeValidator(quota_key)]


class Quota(Strict):
    max_share: Ratio | None = Field(
        None, description="At most this share of all communities (rounded down)."
    )
    max_count: int | None = Field(None, ge=0, description="At most this many communities.")
    ties: Literal["share", "break", "demote"] = Field(
        "share",
        description="Communities tied on the rounded total at the quota's boundary: share "
        "(they keep the level together, so more may hold it), break (exactly the quota: "
        "the deciding stage's exact total, then the dimensions in scheme order, then id "
        "decide) or demote (every tied community moves down).",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Quota:
        if (self.max_share is None) == (self.max_count is None):
            raise MsgError(msg("scheme.quota_one_of"))
        return self


class Veto(Strict):
    id: Id
    label: Text = Field(description="What happened, e.g. 发生重大安全责任事故.")


class Dynamic(Strict):
    """Year-to-year rules, applied by `score --previous RESULT.json`."""

    max_rise: int | None = Field(
        None, ge=1, description="Stars rise at most this many levels from the previous round."
    )
    demote_after: int | None = Field(
        None,
        ge=1,
        description="A community below the level it holds keeps it until it has been below "
        "in this many consecutive rounds; then it drops to the level it reaches.",
    )
    max_drop: int | None = Field(
        None, ge=1, description="Stars fall at most this many levels in one round (step by step)."
    )
    levels: list[Stars] | None = Field(
        None,
        min_length=1,
        description="Apply the rules only to communities at these stars last round, e.g. [5] "
        "(default: every community of the previous round).",
    )


class Flags(Strict):
    self_inflation: Points | None = Field(
        None, description="Flag when the first stage total exceeds the last by more than this."
    )
    stage_gap: Ratio | None = Field(
        None,
        description="Flag when two stages differ on a dimension by more than this share "
        "of its max.",
    )
    survey_sample: int | None = Field(
        None, ge=1, description="Flag a survey indicator with fewer valid answers than this."
    )
    panel_spread: Points | None = Field(
        None,
        description="Flag a panel reviewer whose review total is more than this many points "
        "from the stage's aggregated total.",
    )


class SchemeFile(Strict):
    """``scheme.yaml``: stages, combination, rounding, levels, quotas and vetoes."""

    id: Id
    version: str = Field(description='Version of the criteria, e.g. "2022.1".')
    title: Text = Field(description="Title of the assessment.")
    unit: Text | None = Field(
        None,
        description="What is rated, as outputs name it: {zh: 社区, en: community} (the "
        "default), {zh: 建筑, en: building}, {zh: 酒店, en: hotel}. English plurals are "
        "formed by the usual rules (community → communities).",
        examples=[dict(zh="建筑", en="building")],  # for editors (JSON Schema)
    )
    group: Text | None = Field(
        None,
        description="What the rated units are grouped by (the register's `street` column), "
        "as outputs name it: {zh: 街道, en: street} (the default), {zh: 城市, en: city}.",
        examples=[dict(zh="城市", en="city")],  # for editors (JSON Schema)
    )
    scale: PositivePoints = Field(
        description="Full marks of the whole scheme: the sum of dimension maxima (or weights)."
    )
    points_cap: PositivePoints | None = Field(
        None,
        description="Most points a review counts from its dimensions (WELL: 100 of twelve "
        "concepts worth 12 each); the bonus stays outside. `scale` then equals it and the "
        "dimension maxima (or weights) add up to at least it.",
    )
    dimensions: str | list[str] = Field(
        "dimensions/",
        description="Folder of dimension files (each *.yaml, in name order) or a list of files.",
    )
    stages: list[Stage] = Field(min_length=1, description="Review stages in review order.")
    combine: Literal["weighted", "final"] = Field(
        "weighted",
        description="weighted: sum of weight x stage value; final: the last stage present decides.",
    )
    missing_stage: Literal["error", "renormalize"] = Field(
        "error",
        description="error: every stage is required; renormalize: weights of present stages "
        "are rescaled to 1.",
    )
    rounding: Rounding = Field(Rounding(), description="Rounding of the total.")
    bonus: Bonus | None = Field(None, description="Extra points from reviews, capped.")
    levels: list[Level] = Field(min_length=1, description="Levels, highest first.")
    max_stars_if: list[StarsCap] = Field(
        default_factory=list,
        description="Caps that hold whatever the total, e.g. {indicator: sat-1, below: 0.6, "
        "max_stars: 2}: satisfaction below 60% gives at most two stars.",
    )
    quotas: Annotated[dict[QuotaKey, Quota], BeforeValidator(_quota_keys)] = Field(
        default_factory=dict,
        description='Stars -> the most communities that may hold them: 5 (or "4.5") for '
        'that level, "4+" for four stars and above together. Applied from the top level '
        "down.",
        json_schema_extra={"propertyNames": {"pattern": "^ *[0-9](\\.[0-9]+)? *[+＋]? *$"}},
    )
    vetoes: list[Veto] = Field(
        default_factory=list, description="Events that withhold any level when recorded."
    )
    flags: Flags = Field(Flags(), description="Warnings added to results.")
    dynamic: Dynamic | None = Field(
        None, description="Dynamic management rules across rounds (optional)."
    )
    description: Text | None = Field(None, description="Free text about the scheme.")


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
