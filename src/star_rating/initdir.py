"""``star-rate init``: an editable copy of the default scheme."""

from __future__ import annotations

import shutil
from pathlib import Path

from star_rating.errors import UsageError, display_path


def init_scheme(directory: Path, force: bool = False) -> list[Path]:
    from star_rating.loading.scheme import builtin_path

    src = builtin_path()
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{display_path(directory)} exists and is not a folder")
    if directory.exists() and any(directory.iterdir()) and not force:
        raise UsageError(f"{display_path(directory)} is not empty; use --force to write into it")
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
