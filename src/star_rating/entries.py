"""Turning a raw entry (as written in YAML, CSV or a form) into a checked value.

One function per indicator kind, shared by every reader and by appeals, so a
value means the same whatever file it came from.  Returns the value or a
message saying what is wrong and what was expected.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from star_rating.models.scheme import (
    AnyIndicator,
    BandsIndicator,
    CheckIndicator,
    ChecklistIndicator,
    DeductIndicator,
    PrerequisiteIndicator,
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


# Invisible characters that slip into cells and YAML scalars from copy and paste:
# a byte order mark, zero-width space / non-joiner / joiner and word joiner.  They
# are dropped from the ends of a value and shown as <U+200B> in messages.
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
_ENDS = re.compile(f"^[\\s{INVISIBLE}]+|[\\s{INVISIBLE}]+\\Z")


def strip(text: str) -> str:
    """``text`` without white space or invisible characters at either end."""
    text = text.strip()
    if text and (text[0] in INVISIBLE or text[-1] in INVISIBLE):
        text = _ENDS.sub("", text)
    return text


def visible(text: str) -> str:
    """``text`` with invisible and control characters shown as ``<U+200B>``."""
    if text.isprintable():
        return text
    import unicodedata

    return "".join(
        ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else f"<U+{ord(ch):04X}>"
        for ch in text
    )


def show(raw: Any) -> str:
    """A raw entry as the user wrote it (invisible characters made visible)."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, list | tuple | frozenset | set):
        return "[" + ", ".join(show(x) for x in raw) + "]"
    if isinstance(raw, float) and raw.is_integer() and type(raw) is float:
        return str(int(raw))
    return visible(str(raw))


# --- numbers ------------------------------------------------------------------------
#
# One grammar for every number read from text (CSV, xlsx text cells, quoted YAML):
# full-width digits, point, comma, sign and percent are read as their ASCII forms;
# then the text is one of
#   plain      5  5.5  .5  -1  1e-3      digits with a decimal point, optional sign
#   grouped    1,234  12,345.6           thousands groups of exactly three digits
#   comma      0,45  5,5                 a decimal comma: one comma, NOT followed by
#                                        exactly three digits (1,234 is grouped)
# and ``91%`` (= 0.91) only where a measured value is asked.  Anything else is an
# error that echoes the text as written.

_WIDE = str.maketrans("０１２３４５６７８９．，％＋－−", "0123456789.,%+--")
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_ONE_GROUP = re.compile(r"[+-]?[1-9][0-9]{0,2},[0-9]{3}")
_COMMA = re.compile(r"[+-]?[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})")
_COMMA_THREE = re.compile(r"[+-]?[0-9]+,[0-9]{3}")
_RADIX = re.compile(r"[+-]?0[xXoObB]")
MAX_NUMBER = Decimal("1e12")
MAX_PLACES = 1000  # decimal places; finer than this is not a measurement


def to_number(
    raw: Any, what: str = "a number", *, percent: bool = False, rate: bool = False
) -> Decimal:
    """A finite Decimal from an int, Decimal, float or numeric text.

    Text follows the grammar above; ``percent`` allows ``91%`` (= 0.91), and
    ``rate`` (a 0-1 value is asked) refuses ``1,234``, which could mean 1.234."""
    if isinstance(raw, bool):
        raise EntryError(f"expected {what}, got {show(raw)}")
    if isinstance(raw, int):
        value = Decimal(int(raw))
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise EntryError(f"expected {what}, got {show(raw)} (not a finite number)")
        value = Decimal(repr(float(raw)))
    elif isinstance(raw, Decimal):
        value = Decimal(raw)
    elif isinstance(raw, str):
        value = _from_text(raw, what, percent, rate)
    else:
        raise EntryError(f"expected {what}, got {show(raw)}")
    if not value.is_finite():
        raise EntryError(f"expected {what}, got {_quoted(raw)} (not a finite number)")
    if abs(value) > MAX_NUMBER:
        raise EntryError(f"expected {what}, got {_quoted(raw)} (too large)")
    if value and value.as_tuple().exponent < -MAX_PLACES:  # type: ignore[operator]
        raise EntryError(f"expected {what}, got {_quoted(raw)} (over {MAX_PLACES} decimal places)")
    return value


