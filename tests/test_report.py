"""``star-rate report``: the round summary and one page per community (HTML, Markdown).

Most tests render a five-community round built with ``write_round`` whose
numbers are easy to follow by hand (mini scheme: two dimensions of 10 points,
self and district weighted 50/50):

* C001 full marks, +1 bonus in the district review: 20.5, three stars;
* C002 self 16, district 12.5 (after an appeal): 14.3, two stars, self-inflation flag;
* C003 renamed ``<script>alert(1)</script>`` after loading: 19, three stars;
* C004 named ``A|B *社区*``: 20, vetoed;
* C005 12 in both reviews: one star.

Golden files
------------
``tests/golden/report/C002.en.html`` and ``C002.en.md`` are the exact pages
of C002.  After an intended change to the templates, CSS or view data,
regenerate them and review the diff::

    STAR_RATE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report.py -k golden

Headless Chromium
-----------------
``test_pages_open_in_chromium_without_console_errors`` runs Debian's
``chromium`` package (``apt-get install -y chromium``) and skips only when
``/usr/bin/chromium`` is absent.  Console output is read from Chromium's own log
(``--enable-logging=stderr``: every console message, including uncaught
exceptions, is a ``CONSOLE`` line); a deliberately broken control page proves
that the detector sees errors in this Chromium build.  It also saves a
screenshot of the sample round's summary as ``summary.png`` in the test's tmp
folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from helpers import ROOT, both, cli, mini_scheme, review, write_round
from star_rating import __version__, api
from star_rating.outputs import charts
from star_rating.outputs.report import ReportTemplateError, _safe_stems, md_escape, write_report

SCRIPT = "<script>alert(1)</script>"
PIPE = "A|B *社区*"
GOLDEN = Path(__file__).parent / "golden" / "report"
SAMPLE = ROOT / "samples" / "changan-2022"
CHROMIUM = Path("/usr/bin/chromium")

APPEAL = {
    "community": "C002",
    "stage": "district",
    "indicator": "b1",
    "value": 0,
    "reason": "复核后整改到位",
    "decided_by": "区民政局复核组",
    "date": "2022-09-10",
}


def small_round(folder: Path) -> Path:
    reviews = [
        review("C001", "self"),
        review("C001", "district", bonus=[{"points": 1, "reason": "市级表彰"}]),
        review("C002", "self", a1=4, b2=0.85),
        review("C002", "district", a1=2.5, b2=0.6, b1=1),
        *both("C003", a1=5),
        review("C004", "self"),
        review("C004", "district", vetoes=["incident"]),
        *both("C005", a1=2, b2=0.6),
    ]
    communities = [
        ("C001", "东安社区", "东关街道"),
        ("C002", "西苑社区", "西关街道"),
        ("C003", "脚本社区", "东关街道"),
        ("C004", PIPE, "西关街道"),
        ("C005", "南湖社区", "南街街道"),
    ]
    return write_round(folder, reviews, communities, appeals=[APPEAL])


def renamed(scored: api.Scored, cid: str, name: str) -> api.Scored:
    """The register refuses markup in names, so a name like ``<script>…`` is put in after
    loading, as a library caller could: what is tested is the report's own escaping."""
    community = dataclasses.replace(scored.round.communities[cid], name=name)
    scored.round.communities[cid] = community
    res = scored.result.by_id(cid)
    assert res is not None
    res.community = community
    return scored


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> api.Scored:
    return renamed(api.run(small_round(tmp_path_factory.mktemp("round") / "round")), "C003", SCRIPT)


def hashed(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:8]


def render(scored: api.Scored, out: Path, fmt: str = "html", lang: str = "en", **kw) -> dict:
    paths = write_report(scored, out, fmt, lang, **kw)
    return {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in paths}


# --- what the pages say ---------------------------------------------------------


