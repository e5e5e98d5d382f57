"""Panels of reviewers (评审组, DESIGN §7): several reviews of one stage, aggregated
exactly; every expectation below is worked out by hand.

The mini scheme (tests/helpers.py): A = a1 (scale 6) + a2 (check 2) + a3 (checklist 2),
B = b1 (deduct 4, 1.5 a finding) + b2 (bands 6); full marks 20; self and district
weigh 1/2 each; the total is rounded once, half-up.  Every self review below has full
marks, 20, so a community's total is 10 + district / 2.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from helpers import cli, mini_scheme, rate, review, score_json, template, write_round


def panel_scheme(
    panel: dict[str, Any] | None = None, **overrides: Any
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The mini scheme with a panel at the district stage (a1 may be n/a)."""
    sch, dims = mini_scheme(**overrides)
    sch["stages"][1]["panel"] = panel or {"aggregate": "trimmed", "trim": 1}
    dims[0]["indicators"][0]["allow_na"] = True
    return sch, dims


def panel_round(
    folder: Path,
    district: dict[str, dict[str, Any]],
    panel: dict[str, Any] | None = None,
    cid: str = "C1",
    **overrides: Any,
) -> Path:
    """A round with a full-marks self review and one district review per reviewer
    (``district``: reviewer -> changes to full marks, as ``review()`` takes them)."""
    write_round(folder, [review(cid, "self")], scheme=panel_scheme(panel, **overrides))
    for k, (who, changes) in enumerate(district.items()):
        r = review(cid, "district", **copy.deepcopy(changes))
        r["reviewer"] = who
        name = f"{cid}-district-{k}.yaml"
        (folder / "reviews" / name).write_text(yaml.safe_dump(r, allow_unicode=True), "utf-8")
    return folder


def failure(folder: Path) -> str:
    result = cli("score", folder, code=1)
    assert result.stdout == ""
    assert "nothing was scored" in result.stderr
    return result.stderr


# --- aggregation ---------------------------------------------------------------------

# Five reviewers, trim 1: P1 20 (a1 6) and P5 14 (a1 0) are dropped; the district value
# is the mean of the other three.
FIVE = {
    "P1": {},
    "P2": {"a1": 2},  # 16
    "P3": {"a1": 2},  # 16
    "P4": {"a1": 1.5},  # 15.5
    "P5": {"a1": 0},  # 14
}


def test_trimmed_mean_is_decided_by_its_exact_value_at_a_rounding_boundary(tmp_path):
    levels = [{"stars": 3, "min_total": 17.92}, {"stars": 2, "min_total": 14}]
    rounding = {"places": 2, "mode": "half-up"}
    r = rate(panel_round(tmp_path / "a", FIVE, levels=levels, rounding=rounding), "C1")
    # district = (16 + 16 + 31/2) / 3 = 95/6; total = 10 + 95/12 = 215/12 = 17.91666…
    # -> 17.92 (half-up, two places), which reaches 17.92: three stars (17.91 would not)
    assert r["total"] == 17.92
    assert r["stages"]["district"] == 15.83  # 95/6, shown rounded; combined unrounded
    assert r["stars"] == 3
    # P4 a1 1 instead: (16 + 16 + 15) / 3 = 47/3; total = 10 + 47/6 = 107/6 = 17.8333…
    lower = {**FIVE, "P4": {"a1": 1}}
    r = rate(panel_round(tmp_path / "b", lower, levels=levels, rounding=rounding), "C1")
    assert r["total"] == 17.83
    assert r["stars"] == 2


def test_trimmed_mean_on_a_half_is_exact_not_binary(tmp_path):
    # P4 has a bonus of 0.2: 31/2 + 1/5 = 157/10; district = (16 + 16 + 157/10) / 3 = 159/10
    # total = 10 + 159/20 = 359/20 = 17.95 exactly -> 18.0 half-up (binary floats make
    # it 17.949999… and 17.9)
    five = {**FIVE, "P4": {"a1": 1.5, "bonus": [{"points": 0.2, "reason": "市级表彰"}]}}
    levels = [{"stars": 3, "min_total": 18}, {"stars": 2, "min_total": 14}]
    r = rate(panel_round(tmp_path, five, levels=levels), "C1")
    assert r["stages"]["district"] == 15.9
    assert r["total"] == 18.0
    assert r["stars"] == 3


