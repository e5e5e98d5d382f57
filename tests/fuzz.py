"""Fuzzing the loaders and the engine with generated schemes and rounds.

``make_case(seed)`` writes a random *valid* scheme and round; ``mutate()``
damages one of its files the way mail, USB sticks and hand edits do. The
property: a valid round always scores; a damaged one either scores or fails
with our error (ProblemsFound / UsageError) — never any other exception.

A longer campaign than the test suite runs:

    .venv/bin/python tests/fuzz.py --examples 10000 --seed 20221126
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

import yaml

KINDS = ("scale", "check", "checklist", "deduct", "bands")
NASTY = [
    "-1",
    ".nan",
    ".inf",
    "1e999",
    "[",
    "]",
    "{",
    "!!python/object:os.system",
    "&a x",
    "*a",
    "",
    "~",
    "{}",
    "[]",
    "是",
    "n/a",
    "x;y;z",
    "'",
    '"',
    "0x1F",
    "1_000",
    "9" * 400,
    "- - -",
    ": :",
    "? x",
    "\t",
    "\x00",
    "\ufeff",
    "%TAG ! x",
    "<<: *a",
    "true",
    "2022-08-15",
    "=cmd|' /C calc'!A0",
    "<script>",
    "../../etc/passwd",
    "C999",
    "district",
    "a;a",
]


def _half(rnd: random.Random, lo: int, hi: int) -> float:
    return rnd.randint(lo * 2, hi * 2) / 2


def make_scheme(rnd: random.Random) -> tuple[dict, list[dict]]:
    dims = []
    n = 0
    for d in range(rnd.randint(1, 4)):
        inds = []
        for _ in range(rnd.randint(1, 5)):
            n += 1
            kind = rnd.choice(KINDS)
            top = _half(rnd, 1, 6)
            ind: dict = {"id": f"i{n}", "text": f"indicator {n}", "kind": kind, "max": top}
            if kind == "scale":
                ind["step"] = 0.5
            elif kind == "checklist":
                count = rnd.randint(1, 4)
                each = top / count
                ind["items"] = [
                    {"id": chr(97 + k), "points": each + rnd.choice([0, 0.5])} for k in range(count)
                ]
            elif kind == "deduct":
                ind["per"] = rnd.choice([0.5, 1, 1.5])
            elif kind == "bands":
                ind["bands"] = [{"min": 0.9, "points": top}, {"min": 0.5, "points": top / 2}]
            if rnd.random() < 0.2:
                ind["allow_na"] = True
            inds.append(ind)
        total = sum(i["max"] for i in inds)
        dim = {
            "id": f"d{d}",
            "name": {"zh": f"维度{d}", "en": f"Dim {d}"},
            "max": total,
            "indicators": inds,
        }
        if rnd.random() < 0.2:
            dim["weight"] = float(rnd.randint(1, 20))
        dims.append(dim)
    scale = sum(d.get("weight", d["max"]) for d in dims)
    stage_sets = [
        [("district", 1.0)],
        [("self", 0.4), ("district", 0.6)],
        [("self", 0.2), ("street", 0.3), ("district", 0.5)],
    ]
    stages = rnd.choice(stage_sets)
    levels = []
    for k, share in enumerate(
        sorted(rnd.sample([0.9, 0.8, 0.7, 0.6, 0.3], rnd.randint(1, 3)), reverse=True)
    ):
        lv: dict = {"stars": 5 - k, "min_total": round(scale * share, 1)}
        if rnd.random() < 0.3:
            lv["min_dimension_ratio"] = rnd.choice([0.5, 0.6, 0.8])
        if rnd.random() < 0.2:
            lv["require"] = [rnd.choice(dims)["indicators"][0]["id"]]
        levels.append(lv)
    scheme: dict = {
        "id": "fuzz",
        "version": "1",
        "title": "fuzz",
        "scale": scale,
        "stages": [{"id": s, "weight": w} for s, w in stages],
        "combine": rnd.choice(["weighted", "final"]),
        "missing_stage": rnd.choice(["error", "renormalize"]),
        "rounding": {
            "places": rnd.randint(0, 2),
            "mode": rnd.choice(["half-up", "half-even", "down"]),
        },
        "levels": levels,
        "vetoes": [{"id": "incident", "label": "incident"}],
        "flags": {"self_inflation": 5, "stage_gap": 0.3},
    }
    if rnd.random() < 0.5:
        scheme["bonus"] = {"cap": rnd.choice([1, 2, 5])}
    if rnd.random() < 0.3:
        scheme["quotas"] = {levels[0]["stars"]: {"max_share": 0.5}}
    return scheme, dims


def entry(rnd: random.Random, ind: dict) -> object:
    if ind.get("allow_na") and rnd.random() < 0.2:
        return "n/a"
    kind = ind["kind"]
    if kind == "scale":
        return _half(rnd, 0, int(ind["max"])) if ind["max"] >= 1 else 0
    if kind == "check":
        return rnd.choice([True, False, "是", "否"])
    if kind == "checklist":
        return rnd.sample([i["id"] for i in ind["items"]], rnd.randint(0, len(ind["items"])))
    if kind == "deduct":
        return rnd.randint(0, 4)
    return rnd.choice([0, 0.3, 0.5, 0.79, 0.9, 1.2])


def make_case(seed: int, folder: Path) -> Path:
    """A valid round with its own scheme, written under ``folder``."""
    rnd = random.Random(seed)
    scheme, dims = make_scheme(rnd)
    root = folder / "round"
    (root / "scheme" / "dimensions").mkdir(parents=True)
    (root / "reviews").mkdir()
    (root / "scheme" / "scheme.yaml").write_text(yaml.safe_dump(scheme), "utf-8")
    for d in dims:
        (root / "scheme" / "dimensions" / f"{d['id']}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True), "utf-8"
        )
    (root / "round.yaml").write_text("title: fuzz\nscheme: scheme\n", "utf-8")
    ids = [f"C{i}" for i in range(rnd.randint(1, 5))]
    (root / "communities.csv").write_text(
        "id,name,street\n" + "".join(f"{c},社区{c},街道\n" for c in ids), "utf-8"
    )
    inds = [i for d in dims for i in d["indicators"]]
    as_csv = rnd.random() < 0.3
    rows = ["community,stage,indicator,value"]
    for c in ids:
        for st in scheme["stages"]:
            values = {i["id"]: entry(rnd, i) for i in inds}
            if as_csv:
                for k, v in values.items():
                    if isinstance(v, list):
                        v = ";".join(v) or "none"
                    rows.append(f"{c},{st['id']},{k},{v}")
                continue
            review: dict = {"community": c, "stage": st["id"], "entries": values}
            if "bonus" in scheme and rnd.random() < 0.3:
                review["bonus"] = [{"points": rnd.choice([1, 3, 6]), "reason": "表彰"}]
            if rnd.random() < 0.05:
                review["vetoes"] = ["incident"]
            (root / "reviews" / f"{c}-{st['id']}.yaml").write_text(
                yaml.safe_dump(review, allow_unicode=True), "utf-8"
            )
    if as_csv:
        (root / "reviews" / "all.csv").write_text("\n".join(rows) + "\n", "utf-8")
    return root


def mutate(rnd: random.Random, root: Path) -> str:
    """Damage one file of the round; returns what was done."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    target = rnd.choice(files)
    data = target.read_bytes()
    how = rnd.choice(["token", "token", "line-drop", "line-dup", "truncate", "bytes", "swap"])
    if how == "truncate":
        data = data[: rnd.randint(0, len(data))]
    elif how == "bytes":
        pos = rnd.randint(0, len(data))
        data = data[:pos] + bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 8))) + data[pos:]
    else:
        lines = data.decode("utf-8", "replace").splitlines(keepends=True) or [""]
        k = rnd.randrange(len(lines))
        if how == "line-drop":
            del lines[k]
        elif how == "line-dup":
            lines.insert(k, lines[k])
        elif how == "swap" and len(lines) > 1:
            j = rnd.randrange(len(lines))
            lines[k], lines[j] = lines[j], lines[k]
        else:
            line = lines[k]
            cut = line.rfind(":") + 1 if ":" in line else line.rfind(",") + 1
            nl = "\n" if line.endswith("\n") else ""
            lines[k] = line[:cut] + (" " if ":" in line else "") + rnd.choice(NASTY) + nl
        data = "".join(lines).encode("utf-8", "replace")
    target.write_bytes(data)
    return f"{how} {target.relative_to(root)}"


def check_one(seed: int, workdir: Path, damage: bool = True) -> str | None:
    """None if the property holds for this seed, else a description of the failure."""
    from star_rating import api
    from star_rating.errors import StarRateError

    folder = workdir / f"case{seed}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    root = make_case(seed, folder)
    try:
        api.run(root)
    except Exception:
        return f"seed {seed}: a valid round did not score:\n{traceback.format_exc()}"
    if not damage:
        shutil.rmtree(folder)
        return None
    what = mutate(random.Random(seed * 7919 + 1), root)
    try:
        api.run(root)
    except StarRateError:
        pass
    except Exception:
        return f"seed {seed} ({what}): unhandled exception:\n{traceback.format_exc()}"
    shutil.rmtree(folder)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20221126)
    args = parser.parse_args()
    start = time.perf_counter()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.examples):
            problem = check_one(args.seed + i, Path(tmp))
            if problem:
                failures += 1
                print(problem, file=sys.stderr)
    took = time.perf_counter() - start
    print(
        f"fuzz: {args.examples} generated rounds (each scored valid, then damaged and "
        f"loaded again), seeds {args.seed}..{args.seed + args.examples - 1}: "
        f"{failures} failure(s) in {took:.0f} s"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
