"""What every output shares: headings in the scheme's words, rounded figures, safe cells."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any, TextIO

from star_rating import __version__
from star_rating.catalog import MESSAGES, msg
from star_rating.catalog import label as catalog_label
from star_rating.engine.rounding import round_exact
from star_rating.models.result import CommunityResult, RoundColumns, RoundResult
from star_rating.models.scheme import StarCount, tr
from star_rating.scheme import Scheme, Words


def capital(word: str) -> str:
    """A word as a heading begins it: community → Community (Chinese unchanged)."""
    return word[:1].upper() + word[1:]


def _vocab(what: str, lang: str, scheme: Scheme | None, plural: bool = False) -> str:
    if scheme is not None:
        return scheme.unit(lang, plural) if what == "unit" else scheme.group(lang, plural)
    return catalog_label(f"vocab.{what}{'s' if plural and lang == 'en' else ''}", lang)


def unit_words(scheme: Scheme | None, plural: bool = False, capitalised: bool = False) -> Words:
    """The rated unit in both languages (社区 / community), as a message parameter."""
    zh, en = (_vocab("unit", lang, scheme, plural) for lang in ("zh", "en"))
    return Words(zh, capital(en) if capitalised else en)


def group_words(scheme: Scheme | None, plural: bool = False, capitalised: bool = False) -> Words:
    """The grouping in both languages (街道 / street), as a message parameter."""
    zh, en = (_vocab("group", lang, scheme, plural) for lang in ("zh", "en"))
    return Words(zh, capital(en) if capitalised else en)


def heading(key: str, lang: str, scheme: Scheme | None = None) -> str:
    """A column heading of the ranked table in the scheme's words: ``community`` and
    ``street`` are its unit and grouping (社区 / Community, 街道 / Street by default),
    ``name`` the unit's name (社区名称 / Name); any other key is ``out.<key>``."""
    if key == "community":
        return capital(_vocab("unit", lang, scheme))
    if key == "street":
        return capital(_vocab("group", lang, scheme))
    if key == "name":
        return msg("out.name", unit=unit_words(scheme)).text(lang)
    return catalog_label(f"out.{key}", lang)


def label(key: str, lang: str) -> str:
    """:func:`heading` in the default words (社区, 街道), for callers without a scheme."""
    return heading(key, lang)


def flag_label(code: str, lang: str) -> str:
    """A reviewers' warning as a table names it (its code when it has no short name)."""
    key = f"out.flag.{code}"
    return catalog_label(key, lang) if key in MESSAGES else code


def star_text(stars: StarCount) -> str:
    """Stars as ★, a half star as ½ (4.5: ★★★★½); none as a dash."""
    whole = int(stars)
    half = stars != whole
    if whole <= 0 and not half:
        return "—"
    return "★" * whole + ("½" if half else "")


def stars_number(stars: StarCount) -> int | float:
    """Stars as a JSON number: 4 stays 4, a half star is 4.5 (exact in binary)."""
    return stars if isinstance(stars, int) else float(stars)


class _Rounded:
    """A round's columns rounded once, in the scheme's rounding: integers in units of
    ``10**-places`` for the combined dimensions, every stage's total, the combined
    bonus and the survey points; survey rates to 4 places."""

    def __init__(self, cols: RoundColumns, places: int, mode: str):
        self.cols = cols
        self.places = places
        self.dims = cols.combined.rounded(places, mode)
        self.stages = cols.total.rounded(places, mode)
        self.bonus = cols.combined_bonus.rounded(places, mode)
        self.survey = cols.survey_points.rounded(places, mode)
        self.rate = cols.survey_rate.rounded(4, "half-up")
        self.dims_f = self._figures(self.dims, places)
        self.stages_f = self._figures(self.stages, places)
        self.bonus_f = self._figures(self.bonus, places)
        self.survey_f = self._figures(self.survey, places)
        self.rate_f = self._figures(self.rate, 4, always_float=True)

    @staticmethod
    def _figures(units: Any, places: int, always_float: bool = False) -> Any:
        """JSON numbers of the rounded values: ints without places, else the floats
        whose shortest form has the rounded digits (as float(Decimal) gives them)."""
        import numpy as np

        if places == 0 and not always_float:
            return units
        if units.dtype != object and (units.size == 0 or int(np.abs(units).max()) < 1 << 53):
            return units.astype(np.float64) / float(10**places)
        flat = [float(Decimal(int(u)).scaleb(-places)) for u in units.ravel().tolist()]
        return np.array(flat, dtype=np.float64).reshape(units.shape)

    def decimal(self, units: Any) -> Decimal:
        return Decimal(int(units)).scaleb(-self.places)


