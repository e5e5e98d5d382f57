"""Across rounds: compare, history and dynamic management."""

from __future__ import annotations

import json
import re

import yaml

from helpers import both, cli, mini_scheme, rate, round_of_year, score_json, write_round


def test_compare_lists_exactly_the_changed_communities(tmp_path):
    # C1 3 -> 2 (a1 6 -> 3: total 17, A 70 %), C2 stays 3, C3 2 -> 3, C4 dropped, C5 new
    before = round_of_year(tmp_path / "2021", 2021, {"C1": {}, "C2": {}, "C3": {"a1": 3}, "C4": {}})
    after = round_of_year(tmp_path / "2022", 2022, {"C1": {"a1": 3}, "C2": {}, "C3": {}, "C5": {}})
    data = json.loads(cli("compare", before, after, "--format", "json").stdout)
    assert [(c["community"]["id"], c["before"], c["after"]) for c in data["changes"]] == [
        ("C3", 2, 3),
        ("C1", 3, 2),
    ]
    c1 = data["changes"][1]
    assert (c1["total_before"], c1["total_after"], c1["total_change"]) == (20.0, 17.0, -3.0)
    assert c1["dimensions_moved"][0] == {
        "dimension": "A",
        "before": 10.0,
        "after": 7.0,
        "change": -3.0,
    }
    assert [c["id"] for c in data["new"]] == ["C5"]
    assert [c["id"] for c in data["dropped"]] == ["C4"]
    assert set(data["changes"][0]["community"]) == {"id", "name", "street"}


def test_compare_accepts_saved_json_and_prints_a_table(tmp_path):
    before = round_of_year(tmp_path / "a", 2021, {"C1": {}, "C2": {"a1": 3}})
    after = round_of_year(tmp_path / "b", 2022, {"C1": {}, "C2": {}})
    saved = tmp_path / "before.json"
    saved.write_text(cli("score", before, "--format", "json").stdout, "utf-8")
    out = cli("compare", saved, after, "--lang", "en").stdout
    assert "C2" in out and "★★ " in out.replace("│", " ") and "C1" not in out


def test_compare_rejects_a_file_that_is_not_a_result(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"a": 1}', "utf-8")
    after = round_of_year(tmp_path / "b", 2022, {"C1": {}})
    result = cli("compare", bad, after, code=1)
    assert "x.json:1:1: error: not a star-rate result" in result.stderr


def test_history_table_over_rounds(tmp_path):
    round_of_year(tmp_path / "r2022", 2022, {"C1": {}, "C2": {"a1": 3}})
    round_of_year(tmp_path / "r2021", 2021, {"C1": {"a1": 3}})
    data = json.loads(cli("history", tmp_path, "--format", "json").stdout)
    assert [r["year"] for r in data["rounds"]] == [2021, 2022]
    rows = {c["community"]["id"]: c["stars"] for c in data["communities"]}
    assert rows == {"C1": [2, 3], "C2": [None, 2]}
    assert "C2" in cli("history", tmp_path).stdout


def _dynamic_round(tmp_path, name, changes, **rules):
    scheme, dims = mini_scheme(dynamic=rules)
    scheme["levels"] = [
        {"stars": 3, "min_total": 18},
        {"stars": 2, "min_total": 14},
        {"stars": 1, "min_total": 10},
    ]
    out = write_round(tmp_path / name, both("C1", **changes), scheme=(scheme, dims))
    data = yaml.safe_load((out / "round.yaml").read_text("utf-8"))
    data["year"] = int(name)
    (out / "round.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return out


def test_a_dynamic_rule_caps_a_rise(tmp_path):
    last = _dynamic_round(tmp_path, "2021", {"a1": 0, "a2": False, "a3": []}, max_rise=1)
    saved = tmp_path / "2021.json"
    saved.write_text(cli("score", last, "--format", "json").stdout, "utf-8")
    assert rate(last, "C1")["stars"] == 1  # A = 0, B = 10: total 10
    now = _dynamic_round(tmp_path, "2022", {}, max_rise=1)
    r = rate(now, "C1", "--previous", saved)
    assert (r["stars"], r["qualified_stars"]) == (2, 3)
    assert any("max_rise" in x and "placed at 2" in x for x in r["reasons"])
    assert r["dynamic"] == {"previous_stars": 1, "below_rounds": 0}
    assert rate(now, "C1")["stars"] == 3  # without --previous no rule applies


def test_below_its_level_twice_in_a_row_loses_it(tmp_path):
    top = _dynamic_round(tmp_path, "2020", {}, demote_after=2)
    y2020 = tmp_path / "2020.json"
    y2020.write_text(cli("score", top, "--format", "json").stdout, "utf-8")
    low = _dynamic_round(tmp_path, "2021", {"a1": 2}, demote_after=2)  # total 16: 2 stars
    first = score_json(low, "--previous", y2020)
    r = first["results"][0]
    assert (r["stars"], r["qualified_stars"], r["dynamic"]["below_rounds"]) == (3, 2, 1)
    assert any("keeps them" in x for x in r["reasons"])
    y2021 = tmp_path / "2021.json"
    y2021.write_text(json.dumps(first), "utf-8")
    again = _dynamic_round(tmp_path, "2022", {"a1": 2}, demote_after=2)
    second = score_json(again, "--previous", y2021)["results"][0]
    assert (second["stars"], second["dynamic"]["below_rounds"]) == (2, 2)
    assert any("below its 3 stars for 2 rounds" in x for x in second["reasons"])


def test_agreement_figures_on_a_hand_checked_example(tmp_path):
    from helpers import review

    reviews = [
        review("C1", "self"),
        review("C1", "district"),
        review("C2", "self"),
        review("C2", "district", a1=2),
        review("C3", "self", a1=2),
        review("C3", "district", a1=2),
    ]
    data = score_json(write_round(tmp_path, reviews))
    agr = data["agreement"]
    assert agr["reference"] == "district"
    # totals self 20, 20, 16 against district 20, 16, 16
    assert agr["stages"]["self"]["total"] == {"n": 3, "mad": 1.3333, "exact": 0.6667}
    assert agr["stages"]["self"]["indicators"]["a1"] == {"n": 3, "mad": 1.3333, "exact": 0.6667}
    assert agr["stages"]["self"]["indicators"]["a2"] == {"n": 3, "mad": 0.0, "exact": 1.0}
    # Krippendorff's alpha (interval): D_o = 32/6, D_e = 288/30, alpha = 1 - 5.333/9.6
    assert agr["alpha"]["total"] == 0.4444
    assert agr["alpha"]["indicators"]["a2"] is None  # no variation: not meaningful


def test_closed_form_alpha_equals_the_krippendorff_package():
    import random

    import krippendorff
    import numpy as np

    from star_rating.engine.agreement import alpha_interval

    rnd = random.Random(3)
    for _ in range(20):
        units = [
            [
                rnd.choice([None, *range(6)]) if k == 0 else rnd.randrange(6)
                for k in range(rnd.randint(2, 3))
            ]
            for _ in range(rnd.randint(3, 30))
        ]
        coders = max(len(u) for u in units)
        data = np.array(
            [
                [u[c] if c < len(u) and u[c] is not None else np.nan for u in units]
                for c in range(coders)
            ],
            dtype=float,
        )
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="interval")
        got = alpha_interval(units)
        if got is None:
            continue
        assert abs(got - round(float(expected), 4)) <= 0.0001


