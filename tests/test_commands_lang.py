"""The commands in both languages: their lines, errors and tables in the run's language."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from helpers import cli, round_of_year
from star_rating.cli import app

NO_LANG = {"STAR_RATE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def run(*args, code=0, **env):
    """star-rate with only the language settings given (none: English)."""
    result = CliRunner().invoke(app, [str(a) for a in args], env={**NO_LANG, **env})
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Paths are shown relative to the current folder: work in tmp_path."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- init, export, output errors --------------------------------------------------------


def test_init_says_what_it_wrote_in_chinese_and_writes_chinese_notes(here):
    got = run("init", "r2023", "--round", "--year", "2023", "--lang", "zh")
    assert got.stderr == "star-rate init: 已写出 4 个文件到 r2023\n"
    assert (here / "r2023" / "reviews" / "README.txt").read_text("utf-8") == (
        "评审表放在这里：每份评审一个 YAML 文件、长表 CSV（community,stage,indicator,value）"
        "或填好的 xlsx 评审表。\n"
    )
    assert (here / "r2023" / "surveys" / "README.txt").read_text("utf-8") == (
        "满意度调查 CSV 放在这里：community,respondent,question,answer\n"
    )
    again = run("init", "r2023", "--round", code=2, STAR_RATE_LANG="zh-CN")
    assert again.stderr == "star-rate: 错误：r2023 不是空文件夹；如需写入其中，请加 --force\n"
    english = run("init", "r2024", "--round", "--year", "2024")
    assert english.stderr == "star-rate init: wrote 4 files to r2024\n"
    assert (here / "r2024" / "surveys" / "README.txt").read_text("utf-8") == (
        "Survey CSVs go here: community,respondent,question,answer\n"
    )


def test_export_says_what_it_wrote_in_chinese(here):
    folder = round_of_year(here / "r", 2022, {"C1": {}, "C2": {"a1": 3}})
    got = run("export", "r", "-o", "out.csv", "--lang", "zh")
    assert got.stderr == "star-rate export: 已写出 out.csv（2 个社区）\n"
    assert (here / "out.csv").is_file()
    one = round_of_year(here / "one", 2022, {"C1": {}})
    assert run("export", one, "-o", "one.csv").stderr == (
        "star-rate export: wrote one.csv (1 community)\n"
    )
    assert folder.is_dir()


def test_an_output_under_a_file_is_an_error_in_the_runs_language(here):
    round_of_year(here / "r", 2022, {"C1": {}})
    (here / "plain.txt").write_text("x", "utf-8")
    zh = run("export", "r", "-o", "plain.txt/out.csv", "--lang", "zh", code=1)
    assert zh.stderr == "star-rate: 错误：plain.txt/out.csv: plain.txt 是文件，不是文件夹\n"
    en = run("export", "r", "-o", "plain.txt/out.csv", code=1)
    assert en.stderr == "star-rate: error: plain.txt/out.csv: plain.txt is a file, not a folder\n"
    exists = run("export", "r", "-o", "plain.txt", "--format", "csv", code=2, LANG="zh_CN.UTF-8")
    assert exists.stderr == "star-rate: 错误：plain.txt 已存在；如需替换，请加 --force\n"


# --- the language itself ----------------------------------------------------------------


def test_an_unknown_language_lists_the_choices_in_english_or_in_chinese(here):
    en = run("init", "x", "--lang", "fr", code=2)
    assert en.stderr == (
        "star-rate: error: --lang 'fr' is not a language star-rate speaks; "
        "use zh (zh-CN, zh_CN, zh-Hans …) or en (en-US, en_GB …)\n"
    )
    zh = run("schema", "round", "--lang", "fr", code=2, LANG="zh_CN.UTF-8")
    assert zh.stderr == (
        "star-rate: 错误：--lang 'fr' 不是 star-rate 支持的语言；"
        "可选 zh（zh-CN、zh_CN、zh-Hans …）或 en（en-US、en_GB …）\n"
    )
    env = run("schema", "round", code=2, STAR_RATE_LANG="klingon")
    assert env.stderr.startswith("star-rate: error: STAR_RATE_LANG='klingon' is not a language")
    assert not (here / "x").exists()


def test_the_locale_gives_chinese_problems_and_lang_en_english(here):
    (here / "bad.yaml").write_bytes(b"\xff\xfe\x00bad")
    scheme = round_of_year(here / "r", 2022, {"C1": {}}) / "scheme"
    zh = run("validate", "bad.yaml", "--criteria", scheme, code=1, LANG="zh_CN.UTF-8")
    assert zh.stdout == "bad.yaml:1:1: 错误：不是有效的 UTF-8 文本 [encoding]\n"
    assert zh.stderr == "star-rate validate: 未通过：1 个错误，0 个警告，共检查 1 个路径\n"
    en = run(
        "validate", "bad.yaml", "--criteria", scheme, "--lang", "en", code=1, LANG="zh_CN.UTF-8"
    )
    assert en.stdout == "bad.yaml:1:1: error: not valid UTF-8 text [encoding]\n"
    assert en.stderr == "star-rate validate: failed: 1 error, 0 warnings in 1 path\n"


# --- verify -------------------------------------------------------------------------------


def test_verify_confirms_and_lists_differences_in_chinese(here):
    round_of_year(here / "r", 2022, {"C1": {}, "C2": {"a1": 3}})
    (here / "zh.json").write_text(cli("score", "r", "--format", "json", "--lang", "zh").stdout)
    english = run("verify", "zh.json", "r").stderr
    fields = re.search(r"\((\d+) fields compared", english).group(1)
    assert run("verify", "zh.json", "r", "--lang", "zh").stderr == (
        f"star-rate verify: 已确认：2 个社区的输入和结果完全一致（比对了 {fields} 个字段，"
        "按 zh 标签比对）\n"
    )
    # without --lang the labels' language is read from the result; messages follow LANG
    assert run("verify", "zh.json", "r", LANG="zh_CN.UTF-8").stderr.endswith(
        "（比对了 " + fields + " 个字段，按 zh 标签比对，与保存的结果一致）\n"
    )
    data = json.loads((here / "zh.json").read_text("utf-8"))
    data["summary"]["communities"] = 3
    data["results"].append({**data["results"][0], "community": {"id": "C9"}})
    data["results"][0]["level"] = "五星"
    (here / "forged.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    got = run("verify", "forged.json", "r", "--lang", "zh", code=1)
    level = cli("score", "r", "--format", "json", "--lang", "zh").stdout
    fresh = json.loads(level)["results"][0]["level"]
    assert got.stdout.splitlines() == [
        "summary.communities: 保存的结果为 3，重新评分为 2",
        "results: 保存的结果有 3 行，本轮评定有 2 行（多出：C9）",
        f'results[C1].level: 保存的结果为 "五星"，重新评分为 "{fresh}"',
    ]
    assert got.stderr == (
        "star-rate verify: forged.json 与 r 重新评分的结果有 3 处不同（按 zh 标签比对）\n"
    )
    bad = run("verify", "r/round.yaml", "r", "--lang", "zh", code=1)
    assert bad.stderr.startswith("r/round.yaml:1:1: 错误：不是有效的 JSON：")


# --- compare and history ------------------------------------------------------------------


def _cells(line):
    return [c.strip() for c in re.split(r"[┃│]", line)[1:-1]]


def test_compare_in_chinese(here):
    round_of_year(here / "2021", 2021, {"C1": {}, "C2": {}, "C4": {}})
    round_of_year(here / "2022", 2022, {"C1": {"a1": 3}, "C2": {}, "C5": {}})
    out = run("compare", "2021", "2022", "--lang", "zh", COLUMNS="200").stdout.splitlines()
    assert out[0].strip() == "星级变化"
    assert _cells(out[2]) == [
        "社区",
        "街道",
        "上轮",
        "本轮",
        "总分变化",
        "变化最大的维度",
        "本轮定级理由",
    ]
    assert _cells(out[4])[:6] == ["C1社区（C1）", "东关街道", "★★★", "★★", "-3.0", "A -3.0"]
    assert out[-2:] == ["新参评社区：C5社区（C5）", "未参评社区：C4社区（C4）"]
    en = run("compare", "2021", "2022", COLUMNS="200").stdout.splitlines()
    assert _cells(en[2]) == [
        "Community",
        "Street",
        "Before",
        "After",
        "Total change",
        "Dimensions that moved most",
        "Why, this round",
    ]
    assert en[-2:] == ["New communities: C5社区 (C5)", "Dropped communities: C4社区 (C4)"]


def test_history_and_its_errors_in_chinese(here):
    round_of_year(here / "rounds" / "a", 2021, {"C1": {"a1": 3}})
    round_of_year(here / "rounds" / "b", 2022, {"C1": {}})
    out = run("history", "rounds", "--lang", "zh", COLUMNS="200").stdout.splitlines()
    assert _cells(out[1]) == ["社区", "街道", "2021", "2022"]
    assert _cells(out[3]) == ["C1社区（C1）", "东关街道", "★★", "★★★"]
    none = run("history", "rounds/a/reviews", "--lang", "zh", code=2)
    assert none.stderr == (
        "star-rate: 错误：rounds/a/reviews: 其中没有评定文件夹（含 round.yaml 的文件夹）\n"
    )
    missing = run("compare", "nothing.json", "rounds/b", code=2, STAR_RATE_LANG="zh")
    assert missing.stderr == "star-rate: 错误：nothing.json: 找不到该评定文件夹或结果文件\n"


# --- every command, the last-resort lines, progress ----------------------------------------

COMMANDS = [
    "score", "explain", "export", "template", "report", "compare", "history", "verify",
    "validate", "schema", "init",
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_lang(command):
    assert "--lang" in run(command, "--help").stdout


def test_an_interruption_and_an_internal_error_are_said_in_the_runs_language(here, monkeypatch):
    from star_rating import api

    round_of_year(here / "r", 2022, {"C1": {}})

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "run", interrupted)
    assert run("score", "r", "--lang", "zh", code=130).stderr == "star-rate: 已中断\n"

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "run", broken)
    assert run("score", "r", "--lang", "zh", code=3).stderr == (
        "star-rate: 内部错误：RuntimeError: boom\n"
        "这是 star-rate 的程序缺陷。请加 --debug 重新运行以查看回溯信息。\n"
    )
    assert run("score", "r", code=3).stderr == (
        "star-rate: internal error: RuntimeError: boom\n"
        "This is a bug in star-rate. Run again with --debug for the traceback.\n"
    )


def test_a_progress_label_is_shown_in_the_runs_language():
    from star_rating.catalog import msg
    from star_rating.progress import _Bar

    class Rich:
        def __init__(self):
            self.tasks = []

        def add_task(self, label, total):
            self.tasks.append(label)
            return len(self.tasks)

    rich = Rich()
    _Bar(rich, "zh").task(msg("history.changes"), 3)
    _Bar(rich, "en").task(msg("history.changes"), 3)
    _Bar(rich, "zh").task("reviews", 3)
    assert rich.tasks == ["星级变化", "Star changes", "reviews"]
