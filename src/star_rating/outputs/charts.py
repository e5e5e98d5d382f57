"""Charts as inline SVG, written directly from our figures.

Three charts: horizontal stacked bars (stars per street), a histogram stacked
by level with the level thresholds marked, and a radar of dimension shares.
Each function is pure and returns SVG text that can be placed inside an HTML
page as it is: labels stay ``<text>`` (searchable, selectable, printed
sharply, and set in the page's CJK font chain), every coordinate is written
with one decimal so the same figures always give the same bytes, and all text
is escaped here. No ``xmlns`` attribute is needed inline in HTML5; pass
``standalone=True`` for an ``.svg`` file.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from html import escape

GRID = "#d9dde3"
AXIS = "#6b7280"
INK = "#1f2937"
MUTED = "#6b7280"


@dataclass(frozen=True)
class Series:
    """One coloured series: a label and one value per category (or axis)."""

    label: str
    color: str
    values: Sequence[float]
    dashed: bool = False
    fill: bool = False


@dataclass(frozen=True)
class Threshold:
    """A vertical line on the histogram, e.g. the lowest total of a level."""

    value: float
    label: str
    color: str


@dataclass(frozen=True)
class Floor:
    """A dashed outline on the radar: the share each axis needs (e.g. a level's floors)."""

    label: str
    values: Sequence[float]
    color: str = "#4b5563"


@dataclass
class _Svg:
    width: float
    height: float
    title: str
    ident: str
    standalone: bool = False
    parts: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)

    def render(self) -> str:
        ns = ' xmlns="http://www.w3.org/2000/svg"' if self.standalone else ""
        head = (
            f'<svg{ns} class="chart" viewBox="0 0 {n(self.width)} {n(self.height)}" '
            f'role="img" aria-labelledby="{self.ident}-title">'
            f'<title id="{self.ident}-title">{escape(self.title)}</title>'
        )
        return head + "".join(self.parts) + "</svg>\n"


def n(x: float | Fraction) -> str:
    """A coordinate with fixed precision (never ``-0.0``)."""
    text = f"{float(x):.1f}"
    return "0.0" if text == "-0.0" else text


def text_width(text: str, size: float) -> float:
    """Rough advance width: CJK and full-width characters take 1 em, others about 0.58."""
    return sum(size * (1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.58) for ch in text)


