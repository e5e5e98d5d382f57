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

from star_rating.catalog import Msg, msg, verbatim
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
from star_rating.scheme import Words


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
    """The entry cannot be used; the message says why and what was expected.

    ``said`` is the message as catalog data; ``str()`` is its English."""

    def __init__(self, said: Msg):
        self.said = said
        super().__init__(said.text("en"))

    def __reduce__(self) -> tuple[type[EntryError], tuple[Msg]]:
        return (EntryError, (self.said,))  # whole across processes (a pool's workers)

    def text(self, lang: str = "en") -> str:
        return self.said.text(lang)


def joined(names: Any) -> Words:
    """Ids or names listed in a sentence: ``a、b`` in Chinese, ``a, b`` in English."""
    names = [str(n) for n in names]
    return Words("、".join(names), ", ".join(names))


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

#: what a number is asked for, in words (``to_number``'s ``what``)
A_NUMBER = msg("entry.what.number")
BONUS_POINTS = msg("entry.what.bonus")
FINDINGS = msg("entry.what.findings")
MEASURED = msg("entry.what.measured")
_WHATS = {
    "a number": A_NUMBER,
    "bonus points": BONUS_POINTS,
    "a count of findings": FINDINGS,
    "a measured value": MEASURED,
}


def _what(what: Msg | str) -> Msg:
    """``what`` as a message: the English names above are read as their messages."""
    if isinstance(what, Msg):
        return what
    return _WHATS.get(what) or verbatim(what)


def to_number(
    raw: Any, what: Msg | str = A_NUMBER, *, percent: bool = False, rate: bool = False
) -> Decimal:
    """A finite Decimal from an int, Decimal, float or numeric text.

    Text follows the grammar above; ``percent`` allows ``91%`` (= 0.91), and
    ``rate`` (a 0-1 value is asked) refuses ``1,234``, which could mean 1.234.
    ``what`` names what is asked for (:data:`BONUS_POINTS` …) in the message."""
    asked = _what(what)
    if isinstance(raw, bool):
        raise EntryError(msg("entry.number.bad", what=asked, got=show(raw)))
    if isinstance(raw, int):
        value = Decimal(int(raw))
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise EntryError(msg("entry.number.not_finite", what=asked, got=show(raw)))
        value = Decimal(repr(float(raw)))
    elif isinstance(raw, Decimal):
        value = Decimal(raw)
    elif isinstance(raw, str):
        value = _from_text(raw, asked, percent, rate)
    else:
        raise EntryError(msg("entry.number.bad", what=asked, got=show(raw)))
    if not value.is_finite():
        raise EntryError(msg("entry.number.not_finite", what=asked, got=_quoted(raw)))
    if abs(value) > MAX_NUMBER:
        raise EntryError(msg("entry.number.too_large", what=asked, got=_quoted(raw)))
    if value and value.as_tuple().exponent < -MAX_PLACES:  # type: ignore[operator]
        raise EntryError(
            msg("entry.number.too_fine", what=asked, got=_quoted(raw), places=MAX_PLACES)
        )
    return value


def _quoted(raw: Any) -> str:
    """Text entries in quotes, as written; numbers as they are."""
    return repr(show(raw)) if isinstance(raw, str) else show(raw)


