"""Every scoring rule, pinned with values computed by hand (DESIGN §5)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from helpers import both, cli, mini_scheme, rate, review, score_json, survey_dimension, write_round
from star_rating.engine.rounding import round_exact


def total(r: dict) -> Decimal:
    return Decimal(str(r["total"]))


# --- indicator kinds --------------------------------------------------------


def test_full_marks_give_the_top_level(tmp_path):
    r = rate(write_round(tmp_path, both("C1")), "C1")
    assert total(r) == Decimal("20.0")
    assert r["stars"] == 3
    assert r["dimensions"] == {"A": 10.0, "B": 10.0}


def test_checklist_is_capped_at_its_max(tmp_path):
    # items x and y are worth 1.5 each = 3, capped at the max of 2
    assert rate(write_round(tmp_path / "a", both("C1")), "C1")["dimensions"]["A"] == 10.0
    # one item: 1.5 -> A = 6 + 2 + 1.5
    r = rate(write_round(tmp_path / "b", both("C1", a3=["x"])), "C1")
    assert r["dimensions"]["A"] == 9.5


def test_deduction_is_floored_at_zero(tmp_path):
    # b1: max 4, 1.5 per finding; 3 findings = -4.5 -> 0, not -0.5
    r = rate(write_round(tmp_path / "a", both("C1", b1=3)), "C1")
    assert r["dimensions"]["B"] == 6.0
    r = rate(write_round(tmp_path / "b", both("C1", b1=1)), "C1")
    assert r["dimensions"]["B"] == 8.5


@pytest.mark.parametrize(
    ("value", "points"),
    [(0.95, 6), (0.9, 6), (0.85, 4), (0.8, 4), (0.79, 2), (0.5, 2), (0.49, 0), ("91%", 6)],
)
def test_bands_give_the_highest_band_reached(tmp_path, value, points):
    r = rate(write_round(tmp_path, both("C1", b2=value)), "C1")
    assert r["dimensions"]["B"] == 4 + points


def test_bonus_is_capped_per_review(tmp_path):
    bonus = [{"points": 1.5, "reason": "市级表彰"}, {"points": 1, "reason": "现场会"}]
    r = rate(write_round(tmp_path, both("C1", bonus=bonus)), "C1")
    assert r["bonus"] == 2.0  # 2.5 claimed, cap 2
    assert total(r) == Decimal("22.0")


def test_na_rescales_the_dimension_to_its_full_max(tmp_path):
    scheme, dims = mini_scheme()
    dims[0]["indicators"][0]["allow_na"] = True
    # a1 n/a: a2 false (0) + a3 (2) = 2 of the 4 that apply -> 2/4 x 10 = 5
    folder = write_round(tmp_path, both("C1", a1="n/a", a2=False), scheme=(scheme, dims))
    assert rate(folder, "C1")["dimensions"]["A"] == 5.0


def test_na_is_refused_where_not_allowed(tmp_path):
    result = cli("score", write_round(tmp_path, both("C1", a1="n/a")), code=1)
    assert "does not allow n/a" in result.stderr
    assert result.stdout == ""


def test_dimension_weight_rescales_points(tmp_path):
    scheme, dims = mini_scheme(scale=15, levels=[{"stars": 1, "min_total": 10}])
    dims[1]["weight"] = 5  # B's 10 points count for 5
    folder = write_round(tmp_path, both("C1", b1=1), scheme=(scheme, dims))
    r = rate(folder, "C1")
    # B = 8.5 of 10 -> 4.25 of 5; total = 10 + 4.25 = 14.25 -> 14.3 (half-up)
    assert r["dimensions"]["B"] == 4.3
    assert total(r) == Decimal("14.3")


# --- combination and rounding -----------------------------------------------


def test_weighted_stages(tmp_path):
    # self 20 (full), district 16 (a1 = 2): 0.5 x 20 + 0.5 x 16 = 18
    folder = write_round(tmp_path, [review("C1", "self"), review("C1", "district", a1=2)])
    r = rate(folder, "C1")
    assert r["stages"] == {"self": 20.0, "district": 16.0}
    assert total(r) == Decimal("18.0")


def test_self_inflation_is_flagged(tmp_path):
    folder = write_round(tmp_path, [review("C1", "self"), review("C1", "district", a1=2)])
    r = rate(folder, "C1")
    assert "self_inflation" in r["flag_codes"]  # 20 - 16 = 4 > tolerance 3


def test_final_combination_uses_the_last_stage(tmp_path):
    scheme, dims = mini_scheme(combine="final")
    folder = write_round(
        tmp_path, [review("C1", "self"), review("C1", "district", a1=2)], scheme=(scheme, dims)
    )
    assert total(rate(folder, "C1")) == Decimal("16.0")


def test_renormalize_rescales_present_stage_weights(tmp_path):
    scheme, dims = mini_scheme(missing_stage="renormalize")
    scheme["stages"] = [
        {"id": "self", "weight": 0.2},
        {"id": "street", "weight": 0.3},
        {"id": "district", "weight": 0.5},
    ]
    # no street review: weights 0.2/0.7 and 0.5/0.7; 20 x 2/7 + 13 x 5/7 = 105/7 = 15
    folder = write_round(
        tmp_path,
        [review("C1", "self"), review("C1", "district", a1=3, b1=2)],
        scheme=(scheme, dims),
    )
    r = rate(folder, "C1")
    assert r["stages"] == {"self": 20.0, "district": 14.0}
    # district: A = 3+2+2 = 7, B = 1+6 = 7 -> 14; 20 x 2/7 + 14 x 5/7 = 110/7 = 15.714… -> 15.7
    assert total(r) == Decimal("15.7")


def test_missing_stage_is_an_error_by_default(tmp_path):
    result = cli("score", write_round(tmp_path, [review("C1", "district")]), code=1)
    assert "has no self review" in result.stderr
    assert "communities.csv:2" in result.stderr


def _one_dimension(places: int, levels: list[dict], stages: list[dict]) -> tuple:
    scheme = {
        "id": "one",
        "version": "1",
        "title": "one",
        "scale": 100,
        "stages": stages,
        "rounding": {"places": places, "mode": "half-up"},
        "levels": levels,
    }
    dims = [
        {
            "id": "D",
            "name": "D",
            "max": 100,
            "indicators": [{"id": "d1", "text": "d1", "kind": "scale", "max": 100, "step": 0.05}],
        }
    ]
    return scheme, dims


def test_84_5_rounds_half_up_to_85_not_bankers_84(tmp_path):
    scheme = _one_dimension(
        0,
        [{"stars": 5, "min_total": 85}, {"stars": 4, "min_total": 80}],
        [{"id": "district", "weight": 1}],
    )
    folder = write_round(
        tmp_path, [{"community": "C1", "stage": "district", "entries": {"d1": 84.5}}], scheme=scheme
    )
    r = rate(folder, "C1")
    assert r["total"] == 85
    assert r["stars"] == 5
    assert round(84.5) == 84  # what banker's rounding would have given


def test_89_95_rounds_to_90_0_where_binary_floats_give_89_9(tmp_path):
    stages = [
        {"id": "self", "weight": 0.2},
        {"id": "street", "weight": 0.3},
        {"id": "district", "weight": 0.5},
    ]
    scheme = _one_dimension(
        1, [{"stars": 5, "min_total": 90}, {"stars": 4, "min_total": 80}], stages
    )
    values = {"self": 85, "street": 85.5, "district": 94.6}
    folder = write_round(
        tmp_path,
        [{"community": "C1", "stage": s, "entries": {"d1": v}} for s, v in values.items()],
        scheme=scheme,
    )
    r = rate(folder, "C1")
    assert total(r) == Decimal("90.0")
    assert r["stars"] == 5
    as_float = 0.2 * 85 + 0.3 * 85.5 + 0.5 * 94.6
    assert round(as_float, 1) == 89.9  # the answer binary floating point would give


@pytest.mark.parametrize(
    ("value", "places", "mode", "expected"),
    [
        (Fraction(845, 10), 0, "half-up", "85"),
        (Fraction(845, 10), 0, "half-even", "84"),
        (Fraction(845, 10), 0, "half-down", "84"),
        (Fraction(8995, 100), 1, "half-up", "90.0"),
        (Fraction(8994, 100), 1, "up", "90.0"),
        (Fraction(8999, 100), 1, "down", "89.9"),
        (Fraction(110, 7), 1, "half-up", "15.7"),
        (Fraction(-25, 10), 0, "half-up", "-3"),
    ],
)
def test_round_exact(value, places, mode, expected):
    assert str(round_exact(value, places, mode)) == expected


# --- levels --------------------------------------------------------------------


def test_veto_gives_zero_stars_even_at_full_marks(tmp_path):
    reviews = [
        review("C1", "self"),
        review("C1", "district", vetoes=["incident"]),
        *both("C2", a1=5),
    ]
    data = score_json(write_round(tmp_path, reviews))
    c1 = next(r for r in data["results"] if r["community"]["id"] == "C1")
    assert total(c1) == Decimal("20.0")
    assert c1["stars"] == 0 and c1["level"] is None
    assert c1["rank"] == 1  # a vetoed community keeps its total and rank
    assert c1["vetoes"] == ["incident"]
    assert "veto" in c1["reasons"][0] and "Major incident" in c1["reasons"][0]


def test_a_dimension_floor_blocks_the_top_level(tmp_path):
    # B = 4 + 2 (b2 at 0.6: band 0.5) = 6 of 10 < 80 %; total 16 + bonus 2 = 18 >= 18
    folder = write_round(tmp_path, both("C1", b2=0.6, bonus=[{"points": 2, "reason": "x"}]))
    r = rate(folder, "C1")
    assert total(r) == Decimal("18.0")
    assert r["stars"] == 2
    assert any(
        "Beta 6/10 (60%) is below the floor of 80% (2 points short)" in x for x in r["reasons"]
    )


def test_min_dimensions_floor_for_one_dimension(tmp_path):
    scheme, dims = mini_scheme()
    scheme["levels"][0] = {"stars": 3, "min_total": 18, "min_dimensions": {"B": 0.9}}
    # B = 8.5 (b1 one finding) < 9; A full; total 18.5
    r = rate(write_round(tmp_path, both("C1", b1=1), scheme=(scheme, dims)), "C1")
    assert total(r) == Decimal("18.5")
    assert r["stars"] == 2


def test_require_blocks_the_top_level_in_the_deciding_stage(tmp_path):
    scheme, dims = mini_scheme()
    scheme["levels"][0]["require"] = ["a2"]
    bonus = [{"points": 2, "reason": "x"}]
    # district (the deciding stage) has a2 false: A = 8 (80 %), total 18 + 2 = 20
    folder = write_round(
        tmp_path / "a",
        [review("C1", "self", bonus=bonus), review("C1", "district", a2=False, bonus=bonus)],
        scheme=(scheme, dims),
    )
    r = rate(folder, "C1")
    assert r["stars"] == 2
    assert any("a2 has 0" in x and "full marks required" in x for x in r["reasons"])
    # the other way round (only self misses it) the level holds
    folder = write_round(
        tmp_path / "b",
        [review("C1", "self", a2=False, bonus=bonus), review("C1", "district", bonus=bonus)],
        scheme=(scheme, dims),
    )
    assert rate(folder, "C1")["stars"] == 3


def test_require_with_a_minimum(tmp_path):
    scheme, dims = mini_scheme()
    scheme["levels"][0]["require"] = [{"indicator": "a1", "min": 5.5}]
    assert (
        rate(write_round(tmp_path / "a", both("C1", a1=5.5), scheme=(scheme, dims)), "C1")["stars"]
        == 3
    )
    r = rate(
        write_round(
            tmp_path / "b",
            both("C1", a1=5, bonus=[{"points": 1, "reason": "x"}]),
            scheme=(scheme, dims),
        ),
        "C1",
    )
    assert r["stars"] == 2  # total 20, but a1 = 5 < 5.5


def test_named_level_below_the_stars(tmp_path):
    scheme, dims = mini_scheme()
    scheme["levels"].append({"stars": 0, "min_total": 5, "label": {"zh": "达标", "en": "Pass"}})
    r = rate(write_round(tmp_path, both("C1", a1=0, a2=False, a3=[], b1=2)), "C1")
    assert r["stars"] == 0  # no named level in the plain mini scheme
    assert r["level"] is None
    r = rate(
        write_round(tmp_path / "b", both("C1", a1=0, a2=False, a3=[], b1=2), scheme=(scheme, dims)),
        "C1",
    )
    # A = 0, B = 1 + 6 = 7 -> 7 >= 5
    assert (r["stars"], r["level"]) == (0, "Pass")


def test_unlabelled_level_gets_a_generated_name(tmp_path):
    r = rate(write_round(tmp_path, both("C1")), "C1")
    assert r["level"] == "3★"


# --- quotas and ranks ---------------------------------------------------------------


def _quota_round(tmp_path, quota):
    scheme, dims = mini_scheme(quotas={3: quota})
    reviews = [
        *both("C1"),
        *both("C2", a1=5.5),
        *both("C3", a1=5.5),
        *both("C4", a1=5),
        *both("C5", a1=1),
    ]
    return score_json(write_round(tmp_path, reviews, scheme=(scheme, dims)))


def test_quota_tie_on_the_boundary_shares_the_level_and_demotes_below(tmp_path):
    data = _quota_round(tmp_path, {"max_count": 2})
    by = {r["community"]["id"]: r for r in data["results"]}
    assert [by[c]["total"] for c in ("C1", "C2", "C3", "C4")] == [20.0, 19.5, 19.5, 19.0]
    assert [by[c]["stars"] for c in ("C1", "C2", "C3", "C4")] == [3, 3, 3, 2]
    assert by["C4"]["qualified_stars"] == 3
    assert any("beyond a quota of 2" in x for x in by["C4"]["reasons"])
    assert any("tie at 19.5" in x for x in by["C2"]["reasons"])
    assert any("tie" in x for x in data["quota_notes"])


def test_quota_by_share_rounds_down(tmp_path):
    data = _quota_round(tmp_path, {"max_share": 0.3})  # 0.3 x 5 = 1.5 -> 1
    stars = {r["community"]["id"]: r["stars"] for r in data["results"]}
    assert stars == {"C1": 3, "C2": 2, "C3": 2, "C4": 2, "C5": 2}  # C5: 15 >= 14


def test_competition_ranking_with_ties(tmp_path):
    data = _quota_round(tmp_path, {"max_count": 9})
    assert [(r["community"]["id"], r["rank"]) for r in data["results"]] == [
        ("C1", 1),
        ("C2", 2),
        ("C3", 2),
        ("C4", 4),
        ("C5", 5),
    ]


# --- surveys ---------------------------------------------------------------------


def _survey_scheme(min_responses=3):
    scheme, dims = mini_scheme(scale=30)
    dims.append(survey_dimension("s1", min_responses, text="overall", question="q1"))
    scheme["levels"] = [{"stars": 1, "min_total": 10}]
    return scheme, dims


ANSWERS = [
    ("C1", "1", "q1", "满意"),
    ("C1", "2", "q1", "基本满意"),
    ("C1", "3", "q1", "不满意"),
    ("C1", "4", "q1", ""),
    ("C1", "5", "q1", "很好"),
    ("C1", "6", "q2", "不满意"),
    ("C1", "7", "q1", "Satisfied"),
]


def test_survey_feeds_a_dimension_with_rate_and_sample(tmp_path):
    folder = write_round(tmp_path, both("C1"), scheme=_survey_scheme(), surveys=ANSWERS)
    r = rate(folder, "C1")
    # q1 only: 4 valid (满意, 基本满意, 不满意, Satisfied), 2 invalid (blank, 很好); rate 3/4
    assert r["survey"]["s1"] == {"rate": 0.75, "valid": 4, "invalid": 2, "points": 7.5}
    assert r["dimensions"]["S"] == 7.5
    assert r["stages"] == {"self": 27.5, "district": 27.5}  # the same points in every stage


def test_too_few_survey_answers_is_an_error(tmp_path):
    folder = write_round(tmp_path, both("C1"), scheme=_survey_scheme(5), surveys=ANSWERS)
    result = cli("score", folder, code=1)
    assert "community C1: 4 valid answers (2 invalid) for s1" in result.stderr
    assert "fewer than its min_responses 5" in result.stderr


def test_explain_traces_every_number(tmp_path):
    scheme, dims = mini_scheme()
    dims[0]["indicators"][0]["allow_na"] = True
    reviews = [
        review("C1", "self", a1="n/a", a2=False),
        review("C1", "district", b1=1, bonus=[{"points": 3, "reason": "市级表彰"}]),
    ]
    out = cli(
        "explain", write_round(tmp_path, reviews, scheme=(scheme, dims)), "C1", "--lang", "en"
    ).stdout
    # the n/a rescaling, the bonus cap, the stage sums, the combination and the rounding
    assert "n/a items: 2 of the 4 that apply, rescaled to 10: 2 x 10 / 4 = 5" in out
    assert "-> min(cap 2) = 2" in out
    assert "Self-assessment" not in out  # stages without labels are shown by id
    assert "self: 5 + 10 = 15" in out
    assert "district: 10 + 8.5 + 2 = 20.5" in out
    assert "weighted: 0.5 × 15 + 0.5 × 20.5 = 17.75" in out
    assert "17.75 -> 17.8 (half-up, 1 decimal place;" in out
    assert "✗ 3★" in out and "✓ 2★" in out
