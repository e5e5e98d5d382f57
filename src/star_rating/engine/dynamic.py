"""Dynamic management: this round's level depends on the last one.

Applied before quotas, only to communities that were in the previous round:

* ``max_rise`` — stars rise at most this many levels: a community that reaches
  more gets the highest level within the limit whose rules it meets;
* ``demote_after`` — a community that falls below the level it holds keeps it
  until it has been below for this many consecutive rounds;
* ``max_drop`` — when it does fall, at most this many levels at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from star_rating.models.result import CommunityResult, Msg
from star_rating.scheme import Scheme


@dataclass(frozen=True)
class Previous:
    stars: int
    below_rounds: int = 0


def _stars(scheme: Scheme, idx: int | None) -> int:
    return 0 if idx is None else scheme.head.levels[idx].stars


def _best_within(scheme: Scheme, res: CommunityResult, cap: int) -> int | None:
    """The highest level with at most ``cap`` stars whose rules the community meets."""
    for i, lv in enumerate(scheme.head.levels):
        if lv.stars <= cap and res.passes[i]:
            return i
    return None


def _level_with(scheme: Scheme, stars: int) -> int | None:
    return next((i for i, lv in enumerate(scheme.head.levels) if lv.stars == stars), None)


def apply_dynamic(
    scheme: Scheme, results: list[CommunityResult], previous: dict[str, Previous]
) -> None:
    rules = scheme.head.dynamic
    for res in results:
        prev = previous.get(res.community.id)
        if prev is None:
            continue
        res.previous_stars = prev.stars
        if rules is None or res.vetoes:
            continue
        now = _stars(scheme, res.level_index)
        if rules.max_rise is not None and now > prev.stars + rules.max_rise:
            cap = prev.stars + rules.max_rise
            res.level_index = _best_within(scheme, res, cap)
            got = _stars(scheme, res.level_index)
            res.dynamic_note = Msg.of(
                "max_rise",
                "dynamic.max_rise",
                limit=rules.max_rise,
                before=prev.stars,
                reached=now,
                placed=got,
            )
            continue
        if now >= prev.stars:
            res.below_rounds = 0
            continue
        below = prev.below_rounds + 1
        res.below_rounds = below
        if rules.demote_after is not None and below < rules.demote_after:
            keep = _level_with(scheme, prev.stars)
            if keep is not None:
                res.level_index = keep
                res.dynamic_note = Msg.of(
                    "demote_grace",
                    "dynamic.demote_grace",
                    reached=now,
                    before=prev.stars,
                    below=below,
                    limit=rules.demote_after,
                )
                continue
        if rules.max_drop is not None and now < prev.stars - rules.max_drop:
            floor_stars = prev.stars - rules.max_drop
            keep = _level_with(scheme, floor_stars)
            if keep is not None:
                res.level_index = keep
                res.dynamic_note = Msg.of(
                    "max_drop",
                    "dynamic.max_drop",
                    limit=rules.max_drop,
                    before=prev.stars,
                    placed=floor_stars,
                    reached=now,
                )
                continue
        if rules.demote_after is not None:
            res.dynamic_note = Msg.of(
                "demoted", "dynamic.demoted", below=below, before=prev.stars, reached=now
            )
