"""One round, three spellings: YAML review files, one long CSV, and filled xlsx forms.

Ten generated rounds (seeded) with n/a entries, checklists (some with no item met),
yes/no checks in several spellings, deduct counts, bands values, bonus points and
vetoes are written all three ways; ``score --format json`` must print the same
result for each.  Only what names the input files differs and is left out of the
comparison: the ``hashes`` of the inputs, and the place a veto was recorded in the
reason that cites it (``reviews/C2-district.yaml:15`` or ``forms.xlsx!C2社区!C17``).
All three spellings express every entry, bonus and veto used here.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl

from helpers import cli, mini_scheme, template, write_round
from star_rating.loading.xlsxforms import FORM_MARK, HEADER_ROW

STAGES = ("self", "district")
WORDS = {  # yes, no, n/a as an evaluator may type them
    "zh": ("是", "否", "不适用"),
    "en": ("yes", "no", "n/a"),
    "plain": ("true", "false", "NA"),
}
BANDS = (0.95, 0.91, 0.9, 0.85, 0.8, 0.62, 0.5, 0.3, 0)
SOURCE = re.compile(r" \([^()]*(reviews/|forms-)[^()]*\)")  # where a veto was recorded


def scheme() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The mini scheme, with n/a allowed on a scale, a checklist and a deduct indicator."""
    sch, dims = mini_scheme()
    for ind in (dims[0]["indicators"][0], dims[0]["indicators"][2], dims[1]["indicators"][0]):
        ind["allow_na"] = True
    return sch, dims


def generate(seed: int) -> tuple[list[dict[str, Any]], list[tuple[str, str, str]], str]:
    """Reviews (as YAML data), the register and the words for yes/no/n/a of one round."""
    rng = random.Random(seed)
    words = rng.choice(list(WORDS))
    ids = [f"C{k}" for k in rng.sample(range(1, 99), rng.randint(2, 4))]
    register = [(c, f"{c}社区", rng.choice(["东关街道", "西关街道"])) for c in ids]
    reviews = []
    for cid in ids:
        for stage in STAGES:
            entries: dict[str, Any] = {
                "a1": "n/a" if rng.random() < 0.15 else rng.randint(0, 12) / 2,
                "a2": rng.random() < 0.7,
                "a3": "n/a" if rng.random() < 0.1 else sorted(rng.sample("xy", rng.randint(0, 2))),
                "b1": "n/a" if rng.random() < 0.1 else rng.randint(0, 4),
                "b2": rng.choice(BANDS),
            }
            r: dict[str, Any] = {
                "community": cid,
                "stage": stage,
                "reviewer": f"{stage}评审组",
                "entries": entries,
            }
            if rng.random() < 0.3:
                r["bonus"] = [
                    {"points": rng.choice([0.5, 1, 1.5]), "reason": f"表彰{k}"}
                    for k in range(rng.randint(1, 2))
                ]
            if stage == "district" and rng.random() < 0.15:
                r["vetoes"] = ["incident"]
            reviews.append(r)
    return reviews, register, words


# --- the three spellings ------------------------------------------------------------


def yaml_round(base: Path, reviews: list[dict[str, Any]], register: list[Any]) -> Path:
    return write_round(base / "yaml" / "round", reviews, communities=register, scheme=scheme())


def empty_copy(source: Path, base: Path, spelling: str) -> Path:
    """The round folder without its reviews, under the same folder name."""
    folder = base / spelling / source.name
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("reviews"))
    (folder / "reviews").mkdir()
    return folder


def csv_value(value: Any, words: str) -> str:
    yes, no, na = WORDS[words]
    if value == "n/a":
        return na
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, list):
        return ";".join(value) if value else "none"
    return str(value)