def test_closed_form_alpha_on_the_hand_checked_example():
    from star_rating.engine.agreement import alpha_interval

    assert alpha_interval([[20, 20], [20, 16], [16, 16]]) == 0.4444


def test_agreement_appears_in_the_report(tmp_path):
    from helpers import review

    reviews = [
        review("C1", "self"),
        review("C1", "district"),
        review("C2", "self"),
        review("C2", "district", a1=2),
        review("C3", "self", a1=2),
        review("C3", "district", a1=2),
    ]
    folder = write_round(tmp_path / "round", reviews)
    cli("report", folder, "-o", tmp_path / "md", "--format", "md", "--lang", "en")
    index = (tmp_path / "md" / "index.md").read_text("utf-8")
    assert "## Agreement between stages" in index
    assert "| Total | 1.33 / 67% | 0.44 |" in index


def test_compare_says_why_a_veto_changed_the_stars(tmp_path):
    """A veto keeps the total (so the total changes by +0.0): the change carries the
    reasons of this round, and the table shows the veto."""
    before = round_of_year(tmp_path / "2021", 2021, {"C1": {}, "C2": {}})
    after = write_round(
        tmp_path / "2022", [*both("C1"), *both("C2")[:1], {**both("C2")[1], "vetoes": ["incident"]}]
    )
    data = json.loads(cli("compare", before, after, "--format", "json", "--lang", "en").stdout)
    (change,) = data["changes"]
    assert (change["community"]["id"], change["before"], change["after"]) == ("C2", 3, 0)
    assert change["total_change"] == 0.0
    assert change["reasons"] == ["veto: Major incident (reviews/C2-district.yaml:12); no level"]
    table = cli("compare", before, after, "--lang", "en").stdout
    assert "veto: Major incident" in " ".join(table.split())


def test_agreement_is_the_same_whatever_the_batch_of_reviews(tmp_path, monkeypatch):
    """Value ids are turned into codes a batch of reviews at a time: batches of two
    give what one batch gives, on a generated round with appeals and a survey."""
    from helpers import generate_round
    from star_rating import api
    from star_rating.engine import agreement as ag

    folder = generate_round(60, tmp_path / "r")
    scored = api.run(folder)
    whole = ag.agreement(scored.scheme, scored.result)
    monkeypatch.setattr(ag, "_BATCH", 2)
    assert ag.agreement(scored.scheme, scored.result) == whole
    assert any(v["n"] for v in whole["stages"]["self"]["indicators"].values())


def test_alpha_is_the_same_with_and_without_the_statistics_package(monkeypatch, tmp_path):
    """A round's JSON is the same with the optional package installed or not, and an
    alpha of zero is 0.0 whichever way it is worked out, never -0.0 (generated round 7
    gave -0.0 one way)."""
    import builtins

    import fuzz
    from helpers import cli

    folder = fuzz.make_case(7, tmp_path)
    with_package = cli("score", folder, "--format", "json").stdout
    real_import = builtins.__import__

    def no_package(name, *args, **kwargs):
        if name == "krippendorff":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_package)
    without = cli("score", folder, "--format", "json").stdout
    assert with_package == without
    assert not re.search(r'": -0\.0[,\n]', with_package)
    assert json.loads(with_package)["agreement"]["alpha"]["total"] is not None
