"""CSV files are read line by line: their memory is the rows, not the file, so they
have no file-size limit; YAML, JSON and xlsx files, parsed whole, keep theirs."""

from __future__ import annotations

import io
from pathlib import Path

import yaml

from helpers import cli, review, score_json, write_round
from star_rating.errors import Collector
from star_rating.loading import csvfile
from star_rating.loading.limits import LIMITS, read_limited


def _csv_value(v: object) -> str:
    if isinstance(v, list):
        return ";".join(v) or "none"
    return str(v).lower() if isinstance(v, bool) else str(v)


def _round(folder: Path, n: int, as_csv: bool) -> Path:
    reviews = [
        review(f"C{i:03d}", s, a1=(i % 12) / 2) for i in range(n) for s in ("self", "district")
    ]
    write_round(folder, reviews)
    for f in (folder / "reviews").iterdir():
        f.unlink()
    if as_csv:
        rows = ["community,stage,indicator,value"]
        for r in reviews:
            rows += [
                f"{r['community']},{r['stage']},{k},{_csv_value(v)}"
                for k, v in r["entries"].items()
            ]
        (folder / "reviews" / "all.csv").write_text("\n".join(rows) + "\n", "utf-8")
    else:
        (folder / "reviews" / "all.yaml").write_text(yaml.safe_dump(reviews), "utf-8")
    return folder


def test_a_csv_far_over_the_file_limit_is_read_and_a_yaml_file_is_not(tmp_path, monkeypatch):
    expected = score_json(_round(tmp_path / "yaml", 40, as_csv=False))
    big = _round(tmp_path / "csv", 40, as_csv=True)
    size = (big / "reviews" / "all.csv").stat().st_size
    monkeypatch.setattr(LIMITS, "max_file_bytes", size // 4)
    got = score_json(big)
    assert [(r["community"]["id"], r["total"], r["stars"]) for r in got["results"]] == [
        (r["community"]["id"], r["total"], r["stars"]) for r in expected["results"]
    ]
    refused = cli("score", tmp_path / "yaml", code=1)
    assert "reviews/all.yaml: error: file is 0.0 MB, over the limit of 0 MB" in refused.stderr


def test_a_huge_limit_reserves_no_memory(tmp_path, monkeypatch):
    f = tmp_path / "small.yaml"
    f.write_text("a: 1\n", "utf-8")
    monkeypatch.setattr(LIMITS, "max_file_bytes", 1 << 50)  # a petabyte: nothing reserved
    assert read_limited(f, "small.yaml", Collector()) == b"a: 1\n"


def test_the_line_of_a_bad_byte_is_right_across_blocks(tmp_path, monkeypatch):
    """Encodings are checked block by block; a CRLF split between two blocks is one
    line end, so the line number does not drift.  The line named is where the
    encoding that read furthest failed (here UTF-8, on line 4; GBK fails on line 3)."""
    monkeypatch.setattr(csvfile, "_BLOCK", 3)
    f = tmp_path / "bad.csv"
    text = "community,stage,indicator,value\r\nC1,self,a1,1\r\nC1,self,a2,是\r\n"
    f.write_bytes(text.encode("utf-8") + b"C1,self,a3,\xff\xfe\xfa\r\n")
    col = Collector()
    assert csvfile.read_csv(f, col, ("community", "stage", "indicator", "value")) is None
    assert [(p.line, p.message) for p in col.errors] == [
        (4, "neither UTF-8 nor GBK text; save the file as UTF-8 CSV")
    ]


def test_rows_are_read_as_the_file_is_read(tmp_path):
    """The reader pulls lines from the file as rows are asked for: after the header
    only the first rows have been read."""
    f = tmp_path / "r.csv"
    f.write_text("id,name,street\n" + "".join(f"C{i},n{i},s\n" for i in range(100_000)), "utf-8")
    table = csvfile.read_csv(f, Collector(), ("id", "name", "street"))
    assert table is not None
    rows = table.rows
    assert next(rows) == (2, ["C0", "n0", "s"])
    fh = table._lines.fh
    assert isinstance(fh, io.BufferedReader) and fh.tell() < f.stat().st_size // 4
    assert sum(1 for _ in rows) == 99_999
    assert fh.closed
