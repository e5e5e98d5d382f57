"""What every indicator kind provides."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from star_rating.catalog import Msg, render

if TYPE_CHECKING:
    from star_rating.engine.points import Plan
    from star_rating.values import Value


class Kind:
    """An indicator kind: how its entry is read, what the entry scores and what a form
    asks for.  One module per kind defines one instance; :data:`star_rating.kinds.KINDS`
    lists them by name.

    ``entered``: the value is entered in reviews (survey indicators come from the
    resident survey); ``scores``: the entry gives points (a prerequisite only gates
    levels)."""

    name: str = ""
    entered: bool = True
    scores: bool = True

    def parse(self, ind: Any, raw: Any) -> Value:
        """The checked value of ``raw`` (stripped, not empty, not n/a); raises
        :class:`~star_rating.values.EntryError`."""
        raise NotImplementedError

    def points(self, plan: Plan, value: Value) -> Decimal:
        """The points of a checked, non-n/a value (exact decimals)."""
        raise NotImplementedError

    def expecting(self, ind: Any, na: Msg | str) -> Msg:
        """What to enter, as a message; ``na`` is the "or n/a" part where n/a is allowed."""
        raise NotImplementedError

    def form_hint(self, ind: Any, lang: str, medium: str) -> str:
        """What an evaluator enters, in ``lang``, in a form of ``medium`` (xlsx, csv or
        yaml)."""
        raise NotImplementedError

    def xlsx_rule(self, ind: Any, cell: str, lang: str) -> dict[str, Any]:
        """The data validation (XlsxWriter's options) of the entry cell ``cell``."""
        raise NotImplementedError

    def check(self, ind: Any, problem: Report) -> None:
        """What ``validate`` checks of an indicator of this kind beyond its model's
        types: ``problem(path under the indicator, message, rule[, severity])``."""


# problem(path under the indicator, message, rule, severity="error")
Report = Callable[..., None]


# --- what forms share ------------------------------------------------------------

MAX_ENTRY = "1000000000000"  # values.to_number refuses larger numbers
NA_TYPED = ("n/a", "不适用", "na")  # what a custom cell rule lets through as n/a


def form_text(key: str, lang: str, **params: Any) -> str:
    """The form message ``out.form.<key>`` in ``lang``."""
    return render(f"out.form.{key}", lang, params)


def num(x: Any) -> str:
    """A Decimal as people write it: 5, 0.5 (no trailing zeros)."""
    return format(x.normalize(), "f") if hasattr(x, "normalize") else str(x)


def or_na(ind: Any) -> Msg | str:
    """The "or n/a" part of what to enter, where the indicator allows n/a."""
    from star_rating.catalog import msg

    return msg("entry.expected.or_na") if ind.allow_na else ""


def na_where(ind: Any, lang: str, key: str = "na_where") -> str:
    return form_text(key, lang) if ind.allow_na else ""


def na_or(ind: Any, lang: str) -> str:
    return form_text("na_or", lang) if ind.allow_na else ""


def answers(ind: Any, lang: str) -> list[str]:
    """The yes/no dropdown's words (and n/a where allowed)."""
    words = [form_text("yes", lang), form_text("no", lang)]
    if ind is not None and ind.allow_na:
        words.append(form_text("na", lang))
    return words


def custom_rule(ind: Any, cell: str, test: str) -> dict[str, Any]:
    """A cell rule from an Excel test, letting n/a through where it is allowed."""
    if not ind.allow_na:
        return {"validate": "custom", "value": f"={test}"}
    nas = ",".join(f'{cell}="{w}"' for w in NA_TYPED)
    return {"validate": "custom", "value": f"=OR({test},{nas})"}
