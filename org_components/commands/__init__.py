"""The commands of `org-components`, one module each.

A command module defines ``add_parser(subcommands)``: it adds its parser, with the shared argument groups of
``_arguments``, and names its handler with ``set_defaults(handler=run)``. ``run(arguments, console, errors)``
returns an ``ExitCode`` and raises a ``UserError`` for a mistake in the user's input, which ``cli.main`` prints
once. ``cli`` finds every command module of this package, so adding a command is adding its module (and its
test). Modules whose names start with ``_`` are shared by the commands and are not commands.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def command_modules() -> list[ModuleType]:
    """Every command module of this package, in the order of their names (the order `--help` lists them in)."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_") and not info.ispkg)
    return [importlib.import_module(f"{__name__}.{name}") for name in names]
