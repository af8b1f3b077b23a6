"""A progress bar on a terminal (rich, when installed), nothing otherwise."""

from __future__ import annotations

from lazyboot.cli._args import stderr_is_tty


class _Silent:
    def advance(self, description: str | None = None) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _Rich:
    def __init__(self, total: int, description: str):
        from rich.console import Console
        from rich.progress import (  # only on a TTY
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                  MofNCompleteColumn(), TimeElapsedColumn(),
                                  console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task(description, total=total)

    def advance(self, description: str | None = None) -> None:
        if description:
            self._progress.update(self._task, advance=1, description=description)
        else:
            self._progress.update(self._task, advance=1)

    def __enter__(self):
        self._progress.__enter__()
        return self

    def __exit__(self, *exc):
        return self._progress.__exit__(*exc)


def progress(total: int, description: str):
    """A context manager with ``advance()``: a rich bar on a TTY, silent otherwise."""
    if stderr_is_tty():
        try:
            return _Rich(total, description)
        except ImportError:
            pass
    return _Silent()
