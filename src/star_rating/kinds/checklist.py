"""``kind: checklist`` — items met, each worth its points, capped at ``max``."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from star_rating.catalog import Msg, msg
from star_rating.kinds.base import Kind, Report, form_text, na_where, num
from star_rating.models.scheme import ChecklistIndicator
from star_rating.values import EntryError, Value, joined, show, strip, visible

if TYPE_CHECKING:
    from star_rating.engine.points import Plan

NONE_WORDS = {"none", "无", "[]", "—", "-"}
_SEPARATORS = re.compile("[;,；，]")


class Checklist(Kind):
    name = "checklist"

    def parse(self, ind: ChecklistIndicator, raw: Any) -> Value:
        return _items(ind, raw)

    def points(self, plan: Plan, value: Value) -> Decimal:
        assert isinstance(value, frozenset)
        got = sum((p for item, p in plan.items if item in value), Decimal(0))
        return min(plan.max, got)

    def expecting(self, ind: ChecklistIndicator, na: Msg | str) -> Msg:
        return msg("entry.expected.checklist", items=joined(i.id for i in ind.items), na=na)

    def form_hint(self, ind: ChecklistIndicator, lang: str, medium: str) -> str:
        if medium == "xlsx":  # one row per item below: only n/a goes in this cell
            return form_text(
                "enter.checklist", lang, max=num(ind.max), na=na_where(ind, lang, "na_here")
            )
        ids = ", ".join(f"{i.id}={num(i.points)}" for i in ind.items)
        example, nothing = ("[a, b]", "[]") if medium == "yaml" else ("a;b", "none")
        return form_text(
            "enter.checklist_ids",
            lang,
            example=example,
            nothing=nothing,
            ids=ids,
            max=num(ind.max),
            na=na_where(ind, lang),
        )

    def xlsx_rule(self, ind: ChecklistIndicator, cell: str, lang: str) -> dict[str, Any]:
        return {"validate": "list", "source": [form_text("na", lang)]}  # n/a only

    def check(self, ind: ChecklistIndicator, problem: Report) -> None:
        ids: set[str] = set()
        for k, item in enumerate(ind.items):
            if item.id in ids:
                said = msg("scheme.duplicate_item", indicator=ind.id, item=item.id)
                problem(("items", k, "id"), said, "duplicate-id")
            ids.add(item.id)
        total = sum((item.points for item in ind.items), Decimal(0))
        if total < ind.max:
            said = msg("scheme.items_short", indicator=ind.id, total=total, max=ind.max)
            problem(("items",), said, "unreachable", "warning")


KIND = Checklist()


def _items(ind: ChecklistIndicator, raw: Any) -> frozenset[str]:
    if isinstance(raw, str) and strip(raw).lower() in NONE_WORDS:
        return frozenset()  # written explicitly: no item met (a blank cell is unfilled)
    if isinstance(raw, str):
        parts = [strip(p) for p in _SEPARATORS.split(raw)]
        names = [p for p in parts if p]
    elif isinstance(raw, list):
        names = [strip(x) if isinstance(x, str) else show(x) for x in raw]
    elif isinstance(raw, int) and not isinstance(raw, bool):
        names = [str(raw)]
    else:
        raise EntryError(msg("entry.checklist.not_list", indicator=ind.id, value=show(raw)))
    known = {item.id for item in ind.items}
    seen: set[str] = set()
    for name in names:
        if name not in known:
            import difflib

            near = difflib.get_close_matches(name, sorted(known), n=1)
            listed = joined(sorted(known))
            if near:
                raise EntryError(
                    msg(
                        "entry.checklist.unknown_near",
                        item=visible(name),
                        indicator=ind.id,
                        near=near[0],
                        known=listed,
                    )
                )
            raise EntryError(
                msg("entry.checklist.unknown", item=visible(name), indicator=ind.id, known=listed)
            )
        if name in seen:
            raise EntryError(msg("entry.checklist.twice", item=visible(name), indicator=ind.id))
        seen.add(name)
    return frozenset(names)
