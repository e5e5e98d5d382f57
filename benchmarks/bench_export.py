"""Benchmark: the export's sheet writer against a bare XlsxWriter write of the same table.

    .venv/bin/python benchmarks/bench_export.py [--rows 100000] [--repeat 3]

A synthetic ranked table shaped like sheet 1 of ``star-rate export`` (rank, id,
Chinese name and street, stars and ★, level, total, nine dimensions, three stage
totals, flags) is written twice per round, in the same process:

* ``star-rate``: :func:`star_rating.outputs.xlsx.write_table` on the export's
  workbook (constant_memory, formats, neutralised text, East-Asian column widths,
  frozen header, autofilter);
* ``bare``: ``xlsxwriter.Workbook(..., {"constant_memory": True})`` and
  ``worksheet.write_row`` for every row, nothing else.

Both include closing the workbook (zipping) into memory.  The best of
``--repeat`` runs of each is reported with the ratio; the goal is <= 1.2.
Not a test: timings belong here, never in pytest.
"""

from __future__ import annotations

import argparse
import gc
import io
import random
import sys
import time
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from star_rating.outputs.xlsx import new_workbook, number_format, write_table

DIMENSIONS = [
    "党组织建设",
    "自治组织",
    "规范化",
    "社区服务",
    "平安建设",
    "环境卫生",
    "文化文明",
    "工作实绩",
    "满意度",
]
STAGES = ["社区自评", "街道初评", "区级复查"]
STREETS = ["东关街道", "西关街道", "南街街道", "北关街道", "和平街道", "建设街道"]
NAMES = ["东安", "西苑", "和平里", "建工", "枫林", "翠竹", "新华", "龙首", "文昌", "光明"]
LEVELS = {5: "五星级和谐社区", 4: "四星级和谐社区", 3: "三星级和谐社区", 0: ""}


def table(n: int, seed: int = 2022) -> tuple[list[str], list[list[object]]]:
    rnd = random.Random(seed)
    header = [
        "排名",
        "编号",
        "社区名称",
        "街道",
        "星级",
        "星级（★）",
        "等级",
        "总分",
        *DIMENSIONS,
        *STAGES,
        "提示",
    ]
    rows: list[list[object]] = []
    for i in range(n):
        stars = rnd.choice((5, 4, 4, 3, 3, 0))
        total = round(rnd.uniform(60, 98), 1)
        row: list[object] = [
            i + 1,
            f"C{i + 1:06d}",
            f"{rnd.choice(NAMES)}{i % 97}社区",
            rnd.choice(STREETS),
            stars,
            "★" * stars if stars else "—",
            LEVELS[stars],
            total,
        ]
        row += [round(rnd.uniform(5, 15), 1) for _ in DIMENSIONS]
        row += [round(total + rnd.uniform(-3, 3), 1) for _ in STAGES]
        row.append("问卷样本偏少：sat-1 有效问卷 42 份" if i % 17 == 0 else "")
        rows.append(row)
    return header, rows


def ours(header: list[str], rows: list[list[object]]) -> bytes:
    buf = io.BytesIO()
    wb = new_workbook(buf, title="bench")
    header_fmt = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1})
    fnum = wb.add_format({"num_format": number_format(1)})
    fstar = wb.add_format({"font_color": "#C55A11"})
    formats = [None, None, None, None, None, fstar, None, fnum]
    formats += [fnum] * (len(DIMENSIONS) + len(STAGES)) + [None]
    places = [1 if f is fnum else 0 for f in formats]
    ws = wb.add_worksheet("排名")
    write_table(ws, 0, header, rows, formats, header_fmt, places=places)
    wb.close()
    return buf.getvalue()


def bare(header: list[str], rows: list[list[object]]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True})
    ws = wb.add_worksheet("排名")
    ws.write_row(0, 0, header)
    for r, row in enumerate(rows, 1):
        ws.write_row(r, 0, row)
    wb.close()
    return buf.getvalue()


def best(fn, header, rows, repeat: int) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        size = len(fn(header, rows))
        times.append(time.perf_counter() - start)
    return min(times), size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    header, rows = table(args.rows)
    cells = args.rows * len(header)
    print(f"table: {args.rows:,} rows x {len(header)} columns = {cells:,} cells")
    t_bare, s_bare = t_ours, s_ours = 0.0, 0
    # interleave, so both see the same machine state
    results: dict[str, list[float]] = {"bare": [], "ours": []}
    for _ in range(args.repeat):
        for name, fn in (("bare", bare), ("ours", ours)):
            t, size = best(fn, header, rows, 1)
            results[name].append(t)
            if name == "bare":
                s_bare = size
            else:
                s_ours = size
    t_bare, t_ours = min(results["bare"]), min(results["ours"])
    print(f"bare xlsxwriter constant_memory write_row: {t_bare:7.2f} s  ({s_bare:,} bytes)")
    print(f"star-rate write_table (formats, widths):   {t_ours:7.2f} s  ({s_ours:,} bytes)")
    ratio = t_ours / t_bare
    print(f"ratio: {ratio:.2f}x (goal <= 1.2x): {'ok' if ratio <= 1.2 else 'OVER'}")


if __name__ == "__main__":
    main()
