#!/usr/bin/env python3
"""Province-scale benchmark of star-rate's commands against a DuckDB reference (issue #6).

    python benchmarks/run.py --sizes 1000,10000 [--yaml-size 10000] [--shape realistic|plain]
                             [--commands score,explain,export,report] [--formats csv,json]
    python benchmarks/run.py --sizes 200 --yaml-size 200 --check-only  # CI
    python benchmarks/run.py --reference ROUND [--out FILE]     # the DuckDB reference alone

For every N it generates (or reuses, from a cache under /tmp) a synthetic round
with benchmarks/generate.py (realistic by default: n/a, a survey, bonus, vetoes,
appeals, a five-star quota), then runs, as whole processes, one after the other:

* ``star-rate score ROUND --format csv`` and ``--format json`` (stdout to a file),
* ``star-rate explain ROUND <first community>``,
* ``star-rate export ROUND -o x.xlsx``,
* ``star-rate report ROUND -o DIR`` (summary and one page per community), and
* the DuckDB reference: ``python benchmarks/run.py --reference ROUND --out FILE``,
  which scores the same long CSV with the SQL in benchmarks/reference.sql,

measures each one's wall time and peak RSS, and checks that every community's total
and stars agree (score output, the xlsx ranking and explain's total; with JSON also
every rounded stage total and dimension).  A run is stopped when it passes --timeout
seconds or --max-rss-mb of resident memory, and reported as such.

Needs ``pip install duckdb`` (a benchmark-only dependency; not a star-rate one).
This is a script, never a pytest test; --check-only makes no timing assertions and
exits 1 on any mismatch or failed run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATOR = HERE / "generate.py"
REFERENCE_SQL = HERE / "reference.sql"
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "star-rate-bench"
STAGES = 3


# ======================================================================================
# The DuckDB reference
# ======================================================================================


def _yaml_load(path: Path) -> Any:
    """YAML with every float kept as an exact Decimal (dates and times left as text)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def dec(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
        return Decimal(loader.construct_scalar(node))  # type: ignore[arg-type]

    Loader.add_constructor("tag:yaml.org,2002:float", dec)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    with open(path, encoding="utf-8-sig") as f:
        return yaml.load(f, Loader=Loader)


def _places(x: Any) -> int:
    exp = Decimal(str(x)).normalize().as_tuple().exponent
    return max(0, -int(exp))


def _ceil(x: Fraction) -> int:
    return math.ceil(x)


def _frac(x: Any) -> Fraction:
    return Fraction(Decimal(str(x)))


class Unsupported(Exception):
    pass


# what the reference does not model (it refuses a scheme that uses any of them)
OUT_OF_SCOPE_HEAD = ("dynamic", "points_cap", "max_stars_if")
OUT_OF_SCOPE_DIM = ("weight", "alternatives")
DEFAULT_ANSWERS = {
    "满意": 1,
    "基本满意": 1,
    "不太满意": 0,
    "不满意": 0,
    "satisfied": 1,
    "basically satisfied": 1,
    "somewhat dissatisfied": 0,
    "dissatisfied": 0,
}


def load_reference_scheme(scheme_dir: Path) -> dict[str, Any]:
    """The scheme as plain rows for the reference's tables (exact integers)."""
    head = _yaml_load(scheme_dir / "scheme.yaml")
    spec = head.get("dimensions", "dimensions/")
    if isinstance(spec, str):
        files = sorted(
            p
            for p in (scheme_dir / spec).iterdir()
            if p.suffix in (".yaml", ".yml") and p.is_file()
        )
    else:
        files = [scheme_dir / s for s in spec]
    dims = [_yaml_load(f) for f in files]
    for key in OUT_OF_SCOPE_HEAD:
        if head.get(key):
            raise Unsupported(f"scheme.{key} is outside the reference's scope")
    if head.get("combine", "weighted") != "weighted":
        raise Unsupported("combine: final is outside the reference's scope")
    if any(s.get("panel") for s in head["stages"]):
        raise Unsupported("panels are outside the reference's scope")
    numbers: list[Any] = []
    answer_weights: list[Any] = []
    for d in dims:
        for key in OUT_OF_SCOPE_DIM:
            if d.get(key) is not None:
                raise Unsupported(f"dimension {key} is outside the reference's scope")
        for ind in d["indicators"]:
            if ind["kind"] not in ("scale", "check", "checklist", "deduct", "bands", "survey"):
                raise Unsupported(f"kind {ind['kind']} is outside the reference's scope")
            if ind["kind"] == "survey":
                if ind.get("bands") or ind.get("question"):
                    raise Unsupported(
                        "survey bands and questions are outside the reference's scope"
                    )
                answer_weights += list((ind.get("answers") or DEFAULT_ANSWERS).values())
            numbers += [ind["max"], ind.get("per", 0), ind.get("step", 0)]
            numbers += [i["points"] for i in ind.get("items", [])]
            numbers += [b["points"] for b in ind.get("bands", [])]
    for lv in head["levels"]:
        numbers += [r["min"] for r in lv.get("require", []) if isinstance(r, dict)]
        if _frac(lv["stars"]).denominator != 1:
            raise Unsupported("half stars are outside the reference's scope")
    bonus_cap = (head.get("bonus") or {}).get("cap", 0)
    numbers.append(bonus_cap)
    p = max(_places(x) for x in numbers)
    w = max(_places(s.get("weight", 0)) for s in head["stages"])
    a = max((_places(x) for x in answer_weights), default=0)
    places = int(head.get("rounding", {}).get("places", 1))
    if head.get("rounding", {}).get("mode", "half-up") != "half-up":
        raise Unsupported("the reference rounds half-up only")
    P, W, A, R = 10**p, 10**w, 10**a, 10**places

    def units(x: Any, unit: int) -> int:
        v = _frac(x) * unit
        assert v.denominator == 1, (x, unit)
        return int(v)

    inds, svs, answers, dim_rows, dim_max, all_inds = [], [], [], [], {}, {}
    for d in dims:
        dim_max[d["id"]] = _frac(d["max"])
        sv_max = 0
        for ind in d["indicators"]:
            all_inds[ind["id"]] = ind
            if ind["kind"] == "survey":
                sv_max += units(ind["max"], P)
                svs.append(
                    {
                        "indicator": ind["id"],
                        "dim": d["id"],
                        "max_u": units(ind["max"], P),
                        "min_responses": int(ind.get("min_responses", 30)),
                    }
                )
                for label, weight in (ind.get("answers") or DEFAULT_ANSWERS).items():
                    answers.append(
                        {
                            "indicator": ind["id"],
                            "answer": str(label).strip().lower(),
                            "w_u": units(weight, A),
                        }
                    )
                continue
            inds.append(
                {
                    "indicator": ind["id"],
                    "dim": d["id"],
                    "kind": ind["kind"],
                    "max_u": units(ind["max"], P),
                    "per_u": units(ind.get("per", 0), P),
                    "items": {i["id"]: units(i["points"], P) for i in ind.get("items", [])},
                    "bands": [
                        {"min": Decimal(str(b["min"])), "points": units(b["points"], P)}
                        for b in sorted(ind.get("bands", []), key=lambda b: -Decimal(str(b["min"])))
                    ],
                    "allow_na": bool(ind.get("allow_na", False)),
                }
            )
        dim_rows.append({"dim": d["id"], "max_u": units(d["max"], P), "sv_max_u": sv_max})
    stages = [
        {"stage": s["id"], "ord": k, "w_u": units(s.get("weight", 0), W)}
        for k, s in enumerate(head["stages"])
    ]
    if sum(s["w_u"] for s in stages) != W:
        raise Unsupported("stage weights must add up to 1 (renormalising is out of scope)")
    levels, needs, reqs = [], [], []
    for k, lv in enumerate(head["levels"]):
        levels.append(
            {
                "lvl": k,
                "stars": int(lv["stars"]),
                "min_total_r": _ceil(_frac(lv.get("min_total", 0)) * R),
            }
        )
        floors: dict[str, list[Fraction]] = {}
        if lv.get("min_dimension_ratio") is not None:
            for dim_id in dim_max:
                floors.setdefault(dim_id, []).append(_frac(lv["min_dimension_ratio"]))
        for dim_id, ratio in (lv.get("min_dimensions") or {}).items():
            floors.setdefault(dim_id, []).append(_frac(ratio))
        for dim_id, ratios in floors.items():
            r = max(ratios)
            needs.append({"lvl": k, "dim": dim_id, "r_num": r.numerator, "r_den": r.denominator})
        for r in lv.get("require") or []:
            ind_id = r["indicator"] if isinstance(r, dict) else r
            if all_inds[ind_id]["kind"] == "survey":
                raise Unsupported("a required survey indicator is outside the reference's scope")
            need_pts = r["min"] if isinstance(r, dict) else all_inds[ind_id]["max"]
            reqs.append({"lvl": k, "indicator": ind_id, "need_u": _ceil(_frac(need_pts) * P)})
    stars_at = {lv["stars"]: lv["lvl"] for lv in levels}
    quotas = []
    for key, q in (head.get("quotas") or {}).items():
        if isinstance(key, str) and key.strip().endswith("+"):
            raise Unsupported("cumulative quotas (N+) are outside the reference's scope")
        if q.get("ties", "share") != "share":
            raise Unsupported("quota ties other than share are outside the reference's scope")
        share = _frac(q["max_share"]) if q.get("max_share") is not None else None
        quotas.append(
            {
                "lvl": stars_at[int(key)],
                "max_count": q.get("max_count"),
                "share_num": share.numerator if share is not None else None,
                "share_den": share.denominator if share is not None else None,
            }
        )
    quotas.sort(key=lambda q: q["lvl"])
    return {
        "params": {
            "p_unit": P,
            "w_unit": W,
            "a_unit": A,
            "r_unit": R,
            "places": places,
            "bonus_cap_u": units(bonus_cap, P),
        },
        "ind": inds,
        "sv": svs,
        "sv_ans": answers,
        "dims": dim_rows,
        "stg": stages,
        "lvl": levels,
        "lvl_need": needs,
        "lvl_req": reqs,
        "vetoes": [{"veto": str(v["id"])} for v in head.get("vetoes") or []],
        "quota": quotas,
    }


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _dec(d: Decimal) -> str:
    return f"CAST({_sql_str(str(d))} AS DECIMAL(38, 12))"


def _entry_text(value: Any) -> str:
    """An appeal's YAML value as the long-CSV text of the same entry."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value) if value else "none"
    return str(value).strip()


def _files(round_dir: Path, spec: Any, default: str) -> list[Path]:
    specs = spec if isinstance(spec, list) else [spec if spec is not None else default]
    out: list[Path] = []
    for s in specs:
        p = round_dir / s
        out += sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
    return [f for f in out if not f.name.startswith((".", "~$"))]


def _sections(sql: str) -> dict[str, str]:
    """reference.sql split at its `-- @name` markers: main, quota, answer."""
    out, name, buf = {}, "main", []
    for line in sql.splitlines(keepends=True):
        if line.startswith("-- @"):
            out[name] = "".join(buf)
            name, buf = line[4:].split(":")[0].split()[0], []
        buf.append(line)
    out[name] = "".join(buf)
    return out


def reference(round_dir: Path, out: Path, threads: int | None = None) -> int:
    """Score ROUND with DuckDB; write community,total,stars,stages,dims to OUT.
    Returns an exit code."""
    import duckdb

    round_dir = round_dir.resolve()
    rnd = _yaml_load(round_dir / "round.yaml")
    scheme_dir = round_dir / rnd.get("scheme", "builtin")
    if rnd.get("scheme", "builtin") == "builtin":
        raise Unsupported("the reference needs the scheme as a folder (scheme: <path>)")
    if rnd.get("applications"):
        raise Unsupported("applications are outside the reference's scope")
    s = load_reference_scheme(scheme_dir)
    csvs = _files(round_dir, rnd.get("reviews"), "reviews/")
    for f in csvs:
        if f.suffix.lower() != ".csv":
            raise Unsupported(f"{f}: the reference reads long CSV reviews only")
    if not csvs:
        raise Unsupported("no CSV reviews in the round")
    surveys = _files(round_dir, rnd.get("surveys"), "surveys/") if rnd.get("surveys") else []
    if s["sv"] and not surveys:
        raise Unsupported("the scheme has survey indicators but the round has no survey CSV")
    appeals_rel = rnd.get("appeals") or (
        "appeals.yaml" if (round_dir / "appeals.yaml").exists() else None
    )
    appeals = _yaml_load(round_dir / appeals_rel) or [] if appeals_rel else []

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    pr = s["params"]
    con.execute(
        "CREATE TEMP TABLE params AS SELECT "
        + ", ".join(f"CAST({int(v)} AS BIGINT) AS {k}" for k, v in pr.items())
    )
    rows = []
    for i in s["ind"]:
        items = (
            "MAP {" + ", ".join(f"{_sql_str(k)}: {v}" for k, v in i["items"].items()) + "}"
            if i["items"]
            else "MAP {'': 0}"
        )
        items = f"CAST({items} AS MAP(VARCHAR, BIGINT))"
        bands = (
            "["
            + ", ".join(
                f"{{'min': {_dec(b['min'])}, 'points': CAST({b['points']} AS BIGINT)}}"
                for b in i["bands"]
            )
            + "]"
            if i["bands"]
            else "CAST([] AS STRUCT(min DECIMAL(38, 12), points BIGINT)[])"
        )
        rows.append(
            f"({_sql_str(i['indicator'])}, {_sql_str(i['dim'])}, {_sql_str(i['kind'])}, "
            f"CAST({i['max_u']} AS BIGINT), CAST({i['per_u']} AS BIGINT), {items}, {bands}, "
            f"{'true' if i['allow_na'] else 'false'})"
        )
    con.execute(
        "CREATE TEMP TABLE ind AS SELECT * FROM (VALUES "
        + ", ".join(rows)
        + ") AS t(indicator, dim, kind, max_u, per_u, items, bands, allow_na)"
    )

    def table(
        name: str, cols: list[str], data: list[dict[str, Any]], types: dict[str, str]
    ) -> None:
        decl = ", ".join(f"{c} {types[c]}" for c in cols)
        con.execute(f"CREATE TEMP TABLE {name} ({decl})")
        if data:
            con.executemany(
                f"INSERT INTO {name} VALUES ({', '.join('?' for _ in cols)})",
                [[d[c] for c in cols] for d in data],
            )

    V, B, INT, H = "VARCHAR", "BIGINT", "INTEGER", "HUGEINT"
    table(
        "sv",
        ["indicator", "dim", "max_u", "min_responses"],
        s["sv"],
        {"indicator": V, "dim": V, "max_u": B, "min_responses": INT},
    )
    table(
        "sv_ans",
        ["indicator", "answer", "w_u"],
        s["sv_ans"],
        {"indicator": V, "answer": V, "w_u": B},
    )
    table("dims", ["dim", "max_u", "sv_max_u"], s["dims"], {"dim": V, "max_u": B, "sv_max_u": B})
    table("stg", ["stage", "ord", "w_u"], s["stg"], {"stage": V, "ord": INT, "w_u": B})
    table(
        "lvl",
        ["lvl", "stars", "min_total_r"],
        s["lvl"],
        {"lvl": INT, "stars": INT, "min_total_r": B},
    )
    table(
        "lvl_need",
        ["lvl", "dim", "r_num", "r_den"],
        s["lvl_need"],
        {"lvl": INT, "dim": V, "r_num": H, "r_den": H},
    )
    table(
        "lvl_req",
        ["lvl", "indicator", "need_u"],
        s["lvl_req"],
        {"lvl": INT, "indicator": V, "need_u": B},
    )
    table("vetoes", ["veto"], s["vetoes"], {"veto": V})
    table(
        "quota",
        ["lvl", "max_count", "share_num", "share_den"],
        s["quota"],
        {"lvl": INT, "max_count": B, "share_num": B, "share_den": B},
    )
    table(
        "appeals",
        ["community", "stage", "indicator", "value"],
        [
            {
                "community": str(a["community"]).strip(),
                "stage": str(a["stage"]).strip(),
                "indicator": str(a["indicator"]).strip(),
                "value": _entry_text(a["value"]),
            }
            for a in appeals
        ],
        {"community": V, "stage": V, "indicator": V, "value": V},
    )
    files = "[" + ", ".join(_sql_str(str(f)) for f in csvs) + "]"
    con.execute(
        "CREATE TEMP VIEW reviews_csv AS SELECT trim(community) AS community, "
        "trim(stage) AS stage, trim(indicator) AS indicator, trim(value) AS value "
        f"FROM read_csv({files}, header = true, all_varchar = true, union_by_name = true)"
    )
    reg = round_dir / rnd.get("register", "communities.csv")
    con.execute(
        "CREATE TEMP VIEW register AS SELECT trim(COLUMNS(lambda c: lower(c) IN ('id', '编号'))) "
        f"AS community FROM read_csv({_sql_str(str(reg))}, header = true, all_varchar = true)"
    )
    if surveys:
        sfiles = "[" + ", ".join(_sql_str(str(f)) for f in surveys) + "]"
        con.execute(
            "CREATE TEMP VIEW survey_csv AS SELECT trim(community) AS community, "
            "coalesce(trim(answer), '') AS answer "
            f"FROM read_csv({sfiles}, header = true, all_varchar = true, union_by_name = true) "
            "WHERE coalesce(trim(community), '') <> '' OR coalesce(trim(answer), '') <> ''"
        )
    else:
        con.execute("CREATE TEMP TABLE survey_csv (community VARCHAR, answer VARCHAR)")
    sql = _sections(REFERENCE_SQL.read_text(encoding="utf-8"))
    con.execute(sql["main"])
    n_register = con.execute("SELECT count(*) FROM register").fetchone()[0]
    for q in s["quota"]:  # highest level first
        if q["max_count"] is not None:
            lim = int(q["max_count"])
        else:
            lim = q["share_num"] * n_register // q["share_den"]  # rounded down
        con.execute(f"CREATE OR REPLACE TEMP TABLE q_now AS SELECT {q['lvl']} AS lvl, {lim} AS lim")
        con.execute(sql["quota"])
    result = con.execute(sql["answer"]).fetchall()

    # sanity: the reference scores only what star-rate accepts (it rejects the rest)
    problems = check_reference_input(con, s)
    if problems:
        print("reference: input outside its scope: " + "; ".join(problems), file=sys.stderr)
        return 2
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("community,total,stars,stages,dimensions\n")
        for row in result:
            f.write(",".join(str(x) for x in row) + "\n")
    return 0


def check_reference_input(con: Any, s: dict[str, Any]) -> list[str]:
    """What star-rate would refuse: the reference must not score it."""
    n_ind = len(s["ind"])

    def one(sql: str) -> int:
        return int(con.execute(sql).fetchone()[0])

    checks = [
        (
            "CSV rows name an unknown indicator",
            "SELECT count(*) FROM entries WHERE indicator NOT IN (SELECT indicator FROM ind)",
        ),
        (
            "reviews do not have exactly one entry per indicator",
            "SELECT count(*) FROM (SELECT community, stage, count(*) AS n, "
            "count(DISTINCT indicator) AS d FROM pts GROUP BY ALL) "
            f"WHERE n <> {n_ind} OR d <> {n_ind}",
        ),
        (
            "reviews have bonus or veto rows only",
            "SELECT count(*) FROM rev WHERE (community, stage) "
            "NOT IN (SELECT community, stage FROM pts)",
        ),
        ("entries are not valid values", "SELECT count(*) FROM pts WHERE p IS NULL"),
        (
            "n/a entries on indicators without allow_na",
            "SELECT count(*) FROM pts WHERE na AND NOT allow_na",
        ),
        (
            "stages are unknown",
            "SELECT count(*) FROM rev WHERE stage NOT IN (SELECT stage FROM stg)",
        ),
        (
            "communities miss a stage",
            "SELECT count(*) FROM (SELECT community, count(DISTINCT stage) AS k FROM rev "
            f"GROUP BY ALL) WHERE k <> {len(s['stg'])}",
        ),
        (
            "reviewed communities are not in the register",
            "SELECT count(*) FROM (SELECT DISTINCT community FROM rev) "
            "WHERE community NOT IN (SELECT community FROM register)",
        ),
        (
            "register communities have no review",
            "SELECT count(*) FROM register WHERE community NOT IN (SELECT community FROM rev)",
        ),
        (
            "bonus values are not points in the scheme's units",
            "SELECT count(*) FROM bonus_rows WHERE b IS NULL OR b < 0 OR b <> floor(b)",
        ),
        (
            "bonus rows in a scheme without bonus",
            "SELECT count(*) FROM bonus_rows WHERE (SELECT bonus_cap_u FROM params) = 0",
        ),
        (
            "veto rows name an unknown veto",
            "SELECT count(*) FROM veto_rows WHERE veto NOT IN (SELECT veto FROM vetoes)",
        ),
        (
            "appeals name no entry of the round",
            "SELECT count(*) FROM appeals WHERE (community, stage, indicator) NOT IN "
            "(SELECT community, stage, indicator FROM entries)",
        ),
        (
            "communities have fewer valid survey answers than min_responses",
            "SELECT count(*) FROM register AS g CROSS JOIN sv AS v LEFT JOIN sv_tally AS t "
            "ON t.community = g.community AND t.indicator = v.indicator "
            "WHERE coalesce(t.valid, 0) < v.min_responses",
        ),
    ]
    out = []
    for what, sql in checks:
        n = one(sql)
        if n:
            out.append(f"{n} {what}")
    return out


# ======================================================================================
# Processes: wall time and peak RSS
# ======================================================================================


@dataclass
class Run:
    cmd: list[str]
    wall: float = 0.0
    rss_mb: float = 0.0
    user: float = 0.0
    sys: float = 0.0
    rc: int | None = None
    stopped: str | None = None  # "timeout" / "memory" when we stopped it
    stderr_tail: str = ""

    @property
    def ok(self) -> bool:
        return self.rc == 0 and self.stopped is None

    def status(self) -> str:
        if self.stopped:
            return f"stopped ({self.stopped})"
        if self.rc != 0:
            return f"exit {self.rc}"
        return "ok"


def _proc_mem_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a live process in MB; zeros when it is gone."""
    rss = hwm = 0.0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, hwm


def _child_pid(pid: int) -> int | None:
    """The (single) child of ``pid``: the measured program under GNU time."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            kids = f.read().split()
        return int(kids[0]) if kids else None
    except (OSError, ValueError):
        return None


def _gnu_time() -> str | None:
    """/usr/bin/time when it is GNU time (its %M is the child's own peak RSS)."""
    exe = "/usr/bin/time"
    if not os.access(exe, os.X_OK):
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return exe if "GNU" in (out.stdout + out.stderr) else None


GNU_TIME = _gnu_time()


def measure(
    cmd: list[str],
    stdout: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 900.0,
    max_rss_mb: float = 8192.0,
    quiet: bool = False,
) -> Run:
    """Run ``cmd`` as a whole process; its wall time and peak RSS.

    Peak RSS comes from GNU time's %M (``/usr/bin/time -f %M``): the rusage of a
    child forked from the small `time` process.  (The rusage of a direct child of
    this script is no good: Linux carries the RSS high-water mark of the spawning
    process across exec, so every child would report at least this script's own
    peak.)  Without GNU time, the VmHWM polled from /proc is used instead.
    A watcher thread polls /proc/PID/status of the measured program and kills it
    (only that process, by its pid) when its RSS passes ``max_rss_mb`` or the wall
    time passes ``timeout``.
    """
    run = Run(cmd)
    with contextlib.ExitStack() as stack:
        out_f = stack.enter_context(open(stdout, "wb")) if stdout else subprocess.DEVNULL
        err_f = stack.enter_context(tempfile.TemporaryFile())
        time_out = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "time.txt"
        full = [GNU_TIME, "-f", "%M", "-o", str(time_out), *cmd] if GNU_TIME else cmd
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out_f, stderr=err_f, env=env, cwd=REPO)
        done = threading.Event()
        polled_hwm = [0.0]

        def watch() -> None:
            target = None if GNU_TIME else proc.pid
            last_report = time.perf_counter()
            while True:
                if target is None:
                    target = _child_pid(proc.pid)
                if target is not None:
                    rss, hwm = _proc_mem_mb(target)
                    polled_hwm[0] = max(polled_hwm[0], hwm)
                else:
                    rss = 0.0
                elapsed = time.perf_counter() - t0
                reason = None
                if rss > max_rss_mb:
                    reason = f"memory: RSS {rss:.0f} MB > {max_rss_mb:.0f} MB after {elapsed:.0f} s"
                elif elapsed > timeout:
                    reason = f"timeout: {elapsed:.0f} s > {timeout:.0f} s (RSS {rss:.0f} MB)"
                if reason:
                    run.stopped = reason
                    # the program we started, by its pid (GNU time then reports and exits)
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(target if target is not None else proc.pid, signal.SIGKILL)
                    return
                if not quiet and time.perf_counter() - last_report > 60:
                    last_report = time.perf_counter()
                    print(
                        f"    … {elapsed:.0f} s, RSS {rss:.0f} MB (peak {polled_hwm[0]:.0f})",
                        file=sys.stderr,
                    )
                if done.wait(0.02 if target is None else 0.05):
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        # wait without reaping, so the pid stays ours until the watcher has stopped
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        run.wall = time.perf_counter() - t0
        done.set()
        watcher.join()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = run.rc = os.waitstatus_to_exitcode(status)
        run.user, run.sys = usage.ru_utime, usage.ru_stime
        run.rss_mb = polled_hwm[0]
        if GNU_TIME:
            lines = time_out.read_text(errors="replace").split() if time_out.exists() else []
            kb = [int(x) for x in lines if x.isdigit()]
            if kb:
                run.rss_mb = kb[-1] / 1024
        err_f.seek(0)
        run.stderr_tail = err_f.read().decode("utf-8", "replace")[-2000:]
    return run


# ======================================================================================
# Rounds and comparison
# ======================================================================================


def star_rate_exe() -> str:
    local = Path(sys.executable).parent / "star-rate"
    if local.exists():
        return str(local)
    found = shutil.which("star-rate")
    if not found:
        sys.exit("star-rate is not on PATH; install the project (pip install -e .)")
    return found


def star_rate_env(round_dir: Path | None = None) -> dict[str, str]:
    # as a user runs it: no setting of star-rate's own (CSV files have no size limit);
    # only the language of the output is fixed, so that it can be compared
    env = {k: v for k, v in os.environ.items() if not k.startswith("STAR_RATE_")}
    env["STAR_RATE_LANG"] = "en"
    env.pop("COLUMNS", None)
    return env


def source_fingerprint() -> str:
    """A short hash of src/star_rating (code and data files): which star-rate was measured."""
    h = hashlib.sha256()
    root = REPO / "src" / "star_rating"
    for f in sorted(root.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:12]


def generator_key() -> str:
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:10]


