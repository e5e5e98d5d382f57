"""The engine against hand-computed results for other published schemes.

``samples/schemes/breeam-style`` (BREEAM 2011 NC-like: weighted sections, n/a credits,
minimum standards, capped innovation credits), ``samples/schemes/green-building``
(GB/T 50378-2019-like: prerequisites required at every level, 30 % category floors,
a named basic level) and ``samples/schemes/nabers-style`` (NABERS Energy-like: a
measured rating in half-star bands, half-star levels without ``min_total``) and
``samples/schemes/panel-community`` (a reduced community scheme whose district stage
is a five-member panel, trimmed by one at each end) and ``samples/schemes/hotel-gbt14308``
(GB/T 14308-2010-like: mandatory items per level, a facilities floor in points, an
operations quality rate in bands, no ``min_total``); the LEED- and WELL-style schemes
of tests/test_published_schemes.py are checked here against their hand results too.  Each
round folder carries ``expected.yaml`` with the results worked out by hand from
DESIGN §5 and §7 (the arithmetic is in its comments).
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from star_rating.cli import app

SCHEMES = Path(__file__).resolve().parents[1] / "samples" / "schemes"
NAMES = [
    "breeam-style",
    "green-building",
    "nabers-style",
    "panel-community",
    "hotel-gbt14308",
    "leed-style",
    "well-style",
]

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


# --- panel-community: a five-member district panel, trimmed by one -------------------

PANEL_ROUND = SCHEMES / "panel-community" / "round"


def _panels(cid: str) -> list[dict[str, Any]]:
    out = _score_json(PANEL_ROUND)
    result = next(r for r in out["results"] if r["community"]["id"] == cid)
    panels: list[dict[str, Any]] = result["panels"]["district"]
    return panels


def test_panel_json_shows_every_reviewer_and_who_was_dropped() -> None:
    """P01: 95 (D1) and 80 (D5) dropped, (89.5 + 89 + 88.5)/3 = 89 kept; the stage
    value is 89 and the combined 1799/20 = 89.95 rounds half-up to 90.0."""
    assert _panels("P01") == [
        {"reviewer": "D1-王敏", "total": 95.0, "kept": False},
        {"reviewer": "D2-李强", "total": 89.5, "kept": True},
        {"reviewer": "D3-张华", "total": 89.0, "kept": True},
        {"reviewer": "D4-刘洋", "total": 88.5, "kept": True},
        {"reviewer": "D5-陈静", "total": 80.0, "kept": False},
    ]
    out = _score_json(PANEL_ROUND)
    p01 = next(r for r in out["results"] if r["community"]["id"] == "P01")
    assert p01["stages"] == {"self": 93.0, "street": 89.5, "district": 89.0}
    assert (p01["total"], p01["stars"]) == (90.0, 5)
    # |80 - 89| = 9 > 8 is flagged; |95 - 89| = 6 is not
    assert p01["flags"] == [
        "panel spread: D5-陈静's District review total 80 is 9 points from the panel's 89 "
        "(tolerance 8 points)"
    ]


def test_panel_tie_at_the_top_drops_the_later_reviewer() -> None:
    """P02: D2 and D4 both total 86; the later id, D4, is the one dropped."""
    kept = {p["reviewer"]: p["kept"] for p in _panels("P02")}
    assert kept == {
        "D1-王敏": True,
        "D2-李强": True,
        "D3-张华": True,
        "D4-刘洋": False,
        "D5-陈静": False,
    }


def test_panel_explain_lists_the_reviewers_and_the_boundary() -> None:
    result = runner.invoke(
        app,
        ["explain", str(PANEL_ROUND), "P02", "--lang", "en"],
        env={"COLUMNS": "200", "STAR_RATE_LANG": "en"},
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        "District review panel (5 reviewers): by total, the 1 highest and the 1 lowest "
        "dropped, the rest averaged"
    ) in out
    assert (
        "D4-刘洋: 86  dropped (high end); ties with D2-李强 at 86: the later reviewer id "
        "is dropped first"
    ) in out
    assert "D5-陈静: 78  dropped (low end)" in out
    assert "(84 + 86 + 83) / 3 = 253/3 ≈84.333333" in out
    result = runner.invoke(
        app,
        ["explain", str(PANEL_ROUND), "P01", "--lang", "en"],
        env={"COLUMNS": "200", "STAR_RATE_LANG": "en"},
    )
    assert result.exit_code == 0, result.output
    assert "weighted: 0.2 × 93 + 0.3 × 89.5 + 0.5 × 89 = 89.95" in result.stdout
    assert "89.95 -> 90.0 (half-up, 1 decimal place;" in result.stdout


def test_panel_plain_mean_would_miss_five_stars(tmp_path: Path) -> None:
    """The same reviews with aggregate: mean: district 442/5 = 88.4, total
    93/5 + 537/20 + 221/5 = 1793/20 = 89.65 -> 89.7: four stars, not five."""
    scheme = tmp_path / "panel-community"
    shutil.copytree(SCHEMES / "panel-community", scheme)
    text = (scheme / "scheme.yaml").read_text(encoding="utf-8")
    assert "aggregate: trimmed, trim: 1," in text
    (scheme / "scheme.yaml").write_text(
        text.replace("aggregate: trimmed, trim: 1,", "aggregate: mean,"), encoding="utf-8"
    )
    out = _score_json(scheme / "round")
    p01 = next(r for r in out["results"] if r["community"]["id"] == "P01")
    assert p01["stages"]["district"] == 88.4
    assert (p01["total"], p01["stars"]) == (89.7, 4)
    assert all(p["kept"] for p in p01["panels"]["district"])


# --- hotel-gbt14308: mandatory items, facilities floor, operations rate ---------------

HOTEL_ROUND = SCHEMES / "hotel-gbt14308" / "round"


def test_hotel_levels_are_decided_by_the_three_tests() -> None:
    """No min_total: H03's 318 facilities points are 2 short of four stars' 320 though
    its operations rate (0.91 -> band 85) is the best; H02 has 436 >= 420 but lacks
    the five-star item ma-7 and its 0.83 reaches band 80 < 85; H04 meets the two-star
    items only (ma-4, ma-5 gate 3★ and above)."""
    out = _score_json(HOTEL_ROUND)
    reasons = {r["community"]["id"]: r["reasons"] for r in out["results"]}
    assert reasons["H03"] == [
        "meets every rule of Three-star",
        "not Four-star: Facilities and equipment 318/600 is below the floor of 320 points "
        "(2 points short)",
    ]
    assert reasons["H02"] == [
        "meets every rule of Four-star",
        "not Five-star: prerequisite ma-7 (Banquet hall and multi-function room; 24-hour "
        "room service (five stars)) not met: no Five-star; "
        "op-rate has 80 in the Star inspection; at least 85 required, not met",
    ]
    assert reasons["H04"] == [
        "meets every rule of Two-star",
        "not Three-star: Facilities and equipment 150/600 is below the floor of 220 points "
        "(70 points short); prerequisite ma-4 (Every guest room with its own bathroom; hot "
        "and cold water around the clock (from three stars)) not met: no Three-star or above; "
        "prerequisite ma-5 (Chinese restaurant serving lunch and dinner (from three "
        "stars)) not met: no Three-star or above; op-rate has 0 in the Star inspection; at least "
        "70 required, not met",
    ]
    # prerequisites score nothing: the total is facilities + operations band
    totals = {r["community"]["id"]: r["total"] for r in out["results"]}
    assert totals == {"H01": 537, "H02": 516, "H03": 403, "H04": 150}


def test_hotel_mandatory_item_gates_only_its_levels(tmp_path: Path) -> None:
    """H01 without ma-6 (gates 4★ and 5★): 452 facilities and band 85 would give five
    stars, but the best level it may reach is 3★; the total stays 452 + 85 = 537."""
    scheme = tmp_path / "hotel"
    shutil.copytree(SCHEMES / "hotel-gbt14308", scheme)
    review = scheme / "round" / "reviews" / "H01-inspection.yaml"
    text = review.read_text(encoding="utf-8")
    assert "ma-6: true\n" in text
    review.write_text(text.replace("ma-6: true\n", "ma-6: false\n"), encoding="utf-8")
    out = _score_json(scheme / "round")
    h01 = next(r for r in out["results"] if r["community"]["id"] == "H01")
    assert (h01["total"], h01["stars"], h01["level"]) == (537, 3, "Three-star")


def test_hotel_operations_rate_as_percentage_is_refused(tmp_path: Path) -> None:
    """op-rate declares range [0, 1]: 87 instead of 0.87 is an error at its line, with
    the percentage hint, and nothing is scored."""
    scheme = tmp_path / "hotel"
    shutil.copytree(SCHEMES / "hotel-gbt14308", scheme)
    review = scheme / "round" / "reviews" / "H01-inspection.yaml"
    text = review.read_text(encoding="utf-8")
    assert "op-rate: 0.87\n" in text
    review.write_text(text.replace("op-rate: 0.87\n", "op-rate: 87\n"), encoding="utf-8")
    result = runner.invoke(app, ["score", str(scheme / "round"), "--lang", "en"])
    assert result.exit_code == 1
    assert (
        "H01-inspection.yaml:19:12: error: op-rate: 87 is above the range of the measured "
        "value, 0 to 1; looks like a percentage: write 0.87 or 87% [entry]"
    ) in result.output
