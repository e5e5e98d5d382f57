"""The library facade: load a round and score it, without any CLI."""

from __future__ import annotations

import gc
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
    round_dir: Path | str,
    criteria: Path | str | None = None,
    progress: Progress = SILENT,
) -> Round:
    """Load and check a round (see :func:`~star_rating.loading.round.load_round`)."""
    from star_rating.loading.round import load_round

    return load_round(
        Path(round_dir),
        criteria=Path(criteria) if criteria else None,
        progress=progress,
    )


def run(
    round_dir: Path | str,
    criteria: Path | str | None = None,
    previous: Path | str | None = None,
    progress: Progress | None = None,
    lang: str | None = None,
) -> Scored:
    """Load, check and score a round; raises ProblemsFound on bad input.

    ``previous``: the saved JSON result of the last round, for dynamic rules.
    ``lang``: the language of the progress bars (default: the run's language, else
    English); problems and errors carry their messages in both."""
    from star_rating.engine.score import score_round

    standing = None
    last = None
    if previous is not None:
        from star_rating.history import load_result_json, previous_standing

        last = load_result_json(Path(previous))
        standing = previous_standing(last)
    # Loading and scoring make millions of small objects and no reference cycles
    # worth collecting: the cyclic collector would rescan them all again and again
    # (half the time of a large round), so it pauses until the round is scored.
    paused = gc.isenabled()
    gc.disable()
    try:
        if progress is None:
            from star_rating.progress import terminal_progress

            with terminal_progress(lang) as bar:
                rnd = load(round_dir, criteria, bar)
        else:
            rnd = load(round_dir, criteria, progress)
        if last is not None and previous is not None:
            from star_rating.history import check_previous

            check_previous(last, Path(previous), rnd)
        return Scored(rnd, score_round(rnd, standing))
    finally:
        if paused:
            gc.enable()


def score(round_dir: Path | str, criteria: Path | str | None = None) -> tuple[Scheme, RoundResult]:
    scored = run(round_dir, criteria)
    return scored.scheme, scored.result
