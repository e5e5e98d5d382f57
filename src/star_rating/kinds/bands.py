"""``kind: bands`` — a measured value (a rate, a count) scored by the highest band it
reaches."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from star_rating.catalog import Msg, label, msg
from star_rating.kinds.base import MAX_ENTRY, Kind, Report, custom_rule, form_text, na_where, num
from star_rating.models.scheme import BandsIndicator
from star_rating.values import MEASURED, Value, indicator_number, measured_within

if TYPE_CHECKING:
    from star_rating.engine.points import Plan


def band_points(bands: tuple[tuple[Decimal, Decimal], ...], value: Decimal | Fraction) -> Decimal:
    """Points of the highest band whose ``min`` the value reaches; 0 below all."""
    for low, points in bands:  # validated: highest min first
        if value >= low:
            return points
    return Decimal(0)


class Bands(Kind):
    name = "bands"

    def parse(self, ind: BandsIndicator, raw: Any) -> Value:
        if ind.range is not None:
            rate = ind.range[0] >= 0 and ind.range[1] <= 1
        else:
            rate = all(0 <= band.min <= 1 for band in ind.bands)
        v = indicator_number(ind, raw, MEASURED, percent=True, rate=rate)
        if ind.range is not None:
            measured_within(ind, raw, v, ind.range)
        return v

    def points(self, plan: Plan, value: Value) -> Decimal:
        assert isinstance(value, Decimal)
        return band_points(plan.bands, value)

    def expecting(self, ind: BandsIndicator, na: Msg | str) -> Msg:
        lowest = str(ind.bands[-1].min)
        if ind.range is not None:
            low, high = ind.range
            return msg(
                "entry.expected.bands_range", low=str(low), high=str(high), lowest=lowest, na=na
            )
        return msg("entry.expected.bands", lowest=lowest, na=na)

    def form_hint(self, ind: BandsIndicator, lang: str, medium: str) -> str:
        bands = label("out.sep.semicolon", lang).join(
            form_text("enter.band", lang, min=num(b.min), points=num(b.points)) for b in ind.bands
        )
        return form_text("enter.bands", lang, bands=bands, na=na_where(ind, lang))

    def xlsx_rule(self, ind: BandsIndicator, cell: str, lang: str) -> dict[str, Any]:
        if not ind.allow_na:  # any finite number the reader accepts
            return {
                "validate": "decimal",
                "criteria": "between",
                "minimum": -float(MAX_ENTRY),
                "maximum": float(MAX_ENTRY),
            }
        return custom_rule(ind, cell, f"AND(ISNUMBER({cell}),ABS({cell})<={MAX_ENTRY})")

    def check(self, ind: BandsIndicator, problem: Report) -> None:
        check_bands(ind, problem)


def check_bands(ind: Any, problem: Report) -> None:
    """Bands within the indicator's max, highest ``min`` first, one giving full marks."""
    bands = ind.bands
    if not bands:
        return
    for k, band in enumerate(bands):
        if band.points > ind.max:
            said = msg("scheme.band_above_max", indicator=ind.id, points=band.points, max=ind.max)
            problem(("bands", k, "points"), said, "band-max")
        if k and band.min >= bands[k - 1].min:
            said = msg(
                "scheme.bands_order", indicator=ind.id, min=band.min, before=bands[k - 1].min
            )
            problem(("bands", k, "min"), said, "band-order")
    if max(b.points for b in bands) < ind.max:
        said = msg("scheme.bands_no_full_marks", indicator=ind.id, max=ind.max)
        problem(("bands",), said, "unreachable", "warning")


KIND = Bands()
