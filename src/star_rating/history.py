"""Across rounds: saved results, `compare`, `history`, `--previous` and `verify`.

A round is given either as a round folder (scored here) or as the JSON that
``score --format json`` printed; both become one typed model, :class:`SavedResult`
with a :class:`SavedCommunity` per row, read from a file by the one reader
:func:`read_result`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rating.catalog import Msg, msg
from star_rating.engine.dynamic import Previous
from star_rating.errors import Collector, UsageError, display_path
from star_rating.loading.limits import read_limited

if TYPE_CHECKING:
    from star_rating.api import Scored
    from star_rating.models.round import Round

Number = int | float | Decimal


def _number(x: Any) -> bool:
    return isinstance(x, int | float | Decimal) and not isinstance(x, bool)


@dataclass(frozen=True, slots=True)
class SavedCommunity:
    """One row of a result: the community as written, its stars and what explains them."""

    community: dict[str, Any]  # id, name, street, as the result has them
    stars: Number
    total: Number | None = None
    dimensions: dict[str, Any] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    below_rounds: int = 0  # rounds below its level so far (dynamic rules)

    @property
    def id(self) -> str:
        return str(self.community["id"])

    @classmethod
    def of(cls, row: Any) -> SavedCommunity | None:
        """The row, or None when it has no community id or no stars (a number)."""
        if not (
            isinstance(row, dict)
            and isinstance(row.get("community"), dict)
            and "id" in row["community"]
            and _number(row.get("stars"))
        ):
            return None
        dims, reasons, dyn = row.get("dimensions"), row.get("reasons"), row.get("dynamic")
        below = dyn.get("below_rounds", 0) if isinstance(dyn, dict) else 0
        return cls(
            community=row["community"],
            stars=row["stars"],
            total=row.get("total") if _number(row.get("total")) else None,
            dimensions=dims if isinstance(dims, dict) else {},
            reasons=tuple(reasons) if isinstance(reasons, list) else (),
            below_rounds=int(below) if _number(below) else 0,
        )


@dataclass(frozen=True, slots=True)
class SavedResult:
    """A round's result: what ``score --format json`` printed (saved, or made now)."""

    rows: tuple[SavedCommunity, ...]
    round: Any = None  # the round's name
    title: Any = None
    year: int | None = None  # a result records none unless one was added
    hashes: Mapping[str, Any] | None = None
    document: Mapping[str, Any] = field(default_factory=dict)  # the JSON as read

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> SavedResult:
        """The result in ``data`` (a JSON object); rows that are not result rows are
        left out (the reader has said so, or verify names them)."""
        results = data.get("results")
        rows = [SavedCommunity.of(r) for r in results] if isinstance(results, list) else []
        year, hashes = data.get("year"), data.get("hashes")
        return cls(
            rows=tuple(r for r in rows if r is not None),
            round=data.get("round"),
            title=data.get("title"),
            year=year if isinstance(year, int) and not isinstance(year, bool) else None,
            hashes=hashes if isinstance(hashes, dict) else None,
            document=data,
        )

    @property
    def dynamic_rows(self) -> int:
        """How many rows carry last round's standing (scored with --previous)."""
        results = self.document.get("results")
        return sum(
            1
            for r in (results if isinstance(results, list) else [])
            if isinstance(r, dict) and isinstance(r.get("dynamic"), dict)
        )


# --- the one reader of saved results -------------------------------------------------


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(name)


_UNREAD = object()


