"""The library facade: load a round and score it, without any CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from star_rating.models.result import RoundResult
from star_rating.models.round import Round
from star_rating.scheme import Scheme


@dataclass(frozen=True)
class Scored:
    """A loaded round and its results."""

    round: Round
    result: RoundResult

    @property
    def scheme(self) -> Scheme:
        return self.round.scheme


def load(round_dir: Path | str, criteria: Path | str | None = None) -> Round:
    from star_rating.loading.round import load_round

    return load_round(Path(round_dir), criteria=Path(criteria) if criteria else None)


def run(round_dir: Path | str, criteria: Path | str | None = None) -> Scored:
    """Load, check and score a round; raises ProblemsFound on bad input."""
    from star_rating.engine.score import score_round

    rnd = load(round_dir, criteria)
    return Scored(rnd, score_round(rnd))


def score(round_dir: Path | str, criteria: Path | str | None = None) -> tuple[Scheme, RoundResult]:
    scored = run(round_dir, criteria)
    return scored.scheme, scored.result
