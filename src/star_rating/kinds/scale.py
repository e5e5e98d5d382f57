"""``kind: scale`` — points given directly, from 0 to ``max`` in ``step``s."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from star_rating.catalog import Msg, msg
from star_rating.kinds.base import Kind, Report, custom_rule, form_text, na_or, num
from star_rating.models.scheme import ScaleIndicator
from star_rating.values import (
    A_NUMBER,
    EntryError,
    Value,
    indicator_number,
    is_multiple,
    show,
    within,
)

if TYPE_CHECKING:
    from star_rating.engine.points import Plan


class Scale(Kind):
    name = "scale"

    def parse(self, ind: ScaleIndicator, raw: Any) -> Value:
        v = indicator_number(ind, raw, A_NUMBER)
        within(ind, raw, v, ind.max)
        if not is_multiple(v, ind.step):
            raise EntryError(msg("entry.step", value=show(raw), step=ind.step, indicator=ind.id))
        return v

    def points(self, plan: Plan, value: Value) -> Decimal:
        assert isinstance(value, Decimal)
        return value

    def expecting(self, ind: ScaleIndicator, na: Msg | str) -> Msg:
        return msg("entry.expected.scale", max=str(ind.max), step=str(ind.step), na=na)

    def form_hint(self, ind: ScaleIndicator, lang: str, medium: str) -> str:
        return form_text(
            "enter.scale", lang, max=num(ind.max), step=num(ind.step), na=na_or(ind, lang)
        )

    def xlsx_rule(self, ind: ScaleIndicator, cell: str, lang: str) -> dict[str, Any]:
        test = (
            f"AND(ISNUMBER({cell}),{cell}>=0,{cell}<={num(ind.max)},"
            f"MOD(ROUND({cell}/{num(ind.step)},9),1)=0)"
        )
        return custom_rule(ind, cell, test)

    def check(self, ind: ScaleIndicator, problem: Report) -> None:
        if not is_multiple(ind.max, ind.step):  # exact, whatever their size
            said = msg("scheme.step_not_dividing", indicator=ind.id, max=ind.max, step=ind.step)
            problem(("step",), said, "unreachable", "warning")


KIND = Scale()
