"""A short fuzz run in the suite; `python tests/fuzz.py --examples 10000` runs a campaign."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz import check_one


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.integers(min_value=0, max_value=2**32))
def test_valid_rounds_score_and_damaged_ones_fail_cleanly(tmp_path_factory, seed):
    problem = check_one(seed, tmp_path_factory.mktemp("fuzz"))
    assert problem is None, problem
