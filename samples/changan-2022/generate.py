#!/usr/bin/env python3
"""Generate the sample round 长安区2022年度星级和谐社区评定 (samples/changan-2022).

How to run (Python 3.7 or newer, standard library only, no star-rate needed)::

    python samples/changan-2022/generate.py            # rewrite the round next to this file
    python samples/changan-2022/generate.py --out DIR  # write the same round into DIR

What it writes (and nothing else): ``round.yaml``, ``communities.csv``,
``reviews/`` (deleted and rewritten) and ``surveys/`` (deleted and rewritten)
in the output folder.  ``README.md`` and this script are not touched.

What it guarantees:

* Determinism: every random draw comes from ``random.Random`` seeded with a
  fixed string per community, files are written in a fixed order with fixed
  encodings and line endings, so two runs give byte-identical files on any
  platform and Python version (string seeds are hashed with SHA-512).
* Completeness: 60 communities C001..C060 in 9 streets; each has exactly one
  self, street and district review with an entry for every non-survey
  indicator of the built-in scheme (harmonious-community 2022.1), and 50-60
  surveyed households answering q1..q5.
* Formats: self-assessments are long CSV, one per street (UTF-8 with BOM and
  CRLF, as Excel saves them); street reviews are one YAML file per community;
  district reviews are long CSV for some streets and YAML lists for the others.
* Outcome with the built-in scheme (``star-rate score samples/changan-2022``):
  10 five-star, 25 four-star, 19 three-star and 6 without a star.  The script
  contains its own exact (fractions-based) model of the scheme's scoring rules
  (DESIGN.md §5) and redraws a community until the model gives the intended
  result, then prints the tally.  If the scheme in src/ changes, update the
  DIMENSIONS table and the rules in ``evaluate`` below.

How it works: each community gets an intended result (the special cases
below are fixed, the other ids get 5/4/3/0 stars by a seeded shuffle) and a
quality.  A draw picks every district entry around that quality (per-dimension
strengths plus noise), derives the street review (lenient on some items) and
the self-assessment (more lenient still) from it, and draws 50-60 survey
respondents.  The exact model scores the draw; if it misses the intent, the
quality is nudged up or down and the community is drawn again.

Special cases (see SPECIAL below):
  C012  would be five-star (91+), vetoed: major-incident in its district review
  C027  total 90+, residents' satisfaction under 85 %          -> four stars
  C045  total 90+, sv-1 (one-stop hall) failed at the district -> four stars
  C038  total 80+, pb-1 2.5 at the district (needs 3)          -> three stars
  C053  total 80+, environment under 70 %                      -> three stars
  C031  total 70+, public safety under 60 %                    -> no star
  C021, C058  self-assessment 11-18 points above the district review (flag)
  C033, C007  street and district disagree on one dimension (stage_gap flag)
  C003  bonus 5 + 3 claimed, capped at 5; C021 claims a bonus the reviews strike
All names and figures are fictional.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
from fractions import Fraction as F
from pathlib import Path

SEED = "changan-2022"

# ---------------------------------------------------------------------------
# The built-in scheme, as far as the generator needs it.
# (id, kind, max, extra); extra: scale step, checklist items, deduct per,
# bands [(min, points)] highest first plus (low, high, decimals) for values.
# ---------------------------------------------------------------------------

# fmt: off
DIMENSIONS = [
    ("party-building", "社区党组织建设", 15, [
        ("pb-1", "scale", "5", {"step": "0.5"}),
        ("pb-2", "checklist", "3", {"items": [("a", "1"), ("b", "1"), ("c", "1"), ("d", "0.5")]}),
        ("pb-3", "check", "2", {}),
        ("pb-4", "bands", "2", {"bands": [("0.9", "2"), ("0.8", "1.5"), ("0.6", "1")],
                                "range": ("0.45", "0.99", 2)}),
        ("pb-5", "scale", "2", {"step": "1"}),
        ("pb-6", "deduct", "1", {"per": "0.5"}),
    ]),
    ("self-governance", "自治组织建设", 10, [
        ("sg-1", "bands", "2", {"bands": [("0.7", "2"), ("0.6", "1.5"), ("0.5", "1")],
                                "range": ("0.44", "0.93", 2)}),
        ("sg-2", "bands", "2", {"bands": [("0.95", "2"), ("0.9", "1.5"), ("0.85", "1")],
                                "range": ("0.78", "1.00", 2)}),
        ("sg-3", "checklist", "2", {"items": [("a", "0.5"), ("b", "0.5"), ("c", "0.5"),
                                               ("d", "0.5")]}),
        ("sg-4", "scale", "1", {"step": "0.5", "na": True}),
        ("sg-5", "check", "1", {}),
        ("sg-6", "scale", "1", {"step": "0.5"}),
        ("sg-7", "deduct", "1", {"per": "0.5"}),
    ]),
    ("standardisation", "规范化建设", 10, [
        ("st-1", "bands", "2", {"bands": [("30", "2"), ("25", "1.5"), ("20", "1")],
                                "range": ("15.0", "42.0", 1)}),
        ("st-2", "checklist", "2", {"items": [("a", "0.5"), ("b", "0.5"), ("c", "0.5"),
                                               ("d", "0.5")]}),
        ("st-3", "bands", "1.5", {"bands": [("0.5", "1.5"), ("0.4", "1"), ("0.3", "0.5")],
                                  "range": ("0.15", "0.80", 2)}),
        ("st-4", "scale", "1.5", {"step": "0.5"}),
        ("st-5", "check", "1", {}),
        ("st-6", "deduct", "1", {"per": "0.5"}),
        ("st-7", "check", "1", {}),
    ]),
    ("services", "社区服务", 15, [
        ("sv-1", "check", "2", {}),
        ("sv-2", "bands", "3", {"bands": [("0.9", "3"), ("0.8", "2"), ("0.6", "1")],
                                "range": ("0.45", "1.00", 2)}),
        ("sv-3", "checklist", "3", {"items": [("a", "1"), ("b", "1"), ("c", "0.5"),
                                               ("d", "0.5"), ("e", "1")]}),
        ("sv-4", "check", "1", {}),
        ("sv-5", "check", "1", {}),
        ("sv-6", "checklist", "2", {"items": [("a", "1"), ("b", "0.5"), ("c", "0.5"),
                                               ("d", "0.5")]}),
        ("sv-7", "scale", "1", {"step": "0.5", "na": True}),
        ("sv-8", "bands", "1", {"bands": [("5", "1"), ("3", "0.5")], "range": ("1", "12", 0)}),
        ("sv-9", "deduct", "1", {"per": "0.5"}),
    ]),
    ("safety", "平安建设", 10, [
        ("sf-1", "checklist", "2", {"items": [("a", "0.5"), ("b", "0.5"), ("c", "0.5"),
                                               ("d", "0.5")]}),
        ("sf-2", "checklist", "2", {"items": [("a", "0.5"), ("b", "0.5"), ("c", "0.5"),
                                               ("d", "0.5"), ("e", "0.5")]}),
        ("sf-3", "bands", "1.5", {"bands": [("0.95", "1.5"), ("0.8", "1"), ("0.6", "0.5")],
                                  "range": ("0.45", "1.00", 2)}),
        ("sf-4", "bands", "1.5", {"bands": [("0.98", "1.5"), ("0.95", "1"), ("0.9", "0.5")],
                                  "range": ("0.82", "1.00", 2)}),
        ("sf-5", "scale", "1", {"step": "0.5"}),
        ("sf-6", "deduct", "1", {"per": "0.5"}),
        ("sf-7", "check", "1", {}),
    ]),
    ("environment", "环境卫生", 10, [
        ("ev-1", "bands", "2", {"bands": [("12", "2"), ("10", "1.5"), ("6", "1")],
                                "range": ("3", "16", 0)}),
        ("ev-2", "deduct", "2", {"per": "0.5"}),
        ("ev-3", "bands", "1.5", {"bands": [("0.9", "1.5"), ("0.8", "1"), ("0.6", "0.5")],
                                  "range": ("0.40", "0.98", 2)}),
        ("ev-4", "scale", "1.5", {"step": "0.5"}),
        ("ev-5", "checklist", "1", {"items": [("a", "0.5"), ("b", "0.5"), ("c", "0.5")]}),
        ("ev-6", "deduct", "1", {"per": "0.5"}),
        ("ev-7", "check", "1", {}),
    ]),
    ("culture", "文化文明", 10, [
        ("cu-1", "check", "1.5", {}),
        ("cu-2", "bands", "2", {"bands": [("5", "2"), ("3", "1.5"), ("1", "1")],
                                "range": ("0", "12", 0)}),
        ("cu-3", "check", "1", {}),
        ("cu-4", "bands", "1.5", {"bands": [("0.15", "1.5"), ("0.13", "1"), ("0.08", "0.5")],
                                  "range": ("0.04", "0.24", 3)}),
        ("cu-5", "checklist", "2", {"items": [("a", "0.5"), ("b", "0.5"), ("c", "0.5"),
                                               ("d", "0.5"), ("e", "0.5")]}),
        ("cu-6", "scale", "1", {"step": "0.5"}),
        ("cu-7", "scale", "1", {"step": "0.5"}),
    ]),
    ("achievements", "工作实绩", 10, [
        ("wa-1", "scale", "2", {"step": "1"}),
        ("wa-2", "bands", "2", {"bands": [("0.8", "2"), ("0.7", "1.5"), ("0.6", "1")],
                                "range": ("0.45", "0.97", 2), "na": True}),
        ("wa-3", "check", "1.5", {}),
        ("wa-4", "checklist", "1.5", {"items": [("a", "0.5"), ("b", "0.5"), ("c", "0.5"),
                                                 ("d", "0.5")]}),
        ("wa-5", "bands", "1", {"bands": [("0.98", "1"), ("0.95", "0.5")],
                                "range": ("0.90", "1.00", 2)}),
        ("wa-6", "deduct", "1", {"per": "0.5"}),
        ("wa-7", "scale", "1", {"step": "0.5"}),
    ]),
    ("satisfaction", "社区居民满意度", 10, [
        ("sat-6", "bands", "1", {"bands": [("0.95", "1"), ("0.9", "0.5")],
                                 "range": ("0.82", "1.00", 2)}),
        ("sat-7", "check", "1", {}),
    ]),
]
# fmt: on
# Survey indicators of the satisfaction dimension: id, question, max, scoring.
SURVEY = [
    ("sat-1", "q1", F(3), "bands"),  # bands on the rate, 满意 + 基本满意 count fully
    ("sat-2", "q2", F(2), "half"),  # 基本满意 counts half
    ("sat-3", "q3", F(1), "rate"),
    ("sat-4", "q4", F(1), "rate"),
    ("sat-5", "q5", F(1), "rate"),
]
SAT1_BANDS = [(F("0.95"), F(3)), (F("0.9"), F("2.5")), (F("0.8"), F(2)), (F("0.6"), F(1))]
WEIGHTS = {"self": F("0.2"), "street": F("0.3"), "district": F("0.5")}
STAGES = ("self", "street", "district")
BONUS_CAP = F(5)
LEVELS = [  # stars, min_total, min ratio of every dimension, own floors, require
    (5, F(90), F("0.8"), {"satisfaction": F("0.85")}, ("sv-1", None)),
    (4, F(80), F("0.7"), {}, ("pb-1", F(3))),
    (3, F(70), F("0.6"), {}, None),
]
SELF_INFLATION = F(10)
STAGE_GAP = F("0.3")
ANSWERS = ("满意", "基本满意", "不太满意", "不满意")
INVALID_ANSWERS = ("", "一般", "满意、基本满意", "不清楚")

# ---------------------------------------------------------------------------
# The district: 9 street offices, 60 communities (fictional).
# ---------------------------------------------------------------------------

# fmt: off
STREETS = [
    ("东关街道", "dongguan", ["东安社区", "东苑社区", "东兴社区", "朝阳社区", "春晖社区",
                           "迎宾社区", "安康社区", "丰乐社区"]),
    ("西关街道", "xiguan", ["西苑社区", "西林社区", "桃园社区", "枫林社区", "西华社区",
                         "永宁社区", "丽景社区"]),
    ("南街街道", "nanjie", ["南湖社区", "南塘社区", "文昌社区", "书院社区", "学府社区",
                         "明德社区", "翠竹社区"]),
    ("北关街道", "beiguan", ["北苑社区", "北辰社区", "龙首社区", "星火社区", "华苑社区",
                          "凤城社区", "盛世社区"]),
    ("和平街道", "heping", ["和平里社区", "和谐家园社区", "幸福社区", "友谊社区", "团结社区",
                         "康乐社区"]),
    ("建设街道", "jianshe", ["建设路社区", "建工社区", "工人新村社区", "铁路新村社区",
                          "电厂社区", "纺织城社区", "机械厂社区"]),
    ("胜利街道", "shengli", ["胜利社区", "光明社区", "红旗社区", "前进社区", "育才社区",
                          "阳光社区"]),
    ("新华街道", "xinhua", ["新华社区", "新村社区", "锦绣社区", "金桥社区", "翡翠城社区",
                         "御景社区"]),
    ("长乐街道", "changle", ["长乐社区", "常青社区", "泰和社区", "瑞祥社区", "嘉园社区",
                          "松园社区"]),
]
# fmt: on
# District reviews of these streets are long CSV; the others are YAML lists.
DISTRICT_CSV_STREETS = {"dongguan", "nanjie", "heping", "shengli", "changle"}
# Old industrial and railway estates: many registered disabled residents, so a
# rehabilitation station applies (sv-7); elsewhere only some communities have one.
OLD_ESTATES = {
    "工人新村社区",
    "铁路新村社区",
    "电厂社区",
    "纺织城社区",
    "机械厂社区",
    "红旗社区",
    "前进社区",
    "星火社区",
}
SG4_NA = {"C018": "辖区为商业街区，无住宅小区", "C051": "辖区为商务楼宇区，无住宅小区"}
WA2_NA = {"C022": "年内无登记失业人员", "C034": "年内无登记失业人员", "C056": "年内无登记失业人员"}

TARGET = {5: 10, 4: 25, 3: 19, 0: 6}

# Special cases: id -> (intended stars, kind).  Kinds are checked in `accept`.
SPECIAL = {
    "C012": (0, "veto"),  # would be five-star; major safety incident (district YAML)
    "C027": (4, "sat_floor"),  # total >= 90, satisfaction 80-85 %: below the 5★ floor
    "C045": (4, "sv1_require"),  # total >= 90, one-stop hall not up to standard at district
    "C038": (3, "pb1_require"),  # total >= 80, pb-1 2.5 at district (4★ needs 3)
    "C053": (3, "dim70"),  # total >= 80, environment below 70 %
    "C031": (0, "dim60"),  # total >= 70, public safety below 60 %
    "C021": (3, "inflated"),  # self-assessment far above the district review
    "C058": (0, "inflated_weak"),  # weak community with an inflated self-assessment
    "C033": (4, "disagree:environment"),  # street saw no hazards; district found several
    "C007": (3, "disagree:services"),  # street accepted the self-assessment on services
}
# Bonus points: id -> [(points, reason, stages)]
BONUS = {
    "C003": [
        (5, "获评省级文明社区（2021年）", STAGES),
        (3, "承办全市社区治理现场推进会", STAGES),
    ],  # 8 claimed, capped at 5
    "C010": [(2, "市级表彰：市级和谐社区建设示范点", STAGES)],
    "C024": [(1, "“红色物业”做法获市领导批示肯定", STAGES)],
    "C046": [(2, "市级表彰：市级平安社区", STAGES)],
    "C050": [(3, "“邻里互助”经验获省领导批示肯定", STAGES)],
    "C027": [(3, "承办全市社区养老服务现场会", STAGES)],
    # claimed in the self-assessment only; the reviewers struck it
    "C021": [(5, "全国和谐社区建设示范社区（已申报，未获命名）", ("self",))],
}
FIXED_TIER = {"C003": 5, "C010": 5, "C024": 4, "C046": 4, "C050": 3}


# ---------------------------------------------------------------------------
# Indicators: levels of points and how a level is written.
# ---------------------------------------------------------------------------


class Ind:
    def __init__(self, dim: str, iid: str, kind: str, top: str, extra: dict):
        self.dim, self.id, self.kind, self.max = dim, iid, kind, F(top)
        self.na = extra.get("na", False)
        self.extra = extra
        if kind == "scale":
            step = F(extra["step"])
            self.points = [step * k for k in range(int(self.max / step) + 1)]
        elif kind == "check":
            self.points = [F(0), self.max]
        elif kind == "deduct":
            per = F(extra["per"])
            self.points = [per * k for k in range(int(self.max / per) + 1)]
        elif kind == "bands":
            self.bands = [(F(m), F(p)) for m, p in extra["bands"]]
            self.points = [F(0)] + [p for _, p in reversed(self.bands)]
        elif kind == "checklist":
            self.items = [(i, F(p)) for i, p in extra["items"]]
            self.points = []  # per community: depends on the order items get done

    def checklist_levels(self, order: list[str]) -> list[tuple[F, list[str]]]:
        """(points, items) for each non-empty prefix of ``order`` until the max."""
        out, got, done = [], F(0), []
        pts = dict(self.items)
        for item in order:
            done = [*done, item]
            got = min(self.max, got + pts[item])
            if out and out[-1][0] == got:
                out[-1] = (got, sorted(done))
            else:
                out.append((got, sorted(done)))
            if got == self.max:
                break
        return out

    def band_value(self, rng: random.Random, level: int) -> str:
        """A measured value that falls in band ``level`` (0 = below every band)."""
        lo, hi, dec = self.extra["range"]
        unit = F(1, 10**dec)
        mins = [m for m, _ in reversed(self.bands)]  # ascending
        low = F(lo) if level == 0 else mins[level - 1]
        high = F(hi) if level == len(mins) else mins[level] - unit
        steps = int((high - low) / unit)
        v = low + unit * rng.randint(0, max(0, steps))
        return fmt(v, dec)


INDICATORS = [Ind(d, *spec) for d, _, _, specs in DIMENSIONS for spec in specs]
BY_ID = {i.id: i for i in INDICATORS}
DIM_MAX = {d: F(m) for d, _, m, _ in DIMENSIONS}


def fmt(x: F, dec: int | None = None) -> str:
    """Exact decimal text of a fraction with a terminating expansion."""
    if dec is None:
        dec = 0
        while (x * 10**dec).denominator != 1:
            dec += 1
    n = x * 10**dec
    assert n.denominator == 1, x
    s = str(abs(n.numerator)).rjust(dec + 1, "0")
    text = s if dec == 0 else s[:-dec] + "." + s[-dec:]
    return ("-" if x < 0 else "") + text


# ---------------------------------------------------------------------------
# One community: levels per stage, surveys, bonus, vetoes.
# ---------------------------------------------------------------------------


class Community:
    def __init__(self, cid: str, name: str, street: str, slug: str, households: int):
        self.id, self.name, self.street, self.slug, self.households = (
            cid,
            name,
            street,
            slug,
            households,
        )
        self.tier = 0
        self.kind = ""
        self.na: dict[str, str] = {}
        self.order: dict[str, list[str]] = {}
        self.levels: dict[str, dict[str, int]] = {}  # stage -> indicator -> level
        self.values: dict[str, dict[str, object]] = {}  # stage -> indicator -> written value
        self.answers: list[tuple[str, str, str]] = []  # respondent, question, answer
        self.bonus = BONUS.get(cid, [])
        self.vetoes: list[str] = []
        self.result: dict = {}

    def point_levels(self, ind: Ind) -> list[F]:
        if ind.kind == "checklist":
            return [p for p, _ in ind.checklist_levels(self.order[ind.id])]
        return ind.points

    def points(self, stage: str, ind: Ind) -> F:
        return self.point_levels(ind)[self.levels[stage][ind.id]]


def pick_level(rng: random.Random, levels: list[F], target: F) -> int:
    """Level whose points are target on average (probabilistic rounding)."""
    if target <= levels[0]:
        return 0
    for k in range(1, len(levels)):
        if target <= levels[k]:
            share = (target - levels[k - 1]) / (levels[k] - levels[k - 1])
            return k if rng.random() < share else k - 1
    return len(levels) - 1


def clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


def draw(c: Community, rng: random.Random, q: float) -> None:
    """One complete draw of a community's reviews and survey at quality q."""
    kind = c.kind
    dim_off = {d: rng.gauss(0, 0.05) for d in DIM_MAX}
    if kind == "dim70":
        dim_off["environment"] = -0.28
    if kind == "dim60":
        dim_off["safety"] = -0.42
    for ind in INDICATORS:
        if ind.kind == "checklist":
            order = [i for i, _ in ind.items]
            rng.shuffle(order)
            c.order[ind.id] = order
    district: dict[str, int] = {}
    for ind in INDICATORS:
        if ind.id in c.na:
            district[ind.id] = -1
            continue
        f = clamp(q + dim_off[ind.dim] + rng.gauss(0, 0.08))
        levels = c.point_levels(ind)
        district[ind.id] = pick_level(rng, levels, ind.max * F(round(f, 3)))
    # tier-specific requirements on the district review
    if c.tier >= 4 or kind in ("veto", "sv1_require", "sat_floor"):
        district["pb-1"] = max(district["pb-1"], 6 + rng.randint(0, 2))  # 3.0 .. 4.0 at least
    if c.tier == 5 or kind in ("veto", "sat_floor"):
        district["sv-1"] = 1
    if kind == "sv1_require":
        district["sv-1"] = 0
    if kind == "pb1_require":
        district["pb-1"] = 5  # 2.5 points
    # street and self: lenient on some items, stricter now and then
    p_street = rng.uniform(0.08, 0.18)
    p_self = rng.uniform(0.15, 0.32)
    if kind.startswith("inflated"):
        p_self = 0.5
    gap_dim = kind.split(":")[1] if kind.startswith("disagree:") else None
    street, self_ = {}, {}
    for ind in INDICATORS:
        top = len(c.point_levels(ind)) - 1
        d = district[ind.id]
        if d < 0:
            street[ind.id] = self_[ind.id] = -1
            continue
        s = d
        r = rng.random()
        if r < p_street and s < top:
            s += 1
        elif r > 0.975 and s > 0:
            s -= 1  # the district restored a point the street had taken off
        if ind.id == "sv-1" and kind == "sv1_require":
            s = 1
        if ind.id == "pb-1" and kind == "pb1_require":
            s = 7
        street[ind.id] = s
        m = s
        if rng.random() < p_self:
            step = 2 if kind.startswith("inflated") and rng.random() < 0.4 else 1
            m = min(top, m + step)
        if ind.dim == gap_dim:
            # the street accepted the self-assessment; the district found the problems
            s = m = top
            district[ind.id] = max(0, d - rng.randint(0, 2))
        if ind.id == "pb-1" and kind == "pb1_require":
            m = 9
        self_[ind.id] = m
    c.levels = {"self": self_, "street": street, "district": district}
    # written values: the same measured figure where stages agree on the band
    # district first: an earlier stage reports the same figure where it agrees on the band
    values: dict[str, dict[str, object]] = {}
    for stage in reversed(STAGES):
        vals: dict[str, object] = {}
        for ind in INDICATORS:
            k = c.levels[stage][ind.id]
            if k < 0:
                vals[ind.id] = "n/a"
            elif ind.kind == "bands":
                same = [s for s in STAGES[STAGES.index(stage) + 1 :] if c.levels[s][ind.id] == k]
                vals[ind.id] = values[same[0]][ind.id] if same else ind.band_value(rng, k)
            else:
                vals[ind.id] = written(c, ind, k)
        values[stage] = vals
    c.values = {s: values[s] for s in STAGES}
    draw_survey(c, rng)


