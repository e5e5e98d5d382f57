"""Prerequisites, points_cap and alternatives (DESIGN §7), through the real loaders;
every expectation is worked out by hand.

The mini scheme (tests/helpers.py): A = a1 (scale 6) + a2 (check 2) + a3 (checklist 2),
B = b1 (deduct 4, 1.5 a finding) + b2 (bands 6); full marks 20; self and district weigh
1/2 each; levels 3★ (18, every dimension 80 %), 2★ (14), 1★ (10); bonus cap 2.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from helpers import both, cli, mini_scheme, rate, review, template, write_round, write_scheme

SAFETY = {"zh": "安全预案齐备", "en": "Safety plan in place"}


def prereq_scheme(**fields: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The mini scheme with a prerequisite p0 in dimension A (no max: it scores nothing)."""
    sch, dims = mini_scheme()
    dims[0]["indicators"].append({"id": "p0", "text": SAFETY, "kind": "prerequisite", **fields})
    return sch, dims


def failure(folder: Path) -> str:
    result = cli("score", folder, code=1)
    assert "Traceback" not in result.stderr
    return result.stderr


def validation(tmp_path: Path, sch: dict[str, Any], dims: list[dict[str, Any]]) -> str:
    folder = write_scheme(tmp_path / "scheme", sch, dims)
    result = cli("validate", folder, code=1)
    return result.stdout + result.stderr


# --- prerequisites -------------------------------------------------------------------


def test_unmet_prerequisite_bars_the_levels_it_gates_and_adds_no_points(tmp_path):
    # full marks in both stages: total 20 = 1/2 x 20 + 1/2 x 20, every dimension 10/10;
    # p0 "no" in the district review (the deciding stage) bars 2★ and 3★: 1★
    folder = write_round(tmp_path / "r", both("C1", p0="no"), scheme=prereq_scheme(levels=[2, 3]))
    res = rate(folder, "C1")
    assert res["total"] == 20.0
    assert res["dimensions"] == {"A": 10.0, "B": 10.0}
    assert res["stars"] == 1
    assert res["reasons"] == [
        "meets every rule of 1★",
        "prerequisite p0 (Safety plan in place) not met: no 2★ or above",
    ]
    zh = json.loads(cli("score", folder, "--format", "json", "--lang", "zh").stdout)
    assert zh["results"][0]["reasons"][1] == "前提条件 p0（安全预案齐备）未满足：不评2★及以上"


def test_a_prerequisite_gates_every_level_above_0_stars_by_default(tmp_path):
    folder = write_round(tmp_path / "r", both("C1", p0="否"), scheme=prereq_scheme())
    res = rate(folder, "C1")
    assert (res["total"], res["stars"], res["level"]) == (20.0, 0, None)
    assert res["reasons"] == [
        "below the lowest level, 1★: prerequisite p0 (Safety plan in place) not met: no 1★ or above"
    ]


def test_only_the_deciding_stage_counts_and_earlier_stages_may_leave_it_out(tmp_path):
    # self says no, or gives no entry at all: the district's yes decides, 3★
    said_no = write_round(tmp_path / "no", both("C1", p0="no"), scheme=prereq_scheme())
    district = yaml.safe_load((said_no / "reviews" / "C1-district.yaml").read_text("utf-8"))
    district["entries"]["p0"] = "yes"
    (said_no / "reviews" / "C1-district.yaml").write_text(yaml.safe_dump(district), "utf-8")
    assert rate(said_no, "C1")["stars"] == 3
    self_review = review("C1", "self")
    left_out = write_round(
        tmp_path / "out", [self_review, review("C1", "district", p0=True)], scheme=prereq_scheme()
    )
    res = rate(left_out, "C1")
    assert (res["total"], res["stars"]) == (20.0, 3)
    assert res["reasons"] == ["meets every rule of 3★"]


def test_a_prerequisite_missing_in_the_deciding_stage_is_an_error(tmp_path):
    folder = write_round(
        tmp_path / "r",
        [review("C1", "self", p0=True), review("C1", "district")],
        scheme=prereq_scheme(),
    )
    err = failure(folder)
    assert (
        "the district review of C1 has no entry for p0 (every indicator needs one; "
        "n/a where allowed)" in err
    )
    assert "self review" not in err


def test_the_deciding_stage_is_the_last_present_under_renormalize(tmp_path):
    # no district review: the self review decides, so it must enter p0
    sch, dims = prereq_scheme()
    sch["missing_stage"] = "renormalize"
    folder = write_round(tmp_path / "r", [review("C1", "self")], scheme=(sch, dims))
    assert "the self review of C1 has no entry for p0" in failure(folder)
    ok = write_round(tmp_path / "ok", [review("C1", "self", p0="no")], scheme=(sch, dims))
    assert rate(ok, "C1")["stars"] == 0


