"""The register of communities (id,name,street[,households])."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from star_rating.errors import Collector, display_path
from star_rating.loading.csvfile import read_csv
from star_rating.models.round import Community, Source
from star_rating.models.scheme import StarCount, _stars

_FORMULA = ("=", "+", "-", "@")


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def unsafe_text(text: str) -> str | None:
    """Why ``text`` cannot be a name: markup, formula text or control characters."""
    if "<" in text or ">" in text:
        return "contains '<' or '>' (markup)"
    if text.startswith(_FORMULA):
        return f"starts with {text[0]!r}, which a spreadsheet runs as a formula"
    if _CONTROL.search(text):
        return "contains a control character"
    return None


def read_register(
    path: Path,
    col: Collector,
    label: str | None = None,
    levels: Collection[StarCount] | None = None,
) -> dict[str, Community]:
    """``levels``: the scheme's stars, which an ``applied`` value must name."""
    table = read_csv(path, col, ("id", "name", "street"), ("households", "applied"), label=label)
    if table is None:
        return {}
    out: dict[str, Community] = {}
    for line, row in table.rows:
        cid = table.get(row, "id")
        name = table.get(row, "name")
        if not cid:
            col.add(table.file, line, None, "empty community id", "missing")
            continue
        if cid in out:
            first = out[cid].source
            col.add(
                table.file,
                line,
                None,
                f"duplicate community id {cid!r} (first at line {first.line if first else '?'})",
                "duplicate-id",
            )
            continue
        if not name:
            col.add(table.file, line, None, f"community {cid} has no name", "missing")
        for what, text in (("id", cid), ("name", name), ("street", table.get(row, "street"))):
            problem = unsafe_text(text)
            if problem:
                col.add(
                    table.file,
                    line,
                    None,
                    f"community {what} {text[:40]!r} {problem}; register entries are plain text",
                    "unsafe-text",
                )
        households = None
        raw_h = table.get(row, "households")
        if raw_h:
            try:
                households = int(raw_h)
            except ValueError:
                col.add(
                    table.file, line, None, f"households {raw_h!r} is not a whole number", "type"
                )
        applied = _applied(table.get(row, "applied"), levels, table.file, line, col)
        out[cid] = Community(
            cid, name, table.get(row, "street"), households, Source(table.file, line), applied
        )
    if table.broken:  # a register read in part would make the rest "unknown"
        return {}
    if not out and not col.errors:
        col.add(table.file, None, None, "the register lists no communities", "empty")
    return out


def _applied(
    raw: str, levels: Collection[StarCount] | None, file: str, line: int, col: Collector
) -> StarCount | None:
    """The stars a community applied for (申报星级): blank is no application; ``5``,
    ``4.5``, ``5星`` or ``5★`` name a level of the scheme."""
    if not raw:
        return None
    shown = ", ".join(str(s) for s in sorted(levels or (), reverse=True))
    expected = f"one of {shown}, or blank" if shown else "stars such as 5 or 4.5, or blank"
    try:
        stars = _stars(raw.removesuffix("星").removesuffix("★").strip())
    except ValueError:
        stars = None
    if stars is None or (levels is not None and stars not in levels):
        col.add(
            file,
            line,
            None,
            f"applied {raw!r} is not a level of the scheme; expected {expected}",
            "unknown-ref",
        )
        return None
    return stars


def load_register(path: Path) -> dict[str, Community]:
    """A register on its own; raises ProblemsFound on any error."""
    col = Collector()
    if not path.exists():
        col.add(display_path(path), None, None, "file not found", "io")
    out = read_register(path, col)
    col.check()
    return out
