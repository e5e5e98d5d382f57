#!/usr/bin/env python3
"""Generate a synthetic, deterministic star-rate round of N communities.

    python benchmarks/generate.py N OUT [--shape realistic|plain] [--yaml] [--seed S] [--force]

Writes
    OUT/scheme/            a synthetic scheme: 10 dimensions x 9 indicators = 90
                           (scale/check/checklist/deduct/bands),
                           stages self 0.2 / street 0.3 / district 0.5, weighted,
                           rounding 1 place half-up, levels 5/4/3 stars at 90/80/70
                           with min_dimension_ratio 0.8/0.7/0.6 and one `require`
    OUT/round.yaml         scheme: scheme
    OUT/communities.csv    id,name,street,households
    OUT/reviews/all.csv    one long CSV: community,stage,indicator,value[,note]
                           (N x 3 x 90 rows)  -- or, with --yaml:
    OUT/reviews/<stage>/<community>.yaml   one YAML review per community and stage

Two shapes:
    realistic (default)    what a real round holds: indicators -3/-6/-9 of every
                           dimension allow n/a and about 5 % of their entries are
                           n/a (不适用); d02-1 is a resident survey (kind: survey,
                           OUT/surveys/residents.csv, 30-60 answers a community,
                           some blank or unknown); bonus points (capped at 2.5) on
                           about 10 % of district reviews; a veto for 0.5 % of
                           communities; a few dozen appeals (OUT/appeals.yaml); a
                           binding five-star quota (max_share 0.1). Long CSV carries
                           bonus and vetoes as `bonus` / `veto` rows with a `note`.
    plain                  none of that: 90 entries per review, four CSV columns
                           (the files of the first version of this generator,
                           byte for byte).

The same N and seed give byte-identical files, and the CSV and YAML forms carry the
same entries (the random stream does not depend on the output form), so a YAML
round can be checked against the reference computed from the CSV round.

``generate()`` called from Python keeps ``shape="plain"`` as its default (the
tests that compare both ways of reading reviews need the plain round); the command
line defaults to the realistic shape.

Only the standard library is used; output is streamed community by community, so
memory stays flat whatever N is (100,000 communities = 27 M rows, about 0.7 GB).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

STAGES = (("self", 0.2, 0.05), ("street", 0.3, 0.02), ("district", 0.5, 0.0))
# (stage id, weight, how much the stage inflates the community's quality)
STAGE_LABELS = {
    "self": ("社区自评", "Self-assessment"),
    "street": ("街道初评", "Street review"),
    "district": ("区级复查", "District review"),
}
REVIEWERS = {"self": "社区居委会", "street": "街道初评组", "district": "区级复查组"}
DATES = {"self": "2024-06-20", "street": "2024-07-18", "district": "2024-08-15"}

DIM_MAX = (12, 12, 10, 10, 10, 10, 10, 10, 8, 8)  # adds up to the scale, 100
DIM_NAMES = (
    ("党组织建设", "Party building"),
    ("自治组织建设", "Self-governance"),
    ("规范化建设", "Standardisation"),
    ("社区服务", "Services"),
    ("平安建设", "Safety"),
    ("环境卫生", "Environment"),
    ("文化文明", "Culture"),
    ("工作实绩", "Achievements"),
    ("数字治理", "Digital governance"),
    ("应急管理", "Emergency management"),
)
BUCKETS = 40  # quality buckets for the precomputed value tables
SAMPLES = 64  # precomputed entries per indicator and bucket (a power of two)


# -- the scheme ----------------------------------------------------------------


def _review_files(reviews: Path, yaml_form: bool, header: str) -> Any:
    """The long CSV all reviews go into (its header written), or None when each review
    is a YAML file of its own (then one folder per stage is made)."""
    if yaml_form:
        for sid, _, _ in STAGES:
            (reviews / sid).mkdir(exist_ok=True)
        return None
    csv_file = open(  # noqa: SIM115 - the caller closes it
        reviews / "all.csv", "w", encoding="utf-8", newline="", buffering=1 << 20
    )
    csv_file.write(header)
    return csv_file


def indicators_for(dim_no: int, dim_max: int) -> list[dict]:
    """Nine indicators of one dimension; their maxima add up to ``dim_max``.

    The 10-point template is 2 + 1.5 + 1 + 0.5 + 1.5 + 1 + 1 + 0.5 + 1 = 10;
    12-point dimensions give the two scale indicators one point more each,
    8-point ones one point less each.
    """
    bump = (dim_max - 10) // 2
    p = f"d{dim_no:02d}"
    inds = [
        {"id": f"{p}-1", "kind": "scale", "max": 2 + bump, "step": 0.5},
        {"id": f"{p}-2", "kind": "scale", "max": 1.5 + bump, "step": 0.5},
        {"id": f"{p}-3", "kind": "check", "max": 1},
        {"id": f"{p}-4", "kind": "check", "max": 0.5},
        {
            "id": f"{p}-5",
            "kind": "checklist",
            "max": 1.5,
            "items": [("a", 0.5), ("b", 0.5), ("c", 0.5), ("d", 0.25)],  # sum 1.75 > max: capped
        },
        {
            "id": f"{p}-6",
            "kind": "checklist",
            "max": 1,
            "items": [("a", 0.5), ("b", 0.25), ("c", 0.25)],
        },
        {"id": f"{p}-7", "kind": "deduct", "max": 1, "per": 0.25},
        {"id": f"{p}-8", "kind": "deduct", "max": 0.5, "per": 0.2},  # 3 findings: 0, not -0.1
        {
            "id": f"{p}-9",
            "kind": "bands",
            "max": 1,
            "bands": [(0.9, 1), (0.75, 0.6), (0.5, 0.3)],
        },
    ]
    # rotate the order a little so the kinds do not sit at the same place everywhere
    k = dim_no % 3
    return inds[k:] + inds[:k]


def num(x: float) -> str:
    """A number as YAML/CSV text: 2, 1.5, 0.25."""
    if float(x).is_integer():
        return str(int(x))
    return repr(float(x))


def build_scheme(shape: str = "plain") -> list[tuple[int, int, list[dict]]]:
    dims = [(i + 1, DIM_MAX[i], indicators_for(i + 1, DIM_MAX[i])) for i in range(len(DIM_MAX))]
    if shape == "realistic":
        for _, _, inds in dims:
            for k, ind in enumerate(inds):
                if ind["id"] == SURVEY_INDICATOR:
                    inds[k] = {"id": ind["id"], "kind": "survey", "max": ind["max"]}
                elif ind["id"].endswith(NA_SUFFIXES):
                    ind["allow_na"] = True
    return dims


# -- the realistic shape -----------------------------------------------------------

SHAPES = ("realistic", "plain")
NA_SUFFIXES = ("-3", "-6", "-9")  # allow_na: true on these indicators of every dimension
NA_RATE = 0.05  # of the entries of an allow_na indicator (decided per community)
NA_SELF_FILLS = 0.2  # share of those where the self-assessment still enters a value
NA_SPELLINGS = ("n/a", "n/a", "n/a", "不适用")
SURVEY_INDICATOR = "d02-1"  # a scale indicator (max 3) turned into the resident survey
SURVEY_MIN_RESPONSES = 25
SURVEY_SAMPLE_FLAG = 30
SURVEY_ANSWERS = (("非常满意", "1"), ("满意", "0.8"), ("基本满意", "0.5"), ("不满意", "0"))
SURVEY_INVALID = ("", "", "不清楚")  # blank and unknown answers: counted apart, never as 0
BONUS_CAP = "2.5"
BONUS_RATE = 0.10  # of district reviews
BONUS_POINTS = (0.5, 1, 1, 1.5, 2)
BONUS_REASONS = ("市级文明社区表彰", "省级示范社区", "社区治理创新案例", "志愿服务先进集体")
VETO_RATE = 0.005  # of communities, at least one (in the district review)
VETOES = (
    ("major-incident", "发生重大安全责任事故", "Major safety incident", "2024年5月火灾事故"),
    ("mass-incident", "发生群体性事件", "Mass incident", "2024年3月群体性上访"),
)
APPEALS_MAX = 48
APPEAL_REASONS = ("补充材料经复核属实", "现场复查更正", "计分错误更正")
APPEAL_NA_REASON = "该指标不适用于本社区"
QUOTA_SHARE = "0.1"  # of all communities at five stars


def appeals_count(n: int) -> int:
    """A few dozen corrected entries (one per community picked)."""
    return min(APPEALS_MAX, max(1, n // 10), n)


def write_scheme(
    folder: Path, dims: list[tuple[int, int, list[dict]]], shape: str = "plain"
) -> None:
    (folder / "dimensions").mkdir(parents=True, exist_ok=True)
    stages = "\n".join(
        f"  - {{id: {sid}, label: {{zh: {STAGE_LABELS[sid][0]}, en: {STAGE_LABELS[sid][1]}}}, "
        f"weight: {w}}}"
        for sid, w, _ in STAGES
    )
    levels = (
        "levels:\n"
        "  - {stars: 5, min_total: 90, min_dimension_ratio: 0.8, require: [d01-3],\n"
        "     label: {zh: 五星级, en: Five stars}}\n"
        "  - {stars: 4, min_total: 80, min_dimension_ratio: 0.7,\n"
        "     label: {zh: 四星级, en: Four stars}}\n"
        "  - {stars: 3, min_total: 70, min_dimension_ratio: 0.6,\n"
        "     label: {zh: 三星级, en: Three stars}}\n"
    )
    head = (
        "id: bench-synthetic\n"
        'version: "1.0"\n'
        "title: {zh: 基准测试合成评分方案, en: Synthetic benchmark scheme}\n"
        "scale: 100\n"
        "dimensions: dimensions/\n"
        "stages:\n"
        f"{stages}\n"
        "combine: weighted\n"
        "missing_stage: error\n"
        "rounding: {places: 1, mode: half-up}\n"
    )
    if shape == "plain":
        text = (
            "# Synthetic benchmark scheme written by benchmarks/generate.py (issue #6).\n"
            "# 10 dimensions x 9 indicators; no survey and no n/a, so a long CSV carries "
            "everything.\n" + head + levels + "flags: {self_inflation: 10, stage_gap: 0.3}\n"
        )
    else:
        vetoes = "\n".join(
            f"  - {{id: {vid}, label: {{zh: {zh}, en: {en}}}}}" for vid, zh, en, _ in VETOES
        )
        text = (
            "# Synthetic benchmark scheme written by benchmarks/generate.py (realistic shape):\n"
            "# 10 dimensions x 9 indicators, n/a allowed on -3/-6/-9, a resident survey,\n"
            "# bonus, vetoes and a five-star quota.\n"
            + head
            + f"bonus: {{cap: {BONUS_CAP}}}\n"
            + levels
            + f"quotas: {{5: {{max_share: {QUOTA_SHARE}}}}}\n"
            + "vetoes:\n"
            + vetoes
            + "\n"
            + "flags: {self_inflation: 10, stage_gap: 0.3, "
            + f"survey_sample: {SURVEY_SAMPLE_FLAG}}}\n"
        )
    (folder / "scheme.yaml").write_text(text, encoding="utf-8")
    for no, dmax, inds in dims:
        zh, en = DIM_NAMES[no - 1]
        lines = [
            f"# Dimension {no} of the synthetic benchmark scheme ({dmax} points).",
            f"id: dim-{no:02d}",
            f"name: {{zh: {zh}, en: {en}}}",
            f"max: {dmax}",
            "indicators:",
        ]
        for ind in inds:
            lines.append(f"  - id: {ind['id']}")
            if ind["kind"] == "survey":
                lines.append("    text: {zh: 居民满意度测评, en: Resident satisfaction survey}")
            else:
                lines.append(f"    text: {{zh: {zh}指标{ind['id']}, en: {en} item {ind['id']}}}")
            lines.append(f"    kind: {ind['kind']}")
            lines.append(f"    max: {num(ind['max'])}")
            if ind["kind"] == "scale":
                lines.append(f"    step: {num(ind['step'])}")
            elif ind["kind"] == "checklist":
                items = ", ".join(f"{{id: {i}, points: {num(p)}}}" for i, p in ind["items"])
                lines.append(f"    items: [{items}]")
            elif ind["kind"] == "deduct":
                lines.append(f"    per: {num(ind['per'])}")
            elif ind["kind"] == "bands":
                bands = ", ".join(f"{{min: {num(m)}, points: {num(p)}}}" for m, p in ind["bands"])
                lines.append(f"    bands: [{bands}]")
            elif ind["kind"] == "survey":
                answers = ", ".join(f"{a}: {w}" for a, w in SURVEY_ANSWERS)
                lines.append(f"    min_responses: {SURVEY_MIN_RESPONSES}")
                lines.append(f"    answers: {{{answers}}}")
            if ind.get("allow_na"):
                lines.append("    allow_na: true")
            lines.append(
                "    methods: [survey]"
                if ind["kind"] == "survey"
                else "    methods: [materials, site]"
            )
        (folder / "dimensions" / f"{no:02d}-dim.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )


# -- entries ---------------------------------------------------------------------


def sample_entry(ind: dict, q: float, rng: random.Random) -> tuple[str, str]:
    """One entry for quality ``q`` (0..1): (CSV text, YAML text)."""
    kind = ind["kind"]
    if kind == "scale":
        steps = round(ind["max"] / ind["step"])
        x = q + rng.gauss(0, 0.12)
        k = min(steps, max(0, round(x * steps)))
        s = num(k * ind["step"])
        return s, s
    if kind == "check":
        s = "true" if rng.random() < min(0.98, q + 0.05) else "false"
        return s, s
    if kind == "checklist":
        got = [i for i, _ in ind["items"] if rng.random() < min(0.97, q + 0.05)]
        if not got:  # a long CSV cannot say "no item met" (an empty value is an error)
            got = [ind["items"][-1][0]]
        if rng.random() < 0.25:  # assessors do not always list items in order
            got.reverse()
        return ";".join(got), "[" + ", ".join(got) + "]"
    if kind == "deduct":
        n = sum(rng.random() > q + 0.1 for _ in range(4))
        return str(n), str(n)
    if kind == "bands":
        x = min(1.0, max(0.0, q + rng.gauss(0, 0.08)))
        s = f"{x:.2f}"
        return s, s
    raise ValueError(kind)


def value_tables(dims: list[tuple[int, int, list[dict]]], seed: int) -> list[list[list[tuple]]]:
    """tables[ind][bucket] = SAMPLES pre-drawn (csv, yaml) entries for that quality bucket."""
    rng = random.Random(f"bench-values-{seed}")
    tables = []
    for _, _, inds in dims:
        for ind in inds:
            per_bucket = []
            for b in range(BUCKETS + 1):
                q = b / BUCKETS
                per_bucket.append([sample_entry(ind, q, rng) for _ in range(SAMPLES)])
            tables.append(per_bucket)
    return tables


# -- the round ---------------------------------------------------------------------


def community_id(i: int) -> str:
    return f"C{i:06d}"


def generate(
    n: int, out: Path, yaml_form: bool = False, seed: int = 1, shape: str = "plain"
) -> dict:
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
    t0 = time.perf_counter()
    dims = build_scheme(shape)
    write_scheme(out / "scheme", dims, shape)
    form = "YAML reviews" if yaml_form else "one long CSV"
    if shape == "plain":
        head = f"# Synthetic benchmark round: {n} communities, seed {seed} ({form})"
        extra = "surveys: null\n"
    else:
        head = (
            f"# Synthetic benchmark round (realistic shape): {n} communities, seed {seed} ({form})"
        )
        extra = "surveys: surveys/\nappeals: appeals.yaml\n"
    (out / "round.yaml").write_text(
        f"{head}; written by benchmarks/generate.py\n"
        f"title: {{zh: 基准测试轮次 {n} 个社区, en: Benchmark round of {n} communities}}\n"
        "year: 2024\n"
        "scheme: scheme\n"
        "register: communities.csv\n"
        "reviews: reviews/\n" + extra,
        encoding="utf-8",
    )
    with open(out / "communities.csv", "w", encoding="utf-8", newline="") as f:
        f.write("id,name,street,households\n")
        for i in range(1, n + 1):
            street = (i - 1) // 40 + 1
            f.write(f"{community_id(i)},第{i}社区,第{street}街道,{1000 + (i * 7919) % 6000}\n")
    if shape == "plain":
        rows = _plain_reviews(n, out, yaml_form, seed, dims)
        info: dict = {}
    else:
        info = _realistic_reviews(n, out, yaml_form, seed, dims)
        rows = info.pop("entries")
    return {
        "communities": n,
        "entries": rows,
        "seconds": time.perf_counter() - t0,
        "shape": shape,
        **info,
    }


def _plain_reviews(
    n: int, out: Path, yaml_form: bool, seed: int, dims: list[tuple[int, int, list[dict]]]
) -> int:
    """The reviews of the plain shape; returns the number of entries written."""
    tables = value_tables(dims, seed)
    ind_ids = [ind["id"] for _, _, inds in dims for ind in inds]
    dim_of = [d for d, (_, _, inds) in enumerate(dims) for _ in inds]
    n_dims = len(dims)
    rng = random.Random(f"bench-round-{seed}")
    getrandbits = rng.getrandbits
    rand = rng.random
    mask_bits = SAMPLES.bit_length() - 1
    reviews = out / "reviews"
    reviews.mkdir(parents=True, exist_ok=True)
    csv_file = _review_files(reviews, yaml_form, "community,stage,indicator,value\n")
    yaml_keys = [f"  {i}: " for i in ind_ids]
    csv_mid = ["," + i + "," for i in ind_ids]
    rows = 0
    chunk: list[str] = []
    try:
        for i in range(1, n + 1):
            cid = community_id(i)
            # community quality: most communities between 0.6 and 1.0
            q = 0.55 + 0.45 * (rand() ** 0.7)
            # some dimensions are weak spots (they drive the min_dimension_ratio rules)
            dq = [q - (0.25 * rand() if rand() < 0.12 else 0.04 * rand()) for _ in range(n_dims)]
            for sid, _, inflate in STAGES:
                sq = [x + inflate + 0.03 * (rand() - 0.5) for x in dq]
                buckets = [min(BUCKETS, max(0, round(x * BUCKETS))) for x in sq]
                if yaml_form:
                    parts = [
                        f"community: {cid}\nstage: {sid}\nreviewer: {cid}{REVIEWERS[sid]}\n"
                        f"date: {DATES[sid]}\nentries:\n"
                    ]
                    for k in range(len(ind_ids)):
                        e = tables[k][buckets[dim_of[k]]][getrandbits(mask_bits)]
                        parts.append(yaml_keys[k] + e[1] + "\n")
                    parts.append("bonus: []\nvetoes: []\n")
                    with open(reviews / sid / f"{cid}.yaml", "w", encoding="utf-8") as f:
                        f.write("".join(parts))
                else:
                    head = cid + "," + sid
                    for k in range(len(ind_ids)):
                        e = tables[k][buckets[dim_of[k]]][getrandbits(mask_bits)]
                        chunk.append(head + csv_mid[k] + e[0] + "\n")
                rows += len(ind_ids)
            if csv_file is not None and len(chunk) >= 50_000:
                csv_file.write("".join(chunk))
                chunk.clear()
        if csv_file is not None and chunk:
            csv_file.write("".join(chunk))
    finally:
        if csv_file is not None:
            csv_file.close()
    return rows


def _survey_answers(q: float, rng: random.Random) -> list[str]:
    """One community's answers: 30-60, a few of them blank or unknown."""
    total = rng.randint(30, 60)
    invalid = rng.choice((0, 0, 0, 1, 1, 2, 3))
    out = []
    for _ in range(total - invalid):
        u = q + rng.gauss(0, 0.2)
        k = 0 if u > 0.95 else 1 if u > 0.75 else 2 if u > 0.5 else 3
        out.append(SURVEY_ANSWERS[k][0])
    for _ in range(invalid):
        out.insert(rng.randrange(len(out) + 1), rng.choice(SURVEY_INVALID))
    return out


