"""What people in an office trip over: a full-width colon or space typed on a Chinese
keyboard, a rate written as a percentage, a veto that an exported row does not show,
the year of a new round, and sentences with "1 communities" or a stray ASCII colon."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from helpers import both, cli, mini_scheme, review, write_round
from star_rating import api
from star_rating.entries import EntryError, expected, parse_entry
from star_rating.errors import Collector
from star_rating.loading.yamlpos import load_text
from star_rating.models.scheme import BandsIndicator
from star_rating.outputs.export import render_export


def problems(text: str) -> list[str]:
    col = Collector()
    load_text(text, "f.yaml", col)
    return [p.format() for p in col.problems]


# --- 1. full-width punctuation in YAML ---------------------------------------------------


def test_a_full_width_colon_is_named_at_its_line_and_column_in_a_round_file(tmp_path):
    folder = write_round(tmp_path / "r", both("C1"))
    (folder / "round.yaml").write_text(
        "title: 测试轮次\nyear: 2022\nscheme： scheme\nregister: communities.csv\n", "utf-8"
    )
    out = cli("validate", folder, code=1).stdout
    assert (
        "r/round.yaml:3:7: error: full-width colon '：' (U+FF1A) at line 3, column 7: "
        "YAML needs the ASCII colon ':' (cannot parse: could not find expected ':' "
        "at line 4, column 1) [syntax]"
    ) in out


def test_a_full_width_colon_in_an_entry_is_named_not_the_next_line():
    text = "community: C1\nstage: self\nentries:\n  a1：6\n  a2: true\n"
    assert problems(text) == [
        "f.yaml:4:5: error: full-width colon '：' (U+FF1A) at line 4, column 5: YAML needs "
        "the ASCII colon ':' (cannot parse: mapping values are not allowed in this context "
        "at line 5, column 5) [syntax]"
    ]
    # the last line of the file: the parser stops past its end
    assert problems("entries:\n  a2: true\n  a1：6\n") == [
        "f.yaml:3:5: error: full-width colon '：' (U+FF1A) at line 3, column 5: YAML needs "
        "the ASCII colon ':' (cannot parse: could not find expected ':' at line 4, "
        "column 1) [syntax]"
    ]


def test_a_full_width_space_used_to_indent_is_named():
    # where the parser fails
    assert problems("entries:\n\u3000\u3000a1: 6\n  a2: true\n") == [
        "f.yaml:2:1: error: full-width space '\u3000' (U+3000) at line 2, column 1: YAML "
        "indents with ASCII spaces (cannot parse: mapping values are not allowed in this "
        "context at line 3, column 5) [syntax]"
    ]
    # and where it does not (the key would silently move elsewhere)
    assert problems("entries:\n  a1: 6\n\u3000\u3000a2: true\n") == [
        "f.yaml:3:1: error: full-width space '\u3000' (U+3000) at line 3, column 1: YAML "
        "indents with ASCII spaces (before the key 'a2') [syntax]"
    ]
    assert problems("entries:\n  a1: 6\n  \u3000a2: true\n") == [
        "f.yaml:3:3: error: full-width space '\u3000' (U+3000) at line 3, column 3: YAML "
        "indents with ASCII spaces (before the key 'a2') [syntax]"
    ]


def test_a_full_width_comma_in_flow_style_and_a_tab_are_named():
    assert problems("entries: {a1: 6， a2: true}\n") == [
        "f.yaml:1:16: error: full-width comma '，' (U+FF0C) at line 1, column 16: YAML needs "
        "the ASCII comma ',' (cannot parse: did not find expected ',' or '}' at line 1, "
        "column 20) [syntax]"
    ]
    assert problems("entries:\n\ta1: 6\n") == [
        "f.yaml:2:1: error: a tab at line 2, column 1: YAML indents with spaces, never tabs "
        "(cannot parse: found character that cannot start any token) [syntax]"
    ]


def test_a_full_width_colon_in_text_is_not_blamed_and_no_parser_jargon_is_shown():
    # 说明：… is text in a value; the error is the missing colon on the next line
    assert problems("notes: 说明：好\nentries\n") == [
        "f.yaml:3:1: error: cannot parse: could not find expected ':' [syntax]"
    ]
    (message,) = problems("  a: 1\nb: 2\n")
    assert message == (
        "f.yaml:2:1: error: cannot parse: more text after the document's end: is a line "
        "indented less than the first key of the file? [syntax]"
    )
    assert problems("a: &x 1\nb: &x 2\n") == [
        "f.yaml:2:4: error: cannot parse: found duplicate anchor (first at line 1) [syntax]"
    ]
    assert problems("---\na: 1\n---\nb: 2\n") == [
        "f.yaml:3:1: error: cannot parse: expected a single document in the stream, "
        "but found another document [syntax]"
    ]


# --- 2. a declared range for measured values ------------------------------------------------


def ranged(low: object = 0, high: object = 1) -> tuple[dict, list[dict]]:
    sch, dims = mini_scheme()
    dims[1]["indicators"][1]["range"] = [low, high]
    return sch, dims


def test_a_rate_written_as_a_percentage_is_an_error_where_a_range_is_declared(tmp_path):
    reviews = [review("C1", "self"), review("C1", "district", b2=65)]
    folder = write_round(tmp_path / "r", reviews, scheme=ranged())
    out = cli("validate", folder, "--strict", code=1).stdout
    assert (
        "r/reviews/C1-district.yaml:9:7: error: b2: 65 is above the range of the measured "
        "value, 0 to 1; looks like a percentage: write 0.65 or 65% [entry]"
    ) in out
    cli("score", folder, code=1)
    # without a range the value is read as before: 65 reaches the top band
    plain = write_round(tmp_path / "plain", reviews)
    cli("validate", plain, "--strict")


def test_values_inside_the_range_score_as_before(tmp_path):
    got = {}
    for written in (0.85, "85%", "0.85"):
        reviews = [review("C1", "self", b2=written), review("C1", "district", b2=written)]
        folder = write_round(tmp_path / f"r{len(got)}", reviews, scheme=ranged())
        got[str(written)] = api.run(folder).result.results[0].total
    assert set(got.values()) == {Decimal("18.0")}


def test_range_messages():
    ind = BandsIndicator.model_validate(
        {
            "id": "sg-1",
            "text": "rate",
            "kind": "bands",
            "max": 2,
            "bands": [{"min": Decimal("0.9"), "points": 2}],
            "range": [0, 1],
        }
    )
    cases = {
        "6500%": "sg-1: 6500% (read as 65) is above the range of the measured value, 0 to 1; "
        "looks like a percentage: write 0.65 or 65%",
        -1: "sg-1: -1 is below the range of the measured value, 0 to 1",
        Decimal("100.5"): "sg-1: 100.5 is above the range of the measured value, 0 to 1",
        100: "sg-1: 100 is above the range of the measured value, 0 to 1; "
        "looks like a percentage: write 1 or 100%",
    }
    for raw, message in cases.items():
        with pytest.raises(EntryError) as err:
            parse_entry(ind, raw)
        assert str(err.value) == message
    assert parse_entry(ind, 1) == 1 and parse_entry(ind, "0") == 0  # both ends included
    assert expected(ind) == "the measured value, 0 to 1 (bands from 0.9)"
    # a range above 1 is not a rate: no percentage hint
    wide = ind.model_copy(update={"range": [Decimal(0), Decimal(50)]})
    with pytest.raises(
        EntryError,
        match=r"^sg-1: 65 is above the range of the measured "
        r"value, 0 to 50$",
    ):
        parse_entry(wide, 65)


@pytest.mark.parametrize(
    ("rng", "message"),
    [
        ([1, 0], "b2: range [1, 0]: the min must be below the max"),
        (
            [0, 0.5],
            "b2: band min 0.9 is above the range's max 0.5: no value in the range reaches it",
        ),
        ([0], "b2: range takes two numbers, [min, max]; got 1"),
    ],
)
def test_a_wrong_range_is_a_scheme_error(tmp_path, rng, message):
    sch, dims = mini_scheme()
    dims[1]["indicators"][1]["range"] = rng
    folder = write_round(tmp_path / "r", both("C1"), scheme=(sch, dims))
    out = cli("validate", folder, code=1).stdout
    assert f"r/scheme/dimensions/02-B.yaml:8:3: error: {message} [value]" in out


def test_an_unknown_key_on_a_bands_indicator_is_named(tmp_path):
    """The indicator kind ``bands`` is also a key of that indicator: an error inside
    it is still reported at the key it is about."""
    sch, dims = mini_scheme()
    dims[1]["indicators"][1]["rnge"] = [0, 1]
    folder = write_round(tmp_path / "r", both("C1"), scheme=(sch, dims))
    out = cli("validate", folder, code=1).stdout
    assert (
        "r/scheme/dimensions/02-B.yaml:18:3: error: unknown key 'rnge' "
        "(did you mean 'range'?) [unknown-key]"
    ) in out


# --- 3. a veto in the exported rows ------------------------------------------------------


def csv_rows(data: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding))))


@pytest.fixture(scope="module")
def vetoed(tmp_path_factory) -> api.Scored:
    reviews = [
        *both("C1"),
        review("C2", "self"),
        review("C2", "district", vetoes=["incident"]),
    ]
    for r in reviews:
        r["notes"] = "内部备注"
    folder = write_round(tmp_path_factory.mktemp("veto") / "r", reviews)
    return api.run(folder)


def test_a_vetoed_community_says_so_in_the_exported_csv(vetoed):
    rows = csv_rows(render_export("csv", vetoed, "en"))
    c2 = next(r for r in rows if r[1] == "C2")
    assert rows[0][6] == "Level" and c2[6] == "Vetoed"
    assert rows[0][-1] == "Flags"
    assert c2[-1] == "veto: Major incident (reviews/C2-district.yaml:13); no level"
    c1 = next(r for r in rows if r[1] == "C1")
    assert c1[6] == "3★" and c1[-1] == ""

    public = csv_rows(render_export("csv", vetoed, "zh", public=True))
    header = next(r for r in public if r[:1] == ["排名"])
    assert header[6] == "等级" and header[-1] == "否决事项" and "提示" not in header
    c2 = next(r for r in public if r[1:2] == ["C2"])
    assert c2[6] == "一票否决" and c2[-1] == "重大事故"
    assert next(r for r in public if r[1:2] == ["C1"])[-1] == ""
    text = render_export("csv", vetoed, "zh", public=True).decode("utf-8-sig")
    for secret in ("reviews/", ".yaml", "内部备注"):
        assert secret not in text


def test_a_vetoed_community_says_so_in_the_exported_xlsx(vetoed):
    wb = openpyxl.load_workbook(io.BytesIO(render_export("xlsx", vetoed, "zh", public=True)))
    rows = [[c.value for c in row] for row in wb["排名"].iter_rows()]
    header = next(r for r in rows if r[0] == "排名")
    assert header[6] == "等级" and header[-1] == "否决事项"
    c2 = next(r for r in rows if r[1] == "C2")
    assert (c2[4], c2[5], c2[6], c2[-1]) == (0, "—", "一票否决", "重大事故")
    wb = openpyxl.load_workbook(io.BytesIO(render_export("xlsx", vetoed, "zh")))
    rows = [[c.value for c in row] for row in wb["排名"].iter_rows()]
    c2 = next(r for r in rows[1:] if r[1] == "C2")
    assert c2[6] == "一票否决"
    assert c2[-1] == "一票否决：重大事故（reviews/C2-district.yaml:13），不评星级"


def test_score_csv_and_a_round_without_veto_keep_their_columns(vetoed, tmp_path):
    out = cli("score", vetoed.round.root, "--format", "csv", "--lang", "en").stdout
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0][-1] == "Flags"
    assert next(r for r in rows if r[1] == "C2")[6] == ""  # score: the level is empty
    plain = api.run(write_round(tmp_path / "r", both("C1")))
    public = csv_rows(render_export("csv", plain, "en", public=True))
    header = next(r for r in public if r[:1] == ["Rank"])
    assert header[-1] == "district"  # no veto column where nobody is vetoed


# --- 4. the year of a new round ------------------------------------------------------------


def test_init_round_writes_this_year(tmp_path, monkeypatch):
    import datetime

    from star_rating import initdir

    cli("init", tmp_path / "now", "--round")
    text = (tmp_path / "now" / "round.yaml").read_text("utf-8")
    year = datetime.date.today().year
    assert f"\nyear: {year}\n" in text and f'"{year}年度星级和谐社区评定"' in text
    monkeypatch.setattr(initdir, "this_year", lambda: 2031)
    cli("init", tmp_path / "later", "--round")
    text = (tmp_path / "later" / "round.yaml").read_text("utf-8")
    assert "\nyear: 2031\n" in text and '# notice: {start: "2031-09-01"' in text
    cli("init", tmp_path / "chosen", "--round", "--year", "2023")
    assert "\nyear: 2023\n" in (tmp_path / "chosen" / "round.yaml").read_text("utf-8")


# --- 5. one community, one place: English plurals and Chinese punctuation ---------------


@pytest.fixture(scope="module")
def one(tmp_path_factory) -> Path:
    return write_round(tmp_path_factory.mktemp("one") / "r", both("C1"))


def test_the_score_table_counts_one_community_and_punctuates_chinese(one):
    en = cli("score", one, "--lang", "en").stdout
    assert "\n1 community: ★★★ 1, ★★ 0, ★ 0, no star 0\n" in en
    zh = cli("score", one, "--lang", "zh").stdout
    assert "\n共 1 个社区：★★★ 1，★★ 0，★ 0，未定星 0\n" in zh


def test_explain_says_one_decimal_place_and_punctuates_chinese(one):
    en = cli("explain", one, "C1", "--lang", "en").stdout
    assert (
        "  20 -> 20.0 (half-up, 1 decimal place; levels use the rounded total and "
        "unrounded dimensions)\n"
    ) in en
    zh = cli("explain", one, "C1", "--lang", "zh").stdout
    assert "  20 -> 20.0（四舍五入，1 位小数；定级用舍入后的总分，维度门槛用未舍入值）\n" in zh


def test_report_and_notice_speak_of_one_community(one, tmp_path):
    from star_rating.outputs.docx import summary_sentence
    from star_rating.outputs.report import write_report

    scored = api.run(one)
    index = write_report(scored, tmp_path / "out", "md", "en")[0].read_text("utf-8")
    assert "**1 community: 1 three-star" in index
    assert summary_sentence(scored, "en") == "1 community was assessed: 3★: 1. The results:"
    assert summary_sentence(scored, "zh") == "本次共评定社区1个，其中3★1个。评定结果如下："


def test_counts_in_error_messages_are_singular_for_one(tmp_path, one):
    from star_rating.errors import Problem, ProblemsFound

    found = ProblemsFound([Problem("f.yaml", 1, 1, "bad")])
    assert str(found) == "1 problem found; first: f.yaml:1:1: error: bad [invalid]"
    two = ProblemsFound([Problem("f.yaml", 1, 1, "bad"), Problem("f.yaml", 2, 1, "bad")])
    assert str(two).startswith("2 problems found; ")

    folder = write_round(tmp_path / "reg", both("C1"))
    (folder / "communities.csv").write_text("id,name\nC1,东安社区\n", "utf-8")
    assert (
        "missing column street; the header has id, name" in cli("validate", folder, code=1).stdout
    )

    sch, dims = mini_scheme(
        levels=[{"stars": 3, "min_total": 18}, {"stars": 2, "min_total": 14}],
        quotas={1: {"max_count": 1}},
    )
    folder = write_round(tmp_path / "quota", both("C1"), scheme=(sch, dims))
    assert "quota for 1 star, but no level has 1 star" in cli("validate", folder, code=1).stdout

    two_round = write_round(tmp_path / "two", [*both("C1"), *both("C2")])
    saved = cli("score", two_round, "--format", "json").stdout
    data = json.loads(saved)
    data["results"] = [r for r in data["results"] if r["community"]["id"] == "C1"]
    (tmp_path / "saved.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    out = cli("verify", tmp_path / "saved.json", two_round, code=1).stdout
    assert "results: saved has 1 row, the round has 2 (missing: C2)" in out
