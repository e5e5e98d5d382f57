"""The message catalog: every sentence a result carries, in Chinese and English.

Results hold messages as plain data, a key and its parameters
(:class:`~star_rating.models.result.Msg`); this module turns them into words in the
chosen language, at the edge (JSON, tables, exports, reports, explain).

A template is a ``str.format`` string whose fields may carry a style:

* ``{x}`` — ``str(x)``; a bilingual text (``{zh, en}``) in the language; a message
  rendered in the language;
* ``{x:pts}`` — a number of points: half-up to two places, trailing zeros dropped;
* ``{x:pct}`` — a share as a percentage with one decimal (``87.5%``);
* ``{x:list}`` — messages joined with the language's separator (``；`` / ``; ``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from string import Formatter
from typing import Any, Protocol

LANGS = ("zh", "en")


class Bilingual(Protocol):
    zh: str | None
    en: str | None


MESSAGES: dict[str, dict[str, str]] = {
    # --- level rules -------------------------------------------------------------
    "rule.min_total.ok": {
        "zh": "总分 {total} 达到 {need:pts}",
        "en": "total {total} reaches {need:pts}",
    },
    "rule.min_total.short": {
        "zh": "总分 {total} 低于 {need:pts}（差 {short:pts} 分）",
        "en": "total {total} is below {need:pts} ({short:pts} points short)",
    },
    "rule.floor.ok": {
        "zh": "{dimension} {have:pts}/{full:pts}（{part:pct}）达到门槛 {floor:pct}",
        "en": "{dimension} {have:pts}/{full:pts} ({part:pct}) reaches the floor of {floor:pct}",
    },
    "rule.floor.short": {
        "zh": "{dimension} {have:pts}/{full:pts}（{part:pct}）低于门槛 {floor:pct}"
        "（差 {short:pts} 分）",
        "en": "{dimension} {have:pts}/{full:pts} ({part:pct}) is below the floor of "
        "{floor:pct} ({short:pts} points short)",
    },
    "rule.all_floors": {
        "zh": "各维度均达到满分的 {floor:pct}",
        "en": "every dimension reaches {floor:pct} of its maximum",
    },
    "rule.require.na": {
        "zh": "{indicator} 在{stage}中不适用，不作要求",
        "en": "{indicator} is n/a in the {stage}; not required",
    },
    "rule.require.full.ok": {
        "zh": "{indicator} 在{stage}中得 {have:pts} 分，要求满分",
        "en": "{indicator} has {have:pts} in the {stage}; full marks required",
    },
    "rule.require.full.short": {
        "zh": "{indicator} 在{stage}中得 {have:pts} 分，要求满分，未达到",
        "en": "{indicator} has {have:pts} in the {stage}; full marks required, not met",
    },
    "rule.require.min.ok": {
        "zh": "{indicator} 在{stage}中得 {have:pts} 分，要求至少 {need:pts} 分",
        "en": "{indicator} has {have:pts} in the {stage}; at least {need:pts} required",
    },
    "rule.require.min.short": {
        "zh": "{indicator} 在{stage}中得 {have:pts} 分，要求至少 {need:pts} 分，未达到",
        "en": "{indicator} has {have:pts} in the {stage}; at least {need:pts} required, not met",
    },
    # --- reasons -----------------------------------------------------------------
    "reason.veto": {
        "zh": "一票否决：{veto}（{where}），不评星级",
        "en": "veto: {veto} ({where}); no level",
    },
    "reason.level": {
        "zh": "达到{level}的全部条件",
        "en": "meets every rule of {level}",
    },
    "reason.next_level": {
        "zh": "未达{level}：{failed:list}",
        "en": "not {level}: {failed:list}",
    },
    "reason.below_lowest": {
        "zh": "未达最低等级{level}：{failed:list}",
        "en": "below the lowest level, {level}: {failed:list}",
    },
    # --- quotas ------------------------------------------------------------------
    "quota.count": {
        "zh": "名额上限 {limit} 个",
        "en": "a quota of {limit}",
    },
    "quota.share": {
        "zh": "名额上限 {limit} 个（{share:pct} × {n}，向下取整）",
        "en": "a quota of {limit} ({share:pct} of {n}, rounded down)",
    },
    "quota.tie": {
        "zh": "{level}{quota}；第 {limit} 名处 {tied} 个社区同分 {boundary}，"
        "按并列规则共同保留，实际 {kept} 个",
        "en": "{level}: {quota}; {tied} communities tie at {boundary} on the boundary and "
        "keep the level together, so {kept} hold it",
    },
    "quota.demotion": {
        "zh": "符合{level}条件，但排名第 {rank}，超出{quota}，降为{placed}",
        "en": "qualifies for {level} but ranks {rank}, beyond {quota}; placed at {placed}",
    },
    "quota.moved": {
        "zh": "{level}{quota}：{moved} 个符合条件的社区因名额降级",
        "en": "{level}: {quota}; {moved} qualifying communities moved down",
    },
    "level.none": {
        "zh": "无星级",
        "en": "no level",
    },
    # --- dynamic rules -----------------------------------------------------------
    "dynamic.max_rise": {
        "zh": "动态管理：星级每轮最多上升 {limit} 级（上轮 {before} 星），本轮达到 {reached} 星，"
        "定为 {placed} 星",
        "en": "dynamic rule max_rise: stars rise at most {limit} per round (held {before} last "
        "round); reached {reached}, placed at {placed}",
    },
    "dynamic.demote_grace": {
        "zh": "动态管理：本轮达到 {reached} 星，低于所持 {before} 星（连续第 {below} 轮）；"
        "连续 {limit} 轮未达标才降级，暂保留 {before} 星",
        "en": "dynamic rule demote_after: reached {reached}, below the {before} stars it holds "
        "({below} round(s) in a row); keeps them until {limit} rounds in a row",
    },
    "dynamic.max_drop": {
        "zh": "动态管理：每轮最多下降 {limit} 级，由 {before} 星降为 {placed} 星"
        "（本轮达到 {reached} 星）",
        "en": "dynamic rule max_drop: falls at most {limit} per round, from {before} to "
        "{placed} stars (reached {reached})",
    },
    "dynamic.demoted": {
        "zh": "动态管理：连续 {below} 轮低于所持 {before} 星，降为 {reached} 星",
        "en": "dynamic rule demote_after: below its {before} stars for {below} rounds in a "
        "row; now {reached}",
    },
    # --- flags -------------------------------------------------------------------
    "flag.self_inflation": {
        "zh": "自评虚高：{first} {first_total:pts} 比{last} {last_total:pts} 高 {gap:pts} 分"
        "（容差 {tolerance:pts}）",
        "en": "self-inflation: {first} {first_total:pts} exceeds {last} {last_total:pts} by "
        "{gap:pts} (tolerance {tolerance:pts})",
    },
    "flag.stage_gap": {
        "zh": "评分分歧：{dimension}各环节相差 {gap:pts} 分，超过满分的 {share:pct}",
        "en": "stage disagreement: {dimension} differs by {gap:pts} between stages, over "
        "{share:pct} of its maximum",
    },
    "flag.survey_sample": {
        "zh": "问卷样本偏少：{indicator} 有效问卷 {valid} 份（建议不少于 {advised} 份）",
        "en": "small survey sample: {indicator} has {valid} valid answers "
        "(at least {advised} advised)",
    },
}

SEPARATOR = {"zh": "；", "en": "; "}


def _plain(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def pts(x: Fraction | Decimal | int, places: int = 2) -> str:
    """A number for a sentence: rounded half-up for display, trailing zeros dropped."""
    from star_rating.engine.rounding import round_exact

    if isinstance(x, int):
        return str(x)
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        return _plain(round_exact(x, places, "half-up"))
    return _plain(x.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def pct(x: Fraction | Decimal) -> str:
    """A share as a percentage with one decimal, e.g. ``87.5%``."""
    from star_rating.engine.rounding import round_ratio

    f = x if isinstance(x, Fraction) else Fraction(x)
    return _plain(round_ratio(f.numerator * 100, f.denominator, 1)) + "%"


Piece = tuple[str, str | None, str]


@cache
def _pieces(key: str, lang: str) -> tuple[Piece, ...]:
    """A template split once into (literal, field, style) pieces."""
    return tuple(
        (literal, field, spec or "")
        for literal, field, spec, _ in Formatter().parse(MESSAGES[key][lang])
    )


def _word(value: Any, lang: str) -> str:
    from star_rating.models.result import Msg

    if isinstance(value, str):
        return value
    if isinstance(value, Msg):
        return value.text(lang)
    if hasattr(value, "zh") and hasattr(value, "en"):  # a bilingual text
        first, second = (value.zh, value.en) if lang == "zh" else (value.en, value.zh)
        return str(first or second or "")
    return str(value)


def _field(value: Any, style: str, lang: str) -> str:
    if style == "pts":
        return pts(value)
    if style == "pct":
        return pct(value)
    if style == "list":
        return SEPARATOR[lang].join(_word(v, lang) for v in value)
    return _word(value, lang)


def render(key: str, lang: str, params: Mapping[str, Any]) -> str:
    """The message ``key`` in ``lang`` (zh or en) with its parameters."""
    out = []
    for literal, field, style in _pieces(key, lang if lang in LANGS else "en"):
        out.append(literal)
        if field is not None:
            out.append(_field(params[field], style, lang))
    return "".join(out)
