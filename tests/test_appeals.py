"""Appeals: corrections after the reviews, with the original kept and shown."""

from __future__ import annotations

from decimal import Decimal

from helpers import both, cli, rate, review, write_round

APPEAL = {
    "community": "C1",
    "stage": "district",
    "indicator": "a1",
    "value": 6,
    "reason": "补充提交了会议记录",
    "decided_by": "区民政局复核组",
    "date": "2022-09-10",
}


def test_an_appeal_lifts_a_community_across_a_threshold(tmp_path):
    # district a1 = 2: A = 6, total (20 + 16) / 2 = 18 but A = 80 % ... without the appeal:
    reviews = [review("C1", "self"), review("C1", "district", a1=1.5)]
    before = rate(write_round(tmp_path / "before", reviews), "C1")
    assert Decimal(str(before["total"])) == Decimal("17.8")  # (20 + 15.5) / 2 = 17.75
    assert before["stars"] == 2
    folder = write_round(tmp_path / "after", reviews, appeals=[APPEAL])
    after = rate(folder, "C1")
    assert Decimal(str(after["total"])) == Decimal("20.0")
    assert after["stars"] == 3
    assert after["appeals"] == [
        {
            "stage": "district",
            "indicator": "a1",
            "before": 1.5,
            "after": 6,
            "reason": "补充提交了会议记录",
            "decided_by": "区民政局复核组",
            "date": "2022-09-10",
        }
    ]
    trace = cli("explain", folder, "C1", "--lang", "en").stdout
    assert "1.5 -> 6" in trace
    assert "补充提交了会议记录" in trace and "appeals.yaml:" in trace


def test_an_appeal_above_max_is_rejected_with_its_line(tmp_path):
    bad = dict(APPEAL, value=7)
    folder = write_round(
        tmp_path, both("C1"), appeals=[APPEAL | {"indicator": "a2", "value": True}, bad]
    )
    result = cli("score", folder, code=1)
    assert result.stdout == ""
    text = (folder / "appeals.yaml").read_text("utf-8")
    lines = [i for i, line in enumerate(text.splitlines(), 1) if "value: 7" in line]
    assert f"appeals.yaml:{lines[0]}:" in result.stderr
    assert "appeal: 7 is above the max 6 of a1" in result.stderr


def test_an_appeal_for_a_missing_review_or_indicator(tmp_path):
    folder = write_round(
        tmp_path, both("C1"), appeals=[APPEAL | {"stage": "street"}, APPEAL | {"indicator": "zz"}]
    )
    result = cli("score", folder, code=1)
    assert "appeal for C1/street: no such review" in result.stderr
    assert "unknown indicator 'zz'" in result.stderr
