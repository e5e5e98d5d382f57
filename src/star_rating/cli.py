"""The ``star-rate`` command line: thin commands over the library.

Each command parses options, calls the library and renders; one place
(:func:`_guard`) turns errors into messages and exit codes:
0 ok, 1 invalid input or failed check, 2 usage, 3 internal error, 130 Ctrl-C.
Heavy modules are imported inside the commands that use them.
"""

from __future__ import annotations

import errno
import gc
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from star_rating import __version__

if TYPE_CHECKING:
    from star_rating.catalog import Msg
    from star_rating.models.result import RoundResult
    from star_rating.scheme import Scheme

app = typer.Typer(
    name="star-rate",
    help="Star-rating assessments: criteria, reviews and surveys in; levels, ranks and "
    "reasons out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)

_state: dict[str, object] = {"debug": False}


def _use_lang(option: str | None) -> str:
    """This run's language (``--lang``, else STAR_RATE_LANG, else the locale); errors
    and messages from here on are shown in it.  Every command calls it first."""
    from star_rating.i18n import resolve_lang, use_lang

    use_lang(None)
    language = resolve_lang(option)
    use_lang(language)
    return language


def _shown_lang() -> str:
    """The language to show an error in: the run's, else the environment's."""
    from star_rating.i18n import resolve_lang, run_lang

    lang = run_lang()
    if lang is not None:
        return lang
    from star_rating.errors import UsageError

    try:
        return resolve_lang(None)
    except UsageError:
        return "en"


def _say(said: Msg) -> None:
    """A line on stderr in the run's language."""
    _stderr(said.text(_shown_lang()) + "\n")


def _version(value: bool) -> None:
    if value:
        from star_rating.catalog import msg

        typer.echo(msg("cli.version", version=__version__).text("en"))
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
    from star_rating.i18n import use_lang

    _state["debug"] = debug
    use_lang(None)  # each run chooses its own (tests run several in one process)


def _print_json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _stderr(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


class _StdoutFailed(Exception):
    """Standard output cannot be written (closed pipe, full disk): carries the OSError."""

    def __init__(self, exc: OSError):
        super().__init__(exc.strerror or str(exc))
        self.exc = exc


def _silence_stdout() -> None:
    """Point stdout at the null device, so nothing left in its buffer is written (or
    fails again) when the interpreter flushes it at exit."""
    try:
        fd = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return
    try:
        os.dup2(null, fd)
    except OSError:
        pass
    finally:
        os.close(null)


@contextmanager
def _stdout_writes() -> Iterator[None]:
    """Output to stdout: every OSError here is about stdout, and says so."""
    try:
        yield
        sys.stdout.flush()
    except OSError as exc:
        raise _StdoutFailed(exc) from None


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except OSError as exc:
        raise _StdoutFailed(exc) from None
    except ValueError:  # closed
        pass


def _stdout_failed(exc: OSError) -> int:
    """The exit code for a failed write to stdout; a closed pipe ends quietly."""
    _silence_stdout()
    if exc.errno == errno.EPIPE:
        return 0
    from star_rating.catalog import msg

    why = exc.strerror or str(exc)
    _say(msg("cli.error", text=msg("cli.stdout_failed", why=why)))
    return 1


def _os_error_message(exc: OSError) -> Msg:
    """One line naming the path and the system's reason."""
    from star_rating.catalog import msg, verbatim

    why = exc.strerror or str(exc)
    if exc.filename is None:
        return verbatim(why)
    from star_rating.errors import display_path

    where = display_path(os.fsdecode(exc.filename))
    if exc.filename2 is not None:
        other = display_path(os.fsdecode(exc.filename2))
        return msg("cli.os_error.two", where=where, other=other, why=why)
    return msg("cli.os_error", where=where, why=why)


@contextmanager
def _guard() -> Iterator[None]:
    """Turn our errors into messages and exit codes; never show a traceback unasked.

    Exit codes: 1 invalid input, or an OSError reading or writing (path and reason);
    2 usage; 3 internal error; 130 Ctrl-C.  A closed stdout pipe (``| head``) ends
    quietly with 0, as Unix tools do; a full disk under stdout is an error."""
    from star_rating.errors import ProblemsFound, StarRateError

    try:
        try:
            yield
        except (typer.Exit, typer.Abort):
            _flush_stdout()
            raise
        _flush_stdout()
    except _StdoutFailed as failed:
        code = _stdout_failed(failed.exc)
        raise typer.Exit(code) from None
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(0) from None
    except ProblemsFound as exc:
        from star_rating.catalog import msg
        from star_rating.outputs.problems import render_text

        lang = _shown_lang()
        _stderr(render_text(exc.problems, lang))
        n = len([p for p in exc.problems if p.severity == "error"])
        _stderr(msg("cli.errors_nothing_written", count=n).text(lang) + "\n")
        raise typer.Exit(1) from None
    except StarRateError as exc:
        from star_rating.catalog import msg

        _say(msg("cli.error", text=exc.said))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _interrupted()
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort):
        raise
    except OSError as exc:
        if _state["debug"]:
            raise
        from star_rating.catalog import msg

        _say(msg("cli.error", text=_os_error_message(exc)))
        raise typer.Exit(1) from None
    except Exception as exc:
        if _state["debug"]:
            raise
        from star_rating.catalog import msg

        _say(msg("cli.internal_error", kind=type(exc).__name__, text=str(exc)))
        raise typer.Exit(3) from None


def _interrupted() -> None:
    """Ctrl-C: one short line on stderr."""
    with suppress(OSError, ValueError):
        from star_rating.catalog import msg

        _say(msg("cli.interrupted"))


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class SchemaName(StrEnum):
    scheme = "scheme"
    dimension = "dimension"
    review = "review"
    round = "round"
    appeals = "appeals"


Lang = Annotated[
    str | None,
    typer.Option(
        "--lang", help="Language of labels: zh or en (default: STAR_RATE_LANG, else the locale)."
    ),
]


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _console() -> object:
    """A console on stdout; when piped, wide enough for the whole table."""
    import os

    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # rich would exit 1; a closed pipe ends quietly
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 200
    return _Console(file=sys.stdout, highlight=False, soft_wrap=False, width=width, markup=False)


PreviousOpt = Annotated[
    Path | None,
    typer.Option(
        "--previous",
        help="Last round's `score --format json` output, for the scheme's dynamic rules.",
    ),
]
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
    previous: PreviousOpt = None,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="Every column, as wide as it needs, whatever the terminal."),
    ] = False,
) -> None:
    """Score a round: ranked table, JSON or CSV on stdout."""
    with _guard():
        language = _use_lang(lang)
        from star_rating import api

        scored = api.run(round_dir, criteria, previous)
        with _kept(), _stdout_writes():
            _write_scores(scored.scheme, scored.result, fmt, language, wide)


