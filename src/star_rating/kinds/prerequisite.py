"""``kind: prerequisite`` — a yes/no condition that gates levels and scores nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from star_rating.catalog import Msg, msg
from star_rating.kinds.base import Kind, answers, form_text, na_where
from star_rating.kinds.check import yes_no
from star_rating.values import Value

if TYPE_CHECKING:
    from star_rating.engine.points import Plan


class Prerequisite(Kind):
    name = "prerequisite"
    scores = False

    def parse(self, ind: Any, raw: Any) -> Value:
        return yes_no(self, ind, raw)

    def points(self, plan: Plan, value: Value) -> Decimal:
        return Decimal(0)

    def expecting(self, ind: Any, na: Msg | str) -> Msg:
        return msg("entry.expected.check", na=na)

    def form_hint(self, ind: Any, lang: str, medium: str) -> str:
        return form_text("enter.prerequisite", lang, na=na_where(ind, lang))

    def xlsx_rule(self, ind: Any, cell: str, lang: str) -> dict[str, Any]:
        return {"validate": "list", "source": answers(ind, lang)}  # a yes/no dropdown


KIND = Prerequisite()
