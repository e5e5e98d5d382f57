"""A small vocabulary for tests that read like the domain.

``mini_scheme()`` is a two-dimension scheme whose every number is easy to
compute by hand; ``write_round()`` lays a round folder out on disk so that
tests go through the real loaders; ``rate()`` scores it and returns the
JSON-shaped result of one community.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from star_rating.cli import app

ROOT = Path(__file__).resolve().parent.parent


def mini_scheme(**overrides: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """scheme.yaml data and two dimension files (A and B, 10 points each)."""
    scheme: dict[str, Any] = {
        "id": "mini",
        "version": "1",
        "title": {"zh": "小方案", "en": "Mini scheme"},
        "scale": 20,
        "dimensions": "dimensions/",
        "stages": [
            {"id": "self", "weight": 0.5},
            {"id": "district", "weight": 0.5},
        ],
        "combine": "weighted",
        "missing_stage": "error",
        "rounding": {"places": 1, "mode": "half-up"},
        "bonus": {"cap": 2},
        "levels": [
            {"stars": 3, "min_total": 18, "min_dimension_ratio": 0.8},
            {"stars": 2, "min_total": 14},
            {"stars": 1, "min_total": 10},
        ],
        "vetoes": [{"id": "incident", "label": {"zh": "重大事故", "en": "Major incident"}}],
        "flags": {"self_inflation": 3},
    }
    scheme.update(overrides)
    dims = [
        {
            "id": "A",
            "name": {"zh": "甲", "en": "Alpha"},
            "max": 10,
            "indicators": [
                {"id": "a1", "text": "scale item", "kind": "scale", "max": 6, "step": 0.5},
                {"id": "a2", "text": "check item", "kind": "check", "max": 2},
                {
                    "id": "a3",
                    "text": "checklist item",
                    "kind": "checklist",
                    "max": 2,
                    "items": [{"id": "x", "points": 1.5}, {"id": "y", "points": 1.5}],
                },
            ],
        },
        {
            "id": "B",
            "name": {"zh": "乙", "en": "Beta"},
            "max": 10,
            "indicators": [
                {"id": "b1", "text": "deduct item", "kind": "deduct", "max": 4, "per": 1.5},
                {
                    "id": "b2",
                    "text": "bands item",
                    "kind": "bands",
                    "max": 6,
                    "bands": [
                        {"min": 0.9, "points": 6},
                        {"min": 0.8, "points": 4},
                        {"min": 0.5, "points": 2},
                    ],
                },
            ],
        },
    ]
    return scheme, dims


FULL = {"a1": 6, "a2": True, "a3": ["x", "y"], "b1": 0, "b2": 0.95}


def survey_dimension(
    ind_id: str = "sat-1", min_responses: int = 20, **extra: Any
) -> dict[str, Any]:
    """Dimension S (10 points): one survey indicator worth 10, for ``mini_scheme(scale=30)``."""
    indicator = {
        "id": ind_id,
        "text": "residents",
        "kind": "survey",
        "max": 10,
        "min_responses": min_responses,
        **extra,
    }
    return {
        "id": "S",
        "name": {"zh": "满意度", "en": "Satisfaction"},
        "max": 10,
        "indicators": [indicator],
    }


def entries(**changes: Any) -> dict[str, Any]:
    out = dict(FULL)
    out.update(changes)
    return out


def write_scheme(folder: Path, scheme: dict[str, Any], dims: list[dict[str, Any]]) -> Path:
    (folder / "dimensions").mkdir(parents=True, exist_ok=True)
    (folder / "scheme.yaml").write_text(yaml.safe_dump(scheme, allow_unicode=True), "utf-8")
    for i, d in enumerate(dims, 1):
        (folder / "dimensions" / f"{i:02d}-{d['id']}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True), "utf-8"
        )
    return folder


def write_round(
    folder: Path,
    reviews: list[dict[str, Any]],
    communities: list[tuple[str, str, str]] | None = None,
    scheme: tuple[dict[str, Any], list[dict[str, Any]]] | None = None,
    surveys: list[tuple[str, str, str, str]] | None = None,
    appeals: list[dict[str, Any]] | None = None,
) -> Path:
    """A round folder with its own scheme copy under ``scheme/``."""
    folder.mkdir(parents=True, exist_ok=True)
    sch, dims = copy.deepcopy(scheme) if scheme else mini_scheme()
    write_scheme(folder / "scheme", sch, dims)
    (folder / "round.yaml").write_text(
        yaml.safe_dump(
            {"title": {"zh": "测试轮次", "en": "Test round"}, "year": 2022, "scheme": "scheme"},
            allow_unicode=True,
        ),
        "utf-8",
    )
    ids = sorted({r["community"] for r in reviews})
    communities = communities or [(c, f"{c}社区", "东关街道") for c in ids]
    (folder / "communities.csv").write_text(
        "id,name,street\n" + "".join(f"{a},{b},{c}\n" for a, b, c in communities), "utf-8"
    )
    (folder / "reviews").mkdir(exist_ok=True)
    for r in reviews:
        name = f"{r['community']}-{r['stage']}.yaml"
        (folder / "reviews" / name).write_text(yaml.safe_dump(r, allow_unicode=True), "utf-8")
    if surveys is not None:
        (folder / "surveys").mkdir(exist_ok=True)
        (folder / "surveys" / "answers.csv").write_text(
            "community,respondent,question,answer\n"
            + "".join(",".join(row) + "\n" for row in surveys),
            "utf-8",
        )
    if appeals is not None:
        (folder / "appeals.yaml").write_text(yaml.safe_dump(appeals, allow_unicode=True), "utf-8")
    return folder


def review(community: str, stage: str, **changes: Any) -> dict[str, Any]:
    extra = {k: changes.pop(k) for k in ("bonus", "vetoes") if k in changes}
    return {"community": community, "stage": stage, "entries": entries(**changes), **extra}


def both(community: str, **changes: Any) -> list[dict[str, Any]]:
    """The same entries in the self and district review."""
    return [review(community, "self", **changes), review(community, "district", **changes)]


runner = CliRunner()


def round_of_year(folder: Path, year: int, changes_by_community: dict[str, Any]) -> Path:
    """A round of ``year`` with a self and a district review for each community,
    changed as given (``{"C1": {"a1": 3}}``)."""
    reviews = [r for cid, changes in changes_by_community.items() for r in both(cid, **changes)]
    out = write_round(folder, reviews)
    data = yaml.safe_load((out / "round.yaml").read_text("utf-8"))
    data["year"] = year
    (out / "round.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return out


def cli(*args: str, code: int | None = 0) -> Any:
    result = runner.invoke(
        app, [str(a) for a in args], env={"COLUMNS": "160", "STAR_RATE_LANG": "en"}
    )
    if code is not None:
        assert result.exit_code == code, (result.exit_code, result.output, result.stderr)
    assert "Traceback" not in result.output + result.stderr
    return result


def template(
    scheme: Path, register: Path, stage: str, out: Path, *extra: str, lang: str = "zh"
) -> Path:
    """Blank review forms written by ``star-rate template`` (xlsx unless ``--format``)."""
    cli(
        "template",
        scheme,
        "--register",
        register,
        "--stage",
        stage,
        "-o",
        out,
        "--lang",
        lang,
        *extra,
    )
    return out


def score_json(folder: Path, *extra: str) -> dict[str, Any]:
    return json.loads(cli("score", folder, "--format", "json", "--lang", "en", *extra).stdout)


def rate(folder: Path, cid: str, *extra: str) -> dict[str, Any]:
    data = score_json(folder, *extra)
    return next(r for r in data["results"] if r["community"]["id"] == cid)


def generate_round(n: int, out: Path, *, yaml_form: bool = False, seed: int = 7) -> Path:
    """A synthetic round from benchmarks/generate.py (one long CSV, or YAML files)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    generate.generate(n, out, yaml_form=yaml_form, seed=seed)
    return out


class Recorder:
    """A progress that keeps each task's label (a catalog message, read in ``lang``),
    its total and how far it went, and every step it was advanced by."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.tasks: list[list[Any]] = []
        self.steps: list[int] = []

    def task(self, label: Any, total: int) -> None:
        self.tasks.append([label if isinstance(label, str) else label.text(self.lang), total, 0])

    def advance(self, n: int = 1) -> None:
        self.tasks[-1][2] += n
        self.steps.append(n)
