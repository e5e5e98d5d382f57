"""Dynamic management: this round's level depends on the last one.

The order of work is: levels (with prerequisites, ``max_stars_if`` caps and
applications) -> dynamic rules -> quotas.  Dynamic rules apply only to
communities that were in the previous round (and, with ``levels: [5]``, only to
those at those stars last round):

* ``max_rise`` — stars rise at most this many levels: a community that reaches
  more gets the highest level within the limit whose rules it meets;
* ``demote_after`` — a community that falls below the level it holds keeps it
  until it has been below for this many consecutive rounds;
* ``max_drop`` — when it does fall, at most this many levels at once.

A veto always gives 0 stars, and a ``max_stars_if`` cap, an unmet prerequisite or
an application always hold: a rule that would lift a community past one of them
lifts it only as far as they allow (:class:`Gate`), and its note says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from star_rating.engine.levels import level_checks
from star_rating.models.result import CommunityResult, Msg, Words
from star_rating.models.scheme import StarCount
from star_rating.scheme import Scheme

#: Failed level rules that no dynamic rule overrides (beside vetoes and applications).
OVERRIDING_RULES = frozenset({"max_stars_if", "prerequisite"})


@dataclass(frozen=True)
class Previous:
    stars: StarCount
    below_rounds: int = 0


def application_allows(
    applications: str | None, applied: StarCount | None, stars: StarCount
) -> bool:
    """Whether an application (``applied`` stars; ``applications``: up_to | exact | None)
    allows a level of ``stars``: blank or no ``applications`` key never limits."""
    if applications is None or applied is None:
        return True
    return stars <= applied if applications == "up_to" else stars == applied


@dataclass(frozen=True)
class Gate:
    """Which levels are open to a community: its application (``applications``:
    ``up_to`` | ``exact`` | None) and the rules that beat every dynamic rule."""

    scheme: Scheme
    applications: str | None = None

    def allows(self, res: CommunityResult, i: int) -> bool:
        """Whether the community's application allows level ``i``."""
        stars = self.scheme.head.levels[i].stars
        return application_allows(self.applications, res.community.applied, stars)

    def eligible(self, res: CommunityResult, i: int) -> bool:
        """The community meets every rule of level ``i`` and may hold it."""
        return res.passes[i] and self.allows(res, i)

    def first(self, res: CommunityResult, start: int = 0) -> int | None:
        """The highest eligible level from index ``start`` down."""
        for i in range(start, len(res.passes)):
            if self.eligible(res, i):
                return i
        return None

    def application(self, res: CommunityResult) -> Msg | None:
        """The application as a sentence, when it limits (None: it does not)."""
        applied = res.community.applied
        if self.applications is None or applied is None:
            return None
        return Msg.of("application", f"application.{self.applications}", applied=applied)

    def blockers(self, res: CommunityResult, i: int) -> list[Msg]:
        """Why no dynamic rule may place the community at level ``i``: caps and
        prerequisites that fail there, and an application that does not allow it."""
        out = [
            c.msg
            for c in level_checks(self.scheme, res, i)
            if not c.ok and c.rule in OVERRIDING_RULES
        ]
        if not self.allows(res, i) and (app := self.application(res)) is not None:
            out.append(app)
        return out


def _stars(scheme: Scheme, idx: int | None) -> StarCount:
    return 0 if idx is None else scheme.head.levels[idx].stars


def _best_within(gate: Gate, res: CommunityResult, cap: StarCount) -> int | None:
    """The highest level with at most ``cap`` stars that the community may hold."""
    for i, lv in enumerate(gate.scheme.head.levels):
        if lv.stars <= cap and gate.eligible(res, i):
            return i
    return None


def _level_with(scheme: Scheme, stars: StarCount) -> int | None:
    return next((i for i, lv in enumerate(scheme.head.levels) if lv.stars == stars), None)


def level_words(scheme: Scheme, idx: int | None) -> Words | Msg:
    if idx is None:
        return Msg.of("level", "level.none")
    lv = scheme.head.levels[idx]
    return Words(scheme.level_name(lv, "zh"), scheme.level_name(lv, "en"))


def _lift(gate: Gate, res: CommunityResult, target: int, rule: Msg) -> None:
    """Place the community at level ``target`` for a dynamic rule (``rule``: its note),
    or as near it as the rules that beat it allow; never below where it stands."""
    now = res.level_index
    stop = now if now is not None else len(gate.scheme.head.levels)
    first_blockers: list[Msg] = []
    for i in range(target, stop):
        blockers = gate.blockers(res, i)
        if not blockers:
            res.level_index = i
            res.dynamic_note = (
                rule
                if i == target
                else Msg.of(
                    rule.code,
                    "dynamic.overridden",
                    rule=rule,
                    why=tuple(first_blockers),
                    placed=level_words(gate.scheme, i),
                )
            )
            return
        if not first_blockers:
            first_blockers = blockers
    res.dynamic_note = Msg.of(
        rule.code,
        "dynamic.overridden",
        rule=rule,
        why=tuple(first_blockers),
        placed=level_words(gate.scheme, now),
    )


def apply_dynamic(
    scheme: Scheme,
    results: list[CommunityResult],
    previous: dict[str, Previous],
    gate: Gate | None = None,
) -> None:
    gate = gate or Gate(scheme)
    rules = scheme.head.dynamic
    for res in results:
        prev = previous.get(res.community.id)
        if prev is None:
            continue
        res.previous_stars = prev.stars
        if rules is None or res.vetoes:  # a veto gives 0 stars, whatever a rule says
            continue
        if rules.levels is not None and prev.stars not in rules.levels:
            continue  # the rules apply only to communities at these stars last round
        now = _stars(scheme, res.level_index)
        if rules.max_rise is not None and now > prev.stars + rules.max_rise:
            cap = prev.stars + rules.max_rise
            res.level_index = _best_within(gate, res, cap)
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
                note = Msg.of(
                    "demote_grace",
                    "dynamic.demote_grace",
                    reached=now,
                    before=prev.stars,
                    below=below,
                    limit=rules.demote_after,
                )
                _lift(gate, res, keep, note)
                continue
        if rules.max_drop is not None and now < prev.stars - rules.max_drop:
            floor_stars = prev.stars - rules.max_drop
            keep = _level_with(scheme, floor_stars)
            if keep is not None:
                note = Msg.of(
                    "max_drop",
                    "dynamic.max_drop",
                    limit=rules.max_drop,
                    before=prev.stars,
                    placed=floor_stars,
                    reached=now,
                )
                _lift(gate, res, keep, note)
                continue
        if rules.demote_after is not None:
            res.dynamic_note = Msg.of(
                "demoted", "dynamic.demoted", below=below, before=prev.stars, reached=now
            )


#: The dynamic rule behind a note's code, as the scheme names it.
RULE_NAMES = {
    "max_rise": "max_rise",
    "demote_grace": "demote_after",
    "demoted": "demote_after",
    "max_drop": "max_drop",
}
