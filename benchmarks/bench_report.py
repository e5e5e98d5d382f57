"""Benchmark: ``star-rate report`` time against the number of communities.

    .venv/bin/python benchmarks/bench_report.py [--sizes 2000,4000,8000] [--format html|md]
    .venv/bin/python benchmarks/bench_report.py --check-only      # CI: small rounds, quick

Synthetic rounds from ``generate.py`` (one YAML file per review, so the round has three
input files per community, as a real round has) are reported with the ``star-rate``
next to this Python, as whole processes, in wall time and in CPU time (user + system:
on a shared machine the steadier measure).  ``score`` on the same round is timed too,
so the report's own share can be seen.  The report's time should grow linearly: the
ratio between the largest and the smallest size is printed against its goal (for
2,000 -> 8,000 communities, <= 4.5 on CPU time; a quadratic report gives about 12).

``--check-only`` reports rounds of 100 and 200 communities and checks the output
(the summary and one page per community, every page linked from the summary);
it exits 1 if anything is missing.  Timings there are printed but not judged.
Not a test: timings belong here, never in pytest.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def star_rate() -> str:
    exe = Path(sys.executable).parent / "star-rate"
    if exe.exists():
        return str(exe)
    found = shutil.which("star-rate")
    if not found:
        sys.exit("star-rate is not installed next to this Python nor on PATH")
    return found


def timed(args: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``args``.  On a shared
    machine the CPU time is the steadier measure: waiting for a core does not count."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def check(out: Path, n: int, fmt: str) -> list[str]:
    """What is missing from the report in ``out``: an empty list when it is whole."""
    problems = []
    index = out / f"index.{fmt}"
    pages = sorted((out / "communities").glob(f"*.{fmt}"))
    if not index.is_file():
        return [f"{index} is missing"]
    if len(pages) != n:
        problems.append(f"{len(pages)} community pages, expected {n}")
    linked = set(re.findall(rf"communities/([A-Za-z0-9_-]+)\.{fmt}", index.read_text("utf-8")))
    missing = linked - {p.stem for p in pages}
    if missing:
        problems.append(f"the summary links {len(missing)} missing page(s)")
    if len(linked) != n:
        problems.append(f"the summary links {len(linked)} pages, expected {n}")
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    if leftovers:
        problems.append(f"temporary folders left: {', '.join(leftovers)}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=None, help="comma-separated community counts")
    ap.add_argument("--format", choices=("html", "md"), default="html")
    ap.add_argument("--check-only", action="store_true", help="small rounds; check the output")
    ap.add_argument("--goal", type=float, default=4.5, help="largest/smallest time ratio goal")
    ap.add_argument("--keep", type=Path, default=None, help="folder for the rounds (kept)")
    args = ap.parse_args()
    default = "100,200" if args.check_only else "2000,4000,8000"
    sizes = sorted(int(s) for s in (args.sizes or default).split(","))
    exe = star_rate()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-report-"))
    base.mkdir(parents=True, exist_ok=True)
    failed = False
    times: dict[int, tuple[float, float]] = {}
    print("| communities | score wall (s) | score CPU (s) | report wall (s) | report CPU (s) |")
    print("|---:|---:|---:|---:|---:|", flush=True)
    try:
        for n in sizes:
            rnd = base / f"round-{n}"
            if not rnd.exists():  # generated aside and renamed: a kept round is whole
                print(f"generating {n} communities ...", file=sys.stderr)
                part = base / f"round-{n}.part"
                shutil.rmtree(part, ignore_errors=True)
                generate(n, part, yaml_form=True)
                part.rename(rnd)
            out = base / f"report-{n}"
            s_wall, s_cpu = timed([exe, "score", str(rnd), "--format", "json"])
            r_wall, r_cpu = timed(
                [exe, "report", str(rnd), "-o", str(out), "--format", args.format, "--force"]
            )
            times[n] = (r_wall, r_cpu)
            print(
                f"| {n:,} | {s_wall:.2f} | {s_cpu:.2f} | {r_wall:.2f} | {r_cpu:.2f} |", flush=True
            )
            problems = check(out, n, args.format)
            for p in problems:
                print(f"  report of {n}: {p}", file=sys.stderr)
            failed = failed or bool(problems)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    lo, hi = sizes[0], sizes[-1]
    if hi > lo:
        wall_ratio = times[hi][0] / times[lo][0]
        cpu_ratio = times[hi][1] / times[lo][1]
        verdict = (
            "not judged (--check-only)"
            if args.check_only
            else ("ok" if cpu_ratio <= args.goal else "OVER")
        )
        print(
            f"\nreport {hi:,}/{lo:,} ({hi / lo:g}x the communities): CPU time {cpu_ratio:.2f}x, "
            f"wall time {wall_ratio:.2f}x (goal <= {args.goal}, on CPU time): {verdict}"
        )
    if failed:
        print("FAILED: a report is incomplete", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
