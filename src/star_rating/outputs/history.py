"""Terminal tables for `compare` and `history`."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from star_rating.outputs.common import label, star_text

T = {
    "changes": {"zh": "星级变化", "en": "Star changes"},
    "before": {"zh": "上轮", "en": "Before"},
    "after": {"zh": "本轮", "en": "After"},
    "change": {"zh": "总分变化", "en": "Total change"},
    "moved": {"zh": "变化最大的维度", "en": "Dimensions that moved most"},
    "why": {"zh": "本轮定级理由", "en": "Why, this round"},
    "new": {"zh": "新参评社区", "en": "New communities"},
    "dropped": {"zh": "未参评社区", "en": "Dropped communities"},
    "nothing": {"zh": "星级无变化", "en": "No star changed"},
}


def _signed(x: float) -> str:
    return f"{x:+.1f}"


def render_compare(data: dict[str, Any], lang: str, console: Console) -> None:
    table = Table(title=T["changes"][lang], header_style="bold", pad_edge=False)
    for col in (
        label("community", lang),
        label("street", lang),
        T["before"][lang],
        T["after"][lang],
        T["change"][lang],
        T["moved"][lang],
        T["why"][lang],
    ):
        table.add_column(col)
    for c in data["changes"]:
        moved = ", ".join(f"{m['dimension']} {_signed(m['change'])}" for m in c["dimensions_moved"])
        table.add_row(
            f"{c['community']['name']} ({c['community']['id']})",
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
        console.print(T["nothing"][lang])
    for key in ("new", "dropped"):
        if data[key]:
            names = ", ".join(f"{c['name']} ({c['id']})" for c in data[key])
            console.print(f"{T[key][lang]}: {names}")


def render_history(data: dict[str, Any], lang: str, console: Console) -> None:
    table = Table(header_style="bold", pad_edge=False)
    table.add_column(label("community", lang), no_wrap=True)
    table.add_column(label("street", lang), no_wrap=True)
    for r in data["rounds"]:
        table.add_column(str(r["year"] or r["round"]), no_wrap=True, style="yellow")
    for c in data["communities"]:
        cells = ["" if s is None else star_text(s) for s in c["stars"]]
        table.add_row(
            f"{c['community']['name']} ({c['community']['id']})", c["community"]["street"], *cells
        )
    console.print(table)
