"""The columnar reader (bulk long CSV through DuckDB) against the ordinary one.

Both read the same rounds; every figure, level, rank, reason and flag must agree,
and a round with any problem must produce the ordinary reader's report, with file
and line, because the columnar reader hands such rounds back to it."""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from helpers import ROOT, cli, generate_round
from star_rating import api
from star_rating.entries import show
from star_rating.loading.columnar import NotBulk, read_bulk
from star_rating.outputs.common import round_dict
from star_rating.outputs.csvout import render_csv
from star_rating.progress import SILENT

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("duckdb") is None, reason="DuckDB (extra `fast`) not installed"
)

SAMPLE = ROOT / "samples" / "changan-2022"


def _sample_as_long_csv(tmp_path: Path) -> Path:
    """The sample round with every review in one long CSV (its bonus and veto rows left
    out: the columnar reader hands rounds with those to the ordinary one)."""
    rnd = api.load(SAMPLE)
    out = tmp_path / "changan-long"
    shutil.copytree(SAMPLE, out, ignore=shutil.ignore_patterns("reviews"))
    (out / "reviews").mkdir()
    with (out / "reviews" / "all.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["community", "stage", "indicator", "value"])
        for (cid, stage), review in sorted(rnd.reviews.items()):
            for ind_id, entry in review.entries.items():
                raw = entry.raw
                value = ";".join(map(str, raw)) if isinstance(raw, list) else show(raw)
                if isinstance(raw, list) and not raw:
                    value = "none"
                w.writerow([cid, stage, ind_id, value])
    return out


def _both(folder: Path) -> tuple[dict, dict, bytes, bytes]:
    ordinary = api.run(folder, engine="entries", progress=SILENT)
    columnar = api.run(folder, engine="sums", progress=SILENT)
    assert not ordinary.round.sums
    assert columnar.round.sums, "the columnar reader must have read this round"
    assert not columnar.round.reviews
    out = []
    for scored in (ordinary, columnar):
        out.append(round_dict(scored.scheme, scored.result, "zh"))
    return (
        out[0],
        out[1],
        render_csv(ordinary.scheme, ordinary.result, "en"),
        render_csv(columnar.scheme, columnar.result, "en"),
    )


def test_sample_round_same_results_both_ways(tmp_path: Path) -> None:
    folder = _sample_as_long_csv(tmp_path)
    a, b, csv_a, csv_b = _both(folder)
    assert a == b  # totals, dimensions, stages, levels, ranks, reasons, flags, hashes
    assert csv_a == csv_b
    # the sample exercises what matters: surveys, n/a, requirements, several levels
    assert {r["stars"] for r in a["results"]} >= {5, 4, 3}
    assert any(r["flags"] for r in a["results"])


@pytest.mark.parametrize("seed", [3, 11])
def test_generated_rounds_same_results_both_ways(tmp_path: Path, seed: int) -> None:
    folder = generate_round(150, tmp_path / "r", seed=seed)
    a, b, csv_a, csv_b = _both(folder)
    assert a == b
    assert csv_a == csv_b


def test_cli_json_same_except_per_indicator_agreement(tmp_path: Path) -> None:
    folder = generate_round(40, tmp_path / "r")
    ordinary = json.loads(cli("score", folder, "--format", "json", "--engine", "entries").stdout)
    columnar = json.loads(cli("score", folder, "--format", "json", "--engine", "sums").stdout)
    assert ordinary["results"] == columnar["results"]
    assert ordinary["hashes"] == columnar["hashes"]
    oa, ca = ordinary.pop("agreement"), columnar.pop("agreement")
    assert ordinary == columnar
    assert oa["alpha"]["dimensions"] == ca["alpha"]["dimensions"]
    assert oa["stages"]["self"]["dimensions"] == ca["stages"]["self"]["dimensions"]
    assert ca["stages"]["self"]["indicators"] is None and "entries" in ca["note"]


def _rows(folder: Path) -> list[str]:
    return (folder / "reviews" / "all.csv").read_text(encoding="utf-8").splitlines()


def _write_rows(folder: Path, rows: list[str]) -> None:
    (folder / "reviews" / "all.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _corrupt(folder: Path, how: str) -> int:
    """Make one row bad; return its line number."""
    rows = _rows(folder)
    line = 57
    cid, stage, ind, _value = rows[line - 1].split(",")
    if how == "value":
        rows[line - 1] = f"{cid},{stage},{ind},lots"
    elif how == "indicator":
        rows[line - 1] = f"{cid},{stage},d99-9,1"
    elif how == "duplicate":
        rows.insert(line - 1, rows[line - 1])
    elif how == "community":
        rows[line - 1] = f"X999,{stage},{ind},{_value}"
    elif how == "missing":
        del rows[line - 1]
    _write_rows(folder, rows)
    return line


@pytest.mark.parametrize("how", ["value", "indicator", "duplicate", "community", "missing"])
def test_bad_rows_get_the_ordinary_report_with_lines(tmp_path: Path, how: str) -> None:
    folder = generate_round(30, tmp_path / "r")
    line = _corrupt(folder, how)
    ordinary = cli("score", folder, "--engine", "entries", code=1)
    columnar = cli("score", folder, "--engine", "sums", code=1)
    assert columnar.stdout == ordinary.stdout
    report = columnar.stderr
    assert report.endswith(ordinary.stderr)  # plus, at most, the note on the fallback
    if how != "missing":  # a missing entry is reported at the review's first row
        assert f"all.csv:{line + (1 if how == 'duplicate' else 0)}" in report
    else:
        assert "has no entry for" in report


def test_reader_refuses_what_it_does_not_model(tmp_path: Path) -> None:
    folder = generate_round(20, tmp_path / "r")
    rnd = api.load(folder)
    files = [folder / "reviews" / "all.csv"]
    rows = _rows(folder)
    _write_rows(folder, [*rows, "C000001,self,bonus,2"])
    with pytest.raises(NotBulk, match="no entry indicator"):
        read_bulk(rnd.scheme, rnd.communities, files)
    cid, stage, ind, _ = rows[5].split(",")
    _write_rows(folder, [*rows[:5], f"{cid},{stage},{ind},", *rows[6:]])
    with pytest.raises(NotBulk, match="blank"):
        read_bulk(rnd.scheme, rnd.communities, files)
    (folder / "reviews" / "all.csv").write_bytes("\n".join(rows).encode("gbk") + b"\n")
    assert read_bulk(rnd.scheme, rnd.communities, files)  # ASCII: GBK and UTF-8 agree


def test_fallback_is_noted_only_when_asked_for(tmp_path: Path) -> None:
    folder = _sample_as_long_csv(tmp_path)
    (folder / "reviews" / "extra.yaml").write_text("[]\n", encoding="utf-8")
    asked = cli("score", folder, "--engine", "sums", "--format", "csv")
    assert "reading the reviews entry by entry" in asked.stderr
    auto = cli("score", folder, "--format", "csv")
    assert auto.stderr == ""
    assert auto.stdout == asked.stdout


def test_json_written_in_pieces_is_json_dumps() -> None:
    import io

    from star_rating.outputs.common import write_json

    data = {"a": 1, "results": iter([{"x": [1, 2], "名": "社区"}, {"y": {}}]), "z": iter([])}
    out = io.StringIO()
    write_json(data, out)
    whole = {"a": 1, "results": [{"x": [1, 2], "名": "社区"}, {"y": {}}], "z": []}
    assert out.getvalue() == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