def _appeal_value(ind: dict, before: str, to_na: bool) -> tuple[str, str]:
    """A corrected entry (YAML text) for one whose CSV text was ``before``; and why."""
    if to_na and ind.get("allow_na") and before not in NA_SPELLINGS:
        return "n/a", APPEAL_NA_REASON
    kind = ind["kind"]
    why = APPEAL_REASONS[len(before) % len(APPEAL_REASONS)]
    if before in NA_SPELLINGS:  # the indicator applies after all: full marks
        full = {
            "scale": num(ind["max"]),
            "check": "true",
            "checklist": "[" + ", ".join(i for i, _ in ind.get("items", ())) + "]",
            "deduct": "0",
            "bands": "0.95",
        }
        return full[kind], APPEAL_REASONS[0]
    if kind == "scale":
        x, step, top = float(before), ind["step"], ind["max"]
        return num(x + step if x + step <= top else x - step), why
    if kind == "check":
        return ("false" if before == "true" else "true"), why
    if kind == "checklist":
        every = [i for i, _ in ind["items"]]
        got = every if set(before.split(";")) != set(every) else every[:2]
        return "[" + ", ".join(got) + "]", why
    if kind == "deduct":
        c = int(before)
        return str(c - 1 if c > 0 else 1), why
    if kind == "bands":
        return ("0.93" if float(before) < 0.9 else "0.8"), why
    raise ValueError(kind)