def written(c: Community, ind: Ind, k: int) -> object:
    if ind.kind == "scale":
        return ind.points[k]
    if ind.kind == "check":
        return k == 1
    if ind.kind == "deduct":
        return len(ind.points) - 1 - k  # number of findings
    if ind.kind == "checklist":
        return ind.checklist_levels(c.order[ind.id])[k][1]
    raise AssertionError(ind.kind)


def draw_survey(c: Community, rng: random.Random) -> None:
    """Door-to-door survey: 50-60 households, questions q1..q5."""
    base = {5: (0.95, 0.995), 4: (0.89, 0.97), 3: (0.84, 0.93), 0: (0.74, 0.88)}[c.tier]
    if c.kind in ("veto", "sv1_require"):
        base = (0.95, 0.995)
    if c.kind == "sat_floor":
        base = (0.86, 0.89)
    r = rng.uniform(*base)
    v = rng.uniform(0.6, 0.85)  # share of 满意 among the positive answers
    n = rng.randint(50, 60)
    c.answers = []
    rates = {q: clamp(r + rng.uniform(-0.025, 0.025), 0, 1) for _, q, _, _ in SURVEY}
    for k in range(1, n + 1):
        resp = f"{c.id}-{k:02d}"
        for _, q, _, _ in SURVEY:
            if rng.random() < 0.006:
                ans = rng.choice(INVALID_ANSWERS)
            else:
                x = rng.random()
                rq = rates[q]
                if x < rq * v:
                    ans = ANSWERS[0]
                elif x < rq:
                    ans = ANSWERS[1]
                elif x < rq + (1 - rq) * 0.7:
                    ans = ANSWERS[2]
                else:
                    ans = ANSWERS[3]
            c.answers.append((resp, q, ans))