@contextmanager
def _kept() -> Iterator[None]:
    """The scored round's objects stay until the command ends: while its output is
    made, the cyclic collector need not scan those millions of objects again and
    again (it still frees the output's own cycles)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _write_scores(
    scheme: Scheme, result: RoundResult, fmt: ScoreFormat, language: str, wide: bool = False
) -> None:
    if fmt is ScoreFormat.json:
        from star_rating.engine.agreement import agreement
        from star_rating.outputs.common import round_dict, write_json

        data = round_dict(scheme, result, language, stream=True)
        data["agreement"] = agreement(scheme, result)
        write_json(data, sys.stdout)
    elif fmt is ScoreFormat.csv:
        from star_rating.outputs.csvout import write_csv

        sys.stdout.flush()
        write_csv(scheme, result, language, sys.stdout.buffer)
        sys.stdout.flush()
    else:
        from star_rating.outputs.table import render_table

        render_table(scheme, result, language, _console(), wide)  # type: ignore[arg-type]


@app.command()
def explain(
    round_dir: RoundArg,
    community: Annotated[str, typer.Argument(help="Community id (or exact name).")],
    lang: Lang = None,
    criteria: CriteriaOpt = None,
    previous: PreviousOpt = None,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="Every column, as wide as it needs, whatever the terminal."),
    ] = False,
) -> None:
    """The full trace of one community's result: entries, points, sources, arithmetic,
    rounding and every level rule."""
    with _guard():
        language = _use_lang(lang)
        from star_rating import api
        from star_rating.catalog import msg
        from star_rating.errors import UsageError
        from star_rating.loading.reviews import near
        from star_rating.outputs.explain import render_explain

        scored = api.run(round_dir, criteria, previous)
        scheme, result = scored.scheme, scored.result
        with _kept():
            res = result.by_id(community) or next(
                (r for r in result.results if r.community.name == community), None
            )
            if res is None:
                ids = [r.community.id for r in result.results]
                raise UsageError(
                    msg(
                        "cli.no_community",
                        unit=scheme.unit_words(),
                        name=community,
                        hint=near(community, ids),
                    )
                )
            with _stdout_writes():
                render_explain(
                    scheme,
                    result,
                    res,
                    language,
                    _console(),  # type: ignore[arg-type]
                    wide,
                )


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    json = "json"
    docx = "docx"


class FormFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    yaml = "yaml"


class ReportFormat(StrEnum):
    html = "html"
    md = "md"


class Encoding(StrEnum):
    utf8 = "utf-8"
    gbk = "gbk"


Force = Annotated[bool, typer.Option("--force", help="Replace an existing output.")]


class IndicatorSheet(StrEnum):
    auto = "auto"
    all = "all"
    none = "none"


@app.command()
def export(
    round_dir: RoundArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", help="xlsx, csv, json or docx (default: from the suffix)."),
    ] = None,
    lang: Lang = None,
    public: Annotated[
        bool,
        typer.Option("--public", help="Public-notice (公示) version: no reviewer notes or flags."),
    ] = False,
    encoding: Annotated[
        Encoding,
        typer.Option("--encoding", help="CSV encoding: utf-8 (with BOM, for Excel) or gbk."),
    ] = Encoding.utf8,
    force: Force = False,
    criteria: CriteriaOpt = None,
    indicators: Annotated[
        IndicatorSheet,
        typer.Option(
            "--indicators",
            help="xlsx: the sheet of every indicator's points per community. auto: written "
            "while it fits one Excel sheet (1,048,575 rows), else left out with the reason "
            "said; all: on as many sheets as it needs; none: left out.",
        ),
    ] = IndicatorSheet.auto,
) -> None:
    """Ranked table for publication: xlsx (ranking, indicators, summary), csv or json."""
    with _guard():
        language = _use_lang(lang)
        from star_rating import api
        from star_rating.catalog import msg
        from star_rating.fsutil import atomic_write, check_output
        from star_rating.outputs.export import render_export

        kind = fmt.value if fmt else _suffix_format(output, ("xlsx", "csv", "json", "docx"))
        scored = api.run(round_dir, criteria)
        check_output(output, force, scored.round.files)
        with _kept():
            notes: list[Msg | str] = []
            from star_rating.progress import terminal_progress

            with terminal_progress(language) as bar:
                data = render_export(
                    kind,
                    scored,
                    language,
                    public=public,
                    encoding=encoding.value,
                    indicators=indicators.value,
                    notes=notes,
                    progress=bar,
                )
            atomic_write(output, data, exclusive=not force)
            n = len(scored.result.results)
            unit = scored.scheme.unit_words(plural=n != 1)
            _say(msg("cli.export.wrote", output=str(output), n=n, unit=unit))
            for note in notes:
                _say(msg("cli.export.note", note=note))


def _suffix_format(path: Path, choices: tuple[str, ...]) -> str:
    from star_rating.catalog import msg
    from star_rating.errors import UsageError

    suffix = path.suffix.lower().lstrip(".")
    if suffix in choices:
        return suffix
    raise UsageError(msg("cli.unknown_format", name=path.name, choices="|".join(choices)))


@app.command()
def template(
    scheme_dir: Annotated[Path, typer.Argument(help="Scheme folder, or `builtin`.")],
    register: Annotated[Path, typer.Option("--register", help="Register CSV: id,name,street.")],
    stage: Annotated[str, typer.Option("--stage", help="Stage the forms are for.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[
        FormFormat | None,
        typer.Option("--format", help="xlsx, csv or yaml (default: from the output's suffix)."),
    ] = None,
    lang: Lang = None,
    force: Force = False,
) -> None:
    """Blank review forms for every community of a register (xlsx with validation, csv, yaml)."""
    with _guard():
        language = _use_lang(lang)
        from star_rating.catalog import msg
        from star_rating.fsutil import atomic_write, check_output
        from star_rating.loading.register import load_register
        from star_rating.loading.scheme import load_scheme
        from star_rating.outputs.forms import render_template

        kind = fmt.value if fmt else _suffix_format(output, ("xlsx", "csv", "yaml"))
        scheme = load_scheme(scheme_dir)
        communities = load_register(register)
        _check_stage(scheme, stage)
        check_output(output, force, [register])
        data = render_template(kind, scheme, communities, stage, language)
        atomic_write(output, data, exclusive=not force)
        n = len(communities)
        unit = scheme.unit_words(plural=n != 1)
        _say(msg("cli.template.wrote", output=str(output), n=n, unit=unit, stage=stage))


def _check_stage(scheme: object, stage: str) -> None:
    from star_rating.catalog import msg
    from star_rating.errors import UsageError
    from star_rating.loading.reviews import near

    ids = scheme.stage_ids  # type: ignore[attr-defined]
    if stage not in ids:
        hint = near(stage, ids)
        raise UsageError(msg("cli.unknown_stage", stage=stage, hint=hint, ids=", ".join(ids)))


class PageChoice(StrEnum):
    auto = "auto"
    all = "all"
    none = "none"


@app.command()
def report(
    round_dir: RoundArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write into.")],
    fmt: Annotated[ReportFormat, typer.Option("--format", help="html or md.")] = (
        ReportFormat.html
    ),
    lang: Lang = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir", help="Folder of Jinja2 templates overriding the built-in ones."
        ),
    ] = None,
    stamp: Annotated[
        bool, typer.Option("--stamp", help="Print the generation time in the pages.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace a folder that already has files (the old one is removed only once "
            "the new report is in place).",
        ),
    ] = False,
    criteria: CriteriaOpt = None,
    pages: Annotated[
        PageChoice,
        typer.Option(
            "--pages",
            help="Pages of their own for the communities: auto (for a round of at most "
            "2,000 communities; a larger one gets the summary, its ranking in ranking.csv), "
            "all, or none.",
        ),
    ] = PageChoice.auto,
    community: Annotated[
        list[str] | None,
        typer.Option("--community", help="A page for this community (repeat for more)."),
    ] = None,
    street: Annotated[
        list[str] | None,
        typer.Option("--street", help="Pages for the communities of this street (repeat)."),
    ] = None,
) -> None:
    """Round summary and one page per community (HTML with inline SVG charts, or Markdown).

    The report is written into a temporary folder beside OUTPUT and renamed into place
    whole: an interrupted or failed run leaves OUTPUT as it was."""
    with _guard():
        language = _use_lang(lang)
        from star_rating import api
        from star_rating.catalog import msg
        from star_rating.fsutil import check_output_folder
        from star_rating.outputs.report import write_report

        check_output_folder(output, force, [round_dir])
        scored = api.run(round_dir, criteria)
        with _kept():
            written = write_report(
                scored,
                output,
                fmt.value,
                language,
                template_dir=template_dir,
                stamp=stamp,
                force=force,
                pages=pages.value,
                communities=community or (),
                streets=street or (),
            )
            _say(msg("cli.report.wrote", n=len(written), output=str(output)))
            n = len(scored.result.results)
            paged = sum(1 for p in written if p.parent.name == "communities")
            if paged < n:
                units = scored.scheme.unit_words(plural=n != 1)
                _say(msg("cli.report.pages", paged=f"{paged:,}", n=f"{n:,}", units=units))


class CompareFormat(StrEnum):
    table = "table"
    json = "json"


def _emit(data: dict[str, object], fmt: CompareFormat, renderer: str, lang: str) -> None:
    """JSON, or the terminal table drawn by ``outputs.history.<renderer>``."""
    with _stdout_writes():
        if fmt is CompareFormat.json:
            _print_json(data)
            return
        from star_rating.outputs import history as tables

        getattr(tables, renderer)(data, lang, _console())


@app.command()
def compare(
    previous: Annotated[Path, typer.Argument(help="Earlier round folder or result JSON.")],
    current: Annotated[Path, typer.Argument(help="Later round folder or result JSON.")],
    fmt: Annotated[CompareFormat, typer.Option("--format", help="Output format.")] = (
        CompareFormat.table
    ),
    lang: Lang = None,
) -> None:
    """Communities whose stars changed between two rounds, and new and dropped ones."""
    with _guard():
        language = _use_lang(lang)
        from star_rating.history import compare as compare_rounds
        from star_rating.history import load_any

        data = compare_rounds(load_any(previous, language), load_any(current, language))
        _emit(data, fmt, "render_compare", language)


@app.command()
def history(
    folder: Annotated[Path, typer.Argument(help="Folder with one round folder per year.")],
    fmt: Annotated[CompareFormat, typer.Option("--format", help="Output format.")] = (
        CompareFormat.table
    ),
    lang: Lang = None,
) -> None:
    """Each community's stars over several rounds."""
    with _guard():
        language = _use_lang(lang)
        from star_rating.history import history as build_history

        _emit(build_history(folder, language), fmt, "render_history", language)