def _realistic_reviews(
    n: int, out: Path, yaml_form: bool, seed: int, dims: list[tuple[int, int, list[dict]]]
) -> dict:
    """The reviews, survey answers and appeals of the realistic shape.

    The entries are drawn from the same random stream as the plain shape's (the survey
    indicator's entry is drawn and dropped), so the two shapes differ only by what the
    realistic one adds; its extras come from streams of their own."""
    tables = value_tables(build_scheme("plain"), seed)
    inds = [ind for _, _, ds in dims for ind in ds]
    ind_ids = [ind["id"] for ind in inds]
    dim_of = [d for d, (_, _, ds) in enumerate(dims) for _ in ds]
    n_dims = len(dims)
    survey_k = {k for k, ind in enumerate(inds) if ind["kind"] == "survey"}
    na_k = [k for k, ind in enumerate(inds) if ind.get("allow_na")]
    entry_k = [k for k in range(len(inds)) if k not in survey_k]
    rng = random.Random(f"bench-round-{seed}")
    getrandbits = rng.getrandbits
    rand = rng.random
    extra = random.Random(f"bench-extra-{seed}")
    srng = random.Random(f"bench-survey-{seed}")
    arng = random.Random(f"bench-appeals-{seed}")
    # appeals: one entry of a street or district review in each of a few dozen communities
    targets = {
        i: (arng.choice(("street", "district")), arng.choice(entry_k), arng.random() < 0.2)
        for i in sorted(arng.sample(range(1, n + 1), appeals_count(n)))
    }
    # vetoes: 0.5 % of the communities, at least one
    vrng = random.Random(f"bench-vetoes-{seed}")
    vetoed = {
        i: vrng.choice(VETOES)
        for i in sorted(vrng.sample(range(1, n + 1), max(1, round(n * VETO_RATE))))
    }
    appeals: list[str] = []
    mask_bits = SAMPLES.bit_length() - 1
    reviews = out / "reviews"
    reviews.mkdir(parents=True, exist_ok=True)
    (out / "surveys").mkdir(exist_ok=True)
    survey_file = open(  # noqa: SIM115 - closed in the finally below
        out / "surveys" / "residents.csv", "w", encoding="utf-8", newline="", buffering=1 << 20
    )
    survey_file.write("community,respondent,answer\n")
    csv_file = _review_files(reviews, yaml_form, "community,stage,indicator,value,note\n")
    yaml_keys = [f"  {i}: " for i in ind_ids]
    csv_mid = ["," + i + "," for i in ind_ids]
    stats = {"na": 0, "bonus_reviews": 0, "vetoes": 0, "survey_answers": 0}
    rows = 0
    chunk: list[str] = []
    try:
        for i in range(1, n + 1):
            cid = community_id(i)
            q = 0.55 + 0.45 * (rand() ** 0.7)
            dq = [q - (0.25 * rand() if rand() < 0.12 else 0.04 * rand()) for _ in range(n_dims)]
            # n/a: decided per community and indicator; the self-assessment sometimes
            # enters a value all the same
            na = {k: extra.choice(NA_SPELLINGS) for k in na_k if extra.random() < NA_RATE}
            self_fills = {k for k in na if extra.random() < NA_SELF_FILLS}
            veto = vetoed.get(i)
            bonus: list[tuple[float, str]] = []
            if extra.random() < BONUS_RATE:
                for _ in range(1 + (extra.random() < 0.3) + (extra.random() < 0.1)):
                    bonus.append((extra.choice(BONUS_POINTS), extra.choice(BONUS_REASONS)))
            target = targets.get(i)
            for sid, _, inflate in STAGES:
                sq = [x + inflate + 0.03 * (rand() - 0.5) for x in dq]
                buckets = [min(BUCKETS, max(0, round(x * BUCKETS))) for x in sq]
                texts: list[tuple[int, str, str]] = []
                for k in range(len(ind_ids)):
                    e = tables[k][buckets[dim_of[k]]][getrandbits(mask_bits)]
                    if k in survey_k:
                        continue
                    if k in na and not (sid == "self" and k in self_fills):
                        e = (na[k], na[k])
                        stats["na"] += 1
                    texts.append((k, e[0], e[1]))
                if target is not None and target[0] == sid:
                    k = target[1]
                    before = next(t[1] for t in texts if t[0] == k)
                    value, why = _appeal_value(inds[k], before, target[2])
                    appeals.append(
                        f"- {{community: {cid}, stage: {sid}, indicator: {ind_ids[k]}, "
                        f"value: {value}, reason: {why}, decided_by: 区星级评定委员会, "
                        "date: 2024-09-20}\n"
                    )
                district = sid == "district"
                if district and bonus:
                    stats["bonus_reviews"] += 1
                if district and veto:
                    stats["vetoes"] += 1
                if yaml_form:
                    parts = [
                        f"community: {cid}\nstage: {sid}\nreviewer: {cid}{REVIEWERS[sid]}\n"
                        f"date: {DATES[sid]}\nentries:\n"
                    ]
                    parts += [yaml_keys[k] + y + "\n" for k, _, y in texts]
                    if district and bonus:
                        parts.append("bonus:\n")
                        parts += [f"  - {{points: {num(p)}, reason: {r}}}\n" for p, r in bonus]
                    else:
                        parts.append("bonus: []\n")
                    parts.append(f"vetoes: [{veto[0]}]\n" if district and veto else "vetoes: []\n")
                    with open(reviews / sid / f"{cid}.yaml", "w", encoding="utf-8") as f:
                        f.write("".join(parts))
                else:
                    head = cid + "," + sid
                    chunk += [head + csv_mid[k] + c + ",\n" for k, c, _ in texts]
                    if district:
                        chunk += [f"{head},bonus,{num(p)},{r}\n" for p, r in bonus]
                        if veto:
                            chunk.append(f"{head},veto,{veto[0]},{veto[3]}\n")
                rows += len(texts)
            answers = _survey_answers(q, srng)
            stats["survey_answers"] += len(answers)
            survey_file.write("".join(f"{cid},R{j:03d},{a}\n" for j, a in enumerate(answers, 1)))
            if csv_file is not None and len(chunk) >= 50_000:
                csv_file.write("".join(chunk))
                chunk.clear()
        if csv_file is not None and chunk:
            csv_file.write("".join(chunk))
    finally:
        survey_file.close()
        if csv_file is not None:
            csv_file.close()
    (out / "appeals.yaml").write_text(
        "# Appeals decided after the reviews (written by benchmarks/generate.py)\n"
        + "".join(appeals),
        encoding="utf-8",
    )
    return {"entries": rows, "appeals": len(appeals), **stats}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of communities")
    ap.add_argument("out", type=Path, help="round folder to write")
    ap.add_argument(
        "--yaml", action="store_true", help="one YAML file per review instead of one long CSV"
    )
    ap.add_argument(
        "--shape",
        choices=SHAPES,
        default="realistic",
        help="realistic (default): n/a, survey, bonus, vetoes, appeals, a quota; "
        "plain: none of them",
    )
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = ap.parse_args(argv)
    if args.n < 1 or args.n > 999_999:
        ap.error("N must be between 1 and 999999")
    if args.out.exists() and any(args.out.iterdir()):
        if not args.force:
            ap.error(f"{args.out} exists and is not empty (use --force to replace it)")
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    info = generate(args.n, args.out, args.yaml, args.seed, args.shape)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(
        f"wrote {args.out} ({info['shape']}): {info['communities']} communities, "
        f"{info['entries']} entries, "
        f"{size / 1e6:.1f} MB in {info['seconds']:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
