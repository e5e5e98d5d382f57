"""``star-rate export --format docx``: the public notice (公示) as a Word document, read
back with python-docx (and LibreOffice where installed): title, notice period, every
community in the table, A4 portrait, East Asian fonts, the same bytes every time."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from helpers import ROOT, both, cli, score_json, write_round
from star_rating import api
from star_rating.outputs.docx import date_text, plain
from star_rating.outputs.export import render_export

SAMPLE = ROOT / "samples" / "changan-2022"
TITLE = "长安区2022年度星级和谐社区评定结果公示"
PERIOD = "公示期：2022-09-01 至 2022-09-07"
HEADER = ["排名", "社区名称", "街道", "星级", "等级", "总分"]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def public() -> dict[str, Any]:
    """What the public JSON export holds: the notice must show the same."""
    return json.loads(render_export("json", api.run(SAMPLE), "zh", public=True))


@pytest.fixture(scope="module")
def notice(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "notice.docx"
    cli("export", SAMPLE, "-o", out, "--public", "--lang", "zh")
    return out


def table_text(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def stars(n: int) -> str:
    return "★" * n if n else "—"


def east_asia(rpr: Any) -> str | None:
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts is not None
    assert not [a for a in fonts.attrib if a.lower().endswith("theme")], "theme fonts win"
    return fonts.get(qn("w:eastAsia"))


def test_public_notice_reads_back_with_title_period_and_every_community(notice, public):
    doc = docx.Document(str(notice))
    paras = [p for p in doc.paragraphs if p.text]
    assert paras[0].text == TITLE and paras[0].style.name == "Title"
    assert paras[1].text == PERIOD
    by_stars = sorted(public["results"], key=lambda r: -r["stars"])
    levels = Counter(r["level"] or "未定级" for r in by_stars)  # in order of first seen
    parts = "、".join(f"{k}{n}个" for k, n in levels.items())
    assert paras[2].text == f"本次共评定社区{len(public['results'])}个，其中{parts}。评定结果如下："
    assert len(doc.tables) == 1
    rows = table_text(doc.tables[0])
    assert rows[0] == HEADER
    assert rows[1:] == [
        [
            str(r["rank"]),
            r["community"]["name"],
            r["community"]["street"],
            stars(r["stars"]),
            r["level"] or "未定级",
            f"{r['total']:.1f}",
        ]
        for r in public["results"]
    ]
    assert len(rows) == 61  # every community of the sample
    # the date of the notice at its foot, on the right
    assert paras[-1].text == "2022年9月1日"
    assert paras[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_public_notice_holds_nothing_that_may_not_be_published(notice):
    with zipfile.ZipFile(notice) as zf:
        body = zf.read("word/document.xml").decode()
        everything = "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body))
    for word in ("提示", "问卷样本少", "备注", ".csv", ".yaml", "sha256"):
        assert word not in text, word
    assert not re.search(r"[0-9a-f]{40}", everything), "no hashes"
    assert "fldSimple" not in body and "instrText" not in body, "no fields in the body"


def test_a4_portrait_header_row_on_every_page_and_east_asian_fonts(notice):
    doc = docx.Document(str(notice))
    (section,) = doc.sections
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= section.left_margin.mm <= 40 and 20 <= section.top_margin.mm <= 40
    rows = doc.tables[0].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert east_asia(defaults.find(qn("w:rPr"))) == "宋体"
    styles = doc.styles
    assert east_asia(styles["Normal"].element.rPr) == "宋体"
    assert east_asia(styles["Title"].element.rPr) == "黑体"
    assert east_asia(styles["Notice Table Text"].element.rPr) == "宋体"
    assert east_asia(styles["Notice Table Header"].element.rPr) == "黑体"
    assert rows[0].cells[0].paragraphs[0].style.name == "Notice Table Header"
    assert rows[1].cells[1].paragraphs[0].style.name == "Notice Table Text"
    props = doc.core_properties
    assert props.title == TITLE and props.author == "star-rate"
    assert props.created == props.modified == datetime(2022, 9, 1, tzinfo=UTC)


def test_the_same_inputs_give_the_same_bytes(notice, tmp_path):
    again = tmp_path / "notice.bin"
    cli("export", SAMPLE, "-o", again, "--format", "docx", "--public", "--lang", "zh")
    assert again.read_bytes() == notice.read_bytes()
    with zipfile.ZipFile(notice) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2022, 9, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in zf.namelist()


def test_draft_without_public_says_so_and_has_the_flags(tmp_path):
    out = tmp_path / "draft.docx"
    cli("export", SAMPLE, "-o", out, "--lang", "en")
    expected = score_json(SAMPLE)
    doc = docx.Document(str(out))
    title = doc.paragraphs[0].text
    assert title == (
        "Chang'an District 2022 star-rated harmonious community assessment: "
        "results (internal draft, not for publication)"
    )
    rows = table_text(doc.tables[0])
    assert rows[0] == ["Rank", "Name", "Street", "Stars", "Level", "Total", "Flags"]
    assert [r[-1] for r in rows[1:]] == ["; ".join(r["flags"]) for r in expected["results"]]
    assert any(r[-1] for r in rows[1:]), "the sample has flags"
    assert doc.paragraphs[-1].text == "1 September 2022"


def test_a_round_without_notice_period_has_neither_period_nor_date(tmp_path):
    folder = write_round(tmp_path / "r", [*both("C1"), *both("C2", a1=2)])
    out = tmp_path / "n.docx"
    cli("export", folder, "-o", out, "--public", "--lang", "zh")
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0] == "测试轮次结果公示"
    assert texts[1].startswith("本次共评定社区2个，其中")
    assert len(texts) == 2, texts  # no period, no date
    assert doc.core_properties.created == datetime(2022, 1, 1, tzinfo=UTC)


def test_input_text_is_written_as_plain_text_never_as_fields_or_xml():
    scored = api.run(SAMPLE)
    hostile = {
        0: '{ HYPERLINK "http://example.invalid" }',
        1: '<w:fldSimple w:instr=" PAGE "/>社区',
        2: "东\x00安\x1b社区\t\n第二行",
    }
    for i, name in hostile.items():
        res = scored.result.results[i]
        res.community = replace(res.community, name=name)
    data = render_export("docx", scored, "zh", public=True)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = zf.read("word/document.xml").decode()
        footer = zf.read("word/footer1.xml").decode()
    assert "<w:fldSimple" not in body and "<w:instrText" not in body and "<w:hyperlink" not in body
    assert "&lt;w:fldSimple" in body  # the name, as text
    assert re.findall(r"<w:fldSimple [^>]*>", footer) == ['<w:fldSimple w:instr=" PAGE ">']
    doc = docx.Document(io.BytesIO(data))
    names = [r.cells[1].text for r in doc.tables[0].rows[1:4]]
    assert names == [hostile[0], hostile[1], "东安社区 第二行"]


def test_plain_and_date_text():
    assert plain("a\tb\r\nc\x07d\ufffe") == "a b cd"
    assert date_text("2022-09-01", "zh") == "2022年9月1日"
    assert date_text("2022-09-01", "en") == "1 September 2022"
    assert date_text("九月一日", "zh") == "九月一日"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_notice_to_pdf(notice, public, tmp_path):
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(notice),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / "pdf" / "notice.pdf"
    assert pdf.stat().st_size > 1000
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", TITLE) in flat
    assert re.sub(r"\s+", "", PERIOD) in flat
    for r in public["results"]:
        assert r["community"]["name"] in flat, r["community"]["name"]
    assert flat.count("排名") >= 2, "the header row repeats on the next page"