def read_result(path: Path, exact: bool) -> SavedResult:
    """A saved ``score --format json`` result; problems raise ProblemsFound.

    ``exact`` (``verify``): numbers as Decimal, a duplicate key or a JSON constant is
    an error, and a file of another kind (a public notice, an export, compare's
    output) is named as such; otherwise (``compare``, ``history``, ``--previous``) any
    JSON whose ``results`` rows have a community and stars will do."""
    col = Collector()
    file = display_path(path)
    raw = read_limited(path, file, col)
    data: Any = _UNREAD
    if raw is not None:
        hooks: dict[str, Any] = (
            {"parse_float": Decimal, "parse_constant": _no_constant, "object_pairs_hook": _unique}
            if exact
            else {}
        )
        try:
            data = json.loads(raw.decode("utf-8-sig"), **hooks)
        except UnicodeDecodeError:
            col.add(file, None, None, msg("history.not_utf8"), "encoding")
        except json.JSONDecodeError as exc:
            col.add(file, exc.lineno, exc.colno, msg("history.bad_json", why=exc.msg), "syntax")
        except _DuplicateKey as exc:
            key = json.dumps(exc.key, ensure_ascii=False)
            col.add(file, None, None, msg("history.duplicate_key", name=key), "duplicate-key")
        except ValueError as exc:
            col.add(file, None, None, msg("history.not_number", value=str(exc)), "syntax")
    if data is not _UNREAD:
        if exact:
            what = _looks_like(data)
            if what is not None:
                col.add(file, 1, 1, msg("history.not_saved", what=what), "type")
        elif not (
            isinstance(data, dict)
            and isinstance(data.get("results"), list)
            and all(SavedCommunity.of(r) is not None for r in data["results"])
        ):
            col.add(file, 1, 1, msg("history.not_a_result"), "type")
    col.check()
    return SavedResult.of(data)


def load_result_json(path: Path) -> SavedResult:
    """A saved result for ``compare``, ``history`` and ``--previous``."""
    return read_result(path, exact=False)


def _looks_like(data: Any) -> Msg | None:
    """What a JSON document is instead of a saved result (None: it is one)."""
    if not isinstance(data, dict):
        return msg("history.looks.array" if isinstance(data, list) else "history.looks.value")
    if "changes" in data and "results" not in data:
        return msg("history.looks.compare")
    if "rounds" in data and "communities" in data:
        return msg("history.looks.history")
    if not isinstance(data.get("results"), list):
        return msg("history.looks.no_results")
    if "notice" in data and "hashes" not in data:
        return msg("history.looks.public")
    if "hashes" in data and "star_rate" in data and "agreement" not in data:
        return msg("history.looks.export")
    if not any(k in data for k in ("hashes", "star_rate", "agreement")):
        return msg("history.looks.no_marks")
    return None


def load_any(path: Path, lang: str, criteria: Path | None = None) -> SavedResult:
    """A round folder (scored now) or a saved result JSON."""
    if path.is_dir():
        from star_rating import api
        from star_rating.outputs.common import round_dict

        scored = api.run(path, criteria)
        return SavedResult.of(round_dict(scored.scheme, scored.result, lang))
    if path.is_file():
        return load_result_json(path)
    raise UsageError(msg("history.no_such", path=display_path(path)))


# --- compare and history ---------------------------------------------------------------


def _num(x: Any) -> Decimal:
    return Decimal(str(x))


def _change(before: Number | None, after: Number | None) -> float | None:
    return None if before is None or after is None else float(_num(after) - _num(before))


def compare(before: SavedResult, after: SavedResult, top: int = 3) -> dict[str, Any]:
    """Communities whose stars changed, and the new and dropped ones."""
    old = {r.id: r for r in before.rows}
    new = {r.id: r for r in after.rows}
    changes: list[dict[str, Any]] = []
    for cid in sorted(old.keys() & new.keys()):
        a, b = old[cid], new[cid]
        if a.stars == b.stars:
            continue
        moved = [
            {"dimension": dim, "before": a.dimensions[dim], "after": value, "change": float(diff)}
            for dim, value in b.dimensions.items()
            if dim in a.dimensions and (diff := _num(value) - _num(a.dimensions[dim]))
        ]
        moved.sort(key=lambda m: (-abs(_num(m["change"])), m["dimension"]))
        changes.append(
            {
                "community": b.community,
                "before": a.stars,
                "after": b.stars,
                "total_before": a.total,
                "total_after": b.total,
                "total_change": _change(a.total, b.total),
                "dimensions_moved": moved[:top],
                # why the stars are what they are now: a veto, a quota, a cap, the level
                "reasons": list(b.reasons),
            }
        )
    changes.sort(key=lambda c: (-(c["after"] - c["before"]), c["community"]["id"]))
    return {
        "before": {"round": before.round, "title": before.title},
        "after": {"round": after.round, "title": after.title},
        "changes": changes,
        "new": [
            new[c].community | {"stars": new[c].stars} for c in sorted(new.keys() - old.keys())
        ],
        "dropped": [
            old[c].community | {"stars": old[c].stars} for c in sorted(old.keys() - new.keys())
        ],
    }


