"""Indented JSON text, as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it.

Python's json module writes indented JSON with its pure-Python encoder (its C
encoder has no indentation); a province's results are millions of small values,
where that encoder is most of the time.  This writes the same text for the values
results are made of (dicts with text keys, lists and tuples, text, numbers,
booleans and None), its strings with the module's own C escaping; anything else is
left to ``json.dumps``.  A test holds the two to the same text.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

_FLOAT = float.__repr__
_INT = int.__repr__


def _float(x: float) -> str:
    if x != x:
        return "NaN"
    if x == float("inf"):
        return "Infinity"
    if x == -float("inf"):
        return "-Infinity"
    return _FLOAT(x)


def _write(value: Any, level: int, parts: list[str]) -> None:
    kind = type(value)
    if kind is str:
        parts.append(encode_basestring(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is int:
        parts.append(_INT(value))
    elif kind is float:
        parts.append(_float(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = "\n" + "  " * (level + 1)
        if any(type(key) is not str for key in value):
            parts.append(_fallback(value, level))  # keys json.dumps converts
            return
        first = True
        parts.append("{")
        for key, item in value.items():
            parts.append(inner if first else "," + inner)
            first = False
            parts.append(encode_basestring(key))
            parts.append(": ")
            _write(item, level + 1, parts)
        parts.append("\n" + "  " * level + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = "\n" + "  " * (level + 1)
        parts.append("[")
        first = True
        for item in value:
            parts.append(inner if first else "," + inner)
            first = False
            _write(item, level + 1, parts)
        parts.append("\n" + "  " * level + "]")
    else:
        parts.append(_fallback(value, level))


def _fallback(value: Any, level: int) -> str:
    """``json.dumps``' own text of a value, indented to ``level``."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * level) if level else text


def dumps(value: Any, level: int = 0) -> str:
    """The text of ``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)``
    writes it, every line after the first indented by ``level`` more steps of two."""
    parts: list[str] = []
    _write(value, level, parts)
    return "".join(parts)
