"""Progress on stderr as plain lines, for when stderr is not a terminal (CI logs): a spinner or a bar there would be
one line rewritten in place, or nothing. A line says what is being done and how far it got, every few seconds."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from rich.console import Console

EVERY_SECONDS = 5.0


class PlainLines:
    """Prints ``text`` at most every ``every`` seconds, the first line ``every`` seconds after the start (a quick run
    prints nothing)."""

    def __init__(self, errors: Console, every: float | None = None, clock: Callable[[], float] = time.monotonic):
        self.errors = errors
        self.every = EVERY_SECONDS if every is None else every
        self.clock = clock
        self._last = clock()
        self._lock = threading.Lock()  # reports come from worker threads

    def __call__(self, text: str) -> None:
        with self._lock:
            now = self.clock()
            if now - self._last < self.every:
                return
            self._last = now
        self.errors.print(text, highlight=False, soft_wrap=True)
