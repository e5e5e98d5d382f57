"""``kind: check`` — yes or no: full marks or nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from star_rating.catalog import Msg, msg
from star_rating.kinds.base import Kind, answers, form_text, na_or, num, or_na
from star_rating.values import FALSE_WORDS, TRUE_WORDS, EntryError, Value, show, strip

if TYPE_CHECKING:
    from star_rating.engine.points import Plan


def yes_no(kind: Kind, ind: Any, raw: Any) -> bool:
    """``raw`` as yes or no (true/false, 是/否, √/×, 1/0 …)."""
    if isinstance(raw, bool):
        return raw
    word = strip(show(raw)).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    expected = kind.expecting(ind, or_na(ind))
    raise EntryError(msg("entry.not_yes_no", value=show(raw), indicator=ind.id, expected=expected))


class Check(Kind):
    name = "check"

    def parse(self, ind: Any, raw: Any) -> Value:
        return yes_no(self, ind, raw)

    def points(self, plan: Plan, value: Value) -> Decimal:
        return plan.max if value is True else Decimal(0)

    def expecting(self, ind: Any, na: Msg | str) -> Msg:
        return msg("entry.expected.check", na=na)

    def form_hint(self, ind: Any, lang: str, medium: str) -> str:
        return form_text("enter.check", lang, max=num(ind.max), na=na_or(ind, lang))

    def xlsx_rule(self, ind: Any, cell: str, lang: str) -> dict[str, Any]:
        return {"validate": "list", "source": answers(ind, lang)}  # a yes/no dropdown


KIND = Check()
