"""Properties of the engine that must hold for any input (hypothesis)."""

from __future__ import annotations

import copy
import json
import shutil
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import mini_scheme, score_json, write_round
from star_rating.engine.score import score_round
from star_rating.entries import parse_entry
from star_rating.models.round import BonusItem, Community, Entry, Review, Round, Source
from star_rating.models.scheme import Dimension, SchemeFile
from star_rating.scheme import Scheme

SCHEME, DIMS = mini_scheme(quotas={3: {"max_share": 0.5}})


def build_scheme(scheme=SCHEME, dims=DIMS) -> Scheme:
    return Scheme(
        SchemeFile.model_validate(scheme), tuple(Dimension.model_validate(d) for d in dims)
    )


halves = st.integers(0, 12).map(lambda n: n / 2)
entry_values = st.fixed_dictionaries(
    {
        "a1": halves,
        "a2": st.booleans(),
        "a3": st.lists(st.sampled_from(["x", "y"]), unique=True),
        "b1": st.integers(0, 5),
        "b2": st.sampled_from([0, 0.3, 0.5, 0.79, 0.8, 0.85, 0.9, 1]),
    }
)
stage_entries = st.fixed_dictionaries({"self": entry_values, "district": entry_values})
bonus_points = st.lists(st.integers(0, 6).map(lambda n: n / 2), max_size=3)


def make_round(scheme: Scheme, communities: dict[str, dict], bonus=None, vetoes=None) -> Round:
    reviews = {}
    for cid, stages in communities.items():
        for sid, values in stages.items():
            src = Source(f"{cid}-{sid}.yaml", 1)
            r = Review(cid, sid, src)
            for k, v in values.items():
                r.entries[k] = Entry(k, v, parse_entry(scheme.indicators[k], v), src)
            for p in (bonus or {}).get((cid, sid), []):
                r.bonus = [*r.bonus, BonusItem(p, "b", src)]
            reviews[(cid, sid)] = r
    comms = {c: Community(c, c, "s") for c in communities}
    return Round(scheme=scheme, communities=comms, reviews=reviews)


@given(stage_entries, st.sampled_from(["a1", "a2", "a3", "b1", "b2"]), st.data())
def test_adding_points_never_lowers_a_total(entries, key, data):
    scheme = build_scheme()
    before = score_round(make_round(scheme, {"C1": entries})).results[0]
    better = copy.deepcopy(entries)
    stage = data.draw(st.sampled_from(["self", "district"]))
    v = better[stage][key]
    if key == "a1":
        better[stage][key] = min(6, v + data.draw(st.sampled_from([0.5, 1, 3])))
    elif key == "a2":
        better[stage][key] = True
    elif key == "a3":
        better[stage][key] = ["x", "y"]
    elif key == "b1":
        better[stage][key] = max(0, v - 1)  # fewer findings
    else:
        better[stage][key] = min(1, v + 0.1)
    after = score_round(make_round(scheme, {"C1": better})).results[0]
    assert after.total_exact >= before.total_exact
    assert after.total >= before.total
    for dim in after.dimensions:
        assert after.dimensions[dim] >= before.dimensions[dim]


@given(stage_entries, st.integers(0, 5), st.sampled_from([0.5, 0.8, 0.9, 1]))
def test_a_stricter_rule_never_raises_a_level(entries, extra_total, ratio):
    loose = build_scheme()
    strict_head = copy.deepcopy(SCHEME)
    strict_head["levels"] = copy.deepcopy(SCHEME["levels"])
    for lv in strict_head["levels"]:
        lv["min_total"] = (
            min(20, lv["min_total"] + extra_total) if lv["stars"] == 3 else lv["min_total"]
        )
        lv["min_dimension_ratio"] = (
            max(lv.get("min_dimension_ratio", 0), ratio)
            if lv["stars"] == 3
            else lv.get("min_dimension_ratio")
        )
        if lv["min_dimension_ratio"] is None:
            del lv["min_dimension_ratio"]
    strict = build_scheme(strict_head)
    a = score_round(make_round(loose, {"C1": entries}))
    b = score_round(make_round(strict, {"C1": entries}))
    assert b.stars(b.results[0]) <= a.stars(a.results[0])


@given(stage_entries, bonus_points, bonus_points)
def test_the_total_equals_the_sum_of_the_shown_parts(entries, b_self, b_district):
    scheme = build_scheme()
    from decimal import Decimal

    bonus = {
        ("C1", "self"): [Decimal(str(p)) for p in b_self],
        ("C1", "district"): [Decimal(str(p)) for p in b_district],
    }
    res = score_round(make_round(scheme, {"C1": entries}, bonus=bonus)).results[0]
    for stage in res.stages.values():
        assert stage.total == sum(stage.dimensions.values(), Fraction(0)) + stage.bonus
        assert stage.bonus <= 2  # the cap
    assert res.total_exact == sum(res.dimensions.values(), Fraction(0)) + res.bonus
    assert res.total_exact == sum(w * res.stages[s].total for s, w in res.weights.items())


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(stage_entries, min_size=2, max_size=4), st.randoms())
def test_results_do_not_depend_on_file_order(tmp_path_factory, communities, rnd):
    reviews = []
    for i, stages in enumerate(communities):
        for sid, values in stages.items():
            reviews.append({"community": f"C{i}", "stage": sid, "entries": values})
    base = tmp_path_factory.mktemp("order")
    first = write_round(base / "a", reviews)
    shuffled = list(reviews)
    rnd.shuffle(shuffled)
    second = base / "b"
    shutil.copytree(first, second)
    for f in (second / "reviews").iterdir():
        f.unlink()
    for n, r in enumerate(shuffled):
        # other names, so the folder order differs
        name = f"{n:03d}-{rnd.randint(0, 999)}.yaml"
        import yaml

        (second / "reviews" / name).write_text(yaml.safe_dump(r, allow_unicode=True), "utf-8")
    one, two = score_json(first), score_json(second)
    for data in (one, two):
        data.pop("hashes")
        data.pop("round")
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)
