"""Rewrite the engine goldens (tests/golden/engine/) after a deliberate change of wording.

Every output is scored again with the current code; the goldens are rewritten only
if each difference from the committed ones is one of the replacements named on the
command line, so a change of a number or a level can never slip in with the words:

    .venv/bin/python tests/regen_engine_golden.py "(1 points short)=>(1 point short)"

A replacement that starts with ``zh:`` or ``en:`` applies to the outputs in that
language only (the generated rounds are scored in English).
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))

import fuzz
from star_rating.cli import app
from test_engine_golden import GOLDEN, ROUNDS

runner = CliRunner()


def score(path: Path, lang: str) -> str:
    got = runner.invoke(app, ["score", str(path), "--format", "json", "--lang", lang])
    assert got.exit_code == 0, got.output
    return got.stdout


def main(replacements: list[tuple[str, str]]) -> int:
    def expected(old: str, lang: str = "en") -> str:
        for before, after in replacements:
            only, _, rest = before.partition(":")
            if only in ("zh", "en") and rest:
                if only != lang:
                    continue
                before = rest
            old = old.replace(before, after)
        return old

    unexpected: list[str] = []
    files: dict[Path, str] = {}
    for name, path in ROUNDS.items():
        for lang in ("zh", "en"):
            golden = GOLDEN / f"{name}.{lang}.json"
            files[golden] = score(path, lang)
            if expected(golden.read_text("utf-8"), lang) != files[golden]:
                unexpected.append(golden.name)
    with gzip.open(GOLDEN / "fuzz.jsonl.gz", "rt", encoding="utf-8") as fh:
        cases = [json.loads(line) for line in fh if line.strip()]
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            folder = Path(tmp) / f"case{case['seed']}"
            folder.mkdir()
            new = score(fuzz.make_case(case["seed"], folder), "en")
            if expected(case["json"]) != new:
                unexpected.append(f"fuzz seed {case['seed']}")
            lines.append(json.dumps({"seed": case["seed"], "json": new}, ensure_ascii=False))
    if unexpected:
        print(f"other differences in {', '.join(unexpected)}; goldens left as they are")
        return 1
    for golden, text in files.items():
        golden.write_text(text, "utf-8")
    with gzip.GzipFile(GOLDEN / "fuzz.jsonl.gz", "wb", mtime=0) as fh:
        fh.write(("\n".join(lines) + "\n").encode())
    print(f"goldens rewritten; the only differences were {replacements}")
    return 0


if __name__ == "__main__":
    sys.exit(main([tuple(arg.split("=>", 1)) for arg in sys.argv[1:]]))  # type: ignore[misc]
