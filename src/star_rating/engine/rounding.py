"""Rounding an exact value once, in the scheme's mode.

Values are :class:`~fractions.Fraction` throughout the engine; this is the
only place they become decimals.  ``half-up`` rounds halves away from zero
(84.5 -> 85, 89.95 -> 90.0), exactly, with no binary floating point.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction


def round_exact(x: Fraction, places: int, mode: str = "half-up") -> Decimal:
    scaled = abs(x) * 10**places
    if mode == "half-up":
        n = math.floor(scaled + Fraction(1, 2))
    elif mode == "half-down":
        n = math.ceil(scaled - Fraction(1, 2))
    elif mode == "half-even":
        n = round(scaled)
    elif mode == "up":
        n = math.ceil(scaled)
    elif mode == "down":
        n = math.floor(scaled)
    else:  # pragma: no cover - the model restricts modes
        raise ValueError(f"unknown rounding mode {mode!r}")
    if x < 0:
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
