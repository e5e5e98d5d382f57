"""``kind: prerequisite`` — a yes/no condition that gates levels and scores nothing.

Read, asked for and ruled in a form as ``check`` is; only its points and its form
hint differ."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from star_rating.kinds.base import form_text, na_where
from star_rating.kinds.check import Check
from star_rating.values import Value

if TYPE_CHECKING:
    from star_rating.engine.points import Plan


class Prerequisite(Check):
    name = "prerequisite"
    scores = False

    def points(self, plan: Plan, value: Value) -> Decimal:
        return Decimal(0)

    def form_hint(self, ind: Any, lang: str, medium: str) -> str:
        return form_text("enter.prerequisite", lang, na=na_where(ind, lang))


KIND = Prerequisite()
