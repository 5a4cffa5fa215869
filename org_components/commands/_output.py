"""Where the commands write: one console per stream, and the one form of an error line."""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console
from rich.markup import escape

# Output that is not a terminal (a CI log, a file, a pipe) is read whole or searched: lines are not wrapped at rich's
# default of 80 columns there. A terminal keeps its own width; COLUMNS, when set, wins.
UNWRAPPED_WIDTH = 1000


def make_console(stream: TextIO) -> Console:
    terminal = stream.isatty() if hasattr(stream, "isatty") else False
    width = None if terminal or os.environ.get("COLUMNS") else UNWRAPPED_WIDTH
    return Console(file=stream, emoji=False, width=width)  # no emoji codes: a URN's `:b:` is not an emoji


def print_error(errors: Console, message: str) -> None:
    """``error: <message>`` on stderr: the message comes from user input and is escaped, not parsed as markup."""
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False)
