"""The bad-input corpus: every hostile or broken file gives exit 1 with its place.

Each folder under ``tests/corpus/`` (except ``_base``) is one case:
``case.yaml`` says which command runs, what it must print, and optional env,
files to remove from the base round, or a generated file; ``files/`` holds the
files laid over a copy of ``_base`` (a small valid round). Every case runs in a
separate process under resource limits (memory, CPU time), so a case that
exhausts the machine fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.yaml").is_file())
MEMORY = 1536 * 1024 * 1024  # 1.5 GB of address space
CPU_SECONDS = 30


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def _generate(kind: str, root: Path, outside: Path) -> None:
    reviews = root / "reviews"
    if kind == "binary-junk":
        rnd = random.Random(7)
        (reviews / "junk.yaml").write_bytes(bytes(rnd.randrange(256) for _ in range(4096)))
    elif kind == "truncated-xlsx":
        buf = outside / "full.xlsx"
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>" * 500)
            z.writestr("xl/workbook.xml", "<workbook/>" * 500)
        (reviews / "forms.xlsx").write_bytes(buf.read_bytes()[:300])
    elif kind == "zip-bomb-xlsx":
        with zipfile.ZipFile(reviews / "forms.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/workbook.xml", "<workbook/>")
            with z.open("xl/worksheets/sheet1.xml", "w") as member:
                block = b"\0" * (1 << 20)
                for _ in range(64):  # 64 MB of zeros, about 64 KB compressed
                    member.write(block)
    elif kind == "oversize":
        (reviews / "big.yaml").write_bytes(b"# padding\n" * (150 * 1024 + 3000))
    elif kind == "symlink-out":
        secret = outside / "secret.yaml"
        secret.write_text("community: C1\n", "utf-8")
        (reviews / "link.yaml").symlink_to(secret)
    else:  # pragma: no cover - a typo in a case file
        raise AssertionError(f"unknown generator {kind}")


def test_the_corpus_is_not_empty():
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", CASES)
def test_corpus_case(name, tmp_path):
    case = yaml.safe_load((CORPUS / name / "case.yaml").read_text("utf-8"))
    root = tmp_path / "round"
    shutil.copytree(CORPUS / "_base", root)
    files = CORPUS / name / "files"
    if files.is_dir():
        shutil.copytree(files, root, dirs_exist_ok=True)
    for rel in case.get("remove", []):
        (root / rel).unlink()
    outside = tmp_path / "outside"
    outside.mkdir()
    if case.get("generate"):
        _generate(case["generate"], root, outside)
    target = root / case.get("target", ".")
    if case["command"] == "validate" and case.get("target", ".") == ".":
        target = root / "scheme"
    env = dict(os.environ, COLUMNS="120", STAR_RATE_LANG="en", **case.get("env", {}))
    proc = subprocess.run(
        [sys.executable, "-m", "star_rating", case["command"], str(target)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        preexec_fn=_limits,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Traceback" not in output
    for text in case["expect"]:
        assert text in output, f"{text!r} not in:\n{output}"
    if case["command"] == "score":
        assert proc.stdout == "", "no results may be printed for bad input"
