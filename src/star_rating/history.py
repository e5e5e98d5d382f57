"""Across rounds: previous results, `compare` and `history`.

A round is given either as a round folder (scored here) or as the JSON that
``score --format json`` printed; both become the same dictionary shape.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rating.engine.dynamic import Previous
from star_rating.errors import Collector, UsageError, display_path
from star_rating.loading.limits import read_limited

if TYPE_CHECKING:
    from star_rating.api import Scored
    from star_rating.models.round import Round


def load_result_json(path: Path) -> dict[str, Any]:
    """A saved ``score --format json`` result for ``compare``, ``history`` and
    ``--previous``; problems raise ProblemsFound."""
    return read_result(path, exact=False)


def load_any(path: Path, lang: str, criteria: Path | None = None) -> dict[str, Any]:
    """A round folder (scored now) or a saved result JSON, as the JSON dictionary."""
    if path.is_dir():
        from star_rating import api
        from star_rating.outputs.common import round_dict

        scored = api.run(path, criteria)
        return round_dict(scored.scheme, scored.result, lang)
    if path.is_file():
        return load_result_json(path)
    raise UsageError(f"{display_path(path)}: no such round folder or result file")


def previous_standing(data: dict[str, Any]) -> dict[str, Previous]:
    out = {}
    for r in data["results"]:
        dyn = r.get("dynamic") or {}
        out[str(r["community"]["id"])] = Previous(
            stars=_star_count(r["stars"]), below_rounds=int(dyn.get("below_rounds", 0))
        )
    return out


def _star_count(x: Any) -> int | Decimal:
    """Stars as a saved result has them: 4 stays 4, a half star stays 4.5."""
    d = Decimal(str(x))
    return int(d) if d == d.to_integral_value() else d.normalize()


def _num(x: Any) -> Decimal:
    return Decimal(str(x))


def compare(before: dict[str, Any], after: dict[str, Any], top: int = 3) -> dict[str, Any]:
    """Communities whose stars changed, and the new and dropped ones."""
    old = {r["community"]["id"]: r for r in before["results"]}
    new = {r["community"]["id"]: r for r in after["results"]}
    changes = []
    for cid in sorted(old.keys() & new.keys()):
        a, b = old[cid], new[cid]
        if a["stars"] == b["stars"]:
            continue
        moved = []
        for dim, value in b.get("dimensions", {}).items():
            if dim in a.get("dimensions", {}):
                diff = _num(value) - _num(a["dimensions"][dim])
                if diff:
                    moved.append(
                        {
                            "dimension": dim,
                            "before": a["dimensions"][dim],
                            "after": value,
                            "change": float(diff),
                        }
                    )
        moved.sort(key=lambda m: (-abs(Decimal(str(m["change"]))), m["dimension"]))
        changes.append(
            {
                "community": b["community"],
                "before": a["stars"],
                "after": b["stars"],
                "total_before": a["total"],
                "total_after": b["total"],
                "total_change": float(_num(b["total"]) - _num(a["total"])),
                "dimensions_moved": moved[:top],
                # why the stars are what they are now: a veto, a quota, a cap, the level
                "reasons": list(b.get("reasons", [])),
            }
        )
    changes.sort(key=lambda c: (-(c["after"] - c["before"]), c["community"]["id"]))
    return {
        "before": {"round": before.get("round"), "title": before.get("title")},
        "after": {"round": after.get("round"), "title": after.get("title")},
        "changes": changes,
        "new": [
            new[c]["community"] | {"stars": new[c]["stars"]}
            for c in sorted(new.keys() - old.keys())
        ],
        "dropped": [
            old[c]["community"] | {"stars": old[c]["stars"]}
            for c in sorted(old.keys() - new.keys())
        ],
    }


def find_rounds(folder: Path) -> list[Path]:
    """Round folders directly under ``folder`` (or the folder itself), oldest first."""
    if not folder.is_dir():
        raise UsageError(f"{display_path(folder)}: not a folder")
    rounds = sorted(p for p in folder.iterdir() if (p / "round.yaml").is_file())
    if not rounds:
        raise UsageError(f"{display_path(folder)}: no round folders (with round.yaml) in it")
    return rounds


def history(folder: Path, lang: str) -> dict[str, Any]:
    """Each community's stars over the rounds in ``folder``, ordered by year then name."""
    paths = find_rounds(folder)
    years = {p: _year(p) for p in paths}
    paths.sort(key=lambda p: (years[p], p.name))
    loaded = [(p, load_any(p, lang)) for p in paths]
    rounds = [{"round": p.name, "title": d.get("title"), "year": years[p]} for p, d in loaded]
    communities: dict[str, dict[str, Any]] = {}
    for i, (_, data) in enumerate(loaded):
        for r in data["results"]:
            cid = r["community"]["id"]
            entry = communities.setdefault(
                cid,
                {
                    "community": r["community"],
                    "stars": [None] * len(loaded),
                    "totals": [None] * len(loaded),
                },
            )
            entry["community"] = r["community"]  # the latest name wins
            entry["stars"][i] = r["stars"]
            entry["totals"][i] = r["total"]
    return {"rounds": rounds, "communities": [communities[c] for c in sorted(communities)]}