def test_an_na_prerequisite_gates_nothing(tmp_path):
    folder = write_round(tmp_path / "r", both("C1", p0="n/a"), scheme=prereq_scheme(allow_na=True))
    res = rate(folder, "C1")
    # p0 has no max: n/a takes nothing from A's 10 points, A stays 10
    assert (res["total"], res["dimensions"]["A"], res["stars"]) == (20.0, 10.0, 3)
    refused = write_round(tmp_path / "no", both("C1", p0="n/a"), scheme=prereq_scheme())
    assert "p0 does not allow n/a; expected yes or no (是/否)" in failure(refused)


def test_a_prerequisite_with_points_is_invalid(tmp_path):
    out = validation(tmp_path, *prereq_scheme(max=2))
    assert (
        "01-A.yaml:23:8: error: max: a prerequisite scores no points; drop `max` or use "
        "kind: check [value]" in out
    )


def test_max_zero_on_another_kind_says_to_use_a_prerequisite(tmp_path):
    sch, dims = mini_scheme()
    dims[0]["indicators"].append({"id": "z", "text": "t", "kind": "check", "max": 0})
    out = validation(tmp_path, sch, dims)
    assert (
        "max: 0 scores nothing; a yes/no condition that gates levels is kind: prerequisite "
        "(no max), any other indicator needs full marks above 0" in out
    )
    assert "expected more than 0" not in out


def test_a_prerequisite_must_gate_levels_of_the_scheme(tmp_path):
    out = validation(tmp_path, *prereq_scheme(levels=[4]))
    assert (
        "prerequisite p0 gates 4 stars, but no level has 4 stars; the scheme's levels: 3, 2, 1"
        in out
    )


def test_in_a_panel_stage_a_prerequisite_is_met_only_if_every_reviewer_says_so(tmp_path):
    sch, dims = prereq_scheme()
    sch["stages"][1]["panel"] = {"aggregate": "mean"}
    folder = write_round(tmp_path / "r", [review("C1", "self")], scheme=(sch, dims))
    for who, answer in (("P1", "yes"), ("P2", "no"), ("P3", "yes")):
        r = review("C1", "district", p0=answer)
        r["reviewer"] = who
        (folder / "reviews" / f"C1-district-{who}.yaml").write_text(yaml.safe_dump(r), "utf-8")
    res = rate(folder, "C1")
    # every reviewer gives full marks: district 20, total 20; P2's "no" bars every level
    assert (res["total"], res["stars"]) == (20.0, 0)
    explained = cli("explain", folder, "C1", "--lang", "en").stdout
    assert "✗ p0 Safety plan in place: not met (P1 yes, P2 no, P3 yes); gates 1★ or above" in (
        " ".join(explained.split())
    )


def test_explain_names_the_prerequisite_in_each_level_it_gates(tmp_path):
    folder = write_round(tmp_path / "r", both("C1", p0="no"), scheme=prereq_scheme(levels=[3]))
    out = " ".join(cli("explain", folder, "C1", "--lang", "en").stdout.split())
    assert "✗ prerequisite p0 (Safety plan in place) not met: no 3★" in out
    assert "Prerequisites (district)" in out


def test_the_form_asks_a_prerequisite_by_a_yes_no_dropdown(tmp_path):
    folder = write_round(tmp_path / "r", both("C1", p0=True), scheme=prereq_scheme())
    out = tmp_path / "f.xlsx"
    template(folder / "scheme", folder / "communities.csv", "district", out)
    ws = openpyxl.load_workbook(out)["C1社区"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "p0")
    assert ws.cell(row, 5).value == "前提条件"
    validations = {
        rng.coord: dv for dv in ws.data_validations.dataValidation for rng in dv.sqref.ranges
    }
    assert validations[f"C{row}"].formula1 == '"是,否"'


# --- points_cap ----------------------------------------------------------------------


