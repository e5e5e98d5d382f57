"""Terminal tables fit the terminal: numbers, ids, names and stars are never cut.

The width is pinned with ``COLUMNS`` (rich reads it; the CLI's console honours it when
stdout is not a terminal, as under CliRunner)."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from typing import Any

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from helpers import ROOT
from star_rating import api
from star_rating.cli import app
from star_rating.outputs.table import BOXED, Col, fit_widths, wrap_text

SAMPLE = ROOT / "samples" / "changan-2022"
runner = CliRunner()
NUMBER = re.compile(r"≈?\d+(?:\.\d+)?%?")


def run(columns: int, *args: str) -> str:
    result = runner.invoke(
        app, [str(a) for a in args], env={"COLUMNS": str(columns), "STAR_RATE_LANG": "en"}
    )
    assert result.exit_code == 0, (result.output, result.stderr)
    assert "Traceback" not in result.output
    return result.stdout


@cache
def sample_json(lang: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(200, "score", SAMPLE, "--format", "json", "--lang", lang))
    return data


def stars_shown(res: dict[str, Any], lang: str) -> str:
    if res["vetoes"]:
        return "✗ " + ("一票否决" if lang == "zh" else "veto")
    return "★" * res["stars"] if res["stars"] else "—"


def row_of(out: str, cid: str) -> str:
    """The first line of a community's row: the one with its id whole."""
    rows = [line for line in out.splitlines() if re.search(rf"(?<![\w-]){cid}(?![\w-])", line)]
    assert len(rows) == 1, (cid, rows)
    return rows[0]


def whole(text: str, line: str) -> bool:
    """``text`` is in ``line`` as a cell of its own (not part of a longer number)."""
    return re.search(rf"(?<![\w.★]){re.escape(text)}(?![\w.★…])", line) is not None


def assert_rows_whole(out: str, lang: str, names: bool = True) -> None:
    assert "…" not in out
    for res in sample_json(lang)["results"]:
        c = res["community"]
        line = row_of(out, c["id"])
        cells = [c for c in re.split(r"[\s│┃]+", line) if c]
        assert cells[0] == str(res["rank"]), line  # rank first, whole
        assert whole(f"{res['total']}", line), (res["total"], line)
        assert whole(stars_shown(res, lang), line), line
        if names:
            assert whole(c["name"], line), line


@pytest.mark.parametrize("columns", [80, 120, 200])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_score_table_fits_and_cuts_no_total_rank_id_name_or_stars(columns, lang):
    out = run(columns, "score", SAMPLE, "--lang", lang)
    assert max(cell_len(line) for line in out.splitlines()) <= columns
    assert_rows_whole(out, lang)
    note = "终端宽度不足，未显示：" if lang == "zh" else "Not shown for want of width: "
    hidden = out.split(note)[1].split("--wide")[0] if note in out else ""
    # every dimension column is shown, or the note says they are not
    head = out.split(row_of(out, sample_json(lang)["results"][0]["community"]["id"]))[0]
    assert ("D1–D9" in hidden) == ("D9" not in head), out


def test_score_at_80_columns_says_which_columns_are_left_out():
    out = run(80, "score", SAMPLE, "--lang", "en")
    assert "Not shown for want of width: Flags, stage totals, D1–D9. --wide shows every" in out, out
    zh = run(80, "score", SAMPLE, "--lang", "zh")
    assert "终端宽度不足，未显示：" in zh and "D1–D9；加 --wide 显示全部列。" in zh, zh
    assert "D1 Party" not in out  # no legend for dimensions not shown


def test_score_wide_shows_every_column_whatever_the_terminal():
    out = run(80, "score", SAMPLE, "--lang", "en", "--wide")
    header = "\n".join(out.splitlines()[:6])
    for i in range(1, 10):
        assert f"D{i}" in header, header
    for label in ("Street", "Level", "Self-assessment", "Street review", "District review"):
        assert label in header, header
    assert "Flags" in header
    assert "Not shown" not in out
    assert "D1 Party organisation building" in out  # the legend
    assert_rows_whole(out, "en")
    c027 = row_of(out, "C027")
    dims = sample_json("en")["results"]
    res = next(r for r in dims if r["community"]["id"] == "C027")
    for value in [*res["stages"].values(), *res["dimensions"].values()]:
        assert whole(f"{value}", c027), (value, c027)