def _year(path: Path) -> int:
    from star_rating.loading.round import read_round_file

    head = read_round_file(path, Collector())
    return head.year if head is not None and head.year is not None else 0


# --- the last round's result given to --previous ------------------------------------

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _years_in(*texts: object) -> set[int]:
    return {int(m) for t in texts if isinstance(t, str) for m in _YEAR.findall(t)}


def previous_year(data: dict[str, Any], rnd: Round) -> tuple[int | None, str]:
    """The year of a previous result, and how it was found (None: not known).

    A result records no year of its own, so the year comes from, in order: a ``year``
    key; the round.yaml hash, when it is this round's own round.yaml; the year written
    in its round name and title, when this round's name and title carry its year the
    same way."""
    year = data.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        return year, "its `year`"
    hashes = data.get("hashes")
    own = rnd.hashes.get("round.yaml")
    if isinstance(hashes, dict) and own is not None and hashes.get("round.yaml") == own:
        return rnd.year, "its round.yaml is this round's"
    if rnd.year is not None and _years_in(rnd.name, rnd.title) == {rnd.year}:
        found = _years_in(data.get("round"), data.get("title"))
        if len(found) == 1:
            return found.pop(), "from its round name and title"
    return None, ""


def check_previous(data: dict[str, Any], path: Path, rnd: Round) -> None:
    """``--previous`` must be the result of an earlier round than ``rnd``."""
    prev, how = previous_year(data, rnd)
    if prev is None and how == "":
        return
    col = Collector()
    file = display_path(path)
    if prev is None or rnd.year is None:
        col.add(
            file,
            None,
            None,
            f"--previous is a result of this same round ({how}); it takes the result of "
            "an earlier year's round",
            "previous",
        )
    elif prev >= rnd.year:
        col.add(
            file,
            None,
            None,
            f"--previous is a result of {prev} ({how}), but the round being scored is of "
            f"{rnd.year}; it takes the result of an earlier year's round",
            "previous",
        )
    col.check()


# --- verify --------------------------------------------------------------------------

_WRITTEN_BY = "verify checks the JSON that `star-rate score ROUND --format json` writes"
_MARKS = ("hashes", "star_rate", "agreement")


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


def load_saved_result(path: Path) -> dict[str, Any]:
    """A saved ``score --format json`` result for ``verify``: numbers kept as their JSON
    text (Decimal), duplicate keys and files of another kind are errors."""
    return read_result(path, exact=True)


def read_result(path: Path, exact: bool) -> dict[str, Any]:
    """The one reader of saved results.  ``exact`` (``verify``): numbers as Decimal, a
    duplicate key or a JSON constant is an error, and a file of another kind (a public
    notice, an export, compare's output) is named as such; otherwise any JSON whose
    ``results`` rows have a community and stars will do."""
    col = Collector()
    file = display_path(path)
    raw = read_limited(path, file, col)
    data: Any = None
    if raw is not None:
        hooks: dict[str, Any] = (
            {"parse_float": Decimal, "parse_constant": _no_constant, "object_pairs_hook": _unique}
            if exact
            else {}
        )
        try:
            data = json.loads(raw.decode("utf-8-sig"), **hooks)
        except UnicodeDecodeError:
            col.add(file, None, None, "not UTF-8 text; expected a saved result", "encoding")
        except json.JSONDecodeError as exc:
            col.add(file, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}", "syntax")
        except _DuplicateKey as exc:
            col.add(
                file,
                None,
                None,
                f"the key {json.dumps(exc.key, ensure_ascii=False)} appears twice in one "
                "object; a saved result has each key once",
                "duplicate-key",
            )
        except ValueError as exc:
            col.add(file, None, None, f"not valid JSON: {exc} is not a number", "syntax")
    if data is not None:
        if exact:
            what = _looks_like(data)
            if what is not None:
                col.add(file, 1, 1, f"not a saved result: {what}; {_WRITTEN_BY}", "type")
        elif not (
            isinstance(data, dict)
            and isinstance(data.get("results"), list)
            and all(
                isinstance(r, dict) and "community" in r and "stars" in r
                for r in data["results"]
            )
        ):
            col.add(
                file,
                1,
                1,
                "not a star-rate result: expected the JSON of `star-rate score --format json`",
                "type",
            )
    col.check()
    return data  # type: ignore[no-any-return]


