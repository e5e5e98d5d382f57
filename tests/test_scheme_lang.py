"""``star-rate validate`` of a broken scheme speaks the run's language.

Each case breaks the default scheme in one place and checks the exact line in
Chinese (the locale ``LANG=zh_CN.UTF-8``, nothing else set) and in English
(``--lang en``, the words of before)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import ROOT, cli
from star_rating.cli import app

DIM1 = "dimensions/01-party-building.yaml"
DIM2 = "dimensions/02-self-governance.yaml"

# (file, old text, new text, where: text at the reported position, English, Chinese)
CASES = {
    "unknown-key": (
        DIM1,
        "max: 15\n",
        "max: 15\nmaxx: 3\n",
        "maxx",
        "unknown key 'maxx' (did you mean 'max'?) [unknown-key]",
        "未知的键 'maxx'（是否应为 'max'？） [unknown-key]",
    ),
    "unknown-key-in-a-text": (
        "scheme.yaml",
        'title: {zh: "星级和谐社区评定", en: ',
        'title: {zh: "星级和谐社区评定", fr: ',
        "fr: ",
        "unknown key 'fr' [unknown-key]",
        "未知的键 'fr' [unknown-key]",
    ),
    "missing-key": (
        "scheme.yaml",
        "scale: 100\n",
        "",
        "id: harmonious-community",
        "missing required key 'scale' [missing-key]",
        "缺少必需的键 'scale' [missing-key]",
    ),
    "wrong-type": (
        DIM1,
        "    max: 5\n    step: 0.5",
        "    max: 5\n    step: half",
        "half",
        "step: expected a number (got 'half') [value]",
        "step：应为数字（实际为 'half'） [value]",
    ),
    "not-one-of": (
        "scheme.yaml",
        "combine: weighted",
        "combine: sum",
        "sum",
        "combine: expected one of 'weighted' or 'final' (got 'sum') [value]",
        "combine：应为以下之一：'weighted' 或 'final'（实际为 'sum'） [value]",
    ),
    "unknown-kind": (
        DIM2,
        "kind: checklist",
        "kind: checklst",
        "id: sg-3",
        "unknown kind 'checklst'; expected one of scale, check, checklist, deduct, bands, "
        "survey, prerequisite [unknown-kind]",
        "未知的指标类型 'checklst'；应为以下之一：scale、check、checklist、deduct、bands、"
        "survey、prerequisite [unknown-kind]",
    ),
    "require-unknown-indicator": (
        "scheme.yaml",
        "require: [sv-1]",
        "require: [sv-11]",
        "sv-11",
        "require names unknown indicator 'sv-11' (did you mean 'sv-1'?) [unknown-ref]",
        "require 中的指标 'sv-11' 不存在（是否应为 'sv-1'？） [unknown-ref]",
    ),
    "dimension-max": (
        DIM1,
        "max: 15",
        "max: 16",
        "16",
        "dimension 'party-building' has max 16 but its indicators add up to 15 [dimension-max]",
        "维度 'party-building' 的 max 为 16，但其各指标满分合计为 15 [dimension-max]",
    ),
    "levels-order": (
        "scheme.yaml",
        "min_total: 80",
        "min_total: 95",
        "95",
        "min_total 95 of the 4★ level is above 90 of the 5★ level listed before it; "
        "min_total must not rise as stars fall [level-order]",
        "4★ 等级的 min_total 95 高于排在其前的 5★ 等级的 90；min_total 不得随星数减少而升高 "
        "[level-order]",
    ),
    "validator-stars": (
        "scheme.yaml",
        "  - stars: 3\n",
        "  - stars: 3.3\n",
        "3.3",
        "stars: 3.3 is not a multiple of 0.5: stars are whole or half stars, such as 4 or 4.5 "
        "[value]",
        "stars：3.3 不是 0.5 的倍数：星数为整星或半星，如 4 或 4.5 [value]",
    ),
    "validator-quota": (
        "scheme.yaml",
        "quotas: {5: {max_share: 0.2}}",
        "quotas: {5: {max_share: 0.2, max_count: 3}}",
        "{max_share: 0.2, max_count",
        "5: give exactly one of max_share and max_count [value]",
        "5：max_share 和 max_count 须恰好给出一项 [value]",
    ),
    "validator-quota-key": (
        "scheme.yaml",
        "quotas: {5: {max_share: 0.2}}",
        "quotas: {11: {max_share: 0.2}}",
        "{11",
        "quotas: quota key '11': 11 stars is out of range: expected 0 to 9 "
        '("4+": four stars and above) [value]',
        "quotas：名额的键 '11'：11 星超出范围：应为 0 到 9（\"4+\" 表示四星及以上） [value]",
    ),
}


def zh(*args: object) -> object:
    """star-rate run in a Chinese locale, no language asked for."""
    env = {"LANG": "zh_CN.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, "STAR_RATE_LANG": None}
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def position(path: Path, needle: str) -> str:
    text = path.read_text("utf-8")
    i = text.index(needle)
    return f"{text.count(chr(10), 0, i) + 1}:{i - (text.rfind(chr(10), 0, i) + 1) + 1}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_kind_of_scheme_message_in_chinese_and_english(case, tmp_path):
    file, old, new, needle, english, chinese = CASES[case]
    scheme = tmp_path / "criteria"
    shutil.copytree(ROOT / "src" / "star_rating" / "criteria", scheme)
    path = scheme / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    where = f"{path}:{position(path, needle)}"

    en = cli("validate", scheme, "--lang", "en", code=1)
    assert en.stdout.splitlines() == [f"{where}: error: {english}"]

    result = zh("validate", scheme)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [f"{where}: 错误：{chinese}"]
    assert "star-rate validate: 未通过：" in result.stderr


def test_a_scheme_without_its_keys_names_each_missing_key(tmp_path):
    (tmp_path / "scheme.yaml").write_text("id: x\nversion: 1\nfoo: 3\n", "utf-8")
    where = tmp_path / "scheme.yaml"
    assert cli("validate", tmp_path, code=1).stdout.splitlines() == [
        f"{where}:1:1: error: dimension folder 'dimensions/' not found [path]",
        f"{where}:1:1: error: missing required key 'levels' [missing-key]",
        f"{where}:1:1: error: missing required key 'scale' [missing-key]",
        f"{where}:1:1: error: missing required key 'stages' [missing-key]",
        f"{where}:1:1: error: missing required key 'title' [missing-key]",
        f"{where}:3:1: error: unknown key 'foo' [unknown-key]",
    ]
    assert zh("validate", tmp_path).stdout.splitlines() == [
        f"{where}:1:1: 错误：找不到维度文件夹 'dimensions/' [path]",
        f"{where}:1:1: 错误：缺少必需的键 'levels' [missing-key]",
        f"{where}:1:1: 错误：缺少必需的键 'scale' [missing-key]",
        f"{where}:1:1: 错误：缺少必需的键 'stages' [missing-key]",
        f"{where}:1:1: 错误：缺少必需的键 'title' [missing-key]",
        f"{where}:3:1: 错误：未知的键 'foo' [unknown-key]",
    ]


def test_a_path_that_is_not_there_in_chinese(tmp_path):
    result = zh("validate", tmp_path / "nope")
    assert result.exit_code == 2
    assert result.stderr == f"star-rate: 错误：{tmp_path / 'nope'}：文件或文件夹不存在\n"
    result = cli("validate", tmp_path / "nope", code=2)
    assert result.stderr == f"star-rate: error: {tmp_path / 'nope'}: no such file or folder\n"


def test_a_validator_error_keeps_its_message_across_processes():
    import pickle

    from star_rating.catalog import msg
    from star_rating.models.msgerror import MsgError

    error = pickle.loads(pickle.dumps(MsgError(msg("scheme.trim_unused", aggregate="mean"))))
    assert str(error) == "`trim` applies only to aggregate: trimmed, not mean"
    assert error.said.text("zh") == "`trim` 只适用于 aggregate: trimmed，不适用于 mean"
