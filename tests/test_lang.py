"""Choosing the language: tags as people write them; an unknown one is a usage error."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from helpers import ROOT
from star_rating.cli import app
from star_rating.errors import UsageError
from star_rating.i18n import resolve_lang

SAMPLE = str(ROOT / "samples" / "changan-2022")


@pytest.mark.parametrize(
    "tag", ["zh", "ZH", "zh-CN", "zh_CN", "zh-Hans", "zh-Hans-CN", "zh_CN.UTF-8", "zh-TW"]
)
def test_chinese_tags(tag):
    assert resolve_lang(tag) == "zh"


@pytest.mark.parametrize("tag", ["en", "EN", "en-US", "en_GB", "en_US.UTF-8"])
def test_english_tags(tag):
    assert resolve_lang(tag) == "en"


def test_an_unknown_language_is_a_usage_error_listing_the_choices(monkeypatch):
    monkeypatch.delenv("STAR_RATE_LANG", raising=False)
    with pytest.raises(
        UsageError,
        match=r"--lang 'fr' is not a language star-rate speaks; "
        r"use zh \(zh-CN, zh_CN, zh-Hans …\) or en",
    ):
        resolve_lang("fr")
    got = CliRunner().invoke(app, ["score", SAMPLE, "--lang", "fr"])
    assert got.exit_code == 2
    assert "--lang 'fr' is not a language star-rate speaks" in got.output


def test_the_environment_and_the_locale(monkeypatch):
    for var in ("STAR_RATE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert resolve_lang() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert resolve_lang() == "zh"
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")  # a locale we do not speak: English
    assert resolve_lang() == "en"
    monkeypatch.setenv("STAR_RATE_LANG", "zh-Hans")
    assert resolve_lang() == "zh"
    assert resolve_lang("en-US") == "en"  # --lang wins
    monkeypatch.setenv("STAR_RATE_LANG", "klingon")
    with pytest.raises(UsageError, match="STAR_RATE_LANG='klingon'"):
        resolve_lang()


def test_each_run_chooses_its_own_language():
    """The language one run chose is not carried into the next (one process, many runs)."""
    runner = CliRunner()
    zh = runner.invoke(app, ["score", SAMPLE, "--lang", "zh", "--criteria", "nowhere"])
    assert zh.exit_code == 2 and zh.stderr.startswith("star-rate: 错误：")
    env = {"STAR_RATE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
    en = runner.invoke(app, ["score", SAMPLE, "--lang", "xx"], env=env)
    assert en.exit_code == 2 and en.stderr.startswith("star-rate: error: --lang 'xx'")
