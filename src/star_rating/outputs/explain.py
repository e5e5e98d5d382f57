"""``explain``: the full trace of one community's result, down to the rounding."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from rich.console import Console
from rich.text import Text

from star_rating.catalog import label, render
from star_rating.engine.levels import level_checks, pts
from star_rating.engine.plan import plan_for
from star_rating.engine.rounding import show_exact
from star_rating.entries import NA, show
from star_rating.models.result import CommunityResult, RoundResult, StageScore
from star_rating.models.scheme import Dimension, SurveyIndicator, tr
from star_rating.outputs.common import level_label, star_text
from star_rating.outputs.table import (
    BOXED,
    COMPACT,
    TIGHT,
    Col,
    Layout,
    build_table,
    fit_widths,
    print_table,
)
from star_rating.scheme import Scheme


def _with_fraction(x: Fraction) -> str:
    """An exact value; one that has no finite decimal also as the fraction it is."""
    shown = show_exact(x)
    return f"{x.numerator}/{x.denominator} {shown}" if shown.startswith("≈") else shown


def t(key: str, lang: str, **kw: object) -> str:
    """The explain message ``out.explain.<key>`` in ``lang``."""
    return render(f"out.explain.{key}", lang, kw)


def _entry_cell(score: object) -> str:
    entry = getattr(score, "entry", None)
    if entry is None:
        return ""
    if entry.appeal is not None:
        return f"{show(entry.appeal.before_raw)} -> {show(entry.appeal.raw)}"
    return "n/a" if entry.value is NA else show(entry.raw)


_TableCols = tuple[list[Col], int, int]
"""A dimension's table: its columns, how many rows, and the row of the subtotal."""


def _dimension_table(
    scheme: Scheme, res: CommunityResult, dim: Dimension, present: list[str], lang: str
) -> _TableCols:
    """One dimension's indicators (id and text, max), a column group per stage: entry,
    points, line."""
    indicator = Col(t("indicator", lang), wrap=True)
    top = Col(t("max", lang), justify="right")
    cols = [indicator, top]
    stage_cols = []
    for s in present:
        trio = (
            Col(f"{scheme.stage_label(s, lang)} {t('entry', lang)}", wrap=True),
            Col(t("points", lang), justify="right"),
            Col(t("line", lang), justify="right", wrap=True, style="dim"),
        )
        stage_cols.append(trio)
        cols += trio
    for ind in dim.indicators:
        indicator.cells.append(f"{ind.id} {tr(ind.text, lang)}")
        prerequisite = ind.kind == "prerequisite"  # yes/no, no points
        top.cells.append("—" if prerequisite else pts(ind.max))
        for s, (entry, points, line) in zip(present, stage_cols, strict=True):
            sc = res.stages[s].indicators[ind.id]
            if isinstance(ind, SurveyIndicator):
                fig = res.survey.get(ind.id)
                entry.cells.append(f"{t('survey', lang)} {pts(fig.rate * 100, 2)}%" if fig else "")
                points.cells.append(show_exact(sc.points))
                line.cells.append("")
                continue
            entry.cells.append(_entry_cell(sc))
            points.cells.append("n/a" if sc.na else "—" if prerequisite else show_exact(sc.points))
            where = ""
            if sc.entry is not None:
                src = sc.entry.source
                where = src.cell or (str(src.line) if src.line is not None else "")
                if sc.entry.appeal is not None:
                    where += f" ({t('appeals', lang)} {sc.entry.appeal.source})"
            line.cells.append(where)
    indicator.cells.append(t("dimension_total", lang))
    top.cells.append(pts(dim.max))
    for s, (entry, points, line) in zip(present, stage_cols, strict=True):
        entry.cells.append("")
        points.cells.append(show_exact(res.stages[s].dimensions_raw[dim.id]))
        line.cells.append("")
    return cols, len(dim.indicators) + 1, len(dim.indicators)