def _quoted(raw: Any) -> str:
    """Text entries in quotes, as written; numbers as they are."""
    return repr(show(raw)) if isinstance(raw, str) else show(raw)


def _from_text(raw: str, what: str, percent: bool, rate: bool) -> Decimal:
    shown = _quoted(raw)
    text = strip(raw).translate(_WIDE)
    is_percent = text.endswith("%")
    if is_percent:
        text = text[:-1].rstrip()
        if not percent:
            raise EntryError(
                f"expected {what}, got {shown}: % is only for measured values "
                "(a rate such as 91% on a bands indicator); write the number itself"
            )
    if _PLAIN.fullmatch(text):
        value = Decimal(text)
    elif _GROUPED.fullmatch(text):
        if rate and _ONE_GROUP.fullmatch(text):
            raise EntryError(
                f"{shown} is ambiguous: {text.replace(',', '')} with a thousands separator, "
                f"or {text.replace(',', '.')} with a decimal comma; expected {what} "
                "(a rate such as 0.9 or 90%): write it with a decimal point"
            )
        value = Decimal(text.replace(",", ""))
    elif _COMMA.fullmatch(text):
        value = Decimal(text.replace(",", "."))
    elif _COMMA_THREE.fullmatch(text):
        raise EntryError(
            f"{shown} is ambiguous: a comma followed by three digits may be a thousands "
            f"separator or a decimal comma; expected {what}: write it with a decimal point, "
            f"e.g. {text.replace(',', '.')}"
        )
    else:
        hint = ""
        if text.lstrip("+-.").lower() in ("inf", "infinity", "nan"):
            hint = " (not a finite number)"
        elif _RADIX.match(text):
            hint = " (hexadecimal, octal and binary are not read; write a decimal number)"
        elif text.count(",") and text.count("."):
            hint = " (write a decimal point and groups of three digits, e.g. 1,234.5)"
        raise EntryError(f"expected {what}, got {shown}{hint}")
    return value / 100 if is_percent else value


def is_multiple(value: Decimal, step: Decimal) -> bool:
    """Whether ``value`` is a whole multiple of ``step``: exact at any length, on the
    digits themselves (no context precision, no huge powers of ten)."""
    if not value:
        return True
    _, v_digits, v_exp = value.as_tuple()
    _, s_digits, s_exp = step.as_tuple()
    assert isinstance(v_exp, int) and isinstance(s_exp, int)
    v = int("".join(map(str, v_digits)))
    s = int("".join(map(str, s_digits)))
    shift = v_exp - s_exp  # value / step = v / s * 10**shift
    if shift >= 0:  # only the 2s and 5s of 10**shift can matter: at most bit_length of each
        scale: int = 10 ** min(shift, s.bit_length())
        return v * scale % s == 0
    if -shift > len(v_digits):  # step's last digit is below value's whole coefficient
        return False
    below: int = 10**-shift
    return v % (s * below) == 0


def _is_na(raw: Any) -> bool:
    return isinstance(raw, str) and strip(raw).lower() in NA_WORDS


def parse_entry(ind: AnyIndicator, raw: Any) -> Value:
    """The checked value of ``raw`` for indicator ``ind``; raises EntryError."""
    if isinstance(ind, SurveyIndicator):
        raise EntryError(f"{ind.id} is scored from the resident survey; leave it out of reviews")
    if isinstance(raw, str):
        raw = strip(raw)
    if raw is None or (isinstance(raw, str) and not raw):
        raise EntryError(f"{ind.id} has no value; expected {expected(ind)}")
    if _is_na(raw):
        if not ind.allow_na:
            raise EntryError(f"{ind.id} does not allow n/a; expected {expected(ind)}")
        return NA
    if isinstance(ind, ScaleIndicator):
        v = _number(ind, raw, "a number")
        _range(ind, raw, v, ind.max)
        if not is_multiple(v, ind.step):
            raise EntryError(f"{show(raw)} is not a multiple of the step {ind.step} of {ind.id}")
        return v
    if isinstance(ind, CheckIndicator | PrerequisiteIndicator):  # yes/no
        if isinstance(raw, bool):
            return raw
        word = strip(show(raw)).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise EntryError(f"{show(raw)!r} is not yes/no for {ind.id}; expected {expected(ind)}")
    if isinstance(ind, ChecklistIndicator):
        return _checklist(ind, raw)
    if isinstance(ind, DeductIndicator):
        v = _number(ind, raw, "a count of findings")
        if v < 0:
            raise EntryError(f"{show(raw)} is below 0; {ind.id} expects a count of findings")
        if not is_multiple(v, Decimal(1)):
            raise EntryError(f"{show(raw)} is not a whole count of findings for {ind.id}")
        return v
    if isinstance(ind, BandsIndicator):
        if ind.range is not None:
            rate = ind.range[0] >= 0 and ind.range[1] <= 1
        else:
            rate = all(0 <= band.min <= 1 for band in ind.bands)
        v = _number(ind, raw, "a measured value", percent=True, rate=rate)
        if ind.range is not None:
            _measured_range(ind, raw, v, ind.range)
        return v
    raise EntryError(f"unsupported indicator kind for {ind.id}")  # pragma: no cover


