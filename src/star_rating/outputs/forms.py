"""``star-rate template``: blank review forms for one stage and every community.

xlsx: an instructions sheet, then one protected sheet per community in the
layout :mod:`star_rating.loading.xlsxforms` reads back (yellow cells are the
only unlocked ones; every input cell has data validation).  csv: the long
review CSV with empty values.  yaml: a list of review mappings with empty
entries, each commented with what to enter.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime
from typing import Any

import yaml
from xlsxwriter.utility import xl_cell_to_rowcol

from star_rating.catalog import label, msg
from star_rating.errors import StarRateError, UsageError
from star_rating.kinds import KINDS as INDICATOR_KINDS
from star_rating.kinds.base import answers, num
from star_rating.kinds.base import form_text as t
from star_rating.loading import xlsxforms as layout
from star_rating.models.round import Community
from star_rating.models.scheme import (
    AnyIndicator,
    ChecklistIndicator,
    SurveyIndicator,
    tr,
)
from star_rating.outputs.common import group_words, heading, safe_cell, unit_words
from star_rating.outputs.xlsx import display_width, new_workbook, safe_text, sheet_name
from star_rating.scheme import Scheme

KINDS = ("xlsx", "csv", "yaml")


def render_template(
    kind: str, scheme: Scheme, communities: dict[str, Community], stage: str, lang: str
) -> bytes:
    """Blank forms for ``stage`` and every community of the register."""
    if kind == "xlsx":
        return _xlsx(scheme, communities, stage, lang)
    if kind == "csv":
        return _csv(scheme, communities, stage, lang)
    if kind == "yaml":
        return _yaml(scheme, communities, stage, lang).encode("utf-8")
    raise UsageError(msg("out.form.unknown_format", kind=kind, known=", ".join(KINDS)))


# --- words ------------------------------------------------------------------------


def what_to_enter(ind: AnyIndicator, lang: str, medium: str = "xlsx") -> str:
    """What an evaluator enters for ``ind``, in ``lang``, in a form of ``medium``."""
    return INDICATOR_KINDS[ind.kind].form_hint(ind, lang, medium)


def _methods(ind: AnyIndicator, lang: str) -> str:
    sep = label("out.sep.enum", lang)
    return sep.join(t(f"method.{m}", lang) for m in ind.methods)


def _panel_stage(scheme: Scheme, stage: str) -> bool:
    """Is ``stage`` reviewed by a panel (each review names its reviewer)?"""
    return any(s.id == stage and s.panel is not None for s in scheme.stages)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- csv and yaml -------------------------------------------------------------------


def _rows(scheme: Scheme) -> list[AnyIndicator]:
    return [i for i in scheme.indicators.values() if not isinstance(i, SurveyIndicator)]


def _csv(scheme: Scheme, communities: dict[str, Community], stage: str, lang: str) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(
        [
            "community",
            "stage",
            "indicator",
            "value",
            "reviewer",
            "note",
            "community_name",
            "max",
            "kind",
            "indicator_text",
            "what_to_enter",
        ]
    )
    indicators = _rows(scheme)
    for c in communities.values():
        for ind in indicators:
            row = [c.id, stage, ind.id, "", "", "", c.name, num(ind.max)]
            row += [t(f"kind.{ind.kind}", lang), _one_line(tr(ind.text, lang))]
            row.append(what_to_enter(ind, lang, "csv"))
            w.writerow([safe_cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def _y(value: Any) -> str:
    """A YAML flow scalar for ``value`` (quoted where YAML needs it)."""
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**9)
    return text.strip()[1:-1]


def _yaml(scheme: Scheme, communities: dict[str, Community], stage: str, lang: str) -> str:
    stage_name = scheme.stage_label(stage, lang)
    title = t("title", lang, scheme=tr(scheme.head.title, lang), stage=stage_name)
    out = [
        f"# {_one_line(title)} ({scheme.id} {scheme.version})",
        *t("yaml.head", lang, unit=unit_words(scheme)).split("\n"),
    ]
    dims = [
        (d, [i for i in d.indicators if not isinstance(i, SurveyIndicator)])
        for d in scheme.dimensions
    ]
    panel = _panel_stage(scheme, stage)
    vetoes = ", ".join(v.id for v in scheme.head.vetoes) or label("out.none", lang)
    for c in communities.values():
        out.append(f"- community: {_y(c.id)}  # {_one_line(c.name)} · {_one_line(c.street)}")
        out.append(f"  stage: {_y(stage)}  # {_one_line(stage_name)}")
        out.append("  reviewer:" + (f"  # {t('panel_note', lang)}" if panel else ""))
        out.append("  date:  # YYYY-MM-DD")
        out.append("  entries:")
        for dim, inds in dims:
            if not inds:
                continue
            out.append(f"    # {_one_line(tr(dim.name, lang))} ({dim.id}, {num(dim.max)})")
            for ind in inds:
                hint = f"{num(ind.max)} · {_one_line(tr(ind.text, lang))[:60]} · "
                hint += what_to_enter(ind, lang, "yaml")
                out.append(f"    {_y(ind.id)}:  # {_one_line(hint)}")
        out.append(f"  bonus: []  # {t('yaml.bonus', lang)}")
        out.append(f"  vetoes: []  # {t('yaml.vetoes', lang, vetoes=vetoes)}")
        out.append("  notes:")
    if not communities:
        out.append("[]")
    return "\n".join(out) + "\n"


# --- xlsx -----------------------------------------------------------------------------

COL_WIDTHS = (12, 50, 12, 7, 9, 14, 36)  # A id, B text, C entry, D max, E kind, F methods, G


def _lines(text: str, width: int) -> int:
    return sum(
        max(1, math.ceil(display_width(line) / max(1, width - 1))) for line in text.split("\n")
    )


class _Formats:
    def __init__(self, wb: Any):
        base = {"valign": "top", "text_wrap": True, "border": 1, "border_color": "#BFBFBF"}
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.mark = wb.add_format({"font_color": "#A6A6A6", "font_size": 8})
        self.label = wb.add_format({"bold": True, "align": "right"})
        self.fixed = wb.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        self.input = wb.add_format(
            {"locked": False, "bg_color": "#FFF2CC", "border": 1, "valign": "top"}
        )
        self.input_wrap = wb.add_format(
            {
                "locked": False,
                "bg_color": "#FFF2CC",
                "border": 1,
                "valign": "top",
                "text_wrap": True,
            }
        )
        self.input_date = wb.add_format(
            {
                "locked": False,
                "bg_color": "#FFF2CC",
                "border": 1,
                "num_format": "yyyy-mm-dd",
                "align": "left",
            }
        )
        self.header = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7"})
        self.section = wb.add_format({**base, "bold": True, "bg_color": "#E2EFDA"})
        self.cell = wb.add_format(base)
        self.item = wb.add_format({**base, "indent": 1})
        self.number = wb.add_format({**base, "num_format": "0.##", "align": "center"})
        self.blocked = wb.add_format({**base, "bg_color": "#D9D9D9", "align": "center"})
        self.link = wb.add_format({"font_color": "#0563C1", "underline": 1})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.bold = wb.add_format({"bold": True})


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _validation(
    ws: Any, row: int, col: int, rule: dict[str, Any], prompt: str, title: str, lang: str
) -> None:
    rule = dict(rule)
    rule.update(
        {
            "input_title": _short(title, 32),
            "input_message": _short(prompt, 255),
            "error_title": _short(t("invalid", lang), 32),
            "error_message": _short(prompt, 255),
            "error_type": "stop",
            "ignore_blank": True,
        }
    )
    ws.data_validation(row, col, row, col, rule)


def _rule(ind: AnyIndicator, cell: str, lang: str) -> dict[str, Any]:
    """The data validation of an indicator's entry cell, by its kind."""
    return INDICATOR_KINDS[ind.kind].xlsx_rule(ind, cell, lang)