def _fit_tables(tables: list[_TableCols], width: int | None) -> tuple[Layout, list[list[int]]]:
    """One look for every dimension's table, the roomiest in which all fit ``width``
    (``None``: no limit), and each table's column widths.  The indicators' text wraps
    in lines of at least 20 cells (less only when nothing else fits); entries and
    source lines get their whole width before the text gets more.  When even the
    tightest look is too wide for some table, that one has what each column needs
    and is wider than the terminal: never is a number cut."""
    tries = [(BOXED, 20), (COMPACT, 20), (TIGHT, 20), (TIGHT, 16), (TIGHT, 12)]
    for layout, least in tries:
        fitted = []
        for cols, _, _ in tables:
            cols[0] = replace(cols[0], least=min(cols[0].want, least))
            widths = fit_widths(cols, width, layout, [*range(2, len(cols)), 0, 1])
            if widths is None:
                break
            fitted.append(widths)
        else:
            return layout, fitted
    order = [*range(2, len(tables[0][0])), 0, 1] if tables else []
    return TIGHT, [
        fit_widths(cols, width, TIGHT, order) or [c.need for c in cols] for cols, _, _ in tables
    ]


def render_explain(
    scheme: Scheme,
    rr: RoundResult,
    res: CommunityResult,
    lang: str,
    console: Console,
    wide: bool = False,
) -> None:
    """The trace, as wide as ``console`` (``wide``: the tables as wide as they need).

    Numbers, entries' words and source lines are never cut: the tables are laid out
    ruled, or in a more compact look when that does not fit, with the indicators' text
    wrapped; when the console is too narrow even for that, the tables are written wider
    than it."""
    c = res.community
    stars = rr.stars(res)
    lvl = level_label(scheme, rr, res, lang) or label("out.no_level", lang)
    console.print(Text(f"{c.name} ({c.id}) · {c.street}", style="bold"))
    console.print(f"{scheme.id} {scheme.version} · {rr.title_in(lang)}")
    console.print(
        f"{label('out.level', lang)}: {lvl} {star_text(stars) if stars else ''}  "
        f"{label('out.total', lang)}: {res.total}  {label('out.rank', lang)}: {res.rank}"
        f"/{len(rr.results)}"
    )
    present = list(res.stages)
    console.print(Text(t("sources", lang), style="bold"))
    for s in present:
        st = res.stages[s]
        if s in res.panels:
            files = {
                f"{m.reviewer} {m.score.source.file}": None
                for m in res.panels[s].members
                if m.score.source is not None
            }
        else:
            files = dict.fromkeys(
                sc.entry.source.file for sc in st.indicators.values() if sc.entry is not None
            )
        console.print(f"  {scheme.stage_label(s, lang)}: {', '.join(files)}")
    tables = [_dimension_table(scheme, res, dim, present, lang) for dim in scheme.dimensions]
    layout, fitted = _fit_tables(tables, None if wide else console.width)
    for dim, (cols, rows, bold), widths in zip(scheme.dimensions, tables, fitted, strict=True):
        print_table(
            console,
            build_table(
                cols,
                widths,
                layout,
                rows,
                title=f"{tr(dim.name, lang)} ({dim.id}, {pts(dim.max)})",
                title_justify="left",
                row_styles={bold: "bold"},
            ),
        )
        for s in present:
            st = res.stages[s]
            if dim.alternatives:
                _alternatives(scheme, dim, st, lang, console)
            nas = [i for i in dim.indicators if st.indicators[i.id].na]
            if nas:
                got, applicable = _counted(dim, st)
                console.print(
                    f"  {scheme.stage_label(s, lang)}: "
                    + t(
                        "na_note",
                        lang,
                        got=show_exact(got),
                        applicable=pts(applicable),
                        full=pts(dim.max),
                        raw=_with_fraction(st.dimensions_raw[dim.id]),
                    )
                )
            if dim.weight is not None:
                console.print(
                    f"  {scheme.stage_label(s, lang)}: "
                    + t(
                        "weight_note",
                        lang,
                        raw=show_exact(st.dimensions_raw[dim.id]),
                        max=pts(dim.max),
                        weight=pts(dim.weight),
                        value=_with_fraction(st.dimensions[dim.id]),
                    )
                )
    if res.survey:
        console.print(Text(t("survey", lang), style="bold"))
        for fig in res.survey.values():
            line = t(
                "survey_line",
                lang,
                indicator=fig.indicator,
                valid=fig.valid,
                invalid=fig.invalid,
                rate=show_exact(fig.rate),
                points=show_exact(fig.points),
            )
            console.print(f"  {line}")
    if res.panels:
        _panels(scheme, res, lang, console)
    if scheme.head.bonus is not None:
        console.print(Text(t("bonus", lang), style="bold"))
        for s in present:
            st = res.stages[s]
            if s in res.panels:  # each reviewer's capped bonus, then the panel's
                each = ", ".join(
                    f"{m.reviewer} {show_exact(m.score.bonus)}" for m in res.panels[s].members
                )
                console.print(f"  {scheme.stage_label(s, lang)}: {each} -> {show_exact(st.bonus)}")
                continue
            items = "; ".join(f"+{pts(b.points)} {b.reason} [{b.source}]" for b in st.bonus_items)
            console.print(
                f"  {scheme.stage_label(s, lang)}: {show_exact(st.bonus_claimed)}"
                f"{' (' + items + ')' if items else ''} -> "
                f"min({t('bonus_cap', lang, cap=pts(scheme.head.bonus.cap))}) = "
                f"{show_exact(st.bonus)}"
            )
    _prerequisites(scheme, res, lang, console)
    console.print(Text(t("stage_totals", lang), style="bold"))
    for s in present:
        st = res.stages[s]
        parts = " + ".join(show_exact(v) for v in st.dimensions.values())
        if scheme.head.points_cap is not None and s not in res.panels:
            dims_sum = sum(st.dimensions.values(), Fraction(0))
            cap = Fraction(scheme.head.points_cap)
            console.print(
                f"  {scheme.stage_label(s, lang)}: {parts} = {show_exact(dims_sum)}; "
                + t(
                    "points_cap",
                    lang,
                    cap=pts(cap),
                    sum=show_exact(dims_sum),
                    counted=show_exact(min(cap, dims_sum)),
                )
            )
            parts = show_exact(min(cap, dims_sum))
        bonus = f" + {show_exact(st.bonus)}" if st.bonus else ""
        where = t("panel", lang) if s in res.panels else st.source
        console.print(
            f"  {scheme.stage_label(s, lang)}: {parts}{bonus} = {show_exact(st.total)}   [{where}]"
        )
    console.print(Text(t("combine", lang), style="bold"))
    terms = " + ".join(
        f"{show_exact(w)} × {show_exact(res.stages[s].total)}" for s, w in res.weights.items()
    )
    combine = t(f"combine_{scheme.head.combine}", lang)
    console.print(f"  {combine}: {terms} = {show_exact(res.total_exact)}")
    r = scheme.head.rounding
    console.print(Text(t("rounding", lang), style="bold"))
    how = t("rounding_how", lang, mode=t(f"mode_{r.mode}", lang), places=r.places)
    console.print(f"  {show_exact(res.total_exact, 8)} -> {res.total}{how}")
    console.print(Text(t("levels", lang), style="bold"))
    if res.vetoes:
        for v in res.vetoes:
            console.print(f"  ✗ {t('veto_line', lang, id=v.id, source=v.source)}", style="red")
    for i, lv in enumerate(rr.levels):
        checks = level_checks(scheme, res, i)
        ok = all(x.ok for x in checks)
        mark = "✓" if ok else "✗"
        console.print(f"  {mark} {scheme.level_name(lv, lang)}", style="green" if ok else "red")
        for chk in checks:
            console.print(f"      {'✓' if chk.ok else '✗'} {chk.msg.text(lang)}")
    console.print(Text(t("reasons", lang), style="bold"))
    for m in res.reasons:
        console.print(f"  {m.text(lang)}")
    if res.flags:
        console.print(Text(t("flags", lang), style="bold"))
        for m in res.flags:
            console.print(f"  ⚠ {m.text(lang)}", style="yellow")
    if res.appeals:
        console.print(Text(t("appeals", lang), style="bold"))
        for a in res.appeals:
            console.print(
                f"  {a.stage} {a.indicator}: {show(a.before_raw)} -> {show(a.raw)} "
                f"({a.reason}; {a.decided_by}, {a.date}) [{a.source}]"
            )


