"""Turning a raw entry (as written in YAML, CSV or a form) into a checked value.

One function for every reader and for appeals, so a value means the same whatever
file it came from: the blank, n/a and survey rules common to all kinds here, the
rest by the indicator's kind (:mod:`star_rating.kinds`), on the number grammar of
:mod:`star_rating.values`.  Returns the value or raises :class:`EntryError` saying
what is wrong and what was expected.
"""

from __future__ import annotations

from typing import Any

from star_rating.catalog import Msg, msg
from star_rating.kinds import KINDS
from star_rating.kinds.base import or_na
from star_rating.models.scheme import AnyIndicator
from star_rating.values import (
    A_NUMBER,
    BONUS_POINTS,
    FALSE_WORDS,
    FINDINGS,
    INVISIBLE,
    MAX_NUMBER,
    MAX_PLACES,
    MEASURED,
    NA,
    NA_WORDS,
    TRUE_WORDS,
    EntryError,
    Value,
    is_multiple,
    is_na,
    joined,
    show,
    strip,
    to_number,
    visible,
)

__all__ = [
    "A_NUMBER",
    "BONUS_POINTS",
    "FALSE_WORDS",
    "FINDINGS",
    "INVISIBLE",
    "MAX_NUMBER",
    "MAX_PLACES",
    "MEASURED",
    "NA",
    "NA_WORDS",
    "TRUE_WORDS",
    "EntryError",
    "Value",
    "expected",
    "expecting",
    "is_multiple",
    "joined",
    "parse_entry",
    "show",
    "strip",
    "to_number",
    "visible",
]


def parse_entry(ind: AnyIndicator, raw: Any) -> Value:
    """The checked value of ``raw`` for indicator ``ind``; raises EntryError."""
    kind = KINDS[ind.kind]
    if not kind.entered:
        return kind.parse(ind, raw)  # refused: it is not entered in reviews
    if isinstance(raw, str):
        raw = strip(raw)
    if raw is None or (isinstance(raw, str) and not raw):
        raise EntryError(msg("entry.empty", indicator=ind.id, expected=expecting(ind)))
    if is_na(raw):
        if not ind.allow_na:
            raise EntryError(msg("entry.na_not_allowed", indicator=ind.id, expected=expecting(ind)))
        return NA
    return kind.parse(ind, raw)


def expecting(ind: AnyIndicator) -> Msg:
    """What to enter, as a message (forms and error messages)."""
    return KINDS[ind.kind].expecting(ind, or_na(ind))


def expected(ind: AnyIndicator, lang: str = "en") -> str:
    """What to enter, in words, in ``lang`` (forms and error messages)."""
    return expecting(ind).text(lang)
