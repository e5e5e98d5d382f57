"""Problems found in input files, and the one exception that carries them.

Every loader and check collects :class:`Problem` objects instead of raising at
the first one, so a user sees everything that is wrong in one run.  The CLI
turns :class:`ProblemsFound` into a listing and exit code 1.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from star_rating.catalog import Msg, as_msg, msg

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, with the place it was found.

    ``said`` is the message as catalog data (:class:`~star_rating.catalog.Msg`),
    put into words in the language asked for; ``message`` is its English."""

    file: str
    line: int | None
    column: int | None
    said: Msg
    rule: str = "invalid"
    severity: Severity = "error"
    # where in the document (e.g. ``levels[5].require``); shown in json output
    path: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.said, Msg):
            object.__setattr__(self, "said", as_msg(self.said))

    @property
    def message(self) -> str:
        return self.said.text("en")

    def text(self, lang: str = "en") -> str:
        return self.said.text(lang)

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self, lang: str = "en") -> str:
        return msg(
            "problem.line",
            where=self.location,
            severity=msg(f"severity.{self.severity}"),
            message=self.said,
            rule=self.rule,
        ).text(lang)

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "rule": self.rule,
            "path": self.path,
            "code": self.said.code,
            "message": self.text(lang),
        }


class StarRateError(Exception):
    """Base of every error the CLI reports without a traceback.

    It carries its message as catalog data (``said``); ``str()`` gives the English,
    the CLI shows it in the run's language."""

    exit_code = 1

    def __init__(self, said: Msg | str = ""):
        self.said = as_msg(said)
        super().__init__(self.said.text("en"))

    def text(self, lang: str = "en") -> str:
        return self.said.text(lang)


class UsageError(StarRateError):
    """A wrong command line, or a path that does not exist (exit 2)."""

    exit_code = 2


class ProblemsFound(StarRateError):
    """Input is invalid; ``problems`` lists every error (and warning) found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=sort_key)
        errors = [p for p in self.problems if p.severity == "error"]
        first = errors[0].format() if errors else msg("problems.none")
        super().__init__(msg("problems.summary", count=len(errors), first=first))


def _natural(text: str) -> tuple[object, ...]:
    """'C7' before 'C14': digit runs compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def sort_key(p: Problem) -> tuple[object, ...]:
    return (_natural(p.file), p.line or 0, p.column or 0, p.message)


def display_path(path: Path | str) -> str:
    """A path as the user would recognise it: relative to the cwd when inside it."""
    p = Path(path)
    try:
        return str(Path(os.path.abspath(p)).relative_to(Path(os.path.abspath(Path.cwd()))))
    except (ValueError, OSError):
        return str(p)


class Collector:
    """Gathers problems; ``check()`` raises once at the end if any is an error."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        file: str,
        line: int | None,
        column: int | None,
        message: Msg | str,
        rule: str = "invalid",
        severity: Severity = "error",
        path: str = "",
    ) -> None:
        self.problems.append(Problem(file, line, column, as_msg(message), rule, severity, path))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def check(self) -> None:
        if self.errors:
            raise ProblemsFound(self.problems)