def _counted(dim: Dimension, st: StageScore) -> tuple[Fraction, Fraction]:
    """A dimension's points in one stage over what applies (each ``alternatives`` group
    counting its best member), and the max of what applies."""
    from star_rating.engine.points import best_alternatives, grouped_ids

    grouped = grouped_ids(dim)
    alone = [i for i in dim.indicators if i.id not in grouped]
    scores = st.indicators
    got = sum((scores[i.id].points for i in alone if not scores[i.id].na), Fraction(0))
    na_max = sum((Fraction(i.max) for i in alone if scores[i.id].na), Fraction(0))
    if grouped:
        maxima = {i.id: i.max for i in dim.indicators if i.id in grouped}
        best, group_na = best_alternatives(
            dim, maxima, lambda i: None if scores[i].na else scores[i].points, Fraction(0)
        )
        got += best
        na_max += Fraction(group_na)
    return got, Fraction(dim.max) - na_max


def _alternatives(
    scheme: Scheme, dim: Dimension, st: StageScore, lang: str, console: Console
) -> None:
    """Each ``alternatives`` group of a dimension in one stage: its members' points and
    the best, which counts."""
    for group in dim.alternatives:
        scores = [st.indicators[i] for i in group]
        name = " / ".join(group)
        applicable = [sc for sc in scores if not sc.na]
        if not applicable:
            line = t("alternatives_na", lang, group=name)
        else:
            best = max(applicable, key=lambda sc: sc.points)
            values = ", ".join(
                f"{sc.indicator} {'n/a' if sc.na else show_exact(sc.points)}" for sc in scores
            )
            line = t(
                "alternatives",
                lang,
                group=name,
                values=values,
                best=f"{best.indicator} {show_exact(best.points)}",
            )
        console.print(f"  {scheme.stage_label(st.stage, lang)}: {line}")


