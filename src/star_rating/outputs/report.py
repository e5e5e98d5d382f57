"""``report``: the round summary, one page per street and one per community, as HTML
or Markdown.

The work is split in two: pure functions turn a :class:`~star_rating.api.Scored`
round into plain view data (words from the message catalog, ``report.*``, in the
chosen language and in the scheme's words for what it rates and how it groups them:
社区/community and 街道/street by default, 建筑/building and 城市/city for a scheme
that says so; rounded figures; SVG charts from :mod:`star_rating.outputs.charts`),
and Jinja2 templates
shipped in ``star_rating/templates`` lay that data out.  ``--template-dir``
puts a folder in front of the shipped templates, so any one of them can be
replaced.  HTML templates are autoescaped; in Markdown templates every
``{{ value }}`` is escaped for Markdown by the environment's ``finalize``
(values marked safe, such as links we build, pass through).

Output is deterministic: the same inputs give byte-identical files (no clock
unless ``stamp=True``; ordering is rank order or register order; SVG numbers
have fixed precision).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rating import __version__
from star_rating.catalog import MESSAGES, label, msg, render, verbatim
from star_rating.engine.levels import level_checks, pts
from star_rating.engine.points import appeals_in, exact_row
from star_rating.engine.rounding import round_exact
from star_rating.entries import show
from star_rating.errors import StarRateError, UsageError, display_path
from star_rating.fsutil import replaced_folder, write_new
from star_rating.i18n import LANGS
from star_rating.models.result import CommunityResult, Msg, RoundResult
from star_rating.models.scheme import Level, SurveyIndicator, tr
from star_rating.outputs import charts
from star_rating.outputs.common import Figures, dimension_names, star_text
from star_rating.scheme import Scheme, Words

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

    from star_rating.api import Scored
    from star_rating.progress import Progress

F = Fraction
FORMATS = ("html", "md")
Page = tuple[Path, str, Callable[[], dict[str, Any]]]  # file, template, its data

# Level colours, highest level first: warm and strong at the top, so the eye
# finds five stars first; they print legibly in greyscale too.
LEVEL_COLOURS = ("#b91c1c", "#f97316", "#fbbf24", "#84cc16", "#14b8a6", "#8b5cf6", "#ec4899")
NONE_COLOUR = "#cbd5e1"
SERIES_COLOURS = {"combined": "#1d4ed8", "first": "#9333ea", "last": "#059669"}
FLOOR_COLOUR = "#4b5563"
CHART_WIDTH = 520


# Chinese counts take a measure word after the number; English counts none.
ZH_MEASURE = "个"


class ReportTemplateError(StarRateError):
    """A report template is missing or broken (exit 1)."""


def text(key: str, lang: str, **kw: object) -> str:
    """The report's message ``report.<key>`` in ``lang``."""
    return render(f"report.{key}", lang, kw)


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def vocabulary(scheme: Scheme) -> dict[str, Words]:
    """The scheme's words for what is rated and how it is grouped, as message
    parameters: ``unit``, ``units``, ``Unit``, ``Units``, ``group``, … (see
    :mod:`star_rating.catalog.report`)."""
    out: dict[str, Words] = {}
    for name, word in (("unit", scheme.unit), ("group", scheme.group)):
        for plural in (False, True):
            zh, en = word("zh", plural), word("en", plural)
            key = name + ("s" if plural else "")
            out[key] = Words(zh, en)
            out[_capital(key)] = Words(zh, _capital(en))
    return out


def default_words(scheme: Scheme) -> bool:
    """Whether the scheme rates communities grouped in streets (the default words):
    then the whole round is the district (全区)."""
    return all(
        scheme.unit(lang) == label("vocab.unit", lang)
        and scheme.group(lang) == label("vocab.group", lang)
        for lang in LANGS
    )


# --- view data ---------------------------------------------------------------


@dataclass(frozen=True)
class LevelView:
    key: str  # css class: lv0, lv1, …, none
    index: int | None
    stars: int
    name: str  # full label, e.g. 五星级和谐社区
    short: str  # for legends: 五星级, 5-star, or the label of a zero-star level
    color: str
    ink: str  # text on the colour
    text_color: str  # the colour darkened, for text on white
    glyphs: str  # ★★★★★, or empty
    min_total: str = ""


@dataclass
class Row:
    """One community as listed in the summary and at the head of its page."""

    id: str
    name: str
    street: str
    rank: int
    total: str
    stars: int
    stars_text: str
    level: LevelView
    vetoed: bool
    stages: list[str]
    flags: list[str]
    href: str
    sort_total: str
    sort_stars: int
    street_href: str = ""  # the page of its group, from the summary's folder


def _fmt_pct(x: Fraction, places: int = 1) -> str:
    return f"{round_exact(x * 100, places, 'half-up')}%"


def _safe_stems(ids: Iterable[str], fallback: str | None = "community") -> dict[str, str]:
    """File name stems for community ids (or street names): [A-Za-z0-9_-] only, unique
    without regard to case.  A name with none of those characters (社区, 东关街道) is
    ``fallback``, or with ``fallback=None`` a short hash of the name (stable whatever
    the other names are)."""
    reserved = {"con", "prn", "aux", "nul"} | {
        f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)
    }
    ordered = sorted(ids, key=lambda c: (re.sub(r"[^A-Za-z0-9_-]+", "_", c) != c, c))
    used: set[str] = set()
    out: dict[str, str] = {}
    for cid in ordered:
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", cid).strip("_")[:60]
        if not stem:
            stem = fallback or hashlib.sha256(cid.encode()).hexdigest()[:8]
        if stem.lower() in used or stem.lower() in reserved:
            stem = f"{stem}-{hashlib.sha256(cid.encode()).hexdigest()[:8]}"
        used.add(stem.lower())
        out[cid] = stem
    return out