def well_scheme(**head: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """WELL: twelve concepts worth up to 12 each, at most 100 counted; bonus cap 5."""
    sch, _ = mini_scheme()
    sch.update(
        scale=100,
        points_cap=100,
        stages=[{"id": "district"}],
        combine="final",
        bonus={"cap": 5},
        levels=[{"stars": 4, "min_total": 80}, {"stars": 1, "min_total": 40}],
    )
    sch.update(head)
    dims = [
        {
            "id": f"c{k:02d}",
            "name": f"Concept {k}",
            "max": 12,
            "indicators": [{"id": f"i{k:02d}", "text": "t", "kind": "scale", "max": 12}],
        }
        for k in range(1, 13)
    ]
    return sch, dims


def test_points_cap_counts_at_most_100_from_the_dimensions_bonus_outside(tmp_path):
    # nine concepts at 12 and one at 2: 110 from the dimensions, counted min(100, 110)
    # = 100; bonus 5 (cap 5) on top: 105 (115 without the cap)
    marks = {f"i{k:02d}": 12 if k <= 9 else (2 if k == 10 else 0) for k in range(1, 13)}
    r = {
        "community": "C1",
        "stage": "district",
        "entries": marks,
        "bonus": [{"points": 5, "reason": "innovation"}],
    }
    folder = write_round(tmp_path / "r", [r], scheme=well_scheme())
    res = rate(folder, "C1")
    assert res["total"] == 105.0
    assert res["stages"] == {"district": 105.0}
    assert res["dimensions"]["c01"] == 12.0  # dimensions shown uncapped
    assert sum(res["dimensions"].values()) == 110.0
    assert res["stars"] == 4


def test_points_cap_below_the_cap_counts_every_point(tmp_path):
    # 7 x 12 = 84 < 100: 84, no bonus
    marks = {f"i{k:02d}": 12 if k <= 7 else 0 for k in range(1, 13)}
    r = {"community": "C1", "stage": "district", "entries": marks}
    folder = write_round(tmp_path / "r", [r], scheme=well_scheme())
    assert rate(folder, "C1")["total"] == 84.0


def test_points_cap_needs_scale_equal_to_it_and_dimensions_that_reach_it(tmp_path):
    sch, dims = well_scheme()
    sch["scale"] = 144
    out = validation(tmp_path / "a", sch, dims)
    assert "scale is 144 but points_cap is 100; with points_cap, scale is the most a review " in out
    sch, dims = well_scheme(points_cap=150, scale=150)
    out = validation(tmp_path / "b", sch, dims)
    assert (
        "points_cap is 150 but the dimension maxima (or weights) add up to 144; the cap can "
        "never be reached: expected a cap of at most their sum" in out
    )


# --- alternatives --------------------------------------------------------------------


def alt_scheme(
    lt1: dict[str, Any] | None = None, lt2: dict[str, Any] | None = None, max_a: int = 10
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A = a1 (scale 6) + the better of lt-1 (scale 4, step 1) and lt-2 (check 3):
    max 6 + max(4, 3) = 10."""
    sch, dims = mini_scheme()
    dims[0]["max"] = max_a
    dims[0]["indicators"] = [
        {"id": "a1", "text": "scale item", "kind": "scale", "max": 6, "step": 0.5},
        {"id": "lt-1", "text": "path 1", "kind": "scale", "max": 4, "step": 1, **(lt1 or {})},
        {"id": "lt-2", "text": "path 2", "kind": "check", "max": 3, **(lt2 or {})},
    ]
    dims[0]["alternatives"] = [["lt-1", "lt-2"]]
    return sch, dims


def alt_review(cid: str, stage: str, **entries: Any) -> dict[str, Any]:
    base = {"a1": 6, "lt-1": 1, "lt-2": True, "b1": 0, "b2": 0.95}
    base.update(entries)
    return {"community": cid, "stage": stage, "entries": base}


def alt_both(cid: str, **entries: Any) -> list[dict[str, Any]]:
    return [alt_review(cid, "self", **entries), alt_review(cid, "district", **entries)]


def test_each_group_counts_its_best_member_per_review(tmp_path):
    # self: lt-1 1, lt-2 yes (3): A = 6 + 3 = 9; district: lt-1 4, lt-2 yes: A = 6 + 4 = 10
    # total = 1/2 x 19 + 1/2 x 20 = 19.5 (39/2); A = 19/2 = 9.5
    folder = write_round(
        tmp_path / "r",
        [alt_review("C1", "self"), alt_review("C1", "district", **{"lt-1": 4})],
        scheme=alt_scheme(),
    )
    res = rate(folder, "C1")
    assert res["dimensions"] == {"A": 9.5, "B": 10.0}
    assert (res["total"], res["stars"]) == (19.5, 3)


def test_na_members_do_not_compete_and_the_group_counts_what_applies(tmp_path):
    sch = alt_scheme(lt1={"allow_na": True}, lt2={"allow_na": True})
    # lt-1 n/a, lt-2 yes: the group applies at lt-2's max 3, 1 of its 4 not applicable:
    # A = (6 + 3) x 10 / 9 = 10
    one = write_round(tmp_path / "one", alt_both("C1", **{"lt-1": "n/a"}), scheme=sch)
    assert rate(one, "C1")["dimensions"]["A"] == 10.0
    # lt-1 n/a, lt-2 no: A = (6 + 0) x 10 / 9 = 20/3, shown 6.7; total 20/3 + 10 = 16.7
    # -> 2★
    no = write_round(tmp_path / "no", alt_both("C1", **{"lt-1": "n/a", "lt-2": False}), scheme=sch)
    res = rate(no, "C1")
    assert (res["dimensions"]["A"], res["total"], res["stars"]) == (6.7, 16.7, 2)
    # every member n/a: the group's max 4 is not applicable; a1 3 of 6: A = 3 x 10 / 6 = 5
    every = write_round(
        tmp_path / "all", alt_both("C1", a1=3, **{"lt-1": "n/a", "lt-2": "n/a"}), scheme=sch
    )
    assert rate(every, "C1")["dimensions"]["A"] == 5.0


def test_require_on_a_member_reads_its_own_points(tmp_path):
    # lt-2 yes gives A 9 of 10 (total 19, every dimension >= 90 %), but 3★ requires lt-1
    # at full marks (4) and lt-1 has 1: 2★
    sch, dims = alt_scheme()
    sch["levels"][0]["require"] = ["lt-1"]
    folder = write_round(tmp_path / "r", alt_both("C1"), scheme=(sch, dims))
    res = rate(folder, "C1")
    assert (res["total"], res["stars"]) == (19.0, 2)
    assert res["reasons"] == [
        "meets every rule of 2★",
        "not 3★: lt-1 has 1 in the district; full marks required, not met",
    ]


def test_the_dimension_max_counts_each_group_once_at_its_largest_member(tmp_path):
    out = validation(tmp_path, *alt_scheme(max_a=13))
    assert (
        "dimension 'A' has max 13 but its indicators add up to 10 (each alternatives group "
        "once, at its largest member's max)" in out
    )


def test_alternatives_name_indicators_of_their_own_dimension(tmp_path):
    sch, dims = alt_scheme()
    dims[0]["alternatives"] = [["lt-1", "b1"], ["lt-2", "lt-1"]]
    out = validation(tmp_path, sch, dims)
    assert (
        "alternatives names 'b1', which is not an indicator of dimension 'A'; a group's "
        "members are indicators of its own dimension" in out
    )
    assert "alternatives names lt-1 twice; an indicator belongs to one group at most" in out


def test_explain_shows_which_member_counts(tmp_path):
    folder = write_round(tmp_path / "r", alt_both("C1"), scheme=alt_scheme())
    out = " ".join(cli("explain", folder, "C1", "--lang", "en").stdout.split())
    assert "alternatives lt-1 / lt-2: lt-1 1, lt-2 3; counts lt-2 3" in out


def test_a_panel_by_indicator_applies_alternatives_and_the_cap(tmp_path):
    # district by indicator (mean of 2): lt-1 mean (0 + 4) / 2 = 2, lt-2 mean (3 + 0)/2
    # = 3/2: the group counts 2; A = 6 + 2 = 8; total = 1/2 x 19 + 1/2 x 18 = 18.5
    sch, dims = alt_scheme()
    sch["stages"][1]["panel"] = {"aggregate": "mean", "by": "indicator"}
    folder = write_round(tmp_path / "r", [alt_review("C1", "self")], scheme=(sch, dims))
    for who, ch in (("P1", {"lt-1": 0, "lt-2": True}), ("P2", {"lt-1": 4, "lt-2": False})):
        r = alt_review("C1", "district", **copy.deepcopy(ch))
        r["reviewer"] = who
        (folder / "reviews" / f"C1-district-{who}.yaml").write_text(yaml.safe_dump(r), "utf-8")
    res = rate(folder, "C1")
    assert res["stages"]["district"] == 18.0
    assert res["total"] == 18.5


def test_an_unmet_prerequisite_beats_a_dynamic_rule(tmp_path):
    # last round 3★; max_drop: 1 would hold C1 at 2★, but p0 "no" gates 2★ and 3★: 1★
    sch, dims = prereq_scheme(levels=[2, 3])
    sch["dynamic"] = {"max_drop": 1}
    before = write_round(tmp_path / "before", both("C1", p0="yes", a1=0), scheme=(sch, dims))
    assert rate(before, "C1")["stars"] == 2  # 14 points: 2★ (not 3★ at 14)
    full = write_round(tmp_path / "full", both("C1", p0="yes"), scheme=(sch, dims))
    head = full / "round.yaml"
    head.write_text(head.read_text("utf-8").replace("2022", "2021"), "utf-8")
    previous = tmp_path / "previous.json"
    previous.write_text(cli("score", full, "--format", "json").stdout, "utf-8")
    now = write_round(tmp_path / "now", both("C1", p0="no", a1=0), scheme=(sch, dims))
    res = rate(now, "C1", "--previous", str(previous))
    assert res["stars"] == 1
    assert any(
        "prerequisite p0 (Safety plan in place) not met: no 2★ or above" in r
        for r in res["reasons"]
    ), res["reasons"]
