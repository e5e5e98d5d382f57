"""Validate parsed documents against the models, reporting ``file:line:col``.

pydantic reports a ``loc`` such as ``('indicators', 2, 'scale', 'step')``; we map
it back through the document's marks, drop the discriminator tags pydantic
adds, and name list items by their ``id`` (``indicators[pb-3].step``).
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from star_rating.errors import Collector
from star_rating.loading.yamlpos import Doc, PathKey
from star_rating.models.scheme import INDICATOR_KINDS

M = TypeVar("M", bound=BaseModel)

_SKIP = set(INDICATOR_KINDS) | {"str", "LocalText", "RequireMin", "list[str]", "function-after"}


def _known_fields() -> set[str]:
    from star_rating.models import review, scheme

    names: set[str] = set()
    for module in (scheme, review):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel):
                names.update(obj.model_fields)
    return names


def dotted(data: Any, path: PathKey) -> str:
    """``levels[0].require[1]`` with list items named by id where they have one."""
    out = ""
    cur = data
    for part in path:
        if isinstance(part, int) and isinstance(cur, list):
            item = cur[part] if 0 <= part < len(cur) else None
            name = item.get("id") if isinstance(item, dict) else None
            out += f"[{name}]" if isinstance(name, str) else f"[{part}]"
            cur = item
        else:
            out += f".{part}" if out else str(part)
            cur = cur.get(part) if isinstance(cur, dict) else None
    return out


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[PathKey, str | None]:
    """The document path a pydantic loc points at (and a trailing missing/extra key)."""
    path: list[Any] = []
    cur = data
    tail: str | None = None
    for part in loc:
        if isinstance(cur, dict):
            if part in INDICATOR_KINDS and cur.get("kind") == part:
                continue  # the union's tag, even where a key has its name (bands: [...])
            if part in cur:
                path.append(part)
                cur = cur[part]
                continue
            if part == "[key]":
                continue
            if isinstance(part, str) and part in _SKIP:
                continue
            # a missing key, or a key under which a dict of int keys is stored
            if isinstance(part, str) and part.isdigit() and int(part) in cur:
                path.append(int(part))
                cur = cur[int(part)]
                continue
            tail = str(part)
            break
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            path.append(part)
            cur = cur[part]
        elif isinstance(part, str) and part in _SKIP:
            continue
        else:
            tail = str(part)
            break
    return tuple(path), tail


# pydantic's sentences ("Input should be a valid decimal") in the words of the format;
# by error type, with the error's context (``le``, ``expected`` …) filled in
_PLAIN_WORDS: dict[str, str] = {
    "decimal_parsing": "expected a number",
    "decimal_type": "expected a number",
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "finite_number": "expected a finite number",
    "less_than_equal": "expected at most {le}",
    "less_than": "expected less than {lt}",
    "greater_than_equal": "expected at least {ge}",
    "greater_than": "expected more than {gt}",
    "multiple_of": "expected a multiple of {multiple_of}",
    "string_type": "expected text",
    "string_too_long": "expected at most {max_length} characters",
    "string_too_short": "expected at least {min_length} characters",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of keys and values",
    "model_type": "expected a mapping of keys and values",
    "model_attributes_type": "expected a mapping of keys and values",
    "too_short": "expected at least {min_length} item(s)",
    "too_long": "expected at most {max_length} item(s)",
    "literal_error": "expected one of {expected}",
    "enum": "expected one of {expected}",
    "decimal_max_digits": "expected at most {max_digits} digits",
    "decimal_max_places": "expected at most {decimal_places} decimal places",
    "date_parsing": "expected a date, YYYY-MM-DD",
    "date_type": "expected a date, YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date, YYYY-MM-DD",
    "none_required": "expected nothing here",
}
_SHARE = "expected a share from 0 to 1, such as 0.85 or 85%"


def _shown(value: Any) -> str:
    """A value as the file has it: numbers as written, text in quotes."""
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _plain(err: dict[str, Any], path: PathKey) -> str:
    """The error in plain words, without pydantic's own phrasing."""
    kind = err["type"]
    ctx = {k: _shown(v) if not isinstance(v, str) else v for k, v in err.get("ctx", {}).items()}
    if kind == "string_pattern_mismatch":
        return (
            "expected an identifier: letters, digits, '-', '_' or '.', "
            "starting with a letter or digit"
        )
    if kind == "less_than_equal" and ctx.get("le") == "1":
        if len(path) >= 2 and path[-2] == "min_dimensions":
            return (
                f"{_shown(err.get('input'))} is not a share: min_dimensions takes a share of "
                "the dimension's maximum (0 to 1, or a percentage such as 85%); "
                "put a floor in points under min_dimension_points"
            )
        return _SHARE
    if kind in _PLAIN_WORDS:
        try:
            return _PLAIN_WORDS[kind].format(**ctx)
        except (KeyError, IndexError):
            pass
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if msg.lower().startswith("input should be "):
        msg = "expected " + msg[len("input should be ") :]
    return msg[:1].lower() + msg[1:]


def _zero_max(err: dict[str, Any], path: PathKey) -> bool:
    """An indicator's ``max: 0`` (refused as not above 0)."""
    if err["type"] != "greater_than" or len(path) < 3 or path[-1] != "max":
        return False
    if path[-3] != "indicators":
        return False
    inp = err.get("input")
    return not isinstance(inp, bool) and isinstance(inp, int | float | Decimal) and inp == 0


def _message(
    err: dict[str, Any], key: Any, tail: str | None, path: PathKey = ()
) -> tuple[str, str]:
    kind = err["type"]
    if kind == "extra_forbidden":
        near = difflib.get_close_matches(str(key), sorted(_known_fields()), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        return f"unknown key {key!r}{hint}", "unknown-key"
    if kind == "missing":
        return f"missing required key {tail or key!r}", "missing-key"
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        return (
            f"unknown kind {ctx.get('tag')!r}; expected one of {', '.join(INDICATOR_KINDS)}",
            "unknown-kind",
        )
    if kind == "union_tag_not_found":
        return f"missing key 'kind'; expected one of {', '.join(INDICATOR_KINDS)}", "missing-key"
    if _zero_max(err, path):
        return (
            "max: 0 scores nothing; a yes/no condition that gates levels is kind: "
            "prerequisite (no max), any other indicator needs full marks above 0",
            "value",
        )
    msg = _plain(err, path)
    inp = err.get("input")
    if kind != "value_error" and not isinstance(inp, dict | list) and inp is not None:
        got = _shown(inp)
        if len(got) < 60 and not msg.startswith(got):
            msg = f"{msg} (got {got})"
    where = f"{key}: " if key is not None and not isinstance(key, int) else ""
    return f"{where}{msg}", "type" if "type" in kind else "value"


def validate(
    model: type[M], doc: Doc, collector: Collector, base: PathKey = (), data: Any = None
) -> M | None:
    """``model`` built from ``doc.data`` (or ``data`` found at ``base``), else None."""
    payload = doc.data if data is None else data
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        seen: set[tuple[Any, ...]] = set()
        for err in exc.errors(include_url=False):
            rel, tail = _data_path(payload, tuple(err["loc"]))
            path = (*base, *rel)
            is_key = err["type"] == "extra_forbidden"
            line, col = doc.where(path, key=is_key)
            key = path[-1] if path else None
            message, rule = _message(err, key, tail, path)
            if (line, col, message) in seen:
                continue
            seen.add((line, col, message))
            collector.add(doc.file, line, col, message, rule, path=dotted(doc.data, path))
        return None