def _prerequisites(scheme: Scheme, res: CommunityResult, lang: str, console: Console) -> None:
    """Every prerequisite in the deciding stage (a panel's: each reviewer's answer) and
    the levels it gates."""
    from star_rating.engine.levels import prerequisite_met

    plans = [p for plan in plan_for(scheme).levels for p in plan.prerequisites]
    gated = {p.indicator: p.gated for p in plans}
    if not gated:
        return
    stage = res.deciding_stage
    scores = res.stages[stage].indicators
    console.print(
        Text(t("prerequisites", lang, stage=scheme.stage_label(stage, lang)), style="bold")
    )
    for ind_id, levels in gated.items():
        met = prerequisite_met(scores, ind_id)
        word = t({True: "prereq_yes", False: "prereq_no", None: "prereq_na"}[met], lang)
        text = tr(scheme.indicators[ind_id].text, lang)
        each = ""
        if stage in res.panels:
            each = (
                " ("
                + ", ".join(
                    f"{m.reviewer} {_entry_cell(m.score.indicators[ind_id])}"
                    for m in res.panels[stage].members
                )
                + ")"
            )
        mark = "✗" if met is False else "✓"
        gates = t("gates", lang, levels=getattr(levels, lang))
        console.print(f"  {mark} {ind_id} {text}: {word}{each}; {gates}")


def _panels(scheme: Scheme, res: CommunityResult, lang: str, console: Console) -> None:
    """Every panel stage: how it aggregates, each reviewer's total, which were dropped and
    why, and the stage's value."""
    console.print(Text(t("panels", lang), style="bold"))
    for s, panel in res.panels.items():
        label_ = scheme.stage_label(s, lang)
        how = render(f"panel.{panel.aggregate}.{panel.by}", lang, {"drop": panel.drop})
        n = len(panel.members)
        console.print("  " + render("panel.head", lang, {"stage": label_, "n": n, "how": how}))
        for m in panel.members:
            if m.kept is None:
                status = render("panel.counted", lang, {})
            elif m.kept:
                status = render("panel.kept", lang, {})
            else:
                status = render(f"panel.dropped.{m.dropped}", lang, {})
                ties = [o.reviewer for o in panel.members if o is not m and o.total == m.total]
                if ties:
                    tie = render("panel.tie", lang, {"others": ", ".join(ties), "total": m.total})
                    status += f"; {tie}"
            console.print(f"    {m.reviewer}: {show_exact(m.total)}  {status}  [{m.score.source}]")
        if panel.by == "total":
            kept = [m.total for m in panel.members if m.kept]
            terms = " + ".join(show_exact(x) for x in kept)
            console.print(f"    ({terms}) / {len(kept)} = {_with_fraction(panel.total)}")
            continue
        st = res.stages[s]
        for ind_id in scheme.indicators:
            values = ", ".join(
                f"{m.reviewer} {'n/a' if sc.na else show_exact(sc.points)}"
                for m in panel.members
                for sc in (m.score.indicators[ind_id],)
            )
            got = st.indicators[ind_id]
            shown = "n/a" if got.na else _with_fraction(got.points)
            console.print(f"    {ind_id}: {values} -> {shown}")
        if scheme.head.bonus is not None:
            values = ", ".join(f"{m.reviewer} {show_exact(m.score.bonus)}" for m in panel.members)
            console.print(f"    {t('bonus', lang)}: {values} -> {_with_fraction(st.bonus)}")