def _xlsx(scheme: Scheme, communities: dict[str, Community], stage: str, lang: str) -> bytes:
    buf = io.BytesIO()
    stage_name = scheme.stage_label(stage, lang)
    title = t("title", lang, scheme=tr(scheme.head.title, lang), stage=stage_name)
    wb = new_workbook(
        buf, title=title, subject=f"{scheme.id} {scheme.version} {stage}", constant_memory=False
    )
    fmt = _Formats(wb)
    taken: set[str] = set()
    guide_name = sheet_name(t("guide", lang), taken)
    names = {c.id: sheet_name(c.name or c.id, taken, fallback=c.id) for c in communities.values()}
    _guide(wb.add_worksheet(guide_name), fmt, scheme, communities, names, title, lang)
    for c in communities.values():
        _form(wb.add_worksheet(names[c.id]), fmt, scheme, c, stage, title, lang)
    wb.close()
    data = buf.getvalue()
    _readable(data, len(communities), scheme)
    return data


def _readable(data: bytes, communities: int, scheme: Scheme | None = None) -> None:
    """Refuse forms that ``score`` would refuse: the workbook just written is checked
    against the reader's own limits (file size, parts, expanded size, ratio).  The
    reader reads any number of rows a scheme needs (xlsxforms.form_rows)."""
    from star_rating.loading.limits import LIMITS

    why: Any
    if len(data) > LIMITS.max_file_bytes:
        why = msg(
            "out.form.too_big",
            size=f"{len(data) / 1048576:.1f}",
            limit=f"{LIMITS.max_file_bytes / 1048576:.0f}",
        )
    else:
        why = layout.container_problem(data)
    if why is not None:
        raise StarRateError(
            msg(
                "out.form.unreadable",
                why=why,
                n=communities,
                units=unit_words(scheme, plural=True),
                group=group_words(scheme),
            )
        )


