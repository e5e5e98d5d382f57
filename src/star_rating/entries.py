"""Turning a raw entry (as written in YAML, CSV or a form) into a checked value.

One function per indicator kind, shared by every reader and by appeals, so a
value means the same whatever file it came from.  Returns the value or a
message saying what is wrong and what was expected.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from star_rating.models.scheme import (
    AnyIndicator,
    BandsIndicator,
    CheckIndicator,
    ChecklistIndicator,
    DeductIndicator,
    ScaleIndicator,
    SurveyIndicator,
)


class _NA:
    _instance: _NA | None = None

    def __new__(cls) -> _NA:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "n/a"


NA = _NA()
NA_WORDS = {"n/a", "na", "不适用", "无此项"}
TRUE_WORDS = {"true", "yes", "y", "1", "是", "有", "√", "✓"}
FALSE_WORDS = {"false", "no", "n", "0", "否", "无", "×", "✗"}

Value = Decimal | bool | frozenset[str] | _NA


class EntryError(ValueError):
    """The entry cannot be used; the message says why and what was expected."""


def show(raw: Any) -> str:
    """A raw entry as the user wrote it."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, list | tuple | frozenset | set):
        return "[" + ", ".join(str(x) for x in raw) + "]"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def to_number(raw: Any, what: str = "a number") -> Decimal:
    """A finite Decimal from an int, Decimal, float or numeric text (``91%`` = 0.91)."""
    if isinstance(raw, bool):
        raise EntryError(f"expected {what}, got {show(raw)}")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise EntryError(f"expected {what}, got {raw} (not a finite number)")
        return Decimal(repr(raw))
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip().replace(",", "").replace("，", "")
        percent = text.endswith(("%", "％"))
        if percent:
            text = text[:-1].strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise EntryError(f"expected {what}, got {raw!r}") from None
        if percent and value.is_finite():
            value = value / 100
    else:
        raise EntryError(f"expected {what}, got {show(raw)}")
    if not value.is_finite():
        raise EntryError(f"expected {what}, got {show(raw)} (not a finite number)")
    if abs(value) > Decimal("1e12"):
        raise EntryError(f"expected {what}, got {show(raw)} (too large)")
    return value


def _is_na(raw: Any) -> bool:
    return isinstance(raw, str) and raw.strip().lower() in NA_WORDS


def parse_entry(ind: AnyIndicator, raw: Any) -> Value:
    """The checked value of ``raw`` for indicator ``ind``; raises EntryError."""
    if isinstance(ind, SurveyIndicator):
        raise EntryError(f"{ind.id} is scored from the resident survey; leave it out of reviews")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise EntryError(f"{ind.id} has no value; expected {expected(ind)}")
    if _is_na(raw):
        if not ind.allow_na:
            raise EntryError(f"{ind.id} does not allow n/a; expected {expected(ind)}")
        return NA
    if isinstance(ind, ScaleIndicator):
        v = to_number(raw)
        _range(ind, v, ind.max)
        if (v / ind.step) % 1 != 0:
            raise EntryError(f"{show(raw)} is not a multiple of the step {ind.step} of {ind.id}")
        return v
    if isinstance(ind, CheckIndicator):
        if isinstance(raw, bool):
            return raw
        word = show(raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise EntryError(f"{show(raw)!r} is not yes/no for {ind.id}; expected {expected(ind)}")
    if isinstance(ind, ChecklistIndicator):
        return _checklist(ind, raw)
    if isinstance(ind, DeductIndicator):
        v = to_number(raw, "a count of findings")
        if v < 0:
            raise EntryError(f"{show(raw)} is below 0; {ind.id} expects a count of findings")
        if v % 1 != 0:
            raise EntryError(f"{show(raw)} is not a whole count of findings for {ind.id}")
        return v
    if isinstance(ind, BandsIndicator):
        return to_number(raw, "a measured value")
    raise EntryError(f"unsupported indicator kind for {ind.id}")  # pragma: no cover


def _range(ind: AnyIndicator, v: Decimal, top: Decimal) -> None:
    if v < 0:
        raise EntryError(f"{v} is below 0 for {ind.id}")
    if v > top:
        raise EntryError(f"{v} is above the max {top} of {ind.id}")


NONE_WORDS = {"none", "无", "[]", "—", "-"}


def _checklist(ind: ChecklistIndicator, raw: Any) -> frozenset[str]:
    if isinstance(raw, str) and raw.strip().lower() in NONE_WORDS:
        return frozenset()  # written explicitly: no item met (a blank cell is unfilled)
    if isinstance(raw, str):
        parts = [p.strip() for p in raw.replace("；", ";").replace(",", ";").split(";")]
        names = [p for p in parts if p]
    elif isinstance(raw, list):
        names = [show(x).strip() for x in raw]
    elif isinstance(raw, int) and not isinstance(raw, bool):
        names = [str(raw)]
    else:
        raise EntryError(f"expected a list of item ids for {ind.id}, got {show(raw)}")
    known = {item.id for item in ind.items}
    seen: set[str] = set()
    for name in names:
        if name not in known:
            import difflib

            near = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise EntryError(
                f"unknown checklist item {name!r} for {ind.id}{hint}; expected some of "
                f"{', '.join(sorted(known))}"
            )
        if name in seen:
            raise EntryError(f"checklist item {name!r} listed twice for {ind.id}")
        seen.add(name)
    return frozenset(names)


def expected(ind: AnyIndicator) -> str:
    """What to enter, in words (forms and error messages)."""
    na = " or n/a" if ind.allow_na else ""
    if isinstance(ind, ScaleIndicator):
        return f"a number from 0 to {ind.max} in steps of {ind.step}{na}"
    if isinstance(ind, CheckIndicator):
        return f"yes or no (是/否){na}"
    if isinstance(ind, ChecklistIndicator):
        items = ", ".join(i.id for i in ind.items)
        return f"the items met, from {items} (e.g. a;b; `none` if no item){na}"
    if isinstance(ind, DeductIndicator):
        return f"the number of findings, each -{ind.per}{na}"
    if isinstance(ind, BandsIndicator):
        return f"the measured value (bands from {ind.bands[-1].min}){na}"
    return "nothing: scored from the resident survey"
