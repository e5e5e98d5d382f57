"""Reading files and entry values in both languages: every problem a reader finds
(YAML, CSV, xlsx forms, values) is shown in Chinese under ``--lang zh`` or a Chinese
locale, and in today's English otherwise; a form's notes row may be headed 备注 or
Notes as well as #notes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from helpers import both, mini_scheme, write_round
from star_rating.cli import app
from star_rating.entries import EntryError, expected, parse_entry, to_number
from star_rating.errors import Collector
from star_rating.loading.csvfile import read_csv
from star_rating.loading.reviews import ReviewReader
from star_rating.loading.scheme import load_scheme
from star_rating.loading.xlsxforms import FORM_MARK, HEADER_ROW, read_forms
from star_rating.loading.yamlpos import load_text
from star_rating.models.scheme import BandsIndicator, ChecklistIndicator, ScaleIndicator

# the indicator rows of a form for the mini scheme, from row HEADER_ROW + 1 (6): a1 is
# C6, a2 C7, a3 C8 (its items a3/x C9, a3/y C10), b1 C11, b2 C12; the notes row is 13
FILLED: dict[str, Any] = {
    "a1": 6,
    "a2": "是",
    "a3": None,
    "a3/x": "是",
    "a3/y": "否",
    "b1": 0,
    "b2": 0.95,
}


def write_form(path: Path, notes: tuple[str, str] | None = None, **cells: Any) -> Path:
    """A filled district form for C1, written the way Excel saves one: ``cells`` change
    the entries of ``FILLED`` (by indicator id), ``notes`` is the notes row (A, B)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "C1社区"
    ws["H1"] = FORM_MARK
    ws["B2"] = "C1"
    ws["B3"] = "district"
    ws["B4"] = "区民政局复查组"
    ws.cell(HEADER_ROW, 1, "编号")
    ws.cell(HEADER_ROW, 3, "得分")
    rows = [*{**FILLED, **cells}.items()]
    for row, (key, value) in enumerate(rows, HEADER_ROW + 1):
        ws.cell(row, 1, key)
        ws.cell(row, 3, value)
    if notes is not None:
        ws.cell(HEADER_ROW + 1 + len(rows), 1, notes[0])
        ws.cell(HEADER_ROW + 1 + len(rows), 2, notes[1])
    wb.save(path)
    return path


def a_round(tmp_path: Path, measured_range: bool = False) -> Path:
    """The mini round for C1 (b2 a rate; with ``measured_range`` its range is 0 to 1)."""
    sch, dims = mini_scheme()
    if measured_range:
        dims[1]["indicators"][1]["range"] = [0, 1]
    return write_round(tmp_path / "round", both("C1"), scheme=(sch, dims))


def with_form(folder: Path, **cells: Any) -> Path:
    """The round with its district review given as a filled form."""
    (folder / "reviews" / "C1-district.yaml").unlink()
    write_form(folder / "reviews" / "forms.xlsx", **cells)
    return folder


def run(*args: Any, env: dict[str, str | None] | None = None) -> Any:
    """star-rate as a user runs it; a problem is never a traceback."""
    base: dict[str, str | None] = {"COLUMNS": "200", "STAR_RATE_LANG": None, "LC_ALL": None}
    result = CliRunner().invoke(app, [str(a) for a in args], env={**base, **(env or {})})
    assert "Traceback" not in result.output + result.stderr
    return result


def problems(result: Any) -> list[str]:
    """The problem lines of a run, their round folder left out."""
    text = result.stdout + result.stderr
    return [line.split("round/", 1)[1] for line in text.splitlines() if "round/" in line]


# --- through the CLI: the exact Chinese line ------------------------------------------

FULL_WIDTH_COLON_ZH = (
    "reviews/C1-self.yaml:1:10: 错误：第 1 行第 10 列有全角冒号 '：'（U+FF1A）："
    "YAML 须使用半角冒号 ':'（无法解析：第 2 行第 6 列，"
    "mapping values are not allowed in this context） [syntax]"
)
FULL_WIDTH_COLON_EN = (
    "reviews/C1-self.yaml:1:10: error: full-width colon '：' (U+FF1A) at line 1, column 10: "
    "YAML needs the ASCII colon ':' (cannot parse: mapping values are not allowed in this "
    "context at line 2, column 6) [syntax]"
)


def test_a_full_width_colon_in_yaml_is_told_in_chinese(tmp_path):
    folder = a_round(tmp_path)
    (folder / "reviews" / "C1-self.yaml").write_text("community： C1\nstage: self\n", "utf-8")
    result = run("validate", folder, "--lang", "zh")
    assert result.exit_code == 1
    assert problems(result) == [FULL_WIDTH_COLON_ZH]
    assert "star-rate validate: 未通过：1 个错误，0 个警告，共检查 1 个路径\n" in result.output
    # the same file in English, word for word as before
    assert problems(run("validate", folder, "--lang", "en")) == [FULL_WIDTH_COLON_EN]