class Figures:
    """Rounded figures of a result, in the scheme's rounding (a round's columns are
    rounded all at once, on first use)."""

    MEMO = 50_000  # numbers remembered (results share most of theirs)

    def __init__(self, scheme: Scheme):
        self.places = scheme.head.rounding.places
        self.mode = scheme.head.rounding.mode
        # id of a number -> (the number, kept alive so its id stays its own; its figure)
        self._nums: dict[int, tuple[Fraction | Decimal, int | float]] = {}
        self._rounded: _Rounded | None = None

    def of(self, res: CommunityResult) -> _Rounded:
        """The rounded columns of ``res``'s round."""
        cols = res.columns
        got = self._rounded
        if got is None or got.cols is not cols:
            got = self._rounded = _Rounded(cols, self.places, self.mode)
        return got

    def dimensions(self, res: CommunityResult) -> list[Decimal]:
        """The combined dimensions, rounded, in the scheme's order."""
        got = self.of(res)
        return [got.decimal(u) for u in got.dims[res.index].tolist()]

    def stage_totals(self, res: CommunityResult) -> dict[str, Decimal]:
        """Each present stage's total, rounded."""
        got = self.of(res)
        units = got.stages[res.index].tolist()
        cols = res.columns
        present = cols.present[res.index].tolist()
        return {
            s: got.decimal(u) for s, u, on in zip(cols.stage_ids, units, present, strict=True) if on
        }

    def json_numbers(self, res: CommunityResult) -> tuple[dict[str, Any], list[Any], Any]:
        """Figures of the JSON result: per present stage its total, the combined
        dimensions in scheme order, and the combined bonus."""
        got = self.of(res)
        i = res.index
        cols = res.columns
        present = cols.present[i].tolist()
        totals = got.stages_f[i].tolist()
        stages = {s: t for s, t, on in zip(cols.stage_ids, totals, present, strict=True) if on}
        return stages, got.dims_f[i].tolist(), got.bonus_f[i].item()

    def survey_numbers(self, res: CommunityResult) -> tuple[list[Any], list[Any]]:
        """Per survey indicator the rate (4 places) and the points, as JSON figures."""
        got = self.of(res)
        return got.rate_f[res.index].tolist(), got.survey_f[res.index].tolist()

    def round(self, x: Fraction) -> Decimal:
        return round_exact(x, self.places, self.mode)

    def num(self, x: Fraction | Decimal) -> int | float:
        """A JSON number with exactly the rounded digits (no binary-float artefacts)."""
        got = self._nums.get(id(x))
        if got is not None:
            return got[1]
        d = x if isinstance(x, Decimal) else self.round(x)
        figure = int(d) if self.places == 0 else float(d)
        if len(self._nums) >= self.MEMO:
            self._nums.clear()
        self._nums[id(x)] = (x, figure)
        return figure


def level_label(scheme: Scheme, rr: RoundResult, res: CommunityResult, lang: str) -> str | None:
    if res.level_index is None:
        return None
    return scheme.level_name(rr.levels[res.level_index], lang)


def dimension_names(scheme: Scheme, lang: str) -> list[tuple[str, str]]:
    return [(d.id, tr(d.name, lang)) for d in scheme.dimensions]