@app.command()
def verify(
    result: Annotated[Path, typer.Argument(help="A saved `score --format json` result.")],
    round_dir: RoundArg,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the messages and of the saved result's labels: zh or en "
            "(default: messages in STAR_RATE_LANG, else the locale's; labels compared in "
            "the language they are written in).",
        ),
    ] = None,
    criteria: CriteriaOpt = None,
    previous: PreviousOpt = None,
) -> None:
    """Re-score a round and confirm a saved result, or list every difference."""
    with _guard():
        language = _use_lang(lang)
        from star_rating import api
        from star_rating.catalog import msg
        from star_rating.errors import UsageError, display_path
        from star_rating.history import read_result, verify_scored

        shown, folder = display_path(result), display_path(round_dir)
        saved = read_result(result, exact=True)
        carried = saved.dynamic_rows
        if carried and previous is None:
            raise UsageError(
                msg("cli.verify.needs_previous", result=shown, carried=carried, round=folder)
            )
        scored = api.run(round_dir, criteria, previous)
        # --lang names the labels' language; without it they are read from the result
        check = verify_scored(saved, scored, language if lang is not None else None)
        with _stdout_writes():
            for line in check.differences:
                sys.stdout.write(line.text(language) + "\n")
        key = "cli.verify.labels_detected" if check.detected else "cli.verify.labels"
        labels = msg(key, lang=check.lang)
        if check.differences:
            n = len(check.differences)
            _say(msg("cli.verify.differences", n=n, result=shown, round=folder, labels=labels))
            if previous is not None and not carried:
                _say(msg("cli.verify.without_previous"))
            raise typer.Exit(1)
        _say(
            msg(
                "cli.verify.confirmed",
                communities=check.communities,
                fields=check.fields,
                labels=labels,
            )
        )


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
    lang: Lang = None,
) -> None:
    """Check schemes, rounds and review files; list every problem with file:line:col."""
    with _guard():
        language = _use_lang(lang)
        from star_rating.catalog import msg
        from star_rating.outputs.problems import RENDERERS
        from star_rating.validate import validate_paths

        targets = paths or [Path(".")]
        problems = validate_paths(targets, criteria)
        with _stdout_writes():
            sys.stdout.write(RENDERERS[fmt.value](problems, language))
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        if fmt is ProblemFormat.text:
            ok = not errors and not (strict and warnings)
            summary = msg(
                "validate.ok" if ok else "validate.failed",
                errors=errors,
                warnings=warnings,
                paths=len(targets),
            )
            _stderr(summary.text(language) + "\n")
        raise typer.Exit(1 if errors or (strict and warnings) else 0)


