"""Read a Pulumi project and one of its stacks from disk, as the Pulumi CLI would, without the CLI."""

from __future__ import annotations

import difflib
import runpy
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..spec.errors import SpecError
from ..spec.models import OrganizationSpec
from ..spec.stack_spec import read_stack_spec, stack_spec_text
from ..unknown import SECRET_PLACEHOLDER
from ..yaml_files import YamlFileError, read_yaml_file


class ProjectError(UserError):
    """The project or stack cannot be read; the message says which file and why."""


@dataclass(frozen=True)
class StackProject:
    directory: Path
    name: str
    main: Path  # the program directory or file
    stack: str
    config: dict[str, Any]  # full keys (project:key) to values; secure values replaced by SECRET_PLACEHOLDER

    def spec_settings(self) -> dict[str, Any]:
        """The org spec as written in the stack config (`<project>:organization`, or the file `<project>:organizationFile`
        names), or {} for a stack without one: the settings offline commands read that resources cannot show (limits,
        detached FullAWSAccess, ids). The program itself reports a spec it cannot read."""
        try:
            spec = stack_spec_text(self.config, self.name, self.directory).data
        except SpecError:
            return {}
        return spec if isinstance(spec, dict) else {}

    def org_spec(self) -> OrganizationSpec:
        """The stack's validated org spec, inline or from its organizationFile; SpecError lists every problem."""
        return read_stack_spec(self.config, self.name, self.directory)

    def program(self) -> Callable[[], None]:
        """A callable that runs the project's Python program, as the language host does."""
        entry = self.main / "__main__.py" if self.main.is_dir() else self.main

        def run() -> None:
            sys.path.insert(0, str(entry.parent))
            try:
                runpy.run_path(str(entry), run_name="__main__")
            finally:
                sys.path.remove(str(entry.parent))

        return run


def _read_yaml(path: Path) -> Any:
    try:
        return read_yaml_file(path)
    except YamlFileError as error:
        raise ProjectError(f"{error}.") from None


def _config_value(value: Any) -> Any:
    """``value`` with each secure value replaced; the value itself where it holds none (an organization spec is a
    hundred thousand values, most of them in no need of a copy)."""
    if isinstance(value, dict):
        if len(value) == 1 and "secure" in value:
            return SECRET_PLACEHOLDER  # never decrypted: offline runs have no secrets provider
        replaced = None
        for key, item in value.items():
            new = _config_value(item)
            if new is not item:
                replaced = replaced if replaced is not None else dict(value)
                replaced[key] = new
        return value if replaced is None else replaced
    if isinstance(value, list):
        items = [_config_value(item) for item in value]
        return value if all(new is old for new, old in zip(items, value, strict=True)) else items
    return value


def load_project(directory: str | Path, stack: str) -> StackProject:
    directory = Path(directory).absolute()  # messages say where a file was looked for, whatever the working directory
    if not directory.is_dir():
        what = "does not exist" if not directory.exists() else "is a file"
        raise ProjectError(f"the project directory {directory} {what}; give the folder that holds Pulumi.yaml.")
    project_file = directory / "Pulumi.yaml"
    project = _read_yaml(project_file)
    if not isinstance(project, dict) or not isinstance(project.get("name"), str):
        raise ProjectError(f"{project_file} must be a mapping with a 'name'.")
    runtime = project.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if runtime_name != "python":
        raise ProjectError(f"{project_file}: runtime is {runtime_name!r}; only python programs can be run offline.")
    main = directory / project.get("main", ".")
    if not (main / "__main__.py").exists() and not (main.is_file() and main.suffix == ".py"):
        raise ProjectError(f"{project_file}: the program {main} has no __main__.py.")
    stack_file = directory / f"Pulumi.{stack}.yaml"
    if not stack_file.exists():
        raise ProjectError(missing_stack_message(directory, stack))
    config = stack_config(project["name"], _read_yaml(stack_file) or {}, str(stack_file))
    return StackProject(directory, project["name"], main, stack, config)


def missing_stack_message(directory: Path, stack: str) -> str:
    """Which stack files the project has, the nearest to ``stack`` first: `--stack prdo` is most often a typo."""
    stacks = sorted(path.name[len("Pulumi.") : -len(".yaml")] for path in directory.glob("Pulumi.*.yaml"))
    close = difflib.get_close_matches(stack, stacks, n=1)
    known = f"; the stacks of this project are {', '.join(stacks)}" if stacks else "; this project has no stack file yet"
    hint = f" (did you mean --stack {close[0]}?)" if close else ""
    return f"{directory / f'Pulumi.{stack}.yaml'} does not exist{known}{hint}."


def stack_config(project_name: str, stack_settings: Any, where: str) -> dict[str, Any]:
    """A stack file's config by full key (project:key), secure values replaced; ``where`` names the file in errors."""
    if not isinstance(stack_settings, dict):
        raise ProjectError(f"{where} must be a mapping with a 'config' section.")
    raw_config = stack_settings.get("config") or {}
    if not isinstance(raw_config, dict):
        raise ProjectError(f"{where}: 'config' must be a mapping of keys to values.")
    config = {}
    for key, value in raw_config.items():
        # Pulumi's rule: a key without a namespace belongs to the project.
        full_key = key if ":" in key else f"{project_name}:{key}"
        config[full_key] = _config_value(value)
    return config
