"""The message catalog: every sentence star-rate shows, in Chinese and English.

Results, problems and errors hold messages as plain data, a :class:`Msg` (a key and
its parameters); this package turns them into words in the chosen language, at the
edge (terminal, JSON, tables, exports, reports, explain).  The templates live in one
module per area (``results``, ``problems``, ``scheme``, ``reading``, ``round``,
``commands``, ``outputs``, ``report``), merged here; ``tests/test_catalog.py`` checks
that every key has both languages and that no key is defined twice.

A template is a ``str.format`` string whose fields may carry a conversion and a style:

* ``{x}`` — ``str(x)``; a bilingual text (``{zh, en}``) in the language; a message
  rendered in the language;
* ``{x!r}`` — ``repr(x)``, for a value quoted as the user wrote it;
* ``{x:pts}`` — a number of points: half-up to two places, trailing zeros dropped;
* ``{x:pct}`` — a share as a percentage with one decimal (``87.5%``);
* ``{x:list}`` — messages joined with the language's separator (``；`` / ``; ``).
* ``{x:plural:one|many}`` — a count and its noun in English: ``1 point``, ``2 points``
  (Chinese needs no plural and writes ``{x:pts} 分``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from string import Formatter
from typing import Any, Protocol

LANGS = ("zh", "en")


def _merged() -> dict[str, dict[str, str]]:
    """Every area's templates in one table; a key defined twice is a mistake."""
    from star_rating.catalog import (
        commands,
        outputs,
        problems,
        reading,
        report,
        results,
        round,
        scheme,
    )

    table: dict[str, dict[str, str]] = {}
    for area in (results, problems, scheme, reading, round, commands, outputs, report):
        for key, texts in area.MESSAGES.items():
            if key in table:
                raise AssertionError(f"catalog key {key!r} is defined twice")
            table[key] = texts
    return table


