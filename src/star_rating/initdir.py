"""``star-rate init``: an editable copy of the default scheme, or a new round folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from star_rating.errors import UsageError, display_path

ROUND_YAML = """\
# A round: one assessment run. Paths are relative to this folder.
title: {{zh: "{year}年度星级和谐社区评定", en: "{year} star-rated harmonious community assessment"}}
year: {year}
scheme: builtin            # or a path to an editable copy made with `star-rate init DIR`
register: communities.csv  # id,name,street[,households]
reviews: reviews/          # YAML, JSON, long CSV or filled xlsx forms (`star-rate template`)
surveys: surveys/          # community,respondent,question,answer
# notice: {{start: "{year}-09-01", end: "{year}-09-07"}}   # public notice (公示) period
"""


def _prepare(directory: Path, force: bool) -> None:
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{display_path(directory)} exists and is not a folder")
    if directory.exists() and any(directory.iterdir()) and not force:
        raise UsageError(f"{display_path(directory)} is not empty; use --force to write into it")


def _write(dest: Path, text: str, force: bool) -> Path:
    if dest.exists() and not force:
        raise UsageError(f"{display_path(dest)} exists; use --force to replace it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, "utf-8")
    return dest


def init_scheme(directory: Path, force: bool = False) -> list[Path]:
    from star_rating.loading.scheme import builtin_path

    src = builtin_path()
    _prepare(directory, force)
    written = []
    for f in sorted(src.rglob("*.yaml")):
        rel = f.relative_to(src)
        dest = directory / rel
        if dest.exists() and not force:
            raise UsageError(f"{display_path(dest)} exists; use --force to replace it")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, dest)
        written.append(dest)
    return written


def init_round(directory: Path, year: int, force: bool = False) -> list[Path]:
    """A round folder to fill: round.yaml, an empty register and the two folders."""
    _prepare(directory, force)
    return [
        _write(directory / "round.yaml", ROUND_YAML.format(year=year), force),
        _write(directory / "communities.csv", "id,name,street,households\n", force),
        _write(
            directory / "reviews" / "README.txt",
            "Review files go here: one YAML per review, long CSV "
            "(community,stage,indicator,value) or filled xlsx forms.\n",
            force,
        ),
        _write(
            directory / "surveys" / "README.txt",
            "Survey CSVs go here: community,respondent,question,answer\n",
            force,
        ),
    ]
