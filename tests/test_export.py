"""``star-rate export``: xlsx, csv and json equal to ``score --format json``, read back
with openpyxl (and LibreOffice where installed), formula text neutralised, the
public-notice variant holding only what may be published, deterministic bytes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from helpers import ROOT, Recorder, both, cli, mini_scheme, review, score_json, write_round
from star_rating import api
from star_rating.errors import ProblemsFound
from star_rating.outputs.export import render_export
from star_rating.outputs.xlsx import display_width, safe_text, sheet_name

GOLDEN = Path(__file__).parent / "golden" / "export"
UPDATE = os.environ.get("STAR_RATE_UPDATE_GOLDEN") == "1"

COMMUNITIES = [
    ("C1", "东安社区", "东关街道"),
    ("C2", "西苑社区", "西关街道"),
    ("C3", "和平里社区", "东关街道"),
    ("C4", "新华社区", "新华街道"),
    ("C5", "龙首社区", "北关街道"),
]
#: text a spreadsheet would run (the register refuses it; the writers must still cope)
HOSTILE = {
    "C4": ('=HYPERLINK("http://example.invalid","点击")', "+1-2街道"),
    "C5": ("<r><t>injected</t></r>", "@SUM(A1)"),
}
B1_TEXT = "-1.5 for each finding"  # a scheme text that starts like a formula


def canonical_round(folder: Path) -> Path:
    """Five communities: full marks, a quota-free four-level spread, a self-inflation
    flag, a veto, and names a spreadsheet would run as formulas."""
    reviews = [
        *both("C1"),
        review("C2", "self"),
        review("C2", "district", a1=2, a2=False, b2=0.81),  # flagged: self far above
        *both("C3", a1=4.5, b1=1),
        review("C4", "self", a3=["x"], b2=0.6),
        review("C4", "district", a3=["x"], b2=0.6, bonus=[{"points": 1, "reason": "市级表彰"}]),
        review("C5", "self"),
        review("C5", "district", vetoes=["incident"]),
    ]
    for r in reviews:
        r["notes"] = "内部备注：不得公开"
    sch, dims = mini_scheme()
    dims[1]["indicators"][0]["text"] = B1_TEXT
    write_round(folder, reviews, communities=COMMUNITIES, scheme=(sch, dims))
    head = yaml.safe_load((folder / "round.yaml").read_text("utf-8"))
    head["notice"] = {"start": "2022-09-01", "end": "2022-09-07"}
    (folder / "round.yaml").write_text(yaml.safe_dump(head, allow_unicode=True), "utf-8")
    return folder


@pytest.fixture(scope="module")
def round_dir(tmp_path_factory) -> Path:
    return canonical_round(tmp_path_factory.mktemp("export") / "round-2022")


@pytest.fixture(scope="module")
def scored(round_dir) -> api.Scored:
    return api.run(round_dir)


@pytest.fixture(scope="module")
def expected(round_dir) -> dict[str, Any]:
    return score_json(round_dir)


def export(round_dir: Path, out: Path, *extra: str) -> Path:
    cli("export", round_dir, "-o", out, *extra)
    return out


def sheet_rows(ws: Any) -> list[tuple[Any, ...]]:
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


# --- xlsx --------------------------------------------------------------------------


def test_xlsx_read_back_with_openpyxl_equals_score_json(round_dir, expected, tmp_path):
    out = export(round_dir, tmp_path / "ranking.xlsx", "--lang", "en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Ranking", "Indicators", "Summary"]
    ws = wb["Ranking"]
    rows = sheet_rows(ws)
    header = rows[0]
    assert header == (
        "Rank",
        "ID",
        "Name",
        "Street",
        "Stars",
        "Stars (★)",
        "Level",
        "Total",
        "Alpha",
        "Beta",
        "self",
        "district",
        "Flags",
    )
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:M{len(expected['results']) + 1}"
    assert len(rows) == 1 + len(expected["results"])
    for row, res in zip(rows[1:], expected["results"], strict=True):
        c = res["community"]
        stars = res["stars"]
        assert row[:8] == (
            res["rank"],
            c["id"],
            c["name"],
            c["street"],
            stars,
            "★" * stars if stars else "—",
            "Vetoed" if res["vetoes"] else res["level"],
            res["total"],
        )
        assert list(row[8:10]) == [res["dimensions"]["A"], res["dimensions"]["B"]]
        assert list(row[10:12]) == [res["stages"]["self"], res["stages"]["district"]]
        vetoes = [x for x in res["reasons"] if x.startswith("veto:")]  # the veto first
        assert (row[12] or "") == "; ".join([*vetoes, *res["flags"]])
    total = ws.cell(2, 8)
    assert total.data_type == "n" and total.number_format == "0.0"
    assert ws.cell(2, 1).data_type == "n" and ws.cell(2, 5).data_type == "n"


def test_xlsx_indicator_and_summary_sheets(round_dir, expected, tmp_path):
    out = export(round_dir, tmp_path / "r.xlsx", "--lang", "zh")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["排名", "指标得分", "汇总"]
    ind = sheet_rows(wb["指标得分"])
    assert ind[0] == (
        "排名",
        "编号",
        "社区名称",
        "街道",
        "维度",
        "指标编号",
        "指标内容",
        "满分",
        "self",
        "district",
    )
    assert len(ind) == 1 + 5 * 5  # five communities x five indicators
    c2 = {r[5]: r for r in ind[1:] if r[1] == "C2"}
    assert c2["a1"][4:] == ("甲", "a1", "scale item", 6, 6, 2)
    assert c2["a2"][8:] == (2, 0)
    assert c2["b2"][8:] == (6, 4)
    assert wb["指标得分"].freeze_panes == "A2"
    assert wb["指标得分"]["I2"].number_format == "0.0"
    summary = sheet_rows(wb["汇总"])
    assert summary[0][0] == "测试轮次"
    by_level = {r[0]: r for r in summary if r[0] and r[2] is not None}
    counts = expected["summary"]["stars"]
    for stars, name in ((3, "3★"), (2, "2★"), (1, "1★")):
        assert by_level[name][1:3] == (stars, counts.get(str(stars), 0)), by_level
    assert by_level["未定级"][2] == counts.get("0", 0)
    assert by_level["合计"][2] == 5
    street = {r[0]: r for r in summary if r[0] in ("东关街道", "西关街道")}
    assert street["东关街道"][5] == 2 and street["西关街道"][5] == 1  # communities per street


def test_column_widths_count_chinese_characters_twice(round_dir, tmp_path):
    out = export(round_dir, tmp_path / "r.xlsx", "--lang", "zh")
    wb = openpyxl.load_workbook(out)
    widths = {k: v.width for k, v in wb["排名"].column_dimensions.items()}
    # xlsxwriter stores the width plus its padding of 0.71 characters
    assert widths["C"] == pytest.approx(
        display_width("和平里社区") + 2.71, abs=0.01
    )  # the widest name
    assert widths["F"] == pytest.approx(
        display_width("星级（★）") + 2.71, abs=0.01
    )  # wider than ★★★
    assert widths["A"] == pytest.approx(6.71, abs=0.01)  # 排名
    ind = wb["指标得分"].column_dimensions
    assert ind["E"].width == pytest.approx(display_width("维度") + 2.71, abs=0.01)
    assert display_width("东安社区") == 8
    assert display_width("★★★") == 6
    assert display_width("Café") == 4
    assert display_width("ab\n东安") == 4


def hostile(scored: api.Scored) -> api.Scored:
    """The scored round with names and streets a spreadsheet would run."""
    from dataclasses import replace

    for res in scored.result.results:
        if res.community.id in HOSTILE:
            name, street = HOSTILE[res.community.id]
            res.community = replace(res.community, name=name, street=street)
    return scored


def test_formula_text_is_neutralised_in_xlsx_and_csv(round_dir):
    scored = hostile(api.run(round_dir))
    data = render_export("xlsx", scored, "zh")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheets = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in s for s in sheets), "no cell may be a formula"
    assert "<r><t>injected" not in "".join(sheets)  # written escaped, not as raw XML
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = {
        c.value: c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    }
    for text in (
        "'" + HOSTILE["C4"][0],
        "'+1-2街道",
        "'<r><t>injected</t></r>",
        "'@SUM(A1)",
        "'" + B1_TEXT,
    ):
        assert text in cells and cells[text].data_type == "s", text
    summary = [c.value for row in wb["汇总"].iter_rows() for c in row]
    assert "'+1-2街道" in summary and "'@SUM(A1)" in summary
    for public in (False, True):
        text = render_export("csv", scored, "zh", public=public).decode("utf-8-sig")
        fields = {f for row in csv.reader(io.StringIO(text)) for f in row}
        assert {"'" + HOSTILE["C4"][0], "'+1-2街道", "'@SUM(A1)"} <= fields
        assert not any(f[:1] in ("=", "+", "-", "@", "\t", "\r") for f in fields if f)


def test_xlsx_is_byte_identical_for_the_same_inputs(round_dir, tmp_path):
    a = export(round_dir, tmp_path / "a.xlsx").read_bytes()
    b = export(round_dir, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as zf:
        core = zf.read("docProps/core.xml").decode()
    assert "2022-09-01T00:00:00Z" in core  # created: the notice start, not the clock


# --- csv and json ---------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_equals_score_json(round_dir, expected, tmp_path):
    raw = export(round_dir, tmp_path / "r.csv", "--lang", "en").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "Rank" and rows[0][-1] == "Flags"
    for row, res in zip(rows[1:], expected["results"], strict=True):
        assert int(row[0]) == res["rank"] and row[1] == res["community"]["id"]
        assert float(row[7]) == res["total"]
        assert row[5] == ("★" * res["stars"] or "—")


def test_csv_in_gbk_on_request(round_dir, tmp_path):
    raw = export(round_dir, tmp_path / "r.csv", "--lang", "zh", "--encoding", "gbk").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("gbk")
    assert "东安社区" in text and "★★★" in text


def test_json_equals_score_json(round_dir, tmp_path):
    """The export is round_dict; ``score`` may add analysis (e.g. stage agreement)."""
    out = json.loads(export(round_dir, tmp_path / "r.json", "--lang", "en").read_text("utf-8"))
    score = json.loads(cli("score", round_dir, "--format", "json", "--lang", "en").stdout)
    assert {"scheme", "round", "title", "summary", "results", "hashes"} <= set(out)
    assert out == {k: score[k] for k in out}


# --- the public notice ------------------------------------------------------------------


def all_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(
        str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None
    )


def test_public_variant_holds_only_what_may_be_published(round_dir, expected, tmp_path):
    flagged = next(r for r in expected["results"] if r["flags"])
    flag = flagged["flags"][0]
    xlsx = export(round_dir, tmp_path / "p.xlsx", "--public", "--lang", "en")
    text = all_text(xlsx)
    assert "Test round: results (public notice)" in text
    assert "Notice period: 2022-09-01 to 2022-09-07" in text
    for secret in (flag, "Flags", "内部备注", "reviews/", ".yaml"):
        assert secret not in text
    ws = openpyxl.load_workbook(xlsx)["Ranking"]
    assert ws.freeze_panes == "A5"  # title, notice, blank, header
    assert ws.cell(4, 1).value == "Rank" and ws.cell(4, 12).value == "district"
    assert ws.cell(4, 13).value == "Veto"  # no flags column; the veto's label instead
    vetoed_row = next(r for r in range(5, 10) if ws.cell(r, 2).value == "C5")
    assert ws.cell(vetoed_row, 7).value == "Vetoed"
    assert ws.cell(vetoed_row, 13).value == "Major incident"

    data = json.loads(
        export(round_dir, tmp_path / "p.json", "--public", "--lang", "en").read_text()
    )
    assert data["title"] == "Test round"
    assert data["notice"] == {"start": "2022-09-01", "end": "2022-09-07"}
    assert "hashes" not in data
    for res, full in zip(data["results"], expected["results"], strict=True):
        assert not {"flags", "flag_codes", "appeals", "vetoes"} & set(res)
        for key in ("community", "stages", "dimensions", "total", "stars", "level", "rank"):
            assert res[key] == full[key]
        assert not any("reviews/" in x for x in res["reasons"])
    vetoed = next(r for r in data["results"] if r["community"]["id"] == "C5")
    assert vetoed["reasons"] == ["veto: Major incident; no level"]

    raw = export(round_dir, tmp_path / "p.csv", "--public", "--lang", "zh").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[:3] == ["测试轮次结果公示", "公示期：2022-09-01 至 2022-09-07", ""]
    assert lines[3].startswith("排名,编号,社区名称") and "提示" not in lines[3]


@pytest.mark.parametrize(("kind", "name"), [("csv", "public.csv"), ("json", "public.json")])
def test_public_exports_match_the_golden_files(scored, kind, name):
    got = render_export(kind, scored, "zh", public=True)
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(got)
    assert got == path.read_bytes(), f"{path} differs (STAR_RATE_UPDATE_GOLDEN=1 rewrites it)"


# --- the command ------------------------------------------------------------------------


def test_export_refuses_to_overwrite_without_force_and_never_an_input(round_dir, tmp_path):
    out = export(round_dir, tmp_path / "r.xlsx")
    result = cli("export", round_dir, "-o", out, code=2)
    assert "exists; use --force" in result.stderr
    cli("export", round_dir, "-o", out, "--force")
    result = cli("export", round_dir, "-o", round_dir / "communities.csv", "--force", code=2)
    assert "is an input of this command" in result.stderr
    result = cli("export", round_dir, "-o", tmp_path / "r.txt", code=2)
    assert "--format xlsx|csv|json" in result.stderr


def test_sheet_names_are_made_valid_and_unique():
    taken: set[str] = set()
    assert sheet_name("东安/社区", taken) == "东安_社区"
    assert sheet_name("东安/社区", taken) == "东安_社区 (2)"
    assert sheet_name("x" * 40, taken) == "x" * 31
    assert sheet_name("[]", taken, fallback="C1") == "__"
    assert sheet_name("''", taken, fallback="C1") == "C1"


def test_the_sample_round_exports_if_it_scores(tmp_path):
    sample = ROOT / "samples" / "changan-2022"
    try:
        scored = api.run(sample)
    except ProblemsFound:
        pytest.skip("the sample round does not score in this checkout")
    data = render_export("xlsx", scored, "zh")
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = list(wb["排名"].iter_rows(values_only=True))
    assert len(rows) == 1 + len(scored.result.results)
    wb.close()


# --- LibreOffice ------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_xlsx_export(round_dir, expected, tmp_path):
    out = export(round_dir, tmp_path / "ranking.xlsx", "--lang", "en")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(tmp_path / "lo"),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    text = (tmp_path / "lo" / "ranking.csv").read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:8] == ["Rank", "ID", "Name", "Street", "Stars", "Stars (★)", "Level", "Total"]
    assert len(rows) == 1 + len(expected["results"])
    for row, res in zip(rows[1:], expected["results"], strict=True):
        assert int(row[0]) == res["rank"] and row[1] == res["community"]["id"]
        assert int(row[4]) == res["stars"]
        assert float(row[7]) == res["total"]
        assert re.fullmatch(r"-?\d+\.\d", row[7]), "shown with the scheme's one decimal"
        assert [float(x) for x in row[8:12]] == [
            res["dimensions"]["A"],
            res["dimensions"]["B"],
            res["stages"]["self"],
            res["stages"]["district"],
        ]


def test_a_table_longer_than_a_sheet_continues_on_the_next_and_loses_no_row(
    round_dir, scored, monkeypatch, tmp_path
):
    """Excel holds 1,048,576 rows a sheet; past that the table continues on "Indicators 2",
    … with the header repeated, and the Summary says so.  The limit is lowered here so
    that five communities fill several sheets; the code path is the one a province takes."""
    from star_rating.outputs import xlsx
    from star_rating.outputs.export import indicator_rows

    monkeypatch.setattr(xlsx, "MAX_ROWS", 8)  # header + 7 data rows a sheet
    out = tmp_path / "r.xlsx"
    out.write_bytes(render_export("xlsx", scored, "en", indicators="all"))
    wb = openpyxl.load_workbook(out)
    # 25 indicator rows: 7 + 7 + 7 + 4; 5 ranked communities fit on one sheet
    assert wb.sheetnames == [
        "Ranking",
        "Indicators",
        "Indicators 2",
        "Indicators 3",
        "Indicators 4",
        "Summary",
    ]
    header, rows = indicator_rows(scored, "en")

    def cell(v: Any) -> Any:  # as written: numbers as numbers, text neutralised
        return safe_text(v) if isinstance(v, str) else float(v)

    expected_rows = [tuple(cell(v) for v in r) for r in rows]
    got: list[tuple[Any, ...]] = []
    for name in wb.sheetnames[1:5]:
        sheet = sheet_rows(wb[name])
        assert sheet[0] == tuple(header)
        assert wb[name].freeze_panes == "A2"
        got += [tuple(cell(v) for v in r) for r in sheet[1:]]
    assert len(expected_rows) == 25
    assert got == expected_rows
    summary = [r[0] for r in sheet_rows(wb["Summary"]) if r[0]]
    assert (
        "Indicators is longer than an Excel sheet's 1,048,576 rows; it continues on "
        "Indicators 2, Indicators 3, Indicators 4 (25 rows in all)" in summary
    )


def test_a_ranking_longer_than_a_sheet_continues_too(round_dir, scored, monkeypatch, tmp_path):
    from star_rating.outputs import xlsx

    # the notice takes rows 1-3, the header row 4: two communities on the first sheet,
    # the other three (under the header again) on the second
    monkeypatch.setattr(xlsx, "MAX_ROWS", 6)
    out = tmp_path / "r.xlsx"
    out.write_bytes(render_export("xlsx", scored, "zh", public=True))
    wb = openpyxl.load_workbook(out)
    ranking = [n for n in wb.sheetnames if n.startswith("排名")]
    assert ranking == ["排名", "排名 2"]
    assert len(sheet_rows(wb["排名 2"])) == 4
    first = sheet_rows(wb["排名"])
    assert first[0][0].endswith("结果公示") and first[1][0].startswith("公示期")
    ids = [r[1] for r in first[4:]] + [r[1] for n in ranking[1:] for r in sheet_rows(wb[n])[1:]]
    assert ids == [r.community.id for r in scored.result.results]
    assert sheet_rows(wb["排名 2"])[0] == first[3]  # the header again, at the top


def test_an_indicators_sheet_longer_than_a_sheet_is_left_out_by_default_and_says_so(
    round_dir, monkeypatch, tmp_path
):
    """At province scale the Indicators sheet has millions of rows: by default (auto) it
    is written while it fits one sheet, else left out, the reason said on stderr and in
    the Summary; --indicators all writes it on as many sheets as it needs."""
    from star_rating.outputs import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 8)  # 25 indicator rows need 4 sheets
    got = cli("export", round_dir, "-o", tmp_path / "auto.xlsx", "--lang", "en")
    said = (
        "The Indicators sheet would have 25 rows, more than an Excel sheet holds; it is "
        "left out of this workbook (--indicators all writes it on 4 sheets)"
    )
    assert f"star-rate export: {said}" in got.stderr
    wb = openpyxl.load_workbook(tmp_path / "auto.xlsx")
    assert wb.sheetnames == ["Ranking", "Summary"]
    assert said in [r[0] for r in sheet_rows(wb["Summary"])]
    cli("export", round_dir, "-o", tmp_path / "all.xlsx", "--indicators", "all")
    assert len(openpyxl.load_workbook(tmp_path / "all.xlsx").sheetnames) == 6
    got = cli("export", round_dir, "-o", tmp_path / "none.xlsx", "--indicators", "none")
    assert "Indicators" not in got.stderr
    assert openpyxl.load_workbook(tmp_path / "none.xlsx").sheetnames == ["Ranking", "Summary"]


def test_printed_ranking_wraps_flags_and_headers_in_their_cells(tmp_path):
    """Streamed rows are not measured again when printed: a row with long flags is
    made as tall as its wrapped text, the flags column keeps its width and wraps, and
    long English column names wrap instead of widening their columns (else the A4
    print is a thin strip)."""
    from openpyxl.utils import get_column_letter

    out = tmp_path / "r.xlsx"
    cli("export", ROOT / "samples" / "changan-2022", "-o", out, "--lang", "en")
    ws = openpyxl.load_workbook(out)["Ranking"]
    header = [c.value for c in ws[1]]
    flags = get_column_letter(header.index("Flags") + 1)
    assert round(ws.column_dimensions[flags].width) == 41  # 40 characters and padding
    long_rows = [r for r in range(2, ws.max_row + 1) if len(ws[f"{flags}{r}"].value or "") > 80]
    assert long_rows
    for r in long_rows:
        cell = ws[f"{flags}{r}"]
        assert cell.alignment.wrap_text
        lines = -(-len(cell.value) // 40)
        assert ws.row_dimensions[r].height >= 15 * lines, (r, cell.value)
    party = get_column_letter(header.index("Party organisation building") + 1)
    assert ws.column_dimensions[party].width <= 15  # 12 characters of name, and padding
    assert ws["A1"].alignment.wrap_text and ws.row_dimensions[1].height >= 30


def test_an_xlsx_export_reports_each_sheet_as_it_is_written(scored):
    from star_rating.outputs import export as export_module

    rows = len(scored.result.results) * len(scored.scheme.indicators)
    zh = Recorder("zh")
    render_export("xlsx", scored, "zh", progress=zh)
    assert zh.tasks == [["社区排名", 5, 5], ["各指标得分", rows, rows], ["保存工作簿", 1, 1]]
    en = Recorder("en")
    render_export("xlsx", scored, "en", indicators="none", progress=en)
    assert en.tasks == [["ranking of communities", 5, 5], ["saving the workbook", 1, 1]]
    # the bar moves in steps, never past its total, and ends full
    rec = Recorder("en")
    rec.task("rows", 5)
    counted = list(export_module.counted(iter(range(5)), rec, every=2))
    assert counted == [0, 1, 2, 3, 4]
    assert rec.steps == [2, 2, 1]
    assert rec.tasks == [["rows", 5, 5]]
