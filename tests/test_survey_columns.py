"""Survey tables read as columns count what reading them row by row counts, and
report the same repeated respondents, in one piece or many, in one file or several;
equal fingerprints of different answers never make a repeat."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from star_rating.errors import Collector
from star_rating.loading import csvscan, surveys
from star_rating.loading.round import _Unknown
from star_rating.loading.surveys import SurveyReader
from star_rating.scheme import Words

COMMUNITIES = {"C1": 1, "C2": 2, "社区Ａ": 3}
IDS = ["C1", "C2", " C1", "社区Ａ", "C9", ""]
ANSWERS = ["满意", "不满意", "", "很满意", " 满意 "]
QUESTIONS = ["", "q1", "q2"]
RESPONDENTS = ["", "R1", "R2", "R1 ", "受访者3"]

answer = st.tuples(
    st.sampled_from(IDS),
    st.sampled_from(RESPONDENTS),
    st.sampled_from(QUESTIONS),
    st.sampled_from(ANSWERS),
    st.sampled_from(["plain", "plain", "plain", "short", "blank line"]),
)


def write(path: Path, rows: list[tuple[str, ...]], with_question: bool) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["community", "respondent", *(["question"] if with_question else []), "answer"])
    for c, r, q, a, shape in rows:
        cells = [c, r, *([q] if with_question else []), a]
        if shape == "blank line":
            out.write("\n")
        if shape == "short":
            cells = cells[:2]
        w.writerow(cells)
    path.write_bytes(out.getvalue().encode("utf-8"))


def read(paths: list[Path], columnar: bool, monkeypatch) -> tuple[object, ...]:
    col = Collector()
    unknown = _Unknown("rows", Words("社区", "community"))
    reader = SurveyReader(COMMUNITIES, col, unknown)
    with monkeypatch.context() as m:
        if not columnar:
            m.setattr(csvscan, "read_columns", lambda *a: False)
        for p in paths:
            reader.read(p)
        reader.check_repeats()
    unknown.report(col, COMMUNITIES)
    problems = sorted(
        ((p.file, p.line or 0, p.said.key, p.said.params) for p in col.problems), key=str
    )
    files = {k: sorted(v) for k, v in reader.files.items()}
    return reader.counts, files, problems


settings_ = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@settings_
@given(
    files=st.lists(st.lists(answer, max_size=40), min_size=1, max_size=3),
    with_question=st.booleans(),
    block=st.sampled_from([48, 1 << 20]),
)
def test_columns_count_as_rows_do(tmp_path_factory, monkeypatch, files, with_question, block):
    folder = tmp_path_factory.mktemp("s")
    paths = []
    for k, rows in enumerate(files):
        paths.append(folder / f"s{k}.csv")
        write(paths[-1], rows, with_question)
    monkeypatch.setattr(csvscan, "_BLOCK", block)
    assert read(paths, True, monkeypatch) == read(paths, False, monkeypatch)


def test_equal_fingerprints_are_compared_as_texts(tmp_path, monkeypatch):
    """Every answer given one fingerprint: the texts still decide what repeats."""
    path = tmp_path / "s.csv"
    write(
        path,
        [
            ("C1", "R1", "", "满意", "plain"),
            ("C1", "R2", "", "满意", "plain"),
            ("C2", "R1", "", "满意", "plain"),
            ("C1", "R1", "", "不满意", "plain"),  # the one repeat
        ],
        False,
    )
    real = read([path], True, monkeypatch)
    monkeypatch.setattr(surveys, "_print", lambda c, q, r: 7)
    monkeypatch.setattr(
        surveys, "_prints", lambda *a: np.full(int(a[-1].sum()), 7, dtype=np.uint64)
    )
    same = read([path], True, monkeypatch)
    assert same == real
    counts, _, problems = same
    assert counts == {("C1", "", "满意"): 2, ("C2", "", "满意"): 1}
    assert [(line, key) for _, line, key, _ in problems] == [(5, "round.survey.twice")]
    assert dict(problems[0][3])["first"].endswith("s.csv:2")


def test_a_repeat_in_another_file_names_the_first(tmp_path, monkeypatch):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    write(a, [("C1", "R1", "q1", "满意", "plain")], True)
    write(b, [("C2", "R1", "q1", "满意", "plain"), ("C1", "R1", "q1", "满意", "plain")], True)
    counts, _files, problems = read([a, b], True, monkeypatch)
    assert counts == {("C1", "q1", "满意"): 1, ("C2", "q1", "满意"): 1}
    assert [(Path(f).name, line, key) for f, line, key, _ in problems] == [
        ("b.csv", 3, "round.survey.twice_question")
    ]
    assert dict(problems[0][3])["first"].endswith("a.csv:2")