# R1 16 (A 10, B 6: three findings), R2 14 (A 4, B 10), R3 13 (A 6, B 7: two findings)
THREE = {
    "R1": {"b1": 3},
    "R2": {"a1": 0},
    "R3": {"a1": 2, "b1": 2},
}


def test_by_total_and_by_indicator_differ_on_the_same_reviews(tmp_path):
    trimmed = {"aggregate": "trimmed", "trim": 1}
    by_total = rate(panel_round(tmp_path / "t", THREE, trimmed), "C1")
    # by total: 16, 14, 13 -> drop R1 (highest) and R3 (lowest): R2's review, 14
    # A = (10 + 4) / 2 = 7, B = (10 + 10) / 2 = 10, total = 10 + 14/2 = 17
    assert by_total["stages"]["district"] == 14.0
    assert by_total["total"] == 17.0
    assert by_total["dimensions"] == {"A": 7.0, "B": 10.0}
    assert by_total["panels"] == {
        "district": [
            {"reviewer": "R1", "total": 16.0, "kept": False},
            {"reviewer": "R2", "total": 14.0, "kept": True},
            {"reviewer": "R3", "total": 13.0, "kept": False},
        ]
    }
    by_indicator = rate(panel_round(tmp_path / "i", THREE, {**trimmed, "by": "indicator"}), "C1")
    # by indicator: a1 6, 0, 2 -> 2; b1 points 0, 4, 1 -> 1; the rest agree
    # A = 2 + 2 + 2 = 6, B = 1 + 6 = 7, district 13; A = (10 + 6) / 2 = 8, B = 17/2
    # total = 10 + 13/2 = 33/2 = 16.5
    assert by_indicator["stages"]["district"] == 13.0
    assert by_indicator["total"] == 16.5
    assert by_indicator["dimensions"] == {"A": 8.0, "B": 8.5}
    assert [m["kept"] for m in by_indicator["panels"]["district"]] == [None, None, None]


def test_median_of_an_odd_and_an_even_panel(tmp_path):
    median = {"aggregate": "median"}
    odd = rate(panel_round(tmp_path / "odd", THREE, median), "C1")
    # 16, 14, 13: (3-1)//2 = 1 dropped at each end; the middle one, R2: 14; total 17
    assert odd["stages"]["district"] == 14.0
    assert odd["total"] == 17.0
    assert [m["kept"] for m in odd["panels"]["district"]] == [False, True, False]
    # R4 19 (a1 5), R2 with a1 0.5: 14.5; 19, 16, 14.5, 13: (4-1)//2 = 1 dropped at each
    # end (R4, R3); the mean of the two middle ones = (16 + 29/2) / 2 = 61/4 = 15.25
    # total = 10 + 61/8 = 141/8 = 17.625 -> 17.6
    even = {**THREE, "R2": {"a1": 0.5}, "R4": {"a1": 5}}
    r = rate(panel_round(tmp_path / "even", even, median), "C1")
    assert r["total"] == 17.6
    assert [m["kept"] for m in r["panels"]["district"]] == [True, True, False, False]
    # A = (10 + (10 + 9/2) / 2) / 2 = 69/8 = 8.625 -> 8.6; B = (10 + (6 + 10) / 2) / 2 = 9
    assert r["dimensions"] == {"A": 8.6, "B": 9.0}


def test_mean_of_every_review(tmp_path):
    r = rate(panel_round(tmp_path, THREE, {"aggregate": "mean", "min_reviewers": 3}), "C1")
    # (16 + 14 + 13) / 3 = 43/3; total = 10 + 43/6 = 103/6 = 17.1666… -> 17.2
    assert r["total"] == 17.2
    assert [m["kept"] for m in r["panels"]["district"]] == [True, True, True]


