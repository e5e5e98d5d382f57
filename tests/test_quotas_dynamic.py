"""Quota ties and cumulative quotas, applications, dynamic rules scoped by levels, the
order of work (levels -> dynamic rules -> quotas) and reasons that never claim rules a
dynamic rule overrode (DESIGN §7)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from helpers import both, cli, mini_scheme, rate, review, score_json, survey_dimension, write_round

# mini_scheme: dimensions A and B, 10 points each; stages self and district at 0.5 each;
# levels 3★ (total 18, every dimension 80 %), 2★ (total 14), 1★ (total 10).
# Full entries give A = B = 10, total 20.  a1 is a 0..6 scale, a2 a 2-point check,
# b2 bands (0.9 -> 6, 0.8 -> 4, 0.5 -> 2).


def _by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["community"]["id"]: r for r in data["results"]}


def _set_round(folder: Path, **keys: Any) -> None:
    data = yaml.safe_load((folder / "round.yaml").read_text("utf-8"))
    data.update(keys)
    (folder / "round.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def _register(folder: Path, rows: list[tuple[str, str]]) -> None:
    """communities.csv with an `applied` column: (id, applied)."""
    (folder / "communities.csv").write_text(
        "id,name,street,applied\n" + "".join(f"{c},{c}社区,东关街道,{a}\n" for c, a in rows),
        "utf-8",
    )


# --- quota ties -------------------------------------------------------------------


def _tie_round(tmp_path: Path, ties: str | None) -> dict[str, Any]:
    """Eleven communities; C01 and C02 tie at 19.0 on the boundary of a 10 % quota of
    3★ (floor(0.1 x 11) = 1), with the same district total but not the same dimensions.

    C01: self 20; district a1 = 4 -> A 8, B 10 = 18.  Total (20 + 18)/2 = 19,
         A = (10 + 8)/2 = 9, B = 10.
    C02: self 20; district b2 = 0.85 -> 4 points, B 8, A 10 = 18.  Total 19,
         A = 10, B = (10 + 8)/2 = 9.
    C03..C11: a1 = 0 in both stages -> A 4, total 14: 2★.
    Rank order (total, district total, id) puts C01 first; the tie-break compares the
    district totals (18 = 18), then A: C02 10 > C01 9, so C02 goes first."""
    quota: dict[str, Any] = {"max_share": 0.1}
    if ties is not None:
        quota["ties"] = ties
    scheme, dims = mini_scheme(quotas={3: quota})
    reviews = [review("C01", "self"), review("C01", "district", a1=4)]
    reviews += [review("C02", "self"), review("C02", "district", b2=0.85)]
    for k in range(3, 12):
        reviews += both(f"C{k:02d}", a1=0)
    return score_json(write_round(tmp_path, reviews, scheme=(scheme, dims)))


def test_ties_share_by_default_keep_the_level_together(tmp_path):
    data = _tie_round(tmp_path, None)
    by = _by_id(data)
    assert (by["C01"]["stars"], by["C02"]["stars"]) == (3, 3)
    assert data["quota_notes"] == [
        "3★: a quota of 1 (10% of 11, rounded down); 2 communities tie at 19.0 on the "
        "boundary and keep the level together, so 2 hold it"
    ]


def test_ties_break_keeps_exactly_the_quota(tmp_path):
    data = _tie_round(tmp_path, "break")
    by = _by_id(data)
    assert (by["C01"]["stars"], by["C02"]["stars"]) == (2, 3)
    assert by["C01"]["rank"] == by["C02"]["rank"] == 1
    assert data["quota_notes"] == [
        "3★: a quota of 1 (10% of 11, rounded down); 2 communities tie at 19.0 on the "
        "boundary; the deciding stage's exact total, then the dimensions in scheme order, "
        "then the id break the tie, so 1 community holds it",
        "3★: a quota of 1 (10% of 11, rounded down); 1 community moved down",
    ]
    assert by["C01"]["reasons"] == [
        "meets every rule of 2★",
        "qualifies for 3★, but ties at 19.0 with C02 on the boundary of a quota of 1 "
        "(10% of 11, rounded down) for 3★, and C02 goes first on Alpha, 10 against 9; "
        "placed at 2★",
    ]
    assert by["C02"]["reasons"] == [
        "meets every rule of 3★",
        "ties at 19.0 on the boundary of a quota of 1 (10% of 11, rounded down) for 3★ and "
        "keeps the level on the tie-break",
    ]
    zh = _by_id(score_json(tmp_path, "--lang", "zh"))
    assert "与 C02 同分 19.0" in zh["C01"]["reasons"][1]
    assert "（甲 10 对 9）" in zh["C01"]["reasons"][1]


def test_ties_demote_drops_everyone_tied_at_the_boundary(tmp_path):
    data = _tie_round(tmp_path, "demote")
    by = _by_id(data)
    assert (by["C01"]["stars"], by["C02"]["stars"]) == (2, 2)
    assert data["quota_notes"][0] == (
        "3★: a quota of 1 (10% of 11, rounded down); 2 communities tie at 19.0 on the "
        "boundary and all move down (ties: demote), so 0 communities hold it"
    )
    assert by["C02"]["reasons"][1] == (
        "qualifies for 3★, but ties at 19.0 on the boundary of a quota of 1 (10% of 11, "
        "rounded down) for 3★, and every tied community moves down (ties: demote); "
        "placed at 2★"
    )


def test_the_tie_break_falls_to_the_district_total_then_the_id(tmp_path):
    # C1: self a1 = 5 (19), district 20 -> total 19.5, district 20
    # C2: self 20, district a1 = 5 (19) -> total 19.5, district 19: C1 first on the district
    # C3, C4: full marks in both stages (20, 20): the same everywhere: the id decides
    scheme, dims = mini_scheme(quotas={3: {"max_count": 1, "ties": "break"}})
    reviews = [review("C1", "self", a1=5), review("C1", "district")]
    reviews += [review("C2", "self"), review("C2", "district", a1=5)]
    by = _by_id(score_json(write_round(tmp_path / "a", reviews, scheme=(scheme, dims))))
    assert (by["C1"]["stars"], by["C2"]["stars"]) == (3, 2)
    assert "C1 goes first on the district total, 20 against 19" in by["C2"]["reasons"][1]
    reviews = both("C4") + both("C3")
    by = _by_id(score_json(write_round(tmp_path / "b", reviews, scheme=(scheme, dims))))
    assert (by["C3"]["stars"], by["C4"]["stars"]) == (3, 2)
    assert "C3 goes first on the id, C3 before C4" in by["C4"]["reasons"][1]


# --- cumulative quotas -------------------------------------------------------------


def test_a_cumulative_quota_counts_every_community_at_those_stars_or_more(tmp_path):
    # C2: a1 = 5.5 in both stages: A 9.5, total 19.5 -> 3★, rank 1.
    # C1: a2 false in both: A 8 (80 %), total 18 -> 3★; C3: a3 = [] in both: A 8, total
    # 18 -> 3★; C1 and C3 tie at 18.0 (rank 2) with the same district total (18) and
    # dimensions (A 8, B 10): the id decides.  C4: a1 = 0: A 4, total 14 -> 2★, rank 4.
    # "2+": at most 2 communities at two stars or more: C2, then C1 on the tie-break;
    # C3 (a three-star community) and C4 drop below two stars, to 1★.
    scheme, dims = mini_scheme(quotas={"2+": {"max_count": 2, "ties": "break"}})
    reviews = both("C1", a2=False) + both("C2", a1=5.5) + both("C3", a3=[]) + both("C4", a1=0)
    data = score_json(write_round(tmp_path, reviews, scheme=(scheme, dims)))
    by = _by_id(data)
    assert {c: r["stars"] for c, r in by.items()} == {"C1": 3, "C2": 3, "C3": 1, "C4": 1}
    assert by["C4"]["reasons"][1] == (
        "qualifies for 2★, but ranks 4, beyond a quota of 2 for 2★ and above; placed at 1★"
    )
    assert by["C3"]["reasons"][1].startswith(
        "qualifies for 3★, but ties at 18.0 with C1 on the boundary of a quota of 2 for "
        "2★ and above"
    )
    assert data["quota_notes"][-1] == "2★ and above: a quota of 2; 2 communities moved down"


def test_half_star_and_cumulative_keys_apply_from_the_top_level_down(tmp_path):
    # levels 3★, 2.5★ (total 16), 1★; quotas "3": 1 and "2.5+": 2.
    # C1 20 (3★), C2 19.5 (a1 5.5: 3★), C3 17 (a1 3: A 7 < 80 %: 2.5★), C4 16 (a1 2: 2.5★)
    # "3" first: C2 ranks 2 beyond 1 -> the highest level below 3★ it meets: 2.5★.
    # "2.5+" then counts C1, C2, C3, C4: C3 and C4 rank beyond 2 -> 1★.
    scheme, dims = mini_scheme(quotas={3: {"max_count": 1}, "2.5+": {"max_count": 2}})
    scheme["levels"] = [
        {"stars": 3, "min_total": 18, "min_dimension_ratio": 0.8},
        {"stars": 2.5, "min_total": 16},
        {"stars": 1, "min_total": 10},
    ]
    reviews = both("C1") + both("C2", a1=5.5) + both("C3", a1=3) + both("C4", a1=2)
    data = score_json(write_round(tmp_path, reviews, scheme=(scheme, dims)))
    assert {c: r["stars"] for c, r in _by_id(data).items()} == {
        "C1": 3,
        "C2": 2.5,
        "C3": 1,
        "C4": 1,
    }
    assert data["quota_notes"] == [
        "3★: a quota of 1; 1 qualifying community moved down",
        "2.5★ and above: a quota of 2; 2 communities moved down",
    ]


def test_quota_keys_are_checked_against_the_levels(tmp_path):
    scheme, dims = mini_scheme(quotas={"4+": {"max_count": 1}, "2": {"max_share": 0.5}})
    folder = write_round(tmp_path / "a", both("C1"), scheme=(scheme, dims))
    out = cli("validate", folder / "scheme", code=1).stdout
    assert "quota for 4+ stars, but no level has 4 stars" in out
    assert "quota for 2 stars" not in out
    scheme, dims = mini_scheme(quotas={"4.3": {"max_count": 1}})
    folder = write_round(tmp_path / "b", both("C1"), scheme=(scheme, dims))
    out = cli("validate", folder / "scheme", code=1).stdout
    assert "quota key '4.3': 4.3 is not a multiple of 0.5" in out
    scheme, dims = mini_scheme(quotas={3: {"max_count": 1}, "3.0": {"max_count": 2}})
    folder = write_round(tmp_path / "c", both("C1"), scheme=(scheme, dims))
    out = cli("validate", folder / "scheme", code=1).stdout
    assert "two quotas for 3 stars: give each level one quota" in out
    scheme, dims = mini_scheme(quotas={3: {"max_count": 1, "ties": "random"}})
    folder = write_round(tmp_path / "d", both("C1"), scheme=(scheme, dims))
    out = cli("validate", folder / "scheme", code=1).stdout
    assert "ties" in out and "'share', 'break' or 'demote'" in out


# --- applications ------------------------------------------------------------------


def _applied_round(tmp_path: Path, applications: str | None) -> dict[str, Any]:
    # C1 full marks (3★ by the rules), applied for 2; C2 a1 = 0 (total 14: 2★), applied
    # for 3; C3 full marks, applied blank
    folder = write_round(tmp_path, both("C1") + both("C2", a1=0) + both("C3"))
    _register(folder, [("C1", "2"), ("C2", "3星"), ("C3", "")])
    if applications is not None:
        _set_round(folder, applications=applications)
    return _by_id(score_json(folder))


def test_applications_up_to_give_at_most_the_level_applied_for(tmp_path):
    by = _applied_round(tmp_path, "up_to")
    assert {c: (r["stars"], r["applied"]) for c, r in by.items()} == {
        "C1": (2, 2),
        "C2": (2, 3),
        "C3": (3, None),
    }
    assert by["C1"]["qualified_stars"] == 2
    assert by["C1"]["reasons"] == [
        "meets every rule of 2★",
        "applied for 2 stars, and a community gets at most the level it applied for: "
        "reaches 3★, placed at 2★",
    ]
    # C2 applied above what it reaches: the application changes nothing
    assert by["C2"]["reasons"][0] == "meets every rule of 2★"
    assert not any("applied" in x for x in by["C2"]["reasons"])


def test_applications_exact_give_that_level_or_none(tmp_path):
    by = _applied_round(tmp_path, "exact")
    assert {c: r["stars"] for c, r in by.items()} == {"C1": 2, "C2": 0, "C3": 3}
    assert by["C2"]["reasons"] == [
        "applied for 3 stars, and a community gets that level or none: reaches 2★, placed "
        "at no level",
        "not 3★: total 14.0 is below 18 (4 points short); Alpha 4/10 (40%) is below the "
        "floor of 80% (4 points short)",
    ]
    zh = _by_id(score_json(tmp_path, "--lang", "zh"))
    assert zh["C2"]["reasons"][0] == "申报 3 星，只评定申报星级或不评星级：达到2★的条件，定为无星级"


def test_applied_is_shown_without_limiting_when_round_yaml_has_no_applications(tmp_path):
    by = _applied_round(tmp_path / "a", None)
    assert {c: (r["stars"], r["applied"]) for c, r in by.items()} == {
        "C1": (3, 2),
        "C2": (2, 3),
        "C3": (3, None),
    }
    # a register without the column: no `applied` key at all
    plain = _by_id(score_json(write_round(tmp_path / "b", both("C1"))))
    assert "applied" not in plain["C1"]


def test_an_application_that_is_not_a_level_is_an_error_naming_the_line(tmp_path):
    folder = write_round(tmp_path, both("C1") + both("C2"))
    _register(folder, [("C1", "2"), ("C2", "4")])
    result = cli("score", folder, code=1)
    assert (
        "communities.csv:3: error: applied '4' is not a level of the scheme; expected one "
        "of 3, 2, 1, or blank" in result.stderr
    )
    assert "Traceback" not in result.stderr


# --- dynamic rules -----------------------------------------------------------------


def _previous(tmp_path: Path, stars: dict[str, int], below: int = 0) -> Path:
    """Last round's result as `score --format json` leaves it (only what --previous reads)."""
    saved = tmp_path / "previous.json"
    rows = [
        {
            "community": {"id": c},
            "stars": s,
            "dynamic": {"previous_stars": s, "below_rounds": below},
        }
        for c, s in stars.items()
    ]
    saved.write_text(json.dumps({"results": rows}), "utf-8")
    return saved