def _level_views(scheme: Scheme, rr: RoundResult, lang: str) -> tuple[list[LevelView], LevelView]:
    views = []
    for i, lv in enumerate(rr.levels):
        color = LEVEL_COLOURS[i % len(LEVEL_COLOURS)]
        views.append(
            LevelView(
                f"lv{i}",
                i,
                lv.stars,
                scheme.level_name(lv, lang),
                _short(scheme, lv, lang),
                color,
                charts.ink_on(color),
                _darker(color),
                star_text(lv.stars) if lv.stars > 0 else "",
                pts(lv.min_total),
            )
        )
    none = LevelView(
        "none",
        None,
        0,
        text("none_level", lang),
        text("none_level", lang),
        NONE_COLOUR,
        charts.ink_on(NONE_COLOUR),
        "#475569",
        "",
    )
    return views, none


def _short(scheme: Scheme, lv: Level, lang: str) -> str:
    if lv.stars <= 0 or lv.stars > 9:
        return scheme.level_name(lv, lang)
    if not isinstance(lv.stars, int):  # a half star: 4.5星级, 4.5-star
        return text("stars_short", lang, stars=str(lv.stars))
    return text("stars_short", lang, stars=Words(_digit(lv.stars).zh, str(lv.stars)))


def _digit(n: int) -> Words:
    """A number of stars (1 to 9) as a word: 五 / five."""
    return Words(label(f"report.digit.{n}", "zh"), label(f"report.digit.{n}", "en"))


def _fingerprint(hashes: dict[str, str]) -> str:
    text_ = "\n".join(f"{k} {v}" for k, v in sorted(hashes.items()))
    return hashlib.sha256(text_.encode()).hexdigest()[:12]