def ensure_round(
    cache: Path, n: int, seed: int, yaml_form: bool, shape: str = "realistic"
) -> tuple[Path, float | None]:
    """The cached round folder (generated now if absent) and the generation time, if any."""
    name = f"n{n}-s{seed}-{shape}-{'yaml' if yaml_form else 'csv'}-{generator_key()}"
    folder = cache / name
    if (folder / ".complete").exists():
        return folder, None
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cache / (name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    if folder.exists():
        shutil.rmtree(folder)
    cmd = [sys.executable, str(GENERATOR), str(n), str(tmp), "--seed", str(seed)]
    cmd += ["--shape", shape]
    if yaml_form:
        cmd.append("--yaml")
    print(f"  generating {name} …", file=sys.stderr)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    took = time.perf_counter() - t0
    (tmp / ".complete").write_text(f"{took:.2f}\n")
    tmp.rename(folder)
    return folder, took


# community -> (total, stars, rounded stage totals or None, rounded dimensions or None)
Figures = tuple[Decimal, Any, "dict[str, Decimal] | None", "dict[str, Decimal] | None"]


def _stars(x: Any) -> Any:
    """Stars as a comparable number (0 for none; 4.5 stays 4.5)."""
    d = Decimal(str(x or 0))
    return int(d) if d == d.to_integral_value() else d


def _dec_map(d: dict[str, Any]) -> dict[str, Decimal]:
    return {k: Decimal(str(v)) for k, v in d.items()}


def read_star_rate(path: Path) -> dict[str, Figures]:
    """Every community's figures from `score --format json` or `--format csv` output
    (the CSV's columns are labels in a language: only total and stars are read)."""
    out: dict[str, Figures] = {}
    if path.suffix == ".csv":
        import csv

        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = csv.reader(f)
            header = next(rows)
            i_id, i_stars, i_total = (
                header.index("ID"),
                header.index("Stars"),
                header.index("Total"),
            )
            for row in rows:
                out[row[i_id]] = (Decimal(row[i_total]), _stars(row[i_stars]), None, None)
        return out
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for r in data["results"]:
        out[r["community"]["id"]] = (
            Decimal(str(r["total"])),
            _stars(r["stars"]),
            _dec_map(r.get("stages") or {}),
            _dec_map(r.get("dimensions") or {}),
        )
    return out


def read_export(path: Path) -> dict[str, Figures]:
    """Total and stars of every community from the ranking sheet(s) of an xlsx export."""
    import openpyxl

    out: dict[str, Figures] = {}
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = list(next(rows, ()))
            if not {"ID", "Stars", "Total"} <= set(header):
                continue
            i_id, i_stars, i_total = (
                header.index("ID"),
                header.index("Stars"),
                header.index("Total"),
            )
            for row in rows:
                if row and row[i_id]:
                    out[str(row[i_id])] = (
                        Decimal(str(row[i_total])),
                        _stars(row[i_stars]),
                        None,
                        None,
                    )
    finally:
        wb.close()
    return out


def read_reference(path: Path) -> dict[str, Figures]:
    def pairs(text: str) -> dict[str, Decimal]:
        return {k: Decimal(v) for k, v in (p.split("=") for p in text.split(";") if p)}

    out: dict[str, Figures] = {}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            cid, total, stars, stages, dims = line.rstrip("\n").split(",")
            out[cid] = (Decimal(total), _stars(stars), pairs(stages), pairs(dims))
    return out


def compare(sr: dict[str, Figures], ref: dict[str, Figures]) -> list[str]:
    """Every community: rounded total and stars; with JSON output also every rounded
    stage total and combined dimension."""
    problems = []
    for cid in sorted(set(sr) | set(ref)):
        a, b = sr.get(cid), ref.get(cid)
        if a is None or b is None:
            problems.append(f"{cid}: only in {'the reference' if a is None else 'star-rate'}")
            continue
        if a[0] != b[0] or a[1] != b[1]:
            problems.append(
                f"{cid}: star-rate total {a[0]} stars {a[1]}; reference total {b[0]} stars {b[1]}"
            )
        for what, got, want in (("stage", a[2], b[2]), ("dimension", a[3], b[3])):
            if got is None or want is None:
                continue
            for k in sorted(set(got) | set(want)):
                if got.get(k) != want.get(k):
                    problems.append(
                        f"{cid}: {what} {k}: star-rate {got.get(k)}, reference {want.get(k)}"
                    )
    return problems


def first_community(round_dir: Path) -> str:
    with open(round_dir / "communities.csv", encoding="utf-8-sig") as f:
        next(f)
        return next(f).split(",")[0].strip()


def entries_per_review(round_dir: Path) -> int:
    return len(load_reference_scheme(round_dir / "scheme")["ind"])


# ======================================================================================
# The benchmark
# ======================================================================================

COMMANDS = ("score", "explain", "export", "report")


@dataclass
class Check:
    label: str  # the command as shown in the table
    kind: str  # score | explain | export | report
    run: Run
    mismatches: list[str] = field(default_factory=list)
    checked: bool = False  # compared with the reference
    note: str = ""  # what was produced (report: files)

    @property
    def failed(self) -> bool:
        if not self.run.ok or self.mismatches:
            return True
        return self.kind in ("score", "export", "explain") and not self.checked


@dataclass
class Row:
    n: int
    form: str  # "csv" (one long CSV) or "yaml" (3N files)
    checks: list[Check]
    ref: Run | None
    entries: int  # entries per review
    gen_s: float | None = None

    @property
    def failed(self) -> bool:
        return any(c.failed for c in self.checks)


def _timed(
    args: argparse.Namespace, label: str, cmd: list[str], stdout: Path | None, rnd: Path
) -> Run:
    print(f"  star-rate {label} …", file=sys.stderr)
    run = measure(
        cmd,
        stdout=stdout,
        env=star_rate_env(rnd),
        timeout=args.timeout,
        max_rss_mb=args.max_rss_mb,
    )
    print(f"    {run.status()}: {run.wall:.2f} s, peak RSS {run.rss_mb:.0f} MB", file=sys.stderr)
    if not run.ok and run.stderr_tail.strip():
        print(f"    star-rate stderr (tail):\n{_indent(run.stderr_tail)}", file=sys.stderr)
    if run.stopped:
        time.sleep(5)  # let the kernel take back the memory before the next timing
    return run


def score_and_check(args: argparse.Namespace, n: int, yaml_form: bool, work: Path) -> Row:
    csv_round, gen_csv = ensure_round(args.cache, n, args.seed, False, args.shape)
    rnd, gen = (
        ensure_round(args.cache, n, args.seed, True, args.shape)
        if yaml_form
        else (csv_round, gen_csv)
    )
    form = "yaml" if yaml_form else "csv"
    tag = f"{n}-{args.shape}-{form}"
    ref_out = work / f"reference-{n}-s{args.seed}-{args.shape}.csv"
    exe = star_rate_exe()
    checks: list[Check] = []
    outputs: dict[int, Path] = {}
    # the YAML round is timed with `score` only: the other commands read it the same way
    commands = ["score"] if yaml_form else args.commands
    cid = first_community(rnd)
    for kind in commands:
        if kind == "score":
            for fmt in args.formats:
                out = work / f"star-rate-{tag}.{fmt}"
                label = f"score --format {fmt}"
                cmd = [exe, "score", str(rnd), "--format", fmt]
                checks.append(Check(label, kind, _timed(args, label, cmd, out, rnd)))
                outputs[len(checks) - 1] = out
        elif kind == "explain":
            out = work / f"explain-{tag}.txt"
            label = f"explain ROUND {cid}"
            cmd = [exe, "explain", str(rnd), cid]
            checks.append(Check(label, kind, _timed(args, label, cmd, out, rnd)))
            outputs[len(checks) - 1] = out
        elif kind == "export":
            out = work / f"export-{tag}.xlsx"
            label = "export -o x.xlsx"
            cmd = [exe, "export", str(rnd), "-o", str(out), "--force"]
            checks.append(Check(label, kind, _timed(args, label, cmd, None, rnd)))
            outputs[len(checks) - 1] = out
        elif kind == "report":
            out = work / f"report-{tag}"
            if out.exists():
                shutil.rmtree(out)
            label = "report -o DIR"
            cmd = [exe, "report", str(rnd), "-o", str(out)]
            check = Check(label, kind, _timed(args, label, cmd, None, rnd))
            if check.run.ok:
                files = sum(1 for p in out.rglob("*") if p.is_file())
                check.note = f"{files:,} files"
            checks.append(check)
    ref = None
    if not yaml_form or not ref_out.exists():
        print(f"  DuckDB reference ({n} communities) …", file=sys.stderr)
        ref = measure(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--reference",
                str(csv_round),
                "--out",
                str(ref_out),
            ],
            timeout=args.timeout,
            max_rss_mb=args.max_rss_mb,
        )
        print(
            f"    {ref.status()}: {ref.wall:.2f} s, peak RSS {ref.rss_mb:.0f} MB", file=sys.stderr
        )
        if not ref.ok:
            print(f"    reference stderr (tail):\n{_indent(ref.stderr_tail)}", file=sys.stderr)
    ref_ok = ref_out.exists() and (ref is None or ref.ok)
    expected = read_reference(ref_out) if ref_ok else None
    for k, check in enumerate(checks):
        if not check.run.ok or expected is None or k not in outputs:
            continue
        if check.kind == "score":
            check.mismatches = compare(read_star_rate(outputs[k]), expected)
        elif check.kind == "export":
            check.mismatches = compare(read_export(outputs[k]), expected)
        elif check.kind == "explain":
            text = outputs[k].read_text(encoding="utf-8", errors="replace")
            m = re.search(r"Total: ([0-9.]+)", text)
            want = expected[cid][0] if cid in expected else None
            if m is None or want is None or Decimal(m.group(1)) != want:
                got = m.group(1) if m else "no `Total:` line"
                check.mismatches = [f"{cid}: explain total {got}; reference total {want}"]
        check.checked = True
        verdict = "all agree" if not check.mismatches else f"{len(check.mismatches)} MISMATCHES"
        print(f"    check ({check.label}): {verdict}", file=sys.stderr)
        for m in check.mismatches[:10]:
            print(f"      {m}", file=sys.stderr)
    return Row(n, form, checks, ref if not yaml_form else None, entries_per_review(rnd), gen)


