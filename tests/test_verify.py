"""`verify`: a saved result is confirmed only when every field of it is what the round gives."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
import yaml

from helpers import both, cli, mini_scheme, review, write_round

# five communities: a quota tie note, a flag, survey rates, reasons and named levels
COMMUNITIES = [
    ("C001", "东安社区", "东关街道"),
    ("C002", "西安社区", "东关街道"),
    ("C003", "南安社区", "西关街道"),
    ("C004", "北安社区", "西关街道"),
    ("C005", "中安社区", "南街街道"),
]
ANSWERS = [
    (c, str(i), "q1", answer)
    for c, _, _ in COMMUNITIES
    for i, answer in enumerate(["满意", "满意", "满意", "不满意"], 1)
]


def _scheme():
    scheme, dims = mini_scheme(scale=30, quotas={3: {"max_count": 2}})
    dims.append(
        {
            "id": "S",
            "name": {"zh": "满意度", "en": "Satisfaction"},
            "max": 10,
            "indicators": [
                {
                    "id": "s1",
                    "text": "overall",
                    "kind": "survey",
                    "max": 10,
                    "question": "q1",
                    "min_responses": 3,
                }
            ],
        }
    )
    scheme["levels"] = [
        {"stars": 3, "min_total": 27, "label": {"zh": "三星", "en": "Three stars"}},
        {"stars": 2, "min_total": 21, "label": {"zh": "二星", "en": "Two stars"}},
        {"stars": 1, "min_total": 15, "label": {"zh": "一星", "en": "One star"}},
    ]
    return scheme, dims


def _round(folder, year=2022, title=None):
    reviews = [
        *both("C001"),
        *both("C002", a1=5.5),
        *both("C003", a1=5.5),
        *both("C004", a1=5),
        review("C005", "self"),
        review("C005", "district", a1=1),
    ]
    out = write_round(folder, reviews, COMMUNITIES, scheme=_scheme(), surveys=ANSWERS)
    _set_round(out, year=year, title=title)
    return out


def _set_round(folder, **values):
    data = yaml.safe_load((folder / "round.yaml").read_text("utf-8"))
    data.update({k: v for k, v in values.items() if v is not None})
    (folder / "round.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def _save(folder, path, *extra):
    path.write_text(cli("score", folder, "--format", "json", *extra).stdout, "utf-8")
    return path


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """The round folder and its saved result in English."""
    base = tmp_path_factory.mktemp("verify")
    folder = _round(base / "round")
    return folder, _save(folder, base / "result.json", "--lang", "en")


def _forge(tmp_path, saved_path, change):
    data = json.loads(saved_path.read_text("utf-8"), parse_float=Decimal)
    change(data)
    text = json.dumps(data, ensure_ascii=False, indent=2, default=float)
    out = tmp_path / "forged.json"
    out.write_text(text, "utf-8")
    return out


class _Retext:
    """A change made in the text: a number written with other digits."""

    def __init__(self, cid, old, new):
        self.cid, self.old, self.new = cid, old, new

    def forge(self, tmp_path, saved_path):
        text = saved_path.read_text("utf-8")
        at = text.index(self.old, text.index(f'"id": "{self.cid}"'))
        out = tmp_path / "forged.json"
        out.write_text(text[:at] + self.new + text[at + len(self.old) :], "utf-8")
        return out


def _row(data, cid):
    return next(r for r in data["results"] if r["community"]["id"] == cid)


def test_the_round_has_what_the_forgeries_change(saved):
    _, path = saved
    data = json.loads(path.read_text("utf-8"))
    assert [r["community"]["id"] for r in data["results"]] == [
        "C001",
        "C002",
        "C003",
        "C004",
        "C005",
    ]
    assert len(data["quota_notes"]) == 1
    assert _row(data, "C001")["level"] == "Three stars"
    assert _row(data, "C005")["flag_codes"] == ["self_inflation"]
    assert len(_row(data, "C004")["reasons"]) == 2
    assert _row(data, "C001")["survey"]["s1"]["rate"] == 0.75


def test_an_unchanged_result_is_confirmed(saved):
    folder, path = saved
    result = cli("verify", path, folder)
    assert result.stdout == ""
    assert result.stderr.startswith(
        "star-rate verify: confirmed: the same inputs and results for 5 communities ("
    )
    assert "fields compared, labels in en, as in the saved result)" in result.stderr


def test_a_chinese_result_is_confirmed_in_its_own_language(saved, tmp_path):
    folder, _ = saved
    path = _save(folder, tmp_path / "zh.json", "--lang", "zh")
    assert "labels in zh, as in the saved result" in cli("verify", path, folder).stderr
    # --lang is the language of the messages and of the labels compared
    said = cli("verify", path, folder, "--lang", "zh").stderr
    assert said.startswith("star-rate verify: 已确认：5 个社区的输入和结果完全一致（比对了 ")
    assert said.endswith(" 个字段，按 zh 标签比对）\n")
    # told the wrong language, every label differs
    out = cli("verify", path, folder, "--lang", "en", code=1).stdout
    assert 'results[C001].level: saved "三星", fresh "Three stars"' in out


def _add_row(data):
    extra = copy.deepcopy(data["results"][-1])
    extra["community"] = {"id": "C999", "name": "伪造社区", "street": "东关街道"}
    data["results"].append(extra)


def _set(cid, *keys, value):
    def change(data):
        target = _row(data, cid)
        for k in keys[:-1]:
            target = target[k]
        target[keys[-1]] = value

    return change


FORGERIES = {
    "extra row": (_add_row, "results: saved has 6 rows, the round has 5 (extra: C999)"),
    "duplicated row": (
        lambda d: d["results"].append(copy.deepcopy(d["results"][0])),
        "results: saved has 6 rows, the round has 5 (repeated: C001)",
    ),
    "missing row": (
        lambda d: d["results"].pop(3),
        "results: saved has 4 rows, the round has 5 (missing: C004)",
    ),
    "level label": (
        _set("C004", "level", value="Three stars"),
        'results[C004].level: saved "Three stars", fresh "Two stars"',
    ),
    "name": (
        _set("C002", "community", "name", value="西安新区社区"),
        'results[C002].community.name: saved "西安新区社区", fresh "西安社区"',
    ),
    "street": (
        _set("C003", "community", "street", value="东关街道"),
        'results[C003].community.street: saved "东关街道", fresh "西关街道"',
    ),
    "reason": (
        lambda d: _row(d, "C004")["reasons"].__setitem__(1, "meets every rule"),
        'results[C004].reasons[1]: saved "meets every rule", fresh "not Three stars: total '
        '26.5 is below 27 (0.5 points short)"',
    ),
    "flag dropped": (
        _set("C005", "flags", value=[]),
        'results[C005].flags[0]: not in the saved result, fresh "self-inflation: self 27.5 '
        'exceeds district 22.5 by 5 (tolerance 3)"',
    ),
    "survey rate": (
        _set("C001", "survey", "s1", "rate", value=Decimal("0.8")),
        "results[C001].survey.s1.rate: saved 0.8, fresh 0.75",
    ),
    "quota note": (
        lambda d: d["quota_notes"].__setitem__(0, "no quota applied"),
        'quota_notes[0]: saved "no quota applied", fresh "Three stars: a quota of 2; 2 '
        'communities tie at 27.0 on the boundary and keep the level together, so 3 hold it"',
    ),
    "total by 0.1": (
        _set("C003", "total", value=Decimal("27.1")),
        "results[C003].total: saved 27.1, fresh 27.0",
    ),
    "total as an integer": (
        _set("C003", "total", value=27),
        "results[C003].total: saved 27, fresh 27.0",
    ),
    "total with another digit": (
        _Retext("C003", '"total": 27.0,', '"total": 27.00,'),
        "results[C003].total: saved 27.00, fresh 27.0",
    ),
    "stars as true": (
        _set("C005", "qualified_stars", value=True),
        "results[C005].qualified_stars: saved true, fresh 2",
    ),
    "extra field": (
        _set("C001", "approved_by", value="区民政局"),
        'results[C001].approved_by: saved "区民政局", not in a fresh result',
    ),
    "top-level field": (
        lambda d: d["summary"].__setitem__("communities", 6),
        "summary.communities: saved 6, fresh 5",
    ),
}


@pytest.mark.parametrize("name", list(FORGERIES))
def test_a_forged_result_lists_the_difference(saved, tmp_path, name):
    folder, path = saved
    change, line = FORGERIES[name]
    if isinstance(change, _Retext):
        forged = change.forge(tmp_path, path)
    else:
        forged = _forge(tmp_path, path, change)
    result = cli("verify", forged, folder, code=1)
    assert result.stdout.splitlines() == [line]
    assert result.stderr.startswith("star-rate verify: 1 difference between ")


def test_every_difference_is_listed(saved, tmp_path):
    folder, path = saved

    def change(data):
        _add_row(data)
        data["summary"]["communities"] = 6
        _row(data, "C002")["level"] = "Two stars"

    forged = _forge(tmp_path, path, change)
    result = cli("verify", forged, folder, code=1)
    assert result.stdout.splitlines() == [
        "summary.communities: saved 6, fresh 5",
        "results: saved has 6 rows, the round has 5 (extra: C999)",
        'results[C002].level: saved "Two stars", fresh "Three stars"',
    ]
    assert result.stderr.startswith("star-rate verify: 3 differences between ")


def test_rows_in_another_order_are_a_difference(saved, tmp_path):
    folder, path = saved
    forged = _forge(tmp_path, path, lambda d: d["results"].reverse())
    assert cli("verify", forged, folder, code=1).stdout.splitlines() == [
        "results: rows in another order than the round's (from row 1: saved C005, fresh C001)"
    ]


def test_a_changed_input_is_named_first(saved, tmp_path):
    folder, path = saved
    forged = _forge(tmp_path, path, lambda d: d["hashes"].__setitem__("round.yaml", "0" * 64))
    out = cli("verify", forged, folder, code=1).stdout.splitlines()
    assert out == [
        'hashes["round.yaml"]: saved "000000000000…", fresh '
        f'"{json.loads(path.read_text("utf-8"))["hashes"]["round.yaml"][:12]}…" '
        "(sha256: the input changed since the result was saved)"
    ]


def test_a_duplicate_key_is_an_error(saved, tmp_path):
    folder, path = saved
    text = path.read_text("utf-8").replace('"stars": 3,', '"stars": 3,\n"stars": 2,', 1)
    forged = tmp_path / "dup.json"
    forged.write_text(text, "utf-8")
    result = cli("verify", forged, folder, code=1)
    assert (
        'dup.json: error: the key "stars" appears twice in one object; a saved result has '
        "each key once [duplicate-key]" in result.stderr
    )


# --- files that are not a saved result ----------------------------------------------


def test_a_public_export_is_not_a_saved_result(saved, tmp_path):
    folder, _ = saved
    public = tmp_path / "public.json"
    cli("export", folder, "--format", "json", "--public", "-o", public)
    result = cli("verify", public, folder, code=1)
    assert result.stdout == ""
    assert (
        "public.json:1:1: error: not a saved result: it looks like the public notice (公示) of "
        "`star-rate export --format json --public`, which leaves out flags, input hashes and "
        "agreement figures; verify checks the JSON that `star-rate score ROUND --format json` "
        "writes [type]"
    ) in result.stderr


def test_an_export_is_not_a_saved_result(saved, tmp_path):
    folder, _ = saved
    export = tmp_path / "export.json"
    cli("export", folder, "--format", "json", "-o", export)
    result = cli("verify", export, folder, code=1)
    assert (
        "export.json:1:1: error: not a saved result: it looks like the JSON of `star-rate "
        "export --format json`, which has no agreement figures; verify checks the JSON that "
        "`star-rate score ROUND --format json` writes [type]"
    ) in result.stderr


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (
            '{"changes": [], "new": [], "dropped": []}',
            "it looks like the output of `star-rate compare --format json`",
        ),
        ("[1, 2]", "the file holds an array, not an object"),
        ('{"results": [{"community": {"id": "C001"}, "stars": 3}]}', "it has none of `hashes`"),
        ('{"a": 1}', "it has no `results` list"),
    ],
)
def test_other_json_is_not_a_saved_result(saved, tmp_path, text, what):
    folder, _ = saved
    other = tmp_path / "other.json"
    other.write_text(text, "utf-8")
    result = cli("verify", other, folder, code=1)
    assert f"other.json:1:1: error: not a saved result: {what}" in result.stderr


# --- dynamic rules: --previous -----------------------------------------------------


def _dynamic(folder, year, **changes):
    scheme, dims = mini_scheme(dynamic={"max_rise": 1})
    out = write_round(folder, both("C1", **changes), scheme=(scheme, dims))
    _set_round(out, year=year)
    return out


def test_a_result_scored_with_previous_needs_previous(tmp_path):
    last = _dynamic(tmp_path / "2021", 2021, a1=0, a2=False, a3=[])  # 1 star
    last_json = _save(last, tmp_path / "2021.json")
    now = _dynamic(tmp_path / "2022", 2022)
    now_json = _save(now, tmp_path / "2022.json", "--previous", last_json)
    result = cli("verify", now_json, now, code=2)
    assert (
        "was scored with --previous (1 community carries last round's stars under "
        "`dynamic`); pass the same previous result: star-rate verify"
    ) in result.stderr
    assert "--previous LAST-ROUND.json" in result.stderr
    ok = cli("verify", now_json, now, "--previous", last_json)
    assert "confirmed: the same inputs and results for 1 community (" in ok.stderr


def test_a_result_scored_without_previous_says_so(tmp_path):
    last = _dynamic(tmp_path / "2021", 2021, a1=0, a2=False, a3=[])
    last_json = _save(last, tmp_path / "2021.json")
    now = _dynamic(tmp_path / "2022", 2022)
    plain = _save(now, tmp_path / "2022.json")
    result = cli("verify", plain, now, "--previous", last_json, code=1)
    assert "results[C1].stars: saved 3, fresh 2" in result.stdout
    assert "the saved result was scored without --previous" in result.stderr


def test_previous_of_the_same_round_is_an_error(tmp_path):
    now = _dynamic(tmp_path / "r", 2022)
    own = _save(now, tmp_path / "own.json")
    result = cli("score", now, "--previous", own, code=1)
    assert (
        "own.json: error: --previous is a result of 2022 (its round.yaml is this round's), "
        "but the round being scored is of 2022; it takes the result of an earlier year's "
        "round [previous]"
    ) in result.stderr


def test_previous_of_the_same_or_a_later_year_is_an_error(tmp_path):
    later = _dynamic(tmp_path / "changan-2023", 2023)
    _set_round(later, title={"zh": "2023年度评定", "en": "2023 assessment"})
    later_json = _save(later, tmp_path / "2023.json")
    now = _dynamic(tmp_path / "changan-2022", 2022)
    _set_round(now, title={"zh": "2022年度评定", "en": "2022 assessment"})
    result = cli("score", now, "--previous", later_json, code=1)
    assert (
        "2023.json: error: --previous is a result of 2023 (from its round name and title), "
        "but the round being scored is of 2022; it takes the result of an earlier year's "
        "round [previous]"
    ) in result.stderr
    same = _dynamic(tmp_path / "other-2022", 2022)
    _set_round(same, title={"zh": "2022年度复评", "en": "2022 review"})
    same_json = _save(same, tmp_path / "same.json")
    result = cli("score", now, "--previous", same_json, code=1)
    assert "--previous is a result of 2022 (from its round name and title)" in result.stderr
    assert "but the round being scored is of 2022" in result.stderr
    cli("verify", _save(now, tmp_path / "now.json"), now, "--previous", later_json, code=1)


def test_previous_of_an_earlier_year_is_accepted(tmp_path):
    last = _dynamic(tmp_path / "changan-2021", 2021)
    _set_round(last, title={"zh": "2021年度评定", "en": "2021 assessment"})
    now = _dynamic(tmp_path / "changan-2022", 2022)
    _set_round(now, title={"zh": "2022年度评定", "en": "2022 assessment"})
    cli("score", now, "--previous", _save(last, tmp_path / "2021.json"))
