"""``star-rate validate``: check schemes, rounds and review files; collect every problem."""

from __future__ import annotations

from pathlib import Path

from star_rating.catalog import msg
from star_rating.errors import (
    Collector,
    Problem,
    ProblemsFound,
    UsageError,
    display_path,
    sort_key,
)


def _kind(path: Path) -> str:
    if path.is_dir():
        if (path / "round.yaml").is_file():
            return "round"
        if (path / "scheme.yaml").is_file():
            return "scheme"
        raise UsageError(msg("scheme.not_scheme_or_round", path=display_path(path)))
    if path.name in ("scheme.yaml", "scheme.yml"):
        return "scheme"
    if path.name in ("round.yaml", "round.yml"):
        return "round"
    return "file"


def _enclosing_round(path: Path) -> Path | None:
    for parent in path.resolve().parents:
        if (parent / "round.yaml").is_file():
            return parent
    return None


def validate_paths(paths: list[Path], criteria: Path | None = None) -> list[Problem]:
    """Every problem in ``paths``; raises UsageError for a path that does not exist."""
    from star_rating.loading.scheme import load_scheme

    col = Collector()
    for path in paths:
        if not path.exists():
            raise UsageError(msg("scheme.no_such_path", path=display_path(path)))
    for path in paths:
        kind = _kind(path)
        try:
            if kind == "scheme":
                load_scheme(path, col)
            elif kind == "round":
                from star_rating.loading.round import load_round

                load_round(path if path.is_dir() else path.parent, criteria=criteria, collector=col)
            else:
                _validate_file(path, criteria, col)
        except ProblemsFound:
            pass
    return sorted(col.problems, key=sort_key)


def _validate_file(path: Path, criteria: Path | None, col: Collector) -> None:
    """A lone dimension or review file."""
    from star_rating.loading.modelcheck import validate
    from star_rating.loading.yamlpos import load_file
    from star_rating.models.scheme import Dimension

    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        # read once to tell a dimension from a review; a review is read again below,
        # so what this reading found is reported only where nothing reads it again
        seen = Collector()
        doc = load_file(path, seen)
        if doc is None:
            col.extend(seen.problems)
            return
        if isinstance(doc.data, dict) and "indicators" in doc.data:
            col.extend(seen.problems)
            validate(Dimension, doc, col)
            return
    from star_rating.loading.reviews import check_review_files

    check_review_files([path], criteria, _enclosing_round(path), col)