def _indent(text: str) -> str:
    return "\n".join("      " + line for line in text.strip().splitlines()[-15:])


def small_commands(args: argparse.Namespace) -> list[tuple[str, float, float]]:
    exe = star_rate_exe()
    criteria = REPO / "src" / "star_rating" / "criteria"
    cmds = [
        ("star-rate --version", [exe, "--version"]),
        ("star-rate validate src/star_rating/criteria", [exe, "validate", str(criteria)]),
        (
            "star-rate score samples/changan-2022",
            [exe, "score", str(REPO / "samples" / "changan-2022")],
        ),
    ]
    out = []
    for label, cmd in cmds:
        runs = [
            measure(cmd, env=star_rate_env(), timeout=120, quiet=True) for _ in range(args.repeat)
        ]
        if not all(r.ok for r in runs):
            bad = next(r for r in runs if not r.ok)
            print(f"  {label}: {bad.status()}\n{_indent(bad.stderr_tail)}", file=sys.stderr)
        out.append(
            (
                label,
                statistics.median(r.wall for r in runs),
                statistics.median(r.rss_mb for r in runs),
            )
        )
    return out


def fmt_s(run: Run | None) -> str:
    if run is None:
        return "-"
    if run.stopped:
        return f"stopped at {run.wall:.0f}"
    if run.rc != 0:
        return f"failed ({run.wall:.1f})"
    return f"{run.wall:.2f}"