def test_score_too_narrow_for_the_five_wraps_only_the_name():
    out = run(30, "score", SAMPLE, "--lang", "en")
    assert_rows_whole(out, "en", names=False)
    lines = out.splitlines()
    c030 = lines.index(row_of(out, "C030"))
    assert "和平里社 " in lines[c030] and lines[c030 + 1].strip() == "区", out  # wrapped
    note = "Not shown for want of width: Street, Level, Flags, stage totals, D1–D9."
    assert note in " ".join(out.split()), out


def explain_numbers(out: str) -> Counter[str]:
    return Counter(NUMBER.findall(out))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explain_at_100_columns_cuts_no_number(lang):
    out = run(100, "explain", SAMPLE, "C027", "--lang", lang)
    assert max(cell_len(line) for line in out.splitlines()) <= 100
    assert "…" not in out
    res = next(r for r in sample_json(lang)["results"] if r["community"]["id"] == "C027")
    n = len(sample_json(lang)["results"])
    assert whole(f"{res['total']}", out) and f"{res['rank']}/{n}" in out
    for fig in res["survey"].values():
        counts = (
            f"有效 {fig['valid']} 份，无效 {fig['invalid']} 份"
            if lang == "zh"
            else f"{fig['valid']} valid, {fig['invalid']} invalid"
        )
        assert counts in out
        assert whole(f"{fig['rate'] * 100:.2f}%", out), fig
    for reason in res["reasons"]:
        for number in NUMBER.findall(reason):
            assert whole(number, out), (number, reason)
    # every number the unbounded trace shows is also shown whole at 100 columns
    wide = run(100, "explain", SAMPLE, "C027", "--lang", lang, "--wide")
    assert explain_numbers(out) == explain_numbers(wide)
    for word in ("true", "false", "0.98", "0.76", "≈1.641509", "≈14.464286"):
        assert whole(word, out), word


def test_explain_short_entries_are_not_cut_and_text_wraps():
    out = run(100, "explain", SAMPLE, "C027", "--lang", "en")
    pb3 = next(line for line in out.splitlines() if line.startswith("pb-3"))
    assert whole("是", pb3) and whole("true", pb3) and whole("false", pb3), pb3
    # the indicator's text is wrapped, not cut: every word of it is there
    text = api.run(SAMPLE, None, None).scheme.dimensions[0].indicators[0].text.en
    assert len(text) > 100
    for word in re.split(r"\s+|(?<=[a-z]-)", text):
        assert word in out, word


def test_wrapping_keeps_numbers_and_words_whole():
    assert wrap_text("班子不全扣1分，每缺一项扣0.5分", 8) == "班子不全\n扣1分，\n每缺一项\n扣0.5分"
    assert wrap_text("Self-assessment entry", 11, header=True) == "Self-\nassessment\nentry"
    assert wrap_text("2022-09-01 self-inflation", 10) == "2022-09-01\nself-\ninflation"


def test_columns_fit_the_console_or_report_that_they_cannot():
    cols = [Col("Total", ["≈94.558625"], "right"), Col("Text", ["a b c d"], wrap=True)]
    assert fit_widths(cols, None, BOXED) == [10, 7]
    assert fit_widths(cols, 10 + 5 + BOXED.overhead(2), BOXED) == [10, 5]
    assert fit_widths(cols, 10 + 3 + BOXED.overhead(2), BOXED) is None


def test_explain_in_chinese_has_no_english_words_of_its_own():
    """Ids, file names and entries as written stay as they are; every word explain
    writes itself is Chinese under --lang zh."""
    out = run(200, "explain", SAMPLE, "C027", "--lang", "zh")
    for english in ("valid", "invalid", "rate ", "weighted", "half-up", "cap ", "veto "):
        assert english not in out, english
    assert "满意率" in out and "加权:" in out and "四舍五入" in out and "上限 5" in out


@pytest.mark.parametrize("width", [40, 100, 240])
@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("wide", [False, True])
def test_a_table_drawn_in_pieces_is_the_table_drawn_whole(monkeypatch, width, color, wide):
    """A province's table is drawn a few thousand rows at a time; the text (and its
    styles) is what one table of every row gives."""
    import io

    from rich.console import Console

    from star_rating.outputs import table

    scored = api.run(ROOT / "samples" / "changan-2022")

    def drawn(chunk: int) -> str:
        monkeypatch.setattr(table, "CHUNK", chunk)
        buf = io.StringIO()
        console = Console(
            file=buf,
            width=width,
            force_terminal=color,
            color_system="truecolor" if color else None,
        )
        table.render_table(scored.scheme, scored.result, "zh", console, wide)
        return buf.getvalue()

    whole = drawn(10**9)
    assert "C001" in whole or "东" in whole
    for chunk in (1, 7, 59):
        assert drawn(chunk) == whole
