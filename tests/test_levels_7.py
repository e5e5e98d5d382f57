"""Level rules of DESIGN §7: half stars, an optional min_total, floors in points,
max_stars_if caps, and the messages a scheme author reads from `validate`."""

from __future__ import annotations

import copy
import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from helpers import (
    both,
    cli,
    mini_scheme,
    rate,
    review,
    score_json,
    survey_dimension,
    write_round,
    write_scheme,
)
from star_rating.history import previous_standing
from star_rating.outputs.common import star_text


def _levels(*levels: dict[str, Any], **extra: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    scheme, dims = mini_scheme(**extra)
    scheme["levels"] = list(levels)
    return scheme, dims


def _validate(
    tmp_path: Path, scheme: dict[str, Any], dims: list[dict[str, Any]], code: int = 1, *extra: str
) -> str:
    folder = write_scheme(tmp_path / "criteria", scheme, dims)
    result = cli("validate", folder, *extra, code=code)
    assert "Traceback" not in result.stdout + result.stderr
    return str(result.stdout)


# --- half stars --------------------------------------------------------------

HALF = (
    {"stars": 4.5, "min_total": 18, "min_dimension_ratio": 0.8},
    {"stars": 3, "min_total": 14},
    {"stars": 0.5, "min_total": 10},
)


def test_a_half_star_level_is_a_json_number_and_shown_as_half_a_star(tmp_path):
    folder = write_round(tmp_path, both("C1") + both("C2", a1=2), scheme=_levels(*HALF))
    data = score_json(folder)
    c1, c2 = data["results"]
    # C1 at full marks: 20 >= 18, every dimension 10/10 -> 4.5 stars
    assert (c1["stars"], c1["level"], c1["qualified_stars"]) == (4.5, "4.5★", 4.5)
    assert c1["reasons"] == ["meets every rule of 4.5★"]
    # C2: a1 2 of 6 -> A 6, total 16: 3 stars, an integer in JSON (never 3.0)
    assert c2["stars"] == 3 and isinstance(c2["stars"], int) and c2["level"] == "3★"
    assert c2["reasons"][-1].startswith("not 4.5★: total 16.0 is below 18")
    assert data["summary"]["stars"] == {"4.5": 1, "3": 1}
    rows = list(csv.reader(io.StringIO(cli("score", folder, "--format", "csv").stdout)))
    assert rows[1][4:7] == ["4.5", "★★★★½", "4.5★"]
    assert rows[2][4:7] == ["3", "★★★", "3★"]
    table = cli("score", folder, "--lang", "en").stdout
    assert "★★★★½" in table and "4.5★" in table
    assert "4.0★" not in table + json.dumps(data, ensure_ascii=False)


def test_half_stars_in_explain_export_and_report(tmp_path):
    folder = write_round(tmp_path / "r", both("C1"), scheme=_levels(*HALF))
    assert "Level: 4.5★ ★★★★½" in cli("explain", folder, "C1", "--lang", "en").stdout
    cli("export", folder, "-o", tmp_path / "x.xlsx", "--lang", "en")
    from openpyxl import load_workbook

    ranking = load_workbook(tmp_path / "x.xlsx")["Ranking"]
    row = [c.value for c in next(ranking.iter_rows(min_row=2, max_row=2))]
    assert row[4:7] == [4.5, "★★★★½", "4.5★"]
    cli("report", folder, "-o", tmp_path / "rep", "--format", "md", "--lang", "zh")
    index = (tmp_path / "rep" / "index.md").read_text("utf-8")
    assert "4.5星级 1 个" in index and "| 4.5★ | ★★★★½ | ≥ 18 | 1 |" in index


def test_star_text_draws_a_half_star():
    assert star_text(Decimal("4.5")) == "★★★★½"
    assert star_text(Decimal("0.5")) == "½"
    assert star_text(4) == "★★★★"
    assert star_text(0) == "—"


def test_a_saved_half_star_result_is_read_back_as_four_and_a_half():
    data = {
        "results": [
            {"community": {"id": "C1"}, "stars": 4.5},
            {"community": {"id": "C2"}, "stars": 3},
        ]
    }
    got = previous_standing(data)
    assert got["C1"].stars == Decimal("4.5") and got["C2"].stars == 3


def test_stars_that_are_not_a_multiple_of_a_half_are_refused(tmp_path):
    out = _validate(tmp_path, *_levels({"stars": 4.3, "min_total": 10}))
    assert (
        "error: stars: 4.3 is not a multiple of 0.5: stars are whole or half stars, "
        "such as 4 or 4.5 [value]" in out
    )


# --- min_total optional, order ------------------------------------------------


def test_min_total_is_optional_and_defaults_to_zero(tmp_path):
    scheme = _levels({"stars": 2, "min_dimension_ratio": 0.8}, {"stars": 1})
    folder = write_round(tmp_path, both("C1") + both("C2", a1=0, a2=False, a3=[]), scheme=scheme)
    data = score_json(folder)
    by_id = {r["community"]["id"]: r for r in data["results"]}
    assert by_id["C1"]["stars"] == 2
    # C2: A 0/10 fails the 80% floor of 2 stars; 1 star has no rule at all (min_total 0)
    assert by_id["C2"]["stars"] == 1
    assert "total 10.0 reaches 0" in cli("explain", folder, "C2", "--lang", "en").stdout


def test_min_total_may_stay_level_but_must_not_rise_as_stars_fall(tmp_path):
    same = _levels(
        {"stars": 3, "min_total": 14, "min_dimension_ratio": 0.8}, {"stars": 2, "min_total": 14}
    )
    assert _validate(tmp_path / "a", *same, 0) == ""
    rising = _levels({"stars": 3, "min_total": 14}, {"stars": 2, "min_total": 16})
    out = _validate(tmp_path / "b", *rising)
    assert (
        "error: min_total 16 of the 2★ level is above 14 of the 3★ level listed before it; "
        "min_total must not rise as stars fall [level-order]" in out
    )


def test_levels_out_of_star_order_name_both_levels(tmp_path):
    out = _validate(tmp_path / "a", *_levels({"stars": 2, "min_total": 14}, {"stars": 3}))
    assert (
        "error: the 3★ level (level 2) is listed after the 2★ level; levels go from the most "
        "stars to the fewest [level-order]" in out
    )
    out = _validate(tmp_path / "b", *_levels({"stars": 2, "min_total": 14}, {"stars": 2}))
    assert (
        "error: levels 1 and 2 both have 2 stars; each level needs its own number of stars" in out
    )


# --- min_dimension_points -----------------------------------------------------


def _ninths() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Dimension A of 9 points (a1 max 5), B of 11 (b1 max 5): a floor of 6 on A is 2/3."""
    scheme, dims = mini_scheme()
    dims[0]["max"] = 9
    dims[0]["indicators"][0]["max"] = 5
    dims[1]["max"] = 11
    dims[1]["indicators"][0]["max"] = 5
    scheme["levels"] = [
        {"stars": 3, "min_total": 10, "min_dimension_points": {"A": 6}},
        {"stars": 1, "min_total": 10},
    ]
    return scheme, dims


def test_min_dimension_points_is_a_floor_in_points_said_in_points(tmp_path):
    # a1 1.5 in both stages: A = 1.5 + 2 + 2 = 11/2 in each, combined 1/2*11/2 + 1/2*11/2
    folder = write_round(tmp_path / "a", both("C1", a1=1.5), scheme=_ninths())
    r = rate(folder, "C1")
    assert r["stars"] == 1
    # 11/2 against 6 points exactly: 1/2 short (a share of 2/3 would say 66.7%)
    assert (
        r["reasons"][-1] == "not 3★: Alpha 5.5/9 is below the floor of 6 points (0.5 points short)"
    )
    # a1 1 in both stages: A = 5, one point short (singular)
    r = rate(write_round(tmp_path / "b", both("C1", a1=1), scheme=_ninths()), "C1")
    assert r["reasons"][-1] == "not 3★: Alpha 5/9 is below the floor of 6 points (1 point short)"
    # a1 2 in both: A = 6 exactly reaches the floor
    r = rate(write_round(tmp_path / "c", both("C1", a1=2), scheme=_ninths()), "C1")
    assert r["stars"] == 3
    zh = cli("explain", tmp_path / "a", "C1", "--lang", "zh").stdout
    assert "甲 5.5/9 低于 6 分的门槛（差 0.5 分）" in zh


def test_min_dimension_points_naming_nothing_or_out_of_reach(tmp_path):
    scheme, dims = _ninths()
    scheme["levels"][0]["min_dimension_points"] = {"A": 10, "Z": 1}
    out = _validate(tmp_path, scheme, dims)
    assert "error: min_dimension_points names unknown dimension 'Z' [unknown-ref]" in out
    assert (
        "warning: min_dimension_points A: 10 is above the dimension's full marks of 9; "
        "no community can reach it [unreachable]" in out
    )


# --- max_stars_if ---------------------------------------------------------------


def _survey_scheme(**cap: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Dimensions A, B (10 each) and S (sat-1: survey, 10 points, 20 answers needed)."""
    scheme, dims = mini_scheme(scale=30)
    dims.append(survey_dimension())
    scheme["levels"] = [
        {"stars": 3, "min_total": 25},
        {"stars": 2, "min_total": 20},
        {"stars": 1, "min_total": 10},
    ]
    scheme["max_stars_if"] = [{"indicator": "sat-1", "below": "60%", "max_stars": 2, **cap}]
    return scheme, dims


def _answers(cid: str, satisfied: int, n: int = 20) -> list[tuple[str, str, str, str]]:
    return [(cid, str(k), "", "满意" if k < satisfied else "不满意") for k in range(n)]


def test_satisfaction_below_the_rate_caps_the_stars_whatever_the_total(tmp_path):
    folder = write_round(
        tmp_path,
        both("C1") + both("C2"),
        scheme=_survey_scheme(),
        surveys=_answers("C1", 11) + _answers("C2", 12),
    )
    data = score_json(folder)
    c1, c2 = sorted(data["results"], key=lambda r: r["community"]["id"])
    # C1: rate 11/20 = 55% < 60%; sat-1 = 10 x 11/20 = 11/2; total 20 + 5.5 = 25.5 >= 25,
    # but capped at two stars
    assert c1["total"] == 25.5 and c1["stars"] == 2
    assert c1["qualified_stars"] == 2
    assert c1["reasons"] == [
        "meets every rule of 2★",
        "sat-1 satisfaction 55% is below 60%: at most 2 stars",
    ]
    # C2: 12/20 = 60% exactly is not below 60%: 26.0 -> three stars
    assert (c2["total"], c2["stars"]) == (26.0, 3)
    zh = cli("explain", folder, "C1", "--lang", "zh").stdout
    assert "sat-1 满意率 55% 低于 60%：最高 2 星" in zh


def test_a_cap_on_points_reads_the_deciding_stage(tmp_path):
    scheme, dims = mini_scheme()
    scheme["max_stars_if"] = [{"indicator": "a2", "below": 1, "max_stars": 1}]
    # a2 met in self, not in district (deciding): A = (10 + 8)/2 = 9, total 19 >= 18 and
    # every dimension >= 80%: the rules of 3 stars hold, the cap allows one
    reviews = [review("C1", "self"), review("C1", "district", a2=False)]
    r = rate(write_round(tmp_path / "a", reviews), "C1")
    assert r["total"] == 19.0 and r["stars"] == 3
    r = rate(write_round(tmp_path / "b", reviews, scheme=(scheme, dims)), "C1")
    assert r["stars"] == 1
    assert r["reasons"] == [
        "meets every rule of 1★",
        "a2 has 0 points in the district, below 1: at most 1 star",
    ]
    # the other way round: met in the deciding stage, not capped
    reviews = [review("C1", "self", a2=False), review("C1", "district")]
    assert rate(write_round(tmp_path / "c", reviews, scheme=(scheme, dims)), "C1")["stars"] == 3


def test_a_cap_and_another_rule_both_named_for_the_level_up(tmp_path):
    scheme, dims = mini_scheme()
    scheme["max_stars_if"] = [{"indicator": "a2", "below": 1, "max_stars": 1}]
    # a1 0 and no checklist item in both stages, a2 false in the district:
    # A = (2 + 0)/2 = 1, total 11: one star; two stars fail on the total and on the cap
    reviews = [
        review("C1", "self", a1=0, a3=[]),
        review("C1", "district", a1=0, a3=[], a2=False),
    ]
    r = rate(write_round(tmp_path, reviews, scheme=(scheme, dims)), "C1")
    assert r["stars"] == 1
    assert r["reasons"][-1] == (
        "not 2★: total 11.0 is below 14 (3 points short); "
        "a2 has 0 points in the district, below 1: at most 1 star"
    )


def test_a_quota_never_lifts_a_capped_community(tmp_path):
    scheme, dims = mini_scheme(quotas={3: {"max_count": 0}})
    scheme["max_stars_if"] = [{"indicator": "a2", "below": 1, "max_stars": 1}]
    reviews = [review("C1", "self"), review("C1", "district", a2=False)]
    r = rate(write_round(tmp_path, reviews, scheme=(scheme, dims)), "C1")
    # no one may hold 3 stars; C1 is capped at 1 anyway: the quota moves nobody
    assert r["stars"] == 1


def test_max_stars_if_validation(tmp_path):
    scheme, dims = _survey_scheme()
    scheme["max_stars_if"] = [
        {"indicator": "sat-2", "below": 0.6, "max_stars": 2},
        {"indicator": "sat-1", "below": 60, "max_stars": 2},
        {"indicator": "a1", "below": "50%", "max_stars": 2},
        {"indicator": "a1", "below": 3, "max_stars": 3},
        {"indicator": "incident", "below": 1, "max_stars": 1},
    ]
    out = _validate(tmp_path, scheme, dims)
    assert (
        "error: max_stars_if names unknown indicator 'sat-2' (did you mean 'sat-1'?) "
        "[unknown-ref]" in out
    )
    assert (
        "error: max_stars_if sat-1: below 60 is above 1; for a survey indicator it is the "
        "satisfaction rate, such as 0.6 or 60% [value]" in out
    )
    assert (
        "error: max_stars_if a1: below '50%' is a percentage, but a1 is a scale indicator: "
        "below is its points in the deciding stage (0 to 6) [value]" in out
    )
    assert (
        "warning: max_stars_if a1: max_stars 3 caps nothing; the highest level has 3 stars "
        "[unreachable]" in out
    )
    assert (
        "error: max_stars_if names the veto 'incident': a veto already withholds every level; "
        "max_stars_if names indicators [veto-required]" in out
    )


# --- the scheme author's messages ---------------------------------------------


def test_require_naming_a_veto_says_it_is_a_veto(tmp_path):
    out = _validate(tmp_path, *_levels({"stars": 3, "min_total": 18, "require": ["incident"]}))
    assert (
        "error: require names the veto 'incident': a veto is recorded in a review "
        "(vetoes: [incident]) and withholds every level by itself; require names indicators "
        "[veto-required]" in out
    )


def test_min_dimensions_above_one_points_to_min_dimension_points(tmp_path):
    out = _validate(tmp_path, *_levels({"stars": 3, "min_total": 18, "min_dimensions": {"A": 8}}))
    assert (
        "error: A: 8 is not a share: min_dimensions takes a share of the dimension's maximum "
        "(0 to 1, or a percentage such as 85%); put a floor in points under "
        "min_dimension_points [value]" in out
    )


def test_percentages_are_read_wherever_the_scheme_asks_for_a_share(tmp_path):
    plain, dims = mini_scheme()
    written = copy.deepcopy(plain)
    written["stages"] = [{"id": "self", "weight": "50%"}, {"id": "district", "weight": "50 %"}]
    written["levels"][0]["min_dimension_ratio"] = "80%"
    written["levels"][0]["min_dimensions"] = {"B": "９０％"}
    plain["levels"][0]["min_dimensions"] = {"B": 0.9}
    assert _validate(tmp_path / "v", written, dims, 0) == ""
    reviews = both("C1", b1=1) + both("C2")  # C1: B 8.5 of 10, below 90%
    a = score_json(write_round(tmp_path / "a", reviews, scheme=(plain, dims)))
    b = score_json(write_round(tmp_path / "b", reviews, scheme=(written, dims)))
    assert [(r["stars"], r["reasons"]) for r in a["results"]] == [
        (r["stars"], r["reasons"]) for r in b["results"]
    ]
    assert [r["stars"] for r in b["results"]] == [3, 2]


def test_value_and_reference_errors_in_one_run(tmp_path):
    scheme, dims = _levels(
        {"stars": 4.3, "min_total": 18, "require": ["a9"]},
        {"stars": 2, "min_total": "lots", "min_dimensions": {"Q": 0.5}},
    )
    out = _validate(tmp_path, scheme, dims)
    assert "error: stars: 4.3 is not a multiple of 0.5" in out
    assert "error: min_total: expected a number (got 'lots') [value]" in out
    assert "error: require names unknown indicator 'a9' [unknown-ref]" in out
    assert "error: min_dimensions names unknown dimension 'Q' [unknown-ref]" in out


def test_a_stage_weight_under_combine_final_is_a_warning(tmp_path):
    scheme, dims = mini_scheme(combine="final")
    out = _validate(tmp_path, scheme, dims, 0)
    assert (
        "warning: stage 'self' has a weight, but combine: final takes the last stage present "
        "and uses no weights; remove it, or use combine: weighted [unused-weight]" in out
    )
    cli("validate", tmp_path / "criteria", "--strict", code=1)
    del scheme["stages"][0]["weight"], scheme["stages"][1]["weight"]
    assert _validate(tmp_path / "b", scheme, dims, 0) == ""


def test_messages_speak_the_format_not_the_parser(tmp_path):
    scheme, dims = mini_scheme(scale="abc", combine="mean")
    scheme["stages"][0]["weight"] = 1.5
    scheme["levels"][0]["min_dimension_ratio"] = "most"
    dims[0]["indicators"][0]["id"] = "a 1"
    out = _validate(tmp_path, scheme, dims)
    assert "scale: expected a number (got 'abc') [value]" in out
    assert "combine: expected one of 'weighted' or 'final' (got 'mean')" in out
    assert "weight: expected a share from 0 to 1, such as 0.85 or 85% (got 1.5)" in out
    assert "min_dimension_ratio: expected a number (got 'most')" in out
    assert "id: expected an identifier: letters, digits, '-', '_' or '.'" in out
    for jargon in ("Input should", "input should", "Decimal(", "Event", "Node", "pydantic"):
        assert jargon not in out
