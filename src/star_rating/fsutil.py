"""Writing outputs safely: temp file, fsync, rename; never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from star_rating.errors import StarRateError, UsageError, display_path


class OutputError(StarRateError):
    """An output cannot be written (exit 1)."""


def check_output(path: Path, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse to write over an input file, or over an existing file without ``force``."""
    if path.exists() and path.is_dir():
        raise UsageError(f"{display_path(path)} is a folder; expected a file name")
    if path.exists():
        target = path.resolve()
        for inp in inputs:
            if inp.exists() and inp.resolve() == target:
                raise UsageError(
                    f"{display_path(path)} is an input of this command; choose another output"
                )
        if not force:
            raise UsageError(f"{display_path(path)} exists; use --force to replace it")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{display_path(path)}: folder {display_path(folder)} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{display_path(path)}: cannot write here: {exc.strerror or exc}"
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(
                f"{display_path(path)}: cannot write: {exc.strerror or exc}"
            ) from None
        raise
