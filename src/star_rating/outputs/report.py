"""``report``: the round summary and one page per community, as HTML or Markdown.

The work is split in two: pure functions turn a :class:`~star_rating.api.Scored`
round into plain view data (labels in the chosen language, rounded figures,
SVG charts from :mod:`star_rating.outputs.charts`), and Jinja2 templates
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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rating import __version__
from star_rating.engine.levels import level_checks, pts
from star_rating.engine.rounding import round_exact
from star_rating.entries import show
from star_rating.errors import StarRateError, UsageError, display_path
from star_rating.fsutil import replaced_folder, write_new
from star_rating.i18n import LANGS
from star_rating.models.result import CommunityResult, Msg, RoundResult
from star_rating.models.scheme import Level, SurveyIndicator, tr
from star_rating.outputs import charts
from star_rating.outputs.common import Figures, dimension_names, label, star_text
from star_rating.scheme import Scheme

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

    from star_rating.api import Scored
    from star_rating.progress import Progress

F = Fraction
FORMATS = ("html", "md")

# Level colours, highest level first: warm and strong at the top, so the eye
# finds five stars first; they print legibly in greyscale too.
LEVEL_COLOURS = ("#b91c1c", "#f97316", "#fbbf24", "#84cc16", "#14b8a6", "#8b5cf6", "#ec4899")
NONE_COLOUR = "#cbd5e1"
SERIES_COLOURS = {"combined": "#1d4ed8", "first": "#9333ea", "last": "#059669"}
FLOOR_COLOUR = "#4b5563"
CHART_WIDTH = 520

ZH_DIGITS = "零一二三四五六七八九"
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

T: dict[str, dict[str, str]] = {
    "summary": {"zh": "全区汇总", "en": "District summary"},
    "n_communities": {"zh": "共 {n} 个社区", "en": "{n} communities"},
    "n_community": {"zh": "共 {n} 个社区", "en": "{n} community"},
    "scheme": {"zh": "评定方案", "en": "Scheme"},
    "levels": {"zh": "星级分布", "en": "Levels"},
    "vetoed_n": {"zh": "其中一票否决 {n} 个", "en": "{n} of them vetoed"},
    "stats": {
        "zh": "平均分 {mean}，最高 {top}，最低 {low}",
        "en": "mean {mean}, highest {top}, lowest {low}",
    },
    "by_street": {"zh": "各街道星级分布", "en": "Stars per street"},
    "histogram": {"zh": "总分分布与定级线", "en": "Totals and level thresholds"},
    "bin": {"zh": "分数段", "en": "Totals"},
    "total_axis": {"zh": "总分", "en": "Total"},
    "count_axis": {"zh": "社区数", "en": "Communities"},
    "ranking": {"zh": "全部社区排名", "en": "All communities ranked"},
    "rows_cut": {
        "zh": "共 {all} 个社区，此处列出前 {edge} 名和后 {edge} 名；"
        "完整排名见同一文件夹中的 {csv}。",
        "en": "{all} communities: the first {edge} and the last {edge} are listed here; the "
        "whole ranking is in {csv} in this folder.",
    },
    "pages_note": {
        "zh": "已为其中 {pages} 个社区生成单独页面（共 {all} 个）；"
        "report --pages all 为每个社区生成页面，--community 与 --street 选定社区。",
        "en": "{pages} of the {all} communities have a page of their own; report --pages all "
        "writes one for every community, --community and --street choose them.",
    },
    "sort_hint": {"zh": "点击表头可排序", "en": "Click a column heading to sort"},
    "lost": {"zh": "全区失分最多的指标", "en": "Indicators that lost the most points"},
    "lost_note": {
        "zh": "失分 = 满分 − 各环节加权后的指标得分，按全部社区合计；不适用项不计失分。",
        "en": "Points lost = full marks − the indicator's points weighted over the stages, "
        "summed over every community; n/a items lose nothing.",
    },
    "indicator": {"zh": "指标", "en": "Indicator"},
    "dimension": {"zh": "维度", "en": "Dimension"},
    "max": {"zh": "满分", "en": "Max"},
    "avg": {"zh": "平均得分", "en": "Average"},
    "lost_pts": {"zh": "失分合计", "en": "Points lost"},
    "lost_rate": {"zh": "失分率", "en": "Share lost"},
    "below_full": {"zh": "未得满分社区", "en": "Below full marks"},
    "decisions": {"zh": "一票否决、名额与提示", "en": "Vetoes, quotas and flags"},
    "agreement": {"zh": "各环节评分一致性", "en": "Agreement between stages"},
    "agreement_note": {
        "zh": "与{ref}相比：平均绝对差（分）/ 完全一致的社区比例；α 为 Krippendorff 一致性系数"
        "（区间尺度，全部环节，1 = 完全一致）。",
        "en": "Against the {ref}: mean absolute difference (points) / share of communities "
        "scored exactly alike; α is Krippendorff's alpha (interval, all stages; 1 = full "
        "agreement).",
    },
    "total_row": {"zh": "总分", "en": "Total"},
    "kind": {"zh": "类型", "en": "Kind"},
    "unit": {"zh": "个", "en": ""},
    "count": {"zh": "社区数", "en": "Communities"},
    "thresholds": {"zh": "定级线", "en": "Level thresholds"},
    "detail": {"zh": "说明", "en": "Detail"},
    "district": {"zh": "全区", "en": "District"},
    "nothing": {"zh": "无", "en": "None"},
    "footer": {
        "zh": "由 star-rate {version} 生成 · 方案 {scheme} {scheme_version} · 输入指纹 {fp}",
        "en": "Made with star-rate {version} · scheme {scheme} {scheme_version} · "
        "input fingerprint {fp}",
    },
    "generated": {"zh": "生成时间 {time}", "en": "Generated {time}"},
    "back": {"zh": "← 全区汇总", "en": "← District summary"},
    "rank_of": {"zh": "第 {rank} 名 / 共 {n} 个社区", "en": "Rank {rank} of {n}"},
    "radar": {"zh": "各维度得分率", "en": "Dimension shares"},
    "radar_note": {
        "zh": "{combined}与{first}、{last}对比，按各维度满分的百分比；虚线为{floor}门槛。",
        "en": "{combined} vs {first} and {last}, as a share of each maximum; "
        "the dashed outline is the floor of {floor}.",
    },
    "radar_note_plain": {
        "zh": "{combined}与{first}、{last}对比，按各维度满分的百分比。",
        "en": "{combined} vs {first} and {last}, as a share of each maximum.",
    },
    "combined": {"zh": "综合", "en": "Combined"},
    "stage_totals": {"zh": "各环节得分", "en": "Stage totals"},
    "weight": {"zh": "权重", "en": "Weight"},
    "why": {"zh": "评定结论", "en": "Why this level"},
    "next_for": {"zh": "距{name}还差", "en": "What is missing for {name}"},
    "top_reached": {"zh": "已达到最高等级。", "en": "The highest level is reached."},
    "held_by_quota": {
        "zh": "符合{name}的全部条件，但因名额、申报星级或动态管理规则定为较低等级（理由见上文）。",
        "en": "Meets every rule of {name} but is placed lower by a quota, the level applied "
        "for or a dynamic rule (the reasons above say which).",
    },
    "vetoed": {"zh": "一票否决", "en": "veto"},
    "vetoed_note": {
        "zh": "一票否决：无论得分多少，本年度不评星级。",
        "en": "Vetoed: no level this round, whatever the points.",
    },
    "flags": {"zh": "提示", "en": "Flags"},
    "indicators": {"zh": "各项指标得分", "en": "Every indicator, points per stage"},
    "survey": {"zh": "居民满意度问卷", "en": "Resident survey"},
    "valid": {"zh": "有效问卷", "en": "Valid answers"},
    "invalid": {"zh": "无效", "en": "Invalid"},
    "rate": {"zh": "满意率", "en": "Rate"},
    "points": {"zh": "得分", "en": "Points"},
    "min_responses": {"zh": "最少有效份数", "en": "Minimum"},
    "appeals": {"zh": "申诉更正", "en": "Appeals applied"},
    "stage": {"zh": "环节", "en": "Stage"},
    "before": {"zh": "原录入", "en": "Before"},
    "after": {"zh": "更正为", "en": "After"},
    "reason": {"zh": "理由", "en": "Reason"},
    "decided_by": {"zh": "决定单位", "en": "Decided by"},
    "date": {"zh": "日期", "en": "Date"},
    "bonus_items": {"zh": "加分项目", "en": "Bonus items"},
    "share": {"zh": "得分率", "en": "Share"},
    "na": {"zh": "不适用", "en": "n/a"},
    "appealed": {"zh": "经申诉更正", "en": "corrected on appeal"},
    "subtotal": {"zh": "小计", "en": "Subtotal"},
    "no_level_reached": {"zh": "未达到任何等级。", "en": "No level is reached."},
    "none_level": {"zh": "未定级", "en": "No level"},
    "without_level": {"zh": "未定级 {n} 个", "en": "{n} without a level"},
    "count_level": {"zh": "{name} {n} 个", "en": "{n} {name}"},
    "kind_veto": {"zh": "一票否决", "en": "Veto"},
    "kind_quota": {"zh": "名额", "en": "Quota"},
    "kind_quota_demotion": {"zh": "名额降级", "en": "Quota demotion"},
    "kind_quota_tie": {"zh": "同分并列", "en": "Tie at the quota"},
    "kind_self_inflation": {"zh": "自评虚高", "en": "Self-inflation"},
    "kind_stage_gap": {"zh": "评分分歧", "en": "Stage disagreement"},
    "kind_survey_sample": {"zh": "问卷样本偏少", "en": "Small survey sample"},
}


class ReportTemplateError(StarRateError):
    """A report template is missing or broken (exit 1)."""


def text(key: str, lang: str, **kw: object) -> str:
    return T[key][lang].format(**kw)


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


def _fmt_pct(x: Fraction, places: int = 1) -> str:
    return f"{round_exact(x * 100, places, 'half-up')}%"


def _safe_stems(ids: Iterable[str]) -> dict[str, str]:
    """File name stems for community ids: [A-Za-z0-9_-] only, unique without regard to case."""
    reserved = {"con", "prn", "aux", "nul"} | {
        f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)
    }
    ordered = sorted(ids, key=lambda c: (re.sub(r"[^A-Za-z0-9_-]+", "_", c) != c, c))
    used: set[str] = set()
    out: dict[str, str] = {}
    for cid in ordered:
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", cid).strip("_")[:60] or "community"
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
        return f"{lv.stars}星级" if lang == "zh" else f"{lv.stars}-star"
    return f"{ZH_DIGITS[lv.stars]}星级" if lang == "zh" else f"{lv.stars}-star"


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
        self.rows = [self._row(res) for res in self.rr.results]
        self.time = _now() if stamp else None
        self._common: dict[str, Any] | None = None

    # -- helpers ---------------------------------------------------------------

    def t(self, key: str, **kw: object) -> str:
        return text(key, self.lang, **kw)

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
        )

    def common(self) -> dict[str, Any]:
        """What every page shows: computed once for the round (the fingerprint hashes
        every input's hash, so per page it made the report quadratic)."""
        if self._common is None:
            self._common = self._make_common()
        return self._common

    def _make_common(self) -> dict[str, Any]:
        scheme = self.scheme
        return {
            "lang": self.lang,
            "html_lang": "zh-CN" if self.lang == "zh" else "en",
            "t": self.t,
            "label": lambda key: label(key, self.lang),
            "title": self.round.title_in(self.lang) or self.rr.title or self.rr.round_name,
            "scheme_title": tr(scheme.head.title, self.lang),
            "scheme_id": scheme.id,
            "scheme_version": scheme.version,
            "levels": self.levels,
            "none_level": self.none,
            "stage_labels": self.stage_labels,
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

    def summary(self) -> dict[str, Any]:
        rr = self.rr
        counts = {lv.key: 0 for lv in [*self.levels, self.none]}
        for res in rr.results:
            counts[self.level_of(res).key] += 1
        vetoed = sum(1 for r in rr.results if r.vetoes)
        cards = [(lv, counts[lv.key]) for lv in self.levels] + [(self.none, counts["none"])]
        totals = [F(r.total) for r in rr.results]
        stats = (
            self.t(
                "stats",
                mean=self.num(sum(totals, F(0)) / len(totals)),
                top=self.num(max(totals)),
                low=self.num(min(totals)),
            )
            if totals
            else ""
        )
        streets = self._streets()
        edges, bins = self._bins()
        sentence = self._sentence(cards, vetoed)
        return {
            **self.common(),
            "n": len(rr.results),
            "cards": cards,
            "sentence": sentence,
            "lead": self.t(
                "n_community" if len(rr.results) == 1 else "n_communities", n=len(rr.results)
            )
            + ("：" if self.lang == "zh" else ": ")
            + sentence,
            "stats": stats,
            "streets": streets,
            "street_chart": _markup(self._street_chart(streets)),
            "bins": bins,
            "histogram": _markup(self._histogram(edges, bins)),
            "thresholds": [
                {"level": lv, "min_total": lv.min_total}
                for lv, src in zip(self.levels, self.rr.levels, strict=True)
                if src.min_total > 0
            ],
            "all_levels": [*self.levels, self.none],
            **self._ranking(),
            "lost": self._lost(),
            "decisions": self._decisions(),
            "agreement": self._agreement(),
        }

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

        data = agreement(self.scheme, self.rr.results)
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
                if count:
                    part = self.t("without_level", n=count)
                    if vetoed:
                        part += (
                            f"（{self.t('vetoed_n', n=vetoed)}）"
                            if self.lang == "zh"
                            else f" ({self.t('vetoed_n', n=vetoed)})"
                        )
                    parts.append(part)
                continue
            if not count:
                continue
            if not isinstance(lv.stars, int) and 0 < lv.stars <= 9:
                name = f"{lv.stars}星级" if self.lang == "zh" else f"{lv.stars}-star"
            elif 0 < lv.stars <= 9:
                name = (
                    f"{ZH_DIGITS[lv.stars]}星级"
                    if self.lang == "zh"
                    else (f"{EN_DIGITS[lv.stars]}-star")
                )
            else:
                name = lv.name
            parts.append(self.t("count_level", name=name, n=count))
        return ("、" if self.lang == "zh" else ", ").join(parts)

    def _streets(self) -> list[dict[str, Any]]:
        order: list[str] = []
        for c in self.round.communities.values():
            if c.street not in order:
                order.append(c.street)
        for res in self.rr.results:  # streets of communities not in the register order
            if res.community.street not in order:
                order.append(res.community.street)
        table = {s: {lv.key: 0 for lv in [*self.levels, self.none]} for s in order}
        for res in self.rr.results:
            table[res.community.street][self.level_of(res).key] += 1
        return [
            {
                "street": s,
                "counts": [table[s][lv.key] for lv in [*self.levels, self.none]],
                "total": sum(table[s].values()),
            }
            for s in order
            if sum(table[s].values())
        ]

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

    def _bins(self) -> tuple[list[Fraction], list[dict[str, Any]]]:
        scale = F(self.scheme.head.scale)
        width = _bin_width(scale)
        totals = [F(r.total) for r in self.rr.results]
        marks = [F(lv.min_total) for lv in self.rr.levels if lv.min_total > 0]
        if not totals:
            return [F(0), width], []
        lo = math.floor(min(totals + marks) / width) * width
        hi = (math.floor(max(totals) / width) + 1) * width
        if marks:
            hi = max(hi, math.ceil(max(marks) / width) * width)
        count = int((hi - lo) / width)
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
        for res in self.rr.results:
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

    def _lost(self, top: int = 10) -> list[dict[str, Any]]:
        scheme = self.scheme
        out = []
        for dim in scheme.dimensions:
            for ind in dim.indicators:
                full = F(ind.max)
                lost = F(0)
                got = F(0)
                applicable = 0
                below = 0
                for res in self.rr.results:
                    combined = _combined_points(res, ind.id)
                    if combined is None:
                        continue
                    applicable += 1
                    got += combined
                    lost += full - combined
                    below += combined < full
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
            vetoes += [self._decision(row, m) for m in res.reasons if m.code == "veto"]
            if res.quota_note is not None:
                quotas.append(self._decision(row, res.quota_note))
            flags += [self._decision(row, m) for m in res.flags]
        return vetoes + quotas + flags

    def _decision(self, row: Row | None, m: Msg) -> dict[str, Any]:
        return {"row": row, "kind": self._kind(m), "code": m.code, "text": m.text(self.lang)}

    def _kind(self, m: Msg) -> str:
        key = f"kind_{m.code}"
        return self.t(key) if key in T else m.code

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
            title=f"{self.t('radar')}: {row.name}",
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

    def _indicators(self, res: CommunityResult) -> list[dict[str, Any]]:
        present = list(res.stages)
        groups = []
        for d in self.scheme.dimensions:
            items = []
            for ind in d.indicators:
                cells = []
                full = F(ind.max)
                for s in present:
                    sc = res.stages[s].indicators[ind.id]
                    if sc.na:
                        cells.append({"text": self.t("na"), "cls": "na", "note": ""})
                        continue
                    note = ""
                    if sc.entry is not None and sc.entry.appeal is not None:
                        a = sc.entry.appeal
                        note = (
                            f"{self.t('appealed')}: {show(a.before_raw)} → {show(a.raw)} "
                            f"({a.reason})"
                        )
                    points = sc.points  # made from the entry on each read: read once
                    cls = "full" if points >= full else ("zero" if points == 0 else "part")
                    cells.append({"text": pts(points), "cls": cls, "note": note})
                combined = _combined_points(res, ind.id)
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


def _combined_points(res: CommunityResult, ind_id: str) -> Fraction | None:
    """The indicator's points weighted over the combined stages; None when n/a anywhere."""
    total = F(0)
    for s, w in res.weights.items():
        sc = res.stages[s].indicators[ind_id]
        if sc.na:
            return None
        total += w * sc.points
    return total


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
            raise UsageError(f"--template-dir {display_path(template_dir)} is not a folder")
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
        raise ReportTemplateError(f"report template {exc.name!r} not found") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ReportTemplateError(
            f"report template {exc.filename or exc.name}:{exc.lineno}: {exc.message}"
        ) from None
    except jinja2.TemplateError as exc:
        raise ReportTemplateError(f"report template {name}: {exc}") from None
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
    """Write the summary (``index.html``/``index.md``) and one page per community
    (``communities/<id>.html``); returns the paths written, summary first.

    ``pages``: ``auto`` writes a page for every community of a round of at most
    PAGES_AUTO communities and none for a larger one; ``all`` and ``none`` do as they
    say; ``communities`` and ``streets`` choose the communities that get pages instead.
    A summary of more than SUMMARY_ROWS communities lists the first and the last
    SUMMARY_EDGE and writes the whole ranking as RANKING_CSV beside it.

    The pages are written into a temporary folder beside ``out_dir`` that replaces it
    whole once every page is written (see :func:`star_rating.fsutil.replaced_folder`):
    a folder with files in it is replaced only with ``force``; on any error, a broken
    template, a full disk or Ctrl-C, ``out_dir`` is left as it was.

    ``progress``: where to report rendering progress (default: a bar on stderr when it
    is a terminal, nothing otherwise)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; expected html or md")
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}; expected zh or en")
    html_env, md_env = _environments(template_dir)
    env = html_env if fmt == "html" else md_env
    paged = paged_communities(scored, pages, communities, streets)
    view = _View(scored, lang, fmt, stamp, paged)
    written: list[tuple[Path, str, Callable[[], dict[str, Any]]]] = [
        (Path(f"index.{fmt}"), f"index.{fmt}", view.summary)
    ]
    for res, row in zip(view.rr.results, view.rows, strict=True):
        if paged is not None and res.community.id not in paged:
            continue
        written.append(
            (
                Path("communities") / f"{view.stems[res.community.id]}.{fmt}",
                f"community.{fmt}",
                lambda res=res, row=row: view.community(res, row),  # type: ignore[misc]
            )
        )
    inputs = [*scored.round.files, *([scored.round.root] if scored.round.root else [])]
    if template_dir is not None:
        inputs.append(template_dir)
    extra: list[Path] = []
    with replaced_folder(out_dir, force, inputs) as tmp:
        (tmp / "communities").mkdir()
        if progress is None:
            from star_rating.progress import terminal_progress

            with terminal_progress() as bar:
                _render_all(env, written, tmp, bar)
        else:
            _render_all(env, written, tmp, progress)
        if len(view.rr.results) > SUMMARY_ROWS:
            from star_rating.outputs.csvout import render_csv

            ranking = render_csv(scored.scheme, scored.result, lang, vetoes=True)
            (tmp / RANKING_CSV).write_bytes(ranking)
            extra.append(Path(RANKING_CSV))
    return [out_dir / rel for rel, _, _ in written] + [out_dir / rel for rel in extra]


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
        for cid in communities:
            if cid not in known:
                raise UsageError(f"--community {cid!r}: no such community in this round")
        for street in streets:
            if street not in known_streets:
                raise UsageError(f"--street {street!r}: no community of this round is in it")
        return frozenset(
            r.community.id
            for r in results
            if r.community.id in communities or r.community.street in streets
        )
    if pages == "all" or (pages == "auto" and len(results) <= PAGES_AUTO):
        return None
    if pages in ("auto", "none"):
        return frozenset()
    raise UsageError(f"unknown --pages {pages!r}; expected auto, all or none")


def _render_all(
    env: jinja2.Environment,
    pages: list[tuple[Path, str, Callable[[], dict[str, Any]]]],
    folder: Path,
    progress: Progress,
) -> None:
    """Every page rendered and written into ``folder``, the folder that becomes the
    report only when all are written, so a broken template leaves no report."""
    progress.task("report", len(pages))
    for rel, name, make in pages:
        write_new(folder / rel, _render(env, name, make()))
        progress.advance()
