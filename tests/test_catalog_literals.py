"""No user-facing English outside the catalog.

Every sentence a user reads is a catalog key with its parameters, so it exists in
both languages.  This test reads the source of the package and fails on:

* a message written as a literal where a message is given: a problem
  (``collector.add``, ``at``, ``Problem``), an error raised for the user
  (``StarRateError``, ``UsageError``, …, and ``ValueError`` in a model validator,
  which pydantic shows as the message), a line written to stderr;
* a text in both languages written as a dict (``{"zh": …, "en": …}``) outside the
  catalog;
* a catalog key named in code (``msg("…")``, ``Msg.of(code, "…")``, ``label("…")``)
  that the catalog does not have.

A literal counts as English when it holds a word of two or more Latin letters
outside a ``{field}``; data such as a file name (``"round.yaml"``) is passed as a
parameter of a catalog message.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from star_rating.catalog import MESSAGES

SRC = Path(__file__).resolve().parent.parent / "src" / "star_rating"
FILES = sorted(p for p in SRC.rglob("*.py") if "catalog" not in p.relative_to(SRC).parts)

# calls whose arguments are messages a user reads: name -> the message's position
# (None: every argument)
SINKS: dict[str, int | None] = {
    "add": 3,  # Collector.add(file, line, column, message, ...)
    "at": 2,  # the scheme checks' at(doc, path, message, ...)
    "Problem": 3,
    "StarRateError": None,
    "UsageError": None,
    "ProblemsFound": None,
    "OutputError": None,
    "ReportTemplateError": None,
    "OpenError": None,
    "EntryError": None,
    "_stderr": None,
    "_say": None,  # cli: a line on stderr in the run's language
    "echo": None,
    "warn": None,
    "ValueError": None,
    "MsgError": None,  # a model validator's error carrying its message
    "at_node": 1,  # yamlpos: at_node(node, message, rule)
    "at_sheet": 2,  # xlsxforms: at_sheet(sheet, cell, message, rule)
    "at_cell": 1,  # xlsxforms: at_cell(cell, message, rule)
    "problem": 1,  # loading.round: problem(key, message, rule) at a key of round.yaml
    "in_file": 1,  # the bulk readers: in_file(path, reason)
}
# calls naming a catalog key in their first argument (or second for Msg.of)
KEYED = {"msg": 0, "label": 0, "texts": 0, "of": 1}

WORD = re.compile(r"[A-Za-z]{2,}")
FIELD = re.compile(r"\{[^{}]*\}")


def _english(text: str) -> bool:
    return bool(WORD.search(FIELD.sub("", text)))


def _literal_text(node: ast.AST) -> str | None:
    """The constant text of a str literal or f-string (fields left out)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_text(node.left), _literal_text(node.right)
        if left is not None or right is not None:
            return (left or "") + (right or "")
    return None


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def findings(path: Path, rel: Path | None = None) -> list[str]:
    """What the scan finds in ``path`` (named ``rel``: its path in the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(SRC) if rel is None else rel
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in SINKS:
                if name == "ValueError" and rel.parts[0] != "models":
                    continue  # only a model's ValueError becomes a user's message
                at = SINKS[name]
                if at is None:
                    args = [*node.args, *(k.value for k in node.keywords)]
                else:
                    args = node.args[at : at + 1] + [
                        k.value for k in node.keywords if k.arg == "message"
                    ]
                for arg in args:
                    text = _literal_text(arg)
                    if text is not None and _english(text):
                        out.append(f"{rel}:{node.lineno}: {name}(… {text[:60]!r} …)")
            if name in KEYED and len(node.args) > KEYED[name]:
                arg = node.args[KEYED[name]]
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and arg.value not in MESSAGES
                    and (name != "of" or "." in arg.value)
                ):
                    out.append(f"{rel}:{node.lineno}: unknown catalog key {arg.value!r}")
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"zh", "en"} <= keys:
                out.append(f"{rel}:{node.lineno}: a text in both languages outside the catalog")
    return sorted(out)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_english_literal_outside_the_catalog(path):
    found = findings(path)
    assert not found, "\n".join(found)


def test_the_check_finds_what_it_looks_for(tmp_path):
    code = (
        "def f(col, x):\n"
        "    col.add('a.yaml', 1, 1, f'expected a mapping, got {x}')\n"
        "    col.add('a.yaml', 1, 1, msg('no.such.key'))\n"
        "    words = {'zh': '社区', 'en': 'community'}\n"
        "    raise UsageError('{x}: ' + 'no such file')\n"
    )
    tree_file = tmp_path / "m.py"
    tree_file.write_text(code, encoding="utf-8")
    found = findings(tree_file, Path("m.py"))
    assert len(found) == 4, found