# ---------------------------------------------------------------------------
# The scheme's scoring rules (DESIGN.md §5), exact.
# ---------------------------------------------------------------------------


def survey_points(c: Community) -> dict[str, F]:
    out = {}
    for sid, q, top, mode in SURVEY:
        valid = [a for _, qq, a in c.answers if qq == q and a in ANSWERS]
        if mode == "half":
            w = {"满意": F(1), "基本满意": F(1, 2)}
        else:
            w = {"满意": F(1), "基本满意": F(1)}
        rate = sum((w.get(a, F(0)) for a in valid), F(0)) / len(valid)
        if mode == "bands":
            out[sid] = next((p for m, p in SAT1_BANDS if rate >= m), F(0))
        else:
            out[sid] = top * rate
    return out


def round_half_up(x: F, places: int = 1) -> F:
    scaled = x * 10**places
    n = (scaled + F(1, 2)).__floor__()
    return F(n, 10**places)


def evaluate(c: Community) -> dict:
    sv = survey_points(c)
    stage_dims: dict[str, dict[str, F]] = {}
    stage_total: dict[str, F] = {}
    for stage in STAGES:
        dims = {}
        for d, _, _, _ in DIMENSIONS:
            got, applicable = F(0), F(0)
            for ind in (i for i in INDICATORS if i.dim == d):
                if c.levels[stage][ind.id] < 0:
                    continue
                got += c.points(stage, ind)
                applicable += ind.max
            if d == "satisfaction":
                got += sum(sv.values(), F(0))
                applicable += sum((t for _, _, t, _ in SURVEY), F(0))
            dims[d] = got if applicable == DIM_MAX[d] else got * DIM_MAX[d] / applicable
        bonus = min(BONUS_CAP, sum((F(p) for p, _, st in c.bonus if stage in st), F(0)))
        stage_dims[stage] = dims
        stage_total[stage] = sum(dims.values(), F(0)) + bonus
    dims = {d: sum((WEIGHTS[s] * stage_dims[s][d] for s in STAGES), F(0)) for d in DIM_MAX}
    exact = sum((WEIGHTS[s] * stage_total[s] for s in STAGES), F(0))
    total = round_half_up(exact)
    failed: dict[int, list[str]] = {}
    for stars, min_total, ratio, floors, require in LEVELS:
        bad = []
        if total < min_total:
            bad.append("min_total")
        for d in DIM_MAX:
            if dims[d] < ratio * DIM_MAX[d]:
                bad.append(f"dim:{d}")
        for d, r in floors.items():
            if dims[d] < r * DIM_MAX[d]:
                bad.append(f"floor:{d}")
        if require:
            iid, need = require
            ind = BY_ID[iid]
            have = c.points("district", ind)
            if have < (need if need is not None else ind.max):
                bad.append(f"require:{iid}")
        failed[stars] = bad
    qualified = next((s for s, *_ in LEVELS if not failed[s]), 0)
    gaps = [
        d
        for d in DIM_MAX
        if max(stage_dims[s][d] for s in STAGES) - min(stage_dims[s][d] for s in STAGES)
        > STAGE_GAP * DIM_MAX[d]
    ]
    return {
        "total": total,
        "dims": dims,
        "stages": stage_total,
        "failed": failed,
        "qualified": qualified,
        "inflation": stage_total["self"] - stage_total["district"],
        "gaps": gaps,
        "sat": dims["satisfaction"],
    }


