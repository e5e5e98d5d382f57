"""Numbers read right: one grammar for numeric text, YAML 1.2 scalars, Excel's 15 digits."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from helpers import both, cli, mini_scheme, rate, review, write_round
from star_rating.entries import EntryError, parse_entry, show, to_number
from star_rating.errors import Collector
from star_rating.loading import xlsxforms
from star_rating.loading.xlsxforms import FORM_MARK, HEADER_ROW, excel_number
from star_rating.loading.yamlpos import load_text
from star_rating.models.scheme import (
    BandsIndicator,
    CheckIndicator,
    ChecklistIndicator,
    DeductIndicator,
    ScaleIndicator,
)

_, _DIMS = mini_scheme()
_RAW = {i["id"]: i for d in _DIMS for i in d["indicators"]}
SCALE = ScaleIndicator.model_validate(_RAW["a1"])  # 0..6 in steps of 0.5
CHECK = CheckIndicator.model_validate(_RAW["a2"])
CHECKLIST = ChecklistIndicator.model_validate(_RAW["a3"])  # items x, y
DEDUCT = DeductIndicator.model_validate(_RAW["b1"])
BANDS = BandsIndicator.model_validate(_RAW["b2"])  # a 0-1 rate: 0.9, 0.8, 0.5


def error(ind: Any, raw: Any) -> str:
    with pytest.raises(EntryError) as exc:
        parse_entry(ind, raw)
    return str(exc.value)


# --- the number grammar -----------------------------------------------------------------


def test_a_decimal_comma_is_a_decimal_not_a_thousands_separator():
    # "0,45" used to be read as 45 (top band); "5,5" as 55 ("55 is above the max 6")
    assert parse_entry(BANDS, "0,45") == Decimal("0.45")
    assert parse_entry(SCALE, "5,5") == Decimal("5.5")
    assert to_number("-0,5") == Decimal("-0.5")
    assert to_number("12,3456") == Decimal("12.3456")


def test_thousands_groups_only_in_their_unambiguous_form():
    assert to_number("1,234") == Decimal("1234")
    assert to_number("12,345.6") == Decimal("12345.6")
    assert to_number("1,234,567") == Decimal("1234567")
    assert error(SCALE, "1,234") == "1,234 (read as 1234) is above the max 6 of a1"
    assert error(SCALE, "1,23,456") == "a1: expected a number, got '1,23,456'"
    assert error(SCALE, "1.234,5") == (
        "a1: expected a number, got '1.234,5' "
        "(write a decimal point and groups of three digits, e.g. 1,234.5)"
    )


def test_a_comma_before_three_digits_is_ambiguous_on_a_rate_and_where_not_grouping():
    assert error(BANDS, "1,234") == (
        "b2: '1,234' is ambiguous: 1234 with a thousands separator, or 1.234 with a "
        "decimal comma; expected a measured value (a rate such as 0.9 or 90%): "
        "write it with a decimal point"
    )
    assert error(BANDS, "0,450") == (
        "b2: '0,450' is ambiguous: a comma followed by three digits may be a thousands "
        "separator or a decimal comma; expected a measured value: write it with a decimal "
        "point, e.g. 0.450"
    )


def test_full_width_digits_point_comma_and_percent():
    # "５．５" was refused while "５.５" was accepted
    assert parse_entry(SCALE, "５．５") == Decimal("5.5")
    assert parse_entry(SCALE, "５.５") == Decimal("5.5")
    assert parse_entry(SCALE, "５，５") == Decimal("5.5")
    assert parse_entry(BANDS, "９１％") == Decimal("0.91")
    assert parse_entry(BANDS, "91 %") == Decimal("0.91")
    assert parse_entry(DEDUCT, "－０") == Decimal("0")


def test_percent_only_where_a_measured_value_is_asked():
    # 50% on a scale scored 0.5 points; 100% on a deduct counted 1 finding
    assert error(SCALE, "50%") == (
        "a1: expected a number, got '50%': % is only for measured values "
        "(a rate such as 91% on a bands indicator); write the number itself"
    )
    assert error(DEDUCT, "100%") == (
        "b1: expected a count of findings, got '100%': % is only for measured values "
        "(a rate such as 91% on a bands indicator); write the number itself"
    )
    with pytest.raises(EntryError, match=r"^expected bonus points, got '5%': % is only for"):
        to_number("5%", "bonus points")


def test_other_spellings_are_refused_with_the_text_as_written():
    assert error(DEDUCT, "0x10") == (
        "b1: expected a count of findings, got '0x10' "
        "(hexadecimal, octal and binary are not read; write a decimal number)"
    )
    assert error(SCALE, "1_0") == "a1: expected a number, got '1_0'"
    assert error(SCALE, "1:30") == "a1: expected a number, got '1:30'"
    assert error(SCALE, "٣") == "a1: expected a number, got '٣'"  # only 0-9 (and ０-９)


def test_the_step_check_is_exact_at_any_length():
    # at 28 digits of context this passed as a multiple of 0.5
    assert error(SCALE, "5.99999999999999999999999999999") == (
        "5.99999999999999999999999999999 is not a multiple of the step 0.5 of a1"
    )
    assert error(SCALE, Decimal("0.5000000000000000000000000000000000001")) == (
        "0.5000000000000000000000000000000000001 is not a multiple of the step 0.5 of a1"
    )
    assert parse_entry(SCALE, "5.500000000000000000000000000000000") == Decimal("5.5")
    assert error(DEDUCT, "2.00000000000000000000000000000001") == (
        "2.00000000000000000000000000000001 is not a whole count of findings for b1"
    )
    assert error(SCALE, "1e-100000") == (
        "a1: expected a number, got '1e-100000' (over 1000 decimal places)"
    )


def test_full_width_comma_separates_checklist_items():
    assert parse_entry(CHECKLIST, "x，y") == frozenset({"x", "y"})
    assert parse_entry(CHECKLIST, "x, y") == frozenset({"x", "y"})


def test_invisible_characters_are_stripped_at_the_ends_and_shown_inside():
    assert parse_entry(SCALE, "\ufeff5.5\u200b") == Decimal("5.5")
    assert parse_entry(CHECK, "是\u2060") is True
    assert parse_entry(CHECKLIST, ["\u200bx"]) == frozenset({"x"})
    assert error(SCALE, "5\u200b5") == "a1: expected a number, got '5<U+200B>5'"
    assert error(CHECKLIST, "x;y\u200cz") == (
        "unknown checklist item 'y<U+200C>z' for a3; expected some of x, y"
    )
    assert show("a\ufeffb\u200dc") == "a<U+FEFF>b<U+200D>c"


# --- YAML 1.2 scalars and ids as written ---------------------------------------------------


def load(text: str) -> tuple[Any, Collector]:
    col = Collector()
    doc = load_text(text, "r.yaml", col)
    assert doc is not None
    return doc.data, col


def test_yaml_is_read_as_yaml_1_2():
    data, col = load(
        "community: 010203\nb1: 010\nc: 0o10\nd: 0x1F\ne: 1:30\nf: [yes, no, on, off]\n"
        "g: [true, False, ~, 1e3, .5, 1_000]\n"
    )
    assert not col.problems
    assert str(data["community"]) == "010203"  # not 4227 (YAML 1.1 octal)
    assert data["b1"] == 10 and str(data["b1"]) == "010"
    assert (data["c"], data["d"], data["e"]) == ("0o10", "0x1F", "1:30")
    assert data["f"] == ["yes", "no", "on", "off"]
    assert data["g"][:3] == [True, False, None]
    assert data["g"][3:5] == [Decimal("1000"), Decimal("0.5")]
    assert data["g"][5] == "1_000"
    assert parse_entry(DEDUCT, data["b1"]) == Decimal("10")  # was 8 findings


def test_keys_are_the_text_as_written():
    data, col = load("010: a\n1.0: b\ntrue: c\n~: d\n")
    assert list(data) == ["010", "1.0", "true", "~"]
    assert not col.problems
    _, col = load("entries:\n  a\u200b1: 3\n")
    assert [p.format() for p in col.problems] == [
        "r.yaml:2:3: error: the key 'a<U+200B>1' holds an invisible character; retype it "
        "without the character shown as <U+…> [invisible]"
    ]
    data, col = load('\ufeffcommunity: "C1\u200b"\n')  # a pasted BOM, a trailing ZWSP
    assert data == {"community": "C1"}


def test_a_numeric_community_id_stays_as_written(tmp_path):
    folder = write_round(tmp_path, both("010203"), communities=[("010203", "东安社区", "东关街道")])
    for stage in ("self", "district"):
        path = folder / "reviews" / f"010203-{stage}.yaml"
        path.write_text(path.read_text("utf-8").replace("'010203'", "010203"), "utf-8")
        assert "community: 010203\n" in path.read_text("utf-8")
    assert rate(folder, "010203")["total"] == 20.0


@pytest.mark.parametrize(
    ("spelling", "dimensions"),
    [
        ("a1: 05.5", {"A": 9.8, "B": 10.0}),  # 5.5
        ("b1: 01", {"A": 10.0, "B": 9.3}),  # one finding
        ("b1: 010", {"A": 10.0, "B": 8.0}),  # ten findings: b1 floored at 0
        ("b2: '９１％'", {"A": 10.0, "B": 10.0}),
        ("a1: 0o10", None),  # text: not a number
        ("a2: on", None),  # text: not yes/no
    ],
)
def test_yaml_spellings_score_as_written(tmp_path, spelling, dimensions):
    folder = write_round(tmp_path, both("C1"))
    path = folder / "reviews" / "C1-district.yaml"
    key = spelling.split(":")[0]
    text = re.sub(rf"(?m)^  {key}: .*$", f"  {spelling}", path.read_text("utf-8"))
    path.write_text(text, "utf-8")
    if dimensions is None:
        refused = cli("score", folder, code=1)
        assert "reviews/C1-district.yaml:" in refused.stderr and key in refused.stderr
        return
    assert rate(folder, "C1")["dimensions"] == dimensions


def test_an_entry_error_in_a_flow_mapping_names_the_indicator(tmp_path):
    folder = write_round(tmp_path, [review("C1", "self")])
    (folder / "reviews" / "C1-district.yaml").write_text(
        "community: C1\nstage: district\nentries: {a1: .nan, a2: 3, a3: [x], b1: 0, b2: 0.9}\n",
        "utf-8",
    )
    result = cli("score", folder, code=1)
    assert (
        "reviews/C1-district.yaml:3:15: error: a1: expected a number, got '.nan' "
        "(not a finite number) [entry]" in result.stderr
    )
    assert "reviews/C1-district.yaml:3:25: error: '3' is not yes/no for a2" in result.stderr


# --- xlsx: Excel's 15 digits, uncalculated formulas, huge rows -------------------------------


def test_numeric_cells_are_read_at_excels_15_significant_digits():
    assert excel_number("0.89999999999999991") == Decimal("0.9")  # =0.7+0.2
    assert excel_number("0.30000000000000004") == Decimal("0.3")  # =0.1+0.2
    assert excel_number("5") == 5 and excel_number("6.0") == 6
    assert excel_number("123456789012345678") == 123456789012345678
    assert excel_number("1.2345678901234567") == Decimal("1.23456789012346")


def form(tmp_path: Path, cells: dict[str, str]) -> Path:
    """A round whose district review of C1 is a filled form; ``cells`` rewrite cells of
    the C1 sheet in its raw XML (indicator id -> what follows ``<c r="C7"``)."""
    folder = write_round(tmp_path, both("C1"))
    (folder / "reviews" / "C1-district.yaml").unlink()
    out = folder / "reviews" / "forms.xlsx"
    cli("template", folder / "scheme", "--register", folder / "communities.csv",
        "--stage", "district", "-o", out, "--lang", "en")  # fmt: skip
    wb = openpyxl.load_workbook(out)
    index = next(i for i, ws in enumerate(wb.worksheets) if ws["H1"].value == FORM_MARK)
    ws = wb.worksheets[index]
    full = {"a1": 6, "a2": "是", "a3/x": "是", "a3/y": "是", "b1": 0, "b2": 0.95}
    rows = {}
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        if row[0].value in full:
            row[2].value = full[row[0].value]
            rows[row[0].value] = row[2].row
    wb.save(out)
    member = f"xl/worksheets/sheet{index + 1}.xml"
    with zipfile.ZipFile(out) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    xml = parts[member].decode()
    for ind, content in cells.items():
        ref = f"C{rows[ind]}"
        xml, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', f'<c r="{ref}"{content}</c>', xml)
        assert n == 1
    parts[member] = xml.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    out.write_bytes(buf.getvalue())
    return folder


def test_a_formula_cell_scores_as_excel_shows_it(tmp_path):
    # =0.7+0.2 is cached as 0.89999999999999991: shown 0.9, so the 0.9 band (6 points)
    folder = form(tmp_path, {"b2": "><f>0.7+0.2</f><v>0.89999999999999991</v>"})
    assert rate(folder, "C1")["dimensions"]["B"] == 10.0  # was 9.0: the 0.8 band


def test_a_formula_never_calculated_says_so(tmp_path):
    folder = form(tmp_path, {"a1": "><f>2+3</f>"})
    result = cli("score", folder, code=1)
    assert (
        "forms.xlsx!C1社区!C7: error: a1: the formula in this cell was never calculated: "
        "open and save it in Excel [uncalculated]" in result.stderr
    )
    assert "a1 has no value" not in result.stderr


def test_invisible_characters_in_a_cell(tmp_path):
    inline = ' t="inlineStr"><is><t>{}</t></is>'  # inline strings, as some tools write them
    folder = form(
        tmp_path, {"a1": inline.format("\ufeff5.5\u200b"), "b1": inline.format("1\u200b0")}
    )
    result = cli("score", folder, code=1)
    assert (
        "forms.xlsx!C1社区!C13: error: b1: expected a count of findings, got '1<U+200B>0' "
        "[entry]" in result.stderr
    )
    assert "C7" not in result.stderr  # 5.5, once the invisible ends are dropped


def huge_row_workbook(n_cells: int) -> bytes:
    """A form sheet whose first row holds ``n_cells`` cells, then XML that cannot be
    parsed: reading it whole fails, stopping at the row limit does not."""
    wb = openpyxl.Workbook()
    wb.active["H1"] = FORM_MARK
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    cells = "".join(f"<c><v>{i % 997}</v></c>" for i in range(n_cells))
    parts["xl/worksheets/sheet1.xml"] = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1">{cells}<c><v>1</v></c <<< not XML'
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:  # stored: no zip-bomb ratio to trip
        for name, data in parts.items():
            zf.writestr(name, data, zipfile.ZIP_STORED)
    return out.getvalue()


def test_a_huge_row_is_refused_while_streaming(tmp_path):
    import tracemalloc

    data = huge_row_workbook(300_000)
    assert len(data) > 4_000_000
    tracemalloc.start()
    try:
        sheets = xlsxforms.read_sheets(data)  # no parse error: the garbage is never read
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [str(s.refused) for s in sheets] == ["row 1 has more than 16,384 cells (Excel's limit)"]
    assert peak < 20_000_000
    folder = write_round(tmp_path, both("C1"))
    (folder / "reviews" / "forms.xlsx").write_bytes(data)
    result = cli("score", folder, code=1)
    assert (
        "forms.xlsx!Sheet: error: row 1 has more than 16,384 cells (Excel's limit); "
        "not a review form [xlsx]" in result.stderr
    )
