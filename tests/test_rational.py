"""Exact rationals many at once (engine/rational.py) agree with Fraction, element by
element, in 64 bits and past them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from star_rating.engine.rounding import round_ratio
from star_rating.rational import Q

small = st.fractions(max_denominator=10**6).filter(lambda f: abs(f) < 10**9)
huge = st.fractions(max_denominator=10**40).filter(lambda f: abs(f) < 10**40)
number = st.one_of(small, small, huge)
pairs = st.lists(st.tuples(number, number), min_size=1, max_size=12)


def _q(values: list[Fraction]) -> Q:
    return Q.of(values)


def _same(q: Q, expected: list[Fraction]) -> None:
    assert q.fractions() == expected
    # lowest terms, positive denominators: equal numbers have equal parts
    for n, d, f in zip(q.n.tolist(), q.d.tolist(), expected, strict=True):
        assert (int(n), int(d)) == (f.numerator, f.denominator)


@settings(max_examples=300, deadline=None)
@given(pairs)
def test_arithmetic_is_fraction_arithmetic(xs: list[tuple[Fraction, Fraction]]) -> None:
    a, b = _q([x for x, _ in xs]), _q([y for _, y in xs])
    _same(a + b, [x + y for x, y in xs])
    _same(a - b, [x - y for x, y in xs])
    _same(a * b, [x * y for x, y in xs])
    _same(a / b, [x / y if y else Fraction(0) for x, y in xs])
    _same(abs(a - b), [abs(x - y) for x, y in xs])
    assert a.cmp(b).tolist() == [(x > y) - (x < y) for x, y in xs]
    assert a.eq(b).tolist() == [x == y for x, y in xs]
    _same(a.maximum(b), [max(x, y) for x, y in xs])
    _same(a.minimum(b), [min(x, y) for x, y in xs])
    assert a.floats().tolist() == [float(x) for x, _ in xs]


@settings(max_examples=200, deadline=None)
@given(
    pairs, st.integers(0, 4), st.sampled_from(["half-up", "half-down", "half-even", "up", "down"])
)
def test_rounding_is_round_ratio(
    xs: list[tuple[Fraction, Fraction]], places: int, mode: str
) -> None:
    a = _q([x for x, _ in xs])
    got = [Decimal(int(v)).scaleb(-places) for v in a.rounded(places, mode).tolist()]
    assert got == [round_ratio(x.numerator, x.denominator, places, mode) for x, _ in xs]


def test_wide_numbers_narrow_again() -> None:
    big = Q.of([Fraction(10**30, 7), Fraction(1, 3)])
    assert big.n.dtype == object
    back = big - Q.of([Fraction(10**30, 7), Fraction(0)])
    assert back.n.dtype == np.int64 and back.fractions() == [0, Fraction(1, 3)]


def test_sums_along_an_axis() -> None:
    grid = [[Fraction(1, 3), Fraction(1, 6)], [Fraction(5, 7), Fraction(-2, 7)]]
    q = Q.stack([_q(row) for row in grid])
    _same(q.sum(axis=1), [Fraction(1, 2), Fraction(3, 7)])
    _same(q.sum(axis=0), [Fraction(22, 21), Fraction(-5, 42)])


def test_ints_in_units_and_setting() -> None:
    q = Q.ints([5, 10, 0], unit=10)
    _same(q, [Fraction(1, 2), Fraction(1), Fraction(0)])
    q[1] = Fraction(10**25, 3)
    _same(q, [Fraction(1, 2), Fraction(10**25, 3), Fraction(0)])