def find_rounds(folder: Path) -> list[Path]:
    """Round folders directly under ``folder`` (or the folder itself), oldest first."""
    if not folder.is_dir():
        raise UsageError(msg("history.not_folder", path=display_path(folder)))
    rounds = sorted(p for p in folder.iterdir() if (p / "round.yaml").is_file())
    if not rounds:
        raise UsageError(msg("history.no_rounds", path=display_path(folder)))
    return rounds


def history(folder: Path, lang: str) -> dict[str, Any]:
    """Each community's stars over the rounds in ``folder``, ordered by year then name."""
    paths = find_rounds(folder)
    years = {p: _year(p) for p in paths}
    paths.sort(key=lambda p: (years[p], p.name))
    loaded = [(p, load_any(p, lang)) for p in paths]
    rounds = [{"round": p.name, "title": d.title, "year": years[p]} for p, d in loaded]
    communities: dict[str, dict[str, Any]] = {}
    for i, (_, data) in enumerate(loaded):
        for r in data.rows:
            entry = communities.setdefault(
                r.id,
                {
                    "community": r.community,
                    "stars": [None] * len(loaded),
                    "totals": [None] * len(loaded),
                },
            )
            entry["community"] = r.community  # the latest name wins
            entry["stars"][i] = r.stars
            entry["totals"][i] = r.total
    return {"rounds": rounds, "communities": [communities[c] for c in sorted(communities)]}


def _year(path: Path) -> int:
    from star_rating.loading.round import read_round_file

    head = read_round_file(path, Collector())
    return head.year if head is not None and head.year is not None else 0


# --- the last round's result given to --previous ------------------------------------


def previous_standing(saved: SavedResult | Mapping[str, Any]) -> dict[str, Previous]:
    """Each community's stars last round, and how many rounds it has been below them."""
    if not isinstance(saved, SavedResult):
        saved = SavedResult.of(saved)
    return {
        r.id: Previous(stars=_star_count(r.stars), below_rounds=r.below_rounds) for r in saved.rows
    }


def _star_count(x: Number) -> int | Decimal:
    """Stars as a saved result has them: 4 stays 4, a half star stays 4.5."""
    d = Decimal(str(x))
    return int(d) if d == d.to_integral_value() else d.normalize()


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _years_in(*texts: object) -> set[int]:
    return {int(m) for t in texts if isinstance(t, str) for m in _YEAR.findall(t)}


def previous_year(saved: SavedResult, rnd: Round) -> tuple[int | None, Msg | None]:
    """The year of a previous result, and how it was found (None, None: not known).

    A result records no year of its own, so the year comes from, in order: a ``year``
    key; the round.yaml hash, when it is this round's own round.yaml; the year written
    in its round name and title, when this round's name and title carry its year the
    same way."""
    if saved.year is not None:
        return saved.year, msg("history.how.year")
    own = rnd.hashes.get("round.yaml")
    if saved.hashes is not None and own is not None and saved.hashes.get("round.yaml") == own:
        return rnd.year, msg("history.how.hash")
    if rnd.year is not None and _years_in(rnd.name, rnd.title) == {rnd.year}:
        found = _years_in(saved.round, saved.title)
        if len(found) == 1:
            return found.pop(), msg("history.how.name")
    return None, None


