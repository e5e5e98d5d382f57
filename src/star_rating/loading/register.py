"""The register of communities (id,name,street[,households])."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from star_rating.catalog import Msg, msg
from star_rating.errors import Collector, display_path
from star_rating.loading.csvfile import read_csv
from star_rating.models.round import Community, Source
from star_rating.models.scheme import StarCount, _stars
from star_rating.scheme import Words

_FORMULA = ("=", "+", "-", "@")


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def unsafe_text(text: str) -> Msg | None:
    """Why ``text`` cannot be a name: markup, formula text or control characters."""
    if "<" in text or ">" in text:
        return msg("round.unsafe.markup")
    if text.startswith(_FORMULA):
        return msg("round.unsafe.formula", char=text[0])
    if _CONTROL.search(text):
        return msg("round.unsafe.control")
    return None


def read_register(
    path: Path,
    col: Collector,
    label: str | None = None,
    levels: Collection[StarCount] | None = None,
    unit: Words | None = None,
    units: Words | None = None,
) -> dict[str, Community]:
    """``levels``: the scheme's stars, which an ``applied`` value must name; ``unit``,
    ``units``: the scheme's words for what is rated (community, communities)."""
    one: Msg | Words = unit or msg("vocab.unit")
    many: Msg | Words = units or msg("vocab.units")
    table = read_csv(path, col, ("id", "name", "street"), ("households", "applied"), label=label)
    if table is None:
        return {}
    out: dict[str, Community] = {}
    for line, row in table.rows:
        cid = table.get(row, "id")
        name = table.get(row, "name")
        if not cid:
            col.add(table.file, line, None, msg("round.register.empty_id", unit=one), "missing")
            continue
        if cid in out:
            first = out[cid].source
            col.add(
                table.file,
                line,
                None,
                msg(
                    "round.register.duplicate_id",
                    unit=one,
                    id=cid,
                    first=first.line if first and first.line is not None else "?",
                ),
                "duplicate-id",
            )
            continue
        if not name:
            col.add(
                table.file, line, None, msg("round.register.no_name", unit=one, id=cid), "missing"
            )
        for what, text in (("id", cid), ("name", name), ("street", table.get(row, "street"))):
            problem = unsafe_text(text)
            if problem:
                col.add(
                    table.file,
                    line,
                    None,
                    msg(
                        "round.register.unsafe",
                        unit=one,
                        what=msg(f"round.register.field.{what}"),
                        text=text[:40],
                        problem=problem,
                    ),
                    "unsafe-text",
                )
        households = None
        raw_h = table.get(row, "households")
        if raw_h:
            try:
                households = int(raw_h)
            except ValueError:
                col.add(
                    table.file,
                    line,
                    None,
                    msg("round.register.households", raw=raw_h),
                    "type",
                )
        applied = _applied(table.get(row, "applied"), levels, table.file, line, col)
        out[cid] = Community(
            cid, name, table.get(row, "street"), households, Source(table.file, line), applied
        )
    if table.broken:  # a register read in part would make the rest "unknown"
        return {}
    if not out and not col.errors:
        col.add(table.file, None, None, msg("round.register.empty", units=many), "empty")
    return out


def _applied(
    raw: str, levels: Collection[StarCount] | None, file: str, line: int, col: Collector
) -> StarCount | None:
    """The stars a community applied for (申报星级): blank is no application; ``5``,
    ``4.5``, ``5星`` or ``5★`` name a level of the scheme."""
    if not raw:
        return None
    shown = [str(s) for s in sorted(levels or (), reverse=True)]
    expected = (
        msg("round.register.applied.one_of", levels=Words("、".join(shown), ", ".join(shown)))
        if shown
        else msg("round.register.applied.stars")
    )
    try:
        stars = _stars(raw.removesuffix("星").removesuffix("★").strip())
    except ValueError:
        stars = None
    if stars is None or (levels is not None and stars not in levels):
        col.add(
            file,
            line,
            None,
            msg("round.register.applied", raw=raw, expected=expected),
            "unknown-ref",
        )
        return None
    return stars


def load_register(path: Path) -> dict[str, Community]:
    """A register on its own; raises ProblemsFound on any error."""
    col = Collector()
    if not path.exists():
        col.add(display_path(path), None, None, msg("round.register.not_found"), "io")
    out = read_register(path, col)
    col.check()
    return out