def test_files_written_summary_first(scored, tmp_path):
    paths = write_report(scored, tmp_path / "out", "html", "en")
    names = [p.relative_to(tmp_path / "out").as_posix() for p in paths]
    assert names[0] == "index.html"
    assert names[1:6] == [f"communities/C00{i}.html" for i in (1, 4, 3, 2, 5)]  # rank order
    # one page per street, in register order, named by a hash of the (Chinese) name
    assert names[6:] == [f"streets/{hashed(s)}.html" for s in ("东关街道", "西关街道", "南街街道")]
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_level_counts_on_the_summary(scored, tmp_path):
    html = render(scored, tmp_path / "en")["index.html"]
    sentence = (
        "5 communities: 2 three-star, 1 two-star, 1 one-star, 1 without a level (1 of them vetoed)"
    )
    assert sentence in html
    counts = re.findall(r'<div class="card (lv\d|none)">\s*<div class="card-count">(\d+)', html)
    assert counts == [("lv0", "2"), ("lv1", "1"), ("lv2", "1"), ("none", "1")]
    zh = render(scored, tmp_path / "zh", lang="zh")["index.html"]
    assert (
        "共 5 个社区：三星级 2 个、二星级 1 个、一星级 1 个、未定级 1 个（其中一票否决 1 个）" in zh
    )
    md = render(scored, tmp_path / "md", "md")["index.md"]
    assert f"**{sentence}**" in md
    assert "| 3-star | ★★★ | ≥ 18 | 2 |" not in md  # the full level name is used in tables
    assert re.search(r"^\| 3★ \| ★★★ \| ≥ 18 \| 2 \|$", md, re.M)
    assert re.search(r"^\| No level \| — \| — \| 1 \|$", md, re.M)


def test_summary_lists_streets_bins_lost_points_and_decisions(scored, tmp_path):
    md = render(scored, tmp_path, "md")["index.md"]
    # stars per street: 3-star, 2-star, 1-star, no level, total; register order
    assert f"| [东关街道](streets/{hashed('东关街道')}.md) | 2 | 0 | 0 | 0 | 2 |" in md
    assert f"| [西关街道](streets/{hashed('西关街道')}.md) | 0 | 1 | 0 | 1 | 2 |" in md
    assert f"| [南街街道](streets/{hashed('南街街道')}.md) | 0 | 0 | 1 | 0 | 1 |" in md
    # histogram: bins of 1 point (a 20-point scale), thresholds in range
    assert "| 12–13 | 0 | 0 | 1 | 0 | 1 |" in md
    assert "| 20–21 | 1 | 0 | 0 | 1 | 2 |" in md
    assert "Level thresholds: 3-star ≥ 18; 2-star ≥ 14; 1-star ≥ 10" in md
    # the indicator that lost the most: a1 (C002 5.5 over two stages, C003 1, C005 4)
    lost = md.split("## Indicators that lost the most points", 1)[1].split("\n## ", 1)[0]
    first = next(line for line in lost.splitlines() if line.startswith("| 1 |"))
    assert first.startswith("| 1 | a1 scale item | Alpha | 6 |")
    assert "| **7.8** |" in first  # (2 + 3.5) / 2 + 1 + 4 = 7.75, shown rounded
    decisions = md.split("## Vetoes, quotas and flags", 1)[1]
    rows = [line for line in decisions.splitlines() if line.startswith("| [")]
    assert "| Veto | veto: Major incident" in rows[0] and "C004" in rows[0]
    assert "| Self-inflation | self-inflation:" in rows[1] and "C002" in rows[1]


def test_ranking_table_sorts_by_data_values(scored, tmp_path):
    html = render(scored, tmp_path)["index.html"]
    table = html.split('<table class="sortable ranking">', 1)[1].split("</table>", 1)[0]
    ids = re.findall(r'<td class="id">(C\d+)</td>', table)
    assert ids == ["C001", "C004", "C003", "C002", "C005"]  # rank order, vetoed keeps its rank
    assert '<td class="num strong" data-sort="20.5">20.5</td>' in table
    assert 'data-sort="-1"' in table  # the vetoed community sorts below every level
    assert table.count('data-type="num"') == 6  # rank, level, total, two stages, flags


