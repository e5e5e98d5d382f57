"""The ranked table for the terminal (rich), sized for Chinese text."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from star_rating.models.result import RoundResult
from star_rating.outputs.common import (
    Figures,
    dimension_names,
    flag_label,
    label,
    level_label,
    star_text,
)
from star_rating.scheme import Scheme


def render_table(scheme: Scheme, rr: RoundResult, lang: str, console: Console) -> None:
    fig = Figures(scheme)
    title = rr.title or rr.round_name
    table = Table(title=title, header_style="bold", show_lines=False, pad_edge=False)
    table.add_column(label("rank", lang), justify="right", no_wrap=True)
    table.add_column(label("community", lang), no_wrap=True)
    table.add_column(label("street", lang), no_wrap=True)
    table.add_column(label("stars", lang), no_wrap=True, style="yellow")
    table.add_column(label("level", lang), no_wrap=True)
    table.add_column(label("total", lang), justify="right", no_wrap=True, style="bold")
    dims = dimension_names(scheme, lang)
    for i in range(1, len(dims) + 1):
        table.add_column(f"D{i}", justify="right", no_wrap=True, header_style="dim")
    table.add_column(label("flags", lang))
    for res in rr.results:
        stars = rr.stars(res)
        lvl = level_label(scheme, rr, res, lang)
        shown = star_text(stars)
        if res.vetoes:
            shown = "✗ " + ("一票否决" if lang == "zh" else "veto")
        table.add_row(
            str(res.rank),
            f"{res.community.name} ({res.community.id})",
            res.community.street,
            shown,
            lvl or "—",
            str(res.total),
            *(str(fig.round(res.dimensions[d])) for d, _ in dims),
            "; ".join(dict.fromkeys(flag_label(m.code, lang) for m in res.flags)),
        )
    console.print(table)
    legend = "  ".join(f"D{i} {name}" for i, (_, name) in enumerate(dims, 1))
    console.print(legend, style="dim", overflow="fold")
    counts: dict[int, int] = {}
    for res in rr.results:
        counts[rr.stars(res)] = counts.get(rr.stars(res), 0) + 1
    parts = []
    for lv in rr.levels:
        if lv.stars:
            parts.append(f"{star_text(lv.stars)} {counts.pop(lv.stars, 0)}")
    rest = sum(counts.values())
    below = "未定星" if lang == "zh" else "no star"
    parts.append(f"{below} {rest}")
    console.print(("共 " if lang == "zh" else "") + f"{len(rr.results)}: " + ", ".join(parts))
    for note in rr.quota_notes:
        console.print(note.text(lang), style="cyan")
