"""Progress display for long census runs: rich progress bars on a terminal, silence otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

__all__ = ["Reporter", "reporter"]


class Reporter(Protocol):
    def stage(self, name: str) -> None: ...

    def rows(self, count: int) -> None: ...


class _Silent:
    def stage(self, name: str) -> None:
        return None

    def rows(self, count: int) -> None:
        return None


class _Rich:
    def __init__(self, progress: Progress, stages: int) -> None:
        self._progress = progress
        self._stages: TaskID = progress.add_task("census", total=stages)
        self._rows: TaskID = progress.add_task("records read", total=None)
        self._started = False

    def stage(self, name: str) -> None:
        if self._started:
            self._progress.advance(self._stages)
        self._started = True
        self._progress.update(self._stages, description=name)

    def rows(self, count: int) -> None:
        self._progress.advance(self._rows, count)


@contextmanager
def reporter(stages: int, enabled: bool | None = None) -> Iterator[Reporter]:
    """A progress reporter; `enabled=None` shows bars only when stderr is a terminal."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        yield _Silent()
        return
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    with progress:
        rich = _Rich(progress, stages)
        yield rich
        progress.update(rich._stages, completed=stages, description="done")