def test_the_locale_chooses_chinese_for_score(tmp_path):
    folder = a_round(tmp_path)
    (folder / "reviews" / "C1-self.yaml").write_text("community： C1\nstage: self\n", "utf-8")
    result = run("score", folder, env={"LANG": "zh_CN.UTF-8"})
    assert result.exit_code == 1
    assert problems(result) == [FULL_WIDTH_COLON_ZH]
    assert result.stderr.endswith("star-rate: 1 个错误；未评分，也未写出任何文件\n")
    result = run("score", folder, env={"LANG": "en_US.UTF-8"})
    assert problems(result) == [FULL_WIDTH_COLON_EN]


def test_a_csv_without_a_column_is_told_in_chinese(tmp_path):
    folder = a_round(tmp_path)
    (folder / "reviews" / "more.csv").write_text("community,indicator,value\nC1,a1,5\n", "utf-8")
    expected_zh = (
        "reviews/more.csv:1: 错误：缺少列：stage（环节）；表头为：community、indicator、value "
        "[missing-column]"
    )
    assert problems(run("validate", folder, "--lang", "zh")) == [expected_zh]
    assert problems(run("score", folder, env={"LANG": "zh_CN.UTF-8"})) == [expected_zh]
    assert problems(run("validate", folder, "--lang", "en")) == [
        "reviews/more.csv:1: error: missing column stage; the header has community, indicator, "
        "value [missing-column]"
    ]


def test_a_number_with_two_readings_is_told_in_chinese(tmp_path):
    folder = with_form(a_round(tmp_path), b2="1,234")
    zh = (
        "reviews/forms.xlsx!C1社区!C12: 错误：b2：'1,234' 有两种读法：按千位分隔符读作 1234，"
        "按小数逗号读作 1.234；应为实测值（比率，如 0.9 或 90%）：请用小数点书写 [entry]"
    )
    assert problems(run("validate", folder, "--lang", "zh")) == [zh]
    assert problems(run("score", folder, env={"LANG": "zh_CN.UTF-8"})) == [zh]
    assert problems(run("validate", folder, "--lang", "en")) == [
        "reviews/forms.xlsx!C1社区!C12: error: b2: '1,234' is ambiguous: 1234 with a thousands "
        "separator, or 1.234 with a decimal comma; expected a measured value (a rate such as "
        "0.9 or 90%): write it with a decimal point [entry]"
    ]


def test_a_percentage_where_a_rate_is_asked_is_told_in_chinese(tmp_path):
    folder = with_form(a_round(tmp_path, measured_range=True), b2=91)
    zh = (
        "reviews/forms.xlsx!C1社区!C12: 错误：b2：91 高于实测值的范围 0 至 1；"
        "看起来是百分数：请填 0.91 或 91% [entry]"
    )
    assert problems(run("validate", folder, "--lang", "zh")) == [zh]
    assert problems(run("score", folder, env={"LANG": "zh_CN.UTF-8"})) == [zh]
    assert problems(run("validate", folder, "--lang", "en")) == [
        "reviews/forms.xlsx!C1社区!C12: error: b2: 91 is above the range of the measured "
        "value, 0 to 1; looks like a percentage: write 0.91 or 91% [entry]"
    ]


def test_a_bad_form_cell_is_told_in_chinese(tmp_path):
    folder = with_form(a_round(tmp_path), a1=7, a2="也许", **{"a3/y": "可能"})
    assert problems(run("validate", folder, "--lang", "zh")) == [
        "reviews/forms.xlsx!C1社区!C6: 错误：7 超过 a1 的最高分 6 [entry]",
        "reviews/forms.xlsx!C1社区!C7: 错误：a2 填写的 '也许' 不是“是”或“否”；"
        "应填“是”或“否” [entry]",
        "reviews/forms.xlsx!C1社区!C10: 错误：a3 的清单项 y 填写的 '可能' 不是“是”或“否”；"
        "应填“是”或“否” [entry]",
    ]
    assert problems(run("score", folder, env={"LANG": "zh_CN.UTF-8"}))[0] == (
        "reviews/forms.xlsx!C1社区!C6: 错误：7 超过 a1 的最高分 6 [entry]"
    )
    assert problems(run("validate", folder, "--lang", "en")) == [
        "reviews/forms.xlsx!C1社区!C6: error: 7 is above the max 6 of a1 [entry]",
        "reviews/forms.xlsx!C1社区!C7: error: '也许' is not yes/no for a2; "
        "expected yes or no (是/否) [entry]",
        "reviews/forms.xlsx!C1社区!C10: error: '可能' is not yes/no for item y of a3; "
        "expected 是 or 否 (yes or no) [entry]",
    ]


