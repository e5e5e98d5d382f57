"""A review's entries kept compact (`Entries`): value ids and positions in arrays,
each (indicator, text) parsed once per round, an `Entry` made when read.  It must
behave as the mapping of entries it replaces."""

from __future__ import annotations

from decimal import Decimal

import pytest

from star_rating.entries import NA
from star_rating.models.round import Appeal, Entries, EntryTable, Source


def table() -> EntryTable:
    return EntryTable(["a1", "a2", "b1"])


def test_an_entry_is_read_back_with_its_value_and_place():
    t = table()
    e = Entries(t)
    vid = t.add("a2", "4.5", Decimal("4.5"))
    assert e.add("a2", vid, Source("r/x.csv", 7)) is None
    got = e["a2"]
    assert (got.indicator, got.raw, got.value, got.appeal) == ("a2", "4.5", Decimal("4.5"), None)
    assert got.source == Source("r/x.csv", 7)
    assert "a2" in e and "a1" not in e and "zz" not in e
    assert list(e) == ["a2"] and len(e) == 1
    assert e.get("a1") is None
    with pytest.raises(KeyError):
        e["a1"]


def test_the_same_text_of_an_indicator_is_one_value_id():
    t = table()
    first = t.add("a1", "是", True)
    assert t.known("a1", "是") == first
    assert t.known("a2", "是") is None  # another indicator: parsed on its own
    assert t.owner[first] == "a1"


def test_yaml_numbers_and_lists_are_shared_by_their_exact_spelling():
    t = table()
    one = t.add("a1", 1, Decimal(1))
    items = t.add("a1", ["x", "y"], ("x", "y"))
    assert t.known("a1", 1) == one and t.known("a1", ["x", "y"]) == items
    # shown apart, so kept apart: 1.0, True and Decimal 1.0 are other spellings of 1
    for other in (1.0, True, Decimal("1.0"), "1", ["y", "x"]):
        assert t.known("a1", other) is None, other
    assert t.known("a1", {"x": 1}) is None  # anything else is kept on its own


def test_a_second_entry_keeps_the_first_and_names_where_it_was():
    t = table()
    e = Entries(t)
    one, two = t.add("a1", "1", Decimal(1)), t.add("a1", "2", Decimal(2))
    e.add("a1", one, Source("r/x.csv", 3))
    assert e.add("a1", two, Source("r/x.csv", 9)) == Source("r/x.csv", 3)
    assert e["a1"].value == Decimal(1) and len(e) == 1
    assert e.add_line(t.index["a1"], two, "r/x.csv", 9) is False


def test_positions_keep_columns_cells_and_other_files():
    t = table()
    e = Entries(t)
    v = t.add("a1", "1", Decimal(1))
    e.add("a1", v, Source("r/x.yaml", 12))  # a line alone
    e.add("a2", v, Source("r/x.yaml", 13, 5))  # then a column: lines and columns packed
    e.add("b1", v, Source("r/y.xlsx", cell="S!C7"))  # a cell: kept as it is
    assert e["a1"].source == Source("r/x.yaml", 12)
    assert e["a2"].source == Source("r/x.yaml", 13, 5)
    assert e["b1"].source == Source("r/y.xlsx", cell="S!C7")


def test_a_long_csvs_rows_are_kept_by_line():
    t = table()
    e = Entries(t)
    v = t.add("b1", "n/a", NA)
    assert e.add_line(t.index["b1"], v, "r/all.csv", 2_000_000) is True
    assert e["b1"].source == Source("r/all.csv", 2_000_000) and e["b1"].value is NA
    assert e.add_line(t.index["a1"], v, "r/other.csv", 3) is False  # another file


def test_an_appeal_replaces_the_value_not_the_text():
    t = table()
    e = Entries(t)
    e.add("a1", t.add("a1", "3", Decimal(3)), Source("r/x.csv", 4))
    appeal = Appeal(
        "C1",
        "district",
        "a1",
        "5",
        Decimal(5),
        "why",
        "office",
        "2026-01-01",
        Source("r/appeals.yaml", 2),
    )
    assert not e.appealed
    e.appeal("a1", appeal)
    got = e["a1"]
    assert e.appealed and (got.raw, got.value, got.appeal) == ("3", Decimal(5), appeal)
    assert e.vids[t.index["a1"]] == t.known("a1", "3")  # the entry as read stays


