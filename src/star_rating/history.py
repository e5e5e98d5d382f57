"""Across rounds: previous results, `compare` and `history`.

A round is given either as a round folder (scored here) or as the JSON that
``score --format json`` printed; both become the same dictionary shape.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from star_rating.engine.dynamic import Previous
from star_rating.errors import Collector, UsageError, display_path
from star_rating.loading.limits import read_limited


def load_result_json(path: Path) -> dict[str, Any]:
    """A saved ``score --format json`` result; problems raise ProblemsFound."""
    col = Collector()
    file = display_path(path)
    raw = read_limited(path, file, col)
    data: Any = None
    if raw is not None:
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            col.add(file, None, None, "not UTF-8 text; expected a score JSON file", "encoding")
        except json.JSONDecodeError as exc:
            col.add(file, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}", "syntax")
    if data is not None and not (
        isinstance(data, dict)
        and isinstance(data.get("results"), list)
        and all(isinstance(r, dict) and "community" in r and "stars" in r for r in data["results"])
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
            stars=int(r["stars"]), below_rounds=int(dyn.get("below_rounds", 0))
        )
    return out


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


_COMPARED = ("total", "stars", "qualified_stars", "rank", "bonus", "stages", "dimensions", "vetoes")


def verify(saved: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    """Every difference between a saved result and a fresh scoring of the same round."""
    diffs: list[str] = []
    for key in ("id", "version"):
        a, b = saved.get("scheme", {}).get(key), fresh["scheme"][key]
        if a != b:
            diffs.append(f"scheme {key}: saved {a!r}, now {b!r}")
    if saved.get("star_rate") != fresh.get("star_rate"):
        diffs.append(
            f"star-rate version: saved {saved.get('star_rate')!r}, now "
            f"{fresh.get('star_rate')!r} (results may differ for that reason)"
        )
    old_h, new_h = saved.get("hashes", {}), fresh.get("hashes", {})
    for f in sorted(old_h.keys() | new_h.keys()):
        if f not in new_h:
            diffs.append(f"input {f}: in the saved result, no longer read")
        elif f not in old_h:
            diffs.append(f"input {f}: new since the saved result")
        elif old_h[f] != new_h[f]:
            diffs.append(f"input {f}: changed (sha256 {old_h[f][:12]}… -> {new_h[f][:12]}…)")
    old = {r["community"]["id"]: r for r in saved["results"]}
    new = {r["community"]["id"]: r for r in fresh["results"]}
    for cid in sorted(old.keys() - new.keys()):
        diffs.append(f"{cid}: in the saved result, not in the round")
    for cid in sorted(new.keys() - old.keys()):
        diffs.append(f"{cid}: in the round, not in the saved result")
    for cid in sorted(old.keys() & new.keys()):
        for key in _COMPARED:
            a, b = old[cid].get(key), new[cid].get(key)
            if a != b:
                diffs.append(
                    f"{cid} {key}: saved {json.dumps(a, ensure_ascii=False)}, "
                    f"now {json.dumps(b, ensure_ascii=False)}"
                )
    return diffs
