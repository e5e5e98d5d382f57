"""Validate parsed documents against the models, reporting ``file:line:col``.

pydantic reports a ``loc`` such as ``('indicators', 2, 'scale', 'step')``; we map
it back through the document's marks, drop the discriminator tags pydantic
adds, and name list items by their ``id`` (``indicators[pb-3].step``).
"""

from __future__ import annotations

import difflib
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


def _message(err: dict[str, Any], key: Any, tail: str | None) -> tuple[str, str]:
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
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    inp = err.get("input")
    if not isinstance(inp, dict | list) and inp is not None and kind != "missing":
        msg = f"{msg} (got {inp!r})" if len(repr(inp)) < 60 else msg
    where = f"{key}: " if key is not None and not isinstance(key, int) else ""
    return f"{where}{msg[:1].lower()}{msg[1:]}", "type" if "type" in kind else "value"


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
            message, rule = _message(err, key, tail)
            if (line, col, message) in seen:
                continue
            seen.add((line, col, message))
            collector.add(doc.file, line, col, message, rule, path=dotted(doc.data, path))
        return None
