"""``star-rate validate``: each broken scheme gives exit 1 and file:line:col."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import ROOT, cli


@pytest.fixture
def scheme(tmp_path: Path) -> Path:
    dest = tmp_path / "criteria"
    shutil.copytree(ROOT / "src" / "star_rating" / "criteria", dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def position(path: Path, needle: str, offset: int = 0) -> str:
    """'line:col' (1-based) of ``needle`` (+ offset characters) in the file."""
    text = path.read_text("utf-8")
    i = text.index(needle) + offset
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1) + 1
    return f"{line}:{col}"


def check(scheme: Path, file: str, needle: str, message: str, offset: int = 0) -> None:
    path = scheme / file
    result = cli("validate", scheme, code=1)
    expected = f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}"
    expected += f":{position(path, needle, offset)}: error: {message}"
    assert expected in result.stdout, result.stdout


def test_default_criteria_are_valid():
    result = cli("validate", ROOT / "criteria", "--strict")
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr


DIM1 = "dimensions/01-party-building.yaml"


def test_dimension_max_not_the_sum_of_its_indicators(scheme):
    edit(scheme / DIM1, "max: 15", "max: 16")
    check(
        scheme,
        DIM1,
        "16",
        "dimension 'party-building' has max 16 but its indicators add up to 15 [dimension-max]",
    )


def test_stage_weights_not_adding_up_to_one(scheme):
    edit(scheme / "scheme.yaml", "weight: 0.5}", "weight: 0.6}")
    check(
        scheme,
        "scheme.yaml",
        "  - {id: self",
        "stage weights add up to 1.1, expected exactly 1 [stage-weights]",
        offset=2,
    )


def test_same_id_in_two_files(scheme):
    edit(scheme / "dimensions/02-self-governance.yaml", "- id: sg-1", "- id: pb-2")
    line = position(scheme / DIM1, "pb-2").split(":")[0]
    check(
        scheme,
        "dimensions/02-self-governance.yaml",
        "pb-2",
        "duplicate id 'pb-2': already used in ",
    )
    result = cli("validate", scheme, code=1)
    assert f"01-party-building.yaml:{line} [duplicate-id]" in result.stdout


def test_duplicate_key_in_one_mapping(scheme):
    edit(scheme / DIM1, "max: 15\n", "max: 15\nmax: 15\n")
    path = scheme / DIM1
    text = path.read_text("utf-8")
    second = text.index("max: 15", text.index("max: 15") + 1)
    line = text.count("\n", 0, second) + 1
    result = cli("validate", scheme, code=1)
    assert (
        f"01-party-building.yaml:{line}:1: error: duplicate key 'max' (first at line "
        f"{line - 1}) [duplicate-key]" in result.stdout
    )


def test_levels_out_of_order(scheme):
    edit(scheme / "scheme.yaml", "min_total: 80", "min_total: 95")
    check(
        scheme,
        "scheme.yaml",
        "95",
        "min_total 95 of the 4★ level is above 90 of the 5★ level listed before it; "
        "min_total must not rise as stars fall [level-order]",
    )


def test_unknown_key_with_a_suggestion(scheme):
    edit(scheme / DIM1, "max: 15\n", "max: 15\nmaxx: 3\n")
    check(scheme, DIM1, "maxx", "unknown key 'maxx' (did you mean 'max'?) [unknown-key]")


def test_require_naming_nothing(scheme):
    edit(scheme / "scheme.yaml", "require: [sv-1]", "require: [sv-11]")
    check(
        scheme,
        "scheme.yaml",
        "sv-11",
        "require names unknown indicator 'sv-11' (did you mean 'sv-1'?) [unknown-ref]",
    )


def test_bands_not_descending(scheme):
    edit(scheme / DIM1, "{min: 0.8, points: 1.5}", "{min: 0.95, points: 1.5}")
    check(scheme, DIM1, "0.95", "pb-4: bands must descend: min 0.95 after 0.9 [band-order]")


def test_unparsable_file(scheme):
    edit(scheme / DIM1, "max: 15\n", "max: [15\n")
    result = cli("validate", scheme, code=1)
    assert "01-party-building.yaml:" in result.stdout
    assert "error: cannot parse" in result.stdout


def test_python_tag_is_refused(scheme):
    edit(scheme / DIM1, "max: 15\n", "max: !!python/object/apply:os.system [echo hi]\n")
    result = cli("validate", scheme, code=1)
    assert "is not allowed; only plain YAML values are [tag]" in result.stdout


def test_non_utf8_file(scheme):
    (scheme / DIM1).write_bytes("name: 社区".encode("gbk"))
    result = cli("validate", scheme, code=1)
    assert (
        "01-party-building.yaml:1:7: error: not valid UTF-8 text (it looks like GBK"
        in result.stdout
    )


def test_every_problem_not_just_the_first(scheme):
    edit(scheme / DIM1, "max: 15", "max: 16")
    edit(scheme / "scheme.yaml", "require: [sv-1]", "require: [sv-11]")
    edit(scheme / "scheme.yaml", "weight: 0.5}", "weight: 0.6}")
    result = cli("validate", scheme, code=1)
    assert result.stdout.count(": error: ") == 3


def test_warning_fails_only_with_strict(scheme):
    # a checklist whose items cannot reach its max
    path = scheme / DIM1
    text = path.read_text("utf-8")
    assert "kind: checklist" in text
    edit(scheme / "dimensions/02-self-governance.yaml", "max: 10\n", "max: 10.5\n")
    edit(scheme / "scheme.yaml", "scale: 100", "scale: 100.5")
    edit(
        scheme / "dimensions/02-self-governance.yaml",
        "kind: checklist\n    max: 2",
        "kind: checklist\n    max: 2.5",
    )
    result = cli("validate", scheme, code=0)
    assert "warning:" in result.stdout and "full marks can never be reached" in result.stdout
    cli("validate", scheme, "--strict", code=1)


def test_json_and_github_formats(scheme):
    edit(scheme / DIM1, "max: 15", "max: 16")
    data = json.loads(cli("validate", scheme, "--format", "json", code=1).stdout)
    assert data[0]["rule"] == "dimension-max" and data[0]["line"] == 5
    assert data[0]["path"] == "max"
    out = cli("validate", scheme, "--format", "github", code=1).stdout
    assert "::error file=" in out and ",line=5,col=6," in out


def test_missing_path_is_a_usage_error(tmp_path):
    result = cli("validate", tmp_path / "nope", code=2)
    assert "no such file or folder" in result.stderr


def test_lone_review_file_against_the_default_scheme(tmp_path):
    bad = tmp_path / "r.yaml"
    bad.write_text("community: C1\nstage: district\nentries: {pb-1: 6, pb-99: 1}\n", "utf-8")
    out = cli("validate", bad, code=1).stdout
    assert "r.yaml:3:17: error: 6 is above the max 5 of pb-1 [entry]" in out
    assert "r.yaml:3:27: error: unknown indicator 'pb-99' (did you mean 'pb-" in out
    assert "has no entry for" in out


def test_schema_command_and_committed_copies_agree():
    for name in ("scheme", "dimension", "review"):
        out = cli("schema", name).stdout
        committed = (ROOT / "schemas" / f"{name}.schema.json").read_text("utf-8")
        assert out == committed, (
            f"schemas/{name}.schema.json is stale: run "
            f"`star-rate schema {name} > schemas/{name}.schema.json`"
        )
        assert json.loads(out)["$schema"].endswith("2020-12/schema")


def test_check_jsonschema_accepts_the_default_criteria():
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "check-jsonschema"
    if not exe.exists():
        pytest.skip("check-jsonschema is not installed")
    crit = ROOT / "criteria"
    for schema, files in (
        ("scheme", [crit / "scheme.yaml"]),
        ("dimension", sorted((crit / "dimensions").glob("*.yaml"))),
    ):
        proc = subprocess.run(
            [
                str(exe),
                "--schemafile",
                str(ROOT / "schemas" / f"{schema}.schema.json"),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_init_writes_an_editable_valid_copy(tmp_path):
    cli("init", tmp_path / "mine")
    assert (tmp_path / "mine" / "scheme.yaml").is_file()
    assert len(list((tmp_path / "mine" / "dimensions").glob("*.yaml"))) == 9
    cli("validate", tmp_path / "mine", "--strict")
    result = cli("init", tmp_path / "mine", code=2)
    assert "--force" in result.stderr


def test_init_round_writes_a_round_folder_to_fill(tmp_path):
    cli("init", tmp_path / "r2023", "--round", "--year", "2023")
    text = (tmp_path / "r2023" / "round.yaml").read_text("utf-8")
    assert "year: 2023" in text and "scheme: builtin" in text
    result = cli("validate", tmp_path / "r2023", code=1)
    assert "the register lists no communities" in result.stdout


def test_a_lone_review_with_a_duplicate_key_reports_it_once(tmp_path):
    lone = tmp_path / "lone.yaml"
    lone.write_text("community: C003\nstage: self\nentries:\n  pb-1: 3\n  pb-1: 2\n", "utf-8")
    result = cli("validate", lone, "--criteria", ROOT / "criteria", "--lang", "en", code=1)
    said = (result.stdout + result.stderr).splitlines()
    assert [x for x in said if "duplicate-key" in x] == [
        f"{lone}:5:3: error: duplicate key 'pb-1' (first at line 4) [duplicate-key]"
    ]