def _agree(c: Check) -> str:
    if c.kind == "report":
        return "-"
    if not c.checked:
        return "not checked"
    return "yes" if not c.mismatches else f"NO: {len(c.mismatches)} mismatches"


def _throughput(c: Check, r: Row) -> str:
    run = c.run
    if not run.ok:
        return "-"
    if c.kind == "score":
        return f"{r.n * STAGES * r.entries / run.wall:,.0f} scores"
    if c.kind == "export":
        return f"{r.n / run.wall:,.0f} communities"
    if c.kind == "report":
        return f"{(r.n + 1) / run.wall:,.0f} pages ({c.note})"
    return "-"


def _ratio(c: Check, ref: Run | None) -> str:
    if c.kind not in ("score", "export") or ref is None or not ref.ok:
        return "-"
    if c.run.ok:
        return f"{c.run.wall / ref.wall:.1f}x"
    if c.run.stopped:
        return f"> {c.run.wall / ref.wall:.1f}x"  # a lower bound: star-rate did not finish
    return "-"


def print_table(
    rows: list[Row], small: list[tuple[str, float, float]], version: str, shape: str
) -> None:
    print()
    print(
        f"# star-rate benchmark, {shape} rounds  ({version}, src {source_fingerprint()}; "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {os.cpu_count()} cores; Python "
        f"{sys.version.split()[0]}; DuckDB {_duckdb_version()})"
    )
    print()
    print("| N | command | s | peak RSS MB | ratio to reference | per second | agree |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for r in rows:
        if r.form != "csv":
            continue
        for c in r.checks:
            print(
                f"| {r.n:,} | `{c.label}` | {fmt_s(c.run)} | {c.run.rss_mb:,.0f} | "
                f"{_ratio(c, r.ref)} | {_throughput(c, r)} | {_agree(c)} |"
            )
        if r.ref is not None:
            print(
                f"| {r.n:,} | reference (DuckDB SQL) | {fmt_s(r.ref)} | {r.ref.rss_mb:,.0f} | "
                "1.0x | - | - |"
            )
    yaml_rows = [r for r in rows if r.form == "yaml"]
    if yaml_rows:
        print()
        print("| N (YAML: 3N files) | command | s | files/s | scores/s | peak RSS MB | agree |")
        print("|---:|---|---:|---:|---:|---:|---|")
        for r in yaml_rows:
            for c in r.checks:
                sr = c.run
                fps = f"{3 * r.n / sr.wall:,.0f}" if sr.ok else "-"
                sps = f"{r.n * STAGES * r.entries / sr.wall:,.0f}" if sr.ok else "-"
                print(
                    f"| {r.n:,} | `{c.label}` | {fmt_s(sr)} | {fps} | {sps} | "
                    f"{sr.rss_mb:,.0f} | {_agree(c)} |"
                )
    if small:
        print()
        print("| command (median of runs) | s | peak RSS MB |")
        print("|---|---:|---:|")
        for label, s, rss in small:
            print(f"| `{label}` | {s:.3f} | {rss:.0f} |")
    print()
    for r in rows:
        if r.gen_s is not None:
            print(f"generated N={r.n:,} ({shape}, {r.form}) in {r.gen_s:.1f} s")
        for c in r.checks:
            if c.run.stopped:
                print(f"N={r.n:,} ({r.form}) {c.label}: {c.run.stopped}")
            elif c.run.rc != 0:
                tail = c.run.stderr_tail.strip().splitlines()
                last = f": {tail[-1]}" if tail else ""
                print(f"N={r.n:,} ({r.form}) {c.label}: exit {c.run.rc}{last}")
            if c.mismatches:
                print(f"N={r.n:,} ({r.form}) {c.label}: first mismatches:")
                for m in c.mismatches[:10]:
                    print(f"  {m}")


def _duckdb_version() -> str:
    try:
        import duckdb

        return duckdb.__version__
    except ImportError:
        return "not installed"


def _list_arg(
    ap: argparse.ArgumentParser, text: str, allowed: tuple[str, ...], flag: str
) -> list[str]:
    got = [x.strip() for x in text.split(",") if x.strip()]
    if not got or any(x not in allowed for x in got):
        ap.error(f"{flag} takes a comma-separated list of {', '.join(allowed)}")
    return got


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Time star-rate's commands against a DuckDB reference on synthetic rounds.",
    )
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated community counts")
    ap.add_argument(
        "--yaml-size",
        type=int,
        default=None,
        help="also score N communities given as 3N YAML review files",
    )
    ap.add_argument(
        "--shape",
        choices=("realistic", "plain"),
        default="realistic",
        help="generated rounds (benchmarks/generate.py --shape; default realistic)",
    )
    ap.add_argument(
        "--commands",
        default=",".join(COMMANDS),
        help="star-rate commands to run, in this order (default score,explain,export,report)",
    )
    ap.add_argument(
        "--formats",
        default="csv,json",
        help="score output formats, in this order (default csv,json: "
        "json adds the stage-agreement statistics, csv does not)",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help=f"round cache ({DEFAULT_CACHE})"
    )
    ap.add_argument(
        "--work", type=Path, default=None, help="where outputs go (default: a temp dir)"
    )
    ap.add_argument(
        "--check-only",
        action="store_true",
        help="correctness only (for CI): exit 1 on any mismatch or failed run; no timings",
    )
    ap.add_argument("--timeout", type=float, default=900.0, help="stop a run after this many s")
    ap.add_argument("--max-rss-mb", type=float, default=8192.0, help="stop a run above this RSS")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each small command (median)")
    ap.add_argument("--no-small", action="store_true", help="skip the small-command timings")
    ap.add_argument("--reference", type=Path, metavar="ROUND", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--threads", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.reference is not None:
        try:
            return reference(args.reference, args.out or Path("/dev/stdout"), args.threads)
        except Unsupported as exc:
            print(f"reference: {exc}", file=sys.stderr)
            return 2

    try:
        import duckdb  # noqa: F401
    except ImportError:
        print("the DuckDB reference needs `pip install duckdb`", file=sys.stderr)
        return 2
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.formats = _list_arg(ap, args.formats, ("json", "csv"), "--formats")
    args.commands = _list_arg(ap, args.commands, COMMANDS, "--commands")
    work = args.work or Path(tempfile.mkdtemp(prefix="star-rate-bench-out-"))
    work.mkdir(parents=True, exist_ok=True)
    exe = star_rate_exe()
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    rows: list[Row] = []
    failed = False

    for n in sizes:
        print(f"N = {n:,} ({args.shape})", file=sys.stderr)
        if args.check_only:
            rnd, _ = ensure_round(args.cache, n, args.seed, False, args.shape)
            v = subprocess.run(
                [exe, "validate", str(rnd / "scheme"), "--strict"],
                capture_output=True,
                text=True,
                cwd=REPO,
            )
            if v.returncode != 0:
                print(f"  synthetic scheme fails validate --strict:\n{v.stdout}{v.stderr}")
                failed = True
        rows.append(score_and_check(args, n, False, work))
    if args.yaml_size:
        print(f"N = {args.yaml_size:,} as YAML files ({args.shape})", file=sys.stderr)
        rows.append(score_and_check(args, args.yaml_size, True, work))

    failed = failed or any(r.failed for r in rows)
    if args.check_only:
        for r in rows:
            for c in r.checks:
                if c.mismatches:
                    state = f"{len(c.mismatches)} mismatches"
                elif not c.run.ok:
                    state = f"star-rate {c.run.status()}"
                elif c.checked:
                    state = "ok"
                elif c.kind == "report":
                    state = f"ok ({c.note})"
                else:
                    state = f"not checked (reference {r.ref.status() if r.ref else '-'})"
                print(f"N={r.n} ({args.shape}, {r.form}) {c.label}: {state}")
                for m in c.mismatches[:10]:
                    print(f"  {m}")
        print("check-only: " + ("FAILED" if failed else "all agree"))
        return 1 if failed else 0

    small = [] if args.no_small else small_commands(args)
    print_table(rows, small, version, args.shape)
    print(f"\noutputs in {work}", file=sys.stderr)
    # a run stopped at the time or memory limit is a result, not a failure; a mismatch is
    return 1 if any(c.mismatches for r in rows for c in r.checks) else 0


if __name__ == "__main__":
    sys.exit(main())
