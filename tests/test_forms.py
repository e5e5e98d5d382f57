"""Review forms: ``star-rate template`` writes them, ``score`` reads them back filled in.

The round trip: template -> filled with openpyxl (as Excel would) -> reviews/ ->
score gives exactly the result of the same reviews written in YAML.  Every
problem in a form names its sheet and cell; a damaged, fake or hostile xlsx is
a clear error, never a traceback.
"""

from __future__ import annotations

import copy
import io
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from helpers import ROOT, cli, mini_scheme, review, score_json, template, write_round
from star_rating.loading import xlsxforms
from star_rating.loading.xlsxforms import FORM_MARK, GUIDE_MARK, HEADER_ROW, check_container

WORDS = {"zh": ("是", "否", "不适用"), "en": ("yes", "no", "n/a")}


def scheme_with_na_and_survey() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The mini scheme, plus n/a allowed on a1 and a survey indicator b3."""
    sch, dims = mini_scheme(scale=22)
    dims[0]["indicators"][0]["allow_na"] = True
    dims[1]["max"] = 12
    dims[1]["indicators"].append(
        {"id": "b3", "text": "residents", "kind": "survey", "max": 2, "min_responses": 3}
    )
    return sch, dims


SURVEYS = [
    (c, f"r{i}", "", answer)
    for c in ("C1", "C2", "C3")
    for i, answer in enumerate(["满意", "基本满意", "不满意", "满意"])
]

REVIEWS = [
    review("C1", "self"),
    review("C1", "district", a1=5.5, a3=["y"], b2=0.82),
    review("C2", "self", a1="n/a", a2=False, b1=1, bonus=[{"points": 1.5, "reason": "市级表彰"}]),
    review("C2", "district", a1=4, a3=[], b1=3, b2=0.5),
    review("C3", "self"),
    review("C3", "district", vetoes=["incident"], b2=0.91),
]


def fill_forms(path: Path, reviews: list[dict[str, Any]], lang: str = "zh") -> None:
    """Fill every community sheet of a template the way an evaluator would in Excel."""
    yes, no, na = WORDS[lang]
    wb = openpyxl.load_workbook(path)
    by_id = {r["community"]: r for r in reviews}
    for ws in wb.worksheets:
        if ws["H1"].value != FORM_MARK:
            continue
        r = by_id.pop(ws["B2"].value)
        ws["B4"] = "区民政局复查组"
        ws["D4"] = datetime(2022, 8, 15)
        entries = r["entries"]
        bonus = list(r.get("bonus", []))
        for row in ws.iter_rows(min_row=HEADER_ROW + 1):
            key, cell = row[0].value, row[2]
            if key is None:
                continue
            if key in entries:
                value = entries[key]
                if isinstance(value, bool):
                    cell.value = yes if value else no
                elif value == "n/a":
                    cell.value = na
                elif not isinstance(value, list):
                    cell.value = value
            elif "/" in key:
                indicator, item = key.split("/")
                cell.value = yes if item in entries[indicator] else no
            elif key == "bonus" and bonus:
                given = bonus.pop(0)
                row[1].value = given["reason"]
                cell.value = given["points"]
            elif key in r.get("vetoes", []):
                cell.value = yes
            elif key in ("#notes", "备注", "Notes"):
                row[1].value = "内部备注"
    assert not by_id, f"no sheet for {sorted(by_id)}"
    wb.save(path)


def yaml_round(tmp_path: Path, reviews: list[dict[str, Any]] = REVIEWS) -> Path:
    return write_round(
        tmp_path / "yaml-round", reviews, scheme=scheme_with_na_and_survey(), surveys=SURVEYS
    )


def form_round(tmp_path: Path, name: str = "xlsx-round") -> Path:
    """A copy of the YAML round without its reviews."""
    source = tmp_path / "yaml-round"
    if not source.exists():
        yaml_round(tmp_path)
    folder = tmp_path / name
    shutil.copytree(source, folder)
    for f in (folder / "reviews").iterdir():
        f.unlink()
    return folder


def without_sources(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Results with file names taken out of the reasons (a veto names its source)."""
    out = copy.deepcopy(data["results"])
    for res in out:
        res["reasons"] = [
            re.sub(r"\([^()]*reviews/[^()]*\)", "(source)", x) for x in res["reasons"]
        ]
    return out


