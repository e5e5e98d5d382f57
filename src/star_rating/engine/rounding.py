"""Rounding an exact value once, in the scheme's mode.

Values are :class:`~fractions.Fraction` throughout the engine; this is the
only place they become decimals.  ``half-up`` rounds halves away from zero
(84.5 -> 85, 89.95 -> 90.0), exactly, with no binary floating point.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def round_exact(x: Fraction, places: int, mode: str = "half-up") -> Decimal:
    """``x`` rounded to ``places`` decimals, in integer arithmetic on its numerator
    and denominator (no float, no intermediate Fraction)."""
    return round_ratio(x.numerator, x.denominator, places, mode)


def round_ratio(num: int, den: int, places: int, mode: str = "half-up") -> Decimal:
    """``num/den`` (``den`` > 0) rounded to ``places`` decimals, exactly."""
    scaled = abs(num) * 10**places  # |x| * 10^places = scaled / den
    if den == 1:
        n = scaled
    elif mode == "half-up":
        n = (2 * scaled + den) // (2 * den)
    elif mode == "half-down":
        n = -((den - 2 * scaled) // (2 * den))  # ceil((2 scaled - den) / (2 den))
    elif mode == "half-even":
        q, r = divmod(scaled, den)
        n = q + 1 if 2 * r > den or (2 * r == den and q % 2) else q
    elif mode == "up":
        n = -(-scaled // den)
    elif mode == "down":
        n = scaled // den
    else:  # pragma: no cover - the model restricts modes
        raise ValueError(f"unknown rounding mode {mode!r}")
    if num < 0:
        n = -n
    return Decimal(n).scaleb(-places)


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