def _dynamic_scheme(**rules: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    scheme, dims = mini_scheme(dynamic=rules)
    return scheme, dims


def test_a_community_placed_by_max_drop_is_never_told_it_meets_the_level(tmp_path):
    # C1 held 3★; now a1 = 0, a2 false, no checklist item: A 0, B 10, total 10 -> 1★.
    # max_drop 1: from 3★ at most to 2★, whose rules it does not meet (total 10 < 14)
    reviews = both("C1", a1=0, a2=False, a3=[])
    folder = write_round(tmp_path, reviews, scheme=_dynamic_scheme(max_drop=1))
    saved = _previous(tmp_path, {"C1": 3})
    r = rate(folder, "C1", "--previous", saved)
    assert (r["stars"], r["qualified_stars"]) == (2, 1)
    assert r["reasons"] == [
        "dynamic rule max_drop: falls at most 1 star a round, from 3★ to 2★ (reached 1★)"
    ]
    zh = _by_id(score_json(folder, "--previous", saved, "--lang", "zh"))["C1"]
    assert zh["reasons"] == [
        "动态管理规则 max_drop：每轮最多下降 1 星，由 3 星降为 2 星（本轮达到 1 星）"
    ]


def test_dynamic_rules_with_levels_apply_only_to_those_stars_last_round(tmp_path):
    # demote_after 2 for three-star communities only.  C1 held 3★ and C2 2★; both now
    # reach one star less (C1 a1 = 2: total 16 -> 2★; C2 a1 = 0, a3 = []: A 2, total 12 ->
    # 1★).  C1 keeps 3★ for a round; C2's 2★ is outside the rule: it gets 1★.  C3 held 3★
    # but has a veto now: no stars, whatever the rule says.
    reviews = both("C1", a1=2) + both("C2", a1=0, a3=[])
    reviews += [review("C3", "self"), review("C3", "district", vetoes=["incident"])]
    scheme = _dynamic_scheme(demote_after=2, levels=[3])
    folder = write_round(tmp_path, reviews, scheme=scheme)
    by = _by_id(score_json(folder, "--previous", _previous(tmp_path, {"C1": 3, "C2": 2, "C3": 3})))
    assert {c: r["stars"] for c, r in by.items()} == {"C1": 3, "C2": 1, "C3": 0}
    assert by["C1"]["reasons"] == [
        "dynamic rule demote_after: reached 2, below the stars it holds (3) for 1 round in a "
        "row; keeps them until it has been below for 2 rounds in a row"
    ]
    assert by["C2"]["reasons"][0] == "meets every rule of 1★"
    assert not any("dynamic" in x for x in by["C2"]["reasons"])
    assert by["C3"]["reasons"] == ["veto: Major incident (reviews/C3-district.yaml:12); no level"]


def _survey_scheme(**rules: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A (10), B (10) and S (sat-1, a survey worth 10); five levels; satisfaction below
    60 % caps at two stars."""
    scheme, dims = mini_scheme(scale=30, dynamic=rules)
    dims.append(survey_dimension())
    scheme["levels"] = [
        {"stars": 5, "min_total": 29},
        {"stars": 4, "min_total": 27},
        {"stars": 3, "min_total": 25},
        {"stars": 2, "min_total": 20},
        {"stars": 1, "min_total": 10},
    ]
    scheme["max_stars_if"] = [{"indicator": "sat-1", "below": "60%", "max_stars": 2}]
    return scheme, dims


def test_a_satisfaction_cap_beats_max_drop(tmp_path):
    # C1 held 5★.  Full marks and 11 of 20 residents satisfied: sat-1 = 10 x 11/20 = 5.5,
    # total 25.5 >= 25 (3★ by the total) but 55 % < 60 %: at most 2★.  max_drop 2 would
    # keep 3★ (5 - 2); the cap holds: 2★.
    answers = [("C1", str(k), "", "满意" if k < 11 else "不满意") for k in range(20)]
    folder = write_round(tmp_path, both("C1"), scheme=_survey_scheme(max_drop=2), surveys=answers)
    r = rate(folder, "C1", "--previous", _previous(tmp_path, {"C1": 5}))
    assert (r["total"], r["stars"]) == (25.5, 2)
    assert r["reasons"] == [
        "meets every rule of 2★",
        "dynamic rule max_drop: falls at most 2 stars a round, from 5★ to 3★ (reached 2★); "
        "but sat-1 satisfaction 55% is below 60%: at most 2 stars, which no dynamic rule "
        "overrides: placed at 2★",
        "sat-1 satisfaction 55% is below 60%: at most 2 stars",
    ]


def test_an_application_beats_demote_after(tmp_path):
    # C1 held 3★, now reaches 2★ (a1 = 2: total 16) and applied for 2 (up_to): the
    # grace of demote_after would keep 3★, which the application does not allow
    folder = write_round(tmp_path, both("C1", a1=2), scheme=_dynamic_scheme(demote_after=2))
    _register(folder, [("C1", "2")])
    _set_round(folder, applications="up_to")
    r = rate(folder, "C1", "--previous", _previous(tmp_path, {"C1": 3}))
    assert r["stars"] == 2
    assert r["reasons"][1] == (
        "dynamic rule demote_after: reached 2, below the stars it holds (3) for 1 round in a "
        "row; keeps them until it has been below for 2 rounds in a row; but applied for 2 "
        "stars, and a community gets at most the level it applied for, which no dynamic "
        "rule overrides: placed at 2★"
    )


def test_a_quota_demotion_of_a_held_community_says_it_was_held_and_by_which_rule(tmp_path):
    # C1 held 3★ and now reaches 2★ (total 16): demote_after keeps 3★.  C2 full marks
    # (20, 3★, rank 1).  At most one three-star community: C1 (rank 2) moves down to
    # the highest level it meets, 2★, and is told it was held there, not that it qualifies
    scheme, dims = _dynamic_scheme(demote_after=2)
    scheme["quotas"] = {3: {"max_count": 1}}
    folder = write_round(tmp_path, both("C1", a1=2) + both("C2"), scheme=(scheme, dims))
    saved = _previous(tmp_path, {"C1": 3, "C2": 3})
    by = _by_id(score_json(folder, "--previous", saved))
    assert (by["C1"]["stars"], by["C2"]["stars"]) == (2, 3)
    assert by["C1"]["reasons"] == [
        "meets every rule of 2★",
        "dynamic rule demote_after: reached 2, below the stars it holds (3) for 1 round in a "
        "row; keeps them until it has been below for 2 rounds in a row",
        "held at 3★ by dynamic rule demote_after, but ranks 2, beyond a quota of 1 for 3★; "
        "placed at 2★",
        # the rules of 3★: total 16 = (16 + 16)/2; A = 6 (a1 2 + a2 2 + a3 2) of 10
        "not 3★: total 16.0 is below 18 (2 points short); Alpha 6/10 (60%) is below the floor "
        "of 80% (2 points short)",
    ]
    zh = _by_id(score_json(folder, "--previous", saved, "--lang", "zh"))["C1"]
    assert (
        zh["reasons"][2]
        == "依动态管理规则 demote_after 保留3★，但排名第 2，超出3★名额上限 1 个，降为2★"
    )


# --- reasons never claim rules a dynamic rule overrode (property) --------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from star_rating.engine.dynamic import RULE_NAMES, Previous  # noqa: E402
from star_rating.engine.levels import level_checks, stars_cap  # noqa: E402
from star_rating.engine.score import score_round  # noqa: E402
from star_rating.entries import parse_entry  # noqa: E402
from star_rating.models.result import Msg, Words  # noqa: E402
from star_rating.models.round import Community, Entry, Review, Round, Source, VetoMark  # noqa: E402
from star_rating.models.scheme import Dimension, SchemeFile  # noqa: E402
from star_rating.scheme import Scheme  # noqa: E402

halves = st.integers(0, 12).map(lambda n: n / 2)
entry_values = st.fixed_dictionaries(
    {
        "a1": halves,
        "a2": st.booleans(),
        "a3": st.lists(st.sampled_from(["x", "y"]), unique=True),
        "b1": st.integers(0, 3),
        "b2": st.sampled_from([0, 0.5, 0.8, 0.9]),
    }
)
quota_specs = st.dictionaries(
    st.sampled_from([3, 2, "3+", "2+", "1+"]),
    st.fixed_dictionaries(
        {"max_count": st.integers(0, 3), "ties": st.sampled_from(["share", "break", "demote"])}
    ),
    max_size=3,
)
dynamic_specs = st.fixed_dictionaries(
    {},
    optional={
        "max_rise": st.integers(1, 2),
        "demote_after": st.integers(1, 3),
        "max_drop": st.integers(1, 2),
        "levels": st.lists(st.sampled_from([1, 2, 3]), min_size=1, max_size=2, unique=True),
    },
)
community = st.fixed_dictionaries(
    {
        "self": entry_values,
        "district": entry_values,
        "veto": st.sampled_from([False] * 9 + [True]),
        "previous": st.none() | st.tuples(st.integers(0, 3), st.integers(0, 2)),
        "applied": st.sampled_from([None, None, 1, 2, 3]),
    }
)


def _scheme(quotas: dict[Any, Any], dynamic: dict[str, Any], cap: int | None) -> Scheme:
    data, dims = mini_scheme(quotas=quotas, dynamic=dynamic)
    if cap is not None:  # a2 not met in the deciding stage caps the stars
        data["max_stars_if"] = [{"indicator": "a2", "below": 1, "max_stars": cap}]
    return Scheme(SchemeFile.model_validate(data), tuple(Dimension.model_validate(d) for d in dims))


def _round(scheme: Scheme, communities: list[dict[str, Any]], applications: str | None) -> Round:
    reviews = {}
    comms = {}
    for k, c in enumerate(communities):
        cid = f"C{k}"
        for sid in ("self", "district"):
            src = Source(f"{cid}-{sid}.yaml", 1)
            rv = Review(cid, sid, src)
            for key, v in c[sid].items():
                rv.entries[key] = Entry(key, v, parse_entry(scheme.indicators[key], v), src)
            if sid == "district" and c["veto"]:
                rv.vetoes = [*rv.vetoes, VetoMark("incident", src)]
            reviews[(cid, sid)] = rv
        comms[cid] = Community(cid, cid, "s", applied=c["applied"])
    return Round(
        scheme=scheme,
        communities=comms,
        reviews=reviews,
        applications=applications,
        has_applied=True,
    )


def _inner(msg: Msg) -> list[Msg]:
    """A message and every message among its parameters."""
    out = [msg]
    for _, value in msg.params:
        for v in value if isinstance(value, tuple) and not isinstance(value, Words) else [value]:
            if isinstance(v, Msg):
                out += _inner(v)
    return out


CLAIMS = {  # message key -> the parameter naming a level whose every rule it claims
    "reason.level": "level",
    "quota.demotion": "level",
    "quota.standing.qualifies": "level",
    "reason.application": "reached",
}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(community, min_size=1, max_size=6),
    quota_specs,
    dynamic_specs,
    st.sampled_from([None, 1, 2]),
    st.sampled_from([None, "up_to", "exact"]),
)
def test_no_reason_claims_a_rule_that_fails_and_dynamic_placements_name_their_rule(
    communities, quotas, dynamic, cap, applications
):
    scheme = _scheme(quotas, dynamic, cap)
    rnd = _round(scheme, communities, applications)
    previous = {
        f"C{k}": Previous(c["previous"][0], c["previous"][1])
        for k, c in enumerate(communities)
        if c["previous"] is not None
    }
    rr = score_round(rnd, previous)
    levels = scheme.head.levels
    names = [Words(scheme.level_name(lv, "zh"), scheme.level_name(lv, "en")) for lv in levels]
    for res in rr.results:
        idx = res.level_index
        for reason in res.reasons:
            for m in _inner(reason):
                param = CLAIMS.get(m.key)
                if param is None:
                    continue
                claimed = names.index(dict(m.params)[param])
                failing = [c.msg.text("en") for c in level_checks(scheme, res, claimed) if not c.ok]
                assert not failing, (res.id, reason.text("en"), failing)
        if res.vetoes:  # a veto gives 0 stars, whatever a dynamic rule says
            assert idx is None and len(res.reasons) == len(res.vetoes)
            continue
        if idx is None:
            continue
        stars = levels[idx].stars
        limit = stars_cap(scheme, res)
        assert limit is None or stars <= limit, (res.id, "above its cap")
        applied = res.community.applied
        if applications is not None and applied is not None:
            assert stars <= applied if applications == "up_to" else stars == applied
        if not res.passes[idx]:  # only a dynamic rule puts a community past a level's rules
            assert res.dynamic_note is not None, res.id
            rule = RULE_NAMES[res.dynamic_note.code]
            for lang in ("zh", "en"):
                assert any(rule in m.text(lang) for m in res.reasons), (res.id, lang)
        if res.dynamic_note is not None:
            rule = RULE_NAMES[res.dynamic_note.code]
            assert rule in res.dynamic_note.text("zh") and rule in res.dynamic_note.text("en")