def test_radar_values_of_one_community(scored, tmp_path):
    page = render(scored, tmp_path)["communities/C002.html"]
    # A: self 8/10, district 6.5/10; B: self 8/10, district 6/10 (weights 0.5 / 0.5)
    polygons = dict(re.findall(r'data-label="([^"]+)" data-values="([^"]+)"', page))
    assert polygons == {
        "Combined": "0.7250,0.7000",
        "self": "0.8000,0.8000",
        "district": "0.6500,0.6000",
    }
    # the dashed outline is the floor of the next level up (3★: 80 % of every dimension)
    assert 'class="floor"' in page
    md = render(scored, tmp_path / "md", "md")["communities/C002.md"]
    assert "| Alpha | 10 | 7.3 | 72.5% | 80.0% | 65.0% |" in md
    assert "| Beta | 10 | 7.0 | 70.0% | 80.0% | 60.0% |" in md


def test_community_page_reasons_next_level_stages_and_appeal(scored, tmp_path):
    md = render(scored, tmp_path, "md")["communities/C002.md"]
    assert "**2★** ★★ · Total **14.3**" in md
    assert "- meets every rule of 2★" in md
    assert "### What is missing for 3★" in md
    assert "- ✗ total 14.3 is below 18 (3.7 points short)" in md
    assert "- ⚠ self-inflation: self 16 exceeds district 12.5 by 3.5 (tolerance 3)" in md
    assert "| **Total** | 20 | 16.0 | 12.5 | **14.3** |" in md
    assert (
        "| b1 | deduct item | 4 | 4 | 4 † corrected on appeal: 1 → 0 (复核后整改到位) | 4 |" in md
    )
    assert "| district | b1 | 1 | 0 | 复核后整改到位 | 区民政局复核组 | 2022-09-10 |" in md
    html = render(scored, tmp_path / "html")["communities/C002.html"]
    assert 'class="num full appealed" title="corrected on appeal: 1 → 0' in html


def test_vetoed_and_top_pages(scored, tmp_path):
    pages = render(scored, tmp_path, "md")
    vetoed = pages["communities/C004.md"]
    assert "- veto: Major incident" in vetoed
    assert "Vetoed: no level this round, whatever the points." in vetoed
    top = pages["communities/C001.md"]
    assert "The highest level is reached." in top
    assert "| Bonus | 2 | 0.0 | 1.0 | 0.5 |" in top
    assert "| district | +1 | 市级表彰 |" in top


def test_quota_decisions_are_listed_and_explained(tmp_path):
    scheme = mini_scheme(quotas={3: {"max_count": 1}})
    folder = write_round(tmp_path / "round", [*both("C1"), *both("C2", a1=5)], scheme=scheme)
    pages = render(api.run(folder), tmp_path / "out", "md")
    decisions = pages["index.md"].split("## Vetoes, quotas and flags", 1)[1]
    assert "| District | Quota | 3★: a quota of 1; 1 qualifying community moved down |" in decisions
    assert "| Quota demotion | qualifies for 3★ but ranks 2, beyond a quota of 1;" in decisions
    page = pages["communities/C2.md"]
    assert "### What is missing for 3★" in page
    assert (
        "Meets every rule of 3★ but is placed lower by a quota, the level applied for or a "
        "dynamic rule (the reasons above say which)." in page
    )


