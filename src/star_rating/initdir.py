"""``star-rate init``: an editable copy of the default scheme, or a new round folder."""

from __future__ import annotations

import os
from pathlib import Path

from star_rating.catalog import msg
from star_rating.errors import UsageError, display_path
from star_rating.fsutil import OutputError, atomic_write, reason

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
    try:
        if directory.exists() and not directory.is_dir():
            raise UsageError(msg("cli.init.not_folder", path=display_path(directory)))
        if directory.exists() and any(directory.iterdir()) and not force:
            raise UsageError(msg("cli.init.not_empty", path=display_path(directory)))
    except OSError as exc:
        raise OutputError(msg("fs.reason", path=display_path(directory), why=reason(exc))) from None


def _check_links(directory: Path, rels: list[Path]) -> None:
    """Refuse a symbolic link where a folder of the new files would be, before anything
    is written: files are never written through a link."""
    for rel in rels:
        path = directory
        for part in rel.parent.parts:
            path = path / part
            if path.is_symlink():
                raise OutputError(msg("cli.init.link", path=display_path(path)))


def _mkdir(path: Path, parents: bool = False) -> None:
    try:
        path.mkdir(parents=parents, exist_ok=True)
    except FileExistsError:
        raise OutputError(msg("fs.is_file", path=display_path(path))) from None
    except OSError as exc:
        raise OutputError(
            msg("cli.init.cannot_create", path=display_path(path), why=reason(exc))
        ) from None


def _write_all(directory: Path, files: list[tuple[Path, bytes]], force: bool) -> list[Path]:
    """Each file written whole (temp file and rename).  Without ``force`` a file must
    not exist when it is published; with ``force`` it replaces what is there, and a
    symbolic link there is replaced itself, never written through."""
    _check_links(directory, [rel for rel, _ in files])
    _mkdir(directory, parents=True)
    written = []
    for rel, data in files:
        dest = directory / rel
        folder = directory
        for part in rel.parent.parts:
            folder = folder / part
            _mkdir(folder)
        if not force and os.path.lexists(dest):
            raise UsageError(msg("fs.exists", path=display_path(dest)))
        atomic_write(dest, data, exclusive=not force)
        written.append(dest)
    return written


def init_scheme(directory: Path, force: bool = False) -> list[Path]:
    from star_rating.loading.scheme import builtin_path

    src = builtin_path()
    _prepare(directory, force)
    files = [(f.relative_to(src), f.read_bytes()) for f in sorted(src.rglob("*.yaml"))]
    return _write_all(directory, files, force)


def this_year() -> int:
    """The current year: a new round is this year's unless told otherwise."""
    import datetime

    return datetime.date.today().year


def init_round(
    directory: Path, year: int | None = None, force: bool = False, lang: str = "en"
) -> list[Path]:
    """A round folder to fill: round.yaml (for ``year``, else this year), an empty
    register and the two folders, each with a note in ``lang`` of what goes in it."""
    if year is None:
        year = this_year()
    _prepare(directory, force)
    files = [
        ("round.yaml", ROUND_YAML.format(year=year)),
        ("communities.csv", "id,name,street,households\n"),
        ("reviews/README.txt", msg("cli.init.readme.reviews").text(lang) + "\n"),
        ("surveys/README.txt", msg("cli.init.readme.surveys").text(lang) + "\n"),
    ]
    return _write_all(directory, [(Path(rel), text.encode("utf-8")) for rel, text in files], force)