def accept(c: Community, res: dict) -> int:
    """0 if the draw is what this community is meant to be, else the direction to move
    quality in (+1 up, -1 down; 2 = just draw again)."""
    want = {"veto": 5}.get(c.kind, c.tier)
    got = res["qualified"]
    if got != want:
        return 1 if got < want else -1
    kind, total, failed = c.kind, res["total"], res["failed"]
    if kind.startswith("inflated"):
        if not SELF_INFLATION + 1 < res["inflation"] < 18:
            return 2
    elif res["inflation"] > SELF_INFLATION - 2:
        return 2
    if kind in ("sat_floor", "sv1_require"):
        if total < 90:
            return 1
        if total > 93:
            return -1
        if kind == "sat_floor" and not F("8.1") <= res["sat"] <= F("8.4"):
            return 2
        need = ["floor:satisfaction"] if kind == "sat_floor" else ["require:sv-1"]
        if failed[5] != need:
            return 2
    elif kind == "pb1_require":
        if total < 80:
            return 1
        if total > 88:
            return -1
        if failed[4] != ["require:pb-1"]:
            return 2
    elif kind == "dim70":
        if total < 80:
            return 1
        if total > 88:
            return -1
        if failed[4] != ["dim:environment"]:
            return 2
    elif kind == "dim60":
        if total < 70:
            return 1
        if failed[3] != ["dim:safety"]:
            return 2
    elif kind == "veto":
        if total < 90:
            return 1
    elif want == 4 and total >= 90:
        return -1  # keep the plain four-star communities below 90
    elif want == 3 and kind in ("", "inflated") and total >= 79.5:
        return -1  # and the plain three-star ones clearly below 80
    elif want == 0 and kind in ("", "inflated_weak") and total >= 69.5:
        return -1  # and the weak ones clearly below 70
    if kind.startswith("disagree:"):
        if res["gaps"] != [kind.split(":")[1]]:
            return 2
    elif kind == "" and res["gaps"]:
        return 2
    return 0