def test_survey_rate_and_sample_size(tmp_path):
    scheme_dims = _survey_scheme()
    answers = ["满意"] * 8 + ["基本满意"] * 1 + ["不满意"] * 1 + [""]
    surveys = [("C1", f"r{i}", "q1", a) for i, a in enumerate(answers)]
    folder = write_round(
        tmp_path / "round",
        [review("C1", "self"), review("C1", "district")],
        scheme=scheme_dims,
        surveys=surveys,
    )
    pages = render(api.run(folder), tmp_path / "out", "md")
    page = pages["communities/C1.md"]
    # 9 of 10 valid answers count (满意 and 基本满意 weigh 1); one blank answer is invalid
    assert "| s1 survey item | 10 | 1 | 5 | 90.0% | 1.8 / 2 |" in page


def _survey_scheme():
    scheme, dims = mini_scheme()
    dims[1]["indicators"][1]["max"] = 4
    dims[1]["indicators"][1]["bands"] = [{"min": 0.9, "points": 4}, {"min": 0.5, "points": 2}]
    dims[1]["indicators"].append(
        {
            "id": "s1",
            "text": "survey item",
            "kind": "survey",
            "max": 2,
            "min_responses": 5,
            "question": "q1",
        }
    )
    return scheme, dims


# --- escaping -------------------------------------------------------------------


def test_script_name_is_escaped_in_html(scored, tmp_path):
    pages = render(scored, tmp_path)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for name, page in pages.items():
        assert SCRIPT not in page, name
        assert "alert(1)</script>" not in page, name
        assert page.count("<script>") == 1, name  # only our own sorting script
    assert escaped in pages["index.html"]
    own = pages["communities/C003.html"]
    assert f"<h1>{escaped}</h1>" in own
    assert f"<title>{escaped} · Test round</title>" in own
    assert f"Dimension shares: {escaped}</title>" in own  # the radar's SVG title
    assert "A|B *社区*" in pages["index.html"]  # HTML needs no Markdown escaping


def test_names_are_safe_in_markdown(scored, tmp_path):
    pages = render(scored, tmp_path, "md")
    for name, page in pages.items():
        assert "<script>" not in page and "</script>" not in page, name
    index = pages["index.md"]
    assert r"[\<script\>alert(1)\</script\>](communities/C003.md)" in index
    assert r"[A\|B \*社区\*](communities/C004.md)" in index
    # every ranking row keeps the header's number of cells
    table = index.split("## All communities ranked", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("|")]
    cells = {len(re.split(r"(?<!\\)\|", line)) for line in rows}
    assert len(cells) == 1
    assert r"# \<script\>alert(1)\</script\>" in pages["communities/C003.md"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("A|B", r"A\|B"),
        ("*x* _y_ `z` [a](b) <c> #d", r"\*x\* \_y\_ \`z\` \[a\](b) \<c\> \#d"),
        ("1. not a list", r"1\. not a list"),
        ("- not a list", r"\- not a list"),
        ("97.3", "97.3"),
        ("two\nlines", "two lines"),
        ("社区（第1名）", "社区（第1名）"),
    ],
)
def test_md_escape(text, shown):
    assert md_escape(text) == shown


# --- determinism, self-containment, files -----------------------------------------


def test_same_inputs_give_byte_identical_files(scored, tmp_path):
    for fmt in ("html", "md"):
        first = render(scored, tmp_path / f"a-{fmt}", fmt)
        again = render(
            renamed(api.run(scored.round.root), "C003", SCRIPT), tmp_path / f"b-{fmt}", fmt
        )
        assert first == again
        assert not any("Generated" in page for page in first.values())
    stamped = render(scored, tmp_path / "stamped", stamp=True)
    assert re.search(r"Generated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", stamped["index.html"])


def test_pages_are_self_contained_and_printable(scored, tmp_path):
    pages = render(scored, tmp_path)
    for name, page in pages.items():
        assert "http://" not in page and "https://" not in page, name
        assert "@page { size: A4;" in page, name
        assert '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei"' in page, name
        refs = re.findall(r'(?:src|href)="([^"]*)"', page)
        for ref in refs:
            assert ref.startswith(
                (
                    "communities/",
                    "streets/",
                    "../index.html",
                    "../communities/",
                    "../streets/",
                    "data:",
                )
            ), (name, ref)
            if not ref.startswith("data:"):
                assert (tmp_path / Path(name).parent / ref).resolve().is_file(), (name, ref)
        assert "<svg" in page and "<text" in page, name  # charts keep their text as text