def _from_text(raw: str, what: Msg, percent: bool, rate: bool) -> Decimal:
    shown = _quoted(raw)
    text = strip(raw).translate(_WIDE)
    is_percent = text.endswith("%")
    if is_percent:
        text = text[:-1].rstrip()
        if not percent:
            raise EntryError(msg("entry.number.percent", what=what, got=shown))
    if _PLAIN.fullmatch(text):
        value = Decimal(text)
    elif _GROUPED.fullmatch(text):
        if rate and _ONE_GROUP.fullmatch(text):
            raise EntryError(
                msg(
                    "entry.number.both_readings",
                    got=shown,
                    grouped=text.replace(",", ""),
                    decimal=text.replace(",", "."),
                    what=what,
                )
            )
        value = Decimal(text.replace(",", ""))
    elif _COMMA.fullmatch(text):
        value = Decimal(text.replace(",", "."))
    elif _COMMA_THREE.fullmatch(text):
        raise EntryError(
            msg("entry.number.comma_three", got=shown, what=what, example=text.replace(",", "."))
        )
    else:
        key = "entry.number.bad"
        if text.lstrip("+-.").lower() in ("inf", "infinity", "nan"):
            key = "entry.number.not_finite"
        elif _RADIX.match(text):
            key = "entry.number.radix"
        elif text.count(",") and text.count("."):
            key = "entry.number.mixed"
        raise EntryError(msg(key, what=what, got=shown))
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
        raise EntryError(msg("entry.survey", indicator=ind.id))
    if isinstance(raw, str):
        raw = strip(raw)
    if raw is None or (isinstance(raw, str) and not raw):
        raise EntryError(msg("entry.empty", indicator=ind.id, expected=expecting(ind)))
    if _is_na(raw):
        if not ind.allow_na:
            raise EntryError(msg("entry.na_not_allowed", indicator=ind.id, expected=expecting(ind)))
        return NA
    if isinstance(ind, ScaleIndicator):
        v = _number(ind, raw, A_NUMBER)
        _range(ind, raw, v, ind.max)
        if not is_multiple(v, ind.step):
            raise EntryError(msg("entry.step", value=show(raw), step=ind.step, indicator=ind.id))
        return v
    if isinstance(ind, CheckIndicator | PrerequisiteIndicator):  # yes/no
        if isinstance(raw, bool):
            return raw
        word = strip(show(raw)).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise EntryError(
            msg("entry.not_yes_no", value=show(raw), indicator=ind.id, expected=expecting(ind))
        )
    if isinstance(ind, ChecklistIndicator):
        return _checklist(ind, raw)
    if isinstance(ind, DeductIndicator):
        v = _number(ind, raw, FINDINGS)
        if v < 0:
            raise EntryError(msg("entry.findings.below_zero", value=show(raw), indicator=ind.id))
        if not is_multiple(v, Decimal(1)):
            raise EntryError(msg("entry.findings.not_whole", value=show(raw), indicator=ind.id))
        return v
    if isinstance(ind, BandsIndicator):
        if ind.range is not None:
            rate = ind.range[0] >= 0 and ind.range[1] <= 1
        else:
            rate = all(0 <= band.min <= 1 for band in ind.bands)
        v = _number(ind, raw, MEASURED, percent=True, rate=rate)
        if ind.range is not None:
            _measured_range(ind, raw, v, ind.range)
        return v
    raise EntryError(msg("entry.unsupported", indicator=ind.id))  # pragma: no cover


def _number(
    ind: AnyIndicator, raw: Any, what: Msg, percent: bool = False, rate: bool = False
) -> Decimal:
    """``to_number`` with the indicator named in its message."""
    try:
        return to_number(raw, what, percent=percent, rate=rate)
    except EntryError as exc:
        raise EntryError(msg("entry.of", indicator=ind.id, message=exc.said)) from None


def _range(ind: AnyIndicator, raw: Any, v: Decimal, top: Decimal) -> None:
    text = show(raw)
    shown: Msg | str = text
    if isinstance(raw, str) and "," in text:
        shown = msg("entry.read_as", value=text, number=str(v))
    if v < 0:
        raise EntryError(msg("entry.below_zero", value=shown, indicator=ind.id))
    if v > top:
        raise EntryError(msg("entry.above_max", value=shown, max=str(top), indicator=ind.id))


def _measured_range(ind: BandsIndicator, raw: Any, v: Decimal, bounds: list[Decimal]) -> None:
    """A measured value inside the indicator's declared ``range``."""
    low, high = bounds
    if low <= v <= high:
        return
    text = show(raw)
    shown: Msg | str = text
    if isinstance(raw, str) and text != format(v, "f"):
        shown = msg("entry.read_as", value=text, number=format(v, "f"))
    side = "entry.measured.below" if v < low else "entry.measured.above"
    message = msg(side, indicator=ind.id, value=shown, low=str(low), high=str(high))
    if low >= 0 and high <= 1 and 1 < v <= 100:
        message = msg(
            "entry.measured.percentage",
            message=message,
            rate=format(v / 100, "f"),
            percent=format(v, "f"),
        )
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


def expecting(ind: AnyIndicator) -> Msg:
    """What to enter, as a message (forms and error messages)."""
    na: Msg | str = msg("entry.expected.or_na") if ind.allow_na else ""
    if isinstance(ind, ScaleIndicator):
        return msg("entry.expected.scale", max=str(ind.max), step=str(ind.step), na=na)
    if isinstance(ind, CheckIndicator | PrerequisiteIndicator):
        return msg("entry.expected.check", na=na)
    if isinstance(ind, ChecklistIndicator):
        return msg("entry.expected.checklist", items=joined(i.id for i in ind.items), na=na)
    if isinstance(ind, DeductIndicator):
        return msg("entry.expected.deduct", per=str(ind.per), na=na)
    if isinstance(ind, BandsIndicator):
        lowest = str(ind.bands[-1].min)
        if ind.range is not None:
            low, high = ind.range
            return msg(
                "entry.expected.bands_range", low=str(low), high=str(high), lowest=lowest, na=na
            )
        return msg("entry.expected.bands", lowest=lowest, na=na)
    return msg("entry.expected.survey")


def expected(ind: AnyIndicator, lang: str = "en") -> str:
    """What to enter, in words, in ``lang`` (forms and error messages)."""
    return expecting(ind).text(lang)