def test_equal_totals_drop_the_later_reviewer_first_at_either_end(tmp_path):
    # all three total 16: r1 A 10 B 6, r2 A 6 B 10, r3 A 8 B 8 (a1 4, b2 4)
    equal = {"r1": {"b1": 3}, "r2": {"a1": 2}, "r3": {"a1": 4, "b2": 0.85}}
    r = rate(panel_round(tmp_path, equal, {"aggregate": "trimmed", "trim": 1}), "C1")
    # the top end drops r3 (the latest id), the bottom end then r2: r1 is kept
    assert [m["kept"] for m in r["panels"]["district"]] == [True, False, False]
    # A = (10 + 10) / 2 = 10, B = (10 + 6) / 2 = 8
    assert r["dimensions"] == {"A": 10.0, "B": 8.0}
    out = cli("explain", tmp_path, "C1", "--lang", "en").stdout
    assert "r3: 16  dropped (high end); ties with r1, r2 at 16: the later reviewer id is " in out
    assert "r2: 16  dropped (low end); ties with r1, r3 at 16: the later reviewer id is " in out


def test_a_veto_by_one_reviewer_counts(tmp_path):
    three = {**THREE, "R3": {**THREE["R3"], "vetoes": ["incident"]}}
    r = rate(panel_round(tmp_path, three), "C1")
    # R3 is dropped as the lowest total, but its veto still counts: no level
    assert r["total"] == 17.0
    assert r["stars"] == 0
    assert r["vetoes"] == ["incident"]
    assert r["reasons"] == ["veto: Major incident (reviews/C1-district-2.yaml:13); no level"]


# --- checks ------------------------------------------------------------------------


def test_the_same_reviewer_twice_is_an_error(tmp_path):
    folder = panel_round(tmp_path, THREE)
    again = review("C1", "district")
    again["reviewer"] = "R2"
    (folder / "reviews" / "again.yaml").write_text(yaml.safe_dump(again), "utf-8")
    err = failure(folder)
    assert (
        "reviews/again.yaml:1: error: reviewer 'R2' reviewed the district stage of C1 twice "
        f"(the first is at {folder}/reviews/C1-district-1.yaml:1); one review per reviewer "
        "[duplicate-reviewer]"
    ) in err


def test_too_few_reviewers_is_an_error(tmp_path):
    folder = panel_round(tmp_path, THREE, {"aggregate": "mean", "min_reviewers": 5})
    err = failure(folder)
    assert (
        "communities.csv:2: error: community C1 has 3 district reviews (R1, R2, R3); "
        "the panel needs at least min_reviewers: 5 [panel-size]"
    ) in err


def test_too_few_reviewers_for_the_trim_is_an_error(tmp_path):
    two = {"R1": {}, "R2": {}}
    err = failure(panel_round(tmp_path, two, {"aggregate": "trimmed", "trim": 1}))
    assert (
        "communities.csv:2: error: community C1 has 2 district reviews (R1, R2); a trimmed "
        "panel that drops the 1 highest and 1 lowest needs more than 2 x trim = 2 [panel-size]"
    ) in err


def test_a_panel_review_names_its_reviewer(tmp_path):
    folder = panel_round(tmp_path, THREE)
    (folder / "reviews" / "anon.yaml").write_text(yaml.safe_dump(review("C1", "district")))
    err = failure(folder)
    assert (
        "reviews/anon.yaml:1: error: the district review of C1 names no reviewer; the "
        "district stage is reviewed by a panel, so each review names its reviewer "
        "(`reviewer:` in YAML, the reviewer column in CSV, the reviewer cell of a form) "
        "[missing-reviewer]"
    ) in err


def test_a_stage_without_panel_keeps_one_review(tmp_path):
    folder = panel_round(tmp_path, THREE)
    second = review("C1", "self", a1=5)
    (folder / "reviews" / "self-2.yaml").write_text(yaml.safe_dump(second), "utf-8")
    assert "a second self review of C1 (the first is at " in failure(folder)


def test_reviewers_of_a_panel_agree_on_na(tmp_path):
    three = {**THREE, "R2": {"a1": "n/a"}}
    err = failure(panel_round(tmp_path, three))
    assert (
        "reviews/C1-district-1.yaml:3:7: error: the district panel of C1 disagrees on whether "
        "a1 applies: n/a from R2, an entry from R1, R3; a panel's reviewers agree on n/a "
        "[panel-na]"
    ) in err


@pytest.mark.parametrize(
    ("panel", "message"),
    [
        (
            {"aggregate": "trimmed"},
            "aggregate: trimmed needs `trim`: how many highest and lowest totals to drop",
        ),
        ({"aggregate": "median", "trim": 1}, "`trim` applies only to aggregate: trimmed"),
    ],
)
def test_a_panel_says_how_much_it_trims(tmp_path, panel, message):
    err = failure(panel_round(tmp_path, THREE, panel))
    assert message in err