def test_svg_numbers_have_fixed_precision():
    svg = charts.radar(
        ["甲", "乙", "丙"],
        [charts.Series("x", "#123456", [1 / 3, 0.5, 2 / 3], fill=True)],
        title="t",
    )
    coords = re.findall(r'\s(?:x|y|x1|y1|x2|y2|cx|cy|r|width|height)="(-?[\d.]+)"', svg)
    coords += [v for pair in re.findall(r'points="([^"]+)"', svg) for v in re.split("[ ,]", pair)]
    assert coords and all(re.fullmatch(r"-?\d+\.\d", c) for c in coords)
    assert 'data-values="0.3333,0.5000,0.6667"' in svg
    assert 'xmlns="http://www.w3.org/2000/svg"' in charts.radar(
        ["a", "b", "c"], [], title="t", standalone=True
    )


def test_histogram_marks_thresholds_and_escapes_labels():
    svg = charts.histogram(
        [0.0, 5.0, 10.0],
        [charts.Series("<b>", "#aa0000", [1, 2])],
        [charts.Threshold(5.0, "A&B ≥5", "#000000")],
        title="h",
        x_label="x",
        y_label="y",
    )
    assert 'stroke-dasharray="5 3"' in svg
    assert "A&amp;B ≥5" in svg and "&lt;b&gt;" in svg and "<b>" not in svg


def test_community_ids_make_safe_unique_file_names():
    stems = _safe_stems(["C001", "a/b", "../x", "c001", "CON", "社区"])
    assert stems["C001"] == "C001"
    assert stems["a/b"] == "a_b"
    assert stems["../x"] == "x"
    assert stems["c001"].startswith("c001-") and len(stems["c001"]) == 13
    assert stems["CON"].startswith("CON-")
    assert stems["社区"] == "community"
    assert len({s.lower() for s in stems.values()}) == len(stems)


def test_template_dir_overrides_one_template(scored, tmp_path):
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "index.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>CUSTOM {{ title }} {{ "<b>" }}</p>'
        "{% endblock %}",
        "utf-8",
    )
    pages = render(scored, tmp_path / "out", template_dir=custom)
    assert "<p>CUSTOM Test round &lt;b&gt;</p>" in pages["index.html"]
    assert "@page { size: A4;" in pages["index.html"]  # base.html still from the package
    assert "<h1>东安社区</h1>" in pages["communities/C001.html"]


def test_broken_template_is_reported_with_its_place(scored, tmp_path):
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "index.md").write_text("# {{ title }\n", "utf-8")
    with pytest.raises(ReportTemplateError, match=r"index\.md:1: "):
        write_report(scored, tmp_path / "out", "md", "en", template_dir=custom)
    assert not (tmp_path / "out" / "index.md").exists()


def test_report_command(scored, tmp_path):
    out = tmp_path / "out"
    cli("report", scored.round.root, "--output", out, "--format", "md", "--lang", "zh")
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) == 9  # the summary, 5 communities, 3 streets
    assert (out / "index.md").read_text("utf-8").startswith("# 测试轮次\n")
    cli("report", scored.round.root, "--output", out, code=2)  # not empty: needs --force
    cli("report", scored.round.root, "--output", out, "--force")
    assert (out / "index.html").is_file()
    missing = cli(
        "report",
        scored.round.root,
        "--output",
        tmp_path / "x",
        "--template-dir",
        tmp_path / "no",
        code=2,
    )
    assert "is not a folder" in missing.stderr


