"""The engine against hand-computed results for other published schemes.

``samples/schemes/breeam-style`` (BREEAM 2011 NC-like: weighted sections, n/a credits,
minimum standards, capped innovation credits), ``samples/schemes/green-building``
(GB/T 50378-2019-like: prerequisites required at every level, 30 % category floors,
a named basic level) and ``samples/schemes/nabers-style`` (NABERS Energy-like: a
measured rating in half-star bands, half-star levels without ``min_total``).  Each
round folder carries ``expected.yaml`` with the results worked out by hand from
DESIGN §5 and §7 (the arithmetic is in its comments).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from star_rating.cli import app

SCHEMES = Path(__file__).resolve().parents[1] / "samples" / "schemes"
NAMES = ["breeam-style", "green-building", "nabers-style"]

runner = CliRunner()


def _expected(round_dir: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((round_dir / "expected.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data, f"{round_dir}/expected.yaml lists no communities"
    return data


def _score_json(round_dir: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["score", str(round_dir), "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, (
        f"star-rate score exited {result.exit_code}\nstdout:\n{result.stdout}\n"
        f"stderr:\n{result.stderr}\n{result.exception!r}"
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", NAMES)
def test_validate_scheme(name: str) -> None:
    result = runner.invoke(app, ["validate", str(SCHEMES / name)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", NAMES)
def test_round_matches_hand_computed(name: str) -> None:
    round_dir = SCHEMES / name / "round"
    expected = _expected(round_dir)
    out = _score_json(round_dir)
    results = {r["community"]["id"]: r for r in out["results"]}
    assert set(results) == set(expected)
    problems = []
    for cid, want in expected.items():
        got = results[cid]
        if Decimal(str(got["total"])) != Decimal(str(want["total"])):
            problems.append(f"{cid}: total {got['total']} != {want['total']}")
        if got["stars"] != want["stars"]:
            problems.append(f"{cid}: stars {got['stars']} != {want['stars']}")
        if got.get("level") != want["level"]:
            problems.append(f"{cid}: level {got.get('level')!r} != {want['level']!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_ranks_follow_totals(name: str) -> None:
    """DESIGN §5.5: rank by total, descending, whatever the level (no ties here)."""
    round_dir = SCHEMES / name / "round"
    expected = _expected(round_dir)
    out = _score_json(round_dir)
    order = sorted(expected, key=lambda cid: Decimal(str(expected[cid]["total"])), reverse=True)
    ranks = {r["community"]["id"]: r["rank"] for r in out["results"]}
    assert [ranks[cid] for cid in order] == list(range(1, len(order) + 1))


# --- NABERS-style: half stars decided by the measured rating --------------------------


def test_nabers_half_star_levels_without_min_total() -> None:
    """A 4.97 rating reaches the 4.5 band (not rounded up to 5): JSON stars is the
    number 4.5 and the level "4.5★"; the next level up names the rating it lacks."""
    out = _score_json(SCHEMES / "nabers-style" / "round")
    results = {r["community"]["id"]: r for r in out["results"]}
    n02 = results["N02"]
    # 497/100 >= 9/2 and < 5 -> band 9/2: total 4.5, stars 4.5 (a number, not "4.5")
    assert n02["stars"] == 4.5 and isinstance(n02["stars"], float)
    assert n02["level"] == "4.5★"
    assert n02["reasons"] == [
        "meets every rule of 4.5★",
        "not 5★: rating has 4.5 in the Certification check; at least 5 required, not met",
    ]
    assert out["summary"]["stars"] == {"6": 1, "5": 1, "4.5": 1, "0": 1}


def test_nabers_certification_decides() -> None:
    """combine: final: the certified 5.0 (band 5), not the assessor's 5.52 (band 11/2)."""
    out = _score_json(SCHEMES / "nabers-style" / "round")
    n03 = next(r for r in out["results"] if r["community"]["id"] == "N03")
    assert n03["stages"] == {"assessment": 5.5, "certification": 5.0}
    assert (n03["total"], n03["stars"], n03["level"]) == (5.0, 5, "5★")
    assert n03["reasons"][1] == (
        "not 5.5★: rating has 5 in the Certification check; at least 5.5 required, not met"
    )
    n04 = next(r for r in out["results"] if r["community"]["id"] == "N04")
    # 21/50 < 1/2: no band, no level
    assert (n04["stars"], n04["level"]) == (0, None)
    assert n04["reasons"] == [
        "below the lowest level, 0.5★: rating has 0 in the Certification check; "
        "at least 0.5 required, not met"
    ]
