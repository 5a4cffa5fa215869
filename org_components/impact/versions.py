"""The two versions of an organization that `impact` compares: the stack's spec now (head) and a base, read from
another stack file, a spec file, or the same stack file at a git revision (read with `git show`, no checkout)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..offline.project import ProjectError, StackProject, stack_config
from ..spec import OrganizationSpec, SpecError, load_spec
from ..spec.loading import CONFIG_KEY, FILE_CONFIG_KEY
from ..spec.stack_spec import SpecText, declares_spec, stack_spec_text
from ..yaml_files import YamlFileError, parse_json, parse_yaml, read_yaml_file

GIT_TIMEOUT_SECONDS = 60


class ImpactError(UserError):
    """The comparison cannot be made as asked; the message says which input and why."""


def _spec_problems(error: SpecError) -> ImpactError:
    """A spec's problems, each at its config path, as a reason the comparison cannot be made (nothing is deployed)."""
    count = len(error.issues)
    lines = [f"{error.source} has {count} error{'s' if count != 1 else ''}, so it cannot be compared:"]
    return ImpactError("\n".join([*lines, *(f"  - {issue}" for issue in error.issues)]))


@dataclass(frozen=True)
class OrganizationVersion:
    label: str  # where it was read from, for messages and reports: "Pulumi.prod.yaml", "origin/main:Pulumi.prod.yaml"
    spec: OrganizationSpec


def _spec(
    project: StackProject, config: dict[str, Any], label: str, read_file: Callable[[Path], SpecText] | None = None
) -> OrganizationVersion:
    if not declares_spec(config, project.name):
        raise ImpactError(
            f"{label} has no {project.name}:{CONFIG_KEY} config (nor {project.name}:{FILE_CONFIG_KEY}); impact compares organization specs."
        )
    try:
        if read_file is None:
            text = stack_spec_text(config, project.name, project.directory)
        else:
            text = stack_spec_text(config, project.name, project.directory, read_file)
        inline = f"{project.name}:{FILE_CONFIG_KEY}" not in config
        return OrganizationVersion(label, load_spec(text.data, label if inline else text.source, text.digest))
    except SpecError as error:
        raise _spec_problems(error) from None


def head_version(project: StackProject) -> OrganizationVersion:
    return _spec(project, project.config, f"Pulumi.{project.stack}.yaml")


def _from_document(project: StackProject, document: Any, label: str) -> OrganizationVersion:
    """A stack file's content (a mapping with `config`) or a spec file's (the organization mapping itself)."""
    if isinstance(document, dict) and "config" in document:
        try:
            return _spec(project, stack_config(project.name, document, label), label)
        except ProjectError as error:
            raise ImpactError(str(error)) from None
    try:
        return OrganizationVersion(label, load_spec(document, label))
    except SpecError as error:
        raise _spec_problems(error) from None


def _git_show(project: StackProject, revision: str, stack_file: str | None = None) -> str:
    """A file of the project (default: the stack file) at ``revision``, read from the project's git repository without
    touching the work tree."""
    stack_file = stack_file or f"Pulumi.{project.stack}.yaml"
    if revision.startswith("-"):
        raise ImpactError(f"--base {revision}: a revision must not start with '-'.")
    try:
        shown = subprocess.run(
            ["git", "-C", str(project.directory), "show", f"{revision}:./{stack_file}"],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise ImpactError(f"--base {revision} is not a file, and git is not installed to read it as a revision.") from None
    if shown.returncode != 0:
        said = (shown.stderr.strip().splitlines() or ["no output"])[-1]
        raise ImpactError(f"--base {revision} is neither a file nor a git revision holding {stack_file} (git: {said}).")
    return shown.stdout


def base_version(project: StackProject, base: str) -> OrganizationVersion:
    """BASE as a file when one exists at that path, else as a git revision of the project's stack file."""
    path = Path(base)
    if path.is_file():
        try:
            return _from_document(project, read_yaml_file(path), str(path))
        except YamlFileError as error:
            raise ImpactError(f"--base {error}.") from None
    label = f"{base}:Pulumi.{project.stack}.yaml"
    text = _git_show(project, base)
    try:
        document = parse_yaml(text)
    except YamlFileError as error:
        raise ImpactError(f"--base {label} {error}.") from None

    def at_revision(path: Path) -> SpecText:
        """The organization file the stack file names, at the same revision."""
        relative = path.relative_to(project.directory) if path.is_absolute() and path.is_relative_to(project.directory) else path
        shown = _git_show(project, base, relative.as_posix())
        where = f"{base}:{relative.as_posix()}"
        try:
            data = parse_json(shown) if path.suffix.lower() == ".json" else parse_yaml(shown)
        except YamlFileError as error:
            raise ImpactError(f"--base {where} {error}.") from None
        return SpecText(data, where)

    if isinstance(document, dict) and "config" in document:
        try:
            return _spec(project, stack_config(project.name, document, label), label, at_revision)
        except ProjectError as error:
            raise ImpactError(str(error)) from None
    return _from_document(project, document, label)
