"""The scheme's words for what it rates and how it groups them, in every output of a
round: a green-building round says 建筑 / building and 地区 / area, never 社区 /
community; the default scheme still says 社区 / community and 街道 / street."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from helpers import ROOT, both, mini_scheme, write_round
from star_rating import api
from star_rating.cli import app
from star_rating.errors import UsageError
from star_rating.outputs.export import render_export
from star_rating.outputs.forms import render_template

GREEN = ROOT / "samples" / "schemes" / "green-building" / "round"
CHANGAN = ROOT / "samples" / "changan-2022"
HOTEL = ROOT / "samples" / "schemes" / "hotel-gbt14308" / "round"
COMMUNITY = re.compile("社区|communit", re.IGNORECASE)

runner = CliRunner()


def run(*args: object, lang: str = "en") -> str:
    got = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200", "STAR_RATE_LANG": lang})
    assert got.exit_code == 0, got.output
    return got.stdout


@pytest.fixture(scope="module")
def green() -> api.Scored:
    return api.run(GREEN)


@pytest.fixture(scope="module")
def changan() -> api.Scored:
    return api.run(CHANGAN)


def xlsx_texts(data: bytes) -> list[str]:
    """Every text of a workbook: sheet names and the text of every cell."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = list(wb.sheetnames)
    for ws in wb.worksheets:
        out += [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    return out


def docx_texts(data: bytes) -> list[str]:
    doc = docx.Document(io.BytesIO(data))
    out = [p.text for p in doc.paragraphs]
    out += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return out


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


# --- a green-building round -----------------------------------------------------------


@pytest.mark.parametrize("public", [False, True], ids=["draft", "public"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_green_building_exports_name_buildings_and_areas_never_communities(green, lang, public):
    texts = xlsx_texts(render_export("xlsx", green, lang, public=public))
    texts += docx_texts(render_export("docx", green, lang, public=public))
    texts += [c for row in csv_rows(render_export("csv", green, lang, public=public)) for c in row]
    assert [t for t in texts if COMMUNITY.search(t)] == []


def test_green_building_xlsx_headings_in_chinese(green):
    wb = openpyxl.load_workbook(io.BytesIO(render_export("xlsx", green, "zh")))
    assert [c.value for c in wb["排名"][1][:4]] == ["排名", "编号", "建筑名称", "地区"]
    assert [c.value for c in wb["指标得分"][1][:4]] == ["排名", "编号", "建筑名称", "地区"]
    summary = [c for row in wb["汇总"].iter_rows(values_only=True) for c in row if c]
    assert "各等级建筑数" in summary
    assert "建筑数" in summary
    assert "各地区星级分布" in summary


def test_green_building_xlsx_headings_in_english(green):
    wb = openpyxl.load_workbook(io.BytesIO(render_export("xlsx", green, "en")))
    assert [c.value for c in wb["Ranking"][1][:4]] == ["Rank", "ID", "Name", "Area"]
    summary = [c for row in wb["Summary"].iter_rows(values_only=True) for c in row if c]
    assert "Buildings per level" in summary
    assert "Buildings" in summary
    assert "Levels per area" in summary


def test_green_building_csv_header(green):
    assert csv_rows(render_export("csv", green, "zh"))[0][:4] == [
        "排名",
        "编号",
        "建筑名称",
        "地区",
    ]
    assert csv_rows(render_export("csv", green, "en"))[0][:4] == ["Rank", "ID", "Name", "Area"]


def test_green_building_word_notice_counts_buildings(green):
    zh = docx_texts(render_export("docx", green, "zh", public=True))
    assert "本次共评定建筑4个，其中三星级1个、基本级2个、未定级1个。评定结果如下：" in zh
    table = docx.Document(io.BytesIO(render_export("docx", green, "zh", public=True))).tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "排名",
        "建筑名称",
        "地区",
        "星级",
        "等级",
        "总分",
    ]
    en = docx_texts(render_export("docx", green, "en", public=True))
    assert "4 buildings were assessed: Three-star: 1; Basic: 2; no level: 1. The results:" in en


def test_green_building_table_in_both_languages():
    zh = run("score", GREEN, "--lang", "zh", lang="zh")
    head = next(line for line in zh.splitlines() if "排名" in line)
    assert re.findall(r"[^\s┃│]+", head)[:4] == ["排名", "编号", "建筑", "地区"]
    assert zh.splitlines()[-1] == "共 4 个建筑：★★★ 1，★★ 0，★ 0，未定星 3"
    en = run("score", GREEN, "--lang", "en")
    head = next(line for line in en.splitlines() if "Rank" in line)
    assert re.findall(r"[^\s┃│]+", head)[:4] == ["Rank", "ID", "Building", "Area"]
    assert en.splitlines()[-1] == "4 buildings: ★★★ 1, ★★ 0, ★ 0, no star 3"
    assert not COMMUNITY.search(zh + en)


def test_one_unit_is_not_plural_and_a_chinese_only_unit_stays_in_english(tmp_path):
    sch, dims = mini_scheme(unit={"zh": "楼宇"}, group={"zh": "片区", "en": "district"})
    folder = write_round(
        tmp_path / "round", both("B1"), communities=[("B1", "一号楼", "东片")], scheme=(sch, dims)
    )
    en = run("score", folder, "--lang", "en")
    head = next(line for line in en.splitlines() if "Rank" in line)
    assert re.findall(r"[^\s┃│]+", head)[:4] == ["Rank", "ID", "楼宇", "District"]
    assert en.splitlines()[-1] == "1 楼宇: ★★★ 1, ★★ 0, ★ 0, no star 0"
    zh = run("score", folder, "--lang", "zh", lang="zh")
    assert zh.splitlines()[-1] == "共 1 个楼宇：★★★ 1，★★ 0，★ 0，未定星 0"
    scored = api.run(folder)
    assert csv_rows(render_export("csv", scored, "zh"))[0][:4] == [
        "排名",
        "编号",
        "楼宇名称",
        "片区",
    ]
    one = docx_texts(render_export("docx", scored, "en"))
    assert "1 楼宇 was assessed: 3★: 1. The results:" in one


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_green_building_forms_name_buildings(green, lang, tmp_path):
    communities = green.round.communities
    data = render_template("xlsx", green.scheme, communities, "assessment", lang)
    texts = xlsx_texts(data)
    assert [t for t in texts if COMMUNITY.search(t)] == []
    guide = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    lines = [row[1] for row in guide.iter_rows(min_row=3, max_row=9, values_only=True)]
    if lang == "zh":
        assert lines[0].startswith("每个建筑一张工作表。")
        assert lines[6].endswith("例如 forms.xlsx!云栖花园住宅小区!C14。")
        assert "建筑编号" in texts and "建筑名单（点击跳转）" in texts
    else:
        assert lines[0].startswith("One sheet per building. ")
        assert lines[6].endswith("e.g. forms.xlsx!云栖花园住宅小区!C14.")
        assert "Building ID" in texts and "Buildings (click to open)" in texts
    text = render_template("yaml", green.scheme, communities, "assessment", lang).decode()
    assert not COMMUNITY.search(text.split("\n- community:")[0])


def test_hotel_forms_and_table_name_hotels():
    out = run("score", HOTEL, "--lang", "en")
    assert re.match(r"\d+ hotels: ", out.splitlines()[-1])
    out = run("score", HOTEL, "--lang", "zh", lang="zh")
    assert re.match(r"共 \d+ 个酒店：", out.splitlines()[-1])


# --- the default scheme keeps its words ---------------------------------------------------


def test_default_scheme_still_says_community_and_street(changan):
    assert csv_rows(render_export("csv", changan, "zh"))[0][:4] == [
        "排名",
        "编号",
        "社区名称",
        "街道",
    ]
    assert csv_rows(render_export("csv", changan, "en"))[0][:4] == ["Rank", "ID", "Name", "Street"]
    zh = openpyxl.load_workbook(io.BytesIO(render_export("xlsx", changan, "zh")))
    summary = [c for row in zh["汇总"].iter_rows(values_only=True) for c in row if c]
    assert {"各等级社区数", "社区数", "各街道星级分布"} <= set(summary)
    en = openpyxl.load_workbook(io.BytesIO(render_export("xlsx", changan, "en")))
    summary = [c for row in en["Summary"].iter_rows(values_only=True) for c in row if c]
    assert {"Communities per level", "Communities", "Levels per street"} <= set(summary)
    n = len(changan.result.results)
    assert re.match(r"共 \d+ 个社区：", run("score", CHANGAN, "--lang", "zh").splitlines()[-1])
    assert run("score", CHANGAN, "--lang", "en").splitlines()[-1].startswith(f"{n} communities: ")
    notice = docx_texts(render_export("docx", changan, "zh", public=True))
    assert any(p.startswith(f"本次共评定社区{n}个，其中") for p in notice)
    forms = render_template("xlsx", changan.scheme, changan.round.communities, "district", "zh")
    texts = xlsx_texts(forms)
    assert "社区编号" in texts and "社区名单（点击跳转）" in texts
    assert any(t.endswith("例如 forms.xlsx!东安社区!C14。") for t in texts)


# --- errors in the run's language --------------------------------------------------------


def test_unknown_export_and_form_formats_are_said_in_both_languages(green):
    with pytest.raises(UsageError) as err:
        render_export("pdf", green, "zh")
    assert err.value.text("zh") == "未知的导出格式 'pdf'；应为 xlsx, csv, json, docx 之一"
    assert str(err.value) == "unknown export format 'pdf'; expected one of xlsx, csv, json, docx"
    with pytest.raises(UsageError) as err:
        render_template("pdf", green.scheme, green.round.communities, "assessment", "zh")
    assert err.value.text("zh") == "未知的评审表格式 'pdf'；应为 xlsx, csv, yaml 之一"
    assert str(err.value) == "unknown form format 'pdf'; expected one of xlsx, csv, yaml"


def test_workbook_notes_are_written_in_the_language(green, monkeypatch):
    from star_rating.outputs import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 20)  # the Indicators sheet no longer fits
    notes: list = []
    data = render_export("xlsx", green, "zh", notes=notes)
    rows = len(green.result.results) * len(green.scheme.indicators)
    said = (
        f"指标得分表共 {rows} 行，超过 Excel 每表 1,048,576 行的上限，未写入本工作簿"
        f"（--indicators all 分 {-(-rows // 19)} 张表写入；score --format csv 给出各建筑得分）"
    )
    assert [n.text("zh") for n in notes] == [said]
    assert notes[0].text("en").startswith(f"The Indicators sheet would have {rows} rows")
    assert said in xlsx_texts(data)
    assert zipfile.is_zipfile(io.BytesIO(data))


def test_a_narrow_table_names_the_left_out_grouping_in_the_schemes_words():
    got = runner.invoke(
        app, ["score", str(GREEN), "--lang", "zh"], env={"COLUMNS": "50", "STAR_RATE_LANG": "zh"}
    )
    assert got.exit_code == 0, got.output
    lines = got.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("终端宽度不足"))
    note = "".join(lines[at : at + 2])  # folded at the console's width
    assert note == "终端宽度不足，未显示：地区、各环节总分、D1–D6；加 --wide 显示全部列。"