def result_dict(
    scheme: Scheme, rr: RoundResult, res: CommunityResult, lang: str, fig: Figures | None = None
) -> dict[str, Any]:
    """One community's entry in the JSON output (``fig``: shared by a round's entries)."""
    fig = fig or Figures(scheme)
    stages, dims, bonus = fig.json_numbers(res)
    out: dict[str, Any] = {
        "community": res.community.as_dict(),
        "stages": stages,
        "dimensions": dict(zip(scheme.dimension_ids, dims, strict=True)),
        "bonus": bonus,
        "total": fig.num(res.total),
        "stars": stars_number(rr.stars(res)),
        "level": level_label(scheme, rr, res, lang),
        "rank": res.rank,
        "reasons": [m.text(lang) for m in res.reasons],
        "flags": [m.text(lang) for m in res.flags],
        "flag_codes": [m.code for m in res.flags],
        "vetoes": [v.id for v in res.vetoes],
        "qualified_stars": stars_number(
            rr.levels[res.qualified].stars if res.qualified is not None else 0
        ),
    }
    if rr.extra.get("applied"):  # the register has an `applied` column (申报星级)
        applied = res.community.applied
        out["applied"] = stars_number(applied) if applied is not None else None
    if res.previous_stars is not None:
        out["dynamic"] = {
            "previous_stars": stars_number(res.previous_stars),
            "below_rounds": res.below_rounds,
        }
    survey = res.survey
    if survey:
        rates, points = fig.survey_numbers(res)
        out["survey"] = {
            k: {"rate": rate, "valid": v.valid, "invalid": v.invalid, "points": p}
            for (k, v), rate, p in zip(survey.items(), rates, points, strict=True)
        }
    if res.panels:  # panel stages only: each reviewer's total and whether it counted
        out["panels"] = {
            stage: [
                {"reviewer": m.reviewer, "total": fig.num(m.total), "kept": m.kept}
                for m in panel.members
            ]
            for stage, panel in res.panels.items()
        }
    if res.appeals:
        out["appeals"] = [
            {
                "stage": a.stage,
                "indicator": a.indicator,
                "before": _plain(a.before_raw),
                "after": _plain(a.raw),
                "reason": a.reason,
                "decided_by": a.decided_by,
                "date": a.date,
            }
            for a in res.appeals
        ]
    return out


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return float(v)
    return v


def round_dict(scheme: Scheme, rr: RoundResult, lang: str, stream: bool = False) -> dict[str, Any]:
    """The round's results as the JSON output has them; ``stream``: ``results`` is an
    iterator that makes each community's entry as it is written (see write_json)."""
    fig = Figures(scheme)
    counts: dict[str, int] = {}
    for res in rr.results:
        key = str(rr.stars(res))
        counts[key] = counts.get(key, 0) + 1
    return {
        "scheme": {"id": rr.scheme_id, "version": rr.scheme_version},
        "round": rr.round_name,
        "title": rr.title_in(lang),
        "star_rate": __version__,
        "summary": {
            "communities": len(rr.results),
            "stars": dict(sorted(counts.items(), reverse=True)),
        },
        "quota_notes": [m.text(lang) for m in rr.quota_notes],
        "results": (
            (result_dict(scheme, rr, r, lang, fig) for r in rr.results)
            if stream
            else [result_dict(scheme, rr, r, lang, fig) for r in rr.results]
        ),
        "hashes": rr.hashes,
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_json(data: dict[str, Any], out: TextIO) -> None:
    """``json.dumps(data, ensure_ascii=False, indent=2)`` and a newline, written a piece
    at a time: a top-level value that is an iterator is written item by item, so a
    province's results are never all held as text or dictionaries at once."""
    import json

    from star_rating.outputs.jsontext import dumps

    streams: dict[str, Iterator[Any]] = {}
    head: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Iterator):
            mark = f"\x00{len(streams)}\x00"
            streams[json.dumps(mark)] = value
            head[key] = mark
        else:
            head[key] = value
    text = json.dumps(head, ensure_ascii=False, indent=2)
    pos = 0
    for mark, items in streams.items():
        at = text.index(mark, pos)
        out.write(text[pos:at])
        first = True
        for item in items:
            out.write("[\n    " if first else ",\n    ")
            out.write(dumps(item, 2))  # every line after the first four spaces in
            first = False
        out.write("[]" if first else "\n  ]")
        pos = at + len(mark)
    out.write(text[pos:] + "\n")
