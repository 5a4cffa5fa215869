"""Progress of a long run on stderr: a live display on a terminal, plain lines in a log, nothing for a quick run."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn

from ..progress_lines import PlainLines

PROGRESS_THRESHOLD = 1000  # resources or nodes; below this a run is quick enough to need no progress display


class PreviewProgress:
    """A preview's registrations and analyses, shown only once a run passes PROGRESS_THRESHOLD resources."""

    def __init__(self, errors: Console):
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=errors, transient=True
        )
        self.started = False
        self.tasks: dict[str, TaskID] = {}
        self.plain = None if errors.is_terminal else PlainLines(errors)

    def _task(self, description: str, total: int | None) -> TaskID:
        if not self.started:
            self.progress.start()
            self.started = True
        if description not in self.tasks:
            self.tasks[description] = self.progress.add_task(description, total=total)
        return self.tasks[description]

    def registered(self, count: int) -> None:
        if self.plain is not None:
            self.plain(f"preview: {count:,} resources registered")
        elif count >= PROGRESS_THRESHOLD and count % 100 == 0:
            self.progress.update(self._task("registering resources", None), completed=count)

    def analyzed(self, done: int, total: int) -> None:
        if self.plain is not None:
            self.plain(f"preview: {done:,} of {total:,} resources analyzed")
        elif total >= PROGRESS_THRESHOLD and (done % 100 == 0 or done == total):
            # Resources are analyzed as they register, so the total grows until the program ends.
            self.progress.update(self._task("analyzing resources", total), completed=done, total=total)

    def stop(self) -> None:
        if self.started:
            self.progress.stop()


class ReadProgress:
    """A read of the live organization, shown once it passes PROGRESS_THRESHOLD nodes."""

    def __init__(self, errors: Console):
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), console=errors, transient=True)
        self.task: TaskID | None = None
        self.plain = None if errors.is_terminal else PlainLines(errors)

    def __call__(self, what: str, count: int) -> None:
        if self.plain is not None:
            self.plain(f"reading the organization: {count:,} {what}")
            return
        if count < PROGRESS_THRESHOLD and self.task is None:
            return
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task("")
        self.progress.update(self.task, description=f"reading the organization: {count:,} {what}")

    def stop(self) -> None:
        if self.task is not None:
            self.progress.stop()