# --- the round trip ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filled_xlsx_forms_score_exactly_like_the_yaml_reviews(tmp_path, lang):
    expected = score_json(yaml_round(tmp_path))
    folder = form_round(tmp_path)
    for stage in ("self", "district"):
        out = folder / "reviews" / f"forms-{stage}.xlsx"
        template(folder / "scheme", folder / "communities.csv", stage, out, lang=lang)
        fill_forms(out, [r for r in REVIEWS if r["stage"] == stage], lang)
    got = score_json(folder)
    assert without_sources(got) == without_sources(expected)
    c3 = next(r for r in got["results"] if r["community"]["id"] == "C3")
    sheet = "C3社区"
    assert any(f"forms-district.xlsx!{sheet}!C" in x for x in c3["reasons"]), c3["reasons"]
    explain = cli("explain", folder, "C2").stdout
    assert "forms-self.xlsx" in explain and "C2社区!C7" in explain


def test_xlsx_forms_mix_with_yaml_and_csv_reviews(tmp_path):
    folder = form_round(tmp_path)
    out = template(
        folder / "scheme",
        folder / "communities.csv",
        "district",
        folder / "reviews" / "district.xlsx",
    )
    fill_forms(out, [r for r in REVIEWS if r["stage"] == "district"])
    for r in REVIEWS:
        if r["stage"] == "self":
            (folder / "reviews" / f"{r['community']}-self.yaml").write_text(
                yaml.safe_dump(r, allow_unicode=True), "utf-8"
            )
    assert without_sources(score_json(folder)) == without_sources(
        score_json(tmp_path / "yaml-round")
    )


def test_yaml_template_filled_in_scores_like_the_reviews(tmp_path):
    expected = score_json(yaml_round(tmp_path))
    folder = form_round(tmp_path)
    for stage in ("self", "district"):
        out = template(
            folder / "scheme", folder / "communities.csv", stage, tmp_path / f"{stage}.yaml"
        )
        text = out.read_text("utf-8")
        assert "    a1:  # 6 · scale item · " in text  # max, standard, what to enter
        forms = yaml.safe_load(text)
        assert [f["community"] for f in forms] == ["C1", "C2", "C3"]
        assert all(v is None for f in forms for v in f["entries"].values())
        assert "b3" not in forms[0]["entries"]  # survey: from surveys/
        by_id = {r["community"]: r for r in REVIEWS if r["stage"] == stage}
        for f in forms:
            f["entries"] = by_id[f["community"]]["entries"]
            f["bonus"] = by_id[f["community"]].get("bonus", [])
            f["vetoes"] = by_id[f["community"]].get("vetoes", [])
        (folder / "reviews" / f"{stage}.yaml").write_text(
            yaml.safe_dump(forms, allow_unicode=True), "utf-8"
        )
    assert without_sources(score_json(folder)) == without_sources(expected)


def test_csv_template_filled_in_scores_like_the_reviews(tmp_path):
    import csv

    expected = score_json(yaml_round(tmp_path))
    folder = form_round(tmp_path)
    for stage in ("self", "district"):
        out = template(
            folder / "scheme",
            folder / "communities.csv",
            stage,
            tmp_path / f"{stage}.csv",
            lang="en",
        )
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows[0][:6] == ["community", "stage", "indicator", "value", "reviewer", "note"]
        assert all(row[3] == "" for row in rows[1:])
        by_id = {r["community"]: r for r in REVIEWS if r["stage"] == stage}
        for row in rows[1:]:
            value = by_id[row[0]]["entries"][row[2]]
            row[3] = (";".join(value) or "none") if isinstance(value, list) else str(value)
        for cid, r in by_id.items():
            for b in r.get("bonus", []):
                rows.append([cid, stage, "bonus", str(b["points"]), "", b["reason"]])
            for v in r.get("vetoes", []):
                rows.append([cid, stage, "veto", v, "", ""])
        buf = io.StringIO()
        csv.writer(buf).writerows(rows)
        (folder / "reviews" / f"{stage}.csv").write_text(buf.getvalue(), "utf-8")
    assert without_sources(score_json(folder)) == without_sources(expected)


# --- the xlsx form itself -----------------------------------------------------------


