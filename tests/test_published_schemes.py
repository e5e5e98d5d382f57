"""The engine against hand-computed results for schemes after published building ratings.

``samples/schemes/leed-style`` (LEED v4 BD+C-like: credit categories, exclusive
location paths as ``alternatives``, prerequisites gating every level, innovation and
regional priority as a capped bonus, Certified / Silver / Gold / Platinum by points)
and ``samples/schemes/well-style`` (WELL v2-like: ten concepts of up to 12 points,
at most 100 counted (``points_cap``), preconditions as prerequisites, innovation
capped at 10, per-concept minimums for Silver and above).  Each round folder carries
``expected.yaml`` with every total and level worked out by hand from DESIGN §5 and
§7 (the arithmetic, as exact fractions, is in its comments); every total, level and
rank is compared with it in tests/test_other_schemes.py, the scheme's own rules here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from star_rating.cli import app
from test_other_schemes import _score_json

SCHEMES = Path(__file__).resolve().parents[1] / "samples" / "schemes"
NAMES = ["leed-style", "well-style"]

runner = CliRunner()


def _results(name: str) -> dict[str, dict[str, Any]]:
    out = _score_json(SCHEMES / name / "round")
    return {r["community"]["id"]: r for r in out["results"]}


@pytest.mark.parametrize("name", NAMES)
def test_validate_scheme_and_round_strict(name: str) -> None:
    for path in (SCHEMES / name, SCHEMES / name / "round"):
        # --strict: any warning fails too
        result = runner.invoke(app, ["validate", "--strict", str(path)])
        assert result.exit_code == 0, result.output


# --- LEED-style: exclusive paths, prerequisites, a capped bonus -------------------------


def test_leed_categories_and_bonus_as_worked_by_hand() -> None:
    """Every category and the capped bonus of each building (expected.yaml comments)."""
    results = _results("leed-style")
    got = {cid: (r["dimensions"], r["bonus"]) for cid, r in results.items()}
    assert got == {
        # 1 + 14 + 7 + 8 + 18 + 9 + 12 = 69; bonus min(10, 1) = 1
        "L01": ({"ip": 1, "lt": 14, "ss": 7, "we": 8, "ea": 18, "mr": 9, "eq": 12}, 1),
        # 0 + 8 + 5 + 5 + 16 + 8 + 10 = 52; bonus min(10, 4 + 1 + 3) = 8
        "L02": ({"ip": 0, "lt": 8, "ss": 5, "we": 5, "ea": 16, "mr": 8, "eq": 10}, 8),
        # lt max(12, 7) = 12; 1 + 12 + 4 + 4 + 9 + 5 + 8 = 43; bonus 2
        "L03": ({"ip": 1, "lt": 12, "ss": 4, "we": 4, "ea": 9, "mr": 5, "eq": 8}, 2),
        # 1 + 16 + 9 + 9 + 21 + 7 + 10 = 73; bonus min(10, 5 + 1 + 5 = 11) = 10
        "L04": ({"ip": 1, "lt": 16, "ss": 9, "we": 9, "ea": 21, "mr": 7, "eq": 10}, 10),
    }


def test_leed_neighbourhood_path_counts_alone() -> None:
    """L03 takes the neighbourhood location path (lt-1: 12) and also shows 7 points of
    individual location credits: the category counts max(12, 7) = 12, not 19, so the
    total is 43 + 2 = 45, Certified (both paths would give 52, Silver)."""
    l03 = _results("leed-style")["L03"]
    assert l03["dimensions"]["lt"] == 12
    assert (l03["total"], l03["stars"], l03["level"]) == (45, 1, "Certified")
    assert l03["reasons"] == [
        "meets every rule of Certified",
        "not Silver: total 45 is below 50 (5 points short)",
    ]


def test_leed_prerequisite_bars_every_level_despite_70_points() -> None:
    """L01: 69 + 1 = 70 would be Gold; fundamental commissioning (ea-p2) not met gates
    every level: 0 stars, no level, the total and rank kept."""
    l01 = _results("leed-style")["L01"]
    assert (l01["total"], l01["stars"], l01["level"], l01["rank"]) == (70, 0, None, 2)
    assert l01["reasons"] == [
        "below the lowest level, Certified: prerequisite ea-p2 (Fundamental commissioning "
        "completed and reported) not met: no Certified or above"
    ]


def test_leed_gold_at_exactly_60_and_platinum_by_the_capped_bonus() -> None:
    """L02: 52 + 8 = 60 >= 60 is Gold (the bound is inclusive). L04: 73 categories
    (Gold alone) + min(10, 11) = 83 >= 80 is Platinum."""
    results = _results("leed-style")
    l02, l04 = results["L02"], results["L04"]
    assert (l02["total"], l02["stars"], l02["level"]) == (60, 3, "Gold")
    assert l02["reasons"] == [
        "meets every rule of Gold",
        "not Platinum: total 60 is below 80 (20 points short)",
    ]
    assert (l04["bonus"], l04["total"], l04["stars"], l04["level"]) == (10, 83, 4, "Platinum")
    assert l04["reasons"] == ["meets every rule of Platinum"]


# --- WELL-style: 100 of 120 concept points, preconditions, concept minimums -------------


def test_well_concepts_bonus_and_totals_as_worked_by_hand() -> None:
    """Concepts are shown uncapped; the total counts at most 100 of them, plus the
    innovation bonus capped at 10."""
    results = _results("well-style")
    got = {
        cid: (sum(r["dimensions"].values()), r["bonus"], r["total"]) for cid, r in results.items()
    }
    assert got == {
        "W01": (115, 5, 105),  # min(100, 115) + min(10, 5) = 105
        "W02": (72, 2, 74),  # min(100, 72) + min(10, 2) = 74
        "W03": (62, 0, 62),  # 62 + 0
        "W04": (39, 10, 49),  # 39 + min(10, 12) = 49
    }


def test_well_115_concept_points_count_as_100_plus_innovation() -> None:
    """W01: 12 + 12 + 10 + 12 + 12 + 12 + 11 + 12 + 12 + 10 = 115 concept points,
    counted as 100, + 5 innovation = 105 (WELL's most is 110), Platinum."""
    w01 = _results("well-style")["W01"]
    assert w01["dimensions"] == {
        "air": 12,
        "water": 12,
        "nourishment": 10,
        "light": 12,
        "movement": 12,
        "thermal": 12,
        "sound": 11,
        "materials": 12,
        "mind": 12,
        "community": 10,
    }
    assert w01["stages"] == {"certification": 105}
    assert (w01["total"], w01["stars"], w01["level"]) == (105, 4, "Platinum")
    assert w01["reasons"] == ["meets every rule of Platinum"]


def test_well_missing_precondition_bars_every_level() -> None:
    """W02: 72 + 2 = 74 with every concept >= 2 would be Gold; the drinking water
    precondition wat-p1 not met: no level, 0 stars, total and rank kept."""
    w02 = _results("well-style")["W02"]
    assert (w02["total"], w02["stars"], w02["level"], w02["rank"]) == (74, 0, None, 2)
    assert w02["reasons"] == [
        "below the lowest level, Bronze: prerequisite wat-p1 (Drinking water tested and "
        "within limits) not met: no Bronze or above"
    ]


def test_well_concept_minimum_and_innovation_cap_decide_the_level() -> None:
    """W03: 62 >= 60 but Sound has 1 < 2 points: Silver, not Gold. W04: 39 + min(10, 12)
    = 49 < 50: Bronze (an uncapped 51 would have been Silver)."""
    results = _results("well-style")
    w03, w04 = results["W03"], results["W04"]
    assert (w03["total"], w03["stars"], w03["level"]) == (62, 2, "Silver")
    assert w03["reasons"] == [
        "meets every rule of Silver",
        "not Gold: Sound 1/12 is below the floor of 2 points (1 point short)",
    ]
    assert (w04["bonus"], w04["total"], w04["stars"], w04["level"]) == (10, 49, 1, "Bronze")
    assert w04["reasons"] == [
        "meets every rule of Bronze",
        "not Silver: total 49 is below 50 (1 point short)",
    ]