# --- golden page ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_golden_community_page(scored, tmp_path, fmt):
    page = render(scored, tmp_path, fmt)[f"communities/C002.{fmt}"]
    page = page.replace(f"star-rate {__version__}", "star-rate VERSION")
    golden = GOLDEN / f"C002.en.{fmt}"
    if os.environ.get("STAR_RATE_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(page, "utf-8", newline="\n")
    assert golden.is_file(), f"{golden} is missing; run with STAR_RATE_UPDATE_GOLDEN=1"
    assert page == golden.read_text("utf-8"), (
        f"{golden.name} differs; if the change is intended, regenerate with "
        "STAR_RATE_UPDATE_GOLDEN=1 and review the diff"
    )


# --- headless Chromium ------------------------------------------------------------

CONSOLE = re.compile(r":CONSOLE[(:]\d+\)?\] (.*)")
HARNESS = """<!DOCTYPE html>
<html><body>
<script>
var pages = %(pages)s, out = {}, left = pages.length;
pages.forEach(function (name) {
  var frame = document.createElement("iframe");
  frame.style.width = "1200px";
  frame.style.height = "600px";
  frame.addEventListener("load", function () {
    var doc = frame.contentDocument, table = doc.querySelector("table.ranking"), r = {};
    r.js = doc.documentElement.classList.contains("js");
    r.scripts = doc.querySelectorAll("script").length;
    r.h1 = (doc.querySelector("h1") || {}).textContent;
    if (table) {
      var ids = function () {
        return Array.prototype.map.call(table.tBodies[0].rows, function (row) {
          return row.cells[1].textContent;
        });
      };
      var total = table.tHead.rows[0].cells[5];
      total.querySelector("button").click();
      r.ascending = ids();
      r.aria = total.getAttribute("aria-sort");
      total.querySelector("button").click();
      r.descending = ids();
    }
    out[name] = r;
    if (--left === 0) {
      var pre = document.createElement("pre");
      pre.id = "result";
      pre.textContent = JSON.stringify(out);
      document.body.appendChild(pre);
    }
  });
  frame.src = name;
  document.body.appendChild(frame);
});
</script>
</body></html>
"""


def chromium(tmp_path: Path, url: str, *extra: str) -> tuple[str, list[str]]:
    """Run headless Chromium on ``url``; returns stdout and every console message logged."""
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=3000",
        *extra,
        url,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, [m.group(1) for m in CONSOLE.finditer(proc.stderr)]


def harness_result(tmp_path: Path, folder: Path, pages: list[str]) -> tuple[dict, list[str]]:
    harness = folder / "harness.html"
    harness.write_text(HARNESS % {"pages": json.dumps(pages)}, "utf-8")
    dom, console = chromium(
        tmp_path, harness.as_uri(), "--allow-file-access-from-files", "--dump-dom"
    )
    harness.unlink()
    found = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    return json.loads(unescape(found.group(1))), console


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)")
def test_pages_open_in_chromium_without_console_errors(scored, tmp_path):
    # the detector sees an uncaught error and console.error in this Chromium build
    control = tmp_path / "control.html"
    control.write_text(
        '<!DOCTYPE html><script>console.error("control"); nosuchfunction();</script>', "utf-8"
    )
    _, console = chromium(tmp_path, control.as_uri(), "--dump-dom")
    assert any("control" in m for m in console), console
    assert any("Uncaught" in m for m in console), console

    # the sample round: summary (with a working sort) and a few community pages
    sample = tmp_path / "sample"
    write_report(api.run(SAMPLE), sample, "html", "zh")
    pages = [
        "index.html",
        "communities/C003.html",
        "communities/C012.html",
        "communities/C001.html",
    ]
    result, console = harness_result(tmp_path, sample, pages)
    assert console == []
    assert all(result[p]["js"] and result[p]["scripts"] == 1 for p in pages), result
    index = result["index.html"]
    assert index["aria"] == "ascending"
    assert index["ascending"][0] == "C001"  # lowest total first
    assert index["descending"][0] == "C003"  # highest total first

    # the small round: the community named <script>alert(1)</script> shows its name as text
    small = tmp_path / "small"
    write_report(scored, small, "html", "en")
    result, console = harness_result(tmp_path, small, ["index.html", "communities/C003.html"])
    assert console == []
    assert result["communities/C003.html"]["h1"] == SCRIPT
    assert result["communities/C003.html"]["scripts"] == 1

    # a screenshot of the summary, for people to look at
    shot = tmp_path / "summary.png"
    _, console = chromium(
        tmp_path,
        (sample / "index.html").as_uri(),
        "--window-size=1280,4400",
        f"--screenshot={shot}",
    )
    assert console == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000
    print(f"summary screenshot: {shot}")


