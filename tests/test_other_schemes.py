"""The engine against hand-computed results for two other published schemes.

``samples/schemes/breeam-style`` (BREEAM 2011 NC-like: weighted sections, n/a credits,
minimum standards, capped innovation credits) and ``samples/schemes/green-building``
(GB/T 50378-2019-like: prerequisites required at every level, 30 % category floors,
a named basic level).  Each round folder carries ``expected.yaml`` with the results
worked out by hand from DESIGN §5 (the arithmetic is in its comments).
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
NAMES = ["breeam-style", "green-building"]

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
