"""The grammar of raw values: n/a, yes/no words, numbers as people write them, and the
error an entry gives.

Every indicator kind (:mod:`star_rating.kinds`) reads its entries with these, so a
number means the same whatever kind, file or language it came from.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from star_rating.catalog import Msg, msg, verbatim
from star_rating.models.scheme import AnyIndicator, BandsIndicator
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


def is_na(raw: Any) -> bool:
    return isinstance(raw, str) and strip(raw).lower() in NA_WORDS


def indicator_number(
    ind: AnyIndicator, raw: Any, what: Msg, percent: bool = False, rate: bool = False
) -> Decimal:
    """``to_number`` with the indicator named in its message."""
    try:
        return to_number(raw, what, percent=percent, rate=rate)
    except EntryError as exc:
        raise EntryError(msg("entry.of", indicator=ind.id, message=exc.said)) from None


def within(ind: AnyIndicator, raw: Any, v: Decimal, top: Decimal) -> None:
    text = show(raw)
    shown: Msg | str = text
    if isinstance(raw, str) and "," in text:
        shown = msg("entry.read_as", value=text, number=str(v))
    if v < 0:
        raise EntryError(msg("entry.below_zero", value=shown, indicator=ind.id))
    if v > top:
        raise EntryError(msg("entry.above_max", value=shown, max=str(top), indicator=ind.id))


def measured_within(ind: BandsIndicator, raw: Any, v: Decimal, bounds: list[Decimal]) -> None:
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
