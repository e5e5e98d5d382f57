"""The engine on columns against the same arithmetic done by hand, one community at a
time in fractions: n/a rescaling, bonus caps, stage weights, the one rounding and the
level rules, for points that fit 64-bit integers and for points far past them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import write_round
from star_rating import api

F = Fraction


def _scheme(big: Decimal, step: Decimal) -> tuple[dict, list[dict]]:
    """Two dimensions: A (two scale indicators of ``big`` points in steps of ``step``,
    one that may be n/a) and B (a check worth 1); stages weighted 1/5 and 4/5."""
    scheme = {
        "id": "wide",
        "version": "1",
        "title": {"zh": "大数", "en": "Large numbers"},
        "scale": str(2 * big + 1),
        "dimensions": "dimensions/",
        "stages": [{"id": "self", "weight": 0.2}, {"id": "district", "weight": 0.8}],
        "combine": "weighted",
        "missing_stage": "error",
        "rounding": {"places": 1, "mode": "half-up"},
        "bonus": {"cap": 2},
        "levels": [
            {"stars": 2, "min_total": str(big * 3 / 2), "min_dimension_ratio": 0.5},
            {"stars": 1, "min_total": str(big / 2)},
        ],
    }
    dims = [
        {
            "id": "A",
            "name": {"zh": "甲", "en": "A"},
            "max": str(2 * big),
            "indicators": [
                {"id": "s1", "text": "one", "kind": "scale", "max": str(big), "step": str(step)},
                {
                    "id": "s2",
                    "text": "two",
                    "kind": "scale",
                    "max": str(big),
                    "step": str(step),
                    "allow_na": True,
                },
            ],
        },
        {
            "id": "B",
            "name": {"zh": "乙", "en": "B"},
            "max": 1,
            "indicators": [{"id": "c1", "text": "check", "kind": "check", "max": 1}],
        },
    ]
    return scheme, dims


def _by_hand(big: Decimal, stages: dict[str, dict]) -> tuple[Fraction, dict[str, Fraction]]:
    """The combined exact total and dimensions of one community, in fractions."""
    weights = {"self": F(1, 5), "district": F(4, 5)}
    total, dims = F(0), {"A": F(0), "B": F(0)}
    for sid, e in stages.items():
        got = F(e["s1"]) + (F(e["s2"]) if e["s2"] != "n/a" else 0)
        applicable = F(2 * big) - (F(big) if e["s2"] == "n/a" else 0)
        a = got * F(2 * big) / applicable
        b = F(1 if e["c1"] else 0)
        bonus = min(F(2), F(sum((Decimal(str(p)) for p in e["bonus"]), Decimal(0))))
        total += weights[sid] * (a + b + bonus)
        dims["A"] += weights[sid] * a
        dims["B"] += weights[sid] * b
    return total, dims


@st.composite
def rounds(draw: st.DrawFn) -> tuple[Decimal, Decimal, dict[str, dict[str, dict]]]:
    big = Decimal(draw(st.sampled_from(["10", "999", "1e12", "999999999999"])))
    step = Decimal(draw(st.sampled_from(["0.5", "0.001", "1e-7"])))
    units = int(big / step)

    def value() -> Decimal:
        return draw(st.integers(0, units)) * step

    communities: dict[str, dict[str, dict]] = {}
    for k in range(draw(st.integers(1, 6))):
        communities[f"C{k}"] = {
            sid: {
                "s1": value(),
                "s2": draw(st.one_of(st.just("n/a"), st.builds(value))),
                "c1": draw(st.booleans()),
                "bonus": draw(st.lists(st.sampled_from([0.5, 1, 1.5]), max_size=2)),
            }
            for sid in ("self", "district")
        }
    return big, step, communities


def _reviews(communities: dict[str, dict[str, dict]]) -> list[dict]:
    reviews = []
    for cid, stages in communities.items():
        for sid, e in stages.items():
            review: dict = {
                "community": cid,
                "stage": sid,
                "entries": {
                    "s1": str(e["s1"]),
                    "s2": e["s2"] if e["s2"] == "n/a" else str(e["s2"]),
                    "c1": e["c1"],
                },
            }
            if e["bonus"]:
                review["bonus"] = [{"points": p, "reason": "r"} for p in e["bonus"]]
            reviews.append(review)
    return reviews


def test_points_past_64_bits_are_python_integers(tmp_path: Path) -> None:
    """1e12 points in steps of 1e-7 are 1e19 units: more than int64 holds."""
    big, step = Decimal("1e12"), Decimal("1e-7")
    e = {"s1": big - step, "s2": big, "c1": True, "bonus": [1.5]}
    communities = {"C1": {"self": e, "district": {**e, "s2": "n/a"}}}
    scored = api.run(write_round(tmp_path / "r", _reviews(communities), scheme=_scheme(big, step)))
    cols = scored.result.columns
    assert cols is not None and cols.dims.n.dtype == object
    (res,) = scored.result.results
    total, dims = _by_hand(big, communities["C1"])
    assert (res.total_exact, dict(res.dimensions)) == (total, dims)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rounds())
def test_columns_give_the_fractions_by_hand(tmp_path: Path, drawn: tuple) -> None:
    big, step, communities = drawn
    reviews = _reviews(communities)
    folder = tmp_path / f"r{len(list(tmp_path.iterdir()))}"
    scored = api.run(write_round(folder, reviews, scheme=_scheme(big, step)))
    for res in scored.result.results:
        total, dims = _by_hand(big, communities[res.id])
        assert res.total_exact == total
        assert dict(res.dimensions) == dims
        rounded = F((total.numerator * 20 + total.denominator) // (2 * total.denominator), 10)
        assert res.total == Decimal(rounded.numerator) / rounded.denominator
        # levels read the rounded total and the unrounded dimensions
        two = rounded >= F(big * 3 / 2) and dims["A"] >= F(big) and dims["B"] >= F(1, 2)
        one = rounded >= F(big / 2)
        assert scored.result.stars(res) == (2 if two else 1 if one else 0)


def test_level_rules_on_columns_are_the_rules_checked_one_by_one(tmp_path: Path) -> None:
    """Whether a level's rules all hold is worked out for every community at once; the
    reasons check each rule of a community on its own: both say the same, for every
    level of every community of the sample rounds and of generated rounds (caps,
    prerequisites, requirements, floors in points and shares, panels, half stars)."""
    import fuzz
    from helpers import ROOT
    from star_rating.engine.levels import level_checks

    folders = [ROOT / "samples" / "changan-2022"]
    folders += sorted((ROOT / "samples" / "schemes").glob("*/round"))
    for seed in range(150):
        case = tmp_path / f"case{seed}"
        case.mkdir()
        folders.append(fuzz.make_case(seed, case))
    checked = 0
    for folder in folders:
        scored = api.run(folder)
        scheme = scored.scheme
        for res in scored.result.results:
            for i in range(len(scheme.head.levels)):
                one_by_one = all(c.ok for c in level_checks(scheme, res, i))
                assert res.passes[i] == one_by_one, (folder, res.id, i)
                checked += 1
    assert checked > 1200