def test_sums_from_value_ids_equal_the_entry_by_entry_sums(tmp_path):
    """Every review of the sample round and of a generated realistic round (n/a,
    appeals, bonus) summed from its value ids and, as a plain dict of entries, one
    entry at a time."""
    import dataclasses
    import sys

    from helpers import ROOT
    from star_rating import api
    from star_rating.engine.columns import review_units

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    generate.generate(40, tmp_path / "r", shape="realistic")
    for folder in (ROOT / "samples" / "changan-2022", tmp_path / "r"):
        rnd = api.load(folder)
        reviews = list(rnd.reviews.values())
        assert all(isinstance(r.entries, Entries) for r in reviews)
        appealed = sum(r.entries.appealed for r in reviews)  # type: ignore[union-attr]
        plain = [dataclasses.replace(r, entries=dict(r.entries.items())) for r in reviews]
        assert review_units(rnd.scheme, reviews) == review_units(rnd.scheme, plain)
        assert appealed or folder.name != "r"


def test_short_arrays_widen_when_a_number_does_not_fit():
    """Value ids and line offsets are short integers while they fit; a larger one
    widens the array and every entry before it reads back the same."""
    t = table()
    e = Entries(t)
    assert (e.vids.typecode, e.positions.typecode) == ("h", "h")
    small = t.add("a1", "1", Decimal(1))
    e.add("a1", small, Source("r/x.csv", 12))
    t.values.extend([("x", Decimal(0))] * 40_000)  # value ids past a short integer
    t.owner.extend(["a2"] * 40_000)
    big = len(t.values) - 1
    e.add("a2", big, Source("r/x.csv", 1_000_000))  # a line past a short integer
    assert (e.vids.typecode, e.positions.typecode) == ("i", "i")
    assert e["a1"].source == Source("r/x.csv", 12)
    assert e["a2"].source == Source("r/x.csv", 1_000_000) and e["a2"].raw == "x"
    e.add("b1", small, Source("r/x.csv", 5, 7))  # a column: positions packed
    assert e.positions.typecode == "q"
    assert [e[k].source for k in ("a1", "a2", "b1")] == [
        Source("r/x.csv", 12),
        Source("r/x.csv", 1_000_000),
        Source("r/x.csv", 5, 7),
    ]


def test_entries_taken_whole_keep_their_lines_from_a_base():
    from array import array

    t = table()
    one = t.add("a1", "1", Decimal(1))
    e = Entries(t)
    e.adopt(array("h", [one, -1, one]), array("h", [0, 0, 3]), 40_000, 2, "r/x.csv")
    assert [(k, v.source.line) for k, v in e.items()] == [("a1", 40_000), ("b1", 40_003)]
    e.widen()  # written in place from here: lines themselves
    assert list(e.positions)[0::2] == [40_000, 40_003]
    assert e.add_line(t.index["a2"], one, "r/x.csv", 39_990)
    assert [v.source.line for v in e.values()] == [40_000, 39_990, 40_003] and len(e) == 3


def test_shared_offsets_are_copied_before_a_review_writes_to_them():
    """Reviews whose lines come in the same order share one array of offsets; a review
    that later takes one more entry writes to a copy of its own."""
    from array import array

    t = table()
    one = t.add("a1", "1", Decimal(1))
    offsets = array("h", [0, 0, 1])
    first, second = Entries(t), Entries(t)
    first.adopt(array("h", [one, -1, one]), offsets, 10, 2, "r/x.csv", shared=True)
    second.adopt(array("h", [one, -1, one]), offsets, 50, 2, "r/x.csv", shared=True)
    assert first.positions is second.positions
    assert second.add_line(t.index["a2"], one, "r/x.csv", 70)
    assert [v.source.line for v in first.values()] == [10, 11]
    assert [v.source.line for v in second.values()] == [50, 70, 51]
    assert list(offsets) == [0, 0, 1]
