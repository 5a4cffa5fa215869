"""The `org-components` command line: the parser of every command in ``commands``, and the one place that turns a
user's mistake into an error line and an exit code. No command's logic lives here."""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import os
import sys
from typing import NoReturn, cast

from .collector import tune_for_large_programs
from .commands import command_modules
from .commands._arguments import Handler, Subcommands
from .commands._output import make_console, print_error
from .errors import UserError
from .exit_codes import ExitCode


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own error exits 2 too; keep its one-line form
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"org-components: error: {message}\n")


def parser() -> tuple[argparse.ArgumentParser, Subcommands]:
    """The top-level parser and its subcommands, one added by each command module."""
    top = _ArgumentParser(prog="org-components", description="Manage an AWS Organization as code with Pulumi.")
    top.add_argument("--version", action="version", version=f"org-components {_installed_version()}")
    # Each command's parser is an _ArgumentParser too (argparse makes them of the top level's class); commands need
    # only what every ArgumentParser has.
    subcommands = cast("Subcommands", top.add_subparsers(dest="command", required=True))
    for module in command_modules():
        module.add_parser(subcommands)
    return top, subcommands


def _installed_version() -> str:
    try:
        return importlib.metadata.version("org-components")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"  # run from a source tree without `pip install`


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """The arguments; a flag the command does not take is refused with that command's usage, not the top level's."""
    top, subcommands = parser()
    arguments, extras = top.parse_known_args(argv)
    if extras:
        command = subcommands.choices.get(arguments.command)
        (command or top).error(f"unrecognized arguments: {' '.join(extras)}")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = _parse(argv)
    console = make_console(sys.stdout)
    errors = make_console(sys.stderr)
    handler: Handler = arguments.handler
    try:
        return handler(arguments, console, errors)
    except UserError as error:
        print_error(errors, str(error))
        return ExitCode.USAGE


def console_main(argv: list[str] | None = None) -> None:
    """The `org-components` command as a process of its own: the collector is tuned for the one run it makes (a
    10,000-account preview walks millions of live objects in every full collection; see collector.py), and the
    process leaves as soon as its work is done. Freeing those objects one by one at interpreter exit takes seconds
    (6 s after a preview of 10,000 resources) and serves no one: every file is written and closed by then."""
    tune_for_large_programs()
    code = run_command(argv)
    for stream in (sys.stdout, sys.stderr):
        # A reader that stopped early (`| head`), or a closed stream: nothing more to tell it.
        with contextlib.suppress(BrokenPipeError, ValueError):
            stream.flush()
    os._exit(code)


def run_command(argv: list[str] | None = None) -> int:
    """main(), as the command runs it but without leaving the process (the benchmarks time it in theirs)."""
    try:
        return main(argv)
    except SystemExit as done:  # argparse's own exits: --help, a usage error
        return done.code if isinstance(done.code, int) else (0 if done.code is None else ExitCode.USAGE)