def _looks_like(data: Any) -> str | None:
    """What a JSON document is instead of a saved result (None: it is one)."""
    if not isinstance(data, dict):
        kind = "an array" if isinstance(data, list) else "a single value"
        return f"the file holds {kind}, not an object"
    if "changes" in data and "results" not in data:
        return "it looks like the output of `star-rate compare --format json`"
    if "rounds" in data and "communities" in data:
        return "it looks like the output of `star-rate history --format json`"
    if not isinstance(data.get("results"), list):
        return "it has no `results` list"
    if "notice" in data and "hashes" not in data:
        return (
            "it looks like the public notice (公示) of `star-rate export --format json "
            "--public`, which leaves out flags, input hashes and agreement figures"
        )
    if "hashes" in data and "star_rate" in data and "agreement" not in data:
        return (
            "it looks like the JSON of `star-rate export --format json`, which has no "
            "agreement figures"
        )
    if not any(k in data for k in _MARKS):
        return "it has none of `hashes`, `star_rate` and `agreement`"
    return None


def dynamic_rows(saved: dict[str, Any]) -> int:
    """How many saved rows carry last round's standing (scored with --previous)."""
    return sum(
        1
        for r in saved.get("results", [])
        if isinstance(r, dict) and isinstance(r.get("dynamic"), dict)
    )


def fresh_result(
    scored: Scored, lang: str, figures: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What ``score --format json --lang LANG`` prints for ``scored``, read back with
    numbers as their JSON text (Decimal); ``figures``: the agreement, if made already."""
    from star_rating.engine.agreement import agreement
    from star_rating.outputs.common import round_dict

    data = round_dict(scored.scheme, scored.result, lang)
    data["agreement"] = (
        figures if figures is not None else agreement(scored.scheme, scored.result.results)
    )
    text = json.dumps(data, ensure_ascii=False)
    return json.loads(text, parse_float=Decimal)  # type: ignore[no-any-return]


@dataclass
class Verification:
    """The differences between a saved result and a fresh one."""

    lang: str
    differences: list[str] = field(default_factory=list)
    fields: int = 0  # values compared
    communities: int = 0  # rows compared
    detected: bool = False  # the language was read from the saved labels


def verify_scored(saved: dict[str, Any], scored: Scored, lang: str | None) -> Verification:
    """Compare ``saved`` with a fresh result of ``scored`` in ``lang``; without a
    language, in the one the saved labels are written in."""
    if lang is not None:
        return verify(saved, fresh_result(scored, lang), lang)
    from star_rating.engine.agreement import agreement

    figures = agreement(scored.scheme, scored.result.results)
    first = "zh" if _has_chinese(saved) else "en"
    best = verify(saved, fresh_result(scored, first, figures), first)
    if best.differences:
        other = "en" if first == "zh" else "zh"
        second = verify(saved, fresh_result(scored, other, figures), other)
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

    def add(self, line: str) -> None:
        self.out.differences.append(line)

    def absent(self, path: str, fresh: Any) -> None:
        self.out.fields += 1
        self.add(f"{path}: not in the saved result, fresh {_show(fresh)}")

    def extra(self, path: str, saved: Any) -> None:
        self.out.fields += 1
        self.add(f"{path}: saved {_show(saved)}, not in a fresh result")

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
                if path == "star_rate":
                    note = " (the results may differ for that reason)"
                elif path.startswith("hashes[") and isinstance(a, str) and isinstance(b, str):
                    a, b = f"{a[:12]}…", f"{b[:12]}…"
                    note = " (sha256: the input changed since the result was saved)"
                else:
                    note = ""
                self.add(f"{path}: saved {_show(a)}, fresh {_show(b)}{note}")

    def results(self, saved: list[Any], fresh: list[dict[str, Any]]) -> None:
        fresh_by = {r["community"]["id"]: r for r in fresh}
        saved_by: dict[str, Any] = {}
        twice: list[str] = []
        for i, row in enumerate(saved):
            cid = _row_id(row)
            if cid is None:
                self.add(f"results[{i}]: not a result row (no community id): {_show(row)}")
            elif cid in saved_by:
                twice.append(cid)
            else:
                saved_by[cid] = row
        extra = [c for c in saved_by if c not in fresh_by]
        missing = [c for c in fresh_by if c not in saved_by]
        repeated = list(dict.fromkeys(twice))
        if extra or missing or repeated or len(saved) != len(fresh):
            parts = [
                f"{word}: {_labels(ids)}"
                for word, ids in (("extra", extra), ("missing", missing), ("repeated", repeated))
                if ids
            ]
            self.add(
                f"results: saved has {len(saved)} {'row' if len(saved) == 1 else 'rows'}, "
                f"the round has {len(fresh)}" + (f" ({'; '.join(parts)})" if parts else "")
            )
        order_saved = [c for c in saved_by if c in fresh_by]
        order_fresh = [c for c in fresh_by if c in saved_by]
        if order_saved != order_fresh:
            at = next(
                i for i, (a, b) in enumerate(zip(order_saved, order_fresh, strict=False)) if a != b
            )
            self.add(
                f"results: rows in another order than the round's (from row {at + 1}: saved "
                f"{_label(order_saved[at])}, fresh {_label(order_fresh[at])})"
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


def _labels(ids: list[str], most: int = 10) -> str:
    shown = ", ".join(_label(c) for c in ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


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
