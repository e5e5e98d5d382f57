"""`score --format json` stays byte-identical to the committed golden outputs.

The goldens in tests/golden/engine/ were written by the engine as it stood before
the scoring core was rebuilt: the sample round and the sample schemes' rounds in
both languages, and 500 generated rounds (tests/fuzz.py ``make_case``, seeds 0..499).
Any change to a number, a reason, a flag or the order of keys shows here.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import fuzz
from helpers import ROOT
from star_rating.cli import app

GOLDEN = ROOT / "tests" / "golden" / "engine"
runner = CliRunner()


def _score(path: Path, lang: str) -> str:
    got = runner.invoke(app, ["score", str(path), "--format", "json", "--lang", lang])
    assert got.exit_code == 0, got.output
    return got.stdout


ROUNDS = {
    "changan-2022": ROOT / "samples" / "changan-2022",
    "breeam-style": ROOT / "samples" / "schemes" / "breeam-style" / "round",
    "green-building": ROOT / "samples" / "schemes" / "green-building" / "round",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_sample_rounds_match_golden(name: str, lang: str) -> None:
    expected = (GOLDEN / f"{name}.{lang}.json").read_text("utf-8")
    assert _score(ROUNDS[name], lang) == expected


def _fuzz_golden() -> list[dict[str, object]]:
    with gzip.open(GOLDEN / "fuzz.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_generated_rounds_match_golden(tmp_path: Path) -> None:
    cases = _fuzz_golden()
    assert len(cases) == 500
    different = []
    for case in cases:
        seed = int(case["seed"])  # type: ignore[call-overload]
        folder = tmp_path / f"case{seed}"
        folder.mkdir()
        root = fuzz.make_case(seed, folder)
        if _score(root, "en") != case["json"]:
            different.append(seed)
    assert different == []