def test_a_workbook_that_is_no_xlsx_is_told_in_chinese(tmp_path):
    folder = a_round(tmp_path)
    (folder / "reviews" / "forms.xlsx").write_bytes(b"id,name\n")
    assert problems(run("validate", folder, "--lang", "zh")) == [
        "reviews/forms.xlsx: 错误：不是 xlsx 工作簿（不是 zip 压缩包）；"
        "请将表单另存为 Excel 工作簿（.xlsx） [xlsx]"
    ]


# --- the notes row ----------------------------------------------------------------


def read_notes(tmp_path: Path, heading: str) -> tuple[str | None, list[str]]:
    folder = a_round(tmp_path)
    form = write_form(tmp_path / "forms.xlsx", notes=(heading, "街道已复核"))
    col = Collector()
    reviews = read_forms(form, ReviewReader(load_scheme(folder / "scheme"), col))
    return reviews[0].notes, [p.format() for p in col.problems]


@pytest.mark.parametrize("heading", ["#notes", "备注", "Notes", " notes ", "NOTES", " 备注"])
def test_the_notes_row_is_read_under_any_of_its_headings(tmp_path, heading):
    assert read_notes(tmp_path, heading) == ("街道已复核", [])


def test_another_heading_in_column_a_is_an_unknown_indicator(tmp_path):
    notes, found = read_notes(tmp_path, "说明")
    assert notes is None
    assert found == [
        f"{tmp_path / 'forms.xlsx'}!C1社区!A13: error: unknown indicator '说明' [unknown-id]"
    ]


def test_an_indicator_named_notes_is_still_the_indicator(tmp_path):
    sch, dims = mini_scheme()
    dims[0]["indicators"][0]["id"] = "notes"
    folder = write_round(tmp_path / "round", both("C1"), scheme=(sch, dims))
    form = write_form(tmp_path / "forms.xlsx", notes=("备注", "街道已复核"))
    wb = openpyxl.load_workbook(form)
    wb.active["A6"] = "notes"  # the a1 row is the notes indicator's
    wb.save(form)
    col = Collector()
    [got] = read_forms(form, ReviewReader(load_scheme(folder / "scheme"), col))
    assert col.problems == []
    assert got.notes == "街道已复核"
    assert got.entries["notes"].value == Decimal(6)


# --- values and readers, in both languages -----------------------------------------


def test_an_entry_error_carries_its_message_in_both_languages():
    rate = BandsIndicator.model_validate(
        {
            "id": "b2",
            "text": "t",
            "kind": "bands",
            "max": 6,
            "range": [0, 1],
            "bands": [{"min": 0.9, "points": 6}, {"min": 0.5, "points": 2}],
        }
    )
    with pytest.raises(EntryError) as got:
        parse_entry(rate, "85,5")
    assert str(got.value) == (
        "b2: 85,5 (read as 85.5) is above the range of the measured value, 0 to 1; "
        "looks like a percentage: write 0.855 or 85.5%"
    )
    assert got.value.text("zh") == (
        "b2：85,5（读作 85.5） 高于实测值的范围 0 至 1；看起来是百分数：请填 0.855 或 85.5%"
    )
    assert got.value.said.key == "entry.measured.percentage"


@pytest.mark.parametrize(
    ("raw", "en", "zh"),
    [
        (
            "0x10",
            "expected a number, got '0x10' (hexadecimal, octal and binary are not read; "
            "write a decimal number)",
            "应为数字，实际为 '0x10'（不读十六进制、八进制和二进制数；请写十进制数）",
        ),
        (
            "nan",
            "expected a number, got 'nan' (not a finite number)",
            "应为数字，实际为 'nan'（不是有限数值）",
        ),
        ("1,234", None, None),
        (
            "0,500",
            "'0,500' is ambiguous: a comma followed by three digits may be a thousands "
            "separator or a decimal comma; expected bonus points: write it with a decimal point, "
            "e.g. 0.500",
            "'0,500' 有歧义：逗号后跟三位数字，既可能是千位分隔符，也可能是小数逗号；"
            "应为加分分值：请用小数点书写，如 0.500",
        ),
        (
            "91%",
            "expected bonus points, got '91%': % is only for measured values (a rate such "
            "as 91% on a bands indicator); write the number itself",
            "应为加分分值，实际为 '91%'：% 只用于实测值（如分档指标的比率 91%）；请直接填写数字",
        ),
    ],
)
def test_numbers_are_refused_in_both_languages(raw, en, zh):
    what = "bonus points" if raw in ("0,500", "91%") else "a number"
    if en is None:
        assert to_number(raw, what) == 1234
        return
    with pytest.raises(EntryError) as got:
        to_number(raw, what)
    assert (str(got.value), got.value.text("zh")) == (en, zh)


