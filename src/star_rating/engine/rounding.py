"""Rounding an exact value once, in the scheme's mode.

Values are :class:`~fractions.Fraction` throughout the engine; this is the
only place they become decimals.  ``half-up`` rounds halves away from zero
(84.5 -> 85, 89.95 -> 90.0), exactly, with no binary floating point.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any


def round_exact(x: Fraction, places: int, mode: str = "half-up") -> Decimal:
    """``x`` rounded to ``places`` decimals, in integer arithmetic on its numerator
    and denominator (no float, no intermediate Fraction)."""
    return round_ratio(x.numerator, x.denominator, places, mode)


def round_ratio(num: int, den: int, places: int, mode: str = "half-up") -> Decimal:
    """``num/den`` (``den`` > 0) rounded to ``places`` decimals, exactly."""
    scaled = abs(num) * 10**places  # |x| * 10^places = scaled / den
    n = scaled if den == 1 else round_units(scaled, den, mode)
    if num < 0:
        n = -n
    return Decimal(n).scaleb(-places)


def round_units(scaled: Any, den: Any, mode: str) -> Any:
    """``scaled / den`` (both >= 0, ``den`` > 0) rounded to an integer in ``mode``: for
    Python integers, and elementwise for integer arrays alike."""
    if mode == "half-up":
        return (2 * scaled + den) // (2 * den)
    if mode == "half-down":
        return -((den - 2 * scaled) // (2 * den))  # ceil((2 scaled - den) / (2 den))
    if mode == "half-even":
        q, r = scaled // den, scaled % den
        return q + ((2 * r > den) | ((2 * r == den) & (q % 2 == 1)))
    if mode == "up":
        return -(-scaled // den)
    if mode == "down":
        return scaled // den
    raise ValueError(f"unknown rounding mode {mode!r}")  # pragma: no cover - the model's


def show_exact(x: Fraction, places: int = 4) -> str:
    """An exact value for traces: terminating decimals in full, others as ≈ with digits."""
    den = x.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den == 1:
        d = Decimal(x.numerator) / Decimal(x.denominator)
        text = format(d.normalize(), "f")
        return text
    return "≈" + format(round_exact(x, places + 2, "half-even").normalize(), "f")
