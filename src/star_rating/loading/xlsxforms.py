"""Filled xlsx review forms (written by ``star-rate template``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from star_rating.errors import display_path

if TYPE_CHECKING:
    from star_rating.loading.reviews import ReviewReader
    from star_rating.models.round import Review


def read_forms(path: Path, reader: ReviewReader) -> list[Review]:
    reader.col.add(
        display_path(path),
        None,
        None,
        "xlsx review forms are not read by this version; convert the form to CSV",
        "file-type",
    )
    return []