def _example_sheet(scheme: Scheme, sheet: str | None, lang: str) -> str:
    """The sheet a guide's example names: the default scheme's example (东安社区 /
    Dong'an), else the first unit's sheet (a scheme of buildings has no 社区)."""
    if scheme.head.unit is None or sheet is None:
        return label("out.form.example_sheet", lang)
    return sheet


def _guide(
    ws: Any,
    fmt: _Formats,
    scheme: Scheme,
    communities: dict[str, Community],
    names: dict[str, str],
    title: str,
    lang: str,
) -> None:
    ws.set_column(0, 0, 4)
    ws.set_column(1, 1, 90)
    ws.write_string(0, 0, safe_text(title), fmt.title)
    ws.write_string(layout.MARK_CELL, layout.GUIDE_MARK, fmt.mark)
    ws.write_string(1, 0, safe_text(f"{scheme.id} {scheme.version}"), fmt.mark)
    row = 2
    sheet = next(iter(names.values()), None) if communities else None
    guide = [t(f"guide.{i}", lang, unit=unit_words(scheme)) for i in range(1, 7)]
    guide.append(t("guide.7", lang, sheet=_example_sheet(scheme, sheet, lang)))
    for i, line in enumerate(guide, 1):
        ws.write_number(row, 0, i)
        ws.write_string(row, 1, line, fmt.wrap)
        ws.set_row(row, 15 * _lines(line, 90))
        row += 1
    row += 1
    units = unit_words(scheme, plural=True, capitalised=True)
    ws.write_string(row, 1, t("units", lang, unit=unit_words(scheme), units=units), fmt.bold)
    row += 1
    for c in communities.values():
        sheet = names[c.id].replace("'", "''")
        ws.write_url(
            row,
            1,
            f"internal:'{sheet}'!A1",
            fmt.link,
            string=safe_text(f"{c.id}  {c.name}  {c.street}"),
        )
        row += 1
    ws.print_area(0, 0, row, 1)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.protect("", {"format_columns": True, "format_rows": True})
    ws.activate()