def test_what_to_enter_in_both_languages():
    scale = ScaleIndicator.model_validate(
        {"id": "a1", "text": "t", "kind": "scale", "max": 6, "step": 0.5, "allow_na": True}
    )
    checklist = ChecklistIndicator.model_validate(
        {
            "id": "a3",
            "text": "t",
            "kind": "checklist",
            "max": 2,
            "items": [{"id": "x", "points": 1}, {"id": "y", "points": 1}],
        }
    )
    assert expected(scale) == "a number from 0 to 6 in steps of 0.5 or n/a"
    assert expected(scale, "zh") == "0 至 6 之间、步长为 0.5 的数，或“不适用”"
    assert expected(checklist, "zh") == "达到的清单项，可选 x、y（如 a;b；一项都未达到填“无”）"
    with pytest.raises(EntryError) as got:
        parse_entry(checklist, "x;z")
    assert got.value.text("zh") == "a3 没有清单项 'z'；应为 x、y 中的若干项"
    with pytest.raises(EntryError) as got:
        parse_entry(scale, "")
    assert got.value.text("zh") == "a1 未填写；应填0 至 6 之间、步长为 0.5 的数，或“不适用”"


def test_yaml_and_csv_problems_in_both_languages(tmp_path):
    col = Collector()
    load_text("a:\n  b: 1\n a: 2\n", "x.yaml", col)
    load_text("a: 1\na: 2\n", "y.yaml", col)
    load_text("", "z.yaml", col)
    (tmp_path / "t.csv").write_bytes("社区,环节\n".encode("utf-16-le"))
    read_csv(tmp_path / "t.csv", col, ("community", "stage"), label="t.csv")
    (tmp_path / "e.csv").write_text("\n", "utf-8")
    read_csv(tmp_path / "e.csv", col, ("community", "stage"), label="e.csv")
    assert [p.format("zh") for p in col.problems] == [
        "x.yaml:3:2: 错误：无法解析：did not find expected key [syntax]",
        "y.yaml:2:1: 错误：重复的键 'a'（首次出现在第 1 行） [duplicate-key]",
        "z.yaml:1:1: 错误：文件为空；应为 YAML 映射 [empty]",
        "t.csv:1: 错误：是二进制数据，不是 CSV 文本文件 [encoding]",
        "e.csv:1: 错误：文件为空；应有表头行，包含：community（社区）、stage（环节） [empty]",
    ]
    assert [p.format() for p in col.problems][1:] == [
        "y.yaml:2:1: error: duplicate key 'a' (first at line 1) [duplicate-key]",
        "z.yaml:1:1: error: the file is empty; expected a YAML mapping [empty]",
        "t.csv:1: error: binary data, not a CSV text file [encoding]",
        "e.csv:1: error: empty file; expected a header row with community, stage [empty]",
    ]


def test_files_that_cannot_be_read_in_chinese(tmp_path):
    import os

    col = Collector()
    load_missing = tmp_path / "missing.csv"
    read_csv(load_missing, col, ("community",), label="missing.csv")
    read_csv(tmp_path, col, ("community",), label="folder")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    read_csv(fifo, col, ("community",), label="pipe.csv")
    assert [p.format("zh") for p in col.problems] == [
        "missing.csv: 错误：找不到文件 [io]",
        "folder: 错误：是文件夹；此处应为文件 [io]",
        "pipe.csv: 错误：是命名管道（FIFO），不是普通文件；此处应为文件 [not-a-file]",
    ]
    assert col.problems[2].message == "is a FIFO (named pipe), not a regular file; expected a file"


def test_reading_errors_cross_process_boundaries_whole():
    """A pool's worker hands its errors back pickled: they arrive with their message."""
    import pickle
    import stat

    from star_rating.loading.limits import NotRegular

    with pytest.raises(EntryError) as got:
        to_number("0x10")
    back = pickle.loads(pickle.dumps(got.value))
    assert (type(back), back.said, str(back)) == (EntryError, got.value.said, str(got.value))
    fifo = pickle.loads(pickle.dumps(NotRegular(stat.S_IFIFO)))
    assert (fifo.folder, fifo.said.text("zh")) == (
        False,
        "是命名管道（FIFO），不是普通文件；此处应为文件",
    )