# --- output --------------------------------------------------------------------------


def test_json_has_panels_only_for_panel_stages(tmp_path):
    r = rate(panel_round(tmp_path, FIVE), "C1")
    assert r["panels"] == {
        "district": [
            {"reviewer": "P1", "total": 20.0, "kept": False},
            {"reviewer": "P2", "total": 16.0, "kept": True},
            {"reviewer": "P3", "total": 16.0, "kept": True},
            {"reviewer": "P4", "total": 15.5, "kept": True},
            {"reviewer": "P5", "total": 14.0, "kept": False},
        ]
    }
    assert list(r["stages"]) == ["self", "district"]  # one number per stage, as ever
    plain = write_round(tmp_path / "plain", [review("C1", "self"), review("C1", "district")])
    assert "panels" not in rate(plain, "C1")


def test_explain_lists_every_reviewer_and_why_dropped(tmp_path):
    out = cli("explain", panel_round(tmp_path, FIVE), "C1", "--lang", "en").stdout
    lines = [line.rstrip() for line in out.splitlines()]
    start = lines.index("Panels")
    reviews = f"{tmp_path}/reviews"
    assert lines[start + 1 : start + 8] == [
        "  district panel (5 reviewers): by total, the 1 highest and the 1 lowest dropped, "
        "the rest averaged",
        f"    P1: 20  dropped (high end)  [{reviews}/C1-district-0.yaml:1]",
        f"    P2: 16  kept  [{reviews}/C1-district-1.yaml:1]",
        f"    P3: 16  kept  [{reviews}/C1-district-2.yaml:1]",
        f"    P4: 15.5  kept  [{reviews}/C1-district-3.yaml:1]",
        f"    P5: 14  dropped (low end)  [{reviews}/C1-district-4.yaml:1]",
        "    (16 + 16 + 15.5) / 3 = 95/6 ≈15.833333",
    ]
    # A = (6 + 6 + 11/2) / 3 = 35/6
    assert "  district: ≈5.833333 + 10 = ≈15.833333   [panel]" in lines


def test_explain_by_indicator_lists_each_indicator(tmp_path):
    panel = {"aggregate": "trimmed", "trim": 1, "by": "indicator"}
    out = cli("explain", panel_round(tmp_path, THREE, panel), "C1", "--lang", "en").stdout
    assert "  district panel (3 reviewers): by indicator, each indicator's 1 highest and 1 " in out
    assert "    R1: 16  counted by indicator  [" in out
    assert "    a1: R1 6, R2 0, R3 2 -> 2" in out
    assert "    b1: R1 0, R2 4, R3 1 -> 1" in out


def test_panel_spread_flags_a_reviewer_strictly_beyond_the_tolerance(tmp_path):
    # FIVE: the panel's total is 95/6 = 15.833…; P1 20 is 25/6 = 4.1666… away, P5 14 is
    # 11/6 = 1.833… away, P4 15.5 is 1/3 away
    r = rate(panel_round(tmp_path / "a", FIVE, flags={"panel_spread": 1.8}), "C1")
    assert r["flag_codes"] == ["panel_spread", "panel_spread"]
    assert r["flags"] == [
        "panel spread: P1's district total 20 is 4.17 points from the panel's 15.83 "
        "(tolerance 1.8 points)",
        "panel spread: P5's district total 14 is 1.83 points from the panel's 15.83 "
        "(tolerance 1.8 points)",
    ]
    # at 25/6 exactly P1 is not flagged (strictly more than the tolerance)
    r = rate(panel_round(tmp_path / "b", FIVE, flags={"panel_spread": 5}), "C1")
    assert r["flag_codes"] == []
    zh = score_json(panel_round(tmp_path / "c", FIVE, flags={"panel_spread": 4}), "--lang", "zh")
    assert zh["results"][0]["flags"] == [
        "评审组分歧：district评审人 P1 评分 20，与评审组合成分 15.83 相差 4.17 分（容差 4 分）"
    ]


# --- other review formats ------------------------------------------------------------


