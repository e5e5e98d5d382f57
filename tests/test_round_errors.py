"""Bad round input: exit 1, every problem with file and line, no traceback, no results."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import both, cli, review, write_round


def fails(folder: Path, *expected: str) -> str:
    result = cli("score", folder, code=1)
    assert result.stdout == "", "no results may be printed when input is bad"
    for text in expected:
        assert text in result.stderr, result.stderr
    assert "nothing was scored" in result.stderr
    return result.stderr


def test_unknown_indicator_with_did_you_mean(tmp_path):
    r = review("C1", "district")
    r["entries"]["a11"] = 3
    folder = write_round(tmp_path, [review("C1", "self"), r])
    fails(folder, "reviews/C1-district.yaml:", "unknown indicator 'a11' (did you mean 'a1'?)")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"a1": 6.5}, "6.5 is above the max 6 of a1"),
        ({"a1": -1}, "-1 is below 0 for a1"),
        ({"a1": 2.25}, "2.25 is not a multiple of the step 0.5 of a1"),
        ({"a1": ".nan"}, "expected a number, got '.nan'"),
        ({"a1": "abc"}, "expected a number, got 'abc'"),
        ({"a3": ["x", "z"]}, "unknown checklist item 'z' for a3"),
        ({"a2": "maybe"}, "'maybe' is not yes/no for a2"),
        ({"b1": 1.5}, "1.5 is not a whole count of findings for b1"),
        ({"b1": -2}, "-2 is below 0; b1 expects a count of findings"),
    ],
)
def test_bad_values(tmp_path, changes, message):
    folder = write_round(tmp_path, [review("C1", "self"), review("C1", "district", **changes)])
    fails(folder, "C1-district.yaml:", message)


def test_nan_and_infinity_in_yaml(tmp_path):
    folder = write_round(tmp_path, both("C1"))
    path = folder / "reviews" / "C1-district.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("a1: 6", "a1: .nan").replace("b2: 0.95", "b2: .inf"), "utf-8")
    err = fails(folder, "not a finite number")
    assert err.count("not a finite number") == 2


def test_unknown_community_and_stage(tmp_path):
    folder = write_round(
        tmp_path,
        [*both("C1"), review("C9", "district"), review("C1", "distrct")],
        communities=[("C1", "东安社区", "东关街道")],
    )
    fails(
        folder,
        "reviews/C9-district.yaml:1: error: unknown community 'C9'",
        "unknown stage 'distrct' (did you mean 'district'?)",
    )


def test_two_reviews_for_one_community_and_stage(tmp_path):
    folder = write_round(tmp_path, both("C1"))
    (folder / "reviews" / "again.yaml").write_text(
        (folder / "reviews" / "C1-district.yaml").read_text("utf-8"), "utf-8"
    )
    fails(folder, "a second district review of C1 (the first is at ")


def test_missing_entry(tmp_path):
    r = review("C1", "district")
    del r["entries"]["b2"]
    fails(
        write_round(tmp_path, [review("C1", "self"), r]),
        "C1-district.yaml:1: error: the district review of C1 has no entry for b2",
    )


def test_duplicate_key_in_a_review(tmp_path):
    folder = write_round(tmp_path, both("C1"))
    path = folder / "reviews" / "C1-self.yaml"
    path.write_text(path.read_text("utf-8") + "stage: self\n", "utf-8")
    fails(folder, "C1-self.yaml:", "duplicate key 'stage' (first at line")


def test_duplicate_key_in_json(tmp_path):
    folder = write_round(tmp_path, [review("C1", "self")])
    (folder / "reviews" / "C1-district.json").write_text(
        '{"community": "C1", "stage": "district",\n "entries": {"a1": 6, "a1": 5}}', "utf-8"
    )
    fails(folder, "C1-district.json:2:", "duplicate key 'a1'")


def test_unknown_veto_and_bonus_without_points(tmp_path):
    folder = write_round(
        tmp_path,
        [
            review("C1", "self", vetoes=["incidnt"]),
            review("C1", "district", bonus=[{"reason": "x"}]),
        ],
    )
    fails(
        folder, "unknown veto 'incidnt' (did you mean 'incident'?)", "missing required key 'points'"
    )


def test_long_csv_errors_name_the_line(tmp_path):
    folder = write_round(tmp_path, [review("C1", "self")])
    rows = ["community,stage,indicator,value"]
    rows += [
        f"C1,district,{k},{v}"
        for k, v in {"a1": 7, "a2": "是", "a3": "x;y", "b1": 0, "b2": "95%"}.items()
    ]
    rows.append("C1,district,a2,否")
    (folder / "reviews" / "district.csv").write_text("\n".join(rows) + "\n", "utf-8")
    fails(
        folder,
        "reviews/district.csv:2: error: 7 is above the max 6 of a1",
        "reviews/district.csv:7: error: second entry for a2 in the district review of C1 "
        "(first at ",
    )


def test_long_csv_with_bom_and_gbk(tmp_path):
    rows = ["community,stage,indicator,value,note"]
    rows += [
        f"C1,district,{k},{v},备注"
        for k, v in {"a1": 6, "a2": "是", "a3": "x;y", "b1": 0, "b2": 0.95}.items()
    ]
    text = "\n".join(rows) + "\n"
    for name, data in (
        ("bom", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("gbk", text.encode("gbk")),
    ):
        folder = write_round(tmp_path / name, [review("C1", "self")])
        (folder / "reviews" / "district.csv").write_bytes(data)
        result = cli("score", folder, "--format", "json")
        assert '"total": 20.0' in result.stdout


def test_register_with_duplicate_ids(tmp_path):
    folder = write_round(
        tmp_path, both("C1"), communities=[("C1", "东安社区", "东关街道"), ("C1", "西安社区", "x")]
    )
    fails(folder, "communities.csv:3: error: duplicate community id 'C1' (first at line 2)")


def test_paths_that_leave_the_round_folder(tmp_path):
    folder = write_round(tmp_path / "round", both("C1"))
    (tmp_path / "outside.yaml").write_text("x: 1\n", "utf-8")
    (folder / "round.yaml").write_text("title: t\nscheme: scheme\nreviews: ../\n", "utf-8")
    fails(folder, "round.yaml:3:10: error: reviews: '../' leads out of the round folder")


def test_symlink_out_of_the_round_is_refused(tmp_path):
    folder = write_round(tmp_path / "round", both("C1"))
    (tmp_path / "secret.yaml").write_text("community: C1\n", "utf-8")
    (folder / "reviews" / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    fails(folder, "link.yaml: error: a link that leads out of the round folder")


def test_several_problems_are_all_listed(tmp_path):
    folder = write_round(
        tmp_path, [review("C1", "self", a1=9), review("C1", "district", b1=-1, a2="x")]
    )
    err = fails(folder)
    assert err.count(": error: ") == 3


def test_internal_errors_exit_3_without_traceback(monkeypatch, tmp_path):
    import star_rating.engine.score as engine

    def boom(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(engine, "score_round", boom)
    result = cli("score", write_round(tmp_path, both("C1")), code=3)
    assert "internal error: RuntimeError: simulated bug" in result.stderr
    assert "--debug" in result.stderr


def test_an_unreadable_review_file_is_one_error_not_one_per_community(tmp_path):
    folder = write_round(tmp_path, both("C1") + both("C2"))
    for f in (folder / "reviews").iterdir():
        f.unlink()
    (folder / "reviews" / "all.csv").write_bytes(b"\x00\x01binary")
    err = fails(folder, "reviews/all.csv:1: error: binary data, not a CSV text file")
    assert err.count(": error: ") == 1


def test_an_answer_repeated_in_another_survey_file_names_the_first(tmp_path):
    """Respondents are matched across the round's survey files: the second answer is
    refused with the file and line of the first."""
    import shutil

    folder = tmp_path / "r"
    shutil.copytree(Path(__file__).parents[1] / "samples" / "changan-2022", folder)
    other = folder / "surveys" / "changle.csv"
    lines = other.read_text("utf-8").splitlines(keepends=True)
    other.write_text("".join([*lines, "C023,C023-01,q1,满意\n"]), "utf-8")
    out = cli("score", folder, "--lang", "en", code=1)
    assert out.stderr.replace(f"{tmp_path}/", "").splitlines()[0] == (
        f"r/surveys/changle.csv:{len(lines) + 1}: error: respondent 'C023-01' of C023 "
        "answered q1 twice (first at r/surveys/beiguan.csv:2) [duplicate-answer]"
    )
