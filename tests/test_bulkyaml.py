"""The YAML bulk reader (plain review files to sums, on every core) against the
ordinary reader: the same results, or the ordinary reader's report."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT, cli, generate_round, review, write_round
from star_rating import api
from star_rating.loading import bulkyaml
from star_rating.outputs.common import round_dict
from star_rating.progress import SILENT

SAMPLE = ROOT / "samples" / "changan-2022"


def _both_ways(folder: Path) -> tuple[dict, dict]:
    ordinary = api.run(folder, engine="entries", progress=SILENT)
    sums = api.run(folder, engine="sums", progress=SILENT)
    assert sums.round.sums and not sums.round.reviews, "the bulk reader must have read it"
    return (
        round_dict(ordinary.scheme, ordinary.result, "zh"),
        round_dict(sums.scheme, sums.result, "zh"),
    )


def _sample_as_yaml_files(tmp_path: Path) -> Path:
    """The sample round with one YAML file per review (bonus and vetoes left out)."""
    rnd = api.load(SAMPLE)
    out = tmp_path / "changan-yaml"
    shutil.copytree(SAMPLE, out, ignore=shutil.ignore_patterns("reviews"))
    for (cid, stage), rv in sorted(rnd.reviews.items()):
        folder = out / "reviews" / stage
        folder.mkdir(parents=True, exist_ok=True)
        data = {
            "community": cid,
            "stage": stage,
            "reviewer": rv.reviewer or "评审组",
            "entries": {k: _plain(e.raw) for k, e in rv.entries.items()},
        }
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / f"{cid}.yaml").write_text(text, encoding="utf-8")
    return out


def _plain(raw: object) -> object:
    """A raw entry as YAML can write it (decimals as their digits)."""
    return float(raw) if isinstance(raw, Decimal) else raw


def test_sample_round_as_yaml_files_same_both_ways(tmp_path: Path) -> None:
    a, b = _both_ways(_sample_as_yaml_files(tmp_path))
    assert a == b
    assert {r["stars"] for r in a["results"]} >= {5, 4, 3}


def test_generated_yaml_round_same_both_ways_and_in_parallel(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    generate_round(120, folder, yaml_form=True, seed=5)
    a, b = _both_ways(folder)
    assert a == b
    rnd = api.load(folder)
    files = sorted((folder / "reviews").rglob("*.yaml"))
    one = bulkyaml.read_bulk(rnd.scheme, rnd.communities, files, workers=1)
    hashed: list[int] = []
    two = bulkyaml.read_bulk(
        rnd.scheme, rnd.communities, files, meanwhile=lambda: hashed.append(1), workers=2
    )
    assert one == two and len(one) == 360
    assert hashed == [1]


def test_a_bad_file_in_a_worker_hands_the_round_back(tmp_path: Path) -> None:
    folder = generate_round(30, tmp_path / "r", yaml_form=True, seed=5)
    rnd = api.load(folder)
    bad = folder / "reviews" / "street" / "C000007.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("d02-3: ", "d02-3: maybe #"), "utf-8")
    line = next(
        i for i, t in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "maybe" in t
    )
    ordinary = cli("score", folder, "--engine", "entries", code=1)
    sums = cli("score", folder, "--engine", "sums", code=1)
    assert sums.stderr.endswith(ordinary.stderr)
    assert "invalid value" in sums.stderr  # the note on the fallback
    assert f"C000007.yaml:{line}" in ordinary.stderr
    files = sorted((folder / "reviews").rglob("*.yaml"))
    with pytest.raises(bulkyaml.NotBulk, match="invalid value"):
        bulkyaml.read_bulk(rnd.scheme, rnd.communities, files, workers=2)


# Entries written in many YAML spellings: each round must come out the same both
# ways, whether it scores or is refused (then with the same report).
SCALE = st.sampled_from(
    ["6", "5.5", "05.5", "1_0", ".5", "5.50", "'5.5'", "\"6\"", "6.0", "1e1", "0x5", "~",
     "yes", "n/a", "'n/a'", "-1", "6.25", "!!str 6", "&a 6", "5,5"]
)  # fmt: skip
CHECK = st.sampled_from(
    ["true", "false", "yes", "no", "on", "off", "'是'", "否", "1", "0", "True", "\"true\"",
     "y", "n", "2", "null", "[]"]
)  # fmt: skip
CHECKLIST = st.sampled_from(
    ["[x, y]", "[y]", "[]", "x;y", "'x；y'", "none", "[x, x]", "[z]", "[1]", "[true]",
     "- x\n    - y", "[\"x\"]", "{x: 1}"]
)  # fmt: skip
DEDUCT = st.sampled_from(["0", "1", "2", "3", "1.0", "1.5", "-1", "'2'", "5"])
BANDS = st.sampled_from(["0.95", "0.9", "0.85", "0.5", "0.49", "95%", "'0.8'", ".nan", "1e-1"])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(a1=SCALE, a2=CHECK, a3=CHECKLIST, b1=DEDUCT, b2=BANDS)
def test_yaml_spellings_same_both_ways(
    tmp_path_factory, a1: str, a2: str, a3: str, b1: str, b2: str
) -> None:  # type: ignore[no-untyped-def]
    folder = write_round(tmp_path_factory.mktemp("r"), [review("C1", "self"), review("C2", "self"),
                         review("C1", "district"), review("C2", "district")])  # fmt: skip
    text = (
        "community: C1\nstage: district\nentries:\n"
        f"  a1: {a1}\n  a2: {a2}\n  a3: {a3}\n  b1: {b1}\n  b2: {b2}\n"
    )
    (folder / "reviews" / "C1-district.yaml").write_text(text, encoding="utf-8")
    ordinary = cli("score", folder, "--format", "json", "--engine", "entries", code=None)
    sums = cli("score", folder, "--format", "json", "--engine", "sums", code=None)
    assert sums.exit_code == ordinary.exit_code
    if ordinary.exit_code == 0:
        a, b = json.loads(ordinary.stdout), json.loads(sums.stdout)
        a.pop("agreement"), b.pop("agreement")
        assert a == b
        if not any(mark in a1 for mark in ("&", "!!")):  # anchors and tags: entries
            assert "entry by entry" not in sums.stderr  # read as sums
    else:
        assert sums.stderr.endswith(ordinary.stderr)
