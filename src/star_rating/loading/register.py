"""The register of communities (id,name,street[,households])."""

from __future__ import annotations

from pathlib import Path

from star_rating.errors import Collector, display_path
from star_rating.loading.csvfile import read_csv
from star_rating.models.round import Community, Source


def read_register(path: Path, col: Collector, label: str | None = None) -> dict[str, Community]:
    table = read_csv(path, col, ("id", "name", "street"), ("households",), label=label)
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
        households = None
        raw_h = table.get(row, "households")
        if raw_h:
            try:
                households = int(raw_h)
            except ValueError:
                col.add(
                    table.file, line, None, f"households {raw_h!r} is not a whole number", "type"
                )
        out[cid] = Community(
            cid, name, table.get(row, "street"), households, Source(table.file, line)
        )
    if not out and not col.errors:
        col.add(table.file, None, None, "the register lists no communities", "empty")
    return out


def load_register(path: Path) -> dict[str, Community]:
    """A register on its own; raises ProblemsFound on any error."""
    col = Collector()
    if not path.exists():
        col.add(display_path(path), None, None, "file not found", "io")
    out = read_register(path, col)
    col.check()
    return out
