"""The message catalog: every message in both languages, with the same parameters."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from string import Formatter

import pytest

from star_rating.catalog import LANGS, MESSAGES, pct, pts, render
from star_rating.models.result import Msg, Words


def _fields(template: str) -> set[tuple[str, str]]:
    """Each field and its style; ``plural:…`` is a number like ``pts`` (English adds a noun)."""
    return {
        (f, "pts" if (spec or "").startswith("plural:") else spec or "")
        for _, f, spec, _ in Formatter().parse(template)
        if f is not None
    }


SAMPLE = {"pts": Fraction(3, 2), "pct": Fraction(1, 2), "list": (), "": "x"}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_and_renders(key):
    texts = MESSAGES[key]
    assert set(texts) == set(LANGS)
    fields = _fields(texts["zh"]) | _fields(texts["en"])
    styles: dict[str, set[str]] = {}
    for name, spec in fields:
        styles.setdefault(name, set()).add(spec)
    # a number may be written plain in one language and as points in the other; a list,
    # a share or a number never stands where the other language has something else
    for name, seen in styles.items():
        assert len(seen - {""}) <= 1, f"{key}: {name} has the styles {sorted(seen)}"
    params = {n: SAMPLE[max(seen, key=len)] for n, seen in styles.items()}
    for lang in LANGS:
        assert render(key, lang, params).strip()


def _demotion() -> Msg:
    return Msg.of(
        "quota_demotion",
        "quota.demotion",
        level=Words("五星", "Five-star"),
        rank=3,
        quota=Msg.of("quota", "quota.share", limit=2, share=Fraction(1, 5), n=11),
        placed=Msg.of("level", "level.none"),
    )


def test_a_message_is_plain_data_written_in_the_language_asked_for():
    msg = _demotion()
    assert msg == _demotion() and msg is not _demotion()  # equal as data
    assert hash(msg) == hash(Msg(msg.code, msg.key, msg.params))
    assert msg.text("zh") == (
        "符合五星条件，但排名第 3，超出名额上限 2 个（20% × 11，向下取整），降为无星级"
    )
    assert msg.text("en") == (
        "qualifies for Five-star but ranks 3, beyond a quota of 2 (20% of 11, rounded down); "
        "placed at no level"
    )


def test_numbers_in_sentences():
    assert pts(Fraction(1, 3)) == "0.33"
    assert pts(Fraction(5, 2)) == "2.5"
    assert pts(Decimal("90.0")) == "90"
    assert pts(Decimal("0.005")) == "0.01"  # half-up, not banker's
    assert pct(Fraction(1, 8)) == "12.5%"
    assert pct(Fraction(2, 3)) == "66.7%"
    failed = [
        Msg.of(
            "min_total",
            "rule.min_total.short",
            total=Decimal("79.5"),
            need=Decimal(80),
            short=Fraction(1, 2),
        )
    ]
    msg = Msg.of("next_level", "reason.next_level", level=Words("四星", "4★"), failed=failed * 2)
    assert render(msg.key, "zh", dict(msg.params)) == (
        "未达四星：总分 79.5 低于 80（差 0.5 分）；总分 79.5 低于 80（差 0.5 分）"
    )


def test_english_counts_agree_with_their_nouns_chinese_needs_none():
    one = Msg.of("survey_sample", "flag.survey_sample", indicator="sat-1", valid=1, advised=30)
    two = Msg.of("survey_sample", "flag.survey_sample", indicator="sat-1", valid=2, advised=30)
    assert one.text("en") == "small survey sample: sat-1 has 1 valid answer (at least 30 advised)"
    assert two.text("en").startswith("small survey sample: sat-1 has 2 valid answers")
    assert one.text("zh") == "问卷样本偏少：sat-1 有效问卷 1 份（建议不少于 30 份）"
    short = Msg.of(
        "min_total",
        "rule.min_total.short",
        total=Decimal("79.0"),
        need=Decimal(80),
        short=Fraction(1),
    )
    assert short.text("en") == "total 79.0 is below 80 (1 point short)"
    almost = Msg.of(
        "min_total",
        "rule.min_total.short",
        total=Decimal("79.5"),
        need=Decimal(80),
        short=Fraction(1, 2),
    )
    assert almost.text("en") == "total 79.5 is below 80 (0.5 points short)"


def test_equal_parameters_are_shared_and_read_the_same(monkeypatch):
    """Reasons share equal parameters (by type and value) and keep their words; when
    the shared tables fill up they start afresh, and every message still reads as
    one made on its own. 1 and True, or Decimal 1 and 1.0, are never shared."""
    from star_rating import catalog

    monkeypatch.setattr(catalog, "_MAX_SHARED", 7)
    made = []
    for k in range(60):
        value = [Fraction(k % 9, 4), k % 5, f"d{k % 3}", True, Decimal("1.0"), 1][k % 6]
        made.append((catalog.msg("round.near", match=value), value))
    for m, value in made:
        alone = Msg("round.near", "round.near", (("match", value),))
        assert m == alone and m.text("en") == alone.text("en") == render(
            "round.near", "en", {"match": value}
        )
        assert type(dict(m.params)["match"]) is type(value)
    a, b = catalog.msg("round.near", match="x"), catalog.msg("round.near", match="x")
    assert a.params is b.params  # shared
    words = render("round.near", "zh", {"match": "x"})
    assert a.text("zh") == b.text("zh") == a.text("zh") == words  # its words kept
    t, one = catalog.msg("round.near", match=True), catalog.msg("round.near", match=1)
    assert t.text("en") != one.text("en")  # True and 1 stay apart
