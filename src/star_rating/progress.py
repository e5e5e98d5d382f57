"""Progress for work that takes more than a moment: a rich bar on stderr when stderr
is a terminal, nothing otherwise. The library takes any object with ``task`` and
``advance``; :data:`SILENT` does nothing.

A task's label is a catalog message (:class:`~star_rating.catalog.Msg`), shown in the
run's language; a plain str is shown as it is."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from star_rating.catalog import Msg


class Progress(Protocol):
    def task(self, label: Msg | str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class _Silent:
    def task(self, label: Msg | str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


SILENT: Progress = _Silent()


class _Bar:
    def __init__(self, bar: Any, lang: str):
        self.bar = bar
        self.lang = lang
        self.current: Any = None

    def task(self, label: Msg | str, total: int) -> None:
        if self.current is not None:
            self.bar.update(self.current, completed=self.bar.tasks[-1].total)
        text = label if isinstance(label, str) else label.text(self.lang)
        self.current = self.bar.add_task(text, total=total)

    def advance(self, n: int = 1) -> None:
        if self.current is not None:
            self.bar.advance(self.current, n)


@contextmanager
def terminal_progress(lang: str | None = None) -> Iterator[Progress]:
    """A transient progress bar on stderr if it is a terminal; silent otherwise.
    Labels are shown in ``lang``, else in the run's language."""
    if not sys.stderr.isatty():
        yield SILENT
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as RichProgress

    from star_rating.i18n import run_lang

    language = lang or run_lang() or "en"

    with RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        yield _Bar(bar, language)
