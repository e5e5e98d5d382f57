#!/usr/bin/env python3
"""Province-scale benchmark of `star-rate score` against a DuckDB reference (issue #6).

    python benchmarks/run.py --sizes 1000,10000,100000 [--yaml-size 10000]
    python benchmarks/run.py --sizes 200 --yaml-size 200 --check-only --engine sums  # CI
    python benchmarks/run.py --reference ROUND [--out FILE]     # the DuckDB reference alone

For every N it generates (or reuses, from a cache under /tmp) a synthetic round
with benchmarks/generate.py, then runs, as whole processes, one after the other:

* ``star-rate score ROUND --format json`` (stdout to a file), and
* the DuckDB reference: ``python benchmarks/run.py --reference ROUND --out FILE``,
  which scores the same long CSV with the SQL in benchmarks/reference.sql,

measures each one's wall time and peak RSS (``os.wait4`` rusage of that child),
and checks that every community's total and stars agree.  A run is stopped when it
passes --timeout seconds or --max-rss-mb of resident memory, and reported as such.

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
INDICATORS = 90  # of the synthetic scheme
STAGES = 3


# ======================================================================================
# The DuckDB reference
# ======================================================================================


def _yaml_load(path: Path) -> Any:
    """YAML with every float kept as an exact Decimal."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def dec(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
        return Decimal(loader.construct_scalar(node))  # type: ignore[arg-type]

    Loader.add_constructor("tag:yaml.org,2002:float", dec)
    with open(path, encoding="utf-8-sig") as f:
        return yaml.load(f, Loader=Loader)


def _places(x: Any) -> int:
    exp = Decimal(str(x)).normalize().as_tuple().exponent
    return max(0, -int(exp))


def _ceil(x: Fraction) -> int:
    return math.ceil(x)


class Unsupported(Exception):
    pass


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
    for key in ("quotas", "vetoes", "bonus", "dynamic"):
        if head.get(key):
            raise Unsupported(f"scheme.{key} is outside the reference's scope")
    if head.get("combine", "weighted") != "weighted":
        raise Unsupported("combine: final is outside the reference's scope")
    numbers: list[Any] = []
    for d in dims:
        if d.get("weight") is not None:
            raise Unsupported("dimension weights are outside the reference's scope")
        for ind in d["indicators"]:
            if ind["kind"] == "survey" or ind.get("allow_na"):
                raise Unsupported("survey and n/a indicators are outside the reference's scope")
            numbers += [ind["max"], ind.get("per", 0), ind.get("step", 0)]
            numbers += [i["points"] for i in ind.get("items", [])]
            numbers += [b["points"] for b in ind.get("bands", [])]
    for lv in head["levels"]:
        numbers += [r["min"] for r in lv.get("require", []) if isinstance(r, dict)]
    p = max(_places(x) for x in numbers)
    w = max(_places(s.get("weight", 0)) for s in head["stages"])
    places = int(head.get("rounding", {}).get("places", 1))
    if head.get("rounding", {}).get("mode", "half-up") != "half-up":
        raise Unsupported("the reference rounds half-up only")
    P, W, R = 10**p, 10**w, 10**places

    def units(x: Any, unit: int) -> int:
        v = Fraction(Decimal(str(x))) * unit
        assert v.denominator == 1, (x, unit)
        return int(v)

    inds, dim_max, all_inds = [], {}, {}
    for d in dims:
        dim_max[d["id"]] = Fraction(Decimal(str(d["max"])))
        for ind in d["indicators"]:
            all_inds[ind["id"]] = ind
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
                }
            )
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
                "min_total_r": _ceil(Fraction(Decimal(str(lv["min_total"]))) * R),
            }
        )
        floors: dict[str, list[Fraction]] = {}
        if lv.get("min_dimension_ratio") is not None:
            for dim_id in dim_max:
                floors.setdefault(dim_id, []).append(
                    Fraction(Decimal(str(lv["min_dimension_ratio"])))
                )
        for dim_id, ratio in (lv.get("min_dimensions") or {}).items():
            floors.setdefault(dim_id, []).append(Fraction(Decimal(str(ratio))))
        for dim_id, ratios in floors.items():
            need = max(ratios) * dim_max[dim_id] * P * W
            needs.append({"lvl": k, "dim": dim_id, "need_u": _ceil(need)})
        for r in lv.get("require") or []:
            ind_id = r["indicator"] if isinstance(r, dict) else r
            need_pts = r["min"] if isinstance(r, dict) else all_inds[ind_id]["max"]
            reqs.append(
                {
                    "lvl": k,
                    "indicator": ind_id,
                    "need_u": _ceil(Fraction(Decimal(str(need_pts))) * P),
                }
            )
    return {
        "params": {"p_unit": P, "pw_unit": P * W, "r_unit": R, "places": places},
        "ind": inds,
        "stg": stages,
        "lvl": levels,
        "lvl_need": needs,
        "lvl_req": reqs,
    }


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _dec(d: Decimal) -> str:
    return f"CAST({_sql_str(str(d))} AS DECIMAL(38, 12))"