def check_previous(saved: SavedResult, path: Path, rnd: Round) -> None:
    """``--previous`` must be the result of an earlier round than ``rnd``."""
    prev, how = previous_year(saved, rnd)
    if how is None:
        return
    col = Collector()
    file = display_path(path)
    if prev is None or rnd.year is None:
        col.add(file, None, None, msg("history.previous.same", how=how), "previous")
    elif prev >= rnd.year:
        said = msg("history.previous.later", previous=prev, how=how, year=rnd.year)
        col.add(file, None, None, said, "previous")
    col.check()


# --- verify --------------------------------------------------------------------------


def fresh_result(
    scored: Scored, lang: str, figures: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What ``score --format json --lang LANG`` prints for ``scored``, read back with
    numbers as their JSON text (Decimal); ``figures``: the agreement, if made already."""
    from star_rating.engine.agreement import agreement
    from star_rating.outputs.common import round_dict

    data = round_dict(scored.scheme, scored.result, lang)
    data["agreement"] = figures if figures is not None else agreement(scored.scheme, scored.result)
    text = json.dumps(data, ensure_ascii=False)
    return json.loads(text, parse_float=Decimal)  # type: ignore[no-any-return]


@dataclass
class Verification:
    """The differences between a saved result and a fresh one."""

    lang: str
    differences: list[Msg] = field(default_factory=list)
    fields: int = 0  # values compared
    communities: int = 0  # rows compared
    detected: bool = False  # the language was read from the saved labels


def verify_scored(saved: SavedResult, scored: Scored, lang: str | None) -> Verification:
    """Compare ``saved`` with a fresh result of ``scored`` in ``lang``; without a
    language, in the one the saved labels are written in."""
    document = dict(saved.document)
    if lang is not None:
        return verify(document, fresh_result(scored, lang), lang)
    from star_rating.engine.agreement import agreement

    figures = agreement(scored.scheme, scored.result)
    first = "zh" if _has_chinese(document) else "en"
    best = verify(document, fresh_result(scored, first, figures), first)
    if best.differences:
        other = "en" if first == "zh" else "zh"
        second = verify(document, fresh_result(scored, other, figures), other)
        if len(second.differences) < len(best.differences):
            best = second
    best.detected = True
    return best


def _has_chinese(saved: dict[str, Any]) -> bool:
    def items(x: Any) -> list[Any]:
        return x if isinstance(x, list) else []

    texts: list[Any] = [*items(saved.get("quota_notes"))]
    for r in items(saved.get("results")):
        if isinstance(r, dict):
            texts += [r.get("level"), *items(r.get("reasons")), *items(r.get("flags"))]
    return any(isinstance(t, str) and re.search(r"[\u4e00-\u9fff]", t) for t in texts)


def verify(saved: dict[str, Any], fresh: dict[str, Any], lang: str = "en") -> Verification:
    """Every difference between a saved result and a fresh one, each by its path."""
    out = Verification(lang)
    diff = _Diff(out)
    # what the rest follows from first: the scheme, the version, the inputs
    first = [k for k in ("scheme", "star_rate", "hashes") if k in fresh]
    for key in [*first, *(k for k in fresh if k not in first)]:
        value = fresh[key]
        if key not in saved:
            diff.absent(key, value)
        elif key == "results" and isinstance(saved[key], list):
            diff.results(saved[key], value)
        else:
            diff.value(_key(key), saved[key], value)
    for key, value in saved.items():
        if key not in fresh:
            diff.extra(_key(key), value)
    return out


class _Diff:
    def __init__(self, out: Verification):
        self.out = out

    def add(self, said: Msg) -> None:
        self.out.differences.append(said)

    def absent(self, path: str, fresh: Any) -> None:
        self.out.fields += 1
        self.add(msg("history.diff.absent", path=path, fresh=_show(fresh)))

    def extra(self, path: str, saved: Any) -> None:
        self.out.fields += 1
        self.add(msg("history.diff.extra", path=path, saved=_show(saved)))

    def value(self, path: str, a: Any, b: Any) -> None:
        if isinstance(a, dict) and isinstance(b, dict):
            for key, value in b.items():
                if key in a:
                    self.value(_key(key, path), a[key], value)
                else:
                    self.absent(_key(key, path), value)
            for key, value in a.items():
                if key not in b:
                    self.extra(_key(key, path), value)
        elif isinstance(a, list) and isinstance(b, list):
            for i in range(max(len(a), len(b))):
                if i >= len(a):
                    self.absent(f"{path}[{i}]", b[i])
                elif i >= len(b):
                    self.extra(f"{path}[{i}]", a[i])
                else:
                    self.value(f"{path}[{i}]", a[i], b[i])
        else:
            self.out.fields += 1
            if not _same(a, b):
                key = "history.diff.value"
                if path == "star_rate":
                    key = "history.diff.version"  # the results may differ for that reason
                elif path.startswith("hashes[") and isinstance(a, str) and isinstance(b, str):
                    a, b = f"{a[:12]}…", f"{b[:12]}…"
                    key = "history.diff.hash"
                self.add(msg(key, path=path, saved=_show(a), fresh=_show(b)))

    def results(self, saved: list[Any], fresh: list[dict[str, Any]]) -> None:
        fresh_by = {r["community"]["id"]: r for r in fresh}
        saved_by: dict[str, Any] = {}
        twice: list[str] = []
        for i, row in enumerate(saved):
            cid = _row_id(row)
            if cid is None:
                self.add(msg("history.diff.not_row", path=f"results[{i}]", row=_show(row)))
            elif cid in saved_by:
                twice.append(cid)
            else:
                saved_by[cid] = row
        extra = [c for c in saved_by if c not in fresh_by]
        missing = [c for c in fresh_by if c not in saved_by]
        repeated = list(dict.fromkeys(twice))
        if extra or missing or repeated or len(saved) != len(fresh):
            which = [
                msg(key, ids=_labels(ids))
                for key, ids in (
                    ("history.diff.extra_ids", extra),
                    ("history.diff.missing_ids", missing),
                    ("history.diff.repeated_ids", repeated),
                )
                if ids
            ]
            counts = {"saved": len(saved), "fresh": len(fresh)}
            if which:
                self.add(msg("history.diff.rows_which", which=which, **counts))
            else:
                self.add(msg("history.diff.rows", **counts))
        order_saved = [c for c in saved_by if c in fresh_by]
        order_fresh = [c for c in fresh_by if c in saved_by]
        if order_saved != order_fresh:
            at = next(
                i for i, (a, b) in enumerate(zip(order_saved, order_fresh, strict=False)) if a != b
            )
            self.add(
                msg(
                    "history.diff.order",
                    row=at + 1,
                    saved=_label(order_saved[at]),
                    fresh=_label(order_fresh[at]),
                )
            )
        for cid in order_fresh:
            self.out.communities += 1
            self.value(f"results[{_label(cid)}]", saved_by[cid], fresh_by[cid])


def _row_id(row: Any) -> str | None:
    if isinstance(row, dict) and isinstance(row.get("community"), dict):
        cid = row["community"].get("id")
        if isinstance(cid, str):
            return cid
    return None


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_PLAIN_ID = re.compile(r"[A-Za-z0-9_.-]+")


def _key(key: str, path: str = "") -> str:
    if _PLAIN.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _label(cid: str) -> str:
    return cid if _PLAIN_ID.fullmatch(cid) else json.dumps(cid, ensure_ascii=False)


def _labels(ids: list[str], most: int = 10) -> Msg | str:
    shown = ", ".join(_label(c) for c in ids[:most])
    if len(ids) > most:
        return msg("history.diff.more_ids", ids=shown, more=len(ids) - most)
    return shown


def _same(a: Any, b: Any) -> bool:
    """Exact equality of two JSON values: of the same type, numbers by their text."""
    if type(a) is not type(b):
        return False
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return bool(a == b)


def _show(value: Any, most: int = 120) -> str:
    text = _text(value)
    return text if len(text) <= most else text[: most - 1] + "…"


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{_text(k)}: {_text(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)
