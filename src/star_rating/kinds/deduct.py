"""``kind: deduct`` — full marks less ``per`` for each finding, not below 0."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from star_rating.catalog import Msg, msg
from star_rating.kinds.base import Kind, custom_rule, form_text, na_or, num
from star_rating.models.scheme import DeductIndicator
from star_rating.values import FINDINGS, EntryError, Value, indicator_number, is_multiple, show

if TYPE_CHECKING:
    from star_rating.engine.points import Plan


class Deduct(Kind):
    name = "deduct"

    def parse(self, ind: DeductIndicator, raw: Any) -> Value:
        v = indicator_number(ind, raw, FINDINGS)
        if v < 0:
            raise EntryError(msg("entry.findings.below_zero", value=show(raw), indicator=ind.id))
        if not is_multiple(v, Decimal(1)):
            raise EntryError(msg("entry.findings.not_whole", value=show(raw), indicator=ind.id))
        return v

    def points(self, plan: Plan, value: Value) -> Decimal:
        assert isinstance(value, Decimal)
        return max(Decimal(0), plan.max - plan.per * value)

    def expecting(self, ind: DeductIndicator, na: Msg | str) -> Msg:
        return msg("entry.expected.deduct", per=str(ind.per), na=na)

    def form_hint(self, ind: DeductIndicator, lang: str, medium: str) -> str:
        return form_text("enter.deduct", lang, per=num(ind.per), na=na_or(ind, lang))

    def xlsx_rule(self, ind: DeductIndicator, cell: str, lang: str) -> dict[str, Any]:
        if not ind.allow_na:
            return {"validate": "integer", "criteria": ">=", "value": 0}
        return custom_rule(ind, cell, f"AND(ISNUMBER({cell}),{cell}>=0,{cell}=INT({cell}))")


KIND = Deduct()
