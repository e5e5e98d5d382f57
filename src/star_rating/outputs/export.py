"""``star-rate export``: the ranked table for publication as xlsx, csv or json.

xlsx has three sheets: the ranked table (what ``score --format csv`` holds),
every indicator's points per community and stage, and a summary (levels per
street, communities per level).  ``public=True`` is the public-notice (公示)
version: the round's title and notice period, and nothing that may not be
published (no flags, reviewer notes, appeal details, file names or hashes).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from star_rating.api import Scored
from star_rating.catalog import Msg, label, msg, render
from star_rating.engine.points import exact_row
from star_rating.errors import UsageError
from star_rating.models.result import CommunityResult
from star_rating.models.scheme import tr
from star_rating.outputs import xlsx
from star_rating.outputs.common import (
    Figures,
    group_words,
    heading,
    round_dict,
    safe_cell,
    unit_words,
)
from star_rating.outputs.csvout import has_veto_column, iter_ranked_rows, render_csv
from star_rating.outputs.xlsx import (
    Widths,
    new_workbook,
    number_format,
    safe_text,
    write_sheets,
    write_table,
)
from star_rating.progress import SILENT, Progress
from star_rating.scheme import Scheme, Words

T = TypeVar("T")

KINDS = ("xlsx", "csv", "json", "docx")


def t(key: str, lang: str, **kw: Any) -> str:
    """The export message ``out.export.<key>`` in ``lang``."""
    return render(f"out.export.{key}", lang, kw)


def vocabulary(scheme: Scheme) -> dict[str, Words]:
    """The scheme's words as message parameters: ``unit`` (社区 / community), ``units``
    (a heading's: Communities) and ``group`` (街道 / street)."""
    return {
        "unit": unit_words(scheme),
        "units": unit_words(scheme, plural=True, capitalised=True),
        "group": group_words(scheme),
    }


def render_export(
    kind: str,
    scored: Scored,
    lang: str,
    public: bool = False,
    encoding: str = "utf-8",
    indicators: str = "auto",
    notes: list[Msg | str] | None = None,
    progress: Progress = SILENT,
) -> bytes:
    """The export of a scored round as bytes (xlsx, csv, json or docx); an xlsx export
    reports each sheet's rows to ``progress`` as they are written."""
    if kind == "json":
        data = (
            public_dict(scored, lang) if public else round_dict(scored.scheme, scored.result, lang)
        )
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if kind == "csv":
        return _csv(scored, lang, public, encoding)
    if kind == "xlsx":
        return render_xlsx(scored, lang, public, indicators, notes, progress)
    if kind == "docx":
        from star_rating.outputs.docx import render_docx

        return render_docx(scored, lang, public)
    raise UsageError(msg("out.export.unknown_format", kind=kind, known=", ".join(KINDS)))


# --- public notice ---------------------------------------------------------------


def notice_lines(scored: Scored, lang: str) -> list[str]:
    """The title and notice period heading a public notice."""
    rnd = scored.round
    lines = [t("public_title", lang, title=rnd.title_in(lang))]
    if rnd.notice.get("start") and rnd.notice.get("end"):
        lines.append(t("notice", lang, start=rnd.notice["start"], end=rnd.notice["end"]))
    return lines


def _public_reasons(scheme: Scheme, res: CommunityResult, lang: str) -> list[str]:
    """Reasons without file names or flags: a veto is named by its label only."""
    hidden = {"veto", *(m.code for m in res.flags)}
    out = [m.text(lang) for m in res.reasons if m.code not in hidden]
    for v in res.vetoes:
        veto = next((x for x in scheme.head.vetoes if x.id == v.id), None)
        out.insert(0, t("veto", lang, label=tr(veto.label, lang) if veto else v.id))
    return out


#: what the public JSON keeps of each result (no flags, appeals or sources)
PUBLIC_KEYS = ("community", "stages", "dimensions", "bonus", "total", "stars", "level", "rank")


def public_dict(scored: Scored, lang: str) -> dict[str, Any]:
    """round_dict without what may not be published, with the title and notice period."""
    scheme, rr, rnd = scored.scheme, scored.result, scored.round
    full = round_dict(scheme, rr, lang)
    results = []
    for res, item in zip(rr.results, full["results"], strict=True):
        kept = {k: item[k] for k in PUBLIC_KEYS}
        kept["reasons"] = _public_reasons(scheme, res, lang)
        if "survey" in item:
            kept["survey"] = {
                k: {"rate": v["rate"], "valid": v["valid"], "points": v["points"]}
                for k, v in item["survey"].items()
            }
        results.append(kept)
    return {
        "scheme": full["scheme"],
        "round": full["round"],
        "title": rnd.title_in(lang),
        "notice": {"start": rnd.notice.get("start"), "end": rnd.notice.get("end")}
        if rnd.notice
        else None,
        "summary": full["summary"],
        "quota_notes": full["quota_notes"],
        "results": results,
    }


def _csv(scored: Scored, lang: str, public: bool, encoding: str) -> bytes:
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    table = render_csv(
        scored.scheme, scored.result, lang, encoding=codec, public=public, vetoes=True
    )
    if not public:
        return table
    head = "".join(_csv_line(line) for line in notice_lines(scored, lang)) + "\r\n"
    data = head.encode(codec, errors="replace")
    bom = b"\xef\xbb\xbf"
    if table.startswith(bom):  # one BOM, at the very start
        table = table[len(bom) :]
    return data + table


def _csv_line(text: str) -> str:
    import csv

    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerow([safe_cell(text)])
    return buf.getvalue()


# --- xlsx ----------------------------------------------------------------------


def _created(scored: Scored) -> datetime:
    """A created date fixed by the inputs: the notice start, else 1 January of the year."""
    start = scored.round.notice.get("start")
    if start:
        try:
            return datetime.strptime(str(start), "%Y-%m-%d")
        except ValueError:
            pass
    if scored.round.year:
        return datetime(scored.round.year, 1, 1)
    return datetime(2000, 1, 1)


class _Formats:
    def __init__(self, wb: Any, places: int):
        self.header = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "bottom": 1, "valign": "vcenter"}
        )
        self.header_wrap = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "bottom": 1, "valign": "top", "text_wrap": True}
        )
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.subtitle = wb.add_format({"italic": True, "font_color": "#404040"})
        self.section = wb.add_format({"bold": True, "font_size": 12})
        self.int = wb.add_format({"num_format": "0"})
        self.num = wb.add_format({"num_format": number_format(places)})
        self.pct = wb.add_format({"num_format": "0.0%"})
        self.stars = wb.add_format({"font_color": "#C55A11"})
        self.text = None


