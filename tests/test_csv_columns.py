"""Long CSV reviews read as columns give exactly what reading them row by row gives:
the same reviews, entries, places, bonus, vetoes and problems, for any mix of plain
entries and the rows read on their own (blank cells, bonus, veto, unknown ids, bad
values, second entries, short and long rows, quoted line breaks, blank lines), in
one piece or many."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from star_rating.errors import Collector
from star_rating.loading import csvscan
from star_rating.loading.reviews import ReviewReader
from star_rating.loading.scheme import load_scheme

ROOT = Path(__file__).resolve().parent.parent
PANEL = ROOT / "samples" / "schemes" / "panel-community"

COMMUNITIES = ["C1", "C2", "C3", " C1", "社区Ａ", ""]
STAGES = ["self", "street", "district", "distrct", ""]
REVIEWERS = ["", "r1", "r2", "组长"]
INDICATORS = ["pb-1", "pb-2", "sv-1", "sv-2", "gv-1", "gv-2", "bonus", "veto", "zz", ""]
VALUES = ["1", "0.5", "2", "true", "false", "a;b", "n/a", "x", "", "major-incident", "3", " 1 "]
NOTES = ["", "n", "a,b", "two\nlines", 'say "hi"', "三\r\n行"]

row = st.tuples(
    st.sampled_from(COMMUNITIES),
    st.sampled_from(STAGES),
    st.sampled_from(REVIEWERS),
    st.sampled_from(INDICATORS),
    st.sampled_from(VALUES),
    st.sampled_from(NOTES),
    st.sampled_from(["plain", "plain", "plain", "short", "long", "blank line", "blank cells"]),
)


def write(path: Path, rows: list[tuple[str, ...]], ending: str, quote_all: bool) -> None:
    out = io.StringIO()
    w = csv.writer(
        out, lineterminator=ending, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    w.writerow(["community", "stage", "reviewer", "indicator", "value", "note"])
    for c, s, r, i, v, n, shape in rows:
        if shape == "blank line":
            out.write(ending)
        elif shape == "blank cells":
            w.writerow([""] * 6)
        cells = [c, s, r, i, v, n]
        if shape == "short":
            cells = cells[:5]
        elif shape == "long":
            cells = [*cells, "extra"]
        w.writerow(cells)
    path.write_bytes(out.getvalue().encode("utf-8"))


def read_as_columns(monkeypatch) -> list[bool]:
    """Whether each table read was read as columns (True) or row by row (False)."""
    taken: list[bool] = []
    real = csvscan.read_columns

    def spy(*args):
        taken.append(real(*args))
        return taken[-1]

    monkeypatch.setattr(csvscan, "read_columns", spy)
    return taken


def read(path: Path, columnar: bool) -> tuple[list[object], list[object]]:
    col = Collector()
    scheme = load_scheme(PANEL, col)
    reader = ReviewReader(scheme, col)
    if not columnar:
        original = csvscan.read_columns
        csvscan.read_columns = lambda *args: False  # type: ignore[assignment]
    try:
        reviews = reader.read(path)
    finally:
        if not columnar:
            csvscan.read_columns = original
    got: list[object] = []
    for rv in reviews:
        entries = sorted(
            (k, repr(e.raw), repr(e.value), str(e.source)) for k, e in rv.entries.items()
        )
        got.append(
            (
                rv.community,
                rv.stage,
                rv.reviewer,
                str(rv.source),
                entries,
                [(str(b.points), b.reason, str(b.source)) for b in rv.bonus],
                [(v.id, str(v.source)) for v in rv.vetoes],
                sorted(rv.invalid),
                len(rv.entries),
            )
        )
    problems = [(p.line, p.column, p.said, p.rule, p.severity) for p in col.problems]
    return got, problems


@settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(row, max_size=60),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    quote_all=st.booleans(),
    block=st.sampled_from([64, 200, 1 << 20]),
)
def test_columns_read_as_rows_do(tmp_path_factory, monkeypatch, rows, ending, quote_all, block):
    path = tmp_path_factory.mktemp("csv") / "reviews.csv"
    write(path, rows, ending, quote_all)
    monkeypatch.setattr(csvscan, "_BLOCK", block)
    assert read(path, columnar=True) == read(path, columnar=False)


def test_the_scan_follows_the_file(tmp_path):
    """The rows are read as columns (not row by row) for the quirks the scan follows;
    the ones it cannot follow are read row by row."""
    cases = {
        b'a,b,c\n1, "6",x\n': True,  # a quote after a space is a character
        b'a,b,c\n1,"x\ny",3\n4,5,6\n': True,
        b"a,b,c\r1,2,3\r\r4,5,6\r": True,
        b"a,b,c\n1,2\n": True,  # a short row is read on its own
        b'a,b,c\n1,5"x,y\n': True,
        b'a,b,c\n1,"open\n': False,  # a quote still open at the end
        b"a,b,c\n1,\x00,3\n": False,
    }
    for data, followed in cases.items():
        path = tmp_path / "t.csv"
        path.write_bytes(data)
        found = csvscan.scan(path, 0, 1, 3, ",", 1 << 20)
        assert (found is not None) == followed, data


def test_rows_start_on_their_lines(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b,c\n\n1,"x\r\ny",3\r\n\r\n4,5,6\n7,8\n9,10,11')
    found = csvscan.scan(path, 0, 1, 3, ",", 1 << 20)
    assert found is not None
    assert found.rows == 3 and found.multiline
    assert found.lines(0, 3).tolist() == [3, 6, 8]
    assert [(o.before, o.line, o.text) for o in found.odd] == [(2, 7, b"7,8")]
    got = []
    for piece in csvscan.pieces(path, found, 3, ","):
        if piece.odd is not None:
            got.append((piece.odd.line, piece.odd.text))
        else:
            got += list(zip(piece.lines.tolist(), piece.columns[1].to_pylist(), strict=True))
    assert got == [(3, "x\r\ny"), (6, "5"), (7, b"7,8"), (8, "10")]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_are_read_as_columns(tmp_path, monkeypatch, encoding):
    rows = [
        ("C1", "self", "", "pb-1", "1", "备注", "plain"),
        ("社区Ａ", "street", "", "pb-2", "true", "", "short"),
    ]
    utf8 = tmp_path / "u.csv"
    write(utf8, rows, "\r\n", False)
    path = tmp_path / "o.csv"
    path.write_bytes(utf8.read_text("utf-8").encode(encoding))
    taken = read_as_columns(monkeypatch)
    got = read(path, columnar=True)
    assert taken == [True]
    assert got == read(path, columnar=False)
    assert [r[:2] for r in got[0]] == [("C1", "self"), ("社区Ａ", "street")]
    assert not list(tmp_path.parent.glob("star-rate-*.csv"))  # its UTF-8 copy is gone


def test_a_value_that_does_not_parse_then_the_same_indicator_again(tmp_path):
    """The bad value is read first (its error, the entry refused), then the second
    row is kept: as row by row, not "a second entry" of a row read later."""
    rows = [
        ("C2", "self", "", "pb-1", "true", "", "plain"),
        ("C2", "self", "", "pb-1", "1", "", "plain"),
    ]
    path = tmp_path / "r.csv"
    write(path, rows, "\n", False)
    got = read(path, columnar=True)
    assert got == read(path, columnar=False)
    (review,) = got[0]
    assert review[7] == ["pb-1"] and review[4][0][3].endswith("r.csv:3")
    assert [p[2].key for p in got[1]] == ["entry.of"]


def test_a_file_the_scan_cannot_follow_is_read_row_by_row(tmp_path, monkeypatch):
    """Many quotes inside unquoted cells (inches: 5") are more than the scan sets
    aside: the file is read row by row, to the same reviews."""
    lines = ["community,stage,reviewer,indicator,value,note"]
    lines += [f'C1,self,,pb-{k % 2 + 1},1,{k}" wide' for k in range(40)]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    taken = read_as_columns(monkeypatch)
    got = read(path, columnar=True)
    assert taken == [False]
    assert got == read(path, columnar=False)
    assert [r[:2] for r in got[0]] == [("C1", "self")]
    assert sum(p[2].key == "round.review.second_entry" for p in got[1]) == 38


def test_no_room_for_a_utf8_copy_reads_row_by_row(tmp_path, monkeypatch):
    """A GBK table is read through a UTF-8 copy; where no copy can be written (a full
    or read-only temp folder), it is read row by row, to the same reviews."""
    import tempfile

    rows = [("社区Ａ", "self", "", "pb-1", "1", "备注", "plain")]
    utf8 = tmp_path / "u.csv"
    write(utf8, rows, "\r\n", False)
    path = tmp_path / "g.csv"
    path.write_bytes(utf8.read_text("utf-8").encode("gb18030"))
    expected = read(path, columnar=False)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    assert read(path, columnar=True) == expected
    assert [r[:2] for r in expected[0]] == [("社区Ａ", "self")]


def test_a_block_arrow_refuses_is_read_row_by_row(tmp_path, monkeypatch):
    """Arrow refusing a block part way (or the file failing to read) drops what was
    read: the file is read row by row, each problem said once."""
    import pyarrow as pa

    rows = [
        ("C1", "self", "", "pb-1", "x", "", "plain"),
        ("C2", "self", "", "pb-1", "1", "", "plain"),
    ]
    path = tmp_path / "r.csv"
    write(path, rows, "\n", False)
    expected = read(path, columnar=False)
    real = csvscan.pieces

    def failing(*args, **kwargs):
        for k, got in enumerate(real(*args, **kwargs)):
            yield got
            if k == 0:
                raise pa.ArrowInvalid("CSV parse error")

    monkeypatch.setattr(csvscan, "_BLOCK", 64)
    monkeypatch.setattr(csvscan, "pieces", failing)
    got = read(path, columnar=True)
    assert got == expected
    assert [p[2].key for p in got[1]] == ["entry.of"]
