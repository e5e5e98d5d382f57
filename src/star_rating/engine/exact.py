"""Exact arithmetic on single fractions, in integers.

``sum()`` over :class:`~fractions.Fraction` normalises (two gcds) after every
addition; these helpers bring the terms to one common denominator, add integers and
normalise once, and compare by cross-multiplying.  What one community's reasons,
flags and panels work out reads them; whole columns are :mod:`star_rating.rational`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from math import lcm

_MADE: dict[tuple[int, int], Fraction] = {}
_MAX_MADE = 50_000


def frac(num: int, den: int) -> Fraction:
    """``num/den`` as a Fraction, shared with earlier calls of the same value."""
    key = (num, den)
    f = _MADE.get(key)
    if f is None:
        if len(_MADE) >= _MAX_MADE:
            _MADE.clear()
        f = _MADE[key] = Fraction(num, den)
    return f


def fsum(values: Iterable[Fraction]) -> Fraction:
    """The exact sum of ``values``."""
    terms = list(values)
    den = 1
    for v in terms:
        d = v.denominator
        if den % d:
            den = lcm(den, d)
    return frac(sum(v.numerator * (den // v.denominator) for v in terms), den)


def ge(a: Fraction, b: Fraction) -> bool:
    """``a >= b`` by cross-multiplying (denominators are positive)."""
    return a.numerator * b.denominator >= b.numerator * a.denominator


def gt(a: Fraction, b: Fraction) -> bool:
    """``a > b`` by cross-multiplying (denominators are positive)."""
    return a.numerator * b.denominator > b.numerator * a.denominator


def fsub(a: Fraction, b: Fraction) -> Fraction:
    """``a - b``, exactly."""
    den = a.denominator * b.denominator
    return frac(a.numerator * b.denominator - b.numerator * a.denominator, den)


def spread(values: list[Fraction]) -> Fraction:
    """``max - min`` of ``values``, exactly."""
    den = lcm(*(v.denominator for v in values))
    nums = [v.numerator * (den // v.denominator) for v in values]
    return frac(max(nums) - min(nums), den)