def test_form_layout_protection_and_validation(tmp_path):
    folder = yaml_round(tmp_path)
    out = template(folder / "scheme", folder / "communities.csv", "district", tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["填表说明", "C1社区", "C2社区", "C3社区"]
    assert wb["填表说明"]["H1"].value == GUIDE_MARK
    ws = wb["C1社区"]
    assert (ws["H1"].value, ws["B2"].value, ws["B3"].value) == (FORM_MARK, "C1", "district")
    assert ws.protection.sheet is True
    rows = {ws.cell(r, 1).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    assert [k for k in rows if k] == [
        "a1",
        "a2",
        "a3",
        "a3/x",
        "a3/y",
        "b1",
        "b2",
        "b3",
        "bonus",
        "incident",
        "备注",
    ]
    # input cells unlocked, structure locked
    assert ws["B4"].protection.locked is False  # reviewer
    assert ws["D4"].protection.locked is False  # date
    for key in ("a1", "a2", "a3/x", "b1", "b2", "bonus", "incident"):
        assert ws.cell(rows[key], 3).protection.locked is False, key
    for key in ("a3", "b3"):  # checklist (no n/a) and survey: nothing to enter
        assert ws.cell(rows[key], 3).protection.locked is True, key
    for cell in ("A6", "B2", "B3", f"A{rows['a1']}", f"B{rows['a1']}", f"D{rows['a1']}"):
        assert ws[cell].protection.locked is True, cell
    header = [ws.cell(HEADER_ROW, c).value for c in range(1, 8)]
    assert header == ["编号", "指标内容", "录入", "满分", "类型", "核查方式", "填写说明"]
    assert ws.cell(rows["a1"], 4).value == 6
    assert ws.cell(rows["a1"], 5).value == "评分"
    assert "步长 0.5" in ws.cell(rows["a1"], 7).value
    validations = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            validations[rng.coord] = dv
    a1 = validations[f"C{rows['a1']}"]
    assert a1.type == "custom" and "<=6" in a1.formula1 and '"不适用"' in a1.formula1
    assert validations[f"C{rows['a2']}"].type == "list"
    assert validations[f"C{rows['a2']}"].formula1 == '"是,否"'
    assert validations[f"C{rows['a3/x']}"].formula1 == '"是,否"'
    assert validations[f"C{rows['b1']}"].type == "whole"
    assert validations[f"C{rows['b2']}"].type == "decimal"
    assert validations[f"C{rows['bonus']}"].formula2 == "2"  # the bonus cap
    assert validations[f"C{rows['incident']}"].type == "list"


def test_template_is_byte_identical_for_the_same_inputs(tmp_path):
    folder = yaml_round(tmp_path)
    a = template(folder / "scheme", folder / "communities.csv", "self", tmp_path / "a.xlsx")
    b = template(folder / "scheme", folder / "communities.csv", "self", tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()


def test_template_refuses_an_unknown_stage_and_its_own_register(tmp_path):
    folder = yaml_round(tmp_path)
    result = cli(
        "template",
        folder / "scheme",
        "--register",
        folder / "communities.csv",
        "--stage",
        "distrct",
        "-o",
        tmp_path / "f.xlsx",
        code=2,
    )
    assert "unknown stage 'distrct' (did you mean 'district'?)" in result.stderr
    result = cli(
        "template",
        folder / "scheme",
        "--register",
        folder / "communities.csv",
        "--stage",
        "self",
        "-o",
        folder / "communities.csv",
        "--force",
        code=2,
    )
    assert "is an input of this command" in result.stderr


def test_sheet_names_are_valid_and_unique(tmp_path):
    folder = yaml_round(tmp_path)
    (folder / "communities.csv").write_text(
        "id,name,street\nC1,东安/社区[一]*,东关街道\nC2,东安/社区[一]*,东关街道\n"
        "C3,这是一个非常非常非常非常非常非常非常非常长的社区名字超过三十一个字符,东关街道\n",
        "utf-8",
    )
    out = template(folder / "scheme", folder / "communities.csv", "self", tmp_path / "f.xlsx")
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert names[1:] == ["东安_社区_一__", "东安_社区_一__ (2)", names[3]]
    assert len(names[3]) <= 31


# --- problems, each with its cell -------------------------------------------------------


def one_form(tmp_path: Path, **changes: Any) -> tuple[Path, Path]:
    """A round whose district reviews are an xlsx form; ``changes`` go into C1's sheet
    as {cell: value} after filling."""
    folder = form_round(tmp_path)
    for r in REVIEWS:
        if r["stage"] == "self":
            (folder / "reviews" / f"{r['community']}-self.yaml").write_text(
                yaml.safe_dump(r, allow_unicode=True), "utf-8"
            )
    out = template(
        folder / "scheme",
        folder / "communities.csv",
        "district",
        folder / "reviews" / "forms.xlsx",
    )
    fill_forms(out, [r for r in REVIEWS if r["stage"] == "district"])
    if changes:
        wb = openpyxl.load_workbook(out)
        for cell, value in changes.items():
            wb["C1社区"][cell] = value
        wb.save(out)
    return folder, out


def fails(folder: Path, *expected: str) -> str:
    result = cli("score", folder, code=1)
    assert result.stdout == ""
    for text in expected:
        assert text in result.stderr, result.stderr
    assert "nothing was scored" in result.stderr
    return result.stderr


def test_every_problem_names_its_sheet_and_cell(tmp_path):
    # rows: 7 a1, 8 a2, 9 a3, 10 a3/x, 11 a3/y, 13 b1, 14 b2, 17 bonus, 20 incident
    folder, _ = one_form(
        tmp_path, C7=7, C8="maybe", C10="perhaps", C13=1.5, C14="abc", B17=None, C17=1
    )
    fails(
        folder,
        "forms.xlsx!C1社区!C7: error: 7 is above the max 6 of a1 [entry]",
        "forms.xlsx!C1社区!C8: error: 'maybe' is not yes/no for a2",
        "forms.xlsx!C1社区!C10: error: 'perhaps' is not yes/no for item x of a3",
        "forms.xlsx!C1社区!C13: error: 1.5 is not a whole count of findings for b1",
        "forms.xlsx!C1社区!C14: error: b2: expected a measured value, got 'abc'",
        "forms.xlsx!C1社区!B17: error: bonus points without a reason [bonus]",
    )


def test_a_blank_form_lists_every_missing_entry(tmp_path):
    folder, _ = one_form(tmp_path, C7=None, C8=None, C10=None, C11=None, C13=None, C14=None)
    err = fails(
        folder,
        "forms.xlsx!C1社区!C7: error: a1 has no value; expected a number from 0 to 6",
        "forms.xlsx!C1社区!C8: error: a2 has no value",
        "forms.xlsx!C1社区!C10: error: a3 has no value",
        "forms.xlsx!C1社区!C13: error: b1 has no value",
        "forms.xlsx!C1社区!C14: error: b2 has no value",
    )
    assert "has no entry for" not in err  # reported once, at the cell


def test_checklist_na_and_a_blank_item(tmp_path):
    # a3 allows no n/a; a blank item counts as not met once another is answered
    folder, _ = one_form(tmp_path, C9="不适用")
    fails(folder, "forms.xlsx!C1社区!C9: error: a3 does not allow n/a")
    folder, _ = one_form(tmp_path / "two", C10=None)  # x blank, y yes
    c1 = next(r for r in score_json(folder)["results"] if r["community"]["id"] == "C1")
    assert c1["stages"]["district"] > 0


def test_unknown_stage_duplicate_sheet_and_foreign_sheet(tmp_path):
    folder, out = one_form(tmp_path, B3="distrct")
    fails(folder, "forms.xlsx!C1社区!B3: error: unknown stage 'distrct' (did you mean 'district'?)")
    folder, out = one_form(tmp_path / "two")
    wb = openpyxl.load_workbook(out)
    copy_ = wb.copy_worksheet(wb["C2社区"])
    copy_.title = "C2 again"
    wb.create_sheet("scratch")["A1"] = "my notes"
    wb.save(out)
    fails(
        folder,
        "forms.xlsx!C2 again!B2: error: a second district review of C2 in this workbook "
        "(the first is on sheet C2社区)",
        "forms.xlsx!scratch: error: not a star-rate review form (no form mark in H1)",
    )


def test_validate_reads_a_lone_form(tmp_path):
    folder, out = one_form(tmp_path)
    cli("validate", out, "--criteria", folder / "scheme")
    folder, out = one_form(tmp_path / "two", C7=6.5)
    result = cli("validate", out, "--criteria", folder / "scheme", code=1)
    assert "forms.xlsx!C1社区!C7: error: 6.5 is above the max 6 of a1" in result.stdout


# --- damaged, fake and hostile files ------------------------------------------------------


def _zip(members: dict[str, bytes], level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _valid_form(tmp_path: Path) -> bytes:
    folder = yaml_round(tmp_path / "src")
    out = template(folder / "scheme", folder / "communities.csv", "self", tmp_path / "v.xlsx")
    return out.read_bytes()


BAD_FILES = {
    "text": (lambda good: b"community,stage\nC1,self\n", "not an xlsx workbook (not a zip"),
    "old-xls": (
        lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "an old binary .xls workbook or a password-protected file",
    ),
    "truncated": (lambda good: good[: len(good) // 2], "damaged or truncated xlsx file"),
    "corrupt": (
        lambda good: good[:200] + bytes(b ^ 0x55 for b in good[200:400]) + good[400:],
        "damaged or truncated xlsx file",
    ),
    "other-zip": (lambda good: _zip({"content.xml": b"<x/>"}), "no xl/workbook.xml"),
    "zip-bomb": (
        lambda good: _zip(
            {"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": bytes(40 << 20)}
        ),
        "refusing a possible zip bomb",
    ),
    "dtd": (
        lambda good: _zip(
            {
                "xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x/>',
            }
        ),
        "declares a DTD",
    ),
    "empty-workbook": (
        lambda good: _zip({"xl/workbook.xml": b"<not-a-workbook/>"}),
        "cannot read the workbook",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_xlsx_is_a_clear_error_without_traceback(tmp_path, case):
    make, message = BAD_FILES[case]
    good = _valid_form(tmp_path)
    folder = yaml_round(tmp_path)
    (folder / "reviews" / "forms.xlsx").write_bytes(make(good))
    err = fails(folder, "forms.xlsx: error: ", message)
    assert "Traceback" not in err


def test_declared_sizes_are_checked_before_anything_is_unpacked(monkeypatch):
    text = "".join(f"<c r='A{i}'><v>{i * 7919 % 10007}</v></c>" for i in range(40_000))
    data = _zip({"xl/workbook.xml": b"<x/>", "big.xml": text.encode()}, level=1)
    assert check_container(data) is None
    monkeypatch.setattr(xlsxforms, "MAX_UNCOMPRESSED", 1_000_000)
    assert "MB, over the limit of 1 MB" in (check_container(data) or "")
    monkeypatch.setattr(xlsxforms, "MAX_MEMBERS", 1)
    assert "holds 2 parts, over the limit of 1" in (check_container(data) or "")


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_form_saved_again_by_libreoffice_still_reads(tmp_path):
    """Offices fill forms in WPS or LibreOffice as often as in Excel."""
    import subprocess

    folder, out = one_form(tmp_path)
    expected = score_json(folder)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path / "lo"),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    shutil.copy(tmp_path / "lo" / "forms.xlsx", out)
    assert score_json(folder)["results"] == expected["results"]


def test_the_form_title_names_the_stage_once(tmp_path):
    """ "District review" is the stage's label: the title is "… District review form",
    not "District review review form"."""
    out = tmp_path / "f.xlsx"
    cli(
        "template",
        "builtin",
        "--register",
        ROOT / "samples/changan-2022/communities.csv",
        "--stage",
        "district",
        "-o",
        out,
        "--lang",
        "en",
    )
    ws = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    title = next(ws.iter_rows(max_row=1, values_only=True))[0]
    assert title == "Star-rated harmonious community assessment: District review form"


# --- the notes row and messages in the form's language -------------------------------


@pytest.mark.parametrize(("lang", "heading"), [("zh", "备注"), ("en", "Notes")])
def test_the_notes_row_is_headed_in_the_forms_language_and_reads_back(tmp_path, lang, heading):
    from star_rating.errors import Collector
    from star_rating.loading.reviews import ReviewReader
    from star_rating.loading.scheme import load_scheme

    folder = form_round(tmp_path)
    out = folder / "reviews" / "forms.xlsx"
    template(folder / "scheme", folder / "communities.csv", "district", out, lang=lang)
    ws = openpyxl.load_workbook(out)["C1社区"]
    keys = [ws.cell(r, 1).value for r in range(HEADER_ROW + 1, ws.max_row + 1)]
    assert [k for k in keys if k][-1] == heading
    fill_forms(out, [r for r in REVIEWS if r["stage"] == "district"], lang)
    col = Collector()
    reviews = ReviewReader(load_scheme(folder / "scheme", col), col).read(out)
    assert {r.notes for r in reviews} == {"内部备注"}


def test_forms_score_could_not_read_back_are_said_in_chinese(tmp_path, monkeypatch):
    folder = write_round(tmp_path / "r", [review("C1", "self"), review("C2", "self")])
    monkeypatch.setattr(xlsxforms, "MAX_MEMBERS", 3)
    out = cli(
        "template",
        folder / "scheme",
        "--register",
        folder / "communities.csv",
        "--stage",
        "self",
        "-o",
        tmp_path / "forms.xlsx",
        "--lang",
        "zh",
        code=1,
    )
    assert out.stderr.startswith("star-rate: 错误：生成的评审表无法被 score 读回："), out.stderr
    assert out.stderr.endswith("；请为少于 2 个社区生成评审表（例如按街道分别准备名单）\n"), (
        out.stderr
    )