def reference(round_dir: Path, out: Path, threads: int | None = None) -> int:
    """Score ROUND with DuckDB; write community,total,stars to OUT. Returns an exit code."""
    import duckdb

    round_dir = round_dir.resolve()
    rnd = _yaml_load(round_dir / "round.yaml")
    scheme_dir = round_dir / rnd.get("scheme", "builtin")
    if rnd.get("scheme", "builtin") == "builtin":
        raise Unsupported("the reference needs the scheme as a folder (scheme: <path>)")
    s = load_reference_scheme(scheme_dir)
    specs = rnd.get("reviews", "reviews/")
    specs = [specs] if isinstance(specs, str) else specs
    csvs: list[Path] = []
    for spec in specs:
        p = round_dir / spec
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        for f in files:
            if f.suffix.lower() != ".csv":
                raise Unsupported(f"{f}: the reference reads long CSV reviews only")
            csvs.append(f)
    if not csvs:
        raise Unsupported("no CSV reviews in the round")

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
            f"CAST({i['max_u']} AS BIGINT), CAST({i['per_u']} AS BIGINT), {items}, {bands})"
        )
    con.execute(
        "CREATE TEMP TABLE ind AS SELECT * FROM (VALUES "
        + ", ".join(rows)
        + ") AS t(indicator, dim, kind, max_u, per_u, items, bands)"
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

    table(
        "stg",
        ["stage", "ord", "w_u"],
        s["stg"],
        {"stage": "VARCHAR", "ord": "INTEGER", "w_u": "BIGINT"},
    )
    table(
        "lvl",
        ["lvl", "stars", "min_total_r"],
        s["lvl"],
        {"lvl": "INTEGER", "stars": "INTEGER", "min_total_r": "BIGINT"},
    )
    table(
        "lvl_need",
        ["lvl", "dim", "need_u"],
        s["lvl_need"],
        {"lvl": "INTEGER", "dim": "VARCHAR", "need_u": "HUGEINT"},
    )
    table(
        "lvl_req",
        ["lvl", "indicator", "need_u"],
        s["lvl_req"],
        {"lvl": "INTEGER", "indicator": "VARCHAR", "need_u": "BIGINT"},
    )
    files = "[" + ", ".join(_sql_str(str(f)) for f in csvs) + "]"
    con.execute(
        "CREATE TEMP VIEW reviews_csv AS SELECT trim(community) AS community, "
        "trim(stage) AS stage, trim(indicator) AS indicator, trim(value) AS value "
        f"FROM read_csv({files}, header = true, all_varchar = true, union_by_name = true)"
    )
    result = con.execute(REFERENCE_SQL.read_text(encoding="utf-8")).fetchall()

    # sanity: the reference scores only complete, known reviews (star-rate rejects the rest)
    n_ind = len(s["ind"])
    bad = con.execute(
        "SELECT count(*) FROM (SELECT community, stage, count(*) AS n, "
        "count(DISTINCT indicator) AS d "
        f"FROM pts GROUP BY ALL) WHERE n <> {n_ind} OR d <> {n_ind}"
    ).fetchone()[0]
    csv_rows = con.execute("SELECT count(*) FROM reviews_csv").fetchone()[0]
    pts_rows = con.execute("SELECT count(*) FROM pts").fetchone()[0]
    unknown_stage = con.execute(
        "SELECT count(*) FROM stage_dim WHERE stage NOT IN (SELECT stage FROM stg)"
    ).fetchone()[0]
    missing_stage = con.execute(
        f"SELECT count(*) FROM (SELECT community, count(DISTINCT stage) AS k FROM stage_dim "
        f"GROUP BY ALL) WHERE k <> {len(s['stg'])}"
    ).fetchone()[0]
    problems = []
    if csv_rows != pts_rows:
        problems.append(f"{csv_rows - pts_rows} CSV rows name an unknown indicator")
    if bad:
        problems.append(f"{bad} reviews do not have exactly one entry per indicator")
    if unknown_stage or missing_stage:
        problems.append(
            f"{unknown_stage} unknown stages, {missing_stage} communities missing a stage"
        )
    if problems:
        print("reference: input outside its scope: " + "; ".join(problems), file=sys.stderr)
        return 2
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("community,total,stars\n")
        for cid, total, stars in result:
            f.write(f"{cid},{total},{stars}\n")
    return 0


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


def star_rate_env() -> dict[str, str]:
    env = dict(os.environ)
    # a 10,000-community long CSV is ~70 MB, over star-rate's default 50 MB per-file limit
    env.setdefault("STAR_RATE_MAX_FILE_MB", "100000")
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


def ensure_round(cache: Path, n: int, seed: int, yaml_form: bool) -> tuple[Path, float | None]:
    """The cached round folder (generated now if absent) and the generation time, if any."""
    name = f"n{n}-s{seed}-{'yaml' if yaml_form else 'csv'}-{generator_key()}"
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
    if yaml_form:
        cmd.append("--yaml")
    print(f"  generating {name} …", file=sys.stderr)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    took = time.perf_counter() - t0
    (tmp / ".complete").write_text(f"{took:.2f}\n")
    tmp.rename(folder)
    return folder, took


def read_star_rate(path: Path) -> dict[str, tuple[Decimal, int]]:
    """community -> (total, stars) from `score --format json` or `--format csv` output."""
    out = {}
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
                out[row[i_id]] = (Decimal(row[i_total]), int(row[i_stars] or 0))
        return out
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for r in data["results"]:
        out[r["community"]["id"]] = (Decimal(str(r["total"])), int(r["stars"] or 0))
    return out


def read_reference(path: Path) -> dict[str, tuple[Decimal, int]]:
    out = {}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            cid, total, stars = line.rstrip("\n").split(",")
            out[cid] = (Decimal(total), int(stars))
    return out


def compare(sr: dict[str, tuple[Decimal, int]], ref: dict[str, tuple[Decimal, int]]) -> list[str]:
    problems = []
    for cid in sorted(set(sr) | set(ref)):
        a, b = sr.get(cid), ref.get(cid)
        if a is None or b is None:
            problems.append(f"{cid}: only in {'the reference' if a is None else 'star-rate'}")
        elif a[0] != b[0] or a[1] != b[1]:
            problems.append(
                f"{cid}: star-rate total {a[0]} stars {a[1]}; reference total {b[0]} stars {b[1]}"
            )
    return problems


# ======================================================================================
# The benchmark
# ======================================================================================


@dataclass
class Check:
    run: Run
    mismatches: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Row:
    n: int
    form: str  # "csv" (one long CSV) or "yaml" (3N files)
    star_rate: dict[str, Check]  # by output format: json, csv
    ref: Run | None
    gen_s: float | None = None

    @property
    def failed(self) -> bool:
        return any(not c.checked or c.mismatches for c in self.star_rate.values())


def score_and_check(args: argparse.Namespace, n: int, yaml_form: bool, work: Path) -> Row:
    csv_round, gen_csv = ensure_round(args.cache, n, args.seed, False)
    rnd, gen = ensure_round(args.cache, n, args.seed, True) if yaml_form else (csv_round, gen_csv)
    form = "yaml" if yaml_form else "csv"
    ref_out = work / f"reference-{n}-s{args.seed}.csv"
    exe = star_rate_exe()
    checks: dict[str, Check] = {}
    for fmt in args.formats:
        sr_out = work / f"star-rate-{n}-{form}.{fmt}"
        print(f"  star-rate score --format {fmt} ({n} communities, {form}) …", file=sys.stderr)
        run = measure(
            [exe, "score", str(rnd), "--format", fmt, "--engine", args.engine],
            stdout=sr_out,
            env=star_rate_env(),
            timeout=args.timeout,
            max_rss_mb=args.max_rss_mb,
        )
        print(
            f"    {run.status()}: {run.wall:.2f} s, peak RSS {run.rss_mb:.0f} MB", file=sys.stderr
        )
        if not run.ok and run.stderr_tail.strip():
            print(f"    star-rate stderr (tail):\n{_indent(run.stderr_tail)}", file=sys.stderr)
        checks[fmt] = Check(run)
        if run.stopped:
            time.sleep(5)  # let the kernel take back the memory before the next timing
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
    for fmt, check in checks.items():
        if check.run.ok and expected is not None:
            got = read_star_rate(work / f"star-rate-{n}-{form}.{fmt}")
            check.mismatches = compare(got, expected)
            check.checked = True
            verdict = "all agree" if not check.mismatches else f"{len(check.mismatches)} MISMATCHES"
            print(f"    check ({fmt}): {n} communities, {verdict}", file=sys.stderr)
            for m in check.mismatches[:10]:
                print(f"      {m}", file=sys.stderr)
    return Row(n, form, checks, ref if not yaml_form else None, gen_s=gen)


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
    if not c.checked:
        return "not checked"
    return "yes" if not c.mismatches else f"NO: {len(c.mismatches)} mismatches"


def print_table(rows: list[Row], small: list[tuple[str, float, float]], version: str) -> None:
    print()
    print(
        f"# star-rate benchmark  ({version}, src {source_fingerprint()}; "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {os.cpu_count()} cores; Python "
        f"{sys.version.split()[0]}; DuckDB {_duckdb_version()})"
    )
    print()
    print(
        "| N | star-rate command | star-rate s | DuckDB s | ratio | star-rate peak RSS MB "
        "| DuckDB peak RSS MB | scores/s | agree |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        if r.form != "csv":
            continue
        for fmt, c in r.star_rate.items():
            sr, ref = c.run, r.ref
            ratio = "-"
            if ref and ref.ok and sr.ok:
                ratio = f"{sr.wall / ref.wall:.1f}x"
            elif ref and ref.ok and sr.stopped:
                ratio = f"> {sr.wall / ref.wall:.1f}x"  # a lower bound: star-rate did not finish
            sps = f"{r.n * STAGES * INDICATORS / sr.wall:,.0f}" if sr.ok else "-"
            print(
                f"| {r.n:,} | `score --format {fmt}` | {fmt_s(sr)} | {fmt_s(ref)} | {ratio} | "
                f"{sr.rss_mb:,.0f} | {(ref.rss_mb if ref else 0):,.0f} | {sps} | {_agree(c)} |"
            )
    yaml_rows = [r for r in rows if r.form == "yaml"]
    if yaml_rows:
        print()
        print(
            "| N (YAML: 3N files) | star-rate command | star-rate s | files/s | scores/s "
            "| peak RSS MB | agree |"
        )
        print("|---:|---|---:|---:|---:|---:|---|")
        for r in yaml_rows:
            for fmt, c in r.star_rate.items():
                sr = c.run
                fps = f"{3 * r.n / sr.wall:,.0f}" if sr.ok else "-"
                sps = f"{r.n * STAGES * INDICATORS / sr.wall:,.0f}" if sr.ok else "-"
                print(
                    f"| {r.n:,} | `score --format {fmt}` | {fmt_s(sr)} | {fps} | {sps} | "
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
            print(f"generated N={r.n:,} ({r.form}) in {r.gen_s:.1f} s")
        for fmt, c in r.star_rate.items():
            if c.run.stopped:
                print(f"N={r.n:,} ({r.form}) score --format {fmt}: {c.run.stopped}")
            elif c.run.rc != 0:
                tail = c.run.stderr_tail.strip().splitlines()
                last = f": {tail[-1]}" if tail else ""
                print(f"N={r.n:,} ({r.form}) score --format {fmt}: exit {c.run.rc}{last}")
            if c.mismatches:
                print(f"N={r.n:,} ({r.form}) score --format {fmt}: first mismatches:")
                for m in c.mismatches[:10]:
                    print(f"  {m}")


def _duckdb_version() -> str:
    try:
        import duckdb

        return duckdb.__version__
    except ImportError:
        return "not installed"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Time star-rate score against a DuckDB reference on synthetic rounds.",
    )
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated community counts")
    ap.add_argument(
        "--yaml-size",
        type=int,
        default=None,
        help="also score N communities given as 3N YAML review files",
    )
    ap.add_argument(
        "--formats",
        default="csv,json",
        help="star-rate output formats to time, in this order (default csv,json: "
        "json adds the stage-agreement statistics, csv does not)",
    )
    ap.add_argument(
        "--engine",
        choices=("auto", "sums", "entries"),
        default="auto",
        help="star-rate score --engine (default auto: sums from 4 MB of reviews)",
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
        help="correctness only (for CI): exit 1 on any mismatch; no timings",
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
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if not args.formats or any(f not in ("json", "csv") for f in args.formats):
        ap.error("--formats takes json and/or csv")
    work = args.work or Path(tempfile.mkdtemp(prefix="star-rate-bench-out-"))
    work.mkdir(parents=True, exist_ok=True)
    exe = star_rate_exe()
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    rows: list[Row] = []
    failed = False

    for n in sizes:
        print(f"N = {n:,}", file=sys.stderr)
        if args.check_only:
            rnd, _ = ensure_round(args.cache, n, args.seed, False)
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
        print(f"N = {args.yaml_size:,} as YAML files", file=sys.stderr)
        rows.append(score_and_check(args, args.yaml_size, True, work))

    failed = failed or any(r.failed for r in rows)
    if args.check_only:
        for r in rows:
            for fmt, c in r.star_rate.items():
                state = (
                    "ok"
                    if c.checked and not c.mismatches
                    else f"{len(c.mismatches)} mismatches"
                    if c.checked
                    else f"not checked (star-rate {c.run.status()}, reference "
                    f"{r.ref.status() if r.ref else '-'})"
                )
                print(f"N={r.n} ({r.form}) score --format {fmt}: {state}")
                for m in c.mismatches[:10]:
                    print(f"  {m}")
        print("check-only: " + ("FAILED" if failed else "all agree"))
        return 1 if failed else 0

    small = [] if args.no_small else small_commands(args)
    print_table(rows, small, version)
    print(f"\noutputs in {work}", file=sys.stderr)
    # a run stopped at the time or memory limit is a result, not a failure; a mismatch is
    return 1 if any(c.mismatches for r in rows for c in r.star_rate.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
