"""Indicator kinds as units: each kind's module reads, scores and asks for its entry."""

from __future__ import annotations

from decimal import Decimal

import pytest

from star_rating.engine.plan import plan_for
from star_rating.engine.points import plan_points
from star_rating.entries import NA, EntryError, expected, parse_entry
from star_rating.kinds import KINDS
from star_rating.kinds.base import Kind
from star_rating.loading.scheme import load_scheme
from star_rating.models.scheme import INDICATOR_KINDS, PrerequisiteIndicator


@pytest.fixture(scope="module")
def scheme():
    return load_scheme("builtin")


def _first(scheme, kind):
    return next(i for i in scheme.indicators.values() if i.kind == kind)


def test_every_kind_of_the_scheme_format_has_its_module():
    assert set(KINDS) == set(INDICATOR_KINDS)
    for name, kind in KINDS.items():
        assert isinstance(kind, Kind) and kind.name == name
        for method in ("parse", "points", "expecting", "form_hint", "xlsx_rule"):
            assert getattr(type(kind), method) is not getattr(Kind, method), (name, method)
    assert [k for k, v in KINDS.items() if not v.entered] == ["survey"]
    assert [k for k, v in KINDS.items() if not v.scores] == ["prerequisite"]


# (kind, raw entry, its value, its points as a share of the indicator's max)
CASES = [
    ("scale", "3", Decimal(3), None),
    ("check", "是", True, 1),
    ("check", "no", False, 0),
    ("deduct", "0", Decimal(0), 1),
    ("bands", "100%", Decimal(1), 1),
]


@pytest.mark.parametrize(("kind", "raw", "value", "share"), CASES)
def test_a_kind_reads_and_scores_its_entry(scheme, kind, raw, value, share):
    ind = _first(scheme, kind)
    got = parse_entry(ind, raw)
    assert got == value
    points = plan_points(plan_for(scheme).points[ind.id], got)
    if share is not None:
        assert points == ind.max * share
    else:
        assert points == value


def test_a_checklist_scores_its_items_capped_at_its_max(scheme):
    ind = _first(scheme, "checklist")
    every = parse_entry(ind, [i.id for i in ind.items])
    assert every == frozenset(i.id for i in ind.items)
    assert plan_points(plan_for(scheme).points[ind.id], every) == ind.max
    assert parse_entry(ind, "none") == frozenset()


def test_rules_common_to_every_kind_come_before_the_kind(scheme):
    survey = _first(scheme, "survey")
    with pytest.raises(EntryError, match="survey"):
        parse_entry(survey, "3")
    scale = _first(scheme, "scale")
    with pytest.raises(EntryError) as blank:
        parse_entry(scale, "  ")
    assert expected(scale) in str(blank.value)
    allowing = next(i for i in scheme.indicators.values() if i.allow_na and i.kind != "survey")
    assert parse_entry(allowing, "不适用") is NA


def test_a_prerequisite_reads_yes_or_no_and_scores_nothing(scheme):
    ind = PrerequisiteIndicator(id="pre-1", text="x", kind="prerequisite")
    assert parse_entry(ind, "√") is True
    assert KINDS["prerequisite"].points(None, True) == 0  # type: ignore[arg-type]
    with pytest.raises(EntryError, match="pre-1"):
        parse_entry(ind, "maybe")


@pytest.mark.parametrize("kind", [k for k in INDICATOR_KINDS if k not in ("prerequisite",)])
def test_every_kind_says_what_to_enter_and_rules_its_cell(scheme, kind):
    ind = _first(scheme, kind)
    for lang in ("zh", "en"):
        for medium in ("xlsx", "csv", "yaml"):
            assert KINDS[kind].form_hint(ind, lang, medium).strip()
        assert expected(ind, lang).strip()
    if KINDS[kind].entered:
        assert "validate" in KINDS[kind].xlsx_rule(ind, "C7", "zh")


# --- what validate checks of each kind -------------------------------------------


def _validate(tmp_path, edit):
    from helpers import cli, mini_scheme, write_scheme

    sch, dims = mini_scheme()
    edit(sch, dims)
    folder = write_scheme(tmp_path / "s", sch, dims)
    out = cli("validate", folder, "--format", "json", "--lang", "en", code=None)
    import json

    return [(p["rule"], p["severity"], p["path"], p["message"]) for p in json.loads(out.stdout)]


def test_each_kind_checks_its_own_definition(tmp_path):
    def edit(sch, dims):
        a1, _, a3 = dims[0]["indicators"]
        a1["step"] = 4  # 6 is no multiple of 4
        a3["items"] = [{"id": "x", "points": 0.5}, {"id": "x", "points": 0.5}]
        b2 = dims[1]["indicators"][1]
        b2["bands"] = [{"min": 0.8, "points": 7}, {"min": 0.9, "points": 2}]

    got = _validate(tmp_path, edit)
    rules = sorted((rule, severity, path) for rule, severity, path, _ in got)
    assert rules == [
        ("band-max", "error", "indicators[b2].bands[0].points"),
        ("band-order", "error", "indicators[b2].bands[1].min"),
        ("duplicate-id", "error", "indicators[a3].items[x].id"),
        ("unreachable", "warning", "indicators[a1].step"),
        ("unreachable", "warning", "indicators[a3].items"),
    ]
    messages = {rule: message for rule, _, _, message in got}
    assert "b2" in messages["band-max"] and "7" in messages["band-max"]
    assert "'x'" in messages["duplicate-id"]


def test_a_step_far_finer_than_the_max_is_checked_exactly():
    """max / step past the decimal context's digits: still a plain yes or no (it
    raised DivisionImpossible in validate and score)."""
    from decimal import Decimal

    from star_rating.kinds import KINDS
    from star_rating.models.scheme import ScaleIndicator

    said = []

    def report(path, message, rule, severity="error"):
        said.append((path, rule, severity))

    for max_, step, warned in (("1E+30", "1E-7", False), ("1E+30", "3E-7", True)):
        said.clear()
        ind = ScaleIndicator(id="s", text="s", kind="scale", max=Decimal(max_), step=Decimal(step))
        KINDS["scale"].check(ind, report)
        assert said == ([(("step",), "unreachable", "warning")] if warned else [])


def test_survey_bands_are_shares(tmp_path):
    from helpers import survey_dimension

    def edit(sch, dims):
        sch["scale"] = 30
        dim = survey_dimension(bands=[{"min": 80, "points": 10}, {"min": 0.5, "points": 5}])
        dims.append(dim)

    got = _validate(tmp_path, edit)
    assert ("band-range", "error") in {(rule, severity) for rule, severity, _, _ in got}
