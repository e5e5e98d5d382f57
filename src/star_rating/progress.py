"""Progress for work that takes more than a moment: a rich bar on stderr when stderr
is a terminal, nothing otherwise. The library takes any object with ``task`` and
``advance``; :data:`SILENT` does nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol


class Progress(Protocol):
    def task(self, label: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class _Silent:
    def task(self, label: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


SILENT: Progress = _Silent()


class _Bar:
    def __init__(self, bar: Any):
        self.bar = bar
        self.current: Any = None

    def task(self, label: str, total: int) -> None:
        if self.current is not None:
            self.bar.update(self.current, completed=self.bar.tasks[-1].total)
        self.current = self.bar.add_task(label, total=total)

    def advance(self, n: int = 1) -> None:
        if self.current is not None:
            self.bar.advance(self.current, n)


@contextmanager
def terminal_progress() -> Iterator[Progress]:
    """A transient progress bar on stderr if it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        yield SILENT
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as RichProgress

    with RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        yield _Bar(bar)
