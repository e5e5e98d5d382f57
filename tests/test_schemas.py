"""JSON Schemas of every file a user writes: the committed copies are current, every
sample and criteria file passes its schema under check-jsonschema, broken files fail,
and files star-rate reads (a list of reviews, unquoted dates, numeric ids) pass."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import FULL, ROOT, cli, write_round
from star_rating.schemas import BASE_URL, SCHEMA_NAMES

CHECK = Path(sys.executable).parent / "check-jsonschema"

# files under samples/ and criteria/ that are no file format of star-rate's
NOT_INPUT = {"expected.yaml"}  # hand-computed results of a sample round, read by tests


def check(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema on ``files`` against the committed ``schemas/<schema>.schema.json``."""
    assert CHECK.exists(), "check-jsonschema (a dev dependency) is not installed"
    return subprocess.run(
        [
            str(CHECK),
            "--schemafile",
            str(ROOT / "schemas" / f"{schema}.schema.json"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def schema_for(path: Path) -> str | None:
    """Which schema a file under samples/ or criteria/ is written to, by its name and folder."""
    parts = path.parts
    if path.name in NOT_INPUT:
        return None
    if path.name == "scheme.yaml":
        return "scheme"
    if path.name == "round.yaml":
        return "round"
    if path.name == "appeals.yaml":
        return "appeals"
    if "dimensions" in parts[:-1]:
        return "dimension"
    if "reviews" in parts[:-1]:
        return "review"
    raise AssertionError(f"{path}: no schema is known for this file; map it in schema_for")


def test_schema_command_prints_the_committed_copy_of_every_format():
    assert SCHEMA_NAMES == ("scheme", "dimension", "review", "round", "appeals")
    for name in SCHEMA_NAMES:
        out = cli("schema", name).stdout
        committed = (ROOT / "schemas" / f"{name}.schema.json").read_text("utf-8")
        assert out == committed, (
            f"schemas/{name}.schema.json is stale: run `python -m star_rating.schemas .`"
        )
        schema = json.loads(out)
        assert schema["$id"] == f"{BASE_URL}/{name}.schema.json"
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_help_lists_all_five_formats():
    out = cli("schema", "--help").stdout
    assert "<scheme|dimension|review|round|appeals>" in out
    for words in ("round (round.yaml)", "appeals (appeals.yaml)", "one review or a list"):
        assert words in " ".join(out.split())
    result = cli("schema", "register", code=2)
    assert "'register' is not one of 'scheme', 'dimension', 'review', 'round', 'appeals'" in (
        " ".join(result.output.split())
    )


def test_round_and_appeals_schemas_describe_every_key():
    for name, model in (("round", "RoundFile"), ("appeals", "AppealFile")):
        schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text("utf-8"))
        assert schema["description"]
        body = schema if name == "round" else schema["$defs"][model]
        assert body["additionalProperties"] is False
        undescribed = [k for k, v in body["properties"].items() if not v.get("description")]
        assert undescribed == [], f"{name}: keys without a description: {undescribed}"
    appeals = json.loads((ROOT / "schemas" / "appeals.schema.json").read_text("utf-8"))
    assert appeals["type"] == "array"
    assert appeals["items"] == {"$ref": "#/$defs/AppealFile"}


def test_every_sample_and_criteria_file_passes_its_schema():
    files: dict[str, list[Path]] = {name: [] for name in SCHEMA_NAMES}
    for top in (ROOT / "samples", ROOT / "src" / "star_rating" / "criteria"):
        for path in sorted(top.rglob("*")):
            if path.suffix.lower() in (".yaml", ".yml", ".json") and path.is_file():
                name = schema_for(path.relative_to(ROOT))
                if name is not None:
                    files[name].append(path)
    # the list-form review files of the sample round are among them
    district = ROOT / "samples" / "changan-2022" / "reviews" / "district" / "beiguan.yaml"
    assert district in files["review"]
    assert {name: len(paths) > 0 for name, paths in files.items()} == {
        "scheme": True,
        "dimension": True,
        "review": True,
        "round": True,
        "appeals": False,  # no sample round has appeals: see the round test below
    }
    for name, paths in files.items():
        if paths:
            proc = check(name, *paths)
            assert proc.returncode == 0, f"{name}: {proc.stdout}{proc.stderr}"
            assert "ok -- validation done" in proc.stdout


def test_what_star_rate_reads_passes_the_schemas(tmp_path):
    """A round written by hand, as users write it: a list of reviews in one file,
    unquoted dates, numeric community ids and scheme version, appeals; star-rate
    scores it and every file passes its schema."""
    folder = write_round(tmp_path / "round", [], communities=[("1001", "一号社区", "东关街道")])
    entries = json.dumps(FULL)
    (folder / "reviews" / "all.yaml").write_text(
        "- community: 1001\n"
        "  stage: self\n"
        "  reviewer: 张三\n"
        "  date: 2022-08-15\n"
        f"  entries: {entries}\n"
        "  bonus: [{points: 0.5, reason: 市级表彰}]\n"
        "  evidence: {a1: reviews/all.yaml}\n"
        "- community: 1001\n"
        "  stage: district\n"
        "  date: 2022-08-20\n"
        f"  entries: {entries}\n",
        "utf-8",
    )
    (folder / "reviews" / "one.json").write_text("[]", "utf-8")
    (folder / "round.yaml").write_text(
        "title: {zh: 测试轮次, en: Test round}\n"
        "year: 2022\n"
        "scheme: scheme\n"
        "reviews: [reviews/all.yaml, reviews/one.json]\n"
        "surveys: null\n"
        "notice: {start: 2022-09-01, end: 2022-09-07}\n",
        "utf-8",
    )
    scheme_file = folder / "scheme" / "scheme.yaml"
    text = scheme_file.read_text("utf-8")
    assert "version: '1'\n" in text
    scheme_file.write_text(text.replace("version: '1'\n", "version: 2022.1\n"), "utf-8")
    (folder / "appeals.yaml").write_text(
        "- community: 1001\n"
        "  stage: district\n"
        "  indicator: a1\n"
        "  value: 5.5\n"
        "  reason: 补充提交了会议记录\n"
        "  decided_by: 区民政局复核组\n"
        "  date: 2022-09-10\n",
        "utf-8",
    )
    result = json.loads(cli("score", folder, "--format", "json", "--lang", "en").stdout)
    assert [r["community"]["id"] for r in result["results"]] == ["1001"]
    assert result["results"][0]["appeals"][0]["date"] == "2022-09-10"
    assert result["scheme"]["version"] == "2022.1"
    for name, path in (
        ("round", folder / "round.yaml"),
        ("review", folder / "reviews" / "all.yaml"),
        ("review", folder / "reviews" / "one.json"),
        ("appeals", folder / "appeals.yaml"),
        ("scheme", folder / "scheme" / "scheme.yaml"),
    ):
        proc = check(name, path)
        assert proc.returncode == 0, f"{path.name}: {proc.stdout}{proc.stderr}"


BROKEN = [
    (
        "review",
        "one.yaml",
        "community: C1\nstage: district\nentries: {a1: 5}\nreviewr: x\n",
        "one.yaml::$: Additional properties are not allowed ('reviewr' was unexpected)",
    ),
    (
        "review",
        "list.yaml",
        "- community: C1\n  stage: district\n  entries: {a1: 5}\n"
        "- community: C2\n  stage: district\n  entries: {a1: 5}\n  vetos: [x]\n",
        "list.yaml::$[1]: Additional properties are not allowed ('vetos' was unexpected)",
    ),
    (
        "review",
        "type.yaml",
        "- community: C1\n  stage: district\n  entries: [a1, 5]\n",
        "type.yaml::$[0].entries: ['a1', 5] is not of type 'object'",
    ),
    (
        "review",
        "missing.yaml",
        "community: C1\nstage: district\n",
        "missing.yaml::$: 'entries' is a required property",
    ),
    (
        "review",
        "scalar.yaml",
        "just text\n",
        "scalar.yaml::$: 'just text' is not of type 'object'",
    ),
    (
        "round",
        "round.yaml",
        "title: T\nyear: 2022\nregistr: communities.csv\n",
        "round.yaml::$: Additional properties are not allowed ('registr' was unexpected)",
    ),
    (
        "round",
        "round.yaml",
        "title: T\nyear: twenty\n",
        "round.yaml::$.year: 'twenty' is not valid under any of the given schemas",
    ),
    (
        "round",
        "round.yaml",
        "title: T\nnotice: {start: 2022-09-01, ends: 2022-09-07}\n",
        "$.notice: Additional properties are not allowed ('ends' was unexpected)",
    ),
    (
        "appeals",
        "appeals.yaml",
        "community: C1\nstage: district\nindicator: a1\nvalue: 5\nreason: r\n"
        "decided_by: d\ndate: 2022-09-10\n",
        "is not of type 'array'",
    ),
    (
        "appeals",
        "appeals.yaml",
        "- community: C1\n  stage: district\n  indicator: a1\n  value: 5\n  reason: r\n"
        "  decided_by: d\n  date: 2022-09-10\n  note: x\n",
        "appeals.yaml::$[0]: Additional properties are not allowed ('note' was unexpected)",
    ),
    (
        "appeals",
        "appeals.yaml",
        "- community: C1\n  stage: district\n  indicator: a1\n  value: 5\n  reason: r\n",
        "appeals.yaml::$[0]: 'decided_by' is a required property",
    ),
]


@pytest.mark.parametrize(("schema", "name", "text", "message"), BROKEN)
def test_a_broken_file_fails_its_schema(tmp_path, schema, name, text, message):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    proc = check(schema, path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert message in proc.stdout


def test_star_rate_rejects_the_broken_files_too(tmp_path):
    """The schemas are no looser than star-rate on the broken files above: each one
    star-rate reads is refused by its loader as well."""
    from star_rating.errors import Collector
    from star_rating.loading.modelcheck import validate
    from star_rating.loading.round import AppealFile, RoundFile
    from star_rating.loading.yamlpos import load_file
    from star_rating.models.review import ReviewFile

    models = {"review": ReviewFile, "round": RoundFile, "appeals": AppealFile}
    for schema, name, text, _ in BROKEN:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        col = Collector()
        doc = load_file(path, col)
        assert doc is not None
        data = doc.data
        if schema == "appeals" and not isinstance(data, list):
            continue  # the loader refuses it: "expected a list of appeals"
        items = data if isinstance(data, list) and schema != "round" else [data]
        ok = [
            isinstance(item, dict) and validate(models[schema], doc, col, data=item) is not None
            for item in items
        ]
        assert not all(ok), f"star-rate accepts {name}: {text!r}"
