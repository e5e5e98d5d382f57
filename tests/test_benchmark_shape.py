"""The benchmark's generated rounds: the plain shape is the files it always was, the
realistic shape holds what real rounds hold, and the DuckDB reference scores it
exactly as star-rate does."""

from __future__ import annotations

import copy
import csv
import hashlib
import importlib.util
import json
import math
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from helpers import ROOT, cli, score_json


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"bench_{name}", ROOT / "benchmarks" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


generate = _module("generate")
bench = _module("run")


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = f.relative_to(folder).as_posix().encode()
        h.update(rel + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


@pytest.mark.parametrize(
    ("n", "yaml_form", "seed", "digest"),
    [
        (23, False, 7, "f8cebfe5155a3f75fc7ae8fbf9256aec96b6e056d114bfa744058081c0723db5"),
        (9, True, 3, "9277a06085e12cf1e432f01142b6e68926f6618b0c712a0fe53cf53a248bbd37"),
    ],
)
def test_plain_shape_writes_the_files_it_always_wrote(
    tmp_path: Path, n: int, yaml_form: bool, seed: int, digest: str
) -> None:
    # digests of the rounds written by the first version of the generator
    for name, shape in (("plain", {"shape": "plain"}), ("default", {})):
        folder = tmp_path / name
        folder.mkdir()
        generate.generate(n, folder, yaml_form=yaml_form, seed=seed, **shape)
        # plain is also the default of the Python function (the tests that read
        # generated rounds both ways rely on it)
        assert tree_hash(folder) == digest, name


def test_command_line_defaults_to_the_realistic_shape(tmp_path: Path) -> None:
    assert generate.main(["5", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / "appeals.yaml").exists()
    assert (tmp_path / "r" / "surveys" / "residents.csv").exists()


N = 60


@pytest.fixture(scope="module")
def realistic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("realistic") / "r"
    folder.mkdir()
    generate.generate(N, folder, seed=2, shape="realistic")
    return folder


@pytest.fixture(scope="module")
def scored(realistic: Path) -> dict[str, Any]:
    return score_json(realistic)


@pytest.fixture(scope="module")
def reference(realistic: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pytest.importorskip("duckdb")
    out = tmp_path_factory.mktemp("reference") / "ref.csv"
    assert bench.reference(realistic, out) == 0
    return bench.read_reference(out)


def test_realistic_round_holds_what_real_rounds_hold(
    realistic: Path, scored: dict[str, Any]
) -> None:
    cli("validate", realistic / "scheme", "--strict")
    with open(realistic / "reviews" / "all.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    entries = [r for r in rows if r["indicator"] not in ("bonus", "veto")]
    na_inds = {f"d{d:02d}{s}" for d in range(1, 11) for s in generate.NA_SUFFIXES}
    on_na = [r for r in entries if r["indicator"] in na_inds]
    na = [r for r in on_na if r["value"] in ("n/a", "不适用")]
    assert 0.02 < len(na) / len(on_na) < 0.09  # about 5 %
    assert {r["value"] for r in na} == {"n/a", "不适用"}
    assert not [r for r in entries if r["indicator"] == generate.SURVEY_INDICATOR]
    assert len(entries) == N * 3 * 89
    bonus = [r for r in rows if r["indicator"] == "bonus"]
    assert bonus and {r["stage"] for r in bonus} == {"district"} and all(r["note"] for r in bonus)
    vetoes = [r for r in rows if r["indicator"] == "veto"]
    assert len(vetoes) == 1  # 0.5 % of 60, at least one
    with open(realistic / "surveys" / "residents.csv", encoding="utf-8", newline="") as f:
        answers = list(csv.DictReader(f))
    per = Counter(a["community"] for a in answers)
    assert len(per) == N and min(per.values()) >= 30 and max(per.values()) <= 60
    assert {"", "不清楚"} <= {a["answer"] for a in answers}
    appeals = yaml.safe_load((realistic / "appeals.yaml").read_text(encoding="utf-8"))
    assert len(appeals) == generate.appeals_count(N) == 6

    data = scored
    results = {r["community"]["id"]: r for r in data["results"]}
    vetoed = results[vetoes[0]["community"]]
    assert vetoed["stars"] == 0 and vetoed["vetoes"]
    assert sum(len(r.get("appeals", [])) for r in results.values()) == 6
    five = [r for r in results.values() if r["stars"] == 5]
    assert data["quota_notes"] and len(five) >= math.floor(0.1 * N)
    demoted = [r for r in results.values() if r["qualified_stars"] == 5 and r["stars"] != 5]
    assert demoted  # the quota binds
    assert any(r["bonus"] for r in results.values())
    assert all(r["survey"][generate.SURVEY_INDICATOR]["valid"] >= 25 for r in results.values())


def test_csv_and_yaml_forms_score_the_same(
    realistic: Path, scored: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "y"
    folder.mkdir()
    generate.generate(N, folder, yaml_form=True, seed=2, shape="realistic")
    assert (folder / "appeals.yaml").read_bytes() == (realistic / "appeals.yaml").read_bytes()
    a, b = scored, score_json(folder)
    assert [(r["community"]["id"], r["total"], r["stars"], r["stages"]) for r in a["results"]] == [
        (r["community"]["id"], r["total"], r["stars"], r["stages"]) for r in b["results"]
    ]


def test_reference_agrees_with_star_rate_on_every_community(
    scored: dict[str, Any], reference: dict[str, Any], tmp_path: Path
) -> None:
    expected = reference
    got = tmp_path / "score.json"
    got.write_text(json.dumps(scored), encoding="utf-8")
    assert len(expected) == N
    assert bench.compare(bench.read_star_rate(got), expected) == []


def test_reference_comparison_names_what_differs(
    scored: dict[str, Any], reference: dict[str, Any], tmp_path: Path
) -> None:
    expected = reference
    got = tmp_path / "score.json"
    data = copy.deepcopy(scored)
    first = data["results"][0]
    cid = first["community"]["id"]
    first["stages"]["self"] = 0.0
    got.write_text(json.dumps(data), encoding="utf-8")
    self_total = expected[cid][2]["self"]
    assert bench.compare(bench.read_star_rate(got), expected) == [
        f"{cid}: stage self: star-rate 0.0, reference {self_total}"
    ]


def test_reference_refuses_what_it_does_not_model(realistic: Path, tmp_path: Path) -> None:
    scheme = tmp_path / "scheme"
    scheme.mkdir()
    for f in (realistic / "scheme").rglob("*.yaml"):
        dest = scheme / f.relative_to(realistic / "scheme")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(f.read_bytes())
    head = scheme / "scheme.yaml"
    head.write_text(
        head.read_text(encoding="utf-8").replace("combine: weighted", "combine: final"),
        encoding="utf-8",
    )
    with pytest.raises(bench.Unsupported, match="combine: final is outside the reference's scope"):
        bench.load_reference_scheme(scheme)