@app.command()
def schema(
    name: Annotated[
        SchemaName,
        typer.Argument(
            help="Which file format: scheme (scheme.yaml), dimension (a dimension file), "
            "review (a review file: one review or a list), round (round.yaml) or "
            "appeals (appeals.yaml)."
        ),
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the messages: zh or en (default: STAR_RATE_LANG, else the "
            "locale). The schema's descriptions are English.",
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of scheme.yaml, a dimension file, a review file, round.yaml
    or appeals.yaml (for editors and check-jsonschema)."""
    with _guard():
        _use_lang(lang)
        from star_rating.schemas import schema_text

        with _stdout_writes():
            sys.stdout.write(schema_text(name.value))


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="New folder.")],
    round_: Annotated[
        bool, typer.Option("--round", help="A new round folder instead of a scheme copy.")
    ] = False,
    year: Annotated[
        int | None, typer.Option("--year", help="Year of the new round [default: this year].")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write into a folder that has files, replacing the files init writes.",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the messages and of the notes in a new round's folders: zh "
            "or en (default: STAR_RATE_LANG, else the locale).",
        ),
    ] = None,
) -> None:
    """Write an editable copy of the default scheme (or, with --round, a new round folder)
    into DIRECTORY.

    Each file is written whole (a temporary file renamed into place). A symbolic link
    where a file goes is replaced by the new file, with --force only: what the link
    points to is never written. A symbolic link where a folder goes (reviews/,
    surveys/, dimensions/) is refused."""
    with _guard():
        language = _use_lang(lang)
        from star_rating.catalog import msg
        from star_rating.initdir import init_round, init_scheme

        if round_:
            written = init_round(directory, year, force=force, lang=language)
        else:
            written = init_scheme(directory, force=force)
        _say(msg("cli.init.wrote", n=len(written), directory=str(directory)))


def main() -> None:
    """The console script: run the command, then leave without tearing down the heap.

    A province-scale round leaves millions of small objects; freeing them one by one
    at exit takes seconds and does nothing useful.  Output streams are flushed first
    and files are written atomically, so nothing is lost."""
    try:
        app()
        code: int = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except KeyboardInterrupt:  # outside a command's own handling
        _interrupted()
        code = 130
    try:
        sys.stdout.flush()
    except OSError as exc:
        code = _stdout_failed(exc) or code
    except ValueError:
        pass
    with suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)