QUALITY = {5: 0.91, 4: 0.82, 3: 0.72, 0: 0.62}


def build(c: Community) -> None:
    rng = random.Random(f"{SEED}/{c.id}")
    c.na = {}
    if c.name not in OLD_ESTATES and rng.random() < 0.7:
        c.na["sv-7"] = "辖区持证残疾人较少，未设康复站"
    if c.id in SG4_NA:
        c.na["sg-4"] = SG4_NA[c.id]
    if c.id in WA2_NA:
        c.na["wa-2"] = WA2_NA[c.id]
    q = QUALITY[5 if c.kind in ("veto", "sat_floor", "sv1_require") else c.tier]
    if c.kind in ("pb1_require", "dim70"):
        q = 0.84
    if c.kind == "dim60":
        q = 0.76
    for _ in range(3000):
        draw(c, rng, q)
        res = evaluate(c)
        move = accept(c, res)
        if move == 0:
            c.result = res
            if c.kind == "veto":
                c.vetoes = ["major-incident"]
            return
        if move in (1, -1):
            q = clamp(q + 0.004 * move, 0.3, 0.99)
    raise SystemExit(f"generate.py: no acceptable draw for {c.id} ({c.tier}★ {c.kind})")


def communities() -> list[Community]:
    rng = random.Random(f"{SEED}/register")
    out = []
    n = 0
    for street, slug, names in STREETS:
        for name in names:
            n += 1
            households = rng.randrange(800, 6001, 10)
            out.append(Community(f"C{n:03d}", name, street, slug, households))
    # tiers: special cases and bonus holders fixed, the rest shuffled
    left = dict(TARGET)
    for c in out:
        if c.id in SPECIAL:
            c.tier, c.kind = SPECIAL[c.id]
        elif c.id in FIXED_TIER:
            c.tier = FIXED_TIER[c.id]
        else:
            continue
        left[c.tier] -= 1
    pool = [t for t in (5, 4, 3, 0) for _ in range(left[t])]
    rng.shuffle(pool)
    rest = [c for c in out if c.id not in SPECIAL and c.id not in FIXED_TIER]
    assert len(pool) == len(rest)
    for k, c in enumerate(rest):
        c.tier = pool[k]
    return out


