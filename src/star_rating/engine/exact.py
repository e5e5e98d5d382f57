"""Exact sums of fractions in integer arithmetic.

``sum()`` over :class:`~fractions.Fraction` normalises (two gcds) after every
addition; a province-scale round makes millions of such sums.  These helpers bring
the terms to one common denominator, add integers, and normalise once; values
repeat a lot, so each normalised result is made once and shared.
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


class _Units(dict[int, Fraction]):
    """``n -> Fraction(n, unit)``, each made on first use."""

    def __init__(self, unit: int):
        super().__init__()
        self.unit = unit

    def __missing__(self, n: int) -> Fraction:
        if len(self) >= _MAX_MADE:
            self.clear()
        f = self[n] = Fraction(n, self.unit)
        return f


_UNITS: dict[int, _Units] = {}


def unit_fractions(unit: int) -> dict[int, Fraction]:
    """A shared table of ``n/unit`` for integer points in units of ``1/unit``."""
    table = _UNITS.get(unit)
    if table is None:
        table = _UNITS[unit] = _Units(unit)
    return table


def fsum(values: Iterable[Fraction]) -> Fraction:
    """The exact sum of ``values``."""
    terms = list(values)
    den = 1
    for v in terms:
        d = v.denominator
        if den % d:
            den = lcm(den, d)
    return frac(sum(v.numerator * (den // v.denominator) for v in terms), den)


def fdot(pairs: Iterable[tuple[Fraction, Fraction]]) -> Fraction:
    """The exact sum of ``w * v`` over ``pairs``."""
    num, den = 0, 1
    for w, v in pairs:
        d = w.denominator * v.denominator
        n = w.numerator * v.numerator
        if d == den:
            num += n
        else:
            common = lcm(den, d)
            num = num * (common // den) + n * (common // d)
            den = common
    return frac(num, den)


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
