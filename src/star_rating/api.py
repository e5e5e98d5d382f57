"""The library facade: load a round and score it, without any CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from star_rating.models.result import RoundResult
from star_rating.models.round import Round
from star_rating.progress import SILENT, Progress
from star_rating.scheme import Scheme


@dataclass(frozen=True)
class Scored:
    """A loaded round and its results."""

    round: Round
    result: RoundResult

    @property
    def scheme(self) -> Scheme:
        return self.round.scheme


def load(
    round_dir: Path | str, criteria: Path | str | None = None, progress: Progress = SILENT
) -> Round:
    from star_rating.loading.round import load_round

    return load_round(
        Path(round_dir), criteria=Path(criteria) if criteria else None, progress=progress
    )


def run(
    round_dir: Path | str,
    criteria: Path | str | None = None,
    previous: Path | str | None = None,
    progress: Progress | None = None,
) -> Scored:
    """Load, check and score a round; raises ProblemsFound on bad input.

    ``previous``: the saved JSON result of the last round, for dynamic rules."""
    from star_rating.engine.score import score_round

    standing = None
    if previous is not None:
        from star_rating.history import load_result_json, previous_standing

        standing = previous_standing(load_result_json(Path(previous)))
    if progress is None:
        from star_rating.progress import terminal_progress

        with terminal_progress() as bar:
            rnd = load(round_dir, criteria, bar)
    else:
        rnd = load(round_dir, criteria, progress)
    return Scored(rnd, score_round(rnd, standing))


def score(round_dir: Path | str, criteria: Path | str | None = None) -> tuple[Scheme, RoundResult]:
    scored = run(round_dir, criteria)
    return scored.scheme, scored.result
