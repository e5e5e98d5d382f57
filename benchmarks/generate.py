#!/usr/bin/env python3
"""Generate a synthetic, deterministic star-rate round of N communities.

    python benchmarks/generate.py N OUT [--yaml] [--seed S] [--force]

Writes
    OUT/scheme/            a synthetic scheme: 10 dimensions x 9 indicators = 90
                           (scale/check/checklist/deduct/bands; no survey, no n/a),
                           stages self 0.2 / street 0.3 / district 0.5, weighted,
                           rounding 1 place half-up, levels 5/4/3 stars at 90/80/70
                           with min_dimension_ratio 0.8/0.7/0.6 and one `require`
    OUT/round.yaml         scheme: scheme
    OUT/communities.csv    id,name,street,households
    OUT/reviews/all.csv    one long CSV: community,stage,indicator,value
                           (N x 3 x 90 rows)  -- or, with --yaml:
    OUT/reviews/<stage>/<community>.yaml   one YAML review per community and stage

The same N and seed give byte-identical files, and the CSV and YAML forms carry the
same entries (the random stream does not depend on the output form), so a YAML
round can be checked against the reference computed from the CSV round.

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


def build_scheme() -> list[tuple[int, int, list[dict]]]:
    return [(i + 1, DIM_MAX[i], indicators_for(i + 1, DIM_MAX[i])) for i in range(len(DIM_MAX))]


def write_scheme(folder: Path, dims: list[tuple[int, int, list[dict]]]) -> None:
    (folder / "dimensions").mkdir(parents=True, exist_ok=True)
    stages = "\n".join(
        f"  - {{id: {sid}, label: {{zh: {STAGE_LABELS[sid][0]}, en: {STAGE_LABELS[sid][1]}}}, "
        f"weight: {w}}}"
        for sid, w, _ in STAGES
    )
    (folder / "scheme.yaml").write_text(
        "# Synthetic benchmark scheme written by benchmarks/generate.py (issue #6).\n"
        "# 10 dimensions x 9 indicators; no survey and no n/a, so a long CSV carries everything.\n"
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
        "levels:\n"
        "  - {stars: 5, min_total: 90, min_dimension_ratio: 0.8, require: [d01-3],\n"
        "     label: {zh: 五星级, en: Five stars}}\n"
        "  - {stars: 4, min_total: 80, min_dimension_ratio: 0.7,\n"
        "     label: {zh: 四星级, en: Four stars}}\n"
        "  - {stars: 3, min_total: 70, min_dimension_ratio: 0.6,\n"
        "     label: {zh: 三星级, en: Three stars}}\n"
        "flags: {self_inflation: 10, stage_gap: 0.3}\n",
        encoding="utf-8",
    )
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
            lines.append("    methods: [materials, site]")
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


def generate(n: int, out: Path, yaml_form: bool = False, seed: int = 1) -> dict:
    t0 = time.perf_counter()
    dims = build_scheme()
    write_scheme(out / "scheme", dims)
    (out / "round.yaml").write_text(
        f"# Synthetic benchmark round: {n} communities, seed {seed} "
        f"({'YAML reviews' if yaml_form else 'one long CSV'}); written by benchmarks/generate.py\n"
        f"title: {{zh: 基准测试轮次 {n} 个社区, en: Benchmark round of {n} communities}}\n"
        "year: 2024\n"
        "scheme: scheme\n"
        "register: communities.csv\n"
        "reviews: reviews/\n"
        "surveys: null\n",
        encoding="utf-8",
    )
    with open(out / "communities.csv", "w", encoding="utf-8", newline="") as f:
        f.write("id,name,street,households\n")
        for i in range(1, n + 1):
            street = (i - 1) // 40 + 1
            f.write(f"{community_id(i)},第{i}社区,第{street}街道,{1000 + (i * 7919) % 6000}\n")

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
    csv_file = None
    yaml_keys = [f"  {i}: " for i in ind_ids]
    csv_mid = ["," + i + "," for i in ind_ids]
    if yaml_form:
        for sid, _, _ in STAGES:
            (reviews / sid).mkdir(exist_ok=True)
    else:
        csv_file = open(  # noqa: SIM115 - closed in the finally below
            reviews / "all.csv", "w", encoding="utf-8", newline="", buffering=1 << 20
        )
        csv_file.write("community,stage,indicator,value\n")
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
    return {"communities": n, "entries": rows, "seconds": time.perf_counter() - t0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of communities")
    ap.add_argument("out", type=Path, help="round folder to write")
    ap.add_argument(
        "--yaml", action="store_true", help="one YAML file per review instead of one long CSV"
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
    info = generate(args.n, args.out, args.yaml, args.seed)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(
        f"wrote {args.out}: {info['communities']} communities, {info['entries']} entries, "
        f"{size / 1e6:.1f} MB in {info['seconds']:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
