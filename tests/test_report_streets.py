"""``star-rate report``: a page per street (the scheme's group), the scheme's words for
what it rates and how it groups them, the report's words in both languages, and
progress per step.

The green-building round is ``samples/schemes/green-building`` copied with
``unit: {zh: 建筑, en: building}`` and ``group: {zh: 城市, en: city}`` in its scheme:
its report must never speak of communities, streets or the district.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from helpers import ROOT, Recorder, both, cli, review, write_round
from star_rating import api
from star_rating.errors import UsageError
from star_rating.outputs import report
from star_rating.outputs.report import ReportTemplateError, _safe_stems, write_report

SAMPLE = ROOT / "samples" / "changan-2022"
GREEN = ROOT / "samples" / "schemes" / "green-building"
WORDS = re.compile(r"社区|街道|全区|communit|street|district", re.I)


def hashed(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:8]


def pages(paths: list[Path], out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in paths}


@pytest.fixture(scope="module")
def green(tmp_path_factory: pytest.TempPathFactory) -> api.Scored:
    folder = tmp_path_factory.mktemp("green") / "green-building"
    shutil.copytree(GREEN, folder)
    scheme = folder / "scheme.yaml"
    text = re.sub(r"(?m)^(unit|group):.*\n", "", scheme.read_text("utf-8"))
    text = re.sub(
        r"(?m)^(title:.*\n)",
        r"\1unit: {zh: 建筑, en: building}\ngroup: {zh: 城市, en: city}\n",
        text,
        count=1,
    )
    scheme.write_text(text, "utf-8")
    return api.run(folder / "round")


@pytest.fixture(scope="module")
def sample() -> api.Scored:
    return api.run(SAMPLE)


def small_round(folder: Path) -> Path:
    reviews = [*both("C1", a1=5), *both("C2"), *both("C3", a1=2), review("C4", "self")]
    reviews.append(review("C4", "district", vetoes=["incident"]))
    communities = [
        ("C1", "一社区", "东关街道"),
        ("C2", "二社区", "西关街道"),
        ("C3", "三社区", "东关街道"),
        ("C4", "四社区", "东关街道"),
    ]
    return write_round(folder, reviews, communities)


def visible(page: str, md: bool) -> str:
    """What a reader sees of a page: no link targets, no CSS, script, classes or ids."""
    if md:
        return re.sub(r"\]\([^)]*\)", "]", page)
    page = re.sub(r"<(style|script)>.*?</\1>", "", page, flags=re.S)
    return re.sub(r'\s(?:href|class|id|aria-labelledby|data-[a-z-]+)="[^"]*"', "", page)


# --- the scheme's words ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_green_building_report_never_speaks_of_communities_or_streets(green, tmp_path, lang, fmt):
    out = tmp_path / "r"
    written = pages(write_report(green, out, fmt, lang), out)
    assert sorted(written) == sorted(
        [f"index.{fmt}"]
        + [f"communities/G0{i}.{fmt}" for i in range(1, 5)]
        + [f"streets/{hashed(c.street)}.{fmt}" for c in green.round.communities.values()]
    )
    # the scheme's own texts are its data (an indicator speaks of "streets")
    data = [t for ind in green.scheme.indicators.values() for t in (ind.text.zh, ind.text.en)]
    for name, page in written.items():
        seen = visible(page, fmt == "md")
        for text in data:
            seen = seen.replace(text or "\0", "")
        found = [seen[max(0, m.start() - 40) : m.end() + 40] for m in WORDS.finditer(seen)]
        assert not found, (name, found)


def test_the_green_building_summary_and_pages_in_both_languages(green, tmp_path):
    en = pages(write_report(green, tmp_path / "en", "md", "en"), tmp_path / "en")
    index = en["index.md"]
    assert "**4 buildings: 1 three-star, 2 Basic, 1 without a level**" in index
    assert "## Stars per city\n" in index
    assert "| City | 3-star | 2-star | 1-star | Basic | No level | Buildings |" in index
    assert "## All buildings ranked\n" in index
    assert "| Rank | ID | Building | City | Level | Total |" in index
    assert "## Indicators that lost the most points across all buildings\n" in index
    assert "summed over every building; n/a items lose nothing." in index
    page = en[f"streets/{hashed('杭州市西湖区')}.md"]
    assert page.startswith("[← Summary of all buildings](../index.md) · ")
    assert "\nCity · Green building assessment" in page
    assert "**1 building: 1 three-star**" in page
    assert "## The city's buildings ranked\n" in page
    assert "| City rank | Overall rank | ID | Building | Level | Total |" in page
    one = en["communities/G01.md"]
    assert one.startswith("[← Summary of all buildings](../index.md) · ")
    assert f"[杭州市西湖区](../streets/{hashed('杭州市西湖区')}.md) · ID G01 · Rank 1 of 4" in one

    zh = pages(write_report(green, tmp_path / "zh", "md", "zh"), tmp_path / "zh")
    index = zh["index.md"]
    assert "**共 4 个建筑：三星级 1 个、基本级 2 个、未定级 1 个**" in index
    assert "## 各城市星级分布\n" in index
    assert "## 全部建筑排名\n" in index
    assert "| 排名 | 编号 | 建筑 | 城市 | 等级 | 总分 |" in index
    assert "## 全部建筑中失分最多的指标\n" in index
    assert "按全部建筑合计；不适用项不计失分。" in index
    page = zh[f"streets/{hashed('杭州市西湖区')}.md"]
    assert page.startswith("[← 全部建筑汇总](../index.md) · ")
    assert "## 本城市建筑排名\n" in page
    assert "| 城市内排名 | 总排名 | 编号 | 建筑 | 等级 | 总分 |" in page
    assert "· 编号 G01 · 第 1 名 / 共 4 个建筑\n" in zh["communities/G01.md"]


def test_the_default_scheme_keeps_the_district(sample, tmp_path):
    zh = pages(write_report(sample, tmp_path / "zh", "md", "zh"), tmp_path / "zh")
    assert "## 全区失分最多的指标\n" in zh["index.md"]
    assert "## 全部社区排名\n" in zh["index.md"]
    street = zh[f"streets/{hashed('东关街道')}.md"]
    assert street.startswith("[← 全区汇总](../index.md) · 长安区2022年度星级和谐社区评定\n")
    assert "\n街道 · 星级和谐社区评定\n" in street
    assert "**共 8 个社区：五星级 1 个、四星级 2 个、三星级 4 个、未定级 1 个**" in street
    assert "平均分 78.6，最高 97.3，最低 59.8" in street
    assert "## 本街道社区排名\n" in street
    en = pages(write_report(sample, tmp_path / "en", "html", "en"), tmp_path / "en")
    assert "<title>Chang&#39;an District 2022" in en["index.html"]
    assert "<h2>Indicators that lost the most points</h2>" in en["index.html"]
    street = en[f"streets/{hashed('东关街道')}.html"]
    assert '<a href="../index.html">← District summary</a>' in street
    assert '<p class="kicker">Street · Star-rated harmonious community assessment</p>' in street
    assert "<strong>8 communities: 1 five-star, 2 four-star, 4 three-star, 1 without a level" in (
        street
    )
    assert "<h2>The street&#39;s communities ranked</h2>" in street


# --- street pages ---------------------------------------------------------------------


def test_a_street_page_lists_exactly_its_communities_in_rank_order(sample, tmp_path):
    out = tmp_path / "r"
    written = pages(write_report(sample, out, "md", "en"), out)
    streets = {c.street for c in sample.round.communities.values()}
    index = written["index.md"]
    assert set(re.findall(r"\]\((streets/[0-9a-f]{8}\.md)\)", index)) == {
        f"streets/{hashed(s)}.md" for s in streets
    }
    for street in streets:
        page = written[f"streets/{hashed(street)}.md"]
        assert f"\n# {street}\n" in page
        rows = re.findall(r"^\| (\d+) \| (\d+) \| (C\d+) \| \[[^]]+\]\(([^)]+)\) \|", page, re.M)
        expected = [r for r in sample.result.results if r.community.street == street]
        assert [row[2] for row in rows] == [r.community.id for r in expected]
        assert [int(row[0]) for row in rows] == list(range(1, len(expected) + 1))
        assert [int(row[1]) for row in rows] == [r.rank for r in expected]
        for *_, href in rows:
            assert (out / "streets" / href).resolve().is_file(), href


def test_street_pages_link_only_to_community_pages_that_exist(sample, tmp_path):
    out = tmp_path / "r"
    chosen = sample.result.results[0].community.id  # the first ranked has a page
    written = pages(write_report(sample, out, "html", "en", communities=[chosen]), out)
    street = sample.result.results[0].community.street
    page = written[f"streets/{hashed(street)}.html"]
    links = re.findall(r'<a href="\.\./communities/([^"]+)\.html">', page)
    assert links == [chosen]
    assert len([n for n in written if n.startswith("streets/")]) == 9  # always, every street


def test_a_large_street_lists_both_ends_and_names_the_whole_ranking(sample, tmp_path, monkeypatch):
    monkeypatch.setattr(report, "SUMMARY_ROWS", 5)
    monkeypatch.setattr(report, "SUMMARY_EDGE", 2)
    out = tmp_path / "r"
    written = pages(write_report(sample, out, "md", "en", pages="none"), out)
    page = written[f"streets/{hashed('东关街道')}.md"]
    assert (
        "8 communities in this street: the first 2 and the last 2 are listed here; the whole "
        "ranking is in ranking.csv in the report's folder." in page
    )
    places = re.findall(r"^\| (\d+) \| \d+ \| C\d+ \|", page, re.M)
    assert places == ["1", "2", "7", "8"]
    assert "](../communities/" not in page  # --pages none: no page to link to
    assert "ranking.csv" in written


def test_street_names_make_safe_file_names():
    stems = _safe_stems(["东关街道", "Main St", "main_st", "街道 1"], fallback=None)
    assert stems["东关街道"] == hashed("东关街道")
    assert stems["main_st"] == "main_st"  # a name that is a file name already keeps it
    assert stems["Main St"] == f"Main_St-{hashed('Main St')}"  # the same, ignoring case
    assert stems["街道 1"] == "1"


# --- progress, errors ---------------------------------------------------------------


def test_progress_names_each_step_in_the_report_language(tmp_path, green):
    scored = api.run(small_round(tmp_path / "round"))
    zh = Recorder("zh")
    write_report(scored, tmp_path / "zh", "html", "zh", progress=zh)
    assert zh.tasks == [["汇总页", 1, 1], ["社区页面", 4, 4], ["街道页面", 2, 2]]
    en = Recorder("en")
    write_report(scored, tmp_path / "en", "md", "en", progress=en, pages="none")
    assert en.tasks == [["summary", 1, 1], ["street pages", 2, 2]]
    buildings = Recorder("en")
    write_report(green, tmp_path / "green", "md", "en", progress=buildings)
    assert buildings.tasks == [["summary", 1, 1], ["building pages", 4, 4], ["city pages", 4, 4]]


def test_progress_of_the_whole_ranking(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "SUMMARY_ROWS", 2)
    monkeypatch.setattr(report, "SUMMARY_EDGE", 1)
    scored = api.run(small_round(tmp_path / "round"))
    zh = Recorder("zh")
    write_report(scored, tmp_path / "zh", "md", "zh", progress=zh, pages="none")
    assert zh.tasks[-1] == ["完整排名 ranking.csv", 1, 1]


def test_report_errors_in_chinese(tmp_path, green):
    rnd = small_round(tmp_path / "round")
    bad = cli("report", rnd, "-o", tmp_path / "x", "--community", "C9", "--lang", "zh", code=2)
    assert bad.stderr == "star-rate: 错误：--community 'C9'：本轮评定中没有这个社区\n"
    bad = cli("report", rnd, "-o", tmp_path / "x", "--street", "北街", "--lang", "zh", code=2)
    assert bad.stderr == "star-rate: 错误：--street '北街'：本轮评定中没有属于该街道的社区\n"
    bad = cli(
        "report",
        green.round.root,
        "-o",
        tmp_path / "x",
        "--community",
        "X1",
        "--lang",
        "en",
        code=2,
    )
    assert bad.stderr == "star-rate: error: --community 'X1': no such building in this round\n"
    with pytest.raises(UsageError) as caught:
        write_report(green, tmp_path / "y", "md", "zh", pages="bogus")
    assert caught.value.text("zh") == "未知的 --pages 取值 'bogus'；应为 auto、all 或 none"
    assert str(caught.value) == "unknown --pages 'bogus'; expected auto, all or none"


def test_a_template_asking_for_an_unknown_word_is_a_clear_error(tmp_path):
    scored = api.run(small_round(tmp_path / "round"))
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "index.md").write_text("{{ t('nope') }}\n", "utf-8")
    with pytest.raises(ReportTemplateError) as caught:
        write_report(scored, tmp_path / "out", "md", "zh", template_dir=custom)
    assert str(caught.value) == "report template: t('nope') names no label or message of the report"
    assert caught.value.text("zh") == "报告模板：t('nope') 不是报告的标签或消息"
    (custom / "index.md").write_text("{{ t('stats') }}\n", "utf-8")
    with pytest.raises(ReportTemplateError, match=r"^report template: t\('stats'\) needs the "):
        write_report(scored, tmp_path / "out", "md", "en", template_dir=custom)
    assert not (tmp_path / "out").exists()
