"""``kind: survey`` — points from the share of residents satisfied (the resident survey
in ``surveys/``), not entered in reviews."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from star_rating.catalog import Msg, msg
from star_rating.kinds.bands import check_bands
from star_rating.kinds.base import Kind, Report, form_text
from star_rating.values import EntryError, Value

if TYPE_CHECKING:
    from star_rating.engine.points import Plan


class Survey(Kind):
    name = "survey"
    entered = False

    def parse(self, ind: Any, raw: Any) -> Value:
        raise EntryError(msg("entry.survey", indicator=ind.id))

    def points(self, plan: Plan, value: Value) -> Decimal:  # pragma: no cover - not entered
        raise TypeError(f"no entry-based points for kind {plan.kind}")

    def expecting(self, ind: Any, na: Msg | str) -> Msg:
        return msg("entry.expected.survey")

    def form_hint(self, ind: Any, lang: str, medium: str) -> str:
        return form_text("enter.survey", lang)

    def xlsx_rule(self, ind: Any, cell: str, lang: str) -> dict[str, Any]:  # pragma: no cover
        raise TypeError("survey indicators have no entry cell")

    def check(self, ind: Any, problem: Report) -> None:
        check_bands(ind, problem)
        if ind.bands and any(b.min > 1 or b.min < 0 for b in ind.bands):
            problem(("bands",), msg("scheme.survey_bands_range", indicator=ind.id), "band-range")


KIND = Survey()