# --- province scale: pages on request, a summary that stays usable ------------------


def test_pages_none_writes_the_summary_only_and_says_so(tmp_path):
    out = tmp_path / "r"
    got = cli("report", SAMPLE, "-o", out, "--format", "md", "--pages", "none", "--lang", "en")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files[0] == "index.md"  # and the street pages, which are always written
    assert len(files) == 10 and all(f.startswith("streets/") for f in files[1:])
    assert "star-rate report: pages for 0 of the 60 communities" in got.stderr
    index = (out / "index.md").read_text("utf-8")
    assert "0 of the 60 communities have a page of their own" in index
    assert "](communities/" not in index  # no link to a page that is not there


def test_pages_for_chosen_communities_and_streets(tmp_path):
    out = tmp_path / "r"
    cli(
        "report",
        SAMPLE,
        "-o",
        out,
        "--format",
        "md",
        "--community",
        "C027",
        "--street",
        "东关街道",
        "--lang",
        "en",
    )
    data = json.loads(cli("score", SAMPLE, "--format", "json").stdout)
    expected = {"C027"} | {
        r["community"]["id"] for r in data["results"] if r["community"]["street"] == "东关街道"
    }
    assert {p.stem for p in (out / "communities").iterdir()} == expected
    index = (out / "index.md").read_text("utf-8")
    assert "(communities/C027.md)" in index
    assert f"{len(expected)} of the 60 communities have a page of their own" in index
    bad = cli("report", SAMPLE, "-o", tmp_path / "x", "--community", "C999", code=2)
    assert "--community 'C999': no such community in this round" in bad.stderr


def test_a_large_round_gets_its_summary_and_the_whole_ranking_beside_it(tmp_path, monkeypatch):
    """Past PAGES_AUTO communities no page is written unless asked for; past
    SUMMARY_ROWS the summary lists the first and the last SUMMARY_EDGE and the whole
    ranking is written as ranking.csv.  The thresholds are lowered so that the
    60-community sample is "large"."""
    from star_rating.outputs import report

    monkeypatch.setattr(report, "PAGES_AUTO", 50)
    monkeypatch.setattr(report, "SUMMARY_ROWS", 20)
    monkeypatch.setattr(report, "SUMMARY_EDGE", 5)
    out = tmp_path / "r"
    cli("report", SAMPLE, "-o", out, "--format", "md", "--lang", "en")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files[:2] == ["index.md", "ranking.csv"]
    assert len(files) == 11 and all(f.startswith("streets/") for f in files[2:])
    index = (out / "index.md").read_text("utf-8")
    assert (
        "60 communities: the first 5 and the last 5 are listed here; the whole ranking is in "
        "ranking.csv in this folder." in index
    )
    data = json.loads(cli("score", SAMPLE, "--format", "json").stdout)
    ids = [r["community"]["id"] for r in data["results"]]
    listed = re.findall(r"^\| \d+ \| (C\d+) \|", index, flags=re.M)
    assert listed == ids[:5] + ids[-5:]
    ranking = (out / "ranking.csv").read_text("utf-8-sig").splitlines()
    assert [line.split(",")[1] for line in ranking[1:]] == ids