def csv_round(source: Path, base: Path, reviews: list[dict[str, Any]], words: str) -> Path:
    folder = empty_copy(source, base, "csv")
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["community", "stage", "indicator", "value", "reviewer", "note"])
    for r in reviews:
        who = r["reviewer"]
        for ind, value in r["entries"].items():
            w.writerow([r["community"], r["stage"], ind, csv_value(value, words), who, ""])
        for b in r.get("bonus", []):
            w.writerow([r["community"], r["stage"], "bonus", b["points"], who, b["reason"]])
        for v in r.get("vetoes", []):
            w.writerow([r["community"], r["stage"], "veto", v, who, ""])
    (folder / "reviews" / "all.csv").write_bytes(buf.getvalue().encode("utf-8-sig"))
    return folder


def fill(path: Path, reviews: list[dict[str, Any]], words: str) -> None:
    """Fill every community sheet of a blank form as an evaluator would in Excel."""
    yes, no, na = WORDS[words]
    wb = openpyxl.load_workbook(path)
    by_id = {r["community"]: r for r in reviews}
    for ws in wb.worksheets:
        if ws["H1"].value != FORM_MARK:
            continue
        r = by_id.pop(ws["B2"].value)
        ws["B4"] = r["reviewer"]
        ws["D4"] = datetime(2022, 8, 15)
        entries, bonus = r["entries"], list(r.get("bonus", []))
        for row in ws.iter_rows(min_row=HEADER_ROW + 1):
            key, cell = row[0].value, row[2]
            if key in entries:
                value = entries[key]
                if value == "n/a":
                    cell.value = na
                elif isinstance(value, bool):
                    cell.value = yes if value else no
                elif not isinstance(value, list):  # a checklist: its items below
                    cell.value = value
            elif isinstance(key, str) and "/" in key:
                indicator, item = key.split("/")
                if isinstance(entries[indicator], list):  # n/a: items stay blank
                    cell.value = yes if item in entries[indicator] else no
            elif key == "bonus" and bonus:
                given = bonus.pop(0)
                row[1].value = given["reason"]
                cell.value = given["points"]
            elif key == "incident":
                cell.value = yes if key in r.get("vetoes", []) else no
    assert not by_id, f"no sheet for {sorted(by_id)}"
    wb.save(path)


def xlsx_round(source: Path, base: Path, reviews: list[dict[str, Any]], words: str) -> Path:
    folder = empty_copy(source, base, "xlsx")
    lang = "en" if words == "en" else "zh"
    for stage in STAGES:
        out = folder / "reviews" / f"forms-{stage}.xlsx"
        template(folder / "scheme", folder / "communities.csv", stage, out, lang=lang)
        fill(out, [r for r in reviews if r["stage"] == stage], words)
    return folder


# --- the comparison ---------------------------------------------------------------------


def scored(folder: Path) -> dict[str, Any]:
    data = json.loads(cli("score", folder, "--format", "json", "--lang", "en").stdout)
    data.pop("hashes")
    for row in data["results"]:
        row["reasons"] = [re.sub(SOURCE, "", x) for x in row["reasons"]]
    return data


def test_yaml_csv_and_xlsx_spellings_of_a_round_score_the_same(tmp_path):
    seen = {"n/a": 0, "none": 0, "bonus": 0, "veto": 0}
    for seed in range(10):
        reviews, register, words = generate(seed)
        base = tmp_path / str(seed)
        source = yaml_round(base, reviews, register)
        expected = scored(source)
        assert scored(csv_round(source, base, reviews, words)) == expected, f"csv, seed {seed}"
        assert scored(xlsx_round(source, base, reviews, words)) == expected, f"xlsx, seed {seed}"
        for r in reviews:
            seen["n/a"] += sum(v == "n/a" for v in r["entries"].values())
            seen["none"] += r["entries"]["a3"] == []
            seen["bonus"] += bool(r.get("bonus"))
            seen["veto"] += bool(r.get("vetoes"))
    assert all(seen.values()), seen  # the rounds did exercise every kind of entry
