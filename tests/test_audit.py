"""Audit: hashes in results, `verify`, deterministic output, atomic writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpers import ROOT, both, cli, review, write_round


def test_results_carry_hashes_and_versions(tmp_path):
    folder = write_round(tmp_path, both("C1"))
    data = json.loads(cli("score", folder, "--format", "json").stdout)
    assert data["scheme"] == {"id": "mini", "version": "1"}
    assert data["star_rate"]
    assert set(data["hashes"]) >= {
        "round.yaml",
        "communities.csv",
        "reviews/C1-self.yaml",
        "reviews/C1-district.yaml",
        "scheme/scheme.yaml",
    }
    assert all(len(h) == 64 for h in data["hashes"].values())


def test_verify_confirms_and_lists_every_difference(tmp_path):
    folder = write_round(tmp_path / "r", both("C1") + both("C2"))
    saved = tmp_path / "result.json"
    saved.write_text(cli("score", folder, "--format", "json").stdout, "utf-8")
    result = cli("verify", saved, folder)
    assert "confirmed" in result.stderr
    # change one entry: the input hash and the numbers differ
    path = folder / "reviews" / "C2-district.yaml"
    path.write_text(path.read_text("utf-8").replace("a1: 6", "a1: 1"), "utf-8")
    out = cli("verify", saved, folder, code=1).stdout
    assert 'hashes["reviews/C2-district.yaml"]: saved "' in out
    assert "results[C2].total: saved 20.0, fresh 17.5" in out
    assert "results[C2].stars: saved 3, fresh 2" in out
    assert "C1" not in out


def _run(args, env_extra):
    env = dict(os.environ, **env_extra)
    return subprocess.run(
        [sys.executable, "-m", "star_rating", *args], capture_output=True, env=env, check=True
    ).stdout


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_output_is_byte_identical_across_locale_time_zone_and_file_order(tmp_path, fmt):
    reviews = both("C1") + both("C2", a1=3) + [review("C3", "self"), review("C3", "district", b1=2)]
    a = write_round(tmp_path / "a" / "round", reviews)
    b = write_round(tmp_path / "b" / "round", list(reversed(reviews)))
    one = _run(["score", str(a), "--format", fmt, "--lang", "zh"], {"TZ": "UTC", "LANG": "C.UTF-8"})
    two = _run(
        ["score", str(b), "--format", fmt, "--lang", "zh"],
        {"TZ": "Asia/Shanghai", "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"},
    )
    assert one == two


def test_an_interrupted_write_leaves_the_previous_file(tmp_path, monkeypatch):
    from star_rating import fsutil

    target = tmp_path / "out.csv"
    target.write_bytes(b"previous")

    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil.os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        fsutil.atomic_write(target, b"new content")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temp file left


def test_an_unwritable_destination_is_a_clear_error(tmp_path):
    from star_rating import fsutil

    with pytest.raises(fsutil.OutputError, match="does not exist"):
        fsutil.atomic_write(tmp_path / "missing" / "out.csv", b"x")
    if os.geteuid() != 0:  # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        with pytest.raises(fsutil.OutputError, match="cannot write"):
            fsutil.atomic_write(ro / "out.csv", b"x")


def test_the_sample_round_verifies_against_its_own_result(tmp_path):
    sample = ROOT / "samples" / "changan-2022"
    saved = tmp_path / "r.json"
    saved.write_text(cli("score", sample, "--format", "json").stdout, "utf-8")
    cli("verify", saved, sample)


def test_xlsx_and_html_are_byte_identical_across_locale_time_zone_and_file_order(tmp_path):
    reviews = both("C1") + both("C2", a1=3) + [review("C3", "self"), review("C3", "district", b1=2)]
    a = write_round(tmp_path / "a" / "round", reviews)
    b = write_round(tmp_path / "b" / "round", list(reversed(reviews)))
    envs = (
        {"TZ": "UTC", "LANG": "C.UTF-8"},
        {"TZ": "Asia/Shanghai", "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"},
    )
    outs = []
    for folder, env in zip((a, b), envs, strict=True):
        xlsx = folder.parent / "out.xlsx"
        html = folder.parent / "report"
        _run(["export", str(folder), "-o", str(xlsx), "--lang", "zh"], env)
        _run(["report", str(folder), "-o", str(html), "--lang", "zh"], env)
        files = {
            p.relative_to(html).as_posix(): p.read_bytes()
            for p in sorted(html.rglob("*"))
            if p.is_file()
        }
        outs.append((xlsx.read_bytes(), files))
    assert outs[0][0] == outs[1][0]
    assert outs[0][1] == outs[1][1]
    assert len(outs[0][1]) == 5  # index, three community pages and one street page