def ink_on(color: str) -> str:
    """Black or white, whichever reads better on ``color`` (#rrggbb)."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#ffffff" if lum < 0.4 else INK


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = 12,
    anchor: str = "start",
    fill: str = INK,
    weight: str | None = None,
    extra: str = "",
) -> str:
    attrs = f'x="{n(x)}" y="{n(y)}" font-size="{n(size)}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if fill != INK:
        attrs += f' fill="{fill}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    return f"<text {attrs}{extra}>{escape(text)}</text>"


def _nice_step(top: float, ticks: int = 5) -> float:
    """A tick step for a count axis: 1, 2 or 5 times a power of ten."""
    if top <= 0:
        return 1
    raw = top / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            step = m * mag
            return max(1.0, step) if top >= 1 else step
    return 10 * mag  # pragma: no cover - the loop always returns


def _legend(svg: _Svg, x: float, y: float, items: Sequence[tuple[str, str, bool]]) -> float:
    """Swatches and labels in a row, wrapping at the chart width; returns the next y."""
    cursor = x
    for label, color, dashed in items:
        w = 14 + 6 + text_width(label, 12) + 18
        if cursor + w > svg.width - 8 and cursor > x:
            cursor = x
            y += 20
        if dashed:
            svg.add(
                f'<line x1="{n(cursor)}" y1="{n(y - 4)}" x2="{n(cursor + 14)}" y2="{n(y - 4)}" '
                f'stroke="{color}" stroke-width="2" stroke-dasharray="4 3"/>'
            )
        else:
            svg.add(
                f'<rect x="{n(cursor)}" y="{n(y - 11)}" width="14.0" height="14.0" rx="2" '
                f'fill="{color}"/>'
            )
        svg.add(_text(cursor + 20, y, label, size=12))
        cursor += w
    return y + 20


def stacked_bars(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    ident: str = "bars",
    width: float = 640,
    standalone: bool = False,
) -> str:
    """Horizontal bars, one per category, stacked by series (counts)."""
    label_w = max([text_width(c, 13) for c in categories] + [40]) + 14
    top = 40.0
    row = 28.0
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    most = max([*totals, 1])
    step = _nice_step(most, 5)
    axis_top = math.ceil(most / step) * step
    plot_x = label_w
    plot_w = width - label_w - 36
    height = top + row * len(categories) + 34
    svg = _Svg(width, height, title, ident, standalone)
    legend = [(s.label, s.color, False) for s in series]
    legend_end = _legend(svg, plot_x, 16, legend)
    if legend_end > top:  # the legend wrapped: push the plot down
        shift = legend_end - top + 4
        top += shift
        svg.height = height = height + shift

    def sx(v: float) -> float:
        return plot_x + plot_w * v / axis_top

    bottom = top + row * len(categories)
    tick = 0.0
    while tick <= axis_top + 1e-9:
        x = sx(tick)
        svg.add(
            f'<line x1="{n(x)}" y1="{n(top - 4)}" x2="{n(x)}" y2="{n(bottom)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        svg.add(_text(x, bottom + 16, _num(tick), size=11, anchor="middle", fill=MUTED))
        tick += step
    for i, cat in enumerate(categories):
        y = top + row * i
        svg.add(_text(plot_x - 10, y + row / 2 + 4.5, cat, size=13, anchor="end"))
        x = plot_x
        for s in series:
            v = s.values[i]
            if v <= 0:
                continue
            w = sx(v) - plot_x
            svg.add(
                f'<rect x="{n(x)}" y="{n(y + 5)}" width="{n(w)}" height="{n(row - 10)}" '
                f'fill="{s.color}"><title>{escape(f"{cat} · {s.label}: {_num(v)}")}</title></rect>'
            )
            if w >= text_width(_num(v), 11) + 6:
                svg.add(
                    _text(
                        x + w / 2,
                        y + row / 2 + 4,
                        _num(v),
                        size=11,
                        anchor="middle",
                        fill=ink_on(s.color),
                        weight="bold",
                    )
                )
            x += w
        svg.add(_text(x + 6, y + row / 2 + 4, _num(totals[i]), size=11, fill=MUTED))
    svg.add(
        f'<line x1="{n(plot_x)}" y1="{n(top - 4)}" x2="{n(plot_x)}" y2="{n(bottom)}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    return svg.render()


def histogram(
    edges: Sequence[float],
    series: Sequence[Series],
    thresholds: Sequence[Threshold],
    *,
    title: str,
    x_label: str,
    y_label: str,
    ident: str = "hist",
    width: float = 640,
    height: float = 300,
    standalone: bool = False,
) -> str:
    """Bins between ``edges`` (len = bins + 1), each bar stacked by series (counts)."""
    bins = len(edges) - 1
    totals = [sum(s.values[i] for s in series) for i in range(bins)]
    most = max([*totals, 1])
    step = _nice_step(most, 5)
    axis_top = math.ceil(most * 1.1 / step) * step  # room for the count above the tallest bar
    svg = _Svg(width, height, title, ident, standalone)
    legend_end = _legend(svg, 48, 16, [(s.label, s.color, False) for s in series])
    lo, hi = edges[0], edges[-1]
    left, right = 48.0, width - 16
    rows = _label_rows(thresholds, lo, hi, left, right)
    top = legend_end + 8 + 16 * (max(rows, default=-1) + 1)
    bottom = height - 44

    def sx(v: float) -> float:
        return left + (right - left) * (v - lo) / (hi - lo)

    def sy(v: float) -> float:
        return bottom - (bottom - top) * v / axis_top

    tick = 0.0
    while tick <= axis_top + 1e-9:
        y = sy(tick)
        svg.add(
            f'<line x1="{n(left)}" y1="{n(y)}" x2="{n(right)}" y2="{n(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        svg.add(_text(left - 6, y + 4, _num(tick), size=11, anchor="end", fill=MUTED))
        tick += step
    for i in range(bins):
        x0, x1 = sx(edges[i]) + 1, sx(edges[i + 1]) - 1
        acc = 0.0
        parts = []
        for s in series:
            v = s.values[i]
            if v <= 0:
                continue
            y1, y0 = sy(acc), sy(acc + v)
            svg.add(
                f'<rect x="{n(x0)}" y="{n(y0)}" width="{n(x1 - x0)}" height="{n(y1 - y0)}" '
                f'fill="{s.color}"/>'
            )
            parts.append(f"{s.label} {_num(v)}")
            acc += v
        if acc:
            tip = f"{_num(edges[i])}–{_num(edges[i + 1])}: {_num(acc)} ({', '.join(parts)})"
            svg.add(
                f'<rect x="{n(x0)}" y="{n(sy(acc))}" width="{n(x1 - x0)}" '
                f'height="{n(bottom - sy(acc))}" fill="transparent">'
                f"<title>{escape(tip)}</title></rect>"
            )
            svg.add(_text((x0 + x1) / 2, sy(acc) - 4, _num(acc), size=11, anchor="middle"))
    for i in range(bins + 1):
        svg.add(
            _text(sx(edges[i]), bottom + 15, _num(edges[i]), size=11, anchor="middle", fill=MUTED)
        )
    svg.add(
        f'<line x1="{n(left)}" y1="{n(bottom)}" x2="{n(right)}" y2="{n(bottom)}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    for th, r in zip(thresholds, rows, strict=True):
        if not lo <= th.value <= hi:
            continue
        x = sx(th.value)
        ly = legend_end + 8 + 16 * r + 12
        svg.add(
            f'<line x1="{n(x)}" y1="{n(ly + 3)}" x2="{n(x)}" y2="{n(bottom)}" '
            f'stroke="{th.color}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        svg.add(_text(x, ly, th.label, size=11, anchor="middle", fill=th.color, weight="bold"))
    svg.add(_text((left + right) / 2, height - 10, x_label, size=12, anchor="middle", fill=MUTED))
    svg.add(
        _text(
            14,
            (top + bottom) / 2,
            y_label,
            size=12,
            anchor="middle",
            fill=MUTED,
            extra=f' transform="rotate(-90 14 {n((top + bottom) / 2)})"',
        )
    )
    return svg.render()


def _label_rows(
    thresholds: Sequence[Threshold], lo: float, hi: float, left: float, right: float
) -> list[int]:
    """Row of each threshold label, so that labels that would overlap are stacked."""
    spans = []
    for th in thresholds:
        x = left + (right - left) * (th.value - lo) / (hi - lo) if hi > lo else left
        half = text_width(th.label, 11) / 2 + 4
        spans.append((x - half, x + half))
    rows: list[int] = []
    for i, (a, b) in enumerate(spans):
        r = 0
        while any(rows[j] == r and not (b <= spans[j][0] or a >= spans[j][1]) for j in range(i)):
            r += 1
        rows.append(r)
    return rows


def radar(
    axes: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    floors: Sequence[Floor] = (),
    ident: str = "radar",
    width: float = 0,
    standalone: bool = False,
) -> str:
    """Shares (0..1) on one axis per dimension; the first series is drawn filled."""
    count = len(axes)
    label_lines = [_wrap(a, 14) for a in axes]
    widest = max((text_width(line, 12.5) for lines in label_lines for line in lines), default=0)
    radius = 125.0
    width = max(width, 2 * (radius + 18 + widest) + 16)
    cx = width / 2
    cy = 30 + radius + 16 * max(len(label_lines[0]), 1)
    bottom_lines = max(
        (len(lines) for i, lines in enumerate(label_lines) if _below(i, count)), default=1
    )
    legend_y = cy + radius + 34 + 14 * bottom_lines
    height = legend_y + 24
    svg = _Svg(width, height, title, ident, standalone)

    def point(i: int, share: float) -> tuple[float, float]:
        a = -math.pi / 2 + 2 * math.pi * i / count
        r = radius * max(0.0, min(share, 1.15))
        return cx + r * math.cos(a), cy + r * math.sin(a)

    def poly(values: Sequence[float]) -> str:
        return " ".join(f"{n(x)},{n(y)}" for x, y in (point(i, v) for i, v in enumerate(values)))

    for ring in (0.2, 0.4, 0.6, 0.8, 1.0):
        svg.add(
            f'<polygon points="{poly([ring] * count)}" fill="none" stroke="{GRID}" '
            f'stroke-width="{1.5 if ring == 1.0 else 1}"/>'
        )
        x, y = point(0, ring)
        svg.add(_text(x + 4, y + 4, f"{round(ring * 100)}%", size=10, fill=MUTED))
    for i in range(count):
        x, y = point(i, 1.0)
        svg.add(
            f'<line x1="{n(cx)}" y1="{n(cy)}" x2="{n(x)}" y2="{n(y)}" stroke="{GRID}" '
            f'stroke-width="1"/>'
        )
    for fl in floors:
        svg.add(
            f'<polygon class="floor" points="{poly(fl.values)}" fill="none" '
            f'stroke="{fl.color}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
    for s in series:
        values = ",".join(f"{v:.4f}" for v in s.values)
        fill = f'fill="{s.color}" fill-opacity="0.16"' if s.fill else 'fill="none"'
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        svg.add(
            f'<polygon class="series" data-label="{escape(s.label)}" data-values="{values}" '
            f'points="{poly(s.values)}" {fill} stroke="{s.color}" '
            f'stroke-width="{2.5 if s.fill else 1.8}"{dash}/>'
        )
    if series:
        first = series[0]
        for i, v in enumerate(first.values):
            x, y = point(i, v)
            svg.add(
                f'<circle cx="{n(x)}" cy="{n(y)}" r="3.5" fill="{first.color}">'
                f"<title>{escape(f'{axes[i]}: {v * 100:.1f}%')}</title></circle>"
            )
    for i, lines in enumerate(label_lines):
        a = -math.pi / 2 + 2 * math.pi * i / count
        cos, sin = math.cos(a), math.sin(a)
        x, y = cx + (radius + 14) * cos, cy + (radius + 14) * sin
        anchor = "middle" if abs(cos) < 0.26 else ("start" if cos > 0 else "end")
        if sin < -0.5:
            y -= 14 * (len(lines) - 1) + 2
        elif sin > 0.5:
            y += 12
        else:
            y += 4 - 7 * (len(lines) - 1)
        for k, line in enumerate(lines):
            svg.add(_text(x, y + 14 * k, line, size=12.5, anchor=anchor, weight="bold"))
    items = [(s.label, s.color, s.dashed) for s in series]
    items += [(fl.label, fl.color, True) for fl in floors]
    row = sum(14 + 6 + text_width(label, 12) + 18 for label, _, _ in items) - 18
    end = _legend(svg, max(16.0, (width - row) / 2), legend_y, items)
    svg.height = max(svg.height, end - 8)
    return svg.render()


def _below(i: int, count: int) -> bool:
    """Whether the label of axis ``i`` sits under the chart."""
    return math.sin(-math.pi / 2 + 2 * math.pi * i / count) > 0.5


def _wrap(text: str, limit: int) -> list[str]:
    """Split a long Latin label at spaces into at most two lines (CJK labels stay whole)."""
    if len(text) <= limit or " " not in text:
        return [text]
    words = text.split(" ")
    first: list[str] = []
    while words and len(" ".join([*first, words[0]])) <= max(limit, len(words[0])):
        first.append(words.pop(0))
    if not first:
        first.append(words.pop(0))
    return [" ".join(first), " ".join(words)] if words else [" ".join(first)]


def _num(v: float) -> str:
    """A tick or count label: whole numbers without decimals."""
    if float(v).is_integer():
        return str(int(v))
    return f"{v:.1f}"
