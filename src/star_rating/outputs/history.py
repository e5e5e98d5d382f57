"""Terminal tables for `compare` and `history`."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from star_rating.catalog import label, msg
from star_rating.outputs.common import star_text


def _signed(x: float) -> str:
    return f"{x:+.1f}"


def _named(community: dict[str, Any], lang: str) -> str:
    """``东安社区 (C001)``; in Chinese ``东安社区（C001）``."""
    return msg("history.named", name=community["name"], id=community["id"]).text(lang)


def render_compare(data: dict[str, Any], lang: str, console: Console) -> None:
    table = Table(title=label("history.changes", lang), header_style="bold", pad_edge=False)
    for key in ("community", "street", "before", "after", "change", "moved", "why"):
        table.add_column(label(f"history.{key}", lang))
    for c in data["changes"]:
        moved = ", ".join(f"{m['dimension']} {_signed(m['change'])}" for m in c["dimensions_moved"])
        table.add_row(
            _named(c["community"], lang),
            c["community"]["street"],
            star_text(c["before"]),
            star_text(c["after"]),
            _signed(c["total_change"]),
            moved,
            # the first reason says what decided the level: a veto, a quota, a cap …
            (c.get("reasons") or [""])[0],
        )
    if data["changes"]:
        console.print(table)
    else:
        console.print(label("history.nothing", lang))
    for key in ("new", "dropped"):
        if data[key]:
            names = label("history.separator", lang).join(_named(c, lang) for c in data[key])
            console.print(msg("history.listed", what=msg(f"history.{key}"), names=names).text(lang))


def render_history(data: dict[str, Any], lang: str, console: Console) -> None:
    table = Table(header_style="bold", pad_edge=False)
    table.add_column(label("history.community", lang), no_wrap=True)
    table.add_column(label("history.street", lang), no_wrap=True)
    for r in data["rounds"]:
        table.add_column(str(r["year"] or r["round"]), no_wrap=True, style="yellow")
    for c in data["communities"]:
        cells = ["" if s is None else star_text(s) for s in c["stars"]]
        table.add_row(_named(c["community"], lang), c["community"]["street"], *cells)
    console.print(table)