def _form(
    ws: Any, fmt: _Formats, scheme: Scheme, c: Community, stage: str, title: str, lang: str
) -> None:
    for col, width in enumerate(COL_WIDTHS):
        ws.set_column(col, col, width)
    ws.set_column(7, 7, 12)
    ws.merge_range(0, 0, 0, 6, safe_text(title), fmt.title)
    ws.set_row(0, 22)
    ws.write_string(layout.MARK_CELL, layout.FORM_MARK, fmt.mark)
    # community and stage: fixed cells the reader uses (B2, B3), the rest for people
    unit = unit_words(scheme, capitalised=True)
    ws.write_string(1, 0, t("id", lang, unit=unit), fmt.label)
    ws.write_string(layout.ID_CELL, safe_text(c.id), fmt.fixed)
    ws.write_string(1, 2, heading("community", lang, scheme), fmt.label)
    ws.merge_range(1, 3, 1, 6, safe_text(f"{c.name} · {c.street}"), fmt.fixed)
    ws.write_string(2, 0, t("stage", lang), fmt.label)
    ws.write_string(layout.STAGE_CELL, safe_text(stage), fmt.fixed)
    ws.write_string(2, 2, t("stage_name", lang), fmt.label)
    ws.merge_range(2, 3, 2, 6, safe_text(scheme.stage_label(stage, lang)), fmt.fixed)
    reviewer = "reviewer_panel" if _panel_stage(scheme, stage) else "reviewer"
    ws.write_string(3, 0, t(reviewer, lang), fmt.label)
    ws.write_blank(layout.REVIEWER_CELL, None, fmt.input)
    ws.write_string(3, 2, t("date", lang), fmt.label)
    date_row, date_col = xl_cell_to_rowcol(layout.DATE_CELL)
    ws.merge_range(date_row, date_col, date_row, date_col + 1, None, fmt.input_date)
    ws.data_validation(
        date_row,
        date_col,
        date_row,
        date_col + 1,
        {
            "validate": "date",
            "criteria": "between",
            "minimum": datetime(1990, 1, 1),
            "maximum": datetime(2999, 1, 1),
            "input_title": t("date", lang),
            "input_message": "YYYY-MM-DD",
        },
    )
    header_row = layout.HEADER_ROW - 1
    heads = ("h_id", "h_text", "h_value", "h_max", "h_kind", "h_methods", "h_expected")
    for col, key in enumerate(heads):
        ws.write_string(header_row, col, t(key, lang), fmt.header)
    row = header_row + 1
    for n, dim in enumerate(scheme.dimensions, 1):
        name = f"{n}. {tr(dim.name, lang)} ({dim.id}, {t('points', lang, points=num(dim.max))})"
        _section(ws, fmt, row, name)
        row += 1
        for ind in dim.indicators:
            row = _indicator(ws, fmt, ind, row, lang)
    if scheme.head.bonus is not None:
        cap = num(scheme.head.bonus.cap)
        _section(ws, fmt, row, t("bonus", lang, cap=cap))
        row += 1
        for _ in range(layout.BONUS_ROWS):
            ws.write_string(row, 0, layout.BONUS_KEY, fmt.cell)
            ws.write_blank(row, 1, None, fmt.input_wrap)
            ws.write_blank(row, 2, None, fmt.input)
            ws.write_number(row, 3, float(scheme.head.bonus.cap), fmt.number)
            ws.write_blank(row, 4, None, fmt.cell)
            ws.write_blank(row, 5, None, fmt.cell)
            ws.write_string(row, 6, t("bonus_hint", lang), fmt.cell)
            _validation(
                ws,
                row,
                2,
                {
                    "validate": "decimal",
                    "criteria": "between",
                    "minimum": 0,
                    "maximum": _plain(scheme.head.bonus.cap),
                },
                t("bonus", lang, cap=cap),
                t("bonus_hint", lang),
                lang,
            )
            row += 1
    if scheme.head.vetoes:
        _section(ws, fmt, row, t("vetoes", lang))
        row += 1
        for veto in scheme.head.vetoes:
            text = tr(veto.label, lang)
            ws.write_string(row, 0, safe_text(veto.id), fmt.cell)
            ws.write_string(row, 1, safe_text(text), fmt.cell)
            ws.write_blank(row, 2, None, fmt.input)
            for col in (3, 4, 5):
                ws.write_blank(row, col, None, fmt.cell)
            ws.write_string(row, 6, t("veto_hint", lang), fmt.cell)
            ws.set_row(row, 15 * _lines(text, COL_WIDTHS[1]))
            _validation(
                ws,
                row,
                2,
                {"validate": "list", "source": answers(None, lang)},
                t("veto_hint", lang),
                veto.id,
                lang,
            )
            row += 1
    ws.write_string(row, 0, _notes_key(scheme, lang), fmt.cell)
    ws.merge_range(row, 1, row, 6, None, fmt.input_wrap)
    ws.set_row(row, 60)
    ws.write_string(row + 1, 1, t("notes", lang), fmt.mark)
    last = row + 1
    ws.freeze_panes(layout.HEADER_ROW, 0)
    ws.repeat_rows(header_row)
    ws.print_area(0, 0, last, 6)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.protect("", {"format_columns": True, "format_rows": True})