# ---------------------------------------------------------------------------
# Writing the files.
# ---------------------------------------------------------------------------


def yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def yaml_value(v: object) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, F):
        return fmt(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(v) + "]"
    return str(v)


def csv_value(v: object, yes: str, no: str) -> str:
    if v is True:
        return yes
    if v is False:
        return no
    if isinstance(v, F):
        return fmt(v)
    if isinstance(v, list):
        return ";".join(v)
    return str(v)


def lowered(c: Community, stage: str, before: str) -> list[str]:
    """Indicators the stage scored lower than the stage before it."""
    return [
        i.id
        for i in INDICATORS
        if c.levels[stage][i.id] >= 0 and c.levels[stage][i.id] < c.levels[before][i.id]
    ]


def review_date(c: Community, stage: str) -> str:
    rng = random.Random(f"{SEED}/{c.id}/date/{stage}")
    month, lo, hi = {"self": (6, 6, 24), "street": (7, 4, 22), "district": (8, 8, 26)}[stage]
    return f"2022-{month:02d}-{rng.randint(lo, hi):02d}"


def yaml_review(c: Community, stage: str, reviewer: str, notes: str, indent: str) -> list[str]:
    first, pad = indent[:-2] + "- " if indent else "", indent
    lines = [
        f"{first}community: {c.id}",
        f"{pad}stage: {stage}",
        f"{pad}reviewer: {reviewer}",
        f"{pad}date: {review_date(c, stage)}",
        f"{pad}entries:",
    ]
    for _, dname, dmax, specs in DIMENSIONS:
        lines.append(f"{pad}  # {dname}（{dmax}分）")
        for iid, *_ in specs:
            lines.append(f"{pad}  {iid}: {yaml_value(c.values[stage][iid])}")
    bonus = [(p, r) for p, r, st in c.bonus if stage in st]
    if bonus:
        lines.append(f"{pad}bonus:")
        lines += [f"{pad}  - {{points: {p}, reason: {yaml_str(r)}}}" for p, r in bonus]
    else:
        lines.append(f"{pad}bonus: []")
    vetoes = c.vetoes if stage == "district" else []
    lines.append(f"{pad}vetoes: [{', '.join(vetoes)}]")
    lines.append(f"{pad}notes: {yaml_str(notes)}")
    return lines


def na_notes(c: Community) -> str:
    if not c.na:
        return ""
    return "不适用：" + "；".join(f"{k}（{v}）" for k, v in sorted(c.na.items())) + "。"


def street_notes(c: Community) -> str:
    low = lowered(c, "street", "self")
    head = f"{c.street}初评：查阅台账资料、实地查看。"
    body = ("较自评核减：" + "、".join(low) + "。") if low else "各项得分与社区自评一致。"
    struck = [f"“{r}”{p}分" for p, r, st in c.bonus if "self" in st and "street" not in st]
    if struck:
        body += "自评申报加分" + "、".join(struck) + "，无正式命名文件，不予认定。"
    return head + body + na_notes(c)


def district_notes(c: Community) -> str:
    low = lowered(c, "district", "street")
    head = "区级复查：听取汇报、查阅资料、实地查看、入户问卷。"
    body = ("较街道初评核减：" + "、".join(low) + "。") if low else "各项得分与街道初评一致。"
    body += na_notes(c)
    if c.vetoes:
        body += (
            "2022年7月辖区一老旧小区发生电动车入户充电引发的火灾，造成1人死亡，"
            "经区应急管理局调查认定社区消防安全管理责任落实不到位，实行一票否决。"
        )
    return head + body


def write_csv(path: Path, rows: list[list[str]], bom: bool = False, crlf: bool = False) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    w.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def write_text(path: Path, lines: list[str]) -> None:
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def write_round(out: Path, comms: list[Community]) -> None:
    for sub in ("reviews", "surveys"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    for sub in ("reviews/self", "reviews/street", "reviews/district", "surveys"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    write_text(
        out / "round.yaml",
        [
            "# 长安区2022年度星级和谐社区评定（示例数据，由 generate.py 生成，"
            "人名地名和数据均为虚构）",
            "# Chang'an District 2022 star rating (sample data written by generate.py; fictional)",
            "title: {zh: 长安区2022年度星级和谐社区评定, "
            'en: "Chang\'an District 2022 star-rated harmonious community assessment"}',
            "year: 2022",
            "scheme: builtin",
            "register: communities.csv",
            "reviews: reviews/",
            "surveys: surveys/",
            'notice: {start: "2022-09-01", end: "2022-09-07"}',
        ],
    )
    write_csv(
        out / "communities.csv",
        [["id", "name", "street", "households"]]
        + [[c.id, c.name, c.street, str(c.households)] for c in comms],
    )
    by_street: dict[str, list[Community]] = {}
    for c in comms:
        by_street.setdefault(c.slug, []).append(c)
    for slug, group in by_street.items():
        # self-assessments: long CSV per street, as saved from Excel
        rows = [["community", "stage", "indicator", "value", "reviewer", "note"]]
        for c in group:
            who = f"{c.name}居委会"
            for ind in INDICATORS:
                v = c.values["self"][ind.id]
                note = c.na.get(ind.id, "") if v == "n/a" else ""
                rows.append([c.id, "self", ind.id, csv_value(v, "是", "否"), who, note])
            for p, r, st in c.bonus:
                if "self" in st:
                    rows.append([c.id, "self", "bonus", str(p), who, r])
        write_csv(out / "reviews" / "self" / f"{slug}.csv", rows, bom=True, crlf=True)
        # street reviews: one YAML per community
        for c in group:
            lines = [f"# {c.street}初评 {c.id} {c.name}"]
            lines += yaml_review(c, "street", f"{c.street}初评组", street_notes(c), "")
            write_text(out / "reviews" / "street" / f"{c.id}.yaml", lines)
        # district reviews: long CSV or a YAML list per street
        reviewer = "区民政局复查组"
        if slug in DISTRICT_CSV_STREETS:
            rows = [["community", "stage", "indicator", "value", "reviewer", "note"]]
            for c in group:
                for ind in INDICATORS:
                    v = c.values["district"][ind.id]
                    before = c.levels["street"][ind.id]
                    now = c.levels["district"][ind.id]
                    note = ""
                    if v == "n/a":
                        note = c.na.get(ind.id, "")
                    elif now < before:
                        note = (
                            "复查核减（街道初评 "
                            f"{csv_value(c.values['street'][ind.id], '是', '否')}）"
                        )
                    rows.append(
                        [c.id, "district", ind.id, csv_value(v, "yes", "no"), reviewer, note]
                    )
                for p, r, st in c.bonus:
                    if "district" in st:
                        rows.append([c.id, "district", "bonus", str(p), reviewer, r])
                for veto in c.vetoes:
                    rows.append([c.id, "district", "veto", veto, reviewer, "一票否决"])
            write_csv(out / "reviews" / "district" / f"{slug}.csv", rows)
        else:
            lines = [f"# 区级复查 {group[0].street}（{reviewer}）"]
            for c in group:
                lines.append("")
                lines.append(f"# {c.id} {c.name}")
                lines += yaml_review(c, "district", reviewer, district_notes(c), "  ")
            write_text(out / "reviews" / "district" / f"{slug}.yaml", lines)
        # surveys: one CSV per street
        rows = [["community", "respondent", "question", "answer"]]
        for c in group:
            rows += [[c.id, r, q, a] for r, q, a in c.answers]
        write_csv(out / "surveys" / f"{slug}.csv", rows)


def main() -> None:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--out",
        type=Path,
        default=here,
        help="round folder to write (default: the folder of this script)",
    )
    args = ap.parse_args()
    comms = communities()
    for c in comms:
        build(c)
    args.out.mkdir(parents=True, exist_ok=True)
    write_round(args.out, comms)
    tally = {
        s: sum(1 for c in comms if (0 if c.vetoes else c.result["qualified"]) == s)
        for s in (5, 4, 3, 0)
    }
    print(f"wrote {args.out}: " + ", ".join(f"{s}★ {n}" for s, n in tally.items()))
    for c in comms:
        if c.kind:
            r = c.result
            print(
                f"  {c.id} {c.name}: {c.kind}, total {fmt(r['total'])}, "
                f"self {float(r['stages']['self']):.2f} / district "
                f"{float(r['stages']['district']):.2f}"
            )
    if tally != TARGET:
        raise SystemExit(f"generate.py: counts {tally} differ from {TARGET}")


if __name__ == "__main__":
    main()