@dataclass(frozen=True, slots=True)
class Msg:
    """A message as plain data: a code for machines, a catalog key and its parameters.

    The words are written only when read, in the language asked for, by
    :func:`render`; the engine and the readers never write sentences."""

    code: str
    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, key: str, **params: Any) -> Msg:
        pairs = tuple(_pair(k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())
        return cls(code, key, _shared_params(pairs))

    def text(self, lang: str) -> str:
        params = self.params
        if id(params) not in _PARAMS_IDS:
            return render(self.key, lang, dict(params))
        # shared parameters (never freed): their words are kept too, once per language
        key = (self.key, id(params), lang)
        got = _TEXTS.get(key)
        if got is None:
            got = render(self.key, lang, dict(params))
            if len(_TEXTS) < _MAX_SHARED:
                _TEXTS[key] = got
        return got

    @property
    def zh(self) -> str:
        return self.text("zh")

    @property
    def en(self) -> str:
        return self.text("en")

    def __str__(self) -> str:
        return self.text("en")


# Every community's reasons are written from its result: most of their parameters
# repeat (a dimension, a level's name, a limit), so equal ones are kept once, and the
# words of a message made only of such parameters are written once per language.
# Only values of the types below are shared, by type and value: equal values of these
# show alike (1 and True, or Decimal 1 and 1.0, are equal but shown apart, so they are
# not).  Fractions (a community's own total or shortfall) are not worth hashing.
_SHAREABLE = frozenset({str, int})
_MAX_SHARED = 100_000
_PAIRS: dict[tuple[str, type, Any], tuple[str, Any]] = {}
_PAIR_IDS: set[int] = set()  # ids of the pairs in _PAIRS (never freed while there)
_PARAMS: dict[tuple[int, ...], tuple[tuple[str, Any], ...]] = {}
_PARAMS_IDS: set[int] = set()  # ids of the tuples in _PARAMS
_TEXTS: dict[tuple[str, int, str], str] = {}  # (key, id of shared parameters, language)


def _pair(k: str, v: Any) -> tuple[str, Any]:
    kind = type(v)
    if kind not in _SHAREABLE and not (
        kind.__name__ == "Words" and all(type(x) is str for x in v)  # two texts
    ):
        return (k, v)
    key = (k, kind, v)
    got = _PAIRS.get(key)
    if got is None:
        got = (k, v)
        if len(_PAIRS) >= _MAX_SHARED:
            _forget()
        _PAIRS[key] = got
        _PAIR_IDS.add(id(got))
    return got


def _forget() -> None:
    """Start the shared tables afresh (they are full; a value met once, such as a
    community's own total, must not crowd out the many met again and again).
    Messages made before keep what they have; only their words are no longer kept."""
    _PAIRS.clear()
    _PAIR_IDS.clear()
    _PARAMS.clear()
    _PARAMS_IDS.clear()
    _TEXTS.clear()


def _shared_params(pairs: tuple[tuple[str, Any], ...]) -> tuple[tuple[str, Any], ...]:
    """One tuple for equal parameters made of shared pairs (known by their ids)."""
    ids = tuple(map(id, pairs))
    got = _PARAMS.get(ids)
    if got is not None:
        return got
    if all(i in _PAIR_IDS for i in ids):
        if len(_PARAMS) >= _MAX_SHARED:
            _forget()
            return pairs
        _PARAMS[ids] = pairs
        _PARAMS_IDS.add(id(pairs))
    return pairs


def msg(key: str, **params: Any) -> Msg:
    """The message ``key`` with its parameters; its code is the key."""
    return Msg.of(key, key, **params)


def verbatim(text: str) -> Msg:
    """Text that is data, not a sentence of ours (a system's reason, a library's own
    message): shown as it is in both languages."""
    return Msg("text", "text", (("text", text),))


def as_msg(value: Msg | str) -> Msg:
    return value if isinstance(value, Msg) else verbatim(value)


class Bilingual(Protocol):
    zh: str | None
    en: str | None


SEPARATOR = {"zh": "；", "en": "; "}


def _plain(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def pts(x: Fraction | Decimal | int, places: int = 2) -> str:
    """A number for a sentence: rounded half-up for display, trailing zeros dropped."""
    from star_rating.engine.rounding import round_exact

    if isinstance(x, int):
        return str(x)
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        return _plain(round_exact(x, places, "half-up"))
    return _plain(x.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def pct(x: Fraction | Decimal) -> str:
    """A share as a percentage with one decimal, e.g. ``87.5%``."""
    from star_rating.engine.rounding import round_ratio

    f = x if isinstance(x, Fraction) else Fraction(x)
    return _plain(round_ratio(f.numerator * 100, f.denominator, 1)) + "%"


Piece = tuple[str, str | None, str, str | None]


@cache
def _pieces(key: str, lang: str) -> tuple[Piece, ...]:
    """A template split once into (literal, field, style, conversion) pieces."""
    return tuple(
        (literal, field, spec or "", conv)
        for literal, field, spec, conv in Formatter().parse(MESSAGES[key][lang])
    )


def _word(value: Any, lang: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Msg):
        return value.text(lang)
    if hasattr(value, "zh") and hasattr(value, "en"):  # a bilingual text
        first, second = (value.zh, value.en) if lang == "zh" else (value.en, value.zh)
        return str(first or second or "")
    return str(value)


def _field(value: Any, style: str, lang: str) -> str:
    if style == "pts":
        return pts(value)
    if style.startswith("plural:"):  # {n:plural:point|points}: "1 point", "2.5 points"
        one, _, many = style[len("plural:") :].partition("|")
        shown = pts(value)  # the noun agrees with the number as shown: 0.999 shows as 1
        return f"{shown} {one if shown == '1' else many}"
    if style == "pct":
        return pct(value)
    if style == "list":
        return SEPARATOR[lang].join(_word(v, lang) for v in value)
    return _word(value, lang)


def render(key: str, lang: str, params: Mapping[str, Any]) -> str:
    """The message ``key`` in ``lang`` (zh or en) with its parameters."""
    out = []
    for literal, field, style, conv in _pieces(key, lang if lang in LANGS else "en"):
        out.append(literal)
        if field is not None:
            value = params[field]
            if conv == "r":
                out.append(repr(value if isinstance(value, str) else _word(value, lang)))
            else:
                out.append(_field(value, style, lang))
    return "".join(out)


def label(key: str, lang: str) -> str:
    """A label (a word or a heading, no parameters) in ``lang``."""
    return MESSAGES[key][lang if lang in LANGS else "en"]


def texts(key: str) -> dict[str, str]:
    """Both languages of a label, as ``{"zh": …, "en": …}``."""
    return MESSAGES[key]


MESSAGES: dict[str, dict[str, str]] = _merged()