def _notes_key(scheme: Scheme, lang: str) -> str:
    """Column A of the notes row: 备注 / Notes, which the reader knows; the raw key
    where the scheme has an indicator or a veto of that name."""
    key = label("out.form.notes_key", lang)
    if key in scheme.indicators or key in scheme.veto_ids:
        return layout.NOTES_KEY
    return key


def _plain(x: Any) -> int | float:
    """A Decimal as a spreadsheet number: 2 rather than 2.0."""
    return int(x) if x == x.to_integral_value() else float(x)


def _section(ws: Any, fmt: _Formats, row: int, text: str) -> None:
    """A section heading: column A stays empty, so the reader passes over it."""
    ws.write_blank(row, 0, None, fmt.section)
    ws.merge_range(row, 1, row, 6, safe_text(text), fmt.section)


def _indicator(ws: Any, fmt: _Formats, ind: AnyIndicator, row: int, lang: str) -> int:
    text = tr(ind.text, lang)
    hint = what_to_enter(ind, lang)
    cell = f"C{row + 1}"
    ws.write_string(row, 0, safe_text(ind.id), fmt.cell)
    ws.write_string(row, 1, safe_text(text), fmt.cell)
    ws.write_number(row, 3, float(ind.max), fmt.number)
    ws.write_string(row, 4, t(f"kind.{ind.kind}", lang), fmt.cell)
    ws.write_string(row, 5, _methods(ind, lang), fmt.cell)
    ws.write_string(row, 6, safe_text(hint), fmt.cell)
    ws.set_row(row, 15 * max(_lines(text, COL_WIDTHS[1]), _lines(hint, COL_WIDTHS[6])))
    if isinstance(ind, SurveyIndicator) or (
        isinstance(ind, ChecklistIndicator) and not ind.allow_na
    ):
        ws.write_blank(row, 2, None, fmt.blocked)  # survey: from surveys/; checklist: rows below
    else:
        ws.write_blank(row, 2, None, fmt.input)
        _validation(ws, row, 2, _rule(ind, cell, lang), hint, ind.id, lang)
    row += 1
    if isinstance(ind, ChecklistIndicator):
        for item in ind.items:
            item_text = f"{item.id}. {tr(item.text, lang)}" if item.text else item.id
            ws.write_string(row, 0, safe_text(f"{ind.id}{layout.ITEM_SEP}{item.id}"), fmt.cell)
            ws.write_string(row, 1, safe_text(item_text), fmt.item)
            ws.write_blank(row, 2, None, fmt.input)
            ws.write_number(row, 3, float(item.points), fmt.number)
            ws.write_blank(row, 4, None, fmt.cell)
            ws.write_blank(row, 5, None, fmt.cell)
            choices = "/".join(answers(None, lang))
            ws.write_string(row, 6, choices, fmt.cell)
            ws.set_row(row, 15 * _lines(item_text, COL_WIDTHS[1]))
            _validation(
                ws,
                row,
                2,
                {"validate": "list", "source": answers(None, lang)},
                f"{choices}: {_short(tr(item.text, lang), 200)}" if item.text else choices,
                f"{ind.id} {item.id}",
                lang,
            )
            row += 1
    return row