class _View:
    """Everything the templates show, computed once for a scored round."""

    def __init__(
        self,
        scored: Scored,
        lang: str,
        ext: str,
        stamp: bool,
        paged: frozenset[str] | None = None,
    ):
        self.paged = paged  # ids of the communities with a page of their own (None: all)
        self.scheme = scored.scheme
        self.rr = scored.result
        self.round = scored.round
        self.lang = lang
        self.ext = ext
        self.fig = Figures(self.scheme)
        self.levels, self.none = _level_views(self.scheme, self.rr, lang)
        self.stems = _safe_stems(r.community.id for r in self.rr.results)
        self.stage_ids = list(self.scheme.stage_ids)
        self.stage_labels = [self.scheme.stage_label(s, lang) for s in self.stage_ids]
        self.dim_names = dict(dimension_names(self.scheme, lang))
        self.words: dict[str, object] = dict(vocabulary(self.scheme))
        self.default_words = default_words(self.scheme)
        self.words["summary"] = self.t_whole("summary")
        self.groups, self.members = self._groups()
        self.group_stems = _safe_stems(self.groups, fallback=None)
        self.rows = [self._row(res) for res in self.rr.results]
        self.time = _now() if stamp else None
        self._common: dict[str, Any] | None = None
        self._edges: tuple[Fraction, Fraction, int] | None = None
        self.combined = _Combined(self.scheme)
        self._stage_cells: list[Any] | None = None
        self._cells: dict[tuple[Fraction, Decimal | Fraction], tuple[str, str]] = {}

    # -- helpers ---------------------------------------------------------------

    def t(self, key: str, **kw: object) -> str:
        """The message ``report.<key>`` in the page's language, with the scheme's words
        (templates call it too, so a wrong key or a missing parameter is their error)."""
        if f"report.{key}" not in MESSAGES:
            raise ReportTemplateError(msg("report.error.no_key", name=key))
        try:
            return render(f"report.{key}", self.lang, {**self.words, **kw})
        except KeyError as exc:
            raise ReportTemplateError(
                msg("report.error.no_param", name=key, param=str(exc.args[0]))
            ) from None

    def said(self, key: str, **kw: object) -> Msg:
        """The message ``report.<key>`` as data, with the scheme's words (for progress)."""
        return msg(f"report.{key}", **{**self.words, **kw})

    def t_whole(self, key: str, **kw: object) -> str:
        """A message about the whole round: the district (全区) in the default words,
        all of the scheme's units otherwise (the key's ``_of`` variant)."""
        return self.t(key if self.default_words else f"{key}_of", **kw)

    def heading(self, key: str) -> str:
        """A column heading for the templates: ``community`` and ``street`` are the
        scheme's words for its unit and group."""
        word = {"community": "Unit", "street": "Group"}.get(key)
        if word is not None:
            return render("text", self.lang, {"text": self.words[word]})
        return self.t(key)

    def n_units(self, n: int) -> str:
        """``5 communities`` / ``共 5 个社区``, in the scheme's words."""
        noun = self.words["unit" if n == 1 else "units"]
        return self.t("n_units", n=n, noun=noun)

    def group_name(self, group: str) -> str:
        return group or self.t("no_group")

    def group_href(self, group: str) -> str:
        """The group's page, from the summary's folder."""
        return f"streets/{self.group_stems[group]}.{self.ext}"

    def _groups(self) -> tuple[list[str], dict[str, list[int]]]:
        """The groups (streets) that have units in the result, in register order (then in
        result order), and the indexes of their units' results in rank order."""
        members: dict[str, list[int]] = {}
        for i, res in enumerate(self.rr.results):
            members.setdefault(res.community.street, []).append(i)
        order: list[str] = []
        seen: set[str] = set()
        for c in self.round.communities.values():
            if c.street in members and c.street not in seen:
                seen.add(c.street)
                order.append(c.street)
        for street in members:  # streets of communities not in the register order
            if street not in seen:
                seen.add(street)
                order.append(street)
        return order, members

    def level_of(self, res: CommunityResult) -> LevelView:
        return self.none if res.level_index is None else self.levels[res.level_index]

    def num(self, x: Fraction | Decimal) -> str:
        return str(x if isinstance(x, Decimal) else self.fig.round(x))

    def _row(self, res: CommunityResult) -> Row:
        c = res.community
        stars = self.rr.stars(res)
        shown = star_text(stars) if stars else "—"
        if stars == 0 and res.level_index is not None:  # a named level below the stars
            shown = self.levels[res.level_index].name
        if res.vetoes:
            shown = "✗ " + self.t("vetoed")
        return Row(
            id=c.id,
            name=c.name,
            street=c.street,
            rank=res.rank,
            total=self.num(res.total),
            stars=stars,
            stars_text=shown,
            level=self.level_of(res),
            vetoed=bool(res.vetoes),
            stages=[
                self.num(res.stages[s].total) if s in res.stages else "" for s in self.stage_ids
            ],
            flags=[m.text(self.lang) for m in res.flags],
            href=(
                f"communities/{self.stems[c.id]}.{self.ext}"
                if self.paged is None or c.id in self.paged
                else ""
            ),
            sort_total=str(res.total),
            sort_stars=-1 if res.vetoes else stars,
            street_href=self.group_href(c.street),
        )

    def common(self) -> dict[str, Any]:
        """What every page shows: computed once for the round (the fingerprint hashes
        every input's hash, so per page it made the report quadratic)."""
        if self._common is None:
            self._common = self._make_common()
        return self._common

    def _make_common(self) -> dict[str, Any]:
        scheme = self.scheme
        summary = self.t_whole("summary")
        return {
            "district": self.t_whole("district"),
            "lang": self.lang,
            "html_lang": "zh-CN" if self.lang == "zh" else "en",
            "t": self.t,
            "label": self.heading,
            "unit_heading": self.heading("community"),
            "group_heading": self.heading("street"),
            "summary_title": summary,
            "back": self.t("back", summary=summary),
            "title": self.round.title_in(self.lang) or self.rr.title or self.rr.round_name,
            "scheme_title": tr(scheme.head.title, self.lang),
            "scheme_id": scheme.id,
            "scheme_version": scheme.version,
            "levels": self.levels,
            "none_level": self.none,
            "stage_labels": self.stage_labels,
            "measure": ZH_MEASURE if self.lang == "zh" else "",
            "footer": self.t(
                "footer",
                version=__version__,
                scheme=scheme.id,
                scheme_version=scheme.version,
                fp=_fingerprint(self.rr.hashes),
            ),
            "generated": self.t("generated", time=self.time) if self.time else None,
        }

    # -- summary ---------------------------------------------------------------

    def _cards(self, results: Iterable[CommunityResult]) -> list[tuple[LevelView, int]]:
        counts = {lv.key: 0 for lv in [*self.levels, self.none]}
        for res in results:
            counts[self.level_of(res).key] += 1
        return [(lv, counts[lv.key]) for lv in self.levels] + [(self.none, counts["none"])]

    def _stats(self, results: Sequence[CommunityResult]) -> str:
        totals = [F(r.total) for r in results]
        if not totals:
            return ""
        return self.t(
            "stats",
            mean=self.num(sum(totals, F(0)) / len(totals)),
            top=self.num(max(totals)),
            low=self.num(min(totals)),
        )

    def _lead(self, results: Sequence[CommunityResult]) -> tuple[list[Any], str, str]:
        """The cards, the count per level as a sentence, and the lead line."""
        cards = self._cards(results)
        vetoed = sum(1 for r in results if r.vetoes)
        sentence = self._sentence(cards, vetoed)
        lead = self.t("lead", count=self.n_units(len(results)), sentence=sentence)
        return cards, sentence, lead

    def summary(self) -> dict[str, Any]:
        rr = self.rr
        cards, sentence, lead = self._lead(rr.results)
        streets = self._streets()
        edges, bins = self._bins(rr.results)
        return {
            **self.common(),
            "n": len(rr.results),
            "cards": cards,
            "sentence": sentence,
            "lead": lead,
            "stats": self._stats(rr.results),
            "streets": streets,
            "street_chart": _markup(self._street_chart(streets)),
            "bins": bins,
            "histogram": _markup(self._histogram(edges, bins)),
            "thresholds": self._thresholds(),
            "all_levels": [*self.levels, self.none],
            **self._ranking(),
            "lost_title": self.t_whole("lost"),
            "lost": self._lost(),
            "decisions": self._decisions(),
            "agreement": self._agreement(),
        }

    def _thresholds(self) -> list[dict[str, Any]]:
        return [
            {"level": lv, "min_total": lv.min_total}
            for lv, src in zip(self.levels, self.rr.levels, strict=True)
            if src.min_total > 0
        ]

    def _ranking(self) -> dict[str, Any]:
        """The ranked table of the summary: every row up to SUMMARY_ROWS, else the first
        and the last SUMMARY_EDGE rows, the whole ranking being in RANKING_CSV beside it;
        and a note when not every community has a page."""
        rows, n = self.rows, len(self.rows)
        cut = None
        if n > SUMMARY_ROWS:
            cut = self.t("rows_cut", all=f"{n:,}", edge=f"{SUMMARY_EDGE:,}", csv=RANKING_CSV)
            rows = [*rows[:SUMMARY_EDGE], *rows[-SUMMARY_EDGE:]]
        pages = None
        if self.paged is not None:
            pages = self.t("pages_note", pages=f"{len(self.paged):,}", all=f"{n:,}")
        return {"rows": rows, "rows_cut": cut, "cut_after": SUMMARY_EDGE, "pages_note": pages}

    def _agreement(self) -> dict[str, Any] | None:
        from star_rating.engine.agreement import agreement

        data = agreement(self.scheme, self.rr, self._stage_points())
        if not data["stages"]:
            return None
        stages = list(data["stages"])
        alpha = data["alpha"] or {}

        def cell(stats: dict[str, Any]) -> str:
            if stats["mad"] is None:
                return "—"
            return f"{stats['mad']:.2f} / {stats['exact'] * 100:.0f}%"

        def alpha_text(value: float | None) -> str:
            return "—" if value is None else f"{value:.2f}"

        rows = [
            {
                "name": tr(dim.name, self.lang),
                "cells": [cell(data["stages"][s]["dimensions"][dim.id]) for s in stages],
                "alpha": alpha_text((alpha.get("dimensions") or {}).get(dim.id)),
            }
            for dim in self.scheme.dimensions
        ]
        rows.append(
            {
                "name": self.t("total_row"),
                "cells": [cell(data["stages"][s]["total"]) for s in stages],
                "alpha": alpha_text(alpha.get("total")),
            }
        )
        ref = self.scheme.stage_label(data["reference"], self.lang)
        return {
            "note": self.t("agreement_note", ref=ref),
            "stages": [self.scheme.stage_label(s, self.lang) for s in stages],
            "rows": rows,
        }

    def _sentence(self, cards: list[tuple[LevelView, int]], vetoed: int) -> str:
        parts = []
        for lv, count in cards:
            if lv.index is None:
                if count and vetoed:
                    parts.append(self.t("without_level_vetoed", n=count, vetoed=vetoed))
                elif count:
                    parts.append(self.t("without_level", n=count))
                continue
            if not count:
                continue
            if not isinstance(lv.stars, int) and 0 < lv.stars <= 9:
                name = self.t("stars_short", stars=str(lv.stars))
            elif 0 < lv.stars <= 9:
                name = self.t("stars_short", stars=_digit(lv.stars))
            else:
                name = lv.name
            parts.append(self.t("count_level", name=name, n=count))
        return self.t("list_sep").join(parts)

    def _streets(self) -> list[dict[str, Any]]:
        """Stars per group, groups in register order; each with its page."""
        out = []
        for s in self.groups:
            counts = self._cards(self.rr.results[i] for i in self.members[s])
            out.append(
                {
                    "street": s,
                    "name": self.group_name(s),
                    "href": self.group_href(s),
                    "counts": [c for _, c in counts],
                    "total": len(self.members[s]),
                }
            )
        return out

    def _street_chart(self, streets: list[dict[str, Any]]) -> str:
        series = [
            charts.Series(lv.short, lv.color, [float(s["counts"][i]) for s in streets])
            for i, lv in enumerate([*self.levels, self.none])
        ]
        return charts.stacked_bars(
            [s["street"] or "—" for s in streets],
            series,
            title=self.t("by_street"),
            ident="streets",
            width=CHART_WIDTH,
        )

    def _bin_edges(self) -> tuple[Fraction, Fraction, int]:
        """The histogram's lowest edge, bin width and number of bins, over the whole
        round (a group's page uses the same bins, so the pages compare)."""
        if self._edges is None:
            width = _bin_width(F(self.scheme.head.scale))
            totals = [F(r.total) for r in self.rr.results]
            marks = [F(lv.min_total) for lv in self.rr.levels if lv.min_total > 0]
            if not totals:
                self._edges = (F(0), width, 0)
            else:
                lo = math.floor(min(totals + marks) / width) * width
                hi = (math.floor(max(totals) / width) + 1) * width
                if marks:
                    hi = max(hi, math.ceil(max(marks) / width) * width)
                self._edges = (F(lo), width, int((hi - lo) / width))
        return self._edges

    def _bins(
        self, results: Sequence[CommunityResult]
    ) -> tuple[list[Fraction], list[dict[str, Any]]]:
        lo, width, count = self._bin_edges()
        if not count:
            return [F(0), width], []
        edges = [lo + width * i for i in range(count + 1)]
        keys = [lv.key for lv in [*self.levels, self.none]]
        bins = [
            {
                "lo": pts(edges[i]),
                "hi": pts(edges[i + 1]),
                "counts": dict.fromkeys(keys, 0),
            }
            for i in range(count)
        ]
        for res in results:
            i = min(int((F(res.total) - lo) // width), count - 1)
            bins[i]["counts"][self.level_of(res).key] += 1
        for b in bins:
            b["total"] = sum(b["counts"].values())
            b["list"] = [b["counts"][k] for k in keys]
        return edges, bins

    def _histogram(self, edges: list[Fraction], bins: list[dict[str, Any]]) -> str:
        all_levels = [*self.levels, self.none]
        series = [
            charts.Series(lv.short, lv.color, [float(b["counts"][lv.key]) for b in bins])
            for lv in all_levels
        ]
        thresholds = [
            charts.Threshold(
                float(lv.min_total),
                f"{self.levels[i].short} ≥{pts(lv.min_total)}",
                _darker(self.levels[i].color),
            )
            for i, lv in enumerate(self.rr.levels)
            if lv.min_total > 0
        ]
        return charts.histogram(
            [float(e) for e in edges],
            series,
            thresholds,
            title=self.t("histogram"),
            x_label=self.t("total_axis"),
            y_label=self.t("count_axis"),
            ident="totals",
            width=CHART_WIDTH,
        )

    # -- group pages ---------------------------------------------------------------

    def group(self, street: str) -> dict[str, Any]:
        """A group's (street's) page: its units in rank order, the stars they have, the
        spread of their totals, links to the units' pages that exist."""
        index = self.members[street]
        results = [self.rr.results[i] for i in index]
        rows = [
            {"place": place, "row": self.rows[i], "href": _up(self.rows[i].href)}
            for place, i in enumerate(index, 1)
        ]
        n = len(rows)
        cut = None
        if n > SUMMARY_ROWS:
            cut = self.t("group_rows_cut", all=f"{n:,}", edge=f"{SUMMARY_EDGE:,}", csv=RANKING_CSV)
            rows = [*rows[:SUMMARY_EDGE], *rows[-SUMMARY_EDGE:]]
        cards, sentence, lead = self._lead(results)
        edges, bins = self._bins(results)
        return {
            **self.common(),
            "street": street,
            "name": self.group_name(street),
            "index_href": f"../index.{self.ext}",
            "n": n,
            "cards": cards,
            "sentence": sentence,
            "lead": lead,
            "stats": self._stats(results),
            "bins": bins,
            "histogram": _markup(self._histogram(edges, bins)),
            "thresholds": self._thresholds(),
            "all_levels": [*self.levels, self.none],
            "rows": rows,
            "rows_cut": cut,
        }

    def _stage_points(self) -> list[Any]:
        """Every stage's points of every indicator (read once, for the points-lost
        table and the agreement)."""
        if self._stage_cells is None:
            from star_rating.engine.columns import stage_cells

            assert self.rr.columns is not None
            self._stage_cells = stage_cells(self.scheme, self.rr.columns)
        return self._stage_cells

    def _lost(self, top: int = 10) -> list[dict[str, Any]]:
        from star_rating.engine.columns import combined_columns

        scheme = self.scheme
        out = []
        assert self.rr.columns is not None
        # per indicator, every community's points over its combined stages
        combined = combined_columns(self.rr.columns, self._stage_points())  # scheme order
        for dim in scheme.dimensions:
            for ind in dim.indicators:
                full = F(ind.max)
                points, given = next(combined)
                values = points[given]
                applicable = len(values)
                got = values.total()
                lost = full * applicable - got
                below = int(values.lt(full).sum())
                if not applicable or not lost:
                    continue
                out.append(
                    {
                        "id": ind.id,
                        "text": tr(ind.text, self.lang),
                        "dimension": self.dim_names[dim.id],
                        "max": pts(full),
                        "avg": str(round_exact(got / applicable, 2, "half-up")),
                        "lost": str(round_exact(lost, 1, "half-up")),
                        "rate": _fmt_pct(lost / (full * applicable)),
                        "below": below,
                        "_lost": lost,
                    }
                )
        out.sort(key=lambda d: (-d["_lost"], d["id"]))
        return out[:top]

    def _decisions(self) -> list[dict[str, Any]]:
        """Vetoes first, then quota decisions, then flags; each in rank order."""
        vetoes: list[dict[str, Any]] = []
        quotas: list[dict[str, Any]] = [self._decision(None, m) for m in self.rr.quota_notes]
        flags: list[dict[str, Any]] = []
        for res, row in zip(self.rr.results, self.rows, strict=True):
            if res.vetoes:  # only then is a veto among the reasons
                vetoes += [self._decision(row, m) for m in res.reasons if m.code == "veto"]
            if res.quota_note is not None:
                quotas.append(self._decision(row, res.quota_note))
            flags += [self._decision(row, m) for m in res.flags]
        return vetoes + quotas + flags

    def _decision(self, row: Row | None, m: Msg) -> dict[str, Any]:
        return {"row": row, "kind": self._kind(m), "code": m.code, "text": m.text(self.lang)}

    def _kind(self, m: Msg) -> str:
        key = f"kind_{m.code}"
        return self.t(key) if f"report.{key}" in MESSAGES else m.code

    # -- community pages ---------------------------------------------------------

    def community(self, res: CommunityResult, row: Row) -> dict[str, Any]:
        scheme = self.scheme
        present = list(res.stages)
        first, last = present[0], present[-1]
        lang = self.lang
        shares = []
        for d in scheme.dimensions:
            full = F(d.full)
            shares.append(
                {
                    "name": self.dim_names[d.id],
                    "full": pts(full),
                    "points": self.num(res.dimensions[d.id]),
                    "combined": res.dimensions[d.id] / full,
                    "first": res.stages[first].dimensions[d.id] / full,
                    "last": res.stages[last].dimensions[d.id] / full,
                }
            )
        for s in shares:
            for k in ("combined", "first", "last"):
                s[k + "_pct"] = _fmt_pct(s[k])
        next_info = self._next(res)
        floor_level = next_info.get("level_index")
        if floor_level is None and res.level_index is not None:
            floor_level = res.level_index
        floors = []
        floor_name = None
        if floor_level is not None:
            lv = self.rr.levels[floor_level]
            values = [_floor(lv, d.id) for d in scheme.dimensions]
            if any(values):
                floor_name = scheme.level_name(lv, lang)
                floors.append(charts.Floor(floor_name, values, FLOOR_COLOUR))
        first_label = scheme.stage_label(first, lang)
        last_label = scheme.stage_label(last, lang)
        series = [
            charts.Series(
                self.t("combined"),
                SERIES_COLOURS["combined"],
                [float(s["combined"]) for s in shares],
                fill=True,
            ),
            charts.Series(
                first_label,
                SERIES_COLOURS["first"],
                [float(s["first"]) for s in shares],
                dashed=True,
            ),
        ]
        if last != first:
            series.append(
                charts.Series(
                    last_label, SERIES_COLOURS["last"], [float(s["last"]) for s in shares]
                )
            )
        radar = charts.radar(
            [s["name"] for s in shares],
            series,
            title=self.t("radar_of", name=row.name),
            floors=floors,
            ident="radar",
        )
        note_key = "radar_note" if floor_name else "radar_note_plain"
        radar_note = self.t(
            note_key,
            combined=self.t("combined"),
            first=first_label,
            last=last_label,
            floor=floor_name or "",
        )
        return {
            **self.common(),
            "row": row,
            "n": len(self.rr.results),
            "index_href": f"../index.{self.ext}",
            "street_name": self.group_name(row.street),
            "street_href": _up(row.street_href),
            "radar": _markup(radar),
            "radar_note": radar_note,
            "shares": shares,
            "first_label": first_label,
            "last_label": last_label,
            "two_stages": first != last,
            "stages": self._stage_table(res),
            "reasons": [m.text(lang) for m in res.reasons if m.code != "next_level"],
            "next": next_info,
            "flags": [m.text(lang) for m in res.flags],
            "indicators": self._indicators(res),
            "survey": self._survey(res),
            "appeals": [
                {
                    "stage": scheme.stage_label(a.stage, lang),
                    "indicator": a.indicator,
                    "before": show(a.before_raw),
                    "after": show(a.raw),
                    "reason": a.reason,
                    "decided_by": a.decided_by,
                    "date": a.date,
                }
                for a in res.appeals
            ],
            "bonus_items": [
                {"stage": scheme.stage_label(s, lang), "points": pts(b.points), "reason": b.reason}
                for s, st in res.stages.items()
                for b in st.bonus_items
            ],
        }

    def _next(self, res: CommunityResult) -> dict[str, Any]:
        levels = self.rr.levels
        idx = res.level_index
        if res.vetoes:
            return {"state": "veto", "text": self.t("vetoed_note")}
        above = (idx if idx is not None else len(levels)) - 1
        if above < 0:
            return {"state": "top", "text": self.t("top_reached")}
        name = self.scheme.level_name(levels[above], self.lang)
        checks = level_checks(self.scheme, res, above)
        failed = [c for c in checks if not c.ok]
        heading = self.t("next_for", name=name)
        if not failed:
            return {
                "state": "quota",
                "heading": heading,
                "text": self.t("held_by_quota", name=name),
                "level_index": above,
            }
        return {
            "state": "open",
            "heading": heading,
            "level_index": above,
            "checks": [
                {"ok": c.ok, "text": c.msg.text(self.lang), "short": pts(c.short)}
                for c in sorted(checks, key=lambda c: c.ok)
            ],
        }

    def _stage_table(self, res: CommunityResult) -> dict[str, Any]:
        present = list(res.stages)
        heads = [
            {
                "label": self.scheme.stage_label(s, self.lang),
                "weight": _fmt_pct(res.weights[s], 0) if s in res.weights else "—",
            }
            for s in present
        ]
        rows = []
        for d in self.scheme.dimensions:
            rows.append(
                {
                    "name": self.dim_names[d.id],
                    "max": pts(d.full),
                    "cells": [self.num(res.stages[s].dimensions[d.id]) for s in present],
                    "combined": self.num(res.dimensions[d.id]),
                }
            )
        bonus = None
        if self.scheme.head.bonus is not None:
            bonus = {
                "max": pts(self.scheme.head.bonus.cap),
                "cells": [self.num(res.stages[s].bonus) for s in present],
                "combined": self.num(res.bonus),
            }
        return {
            "heads": heads,
            "rows": rows,
            "bonus": bonus,
            "scale": pts(self.scheme.head.scale),
            "totals": [self.num(res.stages[s].total) for s in present],
            "total": self.num(res.total),
        }

    def _cell(self, full: Fraction, x: Decimal | Fraction) -> tuple[str, str]:
        """An indicator's points as shown, and whether full, zero or part of ``full``
        (the same few values on every page: each worked out once)."""
        key = (full, x)
        got = self._cells.get(key)
        if got is None:
            points = x if isinstance(x, Fraction) else F(x)
            cls = "full" if points >= full else ("zero" if points == 0 else "part")
            got = self._cells[key] = (pts(points), cls)
        return got

    def _indicators(self, res: CommunityResult) -> list[dict[str, Any]]:
        present = list(res.stages)
        index = self.combined.index
        combined_row = self.combined.row(res)
        exact = [exact_row(res.stages[s].indicators, self.combined.ind_ids) for s in present]
        appealed = [appeals_in(res.stages[s].indicators) for s in present]
        na = self.t("na")
        groups = []
        for d in self.scheme.dimensions:
            items = []
            for ind in d.indicators:
                cells = []
                full = F(ind.max)
                k = index[ind.id]
                for s, points, appeals in zip(present, exact, appealed, strict=True):
                    x = points[k]
                    if x is None:
                        cells.append({"text": na, "cls": "na", "note": ""})
                        continue
                    note = ""
                    entry = res.stages[s].indicators[ind.id].entry if appeals else None
                    if entry is not None and entry.appeal is not None:
                        a = entry.appeal
                        note = self.t(
                            "appeal_note",
                            before=show(a.before_raw),
                            after=show(a.raw),
                            reason=a.reason,
                        )
                    text, cls = self._cell(full, x)
                    cells.append({"text": text, "cls": cls, "note": note})
                combined = combined_row[k]
                fig = res.survey.get(ind.id) if isinstance(ind, SurveyIndicator) else None
                items.append(
                    {
                        "id": ind.id,
                        "text": tr(ind.text, self.lang),
                        "max": pts(ind.max),
                        "cells": cells,
                        "combined": pts(combined) if combined is not None else "—",
                        "survey": _fmt_pct(fig.rate) if fig else "",
                    }
                )
            groups.append(
                {
                    "id": d.id,
                    "name": self.dim_names[d.id],
                    "max": pts(d.max),
                    "rows": items,
                    "subtotals": [self.num(res.stages[s].dimensions_raw[d.id]) for s in present],
                    "combined": self.num(
                        sum(
                            (
                                w * res.stages[s].dimensions_raw[d.id]
                                for s, w in res.weights.items()
                            ),
                            F(0),
                        )
                    ),
                }
            )
        return groups

    def _survey(self, res: CommunityResult) -> list[dict[str, Any]]:
        out = []
        for ind_id, fig in res.survey.items():
            ind = self.scheme.indicators[ind_id]
            out.append(
                {
                    "id": ind_id,
                    "text": tr(ind.text, self.lang),
                    "valid": fig.valid,
                    "invalid": fig.invalid,
                    "min": getattr(ind, "min_responses", ""),
                    "rate": _fmt_pct(fig.rate),
                    "points": pts(fig.points),
                    "max": pts(ind.max),
                }
            )
        return out


def _up(href: str) -> str:
    """A link from the summary's folder, seen from a page one folder down."""
    return f"../{href}" if href else ""


class _Combined:
    """Each indicator's points weighted over a community's combined stages (None when
    n/a in any of them), in scheme order.  The same weights and points recur across
    communities, so each combination is worked out once."""

    MAX_CACHED = 1_000_000

    def __init__(self, scheme: Scheme):
        self.ind_ids = list(scheme.indicators)
        self.index = {i: k for k, i in enumerate(self.ind_ids)}
        self._cache: dict[tuple[Any, ...], Fraction] = {}

    def row(self, res: CommunityResult) -> list[Fraction | None]:
        weights = tuple(res.weights.values())
        rows = [exact_row(res.stages[s].indicators, self.ind_ids) for s in res.weights]
        if not rows:
            return [None] * len(self.ind_ids)
        cache = self._cache
        if len(cache) > self.MAX_CACHED:
            cache.clear()
        out: list[Fraction | None] = []
        for points in zip(*rows, strict=True):
            if None in points:
                out.append(None)
                continue
            key = (weights, points)
            got = cache.get(key)
            if got is None:
                got = cache[key] = sum(
                    (w * F(p) for w, p in zip(weights, points, strict=True)), F(0)
                )
            out.append(got)
        return out


def _floor(level: Level, dim_id: str) -> float:
    floors = [F(level.min_dimension_ratio)] if level.min_dimension_ratio is not None else []
    if dim_id in level.min_dimensions:
        floors.append(F(level.min_dimensions[dim_id]))
    return float(max(floors)) if floors else 0.0


def _bin_width(scale: Fraction) -> Fraction:
    """A round bin width giving about 20 bins over the scale (5 for 100 points)."""
    raw = scale / 20
    if raw <= 0:
        return F(1)
    mag = F(10) ** math.floor(math.log10(raw))
    for m in (F(1), F(2), F(5, 2), F(5), F(10)):
        if raw <= m * mag:
            return m * mag
    return 10 * mag  # pragma: no cover


def _darker(color: str) -> str:
    """The colour at 70% brightness, for lines and text on white."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 0.7) for c in (r, g, b)))


def _markup(svg: str) -> Any:
    """SVG from :mod:`charts` (which escapes every text itself) as safe template markup."""
    from markupsafe import Markup

    return Markup(svg)


def _now() -> str:
    from datetime import datetime

    return datetime.now().astimezone().isoformat(timespec="seconds")


# --- rendering ---------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!&$])")
_MD_LINE_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+=])(?=\s|$)")


def md_escape(value: object) -> str:
    """Text that Markdown shows as it is: specials backslash-escaped, one line."""
    s = re.sub(r"\s+", " ", str(value))
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return _MD_LINE_START.sub(lambda m: (m.group(1) or "") + "\\" + (m.group(2) or m.group(3)), s)


def _environments(template_dir: Path | None) -> tuple[jinja2.Environment, jinja2.Environment]:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        if not template_dir.is_dir():
            raise UsageError(msg("report.error.template_dir", path=display_path(template_dir)))
        loaders.append(jinja2.FileSystemLoader(str(template_dir)))
    loaders.append(jinja2.PackageLoader("star_rating", "templates"))
    loader = jinja2.ChoiceLoader(loaders)

    def html_final(v: object) -> object:
        return "" if v is None else v

    def md_final(v: object) -> object:
        if v is None:
            return ""
        if isinstance(v, Markup):
            return str(v)
        return md_escape(v)

    common: dict[str, Any] = {
        "loader": loader,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "undefined": jinja2.StrictUndefined,
    }
    # sandboxed: a template from --template-dir reaches only the data it is given,
    # never Python internals (``cycler.__init__.__globals__.os`` is refused)
    html = SandboxedEnvironment(autoescape=True, finalize=html_final, **common)
    md = SandboxedEnvironment(autoescape=False, finalize=md_final, **common)
    html.filters["md"] = md_escape
    md.filters["md"] = md_escape
    return html, md


def _render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> bytes:
    import jinja2

    try:
        text_ = env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise ReportTemplateError(msg("report.error.template_missing", name=exc.name)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ReportTemplateError(
            msg(
                "report.error.template_syntax",
                file=exc.filename or exc.name or name,
                line=exc.lineno,
                problem=verbatim(exc.message or ""),
            )
        ) from None
    except jinja2.TemplateError as exc:
        raise ReportTemplateError(
            msg("report.error.template", name=name, problem=verbatim(str(exc)))
        ) from None
    return text_.encode("utf-8")


def write_report(
    scored: Scored,
    out_dir: Path,
    fmt: str,
    lang: str,
    template_dir: Path | None = None,
    stamp: bool = False,
    progress: Progress | None = None,
    force: bool = False,
    pages: str = "auto",
    communities: Sequence[str] = (),
    streets: Sequence[str] = (),
) -> list[Path]:
    """Write the summary (``index.html``/``index.md``), one page per community
    (``communities/<id>.html``) and one per street (``streets/<name>.html``, always);
    returns the paths written: the summary, the community pages in rank order, the
    street pages in register order (and RANKING_CSV).

    ``pages``: ``auto`` writes a page for every community of a round of at most
    PAGES_AUTO communities and none for a larger one; ``all`` and ``none`` do as they
    say; ``communities`` and ``streets`` choose the communities that get pages instead.
    A summary of more than SUMMARY_ROWS communities lists the first and the last
    SUMMARY_EDGE and writes the whole ranking as RANKING_CSV beside it.

    The pages are written into a temporary folder beside ``out_dir`` that replaces it
    whole once every page is written (see :func:`star_rating.fsutil.replaced_folder`):
    a folder with files in it is replaced only with ``force``; on any error, a broken
    template, a full disk or Ctrl-C, ``out_dir`` is left as it was.

    ``progress``: where to report progress, one task per step (the summary, the
    community pages, the street pages, the whole ranking), labelled in ``lang``
    (default: a bar on stderr when it is a terminal, nothing otherwise)."""
    if fmt not in FORMATS:
        raise UsageError(msg("report.error.format", fmt=fmt))
    if lang not in LANGS:
        raise UsageError(msg("report.error.lang", lang=lang))
    html_env, md_env = _environments(template_dir)
    env = html_env if fmt == "html" else md_env
    paged = paged_communities(scored, pages, communities, streets)
    view = _View(scored, lang, fmt, stamp, paged)
    unit_pages: list[Page] = []
    for res, row in zip(view.rr.results, view.rows, strict=True):
        if paged is not None and res.community.id not in paged:
            continue
        unit_pages.append(
            (
                Path("communities") / f"{view.stems[res.community.id]}.{fmt}",
                f"community.{fmt}",
                lambda res=res, row=row: view.community(res, row),  # type: ignore[misc]
            )
        )
    group_pages: list[Page] = [
        (
            Path("streets") / f"{view.group_stems[street]}.{fmt}",
            f"street.{fmt}",
            lambda street=street: view.group(street),  # type: ignore[misc]
        )
        for street in view.groups
    ]
    steps = [
        (view.said("progress.summary"), [(Path(f"index.{fmt}"), f"index.{fmt}", view.summary)]),
        (view.said("progress.units"), unit_pages),
        (view.said("progress.groups"), group_pages),
    ]
    inputs = [*scored.round.files, *([scored.round.root] if scored.round.root else [])]
    if template_dir is not None:
        inputs.append(template_dir)
    written: list[Path] = [rel for _, pages_ in steps for rel, _, _ in pages_]
    with replaced_folder(out_dir, force, inputs) as tmp:
        (tmp / "communities").mkdir()
        (tmp / "streets").mkdir()
        with _progress(progress, lang) as bar:
            for label_, pages_ in steps:
                _render_all(env, pages_, tmp, bar, label_)
            if len(view.rr.results) > SUMMARY_ROWS:
                from star_rating.outputs.csvout import render_csv

                bar.task(view.said("progress.ranking", csv=RANKING_CSV), 1)
                ranking = render_csv(scored.scheme, scored.result, lang, vetoes=True)
                (tmp / RANKING_CSV).write_bytes(ranking)
                bar.advance()
                written.append(Path(RANKING_CSV))
    return [out_dir / rel for rel in written]


@contextmanager
def _progress(progress: Progress | None, lang: str) -> Iterator[Progress]:
    """The progress given, else a bar on stderr when it is a terminal (in ``lang``)."""
    if progress is not None:
        yield progress
        return
    from star_rating.progress import terminal_progress

    with terminal_progress(lang) as bar:
        yield bar


PAGES_AUTO = 2_000  # communities: a larger round gets its pages on request
SUMMARY_ROWS = 2_000  # rows of the summary's ranking before it lists only both ends
SUMMARY_EDGE = 1_000
RANKING_CSV = "ranking.csv"


def paged_communities(
    scored: Scored, pages: str, communities: Sequence[str], streets: Sequence[str]
) -> frozenset[str] | None:
    """The communities that get a page of their own (None: every one)."""
    results = scored.result.results
    if communities or streets:
        known = {r.community.id for r in results}
        known_streets = {r.community.street for r in results}
        unit = scored.scheme.unit_words()
        for cid in communities:
            if cid not in known:
                raise UsageError(msg("report.error.no_unit", id=cid, unit=unit))
        for street in streets:
            if street not in known_streets:
                raise UsageError(
                    msg(
                        "report.error.empty_group",
                        name=street,
                        unit=unit,
                        group=scored.scheme.group_words(),
                    )
                )
        return frozenset(
            r.community.id
            for r in results
            if r.community.id in communities or r.community.street in streets
        )
    if pages == "all" or (pages == "auto" and len(results) <= PAGES_AUTO):
        return None
    if pages in ("auto", "none"):
        return frozenset()
    raise UsageError(msg("report.error.pages", pages=pages))


def _render_all(
    env: jinja2.Environment,
    pages: list[Page],
    folder: Path,
    progress: Progress,
    label_: Msg,
) -> None:
    """Every page rendered and written into ``folder``, the folder that becomes the
    report only when all are written, so a broken template leaves no report."""
    if not pages:
        return
    progress.task(label_, len(pages))
    for rel, name, make in pages:
        write_new(folder / rel, _render(env, name, make()))
        progress.advance()
