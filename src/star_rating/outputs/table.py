"""The ranked table for the terminal (rich), sized for Chinese text and for the terminal.

Column widths are worked out here, not left to rich: rich shrinks every column evenly
when a table is too wide, which cuts numbers ("9…").  Each column has the width it
*needs* (every number and short word whole; a header may break at spaces and after
hyphens) and the width it *wants* (everything on one line).  A table is drawn only
with columns whose needs fit; spare width goes to the columns that may wrap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segments
from rich.table import Table
from rich.text import Text

from star_rating.catalog import label, msg
from star_rating.models.result import RoundResult
from star_rating.outputs.common import (
    Figures,
    dimension_names,
    flag_label,
    heading,
    level_label,
    star_text,
    unit_words,
)
from star_rating.scheme import Scheme

Justify = Literal["left", "right"]


_CLOSING = frozenset("，。、；：！？）】》」』”’")


def _pieces(text: str, header: bool = False) -> list[tuple[bool, str]]:
    """The unbreakable pieces of one line of text, each with whether a space came before
    it: a run of narrow characters (a word, a number) stays together but for a break
    after a hyphen between letters, each wide (CJK) character stands alone.  A
    ``header`` breaks only at spaces and after hyphens."""
    out: list[tuple[bool, str]] = []
    space = False
    run = ""

    def flush() -> None:
        nonlocal run, space
        if run:
            out.append((space, run))
            space, run = False, ""

    for i, ch in enumerate(text):
        if ch.isspace():
            flush()
            space = bool(out)
        elif cell_len(ch) > 1 and not header:
            flush()
            if ch in _CLOSING and out and not space:
                out[-1] = (out[-1][0], out[-1][1] + ch)  # never at the start of a line
            else:
                out.append((space, ch))
            space = False
        else:
            run += ch
            if ch == "-" and (
                header or (run[:-1][-1:].isalpha() and text[i + 1 : i + 2].isalpha())
            ):
                flush()
    flush()
    return out


def _fold(piece: str, width: int) -> list[str]:
    """A piece wider than ``width`` cut into lines (the last resort)."""
    lines = [""]
    for ch in piece:
        if lines[-1] and cell_len(lines[-1] + ch) > width:
            lines.append("")
        lines[-1] += ch
    return lines


def wrap_text(text: str, width: int, header: bool = False) -> str:
    """``text`` in lines of at most ``width`` cells, broken between words and between
    Chinese characters, never inside a number or a word that fits (a ``header``: at
    spaces and after hyphens)."""
    out: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for space, piece in _pieces(para, header):
            joined = line + (" " if space and line else "") + piece
            if not line or cell_len(joined) <= width:
                line = joined
            else:
                out.append(line)
                line = piece
            if cell_len(line) > width:
                *full, line = _fold(line, width)
                out += full
        out.append(line)
    return "\n".join(out)


def _widest_piece(texts: Sequence[str], header: bool = False) -> int:
    return max(
        (cell_len(p) for t in texts for ln in t.splitlines() for _, p in _pieces(ln, header)),
        default=1,
    )


def _widest_line(texts: Sequence[str]) -> int:
    return max((cell_len(ln) for t in texts for ln in t.splitlines()), default=1)


@dataclass
class Col:
    """One column of a terminal table: its cells as plain text and how they may bend.

    A column that does not ``wrap`` shows every cell on one line, whole; one that wraps
    breaks between words and Chinese characters, never inside a number, and is at
    least ``least`` cells wide.  A header breaks at spaces and after hyphens."""

    header: str
    cells: list[str] = field(default_factory=list)
    justify: Justify = "left"
    wrap: bool = False
    least: int = 1
    style: str | None = None
    header_style: str | None = None

    @cached_property
    def want(self) -> int:
        """Every cell and the header on one line."""
        return max(cell_len(self.header), _widest_line(self.cells), 1)

    @cached_property
    def body_want(self) -> int:
        """Every cell on one line (the header may break)."""
        return max(self.need, _widest_line(self.cells))

    @cached_property
    def need(self) -> int:
        """The narrowest the column can be with nothing cut."""
        head = _widest_piece([self.header], header=True)
        wraps = max(self.least, _widest_piece(self.cells)) if self.wrap else 0
        body = wraps or _widest_line(self.cells)
        return min(self.want, max(head, body, 1))


@dataclass(frozen=True)
class Layout:
    """How a table is drawn; ``overhead`` is what borders and padding take beside the cells."""

    box: box.Box
    show_edge: bool
    pad_edge: bool
    padding: tuple[int, int, int, int]

    def overhead(self, columns: int) -> int:
        if not columns:
            return 0
        borders = columns + 1 if self.show_edge else columns - 1
        _, right, _, left = self.padding
        edges = 0 if self.pad_edge else left + right
        return borders + (left + right) * columns - edges


BOXED = Layout(box.HEAVY_HEAD, True, True, (0, 1, 0, 1))
"""Heavy header, ruled columns, a space either side of each cell."""
COMPACT = Layout(box.SIMPLE_HEAD, False, False, (0, 1, 0, 0))
"""No side rules: two spaces between columns."""
TIGHT = Layout(box.SIMPLE_HEAD, False, False, (0, 0, 0, 0))
"""One space between columns."""


def fit_widths(
    cols: Sequence[Col], width: int | None, style: Layout, order: Sequence[int] | None = None
) -> list[int] | None:
    """Each column's width within ``width`` cells (``None``: no limit): every column
    gets what it needs, then what is left goes to the columns in ``order`` (default:
    left to right), first so that their cells are on one line, then their headers
    too.  ``None`` when the needs do not fit."""
    if width is None:
        return [c.want for c in cols]
    widths = [c.need for c in cols]
    spare = width - sum(widths) - style.overhead(len(cols))
    if spare < 0:
        return None
    for wants in ([c.body_want for c in cols], [c.want for c in cols]):
        for i in order if order is not None else range(len(cols)):
            more = max(min(spare, wants[i] - widths[i]), 0)
            widths[i] += more
            spare -= more
    return widths


def build_table(
    cols: Sequence[Col],
    widths: Sequence[int],
    style: Layout,
    rows: int | range,
    *,
    title: str | None = None,
    title_justify: Literal["left", "center"] = "center",
    row_styles: dict[int, str] | None = None,
    show_header: bool = True,
) -> Table:
    """A rich table with exactly these column widths (rich is left nothing to shrink);
    ``rows``: how many, or which."""
    table = Table(
        title=Text(title) if title else None,
        title_justify=title_justify,
        header_style="bold",
        show_header=show_header,
        show_lines=False,
        pad_edge=style.pad_edge,
        box=style.box,
        show_edge=style.show_edge,
        padding=style.padding,
        width=sum(widths) + style.overhead(len(cols)),
    )
    for col, w in zip(cols, widths, strict=True):
        table.add_column(
            Text(wrap_text(col.header, w, header=True)),
            justify=col.justify,
            width=w,
            no_wrap=not col.wrap,
            overflow="fold",
            style=col.style,
            header_style=col.header_style,
        )
    styles = row_styles or {}
    for r in range(rows) if isinstance(rows, int) else rows:
        cells = [
            Text(wrap_text(c.cells[r], w) if c.wrap else c.cells[r])
            for c, w in zip(cols, widths, strict=True)
        ]
        table.add_row(*cells, style=styles.get(r))
    return table


def print_table(console: Console, table: Table) -> None:
    """Print a table whole: one wider than the console (``--wide``, or a console too
    narrow for its numbers) is written uncropped, for the terminal to wrap or a pager
    to scroll."""
    console.print(table, crop=(table.width or 0) <= console.width)


CHUNK = 2000  # rows drawn at once: a province's table is drawn a piece at a time


def print_rows(
    console: Console,
    cols: Sequence[Col],
    widths: Sequence[int],
    style: Layout,
    rows: int,
    title: str | None = None,
    chunk: int | None = None,
) -> None:
    """Print a table of ``rows`` rows as :func:`print_table` prints it whole, drawing
    ``chunk`` rows at a time: each piece is a table of the same columns, without the
    edge lines that would fall between pieces, so a round of any size is printed in
    bounded memory and the text is the same (``chunk``: default :data:`CHUNK`)."""
    chunk = chunk or CHUNK
    if rows <= chunk:
        print_table(console, build_table(cols, widths, style, rows, title=title))
        return
    width = sum(widths) + style.overhead(len(cols))
    crop = width <= console.width
    options = console.options.update(width=width if not crop else console.width)
    for start in range(0, rows, chunk):
        first, last = start == 0, start + chunk >= rows
        part = build_table(
            cols,
            widths,
            style,
            range(start, min(start + chunk, rows)),
            title=title if first else None,
            show_header=first,
        )
        lines = console.render_lines(part, options, pad=False, new_lines=True)
        if style.show_edge and not first:
            lines = lines[1:]  # the top edge: the piece before drew the rows above
        if style.show_edge and not last:
            lines = lines[:-1]  # the bottom edge: the next piece goes on
        # the lines as drawn (cropped to the console when the table fits it)
        console.print(Segments([seg for line in lines for seg in line]), crop=False)


def _note(hidden: list[str], lang: str) -> str:
    return msg("out.table.hidden", hidden=label("out.sep.enum", lang).join(hidden)).text(lang)


def _choose_columns(
    essential: list[Col],
    groups: list[tuple[str, list[Col]]],
    position: list[Col],
    width: int | None,
) -> tuple[Layout, list[Col] | None, list[str]]:
    """The look and the columns for ``width``: the essential ones, then each group in
    turn that still fits.  The look chosen is the one that leaves out the least
    important groups (fewest, and latest in ``groups``), the roomiest of those that do
    equally well.  Also the names of the groups left out; no columns (``None``) when
    not even the essential ones fit."""

    def laid_out(chosen: list[Col]) -> list[Col]:
        return [c for c in position if any(c is x for x in chosen)]

    best: tuple[int, Layout, list[Col], list[str]] | None = None
    for layout in (BOXED, COMPACT, TIGHT):
        if fit_widths(essential, width, layout) is None:
            continue
        chosen, hidden, cost = list(essential), [], 0
        for i, (group, cols) in enumerate(groups):
            if fit_widths(laid_out(chosen + cols), width, layout) is not None:
                chosen += cols
            else:
                hidden.append(group)
                cost += 2 ** (len(groups) - i)
        if best is None or cost < best[0]:
            best = (cost, layout, laid_out(chosen), hidden)
    if best is None:
        return TIGHT, None, [g for g, _ in groups]
    return best[1], best[2], best[3]


def render_table(
    scheme: Scheme, rr: RoundResult, lang: str, console: Console, wide: bool = False
) -> None:
    """The ranked table, as wide as ``console`` (``wide``: as wide as it needs).

    Rank, id, name, stars and total are always shown whole; a name wraps only when the
    console is narrower than these five need.  The other columns are added while they
    fit, in order of importance: street, level, flags (the reviewers' warnings; only
    when a community has one), stage totals, dimensions.  A group that does not fit
    is left out whole (a later, smaller one may still come in), and a line under the
    table names those left out.  Columns keep their places (flags stay last).  The
    table is ruled when that costs no column, else drawn more compactly.

    The width is the console's, and rich honours ``COLUMNS``.  When stdout is not a
    terminal and ``COLUMNS`` is not set, the command line's console is 200 columns
    wide, as before (``cli._console``): enough for the whole table of the built-in
    scheme, so piped output and files keep every column."""
    fig = Figures(scheme)
    dims = dimension_names(scheme, lang)
    results = rr.results
    stage_ids = [s for s in scheme.stage_ids if any(s in r.stages for r in results)]
    stars_cells = []
    for res in results:
        shown = star_text(rr.stars(res))
        if res.vetoes:
            shown = "✗ " + label("out.table.veto", lang)
        stars_cells.append(shown)
    rank = Col(label("out.rank", lang), [str(r.rank) for r in results], "right")
    ident = Col(label("out.id", lang), [r.community.id for r in results])
    name = Col(heading("community", lang, scheme), [r.community.name for r in results])
    street = Col(heading("street", lang, scheme), [r.community.street for r in results])
    stars = Col(label("out.stars", lang), stars_cells, style="yellow")
    level = Col(
        label("out.level", lang), [level_label(scheme, rr, r, lang) or "—" for r in results]
    )
    total = Col(label("out.total", lang), [str(r.total) for r in results], "right", style="bold")
    stages = [
        Col(
            scheme.stage_label(s, lang),
            [str(fig.round(r.stages[s].total)) if s in r.stages else "" for r in results],
            "right",
        )
        for s in stage_ids
    ]
    dim_cols = [
        Col(
            f"D{i}",
            [str(fig.round(r.dimensions[d])) for r in results],
            "right",
            header_style="dim",
        )
        for i, (d, _) in enumerate(dims, 1)
    ]
    flag_cells = [
        "; ".join(dict.fromkeys(flag_label(m.code, lang) for m in r.flags)) for r in results
    ]
    widest_flag = max(
        (cell_len(flag_label(m.code, lang)) for r in results for m in r.flags), default=1
    )
    flags = Col(label("out.flags", lang), flag_cells, wrap=True, least=widest_flag)

    dim_range = f"D1–D{len(dims)}" if len(dims) > 1 else "D1"
    groups: list[tuple[str, list[Col]]] = [
        (street.header, [street]),
        (level.header, [level]),
        (flags.header, [flags] if any(flag_cells) else []),
        (label("out.table.stage_totals", lang), stages),
        (dim_range, dim_cols),
    ]
    groups = [(g, cols) for g, cols in groups if cols]
    essential = [rank, ident, name, stars, total]
    position = [rank, ident, name, street, stars, level, total, *stages, *dim_cols, flags]
    layout, cols, hidden = _choose_columns(
        essential, groups, position, None if wide else console.width
    )
    if cols is None:  # too narrow even for the five: only the name gives way, wrapped
        narrow = replace(name, wrap=True, least=2)
        cols = [narrow if c is name else c for c in essential]
    widths = fit_widths(cols, None if wide else console.width, layout)
    widths = widths or [c.need for c in cols]
    print_rows(console, cols, widths, layout, len(results), title=rr.title_in(lang))
    if hidden:
        console.print(Text(_note(hidden, lang), style="dim"))
    if dim_cols and any(c is dim_cols[0] for c in cols):
        legend = "  ".join(f"D{i} {dname}" for i, (_, dname) in enumerate(dims, 1))
        console.print(Text(legend, style="dim"), overflow="fold")
    counts: dict[int, int] = {}
    for res in results:
        counts[rr.stars(res)] = counts.get(rr.stars(res), 0) + 1
    parts = []
    for lv in rr.levels:
        if lv.stars:
            parts.append(f"{star_text(lv.stars)} {counts.pop(lv.stars, 0)}")
    rest = sum(counts.values())
    parts.append(f"{label('out.table.no_star', lang)} {rest}")
    n = len(results)
    units = unit_words(scheme, plural=n != 1)
    line = msg("out.table.counts", n=n, units=units, parts=label("out.sep.comma", lang).join(parts))
    console.print(line.text(lang))
    for note in rr.quota_notes:
        console.print(note.text(lang), style="cyan")
