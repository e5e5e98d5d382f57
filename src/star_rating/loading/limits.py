"""Limits that keep hostile or mistaken inputs from exhausting the machine, and
reading that takes regular files only (a FIFO or a device would block or never end)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from star_rating.catalog import Msg, msg
from star_rating.errors import Collector


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class Limits:
    # YAML, JSON and xlsx files are parsed whole: their size is bounded. CSV files are
    # read line by line (their memory is the rows, not the file) and have no such limit.
    max_file_bytes: int = _env_int("STAR_RATE_MAX_FILE_MB", 50) * 1024 * 1024
    max_yaml_nodes: int = 1_000_000
    max_depth: int = 64
    # characters in one CSV line (a line holds one entry: a few dozen characters)
    max_csv_line: int = 1024 * 1024


LIMITS = Limits()


def what_is(mode: int) -> Msg:
    """What a file of ``mode`` is, in words: 'a regular file', 'a FIFO (named pipe)', …"""
    if stat.S_ISREG(mode):
        return msg("read.kind.regular")
    if stat.S_ISDIR(mode):
        return msg("read.kind.folder")
    if stat.S_ISFIFO(mode):
        return msg("read.kind.fifo")
    if stat.S_ISCHR(mode):
        return msg("read.kind.char_device")
    if stat.S_ISBLK(mode):
        return msg("read.kind.block_device")
    if stat.S_ISSOCK(mode):
        return msg("read.kind.socket")
    return msg("read.kind.special")


class NotRegular(OSError):
    """The path is not a regular file; ``said`` says what it is (``str()``: English)."""

    def __init__(self, mode: int):
        self.mode = mode
        self.folder = stat.S_ISDIR(mode)
        self.what = what_is(mode)
        self.said = msg("read.not_regular", what=self.what)
        super().__init__(self.said.text("en"))

    def __reduce__(self) -> tuple[type[NotRegular], tuple[int]]:
        return (NotRegular, (self.mode,))  # whole across processes (a pool's workers)


def not_readable(exc: OSError | ValueError) -> tuple[Msg, str]:
    """Why a file cannot be opened, and the problem's rule."""
    if isinstance(exc, NotRegular):
        return (msg("read.folder"), "io") if exc.folder else (exc.said, "not-a-file")
    if isinstance(exc, FileNotFoundError):
        return msg("read.not_found"), "io"
    if isinstance(exc, OSError):
        return msg("read.cannot_read", reason=str(exc.strerror or exc)), "io"
    return msg("read.bad_name"), "io"


def open_regular(path: Path | str) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file (else NotRegular).

    Checked before opening (opening a device can have effects of its own) and again
    on the open descriptor, which is opened non-blocking so that a FIFO put in the
    file's place between the two never blocks."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegular(mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: Path, file: str, collector: Collector) -> bytes | None:
    """The bytes of ``path`` (a regular file within the size limit), or None with a
    problem recorded."""
    try:
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > LIMITS.max_file_bytes:
                too_large = msg(
                    "read.too_large",
                    size=f"{size / 1048576:.1f}",
                    limit=f"{LIMITS.max_file_bytes / 1048576:.0f}",
                )
                collector.add(file, None, None, too_large, "too-large")
                return None
            # in blocks, never more than the limit: a large limit reserves no memory
            parts, got = [], 0
            while block := fh.read(min(1 << 20, LIMITS.max_file_bytes + 1 - got)):
                parts.append(block)
                got += len(block)
                if got > LIMITS.max_file_bytes:  # it grew while being read
                    collector.add(file, None, None, msg("read.grew"), "io")
                    return None
            return b"".join(parts)
    except (OSError, ValueError) as exc:
        why, rule = not_readable(exc)
        collector.add(file, None, None, why, rule)
    return None


def path_kind(path: Path) -> str:
    """'dir', 'file' (a regular file), 'special' (a FIFO, device or socket),
    'missing' or 'bad' (a name the system refuses: too long, NUL, …)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:
        return "missing"
    except (OSError, ValueError):
        return "bad"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    return "special"


def special_kind(path: Path) -> Msg:
    """What ``path`` is, in words ('a FIFO (named pipe)', …), for an error message."""
    try:
        return what_is(os.stat(path).st_mode)
    except (OSError, ValueError):
        return msg("read.kind.unusable")
