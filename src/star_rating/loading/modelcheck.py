"""Validate parsed documents against the models, reporting ``file:line:col``.

pydantic reports a ``loc`` such as ``('indicators', 2, 'scale', 'step')``; we map
it back through the document's marks, drop the discriminator tags pydantic
adds, and name list items by their ``id`` (``indicators[pb-3].step``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from decimal import Decimal
from string import Formatter
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from star_rating.catalog import MESSAGES, Msg, msg, verbatim
from star_rating.errors import Collector
from star_rating.loading.yamlpos import Doc, PathKey
from star_rating.models.msgerror import MsgError
from star_rating.models.scheme import INDICATOR_KINDS
from star_rating.scheme import Words

M = TypeVar("M", bound=BaseModel)

_SKIP = set(INDICATOR_KINDS) | {"str", "LocalText", "RequireMin", "list[str]", "function-after"}


def _skipped(part: Any) -> bool:
    """A union member or validator pydantic adds to a loc (``function-after[_one(),
    LocalText]``), not a key of the document."""
    return isinstance(part, str) and (part in _SKIP or part.startswith("function-"))


def _known_fields() -> set[str]:
    """Every key of scheme, review, round.yaml and appeal files, as written (aliases)."""
    from star_rating.loading import round as round_files
    from star_rating.models import review, scheme

    names: set[str] = set()
    for module in (scheme, review, round_files):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel):
                names.update(f.alias or n for n, f in obj.model_fields.items())
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


def _data_path(
    data: Any, loc: tuple[Any, ...], missing: bool = False
) -> tuple[PathKey, str | None]:
    """The document path a pydantic loc points at (and a trailing missing/extra key).

    ``missing``: the loc ends with the name of a key the document lacks, which may be
    spelt like a union member pydantic adds to a loc (``scale``, an indicator kind)."""
    path: list[Any] = []
    cur = data
    tail: str | None = None
    for i, part in enumerate(loc):
        if isinstance(cur, dict):
            if part in INDICATOR_KINDS and cur.get("kind") == part:
                continue  # the union's tag, even where a key has its name (bands: [...])
            if part in cur:
                path.append(part)
                cur = cur[part]
                continue
            if missing and i == len(loc) - 1 and isinstance(part, str):
                tail = part
                break
            if part == "[key]":
                continue
            if _skipped(part):
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
        elif _skipped(part):
            continue
        else:
            tail = str(part)
            break
    return tuple(path), tail


# pydantic's sentences ("Input should be a valid decimal") in the words of the format:
# the catalog key of each error type, with the error's context (``le``, ``expected`` …)
_PLAIN_KEYS: dict[str, str] = {
    "decimal_parsing": "scheme.expected_number",
    "decimal_type": "scheme.expected_number",
    "float_parsing": "scheme.expected_number",
    "float_type": "scheme.expected_number",
    "int_parsing": "scheme.expected_whole_number",
    "int_type": "scheme.expected_whole_number",
    "int_from_float": "scheme.expected_whole_number",
    "finite_number": "scheme.expected_finite_number",
    "less_than_equal": "scheme.expected_at_most",
    "less_than": "scheme.expected_less_than",
    "greater_than_equal": "scheme.expected_at_least",
    "greater_than": "scheme.expected_more_than",
    "multiple_of": "scheme.expected_multiple_of",
    "string_type": "scheme.expected_text",
    "string_too_long": "scheme.expected_at_most_characters",
    "string_too_short": "scheme.expected_at_least_characters",
    "string_pattern_mismatch": "scheme.expected_identifier",
    "bool_type": "scheme.expected_bool",
    "bool_parsing": "scheme.expected_bool",
    "list_type": "scheme.expected_list",
    "dict_type": "scheme.expected_mapping",
    "model_type": "scheme.expected_mapping",
    "model_attributes_type": "scheme.expected_mapping",
    "too_short": "scheme.expected_at_least_items",
    "too_long": "scheme.expected_at_most_items",
    "literal_error": "scheme.expected_one_of",
    "enum": "scheme.expected_one_of",
    "decimal_max_digits": "scheme.expected_at_most_digits",
    "decimal_max_places": "scheme.expected_at_most_places",
    "date_parsing": "scheme.expected_date",
    "date_type": "scheme.expected_date",
    "date_from_datetime_parsing": "scheme.expected_date",
    "none_required": "scheme.expected_nothing",
}


def _shown(value: Any) -> str:
    """A value as the file has it: numbers as written, text in quotes."""
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _choices(expected: str) -> Words:
    """pydantic's ``'a', 'b' or 'c'`` (its English) also as Chinese: ``'a'、'b' 或 'c'``."""
    head, sep, last = expected.rpartition(" or ")
    if not sep:
        return Words(expected, expected)
    return Words("、".join(head.split(", ")) + " 或 " + last, expected)


def _kinds() -> Words:
    return Words("、".join(INDICATOR_KINDS), ", ".join(INDICATOR_KINDS))


