"""Limits that keep hostile or mistaken inputs from exhausting the machine."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from star_rating.errors import Collector


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class Limits:
    max_file_bytes: int = _env_int("STAR_RATE_MAX_FILE_MB", 50) * 1024 * 1024
    max_yaml_nodes: int = 1_000_000
    max_depth: int = 64


LIMITS = Limits()


def read_limited(path: Path, file: str, collector: Collector) -> bytes | None:
    """The bytes of ``path``, or None with a problem recorded."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            collector.add(file, None, None, "is a folder; expected a file", "io")
            return None
        if size > LIMITS.max_file_bytes:
            collector.add(
                file,
                None,
                None,
                f"file is {size / 1048576:.1f} MB, over the limit of "
                f"{LIMITS.max_file_bytes / 1048576:.0f} MB "
                "(set STAR_RATE_MAX_FILE_MB to change it)",
                "too-large",
            )
            return None
        return path.read_bytes()
    except FileNotFoundError:
        collector.add(file, None, None, "file not found", "io")
    except OSError as exc:
        collector.add(file, None, None, f"cannot read: {exc.strerror or exc}", "io")
    except ValueError:
        collector.add(file, None, None, "not a usable file name", "io")
    return None


def path_kind(path: Path) -> str:
    """'dir', 'file', 'missing' or 'bad' (a name the system refuses: too long, NUL, …)."""
    import os
    import stat

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
    return "file"