INDICATOR_CHOICES = ("auto", "all", "none")
FLAGS_WIDTH = 40  # characters: the ranking's flags wrap in a column this wide
HEADER_WIDTH = 12  # characters: a longer column name wraps rather than widen its column


def indicator_row_count(scored: Scored) -> int:
    """Rows of the Indicators sheet: one per community and indicator."""
    return len(scored.result.results) * len(scored.scheme.indicators)


def render_xlsx(
    scored: Scored,
    lang: str,
    public: bool = False,
    indicators: str = "auto",
    notes: list[Msg | str] | None = None,
    progress: Progress = SILENT,
) -> bytes:
    """The workbook.  ``indicators``: ``auto`` writes the Indicators sheet while it fits
    one Excel sheet and otherwise leaves it out, saying so in the Summary and in
    ``notes``; ``all`` writes it on as many sheets as it needs; ``none`` leaves it out."""
    scheme = scored.scheme
    fig = Figures(scheme)
    said: list[Msg] = []
    rows = indicator_row_count(scored)
    if indicators == "auto" and rows > xlsx.MAX_ROWS - 1:
        sheets = -(-rows // (xlsx.MAX_ROWS - 1))
        said.append(
            msg("out.export.left_out", rows=f"{rows:,}", sheets=sheets, **vocabulary(scheme))
        )
    buf = io.BytesIO()
    title = notice_lines(scored, lang)[0] if public else scored.round.title_in(lang)
    wb = new_workbook(
        buf, title=title, created=_created(scored), subject=f"{scheme.id} {scheme.version}"
    )
    fmt = _Formats(wb, fig.places)
    taken: set[str] = set()
    units = unit_words(scheme, plural=True)
    progress.task(msg("out.progress.ranking", units=units), len(scored.result.results))
    split = [_ranking_sheet(wb, fmt, scored, lang, public, taken, progress)]
    if indicators == "all" or (indicators == "auto" and not said):
        progress.task(msg("out.progress.indicators"), rows)
        split.append(_indicator_sheet(wb, fmt, scored, lang, taken, progress))
    said += [
        msg(
            "out.export.continued",
            first=s[0][0],
            rest=", ".join(n for n, _ in s[1:]),
            rows=f"{sum(k for _, k in s):,}",
        )
        for s in split
        if len(s) > 1
    ]
    _summary_sheet(wb, fmt, scored, lang, public, [m.text(lang) for m in said])
    progress.task(msg("out.progress.saving"), 1)
    wb.close()
    progress.advance()
    if notes is not None:
        notes += said
    return buf.getvalue()


def ranking_formats(
    fmt: _Formats, scheme: Scheme, public: bool, veto_column: bool = False
) -> list[Any]:
    """Formats of the ranked table's columns (see csvout.ranked_rows)."""
    n_dims, n_stages = len(scheme.dimensions), len(scheme.stage_ids)
    # integers need no format (General shows them whole): fewer styled cells, faster
    formats = [None, None, None, None, None, fmt.stars, None, fmt.num]
    formats += [fmt.num] * (n_dims + n_stages)
    if not public:
        formats.append(None)
    if veto_column:
        formats.append(None)
    return formats


def counted(rows: Iterable[T], progress: Progress, every: int = 1000) -> Iterator[T]:
    """The rows as they are, advancing ``progress`` once per ``every`` rows."""
    n = 0
    for row in rows:
        yield row
        n += 1
        if n == every:
            progress.advance(n)
            n = 0
    if n:
        progress.advance(n)


def _ranking_sheet(
    wb: Any,
    fmt: _Formats,
    scored: Scored,
    lang: str,
    public: bool,
    taken: set[str],
    progress: Progress = SILENT,
) -> list[tuple[str, int]]:
    scheme, rr = scored.scheme, scored.result
    rows = iter_ranked_rows(scheme, rr, lang, public, vetoes=True)  # made as written
    header = next(rows)
    first = 3 if public else 0
    lines = notice_lines(scored, lang) if public else []
    formats = ranking_formats(fmt, scheme, public, has_veto_column(rr, public, True))
    places = [Figures(scheme).places if f is fmt.num else 0 for f in formats]
    wrap: dict[int, int] = {}
    if not public:  # flags: wrapped in a readable column, not one line across the page
        flags = header.index(label("out.flags", lang))
        formats[flags] = wb.add_format({"text_wrap": True, "valign": "top"})
        wrap[flags] = FLAGS_WIDTH

    def setup(ws: Any, top: int) -> None:
        for i, line in enumerate(lines if top else []):
            ws.write_string(i, 0, safe_text(line), fmt.title if i == 0 else fmt.subtitle)
        _print_setup(ws, top)

    return write_sheets(
        wb,
        t("sheet_ranking", lang),
        header,
        counted(rows, progress),
        formats,
        fmt.header_wrap,
        places=places,
        taken=taken,
        first_row=first,
        setup=setup,
        wrap=wrap,
        header_wrap=HEADER_WIDTH,
    )


def _print_setup(ws: Any, header_row: int) -> None:
    """A4 landscape, as wide as one page, the header repeated on every page."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)


def indicator_rows(scored: Scored, lang: str) -> tuple[list[str], Iterator[list[Any]]]:
    """Every indicator's points per community and stage, in rank order (the rows are
    made as they are written: a province's round has millions)."""
    scheme, rr = scored.scheme, scored.result
    fig = Figures(scheme)
    header = [heading(k, lang, scheme) for k in ("rank", "id", "name", "street")]
    header += [t(k, lang) for k in ("dimension", "indicator", "indicator_text", "max")]
    header += [scheme.stage_label(s, lang) for s in scheme.stage_ids]
    na = t("na", lang)
    return header, _indicator_rows(scheme, rr, fig, lang, na)


def _indicator_rows(
    scheme: Scheme, rr: Any, fig: Figures, lang: str, na: str
) -> Iterator[list[Any]]:
    ind_ids = list(scheme.indicators)
    index = {i: k for k, i in enumerate(ind_ids)}
    shown: dict[Decimal | Fraction, Any] = {}  # exact points -> as shown (values repeat)

    def show(x: Decimal | Fraction) -> Any:
        got = shown.get(x)
        if got is None:
            got = shown[x] = fig.round(x if isinstance(x, Fraction) else Fraction(x))
        return got

    for res in rr.results:
        c = res.community
        exact = [
            None if st is None else exact_row(st.indicators, ind_ids)
            for st in (res.stages.get(s) for s in scheme.stage_ids)
        ]
        for dim in scheme.dimensions:
            dim_name = tr(dim.name, lang)
            for ind in dim.indicators:
                k = index[ind.id]
                row: list[Any] = [
                    res.rank,
                    c.id,
                    c.name,
                    c.street,
                    dim_name,
                    ind.id,
                    tr(ind.text, lang),
                    ind.max,
                ]
                for got in exact:
                    if got is None:
                        row.append("")
                    else:
                        x = got[k]
                        row.append(na if x is None else show(x))
                yield row


def _indicator_sheet(
    wb: Any,
    fmt: _Formats,
    scored: Scored,
    lang: str,
    taken: set[str],
    progress: Progress = SILENT,
) -> list[tuple[str, int]]:
    scheme = scored.scheme
    header, rows = indicator_rows(scored, lang)
    n_stages = len(scheme.stage_ids)
    formats = [None, None, None, None, None, None, None, fmt.num] + [fmt.num] * n_stages
    places = [0] * 7 + [Figures(scheme).places] * (1 + n_stages)

    def setup(ws: Any, top: int) -> None:
        ws.set_column(6, 6, 40)  # the standard's text: readable, not as wide as the longest
        _print_setup(ws, top)

    return write_sheets(
        wb,
        t("sheet_indicators", lang),
        header,
        counted(rows, progress),
        formats,
        fmt.header,
        places=places,
        taken=taken,
        setup=setup,
    )


def summary_tables(
    scored: Scored, lang: str
) -> tuple[tuple[list[str], list[list[Any]]], tuple[list[str], list[list[Any]]]]:
    """(communities per level, levels per street), each a header and rows."""
    scheme, rr = scored.scheme, scored.result
    fig = Figures(scheme)
    n = len(rr.results)
    names = [scheme.level_name(lv, lang) for lv in rr.levels]
    none = label("out.no_level", lang)
    words = vocabulary(scheme)
    per_level = [0] * (len(rr.levels) + 1)
    for res in rr.results:
        idx = res.level_index if res.level_index is not None else len(rr.levels)
        per_level[idx] += 1
    head1 = [
        label("out.level", lang),
        label("out.stars", lang),
        t("count", lang, **words),
        t("share", lang),
    ]
    rows1: list[list[Any]] = []
    for i, lv in enumerate(rr.levels):
        rows1.append([names[i], lv.stars, per_level[i], per_level[i] / n if n else 0])
    rows1.append([none, 0, per_level[-1], per_level[-1] / n if n else 0])
    rows1.append([t("all", lang), "", n, 1 if n else 0])

    streets: dict[str, list[CommunityResult]] = {}
    order = {cid: i for i, cid in enumerate(scored.round.communities)}
    for res in sorted(rr.results, key=lambda r: order.get(r.community.id, len(order))):
        streets.setdefault(res.community.street, []).append(res)
    head2 = [heading("street", lang, scheme), *names, none, t("all", lang), t("average", lang)]
    rows2: list[list[Any]] = []
    for street, members in streets.items():
        counts = [0] * (len(rr.levels) + 1)
        for res in members:
            counts[res.level_index if res.level_index is not None else len(rr.levels)] += 1
        avg = fig.round(sum((r.total_exact for r in members), Fraction(0)) / len(members))
        rows2.append([street, *counts, len(members), avg])
    return (head1, rows1), (head2, rows2)


def _summary_sheet(
    wb: Any, fmt: _Formats, scored: Scored, lang: str, public: bool, notes: list[str]
) -> None:
    scheme, rr = scored.scheme, scored.result
    ws = wb.add_worksheet(t("sheet_summary", lang))
    lines = notice_lines(scored, lang) if public else [scored.round.title_in(lang)]
    lines.append(t("scheme", lang, id=scheme.id, version=scheme.version))
    lines += notes
    row = 0
    for i, line in enumerate(lines):
        ws.write_string(row, 0, safe_text(line), fmt.title if i == 0 else fmt.subtitle)
        row += 1
    (head1, rows1), (head2, rows2) = summary_tables(scored, lang)
    width = max(len(head1), len(head2))
    widths = Widths(width, [0] * (width - 1) + [Figures(scheme).places])
    row += 1
    words = vocabulary(scheme)
    ws.write_string(row, 0, t("by_level", lang, **words), fmt.section)
    row += 1
    formats1 = [None, fmt.int, fmt.int, fmt.pct]
    written = write_table(
        ws,
        row,
        head1,
        rows1,
        formats1,
        fmt.header,
        freeze=False,
        autofilter=False,
        widths=widths,
    )
    row += written + 2
    ws.write_string(row, 0, t("by_group", lang, **words), fmt.section)
    row += 1
    formats2 = [None] + [fmt.int] * (len(head2) - 2) + [fmt.num]
    write_table(
        ws,
        row,
        head2,
        rows2,
        formats2,
        fmt.header,
        freeze=False,
        autofilter=False,
        widths=widths,
    )
    row += len(rows2) + 2
    for note in rr.quota_notes:
        ws.write_string(row, 0, safe_text(note.text(lang)))
        row += 1