def _plain(err: dict[str, Any], path: PathKey) -> Msg:
    """The error in plain words, without pydantic's own phrasing."""
    kind = err["type"]
    ctx: dict[str, Any] = {
        k: _shown(v) if not isinstance(v, str) else v for k, v in err.get("ctx", {}).items()
    }
    if kind == "less_than_equal" and ctx.get("le") == "1":
        if len(path) >= 2 and path[-2] == "min_dimensions":
            return msg("scheme.not_a_share", value=_shown(err.get("input")))
        return msg("scheme.expected_share")
    if kind == "value_error":
        error = err.get("ctx", {}).get("error")
        if isinstance(error, MsgError):
            return error.said
    key = _PLAIN_KEYS.get(kind)
    if key is not None:
        if "expected" in ctx:
            ctx["expected"] = _choices(ctx["expected"])
        fields = {f for _, f, _, _ in Formatter().parse(MESSAGES[key]["en"]) if f}
        if fields <= set(ctx):
            return msg(key, **{f: ctx[f] for f in fields})
    # an error of pydantic's own we have no words for: its text, as data
    text = str(err["msg"])
    if text.startswith("Value error, "):
        text = text[len("Value error, ") :]
    if text.lower().startswith("input should be "):
        text = "expected " + text[len("input should be ") :]
    return verbatim(text[:1].lower() + text[1:])


def _zero_max(err: dict[str, Any], path: PathKey) -> bool:
    """An indicator's ``max: 0`` (refused as not above 0)."""
    if err["type"] != "greater_than" or len(path) < 3 or path[-1] != "max":
        return False
    if path[-3] != "indicators":
        return False
    inp = err.get("input")
    return not isinstance(inp, bool) and isinstance(inp, int | float | Decimal) and inp == 0


def near(name: str, choices: Iterable[str]) -> Msg | str:
    """`` (did you mean 'max'?)`` for the closest of ``choices``, else nothing."""
    found = difflib.get_close_matches(name, list(choices), n=1)
    return msg("scheme.did_you_mean", name=found[0]) if found else ""


def _message(
    err: dict[str, Any], key: Any, tail: str | None, path: PathKey = ()
) -> tuple[Msg, str]:
    kind = err["type"]
    if kind == "extra_forbidden":
        hint = near(str(key), sorted(_known_fields()))
        return msg("scheme.unknown_key", name=repr(key), near=hint), "unknown-key"
    if kind == "missing":
        return msg("scheme.missing_key", name=tail if tail is not None else str(key)), "missing-key"
    if kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag")
        return msg("scheme.unknown_kind", kind=str(tag), kinds=_kinds()), "unknown-kind"
    if kind == "union_tag_not_found":
        return msg("scheme.missing_kind", kinds=_kinds()), "missing-key"
    if _zero_max(err, path):
        return msg("scheme.zero_max"), "value"
    said = _plain(err, path)
    inp = err.get("input")
    if kind != "value_error" and not isinstance(inp, dict | list) and inp is not None:
        got = _shown(inp)
        if len(got) < 60 and not said.en.startswith(got):
            said = msg("scheme.got", message=said, got=got)
    if key is not None and not isinstance(key, int):
        said = msg("scheme.at_key", field=str(key), message=said)
    return said, "type" if "type" in kind else "value"


def _text_unions(errors: list[Any]) -> set[tuple[Any, ...]]:
    """Where a ``str | {zh, en}`` text was refused as a mapping: the locs whose
    mapping member (``LocalText``) has errors of its own."""
    out = set()
    for err in errors:
        loc = tuple(err["loc"])
        for i, part in enumerate(loc):
            if isinstance(part, str) and "LocalText" in part:
                out.add(loc[:i])
    return out


def _other_member(err: Any, texts: set[tuple[Any, ...]]) -> bool:
    """A mapping refused as the plain-text member of ``str | {zh, en}``: the errors of
    the mapping member say what is wrong with it."""
    loc = tuple(err["loc"])
    return err["type"] == "string_type" and loc[-1:] == ("str",) and loc[:-1] in texts


def validate(
    model: type[M], doc: Doc, collector: Collector, base: PathKey = (), data: Any = None
) -> M | None:
    """``model`` built from ``doc.data`` (or ``data`` found at ``base``), else None."""
    payload = doc.data if data is None else data
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        seen: set[tuple[Any, ...]] = set()
        errors = exc.errors(include_url=False)
        texts = _text_unions(errors)
        for err in errors:
            if _other_member(err, texts):
                continue
            rel, tail = _data_path(payload, tuple(err["loc"]), err["type"] == "missing")
            path = (*base, *rel)
            is_key = err["type"] == "extra_forbidden"
            line, col = doc.where(path, key=is_key)
            key = path[-1] if path else None
            message, rule = _message(err, key, tail, path)
            if (line, col, message.en) in seen:
                continue
            seen.add((line, col, message.en))
            collector.add(doc.file, line, col, message, rule, path=dotted(doc.data, path))
        return None
