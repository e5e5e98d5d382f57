"""Docs that cannot drift: generated files match the models, the README stays true."""

from __future__ import annotations

import re

from helpers import ROOT, cli
from star_rating.schemas import reference_markdown


def test_criteria_reference_is_current():
    committed = (ROOT / "docs" / "criteria-reference.md").read_text("utf-8")
    assert committed == reference_markdown(), (
        "docs/criteria-reference.md is stale: run `python -m star_rating.schemas .`"
    )


def test_readme_gives_exactly_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    install, tests = (b.strip() for b in blocks)
    assert "pip install" in install and "star-rate score samples/" in install
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert tests in ci.splitlines()


def test_every_command_in_the_readme_exists():
    readme = (ROOT / "README.md").read_text("utf-8")
    listed = set(re.findall(r"^\| `star-rate (\w+)", readme, re.M))
    help_text = cli("--help").stdout
    for name in listed:
        assert name in help_text
