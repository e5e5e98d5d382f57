"""The ``star-rate`` command line: thin commands over the library.

Each command parses options, calls the library and renders; one place
(:func:`_guard`) turns errors into messages and exit codes:
0 ok, 1 invalid input or failed check, 2 usage, 3 internal error, 130 Ctrl-C.
Heavy modules are imported inside the commands that use them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from star_rating import __version__

app = typer.Typer(
    name="star-rate",
    help="Star-rating assessments: criteria, reviews and surveys in; levels, ranks and "
    "reasons out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"star-rate {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    _state["debug"] = debug


def _stderr(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


@contextmanager
def _guard() -> Iterator[None]:
    """Turn our errors into messages and exit codes; never show a traceback unasked."""
    from star_rating.errors import ProblemsFound, StarRateError

    try:
        yield
    except ProblemsFound as exc:
        from star_rating.outputs.problems import render_text

        _stderr(render_text(exc.problems))
        n = len([p for p in exc.problems if p.severity == "error"])
        _stderr(f"star-rate: {n} error(s); nothing was scored or written\n")
        raise typer.Exit(1) from None
    except StarRateError as exc:
        _stderr(f"star-rate: error: {exc}\n")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _stderr("star-rate: interrupted\n")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if _state["debug"]:
            raise
        _stderr(
            f"star-rate: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in star-rate. Run again with --debug for the traceback.\n"
        )
        raise typer.Exit(3) from None


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class SchemaName(str, Enum):
    scheme = "scheme"
    dimension = "dimension"
    review = "review"


Lang = Annotated[
    str | None,
    typer.Option("--lang", help="Language of labels: zh or en (default: STAR_RATE_LANG, "
                 "else the locale)."),
]


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _console() -> object:
    """A console on stdout; when piped, wide enough for the whole table."""
    import os

    from rich.console import Console

    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 200
    return Console(file=sys.stdout, highlight=False, soft_wrap=False, width=width, markup=False)


RoundArg = Annotated[Path, typer.Argument(help="Round folder (with round.yaml).")]
CriteriaOpt = Annotated[
    Path | None, typer.Option("--criteria", help="Scheme folder overriding the round's scheme.")
]


@app.command()
def score(
    round_dir: RoundArg,
    fmt: Annotated[ScoreFormat, typer.Option("--format", help="Output format.")] = (
        ScoreFormat.table
    ),
    lang: Lang = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Score a round: ranked table, JSON or CSV on stdout."""
    with _guard():
        from star_rating import api
        from star_rating.i18n import resolve_lang

        language = resolve_lang(lang)
        scheme, result = api.score(round_dir, criteria)
        if fmt is ScoreFormat.json:
            import json

            from star_rating.outputs.common import round_dict

            sys.stdout.write(json.dumps(round_dict(scheme, result, language), ensure_ascii=False,
                                        indent=2) + "\n")
        elif fmt is ScoreFormat.csv:
            from star_rating.outputs.csvout import render_csv

            sys.stdout.flush()
            sys.stdout.buffer.write(render_csv(scheme, result, language))
            sys.stdout.flush()
        else:
            from star_rating.outputs.table import render_table

            render_table(scheme, result, language, _console())  # type: ignore[arg-type]


@app.command()
def explain(
    round_dir: RoundArg,
    community: Annotated[str, typer.Argument(help="Community id (or exact name).")],
    lang: Lang = None,
    criteria: CriteriaOpt = None,
) -> None:
    """The full trace of one community's result: entries, points, sources, arithmetic,
    rounding and every level rule."""
    with _guard():
        from star_rating import api
        from star_rating.errors import UsageError
        from star_rating.i18n import resolve_lang
        from star_rating.loading.reviews import near
        from star_rating.outputs.explain import render_explain

        language = resolve_lang(lang)
        scheme, result = api.score(round_dir, criteria)
        res = result.by_id(community) or next(
            (r for r in result.results if r.community.name == community), None)
        if res is None:
            ids = [r.community.id for r in result.results]
            raise UsageError(f"no community {community!r} in the round{near(community, ids)}")
        render_explain(scheme, result, res, language, _console())  # type: ignore[arg-type]


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Scheme folders, scheme.yaml, round folders or review files."),
    ] = None,
    fmt: Annotated[ProblemFormat, typer.Option("--format", help="Output format.")] = (
        ProblemFormat.text
    ),
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    criteria: Annotated[
        Path | None, typer.Option("--criteria", help="Scheme for lone review files.")
    ] = None,
) -> None:
    """Check schemes, rounds and review files; list every problem with file:line:col."""
    with _guard():
        from star_rating.outputs.problems import RENDERERS
        from star_rating.validate import validate_paths

        targets = paths or [Path(".")]
        problems = validate_paths(targets, criteria)
        sys.stdout.write(RENDERERS[fmt.value](problems))
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        if fmt is ProblemFormat.text:
            state = "ok" if not errors and not (strict and warnings) else "failed"
            _stderr(f"star-rate validate: {state}: {errors} error(s), {warnings} warning(s) in "
                    f"{len(targets)} path(s)\n")
        raise typer.Exit(1 if errors or (strict and warnings) else 0)


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which file format.")],
) -> None:
    """Print the JSON Schema of scheme.yaml, a dimension file or a review file."""
    with _guard():
        from star_rating.schemas import schema_text

        sys.stdout.write(schema_text(name.value))


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="New folder for an editable scheme copy.")],
    force: Annotated[bool, typer.Option("--force", help="Write into an existing folder.")] = False,
) -> None:
    """Write an editable copy of the default scheme into DIRECTORY."""
    with _guard():
        from star_rating.initdir import init_scheme

        written = init_scheme(directory, force=force)
        _stderr(f"star-rate init: wrote {len(written)} files to {directory}\n")


def main() -> None:
    app()
