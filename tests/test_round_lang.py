"""A broken round told in the run's language: the sample round, broken one way at a time,
scored with --lang zh and --lang en (every line of stderr compared)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import ROOT, both, mini_scheme, review, write_round
from star_rating.cli import app
from star_rating.loading.reviews import near

SAMPLE = ROOT / "samples" / "changan-2022"
NO_LANG = {"STAR_RATE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def score(*args: object, code: int = 1, **env: str) -> list[str]:
    """``star-rate score`` with only the language settings given; stderr's lines."""
    result = CliRunner().invoke(app, ["score", *map(str, args)], env={**NO_LANG, **env})
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    if code:
        assert result.stdout == "", "nothing is scored when the input is bad"
    return result.stderr.splitlines()


def both_langs(folder: str, zh: list[str], en: list[str], *extra: str) -> None:
    assert score(folder, "--lang", "zh", *extra) == [
        *zh,
        f"star-rate: {len(zh)} 个错误；未评分，也未写出任何文件",
    ]
    n = f"{len(en)} error" + ("s" if len(en) != 1 else "")
    assert score(folder, "--lang", "en", *extra) == [
        *en,
        f"star-rate: {n}; nothing was scored or written",
    ]


@pytest.fixture
def sample(tmp_path, monkeypatch) -> Path:
    """The sample round copied to ./r (paths are shown relative to the current folder)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLE, tmp_path / "r", ignore=shutil.ignore_patterns("*.py", "*.md"))
    return tmp_path / "r"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


DISTRICT = "r/reviews/district/beiguan.yaml"


def test_an_unknown_community(sample):
    edit(sample / "reviews/district/beiguan.yaml", "- community: C023", "- community: C923")
    both_langs(
        "r",
        [
            "r/communities.csv:24: 错误：社区 C023（北苑社区）缺少 district 评审"
            "（missing_stage: error） [missing-stage]",
            f"{DISTRICT}:4: 错误：社区 'C923' 不在名册中（是否应为 'C023'？） [unknown-id]",
        ],
        [
            "r/communities.csv:24: error: community C023 (北苑社区) has no district review "
            "(missing_stage: error) [missing-stage]",
            f"{DISTRICT}:4: error: unknown community 'C923' (did you mean 'C023'?); "
            "not in the register [unknown-id]",
        ],
    )


def test_an_unknown_stage(sample):
    edit(sample / "reviews/district/beiguan.yaml", "  stage: district", "  stage: distrct")
    zh = score("r", "--lang", "zh")
    assert zh[1] == (
        f"{DISTRICT}:4: 错误：未知环节 'distrct'（是否应为 'district'？）；"
        "应为 self、street、district 之一 [unknown-id]"
    )
    en = score("r", "--lang", "en")
    assert en[1] == (
        f"{DISTRICT}:4: error: unknown stage 'distrct' (did you mean 'district'?); "
        "expected one of self, street, district [unknown-id]"
    )


def test_a_missing_entry(sample):
    edit(sample / "reviews/district/beiguan.yaml", "    pb-3: true\n", "")
    both_langs(
        "r",
        [
            f"{DISTRICT}:4: 错误：C023 的 district 评审缺少以下指标的填写：pb-3"
            "（每个指标都须填写；允许不适用的可填 n/a） [missing-entry]"
        ],
        [
            f"{DISTRICT}:4: error: the district review of C023 has no entry for pb-3 "
            "(every indicator needs one; n/a where allowed) [missing-entry]"
        ],
    )


def test_a_duplicate_review(sample):
    text = (sample / "reviews/district/beiguan.yaml").read_text("utf-8")
    first = "- community:" + text.split("\n- community:")[1]
    (sample / "reviews/district/twice.yaml").write_text(first, "utf-8")
    both_langs(
        "r",
        [
            "r/reviews/district/twice.yaml:1: 错误：C023 的 district 评审重复"
            f"（第一份在 {DISTRICT}:4） [duplicate-review]"
        ],
        [
            "r/reviews/district/twice.yaml:1: error: a second district review of C023 "
            f"(the first is at {DISTRICT}:4) [duplicate-review]"
        ],
    )


def test_a_misspelt_key_of_round_yaml(sample):
    edit(sample / "round.yaml", "reviews: reviews/", "reviews: reviews/\nreveiws: reviews/")
    both_langs(
        "r",
        ["r/round.yaml:8:1: 错误：未知的键 'reveiws'（是否应为 'reviews'？） [unknown-key]"],
        ["r/round.yaml:8:1: error: unknown key 'reveiws' (did you mean 'reviews'?) [unknown-key]"],
    )


def test_bad_appeals(sample):
    appeal = "  stage: district\n  indicator: pb-1\n  reason: 复核\n  decided_by: 区民政局\n"
    (sample / "appeals.yaml").write_text(
        f"- community: C023\n{appeal}  value: 9\n  date: 2022-09-10\n"
        f"- community: C999\n{appeal}  value: 5\n  date: 2022-09-10\n"
        f"- community: C023\n  stage: district\n  indicator: pb1\n  value: 5\n"
        "  reason: 复核\n  decided_by: 区民政局\n  date: 2022-09-10\n",
        "utf-8",
    )
    both_langs(
        "r",
        [
            "r/appeals.yaml:6:10: 错误：申诉：9 超过 pb-1 的最高分 5 [entry]",
            "r/appeals.yaml:8:3: 错误：C999/district 的申诉：本轮评定中没有这份评审 [unknown-id]",
            "r/appeals.yaml:17:14: 错误：未知指标 'pb1'（是否应为 'pb-1'？） [unknown-id]",
        ],
        [
            "r/appeals.yaml:6:10: error: appeal: 9 is above the max 5 of pb-1 [entry]",
            "r/appeals.yaml:8:3: error: appeal for C999/district: no such review in the round "
            "[unknown-id]",
            "r/appeals.yaml:17:14: error: unknown indicator 'pb1' (did you mean 'pb-1'?) "
            "[unknown-id]",
        ],
    )


def test_survey_problems(sample):
    """C023 keeps one respondent, who answers q1 twice; a second gives an answer off the scale."""
    answers = sample / "surveys/beiguan.csv"
    lines = answers.read_text("utf-8").splitlines()
    kept = [x for x in lines if not x.startswith("C023,") or x.startswith("C023,C023-01,")]
    kept += ["C023,C023-01,q1,满意", "C023,C023-02,q1,还行"]
    answers.write_text("\n".join(kept) + "\n", "utf-8")
    twice = len(kept) - 1  # the line of the second answer
    zh_sample = (
        "r/surveys: 错误：社区 C023：sat-{k}（问题 q{k}）有效问卷 1 份{invalid}，"
        "少于该指标的 min_responses 30 份 [survey-sample]"
    )
    en_sample = (
        "r/surveys: error: community C023: 1 valid answer{invalid} for sat-{k} (question q{k}), "
        "fewer than its min_responses 30 [survey-sample]"
    )
    both_langs(
        "r",
        [
            zh_sample.format(k=1, invalid="（另有无效问卷 1 份）"),
            *(zh_sample.format(k=k, invalid="") for k in range(2, 6)),
            f"r/surveys/beiguan.csv:{twice}: 错误：C023 的受访者 'C023-01' 重复回答 q1"
            "（首次在 r/surveys/beiguan.csv:2） [duplicate-answer]",
        ],
        [
            en_sample.format(k=1, invalid=" (1 invalid)"),
            *(en_sample.format(k=k, invalid="") for k in range(2, 6)),
            f"r/surveys/beiguan.csv:{twice}: error: respondent 'C023-01' of C023 answered q1 "
            "twice (first at r/surveys/beiguan.csv:2) [duplicate-answer]",
        ],
    )


def test_register_problems(sample):
    register = sample / "communities.csv"
    register.write_text(
        register.read_text("utf-8") + "C001,重复社区,东关街道,10\nC100,=cmd,东关街道,abc\n",
        "utf-8",
    )
    zh = score("r", "--lang", "zh")
    assert zh[:4] == [
        "r/communities.csv:62: 错误：社区编号 'C001' 重复（首次在第 2 行） [duplicate-id]",
        "r/communities.csv:63: 错误：社区 C100（=cmd）没有任何评审 [missing-stage]",
        "r/communities.csv:63: 错误：社区名称 '=cmd' 以 '=' 开头，电子表格会将其当作公式执行；"
        "名册内容须为纯文本 [unsafe-text]",
        "r/communities.csv:63: 错误：户数 'abc' 不是整数 [type]",
    ]
    en = score("r", "--lang", "en")
    assert en[:4] == [
        "r/communities.csv:62: error: duplicate community id 'C001' (first at line 2) "
        "[duplicate-id]",
        "r/communities.csv:63: error: community C100 (=cmd) has no reviews [missing-stage]",
        "r/communities.csv:63: error: community name '=cmd' starts with '=', which a "
        "spreadsheet runs as a formula; register entries are plain text [unsafe-text]",
        "r/communities.csv:63: error: households 'abc' is not a whole number [type]",
    ]


def test_a_level_applied_for_that_the_scheme_has_not(sample):
    register = sample / "communities.csv"
    lines = register.read_text("utf-8").splitlines()
    lines[0] += ",applied"
    lines[1] += ",6"
    register.write_text("\n".join(lines) + "\n", "utf-8")
    both_langs(
        "r",
        [
            "r/communities.csv:2: 错误：申报星级 '6' 不是评分细则中的星级；"
            "应为 5、4、3 之一，或留空 [unknown-ref]"
        ],
        [
            "r/communities.csv:2: error: applied '6' is not a level of the scheme; "
            "expected one of 5, 4, 3, or blank [unknown-ref]"
        ],
    )


def test_evidence_and_vetoes(sample):
    edit(
        sample / "reviews/district/beiguan.yaml",
        "  entries:",
        "  evidence: {pb-1: docs/a.pdf, zz-9: ../x.pdf}\n  entries:",
    )
    edit(
        sample / "reviews/district/changle.csv", "\n", "\nC055,district,veto,fire,区民政局复查组,\n"
    )
    zh = score("r", "--lang", "zh")
    assert zh == [
        f"{DISTRICT}:4: 错误：zz-9 的佐证材料 '../x.pdf' 指向评定文件夹之外 [path]",
        f"{DISTRICT}:4: 错误：评定文件夹中找不到 pb-1 的佐证材料 'docs/a.pdf' [path]",
        f"{DISTRICT}:8:32: 错误：佐证材料所属的指标 'zz-9' 不存在 [unknown-id]",
        "r/reviews/district/changle.csv:2: 错误：未知一票否决事项 'fire'；评分细则的一票否决事项："
        "major-incident、mass-incident、serious-violation [unknown-id]",
        "star-rate: 4 个错误；未评分，也未写出任何文件",
    ]
    en = score("r", "--lang", "en")
    assert en[2:4] == [
        f"{DISTRICT}:8:32: error: evidence for unknown indicator 'zz-9' [unknown-id]",
        "r/reviews/district/changle.csv:2: error: unknown veto 'fire'; the scheme's vetoes: "
        "major-incident, mass-incident, serious-violation [unknown-id]",
    ]


def test_a_scheme_folder_is_not_a_round(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "src" / "star_rating" / "criteria", tmp_path / "criteria")
    assert score("criteria", "--lang", "zh", code=2) == [
        "star-rate: 错误：criteria 是评分细则文件夹（含 scheme.yaml）；"
        "此处应为含 round.yaml 的评定文件夹"
    ]
    assert score("criteria", "--lang", "en", code=2) == [
        "star-rate: error: criteria is a scheme folder (it has scheme.yaml); "
        "expected a round folder with round.yaml"
    ]
    (tmp_path / "empty").mkdir()
    assert score("empty", code=2, STAR_RATE_LANG="zh-CN") == [
        "star-rate: 错误：empty：不是评定文件夹（没有 round.yaml）"
    ]
    assert score("empty", code=2) == ["star-rate: error: empty: not a round folder (no round.yaml)"]


def test_the_language_comes_from_the_environment_too(sample):
    edit(sample / "reviews/district/beiguan.yaml", "    pb-3: true\n", "")
    assert score("r", LANG="zh_CN.UTF-8")[0].startswith(
        f"{DISTRICT}:4: 错误：C023 的 district 评审缺少以下指标的填写：pb-3"
    )
    assert score("r", STAR_RATE_LANG="en", LANG="zh_CN.UTF-8")[0].startswith(
        f"{DISTRICT}:4: error: the district review of C023 has no entry for pb-3"
    )


def test_a_scheme_names_what_it_rates(tmp_path, monkeypatch):
    """A scheme whose unit is a hotel: the messages say hotel, 酒店."""
    monkeypatch.chdir(tmp_path)
    scheme = mini_scheme(unit={"zh": "酒店", "en": "hotel"})
    write_round(
        tmp_path / "h",
        [*both("H1"), review("H11", "self")],
        communities=[("H1", "一号酒店", "东区"), ("H2", "二号酒店", "东区")],
        scheme=scheme,
    )
    zh = score("h", "--lang", "zh")
    assert zh[:2] == [
        "h/communities.csv:3: 错误：酒店 H2（二号酒店）没有任何评审 [missing-stage]",
        "h/reviews/H11-self.yaml:1: 错误：酒店 'H11' 不在名册中（是否应为 'H1'？） [unknown-id]",
    ]
    en = score("h", "--lang", "en")
    assert en[:2] == [
        "h/communities.csv:3: error: hotel H2 (二号酒店) has no reviews [missing-stage]",
        "h/reviews/H11-self.yaml:1: error: unknown hotel 'H11' (did you mean 'H1'?); "
        "not in the register [unknown-id]",
    ]


def test_a_suggestion_is_a_message_in_both_languages():
    assert near("distrct", ["self", "district"]).text("zh") == "（是否应为 'district'？）"
    assert near("distrct", ["self", "district"]).text("en") == " (did you mean 'district'?)"
    assert near("zzz", ["self", "district"]).text("zh") == ""
    assert f"unknown stage 'distrct'{near('distrct', ['district'])}" == (
        "unknown stage 'distrct' (did you mean 'district'?)"
    )
