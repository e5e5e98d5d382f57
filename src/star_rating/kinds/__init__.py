"""Indicator kinds, one module each.

A kind owns how its entry is read (:meth:`~base.Kind.parse`), what the entry scores
(:meth:`~base.Kind.points`) and what a form or an error asks for
(:meth:`~base.Kind.expecting`).  Readers, appeals, the engine and forms ask the
kind; a new kind is a new module here, listed in :data:`KINDS`, plus its model in
:mod:`star_rating.models.scheme`.
"""

from __future__ import annotations

from star_rating.kinds import bands, check, checklist, deduct, prerequisite, scale, survey
from star_rating.kinds.base import Kind

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        scale.KIND,
        check.KIND,
        checklist.KIND,
        deduct.KIND,
        bands.KIND,
        survey.KIND,
        prerequisite.KIND,
    )
}

__all__ = ["KINDS", "Kind"]