def test_long_csv_rows_group_by_reviewer(tmp_path):
    folder = write_round(tmp_path, [review("C1", "self")], scheme=panel_scheme())
    rows = ["community,stage,indicator,value,reviewer"]
    for who, changes in THREE.items():
        for ind, value in review("C1", "district", **changes)["entries"].items():
            text = ";".join(value) if isinstance(value, list) else str(value).lower()
            rows.append(f"C1,district,{ind},{text},{who}")
    (folder / "reviews" / "district.csv").write_text("\n".join(rows) + "\n", "utf-8")
    r = rate(folder, "C1")
    assert r["total"] == 17.0  # as the YAML reviews: R2's 14 kept
    assert [m["reviewer"] for m in r["panels"]["district"]] == ["R1", "R2", "R3"]


def test_xlsx_forms_name_the_reviewer_in_their_cell(tmp_path):
    folder = write_round(tmp_path, [review("C1", "self")], scheme=panel_scheme())
    for who, changes in THREE.items():
        out = folder / "reviews" / f"district-{who}.xlsx"
        template(folder / "scheme", folder / "communities.csv", "district", out, lang="en")
        wb = openpyxl.load_workbook(out)
        ws = next(s for s in wb.worksheets if s["B2"].value == "C1")
        assert ws["A4"].value == "Reviewer (required)"
        ws["B4"] = who
        entries = review("C1", "district", **changes)["entries"]
        for row in ws.iter_rows(min_row=2):
            key = row[0].value
            if key in entries and not isinstance(entries[key], list):
                value = entries[key]
                row[2].value = ("yes" if value else "no") if isinstance(value, bool) else value
            elif isinstance(key, str) and "/" in key:
                ind, item = key.split("/")
                row[2].value = "yes" if item in entries[ind] else "no"
        wb.save(out)
    r = rate(folder, "C1")
    assert r["total"] == 17.0
    assert [m["reviewer"] for m in r["panels"]["district"]] == ["R1", "R2", "R3"]


def test_yaml_template_says_the_reviewer_is_required(tmp_path):
    folder = write_round(tmp_path, [review("C1", "self")], scheme=panel_scheme())
    out = tmp_path / "district.yaml"
    template(
        folder / "scheme",
        folder / "communities.csv",
        "district",
        out,
        "--format",
        "yaml",
        lang="en",
    )
    assert (
        "  reviewer:  # required: a panel reviews this stage, one review per reviewer"
        in out.read_text("utf-8")
    )


def test_an_appeal_on_a_panel_stage_names_the_reviewer(tmp_path):
    folder = panel_round(tmp_path, THREE)
    appeal = {
        "community": "C1",
        "stage": "district",
        "indicator": "a1",
        "value": 6,
        "reason": "复核",
        "decided_by": "区评定委员会",
        "date": "2022-09-01",
    }
    (folder / "appeals.yaml").write_text(yaml.safe_dump([appeal], allow_unicode=True))
    err = failure(folder)
    assert (
        "appeals.yaml:1:3: error: appeal for C1/district: name the reviewer (`reviewer:`); "
        "the district stage is reviewed by a panel: R1, R2, R3 [unknown-id]"
    ) in err
    (folder / "appeals.yaml").write_text(
        yaml.safe_dump([{**appeal, "reviewer": "R3"}], allow_unicode=True)
    )
    r = rate(folder, "C1")
    # R3 a1 2 -> 6: R3 17; 17, 16, 14: R2 14 is the lowest and R3 the highest: R1's 16
    # is kept; total = 10 + 16/2 = 18
    assert r["total"] == 18.0
    assert [m["kept"] for m in r["panels"]["district"]] == [True, False, False]


def test_validate_asks_a_lone_panel_review_for_its_reviewer(tmp_path):
    folder = panel_round(tmp_path, THREE)
    lone = tmp_path / "lone.yaml"
    lone.write_text(yaml.safe_dump(review("C1", "district")), "utf-8")
    result = cli("validate", lone, "--criteria", folder / "scheme", code=1)
    assert (
        "lone.yaml:1: error: the district review of C1 names no reviewer; the district stage "
        "is reviewed by a panel, so each review names its reviewer [missing-reviewer]"
    ) in result.stdout + result.stderr
    cli("validate", folder / "reviews" / "C1-district-0.yaml", "--criteria", folder / "scheme")
