"""Arguments several commands share, declared once: the project and stack, the AWS profile, counts, files."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeAlias

from rich.console import Console

from ..errors import UserError
from ..offline.diagram import DIAGRAM_SUFFIXES

# The subcommands of the top-level parser, to which each command adds its own (argparse names no public type for it).
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

# What every command's handler is: the parsed arguments, stdout and stderr, and an exit code (an ExitCode) back.
Handler = Callable[[argparse.Namespace, Console, Console], int]

STACK_HELP = "the stack whose Pulumi.<stack>.yaml config is used"


def add_stack_arguments(parser: argparse.ArgumentParser, stack_help: str = STACK_HELP) -> None:
    """PROJECT_DIR and --stack: which stack of which Pulumi project a command reads."""
    parser.add_argument("project_dir", nargs="?", default=".", help="the Pulumi project directory (default: .)")
    parser.add_argument("--stack", required=True, help=stack_help)


def add_profile_argument(parser: argparse.ArgumentParser) -> None:
    """--profile, for the commands that read the live organization through boto3."""
    parser.add_argument("--profile", help="the AWS profile to use (default: the standard boto3 chain)")


def positive_whole_number(text: str) -> int:
    """An argparse type for counts such as --parallel: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return value


def add_report_arguments(parser: argparse.ArgumentParser, report: str, diagram: str | None = None) -> None:
    """--json FILE (the command's report, ``report`` saying what it holds) and, where the command draws one,
    --diagram FILE (the organization chart with ``diagram`` marked), checked by check_diagram_path before any work."""
    parser.add_argument("--json", type=Path, metavar="FILE", help=f"write {report} as JSON to FILE")
    if diagram is not None:
        parser.add_argument(
            "--diagram",
            type=Path,
            metavar="FILE",
            help=f"write the organization chart with {diagram} to FILE ({', '.join(DIAGRAM_SUFFIXES)})",
        )


def check_diagram_path(path: Path | None) -> None:
    """Refuse a --diagram file of a kind that cannot be written, before any work is done."""
    if path is not None and path.suffix.lower() not in DIAGRAM_SUFFIXES:
        raise UserError(f"--diagram {path}: the file must end in {', '.join(DIAGRAM_SUFFIXES)}.")


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Around the writing of a file the user asked for: a file that cannot be written is the user's to fix."""
    try:
        yield
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror or error}.") from None


def write_output(path: Path, text: str) -> None:
    with writing(path):
        path.write_text(text, encoding="utf-8")
