"""The command line's structure: every command is a module of org_components.commands declaring its parser and
handler the same way, and a user's mistake is printed once, by cli.main, as one error line with exit code 2."""

from __future__ import annotations

import argparse

import pytest
from rich.console import Console

from org_components import cli, commands
from org_components.commands import command_modules
from org_components.errors import UserError
from org_components.exit_codes import ExitCode

COMMANDS = {"drift", "explain", "impact", "import", "preview", "up"}


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    _, subcommands = cli.parser()
    return dict(subcommands.choices)


def test_every_command_module_adds_one_parser_whose_handler_is_its_run():
    modules = command_modules()
    assert [module.__name__.rpartition(".")[2] for module in modules] == [
        "drift",
        "explain",
        "impact",
        "import_organization",
        "preview",
        "up",
    ]
    parsers = _subcommands()
    assert set(parsers) == COMMANDS
    handlers = {name: parser.get_default("handler") for name, parser in parsers.items()}
    assert {handler.__module__ for handler in handlers.values()} == {module.__name__ for module in modules}
    assert all(handler.__name__ == "run" for handler in handlers.values())


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_reads_the_project_and_stack_the_same_way(command):
    parser = _subcommands()[command]
    extra = {"explain": ["--account", "a", "--action", "s3:GetObject"], "impact": ["--base", "main"], "up": ["--all-shards"]}
    arguments = parser.parse_args(["some/project", "--stack", "prod", *extra.get(command, [])])
    assert (arguments.project_dir, arguments.stack) == ("some/project", "prod")
    assert parser.parse_args(["--stack", "prod", *extra.get(command, [])]).project_dir == "."


def test_a_user_error_from_any_handler_is_printed_once_and_exits_2(monkeypatch, capsys):
    def refuse(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
        raise UserError("Pulumi.prod.yaml: organization.units[0].name: [not markup] is not allowed.")

    original = cli._parse
    monkeypatch.setattr(cli, "_parse", lambda argv: argparse.Namespace(**{**vars(original(argv)), "handler": refuse}))
    code = cli.main(["drift", "--stack", "prod"])
    captured = capsys.readouterr()
    assert (code, captured.out, captured.err) == (
        ExitCode.USAGE,
        "",
        "error: Pulumi.prod.yaml: organization.units[0].name: [not markup] is not allowed.\n",
    )


def test_an_error_that_is_not_the_users_keeps_its_traceback(monkeypatch):
    """A defect of the library is not dressed up as a user's mistake."""

    def broken(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
        raise KeyError("a defect")

    original = cli._parse
    monkeypatch.setattr(cli, "_parse", lambda argv: argparse.Namespace(**{**vars(original(argv)), "handler": broken}))
    with pytest.raises(KeyError, match="a defect"):
        cli.main(["drift", "--stack", "prod"])


def test_counts_are_whole_numbers_of_one_or_more_in_every_command(capsys):
    for argv in (
        ["preview", "--stack", "core", "--all-shards", "--parallel", "0"],
        ["up", "--stack", "core", "--all-shards", "--parallel", "x"],
    ):
        assert cli.run_command(argv) == ExitCode.USAGE
    errors = [line for line in capsys.readouterr().err.splitlines() if "error:" in line]
    assert errors == [
        "org-components: error: argument --parallel: 0 must be 1 or more",
        "org-components: error: argument --parallel: 'x' is not a whole number",
    ]


def test_a_new_command_is_one_module_in_the_commands_package(monkeypatch, tmp_path, capsys):
    """Adding a command touches nothing but its module: cli finds it, parses its arguments and runs its handler."""
    (tmp_path / "hello.py").write_text(
        "from org_components.commands._arguments import add_stack_arguments\n"
        "from org_components.exit_codes import ExitCode\n\n\n"
        "def add_parser(subcommands):\n"
        "    hello = subcommands.add_parser('hello', help='greet a stack')\n"
        "    add_stack_arguments(hello)\n"
        "    hello.set_defaults(handler=run)\n\n\n"
        "def run(arguments, console, errors):\n"
        "    console.print(f'hello, {arguments.stack}')\n"
        "    return ExitCode.FINDINGS\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(commands, "__path__", [*commands.__path__, str(tmp_path)])
    assert cli.main(["hello", "--stack", "prod"]) == ExitCode.FINDINGS
    assert capsys.readouterr().out == "hello, prod\n"