def _number(
    ind: AnyIndicator, raw: Any, what: str, percent: bool = False, rate: bool = False
) -> Decimal:
    """``to_number`` with the indicator named in its message."""
    try:
        return to_number(raw, what, percent=percent, rate=rate)
    except EntryError as exc:
        raise EntryError(f"{ind.id}: {exc}") from None


def _range(ind: AnyIndicator, raw: Any, v: Decimal, top: Decimal) -> None:
    shown = show(raw)
    if isinstance(raw, str) and "," in shown:
        shown = f"{shown} (read as {v})"
    if v < 0:
        raise EntryError(f"{shown} is below 0 for {ind.id}")
    if v > top:
        raise EntryError(f"{shown} is above the max {top} of {ind.id}")


def _measured_range(ind: BandsIndicator, raw: Any, v: Decimal, bounds: list[Decimal]) -> None:
    """A measured value inside the indicator's declared ``range``."""
    low, high = bounds
    if low <= v <= high:
        return
    shown = show(raw)
    if isinstance(raw, str) and shown != format(v, "f"):
        shown = f"{shown} (read as {format(v, 'f')})"
    side = "below" if v < low else "above"
    message = f"{ind.id}: {shown} is {side} the range of the measured value, {low} to {high}"
    if low >= 0 and high <= 1 and 1 < v <= 100:
        message += f"; looks like a percentage: write {format(v / 100, 'f')} or {format(v, 'f')}%"
    raise EntryError(message)


NONE_WORDS = {"none", "无", "[]", "—", "-"}
_SEPARATORS = re.compile("[;,；，]")


def _checklist(ind: ChecklistIndicator, raw: Any) -> frozenset[str]:
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
        raise EntryError(f"expected a list of item ids for {ind.id}, got {show(raw)}")
    known = {item.id for item in ind.items}
    seen: set[str] = set()
    for name in names:
        if name not in known:
            import difflib

            near = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise EntryError(
                f"unknown checklist item {visible(name)!r} for {ind.id}{hint}; expected some of "
                f"{', '.join(sorted(known))}"
            )
        if name in seen:
            raise EntryError(f"checklist item {visible(name)!r} listed twice for {ind.id}")
        seen.add(name)
    return frozenset(names)


def expected(ind: AnyIndicator) -> str:
    """What to enter, in words (forms and error messages)."""
    na = " or n/a" if ind.allow_na else ""
    if isinstance(ind, ScaleIndicator):
        return f"a number from 0 to {ind.max} in steps of {ind.step}{na}"
    if isinstance(ind, CheckIndicator | PrerequisiteIndicator):
        return f"yes or no (是/否){na}"
    if isinstance(ind, ChecklistIndicator):
        items = ", ".join(i.id for i in ind.items)
        return f"the items met, from {items} (e.g. a;b; `none` if no item){na}"
    if isinstance(ind, DeductIndicator):
        return f"the number of findings, each -{ind.per}{na}"
    if isinstance(ind, BandsIndicator):
        if ind.range is not None:
            low, high = ind.range
            return f"the measured value, {low} to {high} (bands from {ind.bands[-1].min}){na}"
        return f"the measured value (bands from {ind.bands[-1].min}){na}"
    return "nothing: scored from the resident survey"
