"""Exact rational numbers, many at once.

A :class:`Q` is two NumPy arrays of one shape: numerators and positive
denominators, always in lowest terms, so that equal numbers have equal
numerators and denominators and a value read out (:meth:`Q.fraction`) is the
:class:`~fractions.Fraction` the same arithmetic on fractions gives.

The arrays are 64-bit integers while every operation provably fits them: before
each operation a bound is worked out from the operands' largest magnitudes, and
where it could pass 2**62 the operation runs on Python integers (object arrays)
instead.  A result that fits again is narrowed back.  Realistic schemes never
leave 64 bits; the wide case keeps a scheme with huge maxima exact.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from star_rating.engine.rounding import round_units

Array = Any  # a NumPy array (int64 or object)

_LIMIT = 1 << 62  # below this, int64 sums of two such products cannot overflow
_FLOAT_EXACT = 1 << 53  # integers a float64 holds exactly


def _big(a: Array) -> int:
    """The largest magnitude in ``a`` (0 when empty), as a Python integer."""
    if a.size == 0:
        return 0
    return max(abs(int(a.max())), abs(int(a.min())))


def _wide(a: Array) -> Array:
    return a if a.dtype == object else a.astype(object)


def _narrow(a: Array) -> Array:
    """``a`` as int64 when every number fits with room to spare."""
    if a.dtype == object and _big(a) < _LIMIT:
        return a.astype(np.int64)
    return a


def _fits(*bounds: int) -> bool:
    return all(b < _LIMIT for b in bounds)


def _gcd(a: Array, b: Array) -> Array:
    return np.gcd(a, b)


def _ints(values: Any) -> Array:
    """Integers as an int64 array, or an object array when some do not fit."""
    if not isinstance(values, np.ndarray):  # Python integers: numpy would guess floats
        flat = list(values)
        if all(abs(int(v)) < _LIMIT for v in flat):
            return np.array(flat, dtype=np.int64)
        out = np.empty(len(flat), dtype=object)
        out[:] = [int(v) for v in flat]
        return out
    arr = values
    if arr.dtype.kind in "ib":  # signed or boolean: already fixed-width integers
        arr = arr.astype(np.int64)
        return arr if _big(arr) < _LIMIT else arr.astype(object)
    if arr.dtype.kind == "u":  # numpy's choice for numbers past int64: Python integers
        return _narrow(arr.astype(object))
    if arr.dtype != object:
        raise TypeError(f"not integers: {arr.dtype}")
    wide = np.empty(arr.size, dtype=object)
    wide[:] = [int(v) for v in arr.ravel().tolist()]
    return _narrow(wide.reshape(arr.shape))


class Q:
    """Exact rationals, elementwise: ``n / d`` with ``d > 0`` and ``gcd(n, d) = 1``."""

    __slots__ = ("d", "n")

    def __init__(self, n: Array, d: Array):
        self.n = n
        self.d = d

    # --- making ---------------------------------------------------------------------

    @classmethod
    def reduced(cls, n: Array, d: Array) -> Q:
        """``n / d`` (``d > 0``) brought to lowest terms."""
        n, d = np.asarray(n), np.asarray(d)
        if n.dtype != d.dtype:
            n, d = _wide(n), _wide(d)
        g = _gcd(n, d)
        g = np.where(g == 0, 1, g)  # 0/d: gcd is d (d > 0), never 0; kept safe
        return _q(n // g, d // g)

    @classmethod
    def ints(cls, values: Any, unit: int = 1) -> Q:
        """Integers counted in units of ``1/unit``."""
        n = _ints(values)
        d = np.full(n.shape, unit, dtype=np.int64 if unit < _LIMIT else object)
        return cls.reduced(n, d)

    @classmethod
    def zeros(cls, shape: int | tuple[int, ...]) -> Q:
        return cls(np.zeros(shape, dtype=np.int64), np.ones(shape, dtype=np.int64))

    @classmethod
    def full(cls, shape: int | tuple[int, ...], value: Fraction) -> Q:
        x = Fraction(value)
        return _q(_fill(shape, x.numerator), _fill(shape, x.denominator))

    @classmethod
    def of(cls, values: Sequence[Fraction | int]) -> Q:
        """A vector of the given fractions."""
        fr = [Fraction(v) for v in values]
        return _q(_ints([f.numerator for f in fr]), _ints([f.denominator for f in fr]))

    @classmethod
    def stack(cls, parts: Sequence[Q], axis: int = 0) -> Q:
        wide = any(p.n.dtype == object or p.d.dtype == object for p in parts)
        ns = [_wide(p.n) if wide else p.n for p in parts]
        ds = [_wide(p.d) if wide else p.d for p in parts]
        return cls(np.stack(ns, axis=axis), np.stack(ds, axis=axis))

    # --- reading --------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        return self.n.shape  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return len(self.n)

    def __getitem__(self, idx: Any) -> Q:
        return Q(self.n[idx], self.d[idx])

    def __setitem__(self, idx: Any, value: Q | Fraction | int) -> None:
        v = value if isinstance(value, Q) else Q.full((), Fraction(value))
        if (v.n.dtype == object or v.d.dtype == object) and self.n.dtype != object:
            self.n, self.d = _wide(self.n), _wide(self.d)
        if self.n.dtype == object:
            self.n[idx] = _wide(np.asarray(v.n))
            self.d[idx] = _wide(np.asarray(v.d))
        else:
            self.n[idx] = v.n
            self.d[idx] = v.d

    def fraction(self, idx: Any) -> Fraction:
        """One number, as a Fraction (``idx`` selects a single element)."""
        return Fraction(int(self.n[idx]), int(self.d[idx]))

    def fractions(self) -> list[Fraction]:
        """Every number of a one-dimensional Q, as Fractions."""
        return [
            Fraction(int(a), int(b)) for a, b in zip(self.n.tolist(), self.d.tolist(), strict=True)
        ]

    def floats(self) -> Array:
        """Each number as the nearest float (as ``float(Fraction)`` gives it)."""
        if self.n.dtype != object and _big(self.n) < _FLOAT_EXACT and _big(self.d) < _FLOAT_EXACT:
            return self.n.astype(np.float64) / self.d.astype(np.float64)
        flat = [
            int(a) / int(b)
            for a, b in zip(self.n.ravel().tolist(), self.d.ravel().tolist(), strict=True)
        ]
        return np.array(flat, dtype=np.float64).reshape(self.shape)

    def is_zero(self) -> Array:
        return self.n == 0

    # --- arithmetic -----------------------------------------------------------------

    def _pair(self, other: Q | Fraction | int) -> Q:
        return other if isinstance(other, Q) else Q.full((), Fraction(other))

    def __add__(self, other: Q | Fraction | int) -> Q:
        a, b = self, self._pair(other)
        g = _gcd(a.d, b.d)
        ad, bd = a.d // g, b.d // g
        if not _fits(_big(a.n) * _big(bd) + _big(b.n) * _big(ad), _big(ad) * _big(b.d)):
            a, b, ad, bd = _wide_q(a), _wide_q(b), _wide(ad), _wide(bd)
        return Q.reduced(a.n * bd + b.n * ad, ad * b.d)

    __radd__ = __add__

    def __neg__(self) -> Q:
        return Q(-self.n, self.d.copy())

    def __sub__(self, other: Q | Fraction | int) -> Q:
        return self + (-self._pair(other))

    def __rsub__(self, other: Q | Fraction | int) -> Q:
        return self._pair(other) + (-self)

    def __mul__(self, other: Q | Fraction | int) -> Q:
        b = self._pair(other)
        g1 = _gcd(self.n, b.d)
        g2 = _gcd(b.n, self.d)
        g1 = np.where(g1 == 0, 1, g1)
        g2 = np.where(g2 == 0, 1, g2)
        an, bd = self.n // g1, b.d // g1
        bn, ad = b.n // g2, self.d // g2
        if not _fits(_big(an) * _big(bn), _big(ad) * _big(bd)):
            an, bn, ad, bd = _wide(an), _wide(bn), _wide(ad), _wide(bd)
        return _q(an * bn, ad * bd)

    __rmul__ = __mul__

    def __truediv__(self, other: Q | Fraction | int) -> Q:
        """Division; a zero divisor gives 0 (callers mask what they mean by it)."""
        b = self._pair(other)
        zero = b.n == 0
        sign = np.where(b.n < 0, -1, 1)
        inv = Q(np.where(zero, 0, b.d * sign), np.where(zero, 1, np.abs(b.n)))
        return self * inv

    def __abs__(self) -> Q:
        return Q(np.abs(self.n), self.d.copy())

    def where(self, mask: Array, other: Q | Fraction | int) -> Q:
        """Elementwise ``self`` where ``mask`` holds, else ``other``."""
        b = self._pair(other)
        a = self
        if (a.n.dtype == object) != (b.n.dtype == object):
            a, b = _wide_q(a), _wide_q(b)
        return Q(np.where(mask, a.n, b.n), np.where(mask, a.d, b.d))

    def sum(self, axis: int) -> Q:
        """The exact sum along ``axis`` (left to right)."""
        parts = [
            self[(slice(None),) * (axis % self.n.ndim) + (k,)] for k in range(self.shape[axis])
        ]
        if not parts:
            shape = list(self.shape)
            del shape[axis]
            return Q.zeros(tuple(shape))
        got = parts[0]
        for p in parts[1:]:
            got = got + p
        return got

    def total(self) -> Fraction:
        """The exact sum of every number (each distinct number once, times how often)."""
        if self.n.size == 0:
            return Fraction(0)
        n, d = self.n.ravel(), self.d.ravel()
        counts: dict[tuple[int, int], int]
        top = int(d.max()) + 1
        if n.dtype != object and _big(n) < _LIMIT // top:
            keys, many = np.unique(n * top + d, return_counts=True)
            counts = {
                (k // top, k % top): m for k, m in zip(keys.tolist(), many.tolist(), strict=True)
            }
        else:
            counts = {}
            for pair in zip(n.tolist(), d.tolist(), strict=True):
                counts[pair] = counts.get(pair, 0) + 1
        den = math.lcm(*(b for _, b in counts))
        return Fraction(sum(a * (den // b) * k for (a, b), k in counts.items()), den)

    # --- comparing ------------------------------------------------------------------

    def cmp(self, other: Q | Fraction | int) -> Array:
        """-1, 0 or 1 elementwise, as ``self`` is below, equal to or above ``other``."""
        b = self._pair(other)
        if not _fits(_big(self.n) * _big(b.d), _big(b.n) * _big(self.d)):
            left = _wide(self.n) * _wide(b.d)
            right = _wide(b.n) * _wide(self.d)
        else:
            left, right = self.n * b.d, b.n * self.d
        return np.sign(left - right).astype(np.int8)

    def ge(self, other: Q | Fraction | int) -> Array:
        return self.cmp(other) >= 0

    def gt(self, other: Q | Fraction | int) -> Array:
        return self.cmp(other) > 0

    def lt(self, other: Q | Fraction | int) -> Array:
        return self.cmp(other) < 0

    def eq(self, other: Q | Fraction | int) -> Array:
        b = self._pair(other)
        return (self.n == b.n) & (self.d == b.d)

    def maximum(self, other: Q) -> Q:
        return self.where(self.ge(other), other)

    def minimum(self, other: Q | Fraction | int) -> Q:
        return self.where(self.cmp(other) <= 0, other)

    # --- rounding -------------------------------------------------------------------

    def rounded(self, places: int, mode: str = "half-up") -> Array:
        """Each number rounded to ``places`` decimals, as integers in units of
        ``10**-places`` (what :func:`~star_rating.engine.rounding.round_ratio` gives)."""
        scale = 10**places
        n, d = self.n, self.d
        if not _fits(2 * _big(n) * scale + _big(d), 2 * _big(d)):
            n, d = _wide(n), _wide(d)
        scaled = np.abs(n) * scale
        got = round_units(scaled, d, mode)
        return _narrow(np.where(n < 0, -got, got))


def _q(n: Array, d: Array) -> Q:
    """A Q of these arrays, both int64 when both fit, else both Python integers."""
    if n.dtype == object or d.dtype == object:
        if _big(n) < _LIMIT and _big(d) < _LIMIT:
            return Q(n.astype(np.int64), d.astype(np.int64))
        return Q(_wide(n), _wide(d))
    return Q(n, d)


def _fill(shape: int | tuple[int, ...], value: int) -> Array:
    if abs(value) < _LIMIT:
        return np.full(shape, value, dtype=np.int64)
    out = np.empty(shape, dtype=object)
    out[...] = value
    return out


def _wide_q(q: Q) -> Q:
    return Q(_wide(q.n), _wide(q.d))
